//! Trigger definitions (R-6.3): conditions, the "create contact" action and
//! the field mapping of the contact it creates.

use super::error::Error;
use super::model::{CUSTOM_FIELDS, RespondentField};
use crate::condition::Condition;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

/// A survey trigger (R-6.3, R-6.4): when a response meets every condition,
/// create a contact whose fields are mapped from the response.
///
/// JSON:
/// ```json
/// {"id": "t-detractor", "name": "Call back detractors", "active": true,
///  "survey_id": "s-2026-q1",
///  "conditions": [{"field": "q_nps", "op": "le", "value": 6}],
///  "action": {"type": "create_contact", "add_to_survey": "s-callback"},
///  "mapping": {"first_name": {"from": "respondent", "field": "first_name"},
///              "custom_1": {"from": "nps_class", "question_id": "q_nps"},
///              "custom_2": {"from": "text", "text": "NPS callback"}}}
/// ```
///
/// Conditions (SPEC R-6.1) read a flat record of the response: every answer
/// under its question id, every respondent field under `respondent.<field>`
/// (`respondent.first_name`, `respondent.custom_3`, and
/// `respondent.<custom field name>` for named custom fields). All must hold;
/// no condition means every response of the survey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trigger {
    /// Host-chosen, non-empty.
    pub id: String,
    /// The trigger's name (a field can be mapped from it).
    pub name: String,
    /// Inactive triggers do nothing (R-6.4). Default `true`.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub active: bool,
    /// Only responses to this survey; absent = responses to any survey.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey_id: Option<String>,
    /// Every condition must hold (R-6.1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    /// What happens when it fires.
    pub action: Action,
    /// Target field of the created contact → where its value comes from.
    #[serde(default)]
    pub mapping: BTreeMap<String, FieldSource>,
}

impl Trigger {
    /// Reads a trigger's JSON (R-6.3). A condition that is not valid
    /// (R-6.1) is refused with the condition's own error
    /// ([`Error::InvalidCondition`]: `unknown_operator`, …) and its path in
    /// the trigger (`$.conditions[1].op`); any other shape error is
    /// [`Error::InvalidTrigger`]. Deserializing with serde accepts the same
    /// JSON, but reports a bad condition as a serde message only.
    ///
    /// ```
    /// use filrouge::trigger::Trigger;
    /// use serde_json::json;
    /// let e = Trigger::parse(&json!({"id": "t", "name": "n", "action": {"type": "create_contact"},
    ///     "conditions": [{"field": "q1", "op": "approx", "value": 9}]})).unwrap_err();
    /// assert_eq!((e.code(), e.path()), ("unknown_operator", Some("$.conditions[0].op")));
    /// ```
    pub fn parse(json: &Value) -> Result<Trigger, Error> {
        parse_at(json, "$")
    }
}

/// [`Trigger::parse`] of a trigger found at `at` (`$`, `$[2]`).
pub(crate) fn parse_at(json: &Value, at: &str) -> Result<Trigger, Error> {
    let invalid = |message: String| Error::InvalidTrigger { path: at.to_owned(), message };
    let Value::Object(map) = json else {
        return Err(invalid(format!("expected a trigger object, got {}", json_kind(json))));
    };
    // The conditions first, with their own errors; serde reads the rest
    // (and refuses `conditions` when it is not a list).
    let mut rest = map.clone();
    let conditions = match rest.remove("conditions") {
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, c)| {
                Condition::parse(c).map_err(|e| Error::InvalidCondition(e.within(&format!("{at}.conditions[{i}]"))))
            })
            .collect::<Result<Vec<_>, _>>()?,
        Some(other) => {
            rest.insert("conditions".to_owned(), other);
            Vec::new()
        }
        None => Vec::new(),
    };
    let mut trigger: Trigger = serde_json::from_value(Value::Object(rest)).map_err(|e| invalid(e.to_string()))?;
    trigger.conditions = conditions;
    Ok(trigger)
}

/// The JSON type of a value, for messages.
pub(crate) fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// What a trigger does when it fires (R-6.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// Create a contact from the response, optionally added to a follow-up survey.
    CreateContact {
        /// The follow-up survey the new contact is added to, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        add_to_survey: Option<String>,
    },
}

/// Where a target field's value comes from (R-6.3).
///
/// JSON, tagged by `from`: `{"from": "empty"}`, `{"from": "text", "text":
/// "…"}`, `{"from": "respondent", "field": "postal_code"}`, `{"from":
/// "custom_field", "number": 3}` or `{"from": "custom_field", "name":
/// "segment"}`, `{"from": "answer", "question_id": "q2"}`, `{"from":
/// "nps_class", "question_id": "q_nps"}`, `{"from": "survey_title"}`,
/// `{"from": "survey_end_date"}`, `{"from": "survey_reference"}`, `{"from":
/// "trigger_name"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "from", rename_all = "snake_case", deny_unknown_fields)]
pub enum FieldSource {
    /// The empty text.
    Empty,
    /// Fixed text.
    Text {
        /// The text.
        text: String,
    },
    /// A respondent field.
    Respondent {
        /// Which one.
        field: RespondentField,
    },
    /// A respondent's custom field, by number (1–20) or by its configured name.
    CustomField {
        /// The number, 1–20.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        number: Option<i64>,
        /// The name (see [`TriggerConfig::custom_field_names`]).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    /// An answer, by question id (as text: lists joined by `, `).
    Answer {
        /// The question.
        question_id: String,
    },
    /// The NPS class (`promoter`, `passive`, `detractor`) of an answer (R-6.2).
    NpsClass {
        /// The 0–10 question.
        question_id: String,
    },
    /// The source survey's title.
    SurveyTitle,
    /// The source survey's end date (`YYYY-MM-DD`; empty if it has none).
    SurveyEndDate,
    /// The source survey's reference (empty if it has none).
    SurveyReference,
    /// The trigger's name.
    TriggerName,
}

/// Settings shared by every trigger: the names of custom fields.
///
/// JSON: `{"custom_field_names": {"segment": 3, "account_manager": 7}}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TriggerConfig {
    /// Custom field name → number (1–20).
    pub custom_field_names: BTreeMap<String, i64>,
}

/// A field source with custom fields resolved to their number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    Text(String),
    Respondent(RespondentField),
    Custom(u8),
    Answer(String),
    Nps(String),
    SurveyTitle,
    SurveyEndDate,
    SurveyReference,
    TriggerName,
}

/// The custom field number `n`, if in 1–20.
pub(crate) fn custom_number(n: i64) -> Result<u8, Error> {
    u8::try_from(n).ok().filter(|n| CUSTOM_FIELDS.contains(n)).ok_or(Error::InvalidCustomField { number: n })
}

impl TriggerConfig {
    /// Checks every name's number is 1–20.
    pub(crate) fn validate(&self) -> Result<(), Error> {
        self.custom_field_names.values().try_for_each(|&n| custom_number(n).map(|_| ()))
    }

    /// The canonical name of a target field: a respondent field's name, or
    /// `custom_<n>` for a custom field given as `custom_<n>` or by name.
    pub(crate) fn target(&self, trigger_id: &str, field: &str) -> Result<String, Error> {
        if RespondentField::from_name(field).is_some() {
            return Ok(field.to_owned());
        }
        if let Some(digits) = field.strip_prefix("custom_") {
            // `custom_<n>` with `n` written plainly (not `+3`, `03`).
            let plain = !digits.starts_with('+') && (digits == "0" || !digits.starts_with('0'));
            if let (true, Ok(n)) = (plain, digits.parse::<i64>()) {
                return custom_number(n).map(|n| format!("custom_{n}"));
            }
        }
        if let Some(&n) = self.custom_field_names.get(field) {
            return custom_number(n).map(|n| format!("custom_{n}"));
        }
        Err(Error::UnknownTargetField { trigger_id: trigger_id.to_owned(), field: field.to_owned() })
    }

    /// A source with custom fields resolved.
    pub(crate) fn source(&self, trigger_id: &str, source: &FieldSource) -> Result<Source, Error> {
        Ok(match source {
            FieldSource::Empty => Source::Text(String::new()),
            FieldSource::Text { text } => Source::Text(text.clone()),
            FieldSource::Respondent { field } => Source::Respondent(*field),
            FieldSource::CustomField { number: Some(n), name: None } => Source::Custom(custom_number(*n)?),
            FieldSource::CustomField { number: None, name: Some(name) } => {
                let n = self.custom_field_names.get(name).ok_or_else(|| Error::UnknownCustomField {
                    trigger_id: trigger_id.to_owned(),
                    name: name.clone(),
                })?;
                Source::Custom(custom_number(*n)?)
            }
            FieldSource::CustomField { .. } => {
                return Err(Error::AmbiguousCustomField { trigger_id: trigger_id.to_owned() });
            }
            FieldSource::Answer { question_id } => Source::Answer(question_id.clone()),
            FieldSource::NpsClass { question_id } => Source::Nps(question_id.clone()),
            FieldSource::SurveyTitle => Source::SurveyTitle,
            FieldSource::SurveyEndDate => Source::SurveyEndDate,
            FieldSource::SurveyReference => Source::SurveyReference,
            FieldSource::TriggerName => Source::TriggerName,
        })
    }
}
