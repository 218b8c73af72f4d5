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
    draw(&mut rng, (contacts, reports), (0, 0), advisors, |rng| rng.below(clients), |rng, _| rng.below(clients))
}

/// The records themselves: `client` draws a contact's (or a report's)
/// client, `other` the second party of a multi-party contact; ids are
/// numbered from `first_id`.
fn draw(
    rng: &mut Rng,
    (contacts, reports): (usize, usize),
    first_id: (usize, usize),
    advisors: u64,
    mut client: impl FnMut(&mut Rng) -> u64,
    mut other: impl FnMut(&mut Rng, u64) -> u64,
) -> Data {
    let t0 = start();
    let mut out = Vec::with_capacity(contacts);
    for i in 0..contacts {
        let client = client(rng);
        let mut parties = vec![format!("cli-{client:08}")];
        if rng.chance(0.1) {
            parties.push(format!("cli-{:08}", other(rng, client)));
        }
        let channel = match rng.below(10) {
            0..=5 => Channel::Phone,
            6..=8 => Channel::Email,
            _ => Channel::Sms,
        };
        let day = rng.below(30) as i64;
        let second = rng.below(11 * 3600) as i64;
        out.push(Contact {
            id: format!("c-{:09}", first_id.0 + i),
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
            let client = client(rng);
            let channel = if kind == 8 { Channel::Meeting } else { Channel::Phone };
            let at = t0 + Duration::days(rng.below(30) as i64) + Duration::seconds(rng.below(11 * 3600) as i64);
            (format!("cli-{client:08}"), format!("adv-{:05}", client % advisors), channel, Direction::Outbound, at)
        };
        reps.push(Report {
            id: format!("r-{:09}", first_id.1 + i),
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

/// Batch reconciliation at `scale` (1M contacts + 200k reports by default;
/// at `large`, 10M + 2M streamed per client-group partition, [`run_partitioned`]).
pub fn run(scale: Scale) -> Vec<Measure> {
    if scale == Scale::Large {
        return run_partitioned(10_000_000, 2_000_000, LARGE_PARTITIONS);
    }
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
    // Not a batch path: the large run keeps the default sizes.
    let (n_contacts, n_reports) = (scale.pick(1_000_000, 1_000_000), scale.pick(200_000, 200_000));
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

/// The number of client-group partitions of a large run: about half a
/// million contacts each at 10M.
pub const LARGE_PARTITIONS: u32 = 20;

/// The households of a partitioned run filed by partition: household `h` is
/// clients `cli-{2h}` and `cli-{2h+1}` (who share some calls: the second
/// party of a multi-party contact is the other member), so the client
/// group of both is `cli-{2h}` (what [`ClientGroups`] names it) and the
/// household goes to [`partition_key`] of that name.
///
/// [`ClientGroups`]: filrouge::partition::ClientGroups
/// [`partition_key`]: filrouge::partition::partition_key
pub fn households_by_partition(households: u64, partitions: u32) -> Vec<Vec<u64>> {
    let mut out = vec![Vec::new(); partitions.max(1) as usize];
    for h in 0..households {
        out[filrouge::partition::partition_key(&format!("cli-{:08}", 2 * h), partitions) as usize].push(h);
    }
    out
}

/// One partition of a partitioned run: `contacts` contacts and `reports`
/// reports of the given households (as [`generate`] draws them, but with
/// multi-party contacts inside a household), ids numbered from `first_id`,
/// deterministic from `seed` and the partition number `p`.
pub fn generate_partition(
    households: &[u64],
    advisors: u64,
    (contacts, reports): (usize, usize),
    first_id: (usize, usize),
    seed: u64,
    p: u32,
) -> Data {
    let mut rng = Rng::new(seed ^ (u64::from(p) + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    // Household h has clients 2h and 2h + 1; a second party is the other member.
    let pick_client = |rng: &mut Rng| {
        let h = households.get(rng.below(households.len() as u64) as usize).copied().unwrap_or(0);
        2 * h + rng.below(2)
    };
    draw(&mut rng, (contacts, reports), first_id, advisors.max(1), pick_client, |_, client| client ^ 1)
}

/// A partitioned data set: `contacts` and `reports` split over
/// `partitions` client-group partitions, generated one partition at a time
/// by the returned closure (partition `p` → its records).
pub fn partitioned(contacts: usize, reports: usize, partitions: u32, seed: u64) -> (u32, impl FnMut(u32) -> Data) {
    let households = ((contacts / 10).max(1)) as u64; // five contacts a client, two clients a household
    let advisors = (households * 2 / 100).max(1);
    let plan = households_by_partition(households, partitions);
    let partitions = plan.len() as u32;
    // Records per partition in proportion to its households; the last takes the rest.
    let share = |total: usize, p: usize| -> (usize, usize) {
        let before: usize = plan[..p].iter().map(Vec::len).sum();
        let first = (total as u128 * before as u128 / households as u128) as usize;
        let next = if p + 1 == plan.len() {
            total
        } else {
            (total as u128 * (before + plan[p].len()) as u128 / households as u128) as usize
        };
        (first, next - first)
    };
    let shares: Vec<_> = (0..plan.len()).map(|p| (share(contacts, p), share(reports, p))).collect();
    let generate = move |p: u32| {
        let ((c0, nc), (r0, nr)) = shares[p as usize];
        generate_partition(&plan[p as usize], advisors, (nc, nr), (c0, r0), seed, p)
    };
    (partitions, generate)
}

/// Batch reconciliation streamed per client-group partition
/// ([`reconcile_partitioned`]): each partition is generated, reconciled and
/// dropped before the next, so memory holds one partition and the merged
/// result. Generation time is excluded from the figure; peak memory
/// includes it.
///
/// [`reconcile_partitioned`]: filrouge::partition::reconcile_partitioned
pub fn run_partitioned(n_contacts: usize, n_reports: usize, partitions: u32) -> Vec<Measure> {
    let config = Config::default();
    let now = bench_now();
    let (parts, mut generate) = partitioned(n_contacts, n_reports, partitions, 42);
    let mut generating = std::time::Duration::ZERO;
    let mut generating_cpu = 0u64;
    let mut largest = 0usize;
    let before = crate::peak::current().unwrap_or(0);
    let cpu_before = crate::scoring::thread_cpu_ns();
    let (result, total, peak) = measure(|| {
        let stream = (0..parts).map(|p| {
            crate::progress::report("reconcile", u64::from(p), u64::from(parts));
            let t = std::time::Instant::now();
            let cpu = crate::scoring::thread_cpu_ns();
            let data = generate(p);
            generating += t.elapsed();
            generating_cpu += crate::scoring::thread_cpu_ns().zip(cpu).map_or(0, |(a, b)| a.saturating_sub(b));
            largest = largest.max(data.contacts.len() + data.reports.len());
            (data.contacts, data.reports)
        });
        filrouge::partition::reconcile_partitioned(stream, &config, now)
    });
    let cpu = crate::scoring::thread_cpu_ns()
        .zip(cpu_before)
        .map(|(a, b)| a.saturating_sub(b).saturating_sub(generating_cpu) as f64 / 1e9)
        .filter(|&c| c > 0.0);
    crate::progress::report("reconcile", u64::from(parts), u64::from(parts));
    let elapsed = total.saturating_sub(generating);
    let records = n_contacts + n_reports;
    let per_s = records as f64 / elapsed.as_secs_f64().max(1e-9);
    vec![Measure {
        path: "reconcile (partitioned)".into(),
        records,
        elapsed,
        peak_bytes: peak,
        target: format!(
            "≥ 3M rec/s; on-CPU {}; {parts} client-group partitions streamed (largest {largest} records, generation {:.1} s excluded, process {:.0} MiB before), {} links, {} orphans, {} rejected",
            cpu.map_or("n/a".to_owned(), |c| format!("{:.2}M rec/s", records as f64 / c / 1e6)),
            generating.as_secs_f64(),
            before as f64 / (1 << 20) as f64,
            result.links.len(),
            result.orphans.len(),
            result.rejected.len()
        ),
        // On a shared machine the wall clock counts other processes' time.
        met: Some(cpu.map_or(per_s, |c| records as f64 / c) >= 3e6),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;
    use filrouge::partition::{ClientGroups, reconcile_partitioned};

    #[test]
    fn generated_partitions_hold_whole_client_groups_and_reconcile_as_one_run() {
        let (parts, mut generate) = partitioned(20_000, 4_000, 5, 42);
        let data: Vec<Data> = (0..parts).map(&mut generate).collect();
        let contacts: Vec<Contact> = data.iter().flat_map(|d| d.contacts.iter().cloned()).collect();
        let reports: Vec<Report> = data.iter().flat_map(|d| d.reports.iter().cloned()).collect();
        assert_eq!((contacts.len(), reports.len()), (20_000, 4_000));
        assert!(contacts.iter().any(|c| c.parties.len() == 2), "some contacts link a household");
        // Partitions hold whole households, so whole client groups (a
        // household is one group once a contact links its two members, two
        // groups before): every group's records sit in one partition.
        let groups = ClientGroups::from_contacts(&contacts);
        let mut seen = std::collections::HashMap::new();
        for (p, d) in data.iter().enumerate() {
            let clients =
                d.contacts.iter().flat_map(|c| c.parties.iter()).chain(d.reports.iter().map(|r| &r.client_id));
            for client in clients {
                let first = *seen.entry(groups.group_of(client).to_owned()).or_insert(p);
                assert_eq!(first, p, "group of {client} in partitions {first} and {p}");
            }
        }
        let config = Config::default();
        let whole = reconcile(&contacts, &reports, &config, bench_now());
        assert!(!whole.links.is_empty() && !whole.orphans.is_empty());
        let streamed = reconcile_partitioned(data.into_iter().map(|d| (d.contacts, d.reports)), &config, bench_now());
        assert_eq!(streamed, whole);
    }
}
