//! Errors of the history module.

use thiserror::Error;

/// Why a contact or report was refused, or a history call failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Error {
    /// A record's id is empty (SPEC §0).
    #[error("{kind} id is empty")]
    EmptyId {
        /// `contact` or `report`.
        kind: &'static str,
    },
    /// A contact has no parties, or an empty party id (SPEC §1).
    #[error("contact {id:?} has no parties, or an empty party id")]
    EmptyParties {
        /// The contact's id.
        id: String,
    },
    /// A record names an empty client or advisor (SPEC §0).
    #[error("{kind} {id:?} has an empty {field}")]
    EmptyReference {
        /// `contact` or `report`.
        kind: &'static str,
        /// The record's id.
        id: String,
        /// `client_id` or `advisor_id`.
        field: &'static str,
    },
    /// Two records share an id but differ in content (SPEC §0).
    #[error("{kind} id {id:?} is used by records with different content")]
    DuplicateId {
        /// `contact` or `report`.
        kind: &'static str,
        /// The shared id.
        id: String,
    },
    /// the comment is longer than the limit.
    #[error("report {id:?} has a comment of {chars} characters, more than the limit of {limit}")]
    CommentTooLong {
        /// The report's id.
        id: String,
        /// The comment's length in characters.
        chars: usize,
        /// The configured limit.
        limit: usize,
    },
    /// a report exists already for this client, advisor and local day.
    #[error(
        "report {id:?} is a second report for client {client_id:?} by advisor {advisor_id:?} on {day}; the first is {first:?}"
    )]
    DuplicateDailyReport {
        /// The rejected report.
        id: String,
        /// The client.
        client_id: String,
        /// The advisor.
        advisor_id: String,
        /// The local day.
        day: chrono::NaiveDate,
        /// The report that stands.
        first: String,
    },
    /// Reports describe calls, mails, SMS, meetings or video calls; a letter
    /// or notification has no advisor's report.
    #[error("report {id:?} is on channel {channel}, which takes no report")]
    UnsupportedReportChannel {
        /// The report's id.
        id: String,
        /// The channel given.
        channel: &'static str,
    },
    /// only natural persons have a history.
    #[error("client {client_id:?} is a legal entity: only natural persons have a history")]
    NotANaturalPerson {
        /// The client asked for.
        client_id: String,
    },
}

impl Error {
    /// The stable code of the error (`comment_too_long`, …).
    pub fn code(&self) -> &'static str {
        match self {
            Error::EmptyId { .. } => "empty_id",
            Error::EmptyParties { .. } => "empty_parties",
            Error::EmptyReference { .. } => "empty_reference",
            Error::DuplicateId { .. } => "duplicate_id",
            Error::CommentTooLong { .. } => "comment_too_long",
            Error::DuplicateDailyReport { .. } => "duplicate_daily_report",
            Error::UnsupportedReportChannel { .. } => "unsupported_report_channel",
            Error::NotANaturalPerson { .. } => "not_a_natural_person",
        }
    }

    /// The SPEC rule the error enforces (`§0` for the conventions).
    pub fn rule(&self) -> &'static str {
        match self {
            Error::EmptyId { .. } | Error::EmptyReference { .. } | Error::DuplicateId { .. } => "§0",
            Error::EmptyParties { .. } => "§1",
            Error::CommentTooLong { .. } => "R-1.1",
            Error::DuplicateDailyReport { .. } => "R-1.2",
            Error::UnsupportedReportChannel { .. } => "R-1.8",
            Error::NotANaturalPerson { .. } => "R-2.5",
        }
    }

    /// This error as a batch rejection of record `id`.
    pub fn to_rejection(&self, id: &str) -> crate::Rejection {
        crate::Rejection::new(id, self.rule(), self.code(), self.to_string())
    }
}
