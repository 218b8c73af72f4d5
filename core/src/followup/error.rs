//! Errors of the follow-up module.

use thiserror::Error;

/// Why a follow-up was refused, or a follow-up call failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Error {
    /// A follow-up names no target (SPEC §0).
    #[error("follow-up has an empty target_id")]
    EmptyTarget,
    /// A user id (assignee, creator, the user of a list) is empty (SPEC §0).
    #[error("{what} is an empty user id")]
    EmptyUser {
        /// Which user: `assignee of "t1"`, `creator`, `user`.
        what: String,
    },
    /// A follow-up has no assignee (SPEC §4: a non-empty set of users).
    #[error("follow-up on {target_id:?} has no assignee")]
    NoAssignee {
        /// The follow-up's target.
        target_id: String,
    },
    /// only follow-ups on the same target merge.
    #[error("cannot merge follow-ups on different targets {a:?} and {b:?}")]
    DifferentTargets {
        /// The first follow-up's target.
        a: String,
        /// The second follow-up's target.
        b: String,
    },
    /// there is no follow-up on this target.
    #[error("there is no follow-up on target {target_id:?}")]
    UnknownTarget {
        /// The target asked for.
        target_id: String,
    },
    /// the user is not an assignee of the follow-up.
    #[error("user {user:?} is not assigned to the follow-up on {target_id:?}")]
    NotAssigned {
        /// The follow-up's target.
        target_id: String,
        /// The user asked for.
        user: String,
    },
    /// a cursor that this book did not give, or for another list.
    #[error("malformed pagination cursor: {reason}")]
    BadCursor {
        /// What is wrong with it.
        reason: String,
    },
    /// a page must hold at least one item.
    #[error("a page limit must be at least 1")]
    ZeroLimit,
    /// a cadence needs at least one step.
    #[error("a cadence needs at least one step")]
    EmptyCadence,
    /// every step of the cadence is done already.
    #[error("the cadence on {target_id:?} is finished: all {steps} steps are done")]
    CadenceFinished {
        /// The cadence's target.
        target_id: String,
        /// The number of steps.
        steps: usize,
    },
    /// a run does not fit the cadence it is advanced with.
    #[error("the cadence run on {target_id:?} is at step {step}, but the cadence has {steps} steps")]
    CadenceMismatch {
        /// The run's target.
        target_id: String,
        /// The run's step.
        step: usize,
        /// The cadence's steps.
        steps: usize,
    },
    /// A due date computed from an offset or a preset leaves the calendar's range.
    #[error("date {from} + {what} is out of the calendar's range")]
    DateOutOfRange {
        /// The starting date.
        from: chrono::NaiveDate,
        /// The offset, as text.
        what: String,
    },
}

impl Error {
    /// The stable code of the error (`different_targets`, …).
    pub fn code(&self) -> &'static str {
        match self {
            Error::EmptyTarget => "empty_id",
            Error::EmptyUser { .. } => "empty_reference",
            Error::NoAssignee { .. } => "no_assignee",
            Error::DifferentTargets { .. } => "different_targets",
            Error::UnknownTarget { .. } => "unknown_target",
            Error::NotAssigned { .. } => "not_assigned",
            Error::BadCursor { .. } => "bad_cursor",
            Error::ZeroLimit => "zero_limit",
            Error::EmptyCadence => "empty_cadence",
            Error::CadenceFinished { .. } => "cadence_finished",
            Error::CadenceMismatch { .. } => "cadence_mismatch",
            Error::DateOutOfRange { .. } => "date_out_of_range",
        }
    }

    /// The SPEC rule the error enforces (`§0` for the conventions).
    pub fn rule(&self) -> &'static str {
        match self {
            Error::EmptyTarget | Error::EmptyUser { .. } => "§0",
            Error::NoAssignee { .. } | Error::UnknownTarget { .. } | Error::NotAssigned { .. } => "R-4.3",
            Error::DifferentTargets { .. } => "R-4.2",
            Error::BadCursor { .. } | Error::ZeroLimit => "R-4.7",
            Error::EmptyCadence | Error::CadenceFinished { .. } | Error::CadenceMismatch { .. } => "R-4.8",
            Error::DateOutOfRange { .. } => "R-4.1",
        }
    }

    /// This error as a batch rejection of record `id`.
    pub fn to_rejection(&self, id: &str) -> crate::Rejection {
        crate::Rejection::new(id, self.rule(), self.code(), self.to_string())
    }
}
