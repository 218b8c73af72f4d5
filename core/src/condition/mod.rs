//! Conditions (SPEC §6, R-6.1): a record's field compared with a value —
//! `eq`, `ne`, `gt`, `ge`, `lt`, `le`, `in`, `not_in`, `contains`,
//! `starts_with`, `between`, `exists` — combined with `all`, `any`, `not`.
//!
//! A [`Condition`] is validated once ([`Condition::parse`] or serde) into a
//! typed tree: operators are known, values typed (numbers, text, booleans,
//! `YYYY-MM-DD` dates), lists checked, `between` bounds ordered. Every
//! refusal is an [`Error`] with a stable `code()`, the rule `R-6.1` and the
//! JSON path of the offending part. Evaluation then only compares: a
//! missing field is `false` for every comparison (`not` of it is `true`),
//! comparing different types is the error `type_mismatch`.
//!
//! ```
//! use filrouge::condition::Condition;
//! use serde_json::json;
//!
//! let c: Condition = serde_json::from_value(json!(
//!     {"any": [{"field": "tags", "op": "contains", "value": "export"},
//!              {"not": {"field": "created_on", "op": "lt", "value": "2020-01-01"}}]}
//! )).unwrap();
//! let record = json!({"tags": ["bio"], "created_on": "2021-06-30"});
//! assert_eq!(c.evaluate(record.as_object().unwrap()), Ok(true));
//!
//! let wrong = json!({"tags": "export", "created_on": 2021});
//! let err = c.evaluate(wrong.as_object().unwrap()).unwrap_err();
//! assert_eq!((err.code(), err.path()), ("type_mismatch", "$.any[1].not"));
//!
//! let bad = Condition::parse(&json!({"all": [{"field": "x", "op": "between", "value": [9, 1]}]}));
//! assert_eq!(bad.unwrap_err().path(), "$.all[0].value");
//! ```

mod error;
mod eval;
mod model;

pub use error::Error;
pub use model::{Condition, MAX_DEPTH, Op, Scalar};
