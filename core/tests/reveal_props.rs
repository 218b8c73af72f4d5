//! Laws of the reveal ledger (SPEC §3): tenants never mixed, staff
//! and admins always see, a requester never sees an unrevealed
//! recommended contact (R-3.2, R-3.3b), replay and merge laws, retries never
//! count twice.

use chrono::{DateTime, Duration, Utc};
use filrouge::reveal::{
    Config, Context, ContextKind, DiagnosticRequest, EnrichRequest, Event, RevealLedger, RevealRequest, Role, Scope,
    StatsQuery,
};
use proptest::prelude::*;

const TENANTS: [&str; 2] = ["ta", "tb"];
const USERS: [&str; 4] = ["u0", "u1", "u2", "u3"];

fn contexts() -> Vec<Context> {
    vec![
        Context::new("p1", ContextKind::Resource, "res-1"),
        Context::new("p1", ContextKind::Conversation, "conv-1"),
        Context::new("p2", ContextKind::Resource, "res-2"),
        Context::new("p1", ContextKind::Project, "prj-1"),
        Context::new("p2", ContextKind::Project, "prj-2"),
    ]
}

fn t0() -> DateTime<Utc> {
    "2026-03-02T09:00:00Z".parse().unwrap()
}

#[derive(Debug, Clone)]
enum Op {
    Recommend { tenant: usize, ctx: usize, requester: usize, contact: usize, at: i64 },
    Open { tenant: usize, ctx: usize, requester: usize, at: i64 },
    Reveal { tenant: usize, key: u8, viewer: usize, role: usize, subject: usize, ctx: usize, at: i64, imp: bool },
    Change { tenant: usize, subject: usize, at: i64 },
    Leave { tenant: usize, subject: usize, at: i64 },
    Enrich { tenant: usize, key: u8, subject: usize, by: usize, at: i64, ok: bool },
    Mark { tenant: usize, ctx: usize, at: i64, undo: bool },
}

impl Op {
    fn tenant(&self) -> usize {
        match *self {
            Op::Recommend { tenant, .. }
            | Op::Open { tenant, .. }
            | Op::Reveal { tenant, .. }
            | Op::Change { tenant, .. }
            | Op::Leave { tenant, .. }
            | Op::Enrich { tenant, .. }
            | Op::Mark { tenant, .. } => tenant,
        }
    }
}

fn op() -> impl Strategy<Value = Op> {
    let t = 0usize..2;
    let u = 0usize..4;
    // Minutes over six days, on whole hours so that ties of instants are common.
    let at = (0i64..(6 * 24)).prop_map(|h| h * 60);
    prop_oneof![
        3 => (t.clone(), 0usize..3, u.clone(), u.clone(), at.clone())
            .prop_map(|(tenant, ctx, requester, contact, at)| Op::Recommend { tenant, ctx, requester, contact, at }),
        2 => (t.clone(), 3usize..5, u.clone(), at.clone())
            .prop_map(|(tenant, ctx, requester, at)| Op::Open { tenant, ctx, requester, at }),
        8 => (t.clone(), 0u8..12, u.clone(), 0usize..6, u.clone(), 0usize..5, at.clone(), prop::bool::weighted(0.15))
            .prop_map(|(tenant, key, viewer, role, subject, ctx, at, imp)| Op::Reveal {
                tenant, key, viewer, role, subject, ctx, at, imp
            }),
        1 => (t.clone(), u.clone(), at.clone()).prop_map(|(tenant, subject, at)| Op::Change { tenant, subject, at }),
        1 => (t.clone(), u.clone(), at.clone()).prop_map(|(tenant, subject, at)| Op::Leave { tenant, subject, at }),
        2 => (t.clone(), 0u8..12, u.clone(), u.clone(), at.clone(), any::<bool>())
            .prop_map(|(tenant, key, subject, by, at, ok)| Op::Enrich { tenant, key, subject, by, at, ok }),
        1 => (t, 3usize..5, at, any::<bool>()).prop_map(|(tenant, ctx, at, undo)| Op::Mark { tenant, ctx, at, undo }),
    ]
}

fn config() -> impl Strategy<Value = Config> {
    (0usize..3, any::<bool>(), prop::option::of(1u32..3), prop::option::of(1u32..10)).prop_map(
        |(s, change, days, fu)| Config {
            scope: [Scope::Pair, Scope::PairPerPortal, Scope::PairPerContext][s],
            lapse_on_coordinate_change: change,
            lapse_after_days: days,
            follow_up_after_days: fu,
            ..Config::default()
        },
    )
}

fn instant(minutes: i64) -> DateTime<Utc> {
    t0() + Duration::minutes(minutes)
}

fn reveal_request(op: &Op) -> Option<RevealRequest> {
    let Op::Reveal { tenant, key, viewer, role, subject, ctx, at, imp } = *op else { return None };
    Some(RevealRequest {
        key: format!("k{key}"),
        tenant: TENANTS[tenant].into(),
        viewer: USERS[viewer].into(),
        role: Role::ALL[role],
        subject: USERS[subject].into(),
        context: contexts()[ctx].clone(),
        at: instant(at),
        impersonated_by: imp.then(|| "admin-0".to_owned()),
    })
}

/// Applies an op; the outcome as JSON (errors included) for comparisons.
fn apply(ledger: &mut RevealLedger, op: &Op) -> String {
    let ctxs = contexts();
    let out = match op {
        Op::Recommend { tenant, ctx, requester, contact, at } => ledger
            .recommend(TENANTS[*tenant], &ctxs[*ctx], USERS[*requester], USERS[*contact], instant(*at))
            .map(|_| serde_json::Value::Null),
        Op::Open { tenant, ctx, requester, at } => ledger
            .open_project(TENANTS[*tenant], &ctxs[*ctx], USERS[*requester], instant(*at))
            .map(|_| serde_json::Value::Null),
        Op::Reveal { .. } => ledger.reveal(&reveal_request(op).unwrap()).map(|o| serde_json::to_value(o).unwrap()),
        Op::Change { tenant, subject, at } => {
            ledger.change_coordinates(TENANTS[*tenant], USERS[*subject], instant(*at)).map(|_| serde_json::Value::Null)
        }
        Op::Leave { tenant, subject, at } => {
            ledger.leave_company(TENANTS[*tenant], USERS[*subject], instant(*at)).map(|_| serde_json::Value::Null)
        }
        Op::Enrich { tenant, key, subject, by, at, ok } => ledger
            .enrich(&EnrichRequest {
                key: format!("k{key}"),
                tenant: TENANTS[*tenant].into(),
                subject: USERS[*subject].into(),
                by: USERS[*by].into(),
                at: instant(*at),
                succeeded: *ok,
            })
            .map(|o| serde_json::to_value(o).unwrap()),
        Op::Mark { tenant, ctx, at, undo } => {
            let req = DiagnosticRequest {
                tenant: TENANTS[*tenant].into(),
                project: ctxs[*ctx].clone(),
                actor: "staff-0".into(),
                role: Role::Staff,
                at: instant(*at),
            };
            let r = if *undo { ledger.undo_diagnostic(&req) } else { ledger.mark_diagnostic(&req) };
            r.map(|s| serde_json::to_value(s).unwrap())
        }
    };
    match out {
        Ok(v) => v.to_string(),
        Err(e) => format!("error {}", e.code()),
    }
}

fn build(config: &Config, ops: &[Op]) -> RevealLedger {
    let mut l = RevealLedger::new(config.clone());
    for op in ops {
        apply(&mut l, op);
    }
    l
}

/// Everything a viewer of `tenant` can learn: visibility over a grid of
/// (viewer, role, subject, context, instant), statistics, consumption and
/// diagnostics.
fn view_of(l: &RevealLedger, tenant: &str) -> Vec<String> {
    let mut out = Vec::new();
    let ctxs = contexts();
    for v in USERS {
        for s in USERS {
            for (r, role) in Role::ALL.iter().enumerate() {
                if r == 0 {
                    continue; // staff: checked by its own law
                }
                for c in &ctxs {
                    for minutes in [0, 3 * 24 * 60, 7 * 24 * 60] {
                        let vis = l.can_see(tenant, v, *role, s, c, instant(minutes));
                        out.push(format!("{v} {s} {role:?} {} {minutes} {vis:?}", c.id));
                    }
                }
            }
        }
    }
    let q = StatsQuery { tenant: Some(tenant.into()), ..StatsQuery::default() };
    out.push(serde_json::to_string(&l.stats(&q)).unwrap());
    out.push(serde_json::to_string(&l.consumption(tenant, instant(3 * 24 * 60))).unwrap());
    for c in &ctxs[3..] {
        out.push(serde_json::to_string(&l.diagnostic(tenant, c)).unwrap());
    }
    out
}

fn full_view(l: &RevealLedger) -> Vec<String> {
    let mut v = view_of(l, "ta");
    v.extend(view_of(l, "tb"));
    v.push(serde_json::to_string(&l.stats(&StatsQuery::default())).unwrap());
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// tenant B's activity changes nothing tenant A sees or counts,
    /// and no answer of A's own operations.
    #[test]
    fn tenants_never_see_or_count_each_other(config in config(), ops in prop::collection::vec(op(), 0..40)) {
        let mut mixed = RevealLedger::new(config.clone());
        let mut alone = RevealLedger::new(config.clone());
        for op in &ops {
            let a = apply(&mut mixed, op);
            if op.tenant() == 0 {
                let b = apply(&mut alone, op);
                prop_assert_eq!(a, b, "outcome of {:?}", op);
            }
        }
        prop_assert_eq!(view_of(&mixed, "ta"), view_of(&alone, "ta"));
        let only_a: Vec<Event> = mixed.events().into_iter().filter(|e| e.tenant() == "ta").collect();
        prop_assert_eq!(only_a, alone.events());
    }

    /// staff and admins always see, whatever the state.
    #[test]
    fn staff_and_admins_always_see(config in config(), ops in prop::collection::vec(op(), 0..30), s in 0usize..4, c in 0usize..5, t in 0usize..3) {
        let l = build(&config, &ops);
        let tenant = ["ta", "tb", "tz"][t];
        for role in [Role::Staff, Role::Admin] {
            prop_assert!(l.can_see(tenant, "anyone", role, USERS[s], &contexts()[c], instant(9_999)).visible);
            if let (Some(v), Some(sub), Some(sc)) = (l.principal(tenant, "u0"), l.principal(tenant, USERS[s]), l.scope(tenant, &contexts()[c])) {
                prop_assert!(l.can_see_ids(v, role, sub, sc, instant(0)));
            }
        }
    }

    /// R-3.3b: without a logged reveal by that requester of that
    /// contact, a requester never sees a contact who is not themself
    /// (impersonated reveals are never logged).
    #[test]
    fn a_requester_never_sees_an_unrevealed_contact(ops in prop::collection::vec(op(), 0..40)) {
        let l = build(&Config::default(), &ops);
        let events = l.events();
        for t in TENANTS {
            for v in USERS {
                for s in USERS {
                    let revealed = events.iter().any(|e| matches!(e,
                        Event::Revealed { tenant, viewer, subject, .. } if tenant == t && viewer == v && subject == s));
                    for c in contexts() {
                        let vis = l.can_see(t, v, Role::Requester, s, &c, instant(0));
                        prop_assert_eq!(vis.visible, v == s || revealed, "{} {} {} {:?}", t, v, s, vis);
                    }
                }
            }
        }
    }

    /// The state is the fold of its events: replaying them, in any order,
    /// gives an equal ledger with the same answers.
    #[test]
    fn replaying_the_events_gives_the_same_state(config in config(), ops in prop::collection::vec(op(), 0..40), seed in any::<u64>()) {
        let l = build(&config, &ops);
        let mut events = l.events();
        // A deterministic shuffle (and a duplicate) of the log.
        let n = events.len();
        for i in (1..n).rev() {
            let j = (seed.wrapping_mul(i as u64 + 1).rotate_left(17) % (i as u64 + 1)) as usize;
            events.swap(i, j);
        }
        if let Some(e) = events.first().cloned() {
            events.push(e);
        }
        let (replayed, report) = RevealLedger::from_events(config.clone(), events);
        prop_assert!(report.rejected.is_empty(), "{:?}", report.rejected);
        prop_assert!(replayed == l);
        prop_assert_eq!(full_view(&replayed), full_view(&l));
    }

    /// Merging is commutative, associative and idempotent, and equals the
    /// fold of the union.
    #[test]
    fn merge_laws(config in config(), ops in prop::collection::vec((op(), 0usize..3), 0..40)) {
        let part = |k: usize| -> Vec<Op> { ops.iter().filter(|(_, p)| *p == k).map(|(o, _)| o.clone()).collect() };
        let (a, b, c) = (build(&config, &part(0)), build(&config, &part(1)), build(&config, &part(2)));
        let merged = |x: &RevealLedger, y: &RevealLedger| { let mut m = x.clone(); m.merge(y); m };
        let ab = merged(&a, &b);
        let ba = merged(&b, &a);
        prop_assert!(ab == ba);
        prop_assert_eq!(full_view(&ab), full_view(&ba));
        prop_assert!(merged(&a, &a) == a);
        prop_assert!(merged(&ab, &b) == ab);
        let ab_c = merged(&ab, &c);
        let a_bc = merged(&a, &merged(&b, &c));
        prop_assert!(ab_c == a_bc);
        prop_assert_eq!(full_view(&ab_c), full_view(&a_bc));
        let mut union = a.events();
        union.extend(b.events());
        union.extend(c.events());
        let (folded, _) = RevealLedger::from_events(config.clone(), union);
        prop_assert!(folded == ab_c);
    }

    /// replaying requests (same key, possibly restamped, possibly
    /// after other events) never counts twice: the ledger equals the one
    /// that saw each key once.
    #[test]
    fn retrying_never_counts_twice(config in config(), ops in prop::collection::vec(op(), 1..40), retries in prop::collection::vec((0usize..40, 0i64..600), 0..20)) {
        let once = build(&config, &ops);
        let mut with_retries = RevealLedger::new(config.clone());
        let mut applied = Vec::new();
        let mut r = retries.into_iter().peekable();
        for (i, op) in ops.iter().enumerate() {
            // Only requests the ledger accepted are retried (a refused one was never made).
            let out = apply(&mut with_retries, op);
            applied.push((op.clone(), !out.starts_with("error")));
            while let Some(&(which, shift)) = r.peek() {
                if which > i { break; }
                r.next();
                let (mut again, accepted) = applied[which.min(applied.len() - 1)].clone();
                if !accepted {
                    continue;
                }
                if let Op::Reveal { at, .. } | Op::Enrich { at, .. } = &mut again {
                    *at += shift;
                    apply(&mut with_retries, &again);
                }
            }
        }
        let q = StatsQuery::default();
        prop_assert_eq!(with_retries.stats(&q), once.stats(&q));
        prop_assert_eq!(with_retries.events().len(), once.events().len());
        for t in TENANTS {
            prop_assert_eq!(with_retries.consumption(t, instant(10_000)), once.consumption(t, instant(10_000)));
        }
    }
}
