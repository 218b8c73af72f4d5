//! Contacts and reports as [`reconcile_indexed`](super::reconcile_indexed)
//! reads them: the owned [`Contact`] and [`Report`], or the borrowed
//! [`ContactRef`] and [`ReportRef`] a host builds over its own buffers (an
//! Arrow column of strings, a memory-mapped file) without copying a string.
//!
//! Reconciliation reads only the fields of … through the
//! [`ContactRecord`] and [`ReportRecord`] traits; a record is copied into
//! its owned form only to compare two copies of one id (SPEC §0), which
//! happens for duplicates alone.

use super::model::{CallOutcome, Channel, Contact, Direction, MailSource, Report};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A contact as reconciliation reads it (SPEC §1, R-1.3 … ).
///
/// Implemented by [`Contact`] and [`ContactRef`]; a host may implement it on
/// its own row type. `to_contact` must give the record's whole content: two
/// records with one id are the same contact exactly when their
/// `to_contact()` are (parties compared as sets, SPEC §0).
pub trait ContactRecord {
    /// How the record holds a party id.
    type Party: AsRef<str>;
    /// The contact's id (SPEC §0: non-empty).
    fn id(&self) -> &str;
    /// The clients sharing the phone number or address used (SPEC §1: non-empty).
    fn parties(&self) -> &[Self::Party];
    /// The advisor involved, when known.
    fn advisor_id(&self) -> Option<&str>;
    /// How it happened.
    fn channel(&self) -> Channel;
    /// Who took the initiative.
    fn direction(&self) -> Direction;
    /// When it happened.
    fn occurred_at(&self) -> DateTime<Utc>;
    /// Call length in whole seconds (the just-after rule's end, R-1.4).
    fn duration_s(&self) -> Option<u32>;
    /// The record as an owned [`Contact`] (used to compare copies of an id).
    fn to_contact(&self) -> Contact;
}

/// A report as reconciliation reads it (SPEC §1, R-1.1 … ).
///
/// Implemented by [`Report`] and [`ReportRef`]; `to_report` must give the
/// record's whole content (two copies of one id are compared through it).
pub trait ReportRecord {
    /// The report's id (SPEC §0: non-empty).
    fn id(&self) -> &str;
    /// The client the report is about.
    fn client_id(&self) -> &str;
    /// The advisor who wrote it.
    fn advisor_id(&self) -> &str;
    /// The channel the report describes.
    fn channel(&self) -> Channel;
    /// Who took the initiative.
    fn initiative(&self) -> Direction;
    /// When the advisor entered it.
    fn entered_at(&self) -> DateTime<Utc>;
    /// The free text whose length bounds.
    fn comment(&self) -> Option<&str>;
    /// The record as an owned [`Report`] (used to compare copies of an id).
    fn to_report(&self) -> Report;
}

impl ContactRecord for Contact {
    type Party = String;
    fn id(&self) -> &str {
        &self.id
    }
    fn parties(&self) -> &[String] {
        &self.parties
    }
    fn advisor_id(&self) -> Option<&str> {
        self.advisor_id.as_deref()
    }
    fn channel(&self) -> Channel {
        self.channel
    }
    fn direction(&self) -> Direction {
        self.direction
    }
    fn occurred_at(&self) -> DateTime<Utc> {
        self.occurred_at
    }
    fn duration_s(&self) -> Option<u32> {
        self.duration_s
    }
    fn to_contact(&self) -> Contact {
        self.clone()
    }
}

impl ReportRecord for Report {
    fn id(&self) -> &str {
        &self.id
    }
    fn client_id(&self) -> &str {
        &self.client_id
    }
    fn advisor_id(&self) -> &str {
        &self.advisor_id
    }
    fn channel(&self) -> Channel {
        self.channel
    }
    fn initiative(&self) -> Direction {
        self.initiative
    }
    fn entered_at(&self) -> DateTime<Utc> {
        self.entered_at
    }
    fn comment(&self) -> Option<&str> {
        self.comment.as_deref()
    }
    fn to_report(&self) -> Report {
        self.clone()
    }
}

/// A [`Contact`] whose strings are borrowed: the same fields, the same
/// serialized shape. `parties` is a slice of a buffer the host fills once
/// for all its contacts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ContactRef<'a> {
    /// Host-chosen, non-empty.
    pub id: &'a str,
    /// Every client sharing the phone number or address used (non-empty set).
    pub parties: &'a [&'a str],
    /// The advisor involved, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub advisor_id: Option<&'a str>,
    /// How it happened.
    pub channel: Channel,
    /// Who took the initiative.
    pub direction: Direction,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
    /// Call length in whole seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_s: Option<u32>,
    /// Inbound calls: the outcome, when the telephony gave it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_outcome: Option<CallOutcome>,
    /// Inbound calls: whether someone picked up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answered: Option<bool>,
    /// Inbound calls: seconds into the call at which voicemail started.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voicemail_at_s: Option<u32>,
    /// Mails: the subject line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<&'a str>,
    /// Mails and notices: the capturing system.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mail_source: Option<MailSource>,
    /// Mail-brick notices: the topic.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notification_topic: Option<&'a str>,
    /// Letters: the kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub letter_kind: Option<&'a str>,
    /// Mails: whether an attachment is carried inside the body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub has_inline_images: Option<bool>,
    /// When the capture reached us.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub received_at: Option<DateTime<Utc>>,
}

impl<'a> ContactRecord for ContactRef<'a> {
    type Party = &'a str;
    fn id(&self) -> &str {
        self.id
    }
    fn parties(&self) -> &[&'a str] {
        self.parties
    }
    fn advisor_id(&self) -> Option<&str> {
        self.advisor_id
    }
    fn channel(&self) -> Channel {
        self.channel
    }
    fn direction(&self) -> Direction {
        self.direction
    }
    fn occurred_at(&self) -> DateTime<Utc> {
        self.occurred_at
    }
    fn duration_s(&self) -> Option<u32> {
        self.duration_s
    }
    fn to_contact(&self) -> Contact {
        let owned = |s: Option<&str>| s.map(str::to_owned);
        Contact {
            id: self.id.to_owned(),
            parties: self.parties.iter().map(|p| (*p).to_owned()).collect(),
            advisor_id: owned(self.advisor_id),
            channel: self.channel,
            direction: self.direction,
            occurred_at: self.occurred_at,
            duration_s: self.duration_s,
            call_outcome: self.call_outcome,
            answered: self.answered,
            voicemail_at_s: self.voicemail_at_s,
            subject: owned(self.subject),
            mail_source: self.mail_source,
            notification_topic: owned(self.notification_topic),
            letter_kind: owned(self.letter_kind),
            has_inline_images: self.has_inline_images,
            received_at: self.received_at,
        }
    }
}

/// A [`Report`] whose strings are borrowed: the same fields, the same
/// serialized shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReportRef<'a> {
    /// Host-chosen, non-empty.
    pub id: &'a str,
    /// The client the report is about.
    pub client_id: &'a str,
    /// The advisor who wrote it.
    pub advisor_id: &'a str,
    /// The channel the report describes.
    pub channel: Channel,
    /// `inbound` when the client took the initiative.
    pub initiative: Direction,
    /// When the advisor entered it.
    pub entered_at: DateTime<Utc>,
    /// The reason for the contact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub motive: Option<&'a str>,
    /// Free text, at most 5,000 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<&'a str>,
}

impl ReportRecord for ReportRef<'_> {
    fn id(&self) -> &str {
        self.id
    }
    fn client_id(&self) -> &str {
        self.client_id
    }
    fn advisor_id(&self) -> &str {
        self.advisor_id
    }
    fn channel(&self) -> Channel {
        self.channel
    }
    fn initiative(&self) -> Direction {
        self.initiative
    }
    fn entered_at(&self) -> DateTime<Utc> {
        self.entered_at
    }
    fn comment(&self) -> Option<&str> {
        self.comment
    }
    fn to_report(&self) -> Report {
        Report {
            id: self.id.to_owned(),
            client_id: self.client_id.to_owned(),
            advisor_id: self.advisor_id.to_owned(),
            channel: self.channel,
            initiative: self.initiative,
            entered_at: self.entered_at,
            motive: self.motive.map(str::to_owned),
            comment: self.comment.map(str::to_owned),
        }
    }
}

impl<'a> ContactRef<'a> {
    /// `contact` borrowed, with its parties in `parties` (a buffer the
    /// caller keeps: `contact.parties` as `&str`s).
    pub fn new(contact: &'a Contact, parties: &'a [&'a str]) -> Self {
        let c = contact;
        ContactRef {
            id: &c.id,
            parties,
            advisor_id: c.advisor_id.as_deref(),
            channel: c.channel,
            direction: c.direction,
            occurred_at: c.occurred_at,
            duration_s: c.duration_s,
            call_outcome: c.call_outcome,
            answered: c.answered,
            voicemail_at_s: c.voicemail_at_s,
            subject: c.subject.as_deref(),
            mail_source: c.mail_source,
            notification_topic: c.notification_topic.as_deref(),
            letter_kind: c.letter_kind.as_deref(),
            has_inline_images: c.has_inline_images,
            received_at: c.received_at,
        }
    }
}

impl<'a> From<&'a Report> for ReportRef<'a> {
    fn from(r: &'a Report) -> Self {
        ReportRef {
            id: &r.id,
            client_id: &r.client_id,
            advisor_id: &r.advisor_id,
            channel: r.channel,
            initiative: r.initiative,
            entered_at: r.entered_at,
            motive: r.motive.as_deref(),
            comment: r.comment.as_deref(),
        }
    }
}
