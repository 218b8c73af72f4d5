//! `filrouge::scoring` for Python: `Routine`, `Companies`, `score`,
//! `rescore`, `Tags`, `Directory` (SPEC §5, R-5.1 … ). Conversion and
//! delegation only.

use crate::arrow::{self as pa, Builder, Columns, Input, Table, rejections_table};
use crate::convert::{self, BadInput, Text};
use crate::error;
use arrow_array::RecordBatch;
use arrow_schema::DataType;
use filrouge::scoring::{self as core, Licence, Previous, Scoring, Tag};
use pyo3::prelude::*;
use serde_json::{Map, Value};

/// A routine: mandatory and weighted criteria over company
/// fields, validated once. Built from its dict shape `{"id", "title",
/// "description"?, "users", "notify_at"?, "mandatory", "weighted"}`; a bad
/// criterion raises the condition's error class with `.path` within the
/// routine (`$.weighted[1].condition.value`).
#[pyclass(module = "filrouge", frozen, from_py_object)]
#[derive(Clone)]
pub struct Routine {
    inner: core::Routine,
}

#[pymethods]
impl Routine {
    /// Validates `routine` (a dict).
    #[new]
    fn new(py: Python<'_>, routine: &Bound<'_, PyAny>) -> PyResult<Self> {
        let json = convert::to_value(routine, &mut "routine".to_owned())?;
        let inner = core::Routine::parse(&json).map_err(|e| error::from_core(py, &e))?;
        Ok(Routine { inner })
    }

    /// The routine's id.
    #[getter]
    fn id(&self) -> &str {
        self.inner.id()
    }

    /// Its title.
    #[getter]
    fn title(&self) -> &str {
        self.inner.title()
    }

    /// Its description, if any.
    #[getter]
    fn description(&self) -> Option<&str> {
        self.inner.description()
    }

    /// The users it is assigned to.
    #[getter]
    fn users(&self) -> Vec<String> {
        self.inner.users().to_vec()
    }

    /// The score at which a company is notified, if any.
    #[getter]
    fn notify_at(&self) -> Option<u8> {
        self.inner.notify_at()
    }

    /// The routine as a dict (its JSON shape).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.to_json())
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Routine>().is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __repr__(&self) -> String {
        format!("Routine(id={:?}, title={:?})", self.inner.id(), self.inner.title())
    }
}

/// A routine argument: a `Routine` or its dict shape.
fn routine_arg(py: Python<'_>, routine: &Bound<'_, PyAny>) -> PyResult<core::Routine> {
    match routine.cast::<Routine>() {
        Ok(r) => Ok(r.get().inner.clone()),
        Err(_) => Routine::new(py, routine).map(|r| r.inner),
    }
}

/// Companies as columns (SPEC §5, §8), built once and scored by many
/// routines: from a list of flat dicts (`{"id", "naf", "headcount", …}`) or
/// Arrow data whose columns are the fields (string, number, bool, date32,
/// list<string>; `id` a string column). A table built from Arrow scores
/// into Arrow tables.
#[pyclass(module = "filrouge")]
pub struct Companies {
    inner: core::Companies,
    arrow: bool,
}

#[pymethods]
impl Companies {
    /// A table from `companies` (a list of dicts, Arrow data, or None for empty).
    #[new]
    #[pyo3(signature = (companies = None))]
    fn new(py: Python<'_>, companies: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let input = Input::read(companies, "companies")?;
        let arrow = input.is_arrow();
        let inner = py.detach(|| table_of(input)).map_err(|e| e.into_pyerr(py))?;
        Ok(Companies { inner, arrow })
    }

    /// Appends a company (a flat dict whose `id` is its id); returns its row.
    /// A company without a text id is kept and rejected when scored.
    fn push(&mut self, company: &Bound<'_, PyAny>) -> PyResult<usize> {
        let company: Map<String, Value> = convert::arg(company, "company")?;
        Ok(self.inner.push(&company))
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    /// The field (column) names, `id` aside.
    #[getter]
    fn fields(&self) -> Vec<String> {
        self.inner.fields().to_vec()
    }

    fn __repr__(&self) -> String {
        format!("Companies({} rows; {})", self.inner.len(), self.inner.fields().join(", "))
    }
}

/// The core table of a `companies` argument (no GIL needed).
fn table_of(input: Input) -> Result<core::Companies, BadInput> {
    match input {
        Input::Json(v) => {
            let rows: Vec<Map<String, Value>> = convert::from_value(v, "companies")?;
            Ok(core::Companies::from_maps(&rows))
        }
        Input::Arrow(batches) => table_from_arrow(&batches),
    }
}

/// A `Companies` table from Arrow batches: `id` (string) and one typed
/// column per other field; an all-null column is a field no company has.
fn table_from_arrow(batches: &[RecordBatch]) -> Result<core::Companies, BadInput> {
    let n: usize = batches.iter().map(RecordBatch::num_rows).sum();
    let cols: Vec<Columns<'_>> = Columns::each("companies", batches).collect();
    let Some(first) = cols.first() else { return Ok(core::Companies::new()) };
    let mut ids: Vec<&str> = Vec::with_capacity(n);
    for c in &cols {
        let col = pa::req_col(c, "id")?;
        // A null id is kept as an empty one: refused when scored, like a
        // company without an id, never a failure of the batch.
        ids.extend((0..c.len()).map(|row| col.get(row).unwrap_or("")));
    }
    let mut table = core::Companies::with_ids(&ids);
    let column_err = |e: core::ColumnError| BadInput::Value(format!("companies: {e}"));
    for name in first.names() {
        if name == "id" {
            continue;
        }
        let Some(dt) = first.data_type(&name) else { continue };
        match dt {
            DataType::Null => continue,
            DataType::Boolean => {
                let mut v = Vec::with_capacity(n);
                for c in &cols {
                    if let Some(a) = c.bools(&name, false)? {
                        v.extend(a.iter());
                    } else {
                        v.extend(std::iter::repeat_n(None, c.len()));
                    }
                }
                table.add_bool_column(&name, v).map_err(column_err)?;
            }
            DataType::Date32 => {
                let mut v: Vec<Option<String>> = Vec::with_capacity(n);
                for c in &cols {
                    match c.dates(&name, false)? {
                        Some(d) => v.extend(d),
                        None => v.extend(std::iter::repeat_n(None, c.len())),
                    }
                }
                table.add_text_column(&name, v.iter().map(Option::as_deref)).map_err(column_err)?;
            }
            DataType::List(_) | DataType::LargeList(_) => {
                let mut v: Vec<Option<Vec<&str>>> = Vec::with_capacity(n);
                for c in &cols {
                    let Some(lists) = c.string_lists(&name, false)? else {
                        v.extend(std::iter::repeat_n(None, c.len()));
                        continue;
                    };
                    for row in 0..c.len() {
                        match lists.get(row) {
                            None => v.push(None),
                            Some(items) => v.push(Some(
                                items
                                    .map(|s| s.ok_or_else(|| c.at(&name, row, "null item in a list")))
                                    .collect::<Result<_, _>>()?,
                            )),
                        }
                    }
                }
                table.add_text_list_column(&name, v).map_err(column_err)?;
            }
            dt if dt.is_numeric() => {
                let mut v = Vec::with_capacity(n);
                for c in &cols {
                    match c.numbers(&name, false)? {
                        Some(x) => v.extend(x),
                        None => v.extend(std::iter::repeat_n(None, c.len())),
                    }
                }
                table.add_number_column(&name, v).map_err(column_err)?;
            }
            _ => {
                let mut v: Vec<Option<&str>> = Vec::with_capacity(n);
                for c in &cols {
                    let Some(s) = c.strings(&name, false).map_err(|_| {
                        BadInput::Type(format!(
                            "companies: column `{name}` is {dt}, expected string, number, bool, date32 or list<string>"
                        ))
                    })?
                    else {
                        v.extend(std::iter::repeat_n(None, c.len()));
                        continue;
                    };
                    v.extend((0..c.len()).map(|row| s.get(row)));
                }
                table.add_text_column(&name, v).map_err(column_err)?;
            }
        }
    }
    Ok(table)
}

/// A scoring as Arrow tables: `ranking` (`company_id`, `score`, `raw`,
/// `matched: list<struct<criterion, weight, added>>`), `excluded`
/// (`company_id`), `rejected`.
fn scoring_tables(s: &Scoring) -> [(&'static str, Table); 3] {
    let mut counts = Vec::with_capacity(s.ranking.len());
    let (mut criterion, mut weight, mut added) = (Vec::new(), Vec::new(), Vec::new());
    for r in &s.ranking {
        counts.push(r.matched.len());
        for m in &r.matched {
            criterion.push(u32::try_from(m.criterion).unwrap_or(u32::MAX));
            weight.push(m.weight.as_str());
            added.push(m.added);
        }
    }
    let matched = Builder::new().u32s("criterion", criterion).strings("weight", weight).u8s("added", added);
    let ranking = Builder::new()
        .strings("company_id", s.ranking.iter().map(|r| r.company_id.as_str()))
        .u8s("score", s.ranking.iter().map(|r| r.score))
        .u32s("raw", s.ranking.iter().map(|r| r.raw))
        .struct_lists("matched", matched, &counts)
        .finish();
    let excluded = Builder::new().strings("company_id", s.excluded.iter().map(String::as_str)).finish();
    [("ranking", ranking), ("excluded", excluded), ("rejected", rejections_table(&s.rejected))]
}

/// Scores `routine` (a `Routine` or its dict) over `companies` (R-5.1,
/// in the routine iff every mandatory criterion is met, score
/// `min(100, 40 + Σ weights)`, best first then by id, each score explained.
///
/// `companies` is a list of dicts, Arrow data or a `Companies` table;
/// returns `{"ranking", "excluded", "rejected"}`: lists of dicts, or Arrow
/// `Table`s for Arrow input (and a `Companies` built from Arrow).
#[pyfunction]
pub fn score<'py>(
    py: Python<'py>,
    routine: &Bound<'py, PyAny>,
    companies: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let routine = routine_arg(py, routine)?;
    let (scoring, arrow) = if let Ok(table) = companies.cast::<Companies>() {
        let table = table.borrow();
        let t = &table.inner;
        (py.detach(|| core::score_table(&routine, t).to_scoring(&routine, t)), table.arrow)
    } else {
        let input = Input::read(Some(companies), "companies")?;
        let arrow = input.is_arrow();
        let s = py
            .detach(|| -> Result<Scoring, BadInput> {
                let t = table_of(input)?;
                Ok(core::score_table(&routine, &t).to_scoring(&routine, &t))
            })
            .map_err(|e| e.into_pyerr(py))?;
        (s, arrow)
    };
    if arrow { pa::tables_dict(py, scoring_tables(&scoring)) } else { convert::to_py(py, &scoring) }
}

/// Scores `routine` over `companies` (a list of dicts) and compares with
/// `previous` (`[{"company_id", "score"}]`, the last run): the
/// current `ranking`, `excluded`, `rejected`, and `entered`, `left`,
/// `changed`, `crossed` (reached `notify_at`), `rejected_previous`.
#[pyfunction]
#[pyo3(signature = (routine, previous, companies))]
pub fn rescore<'py>(
    py: Python<'py>,
    routine: &Bound<'py, PyAny>,
    previous: Option<&Bound<'py, PyAny>>,
    companies: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let routine = routine_arg(py, routine)?;
    let previous: Vec<Previous> = convert::arg_or_default(previous, "previous")?;
    let companies: Vec<Map<String, Value>> = convert::arg(companies, "companies")?;
    let r = py.detach(|| core::rescore(&routine, &previous, &companies));
    convert::to_py(py, &r)
}

/// Tags per (company, routine) and their `ex_client` mark. States
/// are dicts `{"tag", "ex_client"}`; a tag is `"suspect"`, `"prospect"`,
/// `"client"`, `"out_of_target"` or None.
#[pyclass(module = "filrouge")]
#[derive(Default)]
pub struct Tags {
    inner: core::Tags,
}

#[pymethods]
impl Tags {
    /// No tags yet.
    #[new]
    fn new() -> Self {
        Tags::default()
    }

    /// The state of a company in a routine (no tag, no mark by default).
    fn tag_of<'py>(&self, py: Python<'py>, company_id: Text, routine_id: Text) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.tag_of(&company_id, &routine_id))
    }

    /// Sets (or, with None, clears) the tag; returns the new state.
    fn set_tag<'py>(
        &mut self,
        py: Python<'py>,
        company_id: Text,
        routine_id: Text,
        tag: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let tag: Option<Tag> = convert::arg(tag, "tag")?;
        let s = self.inner.set_tag(&company_id, &routine_id, tag).map_err(|e| error::from_core(py, &e))?;
        convert::to_py(py, &s)
    }

    /// Sets or clears the `ex_client` mark; returns the new state.
    fn mark_ex_client<'py>(
        &mut self,
        py: Python<'py>,
        company_id: Text,
        routine_id: Text,
        ex_client: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let s = self.inner.mark_ex_client(&company_id, &routine_id, ex_client).map_err(|e| error::from_core(py, &e))?;
        convert::to_py(py, &s)
    }

    /// A follow-up was put on a company by `user`: the tag in the
    /// user's default routine follows; returns `{"routine_id", "from",
    /// "to", "changed"}`.
    fn followup_put<'py>(
        &mut self,
        py: Python<'py>,
        directory: PyRef<'py, Directory>,
        user: Text,
        company_id: Text,
    ) -> PyResult<Bound<'py, PyAny>> {
        let t = self.inner.followup_put(&directory.inner, &user, &company_id).map_err(|e| error::from_core(py, &e))?;
        convert::to_py(py, &t)
    }
}

/// Routines, who they are assigned to, licences (`"standard"`,
/// `"manager"`) and default routines.
#[pyclass(module = "filrouge")]
#[derive(Default)]
pub struct Directory {
    inner: core::Directory,
}

#[pymethods]
impl Directory {
    /// No routines yet.
    #[new]
    fn new() -> Self {
        Directory::default()
    }

    /// Adds a routine (a `Routine` or its dict), or replaces its assignment, from its `users`.
    fn define_routine(&mut self, py: Python<'_>, routine: &Bound<'_, PyAny>) -> PyResult<()> {
        let r = routine_arg(py, routine)?;
        self.inner.define_routine(&r);
        Ok(())
    }

    /// Assigns a defined routine to `users` (replacing its assignment).
    fn assign(&mut self, py: Python<'_>, routine_id: Text, users: &Bound<'_, PyAny>) -> PyResult<()> {
        let users: Vec<String> = convert::arg(users, "users")?;
        self.inner.assign(&routine_id, &users).map_err(|e| error::from_core(py, &e))
    }

    /// Removes a routine.
    fn remove_routine(&mut self, routine_id: Text) {
        self.inner.remove_routine(&routine_id);
    }

    /// Sets a user's licence.
    fn set_licence(&mut self, py: Python<'_>, user: Text, licence: &Bound<'_, PyAny>) -> PyResult<()> {
        let licence: Licence = convert::arg(licence, "licence")?;
        self.inner.set_licence(&user, licence).map_err(|e| error::from_core(py, &e))
    }

    /// A user's licence (`"standard"` by default).
    fn licence<'py>(&self, py: Python<'py>, user: Text) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.licence(&user))
    }

    /// Whether `user` sees routine `routine_id`.
    fn can_see(&self, user: Text, routine_id: Text) -> bool {
        self.inner.can_see(&user, &routine_id)
    }

    /// The routines `user` sees, by id.
    fn visible_routines(&self, user: Text) -> Vec<String> {
        self.inner.visible_routines(&user).into_iter().map(str::to_owned).collect()
    }

    /// Sets a user's default routine (one they see); returns the one it replaced.
    fn set_default_routine(&mut self, py: Python<'_>, user: Text, routine_id: Text) -> PyResult<Option<String>> {
        self.inner.set_default_routine(&user, &routine_id).map_err(|e| error::from_core(py, &e))
    }

    /// Clears a user's default routine; returns it.
    fn clear_default_routine(&mut self, user: Text) -> Option<String> {
        self.inner.clear_default_routine(&user)
    }

    /// A user's default routine, if any.
    fn default_routine(&self, user: Text) -> Option<String> {
        self.inner.default_routine(&user).map(str::to_owned)
    }
}

/// Adds this module's functions and classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(score, m)?)?;
    m.add_function(wrap_pyfunction!(rescore, m)?)?;
    m.add_class::<Routine>()?;
    m.add_class::<Companies>()?;
    m.add_class::<Tags>()?;
    m.add_class::<Directory>()?;
    Ok(())
}
