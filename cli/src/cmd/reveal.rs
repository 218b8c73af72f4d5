//! `filrouge reveal SCRIPT.json`: runs a reveal script (the step format of
//! the `script` vectors, see `tests/vectors/README.md`) and prints each
//! step's result as a JSON line.

use crate::io::{self, JsonLines};
use chrono::{DateTime, Utc};
use filrouge::conformance::{Case, run};
use serde::Deserialize;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// A script: `{"config"?, "now"?, "tenant"?, "steps": [{"do": "reveal", …}, …]}`, or just the list of steps.
    pub script: PathBuf,
    /// The default instant of steps without `at` (overrides the script's `now`).
    #[arg(long)]
    pub now: Option<DateTime<Utc>>,
    /// Where to write the JSON Lines (default: stdout).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// A script file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Script {
    #[serde(default)]
    config: Value,
    #[serde(default)]
    now: Option<DateTime<Utc>>,
    #[serde(default)]
    tenant: Option<String>,
    steps: Vec<Value>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum File {
    Script(Script),
    Steps(Vec<Value>),
}

pub fn run_script(args: Args) -> Result<ExitCode, String> {
    let file: File = io::read_json(&args.script)?;
    let script = match file {
        File::Script(s) => s,
        File::Steps(steps) => Script { config: Value::Null, now: None, tenant: None, steps },
    };
    if script.steps.is_empty() {
        return Err(format!("{}: the script has no steps", args.script.display()));
    }
    let mut input = json!({ "steps": script.steps });
    if let Some(t) = &script.tenant {
        input["tenant"] = Value::String(t.clone());
    }
    let case = Case {
        rule: "R-3".into(),
        name: args.script.display().to_string(),
        op: "script".into(),
        now: args.now.or(script.now),
        config: script.config,
        input,
        expected: Value::Null,
    };
    let output = run(&case);
    if let Some(code) = output.get("error").and_then(Value::as_str) {
        let message = output.get("message").and_then(Value::as_str).unwrap_or("");
        return Err(format!("{}: {code}: {message}", args.script.display()));
    }
    let results = output.get("results").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut out = JsonLines::create(args.output.as_ref())?;
    let mut unreadable = 0;
    let mut refused = 0;
    for (i, (step, result)) in script.steps.iter().zip(&results).enumerate() {
        let action = step.get("do").and_then(Value::as_str).unwrap_or("?");
        if let Some(code) = result.get("error").and_then(Value::as_str) {
            let message = result.get("message").and_then(Value::as_str).unwrap_or("");
            if matches!(code, "invalid_input" | "unknown_action") {
                unreadable += 1;
                eprintln!("{}: {message}", args.script.display());
            } else {
                refused += 1;
                eprintln!("{}: step {} ({action}) refused: {code}: {message}", args.script.display(), i + 1);
            }
        }
        out.write(&json!({ "step": i + 1, "do": action, "result": result }))?;
    }
    out.finish()?;
    eprintln!("{} steps, {refused} refused by a rule, {unreadable} unreadable", results.len());
    Ok(if unreadable > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
