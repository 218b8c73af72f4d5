"""Arrow `reconcile` reads its rows straight from the columns (history_rows.rs):
the same result as lists of dicts on mixed data, large batches (the parties
read on a second thread), every string layout polars and pyarrow produce,
copies of one id compared in full (R-1.x, SPEC §0), and the first bad value
in row order named."""

import datetime as dt
import random

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pytest

import filrouge
from conftest import NOW, at

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

T0 = at("2026-03-02T08:00")
SOURCES = ["crm_msi", "exchange_outlook", "exchange_msi", "mail_brick"]


def dataset(n_contacts, n_reports, seed=1):
    """Contacts and reports as a host would hold them (JSON shapes, absent fields dropped)."""
    rng = random.Random(seed)
    contacts = []
    for i in range(n_contacts):
        channel = rng.choice(["phone", "phone", "email", "sms"])
        c = {
            "id": f"c-{i:07}",
            "parties": [f"cli-{rng.randrange(40):03}"] + ([f"cli-{rng.randrange(40):03}"] if rng.random() < 0.1 else []),
            "channel": channel,
            "direction": rng.choice(["inbound", "outbound"]),
            "occurred_at": T0 + dt.timedelta(minutes=rng.randrange(600)),
        }
        if rng.random() < 0.9:
            c["advisor_id"] = f"adv-{rng.randrange(4)}"
        if channel == "phone":
            c["duration_s"] = rng.randrange(900)
        if channel == "email":
            c["subject"] = "Votre demande"
            c["mail_source"] = rng.choice(SOURCES)  # some tags longer than a 12-byte inline view
        contacts.append(c)
    reports = []
    for i in range(n_reports):
        reports.append({
            "id": f"r-{i:07}",
            "client_id": f"cli-{rng.randrange(40):03}",
            "advisor_id": f"adv-{rng.randrange(4)}",
            "channel": rng.choice(["phone", "email", "sms", "meeting"]),
            "initiative": rng.choice(["inbound", "outbound"]),
            "entered_at": T0 + dt.timedelta(minutes=rng.randrange(660)),
            "comment": "vu",
        })
    return contacts, reports


def as_table(rows):
    # Every field a column (pyarrow infers the columns from the first row).
    keys = list(dict.fromkeys(k for r in rows for k in r))
    return pa.Table.from_pylist([{k: r.get(k) for k in keys} for r in rows])


def arrow_result(out):
    return {k: pa.table(v).to_pylist() for k, v in out.items()}


def dict_result(out):
    res = {
        "links": out["links"],
        "orphans": out["orphans"],
        "reported": [{"report_id": r} for r in out["reported"]],
        "rejected": [{k: r[k] for k in ("id", "rule", "code", "message")} for r in out["rejected"]],
    }
    return res


def test_r_1_4_mixed_data_same_as_dicts_through_polars_and_pyarrow():
    contacts, reports = dataset(3000, 900)
    # Copies of one id: an identical one (SPEC §0: one record) and one whose
    # mail source differs (a conflict, both refused).
    contacts.append(dict(contacts[10]))
    email = next(c for c in contacts if c["channel"] == "email")
    other = next(s for s in SOURCES if s != email["mail_source"])
    contacts.append(dict(email, mail_source=other))
    expected = dict_result(filrouge.reconcile(contacts, reports, now=NOW))
    assert expected["links"] and expected["orphans"] and expected["reported"]
    assert any(r["id"] == email["id"] for r in expected["rejected"])
    table = as_table(contacts)
    for c_in, r_in in (
        (pl.from_arrow(table), pl.from_arrow(as_table(reports))),  # string views, large lists
        (table, as_table(reports)),  # utf8
        (pa.Table.from_batches(table.to_batches(max_chunksize=700)), as_table(reports)),  # several batches
    ):
        got = arrow_result(filrouge.reconcile(c_in, r_in, now=NOW))
        assert got == expected


def test_r_1_4_large_batch_reads_parties_beside_the_other_columns():
    # Above the binding's threshold (65,536 rows) the parties are read on a
    # second thread; the result is the same as from dicts.
    contacts, reports = dataset(70_000, 2_000, seed=2)
    expected = dict_result(filrouge.reconcile(contacts, reports, now=NOW))
    got = arrow_result(filrouge.reconcile(pl.from_arrow(as_table(contacts)), pl.from_arrow(as_table(reports)), now=NOW))
    assert got == expected


def test_dictionary_and_view_tag_columns_with_nulls():
    contacts, reports = dataset(400, 150, seed=3)
    expected = dict_result(filrouge.reconcile(contacts, reports, now=NOW))
    t = as_table(contacts)
    for name in ("channel", "mail_source"):
        i = t.schema.get_field_index(name)
        t = t.set_column(i, name, pc.dictionary_encode(t[name]))
    assert arrow_result(filrouge.reconcile(t, reports, now=NOW)) == expected
    v = as_table(contacts)
    for name in ("channel", "direction", "mail_source"):
        i = v.schema.get_field_index(name)
        v = v.set_column(i, name, v[name].cast(pa.string_view()))
    assert v.schema.field("mail_source").type == pa.string_view()
    assert arrow_result(filrouge.reconcile(v, reports, now=NOW)) == expected


def test_first_bad_value_in_row_order_is_named():
    contacts, _ = dataset(8, 0, seed=4)
    rows = [dict(c) for c in contacts]
    rows[5]["channel"] = None  # a later row, an earlier column
    rows[3]["direction"] = "sideways"
    with pytest.raises(filrouge.InvalidInputError, match=r"contacts\.direction\[row 3\]: unknown variant `sideways`"):
        filrouge.reconcile(as_table(rows), [], now=NOW)
    rows = [dict(c) for c in contacts]
    rows[4]["channel"] = "fax"
    rows[2]["parties"] = ["cli-001", None]
    with pytest.raises(filrouge.InvalidInputError, match=r"contacts\.parties\[row 2\]: null party"):
        filrouge.reconcile(as_table(rows), [], now=NOW)
    rows = [dict(c) for c in contacts]
    rows[1]["occurred_at"] = None
    rows[1]["direction"] = "sideways"  # same row: the fields' order decides
    with pytest.raises(filrouge.InvalidInputError, match=r"contacts\.direction\[row 1\]"):
        filrouge.reconcile(as_table(rows), [], now=NOW)


def test_report_rows_bad_values_are_named():
    _, reports = dataset(0, 6, seed=5)
    rows = [dict(r) for r in reports]
    rows[4]["client_id"] = None
    rows[2]["entered_at"] = None
    with pytest.raises(filrouge.InvalidInputError, match=r"reports\.entered_at\[row 2\]: null in a required column"):
        filrouge.reconcile([], as_table(rows), now=NOW)
