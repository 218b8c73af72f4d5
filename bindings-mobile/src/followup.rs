//! Follow-ups (SPEC §4, R-4.1 … ): the records of `filrouge::followup`
//! as uniffi records and enums, the batch functions ([`merge`], [`lists`],
//! [`day_plan`]), cadences as plain data ([`cadence_start`],
//! [`cadence_done`]) and the long-lived [`FollowUpBook`] as an object.
//! Offline use: [`FollowUpBook::export`] (or [`FollowUpBook::export_json`])
//! gives the book's state to persist; [`FollowUpBook::import`] /
//! [`FollowUpBook::merge`] unite it with the server's (R-4.2 per target).
//!
//! Names that differ from the core's, because uniffi's namespace is flat
//! and Kotlin's `List` is taken: `followup::List` is [`FollowUpList`],
//! `followup::Config` is [`FollowUpConfig`]; methods of core records
//! become functions named after them ([`draft_build`], [`unassign`]).

use crate::convert::{Day, Timestamp, lock, time_zone, to_btree, to_hash, to_usize};
use crate::error::FilrougeError;
use filrouge::Rejection;
use filrouge::followup::{
    self as core, Anchor, Cadence, CadenceStep, Filters, Lateness, Offset, Origin, Preset, Priority, Put, Suspect,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};

// --- Vocabulary ---------------------------------------------------------------

/// How urgent a follow-up is.
#[uniffi::remote(Enum)]
pub enum Priority {
    /// Background work.
    Low,
    /// The default.
    Normal,
    /// First in the lists.
    High,
}

/// Who created a follow-up.
#[uniffi::remote(Enum)]
pub enum Origin {
    /// A cadence or another automation.
    Automation,
    /// A person (the default).
    Manual,
}

/// The creation presets of.
#[uniffi::remote(Enum)]
pub enum Preset {
    /// Due today, `Normal`.
    Standard,
    /// Due in 365 days, `Low`.
    Background365,
    /// Due in 730 days, `Low`.
    Background730,
}

/// Which list of R-4.4 (the core's `followup::List`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum FollowUpList {
    /// `due ≤ today`, by priority (high first), due (oldest first), target id.
    Todo,
    /// `due > today`, by due, priority (high first), target id.
    Upcoming,
}

impl From<FollowUpList> for core::List {
    fn from(l: FollowUpList) -> Self {
        match l {
            FollowUpList::Todo => core::List::Todo,
            FollowUpList::Upcoming => core::List::Upcoming,
        }
    }
}

/// What a put did.
#[uniffi::remote(Enum)]
pub enum Put {
    /// The target had no follow-up.
    Created,
    /// Merged into the target's follow-up, which changed.
    Merged,
    /// Merged into the target's follow-up, which already said as much.
    Unchanged,
}

/// How late a follow-up is at a date.
#[uniffi::remote(Enum)]
pub enum Lateness {
    /// Due after today.
    Upcoming,
    /// Due today.
    DueToday,
    /// Due `days` days ago.
    Overdue {
        /// Days late (at least 1).
        days: u32,
    },
}

// --- Records ------------------------------------------------------------------

/// One target's follow-up: who calls it back, when, how urgently.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FollowUp {
    /// The target (a client, a company).
    pub target_id: String,
    /// Who has to do it (a set; never empty, R-4.3).
    pub assignees: HashSet<String>,
    /// The day it is due.
    pub due: Day,
    /// How urgent.
    pub priority: Priority,
    /// Who created it.
    pub origin: Origin,
    /// The last note.
    #[uniffi(default)]
    pub last_note: Option<String>,
    /// When the last note was written (the newest note wins a merge).
    #[uniffi(default)]
    pub noted_at: Option<Timestamp>,
}

impl From<FollowUp> for core::FollowUp {
    fn from(f: FollowUp) -> Self {
        core::FollowUp {
            target_id: f.target_id,
            assignees: to_btree(f.assignees),
            due: f.due,
            priority: f.priority,
            origin: f.origin,
            last_note: f.last_note,
            noted_at: f.noted_at,
        }
    }
}

impl From<core::FollowUp> for FollowUp {
    fn from(f: core::FollowUp) -> Self {
        FollowUp {
            target_id: f.target_id,
            assignees: to_hash(f.assignees),
            due: f.due,
            priority: f.priority,
            origin: f.origin,
            last_note: f.last_note,
            noted_at: f.noted_at,
        }
    }
}

/// A follow-up to create with the defaults of R-4.1 ([`draft_build`]).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Draft {
    /// The target.
    pub target_id: String,
    /// Who creates it (the assignee when `assignees` is empty).
    pub creator: String,
    /// Who has to do it; empty = the creator.
    #[uniffi(default)]
    pub assignees: HashSet<String>,
    /// The due day; null = the preset's (today, +365, +730 days).
    #[uniffi(default)]
    pub due: Option<Day>,
    /// The priority; null = the preset's.
    #[uniffi(default)]
    pub priority: Option<Priority>,
    /// The preset.
    pub preset: Preset,
    /// Who creates it.
    pub origin: Origin,
    /// A note.
    #[uniffi(default)]
    pub last_note: Option<String>,
    /// When the note was written.
    #[uniffi(default)]
    pub noted_at: Option<Timestamp>,
}

impl From<Draft> for core::Draft {
    fn from(d: Draft) -> Self {
        core::Draft {
            target_id: d.target_id,
            creator: d.creator,
            assignees: to_btree(d.assignees),
            due: d.due,
            priority: d.priority,
            preset: d.preset,
            origin: d.origin,
            last_note: d.last_note,
            noted_at: d.noted_at,
        }
    }
}

/// What the host knows of a target (R-4.4 filters, R-4.6 order).
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct TargetInfo {
    /// Routines the target is in.
    #[uniffi(default)]
    pub routines: HashSet<String>,
    /// Its tags.
    #[uniffi(default)]
    pub tags: HashSet<String>,
    /// It has an open opportunity.
    #[uniffi(default = false)]
    pub open_opportunity: bool,
}

impl From<TargetInfo> for core::TargetInfo {
    fn from(t: TargetInfo) -> Self {
        core::TargetInfo {
            routines: to_btree(t.routines),
            tags: to_btree(t.tags),
            open_opportunity: t.open_opportunity,
        }
    }
}

impl From<core::TargetInfo> for TargetInfo {
    fn from(t: core::TargetInfo) -> Self {
        TargetInfo { routines: to_hash(t.routines), tags: to_hash(t.tags), open_opportunity: t.open_opportunity }
    }
}

/// The filters of; `Filters()` is the user's own follow-ups.
#[uniffi::remote(Record)]
pub struct Filters {
    /// Another user's follow-ups (a manager's view).
    #[uniffi(default)]
    pub assignee: Option<String>,
    /// Everyone's follow-ups.
    #[uniffi(default = false)]
    pub everyone: bool,
    /// Only these priorities (empty = all).
    #[uniffi(default)]
    pub priorities: Vec<Priority>,
    /// Only targets in this routine.
    #[uniffi(default)]
    pub routine: Option<String>,
    /// Only targets with this tag.
    #[uniffi(default)]
    pub tag: Option<String>,
    /// Only targets with (true) or without (false) an open opportunity.
    #[uniffi(default)]
    pub opportunity: Option<bool>,
}

/// One follow-up of a list, with its lateness.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ListItem {
    /// The follow-up.
    pub followup: FollowUp,
    /// How late it is.
    pub lateness: Lateness,
}

impl From<core::ListItem> for ListItem {
    fn from(i: core::ListItem) -> Self {
        ListItem { followup: i.followup.into(), lateness: i.lateness }
    }
}

fn items(v: Vec<core::ListItem>) -> Vec<ListItem> {
    v.into_iter().map(ListItem::from).collect()
}

/// A user's two lists at a date, in order.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Lists {
    /// `due ≤ today`, by priority (high first), due (oldest first), target id.
    pub todo: Vec<ListItem>,
    /// `due > today`, by due, priority (high first), target id.
    pub upcoming: Vec<ListItem>,
    /// Input follow-ups refused (only from [`lists`]; a book refuses at `put`).
    pub rejected: Vec<Rejection>,
}

impl From<core::Lists> for Lists {
    fn from(l: core::Lists) -> Self {
        Lists { todo: items(l.todo), upcoming: items(l.upcoming), rejected: l.rejected }
    }
}

/// A page of a list.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Page {
    /// The page's items, in the list's order.
    pub items: Vec<ListItem>,
    /// The opaque cursor of the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// What removing an assignee did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum Removal {
    /// The user was removed; the follow-up remains with its other assignees.
    Unassigned {
        /// The follow-up as it is now.
        followup: FollowUp,
    },
    /// The user was the last assignee: the follow-up is deleted.
    Deleted {
        /// The follow-up as it was.
        followup: FollowUp,
    },
}

impl From<core::Removal> for Removal {
    fn from(r: core::Removal) -> Self {
        match r {
            core::Removal::Unassigned { followup } => Removal::Unassigned { followup: followup.into() },
            core::Removal::Deleted { followup } => Removal::Deleted { followup: followup.into() },
        }
    }
}

/// A company that could be called, with its score.
#[uniffi::remote(Record)]
pub struct Suspect {
    /// The company.
    pub company_id: String,
    /// Its score.
    pub score: u32,
}

/// Options of the day plan; `default_plan_options()` allows 10 suspects.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PlanOptions {
    /// Scored companies to fill the plan with.
    #[uniffi(default)]
    pub suspects: Vec<Suspect>,
    /// At most this many suspects.
    #[uniffi(default = 10)]
    pub max_suspects: u64,
}

impl From<PlanOptions> for core::PlanOptions {
    fn from(o: PlanOptions) -> Self {
        core::PlanOptions { suspects: o.suspects, max_suspects: to_usize(o.max_suspects) }
    }
}

/// The core's default plan options.
#[uniffi::export]
pub fn default_plan_options() -> PlanOptions {
    let o = core::PlanOptions::default();
    PlanOptions { suspects: o.suspects, max_suspects: o.max_suspects as u64 }
}

/// One line of a day plan.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
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

impl From<core::PlanItem> for PlanItem {
    fn from(i: core::PlanItem) -> Self {
        match i {
            core::PlanItem::Opportunity { followup, lateness } => {
                PlanItem::Opportunity { followup: followup.into(), lateness }
            }
            core::PlanItem::FollowUp { followup, lateness } => {
                PlanItem::FollowUp { followup: followup.into(), lateness }
            }
            core::PlanItem::Suspect { company_id, score } => PlanItem::Suspect { company_id, score },
        }
    }
}

/// A day plan, in order.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DayPlan {
    /// Opportunities, then other to-do follow-ups, then suspects.
    pub items: Vec<PlanItem>,
    /// Refused input (suspects with an empty id, refused follow-ups).
    pub rejected: Vec<Rejection>,
}

impl From<core::DayPlan> for DayPlan {
    fn from(p: core::DayPlan) -> Self {
        DayPlan { items: p.items.into_iter().map(PlanItem::from).collect(), rejected: p.rejected }
    }
}

/// A book's content as plain data: what an app persists offline, and what
/// two books merge through.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct BookState {
    /// Every follow-up, by target id.
    pub followups: Vec<FollowUp>,
    /// What the host said of each target.
    pub targets: HashMap<String, TargetInfo>,
}

impl From<BookState> for core::BookState {
    fn from(s: BookState) -> Self {
        core::BookState {
            followups: s.followups.into_iter().map(Into::into).collect(),
            targets: s.targets.into_iter().map(|(k, v)| (k, v.into())).collect(),
        }
    }
}

impl From<core::BookState> for BookState {
    fn from(s: core::BookState) -> Self {
        BookState {
            followups: s.followups.into_iter().map(Into::into).collect(),
            targets: s.targets.into_iter().map(|(k, v)| (k, v.into())).collect(),
        }
    }
}

/// The follow-up configuration (the core's `followup::Config`): the zone
/// whose date is "today".
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FollowUpConfig {
    /// IANA zone (`Europe/Paris`).
    pub time_zone: String,
}

/// The SPEC's default: `Europe/Paris`.
#[uniffi::export]
pub fn default_followup_config() -> FollowUpConfig {
    FollowUpConfig { time_zone: core::Config::default().time_zone.name().to_owned() }
}

fn config(c: &FollowUpConfig) -> Result<core::Config, FilrougeError> {
    Ok(core::Config { time_zone: time_zone(&c.time_zone)? })
}

// --- Functions ----------------------------------------------------------------

/// The local date of `now` in the configured zone ("today" of ).
#[uniffi::export]
pub fn followup_today(config: FollowUpConfig, now: Timestamp) -> Result<Day, FilrougeError> {
    Ok(self::config(&config)?.today(now))
}

/// a follow-up created by `creator` at `today` (due today, `Normal`,
/// assigned to the creator).
#[uniffi::export]
pub fn followup_new(target_id: String, creator: String, today: Day) -> Result<FollowUp, FilrougeError> {
    Ok(core::FollowUp::new(&target_id, &creator, today)?.into())
}

/// a follow-up with a creation preset (background +365 / +730 days, `Low`).
#[uniffi::export]
pub fn followup_with_preset(
    target_id: String,
    creator: String,
    today: Day,
    preset: Preset,
) -> Result<FollowUp, FilrougeError> {
    Ok(core::FollowUp::with_preset(&target_id, &creator, today, preset)?.into())
}

/// the follow-up a draft describes at `today` (the core's `Draft::build`).
#[uniffi::export]
pub fn draft_build(draft: Draft, today: Day) -> Result<FollowUp, FilrougeError> {
    Ok(core::Draft::from(draft).build(today)?.into())
}

/// §0, R-4.3: a follow-up needs a target id and at least one non-empty assignee.
#[uniffi::export]
pub fn followup_validate(followup: FollowUp) -> Result<(), FilrougeError> {
    Ok(core::FollowUp::from(followup).validate()?)
}

/// the one follow-up two follow-ups of a target merge into
/// (commutative, associative, idempotent).
#[uniffi::export]
pub fn merge(a: FollowUp, b: FollowUp) -> Result<FollowUp, FilrougeError> {
    Ok(core::merge(&a.into(), &b.into())?.into())
}

/// `followup` without `user`; null when `user` was its last assignee.
#[uniffi::export]
pub fn unassign(followup: FollowUp, user: String) -> Result<Option<FollowUp>, FilrougeError> {
    Ok(core::FollowUp::from(followup).unassign(&user)?.map(Into::into))
}

/// how late a follow-up due on `due` is at `today`.
#[uniffi::export]
pub fn lateness(due: Day, today: Day) -> Result<Lateness, FilrougeError> {
    Ok(Lateness::of(due, today))
}

fn target_map(targets: HashMap<String, TargetInfo>) -> BTreeMap<String, core::TargetInfo> {
    targets.into_iter().map(|(k, v)| (k, v.into())).collect()
}

fn core_followups(followups: Vec<FollowUp>) -> Vec<core::FollowUp> {
    followups.into_iter().map(Into::into).collect()
}

/// over a batch: `user`'s to-do and upcoming lists at `today`;
/// follow-ups of one target merge first, invalid ones come back in
/// `rejected`.
#[uniffi::export]
pub fn lists(
    followups: Vec<FollowUp>,
    targets: HashMap<String, TargetInfo>,
    user: String,
    today: Day,
    filters: Filters,
) -> Result<Lists, FilrougeError> {
    Ok(core::lists(&core_followups(followups), &target_map(targets), &user, today, &filters)?.into())
}

/// over a batch: `user`'s day plan at `today`.
#[uniffi::export]
pub fn day_plan(
    followups: Vec<FollowUp>,
    targets: HashMap<String, TargetInfo>,
    user: String,
    today: Day,
    filters: Filters,
    options: PlanOptions,
) -> Result<DayPlan, FilrougeError> {
    let plan =
        core::day_plan(&core_followups(followups), &target_map(targets), &user, today, &filters, &options.into())?;
    Ok(plan.into())
}

// --- Cadences (R-4.8) ---------------------------------------------------------

/// How far after its anchor a step is due.
#[uniffi::remote(Enum)]
pub enum Offset {
    /// Calendar days.
    Days(u32),
    /// Weeks of 7 days.
    Weeks(u32),
    /// Calendar months (clamped to the month's end).
    Months(u32),
}

/// What a step's offset counts from.
#[uniffi::remote(Enum)]
pub enum Anchor {
    /// The cadence's event.
    Event,
    /// The day the previous step was done.
    PreviousDone,
}

/// One step of a cadence.
#[uniffi::remote(Record)]
pub struct CadenceStep {
    /// How far after the anchor it is due.
    pub offset: Offset,
    /// What the offset counts from.
    pub from: Anchor,
    /// The follow-up's priority.
    pub priority: Priority,
    /// The last day of the step's window, from the same anchor.
    #[uniffi(default)]
    pub until: Option<Offset>,
    /// The follow-up's note.
    #[uniffi(default)]
    pub note: Option<String>,
}

/// A sequence of follow-up steps at offsets from an event.
#[uniffi::remote(Record)]
pub struct Cadence {
    /// The steps, in order.
    pub steps: Vec<CadenceStep>,
}

/// One target's progress through a cadence: plain data the app keeps.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CadenceRun {
    /// The target.
    pub target_id: String,
    /// Who its follow-ups are assigned to.
    pub assignees: HashSet<String>,
    /// The event the offsets count from.
    pub event: Day,
    /// The current step (0-based); the number of steps once finished.
    pub step: u64,
    /// The current step's due date.
    pub due: Day,
    /// The last day of the current step's window, if any.
    pub latest: Option<Day>,
    /// Every step is done.
    pub finished: bool,
}

impl From<CadenceRun> for core::CadenceRun {
    fn from(r: CadenceRun) -> Self {
        core::CadenceRun {
            target_id: r.target_id,
            assignees: to_btree(r.assignees),
            event: r.event,
            step: to_usize(r.step),
            due: r.due,
            latest: r.latest,
            finished: r.finished,
        }
    }
}

impl From<core::CadenceRun> for CadenceRun {
    fn from(r: core::CadenceRun) -> Self {
        CadenceRun {
            target_id: r.target_id,
            assignees: to_hash(r.assignees),
            event: r.event,
            step: r.step as u64,
            due: r.due,
            latest: r.latest,
            finished: r.finished,
        }
    }
}

/// A cadence's run and its current follow-up.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CadenceProgress {
    /// The run, to keep next to the target.
    pub run: CadenceRun,
    /// The follow-up to put in the book; null once the cadence is finished.
    pub followup: Option<FollowUp>,
}

/// starts `cadence` on a target at `event`: the run and the first
/// step's follow-up (origin `Automation`). An empty cadence is `empty_cadence`.
#[uniffi::export]
pub fn cadence_start(
    cadence: Cadence,
    target_id: String,
    assignees: HashSet<String>,
    event: Day,
) -> Result<CadenceProgress, FilrougeError> {
    let (run, f) = cadence.start(&target_id, to_btree(assignees), event)?;
    Ok(CadenceProgress { run: run.into(), followup: Some(f.into()) })
}

/// the run's current step was done on `done_on`: the advanced run
/// and the next step's follow-up (null after the last step). Done again
/// after the last step is `cadence_finished`.
#[uniffi::export]
pub fn cadence_done(cadence: Cadence, run: CadenceRun, done_on: Day) -> Result<CadenceProgress, FilrougeError> {
    let mut run = core::CadenceRun::from(run);
    let next = run.done(&cadence, done_on)?;
    Ok(CadenceProgress { run: run.into(), followup: next.map(Into::into) })
}

/// the run's current follow-up; null once finished.
#[uniffi::export]
pub fn cadence_current(cadence: Cadence, run: CadenceRun) -> Result<Option<FollowUp>, FilrougeError> {
    Ok(core::CadenceRun::from(run).current(&cadence)?.map(Into::into))
}

// --- The book -----------------------------------------------------------------

/// Follow-ups in memory, one per target (SPEC §4): merges on put,
/// removes, lists, pages with opaque cursors
/// and plans the day. Thread-safe; freed by
/// `use {}`/`destroy()` in Kotlin, by ARC in Swift. Offline: `export` its
/// state, persist it, `import` or `merge` it with the server's.
#[derive(Debug, uniffi::Object)]
pub struct FollowUpBook {
    engine: Mutex<core::FollowUpBook>,
}

#[uniffi::export]
impl FollowUpBook {
    /// An empty book.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(FollowUpBook { engine: Mutex::new(core::FollowUpBook::new()) })
    }

    /// A book holding a persisted state (from [`FollowUpBook::export_json`]);
    /// `invalid_input` when the text is not such a state. Refused
    /// follow-ups are left out: to see them, `import_json` into a new book.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, FilrougeError> {
        let book = Self::new();
        book.import_json(json)?;
        Ok(book)
    }

    /// The number of follow-ups (targets with one).
    pub fn len(&self) -> Result<u64, FilrougeError> {
        Ok(lock(&self.engine)?.len() as u64)
    }

    /// Whether the book holds no follow-up.
    pub fn is_empty(&self) -> Result<bool, FilrougeError> {
        Ok(lock(&self.engine)?.is_empty())
    }

    /// The follow-up on `target_id`, if any.
    pub fn get(&self, target_id: String) -> Result<Option<FollowUp>, FilrougeError> {
        Ok(lock(&self.engine)?.get(&target_id).map(Into::into))
    }

    /// Whether `target_id` has a follow-up.
    pub fn contains(&self, target_id: String) -> Result<bool, FilrougeError> {
        Ok(lock(&self.engine)?.contains(&target_id))
    }

    /// adds a follow-up, merging it into the target's one.
    pub fn put(&self, followup: FollowUp) -> Result<Put, FilrougeError> {
        Ok(lock(&self.engine)?.put(core::FollowUp::from(followup))?)
    }

    /// for a batch: the refused follow-ups, with their rule.
    pub fn put_all(&self, followups: Vec<FollowUp>) -> Result<Vec<Rejection>, FilrougeError> {
        Ok(lock(&self.engine)?.put_all(core_followups(followups)))
    }

    /// removes `user` from the target's follow-up (the last one deletes it).
    pub fn unassign(&self, target_id: String, user: String) -> Result<Removal, FilrougeError> {
        Ok(lock(&self.engine)?.unassign(&target_id, &user)?.into())
    }

    /// deletes the target's follow-up; returns it as it was.
    pub fn delete(&self, target_id: String) -> Result<FollowUp, FilrougeError> {
        Ok(lock(&self.engine)?.delete(&target_id)?.into())
    }

    /// Sets what the host knows of a target (R-4.4 filters, R-4.6), replacing it.
    pub fn set_target(&self, target_id: String, info: TargetInfo) -> Result<(), FilrougeError> {
        lock(&self.engine)?.set_target(&target_id, info.into());
        Ok(())
    }

    /// What the host said of a target.
    pub fn target(&self, target_id: String) -> Result<Option<TargetInfo>, FilrougeError> {
        Ok(lock(&self.engine)?.target(&target_id).cloned().map(Into::into))
    }

    /// `user`'s to-do and upcoming lists at `today`, in order.
    pub fn lists(&self, user: String, today: Day, filters: Filters) -> Result<Lists, FilrougeError> {
        Ok(lock(&self.engine)?.lists(&user, today, &filters)?.into())
    }

    /// a page of `limit` items of `user`'s `list` at `today`, after
    /// `cursor` (the previous page's `next_cursor`; null for the first).
    pub fn page(
        &self,
        user: String,
        today: Day,
        list: FollowUpList,
        filters: Filters,
        limit: u64,
        cursor: Option<String>,
    ) -> Result<Page, FilrougeError> {
        let p = lock(&self.engine)?.page(&user, today, list.into(), &filters, to_usize(limit), cursor.as_deref())?;
        Ok(Page { items: items(p.items), next_cursor: p.next_cursor })
    }

    /// `user`'s day plan at `today`.
    pub fn day_plan(
        &self,
        user: String,
        today: Day,
        filters: Filters,
        options: PlanOptions,
    ) -> Result<DayPlan, FilrougeError> {
        Ok(lock(&self.engine)?.day_plan(&user, today, &filters, &options.into())?.into())
    }

    /// The book as plain data (follow-ups and target info by target id).
    pub fn export(&self) -> Result<BookState, FilrougeError> {
        Ok(lock(&self.engine)?.export().into())
    }

    /// The book's state as the core serializes it (JSON text to persist).
    pub fn export_json(&self) -> Result<String, FilrougeError> {
        let state = lock(&self.engine)?.export();
        serde_json::to_string(&state).map_err(|e| FilrougeError::internal(format!("book state to JSON: {e}")))
    }

    /// Merges a state into this book (R-4.2 per target; target info
    /// united); returns the refused follow-ups.
    pub fn import(&self, state: BookState) -> Result<Vec<Rejection>, FilrougeError> {
        Ok(lock(&self.engine)?.import(state.into()))
    }

    /// [`FollowUpBook::import`] of a state exported by [`FollowUpBook::export_json`].
    pub fn import_json(&self, json: String) -> Result<Vec<Rejection>, FilrougeError> {
        let state: core::BookState = serde_json::from_str(&json)
            .map_err(|e| FilrougeError::invalid_input(format!("not a follow-up book state: {e}")))?;
        Ok(lock(&self.engine)?.import(state))
    }

    /// Unites `other`'s content into this book (offline copies; commutative,
    /// associative, idempotent).
    pub fn merge(&self, other: Arc<FollowUpBook>) -> Result<Vec<Rejection>, FilrougeError> {
        let state = lock(&other.engine)?.export();
        Ok(lock(&self.engine)?.import(state))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    fn f(target: &str, user: &str, due: &str) -> FollowUp {
        FollowUp {
            target_id: target.into(),
            assignees: HashSet::from([user.to_owned()]),
            due: day(due),
            priority: Priority::Normal,
            origin: Origin::Manual,
            last_note: None,
            noted_at: None,
        }
    }

    #[test]
    fn r_4_2_export_import_and_merge_of_two_books() {
        let phone = FollowUpBook::new();
        let server = FollowUpBook::new();
        assert_eq!(phone.put(f("t1", "a", "2026-03-02")).unwrap(), Put::Created);
        server.put(f("t1", "b", "2026-03-01")).unwrap();
        assert!(phone.merge(server.clone()).unwrap().is_empty());
        let merged = phone.get("t1".into()).unwrap().unwrap();
        assert_eq!(merged.due, day("2026-03-01"));
        assert_eq!(merged.assignees.len(), 2);
        let copy = FollowUpBook::from_json(phone.export_json().unwrap()).unwrap();
        assert_eq!(copy.export().unwrap(), phone.export().unwrap());
        assert_eq!(phone.merge(phone.clone()).unwrap(), vec![]);
        assert_eq!(FollowUpBook::from_json("{".into()).unwrap_err().code(), "invalid_input");
        assert_eq!(
            phone
                .page("a".into(), day("2026-03-02"), FollowUpList::Todo, Filters::default(), 0, None)
                .unwrap_err()
                .code(),
            "zero_limit"
        );
    }

    #[test]
    fn r_4_8_a_cadence_runs_as_plain_data() {
        let c = Cadence { steps: vec![CadenceStep::new(Offset::Days(0)), CadenceStep::new(Offset::Weeks(2))] };
        let start = cadence_start(c.clone(), "t".into(), HashSet::from(["u".to_owned()]), day("2026-03-02")).unwrap();
        let next = cadence_done(c.clone(), start.run, day("2026-03-03")).unwrap();
        assert_eq!(next.followup.unwrap().due, day("2026-03-16"));
        let end = cadence_done(c.clone(), next.run, day("2026-03-17")).unwrap();
        assert!(end.run.finished && end.followup.is_none());
        assert_eq!(cadence_done(c, end.run, day("2026-03-18")).unwrap_err().code(), "cadence_finished");
    }
}
