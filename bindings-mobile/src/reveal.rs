//! Reveal-once visibility (SPEC §3, R-3.1 … ): the records of
//! `filrouge::reveal` as uniffi records and enums, and the long-lived
//! [`RevealLedger`] as an object. Offline use: export the ledger's event
//! log ([`RevealLedger::events`], or as JSON text with
//! [`RevealLedger::events_json`]), persist it, replay it
//! ([`RevealLedger::from_events`], [`RevealLedger::import`]) and unite
//! copies ([`RevealLedger::merge`]).
//!
//! Two names differ from the core's, because uniffi's namespace is flat and
//! `history` already exposes them: the core's `reveal::Config` is
//! [`RevealConfig`] and `reveal::Visibility` is [`RevealVisibility`].

use crate::convert::{Timestamp, lock, time_zone};
use crate::error::FilrougeError;
use filrouge::Rejection;
use filrouge::reveal::{
    self as core, Consumption, ConsumptionRow, ContactsMadeRow, Context, ContextKind, DiagnosticAction,
    DiagnosticActionKind, DiagnosticRequest, DiagnosticStatus, DiagnosticsRow, Dimension, EnrichOutcome, EnrichRequest,
    Event, Period, PortalOptions, Reason, RevealOutcome, RevealRequest, RevealStats, Role, Scope, StatsQuery,
};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

// --- Vocabulary ---------------------------------------------------------------

/// Who is looking (SPEC §3 roles).
#[uniffi::remote(Enum)]
pub enum Role {
    /// The portal's operators: always see.
    Staff,
    /// Administrators: always see.
    Admin,
    /// A national advisor.
    AdvisorNational,
    /// A local advisor.
    AdvisorLocal,
    /// A guest advisor.
    AdvisorGuest,
    /// Someone who asked for help (a project's requester).
    Requester,
}

/// Where a coordinate is shown.
#[uniffi::remote(Enum)]
pub enum ContextKind {
    /// A project.
    Project,
    /// A resource sheet.
    Resource,
    /// A conversation.
    Conversation,
}

/// The context of a reveal: the portal, and the project, resource
/// sheet or conversation in it.
#[uniffi::remote(Record)]
pub struct Context {
    /// The portal.
    pub portal: String,
    /// Project, resource sheet or conversation.
    pub kind: ContextKind,
    /// Its id.
    pub id: String,
}

/// The scope of "once".
#[uniffi::remote(Enum)]
pub enum Scope {
    /// Once for good, everywhere (default).
    Pair,
    /// Once per portal.
    PairPerPortal,
    /// Once per project, resource sheet or conversation.
    PairPerContext,
}

/// Options of one portal.
#[uniffi::remote(Record)]
pub struct PortalOptions {
    /// National and local advisors may mark diagnostics (guests never).
    pub advisors_mark_diagnostics: bool,
}

/// Why a viewer sees, or does not see, a subject's coordinates.
#[uniffi::remote(Enum)]
pub enum Reason {
    /// staff and admins always see.
    Always,
    /// everyone sees their own coordinates.
    Own,
    /// revealed before, in scope and not lapsed.
    Revealed,
    /// must reveal first.
    MustReveal,
    /// the reveal lapsed; must reveal again.
    Lapsed,
    /// Nothing relates the viewer to the subject here.
    NotRelated,
    /// R-3.3b: shown to an administrator impersonating the viewer, not logged.
    Impersonated,
}

/// The two diagnostic actions.
#[uniffi::remote(Enum)]
pub enum DiagnosticActionKind {
    /// Marked done.
    Marked,
    /// A mark undone.
    Undone,
}

/// The calendar unit statistics are grouped by.
#[uniffi::remote(Enum)]
pub enum Period {
    /// `2026-03-02`.
    Day,
    /// `2026-03` (default).
    Month,
    /// `2026`.
    Year,
    /// One period for everything.
    All,
}

/// A dimension contacts made can be grouped by.
#[uniffi::remote(Enum)]
pub enum Dimension {
    /// The portal.
    Portal,
    /// The project, resource sheet or conversation.
    Context,
    /// The viewer's role.
    Role,
}

// --- Configuration ------------------------------------------------------------

/// The ledger's configuration (the core's `reveal::Config`). Start from
/// [`default_reveal_config`] and change what differs.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RevealConfig {
    /// the scope of "once".
    pub scope: Scope,
    /// a reveal lapses when the subject's coordinates change.
    pub lapse_on_coordinate_change: bool,
    /// a reveal lapses this many exact days after it was made; null = never.
    pub lapse_after_days: Option<u32>,
    /// a first reveal schedules a follow-up this many exact days later; null = off.
    pub follow_up_after_days: Option<u32>,
    /// IANA zone of the calendar of statistics and consumption (`Europe/Paris`).
    pub time_zone: String,
    /// Per-portal options.
    pub portals: HashMap<String, PortalOptions>,
}

impl TryFrom<RevealConfig> for core::Config {
    type Error = FilrougeError;
    fn try_from(c: RevealConfig) -> Result<Self, FilrougeError> {
        Ok(core::Config {
            scope: c.scope,
            lapse_on_coordinate_change: c.lapse_on_coordinate_change,
            lapse_after_days: c.lapse_after_days,
            follow_up_after_days: c.follow_up_after_days,
            time_zone: time_zone(&c.time_zone)?,
            portals: c.portals.into_iter().collect(),
        })
    }
}

impl From<&core::Config> for RevealConfig {
    fn from(c: &core::Config) -> Self {
        RevealConfig {
            scope: c.scope,
            lapse_on_coordinate_change: c.lapse_on_coordinate_change,
            lapse_after_days: c.lapse_after_days,
            follow_up_after_days: c.follow_up_after_days,
            time_zone: c.time_zone.name().to_owned(),
            portals: c.portals.clone().into_iter().collect(),
        }
    }
}

/// The SPEC's defaults: scope `Pair`, no lapse, no follow-up, `Europe/Paris`.
#[uniffi::export]
pub fn default_reveal_config() -> RevealConfig {
    (&core::Config::default()).into()
}

// --- Requests and outcomes ----------------------------------------------------

/// A request to reveal `subject`'s coordinates to `viewer` (R-3.2 … ).
#[uniffi::remote(Record)]
pub struct RevealRequest {
    /// The idempotency key, unique per tenant.
    pub key: String,
    /// The subscription.
    pub tenant: String,
    /// Who reveals.
    pub viewer: String,
    /// The viewer's role.
    pub role: Role,
    /// Whose coordinates.
    pub subject: String,
    /// Where.
    pub context: Context,
    /// When.
    pub at: Timestamp,
    /// R-3.3b: the administrator impersonating `viewer`, if any.
    #[uniffi(default)]
    pub impersonated_by: Option<String>,
}

/// What `can_see` answers (the core's `reveal::Visibility`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct RevealVisibility {
    /// Whether the coordinates are shown.
    pub visible: bool,
    /// Why.
    pub reason: Reason,
}

impl From<core::Visibility> for RevealVisibility {
    fn from(v: core::Visibility) -> Self {
        RevealVisibility { visible: v.visible, reason: v.reason }
    }
}

/// What a reveal did.
#[uniffi::remote(Record)]
pub struct RevealOutcome {
    /// The coordinates are shown now.
    pub visible: bool,
    /// Why.
    pub reason: Reason,
    /// The request was recorded in the log.
    pub logged: bool,
    /// the pair's first reveal in scope (or since it lapsed).
    pub first: bool,
    /// it counted as one contact made.
    pub contact_made: bool,
    /// it cost one unit.
    pub consumed: bool,
    /// the follow-up it scheduled, if any.
    pub follow_up_at: Option<Timestamp>,
    /// The key had been seen: the original outcome, nothing new counted.
    pub replayed: bool,
}

/// The outcome of one request of a batch, by key.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct KeyedOutcome {
    /// The request's key.
    pub key: String,
    /// What it did.
    pub outcome: RevealOutcome,
}

/// Reveals of a batch (the core's `RevealBatch`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RevealBatch {
    /// Each accepted request's outcome, in input order.
    pub outcomes: Vec<KeyedOutcome>,
    /// Refused requests (by key), with the rule broken.
    pub rejected: Vec<Rejection>,
}

/// An enrichment of a subject's coordinates by an external source.
#[uniffi::remote(Record)]
pub struct EnrichRequest {
    /// The idempotency key.
    pub key: String,
    /// The subscription.
    pub tenant: String,
    /// Whose coordinates.
    pub subject: String,
    /// Who asked for it.
    pub by: String,
    /// When.
    pub at: Timestamp,
    /// Whether the source found the coordinate.
    pub succeeded: bool,
}

/// What an enrichment did.
#[uniffi::remote(Record)]
pub struct EnrichOutcome {
    /// Recorded in the log.
    pub logged: bool,
    /// it cost one unit.
    pub consumed: bool,
    /// The key had been seen.
    pub replayed: bool,
}

/// A diagnostic mark or its undoing on a project.
#[uniffi::remote(Record)]
pub struct DiagnosticRequest {
    /// The subscription.
    pub tenant: String,
    /// The project.
    pub project: Context,
    /// Who marks or undoes.
    pub actor: String,
    /// Their role.
    pub role: Role,
    /// When.
    pub at: Timestamp,
}

/// One recorded action on a project's diagnostic.
#[uniffi::remote(Record)]
pub struct DiagnosticAction {
    /// Marked or undone.
    pub action: DiagnosticActionKind,
    /// Who.
    pub actor: String,
    /// Their role.
    pub role: Role,
    /// When.
    pub at: Timestamp,
}

/// A project's diagnostic: the standing mark and every recorded action.
#[uniffi::remote(Record)]
pub struct DiagnosticStatus {
    /// Whether a mark stands.
    pub marked: bool,
    /// Who made the standing mark.
    pub marked_by: Option<String>,
    /// When.
    pub marked_at: Option<Timestamp>,
    /// Every mark and undo, oldest first.
    pub history: Vec<DiagnosticAction>,
}

// --- The event log ------------------------------------------------------------

/// One entry of the ledger's log; the ledger is the fold of its events.
#[uniffi::remote(Enum)]
pub enum Event {
    /// `contact` was recommended to `requester`.
    Recommended {
        /// When.
        at: Timestamp,
        /// The subscription.
        tenant: String,
        /// The resource sheet or conversation.
        context: Context,
        /// Who received the recommendation.
        requester: String,
        /// Who was recommended.
        contact: String,
    },
    /// a project was opened by `requester`.
    ProjectOpened {
        /// When.
        at: Timestamp,
        /// The subscription.
        tenant: String,
        /// The project.
        context: Context,
        /// The project's requester.
        requester: String,
    },
    /// the subject's coordinates changed.
    CoordinatesChanged {
        /// When.
        at: Timestamp,
        /// The subscription.
        tenant: String,
        /// Whose coordinates.
        subject: String,
    },
    /// the subject left the company.
    LeftCompany {
        /// When.
        at: Timestamp,
        /// The subscription.
        tenant: String,
        /// Who left.
        subject: String,
    },
    /// a successful enrichment.
    Enriched {
        /// When.
        at: Timestamp,
        /// The subscription.
        tenant: String,
        /// The idempotency key.
        key: String,
        /// Whose coordinates.
        subject: String,
        /// Who asked for it.
        by: String,
    },
    /// a reveal.
    Revealed {
        /// When.
        at: Timestamp,
        /// The subscription.
        tenant: String,
        /// The idempotency key.
        key: String,
        /// Who revealed.
        viewer: String,
        /// Their role.
        role: Role,
        /// Whose coordinates.
        subject: String,
        /// Where.
        context: Context,
    },
    /// a project's diagnostic was marked done.
    DiagnosticMarked {
        /// When.
        at: Timestamp,
        /// The subscription.
        tenant: String,
        /// The project.
        project: Context,
        /// Who marked it.
        actor: String,
        /// Their role.
        role: Role,
    },
    /// the standing mark was undone.
    DiagnosticUndone {
        /// When.
        at: Timestamp,
        /// The subscription.
        tenant: String,
        /// The project.
        project: Context,
        /// Who undid it.
        actor: String,
        /// Their role.
        role: Role,
    },
}

/// What an import or merge did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ImportReport {
    /// Events new to this ledger.
    pub added: u64,
    /// Events already held.
    pub duplicates: u64,
    /// Events the fold refused, with the rule.
    pub rejected: Vec<Rejection>,
}

impl From<core::ImportReport> for ImportReport {
    fn from(r: core::ImportReport) -> Self {
        ImportReport { added: r.added as u64, duplicates: r.duplicates as u64, rejected: r.rejected }
    }
}

// --- Statistics (R-3.8) -------------------------------------------------------

/// Which statistics to compute. `default_stats_query()` gives every
/// tenant, all time, by month, grouped by portal, context and role.
#[uniffi::remote(Record)]
pub struct StatsQuery {
    /// Only this tenant.
    #[uniffi(default)]
    pub tenant: Option<String>,
    /// Events at or after this instant.
    #[uniffi(default)]
    pub from: Option<Timestamp>,
    /// Events before this instant.
    #[uniffi(default)]
    pub to: Option<Timestamp>,
    /// The calendar unit.
    pub period: Period,
    /// Dimensions of contacts made.
    pub group_by: Vec<Dimension>,
}

/// The core's default statistics query.
#[uniffi::export]
pub fn default_stats_query() -> StatsQuery {
    StatsQuery::default()
}

/// Contacts made (first reveals, R-3.4) in one group.
#[uniffi::remote(Record)]
pub struct ContactsMadeRow {
    /// The subscription.
    pub tenant: String,
    /// The portal, when grouped by portal.
    pub portal: Option<String>,
    /// The context's kind, when grouped by context.
    pub context_kind: Option<ContextKind>,
    /// The context's id, when grouped by context.
    pub context_id: Option<String>,
    /// The role, when grouped by role.
    pub role: Option<Role>,
    /// The period label, unless the period is `All`.
    pub period: Option<String>,
    /// How many.
    pub count: u64,
}

/// Diagnostics done and undone on one portal.
#[uniffi::remote(Record)]
pub struct DiagnosticsRow {
    /// The subscription.
    pub tenant: String,
    /// The portal.
    pub portal: String,
    /// The period label, unless the period is `All`.
    pub period: Option<String>,
    /// Marks.
    pub done: u64,
    /// Undos.
    pub undone: u64,
}

/// Units consumed by a tenant in one month.
#[uniffi::remote(Record)]
pub struct ConsumptionRow {
    /// The subscription.
    pub tenant: String,
    /// `2026-03`.
    pub month: String,
    /// Units.
    pub units: u64,
}

/// The statistics of.
#[uniffi::remote(Record)]
pub struct RevealStats {
    /// Contacts made.
    pub contacts_made: Vec<ContactsMadeRow>,
    /// Diagnostics.
    pub diagnostics: Vec<DiagnosticsRow>,
    /// Consumption.
    pub consumption: Vec<ConsumptionRow>,
}

/// A tenant's consumption.
#[uniffi::remote(Record)]
pub struct Consumption {
    /// The subscription.
    pub tenant: String,
    /// Units by month.
    pub months: Vec<ConsumptionRow>,
    /// Contacts whose current coordinates the tenant paid for and who have not left.
    pub owned: u64,
    /// Paid-for contacts who left.
    pub left: u64,
}

// --- The ledger -------------------------------------------------------------

/// Who revealed whom, per tenant and scope (SPEC §3). Thread-safe; freed
/// by `use {}`/`destroy()` in Kotlin, by ARC in Swift. Equality (`==`) is
/// the core's: same events, same state.
#[derive(Debug, uniffi::Object)]
#[uniffi::export(Eq)]
pub struct RevealLedger {
    engine: Mutex<core::RevealLedger>,
}

impl PartialEq for RevealLedger {
    fn eq(&self, other: &Self) -> bool {
        if std::ptr::eq(self, other) {
            return true;
        }
        match (self.engine.lock(), other.engine.lock()) {
            (Ok(a), Ok(b)) => *a == *b,
            _ => false,
        }
    }
}

impl Eq for RevealLedger {}

impl RevealLedger {
    fn wrap(ledger: core::RevealLedger) -> Arc<Self> {
        Arc::new(RevealLedger { engine: Mutex::new(ledger) })
    }
}

#[uniffi::export]
impl RevealLedger {
    /// An empty ledger.
    #[uniffi::constructor]
    pub fn new(config: RevealConfig) -> Result<Arc<Self>, FilrougeError> {
        Ok(Self::wrap(core::RevealLedger::new(config.try_into()?)))
    }

    /// A ledger replayed from an exported event log (the core's
    /// `from_events`). Events the fold refuses are left out; to see them,
    /// `import` the log into a `new` ledger instead.
    #[uniffi::constructor]
    pub fn from_events(config: RevealConfig, events: Vec<Event>) -> Result<Arc<Self>, FilrougeError> {
        Ok(Self::wrap(core::RevealLedger::from_events(config.try_into()?, events).0))
    }

    /// A ledger replayed from an event log exported by
    /// [`RevealLedger::events_json`]. Fails with `invalid_input` when the
    /// text is not such a log.
    #[uniffi::constructor]
    pub fn from_events_json(config: RevealConfig, json: String) -> Result<Arc<Self>, FilrougeError> {
        Self::from_events(config, parse_events(&json)?)
    }

    /// The configuration.
    pub fn config(&self) -> Result<RevealConfig, FilrougeError> {
        Ok(lock(&self.engine)?.config().into())
    }

    /// Events in the log.
    pub fn len(&self) -> Result<u64, FilrougeError> {
        Ok(lock(&self.engine)?.len() as u64)
    }

    /// Whether the log is empty.
    pub fn is_empty(&self) -> Result<bool, FilrougeError> {
        Ok(lock(&self.engine)?.is_empty())
    }

    /// Pairs revealed (in any scope).
    pub fn revealed_pairs(&self) -> Result<u64, FilrougeError> {
        Ok(lock(&self.engine)?.revealed_pairs() as u64)
    }

    /// Whether `viewer` sees `subject`'s coordinates in `context` at `now` (R-3.1 … ).
    pub fn can_see(
        &self,
        tenant: String,
        viewer: String,
        role: Role,
        subject: String,
        context: Context,
        now: Timestamp,
    ) -> Result<RevealVisibility, FilrougeError> {
        Ok(lock(&self.engine)?.can_see(&tenant, &viewer, role, &subject, &context, now).into())
    }

    /// `contact` is recommended to `requester` in a resource sheet or conversation.
    pub fn recommend(
        &self,
        tenant: String,
        context: Context,
        requester: String,
        contact: String,
        at: Timestamp,
    ) -> Result<(), FilrougeError> {
        Ok(lock(&self.engine)?.recommend(&tenant, &context, &requester, &contact, at)?)
    }

    /// `requester` opened a project; its advisors must reveal them.
    pub fn open_project(
        &self,
        tenant: String,
        context: Context,
        requester: String,
        at: Timestamp,
    ) -> Result<(), FilrougeError> {
        Ok(lock(&self.engine)?.open_project(&tenant, &context, &requester, at)?)
    }

    /// the subject's coordinates changed.
    pub fn change_coordinates(&self, tenant: String, subject: String, at: Timestamp) -> Result<(), FilrougeError> {
        Ok(lock(&self.engine)?.change_coordinates(&tenant, &subject, at)?)
    }

    /// the subject left the company.
    pub fn leave_company(&self, tenant: String, subject: String, at: Timestamp) -> Result<(), FilrougeError> {
        Ok(lock(&self.engine)?.leave_company(&tenant, &subject, at)?)
    }

    /// Reveals (R-3.3b … ).
    pub fn reveal(&self, request: RevealRequest) -> Result<RevealOutcome, FilrougeError> {
        Ok(lock(&self.engine)?.reveal(&request)?)
    }

    /// Reveals a batch: outcomes by key, refused requests with their rule.
    pub fn reveal_many(&self, requests: Vec<RevealRequest>) -> Result<RevealBatch, FilrougeError> {
        let out = lock(&self.engine)?.reveal_many(&requests);
        Ok(RevealBatch {
            outcomes: out.outcomes.into_iter().map(|(key, outcome)| KeyedOutcome { key, outcome }).collect(),
            rejected: out.rejected,
        })
    }

    /// an enrichment by an external source.
    pub fn enrich(&self, request: EnrichRequest) -> Result<EnrichOutcome, FilrougeError> {
        Ok(lock(&self.engine)?.enrich(&request)?)
    }

    /// marks a project's diagnostic done.
    pub fn mark_diagnostic(&self, request: DiagnosticRequest) -> Result<DiagnosticStatus, FilrougeError> {
        Ok(lock(&self.engine)?.mark_diagnostic(&request)?)
    }

    /// undoes the standing mark.
    pub fn undo_diagnostic(&self, request: DiagnosticRequest) -> Result<DiagnosticStatus, FilrougeError> {
        Ok(lock(&self.engine)?.undo_diagnostic(&request)?)
    }

    /// a project's diagnostic.
    pub fn diagnostic(&self, tenant: String, project: Context) -> Result<DiagnosticStatus, FilrougeError> {
        Ok(lock(&self.engine)?.diagnostic(&tenant, &project))
    }

    /// statistics.
    pub fn stats(&self, query: StatsQuery) -> Result<RevealStats, FilrougeError> {
        Ok(lock(&self.engine)?.stats(&query))
    }

    /// a tenant's consumption at `now`.
    pub fn consumption(&self, tenant: String, now: Timestamp) -> Result<Consumption, FilrougeError> {
        Ok(lock(&self.engine)?.consumption(&tenant, now))
    }

    /// The event log, in canonical order (to persist, or send to a server).
    pub fn events(&self) -> Result<Vec<Event>, FilrougeError> {
        Ok(lock(&self.engine)?.events())
    }

    /// The event log as the core serializes it (JSON array, canonical order).
    pub fn events_json(&self) -> Result<String, FilrougeError> {
        let events = lock(&self.engine)?.events();
        serde_json::to_string(&events).map_err(|e| FilrougeError::internal(format!("events to JSON: {e}")))
    }

    /// Adds events (from another copy, a server): new ones are folded in,
    /// held ones counted as duplicates, refused ones returned with their rule.
    pub fn import(&self, events: Vec<Event>) -> Result<ImportReport, FilrougeError> {
        Ok(lock(&self.engine)?.import(events).into())
    }

    /// [`RevealLedger::import`] of a log exported by [`RevealLedger::events_json`].
    pub fn import_json(&self, json: String) -> Result<ImportReport, FilrougeError> {
        let events = parse_events(&json)?;
        Ok(lock(&self.engine)?.import(events).into())
    }

    /// Unites `other`'s events into this ledger (offline copies).
    pub fn merge(&self, other: Arc<RevealLedger>) -> Result<ImportReport, FilrougeError> {
        if std::ptr::eq(self, &*other) {
            // Merging a ledger into itself: every event is already held.
            let other = lock(&self.engine)?.clone();
            return Ok(lock(&self.engine)?.merge(&other).into());
        }
        let from = lock(&other.engine)?.clone();
        Ok(lock(&self.engine)?.merge(&from).into())
    }
}

/// An event log as JSON text.
fn parse_events(json: &str) -> Result<Vec<Event>, FilrougeError> {
    serde_json::from_str(json).map_err(|e| FilrougeError::invalid_input(format!("not a reveal event log: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn export_import_and_merge_round_trip() {
        let a = RevealLedger::new(default_reveal_config()).unwrap();
        let ctx = Context { portal: "p1".into(), kind: ContextKind::Resource, id: "res-1".into() };
        a.recommend("t1".into(), ctx.clone(), "req-1".into(), "c-1".into(), at("2026-03-02T09:00:00Z")).unwrap();
        let out = a
            .reveal(RevealRequest {
                key: "k1".into(),
                tenant: "t1".into(),
                viewer: "req-1".into(),
                role: Role::Requester,
                subject: "c-1".into(),
                context: ctx,
                at: at("2026-03-02T10:00:00Z"),
                impersonated_by: None,
            })
            .unwrap();
        assert!(out.contact_made);
        let b = RevealLedger::from_events_json(default_reveal_config(), a.events_json().unwrap()).unwrap();
        assert!(*a == *b);
        let c = RevealLedger::new(default_reveal_config()).unwrap();
        assert_eq!(c.merge(b.clone()).unwrap().added, 2);
        assert_eq!(c.merge(c.clone()).unwrap().added, 0);
        assert_eq!(a.import_json("[{]".into()).unwrap_err().code(), "invalid_input");
    }
}
