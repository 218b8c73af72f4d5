//! `filrouge::reveal` for Python: `RevealLedger` (SPEC §3, R-3.1 … ).
//! Conversion and delegation only.
//!
//! Requests, contexts, outcomes, events, statistics are plain dicts (their
//! JSON shapes of SPEC §9); the ledger is the long-lived engine.

use crate::convert::{self, Text};
use crate::error;
use chrono::{DateTime, Utc};
use filrouge::reveal::{
    self as core, Context, DiagnosticRequest, EnrichRequest, Event, RevealRequest, Role, StatsQuery,
};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

fn core_err(py: Python<'_>) -> impl Fn(core::Error) -> PyErr + '_ {
    move |e| error::from_core(py, &e)
}

fn instant(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<DateTime<Utc>> {
    convert::instant(obj, name)
}

fn context(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Context> {
    convert::arg(obj, name)
}

/// Who has revealed whom, for every tenant (SPEC §3): `can_see` (R-3.1 …
/// ), `reveal` (R-3.3b … ), diagnostics, metering
/// statistics. Its state is the fold of its events:
/// `events()` exports them, `import_(events)` and `merge(other)` unite
/// copies, `RevealLedger.from_events` replays them.
///
/// A context is `{"portal", "kind": "project"|"resource"|"conversation",
/// "id"}`; a role `"staff"`, `"admin"`, `"advisor_national"`,
/// `"advisor_local"`, `"advisor_guest"` or `"requester"`.
#[pyclass(module = "filrouge")]
pub struct RevealLedger {
    inner: core::RevealLedger,
}

#[pymethods]
impl RevealLedger {
    /// An empty ledger; `config` is `{"scope"?, "lapse_on_coordinate_change"?,
    /// "lapse_after_days"?, "follow_up_after_days"?, "time_zone"?,
    /// "portals"?}` (every field optional).
    #[new]
    #[pyo3(signature = (config = None))]
    fn new(config: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let config: core::Config = convert::arg_or_default(config, "config")?;
        Ok(RevealLedger { inner: core::RevealLedger::new(config) })
    }

    /// The ledger that is the fold of `events` (any order; duplicates count
    /// once) and what the fold refused: `(ledger, {"added", "duplicates",
    /// "rejected"})`.
    #[staticmethod]
    #[pyo3(signature = (events, config = None))]
    fn from_events<'py>(
        py: Python<'py>,
        events: &Bound<'py, PyAny>,
        config: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let config: core::Config = convert::arg_or_default(config, "config")?;
        let events: Vec<Event> = convert::arg(events, "events")?;
        let (inner, report) = py.detach(|| core::RevealLedger::from_events(config, events));
        let ledger = Bound::new(py, RevealLedger { inner })?.into_any();
        PyTuple::new(py, [ledger, convert::to_py(py, &report)?])
    }

    /// The configuration, as a dict.
    #[getter]
    fn config<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, self.inner.config())
    }

    /// Number of events held.
    fn __len__(&self) -> usize {
        self.inner.len()
    }

    /// Number of revealed (&viewer, &subject, scope) pairs.
    fn revealed_pairs(&self) -> usize {
        self.inner.revealed_pairs()
    }

    /// Memory held, in bytes, by structure: `{"pair_table", "log", "ids", "subjects"}`.
    fn memory<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.memory())
    }

    /// …: whether `viewer` (in `role`) sees `subject`'s
    /// coordinates in `context` at `now`: `{"visible", "reason"}` (`always`,
    /// `own`, `revealed`, `must_reveal`, `lapsed`, `not_related`).
    #[pyo3(signature = (tenant, viewer, role, subject, context, *, now))]
    #[allow(clippy::too_many_arguments)]
    fn can_see<'py>(
        &self,
        py: Python<'py>,
        tenant: Text,
        viewer: Text,
        role: &Bound<'py, PyAny>,
        subject: Text,
        context: &Bound<'py, PyAny>,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let role: Role = convert::arg(role, "role")?;
        let ctx = self::context(context, "context")?;
        let now = instant(now, "now")?;
        convert::to_py(py, &self.inner.can_see(&tenant, &viewer, role, &subject, &ctx, now))
    }

    /// `requester` recommended `contact` in `context` (a resource or
    /// a conversation) at `at`. Raises `WrongContextKindError`, `EmptyIdError`.
    #[pyo3(signature = (tenant, context, requester, contact, *, at))]
    fn recommend(
        &mut self,
        py: Python<'_>,
        tenant: Text,
        context: &Bound<'_, PyAny>,
        requester: Text,
        contact: Text,
        at: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let ctx = self::context(context, "context")?;
        let at = instant(at, "at")?;
        self.inner.recommend(&tenant, &ctx, &requester, &contact, at).map_err(core_err(py))
    }

    /// `requester` opened the project `context` at `at`.
    #[pyo3(signature = (tenant, context, requester, *, at))]
    fn open_project(
        &mut self,
        py: Python<'_>,
        tenant: Text,
        context: &Bound<'_, PyAny>,
        requester: Text,
        at: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let ctx = self::context(context, "context")?;
        let at = instant(at, "at")?;
        self.inner.open_project(&tenant, &ctx, &requester, at).map_err(core_err(py))
    }

    /// `subject`'s coordinates changed at `at`.
    #[pyo3(signature = (tenant, subject, *, at))]
    fn change_coordinates(
        &mut self,
        py: Python<'_>,
        tenant: Text,
        subject: Text,
        at: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let at = instant(at, "at")?;
        self.inner.change_coordinates(&tenant, &subject, at).map_err(core_err(py))
    }

    /// `subject` left the company at `at`.
    #[pyo3(signature = (tenant, subject, *, at))]
    fn leave_company(&mut self, py: Python<'_>, tenant: Text, subject: Text, at: &Bound<'_, PyAny>) -> PyResult<()> {
        let at = instant(at, "at")?;
        self.inner.leave_company(&tenant, &subject, at).map_err(core_err(py))
    }

    /// …, R-3.3b, R-3.7: reveals `subject` to `viewer`. `request`
    /// is `{"key", "tenant", "viewer", "role", "subject", "context", "at",
    /// "impersonated_by"?}`; returns `{"visible", "reason", "logged",
    /// "first", "contact_made", "consumed", "follow_up_at", "replayed"}`.
    /// Raises `RevealNotAllowedError`, `IdempotencyKeyReusedError`, …
    fn reveal<'py>(&mut self, py: Python<'py>, request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let r: RevealRequest = convert::arg(request, "request")?;
        let o = self.inner.reveal(&r).map_err(core_err(py))?;
        convert::to_py(py, &o)
    }

    /// Reveals a batch in input order: `{"outcomes": [(key, outcome)],
    /// "rejected"}`; never fails whole.
    fn reveal_many<'py>(&mut self, py: Python<'py>, requests: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let requests: Vec<RevealRequest> = convert::arg(requests, "requests")?;
        let inner = &mut self.inner;
        let batch = py.detach(|| inner.reveal_many(&requests));
        convert::to_py(py, &batch)
    }

    /// an enrichment of a subject's coordinates: `request` is `{"key",
    /// "tenant", "subject", "by", "at", "succeeded"}`; returns `{"logged",
    /// "consumed", "replayed"}`.
    fn enrich<'py>(&mut self, py: Python<'py>, request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let r: EnrichRequest = convert::arg(request, "request")?;
        let o = self.inner.enrich(&r).map_err(core_err(py))?;
        convert::to_py(py, &o)
    }

    /// marks a project's diagnostic done: `request` is `{"tenant",
    /// "project", "actor", "role", "at"}`; returns the status `{"marked",
    /// "marked_by", "marked_at", "history"}`.
    fn mark_diagnostic<'py>(&mut self, py: Python<'py>, request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let r: DiagnosticRequest = convert::arg(request, "request")?;
        let s = self.inner.mark_diagnostic(&r).map_err(core_err(py))?;
        convert::to_py(py, &s)
    }

    /// undoes a project's diagnostic mark (as `mark_diagnostic`).
    fn undo_diagnostic<'py>(&mut self, py: Python<'py>, request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let r: DiagnosticRequest = convert::arg(request, "request")?;
        let s = self.inner.undo_diagnostic(&r).map_err(core_err(py))?;
        convert::to_py(py, &s)
    }

    /// a project's diagnostic status.
    fn diagnostic<'py>(
        &self,
        py: Python<'py>,
        tenant: Text,
        project: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let project = self::context(project, "project")?;
        convert::to_py(py, &self.inner.diagnostic(&tenant, &project))
    }

    /// statistics: `query` is `{"tenant"?, "from"?, "to"?, "period"?:
    /// "day"|"month"|"year"|"all", "group_by"?: ["portal"|"context"|"role"]}`;
    /// returns `{"contacts_made", "diagnostics", "consumption"}`.
    #[pyo3(signature = (query = None))]
    fn stats<'py>(&self, py: Python<'py>, query: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        let q: StatsQuery = convert::arg_or_default(query, "query")?;
        let inner = &self.inner;
        let s = py.detach(|| inner.stats(&q));
        convert::to_py(py, &s)
    }

    /// a tenant's units consumed per month and owned contacts at
    /// `now`: `{"tenant", "months", "owned", "left"}`.
    #[pyo3(signature = (tenant, *, now))]
    fn consumption<'py>(&self, py: Python<'py>, tenant: Text, now: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let now = instant(now, "now")?;
        convert::to_py(py, &self.inner.consumption(&tenant, now))
    }

    /// Every event, in canonical order (tagged by `"event"`).
    fn events<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.events())
    }

    /// Folds `events` into the ledger: `{"added", "duplicates", "rejected"}`.
    /// (`import` is a Python keyword, hence the underscore.)
    fn import_<'py>(&mut self, py: Python<'py>, events: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let events: Vec<Event> = convert::arg(events, "events")?;
        let inner = &mut self.inner;
        let report = py.detach(|| inner.import(events));
        convert::to_py(py, &report)
    }

    /// Unites `other`'s events into this ledger: `{"added", "duplicates", "rejected"}`.
    fn merge<'py>(&mut self, py: Python<'py>, other: &Bound<'py, RevealLedger>) -> PyResult<Bound<'py, PyAny>> {
        // The same ledger on both sides: merging it into itself adds nothing.
        let other = other.try_borrow().map(|o| o.inner.clone());
        let report = match other {
            Ok(o) => self.inner.merge(&o),
            Err(_) => {
                let me = self.inner.clone();
                self.inner.merge(&me)
            }
        };
        convert::to_py(py, &report)
    }

    /// A copy of the ledger.
    fn copy(&self) -> Self {
        RevealLedger { inner: self.inner.clone() }
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        match other.cast::<RevealLedger>() {
            Ok(o) => o.try_borrow().is_ok_and(|o| o.inner == self.inner),
            // Not a ledger.
            Err(_) => false,
        }
    }

    fn __repr__(&self) -> String {
        format!("RevealLedger({} events)", self.inner.len())
    }
}

/// Adds this module's classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<RevealLedger>()?;
    Ok(())
}
