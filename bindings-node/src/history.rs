//! Contact history and report reconciliation (SPEC §1, §2 restitution):
//! `reconcile`, `Reconciler`, `history`, `restitution`.
//!
//! Records cross as plain objects with camelCase fields; every function
//! converts, calls the core, and converts back. No rule is decided here.

use crate::convert::{Arg, Instant, iso, mirror_enum, record_from_js, whole_opt};
use crate::error::{Rejection, Result, core, error, guard, invalid};
use crate::task::{self, Job, Output, PendingList, Work};
use filrouge::history as h;
use napi::{Env, Unknown};
use napi_derive::napi;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// How a contact happened.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum Channel {
    Phone,
    Email,
    Sms,
    Meeting,
    Video,
    Letter,
    Notification,
}
mirror_enum!(Channel <=> h::Channel { Phone, Email, Sms, Meeting, Video, Letter, Notification });

/// Who took the initiative: the direction of a contact, the initiative of a report.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum Direction {
    Inbound,
    Outbound,
}
mirror_enum!(Direction <=> h::Direction { Inbound, Outbound });

/// The outcome of an inbound call.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum CallOutcome {
    Answered,
    Unanswered,
    VoicemailLeft,
}
mirror_enum!(CallOutcome <=> h::CallOutcome { Answered, Unanswered, VoicemailLeft });

/// Which mail system captured a mail (selects the retention row, R-2.6).
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum MailSource {
    CrmMsi,
    ExchangeOutlook,
    ExchangeMsi,
    MailBrick,
}
mirror_enum!(MailSource <=> h::MailSource { CrmMsi, ExchangeOutlook, ExchangeMsi, MailBrick });

/// Which clause of chose the contact.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum LinkRule {
    JustAfter,
    LastOfDay,
}
mirror_enum!(LinkRule <=> h::LinkRule { JustAfter, LastOfDay });

/// Whether an orphan may still find its contact.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum OrphanStatus {
    Provisional,
    Final,
}
mirror_enum!(OrphanStatus <=> h::OrphanStatus { Provisional, Final });

/// What a history entry stands for.
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum EntryKind {
    Captured,
    Orphan,
    Reported,
}
mirror_enum!(EntryKind <=> h::EntryKind { Captured, Orphan, Reported });

/// Why a contact is hidden from histories (R-2.1 … ).
#[napi(string_enum = "snake_case")]
#[derive(Debug, PartialEq, Eq)]
pub enum HiddenReason {
    ShortOutboundCall,
    PrivateSubject,
    NotificationTopic,
    LetterKind,
}
mirror_enum!(HiddenReason <=> h::HiddenReason { ShortOutboundCall, PrivateSubject, NotificationTopic, LetterKind });

/// A contact captured automatically (SPEC §1).
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct Contact {
    /// Host-chosen, non-empty.
    pub id: String,
    /// Every client sharing the phone number or address used (non-empty).
    pub parties: Vec<String>,
    /// The advisor involved, when known.
    pub advisor_id: Option<String>,
    pub channel: Channel,
    pub direction: Direction,
    /// When it happened.
    #[napi(ts_type = "Date | string")]
    pub occurred_at: Instant,
    /// Call length in whole seconds.
    pub duration_s: Option<f64>,
    /// Inbound calls: the outcome, when the telephony gave it.
    pub call_outcome: Option<CallOutcome>,
    /// Inbound calls: whether someone picked up.
    pub answered: Option<bool>,
    /// Inbound calls: seconds into the call at which voicemail started.
    pub voicemail_at_s: Option<f64>,
    /// Mails: the subject line.
    pub subject: Option<String>,
    /// Mails and notices: the capturing system.
    pub mail_source: Option<MailSource>,
    /// Mail-brick notices: the topic.
    pub notification_topic: Option<String>,
    /// Letters: the kind.
    pub letter_kind: Option<String>,
    /// Mails: whether an attachment is carried inside the body.
    pub has_inline_images: Option<bool>,
    /// When the capture reached us.
    #[napi(ts_type = "Date | string")]
    pub received_at: Option<Instant>,
}

record_from_js!(Contact {
    id: required "id",
    parties: required_list "parties",
    advisor_id: optional "advisorId",
    channel: required "channel",
    direction: required "direction",
    occurred_at: required "occurredAt",
    duration_s: optional "durationS",
    call_outcome: optional "callOutcome",
    answered: optional "answered",
    voicemail_at_s: optional "voicemailAtS",
    subject: optional "subject",
    mail_source: optional "mailSource",
    notification_topic: optional "notificationTopic",
    letter_kind: optional "letterKind",
    has_inline_images: optional "hasInlineImages",
    received_at: optional "receivedAt",
});

impl Contact {
    /// The core record; `at` names the record in errors (`contacts[3]`).
    pub fn into_core(self, at: &dyn Fn() -> String) -> Result<h::Contact> {
        let Contact {
            id,
            parties,
            advisor_id,
            channel,
            direction,
            occurred_at,
            duration_s,
            call_outcome,
            answered,
            voicemail_at_s,
            subject,
            mail_source,
            notification_topic,
            letter_kind,
            has_inline_images,
            received_at,
        } = self;
        Ok(h::Contact {
            id,
            parties,
            advisor_id,
            channel: channel.into(),
            direction: direction.into(),
            occurred_at: occurred_at.to_utc(|| format!("{}.occurredAt", at()))?,
            duration_s: whole_opt(duration_s, || format!("{}.durationS", at()))?,
            call_outcome: call_outcome.map(Into::into),
            answered,
            voicemail_at_s: whole_opt(voicemail_at_s, || format!("{}.voicemailAtS", at()))?,
            subject,
            mail_source: mail_source.map(Into::into),
            notification_topic,
            letter_kind,
            has_inline_images,
            received_at: received_at.map(|r| r.to_utc(|| format!("{}.receivedAt", at()))).transpose()?,
        })
    }
}

/// An advisor's meeting report ("CRE", SPEC §1).
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct Report {
    /// Host-chosen, non-empty.
    pub id: String,
    /// The client the report is about.
    pub client_id: String,
    /// The advisor who wrote it.
    pub advisor_id: String,
    /// The channel the report describes.
    pub channel: Channel,
    /// `inbound` when the client took the initiative.
    pub initiative: Direction,
    /// When the advisor entered it.
    #[napi(ts_type = "Date | string")]
    pub entered_at: Instant,
    /// The reason for the contact.
    pub motive: Option<String>,
    /// Free text, at most 5,000 characters.
    pub comment: Option<String>,
}

record_from_js!(Report {
    id: required "id",
    client_id: required "clientId",
    advisor_id: required "advisorId",
    channel: required "channel",
    initiative: required "initiative",
    entered_at: required "enteredAt",
    motive: optional "motive",
    comment: optional "comment",
});

impl Report {
    /// The core record; `at` names the record in errors (`reports[3]`).
    pub fn into_core(self, at: &dyn Fn() -> String) -> Result<h::Report> {
        let Report { id, client_id, advisor_id, channel, initiative, entered_at, motive, comment } = self;
        Ok(h::Report {
            id,
            client_id,
            advisor_id,
            channel: channel.into(),
            initiative: initiative.into(),
            entered_at: entered_at.to_utc(|| format!("{}.enteredAt", at()))?,
            motive,
            comment,
        })
    }
}

/// The restitution filters of SPEC §2 (R-2.1 … ); an absent field keeps the default.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct Restitution {
    /// Outbound calls shorter than this are hidden (R-2.1, default 40 s).
    pub min_outbound_call_s: Option<f64>,
    /// Subjects starting with one of these words are private; replaces the default list.
    pub excluded_subject_words: Option<Vec<String>>,
    /// Mail-brick topics shown; replaces the default list.
    pub notification_topics: Option<Vec<String>>,
    /// Letter kinds shown; replaces the default list.
    pub letter_kinds: Option<Vec<String>>,
}

record_from_js!(Restitution {
    min_outbound_call_s: optional "minOutboundCallS",
    excluded_subject_words: optional_list "excludedSubjectWords",
    notification_topics: optional_list "notificationTopics",
    letter_kinds: optional_list "letterKinds",
});

/// The core filters: defaults overridden by the fields given.
pub fn restitution_filters(r: Option<Restitution>, path: &str) -> Result<h::Restitution> {
    let d = h::Restitution::default();
    let Some(r) = r else { return Ok(d) };
    let Restitution { min_outbound_call_s, excluded_subject_words, notification_topics, letter_kinds } = r;
    Ok(h::Restitution {
        min_outbound_call_s: whole_opt(min_outbound_call_s, || format!("{path}.minOutboundCallS"))?
            .unwrap_or(d.min_outbound_call_s),
        excluded_subject_words: excluded_subject_words.unwrap_or(d.excluded_subject_words),
        notification_topics: notification_topics.unwrap_or(d.notification_topics),
        letter_kinds: letter_kinds.unwrap_or(d.letter_kinds),
    })
}

/// Configuration of reconciliation and history; every field is optional
/// and defaults to the SPEC's value (`{}` is the default configuration).
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct Config {
    /// IANA zone whose calendar defines a day (default `Europe/Paris`).
    pub time_zone: Option<String>,
    /// Local days before the report's day a contact may be (R-1.3, default 7).
    pub window_days: Option<f64>,
    /// The just-after margin in seconds (R-1.4, default 900).
    pub just_after_s: Option<f64>,
    /// How long an orphan stays provisional, in seconds (R-1.7, default 604800).
    pub late_arrival_horizon_s: Option<f64>,
    /// Longest accepted comment in characters (R-1.1, default 5000).
    pub comment_max_chars: Option<f64>,
    /// Longest comment shown in a history (R-1.10, default 999).
    pub comment_display_chars: Option<f64>,
    /// Restitution filters (R-2.1 … ).
    pub restitution: Option<Restitution>,
    /// Per channel, the instant capture started.
    #[napi(ts_type = "{ [channel in Channel]?: Date | string }")]
    pub coverage: Option<HashMap<String, Instant>>,
    /// Retention: a history leaves out entries whose `record` part has expired.
    pub retention: Option<crate::retention::RetentionPolicy>,
}

record_from_js!(Config {
    time_zone: optional "timeZone",
    window_days: optional "windowDays",
    just_after_s: optional "justAfterS",
    late_arrival_horizon_s: optional "lateArrivalHorizonS",
    comment_max_chars: optional "commentMaxChars",
    comment_display_chars: optional "commentDisplayChars",
    restitution: optional "restitution",
    coverage: optional "coverage",
    retention: optional "retention",
});

/// The core configuration from an optional `Config` argument.
pub fn config(arg: Arg, path: &str) -> Result<h::Config> {
    let Some(c) = arg.object_opt::<Config>(path)? else { return Ok(h::Config::default()) };
    let d = h::Config::default();
    let Config {
        time_zone,
        window_days,
        just_after_s,
        late_arrival_horizon_s,
        comment_max_chars,
        comment_display_chars,
        restitution,
        coverage,
        retention,
    } = c;
    let mut channels = std::collections::BTreeMap::new();
    for (name, since) in coverage.unwrap_or_default() {
        let channel = channel_named(&name)
            .ok_or_else(|| invalid(&format!("{path}.coverage"), format!("unknown channel {name:?}")))?;
        channels.insert(channel, since.to_utc(|| format!("{path}.coverage.{name}"))?);
    }
    Ok(h::Config {
        time_zone: match time_zone {
            Some(tz) => crate::convert::time_zone(&tz, &format!("{path}.timeZone"))?,
            None => d.time_zone,
        },
        window_days: whole_opt(window_days, || format!("{path}.windowDays"))?.unwrap_or(d.window_days),
        just_after_s: whole_opt(just_after_s, || format!("{path}.justAfterS"))?.unwrap_or(d.just_after_s),
        late_arrival_horizon_s: whole_opt(late_arrival_horizon_s, || format!("{path}.lateArrivalHorizonS"))?
            .unwrap_or(d.late_arrival_horizon_s),
        comment_max_chars: whole_opt(comment_max_chars, || format!("{path}.commentMaxChars"))?
            .unwrap_or(d.comment_max_chars),
        comment_display_chars: whole_opt(comment_display_chars, || format!("{path}.commentDisplayChars"))?
            .unwrap_or(d.comment_display_chars),
        restitution: restitution_filters(restitution, &format!("{path}.restitution"))?,
        coverage: channels,
        retention: match retention {
            Some(p) => crate::retention::policy(p, &format!("{path}.retention"))?,
            None => d.retention,
        },
    })
}

/// The core channel named `name` (`phone`), if any.
fn channel_named(name: &str) -> Option<h::Channel> {
    h::Channel::ALL.into_iter().find(|c| c.as_str() == name)
}

/// Facts about clients that a history needs beyond contacts and reports.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct HistoryOptions {
    /// Clients that are legal entities.
    pub legal_entities: Option<Vec<String>>,
    /// Clients under a legal or litigation hold: their entries stay past retention.
    pub holds: Option<Vec<String>>,
}

record_from_js!(HistoryOptions { legal_entities: optional_list "legalEntities", holds: optional_list "holds" });

/// The core options from an optional `HistoryOptions` argument.
pub fn history_options(arg: Arg, path: &str) -> Result<h::HistoryOptions> {
    let Some(o) = arg.object_opt::<HistoryOptions>(path)? else { return Ok(h::HistoryOptions::default()) };
    let HistoryOptions { legal_entities, holds } = o;
    Ok(h::HistoryOptions {
        legal_entities: legal_entities.unwrap_or_default().into_iter().collect(),
        holds: holds.unwrap_or_default().into_iter().collect(),
    })
}

/// A report attached to the contact it describes.
#[napi(object, object_from_js = false)]
pub struct Link {
    pub report_id: String,
    pub contact_id: String,
    /// The clause of that chose the contact.
    pub rule: LinkRule,
}

/// A report on a captured channel that matched nothing.
#[napi(object, object_from_js = false)]
pub struct Orphan {
    pub report_id: String,
    /// Provisional or final at `now`.
    pub status: OrphanStatus,
}

/// The result of reconciling contacts and reports (`links`, `orphans` and
/// `reported` by (`enteredAt`, report id); `rejected` by record id, then rule).
#[napi(object, object_from_js = false)]
pub struct Reconciliation {
    /// Matched reports.
    pub links: Vec<Link>,
    /// Unmatched reports on captured channels.
    pub orphans: Vec<Orphan>,
    /// Meeting and video reports, which create their own contact.
    pub reported: Vec<String>,
    /// Refused contacts and reports, with the rule broken.
    pub rejected: Vec<Rejection>,
}

impl From<h::Reconciliation> for Reconciliation {
    fn from(r: h::Reconciliation) -> Self {
        let h::Reconciliation { links, orphans, reported, rejected } = r;
        Reconciliation {
            links: links.into_iter().map(link).collect(),
            orphans: orphans.into_iter().map(|o| Orphan { report_id: o.report_id, status: o.status.into() }).collect(),
            reported,
            rejected: rejected.into_iter().map(Into::into).collect(),
        }
    }
}

fn link(l: h::Link) -> Link {
    let h::Link { report_id, contact_id, rule } = l;
    Link { report_id, contact_id, rule: rule.into() }
}

/// One line of a client's history.
#[napi(object, object_from_js = false)]
pub struct Entry {
    /// The contact's id; for a synthetic entry, its report's id.
    pub id: String,
    pub kind: EntryKind,
    /// When it happened (RFC 3339, UTC).
    pub occurred_at: String,
    pub channel: Channel,
    pub direction: Direction,
    pub advisor_id: Option<String>,
    /// The report attached or behind the entry.
    pub report_id: Option<String>,
    pub link_rule: Option<LinkRule>,
    pub orphan_status: Option<OrphanStatus>,
    pub motive: Option<String>,
    /// The report's comment, cut to the display limit.
    pub comment: Option<String>,
    /// Whether `comment` was cut.
    pub comment_truncated: Option<bool>,
    pub duration_s: Option<u32>,
    /// Inbound calls: the outcome.
    pub call_outcome: Option<CallOutcome>,
    pub subject: Option<String>,
}

/// Since when a channel is captured.
#[napi(object, object_from_js = false)]
pub struct Coverage {
    pub channel: Channel,
    /// RFC 3339, UTC.
    pub since: String,
}

/// A client's history at `now`: entries newest first, ties by id.
#[napi(object, object_from_js = false)]
pub struct History {
    pub client_id: String,
    pub entries: Vec<Entry>,
    pub coverage: Vec<Coverage>,
}

impl From<h::History> for History {
    fn from(x: h::History) -> Self {
        let h::History { client_id, entries, coverage } = x;
        History {
            client_id,
            entries: entries.into_iter().map(entry).collect(),
            coverage: coverage
                .into_iter()
                .map(|c| Coverage { channel: c.channel.into(), since: iso(c.since) })
                .collect(),
        }
    }
}

fn entry(e: h::Entry) -> Entry {
    let h::Entry {
        id,
        kind,
        occurred_at,
        channel,
        direction,
        advisor_id,
        report_id,
        link_rule,
        orphan_status,
        motive,
        comment,
        comment_truncated,
        duration_s,
        call_outcome,
        subject,
    } = e;
    Entry {
        id,
        kind: kind.into(),
        occurred_at: iso(occurred_at),
        channel: channel.into(),
        direction: direction.into(),
        advisor_id,
        report_id,
        link_rule: link_rule.map(Into::into),
        orphan_status: orphan_status.map(Into::into),
        motive,
        comment,
        comment_truncated,
        duration_s,
        call_outcome: call_outcome.map(Into::into),
        subject,
    }
}

/// The restitution verdict on one contact.
#[napi(object, object_from_js = false)]
pub struct Visibility {
    pub visible: bool,
    /// Why not, when hidden.
    pub reason: Option<HiddenReason>,
    /// Inbound calls: the outcome, when known or derivable.
    pub call_outcome: Option<CallOutcome>,
}

/// Contacts of a list argument, converted (errors name `path[i].field`).
pub fn contacts(items: Vec<Contact>, path: &'static str) -> Result<Vec<h::Contact>> {
    items.into_iter().enumerate().map(|(i, c)| c.into_core(&|| format!("{path}[{i}]"))).collect()
}

/// Reports of a list argument, converted.
pub fn reports(items: Vec<Report>, path: &'static str) -> Result<Vec<h::Report>> {
    items.into_iter().enumerate().map(|(i, r)| r.into_core(&|| format!("{path}[{i}]"))).collect()
}

/// Reconciles contacts with reports at `now` (R-1.1 … ). Never throws
/// for a bad record: it comes back in `rejected`. Throws `invalid_input`
/// for arguments of the wrong shape. For big inputs, prefer `reconcileAsync`.
#[napi(ts_args_type = "contacts: Contact[], reports: Report[], config: Config | null | undefined, now: Date | string")]
pub fn reconcile(contacts: Unknown, reports: Unknown, config: Unknown, now: Unknown) -> Result<Reconciliation> {
    guard(|| {
        let contacts = self::contacts(Arg::from(&contacts).list("contacts")?, "contacts")?;
        let reports = self::reports(Arg::from(&reports).list("reports")?, "reports")?;
        let config = self::config(Arg::from(&config), "config")?;
        let now = Arg::from(&now).instant("now")?;
        Ok(h::reconcile(&contacts, &reports, &config, now).into())
    })
}

/// The history of `clientId` at `now` (R-1.6, R-1.10, R-2.1 …,
/// Throws `not_a_natural_person` for a legal entity.
#[napi(
    ts_args_type = "clientId: string, contacts: Contact[], reports: Report[], options: HistoryOptions | null | undefined, config: Config | null | undefined, now: Date | string"
)]
pub fn history(
    client_id: Unknown,
    contacts: Unknown,
    reports: Unknown,
    options: Unknown,
    config: Unknown,
    now: Unknown,
) -> Result<History> {
    guard(|| {
        let client_id = Arg::from(&client_id).string("clientId")?;
        let contacts = self::contacts(Arg::from(&contacts).list("contacts")?, "contacts")?;
        let reports = self::reports(Arg::from(&reports).list("reports")?, "reports")?;
        let options = history_options(Arg::from(&options), "options")?;
        let config = self::config(Arg::from(&config), "config")?;
        let now = Arg::from(&now).instant("now")?;
        h::history(&client_id, &contacts, &reports, &options, &config, now).map(Into::into).map_err(|e| core(&e))
    })
}

/// Applies … to one contact (`filters` default to the SPEC's).
#[napi(ts_args_type = "contact: Contact, filters?: Restitution | null")]
pub fn restitution(contact: Unknown, filters: Unknown) -> Result<Visibility> {
    guard(|| {
        let contact = Arg::from(&contact).object::<Contact>("contact")?.into_core(&|| "contact".to_owned())?;
        let filters = restitution_filters(Arg::from(&filters).object_opt("filters")?, "filters")?;
        let v = h::restitution(&contact, &filters);
        Ok(Visibility {
            visible: v.visible,
            reason: v.reason.map(Into::into),
            call_outcome: v.call_outcome.map(Into::into),
        })
    })
}

/// The outcome of an inbound call, given or derived; `null` for other contacts.
#[napi(ts_args_type = "contact: Contact")]
pub fn call_outcome(contact: Unknown) -> Result<Option<CallOutcome>> {
    guard(|| {
        let contact = Arg::from(&contact).object::<Contact>("contact")?.into_core(&|| "contact".to_owned())?;
        Ok(h::call_outcome(&contact).map(Into::into))
    })
}

/// Whether a mail subject is private for the given excluded words.
#[napi(ts_args_type = "subject: string, words: string[]")]
pub fn is_private_subject(subject: Unknown, words: Unknown) -> Result<bool> {
    guard(|| {
        let subject = Arg::from(&subject).string("subject")?;
        let words: Vec<String> = Arg::from(&words).list("words")?;
        Ok(h::is_private_subject(&subject, &words))
    })
}

/// One change a `Reconciler` batch caused, tagged by `change`.
#[napi(discriminant = "change", discriminant_case = "snake_case", object_from_js = false)]
pub enum Change {
    /// A report, new or previously refused, was attached to a contact.
    Linked { report_id: String, contact_id: String, rule: LinkRule },
    /// A report moved from one contact to another (a late contact took it).
    Moved { report_id: String, from: String, to: String, rule: LinkRule },
    /// A report became an orphan (new, or its contact went to another report).
    OrphanCreated { report_id: String, status: OrphanStatus, previous_contact_id: Option<String> },
    /// An orphan found its contact.
    OrphanResolved { report_id: String, contact_id: String, rule: LinkRule },
    /// A provisional orphan's horizon passed.
    OrphanFinal { report_id: String },
    /// A meeting or video report was accepted.
    Reported { report_id: String },
    /// A record was refused.
    Rejected {
        #[napi(ts_type = "'contact' | 'report'")]
        record: String,
        rejection: Rejection,
    },
}

impl From<h::Change> for Change {
    fn from(c: h::Change) -> Self {
        match c {
            h::Change::Linked { report_id, contact_id, rule } => {
                Change::Linked { report_id, contact_id, rule: rule.into() }
            }
            h::Change::Moved { report_id, from, to, rule } => Change::Moved { report_id, from, to, rule: rule.into() },
            h::Change::OrphanCreated { report_id, status, previous_contact_id } => {
                Change::OrphanCreated { report_id, status: status.into(), previous_contact_id }
            }
            h::Change::OrphanResolved { report_id, contact_id, rule } => {
                Change::OrphanResolved { report_id, contact_id, rule: rule.into() }
            }
            h::Change::OrphanFinal { report_id } => Change::OrphanFinal { report_id },
            h::Change::Reported { report_id } => Change::Reported { report_id },
            h::Change::Rejected { record, rejection } => Change::Rejected { record, rejection: rejection.into() },
        }
    }
}

/// What became of a report in a `Reconciler`, tagged by `state`.
#[napi(discriminant = "state", discriminant_case = "snake_case", object_from_js = false)]
pub enum ReportState {
    /// Attached to a contact.
    Linked { contact_id: String, rule: LinkRule },
    /// An orphan.
    Orphan { status: OrphanStatus },
    /// A meeting or video report.
    Reported {},
    /// Refused.
    Rejected { rule: String, code: String },
}

impl From<&h::ReportState> for ReportState {
    fn from(s: &h::ReportState) -> Self {
        match s {
            h::ReportState::Linked { contact_id, rule } => {
                ReportState::Linked { contact_id: contact_id.clone(), rule: (*rule).into() }
            }
            h::ReportState::Orphan { status } => ReportState::Orphan { status: (*status).into() },
            h::ReportState::Reported => ReportState::Reported {},
            h::ReportState::Rejected { rule, code } => ReportState::Rejected { rule: rule.clone(), code: code.clone() },
        }
    }
}

/// The incremental reconciliation engine: contacts and reports
/// arrive in any order and any number of batches; after each batch the
/// state equals one `reconcile` over everything received.
#[napi]
pub struct Reconciler {
    shared: Arc<Shared>,
}

/// The engine, shared with an `addAsync` running on a worker thread.
struct Shared {
    engine: Mutex<h::Reconciler>,
    /// Set while an `addAsync` is in flight (reading, computing).
    busy: AtomicBool,
}

/// Clears `busy` when the async batch is over, whatever its outcome.
struct Busy(Arc<Shared>);

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.busy.store(false, Ordering::Release);
    }
}

impl Reconciler {
    /// The engine for a synchronous call; `busy` while an `addAsync` runs.
    fn engine(&self) -> Result<std::sync::MutexGuard<'_, h::Reconciler>> {
        if self.shared.busy.load(Ordering::Acquire) {
            return Err(error("busy", "this Reconciler is running addAsync: await it before calling it again"));
        }
        self.shared.engine.lock().map_err(|_| error("internal", "the Reconciler was poisoned by an earlier failure"))
    }
}

/// `Reconciler.addAsync`'s input, read slice by slice.
struct AddJob {
    busy: Busy,
    contacts: PendingList<Contact>,
    reports: PendingList<Report>,
    now: chrono::DateTime<chrono::Utc>,
}

impl Job for AddJob {
    fn read(&mut self, deadline: std::time::Instant) -> Result<bool> {
        Ok(self.contacts.read(deadline)? && self.reports.read(deadline)?)
    }

    fn into_work(self: Box<Self>) -> Work {
        let AddJob { busy, contacts, reports, now } = *self;
        let (contacts, reports) = (contacts.items(), reports.items());
        Box::new(move || {
            let contacts = self::contacts(contacts, "contacts")?;
            let reports = self::reports(reports, "reports")?;
            let changes = {
                let mut engine = busy.0.engine.lock().map_err(|_| error("internal", "the Reconciler was poisoned"))?;
                engine.add(contacts, reports, now)
            };
            drop(busy);
            Ok(Output::array(changes.into_iter().map(Change::from).collect()))
        })
    }
}

#[napi]
impl Reconciler {
    /// An empty engine with this configuration (defaults when absent).
    #[napi(constructor, ts_args_type = "config?: Config | null")]
    pub fn new(config: Unknown) -> Result<Self> {
        guard(|| {
            let engine = h::Reconciler::new(self::config(Arg::from(&config), "config")?);
            Ok(Reconciler { shared: Arc::new(Shared { engine: Mutex::new(engine), busy: AtomicBool::new(false) }) })
        })
    }

    /// Adds a batch at `now`; returns what changed, sorted by report id
    /// (refused contacts last).
    #[napi(ts_args_type = "contacts: Contact[], reports: Report[], now: Date | string")]
    pub fn add(&mut self, contacts: Unknown, reports: Unknown, now: Unknown) -> Result<Vec<Change>> {
        guard(|| {
            let contacts = self::contacts(Arg::from(&contacts).list_or_empty("contacts")?, "contacts")?;
            let reports = self::reports(Arg::from(&reports).list_or_empty("reports")?, "reports")?;
            let now = Arg::from(&now).instant("now")?;
            Ok(self.engine()?.add(contacts, reports, now).into_iter().map(Into::into).collect())
        })
    }

    /// `add` off the main thread, for big batches: the arrays are read in
    /// slices between turns of the event loop and the batch is reconciled on
    /// the libuv thread pool. Until the Promise settles, the engine is
    /// `busy`: its other methods throw (and another `addAsync` rejects) with
    /// that code.
    #[napi(
        ts_args_type = "contacts: Contact[], reports: Report[], now: Date | string",
        ts_return_type = "Promise<Array<Change>>"
    )]
    pub fn add_async(
        &self,
        env: Env,
        contacts: Unknown,
        reports: Unknown,
        now: Unknown,
    ) -> napi::Result<Unknown<'static>> {
        let shared = self.shared.clone();
        task::start(env.raw(), || {
            if shared.busy.swap(true, Ordering::AcqRel) {
                return Err(error("busy", "this Reconciler is already running addAsync: await it first"));
            }
            let busy = Busy(shared);
            Ok(Box::new(AddJob {
                contacts: PendingList::new(Arg::from(&contacts), "contacts")?,
                reports: PendingList::new(Arg::from(&reports), "reports")?,
                now: Arg::from(&now).instant("now")?,
                busy,
            }))
        })
    }

    /// Moves time forward without new records: provisional orphans whose
    /// horizon passed become final.
    #[napi(ts_args_type = "now: Date | string")]
    pub fn advance(&mut self, now: Unknown) -> Result<Vec<Change>> {
        guard(|| {
            let now = Arg::from(&now).instant("now")?;
            Ok(self.engine()?.advance(now).into_iter().map(Into::into).collect())
        })
    }

    /// The whole state, equal to `reconcile` over every record received.
    #[napi]
    pub fn reconciliation(&self) -> Result<Reconciliation> {
        guard(|| Ok(self.engine()?.reconciliation().into()))
    }

    /// The state of one report, or `null` if never received.
    #[napi(ts_args_type = "reportId: string")]
    pub fn report_state(&self, report_id: Unknown) -> Result<Option<ReportState>> {
        guard(|| {
            let id = Arg::from(&report_id).string("reportId")?;
            Ok(self.engine()?.report_state(&id).map(Into::into))
        })
    }

    /// The history of `clientId` at the last `now`.
    #[napi(ts_args_type = "clientId: string, options?: HistoryOptions | null")]
    pub fn history(&self, client_id: Unknown, options: Unknown) -> Result<History> {
        guard(|| {
            let client_id = Arg::from(&client_id).string("clientId")?;
            let options = history_options(Arg::from(&options), "options")?;
            self.engine()?.history(&client_id, &options).map(Into::into).map_err(|e| core(&e))
        })
    }
}

/// `reconcileAsync`'s input, read slice by slice.
struct ReconcileJob {
    contacts: PendingList<Contact>,
    reports: PendingList<Report>,
    config: h::Config,
    now: chrono::DateTime<chrono::Utc>,
}

impl Job for ReconcileJob {
    fn read(&mut self, deadline: std::time::Instant) -> Result<bool> {
        Ok(self.contacts.read(deadline)? && self.reports.read(deadline)?)
    }

    fn into_work(self: Box<Self>) -> Work {
        let ReconcileJob { contacts, reports, config, now } = *self;
        let (contacts, reports) = (contacts.items(), reports.items());
        Box::new(move || {
            let contacts = self::contacts(contacts, "contacts")?;
            let reports = self::reports(reports, "reports")?;
            let indexed = h::reconcile_indexed(&contacts, &reports, &config, now);
            let output = crate::history_out::reconciliation_output(indexed, &contacts, &reports);
            Ok(output.discard(contacts).discard(reports))
        })
    }

    fn inputs(&self) -> Result<Vec<task::Held>> {
        // In the order `history_out` names them: contacts, then reports.
        Ok(vec![self.contacts.hold()?, self.reports.hold()?])
    }
}

/// `reconcile` off the main thread: the same result as a Promise. The
/// arrays are read in slices of a few milliseconds between turns of the
/// event loop and reconciled on the libuv thread pool, so a server stays
/// responsive. Errors reject the Promise (the call itself never throws).
#[napi(
    ts_args_type = "contacts: Contact[], reports: Report[], config: Config | null | undefined, now: Date | string",
    ts_return_type = "Promise<Reconciliation>"
)]
pub fn reconcile_async(
    env: Env,
    contacts: Unknown,
    reports: Unknown,
    config: Unknown,
    now: Unknown,
) -> napi::Result<Unknown<'static>> {
    task::start(env.raw(), || {
        Ok(Box::new(ReconcileJob {
            contacts: PendingList::new(Arg::from(&contacts), "contacts")?,
            reports: PendingList::new(Arg::from(&reports), "reports")?,
            config: self::config(Arg::from(&config), "config")?,
            now: Arg::from(&now).instant("now")?,
        }))
    })
}

/// `historyAsync`'s input, read slice by slice.
struct HistoryJob {
    client_id: String,
    contacts: PendingList<Contact>,
    reports: PendingList<Report>,
    options: h::HistoryOptions,
    config: h::Config,
    now: chrono::DateTime<chrono::Utc>,
}

impl Job for HistoryJob {
    fn read(&mut self, deadline: std::time::Instant) -> Result<bool> {
        Ok(self.contacts.read(deadline)? && self.reports.read(deadline)?)
    }

    fn into_work(self: Box<Self>) -> Work {
        let HistoryJob { client_id, contacts, reports, options, config, now } = *self;
        let (contacts, reports) = (contacts.items(), reports.items());
        Box::new(move || {
            let contacts = self::contacts(contacts, "contacts")?;
            let reports = self::reports(reports, "reports")?;
            let History { client_id, entries, coverage } =
                h::history(&client_id, &contacts, &reports, &options, &config, now).map_err(|e| core(&e))?.into();
            Ok(Output::default()
                .string("clientId", client_id)
                .list("entries", entries)
                .list("coverage", coverage)
                .discard(contacts)
                .discard(reports))
        })
    }
}

/// `history` off the main thread, as a Promise (see `reconcileAsync`);
/// rejects with `not_a_natural_person` for a legal entity.
#[napi(
    ts_args_type = "clientId: string, contacts: Contact[], reports: Report[], options: HistoryOptions | null | undefined, config: Config | null | undefined, now: Date | string",
    ts_return_type = "Promise<History>"
)]
pub fn history_async(
    env: Env,
    client_id: Unknown,
    contacts: Unknown,
    reports: Unknown,
    options: Unknown,
    config: Unknown,
    now: Unknown,
) -> napi::Result<Unknown<'static>> {
    task::start(env.raw(), || {
        Ok(Box::new(HistoryJob {
            client_id: Arg::from(&client_id).string("clientId")?,
            contacts: PendingList::new(Arg::from(&contacts), "contacts")?,
            reports: PendingList::new(Arg::from(&reports), "reports")?,
            options: history_options(Arg::from(&options), "options")?,
            config: self::config(Arg::from(&config), "config")?,
            now: Arg::from(&now).instant("now")?,
        }))
    })
}
