//! Runs every conformance vector under `tests/vectors/` (SPEC §9) through
//! the Rust API. Each case names the rule it pins; a failure names the file,
//! the rule and what differed.

use filrouge::conformance::{check, parse_cases};
use std::path::{Path, PathBuf};

fn vector_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            vector_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

#[test]
fn every_vector_passes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut files = Vec::new();
    vector_files(&root, &mut files);
    files.sort();
    let mut passed = 0;
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let cases = parse_cases(&text).unwrap_or_else(|e| panic!("{}: not a vector file: {e}", file.display()));
        for case in cases {
            match check(&case) {
                Ok(()) => passed += 1,
                Err(diff) => failures.push(format!("{} [{}] {}: {diff}", file.display(), case.rule, case.name)),
            }
        }
    }
    println!("{passed} vectors passed, {} failed", failures.len());
    assert!(passed > 0, "no vector found under {}", root.display());
    assert!(failures.is_empty(), "{} vectors failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_case_names_a_spec_rule() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut files = Vec::new();
    vector_files(&root, &mut files);
    for file in files {
        for case in parse_cases(&std::fs::read_to_string(&file).unwrap()).unwrap() {
            assert!(case.rule.starts_with("R-"), "{}: case {:?} names no rule", file.display(), case.name);
            assert!(!case.name.trim().is_empty(), "{}: a case has no name", file.display());
        }
    }
}
