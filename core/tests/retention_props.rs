//! Laws of retention (R-2.6 … ).

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use filrouge::history::{Channel, MailSource};
use filrouge::retention::{Evaluator, Part, Record, RetentionPolicy, Rule, SourceRow, evaluate};
use filrouge::time::CalendarPeriod;
use proptest::prelude::*;

const SOURCES: [Option<MailSource>; 5] = [
    None,
    Some(MailSource::CrmMsi),
    Some(MailSource::ExchangeOutlook),
    Some(MailSource::ExchangeMsi),
    Some(MailSource::MailBrick),
];
const ZONES: [&str; 4] = ["Europe/Paris", "America/Santiago", "Australia/Lord_Howe", "UTC"];

fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    // 2019 … 2029, to the second, so leap days and every DST change occur.
    (1_546_300_800i64..1_893_456_000).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap())
}

fn record() -> impl Strategy<Value = Record> {
    (0u16..40, 0usize..4, 0usize..7, 0usize..5, instant()).prop_map(|(id, client, ch, src, at)| Record {
        id: format!("m{id}"),
        client_id: format!("cli-{client}"),
        channel: Channel::ALL[ch],
        mail_source: SOURCES[src],
        occurred_at: at,
    })
}

fn policy() -> impl Strategy<Value = RetentionPolicy> {
    // The default table, sometimes with an extra channel rule, in a random zone.
    (0usize..4, prop::option::of((0usize..7, 0usize..4, 1u32..40, 0u8..3))).prop_map(|(z, extra)| {
        let mut p = RetentionPolicy { time_zone: ZONES[z].parse::<Tz>().unwrap(), ..RetentionPolicy::default() };
        if let Some((ch, part, n, unit)) = extra {
            let keep = match unit {
                0 => CalendarPeriod::Days(n * 20),
                1 => CalendarPeriod::Months(n),
                _ => CalendarPeriod::Years(n % 4 + 1),
            };
            p.rules.push(Rule {
                mail_source: None,
                channel: Some(Channel::ALL[ch]),
                part: Part::ALL[part],
                keep: Some(keep),
            });
        }
        p
    })
}

fn strings(xs: &[usize]) -> Vec<String> {
    xs.iter().map(|c| format!("cli-{c}")).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn r_2_6_fast_expiry_equals_the_calendar_exact_one(policy in policy(), r in record(), now in instant()) {
        let mut evaluator = Evaluator::new(&policy, &[], &[], now);
        let v = evaluator.evaluate_one(&r).unwrap();
        for part in Part::ALL {
            let exact = policy.expiry(r.channel, r.mail_source, part, r.occurred_at);
            let purged = exact.is_some_and(|e| e <= now);
            prop_assert_eq!(v.purges(part), purged, "{:?} of {:?} at {}", part, r, now);
        }
        let next = Part::ALL
            .iter()
            .filter_map(|&p| policy.expiry(r.channel, r.mail_source, p, r.occurred_at))
            .filter(|&e| e > now)
            .min();
        prop_assert_eq!(v.next_expiry(), next);
    }

    #[test]
    fn r_2_7_a_held_client_never_loses_anything(
        policy in policy(), records in prop::collection::vec(record(), 0..30), now in instant(),
        holds in prop::collection::vec(0usize..4, 0..3), erasures in prop::collection::vec(0usize..4, 0..4),
    ) {
        let holds = strings(&holds);
        let result = evaluate(&policy, &records, &holds, &strings(&erasures), now);
        for v in &result.records {
            let r = records.iter().find(|r| r.id == v.id).unwrap();
            if holds.contains(&r.client_id) {
                prop_assert!(v.verdict.purge().is_empty());
                prop_assert_eq!(v.verdict.next_expiry(), None);
            }
        }
    }

    #[test]
    fn r_2_9_a_later_now_never_resurrects_a_part(
        policy in policy(), records in prop::collection::vec(record(), 0..30), now in instant(), later in 0i64..2000,
        erasures in prop::collection::vec(0usize..4, 0..2),
    ) {
        let erasures = strings(&erasures);
        let first = evaluate(&policy, &records, &[], &erasures, now);
        let second = evaluate(&policy, &records, &[], &erasures, now + Duration::days(later));
        for (a, b) in first.records.iter().zip(&second.records) {
            for part in a.verdict.purge() {
                prop_assert!(b.verdict.purges(part), "{:?} of {} came back", part, a.id);
            }
        }
    }

    #[test]
    fn r_2_9_next_expiry_is_when_more_is_purged(policy in policy(), r in record(), now in instant()) {
        let v = Evaluator::new(&policy, &[], &[], now).evaluate_one(&r).unwrap();
        if let Some(next) = v.next_expiry() {
            prop_assert!(next > now);
            let before = Evaluator::new(&policy, &[], &[], next - Duration::seconds(1)).evaluate_one(&r).unwrap();
            let at = Evaluator::new(&policy, &[], &[], next).evaluate_one(&r).unwrap();
            prop_assert_eq!(before.purge(), v.purge(), "nothing more is purged before next_expiry");
            prop_assert!(at.purge().len() > v.purge().len(), "something more is purged at next_expiry");
        }
    }

    #[test]
    fn input_order_never_changes_a_verdict(policy in policy(), records in prop::collection::vec(record(), 0..30), now in instant()) {
        let mut reversed = records.clone();
        reversed.reverse();
        let a = evaluate(&policy, &records, &[], &[], now);
        let mut b = evaluate(&policy, &reversed, &[], &[], now);
        b.records.reverse();
        prop_assert_eq!(a, b);
    }
}

#[test]
fn r_2_6_default_table_names_every_row() {
    let p = RetentionPolicy::default();
    let rows =
        [SourceRow::ExchangeOutlook, SourceRow::ExchangeMsi, SourceRow::CrmMsi, SourceRow::MailBrick, SourceRow::None];
    for row in rows {
        for part in Part::ALL {
            assert_eq!(
                p.rules.iter().filter(|r| r.mail_source == Some(row) && r.part == part).count(),
                1,
                "{row:?} {part:?}"
            );
        }
    }
    assert_eq!(p.rules.len(), 20);
}
