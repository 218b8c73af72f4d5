//! CPU time (not wall time) of the trigger and survey-pressure batch paths:
//! on a machine shared with other builds, wall-clock figures of `filrouge
//! bench` measure the load as much as the code. Linux only (reads
//! `/proc/thread-self/schedstat`).
//!
//! `cargo run --release -p filrouge-bench --example trigger_cpu -- 1000000`

use filrouge::trigger::{FiredLog, SurveyPressure};
use filrouge_bench::{peak, trigger};

/// Nanoseconds this thread has run on a CPU.
fn cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat").ok()?.split_whitespace().next()?.parse().ok()
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let (Some(_), Some(_)) = (cpu_ns(), peak::current()) else {
        eprintln!("needs /proc/thread-self/schedstat and /proc/self/status (Linux)");
        return;
    };
    let mib = |b: Option<u64>| b.unwrap_or(0) as f64 / (1u64 << 20) as f64;
    let responses = trigger::generate(n, 11);
    let (surveys, set) = (trigger::surveys(), trigger::triggers());
    let before = peak::current();
    let t = cpu_ns().unwrap_or(0);
    let mut log = FiredLog::default();
    let out = set.evaluate_all(&mut log, &surveys, &responses);
    let s = (cpu_ns().unwrap_or(0) - t) as f64 / 1e9;
    println!(
        "triggers: {n} responses, {} firings: {s:.3} s CPU, {:.0} responses/s; RSS {:.0} MiB with the input, {:.0} MiB after",
        out.firings.len(),
        n as f64 / s,
        mib(before),
        mib(peak::current())
    );
    let sends = trigger::sends(n, 12);
    let t = cpu_ns().unwrap_or(0);
    let plan = SurveyPressure::default().send_all(&sends);
    let s = (cpu_ns().unwrap_or(0) - t) as f64 / 1e9;
    println!("survey pressure: {} sends decided: {s:.3} s CPU, {:.0} sends/s", plan.decisions.len(), n as f64 / s);
}
