//! Mirrors of the follow-up records (SPEC §4, core `followup`).

use super::{Conv, mirror_struct, mirror_unit_enum, same};
use chrono::{DateTime, NaiveDate, Utc};
use filrouge::followup as f;
use napi_derive::napi;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

same!(f::Offset);

/// A set of ids (assignees, routines, tags) crosses as a list (sorted, each once).
impl Conv<BTreeSet<String>> for Vec<String> {
    fn conv(self) -> BTreeSet<String> {
        self.into_iter().collect()
    }
}

impl Conv<Vec<String>> for BTreeSet<String> {
    fn conv(self) -> Vec<String> {
        self.into_iter().collect()
    }
}

/// How urgent a follow-up is: `high` > `normal` > `low`.
#[napi(string_enum = "snake_case")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low,
    Normal,
    High,
}
mirror_unit_enum!(Priority <=> f::Priority { Low, Normal, High });

/// Who created a follow-up.
#[napi(string_enum = "snake_case")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Automation,
    Manual,
}
mirror_unit_enum!(Origin <=> f::Origin { Automation, Manual });

/// A preset of due date and priority.
#[napi(string_enum)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Preset {
    #[napi(value = "standard")]
    #[serde(rename = "standard")]
    Standard,
    #[napi(value = "background_365")]
    #[serde(rename = "background_365")]
    Background365,
    #[napi(value = "background_730")]
    #[serde(rename = "background_730")]
    Background730,
}
mirror_unit_enum!(Preset <=> f::Preset { Standard, Background365, Background730 });

/// A follow-up: one per target.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FollowUp {
    /// The target (a client, a company, an organisation).
    pub target_id: String,
    /// Who must do it (sorted, each once).
    pub assignees: Vec<String>,
    /// When it is due.
    #[napi(ts_type = "LocalDate")]
    pub due: NaiveDate,
    /// How urgent it is (default `normal`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// Who created it (default `manual`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    /// The latest note, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_note: Option<String>,
    /// When the note was written (results: RFC 3339, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[napi(ts_type = "string | Date")]
    pub noted_at: Option<DateTime<Utc>>,
}
mirror_struct!(FollowUp <=> f::FollowUp {
    target_id,
    assignees,
    due,
    priority: opt,
    origin: opt,
    last_note,
    noted_at
});

/// What the defaults complete into a follow-up.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Draft {
    /// The target.
    pub target_id: String,
    /// Who creates it.
    pub creator: String,
    /// Who must do it (default the creator).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignees: Option<Vec<String>>,
    /// When it is due (default from the preset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[napi(ts_type = "LocalDate")]
    pub due: Option<NaiveDate>,
    /// How urgent (default from the preset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// The preset (default `standard`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<Preset>,
    /// Who created it (default `manual`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    /// A note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_note: Option<String>,
    /// When the note was written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[napi(ts_type = "string | Date")]
    pub noted_at: Option<DateTime<Utc>>,
}
mirror_struct!(Draft <=> f::Draft {
    target_id,
    creator,
    assignees: skip,
    due,
    priority,
    preset: opt,
    origin: opt,
    last_note,
    noted_at
});

/// How late a follow-up is.
#[napi(discriminant = "status", discriminant_case = "snake_case", object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case", rename_all_fields = "camelCase")]
pub enum Lateness {
    /// Due later.
    Upcoming,
    /// Due today.
    DueToday,
    /// Due `days` days ago.
    Overdue { days: u32 },
}

impl Conv<f::Lateness> for Lateness {
    fn conv(self) -> f::Lateness {
        match self {
            Lateness::Upcoming => f::Lateness::Upcoming,
            Lateness::DueToday => f::Lateness::DueToday,
            Lateness::Overdue { days } => f::Lateness::Overdue { days },
        }
    }
}

impl Conv<Lateness> for f::Lateness {
    fn conv(self) -> Lateness {
        match self {
            f::Lateness::Upcoming => Lateness::Upcoming,
            f::Lateness::DueToday => Lateness::DueToday,
            f::Lateness::Overdue { days } => Lateness::Overdue { days },
        }
    }
}

/// What the host knows of a target (R-4.4 filters): every field optional.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TargetInfo {
    /// Its routines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routines: Option<Vec<String>>,
    /// Its tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Whether it has an open opportunity (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_opportunity: Option<bool>,
}
mirror_struct!(TargetInfo <=> f::TargetInfo { routines: skip, tags: skip, open_opportunity: opt });

/// List filters: every field optional.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Filters {
    /// Only this assignee's follow-ups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// Everyone's follow-ups (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub everyone: Option<bool>,
    /// Only these priorities (default all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priorities: Option<Vec<Priority>>,
    /// Only targets in this routine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routine: Option<String>,
    /// Only targets with this tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Only targets with (or without) an open opportunity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opportunity: Option<bool>,
}
mirror_struct!(Filters <=> f::Filters { assignee, everyone: opt, priorities: skip, routine, tag, opportunity });

/// A follow-up in a list, with how late it is.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListItem {
    /// The follow-up.
    pub followup: FollowUp,
    /// How late it is.
    pub lateness: Lateness,
}
mirror_struct!(ListItem <=> f::ListItem { followup, lateness });

/// A user's to-do and upcoming lists.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Lists {
    /// Due today or overdue.
    pub todo: Vec<ListItem>,
    /// Due later.
    pub upcoming: Vec<ListItem>,
    /// The refused follow-ups.
    pub rejected: Vec<filrouge::Rejection>,
}
mirror_struct!(Lists <=> f::Lists { todo, upcoming, rejected });

/// Which list to page through.
#[napi(string_enum = "snake_case")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum List {
    Todo,
    Upcoming,
}
mirror_unit_enum!(List <=> f::List { Todo, Upcoming });

/// A page of a list.
#[napi(object, object_to_js = false, object_from_js = false, use_nullable = true)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Page {
    /// The items.
    pub items: Vec<ListItem>,
    /// The cursor of the next page (`null` on the last).
    pub next_cursor: Option<String>,
}
mirror_struct!(Page <=> f::Page { items, next_cursor });

/// What `put` did.
#[napi(string_enum = "snake_case")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Put {
    Created,
    Merged,
    Unchanged,
}
mirror_unit_enum!(Put <=> f::Put { Created, Merged, Unchanged });

/// What removing an assignee did.
#[napi(discriminant = "outcome", discriminant_case = "snake_case", object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case", rename_all_fields = "camelCase")]
pub enum Removal {
    /// The follow-up without the user.
    Unassigned { followup: FollowUp },
    /// The follow-up deleted (the user was its last assignee).
    Deleted { followup: FollowUp },
}

impl Conv<f::Removal> for Removal {
    fn conv(self) -> f::Removal {
        match self {
            Removal::Unassigned { followup } => f::Removal::Unassigned { followup: followup.conv() },
            Removal::Deleted { followup } => f::Removal::Deleted { followup: followup.conv() },
        }
    }
}

impl Conv<Removal> for f::Removal {
    fn conv(self) -> Removal {
        match self {
            f::Removal::Unassigned { followup } => Removal::Unassigned { followup: followup.conv() },
            f::Removal::Deleted { followup } => Removal::Deleted { followup: followup.conv() },
        }
    }
}

/// A book's content as data.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BookState {
    /// The follow-ups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followups: Option<Vec<FollowUp>>,
    /// What the host knows of targets, by target id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[napi(ts_type = "{ [targetId: string]: TargetInfo }")]
    pub targets: Option<BTreeMap<String, TargetInfo>>,
}
mirror_struct!(BookState <=> f::BookState { followups: opt, targets: opt });

/// A company worth calling, with its score.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Suspect {
    /// The company.
    pub company_id: String,
    /// Its score.
    pub score: u32,
}
mirror_struct!(Suspect <=> f::Suspect { company_id, score });

/// Day plan options: every field optional.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlanOptions {
    /// Candidate suspects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspects: Option<Vec<Suspect>>,
    /// How many suspects at most (default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[napi(ts_type = "number")]
    pub max_suspects: Option<usize>,
}

impl Conv<f::PlanOptions> for PlanOptions {
    fn conv(self) -> f::PlanOptions {
        let PlanOptions { suspects, max_suspects } = self;
        let default = f::PlanOptions::default();
        f::PlanOptions {
            suspects: suspects.map(Conv::conv).unwrap_or(default.suspects),
            max_suspects: max_suspects.unwrap_or(default.max_suspects),
        }
    }
}

/// One line of a day plan.
#[napi(discriminant = "kind", discriminant_case = "snake_case", object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", rename_all_fields = "camelCase")]
pub enum PlanItem {
    /// A follow-up on a target with an open opportunity.
    Opportunity { followup: FollowUp, lateness: Lateness },
    /// A follow-up of the to-do list.
    FollowUp { followup: FollowUp, lateness: Lateness },
    /// A suspect to call.
    Suspect { company_id: String, score: u32 },
}

impl Conv<f::PlanItem> for PlanItem {
    fn conv(self) -> f::PlanItem {
        match self {
            PlanItem::Opportunity { followup, lateness } => {
                f::PlanItem::Opportunity { followup: followup.conv(), lateness: lateness.conv() }
            }
            PlanItem::FollowUp { followup, lateness } => {
                f::PlanItem::FollowUp { followup: followup.conv(), lateness: lateness.conv() }
            }
            PlanItem::Suspect { company_id, score } => f::PlanItem::Suspect { company_id, score },
        }
    }
}

impl Conv<PlanItem> for f::PlanItem {
    fn conv(self) -> PlanItem {
        match self {
            f::PlanItem::Opportunity { followup, lateness } => {
                PlanItem::Opportunity { followup: followup.conv(), lateness: lateness.conv() }
            }
            f::PlanItem::FollowUp { followup, lateness } => {
                PlanItem::FollowUp { followup: followup.conv(), lateness: lateness.conv() }
            }
            f::PlanItem::Suspect { company_id, score } => PlanItem::Suspect { company_id, score },
        }
    }
}

/// A user's day plan.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DayPlan {
    /// Opportunities, then the to-do list, then the best suspects.
    pub items: Vec<PlanItem>,
    /// The refused follow-ups and suspects.
    pub rejected: Vec<filrouge::Rejection>,
}
mirror_struct!(DayPlan <=> f::DayPlan { items, rejected });

/// What a cadence step's offset counts from.
#[napi(string_enum = "snake_case")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    Event,
    PreviousDone,
}
mirror_unit_enum!(Anchor <=> f::Anchor { Event, PreviousDone });

/// A step of a cadence.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CadenceStep {
    /// When it is due, after its anchor.
    #[napi(ts_type = "Offset")]
    pub offset: f::Offset,
    /// Its anchor (default `event`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Anchor>,
    /// Its priority (default `normal`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// Its latest date, after its anchor, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[napi(ts_type = "Offset")]
    pub until: Option<f::Offset>,
    /// Its note, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}
mirror_struct!(CadenceStep <=> f::CadenceStep { offset, from: opt, priority: opt, until, note });

/// A run of a cadence for one target, as data.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CadenceRun {
    /// The target.
    pub target_id: String,
    /// The assignees.
    pub assignees: Vec<String>,
    /// The event's date.
    #[napi(ts_type = "LocalDate")]
    pub event: NaiveDate,
    /// The current step (from 0).
    #[napi(ts_type = "number")]
    pub step: usize,
    /// The current step's due date.
    #[napi(ts_type = "LocalDate")]
    pub due: NaiveDate,
    /// The current step's latest date, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[napi(ts_type = "LocalDate")]
    pub latest: Option<NaiveDate>,
    /// Whether the run is over (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished: Option<bool>,
}
mirror_struct!(CadenceRun <=> f::CadenceRun { target_id, assignees, event, step, due, latest, finished: opt });
