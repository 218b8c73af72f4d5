//! Laws of survey triggers and survey pressure.

use chrono::{DateTime, Utc};
use filrouge::trigger::{
    FiredLog, Respondent, Response, SendDecision, SendRequest, Survey, SurveyKind, SurveyPressure, Trigger,
    TriggerConfig, TriggerSet,
};
use proptest::prelude::*;
use serde_json::json;
use std::collections::BTreeSet;

fn surveys() -> Vec<Survey> {
    serde_json::from_value(json!([
        {"id": "s1", "title": "Satisfaction"},
        {"id": "s2", "title": "Événement", "kind": "other"}
    ]))
    .unwrap()
}

fn triggers() -> TriggerSet {
    let t: Vec<Trigger> = serde_json::from_value(json!([
        {"id": "t-detractor", "name": "Détracteurs", "survey_id": "s1",
         "conditions": [{"field": "q_nps", "op": "le", "value": 6}],
         "action": {"type": "create_contact"},
         "mapping": {"email": {"from": "respondent", "field": "email"},
                     "custom_1": {"from": "nps_class", "question_id": "q_nps"}}},
        {"id": "t-fr", "name": "Francophones",
         "conditions": [{"field": "respondent.language", "op": "eq", "value": "fr"}],
         "action": {"type": "create_contact", "add_to_survey": "s-next"}, "mapping": {}},
        {"id": "t-off", "name": "Inactif", "active": false, "action": {"type": "create_contact"}, "mapping": {}}
    ]))
    .unwrap();
    TriggerSet::new(t, TriggerConfig::default()).unwrap()
}

/// A response whose content is a function of its id, so copies of an id
/// are redeliveries (identical), never conflicts.
fn response(id: u16) -> Response {
    let n = u64::from(id).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    Response {
        id: format!("r{id}"),
        survey_id: if n % 5 == 0 { "s2".into() } else { "s1".into() },
        submitted_at: DateTime::from_timestamp(1_770_000_000 + (n % 100_000) as i64, 0).unwrap(),
        respondent: Respondent {
            id: format!("cli-{}", n % 7),
            email: Some(format!("c{id}@example.org")),
            language: Some(if n % 3 == 0 { "fr" } else { "nl" }.into()),
            ..Respondent::default()
        },
        answers: json!({"q_nps": (n >> 8) % 11}).as_object().unwrap().clone(),
    }
}

fn fired_pairs(batches: &[Vec<Response>]) -> (BTreeSet<(String, String)>, usize, FiredLog) {
    let set = triggers();
    let mut log = FiredLog::default();
    let mut pairs = BTreeSet::new();
    let mut count = 0;
    for b in batches {
        let out = set.evaluate_all(&mut log, &surveys(), b);
        assert!(out.rejected.is_empty(), "{:?}", out.rejected);
        for f in out.firings {
            count += 1;
            pairs.insert((f.trigger_id, f.response_id));
        }
    }
    (pairs, count, log)
}

proptest! {
    /// whatever the order and batching of (re)deliveries, the same
    /// triggers fire on the same responses, each pair exactly once, and
    /// the inactive trigger never.
    #[test]
    fn r_6_4_each_pair_fires_once_whatever_the_batching(
        ids in prop::collection::vec(0u16..40, 1..60),
        cuts in prop::collection::vec(0usize..60, 0..5),
    ) {
        let all: Vec<Response> = ids.iter().map(|&i| response(i)).collect();
        let (reference, ref_count, ref_log) = fired_pairs(std::slice::from_ref(&all));
        prop_assert_eq!(reference.len(), ref_count);
        prop_assert!(reference.iter().all(|(t, _)| t != "t-off"));

        let mut shuffled = all.clone();
        shuffled.reverse();
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(shuffled.len())).collect();
        cuts.sort_unstable();
        let mut batches = Vec::new();
        let mut start = 0;
        for c in cuts.into_iter().chain([shuffled.len()]) {
            batches.push(shuffled[start..c.max(start)].to_vec());
            start = c.max(start);
        }
        let (pairs, count, log) = fired_pairs(&batches);
        prop_assert_eq!(&pairs, &reference);
        prop_assert_eq!(count, pairs.len(), "a pair fired twice");
        prop_assert_eq!(&log, &ref_log);

        // Replaying everything on a restored log fires nothing.
        let mut restored: FiredLog = serde_json::from_str(&serde_json::to_string(&log).unwrap()).unwrap();
        let again = triggers().evaluate_all(&mut restored, &surveys(), &all);
        prop_assert!(again.firings.is_empty());
        prop_assert_eq!(restored, log);
    }

    /// in what `send_all` accepts, any two satisfaction surveys to one
    /// client are at least the period apart, and a suppressed request names a
    /// send that is too close to it; the input order changes nothing.
    #[test]
    fn r_6_5_accepted_sends_are_a_period_apart(
        raw in prop::collection::vec((0u8..3, 0u16..30, 0i64..(400 * 86_400), any::<bool>()), 0..40),
    ) {
        let reqs: Vec<SendRequest> = raw
            .iter()
            .map(|&(c, s, t, sat)| SendRequest {
                client_id: format!("cli-{c}"),
                survey_id: format!("s{s}"),
                kind: if sat { SurveyKind::Satisfaction } else { SurveyKind::Other },
                at: DateTime::<Utc>::from_timestamp(1_767_225_600 + t, 0).unwrap(),
            })
            .collect();
        let mut a = SurveyPressure::default();
        let plan = a.send_all(&reqs);
        let mut rev = reqs.clone();
        rev.reverse();
        let mut b = SurveyPressure::default();
        prop_assert_eq!(&b.send_all(&rev), &plan);
        prop_assert_eq!(&a, &b);
        let tz = a.config.time_zone;
        for sent in a.sent.values() {
            for w in sent.windows(2) {
                let first = filrouge::time::local_day(w[0].sent_at, tz);
                let next = filrouge::time::local_day(w[1].sent_at, tz);
                prop_assert!(next >= a.config.allowed_from(first), "{:?} then {:?}", w[0], w[1]);
            }
        }
        for d in &plan.decisions {
            if let SendDecision::Suppress { allowed_from: Some(day), .. } = &d.decision {
                prop_assert!(*day > filrouge::time::local_day(d.at, tz));
            }
        }
    }
}
