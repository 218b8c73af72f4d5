//! `filrouge::trigger` for Python: `nps_class`, `TriggerSet`, `FiredLog`,
//! `SurveyPressure` (SPEC §6, R-6.2 … ). Conversion and delegation only.
//!
//! Surveys, responses, triggers, send requests and decisions are plain
//! dicts (their JSON shapes of SPEC §9); the trigger set, the fired log and
//! the survey-pressure ledger are the long-lived engines.

use crate::convert::{self, Text};
use crate::error;
use chrono::NaiveDate;
use filrouge::trigger::{self as core, PressureConfig, Response, SendRequest, Survey, Trigger, TriggerConfig};
use pyo3::prelude::*;

fn core_err(py: Python<'_>) -> impl Fn(core::Error) -> PyErr + '_ {
    move |e| error::from_core(py, &e)
}

/// the NPS class of an answer: `"detractor"` (0–6), `"passive"`
/// (7–8) or `"promoter"` (9–10). Anything but a whole number 0–10 (`9.0`
/// is 9) raises `InvalidNpsAnswerError`.
#[pyfunction]
pub fn nps_class<'py>(py: Python<'py>, answer: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let answer = convert::to_value(answer, &mut "answer".to_owned())?;
    let class = core::nps_class(&answer).map_err(core_err(py))?;
    convert::to_py(py, &class)
}

/// Which trigger fired on which response: none fires twice on a
/// response. Persist it with `to_dict()` and restore it with
/// `FiredLog.from_dict(d)`.
#[pyclass(module = "filrouge")]
#[derive(Default)]
pub struct FiredLog {
    inner: core::FiredLog,
}

#[pymethods]
impl FiredLog {
    /// An empty log.
    #[new]
    fn new() -> Self {
        FiredLog::default()
    }

    /// A log from its dict shape `{"fired": {response_id: [trigger_id]}}`.
    #[staticmethod]
    fn from_dict(log: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(FiredLog { inner: convert::arg(log, "log")? })
    }

    /// The log as a dict `{"fired": {response_id: [trigger_id]}}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner)
    }

    /// Whether `trigger_id` already fired on `response_id`.
    fn has_fired(&self, trigger_id: Text, response_id: Text) -> bool {
        self.inner.has_fired(&trigger_id, &response_id)
    }

    /// Remembers that `trigger_id` fired on `response_id`.
    fn record(&mut self, trigger_id: Text, response_id: Text) {
        self.inner.record(&trigger_id, &response_id);
    }

    /// Every firing as `(&trigger_id, &response_id)`, by response then trigger.
    fn firings(&self) -> Vec<(String, String)> {
        self.inner.firings().into_iter().map(|(t, r)| (t.to_owned(), r.to_owned())).collect()
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<FiredLog>().is_ok_and(|o| o.try_borrow().is_ok_and(|o| o.inner == self.inner))
    }

    fn __repr__(&self) -> String {
        format!("FiredLog({} firings)", self.inner.len())
    }
}

/// Triggers, validated once: each creates a contact from a survey
/// response that meets its conditions, its fields mapped from the response.
/// `triggers` is a list of `{"id", "name", "active"?, "survey_id"?,
/// "conditions"?, "action", "mapping"}`; `config` is
/// `{"custom_field_names"?: {name: 1..20}}`. An invalid trigger raises its
/// class (`UnknownTargetFieldError`, `InvalidTriggerError` for a wrong
/// shape, …); an invalid condition raises the condition's own class
/// (`UnknownOperatorError`, …) with `.path` in the list
/// (`$[0].conditions[1].op`).
#[pyclass(module = "filrouge", frozen)]
pub struct TriggerSet {
    inner: core::TriggerSet,
}

#[pymethods]
impl TriggerSet {
    /// Validates `triggers`.
    #[new]
    #[pyo3(signature = (triggers, config = None))]
    fn new(py: Python<'_>, triggers: &Bound<'_, PyAny>, config: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let triggers = convert::to_value(triggers, &mut "triggers".to_owned())?;
        let config: TriggerConfig = convert::arg_or_default(config, "config")?;
        let inner = core::TriggerSet::parse(&triggers, config).map_err(core_err(py))?;
        Ok(TriggerSet { inner })
    }

    /// The triggers, as dicts, in id order.
    #[getter]
    fn triggers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let triggers: Vec<&Trigger> = self.inner.triggers().collect();
        convert::to_py(py, &triggers)
    }

    /// The configuration, as a dict.
    #[getter]
    fn config<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, self.inner.config())
    }

    /// evaluates the triggers on one response of `survey`,
    /// recording firings in `log`: `{"response_id", "fired",
    /// "already_fired", "not_met", "inactive", "errors"}`. A response of
    /// another survey raises `UnknownSurveyError`.
    fn evaluate<'py>(
        &self,
        py: Python<'py>,
        log: &Bound<'py, FiredLog>,
        survey: &Bound<'py, PyAny>,
        response: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let survey: Survey = convert::arg(survey, "survey")?;
        let response: Response = convert::arg(response, "response")?;
        let mut log = log.try_borrow_mut()?;
        let o = self.inner.evaluate(&mut log.inner, &survey, &response).map_err(core_err(py))?;
        convert::to_py(py, &o)
    }

    /// over a batch: `{"firings", "already_fired",
    /// "rejected"}`, firings in (submitted_at, response id, trigger id)
    /// order; never fails whole.
    fn evaluate_all<'py>(
        &self,
        py: Python<'py>,
        log: &Bound<'py, FiredLog>,
        surveys: &Bound<'py, PyAny>,
        responses: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let surveys: Vec<Survey> = convert::arg(surveys, "surveys")?;
        let responses: Vec<Response> = convert::arg(responses, "responses")?;
        let mut log = log.try_borrow_mut()?;
        let log = &mut log.inner;
        let inner = &self.inner;
        let batch = py.detach(|| inner.evaluate_all(log, &surveys, &responses));
        convert::to_py(py, &batch)
    }

    fn __len__(&self) -> usize {
        self.inner.triggers().count()
    }

    fn __repr__(&self) -> String {
        format!("TriggerSet({} triggers)", self.inner.triggers().count())
    }
}

/// Survey pressure: whether a satisfaction survey may go to a
/// client, and why not. `config` is `{"time_zone"?, "period"?: {"months"|
/// "days"|"years": n}}` (3 calendar months, `Europe/Paris` by default); a
/// request is `{"client_id", "survey_id", "kind"?, "at"}`. Persist it with
/// `to_dict()`, restore it with `SurveyPressure.from_dict(d)`.
#[pyclass(module = "filrouge")]
pub struct SurveyPressure {
    inner: core::SurveyPressure,
}

#[pymethods]
impl SurveyPressure {
    /// An empty ledger counting with `config`.
    #[new]
    #[pyo3(signature = (config = None))]
    fn new(config: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let config: PressureConfig = convert::arg_or_default(config, "config")?;
        Ok(SurveyPressure { inner: core::SurveyPressure::new(config) })
    }

    /// A ledger from its dict shape `{"config", "sent"}`.
    #[staticmethod]
    fn from_dict(pressure: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(SurveyPressure { inner: convert::arg(pressure, "pressure")? })
    }

    /// The ledger as a dict `{"config", "sent": {client_id: [{survey_id, sent_at}]}}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner)
    }

    /// The configuration, as a dict.
    #[getter]
    fn config<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.config)
    }

    /// The first local day a survey may go after one sent on `day`.
    fn allowed_from<'py>(&self, py: Python<'py>, day: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let day: NaiveDate = convert::arg(day, "day")?;
        convert::to_py(py, &self.inner.config.allowed_from(day))
    }

    /// whether `request` may be sent, without recording it:
    /// `{"decision": "send", "counted"}` or `{"decision": "suppress",
    /// "reason", "previous", "allowed_from"?, "allowed_at"?}`.
    fn check<'py>(&self, py: Python<'py>, request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let r: SendRequest = convert::arg(request, "request")?;
        let d = self.inner.check(&r).map_err(core_err(py))?;
        convert::to_py(py, &d)
    }

    /// as `check`, and a sent survey is recorded.
    fn send<'py>(&mut self, py: Python<'py>, request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let r: SendRequest = convert::arg(request, "request")?;
        let d = self.inner.send(&r).map_err(core_err(py))?;
        convert::to_py(py, &d)
    }

    /// over a batch, in (`at`, client id, survey id) order:
    /// `{"decisions", "rejected"}`; never fails whole.
    fn send_all<'py>(&mut self, py: Python<'py>, requests: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let requests: Vec<SendRequest> = convert::arg(requests, "requests")?;
        let inner = &mut self.inner;
        let plan = py.detach(|| inner.send_all(&requests));
        convert::to_py(py, &plan)
    }

    /// Number of clients with a recorded survey.
    fn __len__(&self) -> usize {
        self.inner.sent.len()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<SurveyPressure>().is_ok_and(|o| o.try_borrow().is_ok_and(|o| o.inner == self.inner))
    }

    fn __repr__(&self) -> String {
        format!("SurveyPressure({} clients)", self.inner.sent.len())
    }
}

/// Adds this module's functions and classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(nps_class, m)?)?;
    m.add_class::<FiredLog>()?;
    m.add_class::<TriggerSet>()?;
    m.add_class::<SurveyPressure>()?;
    Ok(())
}
