//! Partitioning for runs beyond one process: which partition a record
//! belongs to, and how per-partition results merge into the result of one
//! run over everything (see DESIGN.md, "Why partition reconciliation by
//! client group?").
//!
//! The partition laws (each pinned by property tests in
//! `core/tests/partition_props.rs`):
//!
//! - **Reconciliation** (R-1.1 … R-1.8) partitions by *client group*: the
//!   clients linked, directly or through others, by contacts they share
//!   ([`ClientGroups`]). A report only ever matches a contact that has the
//!   report's client among its parties (R-1.3), one contact serves one
//!   report (R-1.5) and R-1.2 is per client: so partitions that each hold
//!   whole client groups, with every copy of an id in one partition,
//!   reconcile independently, and [`reconcile_partitioned`] (or
//!   [`merge_reconciliations`]) of their results equals [`reconcile`] over
//!   the union. Orphans and report-born contacts (R-1.7, R-1.8) are keyed
//!   by the report's client and stay in its partition.
//! - **Retention** (R-2.6 … R-2.9) partitions by record id
//!   ([`partition_key`] of the id): each verdict depends on its record, the
//!   policy, the holds and erasures (given whole to every partition) and
//!   `now` only; [`merge_evaluations`] unites the results.
//! - **Scoring** (R-5.1, R-5.2) partitions by company id: a score depends
//!   on its company only; [`merge_scorings`] restores the ranking order.
//!
//! Duplicate ids (SPEC §0) are resolved inside a partition: routing by id
//! keeps every copy of an id together (retention, scoring); routing by
//! client group keeps identical copies together, and a host whose ids may
//! repeat with different parties or clients deduplicates before
//! partitioning (DESIGN.md says why the library does not hold a global id
//! index).
//!
//! [`reconcile`]: crate::history::reconcile

use crate::Rejection;
use crate::history::{Config, Contact, Link, Orphan, Reconciliation, Report, reconcile};
use crate::retention::Evaluation;
use crate::scoring::Scoring;
use chrono::{DateTime, Utc};
use rustc_hash::FxHashMap;

/// The partition (`0..partitions`) of a key: the 64-bit FNV-1a hash of its
/// UTF-8 bytes, modulo `partitions` (a count of 0 is taken as 1).
///
/// The hash is fixed by this documentation and will not change between
/// versions, so a host may compute it in another language (Python:
/// `h = 0xcbf29ce484222325; for b in key.encode(): h = ((h ^ b) * 0x100000001b3) % 2**64`)
/// and partitions written today stay valid.
///
/// ```
/// use filrouge::partition::partition_key;
/// assert_eq!(partition_key("cli-1", 8), partition_key("cli-1", 8));
/// assert!(partition_key("cli-1", 8) < 8);
/// assert_eq!(partition_key("anything", 1), 0);
/// ```
pub fn partition_key(key: &str, partitions: u32) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (h % u64::from(partitions.max(1))) as u32
}

/// Clients linked by the contacts they share (SPEC §1: `parties` is
/// everyone who shares the phone number or e-mail address used), as
/// groups: two clients are in one group when a chain of multi-party
/// contacts links them. Reconciliation partitions by group: a partition
/// holding a whole group sees every report that may compete for its
/// contacts (R-1.3, R-1.5).
///
/// Only multi-party contacts are kept (a union-find over their parties),
/// so memory follows the number of shared contacts, not of clients. A
/// client never seen in a multi-party contact is its own group.
///
/// ```
/// use filrouge::partition::ClientGroups;
/// let mut groups = ClientGroups::new();
/// groups.link(["cli-2", "cli-9"]);
/// groups.link(["cli-9", "cli-4"]);
/// assert_eq!(groups.group_of("cli-9"), "cli-2"); // the smallest id names the group
/// assert_eq!(groups.group_of("cli-4"), "cli-2");
/// assert_eq!(groups.group_of("cli-7"), "cli-7"); // alone
/// ```
#[derive(Debug, Clone, Default)]
pub struct ClientGroups {
    index: FxHashMap<String, u32>,
    names: Vec<String>,
    parent: Vec<u32>,
    /// Per root: the number of clients of its group (union by size keeps chains short).
    size: Vec<u32>,
    /// Per root: the position of the smallest client id of its group.
    least: Vec<u32>,
}

impl ClientGroups {
    /// No links: every client is its own group.
    pub fn new() -> Self {
        Self::default()
    }

    /// Groups built from every contact's parties (one pass; see [`Self::add_contact`]).
    pub fn from_contacts<'a>(contacts: impl IntoIterator<Item = &'a Contact>) -> Self {
        let mut groups = Self::new();
        for c in contacts {
            groups.add_contact(c);
        }
        groups
    }

    /// Links a contact's parties (a contact with fewer than two distinct
    /// parties links nothing and costs nothing).
    pub fn add_contact(&mut self, contact: &Contact) {
        self.link(contact.parties.iter().map(String::as_str));
    }

    /// Puts these clients in one group.
    pub fn link<'a>(&mut self, clients: impl IntoIterator<Item = &'a str>) {
        let mut clients = clients.into_iter();
        let Some(first) = clients.next() else { return };
        let mut root: Option<u32> = None;
        for other in clients {
            if other == first {
                continue;
            }
            let a = match root {
                Some(r) => r,
                None => {
                    let i = self.intern(first);
                    self.find(i)
                }
            };
            let j = self.intern(other);
            let b = self.find(j);
            root = Some(self.union(a, b));
        }
    }

    /// The name of a client's group: the smallest client id (by string
    /// order) of the group; the client itself when it shares no contact.
    pub fn group_of<'a>(&'a self, client_id: &'a str) -> &'a str {
        match self.index.get(client_id) {
            Some(&i) => {
                let mut r = i;
                while self.parent[r as usize] != r {
                    r = self.parent[r as usize];
                }
                &self.names[self.least[r as usize] as usize]
            }
            None => client_id,
        }
    }

    /// The partition of a report: its client's group's [`partition_key`].
    pub fn report_partition(&self, report: &Report, partitions: u32) -> u32 {
        self.client_partition(&report.client_id, partitions)
    }

    /// The partition of a contact: its first party's group's
    /// [`partition_key`] (every party is in that group once the contact was
    /// added; a contact without parties, which reconciliation refuses, goes
    /// to the partition of the empty key).
    pub fn contact_partition(&self, contact: &Contact, partitions: u32) -> u32 {
        self.parties_partition(contact.parties.iter().map(String::as_str), partitions)
    }

    /// The partition of a client's group ([`partition_key`] of
    /// [`Self::group_of`]): what [`Self::report_partition`] gives a report
    /// of this client, for hosts holding columns rather than [`Report`]s.
    pub fn client_partition(&self, client_id: &str, partitions: u32) -> u32 {
        partition_key(self.group_of(client_id), partitions)
    }

    /// What [`Self::contact_partition`] gives a contact with these parties,
    /// for hosts holding columns rather than [`Contact`]s.
    ///
    /// ```
    /// use filrouge::partition::{ClientGroups, partition_key};
    /// let mut groups = ClientGroups::new();
    /// groups.link(["cli-9", "cli-2"]);
    /// assert_eq!(groups.client_partition("cli-9", 8), partition_key("cli-2", 8));
    /// assert_eq!(groups.parties_partition(["cli-9", "cli-2"], 8), partition_key("cli-2", 8));
    /// assert_eq!(groups.parties_partition([], 8), partition_key("", 8));
    /// assert_eq!(groups.client_partition("cli-7", 8), partition_key("cli-7", 8)); // alone
    /// ```
    pub fn parties_partition<'a>(&self, parties: impl IntoIterator<Item = &'a str>, partitions: u32) -> u32 {
        partition_key(parties.into_iter().next().map_or("", |p| self.group_of(p)), partitions)
    }

    /// The number of clients that share a contact with another client.
    pub fn linked_clients(&self) -> usize {
        self.names.len()
    }

    fn intern(&mut self, client: &str) -> u32 {
        if let Some(&i) = self.index.get(client) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(client.to_owned());
        self.parent.push(i);
        self.size.push(1);
        self.least.push(i);
        self.index.insert(client.to_owned(), i);
        i
    }

    fn find(&mut self, mut i: u32) -> u32 {
        let mut root = i;
        while self.parent[root as usize] != root {
            root = self.parent[root as usize];
        }
        while self.parent[i as usize] != root {
            let next = self.parent[i as usize];
            self.parent[i as usize] = root;
            i = next;
        }
        root
    }

    /// Unites two roots; returns the new root.
    fn union(&mut self, a: u32, b: u32) -> u32 {
        if a == b {
            return a;
        }
        let (la, lb) = (self.least[a as usize], self.least[b as usize]);
        let least = if self.names[la as usize] <= self.names[lb as usize] { la } else { lb };
        let (root, child) = if self.size[a as usize] >= self.size[b as usize] { (a, b) } else { (b, a) };
        self.parent[child as usize] = root;
        self.size[root as usize] += self.size[child as usize];
        self.least[root as usize] = least;
        root
    }
}

/// Reconciles partitions one after the other and merges their results
/// ([`merge_reconciliations`]): only one partition's records are held at a
/// time, besides the merged result.
///
/// Equals [`reconcile`] over the union of the partitions when each holds
/// whole client groups ([`ClientGroups::contact_partition`],
/// [`ClientGroups::report_partition`]) and every copy of an id; otherwise
/// a contact shared across partitions may be linked once in each, and
/// conflicting copies of an id in different partitions are not refused.
pub fn reconcile_partitioned<I>(partitions: I, config: &Config, now: DateTime<Utc>) -> Reconciliation
where
    I: IntoIterator<Item = (Vec<Contact>, Vec<Report>)>,
{
    let mut merger = ReconciliationMerger::default();
    for (contacts, reports) in partitions {
        let result = reconcile(&contacts, &reports, config, now);
        merger.add(&reports, result);
    }
    merger.finish()
}

/// Merges per-partition reconciliations, given each partition's reports
/// (for the `entered_at` that orders the merged lists, R-1.5): links,
/// orphans and report-born contacts by (`entered_at`, report id),
/// rejections sorted, as [`reconcile`] gives them.
///
/// `parts` pairs each partition's reports with its result.
pub fn merge_reconciliations<'a>(parts: impl IntoIterator<Item = (&'a [Report], Reconciliation)>) -> Reconciliation {
    let mut merger = ReconciliationMerger::default();
    for (reports, result) in parts {
        merger.add(reports, result);
    }
    merger.finish()
}

/// Merged lists, each entry with the `entered_at` of its report.
#[derive(Default)]
struct ReconciliationMerger {
    links: Vec<(DateTime<Utc>, Link)>,
    orphans: Vec<(DateTime<Utc>, Orphan)>,
    reported: Vec<(DateTime<Utc>, String)>,
    rejected: Vec<Rejection>,
}

impl ReconciliationMerger {
    fn add(&mut self, reports: &[Report], result: Reconciliation) {
        // Reports of the result were accepted, so their ids are unique in
        // the partition; a refused copy of an id may share it, but with the
        // same `entered_at` when the copies are identical (the only copies
        // that are accepted).
        let mut entered: FxHashMap<&str, DateTime<Utc>> = FxHashMap::default();
        entered.reserve(reports.len());
        for r in reports {
            entered.entry(r.id.as_str()).or_insert(r.entered_at);
        }
        let at = |id: &str| entered.get(id).copied().unwrap_or(DateTime::<Utc>::MIN_UTC);
        self.links.extend(result.links.into_iter().map(|l| (at(&l.report_id), l)));
        self.orphans.extend(result.orphans.into_iter().map(|o| (at(&o.report_id), o)));
        self.reported.extend(result.reported.into_iter().map(|id| (at(&id), id)));
        self.rejected.extend(result.rejected);
    }

    fn finish(mut self) -> Reconciliation {
        self.links.sort_unstable_by(|a, b| (a.0, &a.1.report_id).cmp(&(b.0, &b.1.report_id)));
        self.orphans.sort_unstable_by(|a, b| (a.0, &a.1.report_id).cmp(&(b.0, &b.1.report_id)));
        self.reported.sort_unstable();
        self.rejected.sort();
        Reconciliation {
            links: self.links.into_iter().map(|(_, l)| l).collect(),
            orphans: self.orphans.into_iter().map(|(_, o)| o).collect(),
            reported: self.reported.into_iter().map(|(_, id)| id).collect(),
            rejected: self.rejected,
        }
    }
}

/// Unites per-partition retention evaluations (records partitioned by id
/// with [`partition_key`], each partition given the whole holds and
/// erasures): verdicts by record id, rejections sorted. As a set of
/// verdicts this equals [`evaluate`](crate::retention::evaluate) over the
/// union, which keeps input order instead.
pub fn merge_evaluations(parts: impl IntoIterator<Item = Evaluation>) -> Evaluation {
    let mut out = Evaluation { records: Vec::new(), rejected: Vec::new() };
    for p in parts {
        out.records.extend(p.records);
        out.rejected.extend(p.rejected);
    }
    out.records.sort_by(|a, b| a.id.cmp(&b.id));
    out.rejected.sort();
    out
}

/// Unites per-partition scorings of one routine (companies partitioned by
/// id with [`partition_key`]): the ranking best score first then by id
/// (R-5.1), excluded ids sorted, rejections sorted — exactly
/// [`score`](crate::scoring::score) over the union.
pub fn merge_scorings(parts: impl IntoIterator<Item = Scoring>) -> Scoring {
    let mut out = Scoring::default();
    for p in parts {
        out.ranking.extend(p.ranking);
        out.excluded.extend(p.excluded);
        out.rejected.extend(p.rejected);
    }
    out.ranking.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.company_id.cmp(&b.company_id)));
    out.excluded.sort_unstable();
    out.rejected.sort();
    out
}
