//! The one place where failures become JavaScript errors.
//!
//! Every error the binding throws (or rejects a promise with) is an `Error`
//! whose `code` is a stable string: the core error's own code
//! (`comment_too_long`, `not_a_natural_person`, …), `invalid_input` for a
//! value that does not have the shape the TypeScript types describe (the
//! message names the field, e.g. `contacts[3].occurredAt`), or `internal`
//! for a bug (a Rust panic caught before it reaches Node). Batch calls never
//! throw for a bad record: it comes back in `rejected`, as data.

use napi_derive::napi;

/// A JavaScript error with a string `code`.
pub type JsError = napi::Error<String>;
/// The result type of every exported function.
pub type Result<T> = std::result::Result<T, JsError>;

/// The code of a value that does not have the expected shape.
pub const INVALID_INPUT: &str = "invalid_input";

/// An error with this code and message.
pub fn error(code: &str, message: impl Into<String>) -> JsError {
    napi::Error::new(code.to_owned(), message.into())
}

/// `invalid_input` at `path` (`contacts[3].occurredAt`).
pub fn invalid(path: &str, reason: impl std::fmt::Display) -> JsError {
    error(INVALID_INPUT, format!("{path}: {reason}"))
}

/// A conversion failure reported by napi (wrong JS type, missing field) at
/// `path`. napi says "… on Contact.occurredAt" (nested: "… on
/// Restitution.minOutboundCallS on Config.restitution"); the fields join the
/// path (`config.restitution.minOutboundCallS`) and the Rust type names go.
pub fn napi_invalid(path: &str, e: napi::Error) -> JsError {
    let mut what = e.reason.as_str();
    let mut fields = Vec::new();
    while let Some((rest, place)) = what.rsplit_once(" on ") {
        match place.split_once('.') {
            Some((ty, field)) if is_name(ty) && is_name(field) => {
                fields.push(field);
                what = rest;
            }
            _ => break,
        }
    }
    let mut full = path.to_owned();
    if let Some(missing) = what.strip_prefix("Missing field `").and_then(|m| m.strip_suffix('`')) {
        fields.push(missing);
        what = "missing (required)";
    }
    for field in &fields {
        full.push('.');
        full.push_str(field);
    }
    invalid(&full, what.trim())
}

/// A Rust type name or a field name, possibly with an index (`parties[2]`).
fn is_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '[' | ']'))
}

/// A caught panic: a bug, reported instead of crashing the process.
pub fn internal(payload: Box<dyn std::any::Any + Send>) -> JsError {
    let message = payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "unknown panic".to_owned());
    error("internal", format!("filrouge bug (please report): {message}"))
}

/// Runs `f`, turning a panic into an `internal` error: no panic crosses the
/// FFI boundary.
pub fn guard<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|p| Err(internal(p)))
}

/// A core module error: its stable code and its message.
pub trait CoreError: std::fmt::Display {
    /// The stable code (`not_a_natural_person`).
    fn code(&self) -> &'static str;
}

impl CoreError for filrouge::history::Error {
    fn code(&self) -> &'static str {
        filrouge::history::Error::code(self)
    }
}

impl CoreError for filrouge::retention::Error {
    fn code(&self) -> &'static str {
        filrouge::retention::Error::code(self)
    }
}

impl CoreError for filrouge::condition::Error {
    fn code(&self) -> &'static str {
        filrouge::condition::Error::code(self)
    }
}

/// A core error whose place is a JSON path (conditions): thrown as an
/// `Error` with its `code` and a `path` property. The error object is
/// thrown here (napi keeps a pending exception as the one thrown), so the
/// returned value only signals the failure.
pub fn with_path(anchor: &napi::Unknown<'_>, e: &impl CoreError, path: &str) -> JsError {
    use napi::JsValue;
    let env = anchor.value().env;
    let thrown = (|| -> napi::Result<()> {
        let mut err = std::ptr::null_mut();
        // SAFETY: plain napi calls on the current env.
        unsafe {
            let code = napi::bindgen_prelude::ToNapiValue::to_napi_value(env, e.code().to_owned())?;
            let message = napi::bindgen_prelude::ToNapiValue::to_napi_value(env, e.to_string())?;
            napi::check_status!(napi::sys::napi_create_error(env, code, message, &mut err))?;
            let path = napi::bindgen_prelude::ToNapiValue::to_napi_value(env, path.to_owned())?;
            napi::check_status!(napi::sys::napi_set_named_property(env, err, c"path".as_ptr(), path))?;
            napi::check_status!(napi::sys::napi_throw(env, err))
        }
    })();
    match thrown {
        // Pending: napi rethrows the exception just thrown.
        Ok(()) => core(e),
        Err(_) => core(e),
    }
}

/// A core error as a thrown `Error` with its code.
pub fn core(e: &impl CoreError) -> JsError {
    error(e.code(), e.to_string())
}

/// One record a batch call refused, with the rule it broke (returned as data, never thrown).
#[napi(object)]
#[derive(Debug, Clone)]
pub struct Rejection {
    /// The record's id as given (empty when the id itself was the problem).
    pub id: String,
    /// The SPEC rule broken (`R-1.1`), or `§0` for the conventions of SPEC §0.
    pub rule: String,
    /// The stable error code (`comment_too_long`, `duplicate_daily_report`, …).
    pub code: String,
    /// A human-readable explanation naming the offending value.
    pub message: String,
}

impl From<filrouge::Rejection> for Rejection {
    fn from(r: filrouge::Rejection) -> Self {
        let filrouge::Rejection { id, rule, code, message } = r;
        Rejection { id, rule, code, message }
    }
}
