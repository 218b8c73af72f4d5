//! `reconcileAsync`'s result written into JS with as few new V8 objects as
//! possible (issue 5): ids are the caller's own strings read back from its
//! input arrays (the core's `reconcile_indexed` gives positions), and keys,
//! rules, statuses and codes are created once per call ([`Ctx`]). The JS
//! shape and values are those of the synchronous `reconcile`. Only
//! conversion happens here.

use crate::task::{CHECK_EVERY, Ctx, OutList, Output};
use filrouge::history as h;
use napi::sys;
use std::time::Instant;

/// Input arrays as [`crate::task::Job::inputs`] gives them for `reconcileAsync`.
const CONTACTS: usize = 0;
const REPORTS: usize = 1;

/// Ids in one buffer (one allocation, whatever their number), by index.
#[derive(Default)]
struct Ids {
    text: String,
    ends: Vec<usize>,
}

impl Ids {
    fn push(&mut self, id: &str) {
        self.text.push_str(id);
        self.ends.push(self.text.len());
    }

    fn get(&self, k: usize) -> &str {
        let start = if k == 0 { 0 } else { self.ends.get(k - 1).copied().unwrap_or(0) };
        let end = self.ends.get(k).copied().unwrap_or(start);
        self.text.get(start..end).unwrap_or("")
    }
}

/// Writes one element: the row, the ids noted for it, its index.
type WriteRow<T> = fn(&mut Ctx, &T, &Ids, usize) -> crate::error::Result<sys::napi_value>;

/// A result list: rows of the core's indexed result and their ids.
struct Rows<T> {
    rows: Vec<T>,
    ids: Ids,
    next: usize,
    write: WriteRow<T>,
}

impl<T: Send> OutList for Rows<T> {
    fn write(&mut self, cx: &mut Ctx, array: sys::napi_value, deadline: Instant) -> crate::error::Result<bool> {
        let Rows { rows, ids, next, write } = self;
        loop {
            let done = cx.scoped(|cx| {
                for _ in 0..CHECK_EVERY {
                    let Some(row) = rows.get(*next) else { return Ok(true) };
                    let value = write(cx, row, ids, *next)?;
                    cx.push(array, *next as u32, value)?;
                    *next += 1;
                }
                Ok(false)
            })?;
            if done {
                return Ok(true);
            }
            if Instant::now() >= deadline {
                return Ok(false);
            }
        }
    }
}

fn rows<T: Send + 'static>(rows: Vec<T>, ids: Ids, write: WriteRow<T>) -> Box<dyn OutList> {
    Box::new(Rows { rows, ids, next: 0, write })
}

fn link_rule(rule: h::LinkRule) -> &'static str {
    match rule {
        h::LinkRule::JustAfter => "just_after",
        h::LinkRule::LastOfDay => "last_of_day",
    }
}

fn orphan_status(status: h::OrphanStatus) -> &'static str {
    match status {
        h::OrphanStatus::Provisional => "provisional",
        h::OrphanStatus::Final => "final",
    }
}

/// The result of `reconcile_indexed` over `contacts` and `reports` as
/// `reconcileAsync` writes it: `{ links, orphans, reported, rejected }`.
pub fn reconciliation_output(r: h::IndexedReconciliation, contacts: &[h::Contact], reports: &[h::Report]) -> Output {
    let h::IndexedReconciliation { links, orphans, reported, rejected } = r;
    let report_id = |i: usize| reports.get(i).map_or("", |r| r.id.as_str());
    let contact_id = |i: usize| contacts.get(i).map_or("", |c| c.id.as_str());
    let mut link_ids = Ids::default();
    for l in &links {
        link_ids.push(report_id(l.report));
        link_ids.push(contact_id(l.contact));
    }
    let mut orphan_ids = Ids::default();
    for o in &orphans {
        orphan_ids.push(report_id(o.report));
    }
    let mut reported_ids = Ids::default();
    for &i in &reported {
        reported_ids.push(report_id(i));
    }
    Output::default()
        .custom_list(
            "links",
            rows(links, link_ids, |cx, l: &h::IndexedLink, ids, k| {
                let report_id = cx.input_id(REPORTS, l.report, ids.get(2 * k))?;
                let contact_id = cx.input_id(CONTACTS, l.contact, ids.get(2 * k + 1))?;
                let rule = cx.constant(link_rule(l.rule))?;
                cx.object(&[("reportId", report_id), ("contactId", contact_id), ("rule", rule)])
            }),
        )
        .custom_list(
            "orphans",
            rows(orphans, orphan_ids, |cx, o: &h::IndexedOrphan, ids, k| {
                let report_id = cx.input_id(REPORTS, o.report, ids.get(k))?;
                let status = cx.constant(orphan_status(o.status))?;
                cx.object(&[("reportId", report_id), ("status", status)])
            }),
        )
        .custom_list(
            "reported",
            rows(reported, reported_ids, |cx, &i: &usize, ids, k| cx.input_id(REPORTS, i, ids.get(k))),
        )
        .custom_list(
            "rejected",
            rows(rejected, Ids::default(), |cx, r: &filrouge::Rejection, _, _| {
                let filrouge::Rejection { id, rule, code, message } = r;
                let id = cx.new_string(id)?;
                let rule = cx.constant(rule)?;
                let code = cx.constant(code)?;
                let message = cx.new_string(message)?;
                cx.object(&[("id", id), ("rule", rule), ("code", code), ("message", message)])
            }),
        )
}
