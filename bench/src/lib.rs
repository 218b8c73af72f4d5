//! Synthetic data and measurement for filrouge's benchmarks.
//!
//! Every generator is deterministic from a seed, so a figure measured today
//! can be measured again on the same data. The criterion benchmarks under
//! `benches/` and the CLI's `filrouge bench` use the same generators.

pub mod followup;
pub mod history;
pub mod progress;
pub mod retention;
pub mod reveal;
mod rng;
pub mod scoring;
pub mod trigger;

pub use rng::Rng;

use std::time::{Duration, Instant};

/// The sizes a benchmark run uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Fast figures for CI and a quick look (about a tenth of the default).
    Small,
    /// The sizes the issues name as targets (1M contacts + 200k reports, …).
    Default,
    /// Issue 7's scale run: the sizes each path names (see [`Scale::pick`]).
    Large,
}

impl Scale {
    /// Multiplies a default-scale count.
    pub fn count(self, default: usize) -> usize {
        match self {
            Scale::Small => default / 10,
            Scale::Default => default,
            Scale::Large => default * 10,
        }
    }

    /// A count of `default` records at the default scale, a tenth of it at
    /// `small`, and `large` at the large scale (issue 7 names the large
    /// sizes per path: they are not all ten times the default).
    pub fn pick(self, default: usize, large: usize) -> usize {
        match self {
            Scale::Large => large,
            _ => self.count(default),
        }
    }
}

/// One measured batch path.
#[derive(Debug, Clone)]
pub struct Measure {
    /// The path measured (`reconcile`, `retention`, …).
    pub path: String,
    /// Records processed.
    pub records: usize,
    /// Wall time of the processing (generation excluded).
    pub elapsed: Duration,
    /// Peak resident memory during the processing, in bytes, when the OS tells.
    pub peak_bytes: Option<u64>,
    /// The target the issue names, as text (`≥ 3M records/s`).
    pub target: String,
    /// Whether the target was met, when it is a throughput.
    pub met: Option<bool>,
}

impl Measure {
    /// Records per second.
    pub fn per_second(&self) -> f64 {
        self.records as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Times `f`, measuring peak memory from a reset high-water mark.
pub fn measure<T>(f: impl FnOnce() -> T) -> (T, Duration, Option<u64>) {
    peak::reset();
    let start = Instant::now();
    let out = f();
    let elapsed = start.elapsed();
    (out, elapsed, peak::read())
}

/// Peak resident set size, from `/proc/self/status` (Linux).
pub mod peak {
    /// Resets the high-water mark to the current resident size.
    pub fn reset() {
        let _ = std::fs::write("/proc/self/clear_refs", "5");
    }

    /// The high-water mark in bytes since the last reset.
    pub fn read() -> Option<u64> {
        field("VmHWM:")
    }

    /// The current resident size in bytes.
    pub fn current() -> Option<u64> {
        field("VmRSS:")
    }

    fn field(name: &str) -> Option<u64> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kb: u64 = line[name.len()..].trim().trim_end_matches("kB").trim().parse().ok()?;
        Some(kb * 1024)
    }
}
