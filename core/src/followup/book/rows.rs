//! Where a bulk put reads its records: owned [`FollowUp`]s or
//! [`FollowUpColumns`]. Both give the same fields, checked by the same
//! rules ([`check_record`]), so the load and the put path are written once.

use super::{FollowUpBook, Users};
use crate::followup::Error;
use crate::followup::columns::FollowUpColumns;
use crate::followup::model::{FollowUp, Origin, Priority, check_record};
use chrono::{DateTime, NaiveDate, Utc};
use std::borrow::Borrow;

/// Records of a bulk put, by row number.
pub(super) trait Rows<'a> {
    /// The number of rows.
    fn count(&self) -> usize;
    /// The row's target id.
    fn target(&self, row: usize) -> &'a str;
    /// The checks of [`FollowUp::validate`] on the row.
    fn check(&self, row: usize) -> Result<(), Error>;
    /// The row's assignees, interned in `book` (a checked row only).
    fn users(&mut self, row: usize, book: &mut FollowUpBook) -> Users;
    /// The row's due date, priority and origin.
    fn schedule(&self, row: usize) -> (NaiveDate, Priority, Origin);
    /// The row's note and note instant.
    fn note(&self, row: usize) -> (Option<&'a str>, Option<DateTime<Utc>>);
}

/// Owned follow-ups (by value or by reference).
pub(super) struct Owned<'a, F>(pub &'a [F]);

impl<'a, F: Borrow<FollowUp>> Owned<'a, F> {
    fn at(&self, row: usize) -> &'a FollowUp {
        self.0[row].borrow()
    }
}

impl<'a, F: Borrow<FollowUp>> Rows<'a> for Owned<'a, F> {
    fn count(&self) -> usize {
        self.0.len()
    }

    fn target(&self, row: usize) -> &'a str {
        &self.at(row).target_id
    }

    fn check(&self, row: usize) -> Result<(), Error> {
        self.at(row).validate()
    }

    fn users(&mut self, row: usize, book: &mut FollowUpBook) -> Users {
        book.intern_all(&self.at(row).assignees)
    }

    fn schedule(&self, row: usize) -> (NaiveDate, Priority, Origin) {
        let f = self.at(row);
        (f.due, f.priority, f.origin)
    }

    fn note(&self, row: usize) -> (Option<&'a str>, Option<DateTime<Utc>>) {
        let f = self.at(row);
        (f.last_note.as_deref(), f.noted_at)
    }
}

/// Not yet interned in the book.
const UNSEEN: u32 = u32::MAX;

/// Columns, their user dictionary mapped to the book's user numbers as
/// users are first met in a checked row.
pub(super) struct Columnar<'a> {
    cols: &'a FollowUpColumns,
    /// The book's number of each dictionary user, or [`UNSEEN`].
    map: Vec<u32>,
}

impl<'a> Columnar<'a> {
    pub(super) fn new(cols: &'a FollowUpColumns) -> Self {
        Columnar { cols, map: vec![UNSEEN; cols.user_names().len()] }
    }

    fn user(&mut self, u: u32, book: &mut FollowUpBook) -> u32 {
        let id = &mut self.map[u as usize];
        if *id == UNSEEN {
            *id = book.intern(&self.cols.user_names()[u as usize]);
        }
        *id
    }
}

impl<'a> Rows<'a> for Columnar<'a> {
    fn count(&self) -> usize {
        self.cols.len()
    }

    fn target(&self, row: usize) -> &'a str {
        self.cols.target(row)
    }

    fn check(&self, row: usize) -> Result<(), Error> {
        let names = self.cols.user_names();
        let users = self.cols.assignees(row);
        check_record(self.cols.target(row), users.is_empty(), || users.iter().any(|&u| names[u as usize].is_empty()))
    }

    fn users(&mut self, row: usize, book: &mut FollowUpBook) -> Users {
        let cols = self.cols;
        match cols.assignees(row) {
            &[u] => Users::One(self.user(u, book)),
            &[a, b] => {
                let a = self.user(a, book);
                Users::pair(a, self.user(b, book))
            }
            many => Users::from_sorted(many.iter().map(|&u| self.user(u, book)).collect()),
        }
    }

    fn schedule(&self, row: usize) -> (NaiveDate, Priority, Origin) {
        self.cols.schedule(row)
    }

    fn note(&self, row: usize) -> (Option<&'a str>, Option<DateTime<Utc>>) {
        self.cols.note(row)
    }
}
