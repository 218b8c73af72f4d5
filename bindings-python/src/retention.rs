//! `filrouge::retention` for Python: `RetentionPolicy`, `evaluate`,
//! `Evaluator` (SPEC §2, R-2.6 … ). Conversion and delegation only.

use crate::arrow::{Builder, Columns, Input, Table, opt_tag, rejections_table, req, req_col, req_tag, tag_name};
use crate::convert::{self, BadInput};
use crate::error;
use filrouge::history::{Channel, MailSource};
use filrouge::retention::{self as core, Evaluation, Part, Record, Verdict};
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Retention records from Arrow columns: `id, client_id, channel,
/// mail_source?, occurred_at`.
fn records_from_arrow(c: &Columns<'_>, out: &mut Vec<Record>) -> Result<(), BadInput> {
    let id = req_col(c, "id")?;
    let client_id = req_col(c, "client_id")?;
    let channel = req_col(c, "channel")?;
    let mail_source = c.strings("mail_source", false)?;
    let occurred_at = c.instants("occurred_at", true)?.ok_or_else(|| c.at("occurred_at", 0, "missing column"))?;
    out.reserve(c.len());
    for (row, occurred) in occurred_at.iter().enumerate() {
        out.push(Record {
            id: req(c, &id, "id", row)?.to_owned(),
            client_id: req(c, &client_id, "client_id", row)?.to_owned(),
            channel: req_tag(c, &channel, "channel", row)?,
            mail_source: opt_tag(c, &mail_source, "mail_source", row)?,
            occurred_at: occurred.ok_or_else(|| c.at("occurred_at", row, "null in a required column"))?,
        });
    }
    Ok(())
}

/// A retention policy: rules mapping (mail source, channel,
/// part) to a period, and the time zone whose calendar steps months and
/// years. `RetentionPolicy()` is the default table of.
#[pyclass(module = "filrouge", frozen, from_py_object)]
#[derive(Clone)]
pub struct RetentionPolicy {
    inner: core::RetentionPolicy,
}

#[pymethods]
impl RetentionPolicy {
    /// `rules` (a list of `{"mail_source"?, "channel"?, "part", "keep"}`)
    /// replaces the default table when given; `time_zone` is an IANA name.
    #[new]
    #[pyo3(signature = (time_zone = None, rules = None))]
    fn new(time_zone: Option<&Bound<'_, PyAny>>, rules: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let mut inner = core::RetentionPolicy::default();
        if let Some(tz) = time_zone.filter(|t| !t.is_none()) {
            inner.time_zone = convert::arg(tz, "time_zone")?;
        }
        if let Some(rules) = rules.filter(|r| !r.is_none()) {
            inner.rules = convert::arg(rules, "rules")?;
        }
        Ok(RetentionPolicy { inner })
    }

    /// A policy from its dict shape `{"time_zone"?, "rules"?}`.
    #[staticmethod]
    fn from_dict(policy: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(RetentionPolicy { inner: convert::arg(policy, "policy")? })
    }

    /// The policy as a dict `{"time_zone", "rules"}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner)
    }

    /// The IANA time zone.
    #[getter]
    fn time_zone(&self) -> &'static str {
        self.inner.time_zone.name()
    }

    /// The rules, as dicts.
    #[getter]
    fn rules<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.rules)
    }

    /// When `part` of a record on `channel` from `mail_source` (None for
    /// none) that occurred at `occurred_at` expires; None when no rule
    /// limits it.
    fn expiry<'py>(
        &self,
        py: Python<'py>,
        channel: &Bound<'py, PyAny>,
        mail_source: &Bound<'py, PyAny>,
        part: &Bound<'py, PyAny>,
        occurred_at: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let channel: Channel = convert::arg(channel, "channel")?;
        let mail_source: Option<MailSource> = convert::arg(mail_source, "mail_source")?;
        let part: Part = convert::arg(part, "part")?;
        let occurred_at = convert::instant(occurred_at, "occurred_at")?;
        convert::to_py(py, &self.inner.expiry(channel, mail_source, part, occurred_at))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<RetentionPolicy>().is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __repr__(&self) -> String {
        format!("RetentionPolicy(time_zone={:?}, {} rules)", self.inner.time_zone.name(), self.inner.rules.len())
    }
}

/// A policy argument: a `RetentionPolicy`, its dict shape, or None (R-2.6 defaults).
fn policy_arg(policy: Option<&Bound<'_, PyAny>>) -> PyResult<core::RetentionPolicy> {
    match policy {
        Some(p) if !p.is_none() => match p.cast::<RetentionPolicy>() {
            Ok(p) => Ok(p.get().inner.clone()),
            Err(_) => convert::arg(p, "policy"),
        },
        _ => Ok(core::RetentionPolicy::default()),
    }
}

/// A verdict as a dict: `{"purge", "next_expiry", "kept", "held", "erased"}`.
fn verdict_to_py<'py>(py: Python<'py>, v: &Verdict) -> PyResult<Bound<'py, PyAny>> {
    let kept = pyo3::types::PyList::empty(py);
    for (part, reason, until) in v.kept() {
        let item = PyDict::new(py);
        item.set_item("part", convert::to_py(py, &part)?)?;
        item.set_item("reason", convert::to_py(py, &reason)?)?;
        if let Some(u) = until {
            item.set_item("until", convert::to_py(py, &u)?)?;
        }
        kept.append(item)?;
    }
    let d = PyDict::new(py);
    d.set_item("purge", convert::to_py(py, &v.purge())?)?;
    d.set_item("next_expiry", convert::to_py(py, &v.next_expiry())?)?;
    d.set_item("kept", kept)?;
    d.set_item("held", v.held())?;
    d.set_item("erased", v.erased())?;
    Ok(d.into_any())
}

/// An evaluation as Arrow tables: `records` (`id`, `purge: list<string>`,
/// `next_expiry`, `kept: list<struct<part, reason, until>>`, `erased`) and
/// `rejected`.
fn evaluation_tables(e: &Evaluation) -> [(&'static str, Table); 2] {
    let part_names = Part::ALL.map(|p| tag_name(&p));
    let name_of = |p: Part| part_names[Part::ALL.iter().position(|q| *q == p).unwrap_or(0)].as_str();
    let mut kept_counts = Vec::with_capacity(e.records.len());
    let (mut kept_part, mut kept_reason, mut kept_until) = (Vec::new(), Vec::new(), Vec::new());
    for r in &e.records {
        let kept = r.verdict.kept();
        kept_counts.push(kept.len());
        for (part, reason, until) in kept {
            kept_part.push(name_of(part));
            kept_reason.push(tag_name(&reason));
            kept_until.push(until);
        }
    }
    let kept = Builder::new()
        .strings("part", kept_part)
        .strings("reason", kept_reason.iter().map(String::as_str))
        .instants("until", kept_until);
    let records = Builder::new()
        .strings("id", e.records.iter().map(|r| r.id.as_str()))
        .string_lists("purge", e.records.iter().map(|r| r.verdict.purge().into_iter().map(name_of)))
        .instants("next_expiry", e.records.iter().map(|r| r.verdict.next_expiry()))
        .struct_lists("kept", kept, &kept_counts)
        .bools("erased", e.records.iter().map(|r| r.verdict.erased()))
        .finish();
    [("records", records), ("rejected", rejections_table(&e.rejected))]
}

/// Evaluates `policy` at `now` over `records` (R-2.6 … ): per record,
/// the parts to purge now and the next expiry; held clients lose nothing,
/// erased clients everything a hold does not protect.
///
/// `records` is a list of dicts or Arrow data; returns `{"records",
/// "rejected"}` (lists of dicts, or Arrow `Table`s for Arrow input), records
/// in input order.
#[pyfunction]
#[pyo3(signature = (policy, records, *, now, holds = None, erasures = None))]
pub fn evaluate<'py>(
    py: Python<'py>,
    policy: Option<&Bound<'py, PyAny>>,
    records: &Bound<'py, PyAny>,
    now: &Bound<'py, PyAny>,
    holds: Option<&Bound<'py, PyAny>>,
    erasures: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let policy = policy_arg(policy)?;
    let now = convert::instant(now, "now")?;
    let holds: Vec<String> = convert::arg_or_default(holds, "holds")?;
    let erasures: Vec<String> = convert::arg_or_default(erasures, "erasures")?;
    let records = Input::read(Some(records), "records")?;
    let arrow_out = records.is_arrow();
    let result = py
        .detach(|| -> Result<_, BadInput> {
            let records = records.records("records", records_from_arrow)?;
            let e = core::evaluate(&policy, &records, &holds, &erasures, now);
            crate::arrow::drop_later(records);
            Ok(if arrow_out { Err(evaluation_tables(&e)) } else { Ok(e) })
        })
        .map_err(|e| e.into_pyerr(py))?;
    match result {
        Ok(e) => convert::to_py(py, &e),
        Err(tables) => crate::arrow::tables_dict(py, tables),
    }
}

/// A policy, holds and erasure requests applied at one `now`, record by
/// record (for hosts that stream their records).
#[pyclass(module = "filrouge")]
pub struct Evaluator {
    inner: core::Evaluator,
}

#[pymethods]
impl Evaluator {
    /// Prepares the evaluation of `policy` (a `RetentionPolicy`, its dict, or
    /// None for R-2.6's table) at `now`.
    #[new]
    #[pyo3(signature = (policy = None, *, now, holds = None, erasures = None))]
    fn new(
        policy: Option<&Bound<'_, PyAny>>,
        now: &Bound<'_, PyAny>,
        holds: Option<&Bound<'_, PyAny>>,
        erasures: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let policy = policy_arg(policy)?;
        let now = convert::instant(now, "now")?;
        let holds: Vec<String> = convert::arg_or_default(holds, "holds")?;
        let erasures: Vec<String> = convert::arg_or_default(erasures, "erasures")?;
        Ok(Evaluator { inner: core::Evaluator::new(&policy, &holds, &erasures, now) })
    }

    /// The verdict on one record (`{"id", "client_id", "channel",
    /// "mail_source"?, "occurred_at"}`): `{"purge", "next_expiry", "kept",
    /// "held", "erased"}`. Raises `EmptyReferenceError` for an empty `client_id`.
    fn evaluate_one<'py>(&mut self, py: Python<'py>, record: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let record: Record = convert::arg(record, "record")?;
        let v = self.inner.evaluate_one(&record).map_err(|e| error::from_core(py, &e))?;
        verdict_to_py(py, &v)
    }

    /// The verdict on a contact given by its fields (`held` if any of its
    /// clients is held).
    #[pyo3(signature = (channel, mail_source, occurred_at, *, held = false, erased = false))]
    fn verdict<'py>(
        &mut self,
        py: Python<'py>,
        channel: &Bound<'py, PyAny>,
        mail_source: &Bound<'py, PyAny>,
        occurred_at: &Bound<'py, PyAny>,
        held: bool,
        erased: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let channel: Channel = convert::arg(channel, "channel")?;
        let mail_source: Option<MailSource> = convert::arg(mail_source, "mail_source")?;
        let occurred_at = convert::instant(occurred_at, "occurred_at")?;
        let v = self.inner.verdict(channel, mail_source, occurred_at, held, erased);
        verdict_to_py(py, &v)
    }
}

/// Adds this module's functions and classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(evaluate, m)?)?;
    m.add_class::<RetentionPolicy>()?;
    m.add_class::<Evaluator>()?;
    Ok(())
}
