//! [`FollowUpColumns`]: follow-ups as columns, the bulk input of a
//! [`super::FollowUpBook`] (R-4.2 merge per target, [`super::FollowUpBook::put_columns`]).
//!
//! One `Vec` per field instead of one heap record per follow-up: target ids
//! in one text buffer with end offsets, assignees as numbers into a
//! dictionary of user ids (each user id stored once), dates, priorities and
//! origins as plain arrays (`priority` and `origin` one byte each), the
//! note as a text buffer with a validity mask and `noted_at` as an optional
//! column. A load reads these in order, without a pointer per field.

use super::model::{FollowUp, Origin, Priority};
use chrono::{DateTime, NaiveDate, Utc};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Follow-ups as columns: what a host hands to
/// [`super::FollowUpBook::put_columns`] without building one [`FollowUp`]
/// per record (a binding's Arrow input, a generator).
///
/// Rows are appended with [`FollowUpColumns::push`] (a [`FollowUp`]) or
/// [`FollowUpColumns::push_row`] (its fields, borrowed); nothing is
/// checked when a row is pushed: a row that breaks a rule (empty target,
/// no assignee, an empty assignee id) is kept and refused by the load with
/// its row number, as the owned path refuses the record.
///
/// Its JSON form is the list of its rows as [`FollowUp`]s.
///
/// ```
/// use filrouge::followup::{FollowUpBook, FollowUpColumns, Origin, Priority};
/// let due = "2026-03-02".parse().unwrap();
/// let mut cols = FollowUpColumns::new();
/// cols.push_row("t1", &["adv-1"], due, Priority::High, Origin::Manual);
/// cols.push_row("t1", &["adv-2"], due, Priority::Low, Origin::Manual); // merges (R-4.2)
/// cols.push_row("", &["adv-1"], due, Priority::Low, Origin::Manual); // refused: empty target
/// let (book, refused) = FollowUpBook::from_columns(&cols);
/// assert_eq!(book.len(), 1);
/// assert_eq!(book.get("t1").unwrap().assignees.len(), 2);
/// assert_eq!((refused[0].row, refused[0].rejection.code.as_str()), (2, "empty_id"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Vec<FollowUp>", into = "Vec<FollowUp>")]
pub struct FollowUpColumns {
    /// Every target id, one after the other.
    target_text: String,
    /// `target_text[target_ends[i - 1]..target_ends[i]]` is row `i`'s id.
    target_ends: Vec<u64>,
    /// The user ids the rows name, each once.
    user_names: Vec<String>,
    /// `user_names` by id (to intern at push).
    user_ids: FxHashMap<String, u32>,
    /// Assignees of every row, as positions in `user_names`.
    assignees: Vec<u32>,
    /// `assignees[assignee_ends[i - 1]..assignee_ends[i]]` are row `i`'s.
    assignee_ends: Vec<u64>,
    due: Vec<NaiveDate>,
    priority: Vec<Priority>,
    origin: Vec<Origin>,
    /// Bit `i % 64` of word `i / 64`: row `i` has a note (maybe empty).
    note_valid: Vec<u64>,
    /// Every note, one after the other (rows without one add nothing).
    note_text: String,
    /// `note_text[note_ends[i - 1]..note_ends[i]]` is row `i`'s note.
    note_ends: Vec<u64>,
    noted_at: Vec<Option<DateTime<Utc>>>,
}

impl FollowUpColumns {
    /// No rows.
    pub fn new() -> Self {
        Self::default()
    }

    /// Room for `rows` more rows (the text buffers grow as needed).
    pub fn with_capacity(rows: usize) -> Self {
        FollowUpColumns {
            target_ends: Vec::with_capacity(rows),
            assignees: Vec::with_capacity(rows),
            assignee_ends: Vec::with_capacity(rows),
            due: Vec::with_capacity(rows),
            priority: Vec::with_capacity(rows),
            origin: Vec::with_capacity(rows),
            note_valid: Vec::with_capacity(rows / 64 + 1),
            note_ends: Vec::with_capacity(rows),
            noted_at: Vec::with_capacity(rows),
            ..Self::default()
        }
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.target_ends.len()
    }

    /// True when there is no row.
    pub fn is_empty(&self) -> bool {
        self.target_ends.is_empty()
    }

    /// The bytes the columns hold on the heap (their buffers' capacity,
    /// the user dictionary included; its hash map's overhead estimated).
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        let names: usize = self.user_names.iter().map(String::capacity).sum();
        self.target_text.capacity()
            + self.target_ends.capacity() * size_of::<u64>()
            + self.user_names.capacity() * size_of::<String>()
            + 2 * names
            + self.user_ids.capacity() * (size_of::<String>() + size_of::<u32>() + 1)
            + self.assignees.capacity() * size_of::<u32>()
            + self.assignee_ends.capacity() * size_of::<u64>()
            + self.due.capacity() * size_of::<NaiveDate>()
            + self.priority.capacity() * size_of::<Priority>()
            + self.origin.capacity() * size_of::<Origin>()
            + self.note_valid.capacity() * size_of::<u64>()
            + self.note_text.capacity()
            + self.note_ends.capacity() * size_of::<u64>()
            + self.noted_at.capacity() * size_of::<Option<DateTime<Utc>>>()
    }

    fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.user_ids.get(name) {
            return id;
        }
        let id = self.user_names.len() as u32;
        self.user_ids.insert(name.to_owned(), id);
        self.user_names.push(name.to_owned());
        id
    }

    /// Appends a row with no note; returns its row number. `assignees` may
    /// repeat a user (a set: counted once) and may break the rules of a
    /// follow-up (refused at the load, not here).
    pub fn push_row<S: AsRef<str>>(
        &mut self,
        target_id: &str,
        assignees: &[S],
        due: NaiveDate,
        priority: Priority,
        origin: Origin,
    ) -> usize {
        let row = self.len();
        self.target_text.push_str(target_id);
        self.target_ends.push(self.target_text.len() as u64);
        for a in assignees {
            let id = self.intern(a.as_ref());
            self.assignees.push(id);
        }
        self.assignee_ends.push(self.assignees.len() as u64);
        self.due.push(due);
        self.priority.push(priority);
        self.origin.push(origin);
        if row % 64 == 0 {
            self.note_valid.push(0);
        }
        self.note_ends.push(self.note_text.len() as u64);
        self.noted_at.push(None);
        row
    }

    /// Sets the note of the last row pushed (`last_note` and `noted_at` of
    /// a [`FollowUp`]); does nothing when there is no row.
    pub fn set_last_note(&mut self, last_note: Option<&str>, noted_at: Option<DateTime<Utc>>) {
        let Some(row) = self.len().checked_sub(1) else { return };
        let start = self.note_start(row);
        self.note_text.truncate(start);
        let bit = 1u64 << (row % 64);
        match last_note {
            Some(text) => {
                self.note_text.push_str(text);
                self.note_valid[row / 64] |= bit;
            }
            None => self.note_valid[row / 64] &= !bit,
        }
        self.note_ends[row] = self.note_text.len() as u64;
        self.noted_at[row] = noted_at;
    }

    /// Appends a follow-up; returns its row number.
    pub fn push(&mut self, f: &FollowUp) -> usize {
        let row = self.push_row(&f.target_id, &f.assignees.iter().collect::<Vec<_>>(), f.due, f.priority, f.origin);
        if f.last_note.is_some() || f.noted_at.is_some() {
            self.set_last_note(f.last_note.as_deref(), f.noted_at);
        }
        row
    }

    fn note_start(&self, row: usize) -> usize {
        if row == 0 { 0 } else { self.note_ends[row - 1] as usize }
    }

    /// Row `row`'s target id.
    pub(super) fn target(&self, row: usize) -> &str {
        let start = if row == 0 { 0 } else { self.target_ends[row - 1] as usize };
        &self.target_text[start..self.target_ends[row] as usize]
    }

    /// Row `row`'s assignees, as positions in [`Self::user_names`].
    pub(super) fn assignees(&self, row: usize) -> &[u32] {
        let start = if row == 0 { 0 } else { self.assignee_ends[row - 1] as usize };
        &self.assignees[start..self.assignee_ends[row] as usize]
    }

    /// The user ids the rows name, each once.
    pub(super) fn user_names(&self) -> &[String] {
        &self.user_names
    }

    /// Row `row`'s due date, priority and origin.
    pub(super) fn schedule(&self, row: usize) -> (NaiveDate, Priority, Origin) {
        (self.due[row], self.priority[row], self.origin[row])
    }

    /// Row `row`'s note and note instant.
    pub(super) fn note(&self, row: usize) -> (Option<&str>, Option<DateTime<Utc>>) {
        let text = if self.note_valid[row / 64] & (1u64 << (row % 64)) != 0 {
            Some(&self.note_text[self.note_start(row)..self.note_ends[row] as usize])
        } else {
            None
        };
        (text, self.noted_at[row])
    }

    /// Row `row` as a [`FollowUp`] (`None` past the end).
    pub fn get(&self, row: usize) -> Option<FollowUp> {
        if row >= self.len() {
            return None;
        }
        let (due, priority, origin) = self.schedule(row);
        let (note, noted_at) = self.note(row);
        Some(FollowUp {
            target_id: self.target(row).to_owned(),
            assignees: self
                .assignees(row)
                .iter()
                .map(|&u| self.user_names[u as usize].clone())
                .collect::<BTreeSet<_>>(),
            due,
            priority,
            origin,
            last_note: note.map(str::to_owned),
            noted_at,
        })
    }

    /// Every row as a [`FollowUp`], in order.
    pub fn to_followups(&self) -> Vec<FollowUp> {
        (0..self.len()).filter_map(|row| self.get(row)).collect()
    }
}

impl From<&[FollowUp]> for FollowUpColumns {
    fn from(followups: &[FollowUp]) -> Self {
        let mut cols = FollowUpColumns::with_capacity(followups.len());
        for f in followups {
            cols.push(f);
        }
        cols
    }
}

impl From<Vec<FollowUp>> for FollowUpColumns {
    fn from(followups: Vec<FollowUp>) -> Self {
        FollowUpColumns::from(followups.as_slice())
    }
}

impl From<FollowUpColumns> for Vec<FollowUp> {
    fn from(cols: FollowUpColumns) -> Self {
        cols.to_followups()
    }
}

impl<'a> FromIterator<&'a FollowUp> for FollowUpColumns {
    fn from_iter<I: IntoIterator<Item = &'a FollowUp>>(iter: I) -> Self {
        let mut cols = FollowUpColumns::new();
        for f in iter {
            cols.push(f);
        }
        cols
    }
}

/// A row of [`FollowUpColumns`] refused by [`super::FollowUpBook::put_columns`]:
/// its row number and the rejection the owned path gives the same record
/// (`id` is the row's target id).
///
/// JSON: `{"row": 2, "rejection": {"id": "", "rule": "§0", "code": "empty_id", "message": "…"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefusedRow {
    /// The row's number in the columns (from 0).
    pub row: usize,
    /// What was broken, as in a batch of owned follow-ups.
    pub rejection: crate::Rejection,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_read_back_as_pushed_including_broken_ones() {
        let due = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default();
        let at = DateTime::from_timestamp(1_772_000_000, 0);
        let fs = vec![
            FollowUp {
                target_id: "t1".into(),
                assignees: ["u1".to_owned(), "u2".to_owned()].into(),
                due,
                priority: Priority::High,
                origin: Origin::Automation,
                last_note: Some("note".into()),
                noted_at: at,
            },
            FollowUp {
                target_id: String::new(),
                assignees: BTreeSet::new(),
                due,
                priority: Priority::Low,
                origin: Origin::Manual,
                last_note: Some(String::new()),
                noted_at: None,
            },
            FollowUp {
                target_id: "t2".into(),
                assignees: [String::new()].into(),
                due,
                priority: Priority::Normal,
                origin: Origin::Manual,
                last_note: None,
                noted_at: at,
            },
        ];
        let cols = FollowUpColumns::from(fs.as_slice());
        assert_eq!(cols.len(), 3);
        assert!(cols.heap_bytes() >= 3 * (8 + 8 + 4 + 1 + 1 + 8 + 12));
        assert_eq!(cols.to_followups(), fs);
        assert_eq!(cols.get(3), None);
        let json = serde_json::to_string(&cols).unwrap();
        assert_eq!(json, serde_json::to_string(&fs).unwrap());
        let back: FollowUpColumns = serde_json::from_str(&json).unwrap();
        assert_eq!(back, cols);
    }

    #[test]
    fn set_last_note_replaces_the_last_rows_note_only() {
        let due = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default();
        let mut cols = FollowUpColumns::new();
        cols.set_last_note(Some("nowhere"), None);
        assert!(cols.is_empty());
        cols.push_row("t1", &["u1"], due, Priority::Normal, Origin::Manual);
        cols.set_last_note(Some("first"), None);
        cols.push_row("t2", &["u1", "u1"], due, Priority::Normal, Origin::Manual);
        cols.set_last_note(Some("long second note"), None);
        cols.set_last_note(Some("2nd"), None);
        assert_eq!(cols.get(0).and_then(|f| f.last_note).as_deref(), Some("first"));
        let second = cols.get(1).unwrap();
        assert_eq!(second.last_note.as_deref(), Some("2nd"));
        assert_eq!(second.assignees.len(), 1);
        cols.set_last_note(None, None);
        assert_eq!(cols.get(1).and_then(|f| f.last_note), None);
    }
}
