"""Arrow: PyCapsule inputs (pyarrow, polars), Arrow outputs, column errors."""

import datetime as dt

import pyarrow as pa
import polars as pl
import pytest

import filrouge
from conftest import NOW, at

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def frames(call, report):
    contacts = [call, dict(call, id="c2", occurred_at=at("2026-03-01T15:00"))]
    reports = [report, dict(report, id="r3", channel="sms", entered_at=at("2026-03-02T10:00"))]
    return contacts, reports


def as_table(rows):
    return pa.Table.from_pylist(rows)


def test_r_1_4_pyarrow_in_arrow_out_same_as_dicts(call, report):
    contacts, reports = frames(call, report)
    expected = filrouge.reconcile(contacts, reports, now=NOW)
    out = filrouge.reconcile(as_table(contacts), as_table(reports), now=NOW)
    assert set(out) == {"links", "orphans", "reported", "rejected"}
    assert all(isinstance(t, filrouge.Table) for t in out.values())
    assert pa.table(out["links"]).to_pylist() == expected["links"]
    assert pa.table(out["orphans"]).to_pylist() == expected["orphans"]
    rejected = pa.table(out["rejected"]).to_pylist()
    assert [(r["id"], r["code"]) for r in rejected] == [(r["id"], r["code"]) for r in expected["rejected"]]
    assert rejected[0]["code"] == "duplicate_daily_report"  # r3 is the day's second report
    assert len(out["links"]) == 1 and out["links"].column_names == ["report_id", "contact_id", "rule"]


def test_polars_frames_in_and_out(call, report):
    contacts, reports = frames(call, report)
    expected = filrouge.reconcile(contacts, reports, now=NOW)
    out = filrouge.reconcile(pl.from_arrow(as_table(contacts)), pl.from_arrow(as_table(reports)), now=NOW)
    df = pl.DataFrame(out["orphans"])
    assert df.to_dicts() == expected["orphans"]
    # polars.from_arrow reads any PyCapsule object as a struct Series.
    s = pl.from_arrow(out["links"])
    frame = s.struct.unnest() if isinstance(s, pl.Series) else s
    assert frame.to_dicts() == expected["links"]


def test_string_layouts_are_all_read(call, report):
    contacts, reports = frames(call, report)
    t = as_table(contacts)
    large = t.cast(pa.schema([f.with_type(pa.large_string()) if f.type == pa.string() else
                              f.with_type(pa.large_list(pa.large_string())) if pa.types.is_list(f.type) else f
                              for f in t.schema]))
    dictionary = t.set_column(t.schema.get_field_index("channel"), "channel",
                              pa.compute.dictionary_encode(t["channel"]))
    view = t.set_column(t.schema.get_field_index("id"), "id", t["id"].cast(pa.string_view()))
    expected = filrouge.reconcile(contacts, reports, now=NOW)["links"]
    for variant in (large, dictionary, view):
        out = filrouge.reconcile(variant, reports, now=NOW)
        assert pa.table(out["links"]).to_pylist() == expected


def test_record_batch_via_arrow_c_array(call, report):
    contacts, reports = frames(call, report)
    batch = as_table(contacts).to_batches()[0]
    assert hasattr(batch, "__arrow_c_array__")

    class OnlyArray:
        def __arrow_c_array__(self, requested_schema=None):
            return batch.__arrow_c_array__(requested_schema)

    out = filrouge.reconcile(OnlyArray(), reports, now=NOW)
    assert pa.table(out["links"]).to_pylist() == filrouge.reconcile(contacts, reports, now=NOW)["links"]


def test_several_batches_and_row_numbers_in_errors(call, report):
    contacts, _ = frames(call, report)
    bad = dict(call, id="c9", channel="fax")
    t = pa.Table.from_batches(as_table(contacts).to_batches() + as_table([bad]).to_batches())
    with pytest.raises(filrouge.InvalidInputError, match=r"contacts\.channel\[row 2\]: unknown variant `fax`"):
        filrouge.reconcile(t, [], now=NOW)


def test_missing_column_names_column_and_type(call, report):
    contacts, reports = frames(call, report)
    t = as_table(contacts).drop_columns(["parties"])
    with pytest.raises(filrouge.InvalidInputError, match=r"contacts: missing column `parties` \(expected list<string>\)"):
        filrouge.reconcile(t, reports, now=NOW)


def test_mistyped_column_names_column_and_type(call, report):
    contacts, reports = frames(call, report)
    t = as_table(contacts)
    t = t.set_column(t.schema.get_field_index("duration_s"), "duration_s", t["duration_s"].cast(pa.string()))
    with pytest.raises(TypeError, match=r"contacts: column `duration_s` is Utf8, expected integer"):
        filrouge.reconcile(t, reports, now=NOW)


def test_naive_timestamp_column_is_a_type_error(call, report):
    contacts, reports = frames(call, report)
    t = as_table(contacts)
    naive = t["occurred_at"].cast(pa.timestamp("us"))
    t = t.set_column(t.schema.get_field_index("occurred_at"), "occurred_at", naive)
    with pytest.raises(TypeError, match="column `occurred_at` is a timestamp without a time zone"):
        filrouge.reconcile(t, reports, now=NOW)


def test_null_in_required_column(call, report):
    contacts, reports = frames(call, report)
    t = as_table([contacts[0], dict(contacts[1], id=None)])
    with pytest.raises(filrouge.InvalidInputError, match=r"contacts\.id\[row 1\]: null in a required column"):
        filrouge.reconcile(t, reports, now=NOW)
    # An all-None optional column (pyarrow type `null`) is an absent column.
    t = as_table([dict(c, subject=None) for c in contacts])
    assert t.schema.field("subject").type == pa.null()
    filrouge.reconcile(t, reports, now=NOW)


def test_timestamp_units_and_zones_are_instants(call, report):
    contacts, reports = frames(call, report)
    t = as_table(contacts)
    for unit in ("s", "ms", "ns"):
        col = t["occurred_at"].cast(pa.timestamp(unit, tz="Europe/Paris"))
        t2 = t.set_column(t.schema.get_field_index("occurred_at"), "occurred_at", col)
        out = filrouge.reconcile(t2, reports, now=NOW)
        assert pa.table(out["links"]).to_pylist()[0]["contact_id"] == "c1"


def test_r_2_9_retention_arrow_in_and_out():
    rows = [
        {"id": "m1", "client_id": "cli-1", "channel": "email", "mail_source": "exchange_outlook",
         "occurred_at": at("2026-01-10T09:00")},
        {"id": "s1", "client_id": "cli-2", "channel": "sms", "mail_source": None,
         "occurred_at": at("2023-01-10T09:00")},
        {"id": "", "client_id": "cli-2", "channel": "sms", "mail_source": None,
         "occurred_at": at("2023-01-10T09:00")},
    ]
    now = at("2026-03-20T00:00")
    expected = filrouge.evaluate(None, rows, now=now)
    out = filrouge.evaluate(None, pl.DataFrame(rows), now=now)
    got = pa.table(out["records"]).to_pylist()
    assert [r["id"] for r in got] == [r["id"] for r in expected["records"]]
    for g, e in zip(got, expected["records"]):
        assert g["purge"] == e["purge"] and g["next_expiry"] == e["next_expiry"] and g["erased"] == e["erased"]
        assert [{k: v for k, v in x.items() if v is not None} for x in g["kept"]] == e["kept"]
    assert pa.table(out["rejected"]).to_pylist()[0]["code"] == "empty_id"
    assert pa.table(out["records"]).schema.field("next_expiry").type == pa.timestamp("us", tz="UTC")


def test_reconciler_takes_arrow_batches(call, report):
    engine = filrouge.Reconciler()
    engine.add(as_table([call]), now=NOW)
    changes = engine.add(reports=pl.from_arrow(as_table([report])), now=NOW)
    assert changes[0]["change"] == "linked"


def test_exported_stream_can_be_read_twice(call, report):
    out = filrouge.reconcile(as_table([call]), [report], now=NOW)
    assert pa.table(out["links"]).equals(pa.table(out["links"]))
    assert pa.schema(out["links"]).names == ["report_id", "contact_id", "rule"]


def test_large_inputs_convert_in_slices_in_row_order(call, report):
    # Over 65,536 rows the conversion is cut into slices on several threads:
    # order and row numbers must not change.
    n = 70_000
    t = pa.table({
        "id": [f"c{i:06}" for i in range(n)],
        "parties": [[f"cli-{i % 5000}"] for i in range(n)],
        "advisor_id": ["adv-1"] * n,
        "channel": ["phone"] * n,
        "direction": ["outbound"] * n,
        "occurred_at": pa.array([NOW - dt.timedelta(seconds=i) for i in range(n)], pa.timestamp("us", tz="UTC")),
        "duration_s": [60] * n,
    })
    reports = [dict(report, id=f"r{i}", client_id=f"cli-{i}") for i in range(0, 5000, 7)]
    expected = filrouge.reconcile(t.to_pylist(), reports, now=NOW)
    out = filrouge.reconcile(t, reports, now=NOW)
    assert pa.table(out["links"]).to_pylist() == expected["links"]
    bad = t.set_column(3, "channel", pa.array(["phone"] * (n - 1) + ["fax"]))
    with pytest.raises(filrouge.InvalidInputError, match=rf"contacts\.channel\[row {n - 1}\]"):
        filrouge.reconcile(bad, reports, now=NOW)
