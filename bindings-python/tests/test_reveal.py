"""Reveal-once visibility (SPEC §3) through the binding: the ledger, its
events export/import and merge, statistics, errors."""

import datetime as dt

import pytest

import filrouge
from conftest import NOW, at

PROJECT = {"portal": "p1", "kind": "project", "id": "prj-7"}


def request(key, **kw):
    r = {"key": key, "tenant": "t1", "viewer": "adv-1", "role": "advisor_local", "subject": "req-1",
         "context": PROJECT, "at": NOW}
    r.update(kw)
    return r


def opened():
    ledger = filrouge.RevealLedger()
    ledger.open_project("t1", PROJECT, "req-1", at=NOW)
    return ledger


def test_r_3_2_must_reveal_then_r_3_4_first_reveal_counts_once():
    ledger = opened()
    assert ledger.can_see("t1", "adv-1", "advisor_local", "req-1", PROJECT, now=NOW) == {
        "visible": False, "reason": "must_reveal"}
    first = ledger.reveal(request("k1"))
    assert (first["first"], first["contact_made"], first["replayed"]) == (True, True, False)
    again = ledger.reveal(request("k1"))
    assert again["replayed"] is True
    assert ledger.reveal(request("k2"))["contact_made"] is False
    assert ledger.can_see("t1", "adv-1", "advisor_local", "req-1", PROJECT, now=NOW)["reason"] == "revealed"
    assert ledger.can_see("t1", "adv-1", "staff", "req-1", PROJECT, now=NOW)["reason"] == "always"
    assert ledger.stats()["contacts_made"][0]["count"] == 1


def test_r_3_5_follow_up_instant_is_an_aware_datetime():
    ledger = filrouge.RevealLedger({"follow_up_after_days": 3})
    ledger.open_project("t1", PROJECT, "req-1", at=NOW)
    assert ledger.reveal(request("k1"))["follow_up_at"] == NOW + dt.timedelta(days=3)


def test_events_export_import_merge_and_replay():
    a = opened()
    a.reveal(request("k1"))
    b = filrouge.RevealLedger()
    report = b.import_(a.events())
    assert (report["added"], report["duplicates"], report["rejected"]) == (2, 0, [])
    assert a == b and len(b) == 2
    replayed, report = filrouge.RevealLedger.from_events(list(reversed(a.events())))
    assert replayed == a and report["added"] == 2
    c = filrouge.RevealLedger()
    c.change_coordinates("t1", "req-1", at=at("2026-03-03T09:00"))
    assert c.merge(a)["added"] == 2 and len(c) == 3
    assert a.merge(a)["added"] == 0  # merging a ledger into itself adds nothing
    assert a.copy() == a and a.copy() is not a


def test_reveal_many_returns_rejections_as_data():
    ledger = opened()
    out = ledger.reveal_many([request("k1"), request("k2", subject="other"), request("")])
    assert [k for k, _ in out["outcomes"]] == ["k1"]
    assert sorted(r["code"] for r in out["rejected"]) == ["empty_id", "reveal_not_allowed"]


def test_errors_are_typed_with_code_and_rule():
    ledger = filrouge.RevealLedger()
    with pytest.raises(filrouge.WrongContextKindError) as info:
        ledger.open_project("t1", dict(PROJECT, kind="resource"), "req-1", at=NOW)
    assert (info.value.code, info.value.rule) == ("wrong_context_kind", "R-3.2")
    ledger = opened()
    ledger.reveal(request("k1"))
    enrich = {"key": "e1", "tenant": "t1", "subject": "req-1", "by": "adv-1", "at": NOW, "succeeded": True}
    assert ledger.enrich(enrich)["logged"] is True
    with pytest.raises(filrouge.IdempotencyKeyReusedError) as info:
        ledger.enrich(dict(enrich, subject="req-2"))
    assert info.value.rule == "R-3.4"
    with pytest.raises(filrouge.RevealNotAllowedError):
        ledger.reveal(request("k2", subject="someone-else"))
    with pytest.raises(filrouge.InvalidInputError, match="request"):
        ledger.reveal(request("k3", role="pilot"))
    with pytest.raises(TypeError, match="naive datetime"):
        ledger.can_see("t1", "adv-1", "advisor_local", "req-1", PROJECT, now=dt.datetime(2026, 3, 2))


def test_r_3_6_diagnostics_and_r_3_7_consumption():
    ledger = opened()
    mark = {"tenant": "t1", "project": PROJECT, "actor": "staff-1", "role": "staff", "at": NOW}
    status = ledger.mark_diagnostic(mark)
    assert status["marked"] is True and status["marked_by"] == "staff-1"
    assert ledger.mark_diagnostic(mark) == status  # the same mark again is a retry
    with pytest.raises(filrouge.DiagnosticAlreadyMarkedError):
        ledger.mark_diagnostic(dict(mark, at=at("2026-03-03T09:00")))
    assert ledger.undo_diagnostic(mark)["marked"] is False
    assert ledger.diagnostic("t1", PROJECT)["marked"] is False
    ledger.reveal(request("k1"))
    c = ledger.consumption("t1", now=NOW)
    assert c["tenant"] == "t1" and c["owned"] == 1
