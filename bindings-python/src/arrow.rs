//! Arrow batches through the Arrow PyCapsule interface (part of conversion).
//!
//! **In**: any object with `__arrow_c_stream__` (pyarrow tables and record
//! batch readers, polars frames, DuckDB results) or `__arrow_c_array__`
//! (a pyarrow `RecordBatch`, a struct array) is imported without copying
//! (C Stream / C Data interface), and its columns are read by name: a
//! missing or mistyped column is an error naming the column and the
//! expected type. Columns the record type does not have are ignored (a
//! host's frame usually carries more).
//!
//! **Out**: [`Table`] holds Arrow record batches and exports them through
//! `__arrow_c_stream__`, so `pyarrow.table(t)` and `polars.from_arrow(t)`
//! read the columns directly, never through Python objects.
//!
//! This module is the only `unsafe` of the binding: moving a C stream or
//! array out of its capsule, as the PyCapsule interface prescribes.

use crate::convert::{self, BadInput};
use arrow_array::cast::AsArray;
use arrow_array::ffi::{FFI_ArrowArray, FFI_ArrowSchema, from_ffi};
use arrow_array::ffi_stream::{ArrayStreamReader, FFI_ArrowArrayStream, RecordBatchStreamReader};
use arrow_array::types::{Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type, UInt64Type};
use arrow_array::{
    Array, ArrayRef, BooleanArray, GenericListArray, ListArray, RecordBatch, RecordBatchIterator, RecordBatchReader,
    StringArray, StructArray, TimestampMicrosecondArray,
};
use arrow_buffer::{NullBuffer, OffsetBuffer, ScalarBuffer};
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use chrono::{DateTime, Utc};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyCapsuleMethods, PyDict, PyTuple};
use serde::de::{DeserializeOwned, IntoDeserializer};
use serde_json::Value;
use std::sync::Arc;

/// Whether `obj` speaks the Arrow PyCapsule interface.
pub fn is_arrow(obj: &Bound<'_, PyAny>) -> bool {
    obj.hasattr("__arrow_c_stream__").unwrap_or(false) || obj.hasattr("__arrow_c_array__").unwrap_or(false)
}

/// A capsule whose name is not the one the PyCapsule interface prescribes.
fn wrong_capsule(name: &str) -> PyErr {
    crate::error::type_error(format!("{name}: the Arrow PyCapsule has the wrong name"))
}

/// Imports every record batch of an Arrow object (zero-copy).
pub fn import(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<RecordBatch>> {
    let py = obj.py();
    let arrow_err = |e: arrow_schema::ArrowError| crate::error::invalid_input(py, format!("{name}: {e}"));
    if obj.hasattr("__arrow_c_stream__")? {
        let reader = RecordBatchStreamReader::try_new(stream_capsule(obj, name)?).map_err(arrow_err)?;
        return reader.collect::<Result<Vec<_>, _>>().map_err(arrow_err);
    }
    let array = array_capsules(obj, name)?;
    let Some(table) = array.as_struct_opt() else {
        return Err(crate::error::type_error(format!(
            "{name}: expected a table-like Arrow object (a struct array or record batch), got {}",
            array.data_type()
        )));
    };
    let (fields, columns, nulls) = table.clone().into_parts();
    if nulls.is_some_and(|n| n.null_count() > 0) {
        return Err(crate::error::invalid_input(py, format!("{name}: the struct array has null rows")));
    }
    Ok(vec![RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).map_err(arrow_err)?])
}

/// Imports one Arrow column (zero-copy): anything with `__arrow_c_array__`
/// (a pyarrow `Array`) or `__arrow_c_stream__` (a `ChunkedArray`, a polars
/// `Series`), as its chunks.
pub fn import_column(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<ArrayRef>> {
    let py = obj.py();
    let arrow_err = |e: arrow_schema::ArrowError| crate::error::invalid_input(py, format!("{name}: {e}"));
    if obj.hasattr("__arrow_c_array__")? {
        return Ok(vec![array_capsules(obj, name)?]);
    }
    if !obj.hasattr("__arrow_c_stream__")? {
        return Err(crate::error::type_error(format!(
            "{name}: expected an Arrow column (__arrow_c_array__ or __arrow_c_stream__)"
        )));
    }
    let reader = ArrayStreamReader::try_new(stream_capsule(obj, name)?).map_err(arrow_err)?;
    reader.collect::<Result<Vec<_>, _>>().map_err(arrow_err)
}

/// The stream `obj.__arrow_c_stream__()` exports (PyCapsule `arrow_array_stream`).
fn stream_capsule(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<FFI_ArrowArrayStream> {
    let capsule = obj.call_method0("__arrow_c_stream__")?;
    let capsule = capsule
        .cast_into::<PyCapsule>()
        .map_err(|_| crate::error::type_error(format!("{name}: __arrow_c_stream__ did not return a PyCapsule")))?;
    let ptr = capsule.pointer_checked(Some(c"arrow_array_stream")).map_err(|_| wrong_capsule(name))?;
    // SAFETY: the capsule holds an `ArrowArrayStream` (its name says so,
    // checked above); `from_raw` moves it out and marks the capsule's
    // copy released, as the PyCapsule interface prescribes.
    Ok(unsafe { FFI_ArrowArrayStream::from_raw(ptr.as_ptr().cast::<FFI_ArrowArrayStream>()) })
}

/// The array `obj.__arrow_c_array__()` exports (PyCapsules `arrow_schema`, `arrow_array`).
fn array_capsules(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<ArrayRef> {
    let py = obj.py();
    let pair = obj.call_method0("__arrow_c_array__")?;
    let pair = pair
        .cast_into::<PyTuple>()
        .map_err(|_| crate::error::type_error(format!("{name}: __arrow_c_array__ did not return a tuple")))?;
    if pair.len() != 2 {
        return Err(crate::error::type_error(format!("{name}: __arrow_c_array__ did not return two capsules")));
    }
    let schema_capsule = pair.get_item(0)?.cast_into::<PyCapsule>()?;
    let array_capsule = pair.get_item(1)?.cast_into::<PyCapsule>()?;
    let schema_ptr = schema_capsule.pointer_checked(Some(c"arrow_schema")).map_err(|_| wrong_capsule(name))?;
    let array_ptr = array_capsule.pointer_checked(Some(c"arrow_array")).map_err(|_| wrong_capsule(name))?;
    // SAFETY: the capsules hold an `ArrowSchema` and an `ArrowArray` (names
    // checked above). The schema is borrowed (the capsule keeps it alive
    // during the call); the array is moved out, leaving it released.
    let data = unsafe {
        let array = FFI_ArrowArray::from_raw(array_ptr.as_ptr().cast::<FFI_ArrowArray>());
        from_ffi(array, &*schema_ptr.as_ptr().cast::<FFI_ArrowSchema>())
    }
    .map_err(|e| crate::error::invalid_input(py, format!("{name}: {e}")))?;
    Ok(arrow_array::make_array(data))
}

/// The chunks of a string column read by [`import_column`]: a `TypeError`
/// naming the type when they are not strings.
pub fn string_chunks<'a>(chunks: &'a [ArrayRef], name: &str) -> Result<Vec<Strings<'a>>, BadInput> {
    chunks
        .iter()
        .map(|a| {
            Strings::of(a.as_ref())
                .ok_or_else(|| BadInput::Type(format!("{name}: the column is {}, expected string", a.data_type())))
        })
        .collect()
}

/// A `uint32` Arrow array (nulls kept) as an [`ArrowArray`].
pub fn u32_array(values: impl IntoIterator<Item = Option<u32>>) -> ArrowArray {
    let array: ArrayRef = Arc::new(arrow_array::UInt32Array::from_iter(values));
    ArrowArray { array }
}

/// One Arrow array returned by filrouge (partition keys): read it with
/// `pyarrow.array(a)` or `polars.Series(a)` (the Arrow PyCapsule interface,
/// `__arrow_c_array__`, no copy through Python objects).
#[pyclass(frozen, name = "Array", module = "filrouge")]
pub struct ArrowArray {
    array: ArrayRef,
}

#[pymethods]
impl ArrowArray {
    /// Exports the array (PyCapsules `arrow_schema` and `arrow_array`).
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<(Bound<'py, PyCapsule>, Bound<'py, PyCapsule>)> {
        // The PyCapsule interface lets a producer ignore the request.
        let _ = requested_schema;
        let (array, schema) = arrow_array::ffi::to_ffi(&self.array.to_data())
            .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
        Ok((
            PyCapsule::new_with_value(py, schema, c"arrow_schema")?,
            PyCapsule::new_with_value(py, array, c"arrow_array")?,
        ))
    }

    /// Number of values.
    fn __len__(&self) -> usize {
        self.array.len()
    }

    fn __repr__(&self) -> String {
        format!("filrouge.Array({} values; {})", self.array.len(), self.array.data_type())
    }
}

/// The columns of one record batch of the argument `table` (`contacts`).
pub struct Columns<'a> {
    table: &'a str,
    batch: &'a RecordBatch,
    /// Rows of the earlier batches, so errors give the row in the whole input.
    offset: usize,
}

impl<'a> Columns<'a> {
    /// The columns of `batch`, whose first row is row `offset` of `table`.
    pub fn new(table: &'a str, batch: &'a RecordBatch, offset: usize) -> Self {
        Columns { table, batch, offset }
    }

    /// The columns of each of `batches` in order, rows numbered across them.
    pub fn each(table: &'a str, batches: &'a [RecordBatch]) -> impl Iterator<Item = Columns<'a>> {
        batches.iter().scan(0, move |offset, batch| {
            let c = Columns::new(table, batch, *offset);
            *offset += batch.num_rows();
            Some(c)
        })
    }

    /// Rows in this batch.
    pub fn len(&self) -> usize {
        self.batch.num_rows()
    }

    fn column(&self, name: &str, required: bool, expected: &str) -> Result<Option<&'a ArrayRef>, BadInput> {
        match self.batch.schema_ref().index_of(name) {
            // An all-null column (pyarrow infers type `null` when every value
            // is None): absent when optional, a null value when required.
            Ok(i) if self.batch.column(i).data_type() == &DataType::Null => {
                if required && self.len() > 0 {
                    Err(self.at(name, 0, "null in a required column"))
                } else if required {
                    Err(self.mistyped(name, expected, &DataType::Null))
                } else {
                    Ok(None)
                }
            }
            Ok(i) => Ok(Some(self.batch.column(i))),
            Err(_) if required => {
                Err(BadInput::Value(format!("{}: missing column `{name}` (expected {expected})", self.table)))
            }
            Err(_) => Ok(None),
        }
    }

    fn mistyped(&self, name: &str, expected: &str, got: &DataType) -> BadInput {
        BadInput::Type(format!("{}: column `{name}` is {got}, expected {expected}", self.table))
    }

    /// An error about the value at `row` of column `name`.
    pub fn at(&self, name: &str, row: usize, message: impl std::fmt::Display) -> BadInput {
        BadInput::Value(format!("{}.{name}[row {}]: {message}", self.table, self.offset + row))
    }

    /// A string column (utf8, large utf8, utf8 view, or a dictionary of them).
    pub fn strings(&self, name: &str, required: bool) -> Result<Option<Strings<'a>>, BadInput> {
        const EXPECTED: &str = "string";
        let Some(col) = self.column(name, required, EXPECTED)? else { return Ok(None) };
        Strings::of(col.as_ref()).map(Some).ok_or_else(|| self.mistyped(name, EXPECTED, col.data_type()))
    }

    /// A list-of-strings column.
    pub fn string_lists(&self, name: &str, required: bool) -> Result<Option<StringLists<'a>>, BadInput> {
        const EXPECTED: &str = "list<string>";
        let Some(col) = self.column(name, required, EXPECTED)? else { return Ok(None) };
        let lists = if let Some(l) = col.as_list_opt::<i32>() {
            Strings::of(l.values().as_ref()).map(|values| StringLists {
                array: col.as_ref(),
                offsets: l.offsets().iter().map(|&o| o as usize).collect(),
                values,
            })
        } else if let Some(l) = col.as_list_opt::<i64>() {
            Strings::of(l.values().as_ref()).map(|values| StringLists {
                array: col.as_ref(),
                offsets: l.offsets().iter().map(|&o| o as usize).collect(),
                values,
            })
        } else {
            None
        };
        lists.map(Some).ok_or_else(|| self.mistyped(name, EXPECTED, col.data_type()))
    }

    /// An integer column (any width, signed or not), as `i64`.
    pub fn ints(&self, name: &str, required: bool) -> Result<Option<Vec<Option<i64>>>, BadInput> {
        const EXPECTED: &str = "integer";
        let Some(col) = self.column(name, required, EXPECTED)? else { return Ok(None) };
        macro_rules! ints {
            ($($t:ty),*) => {
                $(if let Some(a) = col.as_primitive_opt::<$t>() {
                    return a.iter().map(|v| v.map(i64::try_from).transpose()).collect::<Result<Vec<_>, _>>()
                        .map(Some)
                        .map_err(|_| BadInput::Value(format!("{}: column `{name}` has a value beyond 64 bits", self.table)));
                })*
            };
        }
        ints!(Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type, UInt64Type);
        Err(self.mistyped(name, EXPECTED, col.data_type()))
    }

    /// A number column (any integer or float width), as `f64`.
    pub fn numbers(&self, name: &str, required: bool) -> Result<Option<Vec<Option<f64>>>, BadInput> {
        const EXPECTED: &str = "number";
        let Some(col) = self.column(name, required, EXPECTED)? else { return Ok(None) };
        use arrow_array::types::{Float16Type, Float32Type, Float64Type};
        macro_rules! nums {
            ($($t:ty),*) => {
                $(if let Some(a) = col.as_primitive_opt::<$t>() {
                    return Ok(Some(a.iter().map(|v| v.map(|x| x as f64)).collect()));
                })*
            };
        }
        nums!(
            Int8Type,
            Int16Type,
            Int32Type,
            Int64Type,
            UInt8Type,
            UInt16Type,
            UInt32Type,
            UInt64Type,
            Float32Type,
            Float64Type
        );
        if let Some(a) = col.as_primitive_opt::<Float16Type>() {
            return Ok(Some(a.iter().map(|v| v.map(f64::from)).collect()));
        }
        Err(self.mistyped(name, EXPECTED, col.data_type()))
    }

    /// A `date32` column, as `YYYY-MM-DD` texts (the core's date shape).
    pub fn dates(&self, name: &str, required: bool) -> Result<Option<Vec<Option<String>>>, BadInput> {
        Ok(self
            .days(name, required)?
            .map(|days| days.into_iter().map(|d| d.map(|d| d.format("%Y-%m-%d").to_string())).collect()))
    }

    /// A `date32` column as local days.
    pub fn days(&self, name: &str, required: bool) -> Result<Option<Vec<Option<chrono::NaiveDate>>>, BadInput> {
        const EXPECTED: &str = "date32";
        let Some(col) = self.column(name, required, EXPECTED)? else { return Ok(None) };
        let Some(a) = col.as_primitive_opt::<arrow_array::types::Date32Type>() else {
            return Err(self.mistyped(name, EXPECTED, col.data_type()));
        };
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
        a.iter()
            .enumerate()
            .map(|(row, v)| match v {
                None => Ok(None),
                Some(d) => epoch
                    .checked_add_signed(chrono::TimeDelta::days(i64::from(d)))
                    .map(Some)
                    .ok_or_else(|| self.at(name, row, "date out of range")),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// The column names, in order.
    pub fn names(&self) -> Vec<String> {
        self.batch.schema_ref().fields().iter().map(|f| f.name().clone()).collect()
    }

    /// The type of column `name`, if there is one.
    pub fn data_type(&self, name: &str) -> Option<&'a DataType> {
        self.batch.schema_ref().index_of(name).ok().map(|i| self.batch.column(i).data_type())
    }

    /// A boolean column.
    pub fn bools(&self, name: &str, required: bool) -> Result<Option<&'a BooleanArray>, BadInput> {
        const EXPECTED: &str = "bool";
        let Some(col) = self.column(name, required, EXPECTED)? else { return Ok(None) };
        col.as_boolean_opt().map(Some).ok_or_else(|| self.mistyped(name, EXPECTED, col.data_type()))
    }

    /// A timestamp column with a time zone (any unit): instants. A
    /// timestamp without a zone is refused, never assumed UTC.
    pub fn instants(&self, name: &str, required: bool) -> Result<Option<Vec<Option<DateTime<Utc>>>>, BadInput> {
        let Some((values, nulls, unit)) = self.instant_values(name, required)? else { return Ok(None) };
        values
            .iter()
            .enumerate()
            .map(|(row, &v)| {
                if nulls.as_ref().is_some_and(|n| n.is_null(row)) {
                    Ok(None)
                } else {
                    instant(v, unit).map(Some).ok_or_else(|| self.at(name, row, "timestamp out of range"))
                }
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// The raw values of a timestamp column with a time zone, checked as
    /// [`Columns::instants`] checks it: its `i64`s, nulls and unit (read
    /// each with [`instant`]).
    pub fn instant_values(&self, name: &str, required: bool) -> Result<Option<InstantValues>, BadInput> {
        const EXPECTED: &str = "timestamp with a time zone (e.g. timestamp[us, tz=UTC])";
        let Some(col) = self.column(name, required, EXPECTED)? else { return Ok(None) };
        let DataType::Timestamp(unit, tz) = col.data_type() else {
            return Err(self.mistyped(name, EXPECTED, col.data_type()));
        };
        if tz.is_none() {
            return Err(BadInput::Type(format!(
                "{}: column `{name}` is a timestamp without a time zone; an instant needs one \
                 (e.g. pl.col(\"{name}\").dt.replace_time_zone(\"UTC\"))",
                self.table
            )));
        }
        use arrow_array::types::{
            TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType,
        };
        fn parts<T: arrow_array::ArrowPrimitiveType<Native = i64>>(
            col: &ArrayRef,
        ) -> Option<(ScalarBuffer<i64>, Option<NullBuffer>)> {
            col.as_primitive_opt::<T>().map(|a| (a.values().clone(), a.nulls().cloned()))
        }
        let found = match unit {
            TimeUnit::Second => parts::<TimestampSecondType>(col),
            TimeUnit::Millisecond => parts::<TimestampMillisecondType>(col),
            TimeUnit::Microsecond => parts::<TimestampMicrosecondType>(col),
            TimeUnit::Nanosecond => parts::<TimestampNanosecondType>(col),
        };
        let (values, nulls) = found.ok_or_else(|| self.mistyped(name, EXPECTED, col.data_type()))?;
        Ok(Some((values, nulls, *unit)))
    }
}

/// A timestamp column's raw `i64`s, nulls and unit.
pub type InstantValues = (ScalarBuffer<i64>, Option<NullBuffer>, TimeUnit);

/// One raw timestamp value in `unit` as an instant (`None` out of range).
#[inline]
pub fn instant(v: i64, unit: TimeUnit) -> Option<DateTime<Utc>> {
    match unit {
        TimeUnit::Second => DateTime::from_timestamp(v, 0),
        TimeUnit::Millisecond => DateTime::from_timestamp_millis(v),
        TimeUnit::Microsecond => DateTime::from_timestamp_micros(v),
        TimeUnit::Nanosecond => Some(DateTime::from_timestamp_nanos(v)),
    }
}

/// A string column of any of Arrow's string layouts.
pub enum Strings<'a> {
    /// `utf8`.
    Utf8(&'a StringArray),
    /// `large_utf8`.
    Large(&'a arrow_array::LargeStringArray),
    /// `utf8_view` (polars' layout).
    View(&'a arrow_array::StringViewArray),
    /// A dictionary (categoricals): per row, the key into `values`.
    Dict {
        /// The dictionary array (for its nulls).
        array: &'a dyn Array,
        /// Each row's index into `values`.
        keys: Vec<usize>,
        /// The distinct values.
        values: Box<Strings<'a>>,
    },
}

impl<'a> Strings<'a> {
    fn of(array: &'a dyn Array) -> Option<Self> {
        if let Some(a) = array.as_string_opt::<i32>() {
            Some(Strings::Utf8(a))
        } else if let Some(a) = array.as_string_opt::<i64>() {
            Some(Strings::Large(a))
        } else if let Some(a) = array.as_string_view_opt() {
            Some(Strings::View(a))
        } else if let Some(d) = array.as_any_dictionary_opt() {
            let values = Strings::of(d.values().as_ref())?;
            Some(Strings::Dict { array, keys: d.normalized_keys(), values: Box::new(values) })
        } else {
            None
        }
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        match self {
            Strings::Utf8(a) => a.len(),
            Strings::Large(a) => a.len(),
            Strings::View(a) => a.len(),
            Strings::Dict { keys, .. } => keys.len(),
        }
    }

    /// The first null row, if any.
    pub fn first_null(&self) -> Option<usize> {
        let nulls = match self {
            Strings::Utf8(a) => a.logical_nulls(),
            Strings::Large(a) => a.logical_nulls(),
            Strings::View(a) => a.logical_nulls(),
            // A key past the dictionary reads as null too (see `get`).
            Strings::Dict { .. } => return (0..self.len()).find(|&row| self.get(row).is_none()),
        };
        nulls.filter(|n| n.null_count() > 0).and_then(|n| n.iter().position(|valid| !valid))
    }

    /// The value at `row`, `None` when null.
    #[inline]
    pub fn get(&self, row: usize) -> Option<&'a str> {
        // Inlined into the reconcile loops: the dictionary case, which
        // recurses, stays out of line.
        match self {
            Strings::Utf8(a) => a.is_valid(row).then(|| a.value(row)),
            Strings::Large(a) => a.is_valid(row).then(|| a.value(row)),
            Strings::View(a) => a.is_valid(row).then(|| a.value(row)),
            Strings::Dict { .. } => self.dict_get(row),
        }
    }

    #[inline(never)]
    fn dict_get(&self, row: usize) -> Option<&'a str> {
        let Strings::Dict { array, keys, values } = self else { return None };
        // A key past the dictionary (a malformed producer) reads as null.
        if array.is_valid(row) && keys[row] < values.len() { values.get(keys[row]) } else { None }
    }
}

/// A `list<string>` column.
pub struct StringLists<'a> {
    array: &'a dyn Array,
    offsets: Vec<usize>,
    values: Strings<'a>,
}

impl<'a> StringLists<'a> {
    /// The list at `row` (`None` when null); a null item is `None` inside.
    pub fn get(&self, row: usize) -> Option<impl Iterator<Item = Option<&'a str>> + '_> {
        if !self.array.is_valid(row) {
            return None;
        }
        Some((self.offsets[row]..self.offsets[row + 1]).map(|i| self.values.get(i)))
    }
}

/// A core enum from its lower-snake tag (`"phone"` → `Channel::Phone`),
/// through the core's own serde names.
pub fn tag<T: DeserializeOwned>(value: &str) -> Result<T, String> {
    T::deserialize(IntoDeserializer::<serde::de::value::Error>::into_deserializer(value)).map_err(|e| e.to_string())
}

/// Enum values of one column by [`tag`], each distinct text parsed once
/// (a column holds a few; the first 32 are remembered).
pub struct TagCache<'a, T> {
    seen: Vec<(&'a str, T)>,
}

impl<'a, T: DeserializeOwned + Copy> TagCache<'a, T> {
    pub fn new() -> Self {
        TagCache { seen: Vec::new() }
    }

    /// The value of `text`.
    pub fn get(&mut self, text: &'a str) -> Result<T, String> {
        if let Some(&(_, v)) = self.seen.iter().find(|(s, _)| *s == text) {
            return Ok(v);
        }
        let v = tag(text)?;
        if self.seen.len() < 32 {
            self.seen.push((text, v));
        }
        Ok(v)
    }
}

/// Output columns, built by each module's conversion.
pub struct Builder {
    fields: Vec<Field>,
    columns: Vec<ArrayRef>,
}

impl Builder {
    /// No columns yet.
    pub fn new() -> Self {
        Builder { fields: Vec::new(), columns: Vec::new() }
    }

    fn push(&mut self, name: &str, array: ArrayRef, nullable: bool) {
        self.fields.push(Field::new(name, array.data_type().clone(), nullable));
        self.columns.push(array);
    }

    /// A non-null string column.
    pub fn strings<'s>(mut self, name: &str, values: impl IntoIterator<Item = &'s str>) -> Self {
        self.push(name, Arc::new(StringArray::from_iter_values(values)), false);
        self
    }

    /// A non-null bool column.
    pub fn bools(mut self, name: &str, values: impl IntoIterator<Item = bool>) -> Self {
        let values: Vec<bool> = values.into_iter().collect();
        self.push(name, Arc::new(BooleanArray::from(values)), false);
        self
    }

    /// A non-null `uint32` column.
    pub fn u32s(mut self, name: &str, values: impl IntoIterator<Item = u32>) -> Self {
        let values: Vec<u32> = values.into_iter().collect();
        self.push(name, Arc::new(arrow_array::UInt32Array::from(values)), false);
        self
    }

    /// A non-null `uint8` column.
    pub fn u8s(mut self, name: &str, values: impl IntoIterator<Item = u8>) -> Self {
        let values: Vec<u8> = values.into_iter().collect();
        self.push(name, Arc::new(arrow_array::UInt8Array::from(values)), false);
        self
    }

    /// A nullable instant column (`timestamp[us, tz=UTC]`).
    pub fn instants(mut self, name: &str, values: impl IntoIterator<Item = Option<DateTime<Utc>>>) -> Self {
        let array = instants_array(values);
        self.push(name, Arc::new(array), true);
        self
    }

    /// A `list<string>` column.
    pub fn string_lists<I, L, S>(mut self, name: &str, rows: I) -> Self
    where
        I: IntoIterator<Item = L>,
        L: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut offsets = vec![0i32];
        let mut values: Vec<S> = Vec::new();
        for row in rows {
            values.extend(row);
            offsets.push(i32::try_from(values.len()).unwrap_or(i32::MAX));
        }
        let values = StringArray::from_iter_values(values.iter().map(AsRef::as_ref));
        let item = Arc::new(Field::new("item", DataType::Utf8, false));
        let list = ListArray::new(item, OffsetBuffer::new(offsets.into()), Arc::new(values), None);
        self.push(name, Arc::new(list), false);
        self
    }

    /// A `list<struct>` column from rows of struct items: `fields` of the
    /// struct and, per row, its items flattened into `columns` (built with
    /// another [`Builder`]) and the number of items in each row.
    pub fn struct_lists(mut self, name: &str, items: Builder, counts: &[usize]) -> Self {
        let fields: arrow_schema::Fields = items.fields.into();
        let strct = StructArray::new(fields.clone(), items.columns, None);
        let mut offsets = Vec::with_capacity(counts.len() + 1);
        offsets.push(0i32);
        let mut total = 0usize;
        for c in counts {
            total += c;
            offsets.push(i32::try_from(total).unwrap_or(i32::MAX));
        }
        let item = Arc::new(Field::new("item", DataType::Struct(fields), false));
        let list = GenericListArray::<i32>::new(item, OffsetBuffer::new(offsets.into()), Arc::new(strct), None);
        self.push(name, Arc::new(list), false);
        self
    }

    /// Any other column, built by a module's conversion (dates, nullable strings).
    pub fn column(mut self, name: &str, array: ArrayRef, nullable: bool) -> Self {
        self.push(name, array, nullable);
        self
    }

    /// The columns as a [`Table`].
    pub fn finish(self) -> Table {
        let schema = Arc::new(Schema::new(self.fields));
        let batches = match RecordBatch::try_new(schema.clone(), self.columns) {
            Ok(b) => vec![b],
            // Unreachable with the builders above (equal lengths, matching
            // types); an empty table rather than a panic.
            Err(_) => Vec::new(),
        };
        Table { schema, batches }
    }
}

fn instants_array(values: impl IntoIterator<Item = Option<DateTime<Utc>>>) -> TimestampMicrosecondArray {
    TimestampMicrosecondArray::from_iter(values.into_iter().map(|v| v.map(|t| t.timestamp_micros())))
        .with_timezone("UTC")
}

/// Arrow data returned by filrouge: read it with `pyarrow.table(t)` or
/// `polars.from_arrow(t)` (the Arrow PyCapsule interface, no copy through
/// Python objects).
#[pyclass(frozen, name = "Table", module = "filrouge")]
pub struct Table {
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
}

#[pymethods]
impl Table {
    /// Exports the table as an Arrow C stream (PyCapsule `arrow_array_stream`).
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        // The PyCapsule interface lets a producer ignore the request.
        let _ = requested_schema;
        let reader: Box<dyn RecordBatchReader + Send> =
            Box::new(RecordBatchIterator::new(self.batches.clone().into_iter().map(Ok), self.schema.clone()));
        PyCapsule::new_with_value(py, FFI_ArrowArrayStream::new(reader), c"arrow_array_stream")
    }

    /// Exports the schema (PyCapsule `arrow_schema`).
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        let schema = FFI_ArrowSchema::try_from(self.schema.as_ref())
            .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
        PyCapsule::new_with_value(py, schema, c"arrow_schema")
    }

    /// Number of rows.
    fn __len__(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }

    /// The column names, in order.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.schema.fields().iter().map(|f| f.name().clone()).collect()
    }

    fn __repr__(&self) -> String {
        let cols: Vec<String> =
            self.schema.fields().iter().map(|f| format!("{}: {}", f.name(), f.data_type())).collect();
        format!("filrouge.Table({} rows; {})", self.__len__(), cols.join(", "))
    }
}

/// A batch argument: Arrow record batches, or the JSON shape of a list of records.
pub enum Input {
    /// Anything with `__arrow_c_stream__` / `__arrow_c_array__`.
    Arrow(Vec<RecordBatch>),
    /// Lists of dicts (already walked, still to deserialize).
    Json(Value),
}

impl Input {
    /// Reads `obj` (GIL held); `None` is an empty list.
    pub fn read(obj: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Self> {
        match obj {
            None => Ok(Input::Json(Value::Array(Vec::new()))),
            Some(o) if o.is_none() => Ok(Input::Json(Value::Array(Vec::new()))),
            Some(o) if is_arrow(o) => Ok(Input::Arrow(import(o, name)?)),
            Some(o) => Ok(Input::Json(convert::to_value(o, &mut name.to_owned())?)),
        }
    }

    /// Whether the caller gave Arrow data (then results come back as Arrow).
    pub fn is_arrow(&self) -> bool {
        matches!(self, Input::Arrow(_))
    }

    /// The records (no GIL needed).
    pub fn records<T: serde::de::DeserializeOwned + Send>(
        self,
        name: &str,
        from_arrow: impl Fn(&Columns<'_>, &mut Vec<T>) -> Result<(), BadInput> + Sync,
    ) -> Result<Vec<T>, BadInput> {
        match self {
            Input::Json(v) => convert::from_value(v, name),
            Input::Arrow(batches) => convert_parallel(&batches, name, &from_arrow),
        }
    }
}

/// Frees converted records off the caller's path: a million owned records
/// take a noticeable time to free, and the result does not wait for it.
/// Small inputs (and a failed spawn) are freed at once.
pub fn drop_later<T: Send + 'static>(records: Vec<T>) {
    if records.len() >= PARALLEL_MIN_ROWS {
        // On a spawn error the closure, and the records with it, are dropped here.
        let _ = std::thread::Builder::new().name("filrouge-drop".into()).spawn(move || drop(records));
    }
}

/// Below this many rows a conversion runs on the calling thread.
pub const PARALLEL_MIN_ROWS: usize = 1 << 16;

/// Converts Arrow rows to records, in row order. Large inputs are cut into
/// zero-copy slices converted on the machine's cores (the GIL is released):
/// building a million owned records is the binding's main cost, as the
/// core takes owned `String`s.
fn convert_parallel<T: Send>(
    batches: &[RecordBatch],
    name: &str,
    from_arrow: &(impl Fn(&Columns<'_>, &mut Vec<T>) -> Result<(), BadInput> + Sync),
) -> Result<Vec<T>, BadInput> {
    let total: usize = batches.iter().map(RecordBatch::num_rows).sum();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    let chunk = total.div_ceil(threads).max(PARALLEL_MIN_ROWS);
    let mut slices = Vec::new();
    let mut offset = 0;
    for b in batches {
        let mut start = 0;
        while start < b.num_rows() {
            let len = chunk.min(b.num_rows() - start);
            slices.push((b.slice(start, len), offset + start));
            start += len;
        }
        offset += b.num_rows();
    }
    let convert = |(b, at): &(RecordBatch, usize), out: &mut Vec<T>| from_arrow(&Columns::new(name, b, *at), out);
    let mut out = Vec::with_capacity(total);
    let Some((first, rest)) = slices.split_first() else { return Ok(out) };
    if rest.is_empty() {
        convert(first, &mut out)?;
        return Ok(out);
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = rest
            .iter()
            .map(|s| {
                scope.spawn(move || {
                    let mut part = Vec::new();
                    convert(s, &mut part).map(|()| part)
                })
            })
            .collect();
        // The first slice on this thread, straight into the result.
        convert(first, &mut out)?;
        for h in handles {
            let part = h.join().map_err(|_| BadInput::Value(format!("{name}: a conversion thread failed")))?;
            out.append(&mut part?);
        }
        Ok(out)
    })
}

/// A required column's value at `row`.
pub fn req<'a>(c: &Columns<'_>, col: &Strings<'a>, name: &str, row: usize) -> Result<&'a str, BadInput> {
    col.get(row).ok_or_else(|| c.at(name, row, "null in a required column"))
}

/// A required string column (never `None`: a missing one is an error).
pub fn req_col<'a>(c: &Columns<'a>, name: &str) -> Result<Strings<'a>, BadInput> {
    c.strings(name, true)?.ok_or_else(|| c.at(name, 0, "missing column"))
}

/// A required enum value (`channel`, `direction`) at `row`.
pub fn req_tag<T: serde::de::DeserializeOwned>(
    c: &Columns<'_>,
    col: &Strings<'_>,
    name: &str,
    row: usize,
) -> Result<T, BadInput> {
    tag(req(c, col, name, row)?).map_err(|e| c.at(name, row, e))
}

/// An optional enum value at `row`.
pub fn opt_tag<T: serde::de::DeserializeOwned>(
    c: &Columns<'_>,
    col: &Option<Strings<'_>>,
    name: &str,
    row: usize,
) -> Result<Option<T>, BadInput> {
    match col.as_ref().and_then(|s| s.get(row)) {
        None => Ok(None),
        Some(v) => tag(v).map(Some).map_err(|e| c.at(name, row, e)),
    }
}

/// The lower-snake tag of a core enum value (`LinkRule::JustAfter` → `just_after`).
pub fn tag_name<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(e) => e.to_string(),
    }
}

/// Rejections as an Arrow table: `id, rule, code, message`.
pub fn rejections_table(rejected: &[filrouge::Rejection]) -> Table {
    Builder::new()
        .strings("id", rejected.iter().map(|r| r.id.as_str()))
        .strings("rule", rejected.iter().map(|r| r.rule.as_str()))
        .strings("code", rejected.iter().map(|r| r.code.as_str()))
        .strings("message", rejected.iter().map(|r| r.message.as_str()))
        .finish()
}

/// Arrow tables as a dict of `Table` objects.
pub fn tables_dict<'py>(
    py: Python<'py>,
    tables: impl IntoIterator<Item = (&'static str, Table)>,
) -> PyResult<Bound<'py, PyAny>> {
    let d = PyDict::new(py);
    for (name, t) in tables {
        d.set_item(name, Bound::new(py, t)?)?;
    }
    Ok(d.into_any())
}
