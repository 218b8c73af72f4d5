//! Follow-ups ("relances", SPEC §4, R-4.1 … R-4.8): who has to call which
//! target back, when, and in what order.
//!
//! - [`FollowUp`] is the record; [`FollowUp::new`] and [`Draft`] apply the
//!   defaults of R-4.1 (due today, `normal`, assigned to its creator) and the
//!   background [`Preset`]s (+365 / +730 days, `low`).
//! - [`merge`] is R-4.2 (one follow-up per target; commutative, associative,
//!   idempotent); [`FollowUp::unassign`] is R-4.3.
//! - [`lists`] gives a user's to-do and upcoming lists (R-4.4) with each
//!   item's [`Lateness`] (R-4.5); [`day_plan`] the day plan (R-4.6).
//! - [`FollowUpBook`] holds follow-ups in memory, merges on insert,
//!   removes (R-4.3), lists, pages with opaque keyset cursors (R-4.7) and
//!   plans the day; its [`BookState`] is plain serde data two books merge by.
//! - [`FollowUpColumns`] is the columnar bulk input of a book
//!   ([`FollowUpBook::put_columns`]): the same merge and checks as
//!   [`FollowUpBook::put_all`], read from a few arrays.
//! - [`Cadence`] and [`CadenceRun`] are R-4.8.
//!
//! Routines, tags and open opportunities (the filters of R-4.4 and the
//! order of R-4.6) are what the host knows of a *target*: it gives them as
//! [`TargetInfo`] (a map by target id, or [`FollowUpBook::set_target`]).
//!
//! ```
//! use filrouge::followup::{lists, Filters, FollowUp, Lateness};
//! use std::collections::BTreeMap;
//!
//! let followups: Vec<FollowUp> = serde_json::from_str(r#"[
//!   {"target_id": "t1", "assignees": ["adv-1"], "due": "2026-03-01"},
//!   {"target_id": "t2", "assignees": ["adv-1"], "due": "2026-03-02", "priority": "high"},
//!   {"target_id": "t3", "assignees": ["adv-1"], "due": "2026-03-09"}
//! ]"#).unwrap();
//! let today = "2026-03-02".parse().unwrap();
//! let l = lists(&followups, &BTreeMap::new(), "adv-1", today, &Filters::default()).unwrap();
//! let todo: Vec<&str> = l.todo.iter().map(|i| i.followup.target_id.as_str()).collect();
//! assert_eq!(todo, ["t2", "t1"]); // high first (R-4.4)
//! assert_eq!(l.todo[1].lateness, Lateness::Overdue { days: 1 }); // R-4.5
//! assert_eq!(l.upcoming[0].followup.target_id, "t3");
//! ```

mod book;
mod cadence;
mod columns;
mod error;
mod model;
mod plan;
mod table;

pub use book::{BookState, FollowUpBook, List, ListItem, Lists, Page, Put, Removal};
pub use cadence::{Anchor, Cadence, CadenceRun, CadenceStep, Offset};
pub use columns::{FollowUpColumns, RefusedRow};
pub use error::Error;
pub use model::{Config, Draft, Filters, FollowUp, Lateness, Origin, Preset, Priority, TargetInfo, merge};
pub use plan::{DayPlan, PlanItem, PlanOptions, Suspect};

use chrono::NaiveDate;
use std::collections::BTreeMap;

fn book_of(followups: &[FollowUp], targets: &BTreeMap<String, TargetInfo>) -> (FollowUpBook, Vec<crate::Rejection>) {
    let (mut book, rejected) = FollowUpBook::from_followups(followups.iter().cloned());
    for (id, info) in targets {
        book.set_target(id, info.clone());
    }
    (book, rejected)
}

/// R-4.4 over a batch: `user`'s to-do and upcoming lists at the local date
/// `today`, each item with its lateness (R-4.5).
///
/// Follow-ups on the same target are merged first (R-4.2); invalid ones come
/// back in `rejected` (the others still run). `targets` says what the host
/// knows of each target (routines, tags, open opportunity) for the filters.
/// An empty `user` is an error.
pub fn lists(
    followups: &[FollowUp],
    targets: &BTreeMap<String, TargetInfo>,
    user: &str,
    today: NaiveDate,
    filters: &Filters,
) -> Result<Lists, Error> {
    let (book, rejected) = book_of(followups, targets);
    let mut l = book.lists(user, today, filters)?;
    l.rejected = rejected;
    Ok(l)
}

/// R-4.6 over a batch: `user`'s day plan at `today` (see
/// [`FollowUpBook::day_plan`]); follow-ups merge per target first (R-4.2).
pub fn day_plan(
    followups: &[FollowUp],
    targets: &BTreeMap<String, TargetInfo>,
    user: &str,
    today: NaiveDate,
    filters: &Filters,
    options: &PlanOptions,
) -> Result<DayPlan, Error> {
    let (book, mut rejected) = book_of(followups, targets);
    let mut plan = book.day_plan(user, today, filters, options)?;
    rejected.append(&mut plan.rejected);
    plan.rejected = rejected;
    Ok(plan)
}
