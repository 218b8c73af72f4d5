"""Error mapping: one class per code under FilrougeError; rejections are data."""

import pytest

import filrouge
from conftest import NOW

CODES = {
    "invalid_input": "InvalidInputError",
    "empty_id": "EmptyIdError",
    "empty_parties": "EmptyPartiesError",
    "empty_reference": "EmptyReferenceError",
    "duplicate_id": "DuplicateIdError",
    "comment_too_long": "CommentTooLongError",
    "duplicate_daily_report": "DuplicateDailyReportError",
    "unsupported_report_channel": "UnsupportedReportChannelError",
    "not_a_natural_person": "NotANaturalPersonError",
    "invalid_condition": "InvalidConditionError",
    "unknown_key": "UnknownKeyError",
    "missing_key": "MissingKeyError",
    "invalid_field": "InvalidFieldError",
    "unknown_operator": "UnknownOperatorError",
    "missing_value": "MissingValueError",
    "unexpected_value": "UnexpectedValueError",
    "invalid_value": "InvalidValueError",
    "not_a_list": "NotAListError",
    "mixed_list": "MixedListError",
    "between_not_a_pair": "BetweenNotAPairError",
    "between_reversed": "BetweenReversedError",
    "invalid_date": "InvalidDateError",
    "too_deep": "TooDeepError",
    "type_mismatch": "TypeMismatchError",
    "invalid_routine": "InvalidRoutineError",
    "too_many_criteria": "TooManyCriteriaError",
    "missing_id": "MissingIdError",
    "unknown_routine": "UnknownRoutineError",
    "routine_not_visible": "RoutineNotVisibleError",
    "no_assignee": "NoAssigneeError",
    "different_targets": "DifferentTargetsError",
    "unknown_target": "UnknownTargetError",
    "not_assigned": "NotAssignedError",
    "bad_cursor": "BadCursorError",
    "zero_limit": "ZeroLimitError",
    "empty_cadence": "EmptyCadenceError",
    "cadence_finished": "CadenceFinishedError",
    "cadence_mismatch": "CadenceMismatchError",
    "date_out_of_range": "DateOutOfRangeError",
    "reveal_not_allowed": "RevealNotAllowedError",
    "wrong_context_kind": "WrongContextKindError",
    "idempotency_key_reused": "IdempotencyKeyReusedError",
    "diagnostic_not_allowed": "DiagnosticNotAllowedError",
    "diagnostic_already_marked": "DiagnosticAlreadyMarkedError",
    "diagnostic_not_marked": "DiagnosticNotMarkedError",
    "ledger_full": "LedgerFullError",
    "invalid_nps_answer": "InvalidNpsAnswerError",
    "unknown_survey": "UnknownSurveyError",
    "invalid_custom_field": "InvalidCustomFieldError",
    "unknown_custom_field": "UnknownCustomFieldError",
    "unknown_target_field": "UnknownTargetFieldError",
    "ambiguous_custom_field": "AmbiguousCustomFieldError",
    "duplicate_target_field": "DuplicateTargetFieldError",
    "invalid_trigger": "InvalidTriggerError",
    "duplicate_organisation": "DuplicateOrganisationError",
    "unknown_organisation": "UnknownOrganisationError",
    "invalid_transition": "InvalidTransitionError",
    "already_in_stage": "AlreadyInStageError",
    "move_before_last": "MoveBeforeLastError",
    "not_eligible": "NotEligibleError",
    "no_account": "NoAccountError",
}

#: Codes that are not bad input (a state the call found), hence not ValueErrors.
NOT_BAD_INPUT = {
    "cadence_finished", "reveal_not_allowed", "diagnostic_not_allowed", "diagnostic_already_marked",
    "diagnostic_not_marked", "ledger_full", "invalid_transition", "already_in_stage", "not_eligible", "no_account",
}


@pytest.mark.parametrize("code,name", sorted(CODES.items()))
def test_one_class_per_code_under_the_base(code, name):
    cls = getattr(filrouge, name)
    assert issubclass(cls, filrouge.FilrougeError)
    assert issubclass(cls, ValueError) == (code not in NOT_BAD_INPUT)
    assert cls.__module__ == "filrouge"


def test_base_is_not_a_value_error():
    assert issubclass(filrouge.FilrougeError, Exception)
    assert not issubclass(filrouge.FilrougeError, ValueError)


def test_r_2_5_history_of_a_legal_entity_raises_with_code_and_rule(call, report):
    with pytest.raises(filrouge.NotANaturalPersonError) as info:
        filrouge.history("cli-1", [call], [report], now=NOW, legal_entities=["cli-1"])
    e = info.value
    assert (e.code, e.rule) == ("not_a_natural_person", "R-2.5")
    assert "cli-1" in e.message and str(e) == e.message


def test_empty_client_of_a_streamed_record_raises_empty_reference():
    ev = filrouge.Evaluator(now=NOW)
    with pytest.raises(filrouge.EmptyReferenceError) as info:
        ev.evaluate_one({"id": "m1", "client_id": "", "channel": "sms", "occurred_at": NOW})
    assert info.value.rule == "§0"


def test_invalid_input_has_code_and_no_rule():
    with pytest.raises(filrouge.InvalidInputError) as info:
        filrouge.reconcile("not a list", [], now=NOW)
    assert info.value.code == "invalid_input" and info.value.rule is None
    assert isinstance(info.value, ValueError)


def test_r_1_1_batch_rejections_are_data_not_exceptions(call, report):
    report["comment"] = "x" * 5001
    dup = dict(report, id="r2", comment="second")
    out = filrouge.reconcile([call, dict(call, id="")], [report, dup], now=NOW)
    codes = {(r["id"], r["code"], r["rule"]) for r in out["rejected"]}
    assert ("r1", "comment_too_long", "R-1.1") in codes
    assert ("", "empty_id", "§0") in codes
    # The refused report does not count for: r2 stands and takes the call.
    assert out["links"] == [{"report_id": "r2", "contact_id": "c1", "rule": "just_after"}]
    assert all(r["message"] for r in out["rejected"])


def test_r_6_1_condition_errors_carry_code_rule_and_path():
    with pytest.raises(filrouge.BetweenReversedError) as info:
        filrouge.Condition({"all": [{"field": "x", "op": "between", "value": [9, 1]}]})
    assert (info.value.code, info.value.rule, info.value.path) == ("between_reversed", "R-6.1", "$.all[0].value")
    c = filrouge.Condition({"field": "headcount", "op": "gt", "value": 10})
    with pytest.raises(filrouge.TypeMismatchError) as info:
        c.evaluate({"headcount": "twelve"})
    assert info.value.path == "$"


def test_errors_without_a_path_have_path_none(call, report):
    with pytest.raises(filrouge.NotANaturalPersonError) as info:
        filrouge.history("cli-1", [call], [report], now=NOW, legal_entities=["cli-1"])
    assert info.value.path is None


def test_every_core_code_has_its_class():
    """The codes the classes cover are exactly the module's (none missing, none extra)."""
    names = {n for n in dir(filrouge) if n.endswith("Error") and n != "FilrougeError"}
    assert names == set(CODES.values())
