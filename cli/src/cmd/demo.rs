//! `filrouge demo`: the main job on the embedded sample.

use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> Result<ExitCode, String> {
    Ok(ExitCode::SUCCESS)
}
