//! Reveal-once visibility (SPEC §3, R-3.1 … R-3.8): who must reveal whose
//! coordinates, what a reveal counts, diagnostics, metering and statistics.
//!
//! - [`RevealLedger`] holds, for every tenant, who revealed whom, in which
//!   scope, and answers [`RevealLedger::can_see`] (R-3.1 … R-3.3) and
//!   [`RevealLedger::reveal`] (first reveal, contact made, unit consumed,
//!   follow-up scheduled: R-3.3b … R-3.5, R-3.7). Interned handles
//!   ([`RevealLedger::principal`], [`RevealLedger::scope`]) give the fast
//!   path [`RevealLedger::can_see_ids`] (one probe of a 16-byte-slot table)
//!   and its bulk form [`RevealLedger::can_see_many`].
//! - Its state is the fold of [`Event`]s: export with
//!   [`RevealLedger::events`], replay with [`RevealLedger::from_events`],
//!   unite offline copies with [`RevealLedger::merge`].
//! - Diagnostics (R-3.6): [`RevealLedger::mark_diagnostic`],
//!   [`RevealLedger::undo_diagnostic`], [`RevealLedger::diagnostic`].
//! - Metering (R-3.7): [`RevealLedger::enrich`], [`RevealLedger::change_coordinates`],
//!   [`RevealLedger::leave_company`]; relations (R-3.2): [`RevealLedger::recommend`],
//!   [`RevealLedger::open_project`].
//! - Statistics (R-3.8): [`RevealLedger::stats`], [`RevealLedger::consumption`].
//!
//! ```
//! use filrouge::reveal::{Config, Context, ContextKind, RevealLedger, RevealRequest, Role, StatsQuery};
//!
//! let mut ledger = RevealLedger::new(Config::default());
//! let project = Context::new("portal-1", ContextKind::Project, "prj-7");
//! let at = "2026-03-02T09:00:00Z".parse().unwrap();
//! ledger.open_project("t1", &project, "req-1", at).unwrap();
//! let reveal = |key: &str| RevealRequest {
//!     key: key.into(), tenant: "t1".into(), viewer: "adv-1".into(), role: Role::AdvisorLocal,
//!     subject: "req-1".into(), context: project.clone(), at, impersonated_by: None };
//! assert!(ledger.reveal(&reveal("k1")).unwrap().contact_made);   // R-3.4: first reveal counts
//! assert!(!ledger.reveal(&reveal("k2")).unwrap().contact_made);  // a later one does not
//! assert_eq!(ledger.stats(&StatsQuery::default()).contacts_made[0].count, 1);
//! ```

mod error;
mod ledger;
mod model;
mod stats;
mod table;

pub use error::Error;
pub use ledger::{ImportReport, MemoryUse, PrincipalId, RevealBatch, RevealLedger, ScopeId};
pub use model::{
    Config, Context, ContextKind, DiagnosticAction, DiagnosticActionKind, DiagnosticRequest, DiagnosticStatus,
    EnrichOutcome, EnrichRequest, Event, PortalOptions, Reason, RevealOutcome, RevealRequest, Role, Scope, Visibility,
};
pub use stats::{
    Consumption, ConsumptionRow, ContactsMadeRow, DiagnosticsRow, Dimension, Period, RevealStats, StatsQuery,
};
