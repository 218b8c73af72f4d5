//! Routines (SPEC §5): mandatory and weighted criteria over company fields.

use super::Error;
use crate::condition::Condition;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// The most weighted criteria a routine may have: an explanation names the
/// criteria a company met in one 64-bit word.
pub const MAX_WEIGHTED: usize = 64;

/// The base score of a company in a routine (R-5.1).
pub const BASE_SCORE: u8 = 40;

/// The weight of a weighted criterion (R-5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Weight {
    /// +30.
    Important,
    /// +20.
    Notable,
    /// +10.
    Interesting,
}

impl Weight {
    /// The points the weight adds.
    pub fn points(self) -> u8 {
        match self {
            Weight::Important => 30,
            Weight::Notable => 20,
            Weight::Interesting => 10,
        }
    }

    /// The JSON name (`important`).
    pub fn as_str(self) -> &'static str {
        match self {
            Weight::Important => "important",
            Weight::Notable => "notable",
            Weight::Interesting => "interesting",
        }
    }
}

/// A weighted criterion: a condition and the points it adds when met.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    /// `important`, `notable` or `interesting`.
    pub weight: Weight,
    /// The condition over company fields (R-5.6).
    pub condition: Condition,
    /// An optional name for explanations (`"exports"`); the condition's text otherwise.
    pub label: Option<String>,
}

impl Criterion {
    /// The label, or the condition's text.
    pub fn describe(&self) -> String {
        self.label.clone().unwrap_or_else(|| self.condition.to_string())
    }
}

/// A routine (SPEC §5): who uses it, the criteria a company must meet to be
/// in it, the weighted criteria that score it, and the score from which a
/// rise is notified.
///
/// Built by [`Routine::parse`] or serde from the SPEC's JSON, which checks
/// every criterion once (R-6.1 errors carry their path in the routine:
/// `$.weighted[1].condition.value`).
///
/// ```
/// use filrouge::scoring::Routine;
///
/// let routine: Routine = serde_json::from_str(r#"{
///   "id": "r-it", "title": "IT services in Paris", "users": ["u-anne"],
///   "mandatory": [{"field": "naf", "op": "starts_with", "value": "62"}],
///   "weighted": [{"weight": "important", "condition": {"field": "headcount", "op": "ge", "value": 10}}],
///   "notify_at": 70
/// }"#).unwrap();
/// assert_eq!(routine.weighted().len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Routine {
    id: String,
    title: String,
    description: Option<String>,
    users: Vec<String>,
    mandatory: Vec<Condition>,
    weighted: Vec<Criterion>,
    notify_at: Option<u8>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CriterionJson {
    weight: Weight,
    condition: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    label: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoutineJson {
    id: String,
    title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(default)]
    users: Vec<String>,
    #[serde(default)]
    mandatory: Vec<Value>,
    #[serde(default)]
    weighted: Vec<CriterionJson>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    notify_at: Option<u8>,
}

impl Routine {
    /// A routine from its parts, validated: a non-empty id and user ids, at
    /// most [`MAX_WEIGHTED`] weighted criteria.
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        mandatory: Vec<Condition>,
        weighted: Vec<Criterion>,
    ) -> Result<Routine, Error> {
        let r = Routine {
            id: id.into(),
            title: title.into(),
            description: None,
            users: Vec::new(),
            mandatory,
            weighted,
            notify_at: None,
        };
        r.check()?;
        Ok(r)
    }

    /// The same routine with these users assigned (R-5.5).
    pub fn with_users(mut self, users: Vec<String>) -> Result<Routine, Error> {
        self.users = users;
        self.check()?;
        Ok(self)
    }

    /// The same routine notifying rises to `score` or above (R-5.3).
    pub fn with_notify_at(mut self, score: Option<u8>) -> Routine {
        self.notify_at = score;
        self
    }

    /// The same routine with a description.
    pub fn with_description(mut self, description: Option<String>) -> Routine {
        self.description = description;
        self
    }

    fn check(&self) -> Result<(), Error> {
        if self.id.is_empty() {
            return Err(Error::EmptyId { kind: "routine" });
        }
        if self.users.iter().any(String::is_empty) {
            return Err(Error::EmptyId { kind: "user" });
        }
        if self.weighted.len() > MAX_WEIGHTED {
            return Err(Error::TooManyCriteria {
                id: self.id.clone(),
                count: self.weighted.len(),
                limit: MAX_WEIGHTED,
            });
        }
        Ok(())
    }

    /// Validates a routine's JSON (SPEC §5): `{"id", "title", "description"?,
    /// "users", "mandatory": [cond], "weighted": [{"weight", "condition",
    /// "label"?}], "notify_at"?}`.
    pub fn parse(json: &Value) -> Result<Routine, Error> {
        let raw: RoutineJson =
            serde_json::from_value(json.clone()).map_err(|e| Error::InvalidRoutine { message: e.to_string() })?;
        let mandatory = raw
            .mandatory
            .iter()
            .enumerate()
            .map(|(i, c)| Condition::parse(c).map_err(|e| e.within(&format!("$.mandatory[{i}]"))))
            .collect::<Result<Vec<_>, _>>()?;
        let weighted = raw
            .weighted
            .into_iter()
            .enumerate()
            .map(|(i, c)| {
                Ok(Criterion {
                    weight: c.weight,
                    condition: Condition::parse(&c.condition)
                        .map_err(|e| e.within(&format!("$.weighted[{i}].condition")))?,
                    label: c.label,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let r = Routine {
            id: raw.id,
            title: raw.title,
            description: raw.description,
            users: raw.users,
            mandatory,
            weighted,
            notify_at: raw.notify_at,
        };
        r.check()?;
        Ok(r)
    }

    /// The routine's JSON.
    pub fn to_json(&self) -> Value {
        let raw = RoutineJson {
            id: self.id.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            users: self.users.clone(),
            mandatory: self.mandatory.iter().map(Condition::to_json).collect(),
            weighted: self
                .weighted
                .iter()
                .map(|c| CriterionJson { weight: c.weight, condition: c.condition.to_json(), label: c.label.clone() })
                .collect(),
            notify_at: self.notify_at,
        };
        serde_json::to_value(raw).unwrap_or(Value::Null)
    }

    /// The routine's id.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The routine's title.
    pub fn title(&self) -> &str {
        &self.title
    }
    /// The routine's description.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }
    /// The users assigned to the routine (R-5.5).
    pub fn users(&self) -> &[String] {
        &self.users
    }
    /// The criteria a company must all meet to be in the routine (R-5.1).
    pub fn mandatory(&self) -> &[Condition] {
        &self.mandatory
    }
    /// The weighted criteria (R-5.1), in order; explanations name them by index.
    pub fn weighted(&self) -> &[Criterion] {
        &self.weighted
    }
    /// The score from which a rise is notified (R-5.3).
    pub fn notify_at(&self) -> Option<u8> {
        self.notify_at
    }
}

impl Serialize for Routine {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Routine {
    /// Validates while deserializing; the message starts with the error code.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        Routine::parse(&v).map_err(|e| serde::de::Error::custom(format!("{}: {e}", e.code())))
    }
}
