"""Survey triggers (SPEC §6, R-6.2 … R-6.5) through the binding."""

import datetime as dt

import pytest

import filrouge
from conftest import NOW, at

SURVEY = {"id": "s1", "title": "Satisfaction Q1", "reference": "SAT-Q1"}
TRIGGER = {
    "id": "tr-promoter", "name": "Promoter follow-up",
    "conditions": [{"field": "q1", "op": "ge", "value": 9}],
    "action": {"type": "create_contact"},
    "mapping": {
        "first_name": {"from": "respondent", "field": "first_name"},
        "custom_1": {"from": "nps_class", "question_id": "q1"},
        "custom_2": {"from": "survey_title"},
    },
}


def response(rid, score, **kw):
    r = {"id": rid, "survey_id": "s1", "submitted_at": NOW,
         "respondent": {"id": "p-" + rid, "first_name": "Ada"}, "answers": {"q1": score}}
    r.update(kw)
    return r


@pytest.mark.parametrize("answer,cls", [(0, "detractor"), (6, "detractor"), (7, "passive"), (8.0, "passive"), (10, "promoter")])
def test_r_6_2_nps_classes(answer, cls):
    assert filrouge.nps_class(answer) == cls


@pytest.mark.parametrize("answer", [7.5, 11, -1, "9", None, [9], True])
def test_r_6_2_invalid_answers_raise_with_rule(answer):
    with pytest.raises(filrouge.InvalidNpsAnswerError) as info:
        filrouge.nps_class(answer)
    assert info.value.rule == "R-6.2"


def test_r_6_3_r_6_4_fires_once_per_response_and_the_log_persists():
    triggers, log = filrouge.TriggerSet([TRIGGER]), filrouge.FiredLog()
    out = triggers.evaluate(log, SURVEY, response("r1", 10))
    [firing] = out["fired"]
    assert firing["action"]["contact"] == {"first_name": "Ada", "custom_1": "promoter", "custom_2": "Satisfaction Q1"}
    assert triggers.evaluate(log, SURVEY, response("r1", 10))["already_fired"] == ["tr-promoter"]
    assert triggers.evaluate(log, SURVEY, response("r2", 3))["not_met"] == ["tr-promoter"]
    restored = filrouge.FiredLog.from_dict(log.to_dict())
    assert restored == log and restored.has_fired("tr-promoter", "r1") and len(restored) == 1
    assert restored.firings() == [("tr-promoter", "r1")]
    batch = triggers.evaluate_all(restored, [SURVEY], [response("r1", 10), response("r3", 9), response("", 9)])
    assert [f["response_id"] for f in batch["firings"]] == ["r3"]
    assert batch["already_fired"] == 1 and [r["code"] for r in batch["rejected"]] == ["empty_id"]


def test_r_6_3_invalid_triggers_raise_their_class():
    with pytest.raises(filrouge.UnknownTargetFieldError):
        filrouge.TriggerSet([dict(TRIGGER, mapping={"shoe_size": {"from": "empty"}})])
    # A condition inside a trigger raises the condition's own class, with its
    # JSON path in the list of triggers.
    with pytest.raises(filrouge.UnknownOperatorError) as info:
        filrouge.TriggerSet([TRIGGER, dict(TRIGGER, id="t2", conditions=[{"any": [{"field": "q1", "op": "approx", "value": 9}]}])])
    assert (info.value.code, info.value.rule, info.value.path) == ("unknown_operator", "R-6.1", "$[1].conditions[0].any[0].op")
    assert isinstance(info.value, ValueError)
    with pytest.raises(filrouge.BetweenReversedError) as info:
        filrouge.TriggerSet([dict(TRIGGER, conditions=[{"field": "q1", "op": "between", "value": [9, 1]}])])
    assert info.value.path == "$[0].conditions[0].value"
    # The same condition alone raises the same class.
    with pytest.raises(filrouge.BetweenReversedError):
        filrouge.Condition({"field": "q1", "op": "between", "value": [9, 1]})
    # Any other wrong shape is InvalidTriggerError, naming where.
    with pytest.raises(filrouge.InvalidTriggerError, match=r"trigger at \$\[0\]: .*action") as info:
        filrouge.TriggerSet([{"id": "t", "name": "n"}])
    assert (info.value.rule, info.value.path) == ("R-6.3", "$[0]")
    with pytest.raises(filrouge.InvalidTriggerError):
        filrouge.TriggerSet({"id": "t"})
    # A Python type no JSON shape has is still a TypeError, before the core.
    with pytest.raises(TypeError):
        filrouge.TriggerSet([dict(TRIGGER, name=object())])
    with pytest.raises(filrouge.UnknownSurveyError):
        filrouge.TriggerSet([TRIGGER]).evaluate(filrouge.FiredLog(), SURVEY, response("r1", 9, survey_id="s2"))


def test_r_6_5_survey_pressure_suppresses_then_allows():
    p = filrouge.SurveyPressure()
    first = {"client_id": "cli-1", "survey_id": "s-q1", "at": at("2026-01-10T09:00")}
    assert p.send(first) == {"decision": "send", "counted": True}
    second = dict(first, survey_id="s-q2", at=at("2026-03-01T09:00"))
    d = p.check(second)
    assert d["decision"] == "suppress" and d["reason"] == "survey_pressure"
    assert d["allowed_from"] == dt.date(2026, 4, 10) == p.allowed_from("2026-01-10")
    assert p.check(dict(second, kind="other"))["decision"] == "send"
    restored = filrouge.SurveyPressure.from_dict(p.to_dict())
    assert restored == p and len(restored) == 1
    plan = restored.send_all([dict(second, at=at("2026-04-10T09:00")), dict(second, client_id="")])
    assert [x["decision"] for x in plan["decisions"]] == ["send"] and plan["rejected"][0]["code"] == "empty_id"
