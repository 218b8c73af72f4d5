"""The onboarding pipeline (SPEC §7, R-7.1 … R-7.3) through the binding."""

import datetime as dt

import pytest

import filrouge
from conftest import at

TOWN = {"id": "org-1", "name": "Ville de Lens", "kind": "public_body"}
CLUB = {"id": "org-2", "name": "Club", "kind": "association", "public_service_mission": True}


def test_r_7_2_eligibility():
    assert filrouge.eligibility(TOWN) == {"eligible": True, "reason": "public_body"}
    assert filrouge.eligibility(CLUB) == {"eligible": False, "reason": "missing_attestation"}
    assert filrouge.eligibility(dict(CLUB, attestation=True))["eligible"] is True


def test_r_7_1_moves_and_their_errors():
    assert filrouge.can_move_to("identified", "documentation_sent")
    assert not filrouge.can_move_to("account_created", "identified")
    p = filrouge.Pipeline()
    assert p.create(TOWN, "alice", at=at("2026-03-02T09:00"))["stage"] == "identified"
    t = p.move_to("org-1", "documentation_sent", "alice", at=at("2026-03-03T09:00"))
    assert t == {"from": "identified", "to": "documentation_sent", "by": "alice", "at": at("2026-03-03T09:00")}
    with pytest.raises(filrouge.InvalidTransitionError) as info:
        p.move_to("org-1", "identified", "bob", at=at("2026-03-04T09:00"))
    assert (info.value.code, info.value.rule) == ("invalid_transition", "R-7.1")
    with pytest.raises(filrouge.DuplicateOrganisationError):
        p.create(TOWN, "alice", at=at("2026-03-05T09:00"))
    with pytest.raises(filrouge.UnknownOrganisationError):
        p.card("nope")
    p.create(CLUB, "alice", at=at("2026-03-02T09:00"))
    p.move_to("org-2", "documentation_sent", "alice", at=at("2026-03-03T09:00"))
    with pytest.raises(filrouge.NotEligibleError):
        p.move_to("org-2", "account_created", "bob", at=at("2026-03-04T09:00"))
    with pytest.raises(filrouge.NoAccountError):
        p.plan("org-2")


def test_r_7_3_plan_and_conversion_cadence_and_persistence():
    p = filrouge.Pipeline()
    p.create(TOWN, "alice", at=at("2026-03-02T09:00"))
    p.move_to("org-1", "documentation_sent", "alice", at=at("2026-03-03T09:00"))
    p.move_to("org-1", "account_created", "bob", at=at("2026-03-10T09:00"))
    plan = p.plan("org-1")
    assert [(s["step"], s["due"]) for s in plan["steps"]][:2] == [
        ("welcome_call", dt.date(2026, 3, 10)), ("review", dt.date(2026, 3, 24))]
    run, first = p.start_conversion("org-1")
    assert first["assignees"] == ["bob"] and first["origin"] == "automation"
    run, nxt = p.conversion_cadence().done(run, "2026-03-10")
    assert nxt["due"] == dt.date(2026, 3, 24)
    again = filrouge.Pipeline.from_dict(p.to_dict())
    assert again == p and len(again) == 1
    assert [h["to"] for h in again.card("org-1")["history"]] == ["identified", "documentation_sent", "account_created"]
