//! The day plan.

use super::Error;
use super::model::{FollowUp, Lateness};
use crate::Rejection;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A company of the user's routines without a follow-up, as scored by the
/// routines (SPEC §5): `{"company_id": "552100554", "score": 80}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suspect {
    /// The company.
    pub company_id: String,
    /// Its score (R-5.1: 40 … 100).
    pub score: u32,
}

/// The optional third part of a day plan.
///
/// JSON: `{"suspects": [{"company_id", "score"}], "max_suspects": 10}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlanOptions {
    /// Scored companies of the user's routines (the host passes the
    /// routines' ranking); empty = no suspects in the plan.
    pub suspects: Vec<Suspect>,
    /// At most this many suspects (default 10).
    pub max_suspects: usize,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions { suspects: Vec::new(), max_suspects: 10 }
    }
}

/// One line of a day plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PlanItem {
    /// A to-do follow-up of a target with an open opportunity.
    Opportunity {
        /// The follow-up.
        followup: FollowUp,
        /// Its lateness.
        lateness: Lateness,
    },
    /// Another to-do follow-up.
    FollowUp {
        /// The follow-up.
        followup: FollowUp,
        /// Its lateness.
        lateness: Lateness,
    },
    /// A well-scored company without a follow-up.
    Suspect {
        /// The company.
        company_id: String,
        /// Its score.
        score: u32,
    },
}

impl PlanItem {
    /// The target (or company) of the line.
    pub fn target_id(&self) -> &str {
        match self {
            PlanItem::Opportunity { followup, .. } | PlanItem::FollowUp { followup, .. } => &followup.target_id,
            PlanItem::Suspect { company_id, .. } => company_id,
        }
    }
}

/// A day plan, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayPlan {
    /// Opportunities, then other to-do follow-ups, then suspects.
    pub items: Vec<PlanItem>,
    /// Refused input: suspects with an empty company id, follow-ups refused
    /// by [`super::day_plan`].
    #[serde(default)]
    pub rejected: Vec<Rejection>,
}

/// The best `max` suspects without a follow-up, by score (highest first)
/// then company id. A company listed twice counts once, with its best score.
pub(crate) fn best_suspects(
    suspects: &[Suspect],
    max: usize,
    has_followup: impl Fn(&str) -> bool,
) -> (Vec<PlanItem>, Vec<Rejection>) {
    let mut rejected = Vec::new();
    let mut best: BTreeMap<&str, u32> = BTreeMap::new();
    for s in suspects {
        if s.company_id.is_empty() {
            rejected.push(Error::EmptyTarget.to_rejection(""));
            continue;
        }
        let e = best.entry(s.company_id.as_str()).or_insert(s.score);
        *e = (*e).max(s.score);
    }
    let mut ranked: Vec<(&str, u32)> = best.into_iter().filter(|(id, _)| !has_followup(id)).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let items = ranked
        .into_iter()
        .take(max)
        .map(|(id, score)| PlanItem::Suspect { company_id: id.to_owned(), score })
        .collect();
    (items, rejected)
}
