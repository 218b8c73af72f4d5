//! Vector ops of SPEC §4 follow-ups: `followup_merge`, `followup_lists`, and
//! the `script` actions of a [`FollowUpBook`] (put, unassign, delete, lists,
//! pages, day plan, cadences, export/import).

use super::{Case, OpError, input, input_or_default, to_json};
use crate::followup::{
    self, BookState, Cadence, CadenceRun, Config, Draft, Filters, FollowUp, FollowUpBook, List, ListItem, PlanItem,
    PlanOptions, Suspect, TargetInfo,
};
use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

fn op_error(e: followup::Error) -> OpError {
    OpError::new(e.code(), e.to_string())
}

/// `a`, `b` → `merged`.
pub(super) fn merge(case: &Case) -> Result<Value, OpError> {
    let a: FollowUp = input(case, "a")?;
    let b: FollowUp = input(case, "b")?;
    followup::merge(&a, &b).map(|m| json!({ "merged": to_json(&m) })).map_err(op_error)
}

/// `followups`, `user`, `today`, `filters?`, `targets?` →
/// `todo` and `upcoming` (target ids, in order), `lateness` by target id,
/// `rejected`.
pub(super) fn lists(case: &Case) -> Result<Value, OpError> {
    let followups: Vec<FollowUp> = input(case, "followups")?;
    let user: String = input(case, "user")?;
    let today: NaiveDate = input(case, "today")?;
    let filters: Filters = input_or_default(case, "filters")?;
    let targets: BTreeMap<String, TargetInfo> = input_or_default(case, "targets")?;
    let l = followup::lists(&followups, &targets, &user, today, &filters).map_err(op_error)?;
    let ids = |items: &[ListItem]| items.iter().map(|i| i.followup.target_id.clone()).collect::<Vec<_>>();
    let lateness: Map<String, Value> =
        l.todo.iter().chain(&l.upcoming).map(|i| (i.followup.target_id.clone(), to_json(&i.lateness))).collect();
    Ok(json!({
        "todo": ids(&l.todo),
        "upcoming": ids(&l.upcoming),
        "lateness": lateness,
        "rejected": to_json(&l.rejected),
    }))
}

/// The script's state: a book, the cadence runs by target, the last page's cursor.
struct State {
    book: FollowUpBook,
    runs: BTreeMap<String, (Cadence, CadenceRun)>,
    cursor: Option<String>,
    config: Config,
}

/// The script actions this module owns.
pub(super) const ACTIONS: &[&str] = &[
    "followup_put",
    "followup_put_all",
    "followup_get",
    "followup_unassign",
    "followup_delete",
    "followup_target",
    "followup_lists",
    "followup_page",
    "followup_page_all",
    "day_plan",
    "cadence_start",
    "cadence_done",
    "followup_export",
    "followup_import",
];

pub(super) fn script(case: &Case, steps: &[Value]) -> Result<Vec<Value>, OpError> {
    let mut state =
        State { book: FollowUpBook::new(), runs: BTreeMap::new(), cursor: None, config: super::config(case)? };
    let mut results = Vec::with_capacity(steps.len());
    for (i, step) in steps.iter().enumerate() {
        let mut args =
            step.as_object().cloned().ok_or_else(|| OpError::invalid_input(format!("step {i}: not an object")))?;
        let action = args
            .remove("do")
            .and_then(|v| v.as_str().map(str::to_owned))
            .ok_or_else(|| OpError::invalid_input(format!("step {i}: no \"do\" action")))?;
        let result = state.run(case, &action, Value::Object(args)).unwrap_or_else(|e| e.to_json());
        results.push(result);
    }
    Ok(results)
}

fn args<T: DeserializeOwned>(action: &str, value: Value) -> Result<T, OpError> {
    serde_json::from_value(value).map_err(|e| OpError::invalid_input(format!("{action}: {e}")))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PutArgs {
    followup: Option<FollowUp>,
    draft: Option<Draft>,
    today: Option<NaiveDate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PutAllArgs {
    followups: Vec<FollowUp>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetArgs {
    target_id: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnassignArgs {
    target_id: String,
    user: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InfoArgs {
    target_id: String,
    #[serde(default)]
    info: TargetInfo,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListArgs {
    user: String,
    today: Option<NaiveDate>,
    #[serde(default)]
    filters: Filters,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PageArgs {
    user: String,
    today: Option<NaiveDate>,
    list: List,
    limit: usize,
    #[serde(default)]
    filters: Filters,
    cursor: Option<String>,
    #[serde(default, rename = "continue")]
    continue_: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanArgs {
    user: String,
    today: Option<NaiveDate>,
    #[serde(default)]
    filters: Filters,
    #[serde(default)]
    suspects: Vec<Suspect>,
    max_suspects: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StartArgs {
    cadence: Cadence,
    target_id: String,
    assignees: BTreeSet<String>,
    event: NaiveDate,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DoneArgs {
    target_id: String,
    done_on: NaiveDate,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ImportArgs {
    state: BookState,
}

/// A list item as a script result: `{target_id, position, due, priority, lateness, assignees}`.
fn item_json(position: usize, item: &ListItem) -> Value {
    json!({
        "target_id": item.followup.target_id,
        "position": position,
        "due": to_json(&item.followup.due),
        "priority": to_json(&item.followup.priority),
        "assignees": to_json(&item.followup.assignees),
        "lateness": to_json(&item.lateness),
    })
}

fn items_json(items: &[ListItem], first: usize) -> Vec<Value> {
    items.iter().enumerate().map(|(i, it)| item_json(first + i, it)).collect()
}

impl State {
    fn today(&self, case: &Case, given: Option<NaiveDate>) -> Result<NaiveDate, OpError> {
        match (given, case.now) {
            (Some(d), _) => Ok(d),
            (None, Some(now)) => Ok(self.config.today(now)),
            (None, None) => Err(OpError::invalid_input("this step needs \"today\" (or the case's \"now\")")),
        }
    }

    fn put(&mut self, f: FollowUp) -> Result<Value, OpError> {
        let target = f.target_id.clone();
        let outcome = self.book.put(f).map_err(op_error)?;
        Ok(json!({ "outcome": to_json(&outcome), "followup": to_json(&self.book.get(&target)) }))
    }

    fn run(&mut self, case: &Case, action: &str, a: Value) -> Result<Value, OpError> {
        match action {
            "followup_put" => {
                let p: PutArgs = args(action, a)?;
                let f = match (p.followup, p.draft) {
                    (Some(f), None) => f,
                    (None, Some(d)) => d.build(self.today(case, p.today)?).map_err(op_error)?,
                    _ => return Err(OpError::invalid_input("followup_put takes either followup or draft")),
                };
                self.put(f)
            }
            "followup_put_all" => {
                let p: PutAllArgs = args(action, a)?;
                let rejected = self.book.put_all(p.followups);
                Ok(json!({ "rejected": to_json(&rejected), "len": self.book.len() }))
            }
            "followup_get" => {
                let p: TargetArgs = args(action, a)?;
                Ok(json!({ "followup": to_json(&self.book.get(&p.target_id)) }))
            }
            "followup_unassign" => {
                let p: UnassignArgs = args(action, a)?;
                self.book.unassign(&p.target_id, &p.user).map(|r| to_json(&r)).map_err(op_error)
            }
            "followup_delete" => {
                let p: TargetArgs = args(action, a)?;
                let f = self.book.delete(&p.target_id).map_err(op_error)?;
                Ok(json!({ "outcome": "deleted", "followup": to_json(&f) }))
            }
            "followup_target" => {
                let p: InfoArgs = args(action, a)?;
                self.book.set_target(&p.target_id, p.info);
                Ok(json!({ "target_id": p.target_id }))
            }
            "followup_lists" => {
                let p: ListArgs = args(action, a)?;
                let today = self.today(case, p.today)?;
                let l = self.book.lists(&p.user, today, &p.filters).map_err(op_error)?;
                Ok(json!({ "todo": items_json(&l.todo, 0), "upcoming": items_json(&l.upcoming, 0) }))
            }
            "followup_page" => {
                let p: PageArgs = args(action, a)?;
                let today = self.today(case, p.today)?;
                let cursor = if p.continue_ { self.cursor.clone() } else { p.cursor };
                let page =
                    self.book.page(&p.user, today, p.list, &p.filters, p.limit, cursor.as_deref()).map_err(op_error)?;
                self.cursor.clone_from(&page.next_cursor);
                Ok(json!({
                    "items": items_json(&page.items, 0),
                    "has_next": page.next_cursor.is_some(),
                    "next_cursor": page.next_cursor,
                }))
            }
            "followup_page_all" => {
                let p: PageArgs = args(action, a)?;
                let today = self.today(case, p.today)?;
                let mut cursor: Option<String> = None;
                let (mut items, mut pages, mut sizes) = (Vec::new(), 0usize, Vec::new());
                loop {
                    let page = self
                        .book
                        .page(&p.user, today, p.list, &p.filters, p.limit, cursor.as_deref())
                        .map_err(op_error)?;
                    pages += 1;
                    sizes.push(page.items.len());
                    items.extend(items_json(&page.items, items.len()));
                    match page.next_cursor {
                        Some(c) => cursor = Some(c),
                        None => break,
                    }
                }
                Ok(json!({ "pages": pages, "sizes": sizes, "items": items }))
            }
            "day_plan" => {
                let p: PlanArgs = args(action, a)?;
                let today = self.today(case, p.today)?;
                let mut options = PlanOptions { suspects: p.suspects, ..PlanOptions::default() };
                if let Some(m) = p.max_suspects {
                    options.max_suspects = m;
                }
                let plan = self.book.day_plan(&p.user, today, &p.filters, &options).map_err(op_error)?;
                let items: Vec<Value> = plan
                    .items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        let mut v = to_json(item);
                        if let Value::Object(m) = &mut v {
                            m.insert("position".into(), json!(i));
                            m.insert("target_id".into(), json!(item.target_id()));
                            if let PlanItem::Opportunity { followup, .. } | PlanItem::FollowUp { followup, .. } = item {
                                m.insert("priority".into(), to_json(&followup.priority));
                            }
                        }
                        v
                    })
                    .collect();
                Ok(json!({ "plan": items, "rejected": to_json(&plan.rejected) }))
            }
            "cadence_start" => {
                let p: StartArgs = args(action, a)?;
                let (run, f) = p.cadence.start(&p.target_id, p.assignees, p.event).map_err(op_error)?;
                let step = run.step;
                let put = self.put(f)?;
                self.runs.insert(p.target_id, (p.cadence, run));
                Ok(json!({ "step": step, "outcome": put["outcome"], "followup": put["followup"] }))
            }
            "cadence_done" => {
                let p: DoneArgs = args(action, a)?;
                let (cadence, run) = self
                    .runs
                    .get_mut(&p.target_id)
                    .ok_or_else(|| op_error(followup::Error::UnknownTarget { target_id: p.target_id.clone() }))?;
                let next = run.done(cadence, p.done_on).map_err(op_error)?;
                let step = run.step;
                // The step is done: its follow-up goes, the next one is put.
                let _ = self.book.delete(&p.target_id);
                match next {
                    Some(f) => {
                        let put = self.put(f)?;
                        Ok(json!({ "step": step, "finished": false, "followup": put["followup"] }))
                    }
                    None => Ok(json!({ "step": step, "finished": true, "followup": null })),
                }
            }
            "followup_export" => Ok(to_json(&self.book.export())),
            "followup_import" => {
                let p: ImportArgs = args(action, a)?;
                let rejected = self.book.import(p.state);
                Ok(json!({ "rejected": to_json(&rejected), "len": self.book.len() }))
            }
            other => Err(OpError::new("unknown_action", format!("no follow-up action named {other:?}"))),
        }
    }
}
