"""filrouge on Spark: reconciliation, retention and scoring over partitioned
Parquet through ``mapInArrow``, checked against one single-process run.

    python job.py generate DATA [--partitions 8] [--contacts 20000] ...
    python job.py run DATA OUT [--master local[2]] [--partitions 8]
    python job.py check DATA OUT          # exit 1 unless Spark == single process
    python job.py all WORKDIR             # the three above, then a negative control

Partitioning (see README.md and DESIGN.md, "Why partition reconciliation by
client group?"):

- reconciliation by *client group*: the clients linked by the contacts they
  share (a contact's ``parties``), ``filrouge.ClientGroups``;
  ``part = partition_key(group, n)`` where the group is named by its smallest
  client id (``contact_partitions`` / ``report_partitions`` over the Arrow
  tables);
- retention by record id, scoring by company id:
  ``part = filrouge.partition_keys(ids, n)`` (FNV-1a of the id modulo ``n``).

Every Spark task receives whole partitions (``repartition(n, "part")``), so
it holds whole client groups; filrouge runs on the task's Arrow data with no
row going through Python objects (except the explanation columns flattened
to strings for the output).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
from typing import Any, Dict, Iterable, Iterator, List, Set, Tuple

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

import filrouge

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 4, 15, tzinfo=UTC)
RETENTION_NOW = dt.datetime(2026, 6, 1, tzinfo=UTC)
TS = pa.timestamp("us", tz="UTC")

# ---------------------------------------------------------------------------
# Data: a deterministic synthetic bank network (households of two clients
# who share some calls), companies and retention records


def generate(data: str, n_parts: int, contacts: int, reports: int, companies: int, records: int, seed: int) -> None:
    rng = random.Random(seed)
    t0 = dt.datetime(2026, 3, 1, 7, tzinfo=UTC)
    households = max(contacts // 10, 1)
    advisors = max(households * 2 // 100, 1)

    def adv(client: int) -> str:
        return f"adv-{client % advisors:05}"

    cs: List[Dict[str, Any]] = []
    for i in range(contacts):
        h = rng.randrange(households)
        client = 2 * h + rng.randrange(2)
        parties = [f"cli-{client:08}"]
        if rng.random() < 0.1:
            parties.append(f"cli-{4 * h + 1 - client:08}")  # the other member of the household
        channel = rng.choice(["phone"] * 6 + ["email"] * 3 + ["sms"])
        cs.append(
            {
                "id": f"c-{i:09}",
                "parties": parties,
                "advisor_id": None if rng.random() < 0.05 else adv(client),
                "channel": channel,
                "direction": "inbound" if rng.random() < 0.4 else "outbound",
                "occurred_at": t0 + dt.timedelta(days=rng.randrange(30), seconds=rng.randrange(11 * 3600)),
                "duration_s": rng.randrange(900) if channel == "phone" else None,
            }
        )
    rs: List[Dict[str, Any]] = []
    for i in range(reports):
        kind = rng.randrange(10)
        if kind < 8:
            c = cs[rng.randrange(len(cs))]
            end = c["occurred_at"] + dt.timedelta(seconds=c["duration_s"] or 0)
            delay = dt.timedelta(seconds=rng.randrange(600)) if rng.random() < 0.6 else dt.timedelta(hours=rng.randrange(72))
            client_id, advisor, channel, initiative, at = (
                c["parties"][0], c["advisor_id"] or "adv-00000", c["channel"], c["direction"], end + delay
            )
        else:
            client = rng.randrange(2 * households)
            client_id, advisor = f"cli-{client:08}", adv(client)
            channel, initiative = ("meeting" if kind == 8 else "phone"), "outbound"
            at = t0 + dt.timedelta(days=rng.randrange(30), seconds=rng.randrange(11 * 3600))
        comment = "Client rappelé, rendez-vous fixé." if rng.random() < 0.999 else "x" * 5001
        rs.append({"id": f"r-{i:09}", "client_id": client_id, "advisor_id": advisor, "channel": channel,
                   "initiative": initiative, "entered_at": at, "comment": comment})
    plant_shared_call(cs, rs, n_parts, households)
    # SPEC §0: an identical copy counts once; a contact without parties is refused.
    cs.append(dict(cs[0]))
    rs.append(dict(rs[0]))
    cs.append({**cs[1], "id": "c-noparty", "parties": []})

    # Client groups over every contact's `parties` column, then one partition
    # per row, all in filrouge (filrouge.partition in Rust) over Arrow columns.
    contacts_t, reports_t = without_part(cs, CONTACTS), without_part(rs, REPORTS)
    groups = filrouge.ClientGroups.from_contacts(contacts_t)
    write(with_part(contacts_t, groups.contact_partitions(contacts_t, n_parts)), f"{data}/contacts")
    write(with_part(reports_t, groups.report_partitions(reports_t, n_parts)), f"{data}/reports")

    naf = ["62.01Z", "62.02A", "62.09Z", "47.11F", "56.10A", "70.22Z"]
    cos: List[Dict[str, Any]] = []
    for i in range(companies):
        head = float(rng.choice([rng.randrange(10), 10 + rng.randrange(240), 250 + rng.randrange(5000)]))
        cos.append({
            "id": f"co-{i:09}",
            "naf": rng.choice(naf),
            "headcount": head,
            "revenue": (head + 1) * (50_000 + rng.randrange(150_000)) if rng.random() < 0.8 else None,
            "department": f"{1 + rng.randrange(95):02}",
            "tags": rng.sample(["export", "bio", "rge", "esus"], rng.randrange(3)),
        })
    cos.append(dict(cos[0]))  # identical copy: counts once
    cos.append({**cos[1], "naf": "01.11Z"})  # conflicting copy: both refused
    companies_t = without_part(cos, COMPANIES)
    write(with_part(companies_t, filrouge.partition_keys(companies_t["id"], n_parts)), f"{data}/companies")

    t3 = dt.datetime(2023, 6, 1, tzinfo=UTC)
    recs: List[Dict[str, Any]] = []
    for i in range(records):
        channel, source = rng.choice([("phone", None)] * 5 + [("email", "crm_msi"), ("email", "exchange_outlook"),
                                      ("email", "exchange_msi"), ("notification", "mail_brick"), ("sms", None)])
        recs.append({"id": f"k-{i:09}", "client_id": f"cli-{rng.randrange(max(records // 5, 1)):08}",
                     "channel": channel, "mail_source": source,
                     "occurred_at": t3 + dt.timedelta(seconds=rng.randrange(3 * 365 * 86400))})
    recs.append({**recs[0], "client_id": ""})  # conflicting copy with an empty client id
    records_t = without_part(recs, RECORDS)
    write(with_part(records_t, filrouge.partition_keys(records_t["id"], n_parts)), f"{data}/records")
    print(f"generated {len(cs)} contacts, {len(rs)} reports, {len(cos)} companies, {len(recs)} records "
          f"in {n_parts} partitions under {data}")


def plant_shared_call(cs: List[Dict[str, Any]], rs: List[Dict[str, Any]], n_parts: int, households: int) -> None:
    """A call shared by a household whose members fall in different
    partitions *when each client is its own partition key*, and a report of
    each member just after it: by client group, one report takes the call
    and the other is an orphan; split by client, both would take it."""
    for h in range(households):
        a, b = f"cli-{2 * h:08}", f"cli-{2 * h + 1:08}"
        if filrouge.partition_key(a, n_parts) != filrouge.partition_key(b, n_parts):
            break
    at = dt.datetime(2026, 3, 16, 9, tzinfo=UTC)
    cs.append({"id": "c-shared", "parties": [a, b], "advisor_id": "adv-shared", "channel": "phone",
               "direction": "outbound", "occurred_at": at, "duration_s": 120})
    for client, minutes in ((a, 3), (b, 4)):
        rs.append({"id": f"r-shared-{client}", "client_id": client, "advisor_id": "adv-shared", "channel": "phone",
                   "initiative": "outbound", "entered_at": at + dt.timedelta(minutes=minutes), "comment": None})


CONTACTS = pa.schema([("id", pa.string()), ("parties", pa.list_(pa.string())), ("advisor_id", pa.string()),
                      ("channel", pa.string()), ("direction", pa.string()), ("occurred_at", TS),
                      ("duration_s", pa.int64()), ("part", pa.int32())])
REPORTS = pa.schema([("id", pa.string()), ("client_id", pa.string()), ("advisor_id", pa.string()),
                     ("channel", pa.string()), ("initiative", pa.string()), ("entered_at", TS),
                     ("comment", pa.string()), ("part", pa.int32())])
COMPANIES = pa.schema([("id", pa.string()), ("naf", pa.string()), ("headcount", pa.float64()),
                       ("revenue", pa.float64()), ("department", pa.string()), ("tags", pa.list_(pa.string())),
                       ("part", pa.int32())])
RECORDS = pa.schema([("id", pa.string()), ("client_id", pa.string()), ("channel", pa.string()),
                     ("mail_source", pa.string()), ("occurred_at", TS), ("part", pa.int32())])
CONTACT_COLUMNS = [f.name for f in CONTACTS if f.name != "part"]
REPORT_COLUMNS = [f.name for f in REPORTS if f.name != "part"]
COMPANY_COLUMNS = [f.name for f in COMPANIES if f.name != "part"]
RECORD_COLUMNS = [f.name for f in RECORDS if f.name != "part"]


def without_part(rows: List[Dict[str, Any]], schema: pa.Schema) -> pa.Table:
    """The rows as a table of `schema`'s columns but `part`."""
    return pa.Table.from_pylist(rows, schema=pa.schema([f for f in schema if f.name != "part"]))


def with_part(table: pa.Table, parts: Any) -> pa.Table:
    """`table` with its `part` column: filrouge's partitions (an Arrow uint32 array) as int32."""
    return table.append_column("part", pa.array(parts).cast(pa.int32()))


def write(table: pa.Table, path: str) -> None:
    """A Parquet dataset partitioned by ``part`` (hive layout: ``part=3/…``)."""
    ds.write_dataset(table, path, format="parquet", partitioning=["part"], partitioning_flavor="hive",
                     existing_data_behavior="delete_matching")


# ---------------------------------------------------------------------------
# What every Spark task runs: filrouge over the task's Arrow batches


ROUTINE = {
    "id": "r-it", "title": "IT services, 5–500 employees", "users": ["u-anne"],
    "mandatory": [{"field": "naf", "op": "starts_with", "value": "62"},
                  {"field": "headcount", "op": "between", "value": [5, 500]}],
    "weighted": [
        {"weight": "important", "condition": {"field": "revenue", "op": "ge", "value": 2000000}},
        {"weight": "notable", "condition": {"field": "department", "op": "in", "value": ["75", "92", "69"]}},
        {"weight": "important", "condition": {"field": "tags", "op": "contains", "value": "export"}},
        {"weight": "interesting", "condition": {"not": {"field": "tags", "op": "contains", "value": "bio"}}},
    ],
}
HOLDS = [f"cli-{i * 7:08}" for i in range(50)]
ERASURES = [f"cli-{i * 11 + 3:08}" for i in range(50)]

# Output schemas: one row per result item, `kind` telling which list.
RECONCILE_OUT = pa.schema([("kind", pa.string()), ("report_id", pa.string()), ("contact_id", pa.string()),
                           ("rule", pa.string()), ("status", pa.string()), ("code", pa.string()),
                           ("message", pa.string())])
RECONCILE_DDL = "kind string, report_id string, contact_id string, rule string, status string, code string, message string"
SCORE_OUT = pa.schema([("kind", pa.string()), ("company_id", pa.string()), ("score", pa.int32()),
                       ("raw", pa.int64()), ("matched", pa.string()), ("rule", pa.string()), ("code", pa.string()),
                       ("message", pa.string())])
SCORE_DDL = "kind string, company_id string, score int, raw bigint, matched string, rule string, code string, message string"
RETENTION_OUT = pa.schema([("kind", pa.string()), ("id", pa.string()), ("purge", pa.string()),
                           ("next_expiry", TS), ("kept", pa.string()), ("erased", pa.bool_()), ("rule", pa.string()),
                           ("code", pa.string()), ("message", pa.string())])
RETENTION_DDL = ("kind string, id string, purge string, next_expiry timestamp, kept string, erased boolean, "
                 "rule string, code string, message string")


def widen(kind: str, table: Any, schema: pa.Schema, rename: Dict[str, str] = {}) -> pa.RecordBatch:
    """One output batch: `table`'s columns (renamed), the others null."""
    t = pa.table(table)
    n = t.num_rows
    cols = []
    for f in schema:
        if f.name == "kind":
            cols.append(pa.array([kind] * n, pa.string()))
            continue
        src = next((k for k, v in rename.items() if v == f.name), f.name)
        cols.append(t[src].combine_chunks().cast(f.type) if src in t.column_names else pa.nulls(n, f.type))
    return pa.RecordBatch.from_arrays(cols, schema=schema)


def gather(batches: Iterable[pa.RecordBatch]) -> pa.Table | None:
    batches = list(batches)
    return pa.Table.from_batches(batches) if batches and sum(b.num_rows for b in batches) else None


def reconcile_arrow(contacts: pa.Table, reports: pa.Table) -> Iterator[pa.RecordBatch]:
    out = filrouge.reconcile(contacts, reports, now=NOW)
    yield widen("link", out["links"], RECONCILE_OUT)
    yield widen("orphan", out["orphans"], RECONCILE_OUT)
    yield widen("reported", out["reported"], RECONCILE_OUT)
    yield widen("rejected", out["rejected"], RECONCILE_OUT, {"id": "report_id"})


def reconcile_task(batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """A Spark task: whole client groups, contacts and reports in one frame."""
    t = gather(batches)
    if t is None:
        return
    contacts = t.filter(pc.equal(t["kind"], "contact")).select(CONTACT_COLUMNS)
    reports = t.filter(pc.equal(t["kind"], "report")).select(REPORT_COLUMNS)
    yield from reconcile_arrow(contacts, reports)


def matched_strings(ranking: pa.Table) -> pa.Array:
    # The explanation as text ("criterion:added,…"): the only per-row Python.
    return pa.array([",".join(f"{m['criterion']}:{m['added']}" for m in ms) for ms in ranking["matched"].to_pylist()],
                    pa.string())


def score_arrow(companies: pa.Table) -> Iterator[pa.RecordBatch]:
    out = filrouge.score(filrouge.Routine(ROUTINE), companies)
    ranking = pa.table(out["ranking"])
    ranking = ranking.set_column(ranking.column_names.index("matched"), "matched", matched_strings(ranking))
    yield widen("ranked", ranking, SCORE_OUT)
    yield widen("excluded", out["excluded"], SCORE_OUT)
    yield widen("rejected", out["rejected"], SCORE_OUT, {"id": "company_id"})


def score_task(batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    t = gather(batches)
    if t is not None:
        yield from score_arrow(t.select(COMPANY_COLUMNS))


def evaluate_arrow(records: pa.Table) -> Iterator[pa.RecordBatch]:
    out = filrouge.evaluate(None, records, now=RETENTION_NOW, holds=HOLDS, erasures=ERASURES)
    verdicts = pa.table(out["records"])
    purge = pa.array([",".join(p) for p in verdicts["purge"].to_pylist()], pa.string())
    kept = pa.array([json.dumps(k, default=str, sort_keys=True) for k in verdicts["kept"].to_pylist()], pa.string())
    verdicts = verdicts.set_column(verdicts.column_names.index("purge"), "purge", purge)
    verdicts = verdicts.set_column(verdicts.column_names.index("kept"), "kept", kept)
    yield widen("verdict", verdicts, RETENTION_OUT)
    yield widen("rejected", out["rejected"], RETENTION_OUT)


def retention_task(batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    t = gather(batches)
    if t is not None:
        yield from evaluate_arrow(t.select(RECORD_COLUMNS))


# ---------------------------------------------------------------------------
# The Spark job


def run(data: str, out: str, master: str, n_parts: int) -> None:
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    # Local mode: the workers use this interpreter (and its filrouge wheel);
    # on a cluster, PYSPARK_PYTHON names the executors' environment (README).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(master).appName("filrouge")
        .config("spark.sql.session.timeZone", "UTC")  # instants reach filrouge as timestamp[us, tz=UTC]
        .config("spark.sql.shuffle.partitions", str(n_parts))
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    try:
        contacts = spark.read.parquet(f"{data}/contacts").withColumn("kind", F.lit("contact"))
        reports = spark.read.parquet(f"{data}/reports").withColumn("kind", F.lit("report"))
        # One frame per task: every row of a `part` lands in the same task.
        both = contacts.unionByName(reports, allowMissingColumns=True).repartition(n_parts, "part")
        both.mapInArrow(reconcile_task, RECONCILE_DDL).write.mode("overwrite").parquet(f"{out}/reconcile")

        companies = spark.read.parquet(f"{data}/companies").repartition(n_parts, "part")
        companies.mapInArrow(score_task, SCORE_DDL).write.mode("overwrite").parquet(f"{out}/score")

        records = spark.read.parquet(f"{data}/records").repartition(n_parts, "part")
        records.mapInArrow(retention_task, RETENTION_DDL).write.mode("overwrite").parquet(f"{out}/retention")
    finally:
        spark.stop()
    print(f"spark ({master}, {n_parts} partitions): results under {out}")


# ---------------------------------------------------------------------------
# The check: Spark's output equals one single-process run, as sets


Rows = Set[Tuple[Any, ...]]


def rows(batches: Iterable[pa.RecordBatch] | pa.Table) -> Rows:
    t = batches if isinstance(batches, pa.Table) else pa.Table.from_batches(list(batches))
    # Instants as UTC microseconds, however the Parquet writer typed them.
    for i, f in enumerate(t.schema):
        if pa.types.is_timestamp(f.type):
            t = t.set_column(i, f.name, t[i].cast(pa.timestamp("us", tz=f.type.tz)).cast(pa.int64()))
    return {tuple(r.values()) for r in t.to_pylist()}


def load(path: str, columns: List[str]) -> pa.Table:
    return ds.dataset(path, format="parquet", partitioning="hive").to_table(columns=columns)


def single_process(data: str) -> Dict[str, Rows]:
    contacts, reports = load(f"{data}/contacts", CONTACT_COLUMNS), load(f"{data}/reports", REPORT_COLUMNS)
    return {
        "reconcile": rows(list(reconcile_arrow(contacts, reports))),
        "score": rows(list(score_arrow(load(f"{data}/companies", COMPANY_COLUMNS)))),
        "retention": rows(list(evaluate_arrow(load(f"{data}/records", RECORD_COLUMNS)))),
    }


def compare(name: str, expected: Rows, got: Rows, source: str = "Spark") -> bool:
    kinds: Dict[str, int] = {}
    for r in expected:
        kinds[r[0]] = kinds.get(r[0], 0) + 1
    same = expected == got and len(expected) > 0
    print(f"{name}: {'equal' if same else 'DIFFERENT'} ({len(got)} rows from {source}, {len(expected)} single-process: "
          + ", ".join(f"{v} {k}" for k, v in sorted(kinds.items())) + ")")
    if not same:
        for r in sorted(expected - got, key=str)[:5]:
            print(f"  missing from {source}: {r}")
        for r in sorted(got - expected, key=str)[:5]:
            print(f"  extra from {source}: {r}")
    return same


def check(data: str, out: str) -> Tuple[int, int]:
    expected = single_process(data)
    passed = failed = 0
    for name in ("reconcile", "score", "retention"):
        got = rows(pq.read_table(f"{out}/{name}"))
        if compare(name, expected[name], got):
            passed += 1
        else:
            failed += 1
    # The planted shared call: one member's report takes it, the other's is an orphan.
    links = {r[1]: r[2] for r in expected["reconcile"] if r[0] == "link"}
    shared = [k for k, v in links.items() if v == "c-shared"]
    orphans = {r[1] for r in expected["reconcile"] if r[0] == "orphan"}
    planted = len(shared) == 1 and any(o.startswith("r-shared-") for o in orphans)
    print(f"planted shared call: {'linked once' if planted else 'NOT as expected'}")
    passed, failed = passed + planted, failed + (not planted)
    return passed, failed


def negative_control(data: str, n_parts: int) -> bool:
    """The comparison can fail: split contacts by each party's own key (the
    natural mistake: a shared contact copied to each party's partition) and
    the union differs from the single-process result."""
    contacts, reports = load(f"{data}/contacts", CONTACT_COLUMNS), load(f"{data}/reports", REPORT_COLUMNS)
    c_parts: List[List[Dict[str, Any]]] = [[] for _ in range(n_parts)]
    for c in contacts.to_pylist():
        for p in {filrouge.partition_key(x, n_parts) for x in c["parties"]} or {0}:
            c_parts[p].append(c)
    r_parts: List[List[Dict[str, Any]]] = [[] for _ in range(n_parts)]
    for r in reports.to_pylist():
        r_parts[filrouge.partition_key(r["client_id"], n_parts)].append(r)
    got: Rows = set()
    for cp, rp in zip(c_parts, r_parts):
        got |= rows(list(reconcile_arrow(pa.Table.from_pylist(cp, schema=contacts.schema),
                                         pa.Table.from_pylist(rp, schema=reports.schema))))
    print("negative control (partitioned by client instead of client group):")
    return not compare("  reconcile", single_process(data)["reconcile"], got, "the per-client split")


def main(argv: List[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("data")
    for name, default in (("contacts", 20_000), ("reports", 4_000), ("companies", 20_000), ("records", 20_000)):
        g.add_argument(f"--{name}", type=int, default=default)
    r = sub.add_parser("run")
    r.add_argument("data")
    r.add_argument("out")
    r.add_argument("--master", default=os.environ.get("SPARK_MASTER", "local[2]"))
    c = sub.add_parser("check")
    c.add_argument("data")
    c.add_argument("out")
    c.add_argument("--counts", help="write 'PASSED FAILED' here")
    a = sub.add_parser("all")
    a.add_argument("work")
    a.add_argument("--master", default=os.environ.get("SPARK_MASTER", "local[2]"))
    a.add_argument("--counts", help="write 'PASSED FAILED' here")
    for p in (g, r, a):
        p.add_argument("--partitions", type=int, default=8)
    args = ap.parse_args(argv)

    if args.cmd == "generate":
        generate(args.data, args.partitions, args.contacts, args.reports, args.companies, args.records, seed=42)
        return 0
    if args.cmd == "run":
        run(args.data, args.out, args.master, args.partitions)
        return 0
    if args.cmd == "check":
        passed, failed = check(args.data, args.out)
    else:
        data, out = f"{args.work}/data", f"{args.work}/out"
        generate(data, args.partitions, 20_000, 4_000, 20_000, 20_000, seed=42)
        run(data, out, args.master, args.partitions)
        passed, failed = check(data, out)
        if negative_control(data, args.partitions):
            passed += 1
        else:
            failed += 1
            print("  the check did not notice a wrong partitioning")
    if args.counts:
        with open(args.counts, "w") as f:
            f.write(f"{passed} {failed}\n")
    print(f"spark: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
