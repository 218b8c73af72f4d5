//! The vocabulary of SPEC §3: roles, contexts, configuration, requests,
//! outcomes and the events a ledger is the fold of.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Who is looking (SPEC §3 roles). Advisors come in three levels.
///
/// JSON: `staff`, `admin`, `advisor_national`, `advisor_local`,
/// `advisor_guest`, `requester`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The portal's operators: always see.
    Staff,
    /// Administrators: always see.
    Admin,
    /// A national advisor.
    AdvisorNational,
    /// A local advisor.
    AdvisorLocal,
    /// A guest advisor (invited on a project; never marks diagnostics).
    AdvisorGuest,
    /// Someone who asked for help (a project's requester).
    Requester,
}

impl Role {
    /// Every role, in declaration order.
    pub const ALL: [Role; 6] =
        [Role::Staff, Role::Admin, Role::AdvisorNational, Role::AdvisorLocal, Role::AdvisorGuest, Role::Requester];

    /// staff and admins always see coordinates.
    #[inline]
    pub fn always_sees(self) -> bool {
        matches!(self, Role::Staff | Role::Admin)
    }

    /// Any of the three advisor levels.
    pub fn is_advisor(self) -> bool {
        matches!(self, Role::AdvisorNational | Role::AdvisorLocal | Role::AdvisorGuest)
    }

    /// The lower-snake name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Staff => "staff",
            Role::Admin => "admin",
            Role::AdvisorNational => "advisor_national",
            Role::AdvisorLocal => "advisor_local",
            Role::AdvisorGuest => "advisor_guest",
            Role::Requester => "requester",
        }
    }

    pub(crate) fn index(self) -> u8 {
        self as u8
    }

    pub(crate) fn from_index(i: u8) -> Role {
        Role::ALL[usize::from(i).min(5)]
    }
}

/// Where a coordinate is shown: a project, a resource sheet or a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContextKind {
    /// A project (its requester is revealed by advisors, R-3.2).
    Project,
    /// A resource sheet (contacts recommended to a requester, R-3.2).
    Resource,
    /// A conversation (contacts recommended to a requester, R-3.2).
    Conversation,
}

impl ContextKind {
    /// The lower-snake name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ContextKind::Project => "project",
            ContextKind::Resource => "resource",
            ContextKind::Conversation => "conversation",
        }
    }

    pub(crate) fn from_index(i: u8) -> ContextKind {
        match i {
            0 => ContextKind::Project,
            1 => ContextKind::Resource,
            _ => ContextKind::Conversation,
        }
    }
}

/// The context of a reveal: the portal, and the project, resource
/// sheet or conversation in it. JSON: `{"portal": "p1", "kind": "project", "id": "prj-7"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Context {
    /// The portal (tenants may run several).
    pub portal: String,
    /// Project, resource sheet or conversation.
    pub kind: ContextKind,
    /// The project's, resource's or conversation's id.
    pub id: String,
}

impl Context {
    /// A context from its parts.
    pub fn new(portal: impl Into<String>, kind: ContextKind, id: impl Into<String>) -> Self {
        Context { portal: portal.into(), kind, id: id.into() }
    }

    /// `project prj-7 on p1`.
    pub fn describe(&self) -> String {
        format!("{} {} on {}", self.kind.as_str(), self.id, self.portal)
    }
}

/// The scope of "once".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Once for good, everywhere (default).
    #[default]
    Pair,
    /// Once per portal.
    PairPerPortal,
    /// Once per project, resource sheet or conversation.
    PairPerContext,
}

/// Options of one portal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PortalOptions {
    /// national and local advisors may mark diagnostics (guests never).
    pub advisors_mark_diagnostics: bool,
}

/// The ledger's configuration. Every field has a default; JSON gives only overrides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// the scope of "once" (default `pair`).
    pub scope: Scope,
    /// a reveal lapses when the subject's coordinates change (default false).
    pub lapse_on_coordinate_change: bool,
    /// a reveal lapses this many exact days after it was made (default never).
    pub lapse_after_days: Option<u32>,
    /// a first reveal schedules a follow-up e-mail this many exact days
    /// later (default `None`: off).
    pub follow_up_after_days: Option<u32>,
    /// The zone whose calendar defines days and months of statistics and
    /// consumption (default `Europe/Paris`).
    pub time_zone: Tz,
    /// Per-portal options; a portal not listed has the defaults.
    pub portals: BTreeMap<String, PortalOptions>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            scope: Scope::Pair,
            lapse_on_coordinate_change: false,
            lapse_after_days: None,
            follow_up_after_days: None,
            time_zone: crate::time::DEFAULT_TIME_ZONE,
            portals: BTreeMap::new(),
        }
    }
}

/// A request to reveal `subject`'s coordinates to `viewer` (R-3.2 … ).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevealRequest {
    /// The idempotency key, chosen by the host, unique per tenant: the same
    /// request replayed with the same key never counts twice.
    pub key: String,
    /// The subscription the viewer belongs to.
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
    pub at: DateTime<Utc>,
    /// R-3.3b: the administrator impersonating `viewer`, if any: then
    /// nothing is logged and nothing counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impersonated_by: Option<String>,
}

/// Why a viewer sees, or does not see, a subject's coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// staff and admins always see.
    Always,
    /// everyone sees their own coordinates.
    Own,
    /// revealed before, in scope and not lapsed.
    Revealed,
    /// must reveal first (recommended to them, or the project's requester).
    MustReveal,
    /// was revealed, but the reveal lapsed; must reveal again.
    Lapsed,
    /// Nothing relates the viewer to the subject here: hidden, and no reveal is possible.
    NotRelated,
    /// R-3.3b: shown to an administrator impersonating the viewer, not logged.
    Impersonated,
}

/// What `can_see` answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Visibility {
    /// Whether the coordinates are shown.
    pub visible: bool,
    /// Why.
    pub reason: Reason,
}

/// What a reveal did (R-3.3 … ).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RevealOutcome {
    /// The coordinates are shown now.
    pub visible: bool,
    /// Why they are shown (`revealed`, `always`, `own`, `impersonated`).
    pub reason: Reason,
    /// The request was recorded in the log (false when impersonated or not needed).
    pub logged: bool,
    /// this was the pair's first reveal in scope (or the first since it lapsed).
    pub first: bool,
    /// it counted as one contact made (same as `first`).
    pub contact_made: bool,
    /// it cost one unit of the tenant's month consumption.
    pub consumed: bool,
    /// the instant of the follow-up e-mail it scheduled, if any.
    pub follow_up_at: Option<DateTime<Utc>>,
    /// The key had been seen: this is the original request's outcome, and nothing new counted.
    pub replayed: bool,
}

/// An enrichment of a subject's coordinates by an external source.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnrichRequest {
    /// The idempotency key (same space as reveal keys of the tenant).
    pub key: String,
    /// The subscription.
    pub tenant: String,
    /// Whose coordinates.
    pub subject: String,
    /// The user who asked for it.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Whether the source found the coordinate; a failure costs nothing.
    pub succeeded: bool,
}

/// What an enrichment did.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EnrichOutcome {
    /// Recorded in the log (successful enrichments only).
    pub logged: bool,
    /// it cost one unit of the month.
    pub consumed: bool,
    /// The key had been seen: the original outcome, nothing new counted.
    pub replayed: bool,
}

/// A diagnostic mark or its undoing on a project.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiagnosticRequest {
    /// The subscription.
    pub tenant: String,
    /// The project (a context of kind `project`).
    pub project: Context,
    /// Who marks or undoes.
    pub actor: String,
    /// Their role (staff and admins; advisors where the portal allows).
    pub role: Role,
    /// When.
    pub at: DateTime<Utc>,
}

/// One recorded action on a project's diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DiagnosticAction {
    /// `marked` or `undone`.
    pub action: DiagnosticActionKind,
    /// Who.
    pub actor: String,
    /// Their role.
    pub role: Role,
    /// When.
    pub at: DateTime<Utc>,
}

/// The two diagnostic actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiagnosticActionKind {
    /// Marked done.
    Marked,
    /// A mark undone.
    Undone,
}

/// A project's diagnostic: the standing mark and every recorded action.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DiagnosticStatus {
    /// Whether a mark stands.
    pub marked: bool,
    /// Who made the standing mark.
    pub marked_by: Option<String>,
    /// When.
    pub marked_at: Option<DateTime<Utc>>,
    /// Every mark and undo, oldest first.
    pub history: Vec<DiagnosticAction>,
}

/// One entry of the ledger's log. The ledger's state is the fold of its
/// events in canonical order: by instant, then by variant in the order
/// declared here, then by fields (tenant, key, …). JSON is tagged by
/// `event`: `{"event": "revealed", "at": …, …}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case", deny_unknown_fields)]
pub enum Event {
    /// `contact` was recommended to `requester` in a resource sheet or conversation.
    Recommended {
        /// When.
        at: DateTime<Utc>,
        /// The subscription.
        tenant: String,
        /// The resource sheet or conversation.
        context: Context,
        /// Who received the recommendation.
        requester: String,
        /// Who was recommended.
        contact: String,
    },
    /// a project was opened by `requester`; its advisors must reveal them.
    ProjectOpened {
        /// When.
        at: DateTime<Utc>,
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
        at: DateTime<Utc>,
        /// The subscription.
        tenant: String,
        /// Whose coordinates.
        subject: String,
    },
    /// the subject left the company; they stop counting.
    LeftCompany {
        /// When.
        at: DateTime<Utc>,
        /// The subscription.
        tenant: String,
        /// Who left.
        subject: String,
    },
    /// a successful enrichment of the subject's coordinates.
    Enriched {
        /// When.
        at: DateTime<Utc>,
        /// The subscription.
        tenant: String,
        /// The idempotency key.
        key: String,
        /// Whose coordinates.
        subject: String,
        /// Who asked for it.
        by: String,
    },
    /// a reveal (impersonated ones are never logged, R-3.3b).
    Revealed {
        /// When.
        at: DateTime<Utc>,
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
        at: DateTime<Utc>,
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
        at: DateTime<Utc>,
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

impl Event {
    /// The event's instant.
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            Event::Recommended { at, .. }
            | Event::ProjectOpened { at, .. }
            | Event::CoordinatesChanged { at, .. }
            | Event::LeftCompany { at, .. }
            | Event::Enriched { at, .. }
            | Event::Revealed { at, .. }
            | Event::DiagnosticMarked { at, .. }
            | Event::DiagnosticUndone { at, .. } => *at,
        }
    }

    /// The event's tenant.
    pub fn tenant(&self) -> &str {
        match self {
            Event::Recommended { tenant, .. }
            | Event::ProjectOpened { tenant, .. }
            | Event::CoordinatesChanged { tenant, .. }
            | Event::LeftCompany { tenant, .. }
            | Event::Enriched { tenant, .. }
            | Event::Revealed { tenant, .. }
            | Event::DiagnosticMarked { tenant, .. }
            | Event::DiagnosticUndone { tenant, .. } => tenant,
        }
    }

    /// The canonical order of the fold: instant, then variant, then fields.
    pub fn canonical_cmp(&self, other: &Event) -> std::cmp::Ordering {
        self.at().cmp(&other.at()).then_with(|| self.cmp(other))
    }
}
