//! `filrouge followups`: a user's to-do and upcoming follow-ups.

use crate::io::{self, CsvSchema, JsonLines};
use chrono::NaiveDate;
use filrouge::followup::{Filters, FollowUp, FollowUpBook, ListItem, Priority, TargetInfo};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Follow-ups, JSON Lines (or CSV with a header; `assignees` `;`-separated):
    /// `target_id, assignees, due, priority?, origin?, last_note?`.
    pub followups: PathBuf,
    /// Whose lists (the default filter is the user's own follow-ups).
    #[arg(long)]
    pub user: String,
    /// The local date the lists are for (YYYY-MM-DD).
    #[arg(long)]
    pub today: NaiveDate,
    /// Only these priorities, comma-separated (`high,normal`).
    #[arg(long, value_delimiter = ',')]
    pub priority: Vec<String>,
    /// Only targets in this routine (needs --targets).
    #[arg(long)]
    pub routine: Option<String>,
    /// Only targets with this tag (needs --targets).
    #[arg(long)]
    pub tag: Option<String>,
    /// Only targets with (`true`) or without (`false`) an open opportunity (needs --targets).
    #[arg(long)]
    pub opportunity: Option<bool>,
    /// Another user's follow-ups instead of the user's own.
    #[arg(long)]
    pub assignee: Option<String>,
    /// Every follow-up, whoever it is assigned to.
    #[arg(long)]
    pub everyone: bool,
    /// What is known of the targets, JSON Lines: `{"target_id", "routines"?, "tags"?, "open_opportunity"?}`.
    #[arg(long)]
    pub targets: Option<PathBuf>,
    /// Where to write the JSON Lines (default: stdout).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// One line of a targets file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetRecord {
    target_id: String,
    #[serde(default)]
    routines: BTreeSet<String>,
    #[serde(default)]
    tags: BTreeSet<String>,
    #[serde(default)]
    open_opportunity: bool,
}

/// One output line.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Line<'a> {
    Todo {
        position: usize,
        #[serde(flatten)]
        item: &'a ListItem,
    },
    Upcoming {
        position: usize,
        #[serde(flatten)]
        item: &'a ListItem,
    },
    Rejected(&'a filrouge::Rejection),
}

fn priority(text: &str) -> Result<Priority, String> {
    serde_json::from_value(serde_json::Value::String(text.trim().to_owned()))
        .map_err(|_| format!("--priority: {text:?} is not high, normal or low"))
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let filters = Filters {
        assignee: args.assignee,
        everyone: args.everyone,
        priorities: args.priority.iter().map(|p| priority(p)).collect::<Result<_, _>>()?,
        routine: args.routine,
        tag: args.tag,
        opportunity: args.opportunity,
    };
    let schema = CsvSchema { lists: &["assignees"], ..CsvSchema::default() };
    let (followups, bad) = io::read_records::<FollowUp>(&args.followups, schema)?;
    io::report_bad_lines(&bad);
    let spinner = io::spinner(followups.len(), "filing");
    let (mut book, rejected) = FollowUpBook::from_followups(followups);
    spinner.finish_and_clear();
    let mut bad_targets = 0;
    if let Some(path) = &args.targets {
        let (targets, bad) = io::read_records::<TargetRecord>(
            path,
            CsvSchema { lists: &["routines", "tags"], bools: &["open_opportunity"], ..CsvSchema::default() },
        )?;
        io::report_bad_lines(&bad);
        bad_targets = bad.len();
        for t in targets {
            let info = TargetInfo { routines: t.routines, tags: t.tags, open_opportunity: t.open_opportunity };
            book.set_target(&t.target_id, info);
        }
    }
    let lists = book.lists(&args.user, args.today, &filters).map_err(|e| format!("{} ({})", e, e.code()))?;
    let mut out = JsonLines::create(args.output.as_ref())?;
    for (position, item) in lists.todo.iter().enumerate() {
        out.write(&Line::Todo { position, item })?;
    }
    for (position, item) in lists.upcoming.iter().enumerate() {
        out.write(&Line::Upcoming { position, item })?;
    }
    for r in &rejected {
        out.write(&Line::Rejected(r))?;
    }
    out.finish()?;
    let overdue =
        lists.todo.iter().filter(|i| matches!(i.lateness, filrouge::followup::Lateness::Overdue { .. })).count();
    eprintln!(
        "{} follow-ups held; {} to do ({} overdue), {} upcoming for {}; {} rejected, {} unreadable lines{}",
        book.len(),
        lists.todo.len(),
        overdue,
        lists.upcoming.len(),
        args.user,
        rejected.len(),
        bad.len(),
        if bad_targets > 0 { format!(", {bad_targets} unreadable target lines") } else { String::new() }
    );
    Ok(ExitCode::SUCCESS)
}
