//! `filrouge::condition` for Python: `Condition` (SPEC §6, R-6.1).
//! Conversion and delegation only.

use crate::convert;
use crate::error;
use filrouge::condition as core;
use pyo3::prelude::*;
use serde_json::{Map, Value};

/// A condition, validated once, then evaluated against records:
/// `{"field", "op", "value"}`, `{"all": [...]}`, `{"any": [...]}`,
/// `{"not": c}`. Validation errors (`UnknownOperatorError`, …) and
/// `TypeMismatchError` carry `.path`, the JSON path in the condition.
#[pyclass(module = "filrouge", frozen)]
pub struct Condition {
    inner: core::Condition,
}

#[pymethods]
impl Condition {
    /// Validates `condition` (a dict, the JSON shape of ).
    #[new]
    fn new(py: Python<'_>, condition: &Bound<'_, PyAny>) -> PyResult<Self> {
        let json = convert::to_value(condition, &mut "condition".to_owned())?;
        let inner = core::Condition::parse(&json).map_err(|e| error::from_core(py, &e))?;
        Ok(Condition { inner })
    }

    /// Whether `record` (a flat dict: numbers, text, booleans, dates as
    /// `date` or `YYYY-MM-DD`, lists) meets the condition. A missing field
    /// makes every comparison false; comparing different types raises
    /// `TypeMismatchError`.
    fn evaluate(&self, py: Python<'_>, record: &Bound<'_, PyAny>) -> PyResult<bool> {
        let record: Map<String, Value> = convert::arg(record, "record")?;
        self.inner.evaluate(&record).map_err(|e| error::from_core(py, &e))
    }

    /// The condition as a dict (as given, key order aside).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.to_json())
    }

    /// The fields the condition reads, each once, in order of appearance.
    fn fields(&self) -> Vec<String> {
        self.inner.fields().into_iter().map(str::to_owned).collect()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Condition>().is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __repr__(&self) -> String {
        format!("Condition({})", self.inner.to_json())
    }
}

/// Adds this module's classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Condition>()?;
    Ok(())
}
