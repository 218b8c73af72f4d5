//! The partition laws (`filrouge::partition`): reconciliation over
//! partitions that hold whole client groups (R-1.1 … R-1.8), retention over
//! partitions by record id (R-2.6 … R-2.9) and scoring over partitions by
//! company id (R-5.1, R-5.2) equal one run over the union.

use chrono::{DateTime, Duration, Utc};
use filrouge::history::{Channel, Config, Contact, Direction, Report, reconcile};
use filrouge::partition::{
    ClientGroups, merge_evaluations, merge_reconciliations, merge_scorings, partition_key, reconcile_partitioned,
};
use filrouge::retention::{Record, RetentionPolicy, evaluate};
use filrouge::scoring::{Routine, score};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

const CLIENTS: [&str; 6] = ["a", "b", "c", "d", "e", "f"];
const ADVISORS: [&str; 2] = ["x", "y"];
const CHANNELS: [Channel; 6] =
    [Channel::Phone, Channel::Phone, Channel::Phone, Channel::Email, Channel::Meeting, Channel::Letter];

fn base() -> DateTime<Utc> {
    "2026-03-27T00:00:00Z".parse().unwrap()
}

fn minutes() -> impl Strategy<Value = i64> {
    (0i64..4, 0i64..60).prop_map(|(day, step)| day * 24 * 60 + 7 * 60 + step * 10)
}

/// A contact without its id; parties weighted towards a few clients so
/// that multi-party contacts link groups and reports compete.
fn contact() -> impl Strategy<Value = Contact> {
    (
        prop::collection::vec(prop::sample::select(vec![0usize, 0, 1, 2, 3, 4, 5]), 0..3),
        prop::option::weighted(0.9, prop::sample::select(vec![0usize, 0, 1])),
        0usize..6,
        prop::bool::weighted(0.2),
        minutes(),
        prop::option::of(0u32..1200),
    )
        .prop_map(|(parties, advisor, ch, inbound, at, duration)| Contact {
            id: String::new(),
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
        0usize..6,
        prop::sample::select(vec![0usize, 0, 1]),
        0usize..6,
        prop::bool::weighted(0.2),
        minutes(),
        prop::option::of(0usize..8),
    )
        .prop_map(|(client, advisor, ch, inbound, at, comment)| Report {
            id: String::new(),
            client_id: CLIENTS[client].to_owned(),
            advisor_id: ADVISORS[advisor].to_owned(),
            channel: CHANNELS[ch],
            initiative: if inbound { Direction::Inbound } else { Direction::Outbound },
            entered_at: base() + Duration::minutes(at),
            motive: None,
            comment: comment.map(|n| "é".repeat(n)),
        })
}

/// Records with distinct ids (one in ten with an empty id, refused), plus
/// identical copies of some (which count once, SPEC §0).
fn with_ids<T: Clone>(items: Vec<T>, copies: &[usize], prefix: &str, set: impl Fn(&mut T, String)) -> Vec<T> {
    let mut out: Vec<T> = items
        .into_iter()
        .enumerate()
        .map(|(i, mut x)| {
            set(&mut x, if i % 10 == 9 { String::new() } else { format!("{prefix}{i}") });
            x
        })
        .collect();
    for &k in copies {
        if !out.is_empty() {
            let copy = out[k % out.len()].clone();
            out.push(copy);
        }
    }
    out
}

type History = (Vec<Contact>, Vec<Report>, i64, u32);

fn scenario() -> impl Strategy<Value = History> {
    (
        prop::collection::vec(contact(), 0..40),
        prop::collection::vec(report(), 0..24),
        prop::collection::vec(any::<usize>(), 0..4),
        prop::collection::vec(any::<usize>(), 0..4),
        0i64..(12 * 24 * 60),
        1u32..6,
    )
        .prop_map(|(cs, rs, cc, rc, now, n)| {
            let cs = with_ids(cs, &cc, "c", |c, id| c.id = id);
            let rs = with_ids(rs, &rc, "r", |r, id| r.id = id);
            (cs, rs, now, n)
        })
}

fn config() -> Config {
    Config { comment_max_chars: 6, ..Config::default() }
}

/// Contacts and reports split by client group.
fn split(contacts: &[Contact], reports: &[Report], n: u32) -> Vec<(Vec<Contact>, Vec<Report>)> {
    let groups = ClientGroups::from_contacts(contacts);
    let mut parts = vec![(Vec::new(), Vec::new()); n as usize];
    for c in contacts {
        parts[groups.contact_partition(c, n) as usize].0.push(c.clone());
    }
    for r in reports {
        parts[groups.report_partition(r, n) as usize].1.push(r.clone());
    }
    parts
}

fn company(ids: u8) -> impl Strategy<Value = Map<String, Value>> {
    (
        prop::option::weighted(0.95, 0..ids),
        prop::sample::select(vec![json!("62.01Z"), json!("47.11F"), json!(12), Value::Null]),
        prop::option::of(prop::sample::select(vec![0.0, 12.0, 50.0, 250.0])),
        prop::collection::vec(prop::sample::select(vec!["export", "bio", "sage"]), 0..3),
    )
        .prop_map(|(id, naf, headcount, tags)| {
            let mut m = Map::new();
            if let Some(id) = id {
                m.insert("id".into(), json!(format!("co{id}")));
            }
            m.insert("naf".into(), naf);
            if let Some(h) = headcount {
                m.insert("headcount".into(), json!(h));
            }
            m.insert("tags".into(), json!(tags));
            m
        })
}

fn routine() -> Routine {
    Routine::parse(&json!({
        "id": "r", "title": "t", "users": ["u"],
        "mandatory": [{"field": "naf", "op": "starts_with", "value": "62"}],
        "weighted": [
            {"weight": "important", "condition": {"field": "headcount", "op": "ge", "value": 50}},
            {"weight": "notable", "condition": {"field": "tags", "op": "contains", "value": "export"}},
            {"weight": "interesting", "condition": {"not": {"field": "tags", "op": "contains", "value": "bio"}}}
        ]
    }))
    .unwrap()
}

fn retention_record() -> impl Strategy<Value = Record> {
    (0u16..40, 0usize..5, 0usize..7, 1_546_300_800i64..1_893_456_000).prop_map(|(id, client, ch, at)| Record {
        // Some empty ids and client ids, refused.
        id: if id == 39 { String::new() } else { format!("m{id}") },
        client_id: if client == 4 { String::new() } else { format!("cli-{client}") },
        channel: Channel::ALL[ch],
        mail_source: None,
        occurred_at: DateTime::from_timestamp(at, 0).unwrap(),
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn reconciliation_by_client_group_equals_one_run((contacts, reports, now_min, n) in scenario()) {
        let config = config();
        let now = base() + Duration::minutes(now_min);
        let whole = reconcile(&contacts, &reports, &config, now);
        let parts = split(&contacts, &reports, n);
        // Each partition's records stay within it: no contact is seen by two.
        prop_assert_eq!(parts.iter().map(|p| p.0.len()).sum::<usize>(), contacts.len());
        let streamed = reconcile_partitioned(parts.clone(), &config, now);
        prop_assert_eq!(&streamed, &whole);
        let results: Vec<_> = parts.iter().map(|(c, r)| reconcile(c, r, &config, now)).collect();
        let merged = merge_reconciliations(parts.iter().map(|p| p.1.as_slice()).zip(results));
        prop_assert_eq!(merged, whole);
    }

    #[test]
    fn retention_by_record_id_equals_one_run(
        records in prop::collection::vec(retention_record(), 0..40),
        holds in prop::collection::vec(0usize..4, 0..3),
        erasures in prop::collection::vec(0usize..4, 0..3),
        now in 1_546_300_800i64..1_893_456_000,
        n in 1u32..6,
    ) {
        let policy = RetentionPolicy::default();
        let now = DateTime::from_timestamp(now, 0).unwrap();
        let holds: Vec<String> = holds.iter().map(|c| format!("cli-{c}")).collect();
        let erasures: Vec<String> = erasures.iter().map(|c| format!("cli-{c}")).collect();
        let mut whole = evaluate(&policy, &records, &holds, &erasures, now);
        let mut parts = vec![Vec::new(); n as usize];
        for r in &records {
            parts[partition_key(&r.id, n) as usize].push(r.clone());
        }
        let merged = merge_evaluations(parts.iter().map(|p| evaluate(&policy, p, &holds, &erasures, now)));
        // The batch keeps input order; as sets of verdicts they are equal.
        whole.records.sort_by(|a, b| a.id.cmp(&b.id));
        prop_assert_eq!(merged, whole);
    }

    #[test]
    fn scoring_by_company_id_equals_one_run(companies in prop::collection::vec(company(12), 0..30), n in 1u32..6) {
        let routine = routine();
        let whole = score(&routine, &companies);
        let mut parts = vec![Vec::new(); n as usize];
        for c in &companies {
            let id = c.get("id").and_then(Value::as_str).unwrap_or("");
            parts[partition_key(id, n) as usize].push(c.clone());
        }
        let merged = merge_scorings(parts.iter().map(|p| score(&routine, p)));
        prop_assert_eq!(merged, whole);
    }
}

#[test]
fn groups_follow_chains_of_shared_contacts() {
    let mut g = ClientGroups::new();
    g.link(["d", "b"]);
    g.link(["e", "f"]);
    g.link(["f", "d", "d"]);
    for c in ["b", "d", "e", "f"] {
        assert_eq!(g.group_of(c), "b", "{c}");
    }
    assert_eq!(g.group_of("a"), "a");
    assert_eq!(g.linked_clients(), 4);
    g.link(["z"]);
    assert_eq!(g.linked_clients(), 4, "a single party links nothing");
}

#[test]
fn partition_key_is_fnv_1a_and_stays_in_range() {
    // FNV-1a 64 of "" and "a" (published test values), modulo the count.
    assert_eq!(partition_key("", u32::MAX), (0xcbf2_9ce4_8422_2325u64 % u64::from(u32::MAX)) as u32);
    assert_eq!(partition_key("a", u32::MAX), (0xaf63_dc4c_8601_ec8cu64 % u64::from(u32::MAX)) as u32);
    assert_eq!(partition_key("x", 0), 0);
    for k in ["cli-00000001", "é", "62.01Z"] {
        assert!(partition_key(k, 7) < 7);
    }
}

#[test]
fn a_contact_shared_across_partitions_breaks_the_law_without_groups() {
    // Why groups matter: client "a" in one partition, "b" in the other, one
    // call with both; each client's report takes the call in its partition.
    let at: DateTime<Utc> = "2026-03-02T09:00:00Z".parse().unwrap();
    let call = Contact {
        id: "c1".into(),
        parties: vec!["a".into(), "b".into()],
        advisor_id: Some("x".into()),
        channel: Channel::Phone,
        direction: Direction::Outbound,
        occurred_at: at,
        duration_s: Some(60),
        call_outcome: None,
        answered: None,
        voicemail_at_s: None,
        subject: None,
        mail_source: None,
        notification_topic: None,
        letter_kind: None,
        has_inline_images: None,
        received_at: None,
    };
    let report = |id: &str, client: &str, minutes: i64| Report {
        id: id.into(),
        client_id: client.into(),
        advisor_id: "x".into(),
        channel: Channel::Phone,
        initiative: Direction::Outbound,
        entered_at: at + Duration::minutes(minutes),
        motive: None,
        comment: None,
    };
    let (ra, rb) = (report("ra", "a", 2), report("rb", "b", 3));
    let config = Config::default();
    let whole = reconcile(std::slice::from_ref(&call), &[ra.clone(), rb.clone()], &config, at + Duration::hours(1));
    assert_eq!(whole.links.len(), 1);
    assert_eq!(whole.orphans.len(), 1);
    let naive = reconcile_partitioned(
        vec![(vec![call.clone()], vec![ra.clone()]), (vec![call.clone()], vec![rb.clone()])],
        &config,
        at + Duration::hours(1),
    );
    assert_eq!(naive.links.len(), 2, "the call is taken twice when its parties are split");
    let grouped = split(&[call], &[ra, rb], 2);
    assert!(grouped.iter().any(|p| p.0.len() == 1 && p.1.len() == 2), "one partition holds the group");
    assert_eq!(reconcile_partitioned(grouped, &config, at + Duration::hours(1)), whole);
}
