//! `filrouge::followup` for Python: `merge`, `unassign`, `build_draft`,
//! `lateness`, `today`, `lists`, `day_plan`, `FollowUpBook`, `Cadence`
//! (SPEC §4, R-4.1 … ). Conversion and delegation only.
//!
//! Follow-ups, drafts, filters, target info, cadence runs and book states
//! are plain dicts (their JSON shapes of SPEC §9); the long-lived engines
//! (`FollowUpBook`, a validated `Cadence`) are classes. `lists` also takes
//! Arrow data and then returns Arrow tables.

use crate::arrow::{
    Builder, Columns, Input, Strings, Table, TagCache, opt_tag, rejections_table, req, req_col, tag_name,
};
use crate::convert::{self, BadInput, Count, Text};
use crate::error;
use arrow_array::{ArrayRef, Date32Array, RecordBatch, StringArray, UInt32Array, UInt64Array};
use chrono::{DateTime, NaiveDate, Utc};
use filrouge::followup::{
    self as core, BookState, Config, Draft, Filters, FollowUp, FollowUpColumns, Lateness, List, ListItem, Lists,
    PlanOptions, RefusedRow, TargetInfo,
};
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// A pair as a Python tuple.
fn pair<'py>(py: Python<'py>, a: &impl serde::Serialize, b: &impl serde::Serialize) -> PyResult<Bound<'py, PyAny>> {
    Ok(PyTuple::new(py, [convert::to_py(py, a)?, convert::to_py(py, b)?])?.into_any())
}

fn core_err(py: Python<'_>) -> impl Fn(core::Error) -> PyErr + '_ {
    move |e| error::from_core(py, &e)
}

/// A local date argument: a `date` or `YYYY-MM-DD`.
fn day(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<NaiveDate> {
    convert::arg(obj, name)
}

/// Follow-ups from Arrow columns: `target_id`, `assignees: list<string>`,
/// `due: date32`, `priority?`, `origin?`, `last_note?`, `noted_at?`.
fn followups_from_arrow(c: &Columns<'_>, out: &mut Vec<FollowUp>) -> Result<(), BadInput> {
    let target_id = req_col(c, "target_id")?;
    let assignees = c.string_lists("assignees", true)?.ok_or_else(|| c.at("assignees", 0, "missing column"))?;
    let due = c.days("due", true)?.ok_or_else(|| c.at("due", 0, "missing column"))?;
    let priority = c.strings("priority", false)?;
    let origin = c.strings("origin", false)?;
    let last_note = c.strings("last_note", false)?;
    let noted_at = c.instants("noted_at", false)?;
    out.reserve(c.len());
    for (row, due) in due.iter().enumerate() {
        let due = due.ok_or_else(|| c.at("due", row, "null in a required column"))?;
        let assignees = match assignees.get(row) {
            None => return Err(c.at("assignees", row, "null in a required column")),
            Some(items) => items
                .map(|s| s.map(str::to_owned).ok_or_else(|| c.at("assignees", row, "null item in a list")))
                .collect::<Result<BTreeSet<String>, _>>()?,
        };
        out.push(FollowUp {
            target_id: req(c, &target_id, "target_id", row)?.to_owned(),
            assignees,
            due,
            priority: opt_tag(c, &priority, "priority", row)?.unwrap_or_default(),
            origin: opt_tag(c, &origin, "origin", row)?.unwrap_or_default(),
            last_note: last_note.as_ref().and_then(|s| s.get(row)).map(str::to_owned),
            noted_at: noted_at.as_ref().and_then(|v| v[row]),
        });
    }
    Ok(())
}

/// Follow-ups from Arrow record batches straight into the core's columnar
/// bulk input ([`FollowUpColumns`]: no `FollowUp` per row), with the
/// columns and checks of [`followups_from_arrow`]: a null or mistyped
/// value raises, naming its column and row; a follow-up that breaks a rule
/// (empty target, no assignee) is refused by the load, with its row.
fn followup_columns(batches: &[RecordBatch], name: &str) -> Result<FollowUpColumns, BadInput> {
    let mut cols = FollowUpColumns::with_capacity(batches.iter().map(RecordBatch::num_rows).sum());
    for c in Columns::each(name, batches) {
        let target_id = req_col(&c, "target_id")?;
        let lists = c.string_lists("assignees", true)?.ok_or_else(|| c.at("assignees", 0, "missing column"))?;
        let due = c.days("due", true)?.ok_or_else(|| c.at("due", 0, "missing column"))?;
        let priority = c.strings("priority", false)?;
        let origin = c.strings("origin", false)?;
        let last_note = c.strings("last_note", false)?;
        let noted_at = c.instants("noted_at", false)?;
        let (mut priorities, mut origins) = (TagCache::new(), TagCache::new());
        let mut assignees: Vec<&str> = Vec::new();
        for (row, due) in due.into_iter().enumerate() {
            let due = due.ok_or_else(|| c.at("due", row, "null in a required column"))?;
            assignees.clear();
            for a in lists.get(row).ok_or_else(|| c.at("assignees", row, "null in a required column"))? {
                assignees.push(a.ok_or_else(|| c.at("assignees", row, "null item in a list"))?);
            }
            let priority = tag_or_default(&c, &priority, &mut priorities, "priority", row)?;
            let origin = tag_or_default(&c, &origin, &mut origins, "origin", row)?;
            cols.push_row(req(&c, &target_id, "target_id", row)?, &assignees, due, priority, origin);
            let note = last_note.as_ref().and_then(|s| s.get(row));
            let noted = noted_at.as_ref().and_then(|v| v[row]);
            if note.is_some() || noted.is_some() {
                cols.set_last_note(note, noted);
            }
        }
    }
    Ok(cols)
}

/// An optional enum column's value at `row` (its default when the column
/// or the value is absent).
fn tag_or_default<'a, T: Copy + Default + serde::de::DeserializeOwned>(
    c: &Columns<'_>,
    col: &Option<Strings<'a>>,
    cache: &mut TagCache<'a, T>,
    name: &str,
    row: usize,
) -> Result<T, BadInput> {
    match col.as_ref().and_then(|s| s.get(row)) {
        None => Ok(T::default()),
        Some(text) => cache.get(text).map_err(|e| c.at(name, row, e)),
    }
}

/// Rows refused by a columnar load, as an Arrow table: `row: uint64`, `id`,
/// `rule`, `code`, `message` (the row numbers count from 0 across batches).
fn refused_table(refused: &[RefusedRow]) -> Table {
    let rows: ArrayRef = Arc::new(UInt64Array::from_iter_values(refused.iter().map(|r| r.row as u64)));
    Builder::new()
        .column("row", rows, false)
        .strings("id", refused.iter().map(|r| r.rejection.id.as_str()))
        .strings("rule", refused.iter().map(|r| r.rejection.rule.as_str()))
        .strings("code", refused.iter().map(|r| r.rejection.code.as_str()))
        .strings("message", refused.iter().map(|r| r.rejection.message.as_str()))
        .finish()
}

fn days_since_epoch(d: NaiveDate) -> i32 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    i32::try_from((d - epoch).num_days()).unwrap_or(i32::MAX)
}

/// A list's items as an Arrow table: `target_id`, `assignees:
/// list<string>`, `due: date32`, `priority`, `origin`, `last_note?`,
/// `noted_at?`, `lateness` (`upcoming`, `due_today`, `overdue`),
/// `days_overdue: uint32` (0 unless overdue).
fn items_table(items: &[ListItem]) -> Table {
    fn f(i: &ListItem) -> &FollowUp {
        &i.followup
    }
    let due: ArrayRef = Arc::new(Date32Array::from_iter_values(items.iter().map(|i| days_since_epoch(f(i).due))));
    let notes: ArrayRef = Arc::new(StringArray::from_iter(items.iter().map(|i| f(i).last_note.as_deref())));
    let overdue: ArrayRef = Arc::new(UInt32Array::from_iter_values(items.iter().map(|i| match i.lateness {
        Lateness::Overdue { days } => days,
        _ => 0,
    })));
    let priorities: Vec<String> = items.iter().map(|i| tag_name(&f(i).priority)).collect();
    let origins: Vec<String> = items.iter().map(|i| tag_name(&f(i).origin)).collect();
    let lateness: Vec<&str> = items
        .iter()
        .map(|i| match i.lateness {
            Lateness::Upcoming => "upcoming",
            Lateness::DueToday => "due_today",
            Lateness::Overdue { .. } => "overdue",
        })
        .collect();
    Builder::new()
        .strings("target_id", items.iter().map(|i| f(i).target_id.as_str()))
        .string_lists("assignees", items.iter().map(|i| f(i).assignees.iter()))
        .column("due", due, false)
        .strings("priority", priorities.iter().map(String::as_str))
        .strings("origin", origins.iter().map(String::as_str))
        .column("last_note", notes, true)
        .instants("noted_at", items.iter().map(|i| f(i).noted_at))
        .strings("lateness", lateness)
        .column("days_overdue", overdue, false)
        .finish()
}

fn lists_tables(l: &Lists) -> [(&'static str, Table); 3] {
    [
        ("todo", items_table(&l.todo)),
        ("upcoming", items_table(&l.upcoming)),
        ("rejected", rejections_table(&l.rejected)),
    ]
}

/// merges two follow-ups on the same target (assignees united,
/// earliest due, highest priority, later note). Commutative, associative,
/// idempotent. Raises `DifferentTargetsError` for two targets.
#[pyfunction]
pub fn merge<'py>(py: Python<'py>, a: &Bound<'py, PyAny>, b: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let a: FollowUp = convert::arg(a, "a")?;
    let b: FollowUp = convert::arg(b, "b")?;
    let m = core::merge(&a, &b).map_err(core_err(py))?;
    convert::to_py(py, &m)
}

/// `followup` without `user`; None when `user` was its last
/// assignee (the follow-up is deleted). Raises `NotAssignedError`.
#[pyfunction]
pub fn unassign<'py>(py: Python<'py>, followup: &Bound<'py, PyAny>, user: Text) -> PyResult<Bound<'py, PyAny>> {
    let f: FollowUp = convert::arg(followup, "followup")?;
    let r = f.unassign(&user).map_err(core_err(py))?;
    convert::to_py(py, &r)
}

/// the follow-up of a draft (`{"target_id", "creator",
/// "assignees"?, "due"?, "priority"?, "preset"?, "origin"?, "last_note"?,
/// "noted_at"?}`) with the defaults applied at the local date `today`: due
/// today, `normal`, assigned to its creator; presets `background_365` and
/// `background_730` are due in 365 / 730 days, `low`.
#[pyfunction]
#[pyo3(signature = (draft, *, today))]
pub fn build_draft<'py>(
    py: Python<'py>,
    draft: &Bound<'py, PyAny>,
    today: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let d: Draft = convert::arg(draft, "draft")?;
    let today = day(today, "today")?;
    let f = d.build(today).map_err(core_err(py))?;
    convert::to_py(py, &f)
}

/// how late a follow-up due on `due` is at the local date `today`:
/// `{"status": "upcoming"}`, `{"status": "due_today"}` or `{"status":
/// "overdue", "days": n}`.
#[pyfunction]
pub fn lateness<'py>(
    py: Python<'py>,
    due: &Bound<'py, PyAny>,
    today: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let l = Lateness::of(day(due, "due")?, day(today, "today")?);
    convert::to_py(py, &l)
}

/// the local date of the instant `now` in `config`'s time zone
/// (`{"time_zone": "Europe/Paris"}`, the default): what "today" is.
#[pyfunction]
#[pyo3(signature = (now, config = None))]
pub fn today<'py>(
    py: Python<'py>,
    now: &Bound<'py, PyAny>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let now: DateTime<Utc> = convert::instant(now, "now")?;
    let config: Config = convert::arg_or_default(config, "config")?;
    convert::to_py(py, &config.today(now))
}

/// over a batch: `user`'s to-do and upcoming lists at the local
/// date `today`, each item `{"followup", "lateness"}`; follow-ups on the
/// same target merge first, invalid ones come back in `rejected`.
///
/// `followups` is a list of dicts or Arrow data (`target_id`, `assignees:
/// list<string>`, `due: date32`, `priority?`, `origin?`, `last_note?`,
/// `noted_at?`); `targets` maps target ids to `{"routines", "tags",
/// "open_opportunity"}`; `filters` is `{"assignee"?, "everyone"?,
/// "priorities"?, "routine"?, "tag"?, "opportunity"?}`. Returns `{"todo",
/// "upcoming", "rejected"}`: lists of dicts, or Arrow `Table`s for Arrow
/// input (items flattened: `&target_id, assignees, due, priority, origin,
/// last_note, noted_at, lateness, days_overdue`).
#[pyfunction]
#[pyo3(signature = (followups, user, *, today, filters = None, targets = None))]
pub fn lists<'py>(
    py: Python<'py>,
    followups: &Bound<'py, PyAny>,
    user: Text,
    today: &Bound<'py, PyAny>,
    filters: Option<&Bound<'py, PyAny>>,
    targets: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let today = day(today, "today")?;
    let filters: Filters = convert::arg_or_default(filters, "filters")?;
    let targets: BTreeMap<String, TargetInfo> = convert::arg_or_default(targets, "targets")?;
    let input = Input::read(Some(followups), "followups")?;
    let arrow_out = input.is_arrow();
    let result = py
        .detach(|| -> Result<Result<Lists, core::Error>, BadInput> {
            let followups = input.records("followups", followups_from_arrow)?;
            Ok(core::lists(&followups, &targets, &user, today, &filters))
        })
        .map_err(|e| e.into_pyerr(py))?
        .map_err(core_err(py))?;
    if arrow_out { crate::arrow::tables_dict(py, lists_tables(&result)) } else { convert::to_py(py, &result) }
}

/// over a batch: `user`'s day plan at `today`: to-do follow-ups of
/// targets with an open opportunity, the other to-do follow-ups, then the
/// best suspects without a follow-up. `options` is `{"suspects":
/// [{"company_id", "score"}], "max_suspects": 10}`. Returns `{"items",
/// "rejected"}`, each item tagged by `kind` (`opportunity`, `follow_up`,
/// `suspect`).
#[pyfunction]
#[pyo3(signature = (followups, user, *, today, filters = None, targets = None, options = None))]
pub fn day_plan<'py>(
    py: Python<'py>,
    followups: &Bound<'py, PyAny>,
    user: Text,
    today: &Bound<'py, PyAny>,
    filters: Option<&Bound<'py, PyAny>>,
    targets: Option<&Bound<'py, PyAny>>,
    options: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let today = day(today, "today")?;
    let filters: Filters = convert::arg_or_default(filters, "filters")?;
    let targets: BTreeMap<String, TargetInfo> = convert::arg_or_default(targets, "targets")?;
    let options: PlanOptions = convert::arg_or_default(options, "options")?;
    let followups: Vec<FollowUp> = convert::arg(followups, "followups")?;
    let plan =
        py.detach(|| core::day_plan(&followups, &targets, &user, today, &filters, &options)).map_err(core_err(py))?;
    convert::to_py(py, &plan)
}

/// Follow-ups in memory, one per target (R-4.2 on insert): removal,
/// lists, pages with opaque cursors, the day plan,
/// and export/import of its state as plain data (two books merge by
/// importing each other's export).
#[pyclass(module = "filrouge")]
#[derive(Default)]
pub struct FollowUpBook {
    inner: core::FollowUpBook,
}

#[pymethods]
impl FollowUpBook {
    /// An empty book.
    #[new]
    fn new() -> Self {
        FollowUpBook::default()
    }

    /// A book of `followups` (merged per target) and the rejected ones:
    /// `(book, rejected)`.
    ///
    /// Arrow data (columns `target_id`, `assignees: list<string>`, `due:
    /// date32`, `priority?`, `origin?`, `last_note?`, `noted_at?`) is loaded
    /// through the core's columnar bulk input, and the rejected ones come
    /// back as an Arrow table `row, id, rule, code, message`.
    #[staticmethod]
    fn from_followups<'py>(py: Python<'py>, followups: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyTuple>> {
        if crate::arrow::is_arrow(followups) {
            let batches = crate::arrow::import(followups, "followups")?;
            let (inner, refused) = py
                .detach(|| followup_columns(&batches, "followups").map(|cols| core::FollowUpBook::from_columns(&cols)))
                .map_err(|e| e.into_pyerr(py))?;
            let book = Bound::new(py, FollowUpBook { inner })?.into_any();
            return PyTuple::new(py, [book, Bound::new(py, refused_table(&refused))?.into_any()]);
        }
        let followups: Vec<FollowUp> = convert::arg(followups, "followups")?;
        let (inner, rejected) = py.detach(|| core::FollowUpBook::from_followups(followups));
        let book = Bound::new(py, FollowUpBook { inner })?.into_any();
        PyTuple::new(py, [book, convert::to_py(py, &rejected)?])
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __contains__(&self, target_id: Text) -> bool {
        self.inner.contains(&target_id)
    }

    /// The follow-up on `target_id`, or None.
    fn get<'py>(&self, py: Python<'py>, target_id: Text) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.get(&target_id))
    }

    /// Whether the target has a follow-up.
    fn contains(&self, target_id: Text) -> bool {
        self.inner.contains(&target_id)
    }

    /// Puts a follow-up, merged with the target's one: `"created"`,
    /// `"merged"` or `"unchanged"`. An invalid follow-up raises its class.
    fn put(&mut self, py: Python<'_>, followup: &Bound<'_, PyAny>) -> PyResult<String> {
        let f: FollowUp = convert::arg(followup, "followup")?;
        let put = self.inner.put(f).map_err(core_err(py))?;
        Ok(tag_name(&put))
    }

    /// Puts many follow-ups; returns the rejected ones (the others are in).
    /// Arrow data is loaded as in `from_followups` (rejected: an Arrow
    /// table `row, id, rule, code, message`); a value of the wrong type
    /// raises before anything is put.
    fn put_all<'py>(&mut self, py: Python<'py>, followups: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        if crate::arrow::is_arrow(followups) {
            let batches = crate::arrow::import(followups, "followups")?;
            let inner = &mut self.inner;
            let refused = py
                .detach(|| followup_columns(&batches, "followups").map(|cols| inner.put_columns(&cols)))
                .map_err(|e| e.into_pyerr(py))?;
            return Ok(Bound::new(py, refused_table(&refused))?.into_any());
        }
        let followups: Vec<FollowUp> = convert::arg(followups, "followups")?;
        let inner = &mut self.inner;
        let rejected = py.detach(|| inner.put_all(followups));
        convert::to_py(py, &rejected)
    }

    /// removes `user` from the target's follow-up:
    /// `{"outcome": "unassigned", "followup"}` or `{"outcome": "deleted",
    /// "followup"}` (the last assignee). Raises `UnknownTargetError`,
    /// `NotAssignedError`.
    fn unassign<'py>(&mut self, py: Python<'py>, target_id: Text, user: Text) -> PyResult<Bound<'py, PyAny>> {
        let r = self.inner.unassign(&target_id, &user).map_err(core_err(py))?;
        convert::to_py(py, &r)
    }

    /// Deletes the target's follow-up (done); returns it. Raises `UnknownTargetError`.
    fn delete<'py>(&mut self, py: Python<'py>, target_id: Text) -> PyResult<Bound<'py, PyAny>> {
        let f = self.inner.delete(&target_id).map_err(core_err(py))?;
        convert::to_py(py, &f)
    }

    /// Says what the host knows of a target (`{"routines", "tags",
    /// "open_opportunity"}`), for the filters and the day plan.
    fn set_target(&mut self, target_id: Text, info: &Bound<'_, PyAny>) -> PyResult<()> {
        let info: TargetInfo = convert::arg(info, "info")?;
        self.inner.set_target(&target_id, info);
        Ok(())
    }

    /// What the book knows of a target, or None.
    fn target<'py>(&self, py: Python<'py>, target_id: Text) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.target(&target_id))
    }

    /// `user`'s lists at `today`: `{"todo", "upcoming", "rejected"}`.
    #[pyo3(signature = (user, *, today, filters = None))]
    fn lists<'py>(
        &self,
        py: Python<'py>,
        user: Text,
        today: &Bound<'py, PyAny>,
        filters: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let today = day(today, "today")?;
        let filters: Filters = convert::arg_or_default(filters, "filters")?;
        let inner = &self.inner;
        let l = py.detach(|| inner.lists(&user, today, &filters)).map_err(core_err(py))?;
        convert::to_py(py, &l)
    }

    /// a page of at most `limit` items of `user`'s `list` (`"todo"`
    /// or `"upcoming"`) after `cursor` (the previous page's `next_cursor`):
    /// `{"items", "next_cursor"}`, `next_cursor` None on the last page.
    /// Raises `ZeroLimitError`, `BadCursorError`.
    #[pyo3(signature = (user, *, today, list, limit, filters = None, cursor = None))]
    #[allow(clippy::too_many_arguments)]
    fn page<'py>(
        &self,
        py: Python<'py>,
        user: Text,
        today: &Bound<'py, PyAny>,
        list: &Bound<'py, PyAny>,
        limit: Count,
        filters: Option<&Bound<'py, PyAny>>,
        cursor: Option<Text>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let today = day(today, "today")?;
        let list: List = convert::arg(list, "list")?;
        let filters: Filters = convert::arg_or_default(filters, "filters")?;
        let inner = &self.inner;
        let page =
            py.detach(|| inner.page(&user, today, list, &filters, limit.0, cursor.as_deref())).map_err(core_err(py))?;
        convert::to_py(py, &page)
    }

    /// `user`'s day plan at `today` (see `day_plan`): `{"items", "rejected"}`.
    #[pyo3(signature = (user, *, today, filters = None, options = None))]
    fn day_plan<'py>(
        &self,
        py: Python<'py>,
        user: Text,
        today: &Bound<'py, PyAny>,
        filters: Option<&Bound<'py, PyAny>>,
        options: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let today = day(today, "today")?;
        let filters: Filters = convert::arg_or_default(filters, "filters")?;
        let options: PlanOptions = convert::arg_or_default(options, "options")?;
        let inner = &self.inner;
        let plan = py.detach(|| inner.day_plan(&user, today, &filters, &options)).map_err(core_err(py))?;
        convert::to_py(py, &plan)
    }

    /// The book's content as plain data: `{"followups", "targets"}`.
    fn export<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.export())
    }

    /// Merges an exported state into the book (R-4.2 per target, target
    /// info united); returns the rejected follow-ups. (`import` is a Python
    /// keyword, hence the underscore.)
    fn import_<'py>(&mut self, py: Python<'py>, state: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let state: BookState = convert::arg(state, "state")?;
        let inner = &mut self.inner;
        let rejected = py.detach(|| inner.import(state));
        convert::to_py(py, &rejected)
    }

    fn __repr__(&self) -> String {
        format!("FollowUpBook({} follow-ups)", self.inner.len())
    }
}

/// A cadence: steps worked in order, each due at an offset from the
/// event or from the day the previous step was done. Built from `{"steps":
/// [{"offset", "from"?, "until"?, "priority"?, "note"?}]}`; at least one
/// step (`EmptyCadenceError`). Runs are plain dicts the host keeps
/// (`{"target_id", "assignees", "event", "step", "due", "latest"?, "finished"}`).
#[pyclass(module = "filrouge", frozen)]
pub struct Cadence {
    pub(crate) inner: core::Cadence,
}

fn run_arg(run: &Bound<'_, PyAny>) -> PyResult<core::CadenceRun> {
    convert::arg(run, "run")
}

#[pymethods]
impl Cadence {
    /// Validates `cadence` (a dict).
    #[new]
    fn new(py: Python<'_>, cadence: &Bound<'_, PyAny>) -> PyResult<Self> {
        let inner: core::Cadence = convert::arg(cadence, "cadence")?;
        inner.validate().map_err(core_err(py))?;
        Ok(Cadence { inner })
    }

    /// The steps, as dicts.
    #[getter]
    fn steps<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.steps)
    }

    /// The cadence as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner)
    }

    /// The due date of step `step` (0-based) given the event and the day the
    /// previous step was done.
    #[pyo3(signature = (step, event, previous_done = None))]
    fn due<'py>(
        &self,
        py: Python<'py>,
        step: Count,
        event: &Bound<'py, PyAny>,
        previous_done: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let event = day(event, "event")?;
        let previous: Option<NaiveDate> = convert::arg_or_default(previous_done, "previous_done")?;
        let d = self.inner.due(step.0, event, previous).map_err(core_err(py))?;
        convert::to_py(py, &d)
    }

    /// `(due, latest)` of step `step`: its due date and the last day of its
    /// window (None without `until`).
    #[pyo3(signature = (step, event, previous_done = None))]
    fn window<'py>(
        &self,
        py: Python<'py>,
        step: Count,
        event: &Bound<'py, PyAny>,
        previous_done: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let event = day(event, "event")?;
        let previous: Option<NaiveDate> = convert::arg_or_default(previous_done, "previous_done")?;
        let w = self.inner.window(step.0, event, previous).map_err(core_err(py))?;
        pair(py, &w.0, &w.1)
    }

    /// Starts the cadence on a target at `event`: `(run, followup)`, the
    /// first step's follow-up (origin `automation`).
    fn start<'py>(
        &self,
        py: Python<'py>,
        target_id: Text,
        assignees: &Bound<'py, PyAny>,
        event: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let assignees: BTreeSet<String> = convert::arg(assignees, "assignees")?;
        let event = day(event, "event")?;
        let r = self.inner.start(&target_id, assignees, event).map_err(core_err(py))?;
        pair(py, &r.0, &r.1)
    }

    /// The current step's follow-up of `run`; None once finished. Raises
    /// `CadenceMismatchError` for a run of another cadence.
    fn current<'py>(&self, py: Python<'py>, run: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let run = run_arg(run)?;
        let f = run.current(&self.inner).map_err(core_err(py))?;
        convert::to_py(py, &f)
    }

    /// the current step of `run` was done on `done_on`: `(run,
    /// followup)`, the advanced run and the next step's follow-up (None
    /// after the last step). Raises `CadenceFinishedError` when every step
    /// is done already.
    fn done<'py>(
        &self,
        py: Python<'py>,
        run: &Bound<'py, PyAny>,
        done_on: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let mut run = run_arg(run)?;
        let done_on = day(done_on, "done_on")?;
        let next = run.done(&self.inner, done_on).map_err(core_err(py))?;
        pair(py, &run, &next)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Cadence>().is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __repr__(&self) -> String {
        format!("Cadence({} steps)", self.inner.steps.len())
    }
}

/// Adds this module's functions and classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(merge, m)?)?;
    m.add_function(wrap_pyfunction!(unassign, m)?)?;
    m.add_function(wrap_pyfunction!(build_draft, m)?)?;
    m.add_function(wrap_pyfunction!(lateness, m)?)?;
    m.add_function(wrap_pyfunction!(today, m)?)?;
    m.add_function(wrap_pyfunction!(lists, m)?)?;
    m.add_function(wrap_pyfunction!(day_plan, m)?)?;
    m.add_class::<FollowUpBook>()?;
    m.add_class::<Cadence>()?;
    Ok(())
}
