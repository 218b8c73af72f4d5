//! Errors of the trigger module (NPS, survey triggers, survey pressure).

use thiserror::Error;

/// Why an NPS answer, a trigger, a response or a send was refused.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum Error {
    /// an NPS answer that is not a whole number from 0 to 10.
    #[error("NPS answer {answer} is not a whole number from 0 to 10")]
    InvalidNpsAnswer {
        /// The answer as JSON text.
        answer: String,
    },
    /// A record's id is empty (SPEC §0).
    #[error("{kind} id is empty")]
    EmptyId {
        /// `trigger`, `survey`, `response`, `respondent` or `client`.
        kind: &'static str,
    },
    /// Two records share an id but differ in content (SPEC §0).
    #[error("{kind} id {id:?} is used by records with different content")]
    DuplicateId {
        /// `trigger`, `survey` or `response`.
        kind: &'static str,
        /// The shared id.
        id: String,
    },
    /// a response names a survey the caller did not give.
    #[error("response {response_id:?} answers survey {survey_id:?}, which is not known")]
    UnknownSurvey {
        /// The response.
        response_id: String,
        /// The survey it names.
        survey_id: String,
    },
    /// a custom field number outside 1–20.
    #[error("custom field number {number} is outside 1–20")]
    InvalidCustomField {
        /// The number given.
        number: i64,
    },
    /// a custom field named by a name the configuration does not know.
    #[error("trigger {trigger_id:?} names custom field {name:?}, which has no number in the configuration")]
    UnknownCustomField {
        /// The trigger.
        trigger_id: String,
        /// The name used.
        name: String,
    },
    /// a mapping targets a field the created contact does not have.
    #[error(
        "trigger {trigger_id:?} maps target field {field:?}, which is neither a respondent field, custom_1 … custom_20 nor a named custom field"
    )]
    UnknownTargetField {
        /// The trigger.
        trigger_id: String,
        /// The target named.
        field: String,
    },
    /// two mapping entries fill the same target field (`custom_3` and its name).
    #[error("trigger {trigger_id:?} maps target field {field:?} twice")]
    DuplicateTarget {
        /// The trigger.
        trigger_id: String,
        /// The target, canonical (`custom_3`).
        field: String,
    },
    /// a custom field source names neither a number nor a name, or both.
    #[error("trigger {trigger_id:?}: a custom field source takes exactly one of \"number\" and \"name\"")]
    AmbiguousCustomField {
        /// The trigger.
        trigger_id: String,
    },
    /// a trigger's condition could not be evaluated on a response.
    #[error("trigger {trigger_id:?} on response {response_id:?}: {message}")]
    Condition {
        /// The trigger.
        trigger_id: String,
        /// The response.
        response_id: String,
        /// The condition error's code (`type_mismatch`, …).
        code: &'static str,
        /// The condition error's message.
        message: String,
    },
    /// the NPS class mapped into a field is of an answer that is not a score.
    #[error("trigger {trigger_id:?} on response {response_id:?}: answer {question_id:?} is {answer}, not a 0–10 score")]
    MappedNpsAnswer {
        /// The trigger.
        trigger_id: String,
        /// The response.
        response_id: String,
        /// The question whose class was asked for.
        question_id: String,
        /// The answer as JSON text.
        answer: String,
    },
    /// a trigger's JSON does not have a trigger's shape
    /// ([`Trigger::parse`](super::Trigger::parse)).
    #[error("trigger at {path}: {message}")]
    InvalidTrigger {
        /// Where: `$` for one trigger, `$[2]` in a list.
        path: String,
        /// What was wrong.
        message: String,
    },
    /// a trigger's condition is not a valid condition: the condition
    /// error itself, its path within the trigger (`$.conditions[1].op`) or
    /// the list of triggers (`$[2].conditions[1].op`).
    #[error("{0}")]
    InvalidCondition(crate::condition::Error),
}

impl Error {
    /// The stable code of the error (`invalid_nps_answer`, …).
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidNpsAnswer { .. } | Error::MappedNpsAnswer { .. } => "invalid_nps_answer",
            Error::EmptyId { .. } => "empty_id",
            Error::DuplicateId { .. } => "duplicate_id",
            Error::UnknownSurvey { .. } => "unknown_survey",
            Error::InvalidCustomField { .. } => "invalid_custom_field",
            Error::UnknownCustomField { .. } => "unknown_custom_field",
            Error::UnknownTargetField { .. } => "unknown_target_field",
            Error::AmbiguousCustomField { .. } => "ambiguous_custom_field",
            Error::DuplicateTarget { .. } => "duplicate_target_field",
            Error::Condition { code, .. } => code,
            Error::InvalidTrigger { .. } => "invalid_trigger",
            Error::InvalidCondition(e) => e.code(),
        }
    }

    /// The SPEC rule the error enforces (`§0` for the conventions).
    pub fn rule(&self) -> &'static str {
        match self {
            Error::InvalidNpsAnswer { .. } => "R-6.2",
            Error::EmptyId { .. } | Error::DuplicateId { .. } => "§0",
            Error::Condition { .. } | Error::InvalidCondition(_) => "R-6.1",
            Error::UnknownSurvey { .. }
            | Error::InvalidCustomField { .. }
            | Error::UnknownCustomField { .. }
            | Error::UnknownTargetField { .. }
            | Error::AmbiguousCustomField { .. }
            | Error::DuplicateTarget { .. }
            | Error::MappedNpsAnswer { .. }
            | Error::InvalidTrigger { .. } => "R-6.3",
        }
    }

    /// Where in the parsed JSON the error is (`$[2].conditions[1].op`), for
    /// the errors of [`Trigger::parse`](super::Trigger::parse) and
    /// [`TriggerSet::parse`](super::TriggerSet::parse); `None` otherwise.
    pub fn path(&self) -> Option<&str> {
        match self {
            Error::InvalidTrigger { path, .. } => Some(path),
            Error::InvalidCondition(e) => Some(e.path()),
            _ => None,
        }
    }

    /// This error as a batch rejection of record `id`.
    pub fn to_rejection(&self, id: &str) -> crate::Rejection {
        crate::Rejection::new(id, self.rule(), self.code(), self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_offending_value() {
        let e = Error::UnknownSurvey { response_id: "r1".into(), survey_id: "s9".into() };
        assert_eq!(e.to_string(), "response \"r1\" answers survey \"s9\", which is not known");
        assert_eq!((e.code(), e.rule()), ("unknown_survey", "R-6.3"));
        let e = Error::InvalidCustomField { number: 21 };
        assert_eq!(e.to_string(), "custom field number 21 is outside 1–20");
        let r = Error::EmptyId { kind: "response" }.to_rejection("");
        assert_eq!((r.rule.as_str(), r.code.as_str()), ("§0", "empty_id"));
    }
}
