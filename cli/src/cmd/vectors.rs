//! `filrouge vectors PATH…`: run conformance vector files.

use filrouge::conformance;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Vector files, or folders searched recursively for `*.json`.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Print every case, not only failures.
    #[arg(long, short)]
    verbose: bool,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let mut files = Vec::new();
    for p in &args.paths {
        collect(p, &mut files)?;
    }
    files.sort();
    let (mut passed, mut failed) = (0usize, 0usize);
    for file in &files {
        let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let cases = match conformance::parse_cases(&text) {
            Ok(c) => c,
            Err(e) => {
                failed += 1;
                println!("FAIL {}: not a vector file: {e}", file.display());
                continue;
            }
        };
        for case in &cases {
            match conformance::check(case) {
                Ok(()) => {
                    passed += 1;
                    if args.verbose {
                        println!("ok   {} [{}] {}", file.display(), case.rule, case.name);
                    }
                }
                Err(diff) => {
                    failed += 1;
                    println!("FAIL {} [{}] {}: {diff}", file.display(), case.rule, case.name);
                }
            }
        }
    }
    println!("{passed} passed, {failed} failed");
    Ok(if failed == 0 && passed > 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// Every `*.json` file under `path` (or `path` itself when it is a file).
pub fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    if path.is_dir() {
        let entries = std::fs::read_dir(path).map_err(|e| format!("{}: {e}", path.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| e.to_string())?;
            collect(&entry.path(), out)?;
        }
    } else if path.extension().is_some_and(|e| e == "json") {
        out.push(path.to_path_buf());
    } else if !path.exists() {
        return Err(format!("{}: no such file or folder", path.display()));
    }
    Ok(())
}
