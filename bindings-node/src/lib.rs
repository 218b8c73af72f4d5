//! filrouge for Node.js (napi-rs): the npm package `filrouge`.
//!
//! One file per core module (`history.rs`, `retention.rs`, `scoring.rs`, later
//! `reveal.rs`, `followup.rs`, `condition.rs`, `trigger.rs`,
//! `pipeline.rs`), plus `error.rs` (the one place errors become JS errors),
//! `convert.rs` (instants, numbers, lists, enums) and `task.rs` (the async
//! batch calls). A binding only converts and delegates: no business rule
//! is decided here.
#![deny(clippy::unwrap_used, clippy::expect_used)]
// `cargo clippy --all-targets` checks the lib as a test (`--test`) even with
// `test = false`; napi-derive registers exports only under `not(test)`, so
// in that build everything exported looks unused.
#![cfg_attr(test, allow(dead_code))]

mod condition;
mod convert;
mod error;
mod followup;
mod history;
mod history_out;
mod mirror;
mod pipeline;
mod retention;
mod reveal;
mod scoring;
mod task;
mod trigger;
mod young;
