//! `filrouge`: run the contact-tracking rules over files, check conformance
//! vectors, show a demo and measure the batch paths.

mod cmd;
mod io;
mod table;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "filrouge", version, about = "CRM contact-tracking rules over JSON Lines and CSV files")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the main job on an embedded sample (a month of a bank branch) and print readable tables.
    Demo(cmd::demo::Args),
    /// Run conformance vector files (or folders of them); prints `N passed, N failed`.
    Vectors(cmd::vectors::Args),
    /// Attach reports to contacts; writes links, orphans, report-born contacts and rejections as JSON Lines.
    Reconcile(cmd::history::ReconcileArgs),
    /// A client's history, newest first, as JSON Lines.
    History(cmd::history::HistoryArgs),
    /// Retention at `now` (R-2.6 … ): per record the parts to purge and the next expiry, as JSON Lines.
    Retention(cmd::retention::Args),
    /// Run a reveal script (R-3.1 …; the step format of the `script` vectors); one JSON line per step.
    Reveal(cmd::reveal::Args),
    /// Survey triggers over responses: contacts to create as JSON Lines, each (trigger, response) once.
    Triggers(cmd::trigger::Args),
    /// Rank companies in a routine (R-5.1 … ), each score explained, as JSON Lines.
    Score(cmd::score::Args),
    /// A user's follow-ups at a date: to-do then upcoming, in order, as JSON Lines.
    Followups(cmd::followup::Args),
    /// Measure every batch path on generated data: records/second and peak memory.
    Bench(cmd::bench::Args),
    /// Write the benchmarks' synthetic contacts and reports as JSON Lines.
    Generate(cmd::generate::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo(args) => cmd::demo::run(args),
        Command::Vectors(args) => cmd::vectors::run(args),
        Command::Reconcile(args) => cmd::history::reconcile(args),
        Command::History(args) => cmd::history::history(args),
        Command::Retention(args) => cmd::retention::run(args),
        Command::Reveal(args) => cmd::reveal::run_script(args),
        Command::Triggers(args) => cmd::trigger::run(args),
        Command::Score(args) => cmd::score::run(args),
        Command::Followups(args) => cmd::followup::run(args),
        Command::Bench(args) => cmd::bench::run(args),
        Command::Generate(args) => cmd::generate::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("filrouge: {e}");
            ExitCode::from(2)
        }
    }
}
