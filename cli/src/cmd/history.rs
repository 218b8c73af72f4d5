//! `filrouge reconcile` and `filrouge history`.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ReconcileArgs {
    /// Contacts, JSON Lines or CSV.
    pub contacts: PathBuf,
    /// Reports, JSON Lines or CSV.
    pub reports: PathBuf,
}

#[derive(clap::Args)]
pub struct HistoryArgs {
    /// Contacts, JSON Lines or CSV.
    pub contacts: PathBuf,
    /// Reports, JSON Lines or CSV.
    pub reports: PathBuf,
}

pub fn reconcile(_args: ReconcileArgs) -> Result<ExitCode, String> {
    Ok(ExitCode::SUCCESS)
}

pub fn history(_args: HistoryArgs) -> Result<ExitCode, String> {
    Ok(ExitCode::SUCCESS)
}
