//! Errors of the condition module.

use thiserror::Error;

/// Why a condition was refused when it was validated, or could not be
/// evaluated against a record. Every variant carries the JSON path of the
/// offending part of the condition (`$.all[2].value`).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Error {
    /// Not a condition object, or one that mixes a comparison with
    /// `all`/`any`/`not`, or an `all`/`any` that is not a list.
    #[error("{path}: {message}")]
    InvalidCondition {
        /// Where in the condition.
        path: String,
        /// What was wrong.
        message: String,
    },
    /// A key a condition does not take.
    #[error("{path}: unknown key {key:?} (a condition takes field/op/value, all, any or not)")]
    UnknownKey {
        /// Where in the condition.
        path: String,
        /// The key given.
        key: String,
    },
    /// A comparison without its `field` or `op`.
    #[error("{path}: a comparison needs the key {key:?}")]
    MissingKey {
        /// Where in the condition.
        path: String,
        /// `field` or `op`.
        key: &'static str,
    },
    /// The field is not a non-empty string.
    #[error("{path}: the field must be a non-empty string")]
    InvalidField {
        /// Where in the condition.
        path: String,
    },
    /// An operator does not define.
    #[error(
        "{path}: unknown operator {op} (expected one of eq, ne, gt, ge, lt, le, in, not_in, contains, starts_with, between, exists)"
    )]
    UnknownOperator {
        /// Where in the condition.
        path: String,
        /// The operator given, as JSON.
        op: String,
    },
    /// An operator that needs a value has none.
    #[error("{path}: operator {op} needs a value")]
    MissingValue {
        /// Where in the condition.
        path: String,
        /// The operator.
        op: &'static str,
    },
    /// `exists` takes no value.
    #[error("{path}: operator exists takes no value")]
    UnexpectedValue {
        /// Where in the condition (the `value` key).
        path: String,
    },
    /// A value of a kind the operator cannot use (null, an object, a nested
    /// list, a list where one value is expected, a boolean to order, a
    /// number to search in text…).
    #[error("{path}: {message}")]
    InvalidValue {
        /// Where in the condition (the `value` key or a list item).
        path: String,
        /// What was wrong.
        message: String,
    },
    /// `in` or `not_in` without a list.
    #[error("{path}: operator {op} needs a list of values")]
    NotAList {
        /// Where in the condition (the `value` key).
        path: String,
        /// The operator.
        op: &'static str,
    },
    /// A list mixing numbers, text and booleans (or `between` bounds of two types).
    #[error("{path}: a list mixes values of different types ({first} and {other})")]
    MixedList {
        /// Where in the condition (the first item of another type).
        path: String,
        /// The type of the first item.
        first: &'static str,
        /// The other type.
        other: &'static str,
    },
    /// `between` takes exactly `[low, high]`.
    #[error("{path}: operator between needs a pair [low, high]")]
    BetweenNotAPair {
        /// Where in the condition (the `value` key).
        path: String,
    },
    /// `between` with `low > high`.
    #[error("{path}: between bounds are reversed: {low} > {high}")]
    BetweenReversed {
        /// Where in the condition (the `value` key).
        path: String,
        /// The low bound given.
        low: String,
        /// The high bound given.
        high: String,
    },
    /// A `YYYY-MM-DD` value that is not a calendar date (`2026-02-30`).
    #[error("{path}: {value:?} looks like a date but is not a calendar day")]
    InvalidDate {
        /// Where in the condition.
        path: String,
        /// The text given.
        value: String,
    },
    /// Conditions nest deeper than the limit (64 levels).
    #[error("{path}: conditions nest deeper than {limit} levels")]
    TooDeep {
        /// Where the limit was reached.
        path: String,
        /// The limit.
        limit: usize,
    },
    /// The record's field and the condition's value are of different types
    /// (a number field compared with text, a date with text that is not a
    /// date, …): an error, never a silent `false`.
    #[error("{path}: field {field:?} holds {found}, which cannot be compared with {expected} by {op}")]
    TypeMismatch {
        /// Where in the condition (the comparison).
        path: String,
        /// The record's field.
        field: String,
        /// The operator.
        op: &'static str,
        /// What the comparison needs (`a number`, `text`, `a date`, …).
        expected: &'static str,
        /// What the record holds.
        found: &'static str,
    },
}

impl Error {
    /// The stable code of the error (`unknown_operator`, `type_mismatch`, …).
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidCondition { .. } => "invalid_condition",
            Error::UnknownKey { .. } => "unknown_key",
            Error::MissingKey { .. } => "missing_key",
            Error::InvalidField { .. } => "invalid_field",
            Error::UnknownOperator { .. } => "unknown_operator",
            Error::MissingValue { .. } => "missing_value",
            Error::UnexpectedValue { .. } => "unexpected_value",
            Error::InvalidValue { .. } => "invalid_value",
            Error::NotAList { .. } => "not_a_list",
            Error::MixedList { .. } => "mixed_list",
            Error::BetweenNotAPair { .. } => "between_not_a_pair",
            Error::BetweenReversed { .. } => "between_reversed",
            Error::InvalidDate { .. } => "invalid_date",
            Error::TooDeep { .. } => "too_deep",
            Error::TypeMismatch { .. } => "type_mismatch",
        }
    }

    /// The SPEC rule the error enforces: always `R-6.1`.
    pub fn rule(&self) -> &'static str {
        "R-6.1"
    }

    /// The JSON path of the offending part of the condition (`$.all[2].value`).
    pub fn path(&self) -> &str {
        match self {
            Error::InvalidCondition { path, .. }
            | Error::UnknownKey { path, .. }
            | Error::MissingKey { path, .. }
            | Error::InvalidField { path }
            | Error::UnknownOperator { path, .. }
            | Error::MissingValue { path, .. }
            | Error::UnexpectedValue { path }
            | Error::InvalidValue { path, .. }
            | Error::NotAList { path, .. }
            | Error::MixedList { path, .. }
            | Error::BetweenNotAPair { path }
            | Error::BetweenReversed { path, .. }
            | Error::InvalidDate { path, .. }
            | Error::TooDeep { path, .. }
            | Error::TypeMismatch { path, .. } => path,
        }
    }

    /// The same error with `prefix` put before its path (prefix
    /// `$.mandatory[0]` and path `$.all[1]` give `$.mandatory[0].all[1]`),
    /// for conditions inside a larger document such as a routine.
    pub fn within(mut self, prefix: &str) -> Self {
        let path = match &mut self {
            Error::InvalidCondition { path, .. }
            | Error::UnknownKey { path, .. }
            | Error::MissingKey { path, .. }
            | Error::InvalidField { path }
            | Error::UnknownOperator { path, .. }
            | Error::MissingValue { path, .. }
            | Error::UnexpectedValue { path }
            | Error::InvalidValue { path, .. }
            | Error::NotAList { path, .. }
            | Error::MixedList { path, .. }
            | Error::BetweenNotAPair { path }
            | Error::BetweenReversed { path, .. }
            | Error::InvalidDate { path, .. }
            | Error::TooDeep { path, .. }
            | Error::TypeMismatch { path, .. } => path,
        };
        let rest = path.strip_prefix('$').unwrap_or(path);
        *path = format!("{prefix}{rest}");
        self
    }

    /// This error as a batch rejection of record `id`.
    pub fn to_rejection(&self, id: &str) -> crate::Rejection {
        crate::Rejection::new(id, self.rule(), self.code(), self.to_string())
    }
}
