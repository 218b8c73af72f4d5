//! The bodies of filrouge's fuzz targets, shared by the cargo-fuzz binaries
//! under `fuzz/` and by the saved-corpus replay test of this crate
//! (`tests/replay.rs`, on stable in `cargo test`), so that the two cannot
//! drift. See DESIGN.md, "Fuzzing".
//!
//! Every body takes the fuzzer's bytes and returns nothing: it panics only
//! when filrouge broke a promise (a panic inside the core, or a failed
//! invariant assertion).
//!
//! - [`json`]: one target per JSON input type of SPEC §9 and
//!   `tests/vectors/README.md`: deserialize → validate → run the core
//!   functions on the result; never panic.
//! - [`invariants`]: structured inputs built with `arbitrary` from small
//!   pools of ids and instants so that the fuzzer reaches deep states, and
//!   real assertions on laws the SPEC states.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod invariants;
pub mod json;
pub mod structured;

/// A fuzz target's body.
pub type Body = fn(&[u8]);

/// Every target, by the name of its binary and of its corpus folder
/// (`fuzz/corpus/<name>/`).
pub const TARGETS: &[(&str, Body)] = &[
    ("reconcile", json::reconcile),
    ("retention", json::retention),
    ("condition", json::condition),
    ("scoring", json::scoring),
    ("followup", json::followup),
    ("trigger", json::trigger),
    ("pipeline", json::pipeline),
    ("reveal", json::reveal),
    ("vectors", json::vectors),
    ("reconcile_twice", invariants::reconcile_twice),
    ("reconciler_orders", invariants::reconciler_orders),
    ("followup_merge_laws", invariants::followup_merge_laws),
    ("retention_holds", invariants::retention_holds),
];

/// The body of the target named `name`.
pub fn target(name: &str) -> Option<Body> {
    TARGETS.iter().find(|(n, _)| *n == name).map(|(_, body)| *body)
}
