//! Survey triggers (SPEC §6, R-6.2 … R-6.5): [`nps_class`], triggers
//! validated from their JSON ([`Trigger`]) into a [`TriggerSet`] object,
//! the [`FiredLog`] that keeps a trigger from firing twice on a response,
//! and the [`SurveyPressure`] ledger, each persistable as the core's JSON.
//! Answers are typed maps (`Map<String, FieldValue>`, as for conditions).

use crate::condition::FieldValue;
use crate::convert::{Day, Timestamp, lock, time_zone};
use crate::error::FilrougeError;
use filrouge::Rejection;
use filrouge::time::CalendarPeriod;
use filrouge::trigger::{
    self as core, NpsClass, SendDecision, SendRequest, SentSurvey, SuppressReason, Survey, SurveyKind,
};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

// --- NPS (R-6.2) --------------------------------------------------------------

/// The class of a 0–10 NPS answer (R-6.2).
#[uniffi::remote(Enum)]
pub enum NpsClass {
    /// 0–6.
    Detractor,
    /// 7–8.
    Passive,
    /// 9–10.
    Promoter,
}

/// R-6.2: the class of an answer; anything but a whole number 0–10
/// (`9.0` is 9) is `invalid_nps_answer`.
#[uniffi::export]
pub fn nps_class(answer: FieldValue) -> Result<NpsClass, FilrougeError> {
    Ok(core::nps_class(&Value::try_from(answer)?)?)
}

// --- Surveys and responses ----------------------------------------------------

/// What a survey measures (only satisfaction surveys count for R-6.5).
#[uniffi::remote(Enum)]
pub enum SurveyKind {
    /// A satisfaction survey (the default).
    Satisfaction,
    /// Anything else.
    Other,
}

/// A survey.
#[uniffi::remote(Record)]
pub struct Survey {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its reference.
    #[uniffi(default)]
    pub reference: Option<String>,
    /// Its end date.
    #[uniffi(default)]
    pub end_date: Option<Day>,
    /// Satisfaction or other.
    pub kind: SurveyKind,
}

/// Who answered a survey.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct Respondent {
    /// Their id (the client).
    pub id: String,
    /// First name.
    #[uniffi(default)]
    pub first_name: Option<String>,
    /// Last name.
    #[uniffi(default)]
    pub last_name: Option<String>,
    /// E-mail.
    #[uniffi(default)]
    pub email: Option<String>,
    /// Language.
    #[uniffi(default)]
    pub language: Option<String>,
    /// Street.
    #[uniffi(default)]
    pub street: Option<String>,
    /// House number.
    #[uniffi(default)]
    pub house_number: Option<String>,
    /// Box (`box` in JSON).
    #[uniffi(default)]
    pub box_number: Option<String>,
    /// Postal code.
    #[uniffi(default)]
    pub postal_code: Option<String>,
    /// City.
    #[uniffi(default)]
    pub city: Option<String>,
    /// Province.
    #[uniffi(default)]
    pub province: Option<String>,
    /// State.
    #[uniffi(default)]
    pub state: Option<String>,
    /// Country.
    #[uniffi(default)]
    pub country: Option<String>,
    /// Phone.
    #[uniffi(default)]
    pub phone: Option<String>,
    /// Custom fields by number (1–20).
    #[uniffi(default)]
    pub custom_fields: HashMap<u8, String>,
}

impl From<Respondent> for core::Respondent {
    fn from(r: Respondent) -> Self {
        core::Respondent {
            id: r.id,
            first_name: r.first_name,
            last_name: r.last_name,
            email: r.email,
            language: r.language,
            street: r.street,
            house_number: r.house_number,
            box_number: r.box_number,
            postal_code: r.postal_code,
            city: r.city,
            province: r.province,
            state: r.state,
            country: r.country,
            phone: r.phone,
            custom_fields: r.custom_fields.into_iter().collect(),
        }
    }
}

/// A response to a survey.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Response {
    /// Its id.
    pub id: String,
    /// The survey answered.
    pub survey_id: String,
    /// When it was submitted.
    pub submitted_at: Timestamp,
    /// Who answered.
    pub respondent: Respondent,
    /// Question id → answer.
    pub answers: HashMap<String, FieldValue>,
}

impl TryFrom<Response> for core::Response {
    type Error = FilrougeError;
    fn try_from(r: Response) -> Result<Self, FilrougeError> {
        Ok(core::Response {
            id: r.id,
            survey_id: r.survey_id,
            submitted_at: r.submitted_at,
            respondent: r.respondent.into(),
            answers: crate::condition::to_object(r.answers)?,
        })
    }
}

// --- Triggers (R-6.3, R-6.4) ----------------------------------------------------

/// One trigger (R-6.3): conditions over a response and the contact it
/// creates. Read from its JSON (SPEC §6's shape); checked as a whole by
/// [`TriggerSet::new`].
#[derive(Debug, uniffi::Object)]
pub struct Trigger {
    inner: core::Trigger,
}

#[uniffi::export]
impl Trigger {
    /// Reads a trigger's JSON text; `invalid_input` when it does not have
    /// a trigger's shape (an invalid condition names its R-6.1 code in the detail).
    #[uniffi::constructor]
    pub fn parse(json: String) -> Result<Arc<Self>, FilrougeError> {
        let inner =
            serde_json::from_str(&json).map_err(|e| FilrougeError::invalid_input(format!("not a trigger: {e}")))?;
        Ok(Arc::new(Trigger { inner }))
    }

    /// Its id.
    pub fn id(&self) -> String {
        self.inner.id.clone()
    }

    /// Its name.
    pub fn name(&self) -> String {
        self.inner.name.clone()
    }

    /// Whether it is active.
    pub fn active(&self) -> bool {
        self.inner.active
    }

    /// Its JSON text, as the core writes it.
    pub fn to_json(&self) -> Result<String, FilrougeError> {
        serde_json::to_string(&self.inner).map_err(|e| FilrougeError::internal(format!("trigger to JSON: {e}")))
    }
}

/// Settings shared by every trigger (the core's `TriggerConfig`).
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct TriggerConfig {
    /// Custom field name → number (1–20).
    #[uniffi(default)]
    pub custom_field_names: HashMap<String, i64>,
}

/// The action of a firing, with its values filled in.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum FiredAction {
    /// Create this contact.
    CreateContact {
        /// Target field → value (every mapped field; unavailable is `""`).
        contact: HashMap<String, String>,
        /// The follow-up survey to add the contact to, if any.
        add_to_survey: Option<String>,
    },
}

/// A trigger that fired on a response (R-6.3).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Firing {
    /// The trigger.
    pub trigger_id: String,
    /// Its name.
    pub trigger_name: String,
    /// The response.
    pub response_id: String,
    /// The response's survey.
    pub survey_id: String,
    /// The respondent.
    pub respondent_id: String,
    /// The contact to create.
    pub action: FiredAction,
}

impl From<core::Firing> for Firing {
    fn from(f: core::Firing) -> Self {
        let action = match f.action {
            core::FiredAction::CreateContact { contact, add_to_survey } => {
                FiredAction::CreateContact { contact: contact.into_iter().collect(), add_to_survey }
            }
        };
        Firing {
            trigger_id: f.trigger_id,
            trigger_name: f.trigger_name,
            response_id: f.response_id,
            survey_id: f.survey_id,
            respondent_id: f.respondent_id,
            action,
        }
    }
}

/// What every trigger did with one response.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ResponseOutcome {
    /// The response.
    pub response_id: String,
    /// Triggers that fired now.
    pub fired: Vec<Firing>,
    /// Triggers that hold but fired on this response before (R-6.4).
    pub already_fired: Vec<String>,
    /// Triggers whose conditions do not hold.
    pub not_met: Vec<String>,
    /// Inactive triggers of this survey.
    pub inactive: Vec<String>,
    /// Triggers that could not be evaluated on it (`id` is the trigger's).
    pub errors: Vec<Rejection>,
}

impl From<core::ResponseOutcome> for ResponseOutcome {
    fn from(o: core::ResponseOutcome) -> Self {
        ResponseOutcome {
            response_id: o.response_id,
            fired: o.fired.into_iter().map(Into::into).collect(),
            already_fired: o.already_fired,
            not_met: o.not_met,
            inactive: o.inactive,
            errors: o.errors,
        }
    }
}

/// The firings of a batch of responses.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TriggerBatch {
    /// Every firing, in (`submitted_at`, response id, trigger id) order.
    pub firings: Vec<Firing>,
    /// (trigger, response) pairs that had fired before (R-6.4).
    pub already_fired: u64,
    /// Refused responses and pairs that could not be evaluated.
    pub rejected: Vec<Rejection>,
}

/// Which triggers fired on which responses (R-6.4): persist it
/// ([`FiredLog::to_json`]) with the responses and restore it
/// ([`FiredLog::from_json`]). Thread-safe.
#[derive(Debug, uniffi::Object)]
pub struct FiredLog {
    engine: Mutex<core::FiredLog>,
}

#[uniffi::export]
impl FiredLog {
    /// An empty log.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(FiredLog { engine: Mutex::new(core::FiredLog::default()) })
    }

    /// A log restored from [`FiredLog::to_json`]; `invalid_input` otherwise.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, FilrougeError> {
        let log =
            serde_json::from_str(&json).map_err(|e| FilrougeError::invalid_input(format!("not a fired log: {e}")))?;
        Ok(Arc::new(FiredLog { engine: Mutex::new(log) }))
    }

    /// The log as the core's JSON text.
    pub fn to_json(&self) -> Result<String, FilrougeError> {
        serde_json::to_string(&*lock(&self.engine)?).map_err(|e| FilrougeError::internal(format!("log to JSON: {e}")))
    }

    /// Whether `trigger_id` fired on `response_id`.
    pub fn has_fired(&self, trigger_id: String, response_id: String) -> Result<bool, FilrougeError> {
        Ok(lock(&self.engine)?.has_fired(&trigger_id, &response_id))
    }

    /// The number of (trigger, response) firings.
    pub fn len(&self) -> Result<u64, FilrougeError> {
        Ok(lock(&self.engine)?.len() as u64)
    }

    /// Whether nothing fired.
    pub fn is_empty(&self) -> Result<bool, FilrougeError> {
        Ok(lock(&self.engine)?.is_empty())
    }

    /// Records that `trigger_id` fired on `response_id` (e.g. from the server).
    pub fn record(&self, trigger_id: String, response_id: String) -> Result<(), FilrougeError> {
        lock(&self.engine)?.record(&trigger_id, &response_id);
        Ok(())
    }
}

/// Validated triggers, ready to evaluate responses (R-6.3, R-6.4). Immutable.
#[derive(Debug, uniffi::Object)]
pub struct TriggerSet {
    inner: core::TriggerSet,
}

#[uniffi::export]
impl TriggerSet {
    /// Checks the triggers together (unknown or duplicate target fields,
    /// custom fields, duplicate ids: the R-6.3 codes).
    #[uniffi::constructor]
    pub fn new(triggers: Vec<Arc<Trigger>>, config: TriggerConfig) -> Result<Arc<Self>, FilrougeError> {
        let triggers = triggers.iter().map(|t| t.inner.clone()).collect();
        let config = core::TriggerConfig { custom_field_names: config.custom_field_names.into_iter().collect() };
        Ok(Arc::new(TriggerSet { inner: core::TriggerSet::new(triggers, config)? }))
    }

    /// The number of triggers.
    pub fn len(&self) -> u64 {
        self.inner.triggers().count() as u64
    }

    /// Whether the set holds no trigger.
    pub fn is_empty(&self) -> bool {
        self.inner.triggers().next().is_none()
    }

    /// R-6.3, R-6.4: what every trigger does with one response of `survey`;
    /// firings are recorded in `log`.
    pub fn evaluate(
        &self,
        log: Arc<FiredLog>,
        survey: Survey,
        response: Response,
    ) -> Result<ResponseOutcome, FilrougeError> {
        let response = core::Response::try_from(response)?;
        let mut log = lock(&log.engine)?;
        Ok(self.inner.evaluate(&mut log, &survey, &response)?.into())
    }

    /// R-6.3, R-6.4 over a batch: refused responses come back in `rejected`
    /// (a response with an answer JSON cannot hold: `invalid_input`, `§0`).
    pub fn evaluate_all(
        &self,
        log: Arc<FiredLog>,
        surveys: Vec<Survey>,
        responses: Vec<Response>,
    ) -> Result<TriggerBatch, FilrougeError> {
        let mut ok = Vec::with_capacity(responses.len());
        let mut refused = Vec::new();
        for r in responses {
            let id = r.id.clone();
            match core::Response::try_from(r) {
                Ok(r) => ok.push(r),
                Err(e) => refused.push(Rejection::new(id, "§0", "invalid_input", e.to_string())),
            }
        }
        let mut log = lock(&log.engine)?;
        let out = self.inner.evaluate_all(&mut log, &surveys, &ok);
        let mut rejected = out.rejected;
        rejected.append(&mut refused);
        Ok(TriggerBatch {
            firings: out.firings.into_iter().map(Into::into).collect(),
            already_fired: out.already_fired as u64,
            rejected,
        })
    }
}

// --- Survey pressure (R-6.5) ----------------------------------------------------

/// How survey pressure is counted (the core's `PressureConfig`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PressureConfig {
    /// IANA zone of the calendar (`Europe/Paris`).
    pub time_zone: String,
    /// At most one satisfaction survey per client within this period (3 months).
    pub period: CalendarPeriod,
}

/// The SPEC's defaults: 3 calendar months, `Europe/Paris`.
#[uniffi::export]
pub fn default_pressure_config() -> PressureConfig {
    let c = core::PressureConfig::default();
    PressureConfig { time_zone: c.time_zone.name().to_owned(), period: c.period }
}

/// A survey about to be sent to a client.
#[uniffi::remote(Record)]
pub struct SendRequest {
    /// The client.
    pub client_id: String,
    /// The survey.
    pub survey_id: String,
    /// Satisfaction or other.
    pub kind: SurveyKind,
    /// When it would be sent.
    pub at: Timestamp,
}

/// A satisfaction survey sent to a client.
#[uniffi::remote(Record)]
pub struct SentSurvey {
    /// When.
    pub sent_at: Timestamp,
    /// Which survey.
    pub survey_id: String,
}

/// Why a send was suppressed (R-6.5).
#[uniffi::remote(Enum)]
pub enum SuppressReason {
    /// Another satisfaction survey reached the client less than a period before.
    SurveyPressure,
    /// This very survey was already sent to this client.
    AlreadySent,
}

/// Whether a survey may go to a client (R-6.5).
#[uniffi::remote(Enum)]
pub enum SendDecision {
    /// Send it; `counted` says whether it counts for survey pressure.
    Send {
        /// Recorded (satisfaction) or not (other).
        counted: bool,
    },
    /// Do not send it, and why.
    Suppress {
        /// Why.
        reason: SuppressReason,
        /// The send in the way.
        previous: SentSurvey,
        /// The first local day the client may get one again (null for `AlreadySent`).
        allowed_from: Option<Day>,
        /// The first instant of that day.
        allowed_at: Option<Timestamp>,
    },
}

/// One request of a batch and its decision.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PlannedSend {
    /// The client.
    pub client_id: String,
    /// The survey.
    pub survey_id: String,
    /// When.
    pub at: Timestamp,
    /// Send or suppress.
    pub decision: SendDecision,
}

/// The decisions of a batch of sends.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SendPlan {
    /// One per accepted request, in (`at`, client id, survey id) order.
    pub decisions: Vec<PlannedSend>,
    /// Refused requests.
    pub rejected: Vec<Rejection>,
}

/// The satisfaction surveys each client received (R-6.5). Persist it with
/// [`SurveyPressure::to_json`], restore it with [`SurveyPressure::from_json`].
#[derive(Debug, uniffi::Object)]
pub struct SurveyPressure {
    engine: Mutex<core::SurveyPressure>,
}

#[uniffi::export]
impl SurveyPressure {
    /// An empty ledger.
    #[uniffi::constructor]
    pub fn new(config: PressureConfig) -> Result<Arc<Self>, FilrougeError> {
        let config = core::PressureConfig { time_zone: time_zone(&config.time_zone)?, period: config.period };
        Ok(Arc::new(SurveyPressure { engine: Mutex::new(core::SurveyPressure::new(config)) }))
    }

    /// A ledger restored from [`SurveyPressure::to_json`]; `invalid_input` otherwise.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, FilrougeError> {
        let p = serde_json::from_str(&json)
            .map_err(|e| FilrougeError::invalid_input(format!("not a survey pressure ledger: {e}")))?;
        Ok(Arc::new(SurveyPressure { engine: Mutex::new(p) }))
    }

    /// The ledger as the core's JSON text.
    pub fn to_json(&self) -> Result<String, FilrougeError> {
        serde_json::to_string(&*lock(&self.engine)?)
            .map_err(|e| FilrougeError::internal(format!("ledger to JSON: {e}")))
    }

    /// The number of clients who received a satisfaction survey.
    pub fn clients(&self) -> Result<u64, FilrougeError> {
        Ok(lock(&self.engine)?.sent.len() as u64)
    }

    /// R-6.5: whether the survey may be sent; nothing is recorded.
    pub fn check(&self, request: SendRequest) -> Result<SendDecision, FilrougeError> {
        Ok(lock(&self.engine)?.check(&request)?)
    }

    /// R-6.5: decides and, when sent, records.
    pub fn send(&self, request: SendRequest) -> Result<SendDecision, FilrougeError> {
        Ok(lock(&self.engine)?.send(&request)?)
    }

    /// R-6.5 over a batch, in (`at`, client, survey) order; refused requests apart.
    pub fn send_all(&self, requests: Vec<SendRequest>) -> Result<SendPlan, FilrougeError> {
        let plan = lock(&self.engine)?.send_all(&requests);
        Ok(SendPlan {
            decisions: plan
                .decisions
                .into_iter()
                .map(|p| PlannedSend { client_id: p.client_id, survey_id: p.survey_id, at: p.at, decision: p.decision })
                .collect(),
            rejected: plan.rejected,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_6_2_nps_and_r_6_4_fire_once_through_a_persisted_log() {
        assert_eq!(nps_class(FieldValue::Number(9.0)).unwrap(), NpsClass::Promoter);
        assert_eq!(nps_class(FieldValue::Text("9".into())).unwrap_err().code(), "invalid_nps_answer");
        assert_eq!(nps_class(FieldValue::Number(f64::INFINITY)).unwrap_err().code(), "invalid_input");
        let t = Trigger::parse(
            r#"{"id": "t1", "name": "n", "action": {"type": "create_contact"},
                "mapping": {"email": {"from": "respondent", "field": "email"}}}"#
                .into(),
        )
        .unwrap();
        let set = TriggerSet::new(vec![t], TriggerConfig::default()).unwrap();
        let survey = Survey {
            id: "s1".into(),
            title: "S".into(),
            reference: None,
            end_date: None,
            kind: SurveyKind::Satisfaction,
        };
        let response = Response {
            id: "r1".into(),
            survey_id: "s1".into(),
            submitted_at: "2026-03-10T09:00:00Z".parse().unwrap(),
            respondent: Respondent { id: "c1".into(), email: Some("a@b.c".into()), ..Respondent::default() },
            answers: HashMap::new(),
        };
        let log = FiredLog::new();
        assert_eq!(set.evaluate(log.clone(), survey.clone(), response.clone()).unwrap().fired.len(), 1);
        let restored = FiredLog::from_json(log.to_json().unwrap()).unwrap();
        assert_eq!(set.evaluate(restored, survey, response).unwrap().already_fired, ["t1"]);
    }
}
