//! Batch reconciliation (R-1.1 … R-1.8).
//!
//! One pass builds, for the (client, advisor, channel, direction) keys that
//! reports ask for, the list of matching contacts sorted by
//! (`occurred_at`, id); reports are then processed in (`entered_at`, id)
//! order (R-1.5), each taking its choice (R-1.4) out of the pool. Contacts
//! whose key no report asks for are never sorted nor copied.

use super::matching::{Candidate, choose, window_of_day};
use super::model::{Channel, Config, Contact, Direction, Report};
use super::record::{ContactRecord, ReportRecord};
use super::validate::{check_contact, check_report, duplicate_daily_on, same_contact};
use crate::Rejection;
use crate::batch::{distinct_by_id, mark_duplicates, str_hash};
use crate::time::DayCache;
use chrono::NaiveDate;
use chrono::{DateTime, Utc};
use rustc_hash::FxHashMap;
use rustc_hash::FxHasher;
use serde::{Deserialize, Serialize};
use std::hash::{Hash, Hasher};

/// Which clause of R-1.4 chose the contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkRule {
    /// The report was entered within the margin after the contact ended.
    JustAfter,
    /// The last candidate of the latest day that has one.
    LastOfDay,
}

impl LinkRule {
    /// The lower-snake name used in JSON (`just_after`, `last_of_day`).
    pub fn as_str(self) -> &'static str {
        match self {
            LinkRule::JustAfter => "just_after",
            LinkRule::LastOfDay => "last_of_day",
        }
    }
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

/// Whether an orphan may still find its contact (R-1.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrphanStatus {
    /// `now < entered_at + late_arrival_horizon`: the contact may still arrive.
    Provisional,
    /// The horizon has passed.
    Final,
}

impl OrphanStatus {
    /// The lower-snake name used in JSON (`provisional`, `final`).
    pub fn as_str(self) -> &'static str {
        match self {
            OrphanStatus::Provisional => "provisional",
            OrphanStatus::Final => "final",
        }
    }

    /// R-1.7: the status at `now` of an orphan entered at `entered_at`.
    pub fn at(entered_at: DateTime<Utc>, config: &Config, now: DateTime<Utc>) -> Self {
        if now < orphan_final_at(entered_at, config) { OrphanStatus::Provisional } else { OrphanStatus::Final }
    }
}

/// The instant an orphan entered at `entered_at` becomes final.
pub(crate) fn orphan_final_at(entered_at: DateTime<Utc>, config: &Config) -> DateTime<Utc> {
    // A horizon past chrono's range (about 292 million years) never ends.
    i64::try_from(config.late_arrival_horizon_s)
        .ok()
        .and_then(chrono::Duration::try_seconds)
        .and_then(|horizon| entered_at.checked_add_signed(horizon))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// A report on a captured channel that matched nothing (R-1.7).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Orphan {
    /// The report.
    pub report_id: String,
    /// Provisional or final at `now`.
    pub status: OrphanStatus,
}

/// The result of reconciling contacts and reports. `links`, `orphans` and
/// `reported` are in the order reports are processed, (`entered_at`, report
/// id) (R-1.5); `rejected` by record id, then rule. Equal inputs give equal
/// results whatever their order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reconciliation {
    /// Matched reports, by (`entered_at`, report id).
    pub links: Vec<Link>,
    /// Unmatched reports on captured channels (R-1.7).
    pub orphans: Vec<Orphan>,
    /// Meeting and video reports, which create their own contact (R-1.8).
    pub reported: Vec<String>,
    /// Refused contacts and reports.
    pub rejected: Vec<Rejection>,
}

/// Reconciles `contacts` with `reports` at `now` (R-1.1 … R-1.8).
///
/// Never fails: bad records come back in [`Reconciliation::rejected`] with
/// the rule they broke, and the others are reconciled as if they were absent.
///
/// Cost: one hash per contact id and per (party, key) pair, one sort of the
/// contacts some report may want, one sort of the reports; memory is a few
/// words per record on top of the input, which is only borrowed. This is
/// [`reconcile_indexed`] with the positions turned back into ids.
pub fn reconcile(contacts: &[Contact], reports: &[Report], config: &Config, now: DateTime<Utc>) -> Reconciliation {
    reconcile_indexed(contacts, reports, config, now).resolve(contacts, reports)
}

/// A link by position: `reports[report]` describes `contacts[contact]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IndexedLink {
    /// The report's position in the `reports` given.
    pub report: usize,
    /// The contact's position in the `contacts` given.
    pub contact: usize,
    /// The clause of R-1.4 that chose it.
    pub rule: LinkRule,
}

/// An orphan by position (R-1.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IndexedOrphan {
    /// The report's position in the `reports` given.
    pub report: usize,
    /// Provisional or final at `now`.
    pub status: OrphanStatus,
}

/// [`Reconciliation`] with records named by their position in the inputs
/// instead of by id, so a host that holds the ids in its own buffers (an
/// Arrow column) builds its output without the core copying a string.
/// Same orders as [`Reconciliation`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexedReconciliation {
    /// Matched reports, by (`entered_at`, report id).
    pub links: Vec<IndexedLink>,
    /// Unmatched reports on captured channels (R-1.7).
    pub orphans: Vec<IndexedOrphan>,
    /// Positions of meeting and video reports (R-1.8).
    pub reported: Vec<usize>,
    /// Refused contacts and reports (by id: a refused record may have no
    /// single position, as when copies of an id conflict).
    pub rejected: Vec<Rejection>,
}

impl IndexedReconciliation {
    /// The result by ids, given the `contacts` and `reports` it was computed
    /// on. (A position past the slices given reads as an empty id, never a
    /// panic.)
    pub fn resolve<C: ContactRecord, R: ReportRecord>(self, contacts: &[C], reports: &[R]) -> Reconciliation {
        let report_id = |i: usize| reports.get(i).map_or("", |r| r.id());
        let contact_id = |i: usize| contacts.get(i).map_or("", |c| c.id());
        let mut links = Vec::with_capacity(self.links.len());
        let mut ids = Vec::with_capacity(AHEAD);
        for chunk in self.links.chunks(AHEAD) {
            // The records are read in a random order: load every record's
            // id of the chunk, then a byte of each, before copying them, so
            // their cache misses overlap instead of following one another.
            ids.clear();
            ids.extend(chunk.iter().map(|l| (report_id(l.report), contact_id(l.contact))));
            touch_all(ids.iter().flat_map(|(r, c)| [*r, *c]));
            links.extend(chunk.iter().zip(&ids).map(|(l, (r, c))| Link {
                report_id: (*r).to_owned(),
                contact_id: (*c).to_owned(),
                rule: l.rule,
            }));
        }
        let mut orphans = Vec::with_capacity(self.orphans.len());
        let mut ids = Vec::with_capacity(AHEAD);
        for chunk in self.orphans.chunks(AHEAD) {
            ids.clear();
            ids.extend(chunk.iter().map(|o| report_id(o.report)));
            touch_all(ids.iter().copied());
            orphans
                .extend(chunk.iter().zip(&ids).map(|(o, r)| Orphan { report_id: (*r).to_owned(), status: o.status }));
        }
        let mut reported = Vec::with_capacity(self.reported.len());
        for chunk in self.reported.chunks(AHEAD) {
            ids.clear();
            ids.extend(chunk.iter().map(|&i| report_id(i)));
            touch_all(ids.iter().copied());
            reported.extend(ids.iter().map(|r| (*r).to_owned()));
        }
        Reconciliation { links, orphans, reported, rejected: self.rejected }
    }
}

/// [`reconcile`] over any contact and report records — owned, or borrowed
/// ([`ContactRef`](super::ContactRef), [`ReportRef`](super::ReportRef)) —
/// answering with positions in `contacts` and `reports`
/// ([`IndexedReconciliation`]). The same rules (R-1.1 … R-1.8), the same
/// result: `reconcile_indexed(c, r, …).resolve(c, r) == reconcile(c, r, …)`
/// for records of equal content.
pub fn reconcile_indexed<C: ContactRecord, R: ReportRecord>(
    contacts: &[C],
    reports: &[R],
    config: &Config,
    now: DateTime<Utc>,
) -> IndexedReconciliation {
    let mut rejected = Vec::new();
    // Candidate index: only the keys some captured-channel report asks for
    // (filled while the reports are checked, in input order).
    let mut index = KeyIndex::with_capacity(reports.len());
    let accepted = accepted_reports(reports, config, &mut index, &mut rejected);

    // One pass over the contacts: hash ids (for SPEC §0 duplicates), check
    // each, and note which keys it belongs to. A refused contact is simply
    // marked taken, so no report can choose it.
    let mut taken = vec![false; contacts.len()];
    let mut hashed: Vec<u64> = Vec::with_capacity(contacts.len());
    let mut invalid: Vec<(u32, super::Error)> = Vec::new();
    // (slot, contact position): reserved generously, as only the pages
    // written count in memory.
    let mut hits: Vec<(u32, u32)> = Vec::with_capacity(contacts.len() + contacts.len() / 4);
    // Chunks of contacts: the keys that pass the filter are probed after the
    // chunk's table entries and arena records have been loaded together
    // (`KeyIndex::touch`), so their cache misses overlap.
    let mut probes: Vec<(u64, u32, u32)> = Vec::with_capacity(4 * AHEAD); // (key hash, contact, party)
    for (n, chunk) in contacts.chunks(AHEAD).enumerate() {
        probes.clear();
        for (j, c) in chunk.iter().enumerate() {
            let i = n * AHEAD + j;
            let id = c.id();
            if id.is_empty() {
                rejected.push(super::Error::EmptyId { kind: "contact" }.to_rejection(""));
                continue;
            }
            // Ids are grouped before contents are checked (as the incremental
            // engine does): an invalid copy of an id conflicts with a valid one.
            hashed.push(id_key(id, i));
            if let Err(e) = check_contact(c) {
                invalid.push((i as u32, e));
                continue;
            }
            let Some(advisor) = c.advisor_id() else { continue };
            let parties = c.parties();
            for (k, party) in parties.iter().enumerate() {
                let party = party.as_ref();
                if parties[..k].iter().any(|p| p.as_ref() == party) {
                    continue; // a party listed twice is one party
                }
                let h = KeyIndex::hash(party, advisor, c.channel(), c.direction());
                if index.may_hold(h) {
                    probes.push((h, i as u32, k as u32));
                }
            }
        }
        index.touch(probes.iter().map(|p| p.0));
        for &(h, i, k) in &probes {
            let c = &contacts[i as usize];
            let (Some(advisor), Some(party)) = (c.advisor_id(), c.parties().get(k as usize)) else { continue };
            if let Some(slot) = index.find(h, party.as_ref(), advisor, c.channel(), c.direction()) {
                hits.push((slot, i));
            }
        }
    }
    let same = |a: &C, b: &C| same_contact(&a.to_contact(), &b.to_contact());
    mark_duplicates(contacts, suspects(hashed), "contact", |c| c.id(), same, &mut taken, &mut rejected);
    for (i, e) in invalid {
        if !taken[i as usize] {
            rejected.push(e.to_rejection(contacts[i as usize].id()));
        }
    }

    // Groups as one flat array (counting sort by slot), each sorted by
    // (`occurred_at`, id).
    let (offsets, mut entries) = index.group(&hits, contacts);
    drop(hits);
    for w in offsets.windows(2) {
        entries[w[0]..w[1]].sort_unstable_by(|a, b| {
            a.at.cmp(&b.at).then_with(|| contacts[a.index as usize].id().cmp(contacts[b.index as usize].id()))
        });
    }

    let mut windows: FxHashMap<NaiveDate, (DateTime<Utc>, DateTime<Utc>)> = FxHashMap::default();
    let mut out = IndexedReconciliation { rejected, ..IndexedReconciliation::default() };
    out.links.reserve(accepted.len());
    for (k, r) in accepted.iter().enumerate() {
        if k % AHEAD == 0 {
            // Load the chunk's group bounds, then the first entry of each
            // group, together.
            let chunk = &accepted[k..(k + AHEAD).min(accepted.len())];
            let bounds = |r: &Accepted| offsets.get(r.slot as usize).copied().unwrap_or(0);
            let mut acc = 0usize;
            for r in chunk {
                acc ^= bounds(r);
            }
            let mut first = 0u32;
            for r in chunk {
                first ^= entries.get(bounds(r)).map_or(0, |e| e.index);
            }
            std::hint::black_box((acc, first));
        }
        let (n, slot) = (r.index as usize, r.slot);
        if slot == REPORTED {
            out.reported.push(n); // R-1.8
            continue;
        }
        let group = match offsets.get(slot as usize..=slot as usize + 1) {
            Some(&[from, to]) => &entries[from..to],
            _ => &[][..],
        };
        let (from, to) = *windows.entry(r.day).or_insert_with(|| window_of_day(r.day, config));
        let lo = group.partition_point(|e| e.at < from);
        let hi = group.partition_point(|e| e.at < to);
        let free = group[lo..hi]
            .iter()
            .rev()
            .filter(|e| !taken[e.index as usize])
            .map(|e| Candidate { handle: e.index as usize, end: e.end });
        match choose(r.entered_at, config, free) {
            Some((i, rule)) => {
                taken[i] = true;
                out.links.push(IndexedLink { report: n, contact: i, rule });
            }
            None => out.orphans.push(IndexedOrphan { report: n, status: OrphanStatus::at(r.entered_at, config, now) }),
        }
    }
    out.rejected.sort();
    out
}

/// How many records a pass reads ahead of its work: their cache misses are
/// started together (see [`touch_all`]).
const AHEAD: usize = 32;

/// Reads the first byte of each string, so that the cache misses of a
/// chunk of randomly placed records are in flight together (safe code has
/// no prefetch instruction; independent loads in a short loop overlap).
fn touch_all<'a>(strings: impl Iterator<Item = &'a str>) {
    let mut acc = 0u8;
    for s in strings {
        acc ^= s.as_bytes().first().copied().unwrap_or(0);
    }
    std::hint::black_box(acc);
}

/// A record's id hash (top 32 bits) and position (low 32 bits) in one word.
fn id_key(id: &str, position: usize) -> u64 {
    (str_hash(id) & !0xFFFF_FFFF) | position as u64 & 0xFFFF_FFFF
}

/// SPEC §0 duplicates, first step: the records whose 32-bit id hash some
/// other record shares, as `(hash, position)` pairs for
/// [`mark_duplicates`], which compares their ids. Finding them sorts one
/// word per record by its hash in three 11-bit radix passes (2,048
/// buckets, which stay in cache); only suspects, a few per million
/// records, reach the id comparison.
fn suspects(mut keys: Vec<u64>) -> Vec<(u64, u32)> {
    if keys.len() < 4096 {
        keys.sort_unstable();
    } else {
        let mut buf = vec![0u64; keys.len()];
        for shift in [32u32, 43, 54] {
            let mut counts = [0usize; 1 << 11];
            for &k in &keys {
                counts[(k >> shift) as usize & 0x7FF] += 1;
            }
            let mut sum = 0;
            for c in counts.iter_mut() {
                let n = *c;
                *c = sum;
                sum += n;
            }
            for &k in &keys {
                let b = (k >> shift) as usize & 0x7FF;
                buf[counts[b]] = k;
                counts[b] += 1;
            }
            std::mem::swap(&mut keys, &mut buf);
        }
    }
    let mut out = Vec::new();
    let hash = |k: u64| k >> 32;
    let mut start = 0;
    while start < keys.len() {
        let mut end = start + 1;
        while end < keys.len() && hash(keys[end]) == hash(keys[start]) {
            end += 1;
        }
        if end - start > 1 {
            out.extend(keys[start..end].iter().map(|&k| (hash(k), k as u32)));
        }
        start = end;
    }
    out
}

/// `occurred_at + duration_s`: a contact's end (R-1.4).
fn end_of(at: DateTime<Utc>, duration_s: Option<u32>) -> DateTime<Utc> {
    // Saturates at chrono's last instant, as `Contact::end` does, instead
    // of panicking on overflow.
    at.checked_add_signed(chrono::Duration::seconds(i64::from(duration_s.unwrap_or(0))))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// A contact in a candidate group: its start, end and index.
#[derive(Debug, Clone, Copy)]
struct Slot {
    at: DateTime<Utc>,
    end: DateTime<Utc>,
    index: u32,
}

/// The matching keys (client, advisor, channel, direction) reports ask
/// for, each with a slot number.
///
/// A lookup costs at most three memory accesses, however large the index:
/// most contacts belong to no key a report asks for, and a small bit
/// filter (two bits per key, a few hundred KiB that stay in cache) answers
/// "no" for nearly all of them; the others probe an open-addressing table
/// of (32-bit fingerprint, arena offset) pairs, and the exact check reads
/// the key's one record in the arena (slot, channel, direction, lengths,
/// then the client's and the advisor's bytes).
struct KeyIndex {
    filter: Vec<u64>,
    /// `64 - log2(filter bits)`: a hash's top bits pick its filter bits.
    filter_shift: u32,
    /// `(fingerprint, arena offset + 1)`; 0 marks an empty entry.
    table: Vec<(u32, u32)>,
    table_shift: u32,
    arena: Vec<u8>,
    keys: u32,
}

/// Bytes before the client's in an arena record: slot, lengths, channel, direction.
const HEAD: usize = 14;

/// Arena records start on multiples of this, so 32-bit offsets reach 32 GiB.
const ALIGN: usize = 8;

impl KeyIndex {
    /// An empty index sized for up to `keys` keys.
    fn with_capacity(keys: usize) -> Self {
        let bits = keys.saturating_mul(8).next_power_of_two().clamp(1 << 12, 1 << 26);
        let entries = keys.saturating_mul(2).next_power_of_two().clamp(1 << 4, 1 << 31);
        KeyIndex {
            filter: vec![0; bits / 64],
            filter_shift: 64 - bits.trailing_zeros(),
            table: vec![(0, 0); entries],
            table_shift: 64 - entries.trailing_zeros(),
            // A typical key's record is under 48 bytes; reserving (only
            // pages written count) spares the growth copies.
            arena: Vec::with_capacity(keys.saturating_mul(48).min(1 << 30)),
            keys: 0,
        }
    }

    fn hash(client: &str, advisor: &str, channel: Channel, direction: Direction) -> u64 {
        let mut h = FxHasher::default();
        client.hash(&mut h);
        advisor.hash(&mut h);
        (channel as u8).hash(&mut h);
        (direction as u8).hash(&mut h);
        // Spread the bits (the filter, the table and the fingerprint each
        // take their own part of the word).
        (h.finish() ^ 0x2545_F491_4F6C_DD1D).wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }

    /// The two filter bits of a key's hash.
    fn bits(&self, h: u64) -> [usize; 2] {
        [(h >> self.filter_shift) as usize, (h.rotate_left(21) >> self.filter_shift) as usize]
    }

    fn may_hold(&self, h: u64) -> bool {
        self.bits(h).iter().all(|&b| self.filter[b / 64] & (1 << (b % 64)) != 0)
    }

    /// The table entries to probe for `h`, in order (linear probing).
    fn probe(&self, h: u64) -> impl Iterator<Item = usize> + '_ {
        let mask = self.table.len() - 1;
        let start = (h >> self.table_shift) as usize;
        (0..self.table.len()).map(move |n| (start + n) & mask)
    }

    /// The slot of a key, added if new. `None` once the table is half full
    /// (sized from the report count: 2^30 distinct keys at most) or past
    /// 32 GiB of key bytes: limits of one call documented in DESIGN.md
    /// ("Why a borrowed entry that answers by position?"), far beyond what
    /// one call's input fits in memory; larger inputs are reconciled by
    /// client-group partitions (`partition`).
    fn insert(&mut self, client: &str, advisor: &str, channel: Channel, direction: Direction) -> Option<u32> {
        let h = Self::hash(client, advisor, channel, direction);
        let fp = h as u32;
        let mut free = None;
        for e in self.probe(h) {
            match self.table[e] {
                (_, 0) => {
                    free = Some(e);
                    break;
                }
                (f, at) if f == fp => {
                    if let Some(slot) = self.matches((at as usize - 1) * ALIGN, client, advisor, channel, direction) {
                        return Some(slot);
                    }
                }
                _ => {}
            }
        }
        let e = free?;
        // Keep the load at most one half, so probes stay short.
        if (self.keys as usize + 1) * 2 > self.table.len() {
            return None;
        }
        // Records start on ALIGN-byte boundaries, so a u32 addresses 32 GiB.
        let at = u32::try_from(self.arena.len() / ALIGN + 1).ok()?;
        let slot = self.keys;
        self.arena.extend_from_slice(&slot.to_le_bytes());
        self.arena.extend_from_slice(&u32::try_from(client.len()).ok()?.to_le_bytes());
        self.arena.extend_from_slice(&u32::try_from(advisor.len()).ok()?.to_le_bytes());
        self.arena.push(channel as u8);
        self.arena.push(direction as u8);
        self.arena.extend_from_slice(client.as_bytes());
        self.arena.extend_from_slice(advisor.as_bytes());
        self.arena.resize(self.arena.len().next_multiple_of(ALIGN), 0);
        self.table[e] = (fp, at);
        for b in self.bits(h) {
            self.filter[b / 64] |= 1 << (b % 64);
        }
        self.keys += 1;
        Some(slot)
    }

    /// The slot of a key, if some report asks for it.
    #[cfg(test)]
    fn get(&self, client: &str, advisor: &str, channel: Channel, direction: Direction) -> Option<u32> {
        self.find(Self::hash(client, advisor, channel, direction), client, advisor, channel, direction)
    }

    /// Loads the first table entry of each hash, then the arena record it
    /// points to when the fingerprint matches: the cache misses of a chunk
    /// of lookups overlap, and the lookups that follow find their memory
    /// in cache.
    fn touch(&self, hashes: impl Iterator<Item = u64> + Clone) {
        let mask = self.table.len() - 1;
        let entry = |h: u64| self.table[(h >> self.table_shift) as usize & mask];
        let mut acc = 0u32;
        for h in hashes.clone() {
            acc ^= entry(h).1;
        }
        let mut byte = 0u8;
        for h in hashes {
            let (f, at) = entry(h);
            if f == h as u32 && at != 0 {
                byte ^= self.arena.get((at as usize - 1) * ALIGN + HEAD).copied().unwrap_or(0);
            }
        }
        std::hint::black_box((acc, byte));
    }

    /// The slot of a key whose hash is `h`, if some report asks for it.
    fn find(&self, h: u64, client: &str, advisor: &str, channel: Channel, direction: Direction) -> Option<u32> {
        if !self.may_hold(h) {
            return None;
        }
        let fp = h as u32;
        for e in self.probe(h) {
            match self.table[e] {
                (_, 0) => return None,
                (f, at) if f == fp => {
                    if let Some(slot) = self.matches((at as usize - 1) * ALIGN, client, advisor, channel, direction) {
                        return Some(slot);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// The slot of the arena record at `at`, if it holds exactly this key.
    fn matches(&self, at: usize, client: &str, advisor: &str, channel: Channel, direction: Direction) -> Option<u32> {
        let word = |i: usize| -> Option<u32> {
            let b = self.arena.get(at + i..at + i + 4)?;
            Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        };
        let head = self.arena.get(at..at + HEAD)?;
        let (client_len, advisor_len) = (word(4)? as usize, word(8)? as usize);
        let same = head[12] == channel as u8
            && head[13] == direction as u8
            && client_len == client.len()
            && advisor_len == advisor.len()
            && self.arena.get(at + HEAD..at + HEAD + client_len)? == client.as_bytes()
            && self.arena.get(at + HEAD + client_len..at + HEAD + client_len + advisor_len)? == advisor.as_bytes();
        if same { word(0) } else { None }
    }

    /// Lays the hits out by slot: `offsets[s]..offsets[s + 1]` are slot `s`'s entries.
    /// The hits are `(slot, contact position)` pairs.
    fn group<C: ContactRecord>(&self, hits: &[(u32, u32)], contacts: &[C]) -> (Vec<usize>, Vec<Slot>) {
        let mut offsets = vec![0usize; self.keys as usize + 1];
        for (slot, _) in hits {
            offsets[*slot as usize + 1] += 1;
        }
        for s in 1..offsets.len() {
            offsets[s] += offsets[s - 1];
        }
        let mut next = offsets.clone();
        let mut entries =
            vec![Slot { at: DateTime::<Utc>::MIN_UTC, end: DateTime::<Utc>::MIN_UTC, index: 0 }; hits.len()];
        for &(slot, index) in hits {
            let c = &contacts[index as usize];
            let at = &mut next[slot as usize];
            entries[*at] = Slot { at: c.occurred_at(), end: end_of(c.occurred_at(), c.duration_s()), index };
            *at += 1;
        }
        (offsets, entries)
    }
}

/// An accepted report: its position, `entered_at`, local day and its key's
/// slot in the candidate index ([`REPORTED`] for meeting and video reports).
/// The slot of a meeting or video report (R-1.8), which matches nothing.
const REPORTED: u32 = u32::MAX;
/// The slot of a report whose key could not be indexed (beyond `u32` sizes): no group.
const NO_KEY: u32 = u32::MAX - 1;

struct Accepted {
    index: u32,
    entered_at: DateTime<Utc>,
    day: NaiveDate,
    slot: u32,
}

impl Reconciliation {
    /// Sorts the rejections into their canonical order (the other lists are
    /// built in processing order).
    pub(crate) fn sort(&mut self) {
        self.rejected.sort();
    }
}

/// Contacts that pass SPEC §0/§1 checks, with duplicate ids resolved (the
/// history view's filter; [`reconcile`] does the same inside its one pass).
pub(crate) fn accepted_contacts<'a>(contacts: &'a [Contact], rejected: &mut Vec<Rejection>) -> Vec<&'a Contact> {
    let mut keep = distinct_by_id(contacts, "contact", |c| &c.id, same_contact, rejected);
    keep.retain(|c| match check_contact(*c) {
        Ok(()) => true,
        Err(e) => {
            rejected.push(e.to_rejection(&c.id));
            false
        }
    });
    keep
}

/// Reports that pass SPEC §0, R-1.1 and R-1.2, sorted by (`entered_at`, id),
/// with the keys of captured-channel ones filed in `index`. (A key of a
/// report refused by R-1.2 may be filed too; it only costs an empty group.)
fn accepted_reports<R: ReportRecord>(
    reports: &[R],
    config: &Config,
    index: &mut KeyIndex,
    rejected: &mut Vec<Rejection>,
) -> Vec<Accepted> {
    // SPEC §0 on ids, then each report on its own (R-1.1, R-1.8).
    let mut dropped = vec![false; reports.len()];
    let mut hashed: Vec<u64> = Vec::with_capacity(reports.len());
    for (i, r) in reports.iter().enumerate() {
        if r.id().is_empty() {
            rejected.push(super::Error::EmptyId { kind: "report" }.to_rejection(""));
            dropped[i] = true;
        } else {
            hashed.push(id_key(r.id(), i));
        }
    }
    let same = |a: &R, b: &R| a.to_report() == b.to_report();
    mark_duplicates(reports, suspects(hashed), "report", |r| r.id(), same, &mut dropped, rejected);
    let mut keep: Vec<u32> = Vec::with_capacity(reports.len());
    for (i, r) in reports.iter().enumerate() {
        if dropped[i] {
            continue;
        }
        match check_report(r, config) {
            Ok(()) => keep.push(i as u32),
            Err(e) => rejected.push(e.to_rejection(r.id())),
        }
    }
    let report = |k: usize| &reports[keep[k] as usize];
    // Sort compact (instant, position) keys; ids break ties only on equal instants.
    let order = time_order(keep.len(), |k| report(k).entered_at(), |a, b| report(a).id().cmp(report(b).id()));
    // Local days in time order, where the day cache hits; ranks by position.
    let mut days = DayCache::new(config.time_zone);
    let mut day = vec![NaiveDate::MIN; keep.len()];
    let mut rank = vec![0u32; keep.len()];
    for (n, &(secs, nanos, k)) in order.iter().enumerate() {
        let at = DateTime::from_timestamp(secs, nanos).unwrap_or(DateTime::<Utc>::MIN_UTC);
        day[k as usize] = days.day(at);
        rank[k as usize] = n as u32;
    }

    // R-1.2: the first report of a (client, advisor, local day) stands. One
    // pass in input order (sequential memory) keeps the lowest rank per day.
    let mut groups: FxHashMap<u64, u32> = FxHashMap::default();
    groups.reserve(keep.len());
    let mut first: Vec<u32> = Vec::with_capacity(keep.len()); // per group: the position (in `keep`) of its first report
    let mut group_of = vec![0u32; keep.len()];
    let mut slot = vec![REPORTED; keep.len()];
    for k in 0..keep.len() {
        if k % AHEAD == 0 {
            // Load the chunk's table entries and group entries together.
            let chunk = k..(k + AHEAD).min(keep.len());
            let captured = chunk.clone().map(report).filter(|r| r.channel().is_captured());
            index.touch(captured.map(|r| KeyIndex::hash(r.client_id(), r.advisor_id(), r.channel(), r.initiative())));
            let mut acc = 0u32;
            for j in chunk {
                acc ^= groups
                    .get(&daily_hash(report(j).client_id(), report(j).advisor_id(), day[j]))
                    .copied()
                    .unwrap_or(0);
            }
            std::hint::black_box(acc);
        }
        let r = report(k);
        if r.channel().is_captured() {
            slot[k] = index.insert(r.client_id(), r.advisor_id(), r.channel(), r.initiative()).unwrap_or(NO_KEY);
        }
        let same_day = |j: u32| {
            let other = report(j as usize);
            other.client_id() == r.client_id() && other.advisor_id() == r.advisor_id() && day[j as usize] == day[k]
        };
        let mut h = daily_hash(r.client_id(), r.advisor_id(), day[k]);
        let g = loop {
            match groups.get(&h) {
                Some(&g) if same_day(first[g as usize]) => break g,
                Some(_) => h = h.wrapping_add(1), // a 64-bit collision: probe on
                None => {
                    groups.insert(h, first.len() as u32);
                    first.push(k as u32);
                    break first.len() as u32 - 1;
                }
            }
        };
        if rank[k] < rank[first[g as usize] as usize] {
            first[g as usize] = k as u32;
        }
        group_of[k] = g;
    }
    let mut out = Vec::with_capacity(keep.len());
    for &(secs, nanos, k) in &order {
        let (k, f) = (k as usize, first[group_of[k as usize] as usize] as usize);
        if k == f {
            // The instant comes from the sort key, not from the report:
            // reports are read here in time order, which is random in memory.
            let entered_at = DateTime::from_timestamp(secs, nanos).unwrap_or_else(|| report(k).entered_at());
            out.push(Accepted { index: keep[k], entered_at, day: day[k], slot: slot[k] });
        } else {
            rejected.push(duplicate_daily_on(report(k), report(f), day[k]).to_rejection(report(k).id()));
        }
    }
    out
}

/// Positions `0..n` with their instant `at(k)` as (seconds, nanoseconds,
/// position), sorted by instant, then by `by_id` on equal instants.
///
/// Instants within 2^33 seconds of each other (272 years) are sorted as one
/// 63-bit word per record by an LSD radix sort (11-bit digits, a pass
/// skipped when every record has the same digit); ids are compared only
/// within runs of equal instants. Wider ranges fall back to a comparison
/// sort. The result is the same either way.
fn time_order(
    n: usize,
    at: impl Fn(usize) -> DateTime<Utc>,
    by_id: impl Fn(usize, usize) -> std::cmp::Ordering,
) -> Vec<(i64, u32, u32)> {
    let mut order: Vec<(i64, u32, u32)> = (0..n)
        .map(|k| {
            let at = at(k);
            (at.timestamp(), at.timestamp_subsec_nanos(), k as u32)
        })
        .collect();
    let (lo, hi) = order.iter().fold((i64::MAX, i64::MIN), |(lo, hi), o| (lo.min(o.0), hi.max(o.0)));
    // Nanoseconds stay below 2^31 (leap seconds reach 1,999,999,999).
    let fits = n >= 4096 && hi.checked_sub(lo).is_some_and(|d| d < 1 << 32) && order.iter().all(|o| o.1 < 1 << 31);
    if !fits {
        order.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then_with(|| by_id(a.2 as usize, b.2 as usize)));
        return order;
    }
    let mut keys: Vec<(u64, u32)> =
        order.iter().map(|&(secs, nanos, k)| (((secs - lo) as u64) << 31 | u64::from(nanos), k)).collect();
    let mut buf = vec![(0u64, 0u32); n];
    for shift in (0..63).step_by(11) {
        let mut counts = [0usize; 1 << 11];
        for &(key, _) in &keys {
            counts[(key >> shift) as usize & 0x7FF] += 1;
        }
        if counts.contains(&n) {
            continue; // every key has this digit
        }
        let mut sum = 0;
        for c in counts.iter_mut() {
            let m = *c;
            *c = sum;
            sum += m;
        }
        for &(key, k) in &keys {
            let b = (key >> shift) as usize & 0x7FF;
            buf[counts[b]] = (key, k);
            counts[b] += 1;
        }
        std::mem::swap(&mut keys, &mut buf);
    }
    drop(buf);
    // Equal instants: by id.
    let mut start = 0;
    while start < n {
        let mut end = start + 1;
        while end < n && keys[end].0 == keys[start].0 {
            end += 1;
        }
        if end - start > 1 {
            keys[start..end].sort_unstable_by(|a, b| by_id(a.1 as usize, b.1 as usize));
        }
        start = end;
    }
    order.clear();
    order.extend(keys.iter().map(|&(key, k)| (lo + (key >> 31) as i64, (key & 0x7FFF_FFFF) as u32, k)));
    order
}

/// The 64-bit hash of an R-1.2 group key.
fn daily_hash(client: &str, advisor: &str, day: NaiveDate) -> u64 {
    let mut h = FxHasher::default();
    client.hash(&mut h);
    advisor.hash(&mut h);
    day.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod horizon_tests {
    use super::*;

    #[test]
    fn r_1_7_a_horizon_past_chronos_range_never_makes_an_orphan_final() {
        let config = Config { late_arrival_horizon_s: u64::MAX, ..Config::default() };
        let at: DateTime<Utc> = "2026-03-02T09:00:00Z".parse().unwrap();
        assert_eq!(orphan_final_at(at, &config), DateTime::<Utc>::MAX_UTC);
    }

    #[test]
    fn r_1_4_a_call_ending_past_chronos_range_ends_at_its_last_instant() {
        let mut c: Contact = serde_json::from_str(
            r#"{"id": "c1", "parties": ["cli-1"], "channel": "phone", "direction": "outbound",
                "occurred_at": "2026-03-02T09:00:00Z", "duration_s": 4000000000}"#,
        )
        .unwrap();
        c.occurred_at = DateTime::<Utc>::MAX_UTC;
        assert_eq!(c.end(), DateTime::<Utc>::MAX_UTC);
    }

    #[test]
    fn r_1_4_a_candidate_call_ending_past_chronos_range_does_not_panic_the_batch() {
        let mut c: Contact = serde_json::from_str(
            r#"{"id": "c1", "parties": ["cli-1"], "advisor_id": "adv-1", "channel": "phone",
                "direction": "outbound", "occurred_at": "2026-03-02T09:00:00Z", "duration_s": 600}"#,
        )
        .unwrap();
        c.occurred_at = DateTime::<Utc>::MAX_UTC;
        let r: Report = serde_json::from_str(
            r#"{"id": "r1", "client_id": "cli-1", "advisor_id": "adv-1", "channel": "phone",
                "initiative": "outbound", "entered_at": "2026-03-02T09:20:00Z"}"#,
        )
        .unwrap();
        let now: DateTime<Utc> = "2026-03-03T00:00:00Z".parse().unwrap();
        let out = reconcile(&[c], &[r], &Config::default(), now);
        // The call is far outside the report's window: the report is an orphan.
        assert!(out.links.is_empty());
        assert_eq!(out.orphans.len(), 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_index_finds_every_key_it_holds_and_no_other() {
        // Sized for fewer keys than inserted: the table stays at most half
        // full and refuses the rest instead of degrading.
        let mut index = KeyIndex::with_capacity(3000);
        let key = |n: u32| (format!("cli-{n}"), format!("adv-{}", n % 7));
        let mut slots = Vec::new();
        for n in 0..5000u32 {
            let (c, a) = key(n);
            let channel = if n % 2 == 0 { Channel::Phone } else { Channel::Email };
            slots.push(index.insert(&c, &a, channel, Direction::Outbound));
        }
        let held = slots.iter().filter(|s| s.is_some()).count();
        assert!(held >= 3000, "{held} keys held");
        assert!((held as u32) == index.keys);
        for (n, slot) in slots.iter().enumerate() {
            let (c, a) = key(n as u32);
            let channel = if n % 2 == 0 { Channel::Phone } else { Channel::Email };
            assert_eq!(index.get(&c, &a, channel, Direction::Outbound), *slot, "key {n}");
            // Inserting again gives the same slot.
            if slot.is_some() {
                assert_eq!(index.insert(&c, &a, channel, Direction::Outbound), *slot);
            }
            // Another direction, channel or split of the same bytes is another key.
            assert_eq!(index.get(&c, &a, channel, Direction::Inbound), None);
            assert_eq!(index.get(&c, &a, Channel::Sms, Direction::Outbound), None);
            assert_eq!(index.get(&format!("{c}a"), &a[1..], channel, Direction::Outbound), None);
        }
        // Slots are dense, in insertion order.
        let mut seen: Vec<u32> = slots.iter().flatten().copied().collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..held as u32).collect::<Vec<_>>());
    }
}
