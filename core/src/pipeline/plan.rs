//! The conversion follow-ups after an account is created.

use super::error::Error;
use super::stages::Pipeline;
use crate::time::{add_days, local_day};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// One step of the conversion plan, as configured: its name and when it
/// falls, in whole local days after the day the account was created.
///
/// "After 2–3 weeks" is a window: `after_days` is the first day the step is
/// due, `until_days` (optional) the last day it still counts as on time.
///
/// JSON: `{"step": "test_review", "after_days": 28, "until_days": 35}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanStep {
    /// The step's name (`welcome_call`, `review`, `test_review`, or the host's own).
    pub step: String,
    /// Days from the account's creation day to the day it is due.
    pub after_days: u32,
    /// Days from the account's creation day to the last day of its window, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until_days: Option<u32>,
}

impl PlanStep {
    /// The plan of: a welcome call the day the account is created, a
    /// review after 2 weeks, and a test review 2–3 weeks after that review
    /// (days 28 to 35).
    pub fn default_plan() -> Vec<PlanStep> {
        vec![
            PlanStep { step: "welcome_call".into(), after_days: 0, until_days: None },
            PlanStep { step: "review".into(), after_days: 14, until_days: None },
            PlanStep { step: "test_review".into(), after_days: 28, until_days: Some(35) },
        ]
    }
}

/// A planned conversion follow-up: what, on which local day, for whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedStep {
    /// The step's name.
    pub step: String,
    /// The local day it is due.
    pub due: NaiveDate,
    /// The last local day of its window, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest: Option<NaiveDate>,
}

/// The conversion follow-ups of one organisation, in plan order.
///
/// JSON: `{"organisation_id": "org-1", "account_created_at": …, "created_by":
/// "bob", "steps": [{"step": "welcome_call", "due": "2026-03-10"}, …]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversionPlan {
    /// The organisation (the follow-ups' target).
    pub organisation_id: String,
    /// When its account was (last) created: the anchor of every offset.
    pub account_created_at: DateTime<Utc>,
    /// Who created it: the follow-ups' assignee (R-4.1, assigned to their creator).
    pub created_by: String,
    /// The steps, in plan order.
    pub steps: Vec<PlannedStep>,
}

impl Pipeline {
    /// The conversion follow-ups of organisation `id`, counted in
    /// local days from the day its account was created (the latest move
    /// into `account_created`, so a re-opened organisation's plan starts at
    /// the re-opening). [`Error::NoAccount`] if it is not at `account_created`.
    pub fn plan(&self, id: &str) -> Result<ConversionPlan, Error> {
        let card = self.card(id)?;
        let created =
            card.account_created_at().ok_or_else(|| Error::NoAccount { id: id.to_owned(), stage: card.stage })?;
        let day = local_day(created.at, self.config.time_zone);
        let steps = self
            .config
            .conversion_plan
            .iter()
            .map(|s| PlannedStep {
                step: s.step.clone(),
                due: add_days(day, i64::from(s.after_days)),
                latest: s.until_days.map(|u| add_days(day, i64::from(u.max(s.after_days)))),
            })
            .collect();
        Ok(ConversionPlan {
            organisation_id: id.to_owned(),
            account_created_at: created.at,
            created_by: created.by.clone(),
            steps,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Organisation, OrganisationKind, Stage};
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn created(p: &mut Pipeline, when: &str) {
        let o = Organisation {
            id: "o".into(),
            name: "o".into(),
            kind: OrganisationKind::PublicBody,
            public_service_mission: false,
            attestation: false,
        };
        p.create(o, "alice", at("2026-01-01T09:00:00Z")).unwrap();
        p.move_to("o", Stage::DocumentationSent, "alice", at("2026-01-02T09:00:00Z")).unwrap();
        p.move_to("o", Stage::AccountCreated, "bob", at(when)).unwrap();
    }

    #[test]
    fn r_7_3_default_plan_counts_local_days() {
        let mut p = Pipeline::default();
        // 23:30 UTC on 9 March is 00:30 on 10 March in Paris.
        created(&mut p, "2026-03-09T23:30:00Z");
        let plan = p.plan("o").unwrap();
        let got: Vec<(String, String, Option<String>)> =
            plan.steps.iter().map(|s| (s.step.clone(), s.due.to_string(), s.latest.map(|d| d.to_string()))).collect();
        assert_eq!(
            got,
            [
                ("welcome_call".into(), "2026-03-10".into(), None),
                ("review".into(), "2026-03-24".into(), None),
                ("test_review".into(), "2026-04-07".into(), Some("2026-04-14".into())),
            ]
        );
        assert_eq!(plan.created_by, "bob");
    }

    #[test]
    fn r_7_3_no_plan_before_an_account() {
        let mut p = Pipeline::default();
        created(&mut p, "2026-03-09T09:00:00Z");
        p.cards.get_mut("o").unwrap().stage = Stage::Refused;
        let e = p.plan("o").unwrap_err();
        assert_eq!((e.code(), e.rule()), ("no_account", "R-7.3"));
        assert_eq!(p.plan("nobody").unwrap_err().code(), "unknown_organisation");
    }
}
