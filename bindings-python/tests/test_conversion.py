"""Conversion: Python arguments in, dicts/datetimes out (what the binding adds)."""

import datetime as dt

import pytest

import filrouge
from conftest import NOW, UTC, at


def test_r_1_4_aware_datetimes_in_and_utc_datetimes_out(call, report):
    # entered 2 minutes after the call ended: just after.
    paris = dt.timezone(dt.timedelta(hours=1))
    call["occurred_at"] = dt.datetime(2026, 3, 2, 10, 0, tzinfo=paris)  # = 09:00Z
    out = filrouge.reconcile([call], [report], now=NOW)
    assert out["links"] == [{"report_id": "r1", "contact_id": "c1", "rule": "just_after"}]
    h = filrouge.history("cli-1", [call], [report], now=NOW)
    occurred = h["entries"][0]["occurred_at"]
    assert isinstance(occurred, dt.datetime) and occurred.utcoffset() == dt.timedelta(0)
    assert occurred == at("2026-03-02T09:00")


def test_rfc3339_strings_are_instants_too(call, report):
    call["occurred_at"] = "2026-03-02T10:00:00+01:00"
    assert filrouge.reconcile([call], [report], now="2026-03-02T12:00:00Z")["links"][0]["contact_id"] == "c1"


@pytest.mark.parametrize("field", ["occurred_at", "received_at"])
def test_naive_datetime_is_a_type_error_naming_the_field(call, report, field):
    call[field] = dt.datetime(2026, 3, 2, 9, 0)
    with pytest.raises(TypeError, match=rf"contacts\[0\]\.{field}: naive datetime"):
        filrouge.reconcile([call], [report], now=NOW)


def test_naive_now_is_a_type_error(call, report):
    with pytest.raises(TypeError, match="now: naive datetime"):
        filrouge.reconcile([call], [report], now=dt.datetime(2026, 3, 2, 12))


def test_shape_errors_name_the_path(call, report):
    call["channel"] = "fax"
    with pytest.raises(filrouge.InvalidInputError, match=r"contacts\[0\]\.channel: unknown variant `fax`"):
        filrouge.reconcile([call], [report], now=NOW)
    with pytest.raises(filrouge.InvalidInputError, match=r"reports\[0\]\.colour: unknown field `colour`"):
        filrouge.reconcile([], [dict(report, colour="red")], now=NOW)
    with pytest.raises(filrouge.InvalidInputError, match="config.window_days"):
        filrouge.reconcile([], [], now=NOW, config={"window_days": "seven"})


def test_tuples_sets_and_frozensets_are_lists(call, report):
    call["parties"] = ("cli-1",)
    h = filrouge.history("cli-1", (call,), (report,), now=NOW, holds={"cli-9"}, legal_entities=frozenset())
    assert [e["id"] for e in h["entries"]] == ["c1"]


def test_r_1_10_comment_cut_flag_and_config_override(call, report):
    report["comment"] = "é" * 30
    h = filrouge.history("cli-1", [call], [report], now=NOW, config={"comment_display_chars": 10})
    e = h["entries"][0]
    assert e["comment"] == "é" * 10 and e["comment_truncated"] is True


def test_r_1_9_reconciler_changes_and_state(call, report):
    engine = filrouge.Reconciler()
    changes = engine.add(reports=[report], now=NOW)
    assert changes == [{"change": "orphan_created", "report_id": "r1", "status": "provisional"}]
    changes = engine.add([call], now=NOW)
    assert changes == [{"change": "orphan_resolved", "report_id": "r1", "contact_id": "c1", "rule": "just_after"}]
    assert engine.report_state("r1") == {"state": "linked", "contact_id": "c1", "rule": "just_after"}
    assert engine.report_state("nope") is None
    assert engine.reconciliation() == filrouge.reconcile([call], [report], now=NOW)
    assert engine.history("cli-1")["entries"][0]["report_id"] == "r1"
    assert engine.config["window_days"] == 7 and engine.config["time_zone"] == "Europe/Paris"


def test_r_1_7_advance_makes_orphans_final(report):
    engine = filrouge.Reconciler()
    engine.add(reports=[report], now=NOW)
    assert engine.advance(NOW + dt.timedelta(days=8)) == [{"change": "orphan_final", "report_id": "r1"}]


def test_r_2_1_to_r_2_3_restitution_helpers(call):
    call["duration_s"] = 30
    assert filrouge.restitution(call) == {"visible": False, "reason": "short_outbound_call"}
    assert filrouge.hidden_reason(call) == "short_outbound_call"
    assert filrouge.hidden_reason(call, {"min_outbound_call_s": 10}) is None
    inbound = dict(call, direction="inbound", answered=False, voicemail_at_s=20)
    assert filrouge.call_outcome(inbound) == "voicemail_left"
    assert filrouge.is_private_subject("RE : Perso: rdv")
    assert not filrouge.is_private_subject("Personnalisation de votre carte")
    assert filrouge.is_private_subject("Confidentiel: x", ["Confidentiel"])
    assert filrouge.truncate_chars("éèà", 2) == ("éè", True)


def test_r_2_6_policy_object_round_trips():
    policy = filrouge.RetentionPolicy()
    assert policy.time_zone == "Europe/Paris" and len(policy.rules) == 20
    same = filrouge.RetentionPolicy.from_dict(policy.to_dict())
    assert same == policy
    custom = filrouge.RetentionPolicy(time_zone="UTC", rules=[{"part": "record", "keep": {"days": 1}}])
    assert custom != policy and custom.rules == [{"part": "record", "keep": {"days": 1}}]
    expiry = policy.expiry("email", "exchange_outlook", "inline_images", at("2026-01-10T09:00"))
    assert expiry == at("2026-03-11T09:00")  # 60 exact days
    assert custom.expiry("sms", None, "body", at("2026-01-10T09:00")) is None


def test_r_2_9_evaluate_accepts_policy_dict_or_none():
    rec = {"id": "m1", "client_id": "cli-1", "channel": "email", "mail_source": "exchange_outlook",
           "occurred_at": at("2026-01-10T09:00")}
    by_default = filrouge.evaluate(None, [rec], now=at("2026-03-20T00:00"))
    by_dict = filrouge.evaluate(filrouge.RetentionPolicy().to_dict(), [rec], now=at("2026-03-20T00:00"))
    assert by_default == by_dict
    assert by_default["records"][0]["purge"] == ["inline_images"]
    assert by_default["records"][0]["next_expiry"] == at("2027-01-10T09:00")


def test_r_2_7_evaluator_streams_records():
    ev = filrouge.Evaluator(now=at("2026-03-20T00:00"), holds=["cli-1"])
    rec = {"id": "m1", "client_id": "cli-1", "channel": "email", "mail_source": "exchange_outlook",
           "occurred_at": "2026-01-10T09:00:00Z"}
    v = ev.evaluate_one(rec)
    assert v["purge"] == [] and v["held"] is True and v["next_expiry"] is None
    assert {k["reason"] for k in v["kept"]} == {"hold"}
    v = ev.verdict("email", "exchange_outlook", at("2026-01-10T09:00"))
    assert v["purge"] == ["inline_images"] and v["held"] is False


def test_outputs_are_plain_dicts_and_lists(call, report):
    out = filrouge.reconcile([call], [report], now=NOW)
    assert type(out) is dict and all(type(v) is list for v in out.values())


def test_r_6_1_condition_object():
    c = filrouge.Condition({"any": [{"field": "tags", "op": "contains", "value": "export"},
                                    {"not": {"field": "created_on", "op": "lt", "value": "2020-01-01"}}]})
    assert c.evaluate({"tags": ["bio"], "created_on": dt.date(2021, 6, 30)}) is True  # a date is a date
    assert c.evaluate({"tags": ["bio"], "created_on": "2019-01-01"}) is False
    assert c.evaluate({}) is True  # missing field: comparison false, `not` of it true
    assert c.fields() == ["tags", "created_on"]
    assert filrouge.Condition(c.to_dict()) == c
