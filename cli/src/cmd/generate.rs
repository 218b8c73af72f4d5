//! `filrouge generate`: write the benchmarks' synthetic data as JSON Lines,
//! to try the commands (or a binding) at scale.

use crate::io::JsonLines;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Folder to write `contacts.jsonl` and `reports.jsonl` into.
    #[arg(long, short)]
    out: PathBuf,
    /// Number of contacts.
    #[arg(long, default_value_t = 1_000_000)]
    contacts: usize,
    /// Number of reports.
    #[arg(long, default_value_t = 200_000)]
    reports: usize,
    /// Seed of the generator (same seed, same data).
    #[arg(long, default_value_t = 42)]
    seed: u64,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    std::fs::create_dir_all(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;
    let data = filrouge_bench::history::generate(args.contacts, args.reports, args.seed);
    let mut out = JsonLines::create(Some(&args.out.join("contacts.jsonl")))?;
    for c in &data.contacts {
        out.write(c)?;
    }
    out.finish()?;
    let mut out = JsonLines::create(Some(&args.out.join("reports.jsonl")))?;
    for r in &data.reports {
        out.write(r)?;
    }
    out.finish()?;
    eprintln!("wrote {} contacts and {} reports to {}", data.contacts.len(), data.reports.len(), args.out.display());
    Ok(ExitCode::SUCCESS)
}
