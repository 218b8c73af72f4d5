//! Conversion between Python objects and the core's serde types, in one place.
//!
//! **In**: a Python argument (dicts, lists, tuples, sets, str, int, float,
//! bool, None, `datetime`, `date`) is read into the JSON shape of SPEC §9
//! ([`arg`]), then deserialized into the core type with the path of any
//! error (`contacts[3].channel: unknown variant "fax"`). A timezone-aware
//! `datetime` becomes its RFC 3339 instant; a naive one is a `TypeError`
//! naming the field (never silently UTC); a `date` becomes `YYYY-MM-DD`.
//! NaN, infinities, integers out of 64 bits, non-string keys, objects of
//! other types and nesting deeper than [`MAX_DEPTH`] are refused with the
//! field's path: no input can crash the interpreter.
//!
//! **Out**: a core result is serialized straight into Python objects
//! ([`to_py`]): structs and maps become dicts, lists lists, enum tags
//! strings, instants timezone-aware (UTC) `datetime`s and local days `date`s
//! (chrono serializes both through `collect_str`, which is how they are told
//! apart from ordinary strings).

use crate::error;
use chrono::{DateTime, NaiveDate, Utc};
use pyo3::BoundObject;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyFrozenSet, PyInt, PyList, PySet, PyString, PyTuple, PyType};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde::ser;
use serde_json::{Map, Number, Value};
use std::fmt::{self, Display};

/// How deep an argument may nest (lists in dicts in lists …).
pub const MAX_DEPTH: usize = 128;

/// Input that does not have the expected shape, built without the GIL.
#[derive(Debug)]
pub enum BadInput {
    /// Becomes a `TypeError` (a Python type no JSON shape has, a naive datetime).
    Type(String),
    /// Becomes `InvalidInputError`, a `ValueError`.
    Value(String),
}

impl BadInput {
    /// The Python exception.
    pub fn into_pyerr(self, py: Python<'_>) -> PyErr {
        match self {
            BadInput::Type(m) => error::type_error(m),
            BadInput::Value(m) => error::invalid_input(py, m),
        }
    }
}

/// The Python types that need a class check (cached once per interpreter).
struct DateTypes {
    datetime: Py<PyType>,
    date: Py<PyType>,
}

static DATE_TYPES: PyOnceLock<DateTypes> = PyOnceLock::new();

fn date_types(py: Python<'_>) -> PyResult<&DateTypes> {
    DATE_TYPES.get_or_try_init(py, || {
        let m = py.import("datetime")?;
        Ok(DateTypes {
            datetime: m.getattr("datetime")?.cast_into::<PyType>()?.unbind(),
            date: m.getattr("date")?.cast_into::<PyType>()?.unbind(),
        })
    })
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".to_owned())
}

/// Reads a Python argument into the JSON shape it stands for; `path` names
/// it in errors (`contacts`, then `contacts[3].occurred_at`).
pub fn to_value(obj: &Bound<'_, PyAny>, path: &mut String) -> PyResult<Value> {
    let types = date_types(obj.py())?;
    walk(obj, path, 0, types)
}

fn walk(obj: &Bound<'_, PyAny>, path: &mut String, depth: usize, types: &DateTypes) -> PyResult<Value> {
    let py = obj.py();
    if depth > MAX_DEPTH {
        return Err(error::invalid_input(py, format!("{path}: nested deeper than {MAX_DEPTH} levels")));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        let text = s
            .to_cow()
            .map_err(|_| error::invalid_input(py, format!("{path}: string is not valid Unicode (lone surrogate)")))?;
        return Ok(Value::String(text.into_owned()));
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::Number(i.into()));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::Number(u.into()));
        }
        return Err(error::invalid_input(py, format!("{path}: integer out of the 64-bit range")));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let x = f.value();
        return Number::from_f64(x)
            .map(Value::Number)
            .ok_or_else(|| error::invalid_input(py, format!("{path}: {x} is not a finite number")));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = Map::with_capacity(d.len());
        let len = path.len();
        for (k, v) in d.iter() {
            let key = k
                .cast::<PyString>()
                .map_err(|_| error::type_error(format!("{path}: dict keys must be str, got {}", type_name(&k))))?;
            let key = key
                .to_cow()
                .map_err(|_| error::invalid_input(py, format!("{path}: key is not valid Unicode")))?
                .into_owned();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&key);
            let value = walk(&v, path, depth + 1, types)?;
            path.truncate(len);
            map.insert(key, value);
        }
        return Ok(Value::Object(map));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let len = path.len();
        let mut items = Vec::with_capacity(obj.len().unwrap_or(0));
        for (i, item) in obj.try_iter()?.enumerate() {
            path.push_str(&format!("[{i}]"));
            items.push(walk(&item?, path, depth + 1, types)?);
            path.truncate(len);
        }
        return Ok(Value::Array(items));
    }
    if obj.is_instance_of::<PySet>() || obj.is_instance_of::<PyFrozenSet>() {
        // A set of ids (holds, legal entities): the core treats it as a set.
        let len = path.len();
        let mut items = Vec::new();
        for item in obj.try_iter()? {
            path.push_str("[]");
            items.push(walk(&item?, path, depth + 1, types)?);
            path.truncate(len);
        }
        return Ok(Value::Array(items));
    }
    if obj.is_instance(types.datetime.bind(py))? {
        if obj.call_method0("utcoffset")?.is_none() {
            return Err(error::type_error(format!(
                "{path}: naive datetime {}; an instant needs a timezone-aware datetime \
                 (e.g. datetime(..., tzinfo=timezone.utc))",
                obj.str().map(|s| s.to_string()).unwrap_or_default()
            )));
        }
        return Ok(Value::String(obj.call_method0("isoformat")?.extract::<String>()?));
    }
    if obj.is_instance(types.date.bind(py))? {
        return Ok(Value::String(obj.call_method0("isoformat")?.extract::<String>()?));
    }
    Err(error::type_error(format!(
        "{path}: expected a dict, list, str, int, float, bool, None, datetime or date, got {}",
        type_name(obj)
    )))
}

/// Deserializes a JSON shape into a core type; errors name the path under `name`.
pub fn from_value<T: DeserializeOwned>(value: Value, name: &str) -> Result<T, BadInput> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let at = e.path().to_string();
        let at = if at == "." {
            name.to_owned()
        } else if at.starts_with('[') {
            format!("{name}{at}")
        } else {
            format!("{name}.{at}")
        };
        BadInput::Value(format!("{at}: {}", e.inner()))
    })
}

/// A Python argument as a core type: [`to_value`] then [`from_value`].
pub fn arg<T: DeserializeOwned>(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<T> {
    let mut path = name.to_owned();
    let value = to_value(obj, &mut path)?;
    from_value(value, name).map_err(|e| e.into_pyerr(obj.py()))
}

/// An optional argument: `None` (or absent) is the type's default.
pub fn arg_or_default<T: DeserializeOwned + Default>(obj: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<T> {
    match obj {
        None => Ok(T::default()),
        Some(o) if o.is_none() => Ok(T::default()),
        Some(o) => arg(o, name),
    }
}

/// An instant argument (`now`): an aware `datetime` or an RFC 3339 string.
pub fn instant(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<DateTime<Utc>> {
    arg(obj, name)
}

/// A core value as Python objects (see the module docs).
pub fn to_py<'py, T: Serialize + ?Sized>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    value.serialize(ToPy { py }).map_err(|e| e.0)
}

/// A serialization failure, carrying the Python exception.
#[derive(Debug)]
pub struct SerError(PyErr);

impl Display for SerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::error::Error for SerError {}

impl ser::Error for SerError {
    fn custom<T: Display>(msg: T) -> Self {
        SerError(PyValueError::new_err(msg.to_string()))
    }
}

impl From<PyErr> for SerError {
    fn from(e: PyErr) -> Self {
        SerError(e)
    }
}

/// A serde `Serializer` producing Python objects.
#[derive(Clone, Copy)]
struct ToPy<'py> {
    py: Python<'py>,
}

type Out<'py> = Result<Bound<'py, PyAny>, SerError>;

impl<'py> ToPy<'py> {
    fn obj<T: IntoPyObject<'py>>(self, v: T) -> Out<'py>
    where
        PyErr: From<T::Error>,
    {
        Ok(v.into_pyobject(self.py).map_err(PyErr::from)?.into_any().into_bound())
    }

    fn tagged(self, tag: &str, value: Bound<'py, PyAny>) -> Out<'py> {
        let d = PyDict::new(self.py);
        d.set_item(tag, value)?;
        Ok(d.into_any())
    }
}

/// Builds a list.
struct SeqOut<'py> {
    ser: ToPy<'py>,
    items: Vec<Bound<'py, PyAny>>,
    /// Set for a tuple variant: the result is `{variant: [items]}`.
    variant: Option<&'static str>,
}

impl<'py> SeqOut<'py> {
    fn push<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
        self.items.push(v.serialize(self.ser)?);
        Ok(())
    }

    fn finish(self) -> Out<'py> {
        let list = PyList::new(self.ser.py, self.items)?.into_any();
        match self.variant {
            Some(tag) => self.ser.tagged(tag, list),
            None => Ok(list),
        }
    }
}

/// The four serde sequence traits: each element is pushed, `end` builds the list.
macro_rules! seq_out {
    ($($trait:ident :: $method:ident),*) => {$(
        impl<'py> ser::$trait for SeqOut<'py> {
            type Ok = Bound<'py, PyAny>;
            type Error = SerError;
            fn $method<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
                self.push(v)
            }
            fn end(self) -> Out<'py> {
                self.finish()
            }
        }
    )*};
}
seq_out!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// Builds a dict.
struct MapOut<'py> {
    ser: ToPy<'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
    /// Set for a struct variant: the result is `{variant: {fields}}`.
    variant: Option<&'static str>,
}

impl<'py> MapOut<'py> {
    fn finish(self) -> Out<'py> {
        match self.variant {
            Some(tag) => self.ser.tagged(tag, self.dict.into_any()),
            None => Ok(self.dict.into_any()),
        }
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Result<(), SerError> {
        let value = v.serialize(self.ser)?;
        self.dict.set_item(key, value)?;
        Ok(())
    }
}

impl<'py> ser::SerializeMap for MapOut<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), SerError> {
        self.key = Some(k.serialize(self.ser)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
        let key = self.key.take().ok_or_else(|| <SerError as ser::Error>::custom("map value without a key"))?;
        // Instants as keys (a coverage map) stay hashable: keys are kept as produced.
        self.dict.set_item(key, v.serialize(self.ser)?)?;
        Ok(())
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

/// The two serde struct traits: each field is set, `end` builds the dict.
macro_rules! struct_out {
    ($($trait:ident),*) => {$(
        impl<'py> ser::$trait for MapOut<'py> {
            type Ok = Bound<'py, PyAny>;
            type Error = SerError;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Result<(), SerError> {
                self.field(key, v)
            }
            fn end(self) -> Out<'py> {
                self.finish()
            }
        }
    )*};
}
struct_out!(SerializeStruct, SerializeStructVariant);

impl<'py> ser::Serializer for ToPy<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    type SerializeSeq = SeqOut<'py>;
    type SerializeTuple = SeqOut<'py>;
    type SerializeTupleStruct = SeqOut<'py>;
    type SerializeTupleVariant = SeqOut<'py>;
    type SerializeMap = MapOut<'py>;
    type SerializeStruct = MapOut<'py>;
    type SerializeStructVariant = MapOut<'py>;

    fn serialize_bool(self, v: bool) -> Out<'py> {
        Ok(PyBool::new(self.py, v).to_owned().into_any())
    }
    fn serialize_i8(self, v: i8) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_i16(self, v: i16) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_i32(self, v: i32) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_i64(self, v: i64) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_i128(self, v: i128) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_u8(self, v: u8) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_u16(self, v: u16) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_u32(self, v: u32) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_u64(self, v: u64) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_u128(self, v: u128) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_f32(self, v: f32) -> Out<'py> {
        self.obj(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_char(self, v: char) -> Out<'py> {
        self.obj(v.to_string())
    }
    fn serialize_str(self, v: &str) -> Out<'py> {
        Ok(PyString::new(self.py, v).into_any())
    }
    fn serialize_bytes(self, v: &[u8]) -> Out<'py> {
        Ok(pyo3::types::PyBytes::new(self.py, v).into_any())
    }
    fn serialize_none(self) -> Out<'py> {
        Ok(self.py.None().into_bound(self.py))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Out<'py> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Out<'py> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Out<'py> {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Out<'py> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, v: &T) -> Out<'py> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        v: &T,
    ) -> Out<'py> {
        let inner = v.serialize(self)?;
        self.tagged(variant, inner)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqOut<'py>, SerError> {
        Ok(SeqOut { ser: self, items: Vec::with_capacity(len.unwrap_or(0)), variant: None })
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqOut<'py>, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<SeqOut<'py>, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<SeqOut<'py>, SerError> {
        Ok(SeqOut { ser: self, items: Vec::with_capacity(len), variant: Some(variant) })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<MapOut<'py>, SerError> {
        Ok(MapOut { ser: self, dict: PyDict::new(self.py), key: None, variant: None })
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<MapOut<'py>, SerError> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<MapOut<'py>, SerError> {
        Ok(MapOut { ser: self, dict: PyDict::new(self.py), key: None, variant: Some(variant) })
    }

    /// chrono serializes `DateTime` and `NaiveDate` here (plain strings go
    /// through `serialize_str`): an RFC 3339 instant becomes an aware UTC
    /// `datetime`, a `YYYY-MM-DD` day a `date`. Values Python cannot hold
    /// (years past 9999) stay strings.
    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Out<'py> {
        let text = value.to_string();
        if let Ok(instant) = DateTime::parse_from_rfc3339(&text) {
            if let Ok(obj) = instant.with_timezone(&Utc).into_pyobject(self.py) {
                return Ok(obj.into_any());
            }
        } else if let Ok(day) = NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
            if let Ok(obj) = day.into_pyobject(self.py) {
                return Ok(obj.into_any());
            }
        }
        self.serialize_str(&text)
    }
}

/// A `str` argument (an id, a user): a `TypeError` for another type, and
/// `InvalidInputError` for a string that is not valid Unicode (a lone
/// surrogate), where pyo3's own `&str` would raise `UnicodeEncodeError`.
pub struct Text(pub String);

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Text {
    type Error = PyErr;

    fn extract(obj: pyo3::Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let s = obj
            .cast::<PyString>()
            .map_err(|_| error::type_error(format!("expected a str, got {}", type_name(&obj))))?;
        let text =
            s.to_cow().map_err(|_| error::invalid_input(obj.py(), "string is not valid Unicode (lone surrogate)"))?;
        Ok(Text(text.into_owned()))
    }
}

/// A count argument (a page limit, a step number): a `TypeError` for
/// another type than `int`, and `InvalidInputError` for a negative or huge
/// one, where pyo3's own `usize` would raise `OverflowError`.
pub struct Count(pub usize);

impl<'a, 'py> FromPyObject<'a, 'py> for Count {
    type Error = PyErr;

    fn extract(obj: pyo3::Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if obj.is_instance_of::<PyBool>() || !obj.is_instance_of::<PyInt>() {
            return Err(error::type_error(format!("expected an int, got {}", type_name(&obj))));
        }
        obj.extract::<usize>().map(Count).map_err(|_| {
            error::invalid_input(obj.py(), format!("{} is not a count (0 … {})", obj.as_any(), usize::MAX))
        })
    }
}
