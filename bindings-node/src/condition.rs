//! Conditions (SPEC §6, R-6.1): `Condition.parse(json)`, `evaluate(record)`.
//!
//! A condition crosses as the JSON of SPEC §6 (a plain JS object); records
//! are flat objects. A refusal throws an `Error` with the core's `code`
//! (`unknown_operator`, `type_mismatch`, …) and a `path` property, the JSON
//! path of the offending part (`$.all[1].op`), also named in the message.

use crate::convert::{Arg, Json, json};
use crate::error::{Result, guard, invalid, with_path};
use filrouge::condition as c;
use napi::Unknown;
use napi_derive::napi;

/// A validated condition: a field compared with a value (`eq`, `ne`,
/// `gt`, `ge`, `lt`, `le`, `in`, `not_in`, `contains`, `starts_with`,
/// `between`, `exists`), combined with `all`, `any`, `not`.
#[napi]
pub struct Condition {
    inner: c::Condition,
}

#[napi]
impl Condition {
    /// Validates a condition's JSON. Throws an Error with `code` and `path`
    /// (`unknown_operator` at `$.all[1].op`, …), or `invalid_input` for a
    /// value that is not JSON (a function, a cycle).
    #[napi(factory, ts_args_type = "json: unknown")]
    pub fn parse(json: Unknown) -> Result<Self> {
        guard(|| {
            let value = self::json(Arg::from(&json), "json")?;
            c::Condition::parse(&value).map(|inner| Condition { inner }).map_err(|e| with_path(&json, &e, e.path()))
        })
    }

    /// Whether `record` (a flat object) satisfies the condition. A missing or
    /// `null` field makes every comparison false; comparing different types
    /// throws `type_mismatch` with the comparison's `path`.
    #[napi(ts_args_type = "record: { [field: string]: unknown }")]
    pub fn evaluate(&self, record: Unknown) -> Result<bool> {
        guard(|| {
            let value = self::json(Arg::from(&record), "record")?;
            let serde_json::Value::Object(map) = value else {
                return Err(invalid("record", "expected an object"));
            };
            self.inner.evaluate(&map).map_err(|e| with_path(&record, &e, e.path()))
        })
    }

    /// The condition's JSON, as given (key order aside).
    #[napi(js_name = "toJSON", ts_return_type = "unknown")]
    pub fn to_json(&self) -> Json {
        Json(self.inner.to_json())
    }

    /// The fields the condition reads, each once, in order of appearance.
    #[napi]
    pub fn fields(&self) -> Vec<String> {
        self.inner.fields().into_iter().map(str::to_owned).collect()
    }

    /// The condition as text.
    #[napi(js_name = "toString")]
    #[allow(clippy::inherent_to_string)]
    pub fn to_string(&self) -> String {
        self.inner.to_string()
    }
}
