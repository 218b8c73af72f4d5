//! CPU time (not wall time) of the follow-up bulk load and the retention
//! streaming evaluator, repeated: for profiling (`perf record`) and for
//! figures on a machine shared with other builds. Linux only (reads
//! `/proc/thread-self/schedstat`).
//!
//! `cargo run --release -p filrouge-bench --example core_cpu -- followup 2000000 5`
//! `cargo run --release -p filrouge-bench --example core_cpu -- retention 2000000 5`

use chrono::{DateTime, Utc};
use filrouge::followup::FollowUpBook;
use filrouge::retention::{Evaluator, RetentionPolicy};
use filrouge_bench::{followup, retention};

/// Nanoseconds this thread has run on a CPU.
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let what = args.get(1).map(String::as_str).unwrap_or("followup");
    let n: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(2_000_000);
    let reps: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(3);
    match what {
        "followup" => {
            let data = followup::generate(n, 11);
            for _ in 0..reps {
                let t = cpu_ns();
                let mut book = FollowUpBook::new();
                let rejected = book.put_all(&data);
                let s = (cpu_ns() - t) as f64 / 1e9;
                println!(
                    "followup put_all: {n} in {s:.3} s on-CPU = {:.2} M/s ({} follow-ups, {} rejected)",
                    n as f64 / s / 1e6,
                    book.len(),
                    rejected.len()
                );
                let t = cpu_ns();
                drop(book);
                println!("  drop: {:.3} s", (cpu_ns() - t) as f64 / 1e9);
            }
        }
        "retention" => {
            let records = retention::generate(n, 7);
            let policy = RetentionPolicy::default();
            let now: DateTime<Utc> = "2026-06-01T00:00:00Z".parse().expect("a valid instant");
            let holds: Vec<String> = (0..100).map(|i| format!("cli-{:08}", i * 7)).collect();
            let erasures: Vec<String> = (0..100).map(|i| format!("cli-{:08}", i * 11 + 3)).collect();
            for _ in 0..reps {
                let t = cpu_ns();
                let mut ev = Evaluator::new(&policy, &holds, &erasures, now);
                let purged =
                    records.iter().filter_map(|r| ev.evaluate_one(r).ok()).filter(|v| v.purges_anything()).count();
                let s = (cpu_ns() - t) as f64 / 1e9;
                println!(
                    "retention streaming: {n} in {s:.3} s on-CPU = {:.1} M/s ({purged} purge)",
                    n as f64 / s / 1e6
                );
            }
        }
        other => eprintln!("unknown path {other}: followup or retention"),
    }
}
