//! filrouge for Node.js (napi-rs): the npm package `filrouge`.
//!
//! One file per core module (`history.rs`, `retention.rs`, later
//! `reveal.rs`, `followup.rs`, `scoring.rs`, `condition.rs`, `trigger.rs`,
//! `pipeline.rs`), plus `error.rs` (the one place errors become JS errors),
//! `convert.rs` (instants, numbers, lists, enums) and `task.rs` (the async
//! batch calls). A binding only converts and delegates: no business rule
//! is decided here.
#![deny(clippy::unwrap_used, clippy::expect_used)]

mod condition;
mod convert;
mod error;
mod history;
mod retention;
mod task;
