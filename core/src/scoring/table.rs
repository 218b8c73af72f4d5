//! A columnar table of companies, built once from JSON objects or typed
//! columns, read column by column by the scoring evaluator.

use super::Error;
use crate::Rejection;
use crate::condition::Cell;
use rustc_hash::FxHashMap;
use serde_json::{Map, Value};
use std::sync::OnceLock;

pub(crate) const MISSING: u8 = 0;
pub(crate) const NUMBER: u8 = 1;
pub(crate) const TEXT: u8 = 2;
pub(crate) const BOOL: u8 = 3;
pub(crate) const LIST: u8 = 4;
pub(crate) const OTHER: u8 = 5;

/// Why a row's id cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdProblem {
    /// No `id`, or one that is not text.
    Missing,
    /// An empty `id`.
    Empty,
}

/// One field of every company: a type tag and an 8-byte payload per row
/// (a number's bits, a text's code in the column's dictionary, a boolean,
/// or a list's `start << 32 | len` in the item arrays).
#[derive(Debug, Clone, Default)]
pub(crate) struct Column {
    pub tags: Vec<u8>,
    pub data: Vec<u64>,
    /// Distinct texts of the column (its cells and list items), by code.
    pub dict: Vec<Box<str>>,
    index: FxHashMap<Box<str>, u32>,
    pub item_tags: Vec<u8>,
    pub item_data: Vec<u64>,
    /// Bit `t` is set when some row has tag `t`.
    pub seen: u8,
    /// Bit `t` is set when some list item has tag `t`.
    pub item_seen: u8,
}

impl Column {
    fn code(&mut self, s: &str) -> u64 {
        if let Some(&c) = self.index.get(s) {
            return u64::from(c);
        }
        let c = self.dict.len() as u32;
        self.dict.push(s.into());
        self.index.insert(s.into(), c);
        u64::from(c)
    }

    fn scalar(&mut self, v: &Value) -> (u8, u64) {
        match v {
            Value::Null => (MISSING, 0),
            Value::Bool(b) => (BOOL, u64::from(*b)),
            Value::Number(n) => n.as_f64().map_or((OTHER, 0), |x| (NUMBER, x.to_bits())),
            Value::String(s) => (TEXT, self.code(s)),
            Value::Array(_) | Value::Object(_) => (OTHER, 0),
        }
    }

    fn push(&mut self, tag: u8, data: u64) {
        self.tags.push(tag);
        self.data.push(data);
        self.seen |= 1 << tag;
    }

    fn push_value(&mut self, v: &Value) {
        if let Value::Array(items) = v {
            let start = self.item_tags.len() as u64;
            for item in items {
                let (t, d) = self.scalar(item);
                self.item_seen |= 1 << t;
                self.item_tags.push(t);
                self.item_data.push(d);
            }
            self.push(LIST, (start << 32) | items.len() as u64);
        } else {
            let (t, d) = self.scalar(v);
            self.push(t, d);
        }
    }

    fn pad(&mut self, len: usize) {
        while self.tags.len() < len {
            self.push(MISSING, 0);
        }
    }

    pub(crate) fn item_range(&self, row: usize) -> std::ops::Range<usize> {
        let d = self.data[row];
        let start = (d >> 32) as usize;
        start..start + (d & 0xFFFF_FFFF) as usize
    }

    /// The cell of a tag and payload (a list is [`Cell::Other`] here).
    pub(crate) fn cell_of(&self, tag: u8, data: u64) -> Cell<'_> {
        match tag {
            MISSING => Cell::Missing,
            NUMBER => Cell::Number(f64::from_bits(data)),
            TEXT => Cell::Text(&self.dict[data as usize]),
            BOOL => Cell::Bool(data != 0),
            _ => Cell::Other,
        }
    }

    fn same_cell(&self, a: usize, b: usize) -> bool {
        if self.tags[a] != self.tags[b] {
            return false;
        }
        if self.tags[a] != LIST {
            return self.data[a] == self.data[b];
        }
        let (ra, rb) = (self.item_range(a), self.item_range(b));
        ra.len() == rb.len()
            && ra.zip(rb).all(|(i, j)| self.item_tags[i] == self.item_tags[j] && self.item_data[i] == self.item_data[j])
    }
}

/// Why a typed column could not be added.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ColumnError {
    /// The column has a different number of rows than the table.
    #[error("column {name:?} has {got} rows, the table has {expected}")]
    Length {
        /// The column.
        name: String,
        /// Its length.
        got: usize,
        /// The table's.
        expected: usize,
    },
    /// A column of that name exists already (`id` included).
    #[error("column {name:?} exists already")]
    Duplicate {
        /// The column.
        name: String,
    },
}

impl ColumnError {
    /// The stable code of the error.
    pub fn code(&self) -> &'static str {
        match self {
            ColumnError::Length { .. } => "column_length",
            ColumnError::Duplicate { .. } => "duplicate_column",
        }
    }
}

/// Companies as columns (SPEC §5, §8): built once, scored many times, with
/// no per-company allocation while scoring.
///
/// Each field becomes a column of type tags and 8-byte payloads; texts are
/// stored once per column (a dictionary), so `naf`, `department` or
/// `legal_form` cost 9 bytes a company. A company is a flat JSON object
/// ([`Companies::push`]); a host holding typed columns (Arrow, a data
/// frame) adds them whole with [`Companies::with_ids`] and the
/// `add_*_column` methods, without building JSON.
///
/// ```
/// use filrouge::scoring::Companies;
///
/// let mut t = Companies::with_ids(["552100554", "732829320"]);
/// t.add_text_column("naf", [Some("62.01Z"), Some("47.11F")]).unwrap();
/// t.add_number_column("headcount", [Some(12.0), None]).unwrap();
/// assert_eq!(t.len(), 2);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Companies {
    len: usize,
    id_text: String,
    id_ends: Vec<u64>,
    pub(crate) id_problems: Vec<(u32, IdProblem)>,
    pub(crate) columns: Vec<Column>,
    names: Vec<String>,
    by_name: FxHashMap<String, usize>,
    id_checks: OnceLock<IdChecks>,
}

/// The outcome of the id checks of SPEC §0 over a table.
#[derive(Debug, Clone, Default)]
pub(crate) struct IdChecks {
    /// Rows not scored, one bit each, per block of 64 rows.
    pub skip: Vec<u64>,
    /// Their rejections.
    pub rejected: Vec<Rejection>,
}

impl Companies {
    /// An empty table.
    pub fn new() -> Self {
        Companies::default()
    }

    /// A table from JSON objects, in order.
    pub fn from_maps<'a>(rows: impl IntoIterator<Item = &'a Map<String, Value>>) -> Self {
        let mut t = Companies::new();
        for r in rows {
            t.push(r);
        }
        t
    }

    /// Appends a company, a flat JSON object whose `id` is its id; returns
    /// its row. A company without a text `id`, or with an empty one, is
    /// kept and rejected when scored (batches never fail whole).
    pub fn push(&mut self, company: &Map<String, Value>) -> usize {
        self.id_checks = OnceLock::new();
        let row = self.len;
        match company.get("id") {
            Some(Value::String(s)) if !s.is_empty() => self.id_text.push_str(s),
            Some(Value::String(_)) => self.id_problems.push((row as u32, IdProblem::Empty)),
            _ => self.id_problems.push((row as u32, IdProblem::Missing)),
        }
        self.id_ends.push(self.id_text.len() as u64);
        for (key, value) in company {
            if key == "id" {
                continue;
            }
            let c = self.column_index(key);
            let col = &mut self.columns[c];
            col.pad(row);
            col.push_value(value);
        }
        self.len += 1;
        for col in &mut self.columns {
            col.pad(self.len);
        }
        row
    }

    /// A table of companies with these ids and no other field yet. An
    /// empty id is kept and rejected when scored.
    pub fn with_ids<S: AsRef<str>>(ids: impl IntoIterator<Item = S>) -> Self {
        let mut t = Companies::new();
        for id in ids {
            let id = id.as_ref();
            if id.is_empty() {
                t.id_problems.push((t.len as u32, IdProblem::Empty));
            }
            t.id_text.push_str(id);
            t.id_ends.push(t.id_text.len() as u64);
            t.len += 1;
        }
        t
    }

    fn column_index(&mut self, name: &str) -> usize {
        if let Some(&i) = self.by_name.get(name) {
            return i;
        }
        let i = self.columns.len();
        self.columns.push(Column::default());
        self.names.push(name.to_owned());
        self.by_name.insert(name.to_owned(), i);
        i
    }

    fn new_column(&mut self, name: &str) -> Result<usize, ColumnError> {
        self.id_checks = OnceLock::new();
        if name == "id" || self.by_name.contains_key(name) {
            return Err(ColumnError::Duplicate { name: name.to_owned() });
        }
        let c = self.column_index(name);
        self.columns[c].tags.reserve_exact(self.len);
        self.columns[c].data.reserve_exact(self.len);
        Ok(c)
    }

    fn finish_column(&mut self, c: usize, name: &str) -> Result<(), ColumnError> {
        let got = self.columns[c].tags.len();
        if got != self.len {
            self.columns.pop();
            self.names.pop();
            self.by_name.remove(name);
            return Err(ColumnError::Length { name: name.to_owned(), got, expected: self.len });
        }
        Ok(())
    }

    /// Adds a number column (`None` = no value), one value per company.
    pub fn add_number_column(
        &mut self,
        name: &str,
        values: impl IntoIterator<Item = Option<f64>>,
    ) -> Result<(), ColumnError> {
        let c = self.new_column(name)?;
        let col = &mut self.columns[c];
        for v in values {
            match v {
                Some(x) if x.is_finite() => col.push(NUMBER, x.to_bits()),
                Some(_) => col.push(OTHER, 0),
                None => col.push(MISSING, 0),
            }
        }
        self.finish_column(c, name)
    }

    /// Adds a text column (`None` = no value); `YYYY-MM-DD` texts compare
    /// as dates with date values.
    pub fn add_text_column<'a>(
        &mut self,
        name: &str,
        values: impl IntoIterator<Item = Option<&'a str>>,
    ) -> Result<(), ColumnError> {
        let c = self.new_column(name)?;
        let col = &mut self.columns[c];
        for v in values {
            match v {
                Some(s) => {
                    let code = col.code(s);
                    col.push(TEXT, code);
                }
                None => col.push(MISSING, 0),
            }
        }
        self.finish_column(c, name)
    }

    /// Adds a boolean column (`None` = no value).
    pub fn add_bool_column(
        &mut self,
        name: &str,
        values: impl IntoIterator<Item = Option<bool>>,
    ) -> Result<(), ColumnError> {
        let c = self.new_column(name)?;
        let col = &mut self.columns[c];
        for v in values {
            match v {
                Some(b) => col.push(BOOL, u64::from(b)),
                None => col.push(MISSING, 0),
            }
        }
        self.finish_column(c, name)
    }

    /// Adds a column of lists of text (`tags`, `software`; `None` = no value).
    pub fn add_text_list_column<'a, L: IntoIterator<Item = &'a str>>(
        &mut self,
        name: &str,
        values: impl IntoIterator<Item = Option<L>>,
    ) -> Result<(), ColumnError> {
        let c = self.new_column(name)?;
        let col = &mut self.columns[c];
        for v in values {
            match v {
                Some(items) => {
                    let start = col.item_tags.len() as u64;
                    let mut n = 0u64;
                    for s in items {
                        let code = col.code(s);
                        col.item_tags.push(TEXT);
                        col.item_seen |= 1 << TEXT;
                        col.item_data.push(code);
                        n += 1;
                    }
                    col.push(LIST, (start << 32) | n);
                }
                None => col.push(MISSING, 0),
            }
        }
        self.finish_column(c, name)
    }

    /// Checks the ids once (SPEC §0): no id, an empty id, one id for
    /// companies with different content (all refused; identical copies
    /// count once). Scoring does it when it was not done, and every
    /// routine scored over the table reuses it; returns the number of
    /// refused companies. Adding rows or columns makes it due again.
    pub fn check_ids(&self) -> usize {
        self.id_checks().rejected.len()
    }

    pub(crate) fn id_checks(&self) -> &IdChecks {
        self.id_checks.get_or_init(|| check_ids(self))
    }

    /// The number of companies.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the table has no company.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The id of the company at `row` (empty when it has none).
    pub fn id(&self, row: usize) -> &str {
        let start = if row == 0 { 0 } else { self.id_ends[row - 1] as usize };
        &self.id_text[start..self.id_ends[row] as usize]
    }

    /// The field names, in order of first appearance (`id` aside).
    pub fn fields(&self) -> &[String] {
        &self.names
    }

    pub(crate) fn column(&self, name: &str) -> Option<&Column> {
        self.by_name.get(name).map(|&i| &self.columns[i])
    }

    /// Whether two rows hold the same fields and values.
    pub(crate) fn same_row(&self, a: usize, b: usize) -> bool {
        self.columns.iter().all(|c| c.same_cell(a, b))
    }

    /// Approximate heap bytes held by the table.
    pub fn heap_bytes(&self) -> usize {
        let cols: usize = self
            .columns
            .iter()
            .map(|c| {
                c.tags.capacity()
                    + c.data.capacity() * 8
                    + c.item_tags.capacity()
                    + c.item_data.capacity() * 8
                    + c.dict.iter().map(|s| s.len() * 2 + 40).sum::<usize>()
            })
            .sum();
        cols + self.id_text.capacity() + self.id_ends.capacity() * 8
    }
}

/// Rows refused for their id (SPEC §0), one bit each, per block of 64:
/// no id, an empty id, and every copy of an id whose copies differ; later
/// identical copies are skipped silently (they count once).
fn check_ids(table: &Companies) -> IdChecks {
    let mut rejected = Vec::new();
    let rejected = &mut rejected;
    let n = table.len();
    let mut drop = vec![false; n];
    let mut has_problem = vec![false; n];
    for &(row, problem) in &table.id_problems {
        has_problem[row as usize] = true;
        drop[row as usize] = true;
        let e = match problem {
            IdProblem::Missing => Error::MissingId,
            IdProblem::Empty => Error::EmptyId { kind: "company" },
        };
        rejected.push(e.to_rejection(""));
    }
    let hashed: Vec<(u64, u32)> =
        (0..n).filter(|&r| !has_problem[r]).map(|r| (crate::batch::str_hash(table.id(r)), r as u32)).collect();
    let rows: Vec<(&str, u32)> = (0..n).map(|r| (table.id(r), r as u32)).collect();
    crate::batch::mark_duplicates(
        &rows,
        hashed,
        "company",
        |x| x.0,
        |a, b| table.same_row(a.1 as usize, b.1 as usize),
        &mut drop,
        rejected,
    );
    let mut words = vec![0u64; n.div_ceil(64)];
    for (r, d) in drop.iter().enumerate() {
        if *d {
            words[r / 64] |= 1 << (r % 64);
        }
    }
    IdChecks { skip: words, rejected: std::mem::take(rejected) }
}
