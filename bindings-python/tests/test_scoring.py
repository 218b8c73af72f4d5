"""Scoring (SPEC §5) through the binding: dicts in → dicts out, Arrow in →
Arrow out through a `Companies` table, errors, tags and visibility."""

import pyarrow as pa
import polars as pl
import pytest

import filrouge

ROUTINE = {
    "id": "r-it", "title": "IT", "users": ["u-anne"], "notify_at": 70,
    "mandatory": [{"field": "naf", "op": "starts_with", "value": "62"}],
    "weighted": [
        {"weight": "important", "condition": {"field": "headcount", "op": "ge", "value": 50}},
        {"weight": "interesting", "condition": {"field": "tags", "op": "contains", "value": "export"}},
        {"weight": "notable", "condition": {"field": "created_on", "op": "lt", "value": "2000-01-01"}},
    ],
}
COMPANIES = [
    {"id": "552100554", "naf": "62.01Z", "headcount": 12, "tags": ["export"], "created_on": "2015-03-12"},
    {"id": "732829320", "naf": "62.02A", "headcount": 250, "tags": [], "created_on": "1998-06-01"},
    {"id": "404833048", "naf": "47.11F", "headcount": 80, "tags": ["export"], "created_on": "2001-01-01"},
    {"id": "", "naf": "62.01Z"},
]


def test_score_dicts():
    out = filrouge.score(filrouge.Routine(ROUTINE), COMPANIES)
    assert [(r["company_id"], r["score"]) for r in out["ranking"]] == [("732829320", 90), ("552100554", 50)]
    assert out["ranking"][0]["matched"] == [
        {"criterion": 0, "weight": "important", "added": 30},
        {"criterion": 2, "weight": "notable", "added": 20},
    ]
    assert out["excluded"] == ["404833048"]
    assert [r["code"] for r in out["rejected"]] == ["empty_id"]


@pytest.mark.parametrize("frame", ["pyarrow", "polars", "companies"])
def test_score_arrow_in_arrow_out_matches_dicts(frame):
    data = {
        "id": [c["id"] for c in COMPANIES],
        "naf": [c.get("naf") for c in COMPANIES],
        "headcount": [c.get("headcount") for c in COMPANIES],
        "tags": [c.get("tags") for c in COMPANIES],
        "created_on": pa.array(
            [None if "created_on" not in c else __import__("datetime").date.fromisoformat(c["created_on"]) for c in COMPANIES],
            pa.date32(),
        ),
    }
    table = pa.table(data)
    arg = {"pyarrow": table, "polars": pl.from_arrow(table), "companies": filrouge.Companies(table)}[frame]
    out = filrouge.score(ROUTINE, arg)
    assert isinstance(out["ranking"], filrouge.Table)
    ranking = pa.table(out["ranking"]).to_pylist()
    want = filrouge.score(ROUTINE, COMPANIES)
    assert ranking == want["ranking"]
    assert pa.table(out["excluded"]).column("company_id").to_pylist() == want["excluded"]
    assert pa.table(out["rejected"]).column("code").to_pylist() == ["empty_id"]


def test_companies_table_is_reused_and_reports_its_fields():
    t = filrouge.Companies(COMPANIES[:2])
    assert len(t) == 2 and set(t.fields) == {"naf", "headcount", "tags", "created_on"}
    assert t.push(COMPANIES[2]) == 2
    out = filrouge.score(ROUTINE, t)
    assert out["excluded"] == ["404833048"]  # built from dicts: dicts out


def test_arrow_column_of_an_unsupported_type_names_it():
    t = pa.table({"id": ["a"], "seen": pa.array([1], pa.timestamp("s", tz="UTC"))})
    with pytest.raises(TypeError, match="column `seen`"):
        filrouge.score(ROUTINE, t)
    with pytest.raises(filrouge.InvalidInputError, match="missing column `id`"):
        filrouge.score(ROUTINE, pa.table({"naf": ["62"]}))


def test_rescore_reports_changes():
    r = filrouge.rescore(ROUTINE, [{"company_id": "552100554", "score": 40}], COMPANIES[:2])
    assert r["entered"] == ["732829320"] and r["crossed"] == ["732829320"]
    assert r["changed"] == [{"company_id": "552100554", "from": 40, "to": 50}]


def test_routine_errors_carry_code_rule_and_path():
    bad = dict(ROUTINE, weighted=[{"weight": "important", "condition": {"field": "x", "op": "nope", "value": 1}}])
    with pytest.raises(filrouge.UnknownOperatorError) as e:
        filrouge.Routine(bad)
    assert e.value.path.startswith("$.weighted[0]")
    with pytest.raises(filrouge.InvalidRoutineError):
        filrouge.Routine({"id": "r"})
    r = filrouge.Routine(ROUTINE)
    assert (r.id, r.title, r.users, r.notify_at) == ("r-it", "IT", ["u-anne"], 70)
    assert filrouge.Routine(r.to_dict()) == r


def test_tags_and_directory():
    d, tags = filrouge.Directory(), filrouge.Tags()
    d.define_routine(ROUTINE)
    assert d.visible_routines("u-anne") == ["r-it"] and d.can_see("u-anne", "r-it")
    with pytest.raises(filrouge.RoutineNotVisibleError):
        d.set_default_routine("u-bob", "r-it")
    with pytest.raises(filrouge.UnknownRoutineError):
        d.assign("r-none", ["u-bob"])
    d.set_licence("u-bob", "manager")
    assert d.licence("u-bob") == "manager" and d.set_default_routine("u-bob", "r-it") is None
    assert tags.set_tag("552100554", "r-it", "suspect") == {"tag": "suspect", "ex_client": False}
    moved = tags.followup_put(d, "u-bob", "552100554")
    assert moved["to"] == "prospect" and moved["changed"] is True
    with pytest.raises(filrouge.EmptyIdError):
        tags.set_tag("", "r-it", "client")
    with pytest.raises(filrouge.InvalidInputError, match="tag"):
        tags.set_tag("c", "r-it", "vip")
