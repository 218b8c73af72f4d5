//! Conversions between JavaScript values and the core's records, shared by
//! every module file.
//!
//! - Instants come in as a `Date` or an ISO-8601 string with an offset
//!   ([`Instant`]) and go out as RFC 3339 strings in UTC ([`iso`]).
//! - Local dates (in the modules to come) cross as `YYYY-MM-DD` strings.
//! - Numbers come in as JS numbers and must be whole and in range
//!   ([`whole`]): `1.5` seconds or `-1` days is `invalid_input`, never
//!   truncated.
//! - Lists are read element by element ([`ListReader`]) so an error names
//!   its index (`contacts[3].occurredAt`) and a long list can be read in
//!   slices between two turns of the event loop (the async calls).
//! - Enums cross as lower-snake strings (string-literal unions in
//!   TypeScript); [`mirror_enum!`] maps them to the core's enums with
//!   exhaustive matches both ways, so a core variant the binding does not
//!   know is a compile error, not a silent drift.

use crate::error::{Result, invalid, napi_invalid};
use chrono::{DateTime, SecondsFormat, Utc};
use napi::bindgen_prelude::{FromNapiValue, TypeName, ValidateNapiValue};
use napi::{JsValue, Unknown, ValueType, sys};
use std::ptr;

/// An instant as JavaScript gives it, read on the main thread and checked
/// later (possibly on a worker thread): a `Date`, or a string.
#[derive(Debug, Clone)]
pub enum Instant {
    /// A `Date`: milliseconds since the epoch (`NaN` for an invalid date).
    Millis(f64),
    /// A string, to parse as ISO-8601 with an offset.
    Text(String),
}

impl TypeName for Instant {
    fn type_name() -> &'static str {
        "Date | string"
    }

    fn value_type() -> ValueType {
        ValueType::Unknown
    }
}

impl ValidateNapiValue for Instant {
    /// A `Date` or a string; anything else is refused before napi-rs reads it.
    unsafe fn validate(env: sys::napi_env, value: sys::napi_value) -> napi::Result<sys::napi_value> {
        let mut is_date = false;
        // SAFETY: env and value come from napi for the current call.
        napi::check_status!(unsafe { sys::napi_is_date(env, value, &mut is_date) })?;
        if is_date || type_of(env, value) == ValueType::String {
            Ok(ptr::null_mut())
        } else {
            Err(napi::Error::new(
                napi::Status::InvalidArg,
                format!("expected a Date or an ISO-8601 string with offset, got {}", describe(env, value)),
            ))
        }
    }
}

impl FromNapiValue for Instant {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        let mut is_date = false;
        // SAFETY: env and value come from napi for the current call.
        unsafe {
            napi::check_status!(sys::napi_is_date(env, value, &mut is_date))?;
            if is_date {
                let mut ms = 0.0;
                napi::check_status!(sys::napi_get_date_value(env, value, &mut ms))?;
                return Ok(Instant::Millis(ms));
            }
            if type_of(env, value) == ValueType::String {
                return Ok(Instant::Text(String::from_napi_value(env, value)?));
            }
        }
        Err(napi::Error::new(
            napi::Status::InvalidArg,
            format!("expected a Date or an ISO-8601 string with offset, got {}", describe(env, value)),
        ))
    }
}

impl Instant {
    /// The instant, or `invalid_input` at `path`.
    pub fn to_utc(&self, path: impl FnOnce() -> String) -> Result<DateTime<Utc>> {
        match self {
            Instant::Millis(ms) if ms.is_finite() => {
                DateTime::from_timestamp_millis(*ms as i64).ok_or_else(|| invalid(&path(), "date out of range"))
            }
            Instant::Millis(_) => Err(invalid(&path(), "invalid Date")),
            // The same grammar as the core's JSON (RFC 3339; an offset is required).
            Instant::Text(s) => s.parse::<DateTime<Utc>>().map_err(|e| {
                invalid(
                    &path(),
                    format!("{s:?} is not an ISO-8601 instant with offset (e.g. 2026-03-02T09:00:00Z): {e}"),
                )
            }),
        }
    }
}

/// An instant as it goes out: RFC 3339 in UTC (`2026-03-02T09:00:00Z`),
/// with sub-second digits only when there are some.
pub fn iso(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// A JS number that must be a whole number in `T`'s range.
pub fn whole<T: TryFrom<i64>>(x: f64, path: impl FnOnce() -> String) -> Result<T> {
    if !x.is_finite() || x.fract() != 0.0 || x.abs() > 9_007_199_254_740_991.0 {
        return Err(invalid(&path(), format!("expected a whole number, got {x}")));
    }
    T::try_from(x as i64).map_err(|_| invalid(&path(), format!("{x} is out of range")))
}

/// `Some(whole)` for a given number.
pub fn whole_opt<T: TryFrom<i64>>(x: Option<f64>, path: impl FnOnce() -> String) -> Result<Option<T>> {
    x.map(|x| whole(x, path)).transpose()
}

/// A JavaScript value received as an argument.
#[derive(Clone, Copy)]
pub struct Arg {
    pub env: sys::napi_env,
    pub value: sys::napi_value,
}

impl From<&Unknown<'_>> for Arg {
    fn from(u: &Unknown<'_>) -> Self {
        let v = u.value();
        Arg { env: v.env, value: v.value }
    }
}

impl Arg {
    /// The value's JS type.
    pub fn kind(&self) -> ValueType {
        type_of(self.env, self.value)
    }

    /// Whether the value is `null` or `undefined`.
    pub fn is_nullish(&self) -> bool {
        matches!(self.kind(), ValueType::Null | ValueType::Undefined)
    }

    /// The value as `T` (a record, a string, …), or `invalid_input` at `path`.
    /// The JS type is checked first ([`checked`]): napi-rs never sees a
    /// value of the wrong type.
    pub fn to<T: FromNapiValue + ValidateNapiValue>(&self, path: &str) -> Result<T> {
        // SAFETY: env and value come from napi for the current call.
        unsafe { checked::<T>(self.env, self.value) }.map_err(|e| conversion_error(self.env, path, e))
    }

    /// The value as `T` when its JS type is already known to be right
    /// (`json_at` reads a boolean, number or string it has just typed).
    fn read<T: FromNapiValue>(&self, path: impl FnOnce() -> String) -> Result<T> {
        // SAFETY: env and value come from napi for the current call.
        unsafe { T::from_napi_value(self.env, self.value) }.map_err(|e| conversion_error(self.env, &path(), e))
    }

    /// A plain object as `T`.
    pub fn object<T: FromNapiValue + ValidateNapiValue>(&self, path: &str) -> Result<T> {
        if self.kind() != ValueType::Object || self.is_array() {
            return Err(invalid(path, format!("expected an object, got {}", describe(self.env, self.value))));
        }
        self.to(path)
    }

    /// `None` for `null`/`undefined`, else a plain object as `T`.
    pub fn object_opt<T: FromNapiValue + ValidateNapiValue>(&self, path: &str) -> Result<Option<T>> {
        if self.is_nullish() { Ok(None) } else { self.object(path).map(Some) }
    }

    /// A string.
    pub fn string(&self, path: &str) -> Result<String> {
        if self.kind() != ValueType::String {
            return Err(invalid(path, format!("expected a string, got {}", describe(self.env, self.value))));
        }
        self.to(path)
    }

    /// An instant (`Date` or ISO-8601 string with offset).
    pub fn instant(&self, path: &str) -> Result<DateTime<Utc>> {
        self.to::<Instant>(path)?.to_utc(|| path.to_owned())
    }

    /// A whole list of `T`.
    pub fn list<T: FromNapiValue + ValidateNapiValue>(&self, path: &'static str) -> Result<Vec<T>> {
        let mut reader = ListReader::new(*self, path)?;
        reader.read(usize::MAX)?;
        Ok(reader.items)
    }

    /// `[]` for `null`/`undefined`, else a list of `T`.
    pub fn list_or_empty<T: FromNapiValue + ValidateNapiValue>(&self, path: &'static str) -> Result<Vec<T>> {
        if self.is_nullish() { Ok(Vec::new()) } else { self.list(path) }
    }

    /// The length of an array (0 for anything else).
    fn len(&self) -> usize {
        let mut len = 0u32;
        // SAFETY: env and value come from napi for the current call.
        let status = unsafe { sys::napi_get_array_length(self.env, self.value, &mut len) };
        if status == sys::Status::napi_ok { len as usize } else { 0 }
    }

    fn is_array(&self) -> bool {
        let mut yes = false;
        // SAFETY: env and value come from napi for the current call.
        let status = unsafe { sys::napi_is_array(self.env, self.value, &mut yes) };
        status == sys::Status::napi_ok && yes
    }
}

/// Reads a JS array element by element, possibly over several turns of the
/// event loop (the array is then held by a reference, see `task.rs`).
pub struct ListReader<T> {
    path: &'static str,
    len: u32,
    /// The array, valid for the current call only (refreshed by the caller
    /// from its reference on each turn).
    pub array: Arg,
    /// The elements read so far.
    pub items: Vec<T>,
    /// Whether `null`/`undefined` elements are read as values (JSON) rather
    /// than refused (records).
    nullable: bool,
    /// The values the elements read as JSON may still read ([`json`]).
    budget: usize,
}

impl<T: FromNapiValue + ValidateNapiValue> ListReader<T> {
    /// Checks that `array` is an array and notes its length.
    pub fn new(array: Arg, path: &'static str) -> Result<Self> {
        if !array.is_array() {
            return Err(invalid(path, format!("expected an array, got {}", describe(array.env, array.value))));
        }
        let mut len = 0u32;
        // SAFETY: env and value come from napi for the current call.
        let status = unsafe { sys::napi_get_array_length(array.env, array.value, &mut len) };
        if status != sys::Status::napi_ok {
            return Err(conversion_error(array.env, path, napi::Error::from_reason("cannot read the array's length")));
        }
        let budget = MAX_JSON_NODES.saturating_add(JSON_NODES_PER_ELEMENT.saturating_mul(len as usize));
        Ok(ListReader { path, len, array, items: Vec::with_capacity(len as usize), nullable: false, budget })
    }

    /// Whether every element has been read.
    pub fn done(&self) -> bool {
        self.items.len() >= self.len as usize
    }

    /// Reads up to `n` more elements (elements read as JSON share the
    /// list's budget of values, see [`json`]).
    pub fn read(&mut self, n: usize) -> Result<()> {
        let outer = LIST_BUDGET.with(|b| b.replace(Some(self.budget)));
        let out = self.read_elements(n);
        self.budget = LIST_BUDGET.with(|b| b.replace(outer)).unwrap_or(0);
        out
    }

    fn read_elements(&mut self, n: usize) -> Result<()> {
        let _keys = KeySession::begin();
        let end = (self.items.len().saturating_add(n)).min(self.len as usize);
        for i in self.items.len()..end {
            let mut element = ptr::null_mut();
            // SAFETY: env and array come from napi for the current call.
            let status = unsafe { sys::napi_get_element(self.array.env, self.array.value, i as u32, &mut element) };
            if status != sys::Status::napi_ok {
                let e = napi::Error::from_reason("cannot read the element");
                return Err(conversion_error(self.array.env, &format!("{}[{i}]", self.path), e));
            }
            if !self.nullable && matches!(type_of(self.array.env, element), ValueType::Null | ValueType::Undefined) {
                return Err(invalid(&format!("{}[{i}]", self.path), "expected a record, got null or undefined"));
            }
            // SAFETY: as above.
            let item = unsafe { checked::<T>(self.array.env, element) }
                .map_err(|e| conversion_error(self.array.env, &format!("{}[{i}]", self.path), e))?;
            self.items.push(item);
        }
        Ok(())
    }
}

/// A failed conversion as `invalid_input` at `path`. When the failure is
/// an exception thrown by the input itself (a getter, a Proxy trap), the
/// exception is taken out of the engine and its message kept, so the caller
/// gets one coded error and nothing stays pending (an async call would
/// otherwise leave an uncaught exception behind).
fn conversion_error(env: sys::napi_env, path: &str, e: napi::Error) -> crate::error::JsError {
    let mut pending = false;
    // SAFETY: plain napi calls on the current env.
    unsafe {
        if sys::napi_is_exception_pending(env, &mut pending) == sys::Status::napi_ok && pending {
            let mut exception = ptr::null_mut();
            if sys::napi_get_and_clear_last_exception(env, &mut exception) == sys::Status::napi_ok {
                let mut message = ptr::null_mut();
                let text = if sys::napi_coerce_to_string(env, exception, &mut message) == sys::Status::napi_ok {
                    String::from_napi_value(env, message).unwrap_or_default()
                } else {
                    String::new()
                };
                // Coercion itself may throw (a Symbol, a throwing toString).
                let mut again = false;
                if sys::napi_is_exception_pending(env, &mut again) == sys::Status::napi_ok && again {
                    sys::napi_get_and_clear_last_exception(env, &mut exception);
                }
                return invalid(path, format!("reading the value threw: {text}"));
            }
        }
    }
    napi_invalid(path, e)
}

/// `T` read from a JS value whose type `T::validate` has checked first, so
/// napi-rs's own conversion never meets a value of the wrong type. (napi-rs
/// 3.4.0 formats a non-string it fails to read as a `String` with
/// `JSON.stringify`, which never ends on an object sharing sub-objects many
/// levels deep: see DESIGN.md, "What does the randomized garbage run …".)
/// A refusal says what was expected and what came (`expected a string, got
/// an object`).
///
/// # Safety
/// `env` and `value` must be valid for the current call.
pub unsafe fn checked<T: FromNapiValue + ValidateNapiValue>(
    env: sys::napi_env,
    value: sys::napi_value,
) -> napi::Result<T> {
    // SAFETY: the caller's contract.
    if let Err(e) = unsafe { T::validate(env, value) } {
        let mut pending = false;
        // SAFETY: plain napi call on the current env.
        let threw = unsafe { sys::napi_is_exception_pending(env, &mut pending) } == sys::Status::napi_ok && pending;
        if threw || e.reason.starts_with("expected ") {
            // Our own validators word it themselves; a Proxy or getter that
            // threw while being checked is reported by `conversion_error`.
            return Err(e);
        }
        return Err(napi::Error::new(
            napi::Status::InvalidArg,
            format!("expected {}, got {}", expected(T::type_name(), &e.reason), describe(env, value)),
        ));
    }
    // SAFETY: the caller's contract; the type is right.
    unsafe { T::from_napi_value(env, value) }
}

/// What napi-rs's validator of `name` expected (its message: "Expect value
/// to be String, but received Object"), in words.
fn expected(name: &str, reason: &str) -> String {
    let kind = reason.strip_prefix("Expect value to be ").and_then(|r| r.split(',').next()).unwrap_or("");
    let words = match kind {
        "String" => "a string",
        "Number" => "a number",
        "Boolean" => "a boolean",
        "Object" => "an object",
        _ => return format!("a value of type {name}"),
    };
    if name == "String" || !name.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
        words.to_owned()
    } else {
        format!("{words} ({name})")
    }
}

/// The JS type of a value.
pub fn type_of(env: sys::napi_env, value: sys::napi_value) -> ValueType {
    let mut t = 0;
    // SAFETY: env and value come from napi for the current call.
    let status = unsafe { sys::napi_typeof(env, value, &mut t) };
    if status == sys::Status::napi_ok { ValueType::from(t) } else { ValueType::Unknown }
}

/// A short description of a value for error messages (`a number`, `null`).
pub fn describe(env: sys::napi_env, value: sys::napi_value) -> &'static str {
    match type_of(env, value) {
        ValueType::Undefined => "undefined",
        ValueType::Null => "null",
        ValueType::Boolean => "a boolean",
        ValueType::Number => "a number",
        ValueType::String => "a string",
        ValueType::Symbol => "a symbol",
        ValueType::Object => {
            if (Arg { env, value }).is_array() {
                "an array"
            } else {
                "an object"
            }
        }
        ValueType::Function => "a function",
        ValueType::External => "an external",
        _ => "a value of unknown type",
    }
}

/// Maps a binding enum (a string-literal union in TypeScript) to the core's
/// enum and back, with exhaustive matches: a variant added in the core
/// breaks the build here until the binding knows it.
macro_rules! mirror_enum {
    ($js:ident <=> $core:path { $($v:ident),* $(,)? }) => {
        impl From<$js> for $core {
            fn from(v: $js) -> Self {
                match v { $($js::$v => <$core>::$v),* }
            }
        }
        impl From<$core> for $js {
            fn from(v: $core) -> Self {
                match v { $(<$core>::$v => $js::$v),* }
            }
        }
    };
}
pub(crate) use mirror_enum;

/// An IANA time zone (`Europe/Paris`).
pub fn time_zone(name: &str, path: &str) -> Result<chrono_tz::Tz> {
    name.parse::<chrono_tz::Tz>().map_err(|_| invalid(path, format!("{name:?} is not an IANA time zone")))
}

/// The deepest JSON a value may nest (deeper is `invalid_input`: a cycle, or
/// data no condition or company needs).
pub const MAX_JSON_DEPTH: usize = 128;

/// The most values one [`json`] call reads, besides [`JSON_NODES_PER_ELEMENT`]
/// per element of a list (`invalid_input` past it). A tree of JS objects is
/// walked once per path to each of its values, so an object shared under
/// two keys, nested `n` levels, costs 2^n reads: without a bound, a value
/// of a few hundred bytes holds the main thread for ever. See DESIGN.md,
/// "Why a budget of values read for JSON?".
pub const MAX_JSON_NODES: usize = 1 << 18;

/// The values a list may read per element on top of [`MAX_JSON_NODES`]
/// (the list given as the argument itself, or a list whose elements are
/// read one by one: companies, `listsAsync`'s follow-ups). What an element
/// does not use is left to the next ones.
pub const JSON_NODES_PER_ELEMENT: usize = 128;

thread_local! {
    /// The budget of the list being read (see [`ListReader::read`]), shared
    /// by the [`json`] calls of its elements.
    static LIST_BUDGET: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
}

/// A JS value as JSON (for the modules that take JSON: conditions,
/// companies): `null`, booleans, finite numbers, strings, arrays and plain
/// objects (own enumerable string keys; `undefined` members are left out
/// as `JSON.stringify` does); a `Date` becomes its RFC 3339 string.
/// Functions, symbols, bigints, `NaN`, cycles (deeper than
/// [`MAX_JSON_DEPTH`]) and values too costly to read ([`MAX_JSON_NODES`])
/// are `invalid_input`.
pub fn json(arg: Arg, path: &str) -> Result<serde_json::Value> {
    let shared = LIST_BUDGET.with(|b| b.take());
    let mut budget = match shared {
        Some(left) => left,
        None if arg.is_array() => MAX_JSON_NODES.saturating_add(JSON_NODES_PER_ELEMENT.saturating_mul(arg.len())),
        None => MAX_JSON_NODES,
    };
    let out = json_at(arg, &Place::Root(path), 0, &mut budget);
    if shared.is_some() {
        LIST_BUDGET.with(|b| b.set(Some(budget)));
    }
    out
}

/// Where `json_at` is, rendered as a path (`json.all[1].op`) only for an
/// error: building the path of every value read would cost more than
/// reading it.
enum Place<'a> {
    Root(&'a str),
    Key(&'a Place<'a>, &'a str),
    Index(&'a Place<'a>, usize),
}

impl Place<'_> {
    fn render(&self) -> String {
        match self {
            Place::Root(path) => (*path).to_owned(),
            Place::Key(parent, key) => format!("{}.{key}", parent.render()),
            Place::Index(parent, i) => format!("{}[{i}]", parent.render()),
        }
    }
}

fn json_at(arg: Arg, at: &Place<'_>, depth: usize, budget: &mut usize) -> Result<serde_json::Value> {
    use serde_json::Value;
    if depth > MAX_JSON_DEPTH {
        return Err(invalid(&at.render(), format!("nested deeper than {MAX_JSON_DEPTH} levels (a cycle?)")));
    }
    if *budget == 0 {
        return Err(invalid(
            &at.render(),
            "too many values to read (one object shared many times over?): see MAX_JSON_NODES",
        ));
    }
    *budget -= 1;
    Ok(match arg.kind() {
        ValueType::Null | ValueType::Undefined => Value::Null,
        ValueType::Boolean => Value::Bool(arg.read(|| at.render())?),
        ValueType::Number => {
            let x: f64 = arg.read(|| at.render())?;
            if x.fract() == 0.0 && x.abs() <= 9_007_199_254_740_991.0 {
                Value::from(x as i64)
            } else {
                Value::from(
                    serde_json::Number::from_f64(x)
                        .ok_or_else(|| invalid(&at.render(), format!("{x} is not a JSON number")))?,
                )
            }
        }
        ValueType::String => Value::String(arg.read(|| at.render())?),
        ValueType::Object => {
            if arg.is_array() {
                let mut reader = ListReader::<Raw>::new(arg, "")?;
                reader.nullable = true;
                reader.read(usize::MAX).map_err(|e| invalid(&at.render(), &e.reason))?;
                let mut out = Vec::with_capacity(reader.items.len());
                for (i, item) in reader.items.into_iter().enumerate() {
                    out.push(json_at(Arg { env: arg.env, value: item.0 }, &Place::Index(at, i), depth + 1, budget)?);
                }
                Value::Array(out)
            } else if let Some(ms) = date_millis(arg) {
                let at = Instant::Millis(ms).to_utc(|| at.render())?;
                Value::String(iso(at))
            } else {
                let mut map = serde_json::Map::new();
                for (key, value) in own_entries(arg, at)? {
                    if type_of(arg.env, value) == ValueType::Undefined {
                        continue;
                    }
                    let v = json_at(Arg { env: arg.env, value }, &Place::Key(at, &key), depth + 1, budget)?;
                    map.insert(key, v);
                }
                Value::Object(map)
            }
        }
        _ => return Err(invalid(&at.render(), format!("{} is not JSON", describe(arg.env, arg.value)))),
    })
}

/// The milliseconds of a `Date`, `None` for anything else.
fn date_millis(arg: Arg) -> Option<f64> {
    let mut is_date = false;
    let mut ms = 0.0;
    // SAFETY: env and value come from napi for the current call.
    unsafe {
        (sys::napi_is_date(arg.env, arg.value, &mut is_date) == sys::Status::napi_ok
            && is_date
            && sys::napi_get_date_value(arg.env, arg.value, &mut ms) == sys::Status::napi_ok)
            .then_some(ms)
    }
}

/// A raw element of an array (read without conversion).
struct Raw(sys::napi_value);

impl FromNapiValue for Raw {
    unsafe fn from_napi_value(_env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        Ok(Raw(value))
    }
}

impl TypeName for Raw {
    fn type_name() -> &'static str {
        "unknown"
    }

    fn value_type() -> ValueType {
        ValueType::Unknown
    }
}

impl ValidateNapiValue for Raw {
    /// Any value: it is typed afterwards by `json_at`.
    unsafe fn validate(_env: sys::napi_env, _value: sys::napi_value) -> napi::Result<sys::napi_value> {
        Ok(ptr::null_mut())
    }
}

/// The own enumerable string-keyed properties of an object, with their values.
fn own_entries(arg: Arg, at: &Place<'_>) -> Result<Vec<(String, sys::napi_value)>> {
    let env = arg.env;
    let mut names = ptr::null_mut();
    let mut len = 0u32;
    // SAFETY: plain napi calls on the current env.
    let status = unsafe {
        let status = sys::napi_get_all_property_names(
            env,
            arg.value,
            sys::KeyCollectionMode::own_only,
            sys::KeyFilter::enumerable | sys::KeyFilter::skip_symbols,
            sys::KeyConversion::numbers_to_strings,
            &mut names,
        );
        if status == sys::Status::napi_ok { sys::napi_get_array_length(env, names, &mut len) } else { status }
    };
    if status != sys::Status::napi_ok {
        return Err(conversion_error(env, &at.render(), napi::Error::from_reason("cannot list the object's keys")));
    }
    let mut out = Vec::with_capacity(len as usize);
    for i in 0..len {
        let mut name = ptr::null_mut();
        let mut value = ptr::null_mut();
        // SAFETY: as above; the names are strings (symbols skipped, numbers converted).
        let read = unsafe {
            if sys::napi_get_element(env, names, i, &mut name) != sys::Status::napi_ok
                || type_of(env, name) != ValueType::String
            {
                None
            } else {
                String::from_napi_value(env, name)
                    .ok()
                    .filter(|_| sys::napi_get_property(env, arg.value, name, &mut value) == sys::Status::napi_ok)
            }
        };
        let Some(key) = read else {
            return Err(conversion_error(env, &at.render(), napi::Error::from_reason("cannot read a property")));
        };
        out.push((key, value));
    }
    Ok(out)
}

/// A JSON value as a JS value (plain objects and arrays).
pub struct Json(pub serde_json::Value);

impl TypeName for Json {
    fn type_name() -> &'static str {
        "unknown"
    }

    fn value_type() -> ValueType {
        ValueType::Unknown
    }
}

impl napi::bindgen_prelude::ToNapiValue for Json {
    unsafe fn to_napi_value(env: sys::napi_env, value: Self) -> napi::Result<sys::napi_value> {
        use serde_json::Value;
        // SAFETY: plain napi calls on the current env (the caller's contract).
        unsafe {
            match value.0 {
                Value::Null => napi::bindgen_prelude::Null::to_napi_value(env, napi::bindgen_prelude::Null),
                Value::Bool(b) => bool::to_napi_value(env, b),
                Value::Number(n) => f64::to_napi_value(env, n.as_f64().unwrap_or(f64::NAN)),
                Value::String(s) => String::to_napi_value(env, s),
                Value::Array(items) => {
                    let mut array = ptr::null_mut();
                    napi::check_status!(sys::napi_create_array_with_length(env, items.len(), &mut array))?;
                    for (i, item) in items.into_iter().enumerate() {
                        let v = Json::to_napi_value(env, Json(item))?;
                        napi::check_status!(sys::napi_set_element(env, array, i as u32, v))?;
                    }
                    Ok(array)
                }
                Value::Object(map) => {
                    let mut object = ptr::null_mut();
                    napi::check_status!(sys::napi_create_object(env, &mut object))?;
                    for (k, v) in map {
                        let key = String::to_napi_value(env, k)?;
                        let v = Json::to_napi_value(env, Json(v))?;
                        napi::check_status!(sys::napi_set_property(env, object, key, v))?;
                    }
                    Ok(object)
                }
            }
        }
    }
}

// --- Fast record reading ---------------------------------------------------------
//
// napi's derived `FromNapiValue` creates a fresh JS string for every field
// of every object (and V8 hashes it again to look the property up). Records
// come by the million, so their readers (`record_from_js!`) take their keys
// from a per-read cache instead: the key strings are created once per slice
// of a list (a `KeySession`) and reused for every element.

use std::cell::RefCell;

thread_local! {
    /// (session depth, keys created in the session). The napi values are
    /// valid while the outermost session lasts (one native call).
    static KEYS: RefCell<(u32, Vec<(&'static str, sys::napi_value)>)> = const { RefCell::new((0, Vec::new())) };
}

/// While alive, property keys are cached (see [`key`]). Only ever created
/// inside one native call, so the cached handles stay in scope.
pub struct KeySession;

impl KeySession {
    /// Opens (or nests) a session.
    pub fn begin() -> Self {
        KEYS.with(|k| k.borrow_mut().0 += 1);
        KeySession
    }
}

impl Drop for KeySession {
    fn drop(&mut self) {
        KEYS.with(|k| {
            let mut k = k.borrow_mut();
            k.0 -= 1;
            if k.0 == 0 {
                k.1.clear();
            }
        });
    }
}

/// The JS string `name`, cached while a session is open.
fn key(env: sys::napi_env, name: &'static str) -> napi::Result<sys::napi_value> {
    let cached = KEYS.with(|k| {
        let k = k.borrow();
        if k.0 == 0 { None } else { k.1.iter().find(|(n, _)| ptr::eq(*n, name)).map(|(_, v)| *v) }
    });
    if let Some(v) = cached {
        return Ok(v);
    }
    let mut v = ptr::null_mut();
    // SAFETY: plain napi call on the current env.
    napi::check_status!(unsafe {
        sys::napi_create_string_utf8(env, name.as_ptr().cast(), name.len() as isize, &mut v)
    })?;
    KEYS.with(|k| {
        let mut k = k.borrow_mut();
        if k.0 > 0 {
            k.1.push((name, v));
        }
    });
    Ok(v)
}

/// Reads property `name` of `object`: `None` when `undefined`.
///
/// # Safety
/// `env` and `object` must be valid for the current call.
pub unsafe fn property(
    env: sys::napi_env,
    object: sys::napi_value,
    name: &'static str,
) -> napi::Result<Option<sys::napi_value>> {
    let k = key(env, name)?;
    let mut v = ptr::null_mut();
    // SAFETY: the caller's contract.
    napi::check_status!(unsafe { sys::napi_get_property(env, object, k, &mut v) }, "cannot read {name}")?;
    Ok(if type_of(env, v) == ValueType::Undefined { None } else { Some(v) })
}

/// A required field: napi's message format ("… on Type.field") so the
/// error path names it. The value's JS type is checked before napi-rs reads
/// it ([`checked`]).
///
/// # Safety
/// As [`property`].
pub unsafe fn required<T: FromNapiValue + ValidateNapiValue>(
    env: sys::napi_env,
    object: sys::napi_value,
    ty: &str,
    name: &'static str,
) -> napi::Result<T> {
    // SAFETY: the caller's contract.
    match unsafe { property(env, object, name) }? {
        // SAFETY: as above.
        Some(v) => unsafe { checked::<T>(env, v) }.map_err(|e| on(e, ty, name)),
        None => Err(napi::Error::new(napi::Status::InvalidArg, format!("Missing field `{name}`"))),
    }
}

/// An optional field (`undefined` or `null`: absent).
///
/// # Safety
/// As [`property`].
pub unsafe fn optional<T: FromNapiValue + ValidateNapiValue>(
    env: sys::napi_env,
    object: sys::napi_value,
    ty: &str,
    name: &'static str,
) -> napi::Result<Option<T>> {
    // SAFETY: the caller's contract.
    match unsafe { property(env, object, name) }? {
        Some(v) if type_of(env, v) != ValueType::Null => {
            // SAFETY: as above.
            unsafe { checked::<T>(env, v) }.map(Some).map_err(|e| on(e, ty, name))
        }
        _ => Ok(None),
    }
}

/// A required list field, each element's JS type checked before napi-rs
/// reads it (napi-rs's own `Vec<T>` reader does not check them); an error
/// names the element (`… on Contact.parties[2]`).
///
/// # Safety
/// As [`property`].
pub unsafe fn required_list<T: FromNapiValue + ValidateNapiValue>(
    env: sys::napi_env,
    object: sys::napi_value,
    ty: &str,
    name: &'static str,
) -> napi::Result<Vec<T>> {
    // SAFETY: the caller's contract.
    match unsafe { property(env, object, name) }? {
        // SAFETY: as above.
        Some(v) => unsafe { elements(env, v, ty, name) },
        None => Err(napi::Error::new(napi::Status::InvalidArg, format!("Missing field `{name}`"))),
    }
}

/// An optional list field (`undefined` or `null`: absent), read as [`required_list`].
///
/// # Safety
/// As [`property`].
pub unsafe fn optional_list<T: FromNapiValue + ValidateNapiValue>(
    env: sys::napi_env,
    object: sys::napi_value,
    ty: &str,
    name: &'static str,
) -> napi::Result<Option<Vec<T>>> {
    // SAFETY: the caller's contract.
    match unsafe { property(env, object, name) }? {
        // SAFETY: as above.
        Some(v) if type_of(env, v) != ValueType::Null => unsafe { elements(env, v, ty, name) }.map(Some),
        _ => Ok(None),
    }
}

/// The elements of the array `value` (field `name` of a `ty`), each checked.
///
/// # Safety
/// As [`property`].
unsafe fn elements<T: FromNapiValue + ValidateNapiValue>(
    env: sys::napi_env,
    value: sys::napi_value,
    ty: &str,
    name: &str,
) -> napi::Result<Vec<T>> {
    let arg = Arg { env, value };
    if !arg.is_array() {
        return Err(on(
            napi::Error::new(napi::Status::InvalidArg, format!("expected an array, got {}", describe(env, value))),
            ty,
            name,
        ));
    }
    let mut len = 0u32;
    // SAFETY: the caller's contract.
    napi::check_status!(unsafe { sys::napi_get_array_length(env, value, &mut len) }, "cannot read {name}")?;
    let mut out = Vec::with_capacity(len as usize);
    for i in 0..len {
        let mut element = ptr::null_mut();
        // SAFETY: as above.
        napi::check_status!(unsafe { sys::napi_get_element(env, value, i, &mut element) }, "cannot read {name}")?;
        // SAFETY: as above.
        out.push(unsafe { checked::<T>(env, element) }.map_err(|e| on(e, ty, &format!("{name}[{i}]")))?);
    }
    Ok(out)
}

fn on(e: napi::Error, ty: &str, name: &str) -> napi::Error {
    napi::Error::new(e.status, format!("{} on {ty}.{name}", e.reason))
}

/// Checks that a value is an object before its fields are read.
pub fn expect_object(env: sys::napi_env, value: sys::napi_value) -> napi::Result<()> {
    match type_of(env, value) {
        ValueType::Object | ValueType::Function => Ok(()),
        _ => Err(napi::Error::new(
            napi::Status::ObjectExpected,
            format!("expected an object, got {}", describe(env, value)),
        )),
    }
}

/// `FromNapiValue` and `ValidateNapiValue` for a record struct, reading its
/// fields through the key cache, each field's JS type checked before napi-rs
/// reads it: `record_from_js!(Contact { id: required "id", parties:
/// required_list "parties", advisor_id: optional "advisorId", … })`. List
/// fields use `required_list` / `optional_list` (their elements are
/// checked too). Use it for every input record instead of napi's derived
/// reader (`#[napi(object, object_from_js = false)]`), which does not check.
macro_rules! record_from_js {
    ($ty:ident { $($field:ident : $kind:ident $js:literal),* $(,)? }) => {
        impl napi::bindgen_prelude::FromNapiValue for $ty {
            unsafe fn from_napi_value(
                env: napi::sys::napi_env,
                value: napi::sys::napi_value,
            ) -> napi::Result<Self> {
                crate::convert::expect_object(env, value)?;
                let _keys = crate::convert::KeySession::begin();
                // SAFETY: env and value are valid for the current call (the caller's contract).
                unsafe {
                    Ok($ty { $($field: crate::convert::$kind(env, value, stringify!($ty), $js)?),* })
                }
            }
        }

        impl napi::bindgen_prelude::ValidateNapiValue for $ty {
            /// An object (its fields are checked as they are read).
            unsafe fn validate(
                env: napi::sys::napi_env,
                value: napi::sys::napi_value,
            ) -> napi::Result<napi::sys::napi_value> {
                crate::convert::expect_object(env, value).map(|()| std::ptr::null_mut())
            }
        }
    };
}
pub(crate) use record_from_js;

/// One element of a list read as JSON (for the async calls whose records
/// go through serde: read on the main thread, checked (by serde) on a
/// worker thread).
pub struct JsonItem(pub serde_json::Value);

impl TypeName for JsonItem {
    fn type_name() -> &'static str {
        "object"
    }

    fn value_type() -> ValueType {
        ValueType::Object
    }
}

impl ValidateNapiValue for JsonItem {
    /// Any value: [`json`] types every part of it itself.
    unsafe fn validate(_env: sys::napi_env, _value: sys::napi_value) -> napi::Result<sys::napi_value> {
        Ok(ptr::null_mut())
    }
}

impl FromNapiValue for JsonItem {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        json(Arg { env, value }, "")
            .map(JsonItem)
            .map_err(|e| napi::Error::from_reason(e.reason.trim_start_matches(": ").to_owned()))
    }
}

// --- Records through binding-side mirror types ----------------------------------
//
// The follow-up, reveal, trigger and pipeline records each have a mirror
// type in `src/mirror/` (serde with camelCase keys, napi-derive writing its
// TypeScript declaration). The JS value is read as JSON ([`json`]), serde
// reads the mirror (keys are already the JS names: nothing is re-cased, data
// keys stay as they are), the mirror becomes the core type; results go the
// other way.

/// A JS value as the mirror type `M`, or `invalid_input` naming the field
/// (`followups[3].targetId: missing field`).
pub fn mirror_from_js<M: serde::de::DeserializeOwned>(arg: Arg, path: &str) -> Result<M> {
    mirror_from_json(json(arg, path)?, path)
}

/// A mirror record that must be a plain object (serde alone would also
/// read a struct from an array).
pub fn mirror_record<M: serde::de::DeserializeOwned>(arg: Arg, path: &str) -> Result<M> {
    if arg.kind() != ValueType::Object || arg.is_array() {
        return Err(invalid(path, format!("expected an object, got {}", describe(arg.env, arg.value))));
    }
    mirror_from_js(arg, path)
}

/// An options mirror: `M::default()` for `null`/`undefined`, else a plain object.
pub fn mirror_or_default<M: serde::de::DeserializeOwned + Default>(arg: Arg, path: &str) -> Result<M> {
    if arg.is_nullish() { Ok(M::default()) } else { mirror_record(arg, path) }
}

/// camelCase JSON as the mirror type `M`, errors naming the path as given.
pub fn mirror_from_json<M: serde::de::DeserializeOwned>(value: serde_json::Value, path: &str) -> Result<M> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let mut full = path.to_owned();
        for segment in e.path().iter() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => full.push_str(&format!("[{index}]")),
                serde_path_to_error::Segment::Map { key } => {
                    full.push('.');
                    full.push_str(key);
                }
                serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
            }
        }
        invalid(&full, e.into_inner().to_string())
    })
}

/// JSON elements read by a [`ListReader`] as the mirror records `M`,
/// errors naming `path[i].field`.
pub fn mirror_items<M: serde::de::DeserializeOwned>(items: Vec<JsonItem>, path: &str) -> Result<Vec<M>> {
    items.into_iter().enumerate().map(|(i, item)| mirror_from_json(item.0, &format!("{path}[{i}]"))).collect()
}

/// A mirror value as a JS value (its serde keys are the JS names).
pub fn mirror_to_js<M: serde::Serialize>(value: &M) -> Result<Json> {
    serde_json::to_value(value)
        .map(Json)
        .map_err(|e| crate::error::error("internal", format!("filrouge bug (please report): {e}")))
}
