//! Batch reconciliation (R-1.1 … ).
//!
//! One pass builds, for the (client, advisor, channel, direction) keys that
//! reports ask for, the list of matching contacts sorted by
//! (`occurred_at`, id); reports are then processed in (`entered_at`, id)
//! order, each taking its choice out of the pool. Contacts
//! whose key no report asks for are never sorted nor copied.

use super::matching::{Candidate, choose, window};
use super::model::{Channel, Config, Contact, Direction, Report};
use super::validate::{check_contact, check_report, daily_key, duplicate_daily, same_contact};
use crate::Rejection;
use chrono::{DateTime, Utc};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// Which clause of chose the contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkRule {
    /// The report was entered within the margin after the contact ended.
    JustAfter,
    /// The last candidate of the latest day that has one.
    LastOfDay,
}

/// A report attached to the contact it describes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Link {
    /// The report.
    pub report_id: String,
    /// The contact it describes.
    pub contact_id: String,
    /// The clause that chose it.
    pub rule: LinkRule,
}

/// Whether an orphan may still find its contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrphanStatus {
    /// `now < entered_at + late_arrival_horizon`: the contact may still arrive.
    Provisional,
    /// The horizon has passed.
    Final,
}

impl OrphanStatus {
    /// the status at `now` of an orphan entered at `entered_at`.
    pub fn at(entered_at: DateTime<Utc>, config: &Config, now: DateTime<Utc>) -> Self {
        if now < orphan_final_at(entered_at, config) { OrphanStatus::Provisional } else { OrphanStatus::Final }
    }
}

/// The instant an orphan entered at `entered_at` becomes final.
pub(crate) fn orphan_final_at(entered_at: DateTime<Utc>, config: &Config) -> DateTime<Utc> {
    let horizon = i64::try_from(config.late_arrival_horizon_s).unwrap_or(i64::MAX);
    entered_at.checked_add_signed(chrono::Duration::seconds(horizon)).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// A report on a captured channel that matched nothing.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Orphan {
    /// The report.
    pub report_id: String,
    /// Provisional or final at `now`.
    pub status: OrphanStatus,
}

/// The result of reconciling contacts and reports. Every list is sorted by
/// report id (rejections by record id, then rule), so equal inputs give
/// equal results whatever their order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reconciliation {
    /// Matched reports.
    pub links: Vec<Link>,
    /// Unmatched reports on captured channels.
    pub orphans: Vec<Orphan>,
    /// Meeting and video reports, which create their own contact.
    pub reported: Vec<String>,
    /// Refused contacts and reports.
    pub rejected: Vec<Rejection>,
}

/// The grouping key of matching.
type Key<'a> = (&'a str, &'a str, Channel, Direction);

/// Reconciles `contacts` with `reports` at `now` (R-1.1 … ).
///
/// Never fails: bad records come back in [`Reconciliation::rejected`] with
/// the rule they broke, and the others are reconciled as if they were absent.
pub fn reconcile(contacts: &[Contact], reports: &[Report], config: &Config, now: DateTime<Utc>) -> Reconciliation {
    let mut rejected = Vec::new();
    let contacts = accepted_contacts(contacts, &mut rejected);
    let reports = accepted_reports(reports, config, &mut rejected);

    // Candidate index: only the keys some captured-channel report asks for.
    let mut groups: FxHashMap<Key<'_>, Vec<usize>> = FxHashMap::default();
    for r in reports.iter().filter(|r| r.channel.is_captured()) {
        groups.entry((&r.client_id, &r.advisor_id, r.channel, r.initiative)).or_default();
    }
    for (i, c) in contacts.iter().enumerate() {
        let Some(advisor) = c.advisor_id.as_deref() else { continue };
        for (k, party) in c.parties.iter().enumerate() {
            if c.parties[..k].contains(party) {
                continue; // a party listed twice is one party
            }
            if let Some(group) = groups.get_mut(&(party.as_str(), advisor, c.channel, c.direction)) {
                group.push(i);
            }
        }
    }
    for group in groups.values_mut() {
        group.sort_unstable_by(|&a, &b| {
            (contacts[a].occurred_at, &contacts[a].id).cmp(&(contacts[b].occurred_at, &contacts[b].id))
        });
    }

    let mut taken = vec![false; contacts.len()];
    let mut out = Reconciliation { rejected, ..Reconciliation::default() };
    for r in &reports {
        if r.channel.is_reported() {
            out.reported.push(r.id.clone());
            continue;
        }
        let group = groups
            .get(&(r.client_id.as_str(), r.advisor_id.as_str(), r.channel, r.initiative))
            .map_or(&[][..], Vec::as_slice);
        let (from, to) = window(r, config);
        let lo = group.partition_point(|&i| contacts[i].occurred_at < from);
        let hi = group.partition_point(|&i| contacts[i].occurred_at < to);
        let free = group[lo..hi]
            .iter()
            .rev()
            .filter(|&&i| !taken[i])
            .map(|&i| Candidate { id: &contacts[i].id, end: contacts[i].end() });
        match choose(r, config, free) {
            Some((contact_id, rule)) => {
                // Ids are unique among accepted contacts: find the index back.
                if let Some(&i) = group[lo..hi].iter().find(|&&i| contacts[i].id == contact_id) {
                    taken[i] = true;
                }
                out.links.push(Link { report_id: r.id.clone(), contact_id: contact_id.to_owned(), rule });
            }
            None => out
                .orphans
                .push(Orphan { report_id: r.id.clone(), status: OrphanStatus::at(r.entered_at, config, now) }),
        }
    }
    out.sort();
    out
}

impl Reconciliation {
    /// Sorts every list into its canonical order.
    pub(crate) fn sort(&mut self) {
        self.links.sort_by(|a, b| a.report_id.cmp(&b.report_id));
        self.orphans.sort_by(|a, b| a.report_id.cmp(&b.report_id));
        self.reported.sort();
        self.rejected.sort();
    }
}

/// Contacts that pass SPEC §0/§1 checks, with duplicate ids resolved.
pub(crate) fn accepted_contacts<'a>(contacts: &'a [Contact], rejected: &mut Vec<Rejection>) -> Vec<&'a Contact> {
    let mut keep = distinct_by_id(contacts, "contact", |c| &c.id, same_contact, rejected);
    keep.retain(|c| match check_contact(c) {
        Ok(()) => true,
        Err(e) => {
            rejected.push(e.to_rejection(&c.id));
            false
        }
    });
    keep
}

/// Reports that pass SPEC §0, R-1.1 and, sorted by (`entered_at`, id).
fn accepted_reports<'a>(reports: &'a [Report], config: &Config, rejected: &mut Vec<Rejection>) -> Vec<&'a Report> {
    let mut keep = distinct_by_id(reports, "report", |r| &r.id, |a, b| a == b, rejected);
    keep.retain(|r| match check_report(r, config) {
        Ok(()) => true,
        Err(e) => {
            rejected.push(e.to_rejection(&r.id));
            false
        }
    });
    keep.sort_unstable_by(|a, b| (a.entered_at, &a.id).cmp(&(b.entered_at, &b.id)));

    // the first report of a (client, advisor, local day) stands.
    let mut first_of_day: FxHashMap<_, &Report> = FxHashMap::default();
    keep.retain(|r| match first_of_day.get(&daily_key(r, config)) {
        Some(first) => {
            rejected.push(duplicate_daily(r, first, config).to_rejection(&r.id));
            false
        }
        None => {
            first_of_day.insert(daily_key(r, config), r);
            true
        }
    });
    keep
}

/// SPEC §0 on ids: an empty id is refused (each such record once); copies
/// of one id with the same content count once; copies that differ are all
/// refused, whatever their order, since no copy can be preferred.
fn distinct_by_id<'a, T>(
    items: &'a [T],
    kind: &'static str,
    id: impl Fn(&T) -> &str,
    same: impl Fn(&T, &T) -> bool,
    rejected: &mut Vec<Rejection>,
) -> Vec<&'a T> {
    let mut by_id: FxHashMap<&str, (usize, bool)> = FxHashMap::default();
    let mut keep: Vec<&T> = Vec::with_capacity(items.len());
    for item in items {
        let key = id(item);
        if key.is_empty() {
            rejected.push(super::Error::EmptyId { kind }.to_rejection(""));
            continue;
        }
        match by_id.get_mut(key) {
            None => {
                by_id.insert(key, (keep.len(), true));
                keep.push(item);
            }
            Some((first, consistent)) => {
                if *consistent && !same(keep[*first], item) {
                    *consistent = false;
                }
            }
        }
    }
    if by_id.values().all(|(_, ok)| *ok) {
        return keep;
    }
    for (key, _) in by_id.iter().filter(|(_, (_, ok))| !ok) {
        rejected.push(super::Error::DuplicateId { kind, id: (*key).to_owned() }.to_rejection(key));
    }
    keep.retain(|item| by_id.get(id(item)).is_some_and(|(_, ok)| *ok));
    keep
}
