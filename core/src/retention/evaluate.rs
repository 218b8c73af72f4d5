//! Evaluating a policy at `now`: holds, erasure, parts to
//! purge and the next expiry.

use super::error::Error;
use super::policy::{Part, Plan, RetentionPolicy};
use crate::Rejection;
use crate::batch::distinct_by_id;
use crate::history::{Channel, MailSource};
use crate::time::{CalendarPeriod, day_range};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use rustc_hash::FxHashMap;
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
    held: bool,
    erased: bool,
    /// Sub-second part of every expiry (periods shift by whole seconds).
    nanos: u32,
    /// Per part: the expiry in seconds; [`NEVER_KEPT`] or [`NO_END`].
    until: [i64; 4],
    next: i64,
}

/// `until` of a part that is never kept.
const NEVER_KEPT: i64 = i64::MIN;
/// `until` of a part no rule limits (or whose expiry overflows).
const NO_END: i64 = i64::MAX;

impl Verdict {
    /// The parts to purge now, in [`Part::ALL`] order.
    pub fn purge(&self) -> Vec<Part> {
        Part::ALL.into_iter().filter(|p| self.purges(*p)).collect()
    }

    /// Whether any part is to be purged now.
    pub fn purges_anything(&self) -> bool {
        self.purge != 0
    }

    /// Whether `part` is to be purged now.
    pub fn purges(&self, part: Part) -> bool {
        self.purge & (1 << part.index()) != 0
    }

    /// The next instant at which a part still kept expires; `None` when
    /// nothing left will (everything purged, held, or unlimited).
    pub fn next_expiry(&self) -> Option<DateTime<Utc>> {
        self.instant(self.next)
    }

    fn instant(&self, secs: i64) -> Option<DateTime<Utc>> {
        match secs {
            NO_END => None,
            NEVER_KEPT => Some(DateTime::<Utc>::MIN_UTC),
            s => DateTime::from_timestamp(s, self.nanos),
        }
    }

    /// The parts kept, each with why and until when.
    pub fn kept(&self) -> Vec<(Part, KeptReason, Option<DateTime<Utc>>)> {
        Part::ALL
            .into_iter()
            .filter(|p| !self.purges(*p))
            .map(|p| {
                let until = self.instant(self.until[p.index()]);
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
        st.serialize_field("next_expiry", &self.verdict.next_expiry())?;
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
/// record. Rules are resolved once per (channel, mail source) row into the
/// row's distinct periods and, per part, which of them apply; a record then
/// costs its local day (one table read), one expiry per distinct period of
/// its row (one table read each: the shift of that period from that local
/// day) and a max per part. Calendar expiries stay exact: the time-zone
/// database is consulted only on days whose length is not 24 hours.
#[derive(Debug, Clone)]
pub struct Evaluator {
    /// `now` as (seconds, nanoseconds).
    now: (i64, u32),
    /// Per client named in holds or erasures: bit 0 held, bit 1 erased.
    clients: FxHashMap<String, u8>,
    /// One bit per [`quick_hash`] value of the clients in `clients`: most
    /// records' clients are named in no hold nor erasure, and a clear bit
    /// says so without hashing the whole id nor probing the map.
    named: Box<[u64; NAMED_WORDS]>,
    /// Per (channel, source row index): what the rules say, compiled.
    rows: Vec<Row>,
    /// The distinct periods of the policy, indexed by [`Row::periods`].
    periods: Vec<CalendarPeriod>,
    /// Per distinct period of the current record's row: its expiry (scratch).
    scratch: Vec<i64>,
    days: DayOffsets,
}

/// One (channel, source) row of the policy, compiled.
#[derive(Debug, Clone)]
struct Row {
    /// The distinct periods any part of the row uses (indices into
    /// [`Evaluator::periods`]).
    periods: Box<[usize]>,
    /// Whether one of them is calendar (months or years): the record's
    /// local day is then needed.
    calendar: bool,
    /// Per part.
    parts: [Compiled; 4],
}

/// A [`Plan`] with its periods as indices into [`Row::periods`].
#[derive(Debug, Clone)]
enum Compiled {
    Unlimited,
    Never,
    Periods(Box<[usize]>),
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
        let mut rows = Vec::with_capacity(Channel::ALL.len() * SOURCES.len());
        let mut periods: Vec<CalendarPeriod> = Vec::new();
        let mut widest = 0;
        for channel in Channel::ALL {
            for source in SOURCES {
                let mut used: Vec<usize> = Vec::new();
                let parts = Part::ALL.map(|part| match policy.plan(channel, source, part) {
                    Plan::Unlimited => Compiled::Unlimited,
                    Plan::Never => Compiled::Never,
                    Plan::Periods(ps) => Compiled::Periods(
                        ps.into_iter()
                            .map(|p| {
                                let k = match periods.iter().position(|q| *q == p) {
                                    Some(k) => k,
                                    None => {
                                        periods.push(p);
                                        periods.len() - 1
                                    }
                                };
                                match used.iter().position(|&u| u == k) {
                                    Some(j) => j,
                                    None => {
                                        used.push(k);
                                        used.len() - 1
                                    }
                                }
                            })
                            .collect(),
                    ),
                });
                widest = widest.max(used.len());
                let calendar = used.iter().any(|&k| !matches!(periods[k], CalendarPeriod::Days(_)));
                rows.push(Row { periods: used.into_boxed_slice(), calendar, parts });
            }
        }
        let mut clients: FxHashMap<String, u8> = FxHashMap::default();
        for c in holds {
            *clients.entry(c.clone()).or_default() |= 1;
        }
        for c in erasures {
            *clients.entry(c.clone()).or_default() |= 2;
        }
        let mut named = Box::new([0u64; NAMED_WORDS]);
        for c in clients.keys() {
            let b = quick_hash(c);
            named[b / 64] |= 1 << (b % 64);
        }
        let now = (now.timestamp(), now.timestamp_subsec_nanos());
        let days = DayOffsets::new(policy.time_zone, periods.len());
        Evaluator { now, clients, named, rows, periods, scratch: vec![NO_END; widest], days }
    }

    /// The verdict on one record. Errors only on a record naming no client.
    pub fn evaluate_one(&mut self, record: &Record) -> Result<Verdict, Error> {
        if record.client_id.is_empty() {
            return Err(Error::EmptyClient { id: record.id.clone() });
        }
        let b = quick_hash(&record.client_id);
        let flags = if self.named[b / 64] & (1 << (b % 64)) == 0 {
            0
        } else {
            self.clients.get(record.client_id.as_str()).copied().unwrap_or(0)
        };
        let (held, erased) = (flags & 1 != 0, flags & 2 != 0);
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
        let Evaluator { now, rows, periods, scratch, days, .. } = self;
        let row = &rows[channel as usize * SOURCES.len() + source_index(source)];
        let (secs, nanos) = (occurred_at.timestamp(), occurred_at.timestamp_subsec_nanos());
        // Parts mostly share their period: compute each distinct one once,
        // from the record's local day found once.
        let day = if row.calendar { days.local_day(secs) } else { None };
        for (slot, &k) in scratch.iter_mut().zip(row.periods.iter()) {
            *slot = days.add(k, periods[k], secs, day, occurred_at).unwrap_or(NO_END);
        }
        let mut until = [NO_END; 4];
        let mut purge = 0u8;
        let mut next = NO_END;
        for (i, plan) in row.parts.iter().enumerate() {
            let expiry = match plan {
                Compiled::Unlimited => NO_END,
                Compiled::Never => NEVER_KEPT,
                Compiled::Periods(ps) => ps.iter().fold(NEVER_KEPT, |latest, &j| latest.max(scratch[j])),
            };
            until[i] = expiry;
            if held {
                continue; // a hold suspends every purge.
            }
            if erased || (expiry != NO_END && (expiry, nanos) <= *now) {
                purge |= 1 << i; // or expired
            } else if expiry != NO_END {
                next = next.min(expiry);
            }
        }
        Verdict { purge, held, erased, nanos, until, next }
    }
}

/// Words of [`Evaluator::named`]: 4,096 bits (512 bytes, in cache).
const NAMED_WORDS: usize = 64;

/// A cheap hash of a client id into `0..NAMED_WORDS * 64`: its length and
/// its last eight bytes (where generated ids differ), multiplied. Equal ids
/// have equal hashes; the map decides when the bit is set.
fn quick_hash(id: &str) -> usize {
    let b = id.as_bytes();
    // A fixed-size read (no call to `memcpy`) for ids of 8 bytes or more.
    let word = match b.last_chunk::<8>() {
        Some(tail) => u64::from_le_bytes(*tail),
        None => b.iter().fold(0, |w, &x| w << 8 | u64::from(x)),
    };
    let h = (word ^ (b.len() as u64).rotate_left(56)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> (64 - 12)) as usize
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
    /// local day starts within it (`None` when the UTC day is unusual).
    utc_days: DayTable<Option<(i32, i64, i32)>>,
    /// Per period (indexed like [`Evaluator::periods`]): per local day (days
    /// from the common era), the shift in seconds, `None` on DST days.
    shifts: Vec<DayTable<Option<i64>>>,
}

/// A lazily filled table indexed by a day number, over the range seen so
/// far (at most [`DayTable::MAX_SPAN`] days; beyond, callers compute).
#[derive(Debug, Clone)]
struct DayTable<T> {
    base: i64,
    cells: Vec<Option<T>>,
}

impl<T: Copy> DayTable<T> {
    const MAX_SPAN: i64 = 1 << 17; // about 360 years

    fn new() -> Self {
        DayTable { base: 0, cells: Vec::new() }
    }

    fn get_or(&mut self, day: i64, fill: impl FnOnce() -> T) -> Option<T> {
        if self.cells.is_empty() {
            self.base = day;
        }
        let len = self.cells.len() as i64;
        if day < self.base {
            let grow = self.base - day;
            if len + grow > Self::MAX_SPAN {
                return None;
            }
            let mut cells = vec![None; grow as usize];
            cells.append(&mut self.cells);
            self.cells = cells;
            self.base = day;
        } else if day >= self.base + len {
            let new_len = day - self.base + 1;
            if new_len > Self::MAX_SPAN {
                return None;
            }
            self.cells.resize(new_len as usize, None);
        }
        let cell = &mut self.cells[(day - self.base) as usize];
        Some(*cell.get_or_insert_with(fill))
    }
}

impl DayOffsets {
    fn new(tz: Tz, periods: usize) -> Self {
        DayOffsets { tz, utc_days: DayTable::new(), shifts: (0..periods).map(|_| DayTable::new()).collect() }
    }

    /// The expiry in seconds of `t` (whose timestamp is `secs` and local
    /// day `day`, when known) + `period` (number `k`); `None` past chrono's range.
    fn add(&mut self, k: usize, period: CalendarPeriod, secs: i64, day: Option<i32>, t: DateTime<Utc>) -> Option<i64> {
        if let CalendarPeriod::Days(d) = period {
            return secs.checked_add(i64::from(d) * 86_400);
        }
        let tz = self.tz;
        let exact = || period.add_to(t, tz).map(|e| e.timestamp());
        let Some(day) = day else { return exact() };
        let shift = self.shifts[k]
            .get_or(i64::from(day), || {
                let day = NaiveDate::from_num_days_from_ce_opt(day)?;
                let target = period.add_to(crate::time::start_of_day(day, tz), tz)?;
                let target_day = crate::time::local_day(target, tz);
                let (s0, e0) = day_range(day, day, tz);
                let (s1, e1) = day_range(target_day, target_day, tz);
                let plain = |s: DateTime<Utc>, e: DateTime<Utc>| (e - s).num_seconds() == 86_400;
                (plain(s0, e0) && plain(s1, e1)).then(|| (s1 - s0).num_seconds())
            })
            .flatten();
        match shift {
            Some(shift) => secs.checked_add(shift),
            None => exact(),
        }
    }

    /// The local day number (days from the common era) of the instant `secs`.
    fn local_day(&mut self, secs: i64) -> Option<i32> {
        let u = secs.div_euclid(86_400);
        let tz = self.tz;
        let info = self.utc_days.get_or(u, || {
            let start = DateTime::from_timestamp(u.checked_mul(86_400)?, 0)?;
            let d1 = crate::time::local_day(start, tz);
            let d2 = d1.succ_opt()?;
            let switch = crate::time::start_of_day(d2, tz).timestamp();
            // A second switch within the same UTC day (a local day shorter
            // than the rest of it) is left to the exact path.
            let d3 = d2.succ_opt()?;
            let next_switch = crate::time::start_of_day(d3, tz).timestamp();
            (next_switch >= (u + 1) * 86_400).then_some((d1.num_days_from_ce(), switch, d2.num_days_from_ce()))
        });
        let (d1, switch, d2) = info.flatten()?;
        Some(if secs < switch { d1 } else { d2 })
    }
}

#[cfg(test)]
mod named_tests {
    use super::*;

    #[test]
    fn r_2_7_r_2_8_the_client_filter_finds_every_held_and_erased_client_and_no_other() {
        // Ids shorter and longer than the hashed tail, and ids that share
        // their last eight bytes (the map tells them apart).
        let held: Vec<String> =
            ["", "a", "cli-8", "cli-00000008", "x-cli-00000008", "é-00000008"].iter().map(|s| s.to_string()).collect();
        let erased: Vec<String> = (0..500).map(|i| format!("cli-{:08}", i * 3 + 1)).collect();
        let now: DateTime<Utc> = "2026-06-01T00:00:00Z".parse().unwrap();
        let mut ev = Evaluator::new(&RetentionPolicy::default(), &held, &erased, now);
        let record = |client: &str| Record {
            id: "k-1".into(),
            client_id: client.into(),
            channel: Channel::Phone,
            mail_source: None,
            occurred_at: "2026-05-01T09:00:00Z".parse().unwrap(),
        };
        for c in held.iter().filter(|c| !c.is_empty()) {
            let v = ev.evaluate_one(&record(c)).unwrap();
            assert!(v.held() && !v.erased(), "{c}");
        }
        for c in &erased {
            let v = ev.evaluate_one(&record(c)).unwrap();
            assert!(v.erased() && !v.held(), "{c}");
        }
        for i in 0..3000 {
            let c = format!("cli-{i:08}");
            let named = i == 8 || (i % 3 == 1 && i < 1500);
            let v = ev.evaluate_one(&record(&c)).unwrap();
            assert_eq!(v.held() || v.erased(), named, "{c}");
        }
        for c in ["b", "cli-9", "y-cli-00000008", "00000008"] {
            let v = ev.evaluate_one(&record(c)).unwrap();
            assert!(!v.held() && !v.erased(), "{c}");
        }
    }
}
