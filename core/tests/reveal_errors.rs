//! Reveal errors (codes, rules, messages), configuration defaults and the
//! JSON forms of requests and events (SPEC §0 serialization).

use filrouge::reveal::{
    Config, Context, ContextKind, DiagnosticRequest, EnrichRequest, Error, Event, RevealLedger, RevealRequest, Role,
    Scope,
};

fn at(s: &str) -> chrono::DateTime<chrono::Utc> {
    s.parse().unwrap()
}

fn request(key: &str, viewer: &str, subject: &str, ctx: &Context) -> RevealRequest {
    RevealRequest {
        key: key.into(),
        tenant: "t1".into(),
        viewer: viewer.into(),
        role: Role::Requester,
        subject: subject.into(),
        context: ctx.clone(),
        at: at("2026-03-02T09:00:00Z"),
        impersonated_by: None,
    }
}

#[test]
fn r_3_2_refusals_say_what_is_missing() {
    let mut l = RevealLedger::new(Config::default());
    let res = Context::new("p1", ContextKind::Resource, "res-1");
    let e = l.reveal(&request("k1", "req-1", "exp-1", &res)).unwrap_err();
    assert_eq!((e.code(), e.rule()), ("reveal_not_allowed", "R-3.2"));
    assert_eq!(
        e.to_string(),
        "\"req-1\" (requester) may not reveal \"exp-1\" in resource res-1 on p1: the contact was not recommended to them in this resource sheet or conversation"
    );
    let prj = Context::new("p1", ContextKind::Project, "prj-1");
    let e = l.recommend("t1", &prj, "req-1", "exp-1", at("2026-03-02T09:00:00Z")).unwrap_err();
    assert_eq!((e.code(), e.rule()), ("wrong_context_kind", "R-3.2"));
    assert_eq!(e.to_string(), "a recommendation needs a resource or conversation context, got a project (\"prj-1\")");
    let e = l.reveal(&request("", "req-1", "exp-1", &res)).unwrap_err();
    assert_eq!((e.code(), e.rule(), e.to_string()), ("empty_id", "§0", "key is empty".to_owned()));
}

#[test]
fn r_3_4_a_key_names_one_request() {
    let mut l = RevealLedger::new(Config::default());
    let res = Context::new("p1", ContextKind::Resource, "res-1");
    let t = at("2026-03-02T09:00:00Z");
    l.recommend("t1", &res, "req-1", "exp-1", t).unwrap();
    l.recommend("t1", &res, "req-1", "exp-2", t).unwrap();
    assert!(l.reveal(&request("k1", "req-1", "exp-1", &res)).unwrap().first);
    let e = l.reveal(&request("k1", "req-1", "exp-2", &res)).unwrap_err();
    assert_eq!((e.code(), e.rule()), ("idempotency_key_reused", "R-3.4"));
    assert_eq!(e.to_string(), "idempotency key \"k1\" of tenant \"t1\" already names a different request");
    // The refused request changed nothing.
    assert_eq!(l.len(), 3);
}

#[test]
fn r_3_6_refusals_name_the_actor_and_the_mark() {
    let mut l = RevealLedger::new(Config::default());
    let prj = Context::new("p1", ContextKind::Project, "prj-1");
    let req = |actor: &str, role| DiagnosticRequest {
        tenant: "t1".into(),
        project: prj.clone(),
        actor: actor.into(),
        role,
        at: at("2026-03-02T09:00:00Z"),
    };
    let e = l.mark_diagnostic(&req("adv-1", Role::AdvisorNational)).unwrap_err();
    assert_eq!((e.code(), e.rule()), ("diagnostic_not_allowed", "R-3.6"));
    assert_eq!(e.to_string(), "\"adv-1\" (advisor_national) may not mark diagnostics on portal \"p1\"");
    let e = l.undo_diagnostic(&req("staff-1", Role::Staff)).unwrap_err();
    assert_eq!(e, Error::DiagnosticNotMarked { project: "prj-1".into() });
    l.mark_diagnostic(&req("staff-1", Role::Staff)).unwrap();
    let e = l.mark_diagnostic(&req("adm-1", Role::Admin)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the diagnostic of project \"prj-1\" was marked already by \"staff-1\" at 2026-03-02 09:00:00 UTC"
    );
}

#[test]
fn an_earlier_event_is_placed_by_its_instant() {
    // A device whose clock is behind: the earlier reveal becomes the first.
    let mut l = RevealLedger::new(Config::default());
    let res = Context::new("p1", ContextKind::Resource, "res-1");
    l.recommend("t1", &res, "req-1", "exp-1", at("2026-03-01T00:00:00Z")).unwrap();
    let late = l.reveal(&request("k-late", "req-1", "exp-1", &res)).unwrap();
    assert!(late.first);
    let mut early = request("k-early", "req-1", "exp-1", &res);
    early.at = at("2026-03-02T08:00:00Z");
    assert!(l.reveal(&early).unwrap().first);
    let replay = l.reveal(&request("k-late", "req-1", "exp-1", &res)).unwrap();
    assert!(replay.replayed && !replay.first);
}

#[test]
fn a_failed_enrichment_leaves_no_trace() {
    let mut l = RevealLedger::new(Config::default());
    let mut e = EnrichRequest {
        key: "e1".into(),
        tenant: "t1".into(),
        subject: "exp-1".into(),
        by: "u1".into(),
        at: at("2026-03-02T09:00:00Z"),
        succeeded: false,
    };
    let o = l.enrich(&e).unwrap();
    assert!(!o.logged && !o.consumed);
    assert!(l.is_empty());
    e.succeeded = true;
    assert!(l.enrich(&e).unwrap().consumed);
}

#[test]
fn config_defaults_and_json() {
    let c: Config = serde_json::from_str("{}").unwrap();
    assert_eq!(c, Config::default());
    assert_eq!(c.scope, Scope::Pair);
    assert!(!c.lapse_on_coordinate_change && c.lapse_after_days.is_none() && c.follow_up_after_days.is_none());
    let c: Config = serde_json::from_str(r#"{"scope": "pair_per_context", "follow_up_after_days": 7}"#).unwrap();
    assert_eq!((c.scope, c.follow_up_after_days), (Scope::PairPerContext, Some(7)));
    assert!(serde_json::from_str::<Config>(r#"{"scop": "pair"}"#).is_err());
}

#[test]
fn events_round_trip_through_json() {
    let ev = Event::Revealed {
        at: at("2026-03-02T09:00:00Z"),
        tenant: "t1".into(),
        key: "k1".into(),
        viewer: "u1".into(),
        role: Role::AdvisorGuest,
        subject: "u2".into(),
        context: Context::new("p1", ContextKind::Conversation, "c1"),
    };
    let json = serde_json::to_string(&ev).unwrap();
    assert_eq!(
        json,
        r#"{"event":"revealed","at":"2026-03-02T09:00:00Z","tenant":"t1","key":"k1","viewer":"u1","role":"advisor_guest","subject":"u2","context":{"portal":"p1","kind":"conversation","id":"c1"}}"#
    );
    assert_eq!(serde_json::from_str::<Event>(&json).unwrap(), ev);
}

#[test]
fn extreme_periods_and_instants_do_not_panic() {
    let config = Config { lapse_after_days: Some(u32::MAX), follow_up_after_days: Some(u32::MAX), ..Config::default() };
    let mut l = RevealLedger::new(config);
    let res = Context::new("p1", ContextKind::Resource, "res-1");
    for t in ["1500-01-01T00:00:00Z", "2026-03-02T09:00:00Z", "2900-01-01T00:00:00Z"] {
        l.recommend("t1", &res, "req-1", "exp-1", at(t)).unwrap();
        let mut r = request(&format!("k-{t}"), "req-1", "exp-1", &res);
        r.at = at(t);
        let o = l.reveal(&r).unwrap();
        assert!(o.visible);
        assert!(l.can_see("t1", "req-1", Role::Requester, "exp-1", &res, at(t)).visible);
    }
}
