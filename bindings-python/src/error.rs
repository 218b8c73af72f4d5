//! Error mapping, in one place: one Python exception class per error code,
//! all under `filrouge.FilrougeError`.
//!
//! A core error (any module's `Error`, through [`CoreError`]) becomes an
//! instance of the class of its `code()`, carrying `code`, `rule` and
//! `message` attributes. Codes that mean "the input was wrong" also subclass
//! `ValueError`, so `except ValueError` keeps working for hosts that do not
//! know filrouge's classes. A new core module adds its codes to [`CODES`] and
//! an `impl CoreError` line; nothing else changes.
//!
//! Batch rejections are data (`rejected` lists), never exceptions.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};
use std::collections::HashMap;

/// Every error code with its Python class name and whether it is bad input
/// (then the class also subclasses `ValueError`).
pub const CODES: &[(&str, &str, bool)] = &[
    // The binding's own: an argument that does not have the expected shape.
    ("invalid_input", "InvalidInputError", true),
    // SPEC §0 conventions and history (SPEC §1, §2).
    ("empty_id", "EmptyIdError", true),
    ("empty_parties", "EmptyPartiesError", true),
    ("empty_reference", "EmptyReferenceError", true),
    ("duplicate_id", "DuplicateIdError", true),
    ("comment_too_long", "CommentTooLongError", true),
    ("duplicate_daily_report", "DuplicateDailyReportError", true),
    ("unsupported_report_channel", "UnsupportedReportChannelError", true),
    ("not_a_natural_person", "NotANaturalPersonError", true),
    // Conditions (SPEC §6, R-6.1): validation, then evaluation.
    ("invalid_condition", "InvalidConditionError", true),
    ("unknown_key", "UnknownKeyError", true),
    ("missing_key", "MissingKeyError", true),
    ("invalid_field", "InvalidFieldError", true),
    ("unknown_operator", "UnknownOperatorError", true),
    ("missing_value", "MissingValueError", true),
    ("unexpected_value", "UnexpectedValueError", true),
    ("invalid_value", "InvalidValueError", true),
    ("not_a_list", "NotAListError", true),
    ("mixed_list", "MixedListError", true),
    ("between_not_a_pair", "BetweenNotAPairError", true),
    ("between_reversed", "BetweenReversedError", true),
    ("invalid_date", "InvalidDateError", true),
    ("too_deep", "TooDeepError", true),
    ("type_mismatch", "TypeMismatchError", true),
    // Scoring (SPEC §5).
    ("invalid_routine", "InvalidRoutineError", true),
    ("too_many_criteria", "TooManyCriteriaError", true),
    ("missing_id", "MissingIdError", true),
    ("unknown_routine", "UnknownRoutineError", true),
    ("routine_not_visible", "RoutineNotVisibleError", true),
    // Follow-ups (SPEC §4).
    ("no_assignee", "NoAssigneeError", true),
    ("different_targets", "DifferentTargetsError", true),
    ("unknown_target", "UnknownTargetError", true),
    ("not_assigned", "NotAssignedError", true),
    ("bad_cursor", "BadCursorError", true),
    ("zero_limit", "ZeroLimitError", true),
    ("empty_cadence", "EmptyCadenceError", true),
    ("cadence_finished", "CadenceFinishedError", false),
    ("cadence_mismatch", "CadenceMismatchError", true),
    ("date_out_of_range", "DateOutOfRangeError", true),
    // Reveal-once visibility (SPEC §3).
    ("reveal_not_allowed", "RevealNotAllowedError", false),
    ("wrong_context_kind", "WrongContextKindError", true),
    ("idempotency_key_reused", "IdempotencyKeyReusedError", true),
    ("diagnostic_not_allowed", "DiagnosticNotAllowedError", false),
    ("diagnostic_already_marked", "DiagnosticAlreadyMarkedError", false),
    ("diagnostic_not_marked", "DiagnosticNotMarkedError", false),
    ("ledger_full", "LedgerFullError", false),
    // Survey triggers (SPEC §6, R-6.2 … ).
    ("invalid_nps_answer", "InvalidNpsAnswerError", true),
    ("unknown_survey", "UnknownSurveyError", true),
    ("invalid_custom_field", "InvalidCustomFieldError", true),
    ("unknown_custom_field", "UnknownCustomFieldError", true),
    ("unknown_target_field", "UnknownTargetFieldError", true),
    ("ambiguous_custom_field", "AmbiguousCustomFieldError", true),
    ("duplicate_target_field", "DuplicateTargetFieldError", true),
    ("invalid_trigger", "InvalidTriggerError", true),
    // The onboarding pipeline (SPEC §7).
    ("duplicate_organisation", "DuplicateOrganisationError", true),
    ("unknown_organisation", "UnknownOrganisationError", true),
    ("invalid_transition", "InvalidTransitionError", false),
    ("already_in_stage", "AlreadyInStageError", false),
    ("move_before_last", "MoveBeforeLastError", true),
    ("not_eligible", "NotEligibleError", false),
    ("no_account", "NoAccountError", false),
];

/// A core error: a stable code, the SPEC rule, a message.
pub trait CoreError: std::fmt::Display {
    /// The stable code (`comment_too_long`).
    fn code(&self) -> &'static str;
    /// The SPEC rule (`R-1.1`, `§0`).
    fn rule(&self) -> &'static str;
    /// Where in a JSON document the error is (conditions: `$.all[1].op`).
    fn path(&self) -> Option<&str> {
        None
    }
}

impl CoreError for filrouge::history::Error {
    fn code(&self) -> &'static str {
        self.code()
    }
    fn rule(&self) -> &'static str {
        self.rule()
    }
}

impl CoreError for filrouge::condition::Error {
    fn code(&self) -> &'static str {
        self.code()
    }
    fn rule(&self) -> &'static str {
        self.rule()
    }
    fn path(&self) -> Option<&str> {
        Some(self.path())
    }
}

impl CoreError for filrouge::retention::Error {
    fn code(&self) -> &'static str {
        self.code()
    }
    fn rule(&self) -> &'static str {
        self.rule()
    }
}

impl CoreError for filrouge::scoring::Error {
    fn code(&self) -> &'static str {
        self.code()
    }
    fn rule(&self) -> &'static str {
        self.rule()
    }
    fn path(&self) -> Option<&str> {
        match self {
            filrouge::scoring::Error::Condition(e) => Some(e.path()),
            _ => None,
        }
    }
}

impl CoreError for filrouge::followup::Error {
    fn code(&self) -> &'static str {
        self.code()
    }
    fn rule(&self) -> &'static str {
        self.rule()
    }
}

impl CoreError for filrouge::reveal::Error {
    fn code(&self) -> &'static str {
        self.code()
    }
    fn rule(&self) -> &'static str {
        self.rule()
    }
}

impl CoreError for filrouge::trigger::Error {
    fn code(&self) -> &'static str {
        self.code()
    }
    fn rule(&self) -> &'static str {
        self.rule()
    }
    fn path(&self) -> Option<&str> {
        self.path()
    }
}

impl CoreError for filrouge::pipeline::Error {
    fn code(&self) -> &'static str {
        self.code()
    }
    fn rule(&self) -> &'static str {
        self.rule()
    }
}

struct Classes {
    base: Py<PyType>,
    by_code: HashMap<&'static str, Py<PyType>>,
}

static CLASSES: PyOnceLock<Classes> = PyOnceLock::new();

const BASE_DOC: &str = "Base class of every filrouge error. Attributes: `code` (stable error code), \
`rule` (the SPEC rule, e.g. `R-1.1`, or None), `path` (where in a JSON document, e.g. `$.all[1].op`, \
or None), `message` (human-readable).";

fn classes(py: Python<'_>) -> PyResult<&Classes> {
    CLASSES.get_or_try_init(py, || {
        let builtins = py.import("builtins")?;
        let type_fn = builtins.getattr("type")?;
        let exception = builtins.getattr("Exception")?;
        let value_error = py.get_type::<PyValueError>();
        let new_class = |name: &str, bases: Bound<'_, PyTuple>, doc: &str| -> PyResult<Py<PyType>> {
            let ns = PyDict::new(py);
            ns.set_item("__module__", "filrouge")?;
            ns.set_item("__doc__", doc)?;
            Ok(type_fn.call1((name, bases, ns))?.cast_into::<PyType>()?.unbind())
        };
        let base = new_class("FilrougeError", PyTuple::new(py, [exception])?, BASE_DOC)?;
        let mut by_code = HashMap::new();
        for &(code, name, bad_input) in CODES {
            let doc = format!("Error code `{code}`.");
            let bases = if bad_input {
                PyTuple::new(py, [base.bind(py).as_any(), value_error.as_any()])?
            } else {
                PyTuple::new(py, [base.bind(py).as_any()])?
            };
            by_code.insert(code, new_class(name, bases, &doc)?);
        }
        Ok(Classes { base, by_code })
    })
}

/// Adds `FilrougeError` and every code's class to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let c = classes(m.py())?;
    m.add("FilrougeError", c.base.bind(m.py()))?;
    for &(code, name, _) in CODES {
        m.add(name, c.by_code[code].bind(m.py()))?;
    }
    Ok(())
}

/// The exception of `code` (the base class for a code this binding does not
/// know yet: core enums are `#[non_exhaustive]`).
pub fn raise(py: Python<'_>, code: &str, rule: Option<&str>, message: String) -> PyErr {
    raise_at(py, code, rule, None, message)
}

/// [`raise`] with the JSON path of the error (`.path`, None when it has none).
pub fn raise_at(py: Python<'_>, code: &str, rule: Option<&str>, path: Option<&str>, message: String) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let c = classes(py)?;
        let class = c.by_code.get(code).unwrap_or(&c.base).bind(py);
        let err = class.call1((message.clone(),))?;
        err.setattr("code", code)?;
        err.setattr("rule", rule)?;
        err.setattr("path", path)?;
        err.setattr("message", &message)?;
        Ok(PyErr::from_value(err))
    };
    build().unwrap_or_else(|e| e)
}

/// A core error as its Python exception.
pub fn from_core(py: Python<'_>, e: &impl CoreError) -> PyErr {
    raise_at(py, e.code(), Some(e.rule()), e.path(), e.to_string())
}

/// `InvalidInputError` (a `ValueError`): the argument does not have the
/// expected shape; `message` names the field (`contacts[3].channel`).
pub fn invalid_input(py: Python<'_>, message: impl Into<String>) -> PyErr {
    raise(py, "invalid_input", None, message.into())
}

/// A `TypeError` naming the field (a naive datetime where an instant is
/// meant, an object of a type no JSON shape has).
pub fn type_error(message: impl Into<String>) -> PyErr {
    PyTypeError::new_err(message.into())
}
