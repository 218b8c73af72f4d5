//! The retention policy.

use crate::history::{Channel, MailSource};
use crate::time::{CalendarPeriod, DEFAULT_TIME_ZONE};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// A part of a contact that is kept for its own period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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

impl Part {
    /// Every part, in this order.
    pub const ALL: [Part; 4] = [Part::Record, Part::Body, Part::Attachments, Part::InlineImages];

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// The `mail_source` row a rule belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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

impl SourceRow {
    fn matches(self, source: Option<MailSource>) -> bool {
        matches!(
            (self, source),
            (SourceRow::None, None)
                | (SourceRow::CrmMsi, Some(MailSource::CrmMsi))
                | (SourceRow::ExchangeOutlook, Some(MailSource::ExchangeOutlook))
                | (SourceRow::ExchangeMsi, Some(MailSource::ExchangeMsi))
                | (SourceRow::MailBrick, Some(MailSource::MailBrick))
        )
    }
}

/// One rule: which records and part it covers, and how long the part is kept.
///
/// JSON: `{"mail_source": "exchange_outlook", "part": "inline_images", "keep": {"days": 60}}`;
/// `{"channel": "sms", "part": "record", "keep": {"years": 3}}` (any source);
/// `{"mail_source": "exchange_msi", "part": "body", "keep": null}` (never kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// The row: a mail source, or `none` for contacts without one; absent = every record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mail_source: Option<SourceRow>,
    /// Only this channel; absent = every channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// The part covered.
    pub part: Part,
    /// How long it is kept, counted from `occurred_at`; `null` = never kept.
    pub keep: Option<CalendarPeriod>,
}

impl Rule {
    pub(crate) fn matches(&self, channel: Channel, source: Option<MailSource>, part: Part) -> bool {
        self.part == part
            && self.channel.is_none_or(|c| c == channel)
            && self.mail_source.is_none_or(|row| row.matches(source))
    }
}

/// A retention policy: rules and the time zone whose calendar steps months
/// and years. `Default` is the table of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RetentionPolicy {
    /// The zone of calendar periods (default `Europe/Paris`).
    pub time_zone: Tz,
    /// The rules; for a part, the longest matching period wins.
    pub rules: Vec<Rule>,
}

/// What the rules say of one part of one kind of record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Plan {
    /// No rule covers it: kept, with no end.
    Unlimited,
    /// Every matching rule says "never kept" (R-2.6 "—").
    Never,
    /// The distinct periods of the matching rules; the latest expiry wins.
    Periods(Vec<CalendarPeriod>),
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        use CalendarPeriod::{Days, Years};
        use Part::{Attachments, Body, InlineImages, Record};
        let row = |source: SourceRow, keeps: [Option<CalendarPeriod>; 4]| {
            [Record, Body, Attachments, InlineImages].into_iter().zip(keeps).map(move |(part, keep)| Rule {
                mail_source: Some(source),
                channel: None,
                part,
                keep,
            })
        };
        let (y1, y2, d60) = (Some(Years(1)), Some(Years(2)), Some(Days(60)));
        let rules = row(SourceRow::ExchangeOutlook, [y1, y1, y1, d60])
            .chain(row(SourceRow::ExchangeMsi, [y1, None, y1, d60]))
            .chain(row(SourceRow::CrmMsi, [y2, y2, None, None]))
            .chain(row(SourceRow::MailBrick, [y1, y1, None, None]))
            .chain(row(SourceRow::None, [y2, y2, y2, y2]))
            .collect();
        RetentionPolicy { time_zone: DEFAULT_TIME_ZONE, rules }
    }
}

impl RetentionPolicy {
    /// What the rules say of `part` of a record on `channel` from `source`.
    pub(crate) fn plan(&self, channel: Channel, source: Option<MailSource>, part: Part) -> Plan {
        let mut periods: Vec<CalendarPeriod> = Vec::new();
        let mut any = false;
        for rule in self.rules.iter().filter(|r| r.matches(channel, source, part)) {
            any = true;
            if let Some(p) = rule.keep {
                if !periods.contains(&p) {
                    periods.push(p);
                }
            }
        }
        match (any, periods.is_empty()) {
            (false, _) => Plan::Unlimited,
            (true, true) => Plan::Never,
            (true, false) => Plan::Periods(periods),
        }
    }

    /// When `part` of a record that occurred at `occurred_at` expires:
    /// `Some(instant)` (purged from then on), `Some(occurred_at)`-or-earlier
    /// meaning at once for "never kept", `None` when no rule limits it.
    /// Calendar-exact; the slow reference of [`super::Evaluator`].
    pub fn expiry(
        &self,
        channel: Channel,
        source: Option<MailSource>,
        part: Part,
        occurred_at: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        match self.plan(channel, source, part) {
            Plan::Unlimited => None,
            Plan::Never => Some(DateTime::<Utc>::MIN_UTC),
            Plan::Periods(ps) => {
                // An overflow past chrono's range means "never within range": no end.
                let mut latest = Some(DateTime::<Utc>::MIN_UTC);
                for p in ps {
                    latest = match (latest, p.add_to(occurred_at, self.time_zone)) {
                        (Some(a), Some(b)) => Some(a.max(b)),
                        _ => None,
                    };
                }
                latest
            }
        }
    }
}
