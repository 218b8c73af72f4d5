//! History and reconciliation (SPEC §1, §2 restitution): the records of
//! `filrouge::history` as uniffi records and enums, the batch functions,
//! and the incremental [`Reconciler`] as an object.

use crate::convert::{Timestamp, lock, time_zone, to_btree, to_hash, to_usize};
use crate::error::FilrougeError;
use crate::retention::RetentionPolicy;
use filrouge::Rejection;
use filrouge::history::{
    self as core, CallOutcome, Change, Channel, Contact, Coverage, Direction, Entry, EntryKind, HiddenReason, History,
    Link, LinkRule, MailSource, Orphan, OrphanStatus, Reconciliation, Report, ReportState, Restitution, Visibility,
};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

// --- Vocabulary (the core's enums, exposed as they are) ---------------------

/// How a contact happened.
#[uniffi::remote(Enum)]
pub enum Channel {
    /// A telephone call (captured).
    Phone,
    /// An e-mail (captured).
    Email,
    /// A text message (captured).
    Sms,
    /// A face-to-face meeting (reported by the advisor).
    Meeting,
    /// A video call (reported by the advisor).
    Video,
    /// A letter sent to the client.
    Letter,
    /// A notice sent through the mail brick.
    Notification,
}

/// Who took the initiative.
#[uniffi::remote(Enum)]
pub enum Direction {
    /// The client called, wrote or booked.
    Inbound,
    /// The bank did.
    Outbound,
}

/// The outcome of an inbound call.
#[uniffi::remote(Enum)]
pub enum CallOutcome {
    /// Someone picked up.
    Answered,
    /// The caller hung up before voicemail started.
    Unanswered,
    /// The caller stayed until voicemail started.
    VoicemailLeft,
}

/// Which mail system captured a mail (selects the retention row, R-2.6).
#[uniffi::remote(Enum)]
pub enum MailSource {
    /// Mails sent from the CRM.
    CrmMsi,
    /// Mails captured from the advisors' Outlook.
    ExchangeOutlook,
    /// Mails captured from the Exchange gateway.
    ExchangeMsi,
    /// Notices of the mail brick.
    MailBrick,
}

/// Which clause of chose the contact.
#[uniffi::remote(Enum)]
pub enum LinkRule {
    /// Entered within the margin after the contact ended.
    JustAfter,
    /// The last candidate of the latest day that has one.
    LastOfDay,
}

/// Whether an orphan may still find its contact.
#[uniffi::remote(Enum)]
pub enum OrphanStatus {
    /// The contact may still arrive.
    Provisional,
    /// The late-arrival horizon has passed.
    Final,
}

/// What a history entry stands for.
#[uniffi::remote(Enum)]
pub enum EntryKind {
    /// A captured contact (with its report when one matched it).
    Captured,
    /// The synthetic contact of an orphan report.
    Orphan,
    /// The contact a meeting or video report creates.
    Reported,
}

/// Why a contact is hidden from histories.
#[uniffi::remote(Enum)]
pub enum HiddenReason {
    /// an outbound call shorter than the minimum.
    ShortOutboundCall,
    /// a mail whose subject starts with an excluded word.
    PrivateSubject,
    /// a mail-brick notice on a topic not shown.
    NotificationTopic,
    /// a letter of a kind not shown.
    LetterKind,
}

// --- Records -------------------------------------------------------------------

/// A contact captured automatically (SPEC §1).
#[uniffi::remote(Record)]
pub struct Contact {
    /// Host-chosen, non-empty.
    pub id: String,
    /// Every client sharing the phone number or address used (non-empty).
    pub parties: Vec<String>,
    /// The advisor involved, when known.
    #[uniffi(default)]
    pub advisor_id: Option<String>,
    /// How it happened.
    pub channel: Channel,
    /// Who took the initiative.
    pub direction: Direction,
    /// When it happened.
    pub occurred_at: Timestamp,
    /// Call length in whole seconds (calls only; 0 when absent).
    #[uniffi(default)]
    pub duration_s: Option<u32>,
    /// Inbound calls: the outcome, when the telephony gave it.
    #[uniffi(default)]
    pub call_outcome: Option<CallOutcome>,
    /// Inbound calls: whether someone picked up.
    #[uniffi(default)]
    pub answered: Option<bool>,
    /// Inbound calls: seconds into the call at which voicemail started.
    #[uniffi(default)]
    pub voicemail_at_s: Option<u32>,
    /// Mails: the subject line.
    #[uniffi(default)]
    pub subject: Option<String>,
    /// Mails and notices: the capturing system.
    #[uniffi(default)]
    pub mail_source: Option<MailSource>,
    /// Mail-brick notices: the topic.
    #[uniffi(default)]
    pub notification_topic: Option<String>,
    /// Letters: the kind.
    #[uniffi(default)]
    pub letter_kind: Option<String>,
    /// Mails: whether an attachment is carried inside the body.
    #[uniffi(default)]
    pub has_inline_images: Option<bool>,
    /// When the capture reached us.
    #[uniffi(default)]
    pub received_at: Option<Timestamp>,
}

/// An advisor's meeting report (SPEC §1).
#[uniffi::remote(Record)]
pub struct Report {
    /// Host-chosen, non-empty.
    pub id: String,
    /// The client the report is about.
    pub client_id: String,
    /// The advisor who wrote it.
    pub advisor_id: String,
    /// The channel the report describes.
    pub channel: Channel,
    /// `Inbound` when the client took the initiative.
    pub initiative: Direction,
    /// When the advisor entered it.
    pub entered_at: Timestamp,
    /// The reason for the contact.
    #[uniffi(default)]
    pub motive: Option<String>,
    /// Free text, at most 5,000 characters by default.
    #[uniffi(default)]
    pub comment: Option<String>,
}

/// The restitution filters (R-2.1 … ); `default_config().restitution`
/// holds the SPEC's defaults.
#[uniffi::remote(Record)]
pub struct Restitution {
    /// Outbound calls shorter than this are hidden.
    pub min_outbound_call_s: u32,
    /// Subjects starting with one of these words are private.
    pub excluded_subject_words: Vec<String>,
    /// Mail-brick topics shown.
    pub notification_topics: Vec<String>,
    /// Letter kinds shown.
    pub letter_kinds: Vec<String>,
}

/// Configuration of reconciliation and history. Start from
/// [`default_config`] (the SPEC's defaults) and change what differs.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Config {
    /// IANA zone whose calendar defines a day (`Europe/Paris`).
    pub time_zone: String,
    /// Local days before the report's day a contact may be.
    pub window_days: u32,
    /// The just-after margin in seconds.
    pub just_after_s: u32,
    /// How long an orphan stays provisional, in seconds.
    pub late_arrival_horizon_s: u64,
    /// Longest accepted comment in characters.
    pub comment_max_chars: u64,
    /// Longest comment shown in a history, in characters.
    pub comment_display_chars: u64,
    /// Restitution filters (R-2.1 … ).
    pub restitution: Restitution,
    /// Per channel, the instant capture started; absent = always.
    pub coverage: HashMap<Channel, Timestamp>,
    /// Retention: a history leaves out entries whose record has expired.
    pub retention: RetentionPolicy,
}

impl TryFrom<Config> for core::Config {
    type Error = FilrougeError;
    fn try_from(c: Config) -> Result<Self, FilrougeError> {
        Ok(core::Config {
            time_zone: time_zone(&c.time_zone)?,
            window_days: c.window_days,
            just_after_s: c.just_after_s,
            late_arrival_horizon_s: c.late_arrival_horizon_s,
            comment_max_chars: to_usize(c.comment_max_chars),
            comment_display_chars: to_usize(c.comment_display_chars),
            restitution: c.restitution,
            coverage: c.coverage.into_iter().collect(),
            retention: c.retention.try_into()?,
        })
    }
}

impl From<&core::Config> for Config {
    fn from(c: &core::Config) -> Self {
        Config {
            time_zone: c.time_zone.name().to_owned(),
            window_days: c.window_days,
            just_after_s: c.just_after_s,
            late_arrival_horizon_s: c.late_arrival_horizon_s,
            comment_max_chars: c.comment_max_chars as u64,
            comment_display_chars: c.comment_display_chars as u64,
            restitution: c.restitution.clone(),
            coverage: c.coverage.iter().map(|(k, v)| (*k, *v)).collect(),
            retention: (&c.retention).into(),
        }
    }
}

/// Facts about clients a history needs beyond contacts and reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct HistoryOptions {
    /// Clients that are legal entities; all others are natural persons.
    #[uniffi(default)]
    pub legal_entities: HashSet<String>,
    /// Clients under a legal or litigation hold: their entries stay past retention.
    #[uniffi(default)]
    pub holds: HashSet<String>,
}

impl From<HistoryOptions> for core::HistoryOptions {
    fn from(o: HistoryOptions) -> Self {
        core::HistoryOptions { legal_entities: to_btree(o.legal_entities), holds: to_btree(o.holds) }
    }
}

impl From<core::HistoryOptions> for HistoryOptions {
    fn from(o: core::HistoryOptions) -> Self {
        HistoryOptions { legal_entities: to_hash(o.legal_entities), holds: to_hash(o.holds) }
    }
}

/// A report attached to the contact it describes.
#[uniffi::remote(Record)]
pub struct Link {
    /// The report.
    pub report_id: String,
    /// The contact it describes.
    pub contact_id: String,
    /// The clause of that chose it.
    pub rule: LinkRule,
}

/// A report on a captured channel that matched nothing.
#[uniffi::remote(Record)]
pub struct Orphan {
    /// The report.
    pub report_id: String,
    /// Provisional or final at `now`.
    pub status: OrphanStatus,
}

/// The result of reconciling contacts and reports: links, orphans and
/// reported reports by (`entered_at`, report id); refused records apart.
#[uniffi::remote(Record)]
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

/// One line of a client's history.
#[uniffi::remote(Record)]
pub struct Entry {
    /// The contact's id; for a synthetic entry, its report's id.
    pub id: String,
    /// Captured, orphan or reported.
    pub kind: EntryKind,
    /// When it happened (a synthetic entry: when the report was entered).
    pub occurred_at: Timestamp,
    /// How.
    pub channel: Channel,
    /// Who took the initiative.
    pub direction: Direction,
    /// The advisor, when known.
    pub advisor_id: Option<String>,
    /// The report attached or behind the entry.
    pub report_id: Option<String>,
    /// Which clause of matched the report.
    pub link_rule: Option<LinkRule>,
    /// Orphans: provisional or final at `now`.
    pub orphan_status: Option<OrphanStatus>,
    /// The report's motive.
    pub motive: Option<String>,
    /// The report's comment, cut to the display limit.
    pub comment: Option<String>,
    /// Whether `comment` was cut.
    pub comment_truncated: Option<bool>,
    /// Calls: length in seconds.
    pub duration_s: Option<u32>,
    /// Inbound calls: the outcome.
    pub call_outcome: Option<CallOutcome>,
    /// Mails: the subject.
    pub subject: Option<String>,
}

/// Since when a channel is captured.
#[uniffi::remote(Record)]
pub struct Coverage {
    /// The channel.
    pub channel: Channel,
    /// Nothing before this instant was captured.
    pub since: Timestamp,
}

/// A client's history at `now`.
#[uniffi::remote(Record)]
pub struct History {
    /// The client.
    pub client_id: String,
    /// Newest first, ties by id.
    pub entries: Vec<Entry>,
    /// The channels whose capture started at a known instant.
    pub coverage: Vec<Coverage>,
}

/// The restitution verdict on one contact (R-2.1 … ).
#[uniffi::remote(Record)]
pub struct Visibility {
    /// Whether histories show the contact.
    pub visible: bool,
    /// Why not, when hidden.
    pub reason: Option<HiddenReason>,
    /// Inbound calls: the outcome, when known or derivable.
    pub call_outcome: Option<CallOutcome>,
}

/// What one batch changed in a [`Reconciler`].
#[uniffi::remote(Enum)]
pub enum Change {
    /// A report found its contact.
    Linked {
        /// The report.
        report_id: String,
        /// Its contact.
        contact_id: String,
        /// The clause of.
        rule: LinkRule,
    },
    /// A report moved to a better contact.
    Moved {
        /// The report.
        report_id: String,
        /// The contact it left.
        from: String,
        /// The contact it took.
        to: String,
        /// The clause of.
        rule: LinkRule,
    },
    /// A report became an orphan (new, or its contact was taken or withdrawn).
    OrphanCreated {
        /// The report.
        report_id: String,
        /// Provisional or final.
        status: OrphanStatus,
        /// The contact it had, when it had one.
        previous_contact_id: Option<String>,
    },
    /// An orphan found its contact.
    OrphanResolved {
        /// The report.
        report_id: String,
        /// Its contact.
        contact_id: String,
        /// The clause of.
        rule: LinkRule,
    },
    /// An orphan's horizon passed.
    OrphanFinal {
        /// The report.
        report_id: String,
    },
    /// A meeting or video report created its contact.
    Reported {
        /// The report.
        report_id: String,
    },
    /// A record was refused (or an accepted one withdrawn by a conflicting copy).
    Rejected {
        /// `contact` or `report`.
        record: String,
        /// Why.
        rejection: Rejection,
    },
}

/// Where one report stands in a [`Reconciler`].
#[uniffi::remote(Enum)]
pub enum ReportState {
    /// Attached to a contact.
    Linked {
        /// The contact.
        contact_id: String,
        /// The clause of.
        rule: LinkRule,
    },
    /// An orphan.
    Orphan {
        /// Provisional or final.
        status: OrphanStatus,
    },
    /// A meeting or video report.
    Reported,
    /// Refused.
    Rejected {
        /// The rule broken.
        rule: String,
        /// The stable code.
        code: String,
    },
}

// --- Functions -------------------------------------------------------------------

/// The SPEC's defaults: `Europe/Paris`, a 7-day window, 15 minutes "just
/// after", a 7-day late-arrival horizon, the R-2.1 … R-2.4 filters, the
/// retention table.
#[uniffi::export]
pub fn default_config() -> Config {
    (&core::Config::default()).into()
}

/// Reconciles `contacts` with `reports` at `now` (R-1.1 … ). Bad
/// records come back in `rejected`; the call fails only on a configuration
/// it cannot use (an unknown time zone).
#[uniffi::export]
pub fn reconcile(
    contacts: Vec<Contact>,
    reports: Vec<Report>,
    config: Config,
    now: Timestamp,
) -> Result<Reconciliation, FilrougeError> {
    Ok(core::reconcile(&contacts, &reports, &config.try_into()?, now))
}

/// The history of `client_id` at `now` (R-1.6, R-1.10, R-2.1 …,
/// Fails with `not_a_natural_person` for a legal entity.
#[uniffi::export]
pub fn history(
    client_id: String,
    contacts: Vec<Contact>,
    reports: Vec<Report>,
    options: HistoryOptions,
    config: Config,
    now: Timestamp,
) -> Result<History, FilrougeError> {
    Ok(core::history(&client_id, &contacts, &reports, &options.into(), &config.try_into()?, now)?)
}

/// Whether histories show `contact`, and why not (R-2.1 … ).
#[uniffi::export]
pub fn restitution(contact: Contact, filters: Restitution) -> Result<Visibility, FilrougeError> {
    Ok(core::restitution(&contact, &filters))
}

/// The outcome of an inbound call, given or derived.
#[uniffi::export]
pub fn call_outcome(contact: Contact) -> Result<Option<CallOutcome>, FilrougeError> {
    Ok(core::call_outcome(&contact))
}

/// Whether a mail subject is private under `words`.
#[uniffi::export]
pub fn is_private_subject(subject: String, words: Vec<String>) -> bool {
    core::is_private_subject(&subject, &words)
}

// --- The incremental engine -------------------------------------------------------

/// Reconciles contacts and reports arriving late and in any order:
/// each `add` returns what changed; the state always equals one
/// [`reconcile`] over everything received. Kotlin: `Reconciler(config).use
/// { … }`; the native state is freed by `close()`/`destroy()` or the garbage
/// collector.
#[derive(Debug, uniffi::Object)]
pub struct Reconciler {
    engine: Mutex<core::Reconciler>,
}

#[uniffi::export]
impl Reconciler {
    /// An empty engine.
    #[uniffi::constructor]
    pub fn new(config: Config) -> Result<Arc<Self>, FilrougeError> {
        Ok(Arc::new(Reconciler { engine: Mutex::new(core::Reconciler::new(config.try_into()?)) }))
    }

    /// Adds a batch received at `now`; returns what it changed.
    pub fn add(
        &self,
        contacts: Vec<Contact>,
        reports: Vec<Report>,
        now: Timestamp,
    ) -> Result<Vec<Change>, FilrougeError> {
        Ok(lock(&self.engine)?.add(contacts, reports, now))
    }

    /// Moves time forward: provisional orphans past their horizon become final.
    pub fn advance(&self, now: Timestamp) -> Result<Vec<Change>, FilrougeError> {
        Ok(lock(&self.engine)?.advance(now))
    }

    /// The whole state, as [`reconcile`] over every record received would give it.
    pub fn reconciliation(&self) -> Result<Reconciliation, FilrougeError> {
        Ok(lock(&self.engine)?.reconciliation())
    }

    /// Where one report stands, if received.
    pub fn report_state(&self, report_id: String) -> Result<Option<ReportState>, FilrougeError> {
        Ok(lock(&self.engine)?.report_state(&report_id).cloned())
    }

    /// The history of `client_id` at the last `now`.
    pub fn history(&self, client_id: String, options: HistoryOptions) -> Result<History, FilrougeError> {
        Ok(lock(&self.engine)?.history(&client_id, &options.into())?)
    }

    /// The configuration the engine was created with.
    pub fn config(&self) -> Result<Config, FilrougeError> {
        Ok(lock(&self.engine)?.config().into())
    }
}
