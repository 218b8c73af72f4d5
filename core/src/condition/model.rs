//! The condition tree, its validation from JSON and its JSON form (R-6.1).

use super::Error;
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use std::fmt;

/// How deep `all`/`any`/`not` may nest: deeper is refused (`too_deep`), so
/// evaluation never runs out of stack whatever the host sends.
pub const MAX_DEPTH: usize = 64;

/// A comparison operator of R-6.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// Equal.
    Eq,
    /// Not equal (a missing field is still `false`).
    Ne,
    /// Greater than.
    Gt,
    /// Greater than or equal.
    Ge,
    /// Less than.
    Lt,
    /// Less than or equal.
    Le,
    /// Equal to one of a list.
    In,
    /// Equal to none of a list (a missing field is still `false`).
    NotIn,
    /// Membership in a list field, or a substring of a text field.
    Contains,
    /// A text field starting with the value.
    StartsWith,
    /// Between `[low, high]`, both inclusive.
    Between,
    /// The field is present (and not `null`).
    Exists,
}

impl Op {
    /// Every operator.
    pub const ALL: [Op; 12] = [
        Op::Eq,
        Op::Ne,
        Op::Gt,
        Op::Ge,
        Op::Lt,
        Op::Le,
        Op::In,
        Op::NotIn,
        Op::Contains,
        Op::StartsWith,
        Op::Between,
        Op::Exists,
    ];

    /// The operator's JSON name (`starts_with`).
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Eq => "eq",
            Op::Ne => "ne",
            Op::Gt => "gt",
            Op::Ge => "ge",
            Op::Lt => "lt",
            Op::Le => "le",
            Op::In => "in",
            Op::NotIn => "not_in",
            Op::Contains => "contains",
            Op::StartsWith => "starts_with",
            Op::Between => "between",
            Op::Exists => "exists",
        }
    }

    fn parse(s: &str) -> Option<Op> {
        Op::ALL.into_iter().find(|op| op.as_str() == s)
    }
}

/// A typed value of a condition: numbers compare as numbers, `YYYY-MM-DD`
/// text as dates, other text as text.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// A number (compared as an IEEE double, so `12` equals `12.0`).
    Number(f64),
    /// Text that is not a `YYYY-MM-DD` date.
    Text(String),
    /// A `YYYY-MM-DD` date.
    Date(NaiveDate),
    /// `true` or `false`.
    Bool(bool),
}

impl Scalar {
    /// The type's name in messages (`a number`, `text`, `a date`, `a boolean`).
    pub fn type_name(&self) -> &'static str {
        match self {
            Scalar::Number(_) => "a number",
            Scalar::Text(_) => "text",
            Scalar::Date(_) => "a date",
            Scalar::Bool(_) => "a boolean",
        }
    }

    fn same_type(&self, other: &Scalar) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

/// What a comparison compares the field with, once validated.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Operand {
    /// `exists`.
    None,
    /// `eq`, `ne`, `gt`, `ge`, `lt`, `le`, `contains`, `starts_with` (for the
    /// last two, a date value is kept as its text).
    One(Scalar),
    /// `in`, `not_in`: values of one type.
    List(Vec<Scalar>),
    /// `between`: low ≤ high, of one type.
    Range(Scalar, Scalar),
}

/// One comparison of a field with a value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Leaf {
    pub field: String,
    pub op: Op,
    pub operand: Operand,
    /// The value as given, for the JSON form and messages.
    pub raw: Option<Value>,
    /// The JSON path of this comparison (`$.all[1]`).
    pub path: String,
}

/// A node of the tree.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Leaf(Leaf),
    All(Vec<Node>),
    Any(Vec<Node>),
    Not(Box<Node>),
}

/// A validated condition (R-6.1): a comparison of a record's field with a
/// value, or `all`/`any`/`not` of conditions.
///
/// Built by [`Condition::parse`] (or serde), which checks everything that
/// can be checked without a record; evaluation then only compares.
///
/// ```
/// use filrouge::condition::Condition;
/// use serde_json::json;
///
/// let c = Condition::parse(&json!({"all": [
///     {"field": "naf", "op": "starts_with", "value": "62"},
///     {"field": "headcount", "op": "between", "value": [10, 49]}
/// ]})).unwrap();
/// let company = json!({"id": "552100554", "naf": "62.01Z", "headcount": 12});
/// assert!(c.evaluate(company.as_object().unwrap()).unwrap());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub(crate) node: Node,
}

impl Condition {
    /// Validates a condition's JSON (R-6.1). Errors carry the JSON path of
    /// the offending part (`$.all[2].value`).
    pub fn parse(json: &Value) -> Result<Condition, Error> {
        Ok(Condition { node: parse_node(json, "$", 0)? })
    }

    /// The condition's JSON, as it was given (key order aside).
    pub fn to_json(&self) -> Value {
        node_json(&self.node)
    }

    /// The fields the condition reads, each once, in order of appearance.
    pub fn fields(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        visit_leaves(&self.node, &mut |leaf| {
            if !out.contains(&leaf.field.as_str()) {
                out.push(&leaf.field);
            }
        });
        out
    }
}

pub(crate) fn visit_leaves<'a>(node: &'a Node, f: &mut impl FnMut(&'a Leaf)) {
    match node {
        Node::Leaf(l) => f(l),
        Node::All(xs) | Node::Any(xs) => xs.iter().for_each(|x| visit_leaves(x, f)),
        Node::Not(x) => visit_leaves(x, f),
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn parse_node(json: &Value, path: &str, depth: usize) -> Result<Node, Error> {
    if depth > MAX_DEPTH {
        return Err(Error::TooDeep { path: path.to_owned(), limit: MAX_DEPTH });
    }
    let Value::Object(obj) = json else {
        return Err(Error::InvalidCondition {
            path: path.to_owned(),
            message: format!("a condition is an object, got {}", json_type(json)),
        });
    };
    for key in obj.keys() {
        if !matches!(key.as_str(), "field" | "op" | "value" | "all" | "any" | "not") {
            return Err(Error::UnknownKey { path: format!("{path}.{key}"), key: key.clone() });
        }
    }
    let combinators: Vec<&str> = ["all", "any", "not"].into_iter().filter(|k| obj.contains_key(*k)).collect();
    let is_comparison = ["field", "op", "value"].iter().any(|k| obj.contains_key(*k));
    if combinators.len() > 1 || (!combinators.is_empty() && is_comparison) {
        return Err(Error::InvalidCondition {
            path: path.to_owned(),
            message: "a condition is either a comparison {field, op, value} or exactly one of all, any, not".into(),
        });
    }
    match combinators.first() {
        Some(&"not") => Ok(Node::Not(Box::new(parse_node(&obj["not"], &format!("{path}.not"), depth + 1)?))),
        Some(&key) => {
            let sub = format!("{path}.{key}");
            let Value::Array(items) = &obj[key] else {
                return Err(Error::InvalidCondition {
                    path: sub,
                    message: format!("{key} takes a list of conditions, got {}", json_type(&obj[key])),
                });
            };
            let nodes = items
                .iter()
                .enumerate()
                .map(|(i, item)| parse_node(item, &format!("{sub}[{i}]"), depth + 1))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(if key == "all" { Node::All(nodes) } else { Node::Any(nodes) })
        }
        None if obj.is_empty() => {
            Err(Error::InvalidCondition { path: path.to_owned(), message: "an empty object is not a condition".into() })
        }
        None => parse_leaf(obj, path).map(Node::Leaf),
    }
}

fn parse_leaf(obj: &Map<String, Value>, path: &str) -> Result<Leaf, Error> {
    let field = match obj.get("field") {
        None => return Err(Error::MissingKey { path: path.to_owned(), key: "field" }),
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(_) => return Err(Error::InvalidField { path: format!("{path}.field") }),
    };
    let op = match obj.get("op") {
        None => return Err(Error::MissingKey { path: path.to_owned(), key: "op" }),
        Some(Value::String(s)) => Op::parse(s),
        Some(_) => None,
    };
    let Some(op) = op else {
        return Err(Error::UnknownOperator { path: format!("{path}.op"), op: obj["op"].to_string() });
    };
    let vpath = format!("{path}.value");
    let raw = obj.get("value").cloned();
    let operand = match (op, &raw) {
        (Op::Exists, None) => Operand::None,
        (Op::Exists, Some(_)) => return Err(Error::UnexpectedValue { path: vpath }),
        (_, None) => return Err(Error::MissingValue { path: path.to_owned(), op: op.as_str() }),
        (Op::In | Op::NotIn, Some(Value::Array(items))) => Operand::List(parse_list(items, &vpath)?),
        (Op::In | Op::NotIn, Some(_)) => return Err(Error::NotAList { path: vpath, op: op.as_str() }),
        (Op::Between, Some(Value::Array(items))) if items.len() == 2 => {
            let low = scalar(&items[0], &format!("{vpath}[0]"))?;
            let high = scalar(&items[1], &format!("{vpath}[1]"))?;
            if !low.same_type(&high) {
                return Err(Error::MixedList {
                    path: format!("{vpath}[1]"),
                    first: low.type_name(),
                    other: high.type_name(),
                });
            }
            if matches!(low, Scalar::Bool(_)) {
                return Err(invalid(&vpath, "between orders numbers, dates or text, not booleans"));
            }
            if compare_scalars(&low, &high) == Some(std::cmp::Ordering::Greater) {
                return Err(Error::BetweenReversed {
                    path: vpath,
                    low: items[0].to_string(),
                    high: items[1].to_string(),
                });
            }
            Operand::Range(low, high)
        }
        (Op::Between, Some(_)) => return Err(Error::BetweenNotAPair { path: vpath }),
        (_, Some(Value::Array(_))) => {
            return Err(invalid(&vpath, &format!("operator {} takes one value, not a list", op.as_str())));
        }
        (Op::Gt | Op::Ge | Op::Lt | Op::Le, Some(v)) => {
            let s = scalar(v, &vpath)?;
            if matches!(s, Scalar::Bool(_)) {
                return Err(invalid(&vpath, &format!("operator {} orders numbers, dates or text", op.as_str())));
            }
            Operand::One(s)
        }
        (Op::StartsWith, Some(v)) => match as_text(scalar(v, &vpath)?) {
            s @ Scalar::Text(_) => Operand::One(s),
            _ => return Err(invalid(&vpath, "starts_with takes text")),
        },
        (Op::Contains, Some(v)) => Operand::One(as_text(scalar(v, &vpath)?)),
        (Op::Eq | Op::Ne, Some(v)) => Operand::One(scalar(v, &vpath)?),
    };
    Ok(Leaf { field, op, operand, raw, path: path.to_owned() })
}

fn invalid(path: &str, message: &str) -> Error {
    Error::InvalidValue { path: path.to_owned(), message: message.to_owned() }
}

/// `contains` and `starts_with` look at characters: a date value is its text.
fn as_text(s: Scalar) -> Scalar {
    match s {
        Scalar::Date(d) => Scalar::Text(d.format("%Y-%m-%d").to_string()),
        other => other,
    }
}

fn scalar(v: &Value, path: &str) -> Result<Scalar, Error> {
    match v {
        Value::Bool(b) => Ok(Scalar::Bool(*b)),
        Value::Number(n) => n.as_f64().map(Scalar::Number).ok_or_else(|| invalid(path, "a number out of range")),
        Value::String(s) => {
            if looks_like_date(s) {
                parse_date(s)
                    .map(Scalar::Date)
                    .ok_or_else(|| Error::InvalidDate { path: path.to_owned(), value: s.clone() })
            } else {
                Ok(Scalar::Text(s.clone()))
            }
        }
        other => {
            Err(invalid(path, &format!("a value is a number, text, a date or a boolean, got {}", json_type(other))))
        }
    }
}

/// The items of an `in`/`not_in` list: all numbers, all booleans, all dates,
/// or all text. A list mixing dates and other text is a list of text (each
/// item compared by its characters).
fn parse_list(items: &[Value], path: &str) -> Result<Vec<Scalar>, Error> {
    let mut out: Vec<Scalar> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let s = scalar(item, &format!("{path}[{i}]"))?;
        if let Some(first) = out.first() {
            let text_like = |x: &Scalar| matches!(x, Scalar::Text(_) | Scalar::Date(_));
            let compatible = first.same_type(&s) || (text_like(first) && text_like(&s));
            if !compatible {
                return Err(Error::MixedList {
                    path: format!("{path}[{i}]"),
                    first: first.type_name(),
                    other: s.type_name(),
                });
            }
        }
        out.push(s);
    }
    if out.iter().any(|s| matches!(s, Scalar::Text(_))) {
        out = out.into_iter().map(as_text).collect();
    }
    Ok(out)
}

/// `YYYY-MM-DD` by shape: ten characters, digits and two dashes.
pub(crate) fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// A strict `YYYY-MM-DD` calendar date.
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    if !looks_like_date(s) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
    NaiveDate::from_ymd_opt(n(0..4)? as i32, n(5..7)?, n(8..10)?)
}

pub(crate) fn compare_scalars(a: &Scalar, b: &Scalar) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Scalar::Number(x), Scalar::Number(y)) => x.partial_cmp(y),
        (Scalar::Text(x), Scalar::Text(y)) => Some(x.cmp(y)),
        (Scalar::Date(x), Scalar::Date(y)) => Some(x.cmp(y)),
        (Scalar::Bool(x), Scalar::Bool(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

fn node_json(node: &Node) -> Value {
    let mut m = Map::new();
    match node {
        Node::Leaf(l) => {
            m.insert("field".into(), Value::String(l.field.clone()));
            m.insert("op".into(), Value::String(l.op.as_str().into()));
            if let Some(v) = &l.raw {
                m.insert("value".into(), v.clone());
            }
        }
        Node::All(xs) => {
            m.insert("all".into(), Value::Array(xs.iter().map(node_json).collect()));
        }
        Node::Any(xs) => {
            m.insert("any".into(), Value::Array(xs.iter().map(node_json).collect()));
        }
        Node::Not(x) => {
            m.insert("not".into(), node_json(x));
        }
    }
    Value::Object(m)
}

impl Serialize for Condition {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Condition {
    /// Validates while deserializing: an invalid condition is a serde error
    /// whose message starts with the error code and the JSON path.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        Condition::parse(&v).map_err(|e| serde::de::Error::custom(format!("{}: {e}", e.code())))
    }
}

impl TryFrom<&Value> for Condition {
    type Error = Error;
    fn try_from(v: &Value) -> Result<Self, Error> {
        Condition::parse(v)
    }
}

fn fmt_node(node: &Node, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let list = |f: &mut fmt::Formatter<'_>, name: &str, xs: &[Node]| -> fmt::Result {
        write!(f, "{name}(")?;
        for (i, x) in xs.iter().enumerate() {
            if i > 0 {
                write!(f, ", ")?;
            }
            fmt_node(x, f)?;
        }
        write!(f, ")")
    };
    match node {
        Node::Leaf(l) => match (&l.op, &l.raw) {
            (Op::Between, Some(Value::Array(b))) if b.len() == 2 => {
                write!(f, "{} between {} and {}", l.field, b[0], b[1])
            }
            (op, Some(v)) => write!(f, "{} {} {}", l.field, op.as_str(), v),
            (op, None) => write!(f, "{} {}", l.field, op.as_str()),
        },
        Node::All(xs) => list(f, "all", xs),
        Node::Any(xs) => list(f, "any", xs),
        Node::Not(x) => {
            write!(f, "not(")?;
            fmt_node(x, f)?;
            write!(f, ")")
        }
    }
}

/// A one-line reading of the condition: `naf starts_with "62"`,
/// `headcount between 10 and 49`, `all(…, …)`.
impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_node(&self.node, f)
    }
}
