"""Randomized garbage into every entry point (issue 7): a seeded generator
of malformed values — wrong types, None, NaN and ±inf, huge and deeply
nested values, huge strings, lone UTF-16 surrogates, cycles, Arrow tables
with wrong columns, and records that are *almost* right (one field
mutated, dropped or added) — fed to every public function, constructor
and method of `filrouge`.

Every call must return or raise one of the binding's typed errors: a
`filrouge.FilrougeError` (bad values, core errors) or a `TypeError` (a
Python type no shape has, a naive datetime, a wrong argument count). Any
other exception — and pyo3's `PanicException`, a `BaseException` — fails
the test; a crash would end the run. (An exception the host's own object
raises, from its `__arrow_c_stream__`, passes through unchanged, as in any
Python call.)

Environment: `FILROUGE_GARBAGE_SEED` (default 7) and
`FILROUGE_GARBAGE_CALLS` (default 20000). The test prints the calls it made.
Run it alone with `python bindings-python/tests/test_random_garbage.py`.
"""

from __future__ import annotations

import datetime as dt
import inspect
import math
import os
import random
import sys
import time
from typing import Any, Callable, Dict, List, Tuple

import pyarrow as pa

import filrouge

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 3, 2, 12, tzinfo=UTC)
SEED = int(os.environ.get("FILROUGE_GARBAGE_SEED", "7"))
CALLS = int(os.environ.get("FILROUGE_GARBAGE_CALLS", "20000"))
TYPED = (filrouge.FilrougeError, TypeError)

# --- valid samples, by parameter name (or "Entry.param" where names clash) ---

CALL = {"id": "c1", "parties": ["cli-1"], "advisor_id": "adv-1", "channel": "phone", "direction": "outbound",
        "occurred_at": dt.datetime(2026, 3, 2, 9, tzinfo=UTC), "duration_s": 300}
REPORT = {"id": "r1", "client_id": "cli-1", "advisor_id": "adv-1", "channel": "phone", "initiative": "outbound",
          "entered_at": dt.datetime(2026, 3, 2, 9, 7, tzinfo=UTC), "comment": "RDV fixé"}
RECORD = {"id": "m1", "client_id": "cli-1", "channel": "email", "mail_source": "crm_msi", "occurred_at": NOW}
ROUTINE = {"id": "r", "title": "IT", "users": ["u"], "notify_at": 70,
           "mandatory": [{"field": "naf", "op": "starts_with", "value": "62"}],
           "weighted": [{"weight": "important", "condition": {"field": "headcount", "op": "ge", "value": 50}}]}
COMPANY = {"id": "c1", "naf": "62.01Z", "headcount": 80, "tags": ["export"], "created_on": "2001-01-01"}
FOLLOWUP = {"target_id": "t1", "assignees": ["u"], "due": "2026-03-01", "priority": "high"}
CADENCE = {"steps": [{"offset": {"days": 1}}, {"offset": {"weeks": 2}, "from": "previous_done"}]}
PROJECT = {"portal": "p1", "kind": "project", "id": "prj-1"}
REVEAL = {"key": "k1", "tenant": "t1", "viewer": "adv-1", "role": "advisor_local", "subject": "req-1",
          "context": PROJECT, "at": NOW}
ENRICH = {"key": "e1", "tenant": "t1", "subject": "req-1", "by": "adv-1", "at": NOW, "succeeded": True}
DIAGNOSTIC = {"tenant": "t1", "project": PROJECT, "actor": "staff-1", "role": "staff", "at": NOW}
SURVEY = {"id": "s1", "title": "Satisfaction"}
RESPONSE = {"id": "resp-1", "survey_id": "s1", "submitted_at": NOW,
            "respondent": {"id": "p1", "first_name": "Ada", "custom_fields": {"3": "gold"}}, "answers": {"q1": 9}}
TRIGGER = {"id": "tr1", "name": "Promoter", "conditions": [{"field": "q1", "op": "ge", "value": 9}],
           "action": {"type": "create_contact"},
           "mapping": {"first_name": {"from": "respondent", "field": "first_name"},
                       "custom_1": {"from": "nps_class", "question_id": "q1"}}}
SEND = {"client_id": "cli-1", "survey_id": "s1", "at": NOW}
TOWN = {"id": "org-1", "name": "Ville de Lens", "kind": "public_body"}


def instances() -> Dict[str, Any]:
    """One receiver per class, in a state where its methods have something to work on."""
    book = filrouge.FollowUpBook()
    book.put(FOLLOWUP)
    ledger = filrouge.RevealLedger()
    ledger.open_project("t1", PROJECT, "req-1", at=NOW)
    ledger.reveal(REVEAL)
    pipeline = filrouge.Pipeline()
    pipeline.create(TOWN, "alice", at=NOW)
    directory = filrouge.Directory()
    directory.define_routine(ROUTINE)
    return {
        "Reconciler": filrouge.Reconciler(), "RetentionPolicy": filrouge.RetentionPolicy(),
        "Evaluator": filrouge.Evaluator(now=NOW), "Condition": filrouge.Condition({"field": "x", "op": "gt", "value": 1}),
        "Routine": filrouge.Routine(ROUTINE), "Companies": filrouge.Companies([COMPANY]), "Tags": filrouge.Tags(),
        "Directory": directory, "FollowUpBook": book, "Cadence": filrouge.Cadence(CADENCE), "RevealLedger": ledger,
        "FiredLog": filrouge.FiredLog(), "TriggerSet": filrouge.TriggerSet([TRIGGER]),
        "SurveyPressure": filrouge.SurveyPressure(), "Pipeline": pipeline,
        "ClientGroups": filrouge.ClientGroups.from_contacts([CALL, dict(CALL, id="c2", parties=["cli-1", "cli-2"])]),
    }


def samples(objs: Dict[str, Any]) -> Dict[str, Any]:
    run, _ = objs["Cadence"].start("t1", ["u"], "2026-03-02")
    return {
        "contacts": [CALL], "reports": [REPORT], "now": NOW, "config": {"window_days": 7}, "client_id": "cli-1",
        "legal_entities": ["org-9"], "holds": ["cli-9"], "contact": CALL, "filters": {}, "subject": "Re: rendez-vous",
        "words": ["médical"], "text": "abcdef", "max": 3, "report_id": "r1", "policy": {"time_zone": "Europe/Paris"},
        "records": [RECORD], "erasures": ["cli-8"], "time_zone": "Europe/Paris",
        "rules": [{"part": "record", "keep": {"years": 5}}], "channel": "email", "mail_source": "crm_msi",
        "part": "body", "occurred_at": NOW, "record": RECORD, "held": False, "erased": False,
        "condition": {"all": [{"field": "x", "op": "gt", "value": 1}]}, "Condition.evaluate.record": {"x": 3},
        "routine": ROUTINE, "companies": [COMPANY], "previous": [{"company_id": "c1", "score": 50}],
        "company": COMPANY, "company_id": "c1", "routine_id": "r", "tag": "prospect", "ex_client": True,
        "directory": objs["Directory"], "user": "u", "users": ["u"], "licence": "manager",
        "a": FOLLOWUP, "b": dict(FOLLOWUP, assignees=["v"]), "followup": FOLLOWUP,
        "draft": {"target_id": "t2", "creator": "u", "preset": "background_365"}, "today": "2026-03-02",
        "due": "2026-03-01", "today.config": {"time_zone": "UTC"}, "followups": [FOLLOWUP, dict(FOLLOWUP, target_id="t3")],
        "lists.filters": {"priorities": ["high"]}, "targets": {"t1": {"open_opportunity": True}},
        "options": {"suspects": [{"company_id": "c9", "score": 70}], "max_suspects": 3}, "target_id": "t1",
        "info": {"tags": ["export"]}, "list": "todo", "limit": 2, "cursor": None,
        "state": {"followups": [FOLLOWUP], "targets": {"t1": {"tags": ["x"]}}}, "cadence": CADENCE, "step": 0,
        "event": "2026-03-02", "previous_done": "2026-03-03", "assignees": ["u"], "run": run, "done_on": "2026-03-03",
        "tenant": "t1", "viewer": "adv-1", "role": "advisor_local", "RevealLedger.subject": "req-1",
        "context": PROJECT, "requester": "req-1", "RevealLedger.contact": "exp-1", "at": NOW,
        "RevealLedger.reveal.request": REVEAL, "RevealLedger.enrich.request": ENRICH,
        "RevealLedger.mark_diagnostic.request": DIAGNOSTIC, "RevealLedger.undo_diagnostic.request": DIAGNOSTIC,
        "requests": [REVEAL], "project": PROJECT, "query": {"period": "month", "group_by": ["portal"]},
        "events": objs["RevealLedger"].events(), "other": filrouge.RevealLedger(),
        "RevealLedger.config": {"scope": "pair_per_context", "follow_up_after_days": 3},
        "RevealLedger.from_events.config": {"lapse_after_days": 30},
        "answer": 9, "log": objs["FiredLog"], "FiredLog.from_dict.log": {"fired": {"resp-1": ["tr1"]}},
        "trigger_id": "tr1", "response_id": "resp-1", "triggers": [TRIGGER],
        "TriggerSet.config": {"custom_field_names": {"segment": 3}}, "survey": SURVEY, "response": RESPONSE,
        "surveys": [SURVEY], "responses": [RESPONSE], "SurveyPressure.config": {"period": {"months": 3}},
        "pressure": {"sent": {}}, "day": "2026-03-02", "SurveyPressure.check.request": SEND,
        "SurveyPressure.send.request": SEND, "SurveyPressure.send_all.requests": [SEND],
        "organisation": TOWN, "from_": "identified", "to": "documentation_sent", "organisation_id": "org-1",
        "by": "alice", "pipeline": {"cards": {}}, "Pipeline.config": {"time_zone": "Europe/Paris"},
        "RetentionPolicy.from_dict.policy": {"time_zone": "UTC"},
        "key": "cli-1", "partitions": 8, "keys": pa.array(["cli-1", None, "cli-2"]), "clients": ["cli-1", "cli-2"],
        "report": REPORT, "parties": ["cli-1", "cli-2"],
        "ClientGroups.contacts": pa.Table.from_pylist([CALL]), "ClientGroups.reports": pa.Table.from_pylist([REPORT]),
    }


def entry_points(objs: Dict[str, Any]) -> List[Tuple[str, Callable[..., Any], inspect.Signature]]:
    """Every public function, constructor, static method and method, with its signature."""
    out = []
    for name in filrouge.__all__:
        obj = getattr(filrouge, name)
        if name.startswith("__") or (inspect.isclass(obj) and issubclass(obj, BaseException)):
            continue
        if not inspect.isclass(obj):
            out.append((name, obj, inspect.signature(obj)))
            continue
        if name in ("Table", "Array"):  # produced by filrouge only, never constructed by a host
            continue
        out.append((f"{name}.__new__", obj, inspect.signature(obj)))
        for attr, member in vars(obj).items():
            if attr.startswith("_") or not callable(getattr(obj, attr)):
                continue
            bound = getattr(objs[name], attr)
            out.append((f"{name}.{attr}", bound, inspect.signature(bound)))
    return out


def sample_for(entry: str, param: str, table: Dict[str, Any]) -> Any:
    """The most specific sample: `Class.method.param`, `Class.param`, `function.param`, `param`."""
    parts = entry.replace(".__new__", "").split(".")
    for key in (f"{entry.replace('.__new__', '')}.{param}", f"{parts[0]}.{param}", param):
        if key in table:
            return table[key]
    raise KeyError(f"no sample for {entry}({param})")


# --- garbage -------------------------------------------------------------------

FIELDS = ["id", "parties", "advisor_id", "channel", "occurred_at", "target_id", "assignees", "due", "priority",
          "tenant", "key", "role", "context", "kind", "at", "steps", "offset", "field", "op", "value", "all",
          "weight", "condition", "organisation", "survey_id", "answers", "respondent", "fired", "sent", "cards"]
TOKENS = ["phone", "email", "todo", "upcoming", "high", "staff", "project", "identified", "account_created",
          "satisfaction", "record", "body", "months", "eq", "between", "promoter", "create_contact", "pair"]
STRINGS = ["", " ", "x", "é漢🙂", "\x00", "\ud800", "a\udfffb", "\ud83d", "2026-02-30", "2026-13-01",
           "2026-03-02T25:00:00Z", "9999-12-31T23:59:59Z", "0000-01-01", "+275760-09-13T00:00:00Z",
           "2026-03-02", "2026-03-02T09:00:00", "2026-03-02T09:00:00+99:00", "Mars/Olympus", "NaN", "-1",
           "1e999", "None", "null", "{}", "[]", "$.all[0]"]


class Weird:
    """An object of no JSON type whose comparisons and hash misbehave."""

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("no comparisons")

    __hash__ = object.__hash__


class HostError(Exception):
    """Raised by the host's own object: the binding lets it through unchanged."""


class FakeArrow:
    """Claims the Arrow PyCapsule interface and returns junk (or raises its own error)."""

    def __init__(self, what: Any) -> None:
        self.what = what

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        if isinstance(self.what, Exception):
            raise self.what
        return self.what


def deep(rng: random.Random) -> Any:
    value: Any = rng.choice([{}, [], "leaf", None])
    for _ in range(rng.choice([100, 129, 300, 2000])):
        value = {"x": value} if rng.random() < 0.5 else [value]
    return value


def cyclic(rng: random.Random) -> Any:
    if rng.random() < 0.5:
        xs: List[Any] = [1]
        xs.append(xs)
        return xs
    d: Dict[str, Any] = {"id": "c1"}
    d["self"] = d
    return d


def scalar(rng: random.Random) -> Any:
    pick = rng.randrange(12)
    if pick == 0:
        return None
    if pick == 1:
        return rng.random() < 0.5
    if pick == 2:
        return rng.choice([0, -1, 1, 7, 11, 2**31, 2**32, 2**63 - 1, 2**63, 2**64, -(2**63) - 1, 2**200, -(2**200)])
    if pick == 3:
        return rng.choice([math.nan, math.inf, -math.inf, -0.0, 1e308, 5e-324, 0.5, 9.0, 7.5])
    if pick in (4, 5):
        return rng.choice(STRINGS + TOKENS)
    if pick == 6:
        return rng.choice(["x" * 100_000, "é" * 5_001, "\ud800" * 1_000, "x" * 2_000_000]) if rng.random() < 0.2 else "y" * rng.randrange(300)
    if pick == 7:
        return rng.choice([
            dt.datetime(2026, 3, 2, 9), dt.datetime(2026, 3, 2, 9, tzinfo=dt.timezone(dt.timedelta(hours=14))),
            dt.datetime.min.replace(tzinfo=UTC), dt.datetime.max.replace(tzinfo=UTC), dt.date.min, dt.date.max,
            dt.date(2026, 3, 2), dt.timedelta(days=1), dt.time(9),
        ])
    if pick == 8:
        return rng.choice([b"bytes", bytearray(b"x"), memoryview(b"m"), 1j, range(3), Weird(), object(), object,
                           len, (i for i in range(2)), Ellipsis, NotImplemented])
    if pick == 9:
        return rng.choice([FakeArrow("not a capsule"), FakeArrow(HostError("boom")), FakeArrow(None),
                           FakeArrow(pa.schema([("a", pa.int8())]).__arrow_c_schema__())])
    if pick == 10:
        return rng.choice(FIELDS)
    return rng.randint(-1000, 1000)


def garbage(rng: random.Random, depth: int = 0) -> Any:
    """A random malformed value."""
    roll = rng.random()
    if roll < 0.02:
        return deep(rng)
    if roll < 0.03:
        return cyclic(rng)
    if roll < 0.035:
        return [0] * 200_000
    if depth >= 3 or roll < 0.55:
        return scalar(rng)
    if roll < 0.70:
        return [garbage(rng, depth + 1) for _ in range(rng.randrange(5))]
    if roll < 0.75:
        return tuple(garbage(rng, depth + 1) for _ in range(rng.randrange(4)))
    if roll < 0.78:
        return {rng.choice(STRINGS + TOKENS) for _ in range(rng.randrange(4))}
    if roll < 0.80:
        return {rng.choice([1, None, (1, 2), 2.5]): "non-str key"}
    keys = [rng.choice(FIELDS + STRINGS) for _ in range(rng.randrange(6))]
    return {k: garbage(rng, depth + 1) for k in keys}


def arrow_garbage(rng: random.Random, rows: List[Dict[str, Any]]) -> Any:
    """An almost-right Arrow table: the sample's columns, one dropped, retyped or nulled."""
    try:
        table = pa.Table.from_pylist(rows * rng.randrange(1, 4))
    except (pa.ArrowException, TypeError, ValueError):
        return pa.table({"a": [1]})
    if table.num_columns == 0:
        return table
    i = rng.randrange(table.num_columns)
    n = table.num_rows
    how = rng.randrange(4)
    if how == 0:
        return table.remove_column(i)
    replacement = rng.choice([
        pa.array([1] * n, pa.int64()), pa.array([1.5] * n), pa.array(["x"] * n), pa.nulls(n),
        pa.array([dt.datetime(2026, 3, 2)] * n, pa.timestamp("s")), pa.array([dt.date(2026, 3, 2)] * n, pa.date32()),
        pa.array([["a", None]] * n, pa.list_(pa.string())), pa.array([True] * n), pa.array([[1]] * n, pa.list_(pa.int8())),
        pa.array([None] * n, pa.string()), pa.array(["\ud800".encode("utf-8", "surrogatepass")] * n, pa.binary()),
    ])
    return table.set_column(i, table.field(i).name, replacement)


def mutate(rng: random.Random, value: Any, depth: int = 0) -> Any:
    """`value` almost right: one place in it replaced, dropped, added to or retyped."""
    if isinstance(value, dict) and value and rng.random() < 0.8:
        out = dict(value)
        key = rng.choice(list(out))
        roll = rng.random()
        if roll < 0.2:
            del out[key]
        elif roll < 0.3:
            out[rng.choice(FIELDS + ["extra", "\ud800"])] = garbage(rng)
        elif roll < 0.6 and depth < 6:
            out[key] = mutate(rng, out[key], depth + 1)
        else:
            out[key] = garbage(rng)
        return out
    if isinstance(value, list) and value and rng.random() < 0.8:
        out_list = list(value)
        i = rng.randrange(len(out_list))
        roll = rng.random()
        if roll < 0.2:
            out_list.append(mutate(rng, out_list[i], depth + 1))  # a near-duplicate
        elif roll < 0.3:
            del out_list[i]
        elif depth < 6:
            out_list[i] = mutate(rng, out_list[i], depth + 1)
        return out_list
    if isinstance(value, str):
        return rng.choice([value + "\ud800", value * 1000, value[:-1], value.upper(), 0, None, [value], value + "Z"])
    if isinstance(value, dt.datetime):
        return rng.choice([value.replace(tzinfo=None), value.isoformat()[:-6], value.date(), str(value)])
    if isinstance(value, bool):
        return rng.choice([int(value), "true", None])
    if isinstance(value, (int, float)):
        return rng.choice([-value - 1, str(value), value + 0.5, math.nan, 2**64])
    return garbage(rng)


# --- the test ------------------------------------------------------------------

ARROW_PARAMS = {"contacts": [CALL], "reports": [REPORT], "records": [RECORD], "companies": [COMPANY],
                "followups": [FOLLOWUP]}


def one_call(rng: random.Random, name: str, fn: Callable[..., Any], sig: inspect.Signature,
             table: Dict[str, Any]) -> Tuple[Tuple[Any, ...], Dict[str, Any]]:
    """The arguments of one call: valid samples, then one of them spoiled."""
    params = [p for p in sig.parameters.values() if p.name != "self"]
    args: List[Any] = []
    kwargs: Dict[str, Any] = {}
    for p in params:
        v = sample_for(name, p.name, table)
        if p.kind == p.KEYWORD_ONLY:
            kwargs[p.name] = v
        else:
            args.append(v)
    roll = rng.random()
    if roll < 0.05 or not params:
        if rng.random() < 0.5:
            kwargs["unexpected"] = garbage(rng)
        else:
            args.append(garbage(rng))
        return tuple(args), kwargs
    target = rng.choice(params)
    current = sample_for(name, target.name, table)
    if target.name in ARROW_PARAMS and roll < 0.15:
        spoiled = arrow_garbage(rng, ARROW_PARAMS[target.name])
    elif roll < 0.55:
        spoiled = mutate(rng, current)
    else:
        spoiled = garbage(rng)
    if target.kind == target.KEYWORD_ONLY:
        kwargs[target.name] = spoiled
    else:
        args[[p.name for p in params if p.kind != p.KEYWORD_ONLY].index(target.name)] = spoiled
    return tuple(args), kwargs


def run(seed: int = SEED, calls: int = CALLS) -> Tuple[int, Dict[str, int], List[str]]:
    """Makes `calls` calls; returns the count, the calls per entry point, and the untyped failures."""
    rng = random.Random(seed)
    objs = instances()
    table = samples(objs)
    entries = entry_points(objs)
    per_entry: Dict[str, int] = {name: 0 for name, _, _ in entries}
    failures: List[str] = []
    made = 0
    for i in range(calls):
        if i % 2000 == 0:  # fresh engines now and then, so state does not pile up
            objs = instances()
            table = samples(objs)
            entries = entry_points(objs)
        name, fn, sig = entries[i % len(entries)] if i < len(entries) else rng.choice(entries)
        args, kwargs = one_call(rng, name, fn, sig, table)
        made += 1
        per_entry[name] += 1
        try:
            fn(*args, **kwargs)
        except TYPED:
            pass
        except HostError:
            pass  # the host's own exception, from its own __arrow_c_stream__
        except BaseException as e:  # noqa: BLE001 — PanicException is a BaseException
            if isinstance(e, KeyboardInterrupt):
                raise
            if len(failures) < 20:
                shown = repr((args, kwargs))
                failures.append(f"call {i} {name}: {type(e).__module__}.{type(e).__name__}: {str(e)[:200]}\n"
                                f"    args: {shown[:300]}")
            else:
                failures.append(name)
    return made, per_entry, failures


def test_random_garbage_into_every_entry_point(capsys):
    start = time.perf_counter()
    made, per_entry, failures = run()
    elapsed = time.perf_counter() - start
    with capsys.disabled():
        print(f"\nrandom garbage: {made} calls over {len(per_entry)} entry points "
              f"(seed {SEED}) in {elapsed:.1f} s, {len(failures)} untyped")
    assert made == CALLS
    assert all(n > 0 for n in per_entry.values()), [k for k, n in per_entry.items() if n == 0]
    assert not failures, "\n".join(failures[:20])


def test_every_public_entry_point_is_covered():
    """The table above is not a hand-picked subset: it is every public callable."""
    objs = instances()
    names = {name for name, _, _ in entry_points(objs)}
    table = samples(objs)
    for name, _, sig in entry_points(objs):
        for p in sig.parameters.values():
            if p.name != "self":
                sample_for(name, p.name, table)  # raises KeyError if a parameter has no sample
    for name in filrouge.__all__:
        obj = getattr(filrouge, name)
        if inspect.isfunction(obj) or inspect.isbuiltin(obj):
            assert name in names
    assert {"reconcile", "lists", "FollowUpBook.page", "RevealLedger.reveal", "TriggerSet.evaluate",
            "Pipeline.move_to", "Cadence.done", "partition_keys", "ClientGroups.contact_partitions"} <= names


if __name__ == "__main__":
    made, per_entry, failures = run()
    print(f"{made} calls over {len(per_entry)} entry points (seed {SEED}), {len(failures)} untyped")
    for f in failures[:20]:
        print(f)
    sys.exit(1 if failures else 0)
