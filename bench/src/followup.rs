//! Synthetic follow-ups: a national prospecting team's book — two thousand
//! advisors, follow-ups due over a year around today, some targets followed
//! by two advisors, some put twice (merged, R-4.2).

use crate::scoring::thread_cpu_ns;
use crate::{Measure, Rng, Scale, measure};
use chrono::NaiveDate;
use filrouge::followup::{Filters, FollowUp, FollowUpBook, List, Origin, Priority};
use std::collections::BTreeSet;
use std::time::Instant;

/// The "today" of the generated book.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).expect("a valid date")
}

/// The name of generated user `i`.
pub fn user(i: u64) -> String {
    format!("adv-{i:05}")
}

/// The number of users of a book of `n` follow-ups (about a thousand follow-ups each).
pub fn users(n: usize) -> u64 {
    (n as u64 / 1000).max(1)
}

/// `n` follow-ups, deterministic from `seed`: targets drawn from `0.8 n`
/// companies (so about a fifth of the puts merge into an existing one), one
/// assignee (a second for 15 %), due from 180 days before to 180 days after
/// [`today`], priorities 15 % high, 60 % normal, 25 % low.
pub fn generate(n: usize, seed: u64) -> Vec<FollowUp> {
    let mut rng = Rng::new(seed);
    let companies = (n as u64 * 4 / 5).max(1);
    let users = users(n);
    let t0 = today();
    (0..n)
        .map(|_| {
            let mut assignees = BTreeSet::from([user(rng.below(users))]);
            if rng.chance(0.15) {
                assignees.insert(user(rng.below(users)));
            }
            let offset = rng.below(361) as i64 - 180;
            let priority = match rng.below(20) {
                0..=2 => Priority::High,
                3..=14 => Priority::Normal,
                _ => Priority::Low,
            };
            FollowUp {
                target_id: format!("{:09}", 100_000_000 + rng.below(companies)),
                assignees,
                due: filrouge::time::add_days(t0, offset),
                priority,
                origin: if rng.chance(0.7) { Origin::Manual } else { Origin::Automation },
                last_note: if rng.chance(0.2) { Some("rappeler après le comité".to_owned()) } else { None },
                noted_at: None,
            }
        })
        .collect()
}

/// A book of [`generate`]d follow-ups.
pub fn book(n: usize, seed: u64) -> FollowUpBook {
    let (book, _) = FollowUpBook::from_followups(generate(n, seed));
    book
}

/// Merge-insert of 2M follow-ups (target ≥ 5M/s on one core), then one
/// user's first to-do page of 50 items: the first read of each user after
/// the load (it files the user's index) and the following reads (target
/// < 100 µs).
pub fn run(scale: Scale) -> Vec<Measure> {
    let n = scale.pick(2_000_000, 2_000_000); // issue 7: 2M follow-ups at large
    let before = crate::peak::current().unwrap_or(0);
    let followups = generate(n, 11);
    let input = crate::peak::current().unwrap_or(0).saturating_sub(before);
    // By reference: the book copies what it keeps; freeing the host's
    // records is the host's business, outside the measure.
    let cpu_before = thread_cpu_ns();
    let (book, elapsed, peak) = measure(|| {
        let mut book = FollowUpBook::new();
        let rejected = book.put_all(&followups);
        (book, rejected.len())
    });
    let cpu = thread_cpu_ns().zip(cpu_before).map(|(a, b)| a.saturating_sub(b) as f64 / 1e9);
    let wall_rate = n as f64 / elapsed.as_secs_f64();
    let cpu_rate = cpu.filter(|&c| c > 0.0).map(|c| n as f64 / c);
    drop(followups);
    let (book, rejected) = book;
    let insert = Measure {
        path: "followup merge-insert".into(),
        records: n,
        elapsed,
        peak_bytes: peak,
        target: format!(
            "≥ 5M rec/s; on-CPU {} ({} follow-ups after merge, {rejected} rejected; peak includes the input, {:.0} MiB)",
            cpu_rate.map_or("n/a".to_owned(), |r| format!("{:.2}M rec/s", r / 1e6)),
            book.len(),
            input as f64 / f64::from(1 << 20)
        ),
        // On a shared machine the wall clock counts other processes' time:
        // the one-core figure is the thread's on-CPU time when the OS gives it.
        met: Some(cpu_rate.unwrap_or(wall_rate) >= 5e6),
    };

    let queried: Vec<String> = (0..users(n).min(500)).map(user).collect();
    let filters = Filters::default();
    let mut items = 0usize;
    let start = Instant::now();
    for u in &queried {
        items += book.page(u, today(), List::Todo, &filters, 50, None).map(|p| p.items.len()).unwrap_or(0);
    }
    let cold = start.elapsed();
    let rounds = 20;
    let cpu_before = thread_cpu_ns();
    let start = Instant::now();
    for _ in 0..rounds {
        for u in &queried {
            items += book.page(u, today(), List::Todo, &filters, 50, None).map(|p| p.items.len()).unwrap_or(0);
        }
    }
    let warm = start.elapsed();
    let warm_cpu = thread_cpu_ns().zip(cpu_before).map(|(a, b)| a.saturating_sub(b)).filter(|&ns| ns > 0);
    let per = |d: std::time::Duration, k: usize| d.as_secs_f64() * 1e6 / k as f64;
    let cold_us = per(cold, queried.len());
    let warm_us = per(warm, queried.len() * rounds);
    let warm_cpu_us = warm_cpu.map(|ns| ns as f64 / 1e3 / (queried.len() * rounds) as f64);
    let first = Measure {
        path: "followup first page (1st)".into(),
        records: queried.len(),
        elapsed: cold,
        peak_bytes: None,
        target: format!("none: {cold_us:.1} µs a page, files the user's index after the load"),
        met: None,
    };
    let page = Measure {
        path: "followup to-do page of 50".into(),
        records: queried.len() * rounds,
        elapsed: warm,
        peak_bytes: None,
        target: format!(
            "< 100 µs a page among {n} ({warm_us:.1} µs; on-CPU {}; {items} items read)",
            warm_cpu_us.map_or("n/a".to_owned(), |u| format!("{u:.1} µs"))
        ),
        met: Some(warm_cpu_us.unwrap_or(warm_us) < 100.0),
    };
    vec![insert, first, page]
}
