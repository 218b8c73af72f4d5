//! Incremental reconciliation (R-1.9): contacts and reports arrive in any
//! order and in any number of batches; after each batch the state equals one
//! [`reconcile`](super::reconcile) over everything received, and the call
//! returns what changed.
//!
//! Matching is local: a report competes only with reports of the same
//! (client, advisor, channel, direction) key, and with other keys only
//! through contacts shared by several parties. A batch therefore recomputes
//! the keys it touched and those connected to them through such contacts,
//! in (`entered_at`, id) order as R-1.5 demands; every other link stands.

use super::error::Error;
use super::matching::{Candidate, choose, window};
use super::model::{Channel, Config, Contact, Direction, Report};
use super::reconcile::{Link, LinkRule, Orphan, OrphanStatus, Reconciliation, orphan_final_at};
use super::validate::{check_contact, check_report, daily_key, duplicate_daily, same_contact};
use super::view::{Builder, EntryKind, History, HistoryOptions, check_client};
use crate::Rejection;
use chrono::{DateTime, NaiveDate, Utc};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What became of a report.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ReportState {
    /// Attached to a contact.
    Linked {
        /// The contact.
        contact_id: String,
        /// The clause of R-1.4 that chose it.
        rule: LinkRule,
    },
    /// An orphan (R-1.7).
    Orphan {
        /// Provisional or final.
        status: OrphanStatus,
    },
    /// A meeting or video report (R-1.8).
    Reported,
    /// Refused.
    Rejected {
        /// The rule broken.
        rule: String,
        /// The error code.
        code: String,
    },
}

/// One change a batch caused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// A report, new or previously refused, was attached to a contact.
    Linked {
        /// The report.
        report_id: String,
        /// The contact.
        contact_id: String,
        /// The clause of R-1.4.
        rule: LinkRule,
    },
    /// A report moved from one contact to another (a late contact took it, R-1.9).
    Moved {
        /// The report.
        report_id: String,
        /// The contact it left.
        from: String,
        /// The contact it now describes.
        to: String,
        /// The clause of R-1.4.
        rule: LinkRule,
    },
    /// A report became an orphan (new, or its contact went to another report).
    OrphanCreated {
        /// The report.
        report_id: String,
        /// Provisional or final.
        status: OrphanStatus,
        /// The contact it was attached to before, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        previous_contact_id: Option<String>,
    },
    /// An orphan found its contact.
    OrphanResolved {
        /// The report.
        report_id: String,
        /// The contact.
        contact_id: String,
        /// The clause of R-1.4.
        rule: LinkRule,
    },
    /// A provisional orphan's horizon passed (R-1.7).
    OrphanFinal {
        /// The report.
        report_id: String,
    },
    /// A meeting or video report was accepted (R-1.8).
    Reported {
        /// The report.
        report_id: String,
    },
    /// A record was refused (possibly one accepted before, when a conflicting
    /// copy or an earlier report of the same day arrived).
    Rejected {
        /// `contact` or `report`.
        record: String,
        /// The refusal.
        rejection: Rejection,
    },
}

type Key = (String, String, Channel, Direction);
type DailyKey = (String, String, NaiveDate);

/// A record id's content: one version, or copies that conflict (SPEC §0).
#[derive(Debug, Clone)]
enum Slot<T> {
    One(T),
    Conflict,
}

/// The incremental reconciliation engine (R-1.9).
///
/// ```
/// use filrouge::history::{Change, Config, Contact, Reconciler, Report};
///
/// let mut engine = Reconciler::new(Config::default());
/// let report: Report = serde_json::from_str(r#"{"id": "r1", "client_id": "cli-1",
///   "advisor_id": "adv-1", "channel": "phone", "initiative": "outbound",
///   "entered_at": "2026-03-02T09:07:00Z"}"#).unwrap();
/// let now = "2026-03-02T12:00:00Z".parse().unwrap();
/// let changes = engine.add(vec![], vec![report], now);
/// assert!(matches!(changes[0], Change::OrphanCreated { .. }));
///
/// let call: Contact = serde_json::from_str(r#"{"id": "c1", "parties": ["cli-1"],
///   "advisor_id": "adv-1", "channel": "phone", "direction": "outbound",
///   "occurred_at": "2026-03-02T09:00:00Z", "duration_s": 300}"#).unwrap();
/// let changes = engine.add(vec![call], vec![], now);
/// assert!(matches!(changes[0], Change::OrphanResolved { .. }));
/// ```
#[derive(Debug, Clone)]
pub struct Reconciler {
    config: Config,
    now: Option<DateTime<Utc>>,
    contacts: FxHashMap<String, Slot<Contact>>,
    reports: FxHashMap<String, Slot<Report>>,
    /// Contacts refused (invalid or conflicting), by id; plus empty-id records.
    contact_rejections: FxHashMap<String, Rejection>,
    empty_id_rejections: Vec<Rejection>,
    /// Valid contacts with an advisor, per matching key, by (occurred_at, id).
    by_key: FxHashMap<Key, BTreeSet<(DateTime<Utc>, String)>>,
    /// Valid contacts per party (for histories).
    by_party: FxHashMap<String, BTreeSet<String>>,
    /// Valid reports per R-1.2 group, by (entered_at, id).
    daily: FxHashMap<DailyKey, BTreeSet<(DateTime<Utc>, String)>>,
    /// Accepted captured-channel reports per matching key, by (entered_at, id).
    reports_by_key: FxHashMap<Key, BTreeSet<(DateTime<Utc>, String)>>,
    /// The state of every report received (valid or refused).
    states: FxHashMap<String, (ReportState, Option<Rejection>)>,
    /// Every report id received, per client (for histories).
    by_client: FxHashMap<String, BTreeSet<String>>,
    /// Which report took which contact.
    taken: FxHashMap<String, String>,
    /// Provisional orphans by the instant they become final.
    provisional: BTreeSet<(DateTime<Utc>, String)>,
}

impl Reconciler {
    /// An empty engine.
    pub fn new(config: Config) -> Self {
        Reconciler {
            config,
            now: None,
            contacts: FxHashMap::default(),
            reports: FxHashMap::default(),
            contact_rejections: FxHashMap::default(),
            empty_id_rejections: Vec::new(),
            by_key: FxHashMap::default(),
            by_party: FxHashMap::default(),
            daily: FxHashMap::default(),
            reports_by_key: FxHashMap::default(),
            states: FxHashMap::default(),
            by_client: FxHashMap::default(),
            taken: FxHashMap::default(),
            provisional: BTreeSet::new(),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Adds a batch at `now` and returns what changed, sorted by report id
    /// (refused contacts last, by id).
    pub fn add(&mut self, contacts: Vec<Contact>, reports: Vec<Report>, now: DateTime<Utc>) -> Vec<Change> {
        let mut changes = Vec::new();
        let mut touched: FxHashSet<Key> = FxHashSet::default();
        let mut days: FxHashSet<DailyKey> = FxHashSet::default();
        let mut contact_refusals = Vec::new();
        for c in contacts {
            self.add_contact(c, &mut touched, &mut contact_refusals);
        }
        let mut report_refusals = Vec::new();
        let mut empty_reports = Vec::new();
        for r in reports {
            self.add_report(r, &mut days, &mut report_refusals, &mut empty_reports);
        }
        let mut before = self.settle_days(days, &mut touched, report_refusals);
        self.recompute(&touched, now, &mut before);
        if self.now.is_some_and(|last| now < last) {
            self.restatus_orphans(now, &mut before);
        }
        self.now = Some(now);
        self.finalize_orphans(now, &mut before);
        for (id, old) in before {
            let Some((new, rejection)) = self.states.get(&id) else { continue };
            if old.as_ref() != Some(new) {
                changes.push(describe(&id, old, new, rejection.as_ref()));
            }
        }
        changes
            .extend(empty_reports.into_iter().map(|rejection| Change::Rejected { record: "report".into(), rejection }));
        changes.sort_by(|a, b| change_id(a).cmp(change_id(b)));
        contact_refusals.sort_by(|a: &Rejection, b| a.id.cmp(&b.id));
        changes.extend(
            contact_refusals.into_iter().map(|rejection| Change::Rejected { record: "contact".into(), rejection }),
        );
        changes
    }

    /// Moves time forward without new records: provisional orphans whose
    /// horizon passed become final (R-1.7).
    pub fn advance(&mut self, now: DateTime<Utc>) -> Vec<Change> {
        self.add(Vec::new(), Vec::new(), now)
    }

    /// The whole state as one [`Reconciliation`], equal to
    /// [`reconcile`](super::reconcile) over every record received, at the
    /// last `now` given.
    pub fn reconciliation(&self) -> Reconciliation {
        let mut out = Reconciliation::default();
        // Processing order, as the batch call gives it: (entered_at, id).
        type Stated<'a> = (DateTime<Utc>, &'a String, &'a (ReportState, Option<Rejection>));
        let mut order: Vec<Stated<'_>> = self
            .states
            .iter()
            .map(|(id, state)| {
                let at = match self.reports.get(id) {
                    Some(Slot::One(r)) => r.entered_at,
                    _ => DateTime::<Utc>::MIN_UTC,
                };
                (at, id, state)
            })
            .collect();
        order.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        for (_, id, (state, rejection)) in order {
            match state {
                ReportState::Linked { contact_id, rule } => {
                    out.links.push(Link { report_id: id.clone(), contact_id: contact_id.clone(), rule: *rule })
                }
                ReportState::Orphan { status } => out.orphans.push(Orphan { report_id: id.clone(), status: *status }),
                ReportState::Reported => out.reported.push(id.clone()),
                ReportState::Rejected { .. } => out.rejected.extend(rejection.clone()),
            }
        }
        out.rejected.extend(self.contact_rejections.values().cloned());
        out.rejected.extend(self.empty_id_rejections.iter().cloned());
        out.sort();
        out
    }

    /// The state of one report, if received.
    pub fn report_state(&self, report_id: &str) -> Option<&ReportState> {
        self.states.get(report_id).map(|(s, _)| s)
    }

    /// The history of `client_id` at the last `now` (R-1.6, R-1.10).
    pub fn history(&self, client_id: &str, options: &HistoryOptions) -> Result<History, Error> {
        check_client(client_id, options)?;
        let mut builder = Builder::new(client_id, options, &self.config, self.now.unwrap_or(DateTime::<Utc>::MIN_UTC));
        for contact_id in self.by_party.get(client_id).into_iter().flatten() {
            let Some(Slot::One(c)) = self.contacts.get(contact_id) else { continue };
            let link = self.taken.get(contact_id).and_then(|report_id| {
                let Some(Slot::One(r)) = self.reports.get(report_id) else { return None };
                match self.states.get(report_id) {
                    Some((ReportState::Linked { rule, .. }, _)) => Some((r, *rule)),
                    _ => None,
                }
            });
            builder.captured(c, link);
        }
        // Synthetic entries: the client's orphan and reported reports.
        for id in self.by_client.get(client_id).into_iter().flatten() {
            let (Some(Slot::One(r)), Some((state, _))) = (self.reports.get(id), self.states.get(id)) else { continue };
            match state {
                ReportState::Orphan { status } => builder.synthetic(r, EntryKind::Orphan, Some(*status)),
                ReportState::Reported => builder.synthetic(r, EntryKind::Reported, None),
                _ => {}
            }
        }
        Ok(builder.finish())
    }

    fn add_contact(&mut self, c: Contact, touched: &mut FxHashSet<Key>, refusals: &mut Vec<Rejection>) {
        if c.id.is_empty() {
            let rejection = Error::EmptyId { kind: "contact" }.to_rejection("");
            self.empty_id_rejections.push(rejection.clone());
            refusals.push(rejection);
            return;
        }
        match self.contacts.get(&c.id) {
            None => {
                match check_contact(&c) {
                    Ok(()) => self.index_contact(&c, touched),
                    Err(e) => {
                        let rejection = e.to_rejection(&c.id);
                        self.contact_rejections.insert(c.id.clone(), rejection.clone());
                        refusals.push(rejection);
                    }
                }
                self.contacts.insert(c.id.clone(), Slot::One(c));
            }
            Some(Slot::One(old)) if same_contact(old, &c) => {}
            Some(Slot::One(old)) => {
                let old = old.clone();
                if check_contact(&old).is_ok() {
                    self.unindex_contact(&old, touched);
                }
                let rejection = Error::DuplicateId { kind: "contact", id: c.id.clone() }.to_rejection(&c.id);
                self.contact_rejections.insert(c.id.clone(), rejection.clone());
                refusals.push(rejection);
                self.contacts.insert(c.id, Slot::Conflict);
            }
            Some(Slot::Conflict) => {}
        }
    }

    fn contact_keys(c: &Contact) -> impl Iterator<Item = Key> + '_ {
        let advisor = c.advisor_id.as_deref();
        c.parties.iter().filter_map(move |p| advisor.map(|a| (p.clone(), a.to_owned(), c.channel, c.direction)))
    }

    fn index_contact(&mut self, c: &Contact, touched: &mut FxHashSet<Key>) {
        for key in Self::contact_keys(c) {
            self.by_key.entry(key.clone()).or_default().insert((c.occurred_at, c.id.clone()));
            touched.insert(key);
        }
        for p in &c.parties {
            self.by_party.entry(p.clone()).or_default().insert(c.id.clone());
        }
    }

    fn unindex_contact(&mut self, c: &Contact, touched: &mut FxHashSet<Key>) {
        for key in Self::contact_keys(c) {
            if let Some(set) = self.by_key.get_mut(&key) {
                set.remove(&(c.occurred_at, c.id.clone()));
            }
            touched.insert(key);
        }
        for p in &c.parties {
            if let Some(set) = self.by_party.get_mut(p) {
                set.remove(&c.id);
            }
        }
    }

    fn add_report(
        &mut self,
        r: Report,
        days: &mut FxHashSet<DailyKey>,
        refusals: &mut Vec<(String, Rejection)>,
        empty: &mut Vec<Rejection>,
    ) {
        if r.id.is_empty() {
            let rejection = Error::EmptyId { kind: "report" }.to_rejection("");
            self.empty_id_rejections.push(rejection.clone());
            empty.push(rejection);
            return;
        }
        match self.reports.get(&r.id) {
            None => {
                self.by_client.entry(r.client_id.clone()).or_default().insert(r.id.clone());
                match check_report(&r, &self.config) {
                    Ok(()) => {
                        let (client, advisor, day) = daily_key(&r, &self.config);
                        let key = (client.to_owned(), advisor.to_owned(), day);
                        self.daily.entry(key.clone()).or_default().insert((r.entered_at, r.id.clone()));
                        days.insert(key);
                    }
                    Err(e) => refusals.push((r.id.clone(), e.to_rejection(&r.id))),
                }
                self.reports.insert(r.id.clone(), Slot::One(r));
            }
            Some(Slot::One(old)) if *old == r => {}
            Some(Slot::One(old)) => {
                let old = old.clone();
                if check_report(&old, &self.config).is_ok() {
                    let (client, advisor, day) = daily_key(&old, &self.config);
                    let key = (client.to_owned(), advisor.to_owned(), day);
                    if let Some(set) = self.daily.get_mut(&key) {
                        set.remove(&(old.entered_at, old.id.clone()));
                    }
                    days.insert(key);
                }
                refusals
                    .push((r.id.clone(), Error::DuplicateId { kind: "report", id: r.id.clone() }.to_rejection(&r.id)));
                self.reports.insert(r.id, Slot::Conflict);
            }
            Some(Slot::Conflict) => {}
        }
    }

    /// Applies refusals and R-1.2 to the touched days; returns the previous
    /// state of every report whose state may change.
    fn settle_days(
        &mut self,
        days: FxHashSet<DailyKey>,
        touched: &mut FxHashSet<Key>,
        refusals: Vec<(String, Rejection)>,
    ) -> FxHashMap<String, Option<ReportState>> {
        let mut before: FxHashMap<String, Option<ReportState>> = FxHashMap::default();
        for (id, rejection) in refusals {
            self.set_state(
                &id,
                ReportState::Rejected { rule: rejection.rule.clone(), code: rejection.code.clone() },
                Some(rejection),
                &mut before,
                touched,
            );
        }
        for key in days {
            let ids: Vec<String> =
                self.daily.get(&key).map(|s| s.iter().map(|(_, id)| id.clone()).collect()).unwrap_or_default();
            let Some(first_id) = ids.first().cloned() else { continue };
            for (i, id) in ids.iter().enumerate() {
                let Some(Slot::One(r)) = self.reports.get(id) else { continue };
                if i == 0 {
                    let accepted = !matches!(self.states.get(id), Some((ReportState::Rejected { .. }, _)) | None);
                    if !accepted {
                        let r = r.clone();
                        self.accept(&r, &mut before, touched);
                    }
                } else {
                    let Some(Slot::One(first)) = self.reports.get(&first_id) else { continue };
                    let rejection = duplicate_daily(r, first, &self.config).to_rejection(id);
                    let state = ReportState::Rejected { rule: rejection.rule.clone(), code: rejection.code.clone() };
                    self.set_state(id, state, Some(rejection), &mut before, touched);
                }
            }
        }
        before
    }

    /// A report becomes accepted: reported, or a candidate for matching.
    fn accept(
        &mut self,
        r: &Report,
        before: &mut FxHashMap<String, Option<ReportState>>,
        touched: &mut FxHashSet<Key>,
    ) {
        before.entry(r.id.clone()).or_insert_with(|| self.states.get(&r.id).map(|(s, _)| s.clone()));
        if r.channel.is_reported() {
            self.states.insert(r.id.clone(), (ReportState::Reported, None));
        } else {
            let key = (r.client_id.clone(), r.advisor_id.clone(), r.channel, r.initiative);
            self.reports_by_key.entry(key.clone()).or_default().insert((r.entered_at, r.id.clone()));
            touched.insert(key);
            // Placeholder until recompute assigns it: an orphan.
            self.states.insert(r.id.clone(), (ReportState::Orphan { status: OrphanStatus::Provisional }, None));
        }
    }

    /// Sets a report's state to refused, withdrawing it from matching.
    fn set_state(
        &mut self,
        id: &str,
        state: ReportState,
        rejection: Option<Rejection>,
        before: &mut FxHashMap<String, Option<ReportState>>,
        touched: &mut FxHashSet<Key>,
    ) {
        let old = self.states.get(id).map(|(s, _)| s.clone());
        before.entry(id.to_owned()).or_insert_with(|| old.clone());
        self.withdraw(id, old.as_ref(), touched);
        self.states.insert(id.to_owned(), (state, rejection));
    }

    /// Removes a report from matching: frees its contact, leaves its key.
    fn withdraw(&mut self, id: &str, old: Option<&ReportState>, touched: &mut FxHashSet<Key>) {
        match old {
            Some(ReportState::Linked { contact_id, .. }) => {
                self.taken.remove(contact_id);
            }
            Some(ReportState::Orphan { .. }) => {}
            _ => return,
        }
        // The report's content is the one that was accepted: find its key.
        let content = match self.reports.get(id) {
            Some(Slot::One(r)) => Some(r.clone()),
            _ => None,
        };
        let found = content
            .map(|r| ((r.client_id.clone(), r.advisor_id.clone(), r.channel, r.initiative), r.entered_at))
            .or_else(|| {
                self.reports_by_key
                    .iter()
                    .find_map(|(k, set)| set.iter().find(|(_, rid)| rid == id).map(|(t, _)| (k.clone(), *t)))
            });
        if let Some((key, entered_at)) = found {
            if let Some(set) = self.reports_by_key.get_mut(&key) {
                set.remove(&(entered_at, id.to_owned()));
            }
            self.provisional.remove(&(orphan_final_at(entered_at, &self.config), id.to_owned()));
            touched.insert(key);
        }
    }

    /// Re-matches every report of the keys connected to `touched`.
    fn recompute(
        &mut self,
        touched: &FxHashSet<Key>,
        now: DateTime<Utc>,
        before: &mut FxHashMap<String, Option<ReportState>>,
    ) {
        let component = self.component(touched);
        let mut reports: Vec<(DateTime<Utc>, String)> = Vec::new();
        for key in &component {
            if let Some(set) = self.reports_by_key.get(key) {
                reports.extend(set.iter().cloned());
            }
        }
        reports.sort();
        // Free every contact these reports held: they are matched again below.
        for (_, id) in &reports {
            let old = self.states.get(id).map(|(s, _)| s.clone());
            before.entry(id.clone()).or_insert_with(|| old.clone());
            if let Some(ReportState::Linked { contact_id, .. }) = &old {
                self.taken.remove(contact_id);
            }
        }
        for (entered_at, id) in &reports {
            let Some(Slot::One(r)) = self.reports.get(id) else { continue };
            let key = (r.client_id.clone(), r.advisor_id.clone(), r.channel, r.initiative);
            let (from, to) = window(r, &self.config);
            let contacts = &self.contacts;
            let taken = &self.taken;
            let free = self
                .by_key
                .get(&key)
                .into_iter()
                .flat_map(|set| set.range((from, String::new())..(to, String::new())).rev())
                .filter(|(_, cid)| !taken.contains_key(cid))
                .filter_map(|(_, cid)| match contacts.get(cid) {
                    Some(Slot::One(c)) => Some(Candidate { handle: c.id.as_str(), end: c.end() }),
                    _ => None,
                });
            let chosen = choose(r.entered_at, &self.config, free).map(|(cid, rule)| (cid.to_owned(), rule));
            let final_at = orphan_final_at(*entered_at, &self.config);
            self.provisional.remove(&(final_at, id.clone()));
            let state = match chosen {
                Some((contact_id, rule)) => {
                    self.taken.insert(contact_id.clone(), id.clone());
                    ReportState::Linked { contact_id, rule }
                }
                None => {
                    let status = OrphanStatus::at(*entered_at, &self.config, now);
                    if status == OrphanStatus::Provisional {
                        self.provisional.insert((final_at, id.clone()));
                    }
                    ReportState::Orphan { status }
                }
            };
            self.states.insert(id.clone(), (state, None));
        }
    }

    /// The keys whose reports may compete with those of `touched`: the
    /// closure through contacts with several parties.
    fn component(&self, touched: &FxHashSet<Key>) -> FxHashSet<Key> {
        let mut seen: FxHashSet<Key> = touched.clone();
        let mut queue: Vec<Key> = touched.iter().cloned().collect();
        while let Some(key) = queue.pop() {
            // A touched key always spreads (it may just have freed a shared
            // contact); a key reached through a contact spreads only if it
            // has reports to compete for that contact.
            if !touched.contains(&key) && self.reports_by_key.get(&key).is_none_or(BTreeSet::is_empty) {
                continue;
            }
            for (_, cid) in self.by_key.get(&key).into_iter().flatten() {
                let Some(Slot::One(c)) = self.contacts.get(cid) else { continue };
                if c.parties.len() < 2 {
                    continue;
                }
                for other in Self::contact_keys(c) {
                    if !seen.contains(&other) {
                        seen.insert(other.clone());
                        queue.push(other);
                    }
                }
            }
        }
        seen
    }

    /// `now` went backwards: every orphan's status is evaluated again.
    fn restatus_orphans(&mut self, now: DateTime<Utc>, before: &mut FxHashMap<String, Option<ReportState>>) {
        self.provisional.clear();
        for (id, (state, _)) in self.states.iter_mut() {
            let ReportState::Orphan { status } = state else { continue };
            let Some(Slot::One(r)) = self.reports.get(id) else { continue };
            before.entry(id.clone()).or_insert_with(|| Some(ReportState::Orphan { status: *status }));
            *status = OrphanStatus::at(r.entered_at, &self.config, now);
            if *status == OrphanStatus::Provisional {
                self.provisional.insert((orphan_final_at(r.entered_at, &self.config), id.clone()));
            }
        }
    }

    fn finalize_orphans(&mut self, now: DateTime<Utc>, before: &mut FxHashMap<String, Option<ReportState>>) {
        while let Some(first) = self.provisional.first().cloned() {
            if first.0 > now {
                break;
            }
            self.provisional.pop_first();
            let id = first.1;
            if let Some((state @ ReportState::Orphan { .. }, _)) = self.states.get_mut(&id) {
                before.entry(id.clone()).or_insert_with(|| Some(state.clone()));
                *state = ReportState::Orphan { status: OrphanStatus::Final };
            }
        }
    }
}

fn change_id(c: &Change) -> &str {
    match c {
        Change::Linked { report_id, .. }
        | Change::Moved { report_id, .. }
        | Change::OrphanCreated { report_id, .. }
        | Change::OrphanResolved { report_id, .. }
        | Change::OrphanFinal { report_id }
        | Change::Reported { report_id } => report_id,
        Change::Rejected { rejection, .. } => &rejection.id,
    }
}

/// Names the change from `old` to `new` of one report.
fn describe(id: &str, old: Option<ReportState>, new: &ReportState, rejection: Option<&Rejection>) -> Change {
    let report_id = id.to_owned();
    match (old, new) {
        (_, ReportState::Rejected { rule, code }) => Change::Rejected {
            record: "report".into(),
            rejection: rejection.cloned().unwrap_or_else(|| Rejection::new(id, rule, code, "")),
        },
        (_, ReportState::Reported) => Change::Reported { report_id },
        (Some(ReportState::Linked { contact_id: from, .. }), ReportState::Linked { contact_id, rule }) => {
            Change::Moved { report_id, from, to: contact_id.clone(), rule: *rule }
        }
        (Some(ReportState::Orphan { .. }), ReportState::Linked { contact_id, rule }) => {
            Change::OrphanResolved { report_id, contact_id: contact_id.clone(), rule: *rule }
        }
        (_, ReportState::Linked { contact_id, rule }) => {
            Change::Linked { report_id, contact_id: contact_id.clone(), rule: *rule }
        }
        (
            Some(ReportState::Orphan { status: OrphanStatus::Provisional }),
            ReportState::Orphan { status: OrphanStatus::Final },
        ) => Change::OrphanFinal { report_id },
        (Some(ReportState::Linked { contact_id, .. }), ReportState::Orphan { status }) => {
            Change::OrphanCreated { report_id, status: *status, previous_contact_id: Some(contact_id) }
        }
        (_, ReportState::Orphan { status }) => {
            Change::OrphanCreated { report_id, status: *status, previous_contact_id: None }
        }
    }
}
