//! Routines and suspect scoring (SPEC §5, R-5.1 … R-5.6).
//!
//! - [`Routine`]: mandatory and weighted criteria (conditions of R-6.1 over
//!   company fields, R-5.6), validated once.
//! - [`score`] over JSON companies, or [`score_table`] over a columnar
//!   [`Companies`] table built once (the fast path: criteria are evaluated
//!   column by column into bit words): in the routine iff every mandatory
//!   criterion is met, score `min(100, 40 + Σ weights)`, ranked best first
//!   then by id (R-5.1), each score explained (R-5.2); refused companies
//!   come back apart.
//! - [`rescore`] / [`changes`]: entered, left, changed and crossed
//!   `notify_at` since the previous run (R-5.3).
//! - [`Tags`] per (company, routine) and the follow-up rule (R-5.4);
//!   [`Directory`]: who sees which routine and each user's default (R-5.5).
//!
//! ```
//! use filrouge::scoring::{rescore, Previous, Routine};
//! use serde_json::{json, Map, Value};
//!
//! let routine: Routine = serde_json::from_value(json!({
//!   "id": "r-it", "title": "IT services", "users": ["u-anne"], "notify_at": 70,
//!   "mandatory": [{"field": "naf", "op": "starts_with", "value": "62"}],
//!   "weighted": [{"weight": "important", "condition": {"field": "headcount", "op": "ge", "value": 10}}]
//! })).unwrap();
//! let today: Vec<Map<String, Value>> = serde_json::from_value(json!([
//!   {"id": "552100554", "naf": "62.01Z", "headcount": 12}
//! ])).unwrap();
//! let yesterday = [Previous { company_id: "552100554".into(), score: 40 }];
//! let r = rescore(&routine, &yesterday, &today);
//! assert_eq!(r.changes.crossed, vec!["552100554"]); // 40 → 70 reaches notify_at
//! ```

mod compile;
mod error;
mod routine;
mod score;
mod table;
mod tags;

pub use error::Error;
pub use routine::{BASE_SCORE, Criterion, MAX_WEIGHTED, Routine, Weight};
pub use score::{
    Changes, Contribution, Previous, Ranked, RankedRow, Rescoring, ScoreChange, Scoring, TableScoring, changes,
    explain, rescore, score, score_table,
};
pub use table::{ColumnError, Companies};
pub use tags::{Directory, FollowupTagging, Licence, Tag, TagState, Tags};
