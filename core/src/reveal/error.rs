//! Errors of the reveal module.

use thiserror::Error;

/// Why a reveal, an enrichment, a diagnostic mark or an imported event was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Error {
    /// An id (tenant, user, subject, key, portal, context) is empty (SPEC §0).
    #[error("{field} is empty")]
    EmptyId {
        /// Which field: `tenant`, `viewer`, `subject`, `key`, `portal`, `context.id`, …
        field: &'static str,
    },
    /// this viewer has nothing to reveal about this subject in this
    /// context (a requester reveals only contacts recommended to them in the
    /// resource sheet or conversation; an advisor only a project's requester).
    #[error("{viewer:?} ({role}) may not reveal {subject:?} in {context}: {why}")]
    RevealNotAllowed {
        /// The viewer.
        viewer: String,
        /// The viewer's role, lower-snake.
        role: &'static str,
        /// The subject.
        subject: String,
        /// The context, as `kind id on portal`.
        context: String,
        /// What is missing.
        why: &'static str,
    },
    /// a context of the wrong kind for the operation (a recommendation
    /// in a project, a project's requester on a resource sheet, …).
    #[error("{operation} needs a {expected} context, got a {got} ({id:?})")]
    WrongContextKind {
        /// The operation refused.
        operation: &'static str,
        /// The kind it needs.
        expected: &'static str,
        /// The kind given.
        got: &'static str,
        /// The context id.
        id: String,
    },
    /// an idempotency key already names a different request.
    #[error("idempotency key {key:?} of tenant {tenant:?} already names a different request")]
    KeyReused {
        /// The tenant.
        tenant: String,
        /// The key.
        key: String,
    },
    /// this actor may not mark or undo diagnostics on this portal.
    #[error("{actor:?} ({role}) may not mark diagnostics on portal {portal:?}")]
    DiagnosticNotAllowed {
        /// Who tried.
        actor: String,
        /// Their role, lower-snake.
        role: &'static str,
        /// The portal.
        portal: String,
    },
    /// the project's diagnostic is marked already (once per project).
    #[error("the diagnostic of project {project:?} was marked already by {by:?} at {at}")]
    DiagnosticAlreadyMarked {
        /// The project.
        project: String,
        /// Who marked it.
        by: String,
        /// When.
        at: chrono::DateTime<chrono::Utc>,
    },
    /// there is no standing mark to undo.
    #[error("the diagnostic of project {project:?} is not marked")]
    DiagnosticNotMarked {
        /// The project.
        project: String,
    },
    /// The ledger holds 2³² − 1 distinct ids of one kind; it cannot intern more.
    #[error("the ledger is full: more than 4,294,967,294 distinct {what}")]
    LedgerFull {
        /// What overflowed (`ids`, `keys`, `contexts`).
        what: &'static str,
    },
}

impl Error {
    /// The stable code of the error (`reveal_not_allowed`, …).
    pub fn code(&self) -> &'static str {
        match self {
            Error::EmptyId { .. } => "empty_id",
            Error::RevealNotAllowed { .. } => "reveal_not_allowed",
            Error::WrongContextKind { .. } => "wrong_context_kind",
            Error::KeyReused { .. } => "idempotency_key_reused",
            Error::DiagnosticNotAllowed { .. } => "diagnostic_not_allowed",
            Error::DiagnosticAlreadyMarked { .. } => "diagnostic_already_marked",
            Error::DiagnosticNotMarked { .. } => "diagnostic_not_marked",
            Error::LedgerFull { .. } => "ledger_full",
        }
    }

    /// The SPEC rule the error enforces (`§0` for the conventions).
    pub fn rule(&self) -> &'static str {
        match self {
            Error::EmptyId { .. } | Error::LedgerFull { .. } => "§0",
            Error::RevealNotAllowed { .. } | Error::WrongContextKind { .. } => "R-3.2",
            Error::KeyReused { .. } => "R-3.4",
            Error::DiagnosticNotAllowed { .. }
            | Error::DiagnosticAlreadyMarked { .. }
            | Error::DiagnosticNotMarked { .. } => "R-3.6",
        }
    }

    /// This error as a batch rejection of record `id`.
    pub fn to_rejection(&self, id: &str) -> crate::Rejection {
        crate::Rejection::new(id, self.rule(), self.code(), self.to_string())
    }
}
