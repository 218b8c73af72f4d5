//! # filrouge-mobile
//!
//! filrouge for Android and iOS: the rules of the `filrouge` crate exposed
//! through [uniffi](https://mozilla.github.io/uniffi-rs/) to Kotlin
//! (package `filrouge`) and Swift (module `FilRouge`).
//!
//! The binding only converts and delegates. Data crosses as plain records
//! and enums (the core's own types where they are FFI-ready, mirrors where
//! they hold a time zone or a set); long-lived engines
//! ([`history::Reconciler`]) are objects; instants are `java.time.Instant` /
//! `Date`; every failure is a [`error::FilrougeError`] carrying the core's
//! code. Rust panics are caught by uniffi and surface as exceptions (the
//! `mobile` profile keeps `panic = "unwind"` for that).
//!
//! One file per core module (`history.rs`, `retention.rs`,
//! `condition.rs`, later `reveal.rs`, `followup.rs`, …), shared conversions in `convert.rs`, the
//! error mapping in `error.rs`.
//!
//! ```
//! use filrouge_mobile::history::{default_config, reconcile};
//!
//! let now = "2026-03-02T12:00:00Z".parse().unwrap();
//! let result = reconcile(vec![], vec![], default_config(), now).unwrap();
//! assert!(result.links.is_empty());
//! ```
#![warn(missing_docs)]

uniffi::setup_scaffolding!("filrouge");

pub mod condition;
pub mod convert;
pub mod error;
pub mod followup;
pub mod history;
pub mod pipeline;
pub mod retention;
pub mod reveal;
pub mod scoring;
#[cfg(feature = "testing")]
pub mod testing;
pub mod trigger;
