//! Surveys, responses and respondents as the survey tool delivers them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// What a survey is for: only satisfaction surveys count for survey
/// pressure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurveyKind {
    /// A satisfaction survey (the default): at most one per client per period.
    #[default]
    Satisfaction,
    /// Any other survey (registration, event, poll): never limited.
    Other,
}

/// A survey.
///
/// JSON: `{"id": "s-2026-q1", "title": "Satisfaction Q1", "reference": "SAT-Q1",
/// "end_date": "2026-03-31", "kind": "satisfaction"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Survey {
    /// Host-chosen, non-empty.
    pub id: String,
    /// The title shown to respondents (a trigger may copy it, R-6.3).
    pub title: String,
    /// The survey's reference code, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The last day responses are accepted, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
    /// `satisfaction` (default) or `other`.
    #[serde(default)]
    pub kind: SurveyKind,
}

/// The respondent's fields a trigger can read or copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RespondentField {
    /// First name.
    FirstName,
    /// Last name.
    LastName,
    /// E-mail address.
    Email,
    /// Language (as the host codes it, e.g. `fr`).
    Language,
    /// Street.
    Street,
    /// House number.
    HouseNumber,
    /// Box (the letter-box or apartment part of an address).
    Box,
    /// Postal code.
    PostalCode,
    /// City.
    City,
    /// Province.
    Province,
    /// State.
    State,
    /// Country.
    Country,
    /// Phone number.
    Phone,
}

impl RespondentField {
    /// Every field, in the order of.
    pub const ALL: [RespondentField; 13] = [
        RespondentField::FirstName,
        RespondentField::LastName,
        RespondentField::Email,
        RespondentField::Language,
        RespondentField::Street,
        RespondentField::HouseNumber,
        RespondentField::Box,
        RespondentField::PostalCode,
        RespondentField::City,
        RespondentField::Province,
        RespondentField::State,
        RespondentField::Country,
        RespondentField::Phone,
    ];

    /// The lower-snake name (`first_name`, `box`, …), also its JSON key.
    pub fn as_str(self) -> &'static str {
        match self {
            RespondentField::FirstName => "first_name",
            RespondentField::LastName => "last_name",
            RespondentField::Email => "email",
            RespondentField::Language => "language",
            RespondentField::Street => "street",
            RespondentField::HouseNumber => "house_number",
            RespondentField::Box => "box",
            RespondentField::PostalCode => "postal_code",
            RespondentField::City => "city",
            RespondentField::Province => "province",
            RespondentField::State => "state",
            RespondentField::Country => "country",
            RespondentField::Phone => "phone",
        }
    }

    /// The field named `name`, if any.
    pub fn from_name(name: &str) -> Option<RespondentField> {
        RespondentField::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

/// The lowest and highest custom field numbers (R-6.3: custom fields 1–20).
pub const CUSTOM_FIELDS: std::ops::RangeInclusive<u8> = 1..=20;

/// The person who answered. Every field but `id` is optional.
///
/// JSON: `{"id": "cli-42", "first_name": "Anne", "last_name": "Martin",
/// "email": "anne@example.org", "language": "fr", "custom_fields": {"3": "gold"}}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Respondent {
    /// The respondent's id in the host (the client, for survey pressure).
    pub id: String,
    /// First name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Street.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    /// House number (text: `12b`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub house_number: Option<String>,
    /// Box.
    #[serde(default, rename = "box", skip_serializing_if = "Option::is_none")]
    pub box_number: Option<String>,
    /// Postal code (text: leading zeros matter).
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
    /// Custom fields by number (1–20): `{"3": "gold"}` (keys are the
    /// numbers as JSON object keys; any other key is refused when read).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", deserialize_with = "custom_fields")]
    pub custom_fields: BTreeMap<u8, String>,
}

impl Respondent {
    /// The value of a standard field, if set.
    pub fn get(&self, field: RespondentField) -> Option<&str> {
        let v = match field {
            RespondentField::FirstName => &self.first_name,
            RespondentField::LastName => &self.last_name,
            RespondentField::Email => &self.email,
            RespondentField::Language => &self.language,
            RespondentField::Street => &self.street,
            RespondentField::HouseNumber => &self.house_number,
            RespondentField::Box => &self.box_number,
            RespondentField::PostalCode => &self.postal_code,
            RespondentField::City => &self.city,
            RespondentField::Province => &self.province,
            RespondentField::State => &self.state,
            RespondentField::Country => &self.country,
            RespondentField::Phone => &self.phone,
        };
        v.as_deref()
    }

    /// The value of custom field `number` (1–20), if set.
    pub fn custom(&self, number: u8) -> Option<&str> {
        self.custom_fields.get(&number).map(String::as_str)
    }
}

/// One response to a survey: who answered, when, and the answers by
/// question id.
///
/// JSON: `{"id": "resp-1", "survey_id": "s-2026-q1", "submitted_at":
/// "2026-03-10T09:00:00Z", "respondent": {"id": "cli-42", …}, "answers":
/// {"q_nps": 4, "q_comment": "too slow"}}`. Answers are JSON values as the
/// survey tool gives them (numbers, text, booleans, lists of choices).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// Host-chosen, non-empty; a redelivery carries the same id.
    pub id: String,
    /// The survey answered.
    pub survey_id: String,
    /// When the response was submitted.
    pub submitted_at: DateTime<Utc>,
    /// Who answered.
    pub respondent: Respondent,
    /// Answers by question id.
    #[serde(default)]
    pub answers: Map<String, Value>,
}

/// Reads custom fields keyed by their number as text (`{"3": "gold"}`),
/// refusing keys that are not 1–20. Reading the keys as text first works
/// with every serde data format and buffered (tagged) input alike.
fn custom_fields<'de, D: serde::Deserializer<'de>>(d: D) -> Result<BTreeMap<u8, String>, D::Error> {
    let raw = BTreeMap::<String, String>::deserialize(d)?;
    raw.into_iter()
        .map(|(k, v)| match k.parse::<u8>() {
            Ok(n) if CUSTOM_FIELDS.contains(&n) && !k.starts_with(['+', '0']) => Ok((n, v)),
            _ => Err(serde::de::Error::custom(format!("custom field key {k:?} is not a number from 1 to 20"))),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_6_3_custom_fields_are_numbered_1_to_20() {
        let ok: Respondent =
            serde_json::from_value(serde_json::json!({"id": "c", "custom_fields": {"1": "a", "20": "b"}})).unwrap();
        assert_eq!((ok.custom(1), ok.custom(20), ok.custom(2)), (Some("a"), Some("b"), None));
        for bad in ["0", "21", "x", "03", "+3"] {
            let r = serde_json::from_value::<Respondent>(serde_json::json!({"id": "c", "custom_fields": {bad: "a"}}));
            assert!(r.unwrap_err().to_string().contains("is not a number from 1 to 20"), "{bad}");
        }
        let back: Respondent = serde_json::from_str(&serde_json::to_string(&ok).unwrap()).unwrap();
        assert_eq!(back, ok);
    }
}
