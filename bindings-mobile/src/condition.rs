//! Conditions (SPEC §6, R-6.1): a condition's JSON validated once into a
//! [`Condition`] object, then evaluated against flat records given as typed
//! maps (`Map<String, FieldValue>` in Kotlin, `[String: FieldValue]` in
//! Swift).

use crate::error::FilrougeError;
use filrouge::condition as core;
use serde_json::{Map, Number, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// One field of a flat record (a company, SPEC §5): JSON's scalars and
/// lists of them. Dates are `Text` in `YYYY-MM-DD` form (R-6.1 compares
/// such text as dates).
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum FieldValue {
    /// JSON `null` (a comparison with it is `false`, as with a missing field).
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number (R-6.1 compares numbers as doubles).
    Number(f64),
    /// Text, or a `YYYY-MM-DD` date.
    Text(String),
    /// A list (`contains` looks inside it).
    Items(Vec<FieldValue>),
}

impl TryFrom<FieldValue> for Value {
    type Error = FilrougeError;
    fn try_from(v: FieldValue) -> Result<Self, FilrougeError> {
        Ok(match v {
            FieldValue::Null => Value::Null,
            FieldValue::Bool(b) => Value::Bool(b),
            // A whole number crosses as a JSON integer (a Kotlin/Swift app
            // holds `4` as `4.0`; the core prints answers as text, R-6.3).
            FieldValue::Number(n) if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 => {
                Value::Number(Number::from(n as i64))
            }
            FieldValue::Number(n) => Value::Number(
                Number::from_f64(n).ok_or_else(|| FilrougeError::invalid_input(format!("{n} is not a JSON number")))?,
            ),
            FieldValue::Text(s) => Value::String(s),
            FieldValue::Items(xs) => Value::Array(xs.into_iter().map(Value::try_from).collect::<Result<_, _>>()?),
        })
    }
}

/// A record as the core reads it: a JSON object.
pub(crate) fn to_object(record: HashMap<String, FieldValue>) -> Result<Map<String, Value>, FilrougeError> {
    record.into_iter().map(|(k, v)| Ok((k, Value::try_from(v)?))).collect()
}

/// A validated condition: parse once, evaluate against many records.
#[derive(Debug, uniffi::Object)]
pub struct Condition {
    inner: core::Condition,
}

#[uniffi::export]
impl Condition {
    /// Validates a condition's JSON text. Fails with `invalid_input` when
    /// the text is not JSON, and with the code and the JSON `path` of
    /// the offending part (`$.all[1].value`) when it is not a condition.
    #[uniffi::constructor]
    pub fn parse(json: String) -> Result<Arc<Self>, FilrougeError> {
        let value: Value = serde_json::from_str(&json)
            .map_err(|e| FilrougeError::invalid_input(format!("a condition must be JSON text: {e}")))?;
        Ok(Arc::new(Condition { inner: core::Condition::parse(&value)? }))
    }

    /// Whether `record` satisfies the condition. A missing or null field
    /// makes every comparison false; a field of a type the value cannot be
    /// compared with fails with `type_mismatch` and its path.
    pub fn evaluate(&self, record: HashMap<String, FieldValue>) -> Result<bool, FilrougeError> {
        Ok(self.inner.evaluate(&to_object(record)?)?)
    }

    /// The fields the condition reads, each once, in order of appearance.
    pub fn fields(&self) -> Vec<String> {
        self.inner.fields().into_iter().map(str::to_owned).collect()
    }

    /// The condition as JSON text (key order aside, as it was given).
    pub fn to_json(&self) -> String {
        self.inner.to_json().to_string()
    }
}
