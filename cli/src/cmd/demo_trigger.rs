//! `filrouge demo`, survey section (SPEC §6, R-6.2 … ): a quarter's
//! satisfaction campaign — responses and their NPS classes, triggers that
//! create contacts once per response even when the survey tool redelivers,
//! and the next campaign's sends under survey pressure.

use crate::table::{Table, clip};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use filrouge::trigger::{
    FiredAction, FiredLog, NpsClass, Response, SendDecision, SendRequest, Survey, SurveyKind, SurveyPressure, Trigger,
    TriggerConfig, TriggerSet, nps_class,
};
use serde_json::json;

fn title(text: &str) {
    println!("\n{text}\n{}", "═".repeat(text.chars().count()));
}

fn local(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%a %d %b %H:%M").to_string()
}

/// (client, first name, language, segment, NPS answer, comment, day of January it was answered).
const ANSWERS: &[(&str, &str, &str, &str, i64, &str, u32)] = &[
    ("cli-001", "Anne", "fr", "gold", 3, "Trop d'attente au guichet", 13),
    ("cli-002", "Bruno", "fr", "silver", 9, "", 13),
    ("cli-003", "Chloé", "fr", "gold", 10, "Conseillère très disponible", 14),
    ("cli-004", "Dirk", "nl", "bronze", 6, "", 14),
    ("cli-005", "Emma", "fr", "silver", 7, "Application lente", 15),
    ("cli-006", "Farid", "fr", "platinum", 8, "", 15),
    ("cli-007", "Greet", "nl", "gold", 2, "Frais incompréhensibles", 16),
    ("cli-008", "Hugo", "fr", "bronze", 9, "", 19),
    ("cli-009", "Inès", "fr", "gold", 10, "", 20),
    ("cli-010", "Jan", "nl", "silver", 11, "", 20),
    ("cli-011", "Katia", "fr", "silver", 5, "Carte bloquée deux fois", 21),
    ("cli-012", "Louis", "fr", "platinum", 9, "", 22),
];

pub fn run(rows: usize) -> Result<(), String> {
    let tz = filrouge::time::DEFAULT_TIME_ZONE;
    let survey: Survey = serde_json::from_value(json!({
        "id": "sat-2026-q1", "title": "Votre satisfaction — T1 2026", "reference": "SAT-2026-Q1",
        "end_date": "2026-01-31", "kind": "satisfaction"
    }))
    .map_err(|e| e.to_string())?;
    let responses: Vec<Response> = ANSWERS
        .iter()
        .enumerate()
        .map(|(i, &(client, first, lang, segment, nps, comment, day))| {
            let mut answers = json!({ "q_nps": nps });
            if !comment.is_empty() {
                answers["q_comment"] = json!(comment);
            }
            serde_json::from_value(json!({
                "id": format!("resp-{:03}", i + 1), "survey_id": "sat-2026-q1",
                "submitted_at": format!("2026-01-{day:02}T{:02}:15:00Z", 8 + i % 9),
                "respondent": {"id": client, "first_name": first, "last_name": "Client", "language": lang,
                               "email": format!("{}@example.org", first.to_lowercase()),
                               "custom_fields": {"3": segment}},
                "answers": answers
            }))
        })
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;

    title(&format!("Survey campaign (R-6.2): {} — {} responses", survey.title, responses.len()));
    let mut t = Table::new(&["response", "client", "answered", "NPS", "class", "comment"]);
    let mut counts = [0usize; 3];
    for r in &responses {
        let answer = &r.answers["q_nps"];
        let class = match nps_class(answer) {
            Ok(c) => {
                counts[c as usize] += 1;
                c.to_string()
            }
            Err(e) => format!("{}: {e}", e.code()),
        };
        let comment = r.answers.get("q_comment").and_then(|c| c.as_str()).unwrap_or("");
        t.row(vec![
            r.id.clone(),
            r.respondent.id.clone(),
            local(r.submitted_at, tz),
            answer.to_string(),
            clip(&class, 40),
            clip(comment, 32),
        ]);
    }
    t.print(rows * 2);
    let valid: usize = counts.iter().sum();
    let score = (counts[NpsClass::Promoter as usize] as f64 - counts[NpsClass::Detractor as usize] as f64) * 100.0
        / valid.max(1) as f64;
    println!(
        "{} promoters, {} passives, {} detractors of {valid} valid answers: NPS {score:+.0}",
        counts[NpsClass::Promoter as usize],
        counts[NpsClass::Passive as usize],
        counts[NpsClass::Detractor as usize]
    );

    let triggers: Vec<Trigger> = serde_json::from_value(json!([
        {"id": "t-detractor", "name": "Rappeler les détracteurs", "survey_id": "sat-2026-q1",
         "conditions": [{"field": "q_nps", "op": "le", "value": 6}],
         "action": {"type": "create_contact", "add_to_survey": "callback-2026"},
         "mapping": {"first_name": {"from": "respondent", "field": "first_name"},
                     "email": {"from": "respondent", "field": "email"},
                     "custom_1": {"from": "nps_class", "question_id": "q_nps"},
                     "custom_2": {"from": "answer", "question_id": "q_comment"},
                     "custom_4": {"from": "survey_reference"}}},
        {"id": "t-ambassador", "name": "Ambassadeurs premium",
         "conditions": [{"field": "q_nps", "op": "ge", "value": 9},
                        {"field": "respondent.segment", "op": "in", "value": ["gold", "platinum"]}],
         "action": {"type": "create_contact"},
         "mapping": {"first_name": {"from": "respondent", "field": "first_name"},
                     "segment": {"from": "custom_field", "name": "segment"},
                     "custom_5": {"from": "trigger_name"}}},
        {"id": "t-dutch", "name": "Relance néerlandophones (suspendue)", "active": false,
         "conditions": [{"field": "respondent.language", "op": "eq", "value": "nl"}],
         "action": {"type": "create_contact"}, "mapping": {}}
    ]))
    .map_err(|e| e.to_string())?;
    let config = TriggerConfig { custom_field_names: [("segment".to_owned(), 3)].into_iter().collect() };
    let set = TriggerSet::new(triggers, config).map_err(|e| e.to_string())?;
    let mut log = FiredLog::default();

    title("Survey triggers (R-6.3, R-6.4): contacts created from the responses");
    let first = set.evaluate_all(&mut log, std::slice::from_ref(&survey), &responses);
    let mut t = Table::new(&["response", "trigger", "contact created", "added to survey"]);
    for f in &first.firings {
        let FiredAction::CreateContact { contact, add_to_survey } = &f.action;
        let fields: Vec<String> =
            contact.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={v}")).collect();
        t.row(vec![
            f.response_id.clone(),
            f.trigger_id.clone(),
            clip(&fields.join(", "), 90),
            add_to_survey.clone().unwrap_or_default(),
        ]);
    }
    t.print(rows * 2);
    for r in &first.rejected {
        println!(" refused: {} ({} {}): {}", r.id, r.rule, r.code, r.message);
    }
    println!("The inactive trigger t-dutch did nothing (R-6.4).");

    // The survey tool redelivers the whole batch after a timeout, and one
    // response twice within it: nothing fires again.
    let mut redelivery = responses.clone();
    redelivery.push(responses[0].clone());
    let again = set.evaluate_all(&mut log, std::slice::from_ref(&survey), &redelivery);
    println!(
        "Redelivery of all {} responses (one of them twice): {} new contacts, {} firings skipped as already done (R-6.4); the log holds {} firings.",
        redelivery.len(),
        again.firings.len(),
        again.already_fired,
        log.len()
    );

    title("Survey pressure (R-6.5): the Q2 campaign, at most one satisfaction survey per 3 months");
    let mut pressure = SurveyPressure::default();
    let mut requests: Vec<SendRequest> = ANSWERS
        .iter()
        .enumerate()
        .map(|(i, &(client, ..))| SendRequest {
            client_id: client.into(),
            survey_id: "sat-2026-q1".into(),
            kind: SurveyKind::Satisfaction,
            // Two waves: most clients on 12 January, the last one on 20 January.
            at: if i < 11 { "2026-01-12T08:00:00Z" } else { "2026-01-20T08:00:00Z" }.parse().expect("valid instant"),
        })
        .collect();
    for &(client, ..) in ANSWERS.iter().take(4) {
        requests.push(SendRequest {
            client_id: client.into(),
            survey_id: "event-2026-salon".into(),
            kind: SurveyKind::Other,
            at: "2026-03-02T08:00:00Z".parse().expect("valid instant"),
        });
    }
    for &(client, ..) in ANSWERS.iter().skip(8) {
        requests.push(SendRequest {
            client_id: client.into(),
            survey_id: "sat-2026-q2".into(),
            kind: SurveyKind::Satisfaction,
            at: "2026-04-14T07:00:00Z".parse().expect("valid instant"),
        });
    }
    let plan = pressure.send_all(&requests);
    let mut t = Table::new(&["client", "survey", "at", "decision", "why"]);
    for d in plan.decisions.iter().filter(|d| d.survey_id != "sat-2026-q1") {
        let (decision, why) = match &d.decision {
            SendDecision::Send { counted: true } => ("send", "counted for pressure".to_owned()),
            SendDecision::Send { counted: false } => ("send", "not a satisfaction survey: not counted".to_owned()),
            SendDecision::Suppress { reason, previous, allowed_from, .. } => (
                "SUPPRESS",
                format!(
                    "{}: {} sent {}; allowed from {}",
                    serde_json::to_value(reason).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default(),
                    previous.survey_id,
                    local(previous.sent_at, tz),
                    allowed_from.map(|d| d.format("%a %d %b").to_string()).unwrap_or_else(|| "never".into())
                ),
            ),
        };
        t.row(vec![d.client_id.clone(), d.survey_id.clone(), local(d.at, tz), decision.into(), why]);
    }
    t.print(rows * 2);
    let suppressed = plan.decisions.iter().filter(|d| !d.decision.is_send()).count();
    println!("{} sends planned, {suppressed} suppressed.", plan.decisions.len());
    Ok(())
}
