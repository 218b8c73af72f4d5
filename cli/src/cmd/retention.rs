//! `filrouge retention`: what to purge now and when each record next expires.

use crate::io::{self, CsvSchema, JsonLines};
use chrono::{DateTime, Utc};
use filrouge::retention::{self, Part, Record, RecordVerdict, RetentionPolicy};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Records, JSON Lines (or CSV with a header): `id, client_id, channel, mail_source?, occurred_at`.
    pub records: PathBuf,
    /// The present, RFC 3339 (default: the system clock).
    #[arg(long)]
    pub now: Option<DateTime<Utc>>,
    /// A JSON retention policy `{"time_zone", "rules": [...]}` replacing the default table of.
    #[arg(long)]
    pub policy: Option<PathBuf>,
    /// Clients under a legal or litigation hold, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub holds: Vec<String>,
    /// A file of held clients, one id per line.
    #[arg(long)]
    pub holds_file: Option<PathBuf>,
    /// Clients who asked for erasure, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub erasures: Vec<String>,
    /// A file of clients who asked for erasure, one id per line.
    #[arg(long)]
    pub erasures_file: Option<PathBuf>,
    /// Write only the records that have something to purge now.
    #[arg(long)]
    pub purge_only: bool,
    /// Where to write the JSON Lines (default: stdout).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// One output line.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Line<'a> {
    Record(&'a RecordVerdict),
    Rejected(&'a filrouge::Rejection),
}

fn ids(mut listed: Vec<String>, file: Option<&Path>) -> Result<Vec<String>, String> {
    if let Some(path) = file {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        listed.extend(text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned));
    }
    Ok(listed)
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let policy: RetentionPolicy = match &args.policy {
        Some(p) => io::read_json(p)?,
        None => RetentionPolicy::default(),
    };
    let holds = ids(args.holds, args.holds_file.as_deref())?;
    let erasures = ids(args.erasures, args.erasures_file.as_deref())?;
    let (records, bad) = io::read_records::<Record>(&args.records, CsvSchema::default())?;
    io::report_bad_lines(&bad);
    let now = args.now.unwrap_or_else(Utc::now);
    let spinner = io::spinner(records.len(), "evaluating retention of");
    let result = retention::evaluate(&policy, &records, &holds, &erasures, now);
    spinner.finish_and_clear();

    let mut out = JsonLines::create(args.output.as_ref())?;
    let mut per_part = [0usize; 4];
    let mut to_purge = 0;
    for r in &result.records {
        let purges = r.verdict.purges_anything();
        if purges {
            to_purge += 1;
            for (i, part) in Part::ALL.into_iter().enumerate() {
                per_part[i] += usize::from(r.verdict.purges(part));
            }
        }
        if purges || !args.purge_only {
            out.write(&Line::Record(r))?;
        }
    }
    for r in &result.rejected {
        out.write(&Line::Rejected(r))?;
    }
    out.finish()?;
    eprintln!(
        "{} records, {} with something to purge now (record {}, body {}, attachments {}, inline images {}), {} rejected, {} unreadable lines",
        result.records.len(),
        to_purge,
        per_part[0],
        per_part[1],
        per_part[2],
        per_part[3],
        result.rejected.len(),
        bad.len()
    );
    Ok(ExitCode::SUCCESS)
}
