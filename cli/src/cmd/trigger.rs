//! `filrouge triggers`: evaluate survey triggers over responses (R-6.3,
//! ), at most once per (trigger, response) across runs thanks to a
//! fired log kept in a file.

use crate::io::{self, CsvSchema, JsonLines};
use filrouge::trigger::{FiredLog, Firing, Response, Survey, Trigger, TriggerConfig, TriggerSet};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Responses, JSON Lines: `{id, survey_id, submitted_at, respondent: {id, …}, answers: {…}}`.
    pub responses: PathBuf,
    /// The triggers: a JSON file `{"triggers": [...], "surveys": [...], "config": {"custom_field_names": {...}}}`.
    #[arg(long)]
    pub triggers: PathBuf,
    /// The fired log: read if it exists, written back after the run, so
    /// that a later run over the same (or redelivered) responses fires nothing again.
    #[arg(long)]
    pub log: Option<PathBuf>,
    /// Where to write the JSON Lines (default: stdout).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// The `--triggers` file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Definitions {
    triggers: Vec<Trigger>,
    surveys: Vec<Survey>,
    #[serde(default)]
    config: TriggerConfig,
}

/// One output line.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Line<'a> {
    Firing(&'a Firing),
    Rejected(&'a filrouge::Rejection),
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let defs: Definitions = io::read_json(&args.triggers)?;
    let set = TriggerSet::new(defs.triggers, defs.config)
        .map_err(|e| format!("{}: {} ({})", args.triggers.display(), e, e.code()))?;
    let mut log: FiredLog = match &args.log {
        Some(p) if p.exists() => io::read_json(p)?,
        _ => FiredLog::default(),
    };
    let (responses, bad) = io::read_records::<Response>(&args.responses, CsvSchema::default())?;
    io::report_bad_lines(&bad);
    let spinner = io::spinner(responses.len(), "evaluating triggers on");
    let result = set.evaluate_all(&mut log, &defs.surveys, &responses);
    spinner.finish_and_clear();
    let mut out = JsonLines::create(args.output.as_ref())?;
    for f in &result.firings {
        out.write(&Line::Firing(f))?;
    }
    for r in &result.rejected {
        out.write(&Line::Rejected(r))?;
    }
    out.finish()?;
    if let Some(p) = &args.log {
        let text = serde_json::to_string(&log).map_err(|e| e.to_string())?;
        std::fs::write(p, text).map_err(|e| format!("{}: {e}", p.display()))?;
    }
    eprintln!(
        "{} responses, {} firings, {} already fired before, {} rejected, {} unreadable lines",
        responses.len(),
        result.firings.len(),
        result.already_fired,
        result.rejected.len(),
        bad.len()
    );
    Ok(ExitCode::SUCCESS)
}
