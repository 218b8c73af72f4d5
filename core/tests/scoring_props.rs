//! Laws of routines and scoring (R-5.1, R-5.3, R-6.1): order independence,
//! score bounds, rescoring a run against itself, crossings reported once,
//! and the column-by-column evaluator agreeing with `Condition::evaluate`.

use filrouge::condition::Condition;
use filrouge::scoring::{Previous, Routine, Scoring, changes, rescore, score};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

fn odd_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!(12)),
        Just(json!(12.5)),
        Just(json!("2015-3-12")),
        Just(json!("")),
        any::<bool>().prop_map(|b| json!(b)),
        Just(Value::Null),
        Just(json!(["export", 3])),
        Just(json!({"nested": 1})),
    ]
}

/// A field's value: mostly of the field's own type (so that the typed fast
/// paths of the columnar evaluator run), sometimes anything.
fn field_value(field: usize) -> BoxedStrategy<Value> {
    let typical: BoxedStrategy<Value> = match field {
        0 => prop::sample::select(vec!["62.01Z", "62.02A", "47.11F", "62", "S"]).prop_map(|s| json!(s)).boxed(),
        1 => prop::sample::select(vec![0.0, 10.0, 12.0, 49.5, 50.0, 250.0]).prop_map(|n| json!(n)).boxed(),
        2 => prop::collection::vec(prop::sample::select(vec!["export", "bio", "sage", "62"]), 0..3)
            .prop_map(|v| json!(v))
            .boxed(),
        3 => prop::sample::select(vec!["2015-03-12", "1998-06-01", "2010-01-01", "2024-02-29"])
            .prop_map(|s| json!(s))
            .boxed(),
        _ => any::<bool>().prop_map(|b| json!(b)).boxed(),
    };
    prop_oneof![6 => typical, 1 => odd_value()].boxed()
}

const FIELDS: [&str; 5] = ["naf", "headcount", "tags", "created_on", "flag"];

fn company(ids: u8) -> impl Strategy<Value = Map<String, Value>> {
    let values: Vec<_> = (0..FIELDS.len()).map(|f| prop::option::weighted(0.85, field_value(f))).collect();
    (0..ids, values).prop_map(|(id, values)| {
        let mut m = Map::new();
        m.insert("id".into(), json!(format!("c{id}")));
        for (f, v) in FIELDS.iter().zip(values) {
            if let Some(v) = v {
                m.insert((*f).into(), v);
            }
        }
        m
    })
}

fn operand() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(vec![0.0, 10.0, 12.0, 49.5, 50.0, 250.0]).prop_map(|n| json!(n)),
        prop::sample::select(vec!["62", "62.01Z", "75", "export", "2010-01-01", "2015-03-12", "S"])
            .prop_map(|s| json!(s)),
        any::<bool>().prop_map(|b| json!(b)),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    let ops = vec!["eq", "ne", "gt", "ge", "lt", "le", "in", "not_in", "contains", "starts_with", "between", "exists"];
    let fields = vec!["naf", "headcount", "tags", "created_on", "flag", "absent", "id"];
    (prop::sample::select(fields), prop::sample::select(ops), operand(), operand(), 0u8..6, 0u8..6).prop_map(
        |(field, op, a, b, lo, hi)| match op {
            "exists" => json!({"field": field, "op": op}),
            "in" | "not_in" => json!({"field": field, "op": op, "value": [a, b]}),
            "between" => {
                let b = [0.0, 10.0, 12.0, 49.5, 50.0, 250.0];
                json!({"field": field, "op": op, "value": [b[lo.min(hi) as usize], b[lo.max(hi) as usize]]})
            }
            _ => json!({"field": field, "op": op, "value": a}),
        },
    )
}

fn condition() -> impl Strategy<Value = Condition> {
    leaf()
        .prop_recursive(3, 12, 3, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..3).prop_map(|xs| json!({ "all": xs })),
                prop::collection::vec(inner.clone(), 0..3).prop_map(|xs| json!({ "any": xs })),
                inner.prop_map(|x| json!({ "not": x })),
            ]
        })
        .prop_filter_map("a valid condition", |v| Condition::parse(&v).ok())
}

fn routine() -> impl Strategy<Value = Routine> {
    (
        prop::collection::vec(condition(), 0..3),
        prop::collection::vec((prop::sample::select(vec!["important", "notable", "interesting"]), condition()), 0..6),
        prop::option::of(40u8..=100),
    )
        .prop_map(|(mandatory, weighted, notify_at)| {
            let weighted: Vec<Value> =
                weighted.into_iter().map(|(w, c)| json!({"weight": w, "condition": c})).collect();
            let mut r = json!({"id": "r", "title": "t", "users": ["u"], "mandatory": mandatory, "weighted": weighted});
            if let Some(n) = notify_at {
                r["notify_at"] = json!(n);
            }
            Routine::parse(&r).unwrap()
        })
}

fn previous_of(s: &Scoring) -> Vec<Previous> {
    s.ranking.iter().map(|r| Previous { company_id: r.company_id.clone(), score: r.score }).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn r_5_1_input_order_never_changes_a_scoring(
        routine in routine(), companies in prop::collection::vec(company(12), 0..25), seed in any::<u64>()
    ) {
        let mut shuffled = companies.clone();
        // A deterministic shuffle from the seed.
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        prop_assert_eq!(score(&routine, &companies), score(&routine, &shuffled));
    }

    #[test]
    fn r_5_1_scores_stay_within_40_and_100_and_rank_best_first(
        routine in routine(), companies in prop::collection::vec(company(30), 0..25)
    ) {
        let s = score(&routine, &companies);
        for r in &s.ranking {
            prop_assert!((40..=100).contains(&r.score));
            prop_assert_eq!(u32::from(r.score), r.raw.min(100));
        }
        for w in s.ranking.windows(2) {
            prop_assert!((w[0].score, &w[1].company_id) >= (w[1].score, &w[0].company_id), "{:?}", w);
        }
        // Every company is in exactly one of ranking, excluded, rejected (by id).
        let mut ids: Vec<&str> = s.ranking.iter().map(|r| r.company_id.as_str()).chain(s.excluded.iter().map(String::as_str)).collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        prop_assert_eq!(before, ids.len());
        for r in &s.rejected {
            prop_assert!(!ids.contains(&r.id.as_str()));
        }
    }

    #[test]
    fn r_5_3_rescoring_a_run_against_itself_reports_nothing(
        routine in routine(), companies in prop::collection::vec(company(30), 0..25)
    ) {
        let first = score(&routine, &companies);
        let again = rescore(&routine, &previous_of(&first), &companies);
        prop_assert!(again.changes.entered.is_empty());
        prop_assert!(again.changes.left.is_empty());
        prop_assert!(again.changes.changed.is_empty());
        prop_assert!(again.changes.crossed.is_empty());
    }

    #[test]
    fn r_5_3_a_crossing_is_reported_once(
        routine in routine(), yesterday in prop::collection::vec(company(15), 0..20), today in prop::collection::vec(company(15), 0..20)
    ) {
        let first = score(&routine, &yesterday);
        let second = rescore(&routine, &previous_of(&first), &today);
        let third = changes(&routine, &previous_of(&second.scoring), &second.scoring);
        prop_assert!(third.crossed.is_empty());
        if let Some(at) = routine.notify_at() {
            for r in &second.scoring.ranking {
                let before = first.ranking.iter().find(|p| p.company_id == r.company_id).map(|p| p.score);
                let crossed = r.score >= at && before.is_none_or(|b| b < at);
                prop_assert_eq!(second.changes.crossed.contains(&r.company_id), crossed);
            }
        } else {
            prop_assert!(second.changes.crossed.is_empty());
        }
    }

    #[test]
    fn r_6_1_column_evaluation_agrees_with_condition_evaluate(
        c in condition(), records in prop::collection::vec(company(1), 1..20)
    ) {
        // Unique ids, so that every record is scored on its own.
        let records: Vec<Map<String, Value>> = records.into_iter().enumerate().map(|(i, mut m)| {
            m.insert("id".into(), json!(format!("c{i:02}")));
            m
        }).collect();
        let as_mandatory = Routine::parse(&json!({"id": "r", "title": "t", "mandatory": [c]})).unwrap();
        let as_weighted = Routine::parse(&json!({"id": "r", "title": "t", "weighted": [{"weight": "important", "condition": c}]})).unwrap();
        let m = score(&as_mandatory, &records);
        let w = score(&as_weighted, &records);
        for rec in &records {
            let id = rec["id"].as_str().unwrap();
            let in_ranking = m.ranking.iter().any(|r| r.company_id == id);
            let excluded = m.excluded.iter().any(|x| x == id);
            let rejected = m.rejected.iter().find(|r| r.id == id);
            let weighted = w.ranking.iter().find(|r| r.company_id == id).map(|r| r.score);
            match c.evaluate(rec) {
                Ok(true) => prop_assert!(in_ranking && weighted == Some(70), "{} on {:?}", c, rec),
                Ok(false) => prop_assert!(excluded && weighted == Some(40), "{} on {:?}", c, rec),
                Err(e) => {
                    prop_assert_eq!(rejected.map(|r| r.code.as_str()), Some("type_mismatch"), "{} on {:?}", c, rec);
                    prop_assert!(weighted.is_none());
                    let expected_path = e.within("$.mandatory[0]").to_string();
                    prop_assert_eq!(&rejected.unwrap().message, &expected_path);
                }
            }
        }
    }
}

mod tags {
    use filrouge::scoring::{Directory, Routine, Tag, Tags};
    use proptest::prelude::*;
    use serde_json::json;

    #[derive(Debug, Clone)]
    enum Step {
        Set(u8, u8, Option<Tag>),
        Followup(u8, u8),
        Default(u8, u8),
    }

    fn tag() -> impl Strategy<Value = Option<Tag>> {
        prop::option::of(prop::sample::select(vec![Tag::Suspect, Tag::Prospect, Tag::Client, Tag::OutOfTarget]))
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (0u8..3, 0u8..2, tag()).prop_map(|(c, r, t)| Step::Set(c, r, t)),
            (0u8..2, 0u8..3).prop_map(|(u, c)| Step::Followup(u, c)),
            (0u8..2, 0u8..2).prop_map(|(u, r)| Step::Default(u, r)),
        ]
    }

    proptest! {
        #[test]
        fn r_5_4_a_followup_only_promotes_and_only_in_the_default_routine(steps in prop::collection::vec(step(), 0..40)) {
            let mut dir = Directory::default();
            for r in ["r0", "r1"] {
                let routine = Routine::parse(&json!({"id": r, "title": r, "users": ["u0", "u1"]})).unwrap();
                dir.define_routine(&routine);
            }
            let mut tags = Tags::default();
            for s in steps {
                match s {
                    Step::Set(c, r, t) => {
                        let before = tags.tag_of(&format!("c{c}"), &format!("r{r}"));
                        let after = tags.set_tag(&format!("c{c}"), &format!("r{r}"), t).unwrap();
                        prop_assert_eq!(after.tag, t);
                        let left_client = before.tag == Some(Tag::Client) && t != Some(Tag::Client);
                        prop_assert_eq!(after.ex_client, if t == Some(Tag::Client) { false } else { before.ex_client || left_client });
                    }
                    Step::Default(u, r) => {
                        dir.set_default_routine(&format!("u{u}"), &format!("r{r}")).unwrap();
                    }
                    Step::Followup(u, c) => {
                        let user = format!("u{u}");
                        let company = format!("c{c}");
                        let all_before: Vec<_> = ["r0", "r1"].iter().map(|r| tags.tag_of(&company, r)).collect();
                        let done = tags.followup_put(&dir, &user, &company).unwrap();
                        prop_assert_eq!(done.routine_id.as_deref(), dir.default_routine(&user));
                        for (i, r) in ["r0", "r1"].iter().enumerate() {
                            let now = tags.tag_of(&company, r);
                            if Some(*r) == dir.default_routine(&user) {
                                let expected = match all_before[i].tag {
                                    None | Some(Tag::Suspect) => Some(Tag::Prospect),
                                    kept => kept,
                                };
                                prop_assert_eq!(now.tag, expected);
                                prop_assert_eq!(now.ex_client, all_before[i].ex_client);
                            } else {
                                prop_assert_eq!(now, all_before[i]);
                            }
                        }
                    }
                }
            }
        }
    }
}
