//! Synthetic follow-ups: a national prospecting team's book — two thousand
//! advisors, follow-ups due over a year around today, some targets followed
//! by two advisors, some put twice (merged, R-4.2).

use crate::scoring::thread_cpu_ns;
use crate::{Measure, Rng, Scale, measure};
use chrono::NaiveDate;
use filrouge::followup::{Filters, FollowUp, FollowUpBook, FollowUpColumns, List, Origin, Priority};
use std::collections::BTreeSet;
use std::fmt::Write as _;
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

/// One generated follow-up's draws (shared by [`generate`] and
/// [`generate_columns`], so both give the same records).
struct Draw {
    first: u64,
    second: Option<u64>,
    offset: i64,
    priority: Priority,
    company: u64,
    origin: Origin,
    note: bool,
}

const NOTE: &str = "rappeler après le comité";

fn draw(rng: &mut Rng, companies: u64, users: u64) -> Draw {
    let first = rng.below(users);
    let second = if rng.chance(0.15) { Some(rng.below(users)) } else { None };
    let offset = rng.below(361) as i64 - 180;
    let priority = match rng.below(20) {
        0..=2 => Priority::High,
        3..=14 => Priority::Normal,
        _ => Priority::Low,
    };
    let company = 100_000_000 + rng.below(companies);
    let origin = if rng.chance(0.7) { Origin::Manual } else { Origin::Automation };
    let note = rng.chance(0.2);
    Draw { first, second, offset, priority, company, origin, note }
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
            let d = draw(&mut rng, companies, users);
            let mut assignees = BTreeSet::from([user(d.first)]);
            if let Some(u) = d.second {
                assignees.insert(user(u));
            }
            FollowUp {
                target_id: format!("{:09}", d.company),
                assignees,
                due: filrouge::time::add_days(t0, d.offset),
                priority: d.priority,
                origin: d.origin,
                last_note: if d.note { Some(NOTE.to_owned()) } else { None },
                noted_at: None,
            }
        })
        .collect()
}

/// The follow-ups of [`generate`] (same `n` and `seed`, same records, in
/// the same order) pushed straight into [`FollowUpColumns`], without
/// building a [`FollowUp`] each.
pub fn generate_columns(n: usize, seed: u64) -> FollowUpColumns {
    let mut rng = Rng::new(seed);
    let companies = (n as u64 * 4 / 5).max(1);
    let users = users(n);
    let names: Vec<String> = (0..users).map(user).collect();
    let t0 = today();
    let mut cols = FollowUpColumns::with_capacity(n);
    let mut id = String::with_capacity(16);
    for _ in 0..n {
        let d = draw(&mut rng, companies, users);
        id.clear();
        let _ = write!(id, "{:09}", d.company);
        let first = names[d.first as usize].as_str();
        let due = filrouge::time::add_days(t0, d.offset);
        match d.second {
            Some(u) => cols.push_row(&id, &[first, names[u as usize].as_str()], due, d.priority, d.origin),
            None => cols.push_row(&id, &[first], due, d.priority, d.origin),
        };
        if d.note {
            cols.set_last_note(Some(NOTE), None);
        }
    }
    cols
}

/// A book of [`generate`]d follow-ups.
pub fn book(n: usize, seed: u64) -> FollowUpBook {
    let (book, _) = FollowUpBook::from_followups(generate(n, seed));
    book
}

/// Merge-insert of 2M follow-ups (target ≥ 5M/s on one core) from owned
/// `FollowUp`s and, as its own row, from [`FollowUpColumns`] (both inputs
/// built before the timer), then one user's first to-do page of 50 items:
/// the first read of each user after the load (it files the user's index)
/// and the following reads (target < 100 µs).
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
    let cpu_rate = cpu.filter(|&c| c > 0.0).map(|c| n as f64 / c);
    drop(followups);
    let (book, rejected) = book;
    let insert = Measure {
        path: "followup merge-insert".into(),
        records: n,
        elapsed,
        peak_bytes: peak,
        target: format!(
            "none: one heap record read per follow-up; the columnar load below is the ≥ 5M rec/s path. On-CPU {} \
             ({} follow-ups after merge, {rejected} rejected; peak includes the input, {:.0} MiB)",
            cpu_rate.map_or("n/a".to_owned(), |r| format!("{:.2}M rec/s", r / 1e6)),
            book.len(),
            input as f64 / f64::from(1 << 20)
        ),
        met: None,
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
    let owned_len = book.len();
    drop(book);

    // The same follow-ups as columns, built before the timer like the
    // owned input above.
    let columns = generate_columns(n, 11);
    let input = columns.heap_bytes();
    let cpu_before = thread_cpu_ns();
    let ((book, refused), elapsed, peak) = measure(|| FollowUpBook::from_columns(&columns));
    let cpu = thread_cpu_ns().zip(cpu_before).map(|(a, b)| a.saturating_sub(b) as f64 / 1e9);
    let wall_rate = n as f64 / elapsed.as_secs_f64();
    let cpu_rate = cpu.filter(|&c| c > 0.0).map(|c| n as f64 / c);
    let columnar = Measure {
        path: "followup merge-insert (columns)".into(),
        records: n,
        elapsed,
        peak_bytes: peak,
        target: format!(
            "≥ 5M rec/s; on-CPU {} (FollowUpColumns built before the timer, like the owned input; {} follow-ups after \
             merge, {} as the owned load; {} refused; peak includes the columns, {:.0} MiB)",
            cpu_rate.map_or("n/a".to_owned(), |r| format!("{:.2}M rec/s", r / 1e6)),
            book.len(),
            if book.len() == owned_len { "the same count" } else { "NOT the same count" },
            refused.len(),
            input as f64 / f64::from(1 << 20)
        ),
        met: Some(book.len() == owned_len && cpu_rate.unwrap_or(wall_rate) >= 5e6),
    };
    drop(columns);
    vec![insert, columnar, first, page]
}
