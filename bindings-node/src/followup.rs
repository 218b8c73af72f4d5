//! Follow-ups (SPEC §4, R-4.1 … ): `merge`, `unassign`, `lateness`,
//! `draftBuild`, `lists` / `listsAsync`, `dayPlan` / `dayPlanAsync`, the
//! `FollowUpBook` class (put, remove, lists, pages with cursors, day plan,
//! export/import) and the `Cadence` class.
//!
//! Records cross as the mirror types of `mirror/followup.rs` (serde with
//! camelCase keys; their TypeScript declarations are generated); local
//! dates are `YYYY-MM-DD` strings. Maps by target id (`targets`) keep
//! their keys.

use crate::convert::{
    Arg, Json, JsonItem, mirror_from_js, mirror_items, mirror_or_default, mirror_record, mirror_to_js,
};
use crate::error::{CoreError, Rejection, Result, core, guard};
use crate::mirror::{Conv, followup as m};
use crate::task::{self, Job, Output, PendingList, Work};
use chrono::NaiveDate;
use filrouge::followup as f;
use napi::{Env, Unknown};
use napi_derive::napi;
use std::collections::{BTreeMap, BTreeSet};

impl CoreError for f::Error {
    fn code(&self) -> &'static str {
        f::Error::code(self)
    }
}

/// `value` (a core record) as JS through its mirror `M`.
fn out<C: Conv<M>, M: serde::Serialize>(value: C) -> Result<Json> {
    mirror_to_js(&value.conv())
}

fn followup(arg: &Unknown<'_>, path: &str) -> Result<f::FollowUp> {
    Ok(mirror_from_js::<m::FollowUp>(Arg::from(arg), path)?.conv())
}

fn followups(arg: &Unknown<'_>, path: &str) -> Result<Vec<f::FollowUp>> {
    Ok(mirror_from_js::<Vec<m::FollowUp>>(Arg::from(arg), path)?.conv())
}

fn filters(arg: &Unknown<'_>) -> Result<f::Filters> {
    Ok(mirror_or_default::<m::Filters>(Arg::from(arg), "filters")?.conv())
}

fn options(arg: &Unknown<'_>) -> Result<f::PlanOptions> {
    Ok(mirror_or_default::<m::PlanOptions>(Arg::from(arg), "options")?.conv())
}

fn string(arg: &Unknown<'_>, path: &str) -> Result<String> {
    Arg::from(arg).string(path)
}

fn date(arg: &Unknown<'_>, path: &str) -> Result<NaiveDate> {
    Arg::from(arg).string(path)?.parse().map_err(|e| crate::error::invalid(path, format!("expected YYYY-MM-DD: {e}")))
}

fn date_opt(arg: &Unknown<'_>, path: &str) -> Result<Option<NaiveDate>> {
    if Arg::from(arg).is_nullish() { Ok(None) } else { date(arg, path).map(Some) }
}

fn targets(arg: &Unknown<'_>) -> Result<BTreeMap<String, f::TargetInfo>> {
    let a = Arg::from(arg);
    if a.is_nullish() {
        Ok(BTreeMap::new())
    } else {
        Ok(mirror_from_js::<BTreeMap<String, m::TargetInfo>>(a, "targets")?.conv())
    }
}

/// the one follow-up two follow-ups on the same target merge into
/// (earliest due, highest priority, union of assignees, latest note).
/// Throws `target_mismatch` and the validation codes of.
#[napi(ts_args_type = "a: FollowUp, b: FollowUp", ts_return_type = "FollowUp")]
pub fn merge(a: Unknown, b: Unknown) -> Result<Json> {
    guard(|| {
        let (a, b) = (followup(&a, "a")?, followup(&b, "b")?);
        out::<_, m::FollowUp>(f::merge(&a, &b).map_err(|e| core(&e))?)
    })
}

/// `followup` without `user`; `null` when `user` was its last
/// assignee (the follow-up is then deleted). Throws `not_assigned`.
#[napi(ts_args_type = "followup: FollowUp, user: string", ts_return_type = "FollowUp | null")]
pub fn unassign(followup: Unknown, user: Unknown) -> Result<Json> {
    guard(|| {
        let followup = self::followup(&followup, "followup")?;
        let user = string(&user, "user")?;
        out::<_, Option<m::FollowUp>>(followup.unassign(&user).map_err(|e| core(&e))?)
    })
}

/// how late `followup` is at the local date `today`.
#[napi(ts_args_type = "followup: FollowUp, today: string", ts_return_type = "Lateness")]
pub fn lateness(followup: Unknown, today: Unknown) -> Result<Json> {
    guard(|| {
        let followup = self::followup(&followup, "followup")?;
        out::<_, m::Lateness>(followup.lateness(date(&today, "today")?))
    })
}

/// the follow-up a draft makes at `today` (due today, `normal`,
/// assigned to its creator unless said otherwise; presets `background_1y`
/// / `background_2y`). Throws the validation codes of.
#[napi(ts_args_type = "draft: Draft, today: string", ts_return_type = "FollowUp")]
pub fn draft_build(draft: Unknown, today: Unknown) -> Result<Json> {
    guard(|| {
        let draft: f::Draft = mirror_from_js::<m::Draft>(Arg::from(&draft), "draft")?.conv();
        out::<_, m::FollowUp>(draft.build(date(&today, "today")?).map_err(|e| core(&e))?)
    })
}

/// over a batch: `user`'s to-do and upcoming lists at
/// `today`, follow-ups merged per target first, refused ones in
/// `rejected`. `targets` (by target id) feeds the filters. Throws `empty_user`.
#[napi(
    ts_args_type = "followups: FollowUp[], targets: { [targetId: string]: TargetInfo } | null | undefined, user: string, today: string, filters?: Filters | null",
    ts_return_type = "Lists"
)]
pub fn lists(followups: Unknown, targets: Unknown, user: Unknown, today: Unknown, filters: Unknown) -> Result<Json> {
    guard(|| {
        let followups = self::followups(&followups, "followups")?;
        let targets = self::targets(&targets)?;
        let user = string(&user, "user")?;
        let today = date(&today, "today")?;
        let filters = self::filters(&filters)?;
        out::<_, m::Lists>(f::lists(&followups, &targets, &user, today, &filters).map_err(|e| core(&e))?)
    })
}

/// over a batch: `user`'s day plan at `today` (open opportunities,
/// then the to-do list, then the best suspects).
#[napi(
    ts_args_type = "followups: FollowUp[], targets: { [targetId: string]: TargetInfo } | null | undefined, user: string, today: string, filters?: Filters | null, options?: PlanOptions | null",
    ts_return_type = "DayPlan"
)]
pub fn day_plan(
    followups: Unknown,
    targets: Unknown,
    user: Unknown,
    today: Unknown,
    filters: Unknown,
    options: Unknown,
) -> Result<Json> {
    guard(|| {
        let followups = self::followups(&followups, "followups")?;
        let targets = self::targets(&targets)?;
        let user = string(&user, "user")?;
        let today = date(&today, "today")?;
        let filters = self::filters(&filters)?;
        let options = self::options(&options)?;
        out::<_, m::DayPlan>(f::day_plan(&followups, &targets, &user, today, &filters, &options).map_err(|e| core(&e))?)
    })
}

/// The async batch calls' input: the follow-ups read in slices, the rest at once.
struct ListsJob {
    followups: PendingList<JsonItem>,
    targets: BTreeMap<String, f::TargetInfo>,
    user: String,
    today: NaiveDate,
    filters: f::Filters,
    /// `Some` for `dayPlanAsync`.
    plan: Option<f::PlanOptions>,
}

impl ListsJob {
    fn start(
        followups: &Unknown<'_>,
        targets: &Unknown<'_>,
        user: &Unknown<'_>,
        today: &Unknown<'_>,
        filters: &Unknown<'_>,
        plan: Option<f::PlanOptions>,
    ) -> Result<Box<dyn Job>> {
        Ok(Box::new(ListsJob {
            followups: PendingList::new(Arg::from(followups), "followups")?,
            targets: self::targets(targets)?,
            user: string(user, "user")?,
            today: date(today, "today")?,
            filters: self::filters(filters)?,
            plan,
        }))
    }
}

fn items<C: Conv<M>, M: serde::Serialize>(items: Vec<C>) -> Result<Vec<Json>> {
    items.into_iter().map(out::<C, M>).collect()
}

impl Job for ListsJob {
    fn read(&mut self, deadline: std::time::Instant) -> Result<bool> {
        self.followups.read(deadline)
    }

    fn into_work(self: Box<Self>) -> Work {
        let ListsJob { followups, targets, user, today, filters, plan } = *self;
        let followups = followups.items();
        Box::new(move || {
            let followups: Vec<f::FollowUp> = mirror_items::<m::FollowUp>(followups, "followups")?.conv();
            let rejected = |r: Vec<filrouge::Rejection>| r.into_iter().map(Rejection::from).collect::<Vec<_>>();
            match plan {
                None => {
                    let l = f::lists(&followups, &targets, &user, today, &filters).map_err(|e| core(&e))?;
                    Ok(Output::default()
                        .list("todo", items::<_, m::ListItem>(l.todo)?)
                        .list("upcoming", items::<_, m::ListItem>(l.upcoming)?)
                        .list("rejected", rejected(l.rejected)))
                }
                Some(options) => {
                    let p =
                        f::day_plan(&followups, &targets, &user, today, &filters, &options).map_err(|e| core(&e))?;
                    Ok(Output::default()
                        .list("items", items::<_, m::PlanItem>(p.items)?)
                        .list("rejected", rejected(p.rejected)))
                }
            }
        })
    }
}

/// `lists` off the main thread, as a Promise (see `reconcileAsync`).
#[napi(
    ts_args_type = "followups: FollowUp[], targets: { [targetId: string]: TargetInfo } | null | undefined, user: string, today: string, filters?: Filters | null",
    ts_return_type = "Promise<Lists>"
)]
pub fn lists_async(
    env: Env,
    followups: Unknown,
    targets: Unknown,
    user: Unknown,
    today: Unknown,
    filters: Unknown,
) -> napi::Result<Unknown<'static>> {
    task::start(env.raw(), || ListsJob::start(&followups, &targets, &user, &today, &filters, None))
}

/// `dayPlan` off the main thread, as a Promise.
#[napi(
    ts_args_type = "followups: FollowUp[], targets: { [targetId: string]: TargetInfo } | null | undefined, user: string, today: string, filters?: Filters | null, options?: PlanOptions | null",
    ts_return_type = "Promise<DayPlan>"
)]
pub fn day_plan_async(
    env: Env,
    followups: Unknown,
    targets: Unknown,
    user: Unknown,
    today: Unknown,
    filters: Unknown,
    options: Unknown,
) -> napi::Result<Unknown<'static>> {
    task::start(env.raw(), || {
        let options = self::options(&options)?;
        ListsJob::start(&followups, &targets, &user, &today, &filters, Some(options))
    })
}

/// Follow-ups held in memory (R-4.2 … ): one per target, merged on
/// `put`, removed per assignee, listed, paged with opaque cursors, planned;
/// its state exports to plain data and imports (merging) back.
#[napi]
pub struct FollowUpBook {
    inner: f::FollowUpBook,
}

impl Default for FollowUpBook {
    fn default() -> Self {
        Self::new()
    }
}

#[napi]
impl FollowUpBook {
    /// An empty book.
    #[napi(constructor)]
    pub fn new() -> Self {
        FollowUpBook { inner: f::FollowUpBook::new() }
    }

    /// The number of follow-ups (one per target).
    #[napi(getter)]
    pub fn length(&self) -> u32 {
        u32::try_from(self.inner.len()).unwrap_or(u32::MAX)
    }

    /// The follow-up on a target, or `null`.
    #[napi(ts_args_type = "targetId: string", ts_return_type = "FollowUp | null")]
    pub fn get(&self, target_id: Unknown) -> Result<Json> {
        guard(|| out::<_, Option<m::FollowUp>>(self.inner.get(&string(&target_id, "targetId")?)))
    }

    /// Whether a target has a follow-up.
    #[napi(ts_args_type = "targetId: string")]
    pub fn contains(&self, target_id: Unknown) -> Result<bool> {
        guard(|| Ok(self.inner.contains(&string(&target_id, "targetId")?)))
    }

    /// adds a follow-up, merged with the target's one. Returns
    /// `created`, `merged` or `unchanged`. Throws the codes of.
    #[napi(ts_args_type = "followup: FollowUp", ts_return_type = "Put")]
    pub fn put(&mut self, followup: Unknown) -> Result<Json> {
        guard(|| {
            let followup = self::followup(&followup, "followup")?;
            out::<_, m::Put>(self.inner.put(&followup).map_err(|e| core(&e))?)
        })
    }

    /// `put` for many: the refused ones come back as rejections.
    #[napi(ts_args_type = "followups: FollowUp[]")]
    pub fn put_all(&mut self, followups: Unknown) -> Result<Vec<Rejection>> {
        guard(|| {
            let followups = self::followups(&followups, "followups")?;
            Ok(self.inner.put_all(&followups).into_iter().map(Into::into).collect())
        })
    }

    /// removes `user` from a target's follow-up (deleted with its
    /// last assignee). Throws `unknown_target`, `not_assigned`.
    #[napi(ts_args_type = "targetId: string, user: string", ts_return_type = "Removal")]
    pub fn unassign(&mut self, target_id: Unknown, user: Unknown) -> Result<Json> {
        guard(|| {
            let target_id = string(&target_id, "targetId")?;
            let user = string(&user, "user")?;
            out::<_, m::Removal>(self.inner.unassign(&target_id, &user).map_err(|e| core(&e))?)
        })
    }

    /// Deletes a target's follow-up (done); returns it. Throws `unknown_target`.
    #[napi(ts_args_type = "targetId: string", ts_return_type = "FollowUp")]
    pub fn delete(&mut self, target_id: Unknown) -> Result<Json> {
        guard(|| out::<_, m::FollowUp>(self.inner.delete(&string(&target_id, "targetId")?).map_err(|e| core(&e))?))
    }

    /// What the host knows of a target (routines, tags, open opportunity: the filters of ).
    #[napi(ts_args_type = "targetId: string, info: TargetInfo")]
    pub fn set_target(&mut self, target_id: Unknown, info: Unknown) -> Result<()> {
        guard(|| {
            let target_id = string(&target_id, "targetId")?;
            let info: f::TargetInfo = mirror_record::<m::TargetInfo>(Arg::from(&info), "info")?.conv();
            self.inner.set_target(&target_id, info);
            Ok(())
        })
    }

    /// What the book knows of a target, or `null`.
    #[napi(ts_args_type = "targetId: string", ts_return_type = "TargetInfo | null")]
    pub fn target(&self, target_id: Unknown) -> Result<Json> {
        guard(|| out::<_, Option<m::TargetInfo>>(self.inner.target(&string(&target_id, "targetId")?).cloned()))
    }

    /// The book's content as plain data (what an app persists).
    #[napi(ts_return_type = "BookState")]
    pub fn export(&self) -> Result<Json> {
        guard(|| out::<_, m::BookState>(self.inner.export()))
    }

    /// Merges a state in (R-4.2 per target); refused follow-ups come back.
    #[napi(ts_args_type = "state: BookState")]
    pub fn import(&mut self, state: Unknown) -> Result<Vec<Rejection>> {
        guard(|| {
            let state: f::BookState = mirror_record::<m::BookState>(Arg::from(&state), "state")?.conv();
            Ok(self.inner.import(state).into_iter().map(Into::into).collect())
        })
    }

    /// `user`'s lists at `today`. Throws `empty_user`.
    #[napi(ts_args_type = "user: string, today: string, filters?: Filters | null", ts_return_type = "Lists")]
    pub fn lists(&self, user: Unknown, today: Unknown, filters: Unknown) -> Result<Json> {
        guard(|| {
            let user = string(&user, "user")?;
            let today = date(&today, "today")?;
            let filters = self::filters(&filters)?;
            out::<_, m::Lists>(self.inner.lists(&user, today, &filters).map_err(|e| core(&e))?)
        })
    }

    /// a page of at most `limit` items of a list, after `cursor`
    /// (from the previous page's `nextCursor`). Throws `zero_limit`, `bad_cursor`.
    #[napi(
        ts_args_type = "user: string, today: string, list: List, filters: Filters | null | undefined, limit: number, cursor?: string | null",
        ts_return_type = "Page"
    )]
    pub fn page(
        &self,
        user: Unknown,
        today: Unknown,
        list: Unknown,
        filters: Unknown,
        limit: Unknown,
        cursor: Unknown,
    ) -> Result<Json> {
        guard(|| {
            let user = string(&user, "user")?;
            let today = date(&today, "today")?;
            let list: f::List = mirror_from_js::<m::List>(Arg::from(&list), "list")?.conv();
            let filters = self::filters(&filters)?;
            let limit: usize = mirror_from_js(Arg::from(&limit), "limit")?;
            let cursor = Arg::from(&cursor);
            let cursor = if cursor.is_nullish() { None } else { Some(cursor.string("cursor")?) };
            let page = self.inner.page(&user, today, list, &filters, limit, cursor.as_deref()).map_err(|e| core(&e))?;
            out::<_, m::Page>(page)
        })
    }

    /// `user`'s day plan at `today`.
    #[napi(
        ts_args_type = "user: string, today: string, filters?: Filters | null, options?: PlanOptions | null",
        ts_return_type = "DayPlan"
    )]
    pub fn day_plan(&self, user: Unknown, today: Unknown, filters: Unknown, options: Unknown) -> Result<Json> {
        guard(|| {
            let user = string(&user, "user")?;
            let today = date(&today, "today")?;
            let filters = self::filters(&filters)?;
            let options = self::options(&options)?;
            out::<_, m::DayPlan>(self.inner.day_plan(&user, today, &filters, &options).map_err(|e| core(&e))?)
        })
    }
}

/// A cadence: steps of follow-ups, each due at an offset from the
/// event or from the previous step's completion. Runs are plain data
/// (`CadenceRun`), advanced by `done`.
#[napi]
pub struct Cadence {
    inner: f::Cadence,
}

/// A run's first follow-up, or the follow-up of its next step.
fn run_and_followup(run: &f::CadenceRun, followup: Option<&f::FollowUp>) -> Result<Json> {
    let run = out::<_, m::CadenceRun>(run.clone())?;
    let followup = out::<_, Option<m::FollowUp>>(followup.cloned())?;
    Ok(Json(serde_json::json!({ "run": run.0, "followup": followup.0 })))
}

#[napi]
impl Cadence {
    /// A cadence of `steps` (`{offset: {days|weeks|months|years: n}, until?,
    /// from?, priority?, note?}`). Throws `empty_cadence`.
    #[napi(constructor, ts_args_type = "steps: CadenceStep[]")]
    pub fn new(steps: Unknown) -> Result<Self> {
        guard(|| {
            let steps: Vec<f::CadenceStep> = mirror_from_js::<Vec<m::CadenceStep>>(Arg::from(&steps), "steps")?.conv();
            f::Cadence::new(steps).map(|inner| Cadence { inner }).map_err(|e| core(&e))
        })
    }

    /// The steps.
    #[napi(getter, ts_return_type = "CadenceStep[]")]
    pub fn steps(&self) -> Result<Json> {
        guard(|| out::<_, Vec<m::CadenceStep>>(self.inner.steps.clone()))
    }

    /// The due date of step `step` for an event on `event` (and the
    /// previous step done on `previousDone`). Throws `empty_cadence`, `date_out_of_range`.
    #[napi(ts_args_type = "step: number, event: string, previousDone?: string | null")]
    pub fn due(&self, step: Unknown, event: Unknown, previous_done: Unknown) -> Result<String> {
        guard(|| {
            let step: usize = mirror_from_js(Arg::from(&step), "step")?;
            let event = date(&event, "event")?;
            let previous = date_opt(&previous_done, "previousDone")?;
            Ok(self.inner.due(step, event, previous).map_err(|e| core(&e))?.to_string())
        })
    }

    /// Starts a run for `targetId`: `{run, followup}` (the first step's follow-up).
    #[napi(
        ts_args_type = "targetId: string, assignees: string[], event: string",
        ts_return_type = "{ run: CadenceRun, followup: FollowUp }"
    )]
    pub fn start(&self, target_id: Unknown, assignees: Unknown, event: Unknown) -> Result<Json> {
        guard(|| {
            let target_id = string(&target_id, "targetId")?;
            let assignees: BTreeSet<String> = mirror_from_js(Arg::from(&assignees), "assignees")?;
            let event = date(&event, "event")?;
            let (run, followup) = self.inner.start(&target_id, assignees, event).map_err(|e| core(&e))?;
            run_and_followup(&run, Some(&followup))
        })
    }

    /// The follow-up of a run's current step (`null` once finished).
    /// Throws `cadence_mismatch`.
    #[napi(ts_args_type = "run: CadenceRun", ts_return_type = "FollowUp | null")]
    pub fn current(&self, run: Unknown) -> Result<Json> {
        guard(|| {
            let run: f::CadenceRun = mirror_from_js::<m::CadenceRun>(Arg::from(&run), "run")?.conv();
            out::<_, Option<m::FollowUp>>(run.current(&self.inner).map_err(|e| core(&e))?)
        })
    }

    /// The run's current step done on `doneOn`: `{run, followup}` with the
    /// advanced run and the next step's follow-up (`null` when finished).
    /// Throws `cadence_finished`, `cadence_mismatch`.
    #[napi(
        ts_args_type = "run: CadenceRun, doneOn: string",
        ts_return_type = "{ run: CadenceRun, followup: FollowUp | null }"
    )]
    pub fn done(&self, run: Unknown, done_on: Unknown) -> Result<Json> {
        guard(|| {
            let mut run: f::CadenceRun = mirror_from_js::<m::CadenceRun>(Arg::from(&run), "run")?.conv();
            let done_on = date(&done_on, "doneOn")?;
            let next = run.done(&self.inner, done_on).map_err(|e| core(&e))?;
            run_and_followup(&run, next.as_ref())
        })
    }
}
