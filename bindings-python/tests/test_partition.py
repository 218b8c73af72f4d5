"""Partition keys and client groups (filrouge::partition) through the binding:
the same values as the core's documented FNV-1a, and bulk Arrow paths that
agree with the per-record calls."""

import pyarrow as pa
import pytest

import filrouge


def fnv1a(key: str, n: int) -> int:
    """The hash as the core documents it (partition_key's doc), independently."""
    h = 0xCBF29CE484222325
    for b in key.encode():
        h = ((h ^ b) * 0x100000001B3) % 2**64
    return h % max(n, 1)


KEYS = ["", "cli-1", "cli-00000042", "é漢🙂", "co-000000007", "x" * 300]


@pytest.mark.parametrize("key", KEYS)
def test_partition_key_is_the_documented_fnv1a(key):
    for n in (0, 1, 2, 8, 97, 2**32 - 1):
        assert filrouge.partition_key(key, n) == fnv1a(key, n)
    assert filrouge.partition_key(key, 0) == 0 and filrouge.partition_key(key, 1) == 0


def test_partition_key_refuses_bad_counts_with_typed_errors():
    with pytest.raises(filrouge.InvalidInputError):
        filrouge.partition_key("k", -1)
    with pytest.raises(filrouge.InvalidInputError):
        filrouge.partition_key("k", 2**32)
    with pytest.raises(TypeError):
        filrouge.partition_key("k", 8.0)
    with pytest.raises(TypeError):
        filrouge.partition_key(7, 8)


def test_partition_keys_over_arrow_columns_and_lists():
    keys = pa.array(KEYS + [None])
    out = filrouge.partition_keys(keys, 8)
    assert isinstance(out, filrouge.Array) and len(out) == len(KEYS) + 1
    got = pa.array(out)
    assert got.type == pa.uint32()
    assert got.to_pylist() == [fnv1a(k, 8) for k in KEYS] + [None]
    # A chunked column (a table's column), large strings and dictionaries read alike.
    chunked = pa.chunked_array([KEYS[:2], KEYS[2:]])
    assert pa.array(filrouge.partition_keys(chunked, 8)).to_pylist() == [fnv1a(k, 8) for k in KEYS]
    assert pa.array(filrouge.partition_keys(pa.array(KEYS, pa.large_string()), 5)).to_pylist() == [fnv1a(k, 5) for k in KEYS]
    assert pa.array(filrouge.partition_keys(pa.array(KEYS).dictionary_encode(), 5)).to_pylist() == [fnv1a(k, 5) for k in KEYS]
    assert filrouge.partition_keys(KEYS, 3) == [fnv1a(k, 3) for k in KEYS]
    with pytest.raises(TypeError, match="expected string"):
        filrouge.partition_keys(pa.array([1, 2]), 8)
    with pytest.raises(TypeError):
        filrouge.partition_keys(pa.table({"id": KEYS}), 8)  # a table, not a column


def test_polars_series_reads_and_receives_the_array():
    pl = pytest.importorskip("polars")
    out = filrouge.partition_keys(pl.Series(["cli-1", "cli-2"]), 4)
    assert pl.Series(out).to_list() == [fnv1a("cli-1", 4), fnv1a("cli-2", 4)]


def contact(cid, parties):
    return {"id": cid, "parties": parties, "advisor_id": "adv-1", "channel": "phone", "direction": "outbound",
            "occurred_at": "2026-03-02T09:00:00Z", "duration_s": 60}


def report(rid, client):
    return {"id": rid, "client_id": client, "advisor_id": "adv-1", "channel": "phone", "initiative": "outbound",
            "entered_at": "2026-03-02T09:05:00Z", "comment": ""}


CONTACTS = [contact("c1", ["cli-9", "cli-4"]), contact("c2", ["cli-4", "cli-2"]), contact("c3", ["cli-7"]),
            contact("c4", []), contact("c5", ["cli-5", "cli-6"])]
REPORTS = [report("r1", "cli-9"), report("r2", "cli-7"), report("r3", "cli-6"), report("r4", "cli-unknown")]


def test_client_groups_name_groups_by_their_smallest_id():
    groups = filrouge.ClientGroups.from_contacts(CONTACTS)
    assert [groups.group_of(c) for c in ["cli-9", "cli-4", "cli-2", "cli-7", "cli-6", "cli-x"]] == \
        ["cli-2", "cli-2", "cli-2", "cli-7", "cli-5", "cli-x"]
    assert groups.linked_clients() == 5
    assert repr(groups) == "ClientGroups(5 linked clients)"
    g = filrouge.ClientGroups()
    g.link(["cli-2", "cli-9"])
    g.add_contact(contact("c", ["cli-9", "cli-4"]))
    assert g.group_of("cli-4") == "cli-2" and g.linked_clients() == 3
    with pytest.raises(filrouge.InvalidInputError):
        g.add_contact({"id": "c"})


def test_per_record_partitions_follow_the_group():
    groups = filrouge.ClientGroups.from_contacts(CONTACTS)
    assert groups.report_partition(REPORTS[0], 8) == fnv1a("cli-2", 8)
    assert groups.contact_partition(CONTACTS[0], 8) == fnv1a("cli-2", 8)
    assert groups.contact_partition(CONTACTS[3], 8) == fnv1a("", 8)  # no parties
    assert groups.client_partition("cli-4", 8) == fnv1a("cli-2", 8)
    assert groups.parties_partition(["cli-6", "cli-x"], 8) == fnv1a("cli-5", 8)


def test_bulk_arrow_paths_equal_the_per_record_calls():
    contacts = pa.Table.from_pylist(CONTACTS)
    reports = pa.Table.from_pylist(REPORTS)
    from_arrow = filrouge.ClientGroups.from_contacts(contacts)
    from_dicts = filrouge.ClientGroups.from_contacts(CONTACTS)
    for c in ["cli-9", "cli-4", "cli-2", "cli-7", "cli-6", "cli-5"]:
        assert from_arrow.group_of(c) == from_dicts.group_of(c)
    for n in (1, 3, 8):
        cp = from_arrow.contact_partitions(contacts, n)
        rp = from_arrow.report_partitions(reports, n)
        assert pa.array(cp).to_pylist() == [from_dicts.contact_partition(c, n) for c in CONTACTS]
        assert pa.array(rp).to_pylist() == [from_dicts.report_partition(r, n) for r in REPORTS]
        assert from_dicts.contact_partitions(CONTACTS, n) == pa.array(cp).to_pylist()
        assert from_dicts.report_partitions(REPORTS, n) == pa.array(rp).to_pylist()
    # Several record batches: rows keep their order across batches.
    batches = pa.Table.from_batches(contacts.to_batches(max_chunksize=2))
    assert pa.array(from_arrow.contact_partitions(batches, 8)).to_pylist() == \
        [from_dicts.contact_partition(c, 8) for c in CONTACTS]
    # Only the column needed is read.
    assert pa.array(from_arrow.report_partitions(reports.select(["client_id"]), 8)).to_pylist() == \
        [from_dicts.report_partition(r, 8) for r in REPORTS]


def test_bulk_paths_refuse_bad_columns_with_typed_errors():
    groups = filrouge.ClientGroups()
    with pytest.raises(filrouge.InvalidInputError, match="missing column `parties`"):
        filrouge.ClientGroups.from_contacts(pa.table({"id": ["c1"]}))
    with pytest.raises(filrouge.InvalidInputError, match=r"reports\.client_id\[row 1\]: null"):
        groups.report_partitions(pa.table({"client_id": ["cli-1", None]}), 8)
    with pytest.raises(filrouge.InvalidInputError, match=r"contacts\.parties\[row 0\]: null party"):
        groups.contact_partitions(pa.table({"parties": [["cli-1", None]]}), 8)
    with pytest.raises(TypeError, match="list<string>"):
        groups.contact_partitions(pa.table({"parties": ["cli-1"]}), 8)
    with pytest.raises(filrouge.InvalidInputError):
        groups.report_partitions([{"client_id": "cli-1"}], 8)  # a dict that is not a report
