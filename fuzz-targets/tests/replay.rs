//! Replays every saved input under `fuzz/corpus/<target>/` through the
//! same body the fuzz binary runs (on stable, in `cargo test`): every crash
//! the fuzzer ever found stays fixed.

use filrouge_fuzz_targets::{TARGETS, target};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

#[test]
fn every_saved_input_replays_without_a_panic() {
    let corpus = fuzz_dir().join("corpus");
    let mut failures = Vec::new();
    let mut total = 0;
    for (name, body) in TARGETS {
        let inputs = files(&corpus.join(name));
        assert!(!inputs.is_empty(), "fuzz/corpus/{name}/ has no seed");
        for path in inputs {
            let data = std::fs::read(&path).expect("a corpus file");
            total += 1;
            if catch_unwind(AssertUnwindSafe(|| body(&data))).is_err() {
                failures.push(path.display().to_string());
            }
        }
    }
    assert!(failures.is_empty(), "{} of {total} saved inputs panic:\n{}", failures.len(), failures.join("\n"));
    assert!(total >= TARGETS.len());
}

#[test]
fn every_corpus_folder_and_fuzz_binary_names_a_target() {
    for entry in std::fs::read_dir(fuzz_dir().join("corpus")).expect("fuzz/corpus") {
        let name = entry.expect("an entry").file_name().to_string_lossy().into_owned();
        assert!(target(&name).is_some(), "fuzz/corpus/{name}/ names no target");
    }
    let manifest = std::fs::read_to_string(fuzz_dir().join("Cargo.toml")).expect("fuzz/Cargo.toml");
    for (name, _) in TARGETS {
        assert!(manifest.contains(&format!("name = \"{name}\"")), "fuzz/Cargo.toml has no binary {name}");
        let source = std::fs::read_to_string(fuzz_dir().join(format!("fuzz_targets/{name}.rs")))
            .unwrap_or_else(|e| panic!("fuzz/fuzz_targets/{name}.rs: {e}"));
        let call = format!("{name}(data)");
        assert!(source.contains(&call), "fuzz/fuzz_targets/{name}.rs does not call the body {name}");
    }
}
