//! Errors of the scoring module (SPEC §5).

use thiserror::Error;

/// Why a routine, a company, a tag or a visibility call was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Error {
    /// A routine's JSON does not have the routine's shape.
    #[error("routine: {message}")]
    InvalidRoutine {
        /// What was wrong.
        message: String,
    },
    /// A criterion of a routine is not a valid condition;
    /// the condition error's path is within the routine (`$.weighted[1].condition.value`).
    #[error("{0}")]
    Condition(#[from] crate::condition::Error),
    /// A routine has more weighted criteria than one explanation can name (64).
    #[error("routine {id:?} has {count} weighted criteria, more than the limit of {limit}")]
    TooManyCriteria {
        /// The routine.
        id: String,
        /// How many were given.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// A company has no `id`, or one that is not text (SPEC §0).
    #[error("company has no text id")]
    MissingId,
    /// An id is empty: a routine, a company, a user (SPEC §0).
    #[error("{kind} id is empty")]
    EmptyId {
        /// `routine`, `company` or `user`.
        kind: &'static str,
    },
    /// Two records share an id but differ (SPEC §0).
    #[error("{kind} id {id:?} is used by records with different content")]
    DuplicateId {
        /// `company` or `previous score`.
        kind: &'static str,
        /// The shared id.
        id: String,
    },
    /// a routine no one defined.
    #[error("no routine {routine_id:?}")]
    UnknownRoutine {
        /// The routine asked for.
        routine_id: String,
    },
    /// a user's default routine must be one they can see.
    #[error("user {user:?} cannot see routine {routine_id:?}, so it cannot be their default")]
    RoutineNotVisible {
        /// The user.
        user: String,
        /// The routine.
        routine_id: String,
    },
}

impl Error {
    /// The stable code of the error (`type_mismatch`, `routine_not_visible`, …).
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidRoutine { .. } => "invalid_routine",
            Error::Condition(e) => e.code(),
            Error::TooManyCriteria { .. } => "too_many_criteria",
            Error::MissingId => "missing_id",
            Error::EmptyId { .. } => "empty_id",
            Error::DuplicateId { .. } => "duplicate_id",
            Error::UnknownRoutine { .. } => "unknown_routine",
            Error::RoutineNotVisible { .. } => "routine_not_visible",
        }
    }

    /// The SPEC rule the error enforces (`§0` for the conventions).
    pub fn rule(&self) -> &'static str {
        match self {
            Error::InvalidRoutine { .. } | Error::TooManyCriteria { .. } => "R-5.1",
            Error::Condition(e) => e.rule(),
            Error::MissingId | Error::EmptyId { .. } | Error::DuplicateId { .. } => "§0",
            Error::UnknownRoutine { .. } | Error::RoutineNotVisible { .. } => "R-5.5",
        }
    }

    /// This error as a batch rejection of record `id`.
    pub fn to_rejection(&self, id: &str) -> crate::Rejection {
        crate::Rejection::new(id, self.rule(), self.code(), self.to_string())
    }
}
