//! `filrouge score`: rank companies in a routine (R-5.1 … ), with the
//! explanation of every score.

use crate::io::{self, CsvSchema, JsonLines};
use filrouge::scoring::{Companies, Contribution, Previous, Ranked, Routine, changes, explain, score_table};
use serde::Serialize;
use serde_json::{Map, Value};
use std::path::PathBuf;
use std::process::ExitCode;

/// CSV columns of companies that are not plain text (`department` and
/// `naf` stay text: "01" is not 1).
pub const COMPANY_CSV: CsvSchema =
    CsvSchema { lists: &["tags", "software"], numbers: &["headcount", "revenue", "capital"], bools: &[] };

#[derive(clap::Args)]
pub struct Args {
    /// The routine, a JSON file (`{"id", "title", "users", "mandatory", "weighted", "notify_at"}`).
    pub routine: PathBuf,
    /// Companies, JSON Lines (or CSV with a header; `tags` and `software` separated by `;`,
    /// `headcount`, `revenue` and `capital` numbers, every other column text).
    pub companies: PathBuf,
    /// The previous run's ranking (JSON Lines of `{company_id, score}`, e.g. this command's
    /// earlier output): adds `entered`, `left`, `changed` and `crossed` lines.
    #[arg(long)]
    pub previous: Option<PathBuf>,
    /// Also write one line per excluded company.
    #[arg(long)]
    pub excluded: bool,
    /// Where to write the JSON Lines (default: stdout).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// A weighted criterion met, with its text.
#[derive(Serialize)]
struct Met<'a> {
    #[serde(flatten)]
    contribution: &'a Contribution,
    criterion_text: String,
}

/// One output line.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Line<'a> {
    Ranked { rank: usize, company_id: &'a str, score: u8, raw: u32, matched: Vec<Met<'a>> },
    Excluded { company_id: &'a str },
    Rejected(&'a filrouge::Rejection),
    Entered { company_id: &'a str },
    Left { company_id: &'a str },
    Changed { company_id: &'a str, from: u8, to: u8 },
    Crossed { company_id: &'a str, notify_at: u8 },
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let routine: Routine = io::read_json(&args.routine)?;
    let (rows, bad) = io::read_records::<Map<String, Value>>(&args.companies, COMPANY_CSV)?;
    io::report_bad_lines(&bad);
    let spinner = io::spinner(rows.len(), "scoring");
    let table = Companies::from_maps(&rows);
    drop(rows);
    let result = score_table(&routine, &table);
    spinner.finish_and_clear();

    let mut out = JsonLines::create(args.output.as_ref())?;
    let texts: Vec<String> = routine.weighted().iter().map(|c| c.describe()).collect();
    let mut ranked: Vec<Ranked> = Vec::new();
    for (i, r) in result.ranking.iter().enumerate() {
        let e = explain(&routine, table.id(r.row as usize), r);
        let matched =
            e.matched.iter().map(|c| Met { contribution: c, criterion_text: texts[c.criterion].clone() }).collect();
        out.write(&Line::Ranked { rank: i + 1, company_id: &e.company_id, score: e.score, raw: e.raw, matched })?;
        if args.previous.is_some() {
            ranked.push(e);
        }
    }
    if args.excluded {
        let mut ids: Vec<&str> = result.excluded.iter().map(|&r| table.id(r as usize)).collect();
        ids.sort_unstable();
        for company_id in ids {
            out.write(&Line::Excluded { company_id })?;
        }
    }
    for r in &result.rejected {
        out.write(&Line::Rejected(r))?;
    }
    if let Some(path) = &args.previous {
        // This command's own output is a valid previous run: its `ranked` lines are read, the others skipped.
        let (lines, bad) =
            io::read_records::<Map<String, Value>>(path, CsvSchema { numbers: &["score"], ..CsvSchema::default() })?;
        io::report_bad_lines(&bad);
        let mut previous: Vec<Previous> = Vec::new();
        for (i, line) in lines.into_iter().enumerate() {
            if line.get("kind").is_some_and(|k| k != "ranked") {
                continue;
            }
            match serde_json::from_value(Value::Object(line)) {
                Ok(p) => previous.push(p),
                Err(e) => eprintln!("{}: record {}: {e}", path.display(), i + 1),
            }
        }
        let current =
            filrouge::scoring::Scoring { ranking: ranked, excluded: Vec::new(), rejected: result.rejected.clone() };
        let c = changes(&routine, &previous, &current);
        for id in &c.entered {
            out.write(&Line::Entered { company_id: id })?;
        }
        for id in &c.left {
            out.write(&Line::Left { company_id: id })?;
        }
        for ch in &c.changed {
            out.write(&Line::Changed { company_id: &ch.company_id, from: ch.from, to: ch.to })?;
        }
        for id in &c.crossed {
            out.write(&Line::Crossed { company_id: id, notify_at: routine.notify_at().unwrap_or_default() })?;
        }
        for r in &c.rejected_previous {
            out.write(&Line::Rejected(r))?;
        }
        eprintln!(
            "since the previous run: {} entered, {} left, {} changed, {} crossed notify_at",
            c.entered.len(),
            c.left.len(),
            c.changed.len(),
            c.crossed.len()
        );
    }
    out.finish()?;
    eprintln!(
        "{} companies: {} in routine {:?}, {} excluded, {} rejected, {} unreadable lines",
        table.len(),
        result.ranking.len(),
        routine.id(),
        result.excluded.len(),
        result.rejected.len(),
        bad.len()
    );
    Ok(ExitCode::SUCCESS)
}
