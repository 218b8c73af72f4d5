//! The conversion follow-ups after an account is created, an
//! cadence anchored on the account's creation day.

use super::error::Error;
use super::stages::Pipeline;
use crate::followup::{Cadence, CadenceRun, CadenceStep, FollowUp, Offset, Priority};
use crate::time::local_day;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// One step of the conversion plan, as configured: its name and when it
/// falls, in whole local days after the day the account was created.
///
/// "After 2–3 weeks" is a window: `after_days` is the first day the step is
/// due, `until_days` (optional) the last day it still counts as on time.
/// Each step is one [`CadenceStep`] (see [`PlanStep::cadence_step`]).
///
/// JSON: `{"step": "test_review", "after_days": 28, "until_days": 35}`;
/// `priority` (the follow-up's) defaults to `normal`.
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
    /// The priority of the step's follow-up.
    #[serde(default, skip_serializing_if = "is_normal")]
    pub priority: Priority,
}

fn is_normal(p: &Priority) -> bool {
    *p == Priority::Normal
}

impl PlanStep {
    /// The plan of: a welcome call the day the account is created, a
    /// review after 2 weeks, and a test review 2–3 weeks after that review
    /// (days 28 to 35).
    pub fn default_plan() -> Vec<PlanStep> {
        let step = |name: &str, after_days, until_days| PlanStep {
            step: name.into(),
            after_days,
            until_days,
            priority: Priority::Normal,
        };
        vec![step("welcome_call", 0, None), step("review", 14, None), step("test_review", 28, Some(35))]
    }

    /// The step as an cadence step: `after_days` (and `until_days`)
    /// days after the cadence's event, the account's creation day; the step
    /// name is the follow-up's note.
    pub fn cadence_step(&self) -> CadenceStep {
        let mut s = CadenceStep::new(Offset::Days(self.after_days)).priority(self.priority).note(&self.step);
        s.until = self.until_days.map(Offset::Days);
        s
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
    /// The conversion plan as an cadence (one step per
    /// [`PlanStep`], see [`PlanStep::cadence_step`]); empty if the
    /// configured plan is.
    pub fn conversion_cadence(&self) -> Cadence {
        Cadence { steps: self.config.conversion_plan.iter().map(PlanStep::cadence_step).collect() }
    }

    /// Starts the conversion cadence of organisation `id`:
    /// the run the host stores next to the organisation and the first
    /// step's follow-up (target the organisation, assigned to whoever
    /// created the account, origin `automation`, the step name as note).
    /// `run.done(&pipeline.conversion_cadence(), day)` gives the next ones.
    /// [`Error::NoAccount`] if it is not at `account_created`.
    pub fn start_conversion(&self, id: &str) -> Result<(CadenceRun, FollowUp), Error> {
        let (_, created_by, day) = self.account(id)?;
        Ok(self.conversion_cadence().start(id, [created_by.to_owned()].into(), day)?)
    }

    fn account(&self, id: &str) -> Result<(DateTime<Utc>, &str, NaiveDate), Error> {
        let card = self.card(id)?;
        let created =
            card.account_created_at().ok_or_else(|| Error::NoAccount { id: id.to_owned(), stage: card.stage })?;
        Ok((created.at, created.by.as_str(), local_day(created.at, self.config.time_zone)))
    }

    /// The conversion follow-ups of organisation `id`, counted in
    /// local days from the day its account was created (the latest move
    /// into `account_created`, so a re-opened organisation's plan starts at
    /// the re-opening). [`Error::NoAccount`] if it is not at `account_created`.
    ///
    /// The steps are the conversion cadence's run, each step done on its due
    /// day (the configured steps count from the account's creation, so the
    /// day a step is done does not move the next ones).
    pub fn plan(&self, id: &str) -> Result<ConversionPlan, Error> {
        let (at, created_by, _) = self.account(id)?;
        let mut steps = Vec::with_capacity(self.config.conversion_plan.len());
        if !self.config.conversion_plan.is_empty() {
            let cadence = self.conversion_cadence();
            let (mut run, mut followup) = self.start_conversion(id)?;
            loop {
                let step = followup.last_note.take().unwrap_or_default();
                steps.push(PlannedStep { step, due: run.due, latest: run.latest });
                match run.done(&cadence, run.due)? {
                    Some(next) => followup = next,
                    None => break,
                }
            }
        }
        Ok(ConversionPlan {
            organisation_id: id.to_owned(),
            account_created_at: at,
            created_by: created_by.to_owned(),
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
    fn r_7_3_the_plan_is_a_cadence_run_and_its_follow_ups() {
        use crate::followup::{Origin, Priority};
        let mut p = Pipeline::default();
        p.config.conversion_plan[0].priority = Priority::High;
        created(&mut p, "2026-03-10T14:00:00Z");
        let cadence = p.conversion_cadence();
        assert_eq!(cadence.steps[2], CadenceStep::new(Offset::Days(28)).until(Offset::Days(35)).note("test_review"));
        let (mut run, welcome) = p.start_conversion("o").unwrap();
        assert_eq!(
            (welcome.target_id.as_str(), welcome.due.to_string(), welcome.priority, welcome.origin),
            ("o", "2026-03-10".to_owned(), Priority::High, Origin::Automation)
        );
        assert_eq!(welcome.assignees, ["bob".to_owned()].into());
        assert_eq!(welcome.last_note.as_deref(), Some("welcome_call"));
        // Done late: the next steps still count from the account's creation.
        let review = run.done(&cadence, "2026-03-13".parse().unwrap()).unwrap().unwrap();
        assert_eq!((review.due.to_string(), review.priority), ("2026-03-24".to_owned(), Priority::Normal));
        let test = run.done(&cadence, "2026-03-30".parse().unwrap()).unwrap().unwrap();
        assert_eq!(
            (test.due.to_string(), run.latest.map(|d| d.to_string())),
            ("2026-04-07".into(), Some("2026-04-14".into()))
        );
        assert_eq!(run.done(&cadence, "2026-04-08".parse().unwrap()).unwrap(), None);
        let plan = p.plan("o").unwrap();
        assert_eq!(plan.steps.iter().map(|s| s.due).collect::<Vec<_>>(), [welcome.due, review.due, test.due]);
    }

    #[test]
    fn r_7_3_an_empty_plan_has_no_steps_and_no_cadence() {
        let mut p = Pipeline::default();
        p.config.conversion_plan.clear();
        created(&mut p, "2026-03-10T14:00:00Z");
        assert!(p.plan("o").unwrap().steps.is_empty());
        let e = p.start_conversion("o").unwrap_err();
        assert_eq!((e.code(), e.rule()), ("empty_cadence", "R-4.8"));
        p.cards.get_mut("o").unwrap().stage = Stage::Refused;
        assert_eq!(p.start_conversion("o").unwrap_err().code(), "no_account");
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
