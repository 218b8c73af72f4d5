//! Cadences (R-4.8): a sequence of follow-ups at offsets from an event,
//! each step created when the previous one is done.
//!
//! A [`Cadence`] is the plan (reusable: the onboarding pipeline's
//! conversion follow-ups of R-7.3 are one); a [`CadenceRun`] is one target's
//! progress through it, plain data the host stores next to the target.

use super::Error;
use super::model::{FollowUp, Origin, Priority};
use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// How far after its anchor a step is due.
///
/// JSON: `{"days": 15}`, `{"weeks": 3}`, `{"months": 1}`. Months step the
/// calendar and clamp to the month's end (Jan 31 + 1 month = Feb 28).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Offset {
    /// Calendar days.
    Days(u32),
    /// Weeks of 7 days.
    Weeks(u32),
    /// Calendar months.
    Months(u32),
}

impl Offset {
    /// `day + self`; `None` past the calendar's range.
    pub fn add_to(self, day: NaiveDate) -> Option<NaiveDate> {
        match self {
            Offset::Days(n) => day.checked_add_days(Days::new(u64::from(n))),
            Offset::Weeks(n) => day.checked_add_days(Days::new(u64::from(n) * 7)),
            Offset::Months(n) => day.checked_add_months(Months::new(n)),
        }
    }

    fn describe(self) -> String {
        match self {
            Offset::Days(n) => format!("{n} days"),
            Offset::Weeks(n) => format!("{n} weeks"),
            Offset::Months(n) => format!("{n} months"),
        }
    }
}

/// What a step's offset counts from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// The cadence's event (the default, R-4.8 "offsets from an event").
    #[default]
    Event,
    /// The day the previous step was done (for the first step: the event).
    PreviousDone,
}

/// One step of a cadence.
///
/// JSON: `{"offset": {"weeks": 2}, "priority": "high", "note": "review"}`;
/// `from` (`event` | `previous_done`) defaults to `event`, `priority` to `normal`.
///
/// A step may be a window ("after 2–3 weeks"): `offset` is when it is due,
/// `until` (optional, same anchor) the last day it still counts as on time,
/// e.g. `{"offset": {"weeks": 2}, "until": {"weeks": 3}}`. An `until` before
/// the offset is read as the due day (a window of one day).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CadenceStep {
    /// When the step is due, after its anchor.
    pub offset: Offset,
    /// What the offset counts from.
    #[serde(default)]
    pub from: Anchor,
    /// The step's follow-up priority.
    #[serde(default)]
    pub priority: Priority,
    /// The last day of the step's window, from the same anchor, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Offset>,
    /// The step's note (becomes the follow-up's `last_note`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl CadenceStep {
    /// A `normal` step at `offset` after the event, without a note.
    pub fn new(offset: Offset) -> Self {
        CadenceStep { offset, from: Anchor::Event, priority: Priority::Normal, until: None, note: None }
    }

    /// The same step with a priority.
    pub fn priority(mut self, priority: Priority) -> Self {
        self.priority = priority;
        self
    }

    /// The same step with a note.
    pub fn note(mut self, note: &str) -> Self {
        self.note = Some(note.to_owned());
        self
    }

    /// The same step as a window ending `until` after its anchor.
    pub fn until(mut self, until: Offset) -> Self {
        self.until = Some(until);
        self
    }

    /// The same step counted from the day the previous step was done.
    pub fn after_previous(mut self) -> Self {
        self.from = Anchor::PreviousDone;
        self
    }
}

/// A sequence of follow-up steps at offsets from an event (R-4.8).
///
/// ```
/// use filrouge::followup::{Cadence, CadenceStep, Offset, Priority};
/// // R-7.3: welcome call, review after 2 weeks, test review after 3 weeks.
/// let onboarding = Cadence::new(vec![
///     CadenceStep::new(Offset::Days(0)).priority(Priority::High).note("welcome call"),
///     CadenceStep::new(Offset::Weeks(2)).note("review"),
///     CadenceStep::new(Offset::Weeks(3)).note("test review"),
/// ]).unwrap();
/// let event = "2026-03-02".parse().unwrap();
/// let (mut run, first) = onboarding.start("org-1", ["adv-1".to_owned()].into(), event).unwrap();
/// assert_eq!(first.due, event);
/// let second = run.done(&onboarding, "2026-03-03".parse().unwrap()).unwrap().unwrap();
/// assert_eq!(second.due.to_string(), "2026-03-16");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cadence {
    /// The steps, in the order they are worked.
    pub steps: Vec<CadenceStep>,
}

/// One target's progress through a cadence: plain data the host keeps.
///
/// JSON: `{"target_id", "assignees", "event": "2026-03-02", "step": 1,
/// "due": "2026-03-16", "finished": false}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CadenceRun {
    /// The target the cadence runs on.
    pub target_id: String,
    /// Who its follow-ups are assigned to.
    pub assignees: BTreeSet<String>,
    /// The event the offsets count from.
    pub event: NaiveDate,
    /// The current step (0-based); equals the number of steps once finished.
    pub step: usize,
    /// The current step's due date (the last step's once finished).
    pub due: NaiveDate,
    /// The last day of the current step's window, if the step has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest: Option<NaiveDate>,
    /// Every step is done.
    #[serde(default)]
    pub finished: bool,
}

impl Cadence {
    /// A cadence of `steps`; at least one.
    pub fn new(steps: Vec<CadenceStep>) -> Result<Cadence, Error> {
        let c = Cadence { steps };
        c.validate()?;
        Ok(c)
    }

    /// A cadence needs at least one step.
    pub fn validate(&self) -> Result<(), Error> {
        if self.steps.is_empty() { Err(Error::EmptyCadence) } else { Ok(()) }
    }

    /// The due date of step `step` given the event and the day the previous
    /// step was done (ignored by steps anchored on the event).
    pub fn due(&self, step: usize, event: NaiveDate, previous_done: Option<NaiveDate>) -> Result<NaiveDate, Error> {
        self.window(step, event, previous_done).map(|(due, _)| due)
    }

    /// The due date of step `step` and the last day of its window (`None`
    /// without `until`; never before the due date), anchored as [`Cadence::due`].
    pub fn window(
        &self,
        step: usize,
        event: NaiveDate,
        previous_done: Option<NaiveDate>,
    ) -> Result<(NaiveDate, Option<NaiveDate>), Error> {
        let s = self.steps.get(step).ok_or(Error::EmptyCadence)?;
        let from = match s.from {
            Anchor::Event => event,
            Anchor::PreviousDone => previous_done.unwrap_or(event),
        };
        let add = |o: Offset| o.add_to(from).ok_or_else(|| Error::DateOutOfRange { from, what: o.describe() });
        let due = add(s.offset)?;
        let latest = s.until.map(add).transpose()?.map(|l| l.max(due));
        Ok((due, latest))
    }

    fn followup(&self, run: &CadenceRun) -> FollowUp {
        let s = &self.steps[run.step];
        FollowUp {
            target_id: run.target_id.clone(),
            assignees: run.assignees.clone(),
            due: run.due,
            priority: s.priority,
            origin: Origin::Automation,
            last_note: s.note.clone(),
            noted_at: None,
        }
    }

    /// Starts the cadence on a target at `event`: the run and the first
    /// step's follow-up (origin `automation`).
    pub fn start(
        &self,
        target_id: &str,
        assignees: BTreeSet<String>,
        event: NaiveDate,
    ) -> Result<(CadenceRun, FollowUp), Error> {
        self.validate()?;
        let (due, latest) = self.window(0, event, None)?;
        let run =
            CadenceRun { target_id: target_id.to_owned(), assignees, event, step: 0, due, latest, finished: false };
        let f = self.followup(&run);
        f.validate()?;
        Ok((run, f))
    }
}

impl CadenceRun {
    /// The current step's follow-up; `None` once finished.
    pub fn current(&self, cadence: &Cadence) -> Result<Option<FollowUp>, Error> {
        self.check(cadence)?;
        Ok(if self.finished { None } else { Some(cadence.followup(self)) })
    }

    fn check(&self, cadence: &Cadence) -> Result<(), Error> {
        let steps = cadence.steps.len();
        let fits = if self.finished { self.step == steps } else { self.step < steps };
        if fits {
            Ok(())
        } else {
            Err(Error::CadenceMismatch { target_id: self.target_id.clone(), step: self.step, steps })
        }
    }

    /// R-4.8: the current step was done on `done_on`. Returns the next
    /// step's follow-up (created now), or `None` when that was the last
    /// step. Done again after the last step is `cadence_finished`; the run
    /// is unchanged on error.
    pub fn done(&mut self, cadence: &Cadence, done_on: NaiveDate) -> Result<Option<FollowUp>, Error> {
        self.check(cadence)?;
        if self.finished {
            return Err(Error::CadenceFinished { target_id: self.target_id.clone(), steps: cadence.steps.len() });
        }
        let next = self.step + 1;
        if next == cadence.steps.len() {
            self.step = next;
            self.finished = true;
            return Ok(None);
        }
        let (due, latest) = cadence.window(next, self.event, Some(done_on))?;
        self.step = next;
        self.due = due;
        self.latest = latest;
        Ok(Some(cadence.followup(self)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn r_4_8_a_window_step_carries_its_last_day_through_the_run() {
        // "Review after 2 weeks, test review 2–3 weeks after": a window step.
        let c = Cadence::new(vec![
            CadenceStep::new(Offset::Weeks(2)).note("review"),
            CadenceStep::new(Offset::Weeks(2)).until(Offset::Weeks(3)).after_previous().note("test review"),
        ])
        .unwrap();
        let (mut run, first) = c.start("t", ["u".to_owned()].into(), day("2026-03-02")).unwrap();
        assert_eq!((first.due, run.latest), (day("2026-03-16"), None));
        let second = run.done(&c, day("2026-03-18")).unwrap().unwrap();
        assert_eq!((second.due, run.latest), (day("2026-04-01"), Some(day("2026-04-08"))));
        assert_eq!(second.last_note.as_deref(), Some("test review"));
        // The run's JSON keeps `latest` only when there is one.
        let json = serde_json::to_value(&run).unwrap();
        assert_eq!(json["latest"], "2026-04-08");
        assert_eq!(serde_json::from_value::<CadenceRun>(json).unwrap(), run);
        assert_eq!(run.done(&c, day("2026-04-02")).unwrap(), None);
    }

    #[test]
    fn r_4_8_window_json_and_an_until_before_the_offset() {
        let s: CadenceStep = serde_json::from_str(r#"{"offset": {"days": 28}, "until": {"days": 35}}"#).unwrap();
        assert_eq!(s, CadenceStep::new(Offset::Days(28)).until(Offset::Days(35)));
        let c = Cadence::new(vec![CadenceStep::new(Offset::Days(10)).until(Offset::Days(3))]).unwrap();
        assert_eq!(c.window(0, day("2026-01-01"), None).unwrap(), (day("2026-01-11"), Some(day("2026-01-11"))));
        let plain = Cadence::new(vec![CadenceStep::new(Offset::Days(1))]).unwrap();
        assert_eq!(plain.window(0, day("2026-01-01"), None).unwrap(), (day("2026-01-02"), None));
        let (run, _) = plain.start("t", ["u".to_owned()].into(), day("2026-01-01")).unwrap();
        assert!(serde_json::to_value(&run).unwrap().get("latest").is_none());
        let far = Cadence::new(vec![CadenceStep::new(Offset::Days(0)).until(Offset::Months(1))]).unwrap();
        assert_eq!(far.window(0, NaiveDate::MAX, None).unwrap_err().code(), "date_out_of_range");
    }
}
