//! Retention (SPEC §2, R-2.6 … ): `RetentionPolicy`, `evaluate`,
//! `Evaluator`, `expiry`.

use crate::convert::{Arg, Instant, iso, mirror_enum, record_from_js, whole};
use crate::error::{Rejection, Result, core, guard, invalid};
use crate::history::{Channel, MailSource};
use crate::task::{self, Job, Output, PendingList, Work};
use filrouge::retention as r;
use filrouge::time::CalendarPeriod;
use napi::{Env, Unknown};
use napi_derive::napi;

/// A part of a contact kept for its own period.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum Part {
    Record,
    Body,
    Attachments,
    InlineImages,
}
mirror_enum!(Part <=> r::Part { Record, Body, Attachments, InlineImages });

/// The `mailSource` row a rule belongs to (`none`: contacts without one).
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum SourceRow {
    CrmMsi,
    ExchangeOutlook,
    ExchangeMsi,
    MailBrick,
    None,
}
mirror_enum!(SourceRow <=> r::SourceRow { CrmMsi, ExchangeOutlook, ExchangeMsi, MailBrick, None });

/// Why a part is kept.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum KeptReason {
    Retention,
    NoRule,
    Hold,
}
mirror_enum!(KeptReason <=> r::KeptReason { Retention, NoRule, Hold });

/// A calendar period: exactly one of `days` (exact 24-hour days), `months`
/// or `years` (local calendar steps), a whole number.
#[napi(object, object_from_js = false)]
pub struct Period {
    pub days: Option<f64>,
    pub months: Option<f64>,
    pub years: Option<f64>,
}

record_from_js!(Period { days: optional "days", months: optional "months", years: optional "years" });

/// One retention rule: which records and part it covers, and how long the
/// part is kept (`keep` absent or `null`: never kept, the "—" of ).
#[napi(object, object_from_js = false)]
pub struct Rule {
    /// The row: a mail source, or `none` for contacts without one; absent = every record.
    pub mail_source: Option<SourceRow>,
    /// Only this channel; absent = every channel.
    pub channel: Option<Channel>,
    pub part: Part,
    /// How long the part is kept, from `occurredAt`.
    #[napi(ts_type = "Period | null")]
    pub keep: Option<Period>,
}

record_from_js!(Rule {
    mail_source: optional "mailSource",
    channel: optional "channel",
    part: required "part",
    keep: optional "keep",
});

/// A retention policy. `rules` absent = the table of; given, it
/// replaces the table. `timeZone` (default `Europe/Paris`) steps months and years.
#[napi(object, object_from_js = false)]
pub struct RetentionPolicy {
    pub time_zone: Option<String>,
    pub rules: Option<Vec<Rule>>,
}

record_from_js!(RetentionPolicy { time_zone: optional "timeZone", rules: optional_list "rules" });

fn period(p: Period, path: &str) -> Result<CalendarPeriod> {
    match (p.days, p.months, p.years) {
        (Some(d), None, None) => Ok(CalendarPeriod::Days(whole(d, || format!("{path}.days"))?)),
        (None, Some(m), None) => Ok(CalendarPeriod::Months(whole(m, || format!("{path}.months"))?)),
        (None, None, Some(y)) => Ok(CalendarPeriod::Years(whole(y, || format!("{path}.years"))?)),
        _ => Err(invalid(path, "a period has exactly one of days, months, years")),
    }
}

fn period_out(p: CalendarPeriod) -> Period {
    match p {
        CalendarPeriod::Days(d) => Period { days: Some(d.into()), months: None, years: None },
        CalendarPeriod::Months(m) => Period { days: None, months: Some(m.into()), years: None },
        CalendarPeriod::Years(y) => Period { days: None, months: None, years: Some(y.into()) },
    }
}

/// The core policy from its JS form.
pub fn policy(p: RetentionPolicy, path: &str) -> Result<r::RetentionPolicy> {
    let d = r::RetentionPolicy::default();
    let RetentionPolicy { time_zone, rules } = p;
    Ok(r::RetentionPolicy {
        time_zone: match time_zone {
            Some(tz) => crate::convert::time_zone(&tz, &format!("{path}.timeZone"))?,
            None => d.time_zone,
        },
        rules: match rules {
            None => d.rules,
            Some(rules) => rules
                .into_iter()
                .enumerate()
                .map(|(i, rule)| {
                    let Rule { mail_source, channel, part, keep } = rule;
                    Ok(r::Rule {
                        mail_source: mail_source.map(Into::into),
                        channel: channel.map(Into::into),
                        part: part.into(),
                        keep: keep.map(|k| period(k, &format!("{path}.rules[{i}].keep"))).transpose()?,
                    })
                })
                .collect::<Result<_>>()?,
        },
    })
}

fn policy_arg(arg: Arg, path: &str) -> Result<r::RetentionPolicy> {
    match arg.object_opt::<RetentionPolicy>(path)? {
        Some(p) => policy(p, path),
        None => Ok(r::RetentionPolicy::default()),
    }
}

/// The table of in the `Europe/Paris` zone, as a plain object (to
/// extend: `{...p, rules: [...p.rules, myRule]}`).
#[napi]
pub fn default_retention_policy() -> Result<RetentionPolicy> {
    guard(|| {
        let p = r::RetentionPolicy::default();
        Ok(RetentionPolicy {
            time_zone: Some(p.time_zone.name().to_owned()),
            rules: Some(
                p.rules
                    .into_iter()
                    .map(|rule| Rule {
                        mail_source: rule.mail_source.map(Into::into),
                        channel: rule.channel.map(Into::into),
                        part: rule.part.into(),
                        keep: rule.keep.map(period_out),
                    })
                    .collect(),
            ),
        })
    })
}

/// A record under retention: one contact, as the host stores it.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct Record {
    /// Host-chosen, non-empty.
    pub id: String,
    /// The client whose holds and erasure requests apply.
    pub client_id: String,
    pub channel: Channel,
    /// The capturing system (selects the row of ).
    pub mail_source: Option<MailSource>,
    /// When the contact happened: periods count from here.
    #[napi(ts_type = "Date | string")]
    pub occurred_at: Instant,
}

record_from_js!(Record {
    id: required "id",
    client_id: required "clientId",
    channel: required "channel",
    mail_source: optional "mailSource",
    occurred_at: required "occurredAt",
});

impl Record {
    /// The core record; `at` names the record in errors (`records[3]`).
    pub fn into_core(self, at: &dyn Fn() -> String) -> Result<r::Record> {
        let Record { id, client_id, channel, mail_source, occurred_at } = self;
        Ok(r::Record {
            id,
            client_id,
            channel: channel.into(),
            mail_source: mail_source.map(Into::into),
            occurred_at: occurred_at.to_utc(|| format!("{}.occurredAt", at()))?,
        })
    }
}

/// Records of a list argument, converted.
pub fn records(items: Vec<Record>, path: &'static str) -> Result<Vec<r::Record>> {
    items.into_iter().enumerate().map(|(i, x)| x.into_core(&|| format!("{path}[{i}]"))).collect()
}

/// A part kept, why, and until when (`until` absent: no end, or held).
#[napi(object, object_from_js = false)]
pub struct KeptPart {
    pub part: Part,
    pub reason: KeptReason,
    pub until: Option<String>,
}

/// The verdict on one record at `now`.
#[napi(object, object_from_js = false, use_nullable = true)]
pub struct Verdict {
    /// The parts to purge now.
    pub purge: Vec<Part>,
    /// The next instant a part still kept expires; `null` when none will.
    pub next_expiry: Option<String>,
    /// The parts kept.
    pub kept: Vec<KeptPart>,
    /// Whether the client is held.
    pub held: bool,
    /// Whether an erasure request covers the record.
    pub erased: bool,
}

impl From<r::Verdict> for Verdict {
    fn from(v: r::Verdict) -> Self {
        Verdict {
            purge: v.purge().into_iter().map(Into::into).collect(),
            next_expiry: v.next_expiry().map(iso),
            kept: v
                .kept()
                .into_iter()
                .map(|(part, reason, until)| KeptPart {
                    part: part.into(),
                    reason: reason.into(),
                    until: until.map(iso),
                })
                .collect(),
            held: v.held(),
            erased: v.erased(),
        }
    }
}

/// A record's verdict with its id, as a batch returns it.
#[napi(object, object_from_js = false, use_nullable = true)]
pub struct RecordVerdict {
    pub id: String,
    pub purge: Vec<Part>,
    pub next_expiry: Option<String>,
    pub kept: Vec<KeptPart>,
    pub held: bool,
    pub erased: bool,
}

/// The result of a batch evaluation.
#[napi(object, object_from_js = false)]
pub struct Evaluation {
    /// One verdict per accepted record, in input order.
    pub records: Vec<RecordVerdict>,
    /// Refused records (empty ids or client ids, conflicting duplicate ids).
    pub rejected: Vec<Rejection>,
}

impl From<r::Evaluation> for Evaluation {
    fn from(e: r::Evaluation) -> Self {
        let r::Evaluation { records, rejected } = e;
        Evaluation {
            records: records
                .into_iter()
                .map(|rv| {
                    let Verdict { purge, next_expiry, kept, held, erased } = rv.verdict.into();
                    RecordVerdict { id: rv.id, purge, next_expiry, kept, held, erased }
                })
                .collect(),
            rejected: rejected.into_iter().map(Into::into).collect(),
        }
    }
}

/// Evaluates `policy` (default: the table of) at `now` over `records`
/// (R-2.6 … ): held clients lose nothing, erased clients lose what no
/// hold protects. Refused records come back in `rejected`.
#[napi(
    ts_args_type = "policy: RetentionPolicy | null | undefined, records: Record[], holds: string[] | null | undefined, erasures: string[] | null | undefined, now: Date | string"
)]
pub fn evaluate(
    policy: Unknown,
    records: Unknown,
    holds: Unknown,
    erasures: Unknown,
    now: Unknown,
) -> Result<Evaluation> {
    guard(|| {
        let policy = policy_arg(Arg::from(&policy), "policy")?;
        let records = self::records(Arg::from(&records).list("records")?, "records")?;
        let holds: Vec<String> = Arg::from(&holds).list_or_empty("holds")?;
        let erasures: Vec<String> = Arg::from(&erasures).list_or_empty("erasures")?;
        let now = Arg::from(&now).instant("now")?;
        Ok(r::evaluate(&policy, &records, &holds, &erasures, now).into())
    })
}

/// When `part` of a record expires under `policy` (calendar-exact, R-2.6,
/// an instant, or `null` when no rule limits it. A part never kept
/// expires at the earliest representable instant.
#[napi(
    ts_args_type = "policy: RetentionPolicy | null | undefined, channel: Channel, mailSource: MailSource | null | undefined, part: Part, occurredAt: Date | string"
)]
pub fn expiry(
    policy: Unknown,
    channel: Unknown,
    mail_source: Unknown,
    part: Unknown,
    occurred_at: Unknown,
) -> Result<Option<String>> {
    guard(|| {
        let policy = policy_arg(Arg::from(&policy), "policy")?;
        let channel: Channel = Arg::from(&channel).to("channel")?;
        let source = Arg::from(&mail_source);
        let source: Option<MailSource> = if source.is_nullish() { None } else { Some(source.to("mailSource")?) };
        let part: Part = Arg::from(&part).to("part")?;
        let at = Arg::from(&occurred_at).instant("occurredAt")?;
        Ok(policy.expiry(channel.into(), source.map(Into::into), part.into(), at).map(iso))
    })
}

/// A policy, holds and erasure requests applied at one `now`, record by
/// record (the streaming form of `evaluate`).
#[napi]
pub struct Evaluator {
    inner: r::Evaluator,
}

#[napi]
impl Evaluator {
    /// Prepares the evaluation of `policy` (default) at `now`.
    #[napi(
        constructor,
        ts_args_type = "policy: RetentionPolicy | null | undefined, holds: string[] | null | undefined, erasures: string[] | null | undefined, now: Date | string"
    )]
    pub fn new(policy: Unknown, holds: Unknown, erasures: Unknown, now: Unknown) -> Result<Self> {
        guard(|| {
            let policy = policy_arg(Arg::from(&policy), "policy")?;
            let holds: Vec<String> = Arg::from(&holds).list_or_empty("holds")?;
            let erasures: Vec<String> = Arg::from(&erasures).list_or_empty("erasures")?;
            let now = Arg::from(&now).instant("now")?;
            Ok(Evaluator { inner: r::Evaluator::new(&policy, &holds, &erasures, now) })
        })
    }

    /// The verdict on one record; throws `empty_reference` for a record naming no client.
    #[napi(ts_args_type = "record: Record")]
    pub fn evaluate_one(&mut self, record: Unknown) -> Result<Verdict> {
        guard(|| {
            let record = Arg::from(&record).object::<Record>("record")?.into_core(&|| "record".to_owned())?;
            self.inner.evaluate_one(&record).map(Into::into).map_err(|e| core(&e))
        })
    }

    /// The verdict on a contact given by its fields (`held` if any of its clients is held).
    #[napi(
        ts_args_type = "channel: Channel, mailSource: MailSource | null | undefined, occurredAt: Date | string, held: boolean, erased: boolean"
    )]
    pub fn verdict(
        &mut self,
        channel: Unknown,
        mail_source: Unknown,
        occurred_at: Unknown,
        held: Unknown,
        erased: Unknown,
    ) -> Result<Verdict> {
        guard(|| {
            let channel: Channel = Arg::from(&channel).to("channel")?;
            let source = Arg::from(&mail_source);
            let source: Option<MailSource> = if source.is_nullish() { None } else { Some(source.to("mailSource")?) };
            let at = Arg::from(&occurred_at).instant("occurredAt")?;
            let held = boolean(Arg::from(&held), "held")?;
            let erased = boolean(Arg::from(&erased), "erased")?;
            Ok(self.inner.verdict(channel.into(), source.map(Into::into), at, held, erased).into())
        })
    }
}

fn boolean(arg: Arg, path: &str) -> Result<bool> {
    if arg.kind() != napi::ValueType::Boolean {
        return Err(invalid(path, "expected a boolean"));
    }
    arg.to(path)
}

/// `evaluateAsync`'s input, read slice by slice.
struct EvaluateJob {
    policy: r::RetentionPolicy,
    records: PendingList<Record>,
    holds: Vec<String>,
    erasures: Vec<String>,
    now: chrono::DateTime<chrono::Utc>,
}

impl Job for EvaluateJob {
    fn read(&mut self, deadline: std::time::Instant) -> Result<bool> {
        self.records.read(deadline)
    }

    fn into_work(self: Box<Self>) -> Work {
        let EvaluateJob { policy, records, holds, erasures, now } = *self;
        let records = records.items();
        Box::new(move || {
            let records = self::records(records, "records")?;
            let Evaluation { records: verdicts, rejected } =
                r::evaluate(&policy, &records, &holds, &erasures, now).into();
            Ok(Output::default().list("records", verdicts).list("rejected", rejected).discard(records))
        })
    }
}

/// `evaluate` off the main thread, as a Promise (see `reconcileAsync`).
#[napi(
    ts_args_type = "policy: RetentionPolicy | null | undefined, records: Record[], holds: string[] | null | undefined, erasures: string[] | null | undefined, now: Date | string",
    ts_return_type = "Promise<Evaluation>"
)]
pub fn evaluate_async(
    env: Env,
    policy: Unknown,
    records: Unknown,
    holds: Unknown,
    erasures: Unknown,
    now: Unknown,
) -> napi::Result<Unknown<'static>> {
    task::start(env.raw(), || {
        Ok(Box::new(EvaluateJob {
            policy: policy_arg(Arg::from(&policy), "policy")?,
            records: PendingList::new(Arg::from(&records), "records")?,
            holds: Arg::from(&holds).list_or_empty("holds")?,
            erasures: Arg::from(&erasures).list_or_empty("erasures")?,
            now: Arg::from(&now).instant("now")?,
        }))
    })
}
