//! Retention (SPEC §2, R-2.6 … ): the policy, holds, erasure requests,
//! and per record what to purge now and when the next part expires.

use crate::convert::{Timestamp, time_zone};
use crate::error::FilrougeError;
use filrouge::Rejection;
use filrouge::history::{Channel, MailSource};
use filrouge::retention::{self as core, KeptReason, Part, Record, Rule, SourceRow};
use filrouge::time::CalendarPeriod;

/// A part of a contact kept for its own period.
#[uniffi::remote(Enum)]
pub enum Part {
    /// The line in the history, subject included.
    Record,
    /// The body of a mail.
    Body,
    /// Attached files.
    Attachments,
    /// Images and attachments carried inside the body.
    InlineImages,
}

/// The `mail_source` row a rule belongs to.
#[uniffi::remote(Enum)]
pub enum SourceRow {
    /// Mails sent from the CRM.
    CrmMsi,
    /// Mails captured from Outlook.
    ExchangeOutlook,
    /// Mails captured from the Exchange gateway.
    ExchangeMsi,
    /// Mail-brick notices.
    MailBrick,
    /// Every contact without a mail source.
    None,
}

/// A period counted from `occurred_at`: exact 24-hour days, or calendar
/// months and years stepped in the policy's zone (Feb 29 + 1 year = Feb 28).
#[uniffi::remote(Enum)]
pub enum CalendarPeriod {
    /// Exact days of 24 hours.
    Days(u32),
    /// Calendar months (the day is clamped to the month's end).
    Months(u32),
    /// Calendar years.
    Years(u32),
}

/// Why a part is kept.
#[uniffi::remote(Enum)]
pub enum KeptReason {
    /// Its period has not run out.
    Retention,
    /// No rule limits it.
    NoRule,
    /// The client is under a legal or litigation hold.
    Hold,
}

/// One rule: which records and part it covers, and how long the part is kept.
#[uniffi::remote(Record)]
pub struct Rule {
    /// The row: a mail source, or `None` for contacts without one; null = every record.
    #[uniffi(default)]
    pub mail_source: Option<SourceRow>,
    /// Only this channel; null = every channel.
    #[uniffi(default)]
    pub channel: Option<Channel>,
    /// The part covered.
    pub part: Part,
    /// How long it is kept; null = never kept.
    pub keep: Option<CalendarPeriod>,
}

/// A retention policy. Start from [`default_retention_policy`] (the table
/// of ); for a part, the longest matching period wins.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RetentionPolicy {
    /// IANA zone whose calendar steps months and years (`Europe/Paris`).
    pub time_zone: String,
    /// The rules.
    pub rules: Vec<Rule>,
}

impl TryFrom<RetentionPolicy> for core::RetentionPolicy {
    type Error = FilrougeError;
    fn try_from(p: RetentionPolicy) -> Result<Self, FilrougeError> {
        Ok(core::RetentionPolicy { time_zone: time_zone(&p.time_zone)?, rules: p.rules })
    }
}

impl From<&core::RetentionPolicy> for RetentionPolicy {
    fn from(p: &core::RetentionPolicy) -> Self {
        RetentionPolicy { time_zone: p.time_zone.name().to_owned(), rules: p.rules.clone() }
    }
}

/// A record under retention: one contact, as the host stores it.
#[uniffi::remote(Record)]
pub struct Record {
    /// Host-chosen, non-empty.
    pub id: String,
    /// The client whose holds and erasure requests apply.
    pub client_id: String,
    /// The contact's channel.
    pub channel: Channel,
    /// The capturing system (selects the row of ).
    #[uniffi(default)]
    pub mail_source: Option<MailSource>,
    /// When the contact happened: periods count from here.
    pub occurred_at: Timestamp,
}

/// A part kept, why, and until when.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct KeptPart {
    /// The part.
    pub part: Part,
    /// Why it is kept.
    pub reason: KeptReason,
    /// When it expires (reason `Retention` only).
    pub until: Option<Timestamp>,
}

/// The verdict on one record at `now`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RecordVerdict {
    /// The record.
    pub id: String,
    /// The parts to purge now.
    pub purge: Vec<Part>,
    /// The earliest expiry among the parts still kept; null when none will.
    pub next_expiry: Option<Timestamp>,
    /// The parts kept.
    pub kept: Vec<KeptPart>,
    /// Whether an erasure request covers the record.
    pub erased: bool,
    /// Whether the client is held.
    pub held: bool,
}

impl From<core::RecordVerdict> for RecordVerdict {
    fn from(r: core::RecordVerdict) -> Self {
        let v = r.verdict;
        RecordVerdict {
            id: r.id,
            purge: v.purge(),
            next_expiry: v.next_expiry(),
            kept: v.kept().into_iter().map(|(part, reason, until)| KeptPart { part, reason, until }).collect(),
            erased: v.erased(),
            held: v.held(),
        }
    }
}

/// The result of a batch evaluation.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Evaluation {
    /// One verdict per accepted record, in input order.
    pub records: Vec<RecordVerdict>,
    /// Refused records, with the rule broken.
    pub rejected: Vec<Rejection>,
}

/// The table of in `Europe/Paris`.
#[uniffi::export]
pub fn default_retention_policy() -> RetentionPolicy {
    (&core::RetentionPolicy::default()).into()
}

/// Evaluates `policy` at `now` over `records` (R-2.6 … ): held
/// clients lose nothing, erased clients lose everything a hold does not
/// protect. Bad records come back in `rejected`.
#[uniffi::export]
pub fn evaluate(
    policy: RetentionPolicy,
    records: Vec<Record>,
    holds: Vec<String>,
    erasures: Vec<String>,
    now: Timestamp,
) -> Result<Evaluation, FilrougeError> {
    let out = core::evaluate(&policy.try_into()?, &records, &holds, &erasures, now);
    Ok(Evaluation { records: out.records.into_iter().map(Into::into).collect(), rejected: out.rejected })
}

/// When `part` of a record on `channel` from `mail_source` that occurred at
/// `occurred_at` expires: null when no rule limits it; an
/// instant at or before `occurred_at` when it is never kept.
#[uniffi::export]
pub fn expiry(
    policy: RetentionPolicy,
    channel: Channel,
    mail_source: Option<MailSource>,
    part: Part,
    occurred_at: Timestamp,
) -> Result<Option<Timestamp>, FilrougeError> {
    let policy: core::RetentionPolicy = policy.try_into()?;
    Ok(policy.expiry(channel, mail_source, part, occurred_at))
}
