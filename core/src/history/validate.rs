//! Record validation shared by the batch and incremental paths: SPEC §0
//! (ids, duplicates), R-1.1 (comment length) and R-1.2 (one report a day).

use super::error::Error;
use super::model::{Config, Contact, Report};
use super::record::{ContactRecord, ReportRecord};
use crate::time::local_day;
use chrono::NaiveDate;

/// Checks one contact on its own (SPEC §0, §1).
pub(crate) fn check_contact<C: ContactRecord + ?Sized>(c: &C) -> Result<(), Error> {
    if c.id().is_empty() {
        return Err(Error::EmptyId { kind: "contact" });
    }
    if c.parties().is_empty() || c.parties().iter().any(|p| p.as_ref().is_empty()) {
        return Err(Error::EmptyParties { id: c.id().to_owned() });
    }
    if c.advisor_id() == Some("") {
        return Err(Error::EmptyReference { kind: "contact", id: c.id().to_owned(), field: "advisor_id" });
    }
    Ok(())
}

/// Checks one report on its own (SPEC §0, R-1.1, R-1.8).
pub(crate) fn check_report<R: ReportRecord + ?Sized>(r: &R, config: &Config) -> Result<(), Error> {
    if r.id().is_empty() {
        return Err(Error::EmptyId { kind: "report" });
    }
    if r.client_id().is_empty() {
        return Err(Error::EmptyReference { kind: "report", id: r.id().to_owned(), field: "client_id" });
    }
    if r.advisor_id().is_empty() {
        return Err(Error::EmptyReference { kind: "report", id: r.id().to_owned(), field: "advisor_id" });
    }
    if !(r.channel().is_captured() || r.channel().is_reported()) {
        return Err(Error::UnsupportedReportChannel { id: r.id().to_owned(), channel: r.channel().as_str() });
    }
    if let Some(comment) = r.comment() {
        // Bytes bound characters from above: count only when it can matter.
        if comment.len() > config.comment_max_chars {
            let chars = comment.chars().count();
            if chars > config.comment_max_chars {
                return Err(Error::CommentTooLong { id: r.id().to_owned(), chars, limit: config.comment_max_chars });
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
pub(crate) fn duplicate_daily<R: ReportRecord + ?Sized>(later: &R, first: &R, config: &Config) -> Error {
    duplicate_daily_on(later, first, local_day(later.entered_at(), config.time_zone))
}

/// [`duplicate_daily`] when the local `day` of `later` is known already.
pub(crate) fn duplicate_daily_on<R: ReportRecord + ?Sized>(later: &R, first: &R, day: NaiveDate) -> Error {
    Error::DuplicateDailyReport {
        id: later.id().to_owned(),
        client_id: later.client_id().to_owned(),
        advisor_id: later.advisor_id().to_owned(),
        day,
        first: first.id().to_owned(),
    }
}
