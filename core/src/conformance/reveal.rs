//! Script actions of SPEC §3 reveal-once visibility (see the `reveal`
//! section of `tests/vectors/README.md` for each action's arguments and
//! result). Steps run on named ledgers (`"ledger": "a"`, default `main`),
//! all with the case's `config`.

use super::{Case, OpError, to_json};
use crate::reveal::{self, Context, DiagnosticRequest, EnrichRequest, RevealLedger, RevealRequest, Role, StatsQuery};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The actions this module owns.
pub(super) const ACTIONS: &[&str] = &[
    "recommend",
    "open_project",
    "reveal",
    "impersonate",
    "can_see",
    "change_coordinates",
    "leave_company",
    "enrich",
    "mark_diagnostic",
    "undo_diagnostic",
    "diagnostic",
    "reveal_stats",
    "consumption",
    "merge_ledgers",
    "export_events",
    "import_events",
    "replay",
    "compare_ledgers",
];

/// Actions whose arguments take the script's default `tenant` and (but
/// `diagnostic`) the case's `now` as `at`.
const TAKES_TENANT: &[&str] = &[
    "recommend",
    "open_project",
    "reveal",
    "impersonate",
    "can_see",
    "change_coordinates",
    "leave_company",
    "enrich",
    "mark_diagnostic",
    "undo_diagnostic",
    "diagnostic",
    "consumption",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Relation {
    tenant: String,
    context: Context,
    requester: String,
    #[serde(default)]
    contact: Option<String>,
    at: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SubjectArgs {
    tenant: String,
    subject: String,
    at: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CanSeeArgs {
    tenant: String,
    viewer: String,
    role: Role,
    subject: String,
    context: Context,
    at: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ImpersonateArgs {
    admin: String,
    key: String,
    tenant: String,
    viewer: String,
    role: Role,
    subject: String,
    context: Context,
    at: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectArgs {
    tenant: String,
    project: Context,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConsumptionArgs {
    tenant: String,
    at: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MergeArgs {
    #[serde(default = "main")]
    into: String,
    from: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CompareArgs {
    a: String,
    b: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ImportArgs {
    events: Vec<reveal::Event>,
}

fn main() -> String {
    "main".into()
}

fn args<T: DeserializeOwned>(step: Map<String, Value>) -> Result<T, OpError> {
    serde_json::from_value(Value::Object(step)).map_err(OpError::invalid_input)
}

fn err(e: reveal::Error) -> Value {
    OpError::new(e.code(), e.to_string()).to_json()
}

fn ok() -> Value {
    json!({ "ok": true })
}

/// Runs a script: one result per step, in order. A step that cannot be read
/// gives `{"error": "invalid_input"}` (or `unknown_action`) and the script goes on.
pub(super) fn run(case: &Case, steps: &[Value]) -> Result<Vec<Value>, OpError> {
    let config: reveal::Config = super::config(case)?;
    let tenant = case.input.get("tenant").cloned();
    let mut ledgers: BTreeMap<String, RevealLedger> = BTreeMap::new();
    let mut results = Vec::with_capacity(steps.len());
    for (i, step) in steps.iter().enumerate() {
        let result = run_step(case, &config, tenant.as_ref(), &mut ledgers, step).unwrap_or_else(|e| {
            OpError::new(e.code, format!("step {} ({}): {}", i + 1, action_of(step), e.message)).to_json()
        });
        results.push(result);
    }
    Ok(results)
}

fn action_of(step: &Value) -> &str {
    step.get("do").and_then(Value::as_str).unwrap_or("?")
}

/// Runs one step on the named ledger.
fn run_step(
    case: &Case,
    config: &reveal::Config,
    tenant: Option<&Value>,
    ledgers: &mut BTreeMap<String, RevealLedger>,
    step: &Value,
) -> Result<Value, OpError> {
    let mut step = step.as_object().cloned().ok_or_else(|| OpError::invalid_input("a step is a JSON object"))?;
    let action = match step.remove("do") {
        Some(Value::String(s)) => s,
        _ => return Err(OpError::invalid_input("a step needs \"do\": an action name")),
    };
    if !ACTIONS.contains(&action.as_str()) {
        return Err(OpError::new("unknown_action", format!("no reveal action named {action:?}")));
    }
    let name = match step.remove("ledger") {
        None => main(),
        Some(Value::String(s)) => s,
        Some(other) => return Err(OpError::invalid_input(format!("\"ledger\" is a name, got {other}"))),
    };
    if TAKES_TENANT.contains(&action.as_str()) {
        if let (Some(t), false) = (tenant, step.contains_key("tenant")) {
            step.insert("tenant".into(), t.clone());
        }
        if let (Some(now), false, false) = (case.now, step.contains_key("at"), action == "diagnostic") {
            step.insert("at".into(), Value::String(now.to_rfc3339()));
        }
    }
    let fresh = || RevealLedger::new(config.clone());
    let ledger = ledgers.entry(name.clone()).or_insert_with(fresh);
    Ok(match action.as_str() {
        "recommend" => {
            let a: Relation = args(step)?;
            let contact = a.contact.ok_or_else(|| OpError::invalid_input("recommend needs \"contact\""))?;
            ledger.recommend(&a.tenant, &a.context, &a.requester, &contact, a.at).map_or_else(err, |_| ok())
        }
        "open_project" => {
            let a: Relation = args(step)?;
            if a.contact.is_some() {
                return Err(OpError::invalid_input("open_project takes no \"contact\""));
            }
            ledger.open_project(&a.tenant, &a.context, &a.requester, a.at).map_or_else(err, |_| ok())
        }
        "reveal" => {
            let r: RevealRequest = args(step)?;
            ledger.reveal(&r).map_or_else(err, |o| to_json(&o))
        }
        "impersonate" => {
            let a: ImpersonateArgs = args(step)?;
            let r = RevealRequest {
                key: a.key,
                tenant: a.tenant,
                viewer: a.viewer,
                role: a.role,
                subject: a.subject,
                context: a.context,
                at: a.at,
                impersonated_by: Some(a.admin),
            };
            ledger.reveal(&r).map_or_else(err, |o| to_json(&o))
        }
        "can_see" => {
            let a: CanSeeArgs = args(step)?;
            to_json(&ledger.can_see(&a.tenant, &a.viewer, a.role, &a.subject, &a.context, a.at))
        }
        "change_coordinates" => {
            let a: SubjectArgs = args(step)?;
            ledger.change_coordinates(&a.tenant, &a.subject, a.at).map_or_else(err, |_| ok())
        }
        "leave_company" => {
            let a: SubjectArgs = args(step)?;
            ledger.leave_company(&a.tenant, &a.subject, a.at).map_or_else(err, |_| ok())
        }
        "enrich" => {
            let r: EnrichRequest = args(step)?;
            ledger.enrich(&r).map_or_else(err, |o| to_json(&o))
        }
        "mark_diagnostic" => {
            let r: DiagnosticRequest = args(step)?;
            ledger.mark_diagnostic(&r).map_or_else(err, |o| to_json(&o))
        }
        "undo_diagnostic" => {
            let r: DiagnosticRequest = args(step)?;
            ledger.undo_diagnostic(&r).map_or_else(err, |o| to_json(&o))
        }
        "diagnostic" => {
            let a: ProjectArgs = args(step)?;
            to_json(&ledger.diagnostic(&a.tenant, &a.project))
        }
        "reveal_stats" => {
            let q: StatsQuery = args(step)?;
            to_json(&ledger.stats(&q))
        }
        "consumption" => {
            let a: ConsumptionArgs = args(step)?;
            to_json(&ledger.consumption(&a.tenant, a.at))
        }
        "export_events" => {
            args::<Map<String, Value>>(step).and_then(|m| {
                if m.is_empty() { Ok(()) } else { Err(OpError::invalid_input("export_events takes no argument")) }
            })?;
            let events = ledger.events();
            json!({ "count": events.len(), "events": to_json(&events) })
        }
        "import_events" => {
            let a: ImportArgs = args(step)?;
            to_json(&ledger.import(a.events))
        }
        "replay" => {
            args::<Map<String, Value>>(step).and_then(|m| {
                if m.is_empty() { Ok(()) } else { Err(OpError::invalid_input("replay takes no argument")) }
            })?;
            let (replayed, report) = RevealLedger::from_events(config.clone(), ledger.events());
            let same =
                replayed == *ledger && replayed.stats(&StatsQuery::default()) == ledger.stats(&StatsQuery::default());
            json!({ "same": same, "events": replayed.len(), "rejected": to_json(&report.rejected) })
        }
        "merge_ledgers" => {
            let a: MergeArgs = args(step)?;
            let from = ledgers.get(&a.from).cloned().unwrap_or_else(fresh);
            let into = ledgers.entry(a.into).or_insert_with(fresh);
            to_json(&into.merge(&from))
        }
        "compare_ledgers" => {
            let a: CompareArgs = args(step)?;
            let (x, y) =
                (ledgers.get(&a.a).cloned().unwrap_or_else(fresh), ledgers.get(&a.b).cloned().unwrap_or_else(fresh));
            let q = StatsQuery::default();
            json!({ "equal": x == y && x.stats(&q) == y.stats(&q), "events": [x.len(), y.len()] })
        }
        other => return Err(OpError::new("unknown_action", format!("no reveal action named {other:?}"))),
    })
}
