//! `filrouge demo`: the main job on the embedded sample — one bank branch's
//! March 2026 (three advisors, forty clients, a few hundred contacts and
//! reports, across the change to summer time) — printed as tables.

use crate::table::{Table, clip};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use filrouge::history::{self, Change, Config, Contact, HistoryOptions, Reconciler, Report};
use filrouge::retention::{self, Part, Record, RetentionPolicy};
use std::collections::BTreeMap;
use std::process::ExitCode;

const CONTACTS: &str = include_str!("../../sample/contacts.jsonl");
const REPORTS: &str = include_str!("../../sample/reports.jsonl");

#[derive(clap::Args)]
pub struct Args {
    /// The client whose history to show.
    #[arg(long, default_value = "cli-001")]
    client: String,
    /// Rows shown per table.
    #[arg(long, default_value_t = 12)]
    rows: usize,
}

fn parse<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> Result<Vec<T>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| serde_json::from_str(l).map_err(|e| format!("embedded {what} line {}: {e}", n + 1)))
        .collect()
}

fn local(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%a %d %b %H:%M").to_string()
}

fn title(text: &str) {
    println!("\n{text}\n{}", "═".repeat(text.chars().count()));
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let contacts: Vec<Contact> = parse(CONTACTS, "contacts")?;
    let reports: Vec<Report> = parse(REPORTS, "reports")?;
    let config = Config::default();
    let tz = config.time_zone;
    let now: DateTime<Utc> = "2026-04-03T12:00:00Z".parse().map_err(|e| format!("{e}"))?;
    println!(
        "filrouge demo — one bank branch, March 2026: {} captured contacts, {} advisors' reports.",
        contacts.len(),
        reports.len()
    );
    println!("Now is {} (Europe/Paris). Summer time started on Sunday 29 March.", local(now, tz));

    let result = history::reconcile(&contacts, &reports, &config, now);
    let report_of: BTreeMap<&str, &Report> = reports.iter().map(|r| (r.id.as_str(), r)).collect();
    let contact_of: BTreeMap<&str, &Contact> = contacts.iter().map(|c| (c.id.as_str(), c)).collect();

    title(&format!(
        "Reconciliation (R-1.3 … R-1.8): {} links, {} orphans, {} meeting/video reports, {} refused",
        result.links.len(),
        result.orphans.len(),
        result.reported.len(),
        result.rejected.len()
    ));
    let mut t = Table::new(&["report", "client", "advisor", "channel", "entered", "contact", "occurred", "rule"]);
    for l in &result.links {
        let (Some(r), Some(c)) = (report_of.get(l.report_id.as_str()), contact_of.get(l.contact_id.as_str())) else {
            continue;
        };
        let rule = match l.rule {
            history::LinkRule::JustAfter => "just after",
            history::LinkRule::LastOfDay => "last of day",
        };
        t.row(vec![
            r.id.clone(),
            r.client_id.clone(),
            r.advisor_id.clone(),
            r.channel.as_str().into(),
            local(r.entered_at, tz),
            c.id.clone(),
            local(c.occurred_at, tz),
            rule.into(),
        ]);
    }
    t.print(args.rows);

    println!("\nOrphans (R-1.7): reports on a captured channel with no matching contact");
    let mut t = Table::new(&["report", "client", "advisor", "channel", "entered", "status"]);
    for o in &result.orphans {
        let Some(r) = report_of.get(o.report_id.as_str()) else { continue };
        let status = match o.status {
            history::OrphanStatus::Provisional => "provisional (contact may still arrive)",
            history::OrphanStatus::Final => "final",
        };
        t.row(vec![
            r.id.clone(),
            r.client_id.clone(),
            r.advisor_id.clone(),
            r.channel.as_str().into(),
            local(r.entered_at, tz),
            status.into(),
        ]);
    }
    t.print(args.rows);

    println!("\nRefused records");
    let mut t = Table::new(&["id", "rule", "why"]);
    for r in &result.rejected {
        t.row(vec![r.id.clone(), r.rule.clone(), clip(&r.message, 90)]);
    }
    t.print(args.rows);

    let h = history::history(&args.client, &contacts, &reports, &HistoryOptions::default(), &config, now)
        .map_err(|e| e.to_string())?;
    title(&format!("History of {} (R-1.6, R-1.10, restitution R-2.1 … R-2.4), newest first", h.client_id));
    let shown: usize = h.entries.len();
    let total = contacts.iter().filter(|c| c.parties.contains(&args.client)).count();
    println!(
        "{shown} entries shown; {total} captured contacts name this client (short outbound calls, private subjects, other notices and matched contacts of another client are left out)."
    );
    let mut t = Table::new(&["when", "kind", "channel", "dir", "detail", "report"]);
    for e in &h.entries {
        let kind = match e.kind {
            history::EntryKind::Captured => "captured",
            history::EntryKind::Orphan => "orphan",
            history::EntryKind::Reported => "reported",
        };
        let detail = match (&e.subject, e.duration_s, e.call_outcome) {
            (Some(s), _, _) => format!("« {} »", clip(s, 32)),
            (None, Some(d), Some(o)) => format!(
                "{d} s, {}",
                serde_json::to_value(o).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
            ),
            (None, Some(d), None) => format!("{d} s"),
            _ => String::new(),
        };
        let report = match (&e.report_id, &e.comment) {
            (Some(id), Some(c)) => {
                let cut = if e.comment_truncated == Some(true) { " [cut at 999]" } else { "" };
                format!("{id}: {}{cut}", clip(c, 40))
            }
            (Some(id), None) => id.clone(),
            _ => String::new(),
        };
        let dir = match e.direction {
            history::Direction::Inbound => "in",
            history::Direction::Outbound => "out",
        };
        t.row(vec![local(e.occurred_at, tz), kind.into(), e.channel.as_str().into(), dir.into(), detail, report]);
    }
    t.print(args.rows * 2);

    retention_plan(&contacts, now, tz, args.rows)?;

    // Late arrival: contacts come in as the telephony and mail
    // systems deliver them; reports as advisors type them.
    title("Late arrival (R-1.9): the month fed day by day, contacts as the capture systems delivered them");
    let mut engine = Reconciler::new(config.clone());
    let mut t = Table::new(&[
        "week ending",
        "contacts",
        "reports",
        "new links",
        "moved",
        "orphans created",
        "orphans resolved",
        "refused",
    ]);
    let mut week = [0usize; 7];
    let mut day: DateTime<Utc> = "2026-03-02T00:00:00Z".parse().map_err(|e| format!("{e}"))?;
    let mut from = DateTime::<Utc>::MIN_UTC;
    let mut n = 0;
    while from < now {
        let to = if day + chrono::Duration::days(1) > now { now } else { day + chrono::Duration::days(1) };
        let batch_c: Vec<Contact> =
            contacts.iter().filter(|c| (from..to).contains(&c.received_at.unwrap_or(c.occurred_at))).cloned().collect();
        let batch_r: Vec<Report> = reports.iter().filter(|r| (from..to).contains(&r.entered_at)).cloned().collect();
        week[0] += batch_c.len();
        week[1] += batch_r.len();
        for c in engine.add(batch_c, batch_r, to) {
            let k = match c {
                Change::Linked { .. } => 2,
                Change::Moved { .. } => 3,
                Change::OrphanCreated { .. } => 4,
                Change::OrphanResolved { .. } => 5,
                Change::Rejected { .. } => 6,
                _ => continue,
            };
            week[k] += 1;
        }
        n += 1;
        if n % 7 == 0 || to == now {
            let mut row = vec![local(to - chrono::Duration::seconds(1), tz)];
            row.extend(week.iter().map(usize::to_string));
            t.row(row);
            week = [0; 7];
        }
        from = to;
        day += chrono::Duration::days(1);
    }
    t.print(10);
    let same = engine.reconciliation() == result;
    println!("Final state equals the one-batch reconciliation above: {}", if same { "yes" } else { "NO" });
    crate::cmd::demo_reveal::run(args.rows)?;
    crate::cmd::demo_trigger::run(args.rows)?;
    crate::cmd::demo_pipeline::run(args.rows)?;
    super::demo_scoring::run(args.rows)?;
    crate::cmd::demo_followup::run(args.rows)?;
    Ok(if same { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// The retention plan of the month's contacts under the default policy
/// (R-2.6 … ), with one client on hold and one asking for erasure.
fn retention_plan(contacts: &[Contact], now: DateTime<Utc>, tz: Tz, rows: usize) -> Result<(), String> {
    let records: Vec<Record> = contacts
        .iter()
        .map(|c| Record {
            id: c.id.clone(),
            client_id: c.parties.first().cloned().unwrap_or_default(),
            channel: c.channel,
            mail_source: c.mail_source,
            occurred_at: c.occurred_at,
        })
        .collect();
    let policy = RetentionPolicy::default();
    let (holds, erasures) = (["cli-001".to_owned()], ["cli-002".to_owned()]);
    title("Retention plan (R-2.6 … R-2.9): default table; cli-001 under a litigation hold, cli-002 asked for erasure");
    let kind = |r: &Record| {
        let source =
            r.mail_source.and_then(|s| serde_json::to_value(s).ok()).and_then(|v| v.as_str().map(str::to_owned));
        match source {
            Some(s) => format!("{} ({s})", r.channel.as_str()),
            None => r.channel.as_str().to_owned(),
        }
    };
    // Per kind of record: when each part is first purged.
    type FirstPurges = (usize, [Option<DateTime<Utc>>; 4]);
    let mut first: BTreeMap<String, FirstPurges> = BTreeMap::new();
    for r in &records {
        let e = first.entry(kind(r)).or_insert((0, [None; 4]));
        e.0 += 1;
        for (i, part) in Part::ALL.into_iter().enumerate() {
            if let Some(at) = policy.expiry(r.channel, r.mail_source, part, r.occurred_at) {
                e.1[i] = Some(e.1[i].map_or(at, |x: DateTime<Utc>| x.min(at)));
            }
        }
    }
    println!(
        "First purge of each part, per kind of record (\"never kept\" parts go at once; \"kept\" = no rule limits it)"
    );
    let mut t = Table::new(&["kind", "records", "record", "body", "attachments", "inline images"]);
    for (k, (n, at)) in &first {
        let mut row = vec![k.clone(), n.to_string()];
        row.extend(at.iter().map(|a| match a {
            None => "kept".to_owned(),
            Some(a) if *a == DateTime::<Utc>::MIN_UTC => "never kept".to_owned(),
            Some(a) => a.with_timezone(&tz).format("%Y-%m-%d").to_string(),
        }));
        t.row(row);
    }
    t.print(rows);

    println!("\nPurge runs: parts to purge at each date, and the earliest next expiry left");
    let mut t = Table::new(&[
        "run at",
        "records touched",
        "record",
        "body",
        "attachments",
        "inline images",
        "held kept",
        "next expiry",
    ]);
    for months in [0u32, 2, 12, 24, 36] {
        let at = filrouge::time::CalendarPeriod::Months(months).add_to(now, tz).ok_or("date out of range")?;
        let result = retention::evaluate(&policy, &records, &holds, &erasures, at);
        let mut per_part = [0usize; 4];
        let (mut touched, mut held) = (0, 0);
        let mut next: Option<DateTime<Utc>> = None;
        for r in &result.records {
            touched += usize::from(r.verdict.purges_anything());
            held += usize::from(r.verdict.held());
            for (i, part) in Part::ALL.into_iter().enumerate() {
                per_part[i] += usize::from(r.verdict.purges(part));
            }
            if let Some(n) = r.verdict.next_expiry() {
                next = Some(next.map_or(n, |x| x.min(n)));
            }
        }
        let mut row = vec![at.with_timezone(&tz).format("%Y-%m-%d").to_string(), touched.to_string()];
        row.extend(per_part.iter().map(usize::to_string));
        row.push(held.to_string());
        row.push(next.map_or("—".to_owned(), |n| n.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()));
        t.row(row);
    }
    t.print(rows);
    Ok(())
}
