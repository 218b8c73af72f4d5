//! Errors of the retention module.

use thiserror::Error;

/// Why a retention record was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Error {
    /// A record names no client (SPEC §0).
    #[error("record {id:?} has an empty client_id")]
    EmptyClient {
        /// The record's id.
        id: String,
    },
}

impl Error {
    /// The stable code of the error.
    pub fn code(&self) -> &'static str {
        match self {
            Error::EmptyClient { .. } => "empty_reference",
        }
    }

    /// The SPEC rule the error enforces.
    pub fn rule(&self) -> &'static str {
        match self {
            Error::EmptyClient { .. } => "§0",
        }
    }

    /// This error as a batch rejection of record `id`.
    pub fn to_rejection(&self, id: &str) -> crate::Rejection {
        crate::Rejection::new(id, self.rule(), self.code(), self.to_string())
    }
}
