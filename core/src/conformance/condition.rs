//! Vector op of SPEC §6 conditions: `condition`.

use super::{Case, OpError};
use crate::condition::Condition;
use serde_json::{Map, Value, json};

/// `input.condition` (any JSON: validation errors are expected outputs too)
/// evaluated against `input.record` (a JSON object); the output is
/// `{"result": bool}` or `{"error": code, "path": …}`.
pub(super) fn condition(case: &Case) -> Result<Value, OpError> {
    let raw = case.input.get("condition").ok_or_else(|| OpError::invalid_input("input.condition is missing"))?;
    let record: Map<String, Value> = match case.input.get("record") {
        None => Map::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => return Err(OpError::invalid_input("input.record must be a JSON object")),
    };
    let result = Condition::parse(raw).and_then(|c| c.evaluate(&record));
    Ok(match result {
        Ok(b) => json!({ "result": b }),
        Err(e) => json!({ "error": e.code(), "path": e.path(), "message": e.to_string() }),
    })
}
