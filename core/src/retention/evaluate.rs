//! Evaluating a policy at `now`: holds, erasure, parts to
//! purge and the next expiry.

use super::error::Error;
use super::policy::{Part, Plan, RetentionPolicy};
use crate::Rejection;
use crate::batch::distinct_by_id;
use crate::history::{Channel, MailSource};
use crate::time::{CalendarPeriod, day_range};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Deserialize, Serialize, Serializer};

/// A record under retention: one contact, as the host stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Host-chosen, non-empty.
    pub id: String,
    /// The client whose holds and erasure requests apply.
    pub client_id: String,
    /// The contact's channel.
    pub channel: Channel,
    /// The capturing system (selects the row of ).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mail_source: Option<MailSource>,
    /// When the contact happened: periods count from here.
    pub occurred_at: DateTime<Utc>,
}

/// Why a part is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeptReason {
    /// Its period has not run out (until the given instant).
    Retention,
    /// No rule limits it.
    NoRule,
    /// The client is under a legal or litigation hold.
    Hold,
}

/// The verdict on one record at `now`. A small `Copy` value: no
/// allocation per record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    purge: u8,
    next_expiry: Option<DateTime<Utc>>,
    held: bool,
    erased: bool,
    until: [Option<DateTime<Utc>>; 4],
}

impl Verdict {
    /// The parts to purge now, in [`Part::ALL`] order.
    pub fn purge(&self) -> Vec<Part> {
        Part::ALL.into_iter().filter(|p| self.purges(*p)).collect()
    }

    /// Whether `part` is to be purged now.
    pub fn purges(&self, part: Part) -> bool {
        self.purge & (1 << part.index()) != 0
    }

    /// The next instant at which a part still kept expires; `None` when
    /// nothing left will (everything purged, held, or unlimited).
    pub fn next_expiry(&self) -> Option<DateTime<Utc>> {
        self.next_expiry
    }

    /// The parts kept, each with why and until when.
    pub fn kept(&self) -> Vec<(Part, KeptReason, Option<DateTime<Utc>>)> {
        Part::ALL
            .into_iter()
            .filter(|p| !self.purges(*p))
            .map(|p| {
                let until = self.until[p.index()];
                let reason = if self.held {
                    KeptReason::Hold
                } else if until.is_some() {
                    KeptReason::Retention
                } else {
                    KeptReason::NoRule
                };
                (p, reason, if self.held { None } else { until })
            })
            .collect()
    }

    /// Whether the client is held.
    pub fn held(&self) -> bool {
        self.held
    }

    /// Whether an erasure request covers the record.
    pub fn erased(&self) -> bool {
        self.erased
    }
}

/// A record's verdict with its id, as a batch returns it. JSON:
/// `{"id", "purge": [part], "next_expiry": instant|null, "kept": [{part, reason, until?}], "erased"?: true}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordVerdict {
    /// The record.
    pub id: String,
    /// What to do with it.
    pub verdict: Verdict,
}

impl Serialize for RecordVerdict {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Kept<'a>(&'a Verdict);
        impl Serialize for Kept<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeSeq;
                let kept = self.0.kept();
                let mut seq = s.serialize_seq(Some(kept.len()))?;
                for (part, reason, until) in kept {
                    seq.serialize_element(&KeptPart { part, reason, until })?;
                }
                seq.end()
            }
        }
        struct KeptPart {
            part: Part,
            reason: KeptReason,
            until: Option<DateTime<Utc>>,
        }
        impl Serialize for KeptPart {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(None)?;
                m.serialize_entry("part", &self.part)?;
                m.serialize_entry("reason", &self.reason)?;
                if let Some(u) = self.until {
                    m.serialize_entry("until", &u)?;
                }
                m.end()
            }
        }
        let mut st = s.serialize_struct("RecordVerdict", 5)?;
        st.serialize_field("id", &self.id)?;
        st.serialize_field("purge", &self.verdict.purge())?;
        st.serialize_field("next_expiry", &self.verdict.next_expiry)?;
        st.serialize_field("kept", &Kept(&self.verdict))?;
        st.serialize_field("erased", &self.verdict.erased)?;
        st.end()
    }
}

/// The result of a batch evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    /// One verdict per accepted record, in input order.
    pub records: Vec<RecordVerdict>,
    /// Refused records (empty ids or client ids, conflicting duplicate ids).
    pub rejected: Vec<Rejection>,
}

/// Evaluates `policy` at `now` over `records` (R-2.6 … ): held clients
/// lose nothing; erased clients lose everything a hold does not protect.
pub fn evaluate(
    policy: &RetentionPolicy,
    records: &[Record],
    holds: &[String],
    erasures: &[String],
    now: DateTime<Utc>,
) -> Evaluation {
    let mut rejected = Vec::new();
    let accepted = distinct_by_id(records, "record", |r| &r.id, |a, b| a == b, &mut rejected);
    let mut evaluator = Evaluator::new(policy, holds, erasures, now);
    let mut out = Vec::with_capacity(accepted.len());
    for r in accepted {
        match evaluator.evaluate_one(r) {
            Ok(verdict) => out.push(RecordVerdict { id: r.id.clone(), verdict }),
            Err(e) => rejected.push(e.to_rejection(&r.id)),
        }
    }
    rejected.sort();
    Evaluation { records: out, rejected }
}

/// A policy, holds and erasure requests applied at one `now`, record by
/// record. Rules are resolved once per (channel, mail source); calendar
/// expiries are computed from per-local-day offsets (exact, with the
/// time-zone database consulted only on days whose length is not 24 hours).
#[derive(Debug, Clone)]
pub struct Evaluator {
    now: DateTime<Utc>,
    holds: FxHashSet<String>,
    erasures: FxHashSet<String>,
    /// Per (channel, source row index) and part.
    plans: Vec<[Plan; 4]>,
    days: DayOffsets,
}

fn source_index(source: Option<MailSource>) -> usize {
    match source {
        None => 0,
        Some(MailSource::CrmMsi) => 1,
        Some(MailSource::ExchangeOutlook) => 2,
        Some(MailSource::ExchangeMsi) => 3,
        Some(MailSource::MailBrick) => 4,
    }
}

const SOURCES: [Option<MailSource>; 5] = [
    None,
    Some(MailSource::CrmMsi),
    Some(MailSource::ExchangeOutlook),
    Some(MailSource::ExchangeMsi),
    Some(MailSource::MailBrick),
];

impl Evaluator {
    /// Prepares the evaluation of `policy` at `now`.
    pub fn new(policy: &RetentionPolicy, holds: &[String], erasures: &[String], now: DateTime<Utc>) -> Self {
        let mut plans = Vec::with_capacity(Channel::ALL.len() * SOURCES.len());
        for channel in Channel::ALL {
            for source in SOURCES {
                plans.push(Part::ALL.map(|part| policy.plan(channel, source, part)));
            }
        }
        Evaluator {
            now,
            holds: holds.iter().cloned().collect(),
            erasures: erasures.iter().cloned().collect(),
            plans,
            days: DayOffsets::new(policy.time_zone),
        }
    }

    /// The verdict on one record. Errors only on a record naming no client.
    pub fn evaluate_one(&mut self, record: &Record) -> Result<Verdict, Error> {
        if record.client_id.is_empty() {
            return Err(Error::EmptyClient { id: record.id.clone() });
        }
        let held = !self.holds.is_empty() && self.holds.contains(record.client_id.as_str());
        let erased = !self.erasures.is_empty() && self.erasures.contains(record.client_id.as_str());
        Ok(self.verdict(record.channel, record.mail_source, record.occurred_at, held, erased))
    }

    /// The verdict on a contact given by its fields (for hosts whose records
    /// are not [`Record`]s, e.g. a contact shared by several clients: `held`
    /// if any of them is held).
    pub fn verdict(
        &mut self,
        channel: Channel,
        source: Option<MailSource>,
        occurred_at: DateTime<Utc>,
        held: bool,
        erased: bool,
    ) -> Verdict {
        let plans = &self.plans[channel as usize * SOURCES.len() + source_index(source)];
        let mut until = [None; 4];
        let mut purge = 0u8;
        let mut next: Option<DateTime<Utc>> = None;
        for (i, plan) in plans.iter().enumerate() {
            let expiry = match plan {
                Plan::Unlimited => None,
                Plan::Never => Some(DateTime::<Utc>::MIN_UTC),
                Plan::Periods(ps) => {
                    let mut latest = Some(DateTime::<Utc>::MIN_UTC);
                    for &p in ps {
                        latest = match (latest, self.days.add(p, occurred_at)) {
                            (Some(a), Some(b)) => Some(a.max(b)),
                            _ => None,
                        };
                    }
                    latest
                }
            };
            until[i] = expiry;
            if held {
                continue; // a hold suspends every purge.
            }
            match expiry {
                _ if erased => purge |= 1 << i,
                Some(e) if e <= self.now => purge |= 1 << i,
                Some(e) => next = Some(next.map_or(e, |n| n.min(e))),
                None => {}
            }
        }
        Verdict { purge, next_expiry: next, held, erased, until }
    }
}

/// `instant + period` computed from cached per-day offsets.
///
/// For an instant on local day `D` and a period of months or years, the
/// expiry is the same wall-clock time on `D + period`. When neither day has
/// a DST change (both 24 hours long), that is `instant + (start(D + period)
/// − start(D))`, cached per (period, D). Other days take the exact path.
#[derive(Debug, Clone)]
struct DayOffsets {
    tz: Tz,
    /// Per UTC day number: the local day at its start, and where the next
    /// local day starts if within it (`None` when the UTC day is unusual).
    utc_days: FxHashMap<i64, Option<(NaiveDate, i64, NaiveDate)>>,
    /// Per (period, local day): the shift in seconds, `None` on DST days.
    shifts: FxHashMap<(CalendarPeriod, NaiveDate), Option<i64>>,
}

impl DayOffsets {
    fn new(tz: Tz) -> Self {
        DayOffsets { tz, utc_days: FxHashMap::default(), shifts: FxHashMap::default() }
    }

    fn add(&mut self, period: CalendarPeriod, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if let CalendarPeriod::Days(_) = period {
            return period.add_to(t, self.tz);
        }
        let Some(day) = self.local_day(t) else { return period.add_to(t, self.tz) };
        let tz = self.tz;
        let shift = *self.shifts.entry((period, day)).or_insert_with(|| {
            let target = period.add_to(crate::time::start_of_day(day, tz), tz)?;
            let target_day = crate::time::local_day(target, tz);
            let (s0, e0) = day_range(day, day, tz);
            let (s1, e1) = day_range(target_day, target_day, tz);
            let plain = |s: DateTime<Utc>, e: DateTime<Utc>| (e - s).num_seconds() == 86_400;
            (plain(s0, e0) && plain(s1, e1)).then(|| (s1 - s0).num_seconds())
        });
        match shift {
            Some(secs) => t.checked_add_signed(chrono::Duration::seconds(secs)),
            None => period.add_to(t, self.tz),
        }
    }

    fn local_day(&mut self, t: DateTime<Utc>) -> Option<NaiveDate> {
        let secs = t.timestamp();
        let u = secs.div_euclid(86_400);
        let tz = self.tz;
        let info = *self.utc_days.entry(u).or_insert_with(|| {
            let start = DateTime::from_timestamp(u * 86_400, 0)?;
            let d1 = crate::time::local_day(start, tz);
            let d2 = d1.succ_opt()?;
            let switch = crate::time::start_of_day(d2, tz).timestamp();
            // A second switch within the same UTC day (a local day shorter
            // than the rest of it) is left to the exact path.
            let d3 = d2.succ_opt()?;
            let next_switch = crate::time::start_of_day(d3, tz).timestamp();
            (next_switch >= (u + 1) * 86_400).then_some((d1, switch, d2))
        });
        let (d1, switch, d2) = info?;
        Some(if secs < switch { d1 } else { d2 })
    }
}
