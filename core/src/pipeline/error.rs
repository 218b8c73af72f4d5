//! Errors of the onboarding pipeline.

use super::{Eligibility, Stage};
use chrono::{DateTime, Utc};
use thiserror::Error;

/// Why a pipeline call was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Error {
    /// An id or actor is empty (SPEC §0).
    #[error("{kind} is empty")]
    EmptyId {
        /// `organisation id` or `actor`.
        kind: &'static str,
    },
    /// The organisation is already in the pipeline.
    #[error("organisation {id:?} is already in the pipeline (stage {stage})")]
    DuplicateOrganisation {
        /// The organisation.
        id: String,
        /// Its current stage.
        stage: Stage,
    },
    /// The organisation is not in the pipeline.
    #[error("organisation {id:?} is not in the pipeline")]
    UnknownOrganisation {
        /// The id asked for.
        id: String,
    },
    /// the stages do not allow this move.
    #[error("organisation {id:?} cannot move from {from} to {to}")]
    InvalidTransition {
        /// The organisation.
        id: String,
        /// Its current stage.
        from: Stage,
        /// The stage asked for.
        to: Stage,
    },
    /// the organisation is already at that stage.
    #[error("organisation {id:?} is already at stage {stage}")]
    AlreadyInStage {
        /// The organisation.
        id: String,
        /// Its stage.
        stage: Stage,
    },
    /// a move dated before the organisation's last move.
    #[error("organisation {id:?}: a move at {at} is earlier than its last move at {last}")]
    MoveBeforeLast {
        /// The organisation.
        id: String,
        /// The instant given.
        at: DateTime<Utc>,
        /// Its last move.
        last: DateTime<Utc>,
    },
    /// an account is created only for an eligible organisation.
    #[error("organisation {id:?} is not eligible for an account: {}", .eligibility.reason.as_str())]
    NotEligible {
        /// The organisation.
        id: String,
        /// Why not.
        eligibility: Eligibility,
    },
    /// the conversion plan follows an account's creation.
    #[error("organisation {id:?} has no account (stage {stage}): no conversion plan")]
    NoAccount {
        /// The organisation.
        id: String,
        /// Its stage.
        stage: Stage,
    },
    /// the conversion cadence refused (an empty plan,
    /// a step past the calendar's range).
    #[error("conversion follow-ups: {0}")]
    Cadence(#[from] crate::followup::Error),
}

impl Error {
    /// The stable code of the error (`invalid_transition`, …).
    pub fn code(&self) -> &'static str {
        match self {
            Error::EmptyId { .. } => "empty_id",
            Error::DuplicateOrganisation { .. } => "duplicate_organisation",
            Error::UnknownOrganisation { .. } => "unknown_organisation",
            Error::InvalidTransition { .. } => "invalid_transition",
            Error::AlreadyInStage { .. } => "already_in_stage",
            Error::MoveBeforeLast { .. } => "move_before_last",
            Error::NotEligible { .. } => "not_eligible",
            Error::NoAccount { .. } => "no_account",
            Error::Cadence(e) => e.code(),
        }
    }

    /// The SPEC rule the error enforces (`§0` for the conventions).
    pub fn rule(&self) -> &'static str {
        match self {
            Error::EmptyId { .. } => "§0",
            Error::DuplicateOrganisation { .. }
            | Error::UnknownOrganisation { .. }
            | Error::InvalidTransition { .. }
            | Error::AlreadyInStage { .. }
            | Error::MoveBeforeLast { .. } => "R-7.1",
            Error::NotEligible { .. } => "R-7.2",
            Error::NoAccount { .. } => "R-7.3",
            Error::Cadence(e) => e.rule(),
        }
    }

    /// This error as a batch rejection of record `id`.
    pub fn to_rejection(&self, id: &str) -> crate::Rejection {
        crate::Rejection::new(id, self.rule(), self.code(), self.to_string())
    }
}
