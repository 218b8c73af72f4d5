//! adding contacts and reports in any order, in any number of
//! batches, gives exactly the result of one batch over the union.

use chrono::{DateTime, Duration, Utc};
use filrouge::history::{
    Channel, Config, Contact, ContactRef, Direction, HistoryOptions, Reconciler, Report, ReportRef, history, reconcile,
    reconcile_indexed,
};
use proptest::prelude::*;

const CLIENTS: [&str; 3] = ["a", "b", "c"];
/// Weighted towards one key so reports compete for the same contacts.
const ADVISORS: [&str; 2] = ["x", "y"];
const CHANNELS: [Channel; 6] =
    [Channel::Phone, Channel::Phone, Channel::Phone, Channel::Email, Channel::Meeting, Channel::Letter];

fn base() -> DateTime<Utc> {
    // Spans the Paris spring-forward night (2026-03-29).
    "2026-03-27T00:00:00Z".parse().unwrap()
}

fn minutes() -> impl Strategy<Value = i64> {
    // Four days, in 10-minute steps within working hours, so ties,
    // just-after windows and competition for the same calls happen.
    (0i64..4, 0i64..60).prop_map(|(day, step)| day * 24 * 60 + 7 * 60 + step * 10)
}

fn contact() -> impl Strategy<Value = Contact> {
    (
        0u8..30,
        prop::collection::vec(prop::sample::select(vec![0usize, 0, 1, 2]), 0..3),
        prop::option::weighted(0.9, prop::sample::select(vec![0usize, 0, 1])),
        0usize..6,
        prop::bool::weighted(0.2),
        minutes(),
        prop::option::of(0u32..1200),
    )
        .prop_map(|(id, parties, advisor, ch, inbound, at, duration)| Contact {
            id: format!("c{id}"),
            parties: parties.into_iter().map(|p| CLIENTS[p].to_owned()).collect(),
            advisor_id: advisor.map(|a| ADVISORS[a].to_owned()),
            channel: CHANNELS[ch],
            direction: if inbound { Direction::Inbound } else { Direction::Outbound },
            occurred_at: base() + Duration::minutes(at),
            duration_s: duration,
            call_outcome: None,
            answered: None,
            voicemail_at_s: None,
            subject: None,
            mail_source: None,
            notification_topic: None,
            letter_kind: None,
            has_inline_images: None,
            received_at: None,
        })
}

fn report() -> impl Strategy<Value = Report> {
    (
        0u8..20,
        prop::sample::select(vec![0usize, 0, 1, 2]),
        prop::sample::select(vec![0usize, 0, 1]),
        0usize..6,
        prop::bool::weighted(0.2),
        minutes(),
        prop::option::of(0usize..8),
    )
        .prop_map(|(id, client, advisor, ch, inbound, at, comment)| Report {
            id: format!("r{id}"),
            client_id: CLIENTS[client].to_owned(),
            advisor_id: ADVISORS[advisor].to_owned(),
            channel: CHANNELS[ch],
            initiative: if inbound { Direction::Inbound } else { Direction::Outbound },
            entered_at: base() + Duration::minutes(at),
            motive: None,
            comment: comment.map(|n| "é".repeat(n)),
        })
}

fn config() -> Config {
    // A small comment limit so refusals happen.
    Config { comment_max_chars: 6, ..Config::default() }
}

/// Contacts and reports, each with a batch number, and the final `now` in minutes.
type Scenario = (Vec<(Contact, usize)>, Vec<(Report, usize)>, i64);

/// Events, a batch number for each, and the `now` of the final call.
fn scenario() -> impl Strategy<Value = Scenario> {
    (
        prop::collection::vec((contact(), 0usize..4), 0..40),
        prop::collection::vec((report(), 0usize..4), 0..20),
        0i64..(12 * 24 * 60),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn r_1_9_batches_in_any_order_equal_one_batch((contacts, reports, now_min) in scenario()) {
        let config = config();
        let final_now = base() + Duration::minutes(now_min);
        let all_contacts: Vec<Contact> = contacts.iter().map(|(c, _)| c.clone()).collect();
        let all_reports: Vec<Report> = reports.iter().map(|(r, _)| r.clone()).collect();
        let expected = reconcile(&all_contacts, &all_reports, &config, final_now);

        let mut engine = Reconciler::new(config.clone());
        for batch in 0..4 {
            let cs = contacts.iter().filter(|(_, b)| *b == batch).map(|(c, _)| c.clone()).collect();
            let rs = reports.iter().filter(|(_, b)| *b == batch).map(|(r, _)| r.clone()).collect();
            // Time moves forward batch by batch and ends at the final now.
            let at = final_now - Duration::hours(3 * (3 - batch as i64));
            engine.add(cs, rs, at);
        }
        prop_assert_eq!(engine.reconciliation(), expected);

        for client in CLIENTS {
            let options = HistoryOptions::default();
            let batch = history(client, &all_contacts, &all_reports, &options, &config, final_now).unwrap();
            let incremental = engine.history(client, &options).unwrap();
            prop_assert_eq!(incremental, batch);
        }
    }

    #[test]
    fn r_1_9_input_order_never_changes_the_batch_result((contacts, reports, now_min) in scenario()) {
        let config = config();
        let now = base() + Duration::minutes(now_min);
        let cs: Vec<Contact> = contacts.iter().map(|(c, _)| c.clone()).collect();
        let rs: Vec<Report> = reports.iter().map(|(r, _)| r.clone()).collect();
        let mut cs_rev = cs.clone();
        cs_rev.reverse();
        let mut rs_rev = rs.clone();
        rs_rev.reverse();
        prop_assert_eq!(reconcile(&cs, &rs, &config, now), reconcile(&cs_rev, &rs_rev, &config, now));
    }

    #[test]
    fn r_1_5_one_report_per_contact((contacts, reports, now_min) in scenario()) {
        let config = config();
        let now = base() + Duration::minutes(now_min);
        let cs: Vec<Contact> = contacts.into_iter().map(|(c, _)| c).collect();
        let rs: Vec<Report> = reports.into_iter().map(|(r, _)| r).collect();
        let result = reconcile(&cs, &rs, &config, now);
        let mut taken: Vec<&str> = result.links.iter().map(|l| l.contact_id.as_str()).collect();
        let n = taken.len();
        taken.sort();
        taken.dedup();
        prop_assert_eq!(taken.len(), n);
        // Every accepted report appears exactly once in links, orphans or reported.
        let mut seen: Vec<&str> = result.links.iter().map(|l| l.report_id.as_str())
            .chain(result.orphans.iter().map(|o| o.report_id.as_str()))
            .chain(result.reported.iter().map(String::as_str))
            .collect();
        let m = seen.len();
        seen.sort();
        seen.dedup();
        prop_assert_eq!(seen.len(), m);
    }
}

/// Borrowed views of `contacts`, their parties held in `parties`.
fn borrowed<'a>(contacts: &'a [Contact], parties: &'a [Vec<&'a str>]) -> Vec<ContactRef<'a>> {
    contacts.iter().zip(parties).map(|(c, p)| ContactRef::new(c, p)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// The borrowed entry gives the owned `reconcile`'s result, and both the
    /// incremental engine's (an independent implementation).
    #[test]
    fn borrowed_records_reconcile_as_owned_ones((contacts, reports, now_min) in scenario()) {
        let config = config();
        let now = base() + Duration::minutes(now_min);
        let mut cs: Vec<Contact> = contacts.into_iter().map(|(c, _)| c).collect();
        // Some copies of an id list their parties in another order (the
        // same contact, SPEC §0) or carry another subject (a conflict).
        for (n, c) in cs.iter_mut().enumerate() {
            match n % 7 {
                3 => c.parties.reverse(),
                5 => c.subject = Some(format!("s{}", n % 2)),
                _ => {}
            }
        }
        let rs: Vec<Report> = reports.into_iter().map(|(r, _)| r).collect();
        let parties: Vec<Vec<&str>> = cs.iter().map(|c| c.parties.iter().map(String::as_str).collect()).collect();
        let c_refs = borrowed(&cs, &parties);
        let r_refs: Vec<ReportRef<'_>> = rs.iter().map(ReportRef::from).collect();

        let owned = reconcile(&cs, &rs, &config, now);
        let indexed = reconcile_indexed(&c_refs, &r_refs, &config, now);
        // Positions name the records the ids name.
        for (l, link) in indexed.links.iter().zip(&owned.links) {
            prop_assert_eq!(r_refs[l.report].id, link.report_id.as_str());
            prop_assert_eq!(c_refs[l.contact].id, link.contact_id.as_str());
        }
        prop_assert_eq!(indexed.resolve(&c_refs, &r_refs), owned.clone());

        let mut engine = Reconciler::new(config.clone());
        engine.add(cs, rs, now);
        prop_assert_eq!(engine.reconciliation(), owned);
    }
}
