//! Synthetic contacts and reports: a bank network's month of calls, mails
//! and SMS, with reports written just after some calls, later on others, on
//! meetings, and some with no call at all (orphans).

use crate::{Measure, Rng, Scale, measure};
use chrono::{DateTime, Duration, Utc};
use filrouge::history::{Channel, Config, Contact, Direction, MailSource, Reconciler, Report, reconcile};

/// Generated records.
pub struct Data {
    /// Captured contacts.
    pub contacts: Vec<Contact>,
    /// Advisors' reports.
    pub reports: Vec<Report>,
}

fn start() -> DateTime<Utc> {
    "2026-03-01T07:00:00Z".parse().expect("a valid instant")
}

/// `contacts` contacts and `reports` reports over 30 days, deterministic from `seed`.
pub fn generate(contacts: usize, reports: usize, seed: u64) -> Data {
    let mut rng = Rng::new(seed);
    let clients = (contacts / 5).max(1) as u64;
    let advisors = (clients / 100).max(1);
    let t0 = start();
    let mut out = Vec::with_capacity(contacts);
    for i in 0..contacts {
        let client = rng.below(clients);
        let mut parties = vec![format!("cli-{client:08}")];
        if rng.chance(0.1) {
            parties.push(format!("cli-{:08}", rng.below(clients)));
        }
        let channel = match rng.below(10) {
            0..=5 => Channel::Phone,
            6..=8 => Channel::Email,
            _ => Channel::Sms,
        };
        let day = rng.below(30) as i64;
        let second = rng.below(11 * 3600) as i64;
        out.push(Contact {
            id: format!("c-{i:09}"),
            parties,
            // Each client has a main advisor; some contacts have none.
            advisor_id: (!rng.chance(0.05)).then(|| format!("adv-{:05}", client % advisors)),
            channel,
            direction: if rng.chance(0.4) { Direction::Inbound } else { Direction::Outbound },
            occurred_at: t0 + Duration::days(day) + Duration::seconds(second),
            duration_s: (channel == Channel::Phone).then(|| rng.below(900) as u32),
            call_outcome: None,
            answered: None,
            voicemail_at_s: None,
            subject: (channel == Channel::Email).then(|| "Votre demande".to_owned()),
            mail_source: (channel == Channel::Email).then_some(MailSource::ExchangeOutlook),
            notification_topic: None,
            letter_kind: None,
            has_inline_images: None,
            received_at: None,
        });
    }
    let mut reps = Vec::with_capacity(reports);
    for i in 0..reports {
        let kind = rng.below(10);
        let (client, advisor, channel, initiative, at) = if kind < 8 && !out.is_empty() {
            // About a captured contact: just after it, or later that week.
            let c = &out[rng.below(out.len() as u64) as usize];
            let delay = if rng.chance(0.6) {
                Duration::seconds(rng.below(600) as i64)
            } else {
                Duration::hours(rng.below(72) as i64)
            };
            let advisor = c.advisor_id.clone().unwrap_or_else(|| "adv-00000".to_owned());
            (c.parties[0].clone(), advisor, c.channel, c.direction, c.end() + delay)
        } else {
            let client = rng.below(clients);
            let channel = if kind == 8 { Channel::Meeting } else { Channel::Phone };
            let at = t0 + Duration::days(rng.below(30) as i64) + Duration::seconds(rng.below(11 * 3600) as i64);
            (format!("cli-{client:08}"), format!("adv-{:05}", client % advisors), channel, Direction::Outbound, at)
        };
        reps.push(Report {
            id: format!("r-{i:09}"),
            client_id: client,
            advisor_id: advisor,
            channel,
            initiative,
            entered_at: at,
            motive: Some("suivi".to_owned()),
            comment: Some("Client rappelé, rendez-vous fixé.".to_owned()),
        });
    }
    Data { contacts: out, reports: reps }
}

fn bench_now() -> DateTime<Utc> {
    "2026-04-15T00:00:00Z".parse().expect("a valid instant")
}

/// Batch reconciliation at `scale` (1M contacts + 200k reports by default).
pub fn run(scale: Scale) -> Vec<Measure> {
    let (n_contacts, n_reports) = (scale.count(1_000_000), scale.count(200_000));
    let before = crate::peak::current().unwrap_or(0);
    let data = generate(n_contacts, n_reports, 42);
    let input_bytes = crate::peak::current().unwrap_or(0).saturating_sub(before);
    let config = Config::default();
    let now = bench_now();
    let records = n_contacts + n_reports;

    let cpu_before = crate::scoring::thread_cpu_ns();
    let (result, elapsed, peak) = measure(|| reconcile(&data.contacts, &data.reports, &config, now));
    let cpu = crate::scoring::thread_cpu_ns().zip(cpu_before).map(|(a, b)| a.saturating_sub(b) as f64 / 1e9);
    let links = result.links.len();
    drop(result);
    let wall_rate = records as f64 / elapsed.as_secs_f64();
    // On a shared machine the wall clock counts other processes' time:
    // the one-core figure is the thread's on-CPU time when the OS gives it.
    let cpu_rate = cpu.filter(|&c| c > 0.0).map(|c| records as f64 / c);
    let per_s = cpu_rate.unwrap_or(wall_rate);
    vec![Measure {
        path: "reconcile".into(),
        records,
        elapsed,
        peak_bytes: peak,
        target: format!(
            "≥ 3M rec/s, peak < 2× input; on-CPU {} ({:.0} MiB input, {links} links)",
            cpu_rate.map_or("n/a".to_owned(), |r| format!("{:.2}M rec/s", r / 1e6)),
            input_bytes as f64 / (1 << 20) as f64
        ),
        met: Some(per_s >= 3e6 && peak.is_none_or(|p| p < 2 * input_bytes.max(1) + before)),
    }]
}

/// The incremental engine at `scale`, fed in 20 batches.
pub fn run_incremental(scale: Scale) -> Vec<Measure> {
    let (n_contacts, n_reports) = (scale.count(1_000_000), scale.count(200_000));
    let data = generate(n_contacts, n_reports, 42);
    let config = Config::default();
    let now = bench_now();
    let records = n_contacts + n_reports;
    let (engine, elapsed, peak) = measure(|| {
        let mut engine = Reconciler::new(config.clone());
        let chunk_c = n_contacts.div_ceil(20).max(1);
        let chunk_r = n_reports.div_ceil(20).max(1);
        for (cs, rs) in data.contacts.chunks(chunk_c).zip(data.reports.chunks(chunk_r)) {
            engine.add(cs.to_vec(), rs.to_vec(), now);
        }
        engine
    });
    drop(engine);
    vec![Measure {
        path: "reconciler (20 batches)".into(),
        records,
        elapsed,
        peak_bytes: peak,
        target: "no target (incremental)".into(),
        met: None,
    }]
}
