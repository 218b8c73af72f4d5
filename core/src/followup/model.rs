//! The follow-up record, its defaults (R-4.1), merge (R-4.2), assignee
//! removal (R-4.3) and lateness (R-4.5).

use super::Error;
use crate::time::{self, DEFAULT_TIME_ZONE};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// How urgent a follow-up is: `high` > `normal` > `low` (the derived order).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Background follow-ups (R-4.1 presets).
    Low,
    /// The default (R-4.1).
    #[default]
    Normal,
    /// Worked first (R-4.4).
    High,
}

impl Priority {
    /// Every priority, highest first (the order of a to-do list, R-4.4).
    pub const HIGHEST_FIRST: [Priority; 3] = [Priority::High, Priority::Normal, Priority::Low];

    /// 0 for `high`, 1 for `normal`, 2 for `low`: the position in a to-do list.
    pub fn rank(self) -> u8 {
        match self {
            Priority::High => 0,
            Priority::Normal => 1,
            Priority::Low => 2,
        }
    }

    /// The priority of a [`Priority::rank`].
    pub(crate) fn from_rank(rank: u8) -> Option<Priority> {
        Priority::HIGHEST_FIRST.get(usize::from(rank)).copied()
    }
}

/// Who put the follow-up: a person, or an automation (a cadence, a trigger).
///
/// Merging a manual and an automated follow-up gives a manual one (a
/// person's decision outranks a rule's; see DESIGN.md).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Created by a rule (R-4.8 cadences, R-7.3).
    Automation,
    /// Created by a user (the default, R-4.1).
    #[default]
    Manual,
}

/// A follow-up on a target (SPEC §4).
///
/// JSON: `{"target_id": "552100554", "assignees": ["adv-1"], "due": "2026-03-02",
/// "priority": "high", "origin": "manual", "last_note": "call back", "noted_at": "…"}`;
/// `priority` defaults to `normal`, `origin` to `manual`.
///
/// The routines, tags and open opportunity that lists filter on (R-4.4,
/// R-4.6) are facts about the *target*, not the follow-up: the host gives
/// them apart as [`TargetInfo`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    /// The target (a company id).
    pub target_id: String,
    /// The users it is assigned to; never empty (R-4.3).
    pub assignees: BTreeSet<String>,
    /// The local date it is due.
    pub due: NaiveDate,
    /// How urgent it is.
    #[serde(default)]
    pub priority: Priority,
    /// Who put it.
    #[serde(default)]
    pub origin: Origin,
    /// The last note written on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_note: Option<String>,
    /// When the last note was written; a merge keeps the later note (R-4.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub noted_at: Option<DateTime<Utc>>,
}

/// Background presets of R-4.1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Preset {
    /// Due today, `normal` (the defaults of R-4.1).
    #[default]
    #[serde(rename = "standard")]
    Standard,
    /// Due in 365 days, `low`.
    #[serde(rename = "background_365")]
    Background365,
    /// Due in 730 days, `low`.
    #[serde(rename = "background_730")]
    Background730,
}

impl Preset {
    /// Days from today and the priority of the preset.
    pub fn due_and_priority(self) -> (u32, Priority) {
        match self {
            Preset::Standard => (0, Priority::Normal),
            Preset::Background365 => (365, Priority::Low),
            Preset::Background730 => (730, Priority::Low),
        }
    }
}

/// A follow-up to create, with the defaults of R-4.1 for what is left out.
///
/// JSON: `{"target_id": "t1", "creator": "adv-1"}` is due today, `normal`,
/// assigned to `adv-1`; `{"target_id": "t1", "creator": "adv-1", "preset":
/// "background_365"}` is due in 365 days, `low`. An explicit `due`,
/// `priority` or `assignees` overrides the default or preset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    /// The target.
    pub target_id: String,
    /// Who creates it; the sole assignee unless `assignees` is given.
    pub creator: String,
    /// Assignees instead of the creator (empty = the creator).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub assignees: BTreeSet<String>,
    /// Due date instead of the preset's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// Priority instead of the preset's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// The preset (default `standard`: today, `normal`).
    #[serde(default)]
    pub preset: Preset,
    /// Who puts it (default `manual`).
    #[serde(default)]
    pub origin: Origin,
    /// A first note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_note: Option<String>,
    /// When the note was written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub noted_at: Option<DateTime<Utc>>,
}

impl Draft {
    /// The follow-up with the defaults of R-4.1 applied at the local date `today`.
    pub fn build(&self, today: NaiveDate) -> Result<FollowUp, Error> {
        if self.creator.is_empty() {
            return Err(Error::EmptyUser { what: "creator".into() });
        }
        let (days, priority) = self.preset.due_and_priority();
        let due = match self.due {
            Some(d) => d,
            None => today
                .checked_add_days(chrono::Days::new(u64::from(days)))
                .ok_or_else(|| Error::DateOutOfRange { from: today, what: format!("{days} days") })?,
        };
        let assignees =
            if self.assignees.is_empty() { BTreeSet::from([self.creator.clone()]) } else { self.assignees.clone() };
        let f = FollowUp {
            target_id: self.target_id.clone(),
            assignees,
            due,
            priority: self.priority.unwrap_or(priority),
            origin: self.origin,
            last_note: self.last_note.clone(),
            noted_at: self.noted_at,
        };
        f.validate()?;
        Ok(f)
    }
}

/// The time zone whose calendar says what "today" is (R-4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// IANA zone (default `Europe/Paris`).
    pub time_zone: Tz,
}

impl Default for Config {
    fn default() -> Self {
        Config { time_zone: DEFAULT_TIME_ZONE }
    }
}

impl Config {
    /// The local date of `now`.
    pub fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        time::local_day(now, self.time_zone)
    }
}

impl FollowUp {
    /// R-4.1: a follow-up created by `creator` on `target_id` at the local
    /// date `today`: due today, `normal`, assigned to its creator, `manual`.
    ///
    /// ```
    /// use filrouge::followup::{FollowUp, Priority};
    /// let today = "2026-03-02".parse().unwrap();
    /// let f = FollowUp::new("552100554", "adv-1", today).unwrap();
    /// assert_eq!((f.due, f.priority), (today, Priority::Normal));
    /// assert!(f.assignees.contains("adv-1"));
    /// ```
    pub fn new(target_id: &str, creator: &str, today: NaiveDate) -> Result<FollowUp, Error> {
        Self::with_preset(target_id, creator, today, Preset::Standard)
    }

    /// R-4.1 at the instant `now`: "today" is `now`'s local date in the configured zone.
    pub fn created_at(target_id: &str, creator: &str, now: DateTime<Utc>, config: &Config) -> Result<FollowUp, Error> {
        Self::new(target_id, creator, config.today(now))
    }

    /// R-4.1 presets: `background_365` / `background_730` are `low`
    /// follow-ups due 365 / 730 days after `today`.
    pub fn with_preset(target_id: &str, creator: &str, today: NaiveDate, preset: Preset) -> Result<FollowUp, Error> {
        Draft {
            target_id: target_id.to_owned(),
            creator: creator.to_owned(),
            assignees: BTreeSet::new(),
            due: None,
            priority: None,
            preset,
            origin: Origin::Manual,
            last_note: None,
            noted_at: None,
        }
        .build(today)
    }

    /// Checks the record: a target, at least one assignee, no empty user id.
    pub fn validate(&self) -> Result<(), Error> {
        check_record(&self.target_id, self.assignees.is_empty(), || self.assignees.iter().any(String::is_empty))
    }

    /// The (due, priority rank) pair that decides which follow-up wins a merge:
    /// the smaller wins (earlier date, then higher priority).
    pub(crate) fn schedule(&self) -> (NaiveDate, u8) {
        (self.due, self.priority.rank())
    }

    /// R-4.2 in place: merges `other` (same target, checked by the caller) into `self`.
    pub(crate) fn absorb(&mut self, other: &FollowUp) {
        if other.schedule() < self.schedule() {
            self.due = other.due;
            self.priority = other.priority;
        }
        for a in &other.assignees {
            if !self.assignees.contains(a) {
                self.assignees.insert(a.clone());
            }
        }
        self.origin = self.origin.max(other.origin);
        if note_key(other) > note_key(self) {
            self.last_note.clone_from(&other.last_note);
            self.noted_at = other.noted_at;
        }
    }

    /// R-4.3: removes `user` from the assignees. `Ok(None)` when it was the
    /// last one: the follow-up is deleted.
    pub fn unassign(mut self, user: &str) -> Result<Option<FollowUp>, Error> {
        if !self.assignees.remove(user) {
            return Err(Error::NotAssigned { target_id: self.target_id, user: user.to_owned() });
        }
        Ok(if self.assignees.is_empty() { None } else { Some(self) })
    }

    /// R-4.5: how late the follow-up is at the local date `today`.
    pub fn lateness(&self, today: NaiveDate) -> Lateness {
        Lateness::of(self.due, today)
    }
}

/// The checks of [`FollowUp::validate`], in its order, on a record's parts
/// (shared by the owned and the columnar input, so both refuse alike).
pub(crate) fn check_record(
    target_id: &str,
    no_assignee: bool,
    empty_assignee: impl FnOnce() -> bool,
) -> Result<(), Error> {
    if target_id.is_empty() {
        return Err(Error::EmptyTarget);
    }
    if no_assignee {
        return Err(Error::NoAssignee { target_id: target_id.to_owned() });
    }
    if empty_assignee() {
        return Err(Error::EmptyUser { what: format!("an assignee of {target_id:?}") });
    }
    Ok(())
}

/// The note a merge keeps: the later `noted_at` (an undated note is older
/// than any dated one), then the greater text. A total order, so the choice
/// is commutative, associative and idempotent.
pub(crate) fn note_key(f: &FollowUp) -> (Option<DateTime<Utc>>, Option<&str>) {
    (f.noted_at, f.last_note.as_deref())
}

/// R-4.2: merges two follow-ups on the same target.
///
/// The earlier `due` wins with its priority; on the same date the higher
/// priority wins; assignees are united. `origin` is `manual` if either is
/// (a person's decision outranks an automation's); the later note is kept
/// (by `noted_at`, then text). Each field is a join of a total order or a
/// set union, so merge is commutative, associative and idempotent.
///
/// ```
/// use filrouge::followup::{merge, FollowUp, Priority};
/// let a: FollowUp = serde_json::from_str(r#"{"target_id": "t1", "assignees": ["u1"], "due": "2026-03-10"}"#).unwrap();
/// let b: FollowUp = serde_json::from_str(
///     r#"{"target_id": "t1", "assignees": ["u2"], "due": "2026-03-05", "priority": "low"}"#).unwrap();
/// let m = merge(&a, &b).unwrap();
/// assert_eq!((m.due.to_string().as_str(), m.priority), ("2026-03-05", Priority::Low));
/// assert_eq!(m.assignees.len(), 2);
/// ```
pub fn merge(a: &FollowUp, b: &FollowUp) -> Result<FollowUp, Error> {
    a.validate()?;
    b.validate()?;
    if a.target_id != b.target_id {
        return Err(Error::DifferentTargets { a: a.target_id.clone(), b: b.target_id.clone() });
    }
    let mut m = a.clone();
    m.absorb(b);
    Ok(m)
}

/// R-4.5: how late a follow-up is at a local date.
///
/// JSON: `{"status": "upcoming"}`, `{"status": "due_today"}`,
/// `{"status": "overdue", "days": 3}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Lateness {
    /// Due after today.
    Upcoming,
    /// Due today.
    DueToday,
    /// Due `days` days before today (at least 1).
    Overdue {
        /// Whole local days since the due date.
        days: u32,
    },
}

impl Lateness {
    /// The lateness of a follow-up due on `due` at the local date `today`.
    pub fn of(due: NaiveDate, today: NaiveDate) -> Lateness {
        let late = time::days_between(due, today);
        match late {
            ..0 => Lateness::Upcoming,
            0 => Lateness::DueToday,
            d => Lateness::Overdue { days: u32::try_from(d).unwrap_or(u32::MAX) },
        }
    }
}

/// What the host knows of a target that lists filter on (R-4.4) and the day
/// plan orders by (R-4.6): the routines it is in, its tags, and whether it
/// has an open opportunity.
///
/// JSON: `{"routines": ["r-export"], "tags": ["prospect"], "open_opportunity": true}`
/// (every field optional). A target without info is in no routine, has no
/// tag and no open opportunity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TargetInfo {
    /// Routines (SPEC §5) the target is in.
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    pub routines: BTreeSet<String>,
    /// Tags of the target (`prospect`, `export`, …).
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    pub tags: BTreeSet<String>,
    /// The target has an open opportunity.
    pub open_opportunity: bool,
}

impl TargetInfo {
    /// Merges what two sources know (routines and tags united, an open
    /// opportunity on either side is open): used when two books merge.
    pub fn absorb(&mut self, other: &TargetInfo) {
        self.routines.extend(other.routines.iter().cloned());
        self.tags.extend(other.tags.iter().cloned());
        self.open_opportunity |= other.open_opportunity;
    }
}

/// The filters of a user's lists (R-4.4). The default is the user's own
/// follow-ups, every priority, routine, tag and opportunity.
///
/// JSON: `{"priorities": ["high"], "routine": "r-export", "tag": "prospect",
/// "opportunity": true, "assignee": "adv-2", "everyone": false}` (every field optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Filters {
    /// Whose follow-ups: another user's instead of the user's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// Every follow-up, whoever it is assigned to (a manager's view); `assignee` is then ignored.
    pub everyone: bool,
    /// Only these priorities (empty = every priority).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub priorities: Vec<Priority>,
    /// Only targets in this routine.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub routine: Option<String>,
    /// Only targets with this tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Only targets with (`true`) or without (`false`) an open opportunity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opportunity: Option<bool>,
}

impl Filters {
    /// Whether the priority passes the filter.
    pub(crate) fn allows_priority(&self, p: Priority) -> bool {
        self.priorities.is_empty() || self.priorities.contains(&p)
    }

    /// Whether any filter looks at target info.
    pub(crate) fn needs_target(&self) -> bool {
        self.routine.is_some() || self.tag.is_some() || self.opportunity.is_some()
    }

    /// Whether a target with `info` passes the routine, tag and opportunity filters.
    pub(crate) fn allows_target(&self, info: Option<&TargetInfo>) -> bool {
        let empty = TargetInfo::default();
        let info = info.unwrap_or(&empty);
        self.routine.as_ref().is_none_or(|r| info.routines.contains(r))
            && self.tag.as_ref().is_none_or(|t| info.tags.contains(t))
            && self.opportunity.is_none_or(|o| info.open_opportunity == o)
    }
}
