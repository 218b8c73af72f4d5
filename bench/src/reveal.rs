//! Synthetic reveal ledgers: advisors revealing the requesters of projects
//! on a portal, ten reveals an advisor, and a stream of `can_see` checks
//! (half of them on revealed pairs, half on pairs never revealed).

use crate::{Measure, Rng, Scale, measure};
use chrono::{DateTime, Duration, Utc};
use filrouge::reveal::{Config, Context, ContextKind, PrincipalId, RevealLedger, RevealRequest, Role, ScopeId};

/// The tenant every generated record belongs to.
pub const TENANT: &str = "bench";

/// A generated ledger and the checks to run against it.
pub struct Data {
    /// The ledger, holding about `pairs` revealed pairs.
    pub ledger: RevealLedger,
    /// Interned `(viewer, subject)` checks, half revealed.
    pub checks: Vec<(PrincipalId, PrincipalId)>,
    /// The scope handle of the portal (scope `pair`).
    pub scope: ScopeId,
    /// The present of the checks.
    pub now: DateTime<Utc>,
}

fn start() -> DateTime<Utc> {
    "2026-01-05T08:00:00Z".parse().expect("a valid instant")
}

fn project(i: u64) -> Context {
    Context::new("portal-1", ContextKind::Project, format!("prj-{i:08}"))
}

/// The requests of `pairs` reveals, generated a chunk at a time: advisor
/// `i / 10` reveals the requester of a project drawn at random among
/// `pairs / 5`, in time order.
pub struct Requests {
    rng: Rng,
    projects: u64,
    next: usize,
    pairs: usize,
}

impl Requests {
    /// Opens the projects in `ledger` and prepares the requests.
    pub fn new(ledger: &mut RevealLedger, pairs: usize, seed: u64) -> Self {
        let projects = (pairs as u64 / 5).max(1);
        for p in 0..projects {
            ledger.open_project(TENANT, &project(p), &format!("req-{p:08}"), start()).expect("valid ids");
        }
        Requests { rng: Rng::new(seed), projects, next: 0, pairs }
    }

    /// The next at most `n` requests (empty at the end).
    pub fn chunk(&mut self, n: usize) -> Vec<RevealRequest> {
        let end = (self.next + n).min(self.pairs);
        let out = (self.next..end)
            .map(|i| {
                let p = self.rng.below(self.projects);
                RevealRequest {
                    key: format!("k{i:09}"),
                    tenant: TENANT.into(),
                    viewer: format!("adv-{:07}", i / 10),
                    role: Role::AdvisorLocal,
                    subject: format!("req-{p:08}"),
                    context: project(p),
                    at: start() + Duration::seconds(1 + i as i64),
                    impersonated_by: None,
                }
            })
            .collect();
        self.next = end;
        out
    }
}

/// Every request of [`Requests`] at once (for small sizes).
pub fn requests(ledger: &mut RevealLedger, pairs: usize, seed: u64) -> Vec<RevealRequest> {
    Requests::new(ledger, pairs, seed).chunk(pairs)
}

/// A ledger with about `pairs` revealed pairs and `checks` interned checks.
pub fn generate(pairs: usize, checks: usize, seed: u64) -> Data {
    let mut ledger = RevealLedger::new(Config::default());
    let mut source = Requests::new(&mut ledger, pairs, seed);
    loop {
        let chunk = source.chunk(100_000);
        if chunk.is_empty() {
            break;
        }
        for r in &chunk {
            ledger.reveal(r).expect("a generated reveal is allowed");
        }
    }
    let checks = checks_for(&ledger, pairs, checks, seed ^ 0x5EED);
    let scope = ledger.scope(TENANT, &project(0)).expect("scope pair");
    Data { ledger, checks, scope, now: start() + Duration::days(30) }
}

/// `n` checks: half replay a revealed pair (same generator), half pair an
/// advisor with a random requester (almost never revealed).
pub fn checks_for(ledger: &RevealLedger, pairs: usize, n: usize, seed: u64) -> Vec<(PrincipalId, PrincipalId)> {
    let mut rng = Rng::new(seed);
    let projects = (pairs as u64 / 5).max(1);
    let advisors = (pairs as u64).div_ceil(10).max(1);
    let mut replay = Rng::new(seed ^ 0x5EED); // same seed as `generate`: the first draws are revealed pairs
    let mut out = Vec::with_capacity(n);
    let mut i = 0u64;
    while out.len() < n {
        let (adv, req) = if rng.chance(0.5) {
            let p = replay.below(projects);
            let a = i / 10;
            i = (i + 1) % pairs.max(1) as u64;
            (a, p)
        } else {
            (rng.below(advisors), rng.below(projects))
        };
        let v = ledger.principal(TENANT, &format!("adv-{adv:07}"));
        let s = ledger.principal(TENANT, &format!("req-{req:08}"));
        if let (Some(v), Some(s)) = (v, s) {
            out.push((v, s));
        }
    }
    out
}

/// Counts visible checks, one `can_see_ids` call each.
pub fn run_checks(data: &Data) -> usize {
    let l = &data.ledger;
    data.checks.iter().filter(|&&(v, s)| l.can_see_ids(v, Role::AdvisorLocal, s, data.scope, data.now)).count()
}

/// Counts visible checks through `can_see_many`, 4,096 checks a call (a page
/// of contacts, an export): the measured loop of the 10M checks/s target.
pub fn run_checks_batched(data: &Data) -> usize {
    let mut out = Vec::with_capacity(4096);
    let mut visible = 0;
    for chunk in data.checks.chunks(4096) {
        data.ledger.can_see_many(Role::AdvisorLocal, data.scope, data.now, chunk, &mut out);
        visible += out.iter().filter(|&&b| b).count();
    }
    visible
}

/// The reveal paths at `scale` (10M revealed pairs by default): building the
/// ledger through `reveal` (first reveals, logged, interned), then `can_see`
/// on interned ids over 10M checks, target ≥ 10M checks/s on one core.
pub fn run(scale: Scale) -> Vec<Measure> {
    // Issue 7 names no large size for reveals: the large run keeps the default.
    let pairs = scale.pick(10_000_000, 10_000_000);
    let n_checks = scale.pick(10_000_000, 10_000_000);
    let mut ledger = RevealLedger::new(Config::default());
    let mut source = Requests::new(&mut ledger, pairs, 11);
    // Requests are generated 100k at a time outside the timed calls.
    let mut elapsed = std::time::Duration::ZERO;
    let (made, _, peak) = measure(|| {
        let mut made = 0usize;
        loop {
            let chunk = source.chunk(100_000);
            if chunk.is_empty() {
                break made;
            }
            let t = std::time::Instant::now();
            for r in &chunk {
                made += usize::from(ledger.reveal(r).map(|o| o.contact_made).unwrap_or(false));
            }
            elapsed += t.elapsed();
        }
    });
    let mem = ledger.memory();
    let held = ledger.revealed_pairs().max(1);
    let build = Measure {
        path: "reveal (ledger build)".into(),
        records: pairs,
        elapsed,
        peak_bytes: peak,
        target: format!(
            "none: {made} contacts made, {held} pairs; {:.1} B/pair in the pair table, {:.1} B/pair in all (log, ids)",
            mem.pair_table as f64 / held as f64,
            mem.total() as f64 / held as f64
        ),
        met: None,
    };
    let checks = checks_for(&ledger, pairs, n_checks, 11 ^ 0x5EED);
    let scope = ledger.scope(TENANT, &project(0)).expect("scope pair");
    let data = Data { ledger, checks, scope, now: start() + Duration::days(30) };
    // One warm-up pass, then the measured ones.
    let _ = run_checks(&data);
    let single = {
        let cpu_before = thread_cpu_ns();
        let (visible, elapsed, _) = measure(|| run_checks(&data));
        let cpu = thread_cpu_ns().zip(cpu_before).map(|(a, b)| a.saturating_sub(b)).filter(|&ns| ns > 0);
        Measure {
            path: "reveal can_see (ids, 1 a call)".into(),
            records: data.checks.len(),
            elapsed,
            peak_bytes: None,
            target: format!(
                "none: {visible} visible{}",
                cpu.map(|ns| format!("; {:.1}M/s per CPU-second", data.checks.len() as f64 / ns as f64 * 1e3))
                    .unwrap_or_default()
            ),
            met: None,
        }
    };
    let cpu_before = thread_cpu_ns();
    let (visible, elapsed, peak) = measure(|| run_checks_batched(&data));
    let cpu = thread_cpu_ns().zip(cpu_before).map(|(a, b)| a.saturating_sub(b));
    let per_s = data.checks.len() as f64 / elapsed.as_secs_f64();
    let cpu_note = cpu
        .filter(|&ns| ns > 0)
        .map(|ns| format!("; {:.1}M/s per CPU-second on the core", data.checks.len() as f64 / (ns as f64 / 1e9) / 1e6))
        .unwrap_or_default();
    let check = Measure {
        path: "reveal can_see_many (ids)".into(),
        records: data.checks.len(),
        elapsed,
        peak_bytes: peak,
        target: format!("≥ 10M checks/s with {held} pairs held ({visible} visible{cpu_note})"),
        met: Some(per_s >= 10e6),
    };
    // The string path, for reference: each check interns nothing but looks ids up.
    let sample: Vec<(String, String)> = data
        .checks
        .iter()
        .take(n_checks / 10)
        .enumerate()
        .map(|(i, _)| {
            (
                format!("adv-{:07}", (i as u64 * 7) % (pairs as u64 / 10).max(1)),
                format!("req-{:08}", i % (pairs / 5).max(1)),
            )
        })
        .collect();
    let ctx = project(0);
    let (_, elapsed, _) = measure(|| {
        sample
            .iter()
            .filter(|(v, s)| data.ledger.can_see(TENANT, v, Role::AdvisorLocal, s, &ctx, data.now).visible)
            .count()
    });
    let strings = Measure {
        path: "reveal can_see (strings)".into(),
        records: sample.len(),
        elapsed,
        peak_bytes: None,
        target: "none: the host-facing call (three id lookups)".into(),
        met: None,
    };
    vec![build, single, check, strings]
}

/// CPU time this thread has run, in nanoseconds (Linux `schedstat`): on a
/// shared machine, wall time also counts the time other processes held the core.
pub fn thread_cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}
