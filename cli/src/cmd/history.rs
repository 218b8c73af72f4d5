//! `filrouge reconcile` and `filrouge history`.

use crate::io::{self, CsvSchema, JsonLines};
use chrono::{DateTime, Utc};
use filrouge::history::{self, Config, Contact, HistoryOptions, Report};
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

/// CSV columns of contacts that are not plain strings.
pub const CONTACT_CSV: CsvSchema = CsvSchema {
    lists: &["parties"],
    numbers: &["duration_s", "voicemail_at_s"],
    bools: &["answered", "has_inline_images"],
};

#[derive(clap::Args)]
pub struct Inputs {
    /// Contacts, JSON Lines (or CSV with a header; `parties` separated by `;`).
    pub contacts: PathBuf,
    /// Reports, JSON Lines (or CSV with a header).
    pub reports: PathBuf,
    /// The present, RFC 3339 (default: the system clock).
    #[arg(long)]
    pub now: Option<DateTime<Utc>>,
    /// A JSON configuration (overrides of the defaults: time_zone, window_days, …).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Where to write the JSON Lines (default: stdout).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct ReconcileArgs {
    #[command(flatten)]
    pub inputs: Inputs,
}

#[derive(clap::Args)]
pub struct HistoryArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// The client whose history to write.
    #[arg(long)]
    pub client: String,
    /// Clients that are legal entities, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub legal_entities: Vec<String>,
    /// Clients under a legal hold, comma-separated: their entries stay past retention.
    #[arg(long, value_delimiter = ',')]
    pub holds: Vec<String>,
}

/// What the commands have read.
struct Loaded {
    contacts: Vec<Contact>,
    reports: Vec<Report>,
    config: Config,
    now: DateTime<Utc>,
    bad_lines: usize,
}

fn load(inputs: &Inputs) -> Result<Loaded, String> {
    let config = match &inputs.config {
        Some(p) => io::read_json(p)?,
        None => Config::default(),
    };
    let (contacts, bad_c) = io::read_records::<Contact>(&inputs.contacts, CONTACT_CSV)?;
    let (reports, bad_r) = io::read_records::<Report>(&inputs.reports, CsvSchema::default())?;
    io::report_bad_lines(&bad_c);
    io::report_bad_lines(&bad_r);
    Ok(Loaded {
        contacts,
        reports,
        config,
        now: inputs.now.unwrap_or_else(Utc::now),
        bad_lines: bad_c.len() + bad_r.len(),
    })
}

/// One output line of `filrouge reconcile`.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Line<'a> {
    Link(&'a history::Link),
    Orphan(&'a history::Orphan),
    Reported { report_id: &'a str },
    Rejected(&'a filrouge::Rejection),
}

pub fn reconcile(args: ReconcileArgs) -> Result<ExitCode, String> {
    let data = load(&args.inputs)?;
    let spinner = io::spinner(data.contacts.len() + data.reports.len(), "reconciling");
    let result = history::reconcile(&data.contacts, &data.reports, &data.config, data.now);
    spinner.finish_and_clear();
    let mut out = JsonLines::create(args.inputs.output.as_ref())?;
    for link in &result.links {
        out.write(&Line::Link(link))?;
    }
    for orphan in &result.orphans {
        out.write(&Line::Orphan(orphan))?;
    }
    for id in &result.reported {
        out.write(&Line::Reported { report_id: id })?;
    }
    for r in &result.rejected {
        out.write(&Line::Rejected(r))?;
    }
    out.finish()?;
    eprintln!(
        "{} links, {} orphans, {} reported, {} rejected records, {} unreadable lines",
        result.links.len(),
        result.orphans.len(),
        result.reported.len(),
        result.rejected.len(),
        data.bad_lines
    );
    Ok(ExitCode::SUCCESS)
}

pub fn history(args: HistoryArgs) -> Result<ExitCode, String> {
    let data = load(&args.inputs)?;
    let options = HistoryOptions {
        legal_entities: args.legal_entities.into_iter().collect(),
        holds: args.holds.into_iter().collect(),
    };
    let spinner = io::spinner(data.contacts.len() + data.reports.len(), "building the history over");
    let result = history::history(&args.client, &data.contacts, &data.reports, &options, &data.config, data.now);
    spinner.finish_and_clear();
    let h = result.map_err(|e| format!("{} ({})", e, e.code()))?;
    let mut out = JsonLines::create(args.inputs.output.as_ref())?;
    for entry in &h.entries {
        out.write(entry)?;
    }
    out.finish()?;
    for c in &h.coverage {
        eprintln!("{} captured since {}", c.channel.as_str(), c.since);
    }
    eprintln!("{} entries for {}", h.entries.len(), h.client_id);
    Ok(ExitCode::SUCCESS)
}
