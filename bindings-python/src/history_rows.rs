//! Contacts and reports read straight from Arrow columns for `reconcile`
//! (part of conversion): the binding's own row types implementing the
//! core's `ContactRecord`/`ReportRecord` (SPEC §1, R-1.1 … ).
//!
//! A row is a batch reference and a row number (16 bytes): nothing is built
//! per row. Each batch is read once, column by column: the strings (ids,
//! advisors, clients, comments) stay in the Arrow buffers and are read
//! where they lie; the values reconciliation reads on every row (channel,
//! direction, instants, durations) are decoded once into flat typed
//! vectors; every contact's parties go into one `&str` buffer. Columns
//! only `to_contact`/`to_report` read (two copies of one id compared,
//! SPEC §0) are checked up front, so a bad value is still an error naming
//! its column and row, and read again only for such copies.
//!
//! A bad value is reported for the first row that has one (in row order,
//! then in the fields' order), as a row-by-row conversion would.

use crate::arrow::{Columns, InstantValues, Strings, TagCache};
use crate::convert::BadInput;
use arrow_array::{Array, BooleanArray, RecordBatch};
use chrono::{DateTime, Utc};
use filrouge::history::{CallOutcome, Channel, Contact, ContactRecord, Direction, MailSource, Report, ReportRecord};
use serde::de::DeserializeOwned;

/// The first bad value met, by row then by the order columns are checked.
struct FirstError(Option<(usize, BadInput)>);

impl FirstError {
    /// The column's value, or its default after noting its error.
    fn keep<T: Default>(&mut self, r: Result<T, (usize, BadInput)>) -> T {
        match r {
            Ok(v) => v,
            Err((row, e)) => {
                if self.0.as_ref().is_none_or(|(first, _)| row < *first) {
                    self.0 = Some((row, e));
                }
                T::default()
            }
        }
    }

    fn check(self) -> Result<(), BadInput> {
        self.0.map_or(Ok(()), |(_, e)| Err(e))
    }
}

type RowResult<T> = Result<T, (usize, BadInput)>;

/// The first null row of a required string column.
fn no_nulls(c: &Columns<'_>, col: &Strings<'_>, name: &str) -> RowResult<()> {
    match col.first_null() {
        Some(row) => Err((row, c.at(name, row, "null in a required column"))),
        None => Ok(()),
    }
}

/// Enum values from their lower-snake tags (a null is an error at its
/// row when `required`). The few distinct tags a column holds are parsed
/// once each (through the core's serde names), then recognised by comparison.
fn tags<T: DeserializeOwned + Copy>(
    c: &Columns<'_>,
    col: &Strings<'_>,
    name: &str,
    required: bool,
) -> RowResult<Vec<Option<T>>> {
    let mut seen = TagCache::new();
    // A string view of at most 12 bytes holds the whole string: equal
    // views are equal strings, recognised without reading the text.
    let mut seen_views: Vec<(u128, T)> = Vec::new();
    let view_array = match col {
        Strings::View(a) => Some(*a),
        _ => None,
    };
    let mut out = Vec::with_capacity(col.len());
    for row in 0..col.len() {
        let short = view_array
            .filter(|a| a.is_valid(row))
            .and_then(|a| a.views().get(row).copied())
            .filter(|&v| v as u32 <= 12);
        if let Some(view) = short
            && let Some(&(_, v)) = seen_views.iter().find(|(k, _)| *k == view)
        {
            out.push(Some(v));
            continue;
        }
        let Some(text) = col.get(row) else {
            if required {
                return Err((row, c.at(name, row, "null in a required column")));
            }
            out.push(None);
            continue;
        };
        let value: T = seen.get(text).map_err(|e| (row, c.at(name, row, e)))?;
        if let Some(view) = short
            && seen_views.len() < 32
        {
            seen_views.push((view, value));
        }
        out.push(Some(value));
    }
    Ok(out)
}

/// A required enum column.
fn req_tags<T: DeserializeOwned + Copy>(c: &Columns<'_>, col: &Strings<'_>, name: &str) -> RowResult<Vec<T>> {
    // Every value is there (a null is an error above).
    Ok(tags(c, col, name, true)?.into_iter().flatten().collect())
}

/// An optional enum column (absent: `None`).
fn opt_tags<T: DeserializeOwned + Copy>(
    c: &Columns<'_>,
    col: &Option<Strings<'_>>,
    name: &str,
) -> RowResult<Option<Vec<Option<T>>>> {
    col.as_ref().map(|col| tags(c, col, name, false)).transpose()
}

/// A required instant column's raw values, checked (type, time zone) as
/// `Columns::instants` checks it; read them with [`instants`].
fn instant_column(c: &Columns<'_>, name: &str) -> Result<InstantValues, BadInput> {
    c.instant_values(name, true)?.ok_or_else(|| c.at(name, 0, "missing column"))
}

/// The instants of a required column, in one pass over its raw values.
fn instants(c: &Columns<'_>, name: &str, (values, nulls, unit): InstantValues) -> RowResult<Vec<DateTime<Utc>>> {
    let nulls = nulls.filter(|n| n.null_count() > 0);
    values
        .iter()
        .enumerate()
        .map(|(row, &v)| {
            if nulls.as_ref().is_some_and(|n| n.is_null(row)) {
                return Err((row, c.at(name, row, "null in a required column")));
            }
            crate::arrow::instant(v, unit).ok_or_else(|| (row, c.at(name, row, "timestamp out of range")))
        })
        .collect()
}

/// An optional `u32` column read from any integer column.
fn opt_u32s(c: &Columns<'_>, name: &str) -> Result<RowResult<Option<Vec<Option<u32>>>>, BadInput> {
    let Some(values) = c.ints(name, false)? else { return Ok(Ok(None)) };
    Ok(values
        .into_iter()
        .enumerate()
        .map(|(row, v)| {
            v.map(|x| u32::try_from(x).map_err(|_| (row, c.at(name, row, format!("{x} is not a u32"))))).transpose()
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some))
}

/// One contacts batch, read for reconciliation.
pub struct ContactBatch<'a> {
    id: Strings<'a>,
    /// Every row's parties, in row order: row `n`'s are
    /// `parties[party_at[n]..party_at[n + 1]]`.
    parties: Vec<&'a str>,
    party_at: Vec<usize>,
    advisor_id: Option<Strings<'a>>,
    channel: Vec<Channel>,
    direction: Vec<Direction>,
    occurred_at: Vec<DateTime<Utc>>,
    duration_s: Option<Vec<Option<u32>>>,
    // Read by `to_contact` only.
    call_outcome: Option<Vec<Option<CallOutcome>>>,
    answered: Option<&'a BooleanArray>,
    voicemail_at_s: Option<Vec<Option<u32>>>,
    subject: Option<Strings<'a>>,
    mail_source: Option<Vec<Option<MailSource>>>,
    notification_topic: Option<Strings<'a>>,
    letter_kind: Option<Strings<'a>>,
    has_inline_images: Option<&'a BooleanArray>,
    received_at: Option<Vec<Option<DateTime<Utc>>>>,
}

impl<'a> ContactBatch<'a> {
    /// Reads the columns of `c` (SPEC §1 names; `parties` a `list<string>`);
    /// the first bad value is an error naming its column and row.
    pub fn read(c: &Columns<'a>) -> Result<Self, BadInput> {
        let id = crate::arrow::req_col(c, "id")?;
        let parties = c.string_lists("parties", true)?.ok_or_else(|| c.at("parties", 0, "missing column"))?;
        // The parties and the instants on a second thread for a large batch,
        // the other columns on this one (columns are checked in order first).
        std::thread::scope(|scope| {
            let parties = &parties;
            let advisor_id = c.strings("advisor_id", false)?;
            let channel = crate::arrow::req_col(c, "channel")?;
            let direction = crate::arrow::req_col(c, "direction")?;
            let occurred_at = instant_column(c, "occurred_at")?;
            let second = {
                let occurred_at = occurred_at.clone();
                move || (flat_parties(c, parties), instants(c, "occurred_at", occurred_at))
            };
            let spawned = (c.len() >= crate::arrow::PARALLEL_MIN_ROWS)
                .then(|| std::thread::Builder::new().spawn_scoped(scope, second).ok())
                .flatten();
            let duration_s = opt_u32s(c, "duration_s")?;
            let call_outcome = c.strings("call_outcome", false)?;
            let answered = c.bools("answered", false)?;
            let voicemail_at_s = opt_u32s(c, "voicemail_at_s")?;
            let subject = c.strings("subject", false)?;
            let mail_source = c.strings("mail_source", false)?;
            let notification_topic = c.strings("notification_topic", false)?;
            let letter_kind = c.strings("letter_kind", false)?;
            let has_inline_images = c.bools("has_inline_images", false)?;
            let received_at = c.instants("received_at", false)?;
            let channel = req_tags(c, &channel, "channel");
            let direction = req_tags(c, &direction, "direction");
            let call_outcome = opt_tags(c, &call_outcome, "call_outcome");
            let mail_source = opt_tags(c, &mail_source, "mail_source");
            let (flat, occurred_at) = match spawned {
                Some(h) => h.join().unwrap_or_else(|_| {
                    let failed = |name| (0, c.at(name, 0, "a conversion thread failed"));
                    (Err(failed("parties")), Err(failed("occurred_at")))
                }),
                None => (flat_parties(c, parties), instants(c, "occurred_at", occurred_at)),
            };
            let mut first = FirstError(None);
            first.keep(no_nulls(c, &id, "id"));
            let (flat, party_at) = first.keep(flat);
            let batch = ContactBatch {
                parties: flat,
                party_at,
                channel: first.keep(channel),
                direction: first.keep(direction),
                occurred_at: first.keep(occurred_at),
                duration_s: first.keep(duration_s),
                call_outcome: first.keep(call_outcome),
                voicemail_at_s: first.keep(voicemail_at_s),
                mail_source: first.keep(mail_source),
                id,
                advisor_id,
                answered,
                subject,
                notification_topic,
                letter_kind,
                has_inline_images,
                received_at,
            };
            first.check()?;
            Ok(batch)
        })
    }

    /// Rows in the batch.
    pub fn len(&self) -> usize {
        self.channel.len()
    }

    /// Its rows, as records for the core.
    pub fn rows(&'a self) -> impl Iterator<Item = ContactRow<'a>> + 'a {
        (0..self.len()).map(move |row| ContactRow { batch: self, row })
    }
}

/// Every row's parties in one buffer, and where each row's start.
fn flat_parties<'a>(c: &Columns<'_>, lists: &crate::arrow::StringLists<'a>) -> RowResult<(Vec<&'a str>, Vec<usize>)> {
    let mut flat = Vec::with_capacity(c.len() + c.len() / 4);
    let mut offsets = Vec::with_capacity(c.len() + 1);
    offsets.push(0);
    for row in 0..c.len() {
        let items = lists.get(row).ok_or_else(|| (row, c.at("parties", row, "null in a required column")))?;
        for p in items {
            flat.push(p.ok_or_else(|| (row, c.at("parties", row, "null party")))?);
        }
        offsets.push(flat.len());
    }
    Ok((flat, offsets))
}

/// A contact: a row of a [`ContactBatch`].
#[derive(Clone, Copy)]
pub struct ContactRow<'a> {
    batch: &'a ContactBatch<'a>,
    row: usize,
}

/// The value at `row` of an optional column.
fn at<T: Copy>(col: &Option<Vec<Option<T>>>, row: usize) -> Option<T> {
    col.as_ref().and_then(|v| v.get(row).copied().flatten())
}

fn opt_str<'a>(col: &Option<Strings<'a>>, row: usize) -> Option<&'a str> {
    col.as_ref().and_then(|s| s.get(row))
}

fn opt_bool(col: Option<&BooleanArray>, row: usize) -> Option<bool> {
    col.and_then(|a| a.is_valid(row).then(|| a.value(row)))
}

impl<'a> ContactRecord for ContactRow<'a> {
    type Party = &'a str;

    // Indexes below are the batch's own rows; `get` keeps a wrong one from
    // panicking all the same (checked columns have no nulls).
    fn id(&self) -> &str {
        self.batch.id.get(self.row).unwrap_or_default()
    }
    fn parties(&self) -> &[&'a str] {
        let b = self.batch;
        match (b.party_at.get(self.row), b.party_at.get(self.row + 1)) {
            (Some(&from), Some(&to)) => b.parties.get(from..to).unwrap_or_default(),
            _ => &[],
        }
    }
    fn advisor_id(&self) -> Option<&str> {
        opt_str(&self.batch.advisor_id, self.row)
    }
    fn channel(&self) -> Channel {
        self.batch.channel.get(self.row).copied().unwrap_or(Channel::Phone)
    }
    fn direction(&self) -> Direction {
        self.batch.direction.get(self.row).copied().unwrap_or(Direction::Inbound)
    }
    fn occurred_at(&self) -> DateTime<Utc> {
        self.batch.occurred_at.get(self.row).copied().unwrap_or_default()
    }
    fn duration_s(&self) -> Option<u32> {
        at(&self.batch.duration_s, self.row)
    }
    fn to_contact(&self) -> Contact {
        let (b, row) = (self.batch, self.row);
        let owned = |s: Option<&str>| s.map(str::to_owned);
        Contact {
            id: self.id().to_owned(),
            parties: self.parties().iter().map(|p| (*p).to_owned()).collect(),
            advisor_id: owned(self.advisor_id()),
            channel: self.channel(),
            direction: self.direction(),
            occurred_at: self.occurred_at(),
            duration_s: self.duration_s(),
            call_outcome: at(&b.call_outcome, row),
            answered: opt_bool(b.answered, row),
            voicemail_at_s: at(&b.voicemail_at_s, row),
            subject: owned(opt_str(&b.subject, row)),
            mail_source: at(&b.mail_source, row),
            notification_topic: owned(opt_str(&b.notification_topic, row)),
            letter_kind: owned(opt_str(&b.letter_kind, row)),
            has_inline_images: opt_bool(b.has_inline_images, row),
            received_at: at(&b.received_at, row),
        }
    }
}

/// One reports batch, read for reconciliation.
pub struct ReportBatch<'a> {
    id: Strings<'a>,
    client_id: Strings<'a>,
    advisor_id: Strings<'a>,
    channel: Vec<Channel>,
    initiative: Vec<Direction>,
    entered_at: Vec<DateTime<Utc>>,
    motive: Option<Strings<'a>>,
    comment: Option<Strings<'a>>,
}

impl<'a> ReportBatch<'a> {
    /// Reads the columns of `c` (SPEC §1 names); the first bad value is an
    /// error naming its column and row.
    pub fn read(c: &Columns<'a>) -> Result<Self, BadInput> {
        let id = crate::arrow::req_col(c, "id")?;
        let client_id = crate::arrow::req_col(c, "client_id")?;
        let advisor_id = crate::arrow::req_col(c, "advisor_id")?;
        let channel = crate::arrow::req_col(c, "channel")?;
        let initiative = crate::arrow::req_col(c, "initiative")?;
        let entered_at = instant_column(c, "entered_at")?;
        let motive = c.strings("motive", false)?;
        let comment = c.strings("comment", false)?;
        let mut first = FirstError(None);
        first.keep(no_nulls(c, &id, "id"));
        first.keep(no_nulls(c, &client_id, "client_id"));
        first.keep(no_nulls(c, &advisor_id, "advisor_id"));
        let batch = ReportBatch {
            channel: first.keep(req_tags(c, &channel, "channel")),
            initiative: first.keep(req_tags(c, &initiative, "initiative")),
            entered_at: first.keep(instants(c, "entered_at", entered_at)),
            id,
            client_id,
            advisor_id,
            motive,
            comment,
        };
        first.check()?;
        Ok(batch)
    }

    /// Rows in the batch.
    pub fn len(&self) -> usize {
        self.channel.len()
    }

    /// Its rows, as records for the core.
    pub fn rows(&'a self) -> impl Iterator<Item = ReportRow<'a>> + 'a {
        (0..self.len()).map(move |row| ReportRow { batch: self, row })
    }
}

/// A report: a row of a [`ReportBatch`].
#[derive(Clone, Copy)]
pub struct ReportRow<'a> {
    batch: &'a ReportBatch<'a>,
    row: usize,
}

impl ReportRecord for ReportRow<'_> {
    fn id(&self) -> &str {
        self.batch.id.get(self.row).unwrap_or_default()
    }
    fn client_id(&self) -> &str {
        self.batch.client_id.get(self.row).unwrap_or_default()
    }
    fn advisor_id(&self) -> &str {
        self.batch.advisor_id.get(self.row).unwrap_or_default()
    }
    fn channel(&self) -> Channel {
        self.batch.channel.get(self.row).copied().unwrap_or(Channel::Phone)
    }
    fn initiative(&self) -> Direction {
        self.batch.initiative.get(self.row).copied().unwrap_or(Direction::Inbound)
    }
    fn entered_at(&self) -> DateTime<Utc> {
        self.batch.entered_at.get(self.row).copied().unwrap_or_default()
    }
    fn comment(&self) -> Option<&str> {
        opt_str(&self.batch.comment, self.row)
    }
    fn to_report(&self) -> Report {
        Report {
            id: self.id().to_owned(),
            client_id: self.client_id().to_owned(),
            advisor_id: self.advisor_id().to_owned(),
            channel: self.channel(),
            initiative: self.initiative(),
            entered_at: self.entered_at(),
            motive: opt_str(&self.batch.motive, self.row).map(str::to_owned),
            comment: self.comment().map(str::to_owned),
        }
    }
}

/// Reads every batch (in order; the first bad value wins).
pub fn contact_batches<'a>(batches: &'a [RecordBatch]) -> Result<Vec<ContactBatch<'a>>, BadInput> {
    Columns::each("contacts", batches).map(|c| ContactBatch::read(&c)).collect()
}

/// Reads every batch (in order; the first bad value wins).
pub fn report_batches<'a>(batches: &'a [RecordBatch]) -> Result<Vec<ReportBatch<'a>>, BadInput> {
    Columns::each("reports", batches).map(|c| ReportBatch::read(&c)).collect()
}
