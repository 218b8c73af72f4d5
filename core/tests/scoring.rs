//! Routines and scoring (R-5.1, R-5.2, R-5.6): routine errors with paths,
//! JSON round trip, typed columns and JSON objects giving one result.

use filrouge::scoring::{Companies, Routine, score, score_table};
use serde_json::{Map, Value, json};

fn routine() -> Routine {
    serde_json::from_value(json!({
        "id": "r", "title": "IT", "users": ["u"], "notify_at": 70,
        "mandatory": [{"field": "naf", "op": "starts_with", "value": "62"}],
        "weighted": [
            {"weight": "important", "condition": {"field": "headcount", "op": "ge", "value": 10}},
            {"weight": "notable", "label": "exports", "condition": {"field": "tags", "op": "contains", "value": "export"}},
            {"weight": "interesting", "condition": {"field": "created_on", "op": "lt", "value": "2015-01-01"}},
            {"weight": "interesting", "condition": {"field": "listed", "op": "eq", "value": true}}
        ]
    }))
    .unwrap()
}

#[test]
fn r_5_1_routine_json_round_trip_and_error_paths() {
    let r = routine();
    let back: Routine = serde_json::from_value(serde_json::to_value(&r).unwrap()).unwrap();
    assert_eq!(back, r);
    assert_eq!(r.weighted()[1].describe(), "exports");
    assert_eq!(r.weighted()[0].describe(), "headcount ge 10");

    let bad = json!({"id": "r", "title": "t", "weighted": [{"weight": "notable", "condition": {"field": "x", "op": "in", "value": 3}}]});
    let e = Routine::parse(&bad).unwrap_err();
    assert_eq!((e.code(), e.rule()), ("not_a_list", "R-6.1"));
    assert_eq!(e.to_string(), "$.weighted[0].condition.value: operator in needs a list of values");
    let e = Routine::parse(&json!({"id": "", "title": "t"})).unwrap_err();
    assert_eq!(e.code(), "empty_id");
    let e =
        Routine::parse(&json!({"id": "r", "title": "t", "weighted": [{"weight": "huge", "condition": {"all": []}}]}))
            .unwrap_err();
    assert_eq!(e.code(), "invalid_routine");
    let many: Vec<Value> = (0..65).map(|_| json!({"weight": "notable", "condition": {"all": []}})).collect();
    let e = Routine::parse(&json!({"id": "r", "title": "t", "weighted": many})).unwrap_err();
    assert_eq!(e.code(), "too_many_criteria");
}

#[test]
fn r_5_6_typed_columns_score_like_json_objects() {
    let companies: Vec<Map<String, Value>> = serde_json::from_value(json!([
        {"id": "a", "naf": "62.01Z", "headcount": 12, "tags": ["export"], "created_on": "2010-02-03", "listed": true},
        {"id": "b", "naf": "62.02A", "headcount": 3, "tags": [], "created_on": "2020-01-01"},
        {"id": "c", "naf": "47.11F", "headcount": 50, "tags": ["bio", "export"], "created_on": "2001-01-01", "listed": false},
        {"id": "d", "naf": "62.09Z", "tags": ["export"], "created_on": "not a date"}
    ]))
    .unwrap();
    let mut t = Companies::with_ids(["a", "b", "c", "d"]);
    t.add_text_column("naf", ["62.01Z", "62.02A", "47.11F", "62.09Z"].map(Some)).unwrap();
    t.add_number_column("headcount", [Some(12.0), Some(3.0), Some(50.0), None]).unwrap();
    t.add_text_list_column(
        "tags",
        [Some(vec!["export"]), Some(vec![]), Some(vec!["bio", "export"]), Some(vec!["export"])],
    )
    .unwrap();
    t.add_text_column("created_on", [Some("2010-02-03"), Some("2020-01-01"), Some("2001-01-01"), Some("not a date")])
        .unwrap();
    t.add_bool_column("listed", [Some(true), None, Some(false), None]).unwrap();
    assert_eq!(t.add_number_column("naf", [None]).unwrap_err().code(), "duplicate_column");
    assert_eq!(t.add_number_column("short", [None]).unwrap_err().code(), "column_length");
    assert_eq!(t.fields(), ["naf", "headcount", "tags", "created_on", "listed"]);

    let r = routine();
    let typed = score_table(&r, &t).to_scoring(&r, &t);
    let from_json = score(&r, &companies);
    assert_eq!(typed, from_json);
    let ranked: Vec<(&str, u8)> = typed.ranking.iter().map(|x| (x.company_id.as_str(), x.score)).collect();
    assert_eq!(ranked, [("a", 100), ("b", 40)]);
    assert_eq!(typed.excluded, ["c"]);
    // "not a date" against a date value: d is refused, with the criterion's path.
    assert_eq!(typed.rejected.len(), 1);
    assert_eq!(typed.rejected[0].id, "d");
    assert_eq!(
        typed.rejected[0].message,
        "$.weighted[2].condition: field \"created_on\" holds text, which cannot be compared with a date by lt"
    );
}

#[test]
fn r_5_1_a_table_checks_ids_again_after_new_rows() {
    let r = routine();
    let mut t = Companies::new();
    t.push(json!({"id": "a", "naf": "62"}).as_object().unwrap());
    assert_eq!(t.check_ids(), 0);
    t.push(json!({"id": "a", "naf": "63"}).as_object().unwrap());
    let s = score_table(&r, &t);
    assert_eq!((s.ranking.len(), s.rejected.len(), s.rejected[0].code.as_str()), (0, 1, "duplicate_id"));
}
