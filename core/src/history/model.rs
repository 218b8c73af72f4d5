//! The records of SPEC §1: captured contacts, advisors' reports, and the
//! configuration of reconciliation and restitution.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How a contact happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// A telephone call (captured by telephony).
    Phone,
    /// An e-mail (captured from the mail systems).
    Email,
    /// A text message (captured).
    Sms,
    /// A face-to-face meeting (reported by the advisor, never captured).
    Meeting,
    /// A video call (reported by the advisor, never captured).
    Video,
    /// A letter sent to the client.
    Letter,
    /// A notice sent through the mail brick.
    Notification,
}

impl Channel {
    /// Every channel, in declaration order.
    pub const ALL: [Channel; 7] = [
        Channel::Phone,
        Channel::Email,
        Channel::Sms,
        Channel::Meeting,
        Channel::Video,
        Channel::Letter,
        Channel::Notification,
    ];

    /// Channels captured automatically, whose unmatched reports are orphans.
    pub fn is_captured(self) -> bool {
        matches!(self, Channel::Phone | Channel::Email | Channel::Sms)
    }

    /// Channels whose reports create their own contact.
    pub fn is_reported(self) -> bool {
        matches!(self, Channel::Meeting | Channel::Video)
    }

    /// The lower-snake name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Email => "email",
            Channel::Sms => "sms",
            Channel::Meeting => "meeting",
            Channel::Video => "video",
            Channel::Letter => "letter",
            Channel::Notification => "notification",
        }
    }
}

/// Who took the initiative: the direction of a contact, the initiative of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The client called, wrote or booked.
    Inbound,
    /// The bank did.
    Outbound,
}

/// The outcome of an inbound call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallOutcome {
    /// Someone picked up.
    Answered,
    /// The caller hung up before voicemail started.
    Unanswered,
    /// The caller stayed until voicemail started (message left or not).
    VoicemailLeft,
}

/// Which mail system captured a mail (selects the retention row, R-2.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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

/// A contact captured automatically (SPEC §1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Host-chosen, non-empty.
    pub id: String,
    /// Every client sharing the phone number or address used (non-empty set).
    pub parties: Vec<String>,
    /// The advisor involved, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advisor_id: Option<String>,
    /// How it happened.
    pub channel: Channel,
    /// Who took the initiative.
    pub direction: Direction,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
    /// Call length in whole seconds (calls only; 0 when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_s: Option<u32>,
    /// Inbound calls: the outcome, when the telephony gave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_outcome: Option<CallOutcome>,
    /// Inbound calls: whether someone picked up (used to derive `call_outcome`, R-2.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered: Option<bool>,
    /// Inbound calls: seconds into the call at which voicemail started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voicemail_at_s: Option<u32>,
    /// Mails: the subject line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Mails and notices: the capturing system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mail_source: Option<MailSource>,
    /// Mail-brick notices: the topic (`appointment`, `card`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification_topic: Option<String>,
    /// Letters: the kind (`undelivered`, `savings_plan_maturity`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letter_kind: Option<String>,
    /// Mails: whether an attachment is carried inside the body (an inline image, R-2.6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_inline_images: Option<bool>,
    /// When the capture reached us (may be days after `occurred_at`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_at: Option<DateTime<Utc>>,
}

impl Contact {
    /// `occurred_at + duration_s`: the end used by the just-after rule.
    pub fn end(&self) -> DateTime<Utc> {
        // Saturates at chrono's last instant instead of panicking on overflow.
        self.occurred_at
            .checked_add_signed(chrono::Duration::seconds(i64::from(self.duration_s.unwrap_or(0))))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }
}

/// An advisor's meeting report ("CRE", SPEC §1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Host-chosen, non-empty.
    pub id: String,
    /// The client the report is about.
    pub client_id: String,
    /// The advisor who wrote it.
    pub advisor_id: String,
    /// The channel the report describes.
    pub channel: Channel,
    /// `inbound` when the client took the initiative (a meeting they booked too).
    pub initiative: Direction,
    /// When the advisor entered it.
    pub entered_at: DateTime<Utc>,
    /// The reason for the contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub motive: Option<String>,
    /// Free text, at most 5,000 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// Configuration of reconciliation and history. Every field has the SPEC's
/// default, so `{}` is a valid configuration and a vector's `config` holds
/// only overrides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// IANA zone whose calendar defines a day (default `Europe/Paris`).
    pub time_zone: Tz,
    /// How many local days before the report's day a contact may be (R-1.3, default 7).
    pub window_days: u32,
    /// The just-after margin in seconds (R-1.4, default 900 = 15 min).
    pub just_after_s: u32,
    /// How long an orphan stays provisional, in seconds (R-1.7, default 7 days).
    pub late_arrival_horizon_s: u64,
    /// Longest accepted comment in characters (R-1.1, default 5,000).
    pub comment_max_chars: usize,
    /// Longest comment shown in a history, in characters (R-1.10, default 999).
    pub comment_display_chars: usize,
    /// Restitution filters (R-2.1 … ).
    pub restitution: Restitution,
    /// Per channel, the instant capture started; absent = always captured.
    pub coverage: BTreeMap<Channel, DateTime<Utc>>,
    /// Retention: a history leaves out entries whose `record` part
    /// has expired, unless a client of the entry is held.
    pub retention: crate::retention::RetentionPolicy,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            time_zone: crate::time::DEFAULT_TIME_ZONE,
            window_days: 7,
            just_after_s: 15 * 60,
            late_arrival_horizon_s: 7 * 24 * 3600,
            comment_max_chars: 5000,
            comment_display_chars: 999,
            restitution: Restitution::default(),
            coverage: BTreeMap::new(),
            retention: crate::retention::RetentionPolicy::default(),
        }
    }
}

/// The restitution filters of SPEC §2 (R-2.1 … ).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Restitution {
    /// Outbound calls shorter than this are hidden (R-2.1, default 40 s).
    pub min_outbound_call_s: u32,
    /// Subjects starting with one of these words are private.
    pub excluded_subject_words: Vec<String>,
    /// Mail-brick topics shown.
    pub notification_topics: Vec<String>,
    /// Letter kinds shown.
    pub letter_kinds: Vec<String>,
}

impl Default for Restitution {
    fn default() -> Self {
        let owned = |xs: &[&str]| xs.iter().map(|s| (*s).to_owned()).collect();
        Restitution {
            min_outbound_call_s: 40,
            excluded_subject_words: owned(&["[SPAM DOUTEUX]", "Personnel", "Perso", "Privé", "Secret", "Intime"]),
            notification_topics: owned(&["appointment", "card", "security", "remote_sale"]),
            letter_kinds: owned(&[
                "undelivered",
                "savings_plan_maturity",
                "vulnerable_client_offer",
                "periodic_suitability_report",
            ]),
        }
    }
}
