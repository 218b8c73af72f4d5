//! `filrouge::pipeline` for Python: `Pipeline`, `eligibility`,
//! `can_move_to` (SPEC §7, R-7.1 … ). Conversion and delegation only.
//!
//! Organisations, cards, transitions and plans are plain dicts (their JSON
//! shapes of SPEC §9); the pipeline is the long-lived engine, persisted
//! through `to_dict()` / `Pipeline.from_dict(d)`.

use crate::convert::{self, Text};
use crate::error;
use crate::followup::Cadence;
use chrono::{DateTime, Utc};
use filrouge::pipeline::{self as core, Organisation, PipelineConfig, Stage};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

fn core_err(py: Python<'_>) -> impl Fn(core::Error) -> PyErr + '_ {
    move |e| error::from_core(py, &e)
}

/// whether an organisation (`{"id", "name"?, "kind":
/// "public_body"|"association"|"company"|"other",
/// "public_service_mission"?, "attestation"?}`) may have an account, and
/// why: `{"eligible", "reason"}`.
#[pyfunction]
pub fn eligibility<'py>(py: Python<'py>, organisation: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let o: Organisation = convert::arg(organisation, "organisation")?;
    convert::to_py(py, &core::eligibility(&o))
}

/// whether a card may move from stage `from_` to stage `to`
/// (`"identified"`, `"documentation_sent"`, `"account_created"`, `"refused"`).
#[pyfunction]
pub fn can_move_to(from_: &Bound<'_, PyAny>, to: &Bound<'_, PyAny>) -> PyResult<bool> {
    let from: Stage = convert::arg(from_, "from_")?;
    let to: Stage = convert::arg(to, "to")?;
    Ok(from.can_move_to(to))
}

/// The onboarding pipeline (SPEC §7): one card per organisation (its
/// description, stage and transition history). `config` is `{"time_zone"?,
/// "conversion_plan"?: [{"step", "after_days", "until_days"?}]}`.
#[pyclass(module = "filrouge")]
pub struct Pipeline {
    inner: core::Pipeline,
}

#[pymethods]
impl Pipeline {
    /// An empty pipeline.
    #[new]
    #[pyo3(signature = (config = None))]
    fn new(config: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let config: PipelineConfig = convert::arg_or_default(config, "config")?;
        Ok(Pipeline { inner: core::Pipeline::new(config) })
    }

    /// A pipeline from its dict shape `{"config", "cards"}`.
    #[staticmethod]
    fn from_dict(pipeline: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Pipeline { inner: convert::arg(pipeline, "pipeline")? })
    }

    /// The pipeline as a dict `{"config", "cards": {id: card}}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner)
    }

    /// The configuration, as a dict.
    #[getter]
    fn config<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.config)
    }

    /// Number of organisations.
    fn __len__(&self) -> usize {
        self.inner.cards.len()
    }

    /// adds an organisation at `identified`; returns its card.
    /// Raises `DuplicateOrganisationError`, `EmptyIdError`.
    #[pyo3(signature = (organisation, by, *, at))]
    fn create<'py>(
        &mut self,
        py: Python<'py>,
        organisation: &Bound<'py, PyAny>,
        by: Text,
        at: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let o: Organisation = convert::arg(organisation, "organisation")?;
        let at: DateTime<Utc> = convert::instant(at, "at")?;
        let card = self.inner.create(o, &by, at).map_err(core_err(py))?;
        convert::to_py(py, card)
    }

    /// Replaces an organisation's description (same id); returns its card.
    fn update<'py>(&mut self, py: Python<'py>, organisation: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let o: Organisation = convert::arg(organisation, "organisation")?;
        let card = self.inner.update(o).map_err(core_err(py))?;
        convert::to_py(py, card)
    }

    /// moves an organisation to stage `to`; returns the
    /// transition `{"from", "to", "by", "at"}`. Raises
    /// `InvalidTransitionError`, `AlreadyInStageError`,
    /// `MoveBeforeLastError`, `NotEligibleError`, `UnknownOrganisationError`.
    #[pyo3(signature = (organisation_id, to, by, *, at))]
    fn move_to<'py>(
        &mut self,
        py: Python<'py>,
        organisation_id: Text,
        to: &Bound<'py, PyAny>,
        by: Text,
        at: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let to: Stage = convert::arg(to, "to")?;
        let at: DateTime<Utc> = convert::instant(at, "at")?;
        let t = self.inner.move_to(&organisation_id, to, &by, at).map_err(core_err(py))?;
        convert::to_py(py, t)
    }

    /// The card of an organisation: `{"organisation", "stage", "history"}`.
    fn card<'py>(&self, py: Python<'py>, organisation_id: Text) -> PyResult<Bound<'py, PyAny>> {
        let card = self.inner.card(&organisation_id).map_err(core_err(py))?;
        convert::to_py(py, card)
    }

    /// the conversion follow-ups of an organisation whose account was
    /// created: `{"organisation_id", "account_created_at", "created_by",
    /// "steps": [{"step", "due", "latest"?}]}`. Raises `NoAccountError`.
    fn plan<'py>(&self, py: Python<'py>, organisation_id: Text) -> PyResult<Bound<'py, PyAny>> {
        let plan = self.inner.plan(&organisation_id).map_err(core_err(py))?;
        convert::to_py(py, &plan)
    }

    /// the conversion plan as a `Cadence`.
    fn conversion_cadence(&self) -> Cadence {
        Cadence { inner: self.inner.conversion_cadence() }
    }

    /// starts the conversion cadence of an organisation:
    /// `(run, followup)`; `conversion_cadence().done(run, day)` gives the
    /// next ones. Raises `NoAccountError`.
    fn start_conversion<'py>(&self, py: Python<'py>, organisation_id: Text) -> PyResult<Bound<'py, PyTuple>> {
        let (run, f) = self.inner.start_conversion(&organisation_id).map_err(core_err(py))?;
        PyTuple::new(py, [convert::to_py(py, &run)?, convert::to_py(py, &f)?])
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Pipeline>().is_ok_and(|o| o.try_borrow().is_ok_and(|o| o.inner == self.inner))
    }

    fn __repr__(&self) -> String {
        format!("Pipeline({} organisations)", self.inner.cards.len())
    }
}

/// Adds this module's functions and classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(eligibility, m)?)?;
    m.add_function(wrap_pyfunction!(can_move_to, m)?)?;
    m.add_class::<Pipeline>()?;
    Ok(())
}
