"""Follow-ups (SPEC §4) through the binding: dicts in → dicts out, Arrow in →
Arrow out for lists, the book's pages and export/import, cadences, errors."""

import datetime as dt

import polars as pl
import pyarrow as pa
import pytest

import filrouge

D = dt.date
FOLLOWUPS = [
    {"target_id": "t1", "assignees": ["adv-1"], "due": "2026-03-01"},
    {"target_id": "t2", "assignees": ["adv-1"], "due": D(2026, 3, 2), "priority": "high"},
    {"target_id": "t3", "assignees": ["adv-1", "adv-2"], "due": "2026-03-09", "last_note": "call back"},
    {"target_id": "", "assignees": ["adv-1"], "due": "2026-03-01"},
]
TODAY = D(2026, 3, 2)


def test_r_4_4_lists_dicts_in_order_with_lateness_and_rejections():
    out = filrouge.lists(FOLLOWUPS, "adv-1", today=TODAY)
    assert [i["followup"]["target_id"] for i in out["todo"]] == ["t2", "t1"]
    assert out["todo"][1]["lateness"] == {"status": "overdue", "days": 1}
    assert out["todo"][0]["followup"]["due"] == D(2026, 3, 2)
    assert [i["followup"]["target_id"] for i in out["upcoming"]] == ["t3"]
    assert [(r["code"], r["rule"]) for r in out["rejected"]] == [("empty_id", "§0")]


def arrow_followups():
    rows = [dict(f, due=D.fromisoformat(str(f["due"]))) for f in FOLLOWUPS]
    return pa.table(
        {
            "target_id": [f["target_id"] for f in rows],
            "assignees": pa.array([f["assignees"] for f in rows], pa.list_(pa.string())),
            "due": pa.array([f["due"] for f in rows], pa.date32()),
            "priority": [f.get("priority") for f in rows],
            "last_note": [f.get("last_note") for f in rows],
        }
    )


def test_r_4_4_arrow_in_arrow_out_same_as_dicts():
    out = filrouge.lists(arrow_followups(), "adv-1", today=TODAY)
    assert set(out) == {"todo", "upcoming", "rejected"}
    todo = pa.table(out["todo"])
    assert todo.column("target_id").to_pylist() == ["t2", "t1"]
    assert todo.column("due").type == pa.date32()
    assert todo.column("due").to_pylist() == [D(2026, 3, 2), D(2026, 3, 1)]
    assert todo.column("lateness").to_pylist() == ["due_today", "overdue"]
    assert todo.column("days_overdue").to_pylist() == [0, 1]
    assert todo.column("priority").to_pylist() == ["high", "normal"]
    up = pl.DataFrame(out["upcoming"])
    assert up["assignees"].to_list() == [["adv-1", "adv-2"]]
    assert up["last_note"].to_list() == ["call back"]
    assert pa.table(out["rejected"]).column("code").to_pylist() == ["empty_id"]


def test_polars_frame_in():
    frame = pl.from_arrow(arrow_followups())
    out = filrouge.lists(frame, "adv-1", today=TODAY)
    assert pl.DataFrame(out["todo"])["target_id"].to_list() == ["t2", "t1"]


def test_arrow_missing_and_mistyped_columns_name_column_and_type():
    t = arrow_followups()
    with pytest.raises(filrouge.InvalidInputError, match=r"followups: missing column `due` \(expected date32\)"):
        filrouge.lists(t.drop(["due"]), "adv-1", today=TODAY)
    bad = t.set_column(t.schema.get_field_index("due"), "due", pa.array(["2026-03-01"] * t.num_rows))
    with pytest.raises(TypeError, match="column `due` is Utf8, expected date32"):
        filrouge.lists(bad, "adv-1", today=TODAY)


def test_r_4_2_merge_and_its_error():
    a = {"target_id": "t1", "assignees": ["a"], "due": "2026-03-05", "priority": "low"}
    b = {"target_id": "t1", "assignees": ["b"], "due": "2026-03-03"}
    m = filrouge.merge(a, b)
    assert (m["assignees"], m["due"], m["priority"]) == (["a", "b"], D(2026, 3, 3), "normal")
    assert filrouge.merge(b, a) == m
    with pytest.raises(filrouge.DifferentTargetsError) as info:
        filrouge.merge(a, dict(b, target_id="t2"))
    assert (info.value.code, info.value.rule) == ("different_targets", "R-4.2")


def test_r_4_1_draft_defaults_and_today():
    f = filrouge.build_draft({"target_id": "t1", "creator": "adv-1"}, today=TODAY)
    assert f == {"target_id": "t1", "assignees": ["adv-1"], "due": TODAY, "priority": "normal", "origin": "manual"}
    bg = filrouge.build_draft({"target_id": "t1", "creator": "adv-1", "preset": "background_365"}, today=TODAY)
    assert (bg["due"], bg["priority"]) == (D(2027, 3, 2), "low")
    late = dt.datetime(2026, 3, 2, 23, 30, tzinfo=dt.timezone.utc)
    assert filrouge.today(late) == D(2026, 3, 3)  # Europe/Paris by default
    assert filrouge.today(late, {"time_zone": "UTC"}) == D(2026, 3, 2)
    with pytest.raises(TypeError, match="naive datetime"):
        filrouge.today(dt.datetime(2026, 3, 2))


def test_r_4_3_unassign():
    f = {"target_id": "t1", "assignees": ["a", "b"], "due": "2026-03-05"}
    assert filrouge.unassign(f, "a")["assignees"] == ["b"]
    assert filrouge.unassign({**f, "assignees": ["a"]}, "a") is None
    with pytest.raises(filrouge.NotAssignedError):
        filrouge.unassign(f, "z")


def test_r_4_5_lateness():
    assert filrouge.lateness("2026-03-01", TODAY) == {"status": "overdue", "days": 1}
    assert filrouge.lateness(TODAY, TODAY) == {"status": "due_today"}
    assert filrouge.lateness("2026-03-03", TODAY) == {"status": "upcoming"}


def test_r_4_7_book_pages_every_item_once_then_bad_cursor():
    book, rejected = filrouge.FollowUpBook.from_followups(FOLLOWUPS)
    assert len(book) == 3 and "t1" in book and [r["code"] for r in rejected] == ["empty_id"]
    seen, cursor = [], None
    while True:
        page = book.page("adv-1", today=TODAY, list="todo", limit=1, cursor=cursor)
        seen += [i["followup"]["target_id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ["t2", "t1"]
    with pytest.raises(filrouge.BadCursorError):
        book.page("adv-1", today=TODAY, list="todo", limit=1, cursor="garbage")
    with pytest.raises(filrouge.ZeroLimitError):
        book.page("adv-1", today=TODAY, list="todo", limit=0)


def test_book_removal_export_import_and_day_plan():
    book = filrouge.FollowUpBook()
    assert book.put(FOLLOWUPS[2]) == "created"
    assert book.put(FOLLOWUPS[2]) == "unchanged"
    assert book.unassign("t3", "adv-2")["outcome"] == "unassigned"
    with pytest.raises(filrouge.UnknownTargetError):
        book.delete("nope")
    book.set_target("t3", {"open_opportunity": True})
    other = filrouge.FollowUpBook()
    assert other.import_(book.export()) == []
    assert other.export() == book.export() and other.target("t3") == {"open_opportunity": True}
    plan = other.day_plan("adv-1", today=D(2026, 3, 9), options={"suspects": [{"company_id": "c9", "score": 80}]})
    assert [i["kind"] for i in plan["items"]] == ["opportunity", "suspect"]
    assert filrouge.day_plan([FOLLOWUPS[0]], "adv-1", today=TODAY)["items"][0]["kind"] == "follow_up"


def test_r_4_8_cadence_runs_are_plain_data():
    c = filrouge.Cadence({"steps": [{"offset": {"days": 0}}, {"offset": {"weeks": 2}, "from": "previous_done"}]})
    run, first = c.start("t1", ["adv-1"], "2026-03-02")
    assert (run["step"], first["due"], first["origin"]) == (0, TODAY, "automation")
    run, nxt = c.done(run, "2026-03-03")
    assert (run["step"], nxt["due"]) == (1, D(2026, 3, 17))
    run, nxt = c.done(run, "2026-03-17")
    assert run["finished"] and nxt is None
    with pytest.raises(filrouge.CadenceFinishedError):
        c.done(run, "2026-03-18")
    with pytest.raises(filrouge.EmptyCadenceError):
        filrouge.Cadence({"steps": []})


def merge_heavy_followups(n=3000):
    """Follow-ups on few targets (merges of every kind), some broken, with notes and noted_at."""
    at = dt.datetime(2026, 3, 1, 9, tzinfo=dt.timezone.utc)
    rows = []
    for i in range(n):
        rows.append(
            {
                "target_id": "" if i % 97 == 0 else f"t{i % 400}",
                "assignees": [] if i % 89 == 0 else [f"adv-{i % 7}", f"adv-{(i * 3) % 11}"],
                "due": D(2026, 3, 1) + dt.timedelta(days=i % 17),
                "priority": ["low", "normal", "high"][i % 3],
                "origin": ["manual", "automation"][i % 2],
                "last_note": f"note {i}" if i % 5 == 0 else None,
                "noted_at": at + dt.timedelta(minutes=i) if i % 5 == 0 else None,
            }
        )
    return rows


def as_arrow(rows):
    return pa.table(
        {
            "target_id": [r["target_id"] for r in rows],
            "assignees": pa.array([r["assignees"] for r in rows], pa.list_(pa.string())),
            "due": pa.array([r["due"] for r in rows], pa.date32()),
            "priority": [r["priority"] for r in rows],
            "origin": [r["origin"] for r in rows],
            "last_note": [r["last_note"] for r in rows],
            "noted_at": pa.array([r["noted_at"] for r in rows], pa.timestamp("us", tz="UTC")),
        }
    )


def test_r_4_2_book_from_arrow_columns_equals_book_from_dicts():
    rows = merge_heavy_followups()
    by_dicts, rejected = filrouge.FollowUpBook.from_followups(rows)
    by_arrow, refused = filrouge.FollowUpBook.from_followups(as_arrow(rows))
    assert len(by_arrow) == len(by_dicts) and len(by_dicts) > 0
    assert by_arrow.export() == by_dicts.export()
    refused = pa.table(refused)
    assert refused.column_names == ["row", "id", "rule", "code", "message"]
    assert refused.column("row").type == pa.uint64()
    assert refused.column("row").to_pylist() == [i for i, r in enumerate(rows) if not r["target_id"] or not r["assignees"]]
    assert refused.column("code").to_pylist() == [r["code"] for r in rejected]
    assert refused.column("message").to_pylist() == [r["message"] for r in rejected]


def test_r_4_2_put_all_arrow_into_a_loaded_book_equals_dicts_and_polars_batches():
    rows = merge_heavy_followups()
    first, second = rows[:1000], rows[1000:]
    by_dicts, _ = filrouge.FollowUpBook.from_followups(first)
    by_dicts.put_all(second)
    by_arrow, _ = filrouge.FollowUpBook.from_followups(as_arrow(first))
    # A polars frame of several chunks: rows numbered across its batches.
    frame = pl.concat([pl.from_arrow(as_arrow(second[:700])), pl.from_arrow(as_arrow(second[700:]))], rechunk=False)
    refused = pa.table(by_arrow.put_all(frame))
    assert by_arrow.export() == by_dicts.export()
    assert refused.column("row").to_pylist() == [
        i for i, r in enumerate(second) if not r["target_id"] or not r["assignees"]
    ]


def test_book_arrow_load_names_the_bad_column_and_row_and_puts_nothing():
    t = as_arrow(merge_heavy_followups(10))
    book, _ = filrouge.FollowUpBook.from_followups(t)
    before = book.export()
    bad = t.set_column(t.schema.get_field_index("priority"), "priority", pa.array(["high"] * 9 + ["urgent"]))
    with pytest.raises(filrouge.InvalidInputError, match=r"followups.*priority.*row 9|row 9.*priority"):
        book.put_all(bad)
    assert book.export() == before
    with pytest.raises(filrouge.InvalidInputError, match=r"missing column `due`"):
        filrouge.FollowUpBook.from_followups(t.drop(["due"]))
