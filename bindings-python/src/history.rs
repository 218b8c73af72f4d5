//! `filrouge::history` for Python: `reconcile`, `Reconciler`, `history`,
//! `restitution` and the filters' helpers (SPEC §1, §2 restitution).
//! Conversion and delegation only.

use crate::arrow::{
    Builder, Columns, Input, Strings, Table, opt_tag, rejections_table, req, req_col, req_tag, tables_dict,
};
use crate::convert::{self, BadInput};
use crate::error;
use crate::history_rows as rows;
use chrono::{DateTime, Utc};
use filrouge::history::{
    self as core, Config, Contact, ContactRecord, HistoryOptions, IndexedReconciliation, Report, ReportRecord,
    Restitution,
};
use pyo3::prelude::*;

fn opt_string(col: &Option<Strings<'_>>, row: usize) -> Option<String> {
    col.as_ref().and_then(|s| s.get(row)).map(str::to_owned)
}

fn opt_u32(c: &Columns<'_>, col: &Option<Vec<Option<i64>>>, name: &str, row: usize) -> Result<Option<u32>, BadInput> {
    match col.as_ref().and_then(|v| v[row]) {
        None => Ok(None),
        Some(x) => u32::try_from(x).map(Some).map_err(|_| c.at(name, row, format!("{x} is not a u32"))),
    }
}

fn opt_bool(col: &Option<&arrow_array::BooleanArray>, row: usize) -> Option<bool> {
    use arrow_array::Array;
    col.and_then(|a| a.is_valid(row).then(|| a.value(row)))
}

/// Contacts from Arrow columns (SPEC §1 names; `parties` a `list<string>`).
pub fn contacts_from_arrow(c: &Columns<'_>, out: &mut Vec<Contact>) -> Result<(), BadInput> {
    let id = req_col(c, "id")?;
    let parties = c.string_lists("parties", true)?.ok_or_else(|| c.at("parties", 0, "missing column"))?;
    let advisor_id = c.strings("advisor_id", false)?;
    let channel = req_col(c, "channel")?;
    let direction = req_col(c, "direction")?;
    let occurred_at = c.instants("occurred_at", true)?.ok_or_else(|| c.at("occurred_at", 0, "missing column"))?;
    let duration_s = c.ints("duration_s", false)?;
    let call_outcome = c.strings("call_outcome", false)?;
    let answered = c.bools("answered", false)?;
    let voicemail_at_s = c.ints("voicemail_at_s", false)?;
    let subject = c.strings("subject", false)?;
    let mail_source = c.strings("mail_source", false)?;
    let notification_topic = c.strings("notification_topic", false)?;
    let letter_kind = c.strings("letter_kind", false)?;
    let has_inline_images = c.bools("has_inline_images", false)?;
    let received_at = c.instants("received_at", false)?;
    out.reserve(c.len());
    for row in 0..c.len() {
        let parties = parties
            .get(row)
            .ok_or_else(|| c.at("parties", row, "null in a required column"))?
            .map(|p| p.map(str::to_owned).ok_or_else(|| c.at("parties", row, "null party")))
            .collect::<Result<Vec<_>, _>>()?;
        out.push(Contact {
            id: req(c, &id, "id", row)?.to_owned(),
            parties,
            advisor_id: opt_string(&advisor_id, row),
            channel: req_tag(c, &channel, "channel", row)?,
            direction: req_tag(c, &direction, "direction", row)?,
            occurred_at: occurred_at[row].ok_or_else(|| c.at("occurred_at", row, "null in a required column"))?,
            duration_s: opt_u32(c, &duration_s, "duration_s", row)?,
            call_outcome: opt_tag(c, &call_outcome, "call_outcome", row)?,
            answered: opt_bool(&answered, row),
            voicemail_at_s: opt_u32(c, &voicemail_at_s, "voicemail_at_s", row)?,
            subject: opt_string(&subject, row),
            mail_source: opt_tag(c, &mail_source, "mail_source", row)?,
            notification_topic: opt_string(&notification_topic, row),
            letter_kind: opt_string(&letter_kind, row),
            has_inline_images: opt_bool(&has_inline_images, row),
            received_at: received_at.as_ref().and_then(|v| v[row]),
        });
    }
    Ok(())
}

/// Reports from Arrow columns (SPEC §1 names).
pub fn reports_from_arrow(c: &Columns<'_>, out: &mut Vec<Report>) -> Result<(), BadInput> {
    let id = req_col(c, "id")?;
    let client_id = req_col(c, "client_id")?;
    let advisor_id = req_col(c, "advisor_id")?;
    let channel = req_col(c, "channel")?;
    let initiative = req_col(c, "initiative")?;
    let entered_at = c.instants("entered_at", true)?.ok_or_else(|| c.at("entered_at", 0, "missing column"))?;
    let motive = c.strings("motive", false)?;
    let comment = c.strings("comment", false)?;
    out.reserve(c.len());
    for (row, entered) in entered_at.iter().enumerate() {
        out.push(Report {
            id: req(c, &id, "id", row)?.to_owned(),
            client_id: req(c, &client_id, "client_id", row)?.to_owned(),
            advisor_id: req(c, &advisor_id, "advisor_id", row)?.to_owned(),
            channel: req_tag(c, &channel, "channel", row)?,
            initiative: req_tag(c, &initiative, "initiative", row)?,
            entered_at: entered.ok_or_else(|| c.at("entered_at", row, "null in a required column"))?,
            motive: opt_string(&motive, row),
            comment: opt_string(&comment, row),
        });
    }
    Ok(())
}

/// A reconciliation as four Arrow tables (`links`, `orphans`, `reported`,
/// `rejected`), the ids read from the records the positions name.
fn reconciliation_tables<C: ContactRecord, R: ReportRecord>(
    r: &IndexedReconciliation,
    contacts: &[C],
    reports: &[R],
) -> [(&'static str, Table); 4] {
    // Positions come from the core over these very slices; `get` keeps a
    // wrong one from panicking all the same.
    let report_id = |i: usize| reports.get(i).map_or("", |r| r.id());
    let contact_id = |i: usize| contacts.get(i).map_or("", |c| c.id());
    [
        (
            "links",
            Builder::new()
                .strings("report_id", r.links.iter().map(|l| report_id(l.report)))
                .strings("contact_id", r.links.iter().map(|l| contact_id(l.contact)))
                .strings("rule", r.links.iter().map(|l| l.rule.as_str()))
                .finish(),
        ),
        (
            "orphans",
            Builder::new()
                .strings("report_id", r.orphans.iter().map(|o| report_id(o.report)))
                .strings("status", r.orphans.iter().map(|o| o.status.as_str()))
                .finish(),
        ),
        ("reported", Builder::new().strings("report_id", r.reported.iter().map(|&i| report_id(i))).finish()),
        ("rejected", rejections_table(&r.rejected)),
    ]
}

/// Reconciles and builds the Arrow tables over records of any kind.
fn reconcile_tables<C: ContactRecord, R: ReportRecord>(
    contacts: &[C],
    reports: &[R],
    config: &Config,
    now: DateTime<Utc>,
) -> [(&'static str, Table); 4] {
    reconciliation_tables(&core::reconcile_indexed(contacts, reports, config, now), contacts, reports)
}

/// The Arrow path of `reconcile`: Arrow inputs are borrowed, never copied
/// into owned records (a list-of-dicts argument beside one is converted).
fn reconcile_arrow(
    contacts: Input,
    reports: Input,
    config: &Config,
    now: DateTime<Utc>,
) -> Result<[(&'static str, Table); 4], BadInput> {
    let (c_batches, c_owned) = match contacts {
        Input::Arrow(b) => (b, None),
        json => (Vec::new(), Some(json.records::<Contact>("contacts", contacts_from_arrow)?)),
    };
    let (r_batches, r_owned) = match reports {
        Input::Arrow(b) => (b, None),
        json => (Vec::new(), Some(json.records::<Report>("reports", reports_from_arrow)?)),
    };
    // Arrow inputs as the binding's own rows: a batch reference and a row
    // number each, read from the Arrow buffers where they lie (history_rows.rs).
    let c_read = rows::contact_batches(&c_batches)?;
    let r_read = rows::report_batches(&r_batches)?;
    let c_rows: Vec<_> = c_read.iter().flat_map(rows::ContactBatch::rows).collect();
    let r_rows: Vec<_> = r_read.iter().flat_map(rows::ReportBatch::rows).collect();
    Ok(match (&c_owned, &r_owned) {
        (Some(cs), Some(rs)) => reconcile_tables(cs, rs, config, now),
        (Some(cs), None) => reconcile_tables(cs, &r_rows, config, now),
        (None, Some(rs)) => reconcile_tables(&c_rows, rs, config, now),
        (None, None) => reconcile_tables(&c_rows, &r_rows, config, now),
    })
}

/// Reconciles contacts with reports at `now` (R-1.1 … ).
///
/// `contacts` and `reports` are lists of dicts (SPEC §9 shapes) or Arrow
/// data (pyarrow/polars/DuckDB, columns named as the fields). Returns
/// `{"links", "orphans", "reported", "rejected"}`: lists of dicts, or Arrow
/// `Table`s when an input was Arrow. Bad records come back in `rejected`.
#[pyfunction]
#[pyo3(signature = (contacts, reports, *, now, config = None))]
pub fn reconcile<'py>(
    py: Python<'py>,
    contacts: &Bound<'py, PyAny>,
    reports: &Bound<'py, PyAny>,
    now: &Bound<'py, PyAny>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let now = convert::instant(now, "now")?;
    let config: Config = convert::arg_or_default(config, "config")?;
    let contacts = Input::read(Some(contacts), "contacts")?;
    let reports = Input::read(Some(reports), "reports")?;
    let arrow_out = contacts.is_arrow() || reports.is_arrow();
    let result = py.detach(|| -> Result<_, BadInput> {
        if arrow_out {
            return reconcile_arrow(contacts, reports, &config, now).map(Err);
        }
        let contacts = contacts.records("contacts", contacts_from_arrow)?;
        let reports = reports.records("reports", reports_from_arrow)?;
        let r = core::reconcile(&contacts, &reports, &config, now);
        crate::arrow::drop_later(contacts);
        crate::arrow::drop_later(reports);
        Ok(Ok(r))
    });
    match result.map_err(|e| e.into_pyerr(py))? {
        Ok(r) => convert::to_py(py, &r),
        Err(tables) => tables_dict(py, tables),
    }
}

fn options(legal_entities: Option<&Bound<'_, PyAny>>, holds: Option<&Bound<'_, PyAny>>) -> PyResult<HistoryOptions> {
    Ok(HistoryOptions {
        legal_entities: convert::arg_or_default(legal_entities, "legal_entities")?,
        holds: convert::arg_or_default(holds, "holds")?,
    })
}

/// The history of `client_id` at `now` (R-1.6, R-1.10, R-2.x filters,
/// retention): `{"client_id", "entries", "coverage"}`, entries newest first.
///
/// Raises `NotANaturalPersonError` for a client in `legal_entities`.
#[pyfunction]
#[pyo3(signature = (client_id, contacts, reports, *, now, config = None, legal_entities = None, holds = None))]
#[allow(clippy::too_many_arguments)]
pub fn history<'py>(
    py: Python<'py>,
    client_id: &Bound<'py, PyAny>,
    contacts: &Bound<'py, PyAny>,
    reports: &Bound<'py, PyAny>,
    now: &Bound<'py, PyAny>,
    config: Option<&Bound<'py, PyAny>>,
    legal_entities: Option<&Bound<'py, PyAny>>,
    holds: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let client_id: String = convert::arg(client_id, "client_id")?;
    let now = convert::instant(now, "now")?;
    let config: Config = convert::arg_or_default(config, "config")?;
    let options = options(legal_entities, holds)?;
    let contacts = Input::read(Some(contacts), "contacts")?;
    let reports = Input::read(Some(reports), "reports")?;
    let result = py
        .detach(|| -> Result<_, BadInput> {
            let contacts = contacts.records("contacts", contacts_from_arrow)?;
            let reports = reports.records("reports", reports_from_arrow)?;
            Ok(core::history(&client_id, &contacts, &reports, &options, &config, now))
        })
        .map_err(|e| e.into_pyerr(py))?;
    convert::to_py(py, &result.map_err(|e| error::from_core(py, &e))?)
}

fn filters(filters: Option<&Bound<'_, PyAny>>) -> PyResult<Restitution> {
    convert::arg_or_default(filters, "filters")
}

/// Whether histories show `contact` (R-2.1 … ): `{"visible", "reason"?,
/// "call_outcome"?}`. `filters` is the `restitution` part of a config
/// (defaults when omitted).
#[pyfunction]
#[pyo3(signature = (contact, filters = None))]
pub fn restitution<'py>(
    py: Python<'py>,
    contact: &Bound<'py, PyAny>,
    filters: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let contact: Contact = convert::arg(contact, "contact")?;
    convert::to_py(py, &core::restitution(&contact, &self::filters(filters)?))
}

/// Why histories hide `contact` (`short_outbound_call`, `private_subject`,
/// `notification_topic`, `letter_kind`), or None when shown.
#[pyfunction]
#[pyo3(signature = (contact, filters = None))]
pub fn hidden_reason<'py>(
    py: Python<'py>,
    contact: &Bound<'py, PyAny>,
    filters: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let contact: Contact = convert::arg(contact, "contact")?;
    convert::to_py(py, &core::hidden_reason(&contact, &self::filters(filters)?))
}

/// The outcome of an inbound call: given, or derived from
/// `answered` and `voicemail_at_s`; None for other contacts.
#[pyfunction]
pub fn call_outcome<'py>(py: Python<'py>, contact: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let contact: Contact = convert::arg(contact, "contact")?;
    convert::to_py(py, &core::call_outcome(&contact))
}

/// Whether a mail subject is private: after reply/forward prefixes it
/// starts with one of `words` (the default list when omitted).
#[pyfunction]
#[pyo3(signature = (subject, words = None))]
pub fn is_private_subject(subject: &Bound<'_, PyAny>, words: Option<&Bound<'_, PyAny>>) -> PyResult<bool> {
    let subject: String = convert::arg(subject, "subject")?;
    let words: Vec<String> = match words {
        Some(w) if !w.is_none() => convert::arg(w, "words")?,
        _ => Restitution::default().excluded_subject_words,
    };
    Ok(core::is_private_subject(&subject, &words))
}

/// `text` cut to at most `max` characters (never inside a character), and
/// whether it was cut.
#[pyfunction]
pub fn truncate_chars(text: &Bound<'_, PyAny>, max: &Bound<'_, PyAny>) -> PyResult<(String, bool)> {
    let text: String = convert::arg(text, "text")?;
    let max: usize = convert::arg(max, "max")?;
    let (cut, truncated) = core::truncate_chars(&text, max);
    Ok((cut.to_owned(), truncated))
}

/// The incremental reconciliation engine: feed contacts and reports
/// in any order and any number of batches; after each batch its state equals
/// one `reconcile` over everything received, and `add` returns what changed.
#[pyclass(module = "filrouge")]
pub struct Reconciler {
    inner: core::Reconciler,
}

#[pymethods]
impl Reconciler {
    /// An empty engine with `config` (SPEC defaults when omitted).
    #[new]
    #[pyo3(signature = (config = None))]
    fn new(config: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        Ok(Reconciler { inner: core::Reconciler::new(convert::arg_or_default(config, "config")?) })
    }

    /// Adds a batch at `now`; returns the changes (`{"change": "linked", …}`).
    #[pyo3(signature = (contacts = None, reports = None, *, now))]
    fn add<'py>(
        &mut self,
        py: Python<'py>,
        contacts: Option<&Bound<'py, PyAny>>,
        reports: Option<&Bound<'py, PyAny>>,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let now = convert::instant(now, "now")?;
        let contacts = Input::read(contacts, "contacts")?;
        let reports = Input::read(reports, "reports")?;
        let inner = &mut self.inner;
        let changes = py
            .detach(|| -> Result<_, BadInput> {
                let contacts = contacts.records("contacts", contacts_from_arrow)?;
                let reports = reports.records("reports", reports_from_arrow)?;
                Ok(inner.add(contacts, reports, now))
            })
            .map_err(|e| e.into_pyerr(py))?;
        convert::to_py(py, &changes)
    }

    /// Moves time forward: provisional orphans whose horizon passed become
    /// final. Returns the changes.
    fn advance<'py>(&mut self, py: Python<'py>, now: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let now = convert::instant(now, "now")?;
        let inner = &mut self.inner;
        let changes = py.detach(|| inner.advance(now));
        convert::to_py(py, &changes)
    }

    /// The whole state, as `reconcile` over every record received would give it.
    fn reconciliation<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let inner = &self.inner;
        let r = py.detach(|| inner.reconciliation());
        convert::to_py(py, &r)
    }

    /// The state of one report (`{"state": "linked", …}`), None if never received.
    fn report_state<'py>(&self, py: Python<'py>, report_id: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let report_id: String = convert::arg(report_id, "report_id")?;
        convert::to_py(py, &self.inner.report_state(&report_id))
    }

    /// The history of `client_id` at the last `now` given.
    #[pyo3(signature = (client_id, *, legal_entities = None, holds = None))]
    fn history<'py>(
        &self,
        py: Python<'py>,
        client_id: &Bound<'py, PyAny>,
        legal_entities: Option<&Bound<'py, PyAny>>,
        holds: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let client_id: String = convert::arg(client_id, "client_id")?;
        let options = options(legal_entities, holds)?;
        let inner = &self.inner;
        let h = py.detach(|| inner.history(&client_id, &options)).map_err(|e| error::from_core(py, &e))?;
        convert::to_py(py, &h)
    }

    /// The configuration, as a dict.
    #[getter]
    fn config<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, self.inner.config())
    }
}

/// Adds this module's functions and classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(reconcile, m)?)?;
    m.add_function(wrap_pyfunction!(history, m)?)?;
    m.add_function(wrap_pyfunction!(restitution, m)?)?;
    m.add_function(wrap_pyfunction!(hidden_reason, m)?)?;
    m.add_function(wrap_pyfunction!(call_outcome, m)?)?;
    m.add_function(wrap_pyfunction!(is_private_subject, m)?)?;
    m.add_function(wrap_pyfunction!(truncate_chars, m)?)?;
    m.add_class::<Reconciler>()?;
    Ok(())
}
