//! The reveal ledger: a fold of [`Event`]s with compact derived state.

use super::error::Error;
use super::model::*;
use super::table::{Interner, PairTable};
use crate::Rejection;
use chrono::{DateTime, Utc};
use rustc_hash::{FxHashMap, FxHashSet};
use std::cmp::Ordering;

/// A user or contact of one tenant, interned: the fast path of
/// [`RevealLedger::can_see_ids`] takes these instead of strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PrincipalId(u32);

/// The scope a pair is revealed in, interned for [`RevealLedger::can_see_ids`]:
/// one value for `pair`, one per portal or per context otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ScopeId(u32);

const NONE: u32 = u32::MAX;
const NOT_LEFT: i64 = i64::MAX;
const FLAG_FIRST: u8 = 1;
const FLAG_CONSUMED: u8 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Kind {
    Recommended,
    ProjectOpened,
    CoordinatesChanged,
    LeftCompany,
    Enriched,
    Revealed,
    DiagnosticMarked,
    DiagnosticUndone,
}

/// One event, interned (36 bytes). Fields by kind:
/// `Recommended` a=context b=requester c=contact; `ProjectOpened` a=context
/// b=requester; `CoordinatesChanged`/`LeftCompany` c=subject; `Enriched`
/// a=key b=by c=subject; `Revealed` a=key b=viewer c=subject d=context;
/// `Diagnostic*` a=context b=actor.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rec {
    pub(crate) at: DateTime<Utc>,
    kind: Kind,
    pub(crate) role: u8,
    pub(crate) flags: u8,
    pub(crate) tenant: u32,
    a: u32,
    b: u32,
    c: u32,
    d: u32,
}

/// Per principal (as a subject): coordinate version and metering state.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SubjectState {
    last_change: i64,
    version: u32,
    paid_version: u32,
    left_at: i64,
}

const FRESH: SubjectState = SubjectState { last_change: i64::MIN, version: 0, paid_version: NONE, left_at: NOT_LEFT };

/// What an import or merge did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportReport {
    /// Events new to this ledger.
    pub added: usize,
    /// Events already held (identical, or a retry of a held key).
    pub duplicates: usize,
    /// Events the fold refused (a key naming two requests, a second mark on
    /// a project, an undo without a mark, empty ids), with the rule.
    pub rejected: Vec<Rejection>,
}

/// Reveals of a batch: outcomes by key, and the refused requests.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RevealBatch {
    /// `(key, outcome)` of each accepted request, in input order.
    pub outcomes: Vec<(String, RevealOutcome)>,
    /// Refused requests (by key), with the rule broken.
    pub rejected: Vec<Rejection>,
}

/// Memory held by a ledger, by structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MemoryUse {
    /// The revealed-pair table `can_see` probes.
    pub pair_table: usize,
    /// The interned event log.
    pub log: usize,
    /// Interned ids, keys and contexts.
    pub ids: usize,
    /// Per-subject state.
    pub subjects: usize,
}

impl MemoryUse {
    /// Everything.
    pub fn total(&self) -> usize {
        self.pair_table + self.log + self.ids + self.subjects
    }
}

/// Who has revealed whom, for every tenant (SPEC §3).
///
/// The state is the fold of an event log ([`Event`]) in canonical order
/// ([`Event::canonical_cmp`]): [`RevealLedger::events`] exports it,
/// [`RevealLedger::from_events`] replays it into an equal ledger, and
/// [`RevealLedger::merge`] unites two ledgers (commutative, associative,
/// idempotent). Every lookup is keyed by tenant: tenants never see or count
/// each other's reveals, contacts or diagnostics (R-3.7).
///
/// ```
/// use filrouge::reveal::{Config, Context, ContextKind, Reason, RevealLedger, RevealRequest, Role};
///
/// let mut ledger = RevealLedger::new(Config::default());
/// let conv = Context::new("portal-1", ContextKind::Conversation, "conv-9");
/// let at = "2026-03-02T09:00:00Z".parse().unwrap();
/// ledger.recommend("t1", &conv, "req-1", "expert-4", at).unwrap();
/// assert_eq!(ledger.can_see("t1", "req-1", Role::Requester, "expert-4", &conv, at).reason, Reason::MustReveal);
/// let req = RevealRequest { key: "k1".into(), tenant: "t1".into(), viewer: "req-1".into(),
///     role: Role::Requester, subject: "expert-4".into(), context: conv.clone(), at, impersonated_by: None };
/// let first = ledger.reveal(&req).unwrap();
/// assert!(first.contact_made && first.consumed);                   // R-3.4, R-3.7
/// let again = ledger.reveal(&req).unwrap();                      // the same request, retried
/// assert!(again.replayed);                                        // its original outcome; nothing new counted
/// assert_eq!(ledger.stats(&Default::default()).contacts_made[0].count, 1);
/// assert!(ledger.can_see("t1", "req-1", Role::Requester, "expert-4", &conv, at).visible);
/// ```
#[derive(Debug, Clone)]
pub struct RevealLedger {
    config: Config,
    tenants: Interner,
    principals: Interner,
    keys: Interner,
    contexts: Interner,
    portals: Interner,
    log: Vec<Rec>,
    key_rec: Vec<u32>,
    pairs: PairTable,
    subjects: Vec<SubjectState>,
    relations: FxHashSet<(u32, u32, u32)>,
    diagnostics: FxHashMap<u32, u32>,
    last: Option<Event>,
}

fn nanos(t: DateTime<Utc>) -> i64 {
    t.timestamp_nanos_opt().unwrap_or(if t.timestamp() < 0 { i64::MIN + 1 } else { i64::MAX - 1 })
}

fn nonempty(s: &str, field: &'static str) -> Result<(), Error> {
    if s.is_empty() { Err(Error::EmptyId { field }) } else { Ok(()) }
}

fn check_context(c: &Context) -> Result<(), Error> {
    nonempty(&c.portal, "context.portal")?;
    nonempty(&c.id, "context.id")
}

fn kind_index(k: ContextKind) -> u8 {
    match k {
        ContextKind::Project => 0,
        ContextKind::Resource => 1,
        ContextKind::Conversation => 2,
    }
}

impl RevealLedger {
    /// An empty ledger.
    pub fn new(config: Config) -> Self {
        RevealLedger {
            config,
            tenants: Interner::default(),
            principals: Interner::default(),
            keys: Interner::default(),
            contexts: Interner::default(),
            portals: Interner::default(),
            log: Vec::new(),
            key_rec: Vec::new(),
            pairs: PairTable::default(),
            subjects: Vec::new(),
            relations: FxHashSet::default(),
            diagnostics: FxHashMap::default(),
            last: None,
        }
    }

    /// The ledger that is the fold of `events` (any order; duplicates count
    /// once), and what the fold refused.
    pub fn from_events(config: Config, events: Vec<Event>) -> (Self, ImportReport) {
        let mut ledger = RevealLedger::new(config);
        let report = ledger.import(events);
        (ledger, report)
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Events in the log.
    pub fn len(&self) -> usize {
        self.log.len()
    }

    /// Whether the log is empty.
    pub fn is_empty(&self) -> bool {
        self.log.is_empty()
    }

    /// Distinct (viewer, subject, scope) reveals held.
    pub fn revealed_pairs(&self) -> usize {
        self.pairs.len()
    }

    /// Memory held, by structure (capacity, not just length).
    pub fn memory(&self) -> MemoryUse {
        MemoryUse {
            pair_table: self.pairs.heap_bytes(),
            log: self.log.capacity() * std::mem::size_of::<Rec>() + self.key_rec.capacity() * 4,
            ids: self.tenants.heap_bytes()
                + self.principals.heap_bytes()
                + self.keys.heap_bytes()
                + self.contexts.heap_bytes()
                + self.portals.heap_bytes(),
            subjects: self.subjects.capacity() * std::mem::size_of::<SubjectState>(),
        }
    }

    // ----- interning -------------------------------------------------------

    fn tenant_id(&self, tenant: &str) -> Option<u32> {
        self.tenants.get(tenant.as_bytes())
    }

    fn principal_key(tenant: u32, id: &str) -> Vec<u8> {
        let mut k = Vec::with_capacity(4 + id.len());
        k.extend_from_slice(&tenant.to_le_bytes());
        k.extend_from_slice(id.as_bytes());
        k
    }

    fn context_key(&self, tenant: u32, c: &Context) -> Option<Vec<u8>> {
        let portal = self.portals.get(c.portal.as_bytes())?;
        Some(Self::context_key_with(tenant, portal, c))
    }

    fn context_key_with(tenant: u32, portal: u32, c: &Context) -> Vec<u8> {
        let mut k = Vec::with_capacity(9 + c.id.len());
        k.extend_from_slice(&tenant.to_le_bytes());
        k.extend_from_slice(&portal.to_le_bytes());
        k.push(kind_index(c.kind));
        k.extend_from_slice(c.id.as_bytes());
        k
    }

    fn find_principal(&self, tenant: u32, id: &str) -> Option<u32> {
        self.principals.get(&Self::principal_key(tenant, id))
    }

    fn find_context(&self, tenant: u32, c: &Context) -> Option<u32> {
        self.contexts.get(&self.context_key(tenant, c)?)
    }

    fn find_key(&self, tenant: u32, key: &str) -> Option<u32> {
        self.keys.get(&Self::principal_key(tenant, key))
    }

    fn intern_tenant(&mut self, t: &str) -> Result<u32, Error> {
        self.tenants.intern(t.as_bytes()).ok_or(Error::LedgerFull { what: "tenants" })
    }

    fn intern_principal(&mut self, tenant: u32, id: &str) -> Result<u32, Error> {
        let p = self.principals.intern(&Self::principal_key(tenant, id)).ok_or(Error::LedgerFull { what: "ids" })?;
        if self.subjects.len() <= p as usize {
            self.subjects.resize(p as usize + 1, FRESH);
        }
        Ok(p)
    }

    fn intern_context(&mut self, tenant: u32, c: &Context) -> Result<u32, Error> {
        let portal = self.portals.intern(c.portal.as_bytes()).ok_or(Error::LedgerFull { what: "portals" })?;
        self.contexts.intern(&Self::context_key_with(tenant, portal, c)).ok_or(Error::LedgerFull { what: "contexts" })
    }

    fn intern_key(&mut self, tenant: u32, key: &str) -> Result<u32, Error> {
        let k = self.keys.intern(&Self::principal_key(tenant, key)).ok_or(Error::LedgerFull { what: "keys" })?;
        if self.key_rec.len() <= k as usize {
            self.key_rec.resize(k as usize + 1, NONE);
        }
        Ok(k)
    }

    fn str_of(bytes: &[u8]) -> String {
        String::from_utf8_lossy(bytes).into_owned()
    }

    fn principal_name(&self, p: u32) -> String {
        Self::str_of(&self.principals.resolve(p)[4..])
    }

    fn key_name(&self, k: u32) -> String {
        Self::str_of(&self.keys.resolve(k)[4..])
    }

    fn tenant_name(&self, t: u32) -> String {
        Self::str_of(self.tenants.resolve(t))
    }

    pub(crate) fn context_of(&self, c: u32) -> Context {
        let b = self.contexts.resolve(c);
        let portal = u32::from_le_bytes([b[4], b[5], b[6], b[7]]);
        Context {
            portal: Self::str_of(self.portals.resolve(portal)),
            kind: ContextKind::from_index(b[8]),
            id: Self::str_of(&b[9..]),
        }
    }

    fn portal_of_context(&self, c: u32) -> u32 {
        let b = self.contexts.resolve(c);
        u32::from_le_bytes([b[4], b[5], b[6], b[7]])
    }

    /// The scope value of the pair table for a context (R-3.3).
    fn scope_of(&self, ctx: u32) -> u32 {
        match self.config.scope {
            Scope::Pair => 0,
            Scope::PairPerPortal => self.portal_of_context(ctx) + 1,
            Scope::PairPerContext => ctx + 1,
        }
    }

    // ----- the fast path ---------------------------------------------------

    /// The interned id of a tenant's user or contact, if the ledger knows it.
    /// An unknown id has revealed nothing and was revealed by no one.
    pub fn principal(&self, tenant: &str, id: &str) -> Option<PrincipalId> {
        self.find_principal(self.tenant_id(tenant)?, id).map(PrincipalId)
    }

    /// The interned scope of `context` under the configured scope of "once"
    /// (always the same value for `pair`); `None` when nothing was ever
    /// revealed in that portal or context (so nothing is revealed there).
    pub fn scope(&self, tenant: &str, context: &Context) -> Option<ScopeId> {
        if self.config.scope == Scope::Pair {
            return Some(ScopeId(0));
        }
        let t = self.tenant_id(tenant)?;
        match self.config.scope {
            Scope::PairPerPortal => self.portals.get(context.portal.as_bytes()).map(|p| ScopeId(p + 1)),
            _ => self.find_context(t, context).map(|c| ScopeId(c + 1)),
        }
    }

    /// R-3.1 … R-3.3 on interned ids: whether `viewer` (of `role`) sees
    /// `subject` in `scope` at `now`. Both ids belong to one tenant by
    /// construction. Staff and admins always see; everyone sees their own;
    /// otherwise only a reveal in scope that has not lapsed shows.
    #[inline]
    pub fn can_see_ids(
        &self,
        viewer: PrincipalId,
        role: Role,
        subject: PrincipalId,
        scope: ScopeId,
        now: DateTime<Utc>,
    ) -> bool {
        if role.always_sees() || viewer == subject {
            return true;
        }
        match self.pairs.get(u64::from(viewer.0) << 32 | u64::from(subject.0), scope.0) {
            None => false,
            Some(rec) => self.holds_at(rec, subject.0, now),
        }
    }

    /// [`RevealLedger::can_see_ids`] for many checks by viewers of one role
    /// in one scope (a page listing contacts, a export): the answers in
    /// order, into `out` (cleared first). The table is probed a block at a
    /// time so cache misses overlap; this is the path of the benchmark's
    /// 10M checks per second.
    pub fn can_see_many(
        &self,
        role: Role,
        scope: ScopeId,
        now: DateTime<Utc>,
        checks: &[(PrincipalId, PrincipalId)],
        out: &mut Vec<bool>,
    ) {
        out.clear();
        if role.always_sees() {
            out.resize(checks.len(), true);
            return;
        }
        out.resize(checks.len(), false);
        let keys: Vec<(u64, u32)> =
            checks.iter().map(|(v, s)| (u64::from(v.0) << 32 | u64::from(s.0), scope.0)).collect();
        self.pairs.get_many(&keys, |i, rec| {
            let (v, s) = checks[i];
            out[i] = v == s || rec.is_some_and(|r| self.holds_at(r, s.0, now));
        });
    }

    #[inline]
    fn holds_at(&self, rec: u32, subject: u32, now: DateTime<Utc>) -> bool {
        if self.config.lapse_after_days.is_none() && !self.config.lapse_on_coordinate_change {
            return true;
        }
        self.holds(rec, subject, nanos(now))
    }

    /// Whether the reveal of record `rec` still holds at `now` (R-3.3 lapses).
    #[inline]
    fn holds(&self, rec: u32, subject: u32, now: i64) -> bool {
        if self.config.lapse_after_days.is_none() && !self.config.lapse_on_coordinate_change {
            return true;
        }
        let at = nanos(self.log[rec as usize].at);
        if let Some(days) = self.config.lapse_after_days {
            if now >= at.saturating_add(i64::from(days).saturating_mul(86_400_000_000_000)) {
                return false;
            }
        }
        !(self.config.lapse_on_coordinate_change && self.subjects[subject as usize].last_change > at)
    }

    // ----- queries ---------------------------------------------------------

    /// R-3.1 … R-3.3: whether `viewer` sees `subject`'s coordinates in
    /// `context` at `now`, and why. `MustReveal` and `Lapsed` say a reveal is
    /// possible; `NotRelated` that it is not (nothing relates them here).
    pub fn can_see(
        &self,
        tenant: &str,
        viewer: &str,
        role: Role,
        subject: &str,
        context: &Context,
        now: DateTime<Utc>,
    ) -> Visibility {
        if role.always_sees() {
            return Visibility { visible: true, reason: Reason::Always };
        }
        if viewer == subject {
            return Visibility { visible: true, reason: Reason::Own };
        }
        let hidden = |reason| Visibility { visible: false, reason };
        let Some(t) = self.tenant_id(tenant) else { return hidden(Reason::NotRelated) };
        let Some(s) = self.find_principal(t, subject) else { return hidden(Reason::NotRelated) };
        let v = self.find_principal(t, viewer);
        let ctx = self.find_context(t, context);
        // The scope value (R-3.3): a portal is found by name, so a reveal on
        // a portal shows in every context of it, even one never seen before.
        let scope = match self.config.scope {
            Scope::Pair => Some(0),
            Scope::PairPerPortal => self.portals.get(context.portal.as_bytes()).map(|p| p + 1),
            Scope::PairPerContext => ctx.map(|c| c + 1),
        };
        let held = match (v, scope) {
            (Some(v), Some(scope)) => self.pairs.get(u64::from(v) << 32 | u64::from(s), scope),
            _ => None,
        };
        if let Some(rec) = held {
            if self.holds(rec, s, nanos(now)) {
                return Visibility { visible: true, reason: Reason::Revealed };
            }
        }
        let related = ctx.is_some_and(|c| self.related(role, v, s, c));
        match (related, held) {
            (true, Some(_)) => hidden(Reason::Lapsed),
            (true, None) => hidden(Reason::MustReveal),
            (false, _) => hidden(Reason::NotRelated),
        }
    }

    /// R-3.2: whether `viewer` of `role` has a reason to reveal `subject` in `ctx`.
    fn related(&self, role: Role, viewer: Option<u32>, subject: u32, ctx: u32) -> bool {
        match role {
            Role::Requester => viewer.is_some_and(|v| self.relations.contains(&(ctx, v, subject))),
            r if r.is_advisor() => self.relations.contains(&(ctx, NONE, subject)),
            _ => false,
        }
    }

    // ----- relations -------------------------------------------------------

    /// R-3.2: `contact` is recommended to `requester` in a resource sheet or
    /// conversation; the requester must reveal them there.
    pub fn recommend(
        &mut self,
        tenant: &str,
        context: &Context,
        requester: &str,
        contact: &str,
        at: DateTime<Utc>,
    ) -> Result<(), Error> {
        if context.kind == ContextKind::Project {
            return Err(Error::WrongContextKind {
                operation: "a recommendation",
                expected: "resource or conversation",
                got: "project",
                id: context.id.clone(),
            });
        }
        let ev = Event::Recommended {
            at,
            tenant: tenant.into(),
            context: context.clone(),
            requester: requester.into(),
            contact: contact.into(),
        };
        self.record(ev).map(|_| ())
    }

    /// R-3.2: `requester` opened project `context`; its advisors must reveal them.
    pub fn open_project(
        &mut self,
        tenant: &str,
        context: &Context,
        requester: &str,
        at: DateTime<Utc>,
    ) -> Result<(), Error> {
        if context.kind != ContextKind::Project {
            return Err(Error::WrongContextKind {
                operation: "opening a project",
                expected: "project",
                got: context.kind.as_str(),
                id: context.id.clone(),
            });
        }
        let ev =
            Event::ProjectOpened { at, tenant: tenant.into(), context: context.clone(), requester: requester.into() };
        self.record(ev).map(|_| ())
    }

    /// R-3.3, R-3.7: `subject`'s coordinates changed at `at`: reveals made
    /// before lapse when so configured, and the new coordinates cost a unit
    /// again the first time they are revealed or enriched.
    pub fn change_coordinates(&mut self, tenant: &str, subject: &str, at: DateTime<Utc>) -> Result<(), Error> {
        self.record(Event::CoordinatesChanged { at, tenant: tenant.into(), subject: subject.into() }).map(|_| ())
    }

    /// R-3.7: `subject` left the company at `at`: from then on they are not
    /// an owned contact and revealing or enriching them costs nothing.
    pub fn leave_company(&mut self, tenant: &str, subject: &str, at: DateTime<Utc>) -> Result<(), Error> {
        self.record(Event::LeftCompany { at, tenant: tenant.into(), subject: subject.into() }).map(|_| ())
    }

    // ----- reveals ---------------------------------------------------------

    /// R-3.2 … R-3.5, R-3.3b, R-3.7: reveals `subject` to `viewer`.
    ///
    /// Staff, admins and the subject themself need no reveal (nothing is
    /// logged). A reveal made while an administrator impersonates the viewer
    /// shows the coordinates and logs and counts nothing. Otherwise the
    /// viewer must have a reason (R-3.2) or the call fails with
    /// `reveal_not_allowed`; the request is logged; it is *first* (a contact
    /// made, a follow-up scheduled when configured) unless the pair is
    /// already revealed in scope and not lapsed; it costs a unit when the
    /// tenant did not yet pay for the subject's current coordinates and the
    /// subject has not left the company. A request whose key was seen
    /// returns the original's outcome with `replayed: true` and changes
    /// nothing; a key naming a different request is `idempotency_key_reused`.
    pub fn reveal(&mut self, req: &RevealRequest) -> Result<RevealOutcome, Error> {
        nonempty(&req.key, "key")?;
        nonempty(&req.tenant, "tenant")?;
        nonempty(&req.viewer, "viewer")?;
        nonempty(&req.subject, "subject")?;
        check_context(&req.context)?;
        let quiet = |reason| RevealOutcome {
            visible: true,
            reason,
            logged: false,
            first: false,
            contact_made: false,
            consumed: false,
            follow_up_at: None,
            replayed: false,
        };
        if let Some(admin) = &req.impersonated_by {
            nonempty(admin, "impersonated_by")?;
            return Ok(quiet(Reason::Impersonated));
        }
        if req.role.always_sees() {
            return Ok(quiet(Reason::Always));
        }
        if req.viewer == req.subject {
            return Ok(quiet(Reason::Own));
        }
        let t = self.tenant_id(&req.tenant);
        let allowed = t.is_some_and(|t| {
            let v = self.find_principal(t, &req.viewer);
            let s = self.find_principal(t, &req.subject);
            let c = self.find_context(t, &req.context);
            matches!((s, c), (Some(s), Some(c)) if self.related(req.role, v, s, c))
        });
        if !allowed {
            let why = match req.role {
                Role::Requester => "the contact was not recommended to them in this resource sheet or conversation",
                _ => "they are not the requester of this project",
            };
            return Err(Error::RevealNotAllowed {
                viewer: req.viewer.clone(),
                role: req.role.as_str(),
                subject: req.subject.clone(),
                context: req.context.describe(),
                why,
            });
        }
        let ev = Event::Revealed {
            at: req.at,
            tenant: req.tenant.clone(),
            key: req.key.clone(),
            viewer: req.viewer.clone(),
            role: req.role,
            subject: req.subject.clone(),
            context: req.context.clone(),
        };
        let (rec, replayed) = self.record(ev)?;
        Ok(self.reveal_outcome(rec, replayed))
    }

    fn reveal_outcome(&self, rec: u32, replayed: bool) -> RevealOutcome {
        let r = &self.log[rec as usize];
        let first = r.flags & FLAG_FIRST != 0;
        RevealOutcome {
            visible: true,
            reason: Reason::Revealed,
            logged: true,
            first,
            contact_made: first,
            consumed: r.flags & FLAG_CONSUMED != 0,
            follow_up_at: self
                .config
                .follow_up_after_days
                .filter(|_| first)
                .and_then(|d| r.at.checked_add_signed(chrono::Duration::days(i64::from(d)))),
            replayed,
        }
    }

    /// Reveals a batch in input order: outcomes of the accepted requests and
    /// the refused ones with their rule (never fails whole).
    pub fn reveal_many(&mut self, requests: &[RevealRequest]) -> RevealBatch {
        let mut out = RevealBatch::default();
        for r in requests {
            match self.reveal(r) {
                Ok(o) => out.outcomes.push((r.key.clone(), o)),
                Err(e) => out.rejected.push(e.to_rejection(&r.key)),
            }
        }
        out
    }

    /// R-3.7: an enrichment of `subject`'s coordinates. A failed one costs
    /// nothing and is not logged; a successful one is logged and costs one
    /// unit when the tenant did not yet pay for the current coordinates and
    /// the subject has not left. Keys work as for reveals.
    pub fn enrich(&mut self, req: &EnrichRequest) -> Result<EnrichOutcome, Error> {
        nonempty(&req.key, "key")?;
        nonempty(&req.tenant, "tenant")?;
        nonempty(&req.subject, "subject")?;
        nonempty(&req.by, "by")?;
        if !req.succeeded {
            return Ok(EnrichOutcome { logged: false, consumed: false, replayed: false });
        }
        let ev = Event::Enriched {
            at: req.at,
            tenant: req.tenant.clone(),
            key: req.key.clone(),
            subject: req.subject.clone(),
            by: req.by.clone(),
        };
        let (rec, replayed) = self.record(ev)?;
        let consumed = self.log[rec as usize].flags & FLAG_CONSUMED != 0;
        Ok(EnrichOutcome { logged: true, consumed, replayed })
    }

    // ----- diagnostics -----------------------------------------------------

    fn may_mark(&self, role: Role, portal: &str) -> bool {
        role.always_sees()
            || (matches!(role, Role::AdvisorNational | Role::AdvisorLocal)
                && self.config.portals.get(portal).is_some_and(|p| p.advisors_mark_diagnostics))
    }

    fn check_diagnostic(&self, req: &DiagnosticRequest) -> Result<(), Error> {
        nonempty(&req.tenant, "tenant")?;
        nonempty(&req.actor, "actor")?;
        check_context(&req.project)?;
        if req.project.kind != ContextKind::Project {
            return Err(Error::WrongContextKind {
                operation: "a diagnostic",
                expected: "project",
                got: req.project.kind.as_str(),
                id: req.project.id.clone(),
            });
        }
        if !self.may_mark(req.role, &req.project.portal) {
            return Err(Error::DiagnosticNotAllowed {
                actor: req.actor.clone(),
                role: req.role.as_str(),
                portal: req.project.portal.clone(),
            });
        }
        Ok(())
    }

    /// R-3.6: marks the project's diagnostic call done, once; records who and when.
    pub fn mark_diagnostic(&mut self, req: &DiagnosticRequest) -> Result<DiagnosticStatus, Error> {
        self.check_diagnostic(req)?;
        let ev = Event::DiagnosticMarked {
            at: req.at,
            tenant: req.tenant.clone(),
            project: req.project.clone(),
            actor: req.actor.clone(),
            role: req.role,
        };
        self.record(ev)?;
        Ok(self.diagnostic(&req.tenant, &req.project))
    }

    /// R-3.6: undoes the standing mark (the undo is recorded too).
    pub fn undo_diagnostic(&mut self, req: &DiagnosticRequest) -> Result<DiagnosticStatus, Error> {
        self.check_diagnostic(req)?;
        let ev = Event::DiagnosticUndone {
            at: req.at,
            tenant: req.tenant.clone(),
            project: req.project.clone(),
            actor: req.actor.clone(),
            role: req.role,
        };
        self.record(ev)?;
        Ok(self.diagnostic(&req.tenant, &req.project))
    }

    /// R-3.6: a project's diagnostic: the standing mark and every action.
    pub fn diagnostic(&self, tenant: &str, project: &Context) -> DiagnosticStatus {
        let mut status = DiagnosticStatus { marked: false, marked_by: None, marked_at: None, history: Vec::new() };
        let Some(ctx) = self.tenant_id(tenant).and_then(|t| self.find_context(t, project)) else {
            return status;
        };
        for r in self.log.iter().filter(|r| r.a == ctx) {
            let action = match r.kind {
                Kind::DiagnosticMarked => DiagnosticActionKind::Marked,
                Kind::DiagnosticUndone => DiagnosticActionKind::Undone,
                _ => continue,
            };
            status.history.push(DiagnosticAction {
                action,
                actor: self.principal_name(r.b),
                role: Role::from_index(r.role),
                at: r.at,
            });
        }
        if let Some(&rec) = self.diagnostics.get(&ctx) {
            let r = &self.log[rec as usize];
            status.marked = true;
            status.marked_by = Some(self.principal_name(r.b));
            status.marked_at = Some(r.at);
        }
        status
    }

    // ----- the log ---------------------------------------------------------

    /// Records a new event: checks its key, then applies it at its place in
    /// canonical order (appending when it is the latest, replaying the log
    /// otherwise). Returns the record holding it and whether it was a replay
    /// of a held key.
    fn record(&mut self, ev: Event) -> Result<(u32, bool), Error> {
        validate_event(&ev)?;
        if let Some(rec) = self.held_key(&ev)? {
            return Ok((rec, true));
        }
        match self.last.as_ref().map(|l| l.canonical_cmp(&ev)) {
            None | Some(Ordering::Less) => {
                let rec = self.apply(&ev)?;
                self.last = Some(ev);
                Ok((rec, false))
            }
            Some(Ordering::Equal) => Ok((self.log.len() as u32 - 1, false)),
            Some(Ordering::Greater) => {
                // Earlier than the latest event: validate against a copy, then replay.
                let mut events = self.events();
                events.push(ev.clone());
                let mut trial = RevealLedger::new(self.config.clone());
                let report = trial.rebuild(events);
                if let Some(rej) = report.rejected.first() {
                    return Err(self.rejection_error(&ev, rej));
                }
                *self = trial;
                let rec = self.find_event(&ev).unwrap_or(self.log.len() as u32 - 1);
                Ok((rec, false))
            }
        }
    }

    /// The typed error behind a rejection of the fold, for a single call.
    fn rejection_error(&self, ev: &Event, rej: &Rejection) -> Error {
        match (ev, rej.code.as_str()) {
            (Event::DiagnosticMarked { tenant, project, .. }, _) => {
                let status = self.diagnostic(tenant, project);
                Error::DiagnosticAlreadyMarked {
                    project: project.id.clone(),
                    by: status.marked_by.unwrap_or_default(),
                    at: status.marked_at.unwrap_or(ev.at()),
                }
            }
            (Event::DiagnosticUndone { project, .. }, _) => Error::DiagnosticNotMarked { project: project.id.clone() },
            (_, "idempotency_key_reused") => Error::KeyReused { tenant: ev.tenant().into(), key: rej.id.clone() },
            _ => Error::LedgerFull { what: "ids" },
        }
    }

    /// The record of a held event equal to `ev`.
    fn find_event(&self, ev: &Event) -> Option<u32> {
        let t = self.tenant_id(ev.tenant())?;
        match ev {
            Event::Revealed { key, .. } | Event::Enriched { key, .. } => {
                self.find_key(t, key).map(|k| self.key_rec[k as usize]).filter(|&r| r != NONE)
            }
            _ => (0..self.log.len() as u32).rev().find(|&i| self.event_of(&self.log[i as usize]) == *ev),
        }
    }

    /// For a keyed event: the record of the request its key names, if the
    /// same request (whatever its instant); an error if a different one.
    fn held_key(&self, ev: &Event) -> Result<Option<u32>, Error> {
        let (tenant, key) = match ev {
            Event::Revealed { tenant, key, .. } | Event::Enriched { tenant, key, .. } => (tenant, key),
            _ => return Ok(None),
        };
        let Some(k) = self.tenant_id(tenant).and_then(|t| self.find_key(t, key)) else { return Ok(None) };
        let rec = self.key_rec[k as usize];
        if rec == NONE {
            return Ok(None);
        }
        let held = self.event_of(&self.log[rec as usize]);
        if same_request(&held, ev) {
            Ok(Some(rec))
        } else {
            Err(Error::KeyReused { tenant: tenant.clone(), key: key.clone() })
        }
    }

    /// Applies one event at the end of the fold; fold-level refusals (a
    /// second mark, an undo without a mark) are errors and change nothing.
    fn apply(&mut self, ev: &Event) -> Result<u32, Error> {
        let idx =
            u32::try_from(self.log.len()).ok().filter(|&n| n < NONE).ok_or(Error::LedgerFull { what: "events" })?;
        let t = self.intern_tenant(ev.tenant())?;
        let mut rec = Rec {
            at: ev.at(),
            kind: Kind::Recommended,
            role: 0,
            flags: 0,
            tenant: t,
            a: NONE,
            b: NONE,
            c: NONE,
            d: NONE,
        };
        match ev {
            Event::Recommended { context, requester, contact, .. } => {
                rec.a = self.intern_context(t, context)?;
                rec.b = self.intern_principal(t, requester)?;
                rec.c = self.intern_principal(t, contact)?;
                self.relations.insert((rec.a, rec.b, rec.c));
            }
            Event::ProjectOpened { context, requester, .. } => {
                rec.kind = Kind::ProjectOpened;
                rec.a = self.intern_context(t, context)?;
                rec.b = self.intern_principal(t, requester)?;
                self.relations.insert((rec.a, NONE, rec.b));
            }
            Event::CoordinatesChanged { subject, at, .. } => {
                rec.kind = Kind::CoordinatesChanged;
                rec.c = self.intern_principal(t, subject)?;
                let s = &mut self.subjects[rec.c as usize];
                s.last_change = nanos(*at);
                s.version = s.version.wrapping_add(1);
                if s.left_at <= nanos(*at) {
                    s.left_at = NOT_LEFT; // new coordinates: back in a company
                }
            }
            Event::LeftCompany { subject, at, .. } => {
                rec.kind = Kind::LeftCompany;
                rec.c = self.intern_principal(t, subject)?;
                let s = &mut self.subjects[rec.c as usize];
                s.left_at = s.left_at.min(nanos(*at));
            }
            Event::Enriched { key, subject, by, at, .. } => {
                rec.kind = Kind::Enriched;
                rec.a = self.intern_key(t, key)?;
                rec.b = self.intern_principal(t, by)?;
                rec.c = self.intern_principal(t, subject)?;
                if self.charge(rec.c, *at) {
                    rec.flags |= FLAG_CONSUMED;
                }
                self.key_rec[rec.a as usize] = idx;
            }
            Event::Revealed { key, viewer, role, subject, context, at, .. } => {
                rec.kind = Kind::Revealed;
                rec.role = role.index();
                rec.a = self.intern_key(t, key)?;
                rec.b = self.intern_principal(t, viewer)?;
                rec.c = self.intern_principal(t, subject)?;
                rec.d = self.intern_context(t, context)?;
                let pair = u64::from(rec.b) << 32 | u64::from(rec.c);
                let scope = self.scope_of(rec.d);
                let standing = self.pairs.get(pair, scope).is_some_and(|r| self.holds(r, rec.c, nanos(*at)));
                if !standing {
                    rec.flags |= FLAG_FIRST;
                    self.pairs.insert(pair, scope, idx);
                    if self.charge(rec.c, *at) {
                        rec.flags |= FLAG_CONSUMED;
                    }
                }
                self.key_rec[rec.a as usize] = idx;
            }
            Event::DiagnosticMarked { project, actor, role, .. }
            | Event::DiagnosticUndone { project, actor, role, .. } => {
                let marking = matches!(ev, Event::DiagnosticMarked { .. });
                let ctx = self.intern_context(t, project)?;
                match (marking, self.diagnostics.get(&ctx)) {
                    (true, Some(&held)) => {
                        let h = self.log[held as usize];
                        return Err(Error::DiagnosticAlreadyMarked {
                            project: project.id.clone(),
                            by: self.principal_name(h.b),
                            at: h.at,
                        });
                    }
                    (false, None) => return Err(Error::DiagnosticNotMarked { project: project.id.clone() }),
                    _ => {}
                }
                rec.kind = if marking { Kind::DiagnosticMarked } else { Kind::DiagnosticUndone };
                rec.role = role.index();
                rec.a = ctx;
                rec.b = self.intern_principal(t, actor)?;
                if marking {
                    self.diagnostics.insert(ctx, idx);
                } else {
                    self.diagnostics.remove(&ctx);
                }
            }
        }
        self.log.push(rec);
        Ok(idx)
    }

    /// R-3.7: one unit the first time the tenant obtains the subject's
    /// current coordinates, unless the subject has left the company.
    fn charge(&mut self, subject: u32, at: DateTime<Utc>) -> bool {
        let s = &mut self.subjects[subject as usize];
        if s.left_at <= nanos(at) || s.paid_version == s.version {
            return false;
        }
        s.paid_version = s.version;
        true
    }

    fn event_of(&self, r: &Rec) -> Event {
        let tenant = self.tenant_name(r.tenant);
        let at = r.at;
        match r.kind {
            Kind::Recommended => Event::Recommended {
                at,
                tenant,
                context: self.context_of(r.a),
                requester: self.principal_name(r.b),
                contact: self.principal_name(r.c),
            },
            Kind::ProjectOpened => {
                Event::ProjectOpened { at, tenant, context: self.context_of(r.a), requester: self.principal_name(r.b) }
            }
            Kind::CoordinatesChanged => Event::CoordinatesChanged { at, tenant, subject: self.principal_name(r.c) },
            Kind::LeftCompany => Event::LeftCompany { at, tenant, subject: self.principal_name(r.c) },
            Kind::Enriched => Event::Enriched {
                at,
                tenant,
                key: self.key_name(r.a),
                subject: self.principal_name(r.c),
                by: self.principal_name(r.b),
            },
            Kind::Revealed => Event::Revealed {
                at,
                tenant,
                key: self.key_name(r.a),
                viewer: self.principal_name(r.b),
                role: Role::from_index(r.role),
                subject: self.principal_name(r.c),
                context: self.context_of(r.d),
            },
            Kind::DiagnosticMarked => Event::DiagnosticMarked {
                at,
                tenant,
                project: self.context_of(r.a),
                actor: self.principal_name(r.b),
                role: Role::from_index(r.role),
            },
            Kind::DiagnosticUndone => Event::DiagnosticUndone {
                at,
                tenant,
                project: self.context_of(r.a),
                actor: self.principal_name(r.b),
                role: Role::from_index(r.role),
            },
        }
    }

    /// The log, in canonical order: what a host persists. Replaying it
    /// ([`RevealLedger::from_events`]) gives an equal ledger.
    pub fn events(&self) -> Vec<Event> {
        self.log.iter().map(|r| self.event_of(r)).collect()
    }

    /// Adds events (from storage, another device, another ledger): the
    /// result is the fold of the union in canonical order. Events later
    /// than every held one are applied in place; otherwise the log is
    /// replayed. Refused events are reported, never fatal.
    pub fn import(&mut self, events: Vec<Event>) -> ImportReport {
        let mut report = ImportReport::default();
        let mut fresh = Vec::with_capacity(events.len());
        for ev in events {
            match validate_event(&ev) {
                Ok(()) => fresh.push(ev),
                Err(e) => report.rejected.push(e.to_rejection(event_id(&ev))),
            }
        }
        fresh.sort_by(Event::canonical_cmp);
        fresh.dedup();
        let in_order = match (self.last.as_ref(), fresh.first()) {
            (Some(last), Some(first)) => last.canonical_cmp(first) == Ordering::Less,
            _ => true,
        };
        let before = self.log.len();
        if in_order {
            for ev in fresh {
                self.fold_one(ev, &mut report);
            }
        } else {
            let mut all = self.events();
            let held = all.len();
            all.extend(fresh);
            let mut rebuilt = RevealLedger::new(self.config.clone());
            let r = rebuilt.rebuild(all);
            *self = rebuilt;
            report.duplicates += r.duplicates;
            report.rejected.extend(r.rejected);
            report.added = self.log.len().saturating_sub(held);
            return report;
        }
        report.added = self.log.len() - before;
        report
    }

    /// Unites `other` into this ledger (R-3.4 after a merge: the first
    /// reveal of a pair is the earliest, ties broken by tenant and key).
    pub fn merge(&mut self, other: &RevealLedger) -> ImportReport {
        self.import(other.events())
    }

    /// Resets the state to the fold of `events` (this ledger must be empty).
    fn rebuild(&mut self, mut events: Vec<Event>) -> ImportReport {
        let mut report = ImportReport::default();
        events.sort_by(Event::canonical_cmp);
        let n = events.len();
        events.dedup();
        report.duplicates += n - events.len();
        for ev in events {
            self.fold_one(ev, &mut report);
        }
        report
    }

    fn fold_one(&mut self, ev: Event, report: &mut ImportReport) {
        if self.last.as_ref() == Some(&ev) {
            report.duplicates += 1;
            return;
        }
        match self.held_key(&ev) {
            Ok(Some(_)) => report.duplicates += 1,
            Err(e) => report.rejected.push(e.to_rejection(event_id(&ev))),
            Ok(None) => match self.apply(&ev) {
                Ok(_) => self.last = Some(ev),
                Err(e) => report.rejected.push(e.to_rejection(event_id(&ev))),
            },
        }
    }

    // ----- for statistics --------------------------------------------------

    pub(crate) fn records(&self) -> &[Rec] {
        &self.log
    }

    pub(crate) fn tenant_of_name(&self, tenant: &str) -> Option<u32> {
        self.tenant_id(tenant)
    }

    pub(crate) fn name_of_tenant(&self, t: u32) -> String {
        self.tenant_name(t)
    }

    pub(crate) fn rec_context(&self, r: &Rec) -> Option<u32> {
        match r.kind {
            Kind::Revealed => Some(r.d),
            Kind::DiagnosticMarked | Kind::DiagnosticUndone => Some(r.a),
            _ => None,
        }
    }

    pub(crate) fn rec_is_reveal(r: &Rec) -> bool {
        r.kind == Kind::Revealed
    }

    pub(crate) fn rec_is_mark(r: &Rec) -> bool {
        r.kind == Kind::DiagnosticMarked
    }

    pub(crate) fn rec_is_undo(r: &Rec) -> bool {
        r.kind == Kind::DiagnosticUndone
    }

    pub(crate) fn rec_first(r: &Rec) -> bool {
        r.flags & FLAG_FIRST != 0
    }

    pub(crate) fn rec_consumed(r: &Rec) -> bool {
        r.flags & FLAG_CONSUMED != 0
    }

    pub(crate) fn is_standing_mark(&self, idx: usize) -> bool {
        let r = &self.log[idx];
        r.kind == Kind::DiagnosticMarked && self.diagnostics.get(&r.a) == Some(&(idx as u32))
    }

    /// Owned contacts of tenant `t` at `now` (R-3.7): the tenant paid for
    /// their current coordinates and they have not left; and those who left.
    pub(crate) fn owned(&self, t: u32, now: DateTime<Utc>) -> (u64, u64) {
        let now = nanos(now);
        let mut owned = 0;
        let mut left = 0;
        for (p, s) in self.subjects.iter().enumerate() {
            if s.paid_version == NONE || self.principals.resolve(p as u32)[..4] != t.to_le_bytes() {
                continue;
            }
            if s.left_at <= now {
                left += 1;
            } else if s.paid_version == s.version {
                owned += 1;
            }
        }
        (owned, left)
    }
}

/// The same request under one key: everything but the instant agrees.
fn same_request(a: &Event, b: &Event) -> bool {
    match (a, b) {
        (
            Event::Revealed { tenant, key, viewer, role, subject, context, .. },
            Event::Revealed { tenant: t2, key: k2, viewer: v2, role: r2, subject: s2, context: c2, .. },
        ) => tenant == t2 && key == k2 && viewer == v2 && role == r2 && subject == s2 && context == c2,
        (
            Event::Enriched { tenant, key, subject, by, .. },
            Event::Enriched { tenant: t2, key: k2, subject: s2, by: b2, .. },
        ) => tenant == t2 && key == k2 && subject == s2 && by == b2,
        _ => false,
    }
}

/// The id a rejection of `ev` names: its key, or its subject, project or requester.
fn event_id(ev: &Event) -> &str {
    match ev {
        Event::Revealed { key, .. } | Event::Enriched { key, .. } => key,
        Event::CoordinatesChanged { subject, .. } | Event::LeftCompany { subject, .. } => subject,
        Event::DiagnosticMarked { project, .. } | Event::DiagnosticUndone { project, .. } => &project.id,
        Event::Recommended { context, .. } | Event::ProjectOpened { context, .. } => &context.id,
    }
}

/// SPEC §0 and R-3.2 checks every event passes before the fold.
fn validate_event(ev: &Event) -> Result<(), Error> {
    nonempty(ev.tenant(), "tenant")?;
    match ev {
        Event::Recommended { context, requester, contact, .. } => {
            check_context(context)?;
            nonempty(requester, "requester")?;
            nonempty(contact, "contact")?;
            if context.kind == ContextKind::Project {
                return Err(Error::WrongContextKind {
                    operation: "a recommendation",
                    expected: "resource or conversation",
                    got: "project",
                    id: context.id.clone(),
                });
            }
        }
        Event::ProjectOpened { context, requester, .. } => {
            check_context(context)?;
            nonempty(requester, "requester")?;
            if context.kind != ContextKind::Project {
                return Err(Error::WrongContextKind {
                    operation: "opening a project",
                    expected: "project",
                    got: context.kind.as_str(),
                    id: context.id.clone(),
                });
            }
        }
        Event::CoordinatesChanged { subject, .. } | Event::LeftCompany { subject, .. } => nonempty(subject, "subject")?,
        Event::Enriched { key, subject, by, .. } => {
            nonempty(key, "key")?;
            nonempty(subject, "subject")?;
            nonempty(by, "by")?;
        }
        Event::Revealed { key, viewer, subject, context, .. } => {
            nonempty(key, "key")?;
            nonempty(viewer, "viewer")?;
            nonempty(subject, "subject")?;
            check_context(context)?;
        }
        Event::DiagnosticMarked { project, actor, .. } | Event::DiagnosticUndone { project, actor, .. } => {
            check_context(project)?;
            nonempty(actor, "actor")?;
            if project.kind != ContextKind::Project {
                return Err(Error::WrongContextKind {
                    operation: "a diagnostic",
                    expected: "project",
                    got: project.kind.as_str(),
                    id: project.id.clone(),
                });
            }
        }
    }
    Ok(())
}

impl PartialEq for RevealLedger {
    /// Two ledgers are equal when their configurations and logs are: the
    /// rest of the state is the fold of the log.
    fn eq(&self, other: &Self) -> bool {
        self.config == other.config && self.log.len() == other.log.len() && self.events() == other.events()
    }
}
