//! Mirrors of the reveal records (SPEC §3, core `reveal`).

use super::{Conv, mirror_struct, mirror_unit_enum};
use chrono::{DateTime, Utc};
use filrouge::reveal as r;
use napi_derive::napi;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Who is looking.
#[napi(string_enum = "snake_case")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Staff,
    Admin,
    AdvisorNational,
    AdvisorLocal,
    AdvisorGuest,
    Requester,
}
mirror_unit_enum!(Role <=> r::Role { Staff, Admin, AdvisorNational, AdvisorLocal, AdvisorGuest, Requester });

/// What a reveal context is.
#[napi(string_enum = "snake_case")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContextKind {
    Project,
    Resource,
    Conversation,
}
mirror_unit_enum!(ContextKind <=> r::ContextKind { Project, Resource, Conversation });

/// Where a reveal happens: a portal's project, resource or conversation.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RevealContext {
    /// The portal.
    pub portal: String,
    /// The kind of context.
    pub kind: ContextKind,
    /// Its id in the portal.
    pub id: String,
}
mirror_struct!(RevealContext <=> r::Context { portal, kind, id });

/// What a reveal unlocks.
#[napi(string_enum = "snake_case")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevealScope {
    Pair,
    PairPerPortal,
    PairPerContext,
}
mirror_unit_enum!(RevealScope <=> r::Scope { Pair, PairPerPortal, PairPerContext });

/// A portal's options (every field optional).
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PortalOptions {
    /// Whether advisors may mark diagnostics (R-3.6; default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advisors_mark_diagnostics: Option<bool>,
}
mirror_struct!(PortalOptions <=> r::PortalOptions { advisors_mark_diagnostics: opt });

/// A ledger's configuration (every field optional).
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RevealConfig {
    /// What a reveal unlocks (default `pair`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<RevealScope>,
    /// Whether a change of coordinates lapses reveals (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lapse_on_coordinate_change: Option<bool>,
    /// Days after which a reveal lapses (default never).
    #[serde(default)]
    #[napi(ts_type = "number | null")]
    pub lapse_after_days: Option<u32>,
    /// Days after a first reveal when a follow-up is due (default none).
    #[serde(default)]
    #[napi(ts_type = "number | null")]
    pub follow_up_after_days: Option<u32>,
    /// The IANA time zone (default `Europe/Paris`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[napi(ts_type = "string")]
    pub time_zone: Option<chrono_tz::Tz>,
    /// Options by portal id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[napi(ts_type = "{ [portal: string]: PortalOptions }")]
    pub portals: Option<BTreeMap<String, PortalOptions>>,
}

impl Conv<r::Config> for RevealConfig {
    fn conv(self) -> r::Config {
        let RevealConfig {
            scope,
            lapse_on_coordinate_change,
            lapse_after_days,
            follow_up_after_days,
            time_zone,
            portals,
        } = self;
        let default = r::Config::default();
        r::Config {
            scope: scope.map(Conv::conv).unwrap_or(default.scope),
            lapse_on_coordinate_change: lapse_on_coordinate_change.unwrap_or(default.lapse_on_coordinate_change),
            lapse_after_days: lapse_after_days.or(default.lapse_after_days),
            follow_up_after_days: follow_up_after_days.or(default.follow_up_after_days),
            time_zone: time_zone.unwrap_or(default.time_zone),
            portals: portals.map(Conv::conv).unwrap_or(default.portals),
        }
    }
}

impl Conv<RevealConfig> for r::Config {
    fn conv(self) -> RevealConfig {
        let r::Config { scope, lapse_on_coordinate_change, lapse_after_days, follow_up_after_days, time_zone, portals } =
            self;
        RevealConfig {
            scope: Some(scope.conv()),
            lapse_on_coordinate_change: Some(lapse_on_coordinate_change),
            lapse_after_days,
            follow_up_after_days,
            time_zone: Some(time_zone),
            portals: Some(portals.conv()),
        }
    }
}

/// A request to reveal a contact.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RevealRequest {
    /// The idempotency key.
    pub key: String,
    /// The tenant.
    pub tenant: String,
    /// Who looks.
    pub viewer: String,
    /// Their role.
    pub role: Role,
    /// Whom they look at.
    pub subject: String,
    /// Where.
    pub context: RevealContext,
    /// When.
    #[napi(ts_type = "Instant")]
    pub at: DateTime<Utc>,
    /// The staff member impersonating the viewer, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impersonated_by: Option<String>,
}
mirror_struct!(RevealRequest <=> r::RevealRequest { key, tenant, viewer, role, subject, context, at, impersonated_by });

/// Why a contact is visible or not.
#[napi(string_enum = "snake_case")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevealReason {
    Always,
    Own,
    Revealed,
    MustReveal,
    Lapsed,
    NotRelated,
    Impersonated,
}
mirror_unit_enum!(RevealReason <=> r::Reason { Always, Own, Revealed, MustReveal, Lapsed, NotRelated, Impersonated });

/// Whether a viewer sees a subject, and why.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RevealVisibility {
    /// Whether they see it.
    pub visible: bool,
    /// Why.
    pub reason: RevealReason,
}
mirror_struct!(RevealVisibility <=> r::Visibility { visible, reason });

/// What a reveal did.
#[napi(object, object_to_js = false, object_from_js = false, use_nullable = true)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RevealOutcome {
    /// Whether the subject is visible.
    pub visible: bool,
    /// Why.
    pub reason: RevealReason,
    /// Whether the reveal was logged.
    pub logged: bool,
    /// Whether it was the pair's first.
    pub first: bool,
    /// Whether it counts as a contact made.
    pub contact_made: bool,
    /// Whether it consumed a unit.
    pub consumed: bool,
    /// When a follow-up is due (RFC 3339, UTC), if any.
    #[napi(ts_type = "string")]
    pub follow_up_at: Option<DateTime<Utc>>,
    /// Whether the key had been seen (idempotent replay).
    pub replayed: bool,
}
mirror_struct!(RevealOutcome <=> r::RevealOutcome {
    visible,
    reason,
    logged,
    first,
    contact_made,
    consumed,
    follow_up_at,
    replayed
});

/// The outcomes of a batch of reveals (`[key, outcome]` in order) and the refusals.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RevealBatch {
    /// `[key, outcome]` pairs, in order.
    #[napi(ts_type = "Array<[string, RevealOutcome]>")]
    pub outcomes: Vec<(String, RevealOutcome)>,
    /// The refused requests.
    pub rejected: Vec<filrouge::Rejection>,
}

impl Conv<RevealBatch> for r::RevealBatch {
    fn conv(self) -> RevealBatch {
        let r::RevealBatch { outcomes, rejected } = self;
        RevealBatch { outcomes: outcomes.into_iter().map(|(k, o)| (k, o.conv())).collect(), rejected }
    }
}

/// A request to enrich a contact.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EnrichRequest {
    /// The idempotency key.
    pub key: String,
    /// The tenant.
    pub tenant: String,
    /// The contact enriched.
    pub subject: String,
    /// Who asked.
    pub by: String,
    /// When.
    #[napi(ts_type = "Instant")]
    pub at: DateTime<Utc>,
    /// Whether the enrichment found something.
    pub succeeded: bool,
}
mirror_struct!(EnrichRequest <=> r::EnrichRequest { key, tenant, subject, by, at, succeeded });

/// What an enrichment did.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnrichOutcome {
    /// Whether it was logged.
    pub logged: bool,
    /// Whether it consumed a unit.
    pub consumed: bool,
    /// Whether the key had been seen.
    pub replayed: bool,
}
mirror_struct!(EnrichOutcome <=> r::EnrichOutcome { logged, consumed, replayed });

/// A request to mark or undo a project's diagnostic.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DiagnosticRequest {
    /// The tenant.
    pub tenant: String,
    /// The project.
    pub project: RevealContext,
    /// Who acts.
    pub actor: String,
    /// Their role.
    pub role: Role,
    /// When.
    #[napi(ts_type = "Instant")]
    pub at: DateTime<Utc>,
}
mirror_struct!(DiagnosticRequest <=> r::DiagnosticRequest { tenant, project, actor, role, at });

/// A diagnostic action.
#[napi(string_enum = "snake_case")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiagnosticActionKind {
    Marked,
    Undone,
}
mirror_unit_enum!(DiagnosticActionKind <=> r::DiagnosticActionKind { Marked, Undone });

/// One action on a project's diagnostic.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticAction {
    /// Marked or undone.
    pub action: DiagnosticActionKind,
    /// Who.
    pub actor: String,
    /// Their role.
    pub role: Role,
    /// When (RFC 3339, UTC).
    #[napi(ts_type = "string")]
    pub at: DateTime<Utc>,
}
mirror_struct!(DiagnosticAction <=> r::DiagnosticAction { action, actor, role, at });

/// A project's diagnostic status.
#[napi(object, object_to_js = false, object_from_js = false, use_nullable = true)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticStatus {
    /// Whether it is marked.
    pub marked: bool,
    /// Who marked it, if marked.
    pub marked_by: Option<String>,
    /// When (RFC 3339, UTC), if marked.
    #[napi(ts_type = "string")]
    pub marked_at: Option<DateTime<Utc>>,
    /// Every action, oldest first.
    pub history: Vec<DiagnosticAction>,
}
mirror_struct!(DiagnosticStatus <=> r::DiagnosticStatus { marked, marked_by, marked_at, history });

/// One fact of a ledger's log.
#[napi(discriminant = "event", discriminant_case = "snake_case", object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case", rename_all_fields = "camelCase", deny_unknown_fields)]
pub enum RevealEvent {
    /// A contact recommended to a requester.
    Recommended {
        #[napi(ts_type = "Instant")]
        at: DateTime<Utc>,
        tenant: String,
        context: RevealContext,
        requester: String,
        contact: String,
    },
    /// A project opened by a requester.
    ProjectOpened {
        #[napi(ts_type = "Instant")]
        at: DateTime<Utc>,
        tenant: String,
        context: RevealContext,
        requester: String,
    },
    /// A contact's coordinates changed.
    CoordinatesChanged {
        #[napi(ts_type = "Instant")]
        at: DateTime<Utc>,
        tenant: String,
        subject: String,
    },
    /// A contact left their company.
    LeftCompany {
        #[napi(ts_type = "Instant")]
        at: DateTime<Utc>,
        tenant: String,
        subject: String,
    },
    /// A contact enriched.
    Enriched {
        #[napi(ts_type = "Instant")]
        at: DateTime<Utc>,
        tenant: String,
        key: String,
        subject: String,
        by: String,
    },
    /// A contact revealed.
    Revealed {
        #[napi(ts_type = "Instant")]
        at: DateTime<Utc>,
        tenant: String,
        key: String,
        viewer: String,
        role: Role,
        subject: String,
        context: RevealContext,
    },
    /// A project's diagnostic marked.
    DiagnosticMarked {
        #[napi(ts_type = "Instant")]
        at: DateTime<Utc>,
        tenant: String,
        project: RevealContext,
        actor: String,
        role: Role,
    },
    /// A project's diagnostic undone.
    DiagnosticUndone {
        #[napi(ts_type = "Instant")]
        at: DateTime<Utc>,
        tenant: String,
        project: RevealContext,
        actor: String,
        role: Role,
    },
}

impl Conv<r::Event> for RevealEvent {
    fn conv(self) -> r::Event {
        use RevealEvent as M;
        use r::Event as C;
        match self {
            M::Recommended { at, tenant, context, requester, contact } => {
                C::Recommended { at, tenant, context: context.conv(), requester, contact }
            }
            M::ProjectOpened { at, tenant, context, requester } => {
                C::ProjectOpened { at, tenant, context: context.conv(), requester }
            }
            M::CoordinatesChanged { at, tenant, subject } => C::CoordinatesChanged { at, tenant, subject },
            M::LeftCompany { at, tenant, subject } => C::LeftCompany { at, tenant, subject },
            M::Enriched { at, tenant, key, subject, by } => C::Enriched { at, tenant, key, subject, by },
            M::Revealed { at, tenant, key, viewer, role, subject, context } => {
                C::Revealed { at, tenant, key, viewer, role: role.conv(), subject, context: context.conv() }
            }
            M::DiagnosticMarked { at, tenant, project, actor, role } => {
                C::DiagnosticMarked { at, tenant, project: project.conv(), actor, role: role.conv() }
            }
            M::DiagnosticUndone { at, tenant, project, actor, role } => {
                C::DiagnosticUndone { at, tenant, project: project.conv(), actor, role: role.conv() }
            }
        }
    }
}

impl Conv<RevealEvent> for r::Event {
    fn conv(self) -> RevealEvent {
        use RevealEvent as M;
        use r::Event as C;
        match self {
            C::Recommended { at, tenant, context, requester, contact } => {
                M::Recommended { at, tenant, context: context.conv(), requester, contact }
            }
            C::ProjectOpened { at, tenant, context, requester } => {
                M::ProjectOpened { at, tenant, context: context.conv(), requester }
            }
            C::CoordinatesChanged { at, tenant, subject } => M::CoordinatesChanged { at, tenant, subject },
            C::LeftCompany { at, tenant, subject } => M::LeftCompany { at, tenant, subject },
            C::Enriched { at, tenant, key, subject, by } => M::Enriched { at, tenant, key, subject, by },
            C::Revealed { at, tenant, key, viewer, role, subject, context } => {
                M::Revealed { at, tenant, key, viewer, role: role.conv(), subject, context: context.conv() }
            }
            C::DiagnosticMarked { at, tenant, project, actor, role } => {
                M::DiagnosticMarked { at, tenant, project: project.conv(), actor, role: role.conv() }
            }
            C::DiagnosticUndone { at, tenant, project, actor, role } => {
                M::DiagnosticUndone { at, tenant, project: project.conv(), actor, role: role.conv() }
            }
        }
    }
}

/// What an import or merge of events did.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    /// Events added.
    #[napi(ts_type = "number")]
    pub added: usize,
    /// Events already in the ledger.
    #[napi(ts_type = "number")]
    pub duplicates: usize,
    /// Events refused.
    pub rejected: Vec<filrouge::Rejection>,
}
mirror_struct!(ImportReport <=> r::ImportReport { added, duplicates, rejected });

/// The ledger's memory use, in bytes.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MemoryUse {
    /// The pair table.
    #[napi(ts_type = "number")]
    pub pair_table: usize,
    /// The event log.
    #[napi(ts_type = "number")]
    pub log: usize,
    /// The interned ids.
    #[napi(ts_type = "number")]
    pub ids: usize,
    /// The subjects' states.
    #[napi(ts_type = "number")]
    pub subjects: usize,
}
mirror_struct!(MemoryUse <=> r::MemoryUse { pair_table, log, ids, subjects });

/// The period of statistics rows.
#[napi(string_enum = "snake_case")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatsPeriod {
    Day,
    Month,
    Year,
    All,
}
mirror_unit_enum!(StatsPeriod <=> r::Period { Day, Month, Year, All });

/// A dimension statistics are grouped by.
#[napi(string_enum = "snake_case")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatsDimension {
    Portal,
    Context,
    Role,
}
mirror_unit_enum!(StatsDimension <=> r::Dimension { Portal, Context, Role });

/// A statistics query: every field optional.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StatsQuery {
    /// Only this tenant.
    #[serde(default)]
    #[napi(ts_type = "string | null")]
    pub tenant: Option<String>,
    /// From this instant on.
    #[serde(default)]
    #[napi(ts_type = "Instant | null")]
    pub from: Option<DateTime<Utc>>,
    /// Before this instant.
    #[serde(default)]
    #[napi(ts_type = "Instant | null")]
    pub to: Option<DateTime<Utc>>,
    /// The rows' period (default `month`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<StatsPeriod>,
    /// The dimensions (default all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_by: Option<Vec<StatsDimension>>,
}

impl Conv<r::StatsQuery> for StatsQuery {
    fn conv(self) -> r::StatsQuery {
        let StatsQuery { tenant, from, to, period, group_by } = self;
        let default = r::StatsQuery::default();
        r::StatsQuery {
            tenant: tenant.or(default.tenant),
            from: from.or(default.from),
            to: to.or(default.to),
            period: period.map(Conv::conv).unwrap_or(default.period),
            group_by: group_by.map(Conv::conv).unwrap_or(default.group_by),
        }
    }
}

/// Contacts made, per group.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactsMadeRow {
    /// The tenant.
    pub tenant: String,
    /// The portal (grouped by portal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portal: Option<String>,
    /// The context's kind (grouped by context).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_kind: Option<ContextKind>,
    /// The context's id (grouped by context).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_id: Option<String>,
    /// The viewer's role (grouped by role).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// The period (`2026-03`), unless `all`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// How many.
    #[napi(ts_type = "number")]
    pub count: u64,
}
mirror_struct!(ContactsMadeRow <=> r::ContactsMadeRow { tenant, portal, context_kind, context_id, role, period, count });

/// Diagnostics done and undone, per portal.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticsRow {
    /// The tenant.
    pub tenant: String,
    /// The portal.
    pub portal: String,
    /// The period, unless `all`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// Diagnostics marked.
    #[napi(ts_type = "number")]
    pub done: u64,
    /// Diagnostics undone.
    #[napi(ts_type = "number")]
    pub undone: u64,
}
mirror_struct!(DiagnosticsRow <=> r::DiagnosticsRow { tenant, portal, period, done, undone });

/// Units consumed by a tenant in a month.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsumptionRow {
    /// The tenant.
    pub tenant: String,
    /// The month (`2026-03`).
    pub month: String,
    /// Units consumed.
    #[napi(ts_type = "number")]
    pub units: u64,
}
mirror_struct!(ConsumptionRow <=> r::ConsumptionRow { tenant, month, units });

/// Reveal statistics.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RevealStats {
    /// Contacts made.
    pub contacts_made: Vec<ContactsMadeRow>,
    /// Diagnostics.
    pub diagnostics: Vec<DiagnosticsRow>,
    /// Consumption.
    pub consumption: Vec<ConsumptionRow>,
}
mirror_struct!(RevealStats <=> r::RevealStats { contacts_made, diagnostics, consumption });

/// A tenant's consumption.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Consumption {
    /// The tenant.
    pub tenant: String,
    /// Units per month.
    pub months: Vec<ConsumptionRow>,
    /// Units owned.
    #[napi(ts_type = "number")]
    pub owned: u64,
    /// Units left.
    #[napi(ts_type = "number")]
    pub left: u64,
}
mirror_struct!(Consumption <=> r::Consumption { tenant, months, owned, left });
