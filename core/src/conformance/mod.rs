//! The conformance-vector runner (SPEC §9).
//!
//! A vector file holds one case or an array of cases. Each case names an
//! `op`, its `input`, optional `config` overrides and `now`, and the
//! `expected` output. [`check`] runs a case through the Rust API and compares
//! with these rules:
//!
//! - a key absent from `expected` is not compared; `message` keys never are;
//! - lists compare as sets (same length, each expected item matching a
//!   distinct actual item) unless the op orders them (histories, follow-up
//!   lists, rankings, script results);
//! - two strings that both parse as RFC 3339 instants compare as instants,
//!   numbers compare by value;
//! - an expected error is `{"error": "<code>"}`.
//!
//! This module does no I/O: callers read the files and hand over the text.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Map, Value};

mod condition;
mod history;
mod retention;

/// One conformance case.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// The rule the case pins (`R-1.4`).
    pub rule: String,
    /// What the case checks, in a sentence.
    pub name: String,
    /// The operation (`reconcile`, `history`, `script`, …).
    pub op: String,
    /// The present, for operations that depend on it.
    #[serde(default)]
    pub now: Option<DateTime<Utc>>,
    /// Overrides of the op's default configuration.
    #[serde(default)]
    pub config: Value,
    /// The op's input.
    #[serde(default)]
    pub input: Value,
    /// The expected output, or `{"error": "<code>"}`.
    pub expected: Value,
}

/// An operation's failure, as a vector sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpError {
    /// The stable error code.
    pub code: String,
    /// Human-readable detail (never compared).
    pub message: String,
}

impl OpError {
    /// Builds an error from a code and message.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        OpError { code: code.into(), message: message.into() }
    }

    /// An input that does not have the op's shape.
    pub fn invalid_input(err: impl std::fmt::Display) -> Self {
        OpError::new("invalid_input", err.to_string())
    }

    /// The JSON form `{"error": code, "message": …}`.
    pub fn to_json(&self) -> Value {
        serde_json::json!({ "error": self.code, "message": self.message })
    }
}

/// An op: how to run it and which output lists it orders.
struct Op {
    name: &'static str,
    run: fn(&Case) -> Result<Value, OpError>,
    ordered: &'static [&'static str],
}

/// A family of `script` actions owned by one module.
struct ScriptModule {
    actions: &'static [&'static str],
    run: fn(&Case, &[Value]) -> Result<Vec<Value>, OpError>,
}

const OPS: &[Op] = &[
    Op { name: "reconcile", run: history::reconcile, ordered: &[] },
    Op { name: "reconcile_batches", run: history::reconcile_batches, ordered: &["changes"] },
    Op { name: "history", run: history::history, ordered: &["entries"] },
    Op { name: "restitution", run: history::restitution, ordered: &[] },
    Op { name: "retention", run: retention::retention, ordered: &[] },
    Op { name: "condition", run: condition::condition, ordered: &[] },
];

const SCRIPT_MODULES: &[ScriptModule] = &[];

/// Parses a vector file: one case or an array of cases.
pub fn parse_cases(text: &str) -> Result<Vec<Case>, serde_json::Error> {
    let value: Value = serde_json::from_str(text)?;
    match value {
        Value::Array(items) => items.into_iter().map(serde_json::from_value).collect(),
        other => Ok(vec![serde_json::from_value(other)?]),
    }
}

/// Runs a case and returns its actual output (an error as `{"error", "message"}`).
pub fn run(case: &Case) -> Value {
    let result = if case.op == "script" {
        run_script(case).map(|results| serde_json::json!({ "results": results }))
    } else {
        match OPS.iter().find(|op| op.name == case.op) {
            Some(op) => (op.run)(case),
            None => Err(OpError::new("unknown_op", format!("no op named {:?}", case.op))),
        }
    };
    result.unwrap_or_else(|e| e.to_json())
}

fn run_script(case: &Case) -> Result<Vec<Value>, OpError> {
    let steps = case
        .input
        .get("steps")
        .and_then(Value::as_array)
        .ok_or_else(|| OpError::invalid_input("a script needs input.steps, a list"))?;
    let first = steps
        .first()
        .and_then(|s| s.get("do"))
        .and_then(Value::as_str)
        .ok_or_else(|| OpError::invalid_input("a script's first step needs a \"do\" action"))?;
    let module = SCRIPT_MODULES
        .iter()
        .find(|m| m.actions.contains(&first))
        .ok_or_else(|| OpError::new("unknown_action", format!("no module handles action {first:?}")))?;
    (module.run)(case, steps)
}

/// Runs a case and compares with its `expected`; `Err` says what differed.
pub fn check(case: &Case) -> Result<(), String> {
    let actual = run(case);
    let ordered: &[&str] = if case.op == "script" {
        &["results"]
    } else {
        OPS.iter().find(|op| op.name == case.op).map(|op| op.ordered).unwrap_or(&[])
    };
    compare(&case.expected, &actual, ordered).map_err(|diff| format!("{diff}\n  actual: {actual}"))
}

/// Compares `expected` with `actual` under the rules of this module's docs.
/// `ordered` names the keys whose lists compare in order.
pub fn compare(expected: &Value, actual: &Value, ordered: &[&str]) -> Result<(), String> {
    compare_at("$", expected, actual, ordered, false)
}

fn compare_at(path: &str, expected: &Value, actual: &Value, ordered: &[&str], in_order: bool) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => compare_objects(path, e, a, ordered),
        (Value::Object(e), _) => Err(format!("{path}: expected an object with keys {:?}, got {actual}", keys(e))),
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Err(format!("{path}: expected {} items, got {}", e.len(), a.len()));
            }
            if in_order {
                for (i, (x, y)) in e.iter().zip(a).enumerate() {
                    compare_at(&format!("{path}[{i}]"), x, y, ordered, false)?;
                }
                Ok(())
            } else {
                compare_as_sets(path, e, a, ordered)
            }
        }
        (Value::Number(e), Value::Number(a)) if e.as_f64() == a.as_f64() => Ok(()),
        (Value::String(e), Value::String(a)) if e == a || same_instant(e, a) => Ok(()),
        (e, a) if e == a => Ok(()),
        (e, a) => Err(format!("{path}: expected {e}, got {a}")),
    }
}

fn compare_objects(path: &str, e: &Map<String, Value>, a: &Map<String, Value>, ordered: &[&str]) -> Result<(), String> {
    for (key, want) in e {
        if key == "message" {
            continue;
        }
        let sub = format!("{path}.{key}");
        match a.get(key) {
            Some(got) => compare_at(&sub, want, got, ordered, ordered.contains(&key.as_str()))?,
            None if want.is_null() => {}
            None => return Err(format!("{sub}: missing (expected {want})")),
        }
    }
    Ok(())
}

/// Set comparison: a perfect matching between expected and actual items
/// (augmenting paths, so partial patterns cannot steal each other's match).
fn compare_as_sets(path: &str, e: &[Value], a: &[Value], ordered: &[&str]) -> Result<(), String> {
    let fits: Vec<Vec<usize>> = e
        .iter()
        .map(|x| (0..a.len()).filter(|&j| compare_at(path, x, &a[j], ordered, false).is_ok()).collect())
        .collect();
    let mut owner: Vec<Option<usize>> = vec![None; a.len()];
    for (i, item) in e.iter().enumerate() {
        let mut seen = vec![false; a.len()];
        if !augment(i, &fits, &mut owner, &mut seen) {
            return Err(format!("{path}: no actual item matches expected {item}"));
        }
    }
    Ok(())
}

fn augment(i: usize, fits: &[Vec<usize>], owner: &mut [Option<usize>], seen: &mut [bool]) -> bool {
    for &j in &fits[i] {
        if seen[j] {
            continue;
        }
        seen[j] = true;
        if owner[j].is_none_or(|k| augment(k, fits, owner, seen)) {
            owner[j] = Some(i);
            return true;
        }
    }
    false
}

fn same_instant(a: &str, b: &str) -> bool {
    match (DateTime::parse_from_rfc3339(a), DateTime::parse_from_rfc3339(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

fn keys(m: &Map<String, Value>) -> Vec<&str> {
    m.keys().map(String::as_str).collect()
}

/// Deserializes the op's configuration: `null` or `{}` is the default.
pub(crate) fn config<T: serde::de::DeserializeOwned + Default>(case: &Case) -> Result<T, OpError> {
    if case.config.is_null() {
        return Ok(T::default());
    }
    serde_json::from_value(case.config.clone()).map_err(|e| OpError::invalid_input(format!("config: {e}")))
}

/// Deserializes `input.<key>`; a missing key is an `invalid_input` error.
pub(crate) fn input<T: serde::de::DeserializeOwned>(case: &Case, key: &str) -> Result<T, OpError> {
    let value = case.input.get(key).ok_or_else(|| OpError::invalid_input(format!("input.{key} is missing")))?;
    serde_json::from_value(value.clone()).map_err(|e| OpError::invalid_input(format!("input.{key}: {e}")))
}

/// Deserializes `input.<key>`, or the default when the key is absent.
pub(crate) fn input_or_default<T: serde::de::DeserializeOwned + Default>(case: &Case, key: &str) -> Result<T, OpError> {
    match case.input.get(key) {
        None | Some(Value::Null) => Ok(T::default()),
        Some(_) => input(case, key),
    }
}

/// The case's `now`, required by ops that depend on the present.
pub(crate) fn now(case: &Case) -> Result<DateTime<Utc>, OpError> {
    case.now.ok_or_else(|| OpError::invalid_input("this op needs \"now\""))
}

/// Serializes an output value (infallible for the crate's types).
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or_else(|e| OpError::new("internal", e.to_string()).to_json())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn absent_keys_and_messages_are_not_compared() {
        let e = json!({"error": "comment_too_long", "message": "x"});
        let a = json!({"error": "comment_too_long", "message": "a different text", "extra": 1});
        assert!(compare(&e, &a, &[]).is_ok());
    }

    #[test]
    fn lists_are_sets_unless_ordered() {
        let e = json!({"xs": [1, 2], "ys": [1, 2]});
        let a = json!({"xs": [2, 1], "ys": [2, 1]});
        assert!(compare(&e, &a, &[]).is_ok());
        assert!(compare(&e, &a, &["ys"]).is_err());
    }

    #[test]
    fn set_matching_is_a_perfect_matching() {
        // A greedy match would give the first pattern {"a":1} to the first
        // item and leave {"a":1,"b":2} without a partner.
        let e = json!([{"a": 1}, {"a": 1, "b": 2}]);
        let a = json!([{"a": 1, "b": 2}, {"a": 1, "b": 3}]);
        assert!(compare(&e, &a, &[]).is_ok());
        let a_bad = json!([{"a": 1, "b": 3}, {"a": 1, "b": 3}]);
        assert!(compare(&e, &a_bad, &[]).is_err());
    }

    #[test]
    fn instants_compare_as_instants() {
        let e = json!("2026-03-02T12:00:00Z");
        assert!(compare(&e, &json!("2026-03-02T13:00:00+01:00"), &[]).is_ok());
        assert!(compare(&e, &json!("2026-03-02T12:00:01Z"), &[]).is_err());
    }

    #[test]
    fn lengths_must_agree() {
        assert!(compare(&json!([1]), &json!([1, 1]), &[]).is_err());
    }
}
