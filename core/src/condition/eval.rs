//! What a comparison says about one field value, defined once for
//! every evaluator: [`Condition::evaluate`] over a JSON record, and the
//! column-by-column evaluator of the scoring module.

use super::model::{Leaf, Node, Op, Operand, Scalar, parse_date};
use super::{Condition, Error};
use serde_json::{Map, Value};
use std::cmp::Ordering;

/// The result of one comparison on one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Outcome {
    False = 0,
    True = 1,
    /// The field and the value are of different types.
    Mismatch = 2,
}

impl Outcome {
    fn of(b: bool) -> Outcome {
        if b { Outcome::True } else { Outcome::False }
    }
}

/// A record's field value, as the comparisons see it. `null` is [`Cell::Missing`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Cell<'a> {
    Missing,
    Number(f64),
    Text(&'a str),
    Bool(bool),
    /// A list or an object inside a list, or an object: comparable with nothing.
    Other,
}

impl Cell<'_> {
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Cell::Missing => "nothing",
            Cell::Number(_) => "a number",
            Cell::Text(_) => "text",
            Cell::Bool(_) => "a boolean",
            Cell::Other => "an object or nested list",
        }
    }
}

/// The cell of a JSON value (lists are handled apart).
pub(crate) fn cell_of(v: &Value) -> Cell<'_> {
    match v {
        Value::Null => Cell::Missing,
        Value::Bool(b) => Cell::Bool(*b),
        Value::Number(n) => n.as_f64().map_or(Cell::Other, Cell::Number),
        Value::String(s) => Cell::Text(s),
        Value::Array(_) | Value::Object(_) => Cell::Other,
    }
}

/// `cell == value`, or `None` when they cannot be compared.
fn equals(value: &Scalar, cell: Cell<'_>) -> Option<bool> {
    match (value, cell) {
        (Scalar::Number(a), Cell::Number(b)) => Some(*a == b),
        (Scalar::Text(a), Cell::Text(b)) => Some(a == b),
        (Scalar::Bool(a), Cell::Bool(b)) => Some(*a == b),
        (Scalar::Date(a), Cell::Text(b)) => parse_date(b).map(|d| d == *a),
        _ => None,
    }
}

/// The order of `cell` relative to `value`, or `None` when they cannot be compared.
fn order(value: &Scalar, cell: Cell<'_>) -> Option<Ordering> {
    match (value, cell) {
        (Scalar::Number(a), Cell::Number(b)) => b.partial_cmp(a),
        (Scalar::Text(a), Cell::Text(b)) => Some(b.cmp(a.as_str())),
        (Scalar::Date(a), Cell::Text(b)) => parse_date(b).map(|d| d.cmp(a)),
        (Scalar::Bool(a), Cell::Bool(b)) => Some(b.cmp(a)),
        _ => None,
    }
}

fn mismatch_or(r: Option<bool>) -> Outcome {
    r.map_or(Outcome::Mismatch, Outcome::of)
}

/// The outcome of a comparison on a single (non-list) value.
pub(crate) fn scalar_outcome(op: Op, operand: &Operand, cell: Cell<'_>) -> Outcome {
    if cell == Cell::Missing {
        return Outcome::False;
    }
    match (op, operand) {
        (Op::Exists, _) => Outcome::True,
        (Op::Eq, Operand::One(v)) => mismatch_or(equals(v, cell)),
        (Op::Ne, Operand::One(v)) => mismatch_or(equals(v, cell).map(|e| !e)),
        (Op::Gt, Operand::One(v)) => mismatch_or(order(v, cell).map(|o| o == Ordering::Greater)),
        (Op::Ge, Operand::One(v)) => mismatch_or(order(v, cell).map(|o| o != Ordering::Less)),
        (Op::Lt, Operand::One(v)) => mismatch_or(order(v, cell).map(|o| o == Ordering::Less)),
        (Op::Le, Operand::One(v)) => mismatch_or(order(v, cell).map(|o| o != Ordering::Greater)),
        (Op::Between, Operand::Range(low, high)) => match (order(low, cell), order(high, cell)) {
            (Some(a), Some(b)) => Outcome::of(a != Ordering::Less && b != Ordering::Greater),
            _ => Outcome::Mismatch,
        },
        (Op::In | Op::NotIn, Operand::List(items)) => {
            let mut found = false;
            for item in items {
                match equals(item, cell) {
                    Some(e) => found |= e,
                    None => return Outcome::Mismatch,
                }
            }
            Outcome::of(found == (op == Op::In))
        }
        (Op::Contains, Operand::One(Scalar::Text(v))) => match cell {
            Cell::Text(t) => Outcome::of(t.contains(v.as_str())),
            _ => Outcome::Mismatch,
        },
        (Op::StartsWith, Operand::One(Scalar::Text(v))) => match cell {
            Cell::Text(t) => Outcome::of(t.starts_with(v.as_str())),
            _ => Outcome::Mismatch,
        },
        _ => Outcome::Mismatch,
    }
}

/// The outcome of a comparison on a list field: `exists` is true,
/// `contains` is membership (every item must be comparable with the value;
/// `null` items are skipped), every other operator is a type mismatch.
pub(crate) fn list_outcome<'a>(op: Op, operand: &Operand, items: impl Iterator<Item = Cell<'a>>) -> Outcome {
    match (op, operand) {
        (Op::Exists, _) => Outcome::True,
        (Op::Contains, Operand::One(v)) => {
            let mut found = false;
            for item in items {
                if item == Cell::Missing {
                    continue;
                }
                match equals(v, item) {
                    Some(e) => found |= e,
                    None => return Outcome::Mismatch,
                }
            }
            Outcome::of(found)
        }
        _ => Outcome::Mismatch,
    }
}

/// What a comparison expects, for messages.
pub(crate) fn expected_name(leaf: &Leaf) -> &'static str {
    match (&leaf.operand, leaf.op) {
        (_, Op::Contains) => "a list or text",
        (Operand::One(s), _) | (Operand::Range(s, _), _) => s.type_name(),
        (Operand::List(items), _) => items.first().map_or("a value", Scalar::type_name),
        (Operand::None, _) => "anything",
    }
}

pub(crate) fn mismatch(leaf: &Leaf, found: &'static str) -> Error {
    Error::TypeMismatch {
        path: leaf.path.clone(),
        field: leaf.field.clone(),
        op: leaf.op.as_str(),
        expected: expected_name(leaf),
        found,
    }
}

fn leaf_on_record(leaf: &Leaf, record: &Map<String, Value>) -> Result<bool, Error> {
    let (outcome, found) = match record.get(&leaf.field) {
        None => (Outcome::False, "nothing"),
        Some(Value::Array(items)) => (list_outcome(leaf.op, &leaf.operand, items.iter().map(cell_of)), "a list"),
        Some(v) => {
            let cell = cell_of(v);
            (scalar_outcome(leaf.op, &leaf.operand, cell), cell.type_name())
        }
    };
    match outcome {
        Outcome::True => Ok(true),
        Outcome::False => Ok(false),
        Outcome::Mismatch => Err(mismatch(leaf, found)),
    }
}

/// Every child is evaluated (no short cut), so a type mismatch anywhere in
/// the condition is reported whatever the other children say; the first in
/// document order is returned.
fn node_on_record(node: &Node, record: &Map<String, Value>) -> Result<bool, Error> {
    match node {
        Node::Leaf(l) => leaf_on_record(l, record),
        Node::All(xs) => {
            let mut all = true;
            for x in xs {
                all &= node_on_record(x, record)?;
            }
            Ok(all)
        }
        Node::Any(xs) => {
            let mut any = false;
            for x in xs {
                any |= node_on_record(x, record)?;
            }
            Ok(any)
        }
        Node::Not(x) => node_on_record(x, record).map(|b| !b),
    }
}

impl Condition {
    /// Evaluates the condition against a record, a flat JSON object.
    ///
    /// A missing (or `null`) field makes every comparison false, `exists`
    /// included, so `not` of it is true. A field whose type the value
    /// cannot be compared with is the error `type_mismatch`, never a silent
    /// `false`.
    pub fn evaluate(&self, record: &Map<String, Value>) -> Result<bool, Error> {
        node_on_record(&self.node, record)
    }
}
