//! Batch results: every batch call returns its results *and* the records it
//! rejected (SPEC §0, "batches never fail whole").

use serde::{Deserialize, Serialize};

/// One record a batch call refused, with the rule it broke.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Rejection {
    /// The record's id as given (may be empty when the id itself was the problem).
    pub id: String,
    /// The SPEC rule broken (`R-1.1`), or `§0` for the conventions of SPEC §0.
    pub rule: String,
    /// The stable error code (`comment_too_long`, `duplicate_daily_report`, …).
    pub code: String,
    /// A human-readable explanation naming the offending value.
    pub message: String,
}

impl Rejection {
    /// A rejection built from a module error.
    pub fn new(id: impl Into<String>, rule: &str, code: &str, message: impl Into<String>) -> Self {
        Rejection { id: id.into(), rule: rule.to_owned(), code: code.to_owned(), message: message.into() }
    }
}
