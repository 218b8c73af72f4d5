//! CPU time (not wall time) of batch reconciliation on the benchmark's
//! data, repeated: for profiling (`perf record`, `perf stat`) and for
//! figures on a machine shared with other builds. Linux only (reads
//! `/proc/thread-self/schedstat`).
//!
//! `cargo run --release -p filrouge-bench --example reconcile_cpu -- 1000000 200000 5`

use chrono::{DateTime, Utc};
use filrouge::history::{Config, reconcile};
use filrouge_bench::history;

/// Nanoseconds this thread has run on a CPU.
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |i: usize, default: usize| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    let (contacts, reports, reps) = (arg(1, 1_000_000), arg(2, 200_000), arg(3, 3));
    let data = history::generate(contacts, reports, 42);
    let config = Config::default();
    let now: DateTime<Utc> = "2026-04-15T00:00:00Z".parse().expect("a valid instant");
    let records = contacts + reports;
    for _ in 0..reps {
        let t = cpu_ns();
        let result = reconcile(&data.contacts, &data.reports, &config, now);
        let s = (cpu_ns() - t) as f64 / 1e9;
        println!(
            "reconcile: {records} in {s:.3} s on-CPU = {:.2} M/s ({} links, {} orphans)",
            records as f64 / s / 1e6,
            result.links.len(),
            result.orphans.len()
        );
    }
}
