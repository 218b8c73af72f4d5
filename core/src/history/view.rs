//! A client's history, with the restitution filters (R-2.1
//! …) and channel coverage.

use super::error::Error;
use super::model::{CallOutcome, Channel, Config, Contact, Direction, MailSource, Report};
use super::reconcile::{LinkRule, OrphanStatus, accepted_contacts, reconcile};
use super::restitution::{call_outcome, hidden_reason};
use crate::retention::Part;
use chrono::{DateTime, Utc};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What a history entry stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A captured contact (with its report when one matched it).
    Captured,
    /// The synthetic contact of an orphan report.
    Orphan,
    /// The contact a meeting or video report creates.
    Reported,
}

/// One line of a client's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The contact's id; for a synthetic entry, its report's id.
    pub id: String,
    /// Captured, orphan or reported.
    pub kind: EntryKind,
    /// When it happened (a synthetic entry: when the report was entered).
    pub occurred_at: DateTime<Utc>,
    /// How.
    pub channel: Channel,
    /// Who took the initiative.
    pub direction: Direction,
    /// The advisor, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advisor_id: Option<String>,
    /// The report attached or behind the entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_id: Option<String>,
    /// Which clause of matched the report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_rule: Option<LinkRule>,
    /// Orphans: provisional or final at `now`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orphan_status: Option<OrphanStatus>,
    /// The report's motive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub motive: Option<String>,
    /// The report's comment, cut to the display limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Whether `comment` was cut.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment_truncated: Option<bool>,
    /// Calls: length in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_s: Option<u32>,
    /// Inbound calls: the outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_outcome: Option<CallOutcome>,
    /// Mails: the subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

/// Since when a channel is captured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    /// The channel.
    pub channel: Channel,
    /// Nothing before this instant was captured.
    pub since: DateTime<Utc>,
}

/// A client's history at `now`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    /// The client.
    pub client_id: String,
    /// Newest first, ties by id.
    pub entries: Vec<Entry>,
    /// The channels whose capture started at a known instant.
    pub coverage: Vec<Coverage>,
}

/// Facts about clients that a history needs beyond contacts and reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HistoryOptions {
    /// Clients that are legal entities; every other client is a natural person.
    pub legal_entities: BTreeSet<String>,
    /// Clients under a legal or litigation hold: their entries stay past retention.
    pub holds: BTreeSet<String>,
}

/// The history of `client_id` at `now`: reconciles the
/// records, then keeps what the client may see.
///
/// Errors: [`Error::NotANaturalPerson`] for a legal entity.
pub fn history(
    client_id: &str,
    contacts: &[Contact],
    reports: &[Report],
    options: &HistoryOptions,
    config: &Config,
    now: DateTime<Utc>,
) -> Result<History, Error> {
    check_client(client_id, options)?;
    let result = reconcile(contacts, reports, config, now);
    let reports_by_id: FxHashMap<&str, &Report> = reports.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut linked: FxHashMap<&str, (&Report, LinkRule)> = FxHashMap::default();
    for link in &result.links {
        if let Some(r) = reports_by_id.get(link.report_id.as_str()) {
            linked.insert(&link.contact_id, (r, link.rule));
        }
    }
    let mut builder = Builder::new(client_id, options, config, now);
    for c in accepted_contacts(contacts, &mut Vec::new()) {
        if c.parties.iter().any(|p| p == client_id) {
            builder.captured(c, linked.get(c.id.as_str()).copied());
        }
    }
    for orphan in &result.orphans {
        if let Some(r) = reports_by_id.get(orphan.report_id.as_str()).filter(|r| r.client_id == client_id) {
            builder.synthetic(r, EntryKind::Orphan, Some(orphan.status));
        }
    }
    for id in &result.reported {
        if let Some(r) = reports_by_id.get(id.as_str()).filter(|r| r.client_id == client_id) {
            builder.synthetic(r, EntryKind::Reported, None);
        }
    }
    Ok(builder.finish())
}

/// only natural persons have a history.
pub(crate) fn check_client(client_id: &str, options: &HistoryOptions) -> Result<(), Error> {
    if options.legal_entities.contains(client_id) {
        return Err(Error::NotANaturalPerson { client_id: client_id.to_owned() });
    }
    Ok(())
}

/// Collects the entries of one client's history.
pub(crate) struct Builder<'a> {
    client_id: &'a str,
    options: &'a HistoryOptions,
    config: &'a Config,
    now: DateTime<Utc>,
    entries: Vec<Entry>,
}

impl<'a> Builder<'a> {
    pub(crate) fn new(client_id: &'a str, options: &'a HistoryOptions, config: &'a Config, now: DateTime<Utc>) -> Self {
        Builder { client_id, options, config, now, entries: Vec::new() }
    }

    /// whether the entry's `record` part is still kept at `now`.
    fn kept<'p>(
        &self,
        channel: Channel,
        source: Option<MailSource>,
        at: DateTime<Utc>,
        mut clients: impl Iterator<Item = &'p String>,
    ) -> bool {
        let expiry = self.config.retention.expiry(channel, source, Part::Record, at);
        expiry.is_none_or(|e| self.now < e) || clients.any(|c| self.options.holds.contains(c))
    }

    /// A captured contact with the client among its parties, and its report
    /// if one matched it.
    pub(crate) fn captured(&mut self, c: &Contact, link: Option<(&Report, LinkRule)>) {
        // a matched contact belongs only to the report's client. A
        // legal entity has no history, so a contact matched to its
        // report stays with the natural persons sharing the coordinates.
        if let Some((r, _)) = link {
            if r.client_id != self.client_id && !self.options.legal_entities.contains(&r.client_id) {
                return;
            }
        }
        if hidden_reason(c, &self.config.restitution).is_some() {
            return;
        }
        if !self.kept(c.channel, c.mail_source, c.occurred_at, c.parties.iter()) {
            return; // the line itself has expired
        }
        let (comment, comment_truncated) = self.comment(link.map(|(r, _)| r));
        self.entries.push(Entry {
            id: c.id.clone(),
            kind: EntryKind::Captured,
            occurred_at: c.occurred_at,
            channel: c.channel,
            direction: c.direction,
            advisor_id: c.advisor_id.clone(),
            report_id: link.map(|(r, _)| r.id.clone()),
            link_rule: link.map(|(_, rule)| rule),
            orphan_status: None,
            motive: link.and_then(|(r, _)| r.motive.clone()),
            comment,
            comment_truncated,
            duration_s: c.duration_s,
            call_outcome: call_outcome(c),
            subject: c.subject.clone(),
        });
    }

    /// The synthetic contact of an orphan or a meeting/video report.
    pub(crate) fn synthetic(&mut self, r: &Report, kind: EntryKind, status: Option<OrphanStatus>) {
        if !self.kept(r.channel, None, r.entered_at, std::iter::once(&r.client_id)) {
            return; // a report-born contact ages like any contact without a mail source
        }
        let (comment, comment_truncated) = self.comment(Some(r));
        self.entries.push(Entry {
            id: r.id.clone(),
            kind,
            occurred_at: r.entered_at,
            channel: r.channel,
            direction: r.initiative,
            advisor_id: Some(r.advisor_id.clone()),
            report_id: Some(r.id.clone()),
            link_rule: None,
            orphan_status: status,
            motive: r.motive.clone(),
            comment,
            comment_truncated,
            duration_s: None,
            call_outcome: None,
            subject: None,
        });
    }

    /// the comment cut to the display limit on a character boundary.
    fn comment(&self, report: Option<&Report>) -> (Option<String>, Option<bool>) {
        match report.and_then(|r| r.comment.as_deref()) {
            None => (None, None),
            Some(text) => {
                let (cut, truncated) = truncate_chars(text, self.config.comment_display_chars);
                (Some(cut.to_owned()), Some(truncated))
            }
        }
    }

    /// Newest first, ties by id; with the configured coverage.
    pub(crate) fn finish(mut self) -> History {
        self.entries.sort_by(|a, b| b.occurred_at.cmp(&a.occurred_at).then_with(|| a.id.cmp(&b.id)));
        History {
            client_id: self.client_id.to_owned(),
            entries: self.entries,
            coverage: self.config.coverage.iter().map(|(&channel, &since)| Coverage { channel, since }).collect(),
        }
    }
}

/// The first `max` characters of `text` and whether anything was cut.
pub fn truncate_chars(text: &str, max: usize) -> (&str, bool) {
    match text.char_indices().nth(max) {
        Some((byte, _)) => (&text[..byte], true),
        None => (text, false),
    }
}

#[cfg(test)]
mod tests {
    use super::truncate_chars;

    #[test]
    fn r_1_10_truncation_counts_characters_not_bytes() {
        let text = "é".repeat(1000);
        let (cut, truncated) = truncate_chars(&text, 999);
        assert!(truncated);
        assert_eq!(cut.chars().count(), 999);
        assert_eq!(truncate_chars("abc", 3), ("abc", false));
        assert_eq!(truncate_chars("😀😀", 1), ("😀", true));
    }
}
