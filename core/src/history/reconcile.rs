//! Batch reconciliation (R-1.1 … ).
//!
//! One pass builds, for the (client, advisor, channel, direction) keys that
//! reports ask for, the list of matching contacts sorted by
//! (`occurred_at`, id); reports are then processed in (`entered_at`, id)
//! order, each taking its choice out of the pool. Contacts
//! whose key no report asks for are never sorted nor copied.

use super::matching::{Candidate, choose, window_of_day};
use super::model::{Channel, Config, Contact, Direction, Report};
use super::validate::{check_contact, check_report, duplicate_daily, same_contact};
use crate::time::local_day;
use chrono::NaiveDate;
use rustc_hash::FxHasher;
use std::collections::hash_map::Entry;
use std::hash::{Hash, Hasher};
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

/// Reconciles `contacts` with `reports` at `now` (R-1.1 … ).
///
/// Never fails: bad records come back in [`Reconciliation::rejected`] with
/// the rule they broke, and the others are reconciled as if they were absent.
///
/// Cost: one hash per contact id and per (party, key) pair, one sort of the
/// contacts some report may want, one sort of the reports; memory is a few
/// words per record on top of the input, which is only borrowed.
pub fn reconcile(contacts: &[Contact], reports: &[Report], config: &Config, now: DateTime<Utc>) -> Reconciliation {
    let mut rejected = Vec::new();
    let contacts = accepted_contacts(contacts, &mut rejected);
    let reports = accepted_reports(reports, config, &mut rejected);

    // Candidate index: only the keys some captured-channel report asks for,
    // found by a 64-bit hash of the key and checked against the key itself.
    let mut slot_of: FxHashMap<u64, u32> = FxHashMap::default();
    slot_of.reserve(reports.len());
    let mut groups: Vec<(&Report, Vec<u32>)> = Vec::new();
    let mut report_slot: Vec<u32> = Vec::with_capacity(reports.len());
    for r in &reports {
        let slot = if r.report.channel.is_captured() {
            let h = key_hash(&r.report.client_id, &r.report.advisor_id, r.report.channel, r.report.initiative);
            *slot_of.entry(h).or_insert_with(|| {
                groups.push((r.report, Vec::new()));
                (groups.len() - 1) as u32
            })
        } else {
            u32::MAX
        };
        report_slot.push(slot);
    }
    for (i, c) in contacts.iter().enumerate() {
        let Some(advisor) = c.advisor_id.as_deref() else { continue };
        for (k, party) in c.parties.iter().enumerate() {
            if c.parties[..k].contains(party) {
                continue; // a party listed twice is one party
            }
            let Some(&slot) = slot_of.get(&key_hash(party, advisor, c.channel, c.direction)) else { continue };
            let (owner, group) = &mut groups[slot as usize];
            // A hash collision between different keys is possible in theory: check.
            if owner.client_id == *party && owner.advisor_id == advisor && owner.channel == c.channel && owner.initiative == c.direction {
                group.push(i as u32);
            }
        }
    }
    for (_, group) in &mut groups {
        group.sort_unstable_by(|&a, &b| {
            let (a, b) = (contacts[a as usize], contacts[b as usize]);
            (a.occurred_at, &a.id).cmp(&(b.occurred_at, &b.id))
        });
    }

    let mut taken = vec![false; contacts.len()];
    let mut windows: FxHashMap<NaiveDate, (DateTime<Utc>, DateTime<Utc>)> = FxHashMap::default();
    let mut out = Reconciliation { rejected, ..Reconciliation::default() };
    for (r, &slot) in reports.iter().zip(&report_slot) {
        let report = r.report;
        if report.channel.is_reported() {
            out.reported.push(report.id.clone());
            continue;
        }
        let group = groups.get(slot as usize).map_or(&[][..], |(_, g)| g.as_slice());
        let (from, to) = *windows.entry(r.day).or_insert_with(|| window_of_day(r.day, config));
        let lo = group.partition_point(|&i| contacts[i as usize].occurred_at < from);
        let hi = group.partition_point(|&i| contacts[i as usize].occurred_at < to);
        let free = group[lo..hi]
            .iter()
            .rev()
            .filter(|&&i| !taken[i as usize])
            .map(|&i| Candidate { handle: i as usize, end: contacts[i as usize].end() });
        match choose(report, config, free) {
            Some((i, rule)) => {
                taken[i] = true;
                out.links.push(Link { report_id: report.id.clone(), contact_id: contacts[i].id.clone(), rule });
            }
            None => out.orphans.push(Orphan {
                report_id: report.id.clone(),
                status: OrphanStatus::at(report.entered_at, config, now),
            }),
        }
    }
    out.sort();
    out
}

/// A 64-bit hash of a matching key.
fn key_hash(client: &str, advisor: &str, channel: Channel, direction: Direction) -> u64 {
    let mut h = FxHasher::default();
    client.hash(&mut h);
    advisor.hash(&mut h);
    (channel as u8).hash(&mut h);
    (direction as u8).hash(&mut h);
    h.finish()
}

/// An accepted report and its local day.
struct Accepted<'a> {
    report: &'a Report,
    day: NaiveDate,
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
fn accepted_reports<'a>(reports: &'a [Report], config: &Config, rejected: &mut Vec<Rejection>) -> Vec<Accepted<'a>> {
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
    let mut first_of_day: FxHashMap<(&str, &str, NaiveDate), &Report> = FxHashMap::default();
    first_of_day.reserve(keep.len());
    let mut out = Vec::with_capacity(keep.len());
    for r in keep {
        let day = local_day(r.entered_at, config.time_zone);
        match first_of_day.entry((&r.client_id, &r.advisor_id, day)) {
            Entry::Occupied(first) => rejected.push(duplicate_daily(r, first.get(), config).to_rejection(&r.id)),
            Entry::Vacant(slot) => {
                slot.insert(r);
                out.push(Accepted { report: r, day });
            }
        }
    }
    out
}

/// SPEC §0 on ids: an empty id is refused (each such record once); copies
/// of one id with the same content count once; copies that differ are all
/// refused, whatever their order, since no copy can be preferred.
///
/// Duplicates are found by sorting 64-bit hashes of the ids (sequential
/// memory access, unlike a hash table of a million ids) and comparing the
/// ids themselves only where hashes are equal.
fn distinct_by_id<'a, T>(
    items: &'a [T],
    kind: &'static str,
    id: impl Fn(&T) -> &str,
    same: impl Fn(&T, &T) -> bool,
    rejected: &mut Vec<Rejection>,
) -> Vec<&'a T> {
    let mut hashed: Vec<(u64, u32)> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let key = id(item);
        if key.is_empty() {
            rejected.push(super::Error::EmptyId { kind }.to_rejection(""));
        } else {
            let mut h = FxHasher::default();
            key.hash(&mut h);
            hashed.push((h.finish(), i as u32));
        }
    }
    hashed.sort_unstable();
    // Indices to drop: later copies of an id, and every copy of a conflicting id.
    let mut drop = vec![false; items.len()];
    let mut any_dropped = false;
    let mut start = 0;
    while start < hashed.len() {
        let mut end = start + 1;
        while end < hashed.len() && hashed[end].0 == hashed[start].0 {
            end += 1;
        }
        if end - start > 1 {
            any_dropped = true;
            resolve_same_hash(items, &hashed[start..end], kind, &id, &same, &mut drop, rejected);
        }
        start = end;
    }
    items.iter().enumerate().filter(|&(i, item)| !(any_dropped && drop[i]) && !id(item).is_empty()).map(|(_, item)| item).collect()
}

/// Items whose id hashes are equal: group by actual id; identical copies keep
/// the first (by position), conflicting copies are all dropped.
fn resolve_same_hash<T>(
    items: &[T],
    run: &[(u64, u32)],
    kind: &'static str,
    id: &impl Fn(&T) -> &str,
    same: &impl Fn(&T, &T) -> bool,
    drop: &mut [bool],
    rejected: &mut Vec<Rejection>,
) {
    let mut idx: Vec<usize> = run.iter().map(|&(_, i)| i as usize).collect();
    idx.sort_unstable_by(|&a, &b| id(&items[a]).cmp(id(&items[b])).then(a.cmp(&b)));
    let mut s = 0;
    while s < idx.len() {
        let key = id(&items[idx[s]]);
        let mut e = s + 1;
        while e < idx.len() && id(&items[idx[e]]) == key {
            e += 1;
        }
        let first = &items[idx[s]];
        let consistent = idx[s + 1..e].iter().all(|&j| same(first, &items[j]));
        for (n, &j) in idx[s..e].iter().enumerate() {
            drop[j] = !consistent || n > 0;
        }
        if !consistent {
            rejected.push(super::Error::DuplicateId { kind, id: key.to_owned() }.to_rejection(key));
        }
        s = e;
    }
}
