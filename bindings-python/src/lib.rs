//! The Python binding of filrouge: import name `filrouge`.
//!
//! Thin by design (STYLE.md): each file converts Python arguments into the
//! core's types, calls the core, and converts the result back. Business
//! rules live in the `filrouge` crate only.
//!
//! - `convert.rs`: Python objects ⇄ the core's serde types (SPEC §9 shapes).
//! - `arrow.rs`: Arrow PyCapsule import/export (part of conversion).
//! - `history_rows.rs`: `reconcile`'s Arrow rows, read in place (part of conversion).
//! - `error.rs`: one exception class per error code.
//! - one file per core module: `history.rs`, `retention.rs`, `condition.rs`,
//!   `scoring.rs`, `followup.rs`, `reveal.rs`, `trigger.rs`, `pipeline.rs`,
//!   `partition.rs`,
//!   each with a `register` function.
//!
//! Batch work runs with the GIL released. pyo3 turns a Rust panic into a
//! Python `PanicException` rather than letting it cross the boundary; the
//! garbage-input tests check that no input reaches one.

use pyo3::prelude::*;

mod arrow;
mod condition;
mod convert;
mod error;
mod followup;
mod history;
mod history_rows;
mod partition;
mod pipeline;
mod retention;
mod reveal;
mod scoring;
mod trigger;

/// The `filrouge` module.
#[pymodule]
#[pyo3(name = "filrouge")]
fn filrouge_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    error::register(m)?;
    m.add_class::<arrow::Table>()?;
    m.add_class::<arrow::ArrowArray>()?;
    history::register(m)?;
    retention::register(m)?;
    condition::register(m)?;
    scoring::register(m)?;
    followup::register(m)?;
    reveal::register(m)?;
    trigger::register(m)?;
    pipeline::register(m)?;
    partition::register(m)?;
    Ok(())
}
