"""Every conformance vector under tests/vectors/, through the Python API.

Cases of modules the binding does not expose yet are reported as skipped
(pytest's "skipped" count), never as passed.
"""

import pytest

import vectors

CASES = vectors.load_cases()


def test_vectors_are_found():
    assert len(CASES) > 100, f"only {len(CASES)} cases under {vectors.VECTORS}"


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[i for i, _ in CASES])
def test_vector(case):
    try:
        diff = vectors.check(case)
    except vectors.Skip as e:
        pytest.skip(str(e))
    assert diff is None, f"[{case['rule']}] {case['name']}: {diff}"


# The comparison itself must be able to fail (a runner that passes
# everything is a defect).

def test_compare_ignores_absent_keys_and_messages():
    assert vectors.compare({"error": "x", "message": "a"}, {"error": "x", "message": "b", "extra": 1}) is None


def test_compare_lists_are_sets_unless_ordered():
    assert vectors.compare({"xs": [1, 2]}, {"xs": [2, 1]}) is None
    assert vectors.compare({"xs": [1, 2]}, {"xs": [2, 1]}, ("xs",)) is not None


def test_compare_is_a_perfect_matching():
    e = [{"a": 1}, {"a": 1, "b": 2}]
    assert vectors.compare(e, [{"a": 1, "b": 2}, {"a": 1, "b": 3}]) is None
    assert vectors.compare(e, [{"a": 1, "b": 3}, {"a": 1, "b": 3}]) is not None


def test_compare_instants_as_instants():
    from conftest import at
    assert vectors.compare("2026-03-02T12:00:00Z", at("2026-03-02T12:00")) is None
    assert vectors.compare("2026-03-02T12:00:00Z", "2026-03-02T13:00:00+01:00") is None
    assert vectors.compare("2026-03-02T12:00:00Z", at("2026-03-02T12:00:01")) is not None


def test_compare_bools_are_not_numbers():
    assert vectors.compare(True, 1) is not None
    assert vectors.compare(1, 1.0) is None


def test_a_wrong_expectation_fails():
    case = next(c for _, c in CASES if c["op"] == "reconcile" and c["expected"].get("links"))
    broken = dict(case, expected={"links": [{"report_id": "no-such-report"}] * len(case["expected"]["links"])})
    assert vectors.check(broken) is not None


def test_unexposed_ops_are_skipped():
    with pytest.raises(vectors.Skip):
        vectors.run({"op": "no_such_module_op", "input": {}, "expected": {}})
    with pytest.raises(vectors.Skip):
        vectors.run({"op": "script", "input": {"steps": [{"do": "no_such_action"}]}, "expected": {}})
