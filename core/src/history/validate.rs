//! Record validation shared by the batch and incremental paths: SPEC §0
//! (ids, duplicates), R-1.1 (comment length) and R-1.2 (one report a day).

use super::error::Error;
use super::model::{Config, Contact, Report};
use crate::time::local_day;
use chrono::NaiveDate;

/// Checks one contact on its own (SPEC §0, §1).
pub(crate) fn check_contact(c: &Contact) -> Result<(), Error> {
    if c.id.is_empty() {
        return Err(Error::EmptyId { kind: "contact" });
    }
    if c.parties.is_empty() || c.parties.iter().any(String::is_empty) {
        return Err(Error::EmptyParties { id: c.id.clone() });
    }
    if c.advisor_id.as_deref() == Some("") {
        return Err(Error::EmptyReference { kind: "contact", id: c.id.clone(), field: "advisor_id" });
    }
    Ok(())
}

/// Checks one report on its own (SPEC §0, R-1.1, R-1.8).
pub(crate) fn check_report(r: &Report, config: &Config) -> Result<(), Error> {
    if r.id.is_empty() {
        return Err(Error::EmptyId { kind: "report" });
    }
    if r.client_id.is_empty() {
        return Err(Error::EmptyReference { kind: "report", id: r.id.clone(), field: "client_id" });
    }
    if r.advisor_id.is_empty() {
        return Err(Error::EmptyReference { kind: "report", id: r.id.clone(), field: "advisor_id" });
    }
    if !(r.channel.is_captured() || r.channel.is_reported()) {
        return Err(Error::UnsupportedReportChannel { id: r.id.clone(), channel: r.channel.as_str() });
    }
    if let Some(comment) = &r.comment {
        // Bytes bound characters from above: count only when it can matter.
        if comment.len() > config.comment_max_chars {
            let chars = comment.chars().count();
            if chars > config.comment_max_chars {
                return Err(Error::CommentTooLong { id: r.id.clone(), chars, limit: config.comment_max_chars });
            }
        }
    }
    Ok(())
}

/// Whether two contacts with the same id carry the same content (parties
/// compare as sets).
pub(crate) fn same_contact(a: &Contact, b: &Contact) -> bool {
    if a == b {
        return true;
    }
    let mut pa = a.parties.clone();
    let mut pb = b.parties.clone();
    pa.sort();
    pa.dedup();
    pb.sort();
    pb.dedup();
    Contact { parties: pa, ..a.clone() } == Contact { parties: pb, ..b.clone() }
}

/// The grouping key of a report: (client, advisor, local day of `entered_at`).
pub(crate) fn daily_key<'a>(r: &'a Report, config: &Config) -> (&'a str, &'a str, NaiveDate) {
    (&r.client_id, &r.advisor_id, local_day(r.entered_at, config.time_zone))
}

/// The rejection of `later`, a second report of the day after `first`.
pub(crate) fn duplicate_daily(later: &Report, first: &Report, config: &Config) -> Error {
    Error::DuplicateDailyReport {
        id: later.id.clone(),
        client_id: later.client_id.clone(),
        advisor_id: later.advisor_id.clone(),
        day: local_day(later.entered_at, config.time_zone),
        first: first.id.clone(),
    }
}
