"""Garbage into every entry point: always a Python exception (a FilrougeError,
TypeError or ValueError), never a crash, never a Rust panic (pyo3's
PanicException derives from BaseException, so it would escape the
`except` below and fail the test)."""

import datetime as dt
import math

import pyarrow as pa
import pytest

import filrouge
from conftest import NOW


def deep(n):
    d = {}
    for _ in range(n):
        d = {"x": d}
    return d


def self_containing():
    xs = []
    xs.append(xs)
    return xs


class Weird:
    pass


class BadStream:
    def __arrow_c_stream__(self, requested_schema=None):
        return "not a capsule"


class RaisingStream:
    def __arrow_c_stream__(self, requested_schema=None):
        raise RuntimeError("boom")


class WrongCapsule:
    def __arrow_c_stream__(self, requested_schema=None):
        return pa.schema([("a", pa.int8())]).__arrow_c_schema__()


class BadArray:
    def __arrow_c_array__(self, requested_schema=None):
        return (1, 2, 3)


class IntArray:
    def __arrow_c_array__(self, requested_schema=None):
        return pa.array([1, 2]).__arrow_c_array__()


GARBAGE = [
    None, 0, -1, 2**70, -(2**70), math.nan, math.inf, True, "", "x" * 2_000_000, "\ud800",
    b"bytes", Weird(), object, [None], [1, 2], [{}], [{"id": None}], [{"id": "c", "parties": "cli"}],
    {1: "int key"}, {"a": math.nan}, {"x": [{"y": [2**70]}]}, deep(50_000), self_containing(),
    {Weird()} if False else {"s"}, dt.datetime(2026, 1, 1), dt.date(2026, 1, 1), (x for x in range(3)),
    pa.table({"a": [1]}), pa.table({"id": [1], "parties": [2]}), pa.table({"id": ["a", None], "x": [[None], None]}),
    pa.table({"id": ["a"], "t": pa.array([1], pa.timestamp("s"))}), pa.table({"id": ["a"], "d": pa.array([2**31 - 1], pa.date32())}), BadStream(), RaisingStream(),
    WrongCapsule(), BadArray(), IntArray(), [deep(200)], {"time_zone": "Mars/Olympus"},
    [{"part": "record", "keep": {"days": -1}}], [{"part": "record", "keep": {"years": 2**40}}],
]

ALLOWED = (filrouge.FilrougeError, TypeError, ValueError, RuntimeError, OverflowError)


def attempt(fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except ALLOWED:
        pass


def entry_points(g):
    """Every public callable, with `g` in each argument position in turn."""
    engine = filrouge.Reconciler()
    evaluator = filrouge.Evaluator(now=NOW)
    policy = filrouge.RetentionPolicy()
    yield filrouge.reconcile, (g, []), {"now": NOW}
    yield filrouge.reconcile, ([], g), {"now": NOW}
    yield filrouge.reconcile, ([], []), {"now": g}
    yield filrouge.reconcile, ([], []), {"now": NOW, "config": g}
    yield filrouge.history, (g, [], []), {"now": NOW}
    yield filrouge.history, ("c", g, g), {"now": NOW}
    yield filrouge.history, ("c", [], []), {"now": NOW, "legal_entities": g, "holds": g}
    yield filrouge.restitution, (g,), {}
    yield filrouge.restitution, ({"id": "c"}, g), {}
    yield filrouge.hidden_reason, (g, g), {}
    yield filrouge.call_outcome, (g,), {}
    yield filrouge.is_private_subject, (g,), {}
    yield filrouge.is_private_subject, ("Re: x", g), {}
    yield filrouge.truncate_chars, (g, 3), {}
    yield filrouge.truncate_chars, ("abc", g), {}
    yield filrouge.Reconciler, (g,), {}
    yield engine.add, (g, g), {"now": NOW}
    yield engine.add, ([], []), {"now": g}
    yield engine.advance, (g,), {}
    yield engine.report_state, (g,), {}
    yield engine.history, (g,), {"legal_entities": g, "holds": g}
    yield filrouge.RetentionPolicy, (g, g), {}
    yield filrouge.RetentionPolicy.from_dict, (g,), {}
    yield policy.expiry, (g, g, g, g), {}
    yield policy.expiry, ("email", None, "body", g), {}
    yield filrouge.evaluate, (g, []), {"now": NOW}
    yield filrouge.evaluate, (None, g), {"now": NOW}
    yield filrouge.evaluate, (None, []), {"now": NOW, "holds": g, "erasures": g}
    yield filrouge.Evaluator, (g,), {"now": NOW}
    yield filrouge.Evaluator, (None,), {"now": g, "holds": g}
    yield evaluator.evaluate_one, (g,), {}
    yield evaluator.verdict, (g, g, g), {}
    yield filrouge.Condition, (g,), {}
    yield filrouge.Condition({"field": "x", "op": "exists"}).evaluate, (g,), {}
    yield filrouge.Condition, ({"all": [g]},), {}
    routine = filrouge.Routine({"id": "r", "title": "t", "users": ["u"], "mandatory": [], "weighted": []})
    directory, tags, table = filrouge.Directory(), filrouge.Tags(), filrouge.Companies()
    yield filrouge.Routine, (g,), {}
    yield filrouge.Routine, ({"id": "r", "title": "t", "users": [g], "mandatory": [g], "weighted": [g]},), {}
    yield filrouge.Companies, (g,), {}
    yield table.push, (g,), {}
    yield filrouge.score, (g, []), {}
    yield filrouge.score, (routine, g), {}
    yield filrouge.score, (routine, [g]), {}
    yield filrouge.rescore, (g, g, g), {}
    yield filrouge.rescore, (routine, g, []), {}
    yield filrouge.rescore, (routine, [], g), {}
    yield tags.tag_of, (g, g), {}
    yield tags.set_tag, (g, g, g), {}
    yield tags.set_tag, ("c", "r", g), {}
    yield tags.mark_ex_client, (g, "r", g), {}
    yield tags.followup_put, (g, g, g), {}
    yield tags.followup_put, (directory, g, "c"), {}
    yield directory.define_routine, (g,), {}
    yield directory.assign, (g, g), {}
    yield directory.remove_routine, (g,), {}
    yield directory.set_licence, (g, g), {}
    yield directory.licence, (g,), {}
    yield directory.can_see, (g, g), {}
    yield directory.visible_routines, (g,), {}
    yield directory.set_default_routine, (g, g), {}
    yield directory.clear_default_routine, (g,), {}
    yield directory.default_routine, (g,), {}
    yield from followup_entry_points(g)
    yield from reveal_entry_points(g)
    yield from trigger_entry_points(g)
    yield from pipeline_entry_points(g)


FOLLOWUP = {"target_id": "t1", "assignees": ["adv-1"], "due": "2026-03-02"}


def followup_entry_points(g):
    """The follow-up module's entry points (SPEC §4)."""
    book = filrouge.FollowUpBook()
    book.put(FOLLOWUP)
    cadence = filrouge.Cadence({"steps": [{"offset": {"days": 1}}]})
    run, _ = cadence.start("t1", ["adv-1"], "2026-03-02")
    day = "2026-03-02"
    yield filrouge.merge, (g, FOLLOWUP), {}
    yield filrouge.merge, (FOLLOWUP, g), {}
    yield filrouge.merge, (dict(FOLLOWUP, due=g), FOLLOWUP), {}
    yield filrouge.unassign, (g, "adv-1"), {}
    yield filrouge.unassign, (FOLLOWUP, g), {}
    yield filrouge.build_draft, (g,), {"today": day}
    yield filrouge.build_draft, ({"target_id": "t", "creator": "u"},), {"today": g}
    yield filrouge.build_draft, ({"target_id": "t", "creator": "u", "preset": g, "due": g},), {"today": day}
    yield filrouge.lateness, (g, day), {}
    yield filrouge.lateness, (day, g), {}
    yield filrouge.today, (g,), {}
    yield filrouge.today, (NOW, g), {}
    yield filrouge.lists, (g, "adv-1"), {"today": day}
    yield filrouge.lists, ([FOLLOWUP, g], g), {"today": g}
    yield filrouge.lists, ([FOLLOWUP], "adv-1"), {"today": day, "filters": g, "targets": g}
    yield filrouge.lists, ([FOLLOWUP], "adv-1"), {"today": day, "targets": {"t1": g}}
    yield filrouge.day_plan, (g, "adv-1"), {"today": day}
    yield filrouge.day_plan, ([FOLLOWUP], "adv-1"), {"today": day, "options": g, "filters": g, "targets": g}
    yield filrouge.day_plan, ([FOLLOWUP], "adv-1"), {"today": day, "options": {"suspects": [g], "max_suspects": g}}
    yield filrouge.FollowUpBook.from_followups, (g,), {}
    yield book.get, (g,), {}
    yield book.contains, (g,), {}
    yield book.put, (g,), {}
    yield book.put_all, (g,), {}
    yield book.put_all, ([g, FOLLOWUP],), {}
    yield book.unassign, (g, g), {}
    yield book.delete, (g,), {}
    yield book.set_target, (g, g), {}
    yield book.target, (g,), {}
    yield book.lists, (g,), {"today": g, "filters": g}
    yield book.page, ("adv-1",), {"today": day, "list": g, "limit": 2}
    yield book.page, ("adv-1",), {"today": day, "list": "todo", "limit": g}
    yield book.page, ("adv-1",), {"today": day, "list": "todo", "limit": 1, "cursor": g}
    yield book.page, (g,), {"today": g, "list": "upcoming", "limit": 1, "filters": g}
    yield book.day_plan, (g,), {"today": g, "filters": g, "options": g}
    yield book.import_, (g,), {}
    yield book.import_, ({"followups": [g], "targets": {"t": g}},), {}
    yield filrouge.Cadence, (g,), {}
    yield filrouge.Cadence, ({"steps": [g]},), {}
    yield cadence.due, (g, g, g), {}
    yield cadence.window, (0, day, g), {}
    yield cadence.start, (g, g, g), {}
    yield cadence.current, (g,), {}
    yield cadence.done, (g, day), {}
    yield cadence.done, (run, g), {}
    yield cadence.done, (dict(run, step=g), day), {}


@pytest.mark.parametrize("g", GARBAGE, ids=[type(g).__name__ + str(i) for i, g in enumerate(GARBAGE)])
def test_garbage_never_crashes(g):
    for fn, args, kwargs in entry_points(g):
        attempt(fn, *args, **kwargs)


def test_deep_nesting_is_refused_with_the_path():
    with pytest.raises(filrouge.InvalidInputError, match="nested deeper than"):
        filrouge.reconcile([deep(10_000)], [], now=NOW)
    with pytest.raises(filrouge.InvalidInputError, match="nested deeper than"):
        filrouge.reconcile(self_containing(), [], now=NOW)


def test_non_finite_and_huge_numbers_are_refused_with_the_path():
    with pytest.raises(filrouge.InvalidInputError, match=r"config\.window_days: NaN is not a finite number"):
        filrouge.reconcile([], [], now=NOW, config={"window_days": math.nan})
    with pytest.raises(filrouge.InvalidInputError, match="integer out of the 64-bit range"):
        filrouge.reconcile([], [], now=NOW, config={"window_days": 2**70})


def test_non_str_keys_and_unknown_types_are_type_errors():
    with pytest.raises(TypeError, match="dict keys must be str"):
        filrouge.reconcile([{1: "x"}], [], now=NOW)
    with pytest.raises(TypeError, match=r"contacts\[0\]: expected a dict, list"):
        filrouge.reconcile([Weird()], [], now=NOW)


def test_a_huge_comment_is_a_rejection_not_an_exception():
    report = {"id": "r1", "client_id": "c", "advisor_id": "a", "channel": "meeting", "initiative": "inbound",
              "entered_at": NOW, "comment": "é" * 5_000_001}
    out = filrouge.reconcile([], [report], now=NOW)
    assert out["rejected"][0]["code"] == "comment_too_long"


def test_threads_share_the_module_safely():
    from concurrent.futures import ThreadPoolExecutor
    contacts = [{"id": f"c{i}", "parties": [f"cli-{i % 50}"], "advisor_id": "a", "channel": "phone",
                 "direction": "outbound", "occurred_at": NOW - dt.timedelta(minutes=i), "duration_s": 60}
                for i in range(2000)]
    reports = [{"id": f"r{i}", "client_id": f"cli-{i}", "advisor_id": "a", "channel": "phone",
                "initiative": "outbound", "entered_at": NOW} for i in range(50)]
    table = pa.Table.from_pylist(contacts)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: pa.table(filrouge.reconcile(table, reports, now=NOW)["links"]), range(8)))
    assert all(r.equals(results[0]) for r in results) and results[0].num_rows == 50


CONTEXT = {"portal": "p1", "kind": "project", "id": "prj-1"}
REVEAL = {"key": "k1", "tenant": "t1", "viewer": "adv-1", "role": "advisor_local", "subject": "req-1",
          "context": CONTEXT, "at": NOW}


def reveal_entry_points(g):
    """The reveal module's entry points (SPEC §3)."""
    ledger = filrouge.RevealLedger()
    ledger.open_project("t1", CONTEXT, "req-1", at=NOW)
    ledger.reveal(REVEAL)
    yield filrouge.RevealLedger, (g,), {}
    yield filrouge.RevealLedger, ({"scope": g, "lapse_after_days": g, "portals": {"p": g}},), {}
    yield filrouge.RevealLedger.from_events, (g,), {"config": g}
    yield filrouge.RevealLedger.from_events, ([g, {"event": "revealed", "at": g}],), {}
    yield ledger.can_see, (g, g, g, g, g), {"now": g}
    yield ledger.can_see, ("t1", "adv-1", "advisor_local", "req-1", CONTEXT), {"now": g}
    yield ledger.recommend, (g, g, g, g), {"at": g}
    yield ledger.recommend, ("t1", dict(CONTEXT, kind=g), "r", "c"), {"at": NOW}
    yield ledger.open_project, (g, g, g), {"at": NOW}
    yield ledger.change_coordinates, (g, g), {"at": g}
    yield ledger.leave_company, ("t1", "req-1"), {"at": g}
    yield ledger.reveal, (g,), {}
    yield ledger.reveal, (dict(REVEAL, at=g, key=g),), {}
    yield ledger.reveal_many, (g,), {}
    yield ledger.reveal_many, ([REVEAL, g, dict(REVEAL, role=g)],), {}
    yield ledger.enrich, (g,), {}
    yield ledger.mark_diagnostic, (g,), {}
    yield ledger.undo_diagnostic, ({"tenant": "t1", "project": CONTEXT, "actor": g, "role": g, "at": NOW},), {}
    yield ledger.diagnostic, (g, g), {}
    yield ledger.stats, (g,), {}
    yield ledger.stats, ({"from": g, "period": g, "group_by": [g]},), {}
    yield ledger.consumption, (g,), {"now": g}
    yield ledger.import_, (g,), {}
    yield ledger.import_, ([g],), {}
    yield ledger.merge, (g,), {}


SURVEY = {"id": "s1", "title": "Satisfaction"}
RESPONSE = {"id": "resp-1", "survey_id": "s1", "submitted_at": NOW, "respondent": {"id": "p1"}, "answers": {"q1": 9}}
TRIGGER = {"id": "tr1", "name": "Promoter", "action": {"type": "create_contact"}, "mapping": {"first_name": {"from": "empty"}}}
SEND = {"client_id": "cli-1", "survey_id": "s1", "at": NOW}


def trigger_entry_points(g):
    """The trigger module's entry points (SPEC §6)."""
    triggers = filrouge.TriggerSet([TRIGGER])
    log, pressure = filrouge.FiredLog(), filrouge.SurveyPressure()
    yield filrouge.nps_class, (g,), {}
    yield filrouge.FiredLog.from_dict, (g,), {}
    yield filrouge.FiredLog.from_dict, ({"fired": {"r": g}},), {}
    yield log.has_fired, (g, g), {}
    yield log.record, (g, "r"), {}
    yield filrouge.TriggerSet, (g,), {}
    yield filrouge.TriggerSet, ([dict(TRIGGER, conditions=[g], mapping={"custom_1": g})], g), {}
    yield filrouge.TriggerSet, ([TRIGGER], {"custom_field_names": {"x": g}}), {}
    yield triggers.evaluate, (g, SURVEY, RESPONSE), {}
    yield triggers.evaluate, (log, g, RESPONSE), {}
    yield triggers.evaluate, (log, SURVEY, g), {}
    yield triggers.evaluate, (log, SURVEY, dict(RESPONSE, answers={"q1": g}, submitted_at=g)), {}
    yield triggers.evaluate_all, (log, g, [RESPONSE]), {}
    yield triggers.evaluate_all, (log, [SURVEY], [g, RESPONSE]), {}
    yield filrouge.SurveyPressure, (g,), {}
    yield filrouge.SurveyPressure, ({"period": {"months": g}, "time_zone": g},), {}
    yield filrouge.SurveyPressure.from_dict, (g,), {}
    yield pressure.allowed_from, (g,), {}
    yield pressure.check, (g,), {}
    yield pressure.send, (dict(SEND, at=g, kind=g),), {}
    yield pressure.send_all, (g,), {}
    yield pressure.send_all, ([SEND, g],), {}


TOWN = {"id": "org-1", "name": "Ville de Lens", "kind": "public_body"}


def pipeline_entry_points(g):
    """The pipeline module's entry points (SPEC §7)."""
    p = filrouge.Pipeline()
    p.create(TOWN, "alice", at=NOW)
    yield filrouge.eligibility, (g,), {}
    yield filrouge.eligibility, (dict(TOWN, kind=g, attestation=g),), {}
    yield filrouge.can_move_to, (g, g), {}
    yield filrouge.Pipeline, (g,), {}
    yield filrouge.Pipeline, ({"conversion_plan": [g], "time_zone": g},), {}
    yield filrouge.Pipeline.from_dict, (g,), {}
    yield filrouge.Pipeline.from_dict, ({"cards": {"org-1": g}},), {}
    yield p.create, (g, g), {"at": g}
    yield p.create, (dict(TOWN, id="org-2"), "alice"), {"at": g}
    yield p.update, (g,), {}
    yield p.move_to, (g, g, g), {"at": g}
    yield p.move_to, ("org-1", "documentation_sent", "alice"), {"at": g}
    yield p.card, (g,), {}
    yield p.plan, (g,), {}
    yield p.start_conversion, (g,), {}
