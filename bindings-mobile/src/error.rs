//! The one error type of the binding, and the mapping of every core error
//! to it. Kotlin sees `FilrougeException.Refused`, `…InvalidInput`,
//! `…Internal`; Swift `FilrougeError.Refused(code:rule:path:detail:)`, ….
//!
//! Every variant carries the core's stable `code` (`comment_too_long`,
//! `not_a_natural_person`, …) and its human `detail` (the core's message).
//! The field is `detail`, not `message`: Kotlin exceptions already have a
//! `message` (uniffi builds it from the fields, so it contains `detail`).

/// Why a call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum FilrougeError {
    /// A rule of the specification refused the call (`rule` names it, `R-2.5`).
    #[error("{code} ({rule}): {detail}")]
    Refused {
        /// The stable code (`not_a_natural_person`, …).
        code: String,
        /// The rule broken (`R-2.5`, or `§0` for the conventions).
        rule: String,
        /// Where in a JSON document the problem is (`$.all[1].value`), for
        /// errors about a document such as a condition.
        path: Option<String>,
        /// What was wrong, with the offending value.
        detail: String,
    },
    /// An input the core cannot take: an unknown time zone, an instant out
    /// of range, a malformed event log. `code` is `invalid_input`.
    #[error("{code}: {detail}")]
    InvalidInput {
        /// Always `invalid_input`.
        code: String,
        /// What was wrong, with the offending value.
        detail: String,
    },
    /// A bug in filrouge (an engine left unusable by an earlier failure).
    /// `code` is `internal`.
    #[error("{code}: {detail}")]
    Internal {
        /// Always `internal`.
        code: String,
        /// What happened.
        detail: String,
    },
}

impl FilrougeError {
    /// An input that cannot be converted for the core.
    pub fn invalid_input(detail: impl Into<String>) -> Self {
        FilrougeError::InvalidInput { code: "invalid_input".to_owned(), detail: detail.into() }
    }

    /// A bug surfaced as an error rather than a crash.
    pub fn internal(detail: impl Into<String>) -> Self {
        FilrougeError::Internal { code: "internal".to_owned(), detail: detail.into() }
    }

    /// The stable code, whatever the variant.
    pub fn code(&self) -> &str {
        match self {
            FilrougeError::Refused { code, .. }
            | FilrougeError::InvalidInput { code, .. }
            | FilrougeError::Internal { code, .. } => code,
        }
    }
}

/// A core error, as its code, rule and message.
fn refused(code: &str, rule: &str, detail: String) -> FilrougeError {
    FilrougeError::Refused { code: code.to_owned(), rule: rule.to_owned(), path: None, detail }
}

impl From<filrouge::history::Error> for FilrougeError {
    fn from(e: filrouge::history::Error) -> Self {
        refused(e.code(), e.rule(), e.to_string())
    }
}

impl From<filrouge::retention::Error> for FilrougeError {
    fn from(e: filrouge::retention::Error) -> Self {
        refused(e.code(), e.rule(), e.to_string())
    }
}

impl From<filrouge::condition::Error> for FilrougeError {
    fn from(e: filrouge::condition::Error) -> Self {
        FilrougeError::Refused {
            code: e.code().to_owned(),
            rule: e.rule().to_owned(),
            path: Some(e.path().to_owned()),
            detail: e.to_string(),
        }
    }
}

impl From<filrouge::reveal::Error> for FilrougeError {
    fn from(e: filrouge::reveal::Error) -> Self {
        refused(e.code(), e.rule(), e.to_string())
    }
}

impl From<filrouge::followup::Error> for FilrougeError {
    fn from(e: filrouge::followup::Error) -> Self {
        refused(e.code(), e.rule(), e.to_string())
    }
}

impl From<filrouge::scoring::Error> for FilrougeError {
    fn from(e: filrouge::scoring::Error) -> Self {
        match e {
            filrouge::scoring::Error::Condition(c) => c.into(),
            e => refused(e.code(), e.rule(), e.to_string()),
        }
    }
}

impl From<filrouge::trigger::Error> for FilrougeError {
    fn from(e: filrouge::trigger::Error) -> Self {
        refused(e.code(), e.rule(), e.to_string())
    }
}

impl From<filrouge::pipeline::Error> for FilrougeError {
    fn from(e: filrouge::pipeline::Error) -> Self {
        refused(e.code(), e.rule(), e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_core_error_keeps_its_code_rule_and_message() {
        // the history of a legal entity is refused.
        let core = filrouge::history::Error::NotANaturalPerson { client_id: "ent-1".into() };
        let mapped = FilrougeError::from(core.clone());
        assert_eq!(
            mapped,
            FilrougeError::Refused {
                code: "not_a_natural_person".into(),
                rule: "R-2.5".into(),
                path: None,
                detail: core.to_string(),
            }
        );
        assert_eq!(mapped.code(), "not_a_natural_person");
        assert!(mapped.to_string().contains("ent-1"));
    }

    #[test]
    fn binding_errors_have_fixed_codes() {
        assert_eq!(FilrougeError::invalid_input("x").code(), "invalid_input");
        assert_eq!(FilrougeError::internal("x").code(), "internal");
    }
}
