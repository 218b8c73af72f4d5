//! Structured inputs from fuzzer bytes: records drawn from small pools of
//! ids, clients, advisors and instants (two weeks around the change to
//! summer time in Europe/Paris), so that random bytes make records that
//! collide, match, conflict and expire, not just parse errors.

use arbitrary::Unstructured;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use filrouge::followup::{FollowUp, Origin, Priority};
use filrouge::history::{CallOutcome, Channel, Contact, Direction, MailSource, Report};
use filrouge::retention::{Part, Record, RetentionPolicy, Rule, SourceRow};
use filrouge::time::CalendarPeriod;
use std::collections::BTreeSet;

/// A cursor over the fuzzer's bytes; every draw has a fallback once the
/// bytes run out, so a body never fails to build its input.
pub struct Gen<'a> {
    u: Unstructured<'a>,
}

/// 2026-03-23T00:00:00Z: a week before the change to summer time (Europe/Paris).
pub fn base() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 23, 0, 0, 0).single().unwrap_or(DateTime::<Utc>::MIN_UTC)
}

const CHANNELS: [Channel; 7] = [
    Channel::Phone,
    Channel::Email,
    Channel::Sms,
    Channel::Meeting,
    Channel::Video,
    Channel::Letter,
    Channel::Notification,
];
const DIRECTIONS: [Direction; 2] = [Direction::Inbound, Direction::Outbound];
const SOURCES: [Option<MailSource>; 5] = [
    None,
    Some(MailSource::CrmMsi),
    Some(MailSource::ExchangeOutlook),
    Some(MailSource::ExchangeMsi),
    Some(MailSource::MailBrick),
];
const PRIORITIES: [Priority; 3] = [Priority::High, Priority::Normal, Priority::Low];

impl<'a> Gen<'a> {
    /// Reads from `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Gen { u: Unstructured::new(data) }
    }

    /// A number in `lo..=hi` (`lo` once the bytes run out).
    pub fn int(&mut self, lo: u32, hi: u32) -> u32 {
        self.u.int_in_range(lo..=hi).unwrap_or(lo)
    }

    /// A boolean (`false` once the bytes run out).
    pub fn bool(&mut self) -> bool {
        self.u.arbitrary().unwrap_or(false)
    }

    /// One of `items` (the first once the bytes run out); `items` is not empty.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        let i = self.int(0, items.len().saturating_sub(1) as u32) as usize;
        items[i.min(items.len() - 1)]
    }

    /// `prefix` followed by a number below `n`; now and then the empty id.
    pub fn id(&mut self, prefix: &str, n: u32) -> String {
        if self.int(0, 31) == 0 {
            return String::new();
        }
        format!("{prefix}{}", self.int(0, n.saturating_sub(1)))
    }

    /// A length in `0..=max`.
    pub fn len(&mut self, max: u32) -> usize {
        self.int(0, max) as usize
    }

    /// An instant in the fortnight from [`base`], on a 5-minute grid, now
    /// and then with a few seconds more.
    pub fn instant(&mut self) -> DateTime<Utc> {
        let minutes = i64::from(self.int(0, 14 * 24 * 12)) * 5;
        let seconds = if self.int(0, 7) == 0 { i64::from(self.int(0, 299)) } else { 0 };
        base() + Duration::minutes(minutes) + Duration::seconds(seconds)
    }

    /// A local date in the five weeks from 2026-03-16.
    pub fn date(&mut self) -> NaiveDate {
        let start = NaiveDate::from_ymd_opt(2026, 3, 16).unwrap_or(NaiveDate::MIN);
        start + Duration::days(i64::from(self.int(0, 34)))
    }

    /// A captured contact: ids `c0…c15`, clients `cl0…cl3`, advisors `a0`, `a1`.
    pub fn contact(&mut self) -> Contact {
        let channel = self.pick(&CHANNELS);
        let mut parties = vec![self.id("cl", 4)];
        if self.int(0, 3) == 0 {
            parties.push(self.id("cl", 4));
        }
        if self.int(0, 31) == 0 {
            parties.clear();
        }
        Contact {
            id: self.id("c", 16),
            parties,
            advisor_id: if self.int(0, 7) == 0 { None } else { Some(self.id("a", 2)) },
            channel,
            direction: self.pick(&DIRECTIONS),
            occurred_at: self.instant(),
            duration_s: if channel == Channel::Phone { Some(self.int(0, 1800)) } else { None },
            call_outcome: if self.int(0, 3) == 0 {
                Some(self.pick(&[CallOutcome::Answered, CallOutcome::Unanswered, CallOutcome::VoicemailLeft]))
            } else {
                None
            },
            answered: if self.int(0, 3) == 0 { Some(self.bool()) } else { None },
            voicemail_at_s: if self.int(0, 3) == 0 { Some(self.int(0, 60)) } else { None },
            subject: if self.int(0, 3) == 0 {
                Some(self.pick(&["RDV", "Privé : santé", ""]).to_owned())
            } else {
                None
            },
            mail_source: self.pick(&SOURCES),
            notification_topic: None,
            letter_kind: None,
            has_inline_images: None,
            received_at: None,
        }
    }

    /// A meeting report: ids `r0…r11`, the clients and advisors of [`Gen::contact`].
    pub fn report(&mut self) -> Report {
        let long = self.int(0, 15) == 0;
        Report {
            id: self.id("r", 12),
            client_id: self.id("cl", 4),
            advisor_id: self.id("a", 2),
            channel: self.pick(&CHANNELS),
            initiative: self.pick(&DIRECTIONS),
            entered_at: self.instant(),
            motive: None,
            comment: if long { Some("x".repeat(5001)) } else { Some(self.pick(&["", "ok", "RDV fixé"]).to_owned()) },
        }
    }

    /// A follow-up on `t0` (now and then `t1` or empty), assignees among
    /// `u0…u3` (now and then none), due in the five weeks of [`Gen::date`].
    pub fn followup(&mut self) -> FollowUp {
        let target_id = match self.int(0, 15) {
            0 => String::new(),
            1 => "t1".to_owned(),
            _ => "t0".to_owned(),
        };
        let mut assignees = BTreeSet::new();
        for _ in 0..self.int(0, 3) {
            assignees.insert(self.id("u", 4));
        }
        FollowUp {
            target_id,
            assignees,
            due: self.date(),
            priority: self.pick(&PRIORITIES),
            origin: if self.bool() { Origin::Manual } else { Origin::Automation },
            last_note: match self.int(0, 3) {
                0 => None,
                1 => Some(String::new()),
                2 => Some("call back".to_owned()),
                _ => Some("rappeler".to_owned()),
            },
            noted_at: if self.bool() { Some(self.instant()) } else { None },
        }
    }

    /// A retention record: ids `r0…r15`, clients `cl0…cl3`, occurred up to
    /// about four years before [`base`] (plus the fortnight after it).
    pub fn record(&mut self) -> Record {
        let days_back = i64::from(self.int(0, 4 * 366));
        Record {
            id: self.id("r", 16),
            client_id: self.id("cl", 4),
            channel: self.pick(&CHANNELS),
            mail_source: self.pick(&SOURCES),
            occurred_at: self.instant() - Duration::days(days_back),
        }
    }

    /// A calendar period of up to 800 days, 30 months or 3 years.
    pub fn period(&mut self) -> CalendarPeriod {
        match self.int(0, 2) {
            0 => CalendarPeriod::Days(self.int(0, 800)),
            1 => CalendarPeriod::Months(self.int(0, 30)),
            _ => CalendarPeriod::Years(self.int(0, 3)),
        }
    }

    /// The default policy of R-2.6, or up to 10 random rules (in Paris or UTC).
    pub fn policy(&mut self) -> RetentionPolicy {
        if self.bool() {
            return RetentionPolicy::default();
        }
        let rows = [
            SourceRow::None,
            SourceRow::CrmMsi,
            SourceRow::ExchangeOutlook,
            SourceRow::ExchangeMsi,
            SourceRow::MailBrick,
        ];
        let parts = [Part::Record, Part::Body, Part::Attachments, Part::InlineImages];
        let mut rules = Vec::new();
        for _ in 0..self.int(0, 10) {
            rules.push(Rule {
                mail_source: if self.bool() { Some(self.pick(&rows)) } else { None },
                channel: if self.bool() { Some(self.pick(&CHANNELS)) } else { None },
                part: self.pick(&parts),
                keep: if self.int(0, 4) == 0 { None } else { Some(self.period()) },
            });
        }
        let time_zone = if self.bool() { chrono_tz::Tz::UTC } else { chrono_tz::Tz::Europe__Paris };
        RetentionPolicy { time_zone, rules }
    }
}
