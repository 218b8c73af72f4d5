//! Synthetic survey responses: a quarter's satisfaction campaign of a bank
//! (one NPS question, a comment, a multiple-choice topic list), five
//! triggers, and the survey sends of the next campaign.

use crate::{Measure, Rng, Scale, measure};
use chrono::{DateTime, Duration, Utc};
use filrouge::trigger::{
    FiredLog, Respondent, Response, SendRequest, Survey, SurveyKind, SurveyPressure, Trigger, TriggerConfig, TriggerSet,
};
use serde_json::{Map, Value, json};

/// The campaign's surveys.
pub fn surveys() -> Vec<Survey> {
    serde_json::from_value(json!([
        {"id": "sat-q1", "title": "Satisfaction T1", "reference": "SAT-Q1", "end_date": "2026-03-31"},
        {"id": "sat-q2", "title": "Satisfaction T2", "reference": "SAT-Q2", "end_date": "2026-06-30"}
    ]))
    .expect("valid surveys")
}

/// Five triggers: detractors called back, passives with a comment, French
/// speakers of a segment, promoters asked for a review, one inactive.
pub fn triggers() -> TriggerSet {
    let t: Vec<Trigger> = serde_json::from_value(json!([
        {"id": "t-detractor", "name": "Rappel détracteurs",
         "conditions": [{"field": "q_nps", "op": "le", "value": 6}],
         "action": {"type": "create_contact", "add_to_survey": "callback"},
         "mapping": {"first_name": {"from": "respondent", "field": "first_name"},
                     "last_name": {"from": "respondent", "field": "last_name"},
                     "email": {"from": "respondent", "field": "email"},
                     "custom_1": {"from": "nps_class", "question_id": "q_nps"},
                     "custom_2": {"from": "answer", "question_id": "q_comment"},
                     "custom_3": {"from": "survey_title"}}},
        {"id": "t-passive", "name": "Passifs avec commentaire",
         "conditions": [{"field": "q_nps", "op": "between", "value": [7, 8]},
                        {"field": "q_comment", "op": "exists"}],
         "action": {"type": "create_contact"},
         "mapping": {"email": {"from": "respondent", "field": "email"},
                     "custom_2": {"from": "answer", "question_id": "q_comment"}}},
        {"id": "t-segment", "name": "Segment or francophone",
         "conditions": [{"all": [{"field": "respondent.language", "op": "eq", "value": "fr"},
                                 {"field": "respondent.segment", "op": "in", "value": ["gold", "platinum"]}]}],
         "action": {"type": "create_contact"},
         "mapping": {"phone": {"from": "respondent", "field": "phone"},
                     "segment": {"from": "custom_field", "name": "segment"},
                     "custom_9": {"from": "trigger_name"}}},
        {"id": "t-promoter", "name": "Avis promoteurs",
         "conditions": [{"field": "q_nps", "op": "ge", "value": 9},
                        {"field": "q_topics", "op": "contains", "value": "app"}],
         "action": {"type": "create_contact", "add_to_survey": "review"},
         "mapping": {"email": {"from": "respondent", "field": "email"}}},
        {"id": "t-off", "name": "Ancien déclencheur", "active": false,
         "action": {"type": "create_contact"}, "mapping": {}}
    ]))
    .expect("valid triggers");
    let config = TriggerConfig { custom_field_names: [("segment".to_owned(), 3)].into_iter().collect() };
    TriggerSet::new(t, config).expect("valid trigger set")
}

/// `n` responses, deterministic from `seed`; about 1 % are redeliveries of
/// an earlier one.
pub fn generate(n: usize, seed: u64) -> Vec<Response> {
    let mut rng = Rng::new(seed);
    let t0: DateTime<Utc> = "2026-01-05T08:00:00Z".parse().expect("a valid instant");
    let segments = ["gold", "silver", "platinum", "bronze"];
    let topics = ["app", "agency", "fees", "advisor", "cards"];
    let mut out: Vec<Response> = Vec::with_capacity(n);
    for i in 0..n {
        if i > 0 && rng.chance(0.01) {
            let again = out[rng.below(i as u64) as usize].clone();
            out.push(again);
            continue;
        }
        let mut answers = Map::new();
        answers.insert("q_nps".into(), Value::from(rng.below(11)));
        if rng.chance(0.3) {
            answers.insert("q_comment".into(), Value::from(format!("commentaire {i}")));
        }
        let picked: Vec<Value> = topics.iter().filter(|_| rng.chance(0.3)).map(|t| Value::from(*t)).collect();
        answers.insert("q_topics".into(), Value::Array(picked));
        let client = rng.below((n as u64 / 2).max(1));
        out.push(Response {
            id: format!("resp-{i:09}"),
            survey_id: if rng.chance(0.5) { "sat-q1" } else { "sat-q2" }.into(),
            submitted_at: t0 + Duration::seconds(rng.below(150 * 86_400) as i64),
            respondent: Respondent {
                id: format!("cli-{client:08}"),
                first_name: Some("Anne".into()),
                last_name: Some(format!("Client{client}")),
                email: Some(format!("cli{client}@example.org")),
                language: Some(if rng.chance(0.6) { "fr" } else { "nl" }.into()),
                phone: Some("+33 3 20 00 00 00".into()),
                custom_fields: [(3u8, (*rng.pick(&segments)).to_owned())].into_iter().collect(),
                ..Respondent::default()
            },
            answers,
        });
    }
    out
}

/// `n` survey sends over a year to `n / 4` clients.
pub fn sends(n: usize, seed: u64) -> Vec<SendRequest> {
    let mut rng = Rng::new(seed);
    let t0: DateTime<Utc> = "2026-01-01T08:00:00Z".parse().expect("a valid instant");
    (0..n)
        .map(|i| SendRequest {
            client_id: format!("cli-{:08}", rng.below((n as u64 / 4).max(1))),
            survey_id: format!("s-{}", i % 50),
            kind: if rng.chance(0.9) { SurveyKind::Satisfaction } else { SurveyKind::Other },
            at: t0 + Duration::seconds(rng.below(365 * 86_400) as i64),
        })
        .collect()
}

/// Trigger evaluation over 1M responses (default scale) with five triggers,
/// and survey pressure over 1M sends.
pub fn run(scale: Scale) -> Vec<Measure> {
    // Issue 7 names no large size for triggers: the large run keeps the default.
    let n = scale.pick(1_000_000, 1_000_000);
    let responses = generate(n, 11);
    let surveys = surveys();
    let set = triggers();
    let (fired, elapsed, peak) = measure(|| {
        let mut log = FiredLog::default();
        let out = set.evaluate_all(&mut log, &surveys, &responses);
        (out.firings.len(), out.rejected.len())
    });
    let triggers = Measure {
        path: "triggers (batch)".into(),
        records: n,
        elapsed,
        peak_bytes: peak,
        target: format!("none stated ({} firings, {} rejected; 5 triggers)", fired.0, fired.1),
        met: None,
    };
    let requests = sends(n, 12);
    let (sent, elapsed, peak) = measure(|| {
        let mut ledger = SurveyPressure::default();
        let plan = ledger.send_all(&requests);
        plan.decisions.iter().filter(|d| d.decision.is_send()).count()
    });
    let pressure = Measure {
        path: "survey pressure (batch)".into(),
        records: n,
        elapsed,
        peak_bytes: peak,
        target: format!("none stated ({sent} sent)"),
        met: None,
    };
    vec![triggers, pressure]
}
