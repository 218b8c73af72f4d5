//! Error codes, rules and messages of the history module, pinned: messages
//! are part of what a user reads, so a change to one is a visible change.

use filrouge::history::{Config, Contact, HistoryOptions, Report, history, reconcile};

fn report(json: &str) -> Report {
    serde_json::from_str(json).unwrap()
}

#[test]
fn r_1_1_and_r_1_2_rejection_messages() {
    let reports = vec![
        report(
            r#"{"id":"r1","client_id":"c","advisor_id":"a","channel":"phone","initiative":"outbound","entered_at":"2026-03-02T09:00:00Z"}"#,
        ),
        report(
            r#"{"id":"r2","client_id":"c","advisor_id":"a","channel":"email","initiative":"inbound","entered_at":"2026-03-02T15:00:00Z"}"#,
        ),
        report(&format!(
            r#"{{"id":"r3","client_id":"d","advisor_id":"a","channel":"phone","initiative":"outbound","entered_at":"2026-03-02T09:00:00Z","comment":"{}"}}"#,
            "é".repeat(5001)
        )),
        report(
            r#"{"id":"r4","client_id":"d","advisor_id":"a","channel":"letter","initiative":"outbound","entered_at":"2026-03-03T09:00:00Z"}"#,
        ),
    ];
    let result = reconcile(&[], &reports, &Config::default(), "2026-03-04T00:00:00Z".parse().unwrap());
    let got: Vec<(String, String, String, String)> =
        result.rejected.iter().map(|r| (r.id.clone(), r.rule.clone(), r.code.clone(), r.message.clone())).collect();
    assert_eq!(
        got,
        vec![
            (
                "r2".into(),
                "R-1.2".into(),
                "duplicate_daily_report".into(),
                r#"report "r2" is a second report for client "c" by advisor "a" on 2026-03-02; the first is "r1""#
                    .into()
            ),
            (
                "r3".into(),
                "R-1.1".into(),
                "comment_too_long".into(),
                r#"report "r3" has a comment of 5001 characters, more than the limit of 5000"#.into()
            ),
            (
                "r4".into(),
                "R-1.8".into(),
                "unsupported_report_channel".into(),
                r#"report "r4" is on channel letter, which takes no report"#.into()
            ),
        ]
    );
}

#[test]
fn section_0_rejections_name_the_record() {
    let contacts: Vec<Contact> = serde_json::from_str(
        r#"[
        {"id":"","parties":["c"],"channel":"sms","direction":"inbound","occurred_at":"2026-03-02T09:00:00Z"},
        {"id":"k1","parties":[],"channel":"sms","direction":"inbound","occurred_at":"2026-03-02T09:00:00Z"},
        {"id":"k2","parties":["c"],"advisor_id":"","channel":"sms","direction":"inbound","occurred_at":"2026-03-02T09:00:00Z"},
        {"id":"k3","parties":["c"],"channel":"sms","direction":"inbound","occurred_at":"2026-03-02T09:00:00Z"},
        {"id":"k3","parties":["c"],"channel":"sms","direction":"outbound","occurred_at":"2026-03-02T09:00:00Z"},
        {"id":"k4","parties":["c","d"],"channel":"sms","direction":"inbound","occurred_at":"2026-03-02T09:00:00Z"},
        {"id":"k4","parties":["d","c"],"channel":"sms","direction":"inbound","occurred_at":"2026-03-02T09:00:00Z"}
    ]"#,
    )
    .unwrap();
    let result = reconcile(&contacts, &[], &Config::default(), "2026-03-04T00:00:00Z".parse().unwrap());
    let got: Vec<(&str, &str, &str, &str)> =
        result.rejected.iter().map(|r| (r.id.as_str(), r.rule.as_str(), r.code.as_str(), r.message.as_str())).collect();
    assert_eq!(
        got,
        vec![
            ("", "§0", "empty_id", "contact id is empty"),
            ("k1", "§1", "empty_parties", r#"contact "k1" has no parties, or an empty party id"#),
            ("k2", "§0", "empty_reference", r#"contact "k2" has an empty advisor_id"#),
            ("k3", "§0", "duplicate_id", r#"contact id "k3" is used by records with different content"#),
        ],
        "k4's copies list the same parties in another order: the same contact, kept once"
    );
}

#[test]
fn r_2_5_history_of_a_legal_entity_is_a_typed_error() {
    let options =
        HistoryOptions { legal_entities: ["sarl-1".to_owned()].into_iter().collect(), ..HistoryOptions::default() };
    let err =
        history("sarl-1", &[], &[], &options, &Config::default(), "2026-03-04T00:00:00Z".parse().unwrap()).unwrap_err();
    assert_eq!(err.code(), "not_a_natural_person");
    assert_eq!(err.rule(), "R-2.5");
    assert_eq!(err.to_string(), r#"client "sarl-1" is a legal entity: only natural persons have a history"#);
}

#[test]
fn config_defaults_are_the_spec_s() {
    let c: Config = serde_json::from_str("{}").unwrap();
    assert_eq!(c, Config::default());
    assert_eq!(c.time_zone.name(), "Europe/Paris");
    assert_eq!((c.window_days, c.just_after_s, c.late_arrival_horizon_s), (7, 900, 7 * 86400));
    assert_eq!((c.comment_max_chars, c.comment_display_chars), (5000, 999));
    assert_eq!(c.restitution.min_outbound_call_s, 40);
    // Unknown keys are refused, so a typo is not a silent default.
    assert!(serde_json::from_str::<Config>(r#"{"window_day": 3}"#).is_err());
}

#[test]
fn records_round_trip_through_json_with_spec_names() {
    let json = r#"{"id":"c1","parties":["a","b"],"advisor_id":"x","channel":"phone","direction":"inbound","occurred_at":"2026-03-02T09:00:00Z","duration_s":30,"call_outcome":"voicemail_left"}"#;
    let c: Contact = serde_json::from_str(json).unwrap();
    let back = serde_json::to_string(&c).unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&back).unwrap(),
        serde_json::from_str::<serde_json::Value>(json).unwrap()
    );
}
