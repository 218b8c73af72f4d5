//! Contact history and report reconciliation (SPEC §1), and the restitution
//! filters that decide what a history shows (SPEC §2, R-2.1 … ).
//!
//! - [`reconcile`] attaches each advisor's [`Report`] to the captured
//!   [`Contact`] it describes (R-1.3 … ), flags orphans and
//!   report-born contacts, and rejects bad records.
//! - [`reconcile_indexed`] is the same over any [`ContactRecord`] and
//!   [`ReportRecord`] (owned, or the borrowed [`ContactRef`] and
//!   [`ReportRef`]), answering with positions in the inputs instead of ids.
//! - [`Reconciler`] does the same incrementally, for contacts and reports
//!   arriving late and in any order, and reports what changed.
//! - [`history`] builds a client's history.
//! - [`restitution`] says whether a contact is shown (R-2.1 … ).

mod error;
mod matching;
mod model;
mod reconcile;
mod reconciler;
mod record;
mod restitution;
mod validate;
mod view;

pub use error::Error;
pub use model::{CallOutcome, Channel, Config, Contact, Direction, MailSource, Report, Restitution};
pub use reconcile::{
    IndexedLink, IndexedOrphan, IndexedReconciliation, Link, LinkRule, Orphan, OrphanStatus, Reconciliation, reconcile,
    reconcile_indexed,
};
pub use reconciler::{Change, Reconciler, ReportState};
pub use record::{ContactRecord, ContactRef, ReportRecord, ReportRef};
pub use restitution::{HiddenReason, Visibility, call_outcome, hidden_reason, is_private_subject, restitution};
pub use view::{Coverage, Entry, EntryKind, History, HistoryOptions, history, truncate_chars};
