//! Criteria compiled against a [`Companies`] table: each comparison becomes
//! a per-column evaluator that fills 64 rows at a time into two bit words
//! (true, type mismatch); `all`/`any`/`not` combine words.
//!
//! The outcome of a comparison on a value comes from the condition module's
//! single definition (`scalar_outcome`, `list_outcome`): texts, booleans and
//! odd values are looked up in tables computed once per distinct value, and
//! numbers use specialised comparisons equal to that definition.

use super::table::{BOOL, Column, Companies, LIST, MISSING, NUMBER, OTHER, TEXT};
use crate::condition::{Cell, Condition, Leaf, Node, Op, Operand, Outcome, Scalar, list_outcome, scalar_outcome};

/// A numeric comparison specialised for number cells.
#[derive(Debug, Clone, Copy)]
enum Num {
    Eq(f64),
    Ne(f64),
    Gt(f64),
    Ge(f64),
    Lt(f64),
    Le(f64),
    Between(f64, f64),
    /// Anything else: the generic definition.
    Generic,
}

impl Num {
    fn of(op: Op, operand: &Operand) -> Num {
        match (op, operand) {
            (Op::Eq, Operand::One(Scalar::Number(v))) => Num::Eq(*v),
            (Op::Ne, Operand::One(Scalar::Number(v))) => Num::Ne(*v),
            (Op::Gt, Operand::One(Scalar::Number(v))) => Num::Gt(*v),
            (Op::Ge, Operand::One(Scalar::Number(v))) => Num::Ge(*v),
            (Op::Lt, Operand::One(Scalar::Number(v))) => Num::Lt(*v),
            (Op::Le, Operand::One(Scalar::Number(v))) => Num::Le(*v),
            (Op::Between, Operand::Range(Scalar::Number(a), Scalar::Number(b))) => Num::Between(*a, *b),
            _ => Num::Generic,
        }
    }

    #[inline(always)]
    fn test(self, x: f64) -> bool {
        match self {
            Num::Eq(v) => x == v,
            Num::Ne(v) => x != v,
            Num::Gt(v) => x > v,
            Num::Ge(v) => x >= v,
            Num::Lt(v) => x < v,
            Num::Le(v) => x <= v,
            Num::Between(a, b) => x >= a && x <= b,
            Num::Generic => false,
        }
    }
}

/// A comparison over one column.
struct ColumnLeaf<'t> {
    col: &'t Column,
    op: Op,
    operand: Operand,
    num: Num,
    /// Outcome per text code, for text cells.
    text: Vec<u8>,
    /// Outcome per text code, for text items of a list (`contains`).
    item_text: Vec<u8>,
    /// Outcome for `false` and `true` cells.
    bools: [u8; 2],
    /// Outcome for an object or nested list cell.
    other: u8,
    /// Outcome for a list cell when the operator is not `contains`.
    list_const: u8,
    /// How blocks of rows are evaluated, chosen once from the column's types.
    plan: Plan,
}

/// The loop a comparison runs over a block, from the types the column holds.
#[derive(Debug, Clone, Copy)]
enum Plan {
    /// Text cells (or none): one table lookup a row.
    Text,
    /// Number cells (or none) under a specialised comparison.
    Number,
    /// `contains` text in lists of text (or no value): compare item codes
    /// with the value's code (`None`: the value is in no list).
    TextList(Option<u64>),
    /// Anything else: the general per-cell definition.
    Generic,
}

enum LeafKind<'t> {
    /// The field is in no company: every comparison is false.
    Absent,
    /// The `id` field, read from the table's ids.
    Id(&'t Companies),
    Column(Box<ColumnLeaf<'t>>),
}

pub(crate) struct CompiledLeaf<'r, 't> {
    pub leaf: &'r Leaf,
    kind: LeafKind<'t>,
}

pub(crate) enum Compiled<'r, 't> {
    Leaf(CompiledLeaf<'r, 't>),
    All(Vec<Compiled<'r, 't>>),
    Any(Vec<Compiled<'r, 't>>),
    Not(Box<Compiled<'r, 't>>),
}

fn o(x: Outcome) -> u8 {
    x as u8
}

impl<'t> ColumnLeaf<'t> {
    fn new(col: &'t Column, leaf: &Leaf) -> Self {
        let (op, operand) = (leaf.op, leaf.operand.clone());
        let text = col.dict.iter().map(|s| o(scalar_outcome(op, &operand, Cell::Text(s)))).collect();
        let item_text = if op == Op::Contains {
            col.dict.iter().map(|s| o(list_outcome(op, &operand, std::iter::once(Cell::Text(s))))).collect()
        } else {
            Vec::new()
        };
        let num = Num::of(op, &operand);
        let only = |mask: u8, allowed: &[u8]| allowed.iter().fold(mask, |m, t| m & !(1 << t)) == 0;
        let plan = if only(col.seen, &[MISSING, TEXT]) {
            Plan::Text
        } else if only(col.seen, &[MISSING, NUMBER]) && !matches!(num, Num::Generic) {
            Plan::Number
        } else if only(col.seen, &[MISSING, LIST]) && only(col.item_seen, &[TEXT]) && op == Op::Contains {
            match &operand {
                Operand::One(Scalar::Text(v)) => {
                    Plan::TextList(col.dict.iter().position(|s| **s == **v).map(|c| c as u64))
                }
                _ => Plan::Generic,
            }
        } else {
            Plan::Generic
        };
        ColumnLeaf {
            col,
            op,
            num,
            plan,
            text,
            item_text,
            bools: [
                o(scalar_outcome(op, &operand, Cell::Bool(false))),
                o(scalar_outcome(op, &operand, Cell::Bool(true))),
            ],
            other: o(scalar_outcome(op, &operand, Cell::Other)),
            list_const: o(list_outcome(op, &operand, std::iter::empty())),
            operand,
        }
    }

    #[inline(always)]
    fn number(&self, x: f64) -> u8 {
        match self.num {
            Num::Generic => o(scalar_outcome(self.op, &self.operand, Cell::Number(x))),
            n => u8::from(n.test(x)),
        }
    }

    fn list(&self, row: usize) -> u8 {
        if self.op != Op::Contains {
            return self.list_const;
        }
        let (mut found, mut mismatch) = (false, false);
        for i in self.col.item_range(row) {
            let r = match self.col.item_tags[i] {
                MISSING => continue,
                TEXT => self.item_text[self.col.item_data[i] as usize],
                t => {
                    o(list_outcome(self.op, &self.operand, std::iter::once(self.col.cell_of(t, self.col.item_data[i]))))
                }
            };
            found |= r == 1;
            mismatch |= r == 2;
        }
        if mismatch { 2 } else { u8::from(found) }
    }

    /// The outcome at `row`, any tag.
    #[inline(always)]
    fn at(&self, row: usize) -> u8 {
        let d = self.col.data[row];
        match self.col.tags[row] {
            MISSING => 0,
            NUMBER => self.number(f64::from_bits(d)),
            TEXT => self.text[d as usize],
            BOOL => self.bools[(d & 1) as usize],
            LIST => self.list(row),
            _ => self.other,
        }
    }

    /// Rows `base..base + n` (n ≤ 64) as (true, mismatch) words.
    fn block(&self, base: usize, n: usize) -> (u64, u64) {
        let tags = &self.col.tags[base..base + n];
        let data = &self.col.data[base..base + n];
        match self.plan {
            Plan::Text => {
                let text = &self.text[..];
                pack(tags, data, |tag, d| if tag == TEXT { text[d as usize] } else { 0 })
            }
            Plan::Number => match self.num {
                Num::Eq(v) => numbers(tags, data, |x| x == v),
                Num::Ne(v) => numbers(tags, data, |x| x != v),
                Num::Gt(v) => numbers(tags, data, |x| x > v),
                Num::Ge(v) => numbers(tags, data, |x| x >= v),
                Num::Lt(v) => numbers(tags, data, |x| x < v),
                Num::Le(v) => numbers(tags, data, |x| x <= v),
                Num::Between(a, b) => numbers(tags, data, |x| (x >= a) & (x <= b)),
                Num::Generic => (0, 0),
            },
            Plan::TextList(None) => (0, 0),
            Plan::TextList(Some(code)) => {
                let items = &self.col.item_data[..];
                let mut t = 0u64;
                for (j, (&tag, &d)) in tags.iter().zip(data).enumerate() {
                    if tag == LIST {
                        let start = (d >> 32) as usize;
                        let end = start + (d & 0xFFFF_FFFF) as usize;
                        t |= u64::from(items[start..end].contains(&code)) << j;
                    }
                }
                (t, 0)
            }
            Plan::Generic => {
                let mut t = 0u64;
                let mut m = 0u64;
                for j in 0..n {
                    let r = self.at(base + j);
                    t |= u64::from(r & 1) << j;
                    m |= u64::from(r >> 1) << j;
                }
                (t, m)
            }
        }
    }
}

/// Packs per-row outcomes (0 false, 1 true, 2 mismatch) into two words.
#[inline(always)]
fn pack(tags: &[u8], data: &[u64], f: impl Fn(u8, u64) -> u8) -> (u64, u64) {
    let mut t = 0u64;
    let mut m = 0u64;
    for (j, (&tag, &d)) in tags.iter().zip(data).enumerate() {
        let r = f(tag, d);
        t |= u64::from(r & 1) << j;
        m |= u64::from(r >> 1) << j;
    }
    (t, m)
}

/// Number cells under a comparison that cannot mismatch.
#[inline(always)]
fn numbers(tags: &[u8], data: &[u64], f: impl Fn(f64) -> bool) -> (u64, u64) {
    let mut t = 0u64;
    for (j, (&tag, &d)) in tags.iter().zip(data).enumerate() {
        t |= u64::from((tag == NUMBER) & f(f64::from_bits(d))) << j;
    }
    (t, 0)
}

impl CompiledLeaf<'_, '_> {
    /// The outcome at one row.
    pub(crate) fn at(&self, row: usize) -> Outcome {
        let r = match &self.kind {
            LeafKind::Absent => 0,
            LeafKind::Id(t) => o(scalar_outcome(self.leaf.op, &self.leaf.operand, Cell::Text(t.id(row)))),
            LeafKind::Column(c) => c.at(row),
        };
        match r {
            0 => Outcome::False,
            1 => Outcome::True,
            _ => Outcome::Mismatch,
        }
    }

    /// What the record holds at `row`, for messages.
    pub(crate) fn found(&self, row: usize) -> &'static str {
        match &self.kind {
            LeafKind::Absent => "nothing",
            LeafKind::Id(_) => "text",
            LeafKind::Column(c) => match c.col.tags[row] {
                LIST => "a list",
                OTHER => "an object or nested list",
                t => c.col.cell_of(t, c.col.data[row]).type_name(),
            },
        }
    }

    fn block(&self, base: usize, n: usize) -> (u64, u64) {
        match &self.kind {
            LeafKind::Absent => (0, 0),
            LeafKind::Column(c) => c.block(base, n),
            LeafKind::Id(_) => {
                let (mut t, mut m) = (0u64, 0u64);
                for j in 0..n {
                    let r = self.at(base + j) as u8;
                    t |= u64::from(r & 1) << j;
                    m |= u64::from(r >> 1) << j;
                }
                (t, m)
            }
        }
    }
}

fn full(n: usize) -> u64 {
    if n >= 64 { u64::MAX } else { (1u64 << n) - 1 }
}

impl<'r, 't> Compiled<'r, 't> {
    pub(crate) fn new(condition: &'r Condition, table: &'t Companies) -> Self {
        Self::node(&condition.node, table)
    }

    fn node(node: &'r Node, table: &'t Companies) -> Self {
        match node {
            Node::Leaf(leaf) => {
                let kind = if leaf.field == "id" {
                    LeafKind::Id(table)
                } else {
                    match table.column(&leaf.field) {
                        Some(col) => LeafKind::Column(Box::new(ColumnLeaf::new(col, leaf))),
                        None => LeafKind::Absent,
                    }
                };
                Compiled::Leaf(CompiledLeaf { leaf, kind })
            }
            Node::All(xs) => Compiled::All(xs.iter().map(|x| Self::node(x, table)).collect()),
            Node::Any(xs) => Compiled::Any(xs.iter().map(|x| Self::node(x, table)).collect()),
            Node::Not(x) => Compiled::Not(Box::new(Self::node(x, table))),
        }
    }

    /// Rows `base..base + n` (n ≤ 64): bit j of the first word is set when
    /// row `base + j` meets the condition, of the second when evaluating
    /// it meets a type mismatch (anywhere in the condition).
    pub(crate) fn block(&self, base: usize, n: usize) -> (u64, u64) {
        match self {
            Compiled::Leaf(l) => l.block(base, n),
            Compiled::All(xs) => xs.iter().fold((full(n), 0), |(t, m), x| {
                let (a, b) = x.block(base, n);
                (t & a, m | b)
            }),
            Compiled::Any(xs) => xs.iter().fold((0, 0), |(t, m), x| {
                let (a, b) = x.block(base, n);
                (t | a, m | b)
            }),
            Compiled::Not(x) => {
                let (a, b) = x.block(base, n);
                (!a & full(n), b)
            }
        }
    }

    /// Whether some row can meet a type mismatch here; when none can, a
    /// block whose answer is already known needs no evaluation (the result
    /// is the same, only faster).
    pub(crate) fn can_mismatch(&self) -> bool {
        match self {
            Compiled::Leaf(l) => match &l.kind {
                LeafKind::Absent => false,
                LeafKind::Id(_) => true,
                LeafKind::Column(c) => match c.plan {
                    Plan::Number | Plan::TextList(_) => false,
                    Plan::Text => c.text.contains(&2),
                    Plan::Generic => true,
                },
            },
            Compiled::All(xs) | Compiled::Any(xs) => xs.iter().any(Compiled::can_mismatch),
            Compiled::Not(x) => x.can_mismatch(),
        }
    }

    /// The first comparison (in document order) that meets a type mismatch at `row`.
    pub(crate) fn first_mismatch(&self, row: usize) -> Option<&CompiledLeaf<'r, 't>> {
        match self {
            Compiled::Leaf(l) => (l.at(row) == Outcome::Mismatch).then_some(l),
            Compiled::All(xs) | Compiled::Any(xs) => xs.iter().find_map(|x| x.first_mismatch(row)),
            Compiled::Not(x) => x.first_mismatch(row),
        }
    }
}
