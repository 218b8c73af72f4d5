//! R-6.1: conditions' JSON round trip, error messages and paths, evaluation edges.

use filrouge::condition::{Condition, Error};
use serde_json::{Value, json};

fn eval(c: Value, record: Value) -> Result<bool, Error> {
    Condition::parse(&c)?.evaluate(record.as_object().unwrap())
}

#[test]
fn r_6_1_json_round_trip() {
    let c = json!({"all": [
        {"field": "naf", "op": "starts_with", "value": "62"},
        {"any": [{"field": "headcount", "op": "between", "value": [10, 49.5]},
                 {"not": {"field": "email", "op": "exists"}}]},
        {"field": "created_on", "op": "in", "value": ["2015-03-12", "2016-01-01"]}
    ]});
    let parsed: Condition = serde_json::from_value(c.clone()).unwrap();
    assert_eq!(serde_json::to_value(&parsed).unwrap(), c);
    assert_eq!(parsed.fields(), vec!["naf", "headcount", "email", "created_on"]);
    assert_eq!(
        parsed.to_string(),
        r#"all(naf starts_with "62", any(headcount between 10 and 49.5, not(email exists)), created_on in ["2015-03-12","2016-01-01"])"#
    );
}

#[test]
fn r_6_1_error_messages_name_the_path_and_value() {
    let e = Condition::parse(&json!({"any": [{"field": "x", "op": "between", "value": [9, 1]}]})).unwrap_err();
    assert_eq!(e.to_string(), "$.any[0].value: between bounds are reversed: 9 > 1");
    assert_eq!((e.code(), e.rule(), e.path()), ("between_reversed", "R-6.1", "$.any[0].value"));
    let e = eval(json!({"field": "headcount", "op": "gt", "value": "10"}), json!({"headcount": 12})).unwrap_err();
    assert_eq!(e.to_string(), "$: field \"headcount\" holds a number, which cannot be compared with text by gt");
    let e = serde_json::from_value::<Condition>(json!({"field": "x", "op": "like", "value": 1})).unwrap_err();
    assert!(e.to_string().starts_with("unknown_operator: $.op: unknown operator \"like\""), "{e}");
    let e = Condition::parse(&json!({"field": "x", "op": "like", "value": 1})).unwrap_err();
    assert_eq!(e.within("$.mandatory[2]").path(), "$.mandatory[2].op");
}

#[test]
fn r_6_1_every_malformed_shape_is_a_typed_error() {
    let cases = [
        (json!(42), "invalid_condition", "$"),
        (json!({}), "invalid_condition", "$"),
        (json!({"all": {"field": "x", "op": "exists"}}), "invalid_condition", "$.all"),
        (json!({"all": [], "any": []}), "invalid_condition", "$"),
        (json!({"op": "eq", "value": 1}), "missing_key", "$"),
        (json!({"field": "x", "value": 1}), "missing_key", "$"),
        (json!({"field": "", "op": "exists"}), "invalid_field", "$.field"),
        (json!({"field": 3, "op": "exists"}), "invalid_field", "$.field"),
        (json!({"field": "x", "op": 3, "value": 1}), "unknown_operator", "$.op"),
        (json!({"field": "x", "op": "eq", "value": null}), "invalid_value", "$.value"),
        (json!({"field": "x", "op": "eq", "value": {"a": 1}}), "invalid_value", "$.value"),
        (json!({"field": "x", "op": "eq", "value": [1]}), "invalid_value", "$.value"),
        (json!({"field": "x", "op": "gt", "value": true}), "invalid_value", "$.value"),
        (json!({"field": "x", "op": "starts_with", "value": 6}), "invalid_value", "$.value"),
        (json!({"field": "x", "op": "in", "value": [[1]]}), "invalid_value", "$.value[0]"),
        (json!({"field": "x", "op": "between", "value": 3}), "between_not_a_pair", "$.value"),
        (json!({"field": "x", "op": "between", "value": [1, "z"]}), "mixed_list", "$.value[1]"),
        (json!({"field": "x", "op": "between", "value": [true, false]}), "invalid_value", "$.value"),
        (json!({"not": {"not": {"field": "x", "op": "eq", "value": "2026-13-01"}}}), "invalid_date", "$.not.not.value"),
    ];
    for (c, code, path) in cases {
        let e = Condition::parse(&c).unwrap_err();
        assert_eq!((e.code(), e.path()), (code, path), "{c}: {e}");
    }
}

#[test]
fn r_6_1_nesting_deeper_than_the_limit_is_refused_not_a_stack_overflow() {
    let mut c = json!({"field": "x", "op": "exists"});
    for _ in 0..500 {
        c = json!({ "not": c });
    }
    assert_eq!(Condition::parse(&c).unwrap_err().code(), "too_deep");
    let mut ok = json!({"field": "x", "op": "exists"});
    for _ in 0..filrouge::condition::MAX_DEPTH {
        ok = json!({ "not": ok });
    }
    assert_eq!(Condition::parse(&ok).unwrap().evaluate(json!({"x": 1}).as_object().unwrap()), Ok(true));
}

#[test]
fn r_6_1_documented_edges() {
    // A text value compares as text even when the field looks like a date.
    assert_eq!(eval(json!({"field": "d", "op": "lt", "value": "2026-x"}), json!({"d": "2025-01-01"})), Ok(true));
    // A date value needs a date in the field.
    assert_eq!(eval(json!({"field": "d", "op": "lt", "value": "2026-01-01"}), json!({"d": "2025-01-01"})), Ok(true));
    assert_eq!(
        eval(json!({"field": "d", "op": "lt", "value": "2026-01-01"}), json!({"d": "2025-1-1"})).unwrap_err().code(),
        "type_mismatch"
    );
    // A list mixing dates and other text is a list of text.
    assert_eq!(eval(json!({"field": "d", "op": "in", "value": ["2025-01-01", "n/a"]}), json!({"d": "n/a"})), Ok(true));
    // contains on a list: every item must be comparable; null items are skipped.
    assert_eq!(eval(json!({"field": "t", "op": "contains", "value": "a"}), json!({"t": [null, "a"]})), Ok(true));
    assert_eq!(
        eval(json!({"field": "t", "op": "contains", "value": "a"}), json!({"t": ["a", 1]})).unwrap_err().code(),
        "type_mismatch"
    );
    // An empty list field exists and contains nothing.
    assert_eq!(eval(json!({"field": "t", "op": "exists"}), json!({"t": []})), Ok(true));
    assert_eq!(eval(json!({"field": "t", "op": "contains", "value": 1}), json!({"t": []})), Ok(false));
    // Empty all is true, empty any is false.
    assert_eq!(eval(json!({"all": []}), json!({})), Ok(true));
    assert_eq!(eval(json!({"any": []}), json!({})), Ok(false));
    // Integers and floats are one number type.
    assert_eq!(eval(json!({"field": "n", "op": "in", "value": [1.0, 2]}), json!({"n": 1})), Ok(true));
    // Text orders by Unicode scalar values.
    assert_eq!(eval(json!({"field": "s", "op": "gt", "value": "Z"}), json!({"s": "é"})), Ok(true));
}
