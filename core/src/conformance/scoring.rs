//! Vector ops of SPEC §5 routines and scoring: `score`, `rescore`, and the
//! `script` actions of tags and routine visibility.

use super::{Case, OpError, input_or_default, to_json};
use crate::scoring::{self, Directory, Licence, Previous, Routine, Tag, Tags};
use serde::Deserialize;
use serde_json::{Map, Value, json};

fn routine(case: &Case) -> Result<Result<Routine, OpError>, OpError> {
    let raw = case.input.get("routine").ok_or_else(|| OpError::invalid_input("input.routine is missing"))?;
    Ok(Routine::parse(raw).map_err(|e| OpError::new(e.code(), e.to_string())))
}

fn companies(case: &Case) -> Result<Vec<Map<String, Value>>, OpError> {
    let items: Vec<Value> = input_or_default(case, "companies")?;
    items
        .into_iter()
        .enumerate()
        .map(|(i, v)| match v {
            Value::Object(m) => Ok(m),
            _ => Err(OpError::invalid_input(format!("input.companies[{i}] is not a JSON object"))),
        })
        .collect()
}

/// `score`: `routine`, `companies` → `ranking` (ordered), `excluded`, `rejected`.
pub(super) fn score(case: &Case) -> Result<Value, OpError> {
    let routine = routine(case)??;
    Ok(to_json(&scoring::score(&routine, &companies(case)?)))
}

/// `rescore`: `routine`, `previous`, `companies` → `entered`, `left`,
/// `changed`, `crossed`, plus the current `ranking`, `excluded`, `rejected`.
pub(super) fn rescore(case: &Case) -> Result<Value, OpError> {
    let routine = routine(case)??;
    let previous: Vec<Previous> = input_or_default(case, "previous")?;
    Ok(to_json(&scoring::rescore(&routine, &previous, &companies(case)?)))
}

/// The actions of the tags and visibility scripts.
pub(super) const ACTIONS: &[&str] = &[
    "define_routine",
    "assign_routine",
    "remove_routine",
    "set_routine_licence",
    "visible_routines",
    "set_default_routine",
    "default_routine",
    "set_tag",
    "mark_ex_client",
    "tag_of",
    "company_followup_put",
];

#[derive(Deserialize)]
#[serde(tag = "do", rename_all = "snake_case", deny_unknown_fields)]
enum Step {
    DefineRoutine { routine: Value },
    AssignRoutine { routine_id: String, users: Vec<String> },
    RemoveRoutine { routine_id: String },
    SetRoutineLicence { user: String, licence: Licence },
    VisibleRoutines { user: String },
    SetDefaultRoutine { user: String, routine_id: String },
    DefaultRoutine { user: String },
    SetTag { company_id: String, routine_id: String, tag: Option<Tag> },
    MarkExClient { company_id: String, routine_id: String, ex_client: bool },
    TagOf { company_id: String, routine_id: String },
    CompanyFollowupPut { user: String, company_id: String },
}

fn err(e: scoring::Error) -> Value {
    json!({ "error": e.code(), "message": e.to_string() })
}

fn or_err(r: Result<Value, scoring::Error>) -> Value {
    r.unwrap_or_else(err)
}

/// Runs the steps against one [`Directory`] and one [`Tags`]; each step's
/// result (or `{"error": code}`) in order.
pub(super) fn script(_case: &Case, steps: &[Value]) -> Result<Vec<Value>, OpError> {
    let mut dir = Directory::default();
    let mut tags = Tags::default();
    let mut out = Vec::with_capacity(steps.len());
    for (i, raw) in steps.iter().enumerate() {
        let step: Step =
            serde_json::from_value(raw.clone()).map_err(|e| OpError::invalid_input(format!("steps[{i}]: {e}")))?;
        let result = match step {
            Step::DefineRoutine { routine } => or_err(Routine::parse(&routine).map(|r| {
                dir.define_routine(&r);
                json!({ "routine_id": r.id() })
            })),
            Step::AssignRoutine { routine_id, users } => {
                or_err(dir.assign(&routine_id, &users).map(|()| json!({ "routine_id": routine_id, "users": users })))
            }
            Step::RemoveRoutine { routine_id } => {
                dir.remove_routine(&routine_id);
                json!({ "routine_id": routine_id })
            }
            Step::SetRoutineLicence { user, licence } => {
                or_err(dir.set_licence(&user, licence).map(|()| json!({ "user": user, "licence": licence })))
            }
            Step::VisibleRoutines { user } => json!({ "routines": dir.visible_routines(&user) }),
            Step::SetDefaultRoutine { user, routine_id } => or_err(
                dir.set_default_routine(&user, &routine_id)
                    .map(|replaced| json!({ "default": routine_id, "replaced": replaced })),
            ),
            Step::DefaultRoutine { user } => json!({ "default": dir.default_routine(&user) }),
            Step::SetTag { company_id, routine_id, tag } => {
                or_err(tags.set_tag(&company_id, &routine_id, tag).map(|s| to_json(&s)))
            }
            Step::MarkExClient { company_id, routine_id, ex_client } => {
                or_err(tags.mark_ex_client(&company_id, &routine_id, ex_client).map(|s| to_json(&s)))
            }
            Step::TagOf { company_id, routine_id } => to_json(&tags.tag_of(&company_id, &routine_id)),
            Step::CompanyFollowupPut { user, company_id } => {
                or_err(tags.followup_put(&dir, &user, &company_id).map(|t| to_json(&t)))
            }
        };
        out.push(result);
    }
    Ok(out)
}
