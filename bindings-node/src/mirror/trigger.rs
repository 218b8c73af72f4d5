//! Mirrors of the trigger records (SPEC §6, core `trigger`).

use super::{Conv, mirror_struct, mirror_unit_enum, same};
use chrono::{DateTime, NaiveDate, Utc};
use filrouge::trigger as t;
use napi_derive::napi;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

same!(filrouge::condition::Condition, filrouge::time::CalendarPeriod, filrouge::Rejection, Map<String, Value>);

/// The NPS class of an answer.
#[napi(string_enum = "snake_case")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NpsClass {
    Promoter,
    Passive,
    Detractor,
}
mirror_unit_enum!(NpsClass <=> t::NpsClass { Promoter, Passive, Detractor });

/// What a survey is for (R-6.5: satisfaction surveys count for pressure).
#[napi(string_enum = "snake_case")]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurveyKind {
    #[default]
    Satisfaction,
    Other,
}
mirror_unit_enum!(SurveyKind <=> t::SurveyKind { Satisfaction, Other });

/// A standard field of a respondent.
#[napi(string_enum = "snake_case")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RespondentField {
    FirstName,
    LastName,
    Email,
    Language,
    Street,
    HouseNumber,
    Box,
    PostalCode,
    City,
    Province,
    State,
    Country,
    Phone,
}
mirror_unit_enum!(RespondentField <=> t::RespondentField {
    FirstName,
    LastName,
    Email,
    Language,
    Street,
    HouseNumber,
    Box,
    PostalCode,
    City,
    Province,
    State,
    Country,
    Phone,
});

/// Where a created contact's field comes from.
#[napi(discriminant = "from", discriminant_case = "snake_case", object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "from", rename_all = "snake_case", rename_all_fields = "camelCase", deny_unknown_fields)]
pub enum FieldSource {
    Empty,
    Text {
        text: String,
    },
    Respondent {
        field: RespondentField,
    },
    CustomField {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        number: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    Answer {
        question_id: String,
    },
    NpsClass {
        question_id: String,
    },
    SurveyTitle,
    SurveyEndDate,
    SurveyReference,
    TriggerName,
}

impl Conv<t::FieldSource> for FieldSource {
    fn conv(self) -> t::FieldSource {
        use t::FieldSource as C;
        match self {
            FieldSource::Empty => C::Empty,
            FieldSource::Text { text } => C::Text { text },
            FieldSource::Respondent { field } => C::Respondent { field: field.conv() },
            FieldSource::CustomField { number, name } => C::CustomField { number, name },
            FieldSource::Answer { question_id } => C::Answer { question_id },
            FieldSource::NpsClass { question_id } => C::NpsClass { question_id },
            FieldSource::SurveyTitle => C::SurveyTitle,
            FieldSource::SurveyEndDate => C::SurveyEndDate,
            FieldSource::SurveyReference => C::SurveyReference,
            FieldSource::TriggerName => C::TriggerName,
        }
    }
}

impl Conv<FieldSource> for t::FieldSource {
    fn conv(self) -> FieldSource {
        use t::FieldSource as C;
        match self {
            C::Empty => FieldSource::Empty,
            C::Text { text } => FieldSource::Text { text },
            C::Respondent { field } => FieldSource::Respondent { field: field.conv() },
            C::CustomField { number, name } => FieldSource::CustomField { number, name },
            C::Answer { question_id } => FieldSource::Answer { question_id },
            C::NpsClass { question_id } => FieldSource::NpsClass { question_id },
            C::SurveyTitle => FieldSource::SurveyTitle,
            C::SurveyEndDate => FieldSource::SurveyEndDate,
            C::SurveyReference => FieldSource::SurveyReference,
            C::TriggerName => FieldSource::TriggerName,
        }
    }
}

/// What a trigger does when it fires.
#[napi(discriminant = "type", discriminant_case = "snake_case", object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", rename_all_fields = "camelCase", deny_unknown_fields)]
pub enum Action {
    /// Creates a contact (and adds it to a survey).
    CreateContact {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        add_to_survey: Option<String>,
    },
}

impl Conv<t::Action> for Action {
    fn conv(self) -> t::Action {
        match self {
            Action::CreateContact { add_to_survey } => t::Action::CreateContact { add_to_survey },
        }
    }
}

impl Conv<Action> for t::Action {
    fn conv(self) -> Action {
        match self {
            t::Action::CreateContact { add_to_survey } => Action::CreateContact { add_to_survey },
        }
    }
}

/// A survey trigger: `conditions` are condition JSON;
/// `mapping` is keyed by the created contact's field names.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Trigger {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Whether it is active (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// The only survey it applies to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey_id: Option<String>,
    /// Conditions that must all hold (R-6.1 JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[napi(ts_type = "unknown[]")]
    pub conditions: Option<Vec<filrouge::condition::Condition>>,
    /// What it does.
    pub action: Action,
    /// The created contact's fields, by field name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[napi(ts_type = "{ [field: string]: FieldSource }")]
    pub mapping: Option<BTreeMap<String, FieldSource>>,
}

/// The core's default for a trigger's `active` (asked of the core's own
/// serde, so the binding does not restate the rule).
fn default_active() -> bool {
    static DEFAULT: std::sync::LazyLock<bool> = std::sync::LazyLock::new(|| {
        let minimal = serde_json::json!({ "id": "", "name": "", "action": { "type": "create_contact" } });
        serde_json::from_value::<t::Trigger>(minimal).map(|t| t.active).unwrap_or(true)
    });
    *DEFAULT
}

impl Conv<t::Trigger> for Trigger {
    fn conv(self) -> t::Trigger {
        let Trigger { id, name, active, survey_id, conditions, action, mapping } = self;
        t::Trigger {
            id,
            name,
            active: active.unwrap_or_else(default_active),
            survey_id,
            conditions: conditions.unwrap_or_default(),
            action: action.conv(),
            mapping: super::or_default(mapping),
        }
    }
}

impl Conv<Trigger> for t::Trigger {
    fn conv(self) -> Trigger {
        let t::Trigger { id, name, active, survey_id, conditions, action, mapping } = self;
        Trigger {
            id,
            name,
            active: (active != default_active()).then_some(active),
            survey_id,
            conditions: (!conditions.is_empty()).then_some(conditions),
            action: action.conv(),
            mapping: Some(mapping.conv()),
        }
    }
}

/// Trigger options: custom field numbers by name.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TriggerConfig {
    /// Custom field numbers (1–20) by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[napi(ts_type = "{ [name: string]: number }")]
    pub custom_field_names: Option<BTreeMap<String, i64>>,
}
mirror_struct!(TriggerConfig <=> t::TriggerConfig { custom_field_names: opt });

/// A survey.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Survey {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its reference, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Its end date, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[napi(ts_type = "LocalDate")]
    pub end_date: Option<NaiveDate>,
    /// Its kind (default `satisfaction`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<SurveyKind>,
}
mirror_struct!(Survey <=> t::Survey { id, title, reference, end_date, kind: opt });

/// Who answered a survey: `customFields` keyed `"1"` … `"20"`.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Respondent {
    /// Their id.
    pub id: String,
    /// First name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Street.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    /// House number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub house_number: Option<String>,
    /// Box number.
    #[serde(default, rename = "box", skip_serializing_if = "Option::is_none")]
    #[napi(js_name = "box")]
    pub box_number: Option<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Province.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    /// State.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Custom fields by number (`"1"` … `"20"`).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "custom_fields")]
    #[napi(ts_type = "{ [number: string]: string }")]
    pub custom_fields: Option<BTreeMap<u8, String>>,
}
mirror_struct!(Respondent <=> t::Respondent {
    id,
    first_name,
    last_name,
    email,
    language,
    street,
    house_number,
    box_number,
    postal_code,
    city,
    province,
    state,
    country,
    phone,
    custom_fields: skip,
});

/// Custom fields read by the core's own rule (keys `"1"` … `"20"`).
fn custom_fields<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<BTreeMap<u8, String>>, D::Error> {
    let raw = Value::deserialize(d)?;
    if raw.is_null() {
        return Ok(None);
    }
    let respondent = serde_json::json!({ "id": "", "custom_fields": raw });
    serde_json::from_value::<t::Respondent>(respondent).map(|r| Some(r.custom_fields)).map_err(serde::de::Error::custom)
}

/// A survey response: `answers` keyed by question id, kept as they are.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SurveyResponse {
    /// Its id.
    pub id: String,
    /// The survey answered.
    pub survey_id: String,
    /// When it was submitted.
    #[napi(ts_type = "Instant")]
    pub submitted_at: DateTime<Utc>,
    /// Who answered.
    pub respondent: Respondent,
    /// The answers, by question id (any JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[napi(ts_type = "{ [questionId: string]: unknown }")]
    pub answers: Option<Map<String, Value>>,
}
mirror_struct!(SurveyResponse <=> t::Response { id, survey_id, submitted_at, respondent, answers: opt });

/// What a fired trigger asks for.
#[napi(discriminant = "type", discriminant_case = "snake_case", object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", rename_all_fields = "camelCase")]
pub enum FiredAction {
    /// A contact to create (fields keyed by field name).
    CreateContact {
        #[napi(ts_type = "{ [field: string]: string }")]
        contact: BTreeMap<String, String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        add_to_survey: Option<String>,
    },
}

impl Conv<t::FiredAction> for FiredAction {
    fn conv(self) -> t::FiredAction {
        match self {
            FiredAction::CreateContact { contact, add_to_survey } => {
                t::FiredAction::CreateContact { contact, add_to_survey }
            }
        }
    }
}

impl Conv<FiredAction> for t::FiredAction {
    fn conv(self) -> FiredAction {
        match self {
            t::FiredAction::CreateContact { contact, add_to_survey } => {
                FiredAction::CreateContact { contact, add_to_survey }
            }
        }
    }
}

/// A trigger that fired on a response.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Firing {
    /// The trigger.
    pub trigger_id: String,
    /// Its name.
    pub trigger_name: String,
    /// The response.
    pub response_id: String,
    /// Its survey.
    pub survey_id: String,
    /// Its respondent.
    pub respondent_id: String,
    /// What to do.
    pub action: FiredAction,
}
mirror_struct!(Firing <=> t::Firing { trigger_id, trigger_name, response_id, survey_id, respondent_id, action });

/// What the triggers did on one response.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseOutcome {
    /// The response.
    pub response_id: String,
    /// The triggers that fired.
    pub fired: Vec<Firing>,
    /// The triggers that had already fired on it.
    pub already_fired: Vec<String>,
    /// The triggers whose conditions did not hold.
    pub not_met: Vec<String>,
    /// The inactive triggers.
    pub inactive: Vec<String>,
    /// Triggers that could not be evaluated.
    pub errors: Vec<filrouge::Rejection>,
}
mirror_struct!(ResponseOutcome <=> t::ResponseOutcome { response_id, fired, already_fired, not_met, inactive, errors });

/// What the triggers did on a batch of responses.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TriggerBatch {
    /// Every firing, in submission order.
    pub firings: Vec<Firing>,
    /// How many firings were skipped as already fired.
    pub already_fired: u32,
    /// The refused responses.
    pub rejected: Vec<filrouge::Rejection>,
}

impl Conv<TriggerBatch> for t::TriggerBatch {
    fn conv(self) -> TriggerBatch {
        let t::TriggerBatch { firings, already_fired, rejected } = self;
        TriggerBatch {
            firings: firings.conv(),
            already_fired: u32::try_from(already_fired).unwrap_or(u32::MAX),
            rejected,
        }
    }
}

/// A `FiredLog`'s JSON: trigger ids by response id. (The core's log keeps
/// its fields private: it converts through the core's serde, this shape.)
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FiredLogJson {
    /// Trigger ids by response id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[napi(ts_type = "{ [responseId: string]: string[] }")]
    pub fired: Option<BTreeMap<String, Vec<String>>>,
}

/// Time zone and period of survey pressure: every field optional.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PressureConfig {
    /// The IANA time zone (default `Europe/Paris`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[napi(ts_type = "string")]
    pub time_zone: Option<chrono_tz::Tz>,
    /// The period between two satisfaction surveys (default 3 months).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[napi(ts_type = "CalendarPeriod")]
    pub period: Option<filrouge::time::CalendarPeriod>,
}

impl Conv<t::PressureConfig> for PressureConfig {
    fn conv(self) -> t::PressureConfig {
        let PressureConfig { time_zone, period } = self;
        let default = t::PressureConfig::default();
        t::PressureConfig {
            time_zone: time_zone.unwrap_or(default.time_zone),
            period: period.unwrap_or(default.period),
        }
    }
}

impl Conv<PressureConfig> for t::PressureConfig {
    fn conv(self) -> PressureConfig {
        let t::PressureConfig { time_zone, period } = self;
        PressureConfig { time_zone: Some(time_zone), period: Some(period) }
    }
}

/// A request to send a survey to a client.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendRequest {
    /// The client.
    pub client_id: String,
    /// The survey.
    pub survey_id: String,
    /// The survey's kind (default `satisfaction`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<SurveyKind>,
    /// When.
    #[napi(ts_type = "Instant")]
    pub at: DateTime<Utc>,
}
mirror_struct!(SendRequest <=> t::SendRequest { client_id, survey_id, kind: opt, at });

/// A survey sent to a client.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SentSurvey {
    /// When (RFC 3339, UTC).
    #[napi(ts_type = "string")]
    pub sent_at: DateTime<Utc>,
    /// The survey.
    pub survey_id: String,
}
mirror_struct!(SentSurvey <=> t::SentSurvey { sent_at, survey_id });

/// Why a survey is not sent.
#[napi(string_enum = "snake_case")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SuppressReason {
    SurveyPressure,
    AlreadySent,
}
mirror_unit_enum!(SuppressReason <=> t::SuppressReason { SurveyPressure, AlreadySent });

/// Whether a survey may go to a client.
#[napi(discriminant = "decision", discriminant_case = "snake_case", object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case", rename_all_fields = "camelCase")]
pub enum SendDecision {
    /// Send it (`counted`: whether it counts for pressure).
    Send { counted: bool },
    /// Do not send it: the previous survey, and when one may go.
    Suppress {
        reason: SuppressReason,
        previous: SentSurvey,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[napi(ts_type = "LocalDate")]
        allowed_from: Option<NaiveDate>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[napi(ts_type = "string")]
        allowed_at: Option<DateTime<Utc>>,
    },
}

impl Conv<t::SendDecision> for SendDecision {
    fn conv(self) -> t::SendDecision {
        match self {
            SendDecision::Send { counted } => t::SendDecision::Send { counted },
            SendDecision::Suppress { reason, previous, allowed_from, allowed_at } => {
                t::SendDecision::Suppress { reason: reason.conv(), previous: previous.conv(), allowed_from, allowed_at }
            }
        }
    }
}

impl Conv<SendDecision> for t::SendDecision {
    fn conv(self) -> SendDecision {
        match self {
            t::SendDecision::Send { counted } => SendDecision::Send { counted },
            t::SendDecision::Suppress { reason, previous, allowed_from, allowed_at } => {
                SendDecision::Suppress { reason: reason.conv(), previous: previous.conv(), allowed_from, allowed_at }
            }
        }
    }
}

/// One decision of a batch: the request and its decision (flattened).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlannedSend {
    /// The client.
    pub client_id: String,
    /// The survey.
    pub survey_id: String,
    /// When.
    pub at: DateTime<Utc>,
    /// The decision (its fields flattened into this record).
    #[serde(flatten)]
    pub decision: SendDecision,
}
mirror_struct!(PlannedSend <=> t::PlannedSend { client_id, survey_id, at, decision });

/// The decisions of a batch (in time order) and the refused requests.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SendPlan {
    /// The decisions.
    #[napi(ts_type = "PlannedSend[]")]
    pub decisions: Vec<PlannedSend>,
    /// The refused requests.
    pub rejected: Vec<filrouge::Rejection>,
}
mirror_struct!(SendPlan <=> t::SendPlan { decisions, rejected });

/// A `SurveyPressure`'s JSON: surveys sent, by client id.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SurveyPressureJson {
    /// The configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<PressureConfig>,
    /// The surveys sent, by client id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[napi(ts_type = "{ [clientId: string]: SentSurvey[] }")]
    pub sent: Option<BTreeMap<String, Vec<SentSurvey>>>,
}
mirror_struct!(SurveyPressureJson <=> t::SurveyPressure { config: opt, sent: opt });
