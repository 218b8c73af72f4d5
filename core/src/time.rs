//! Time conventions shared by every module (SPEC §0).
//!
//! Instants are UTC. A *day* is the local calendar day in the configured IANA
//! time zone, so DST days are 23 or 25 hours long. Fixed durations are exact;
//! calendar durations ([`CalendarPeriod`]) step calendar fields, clamping to
//! the end of the month (Feb 29 + 1 year = Feb 28).

use chrono::{DateTime, Datelike, Days, LocalResult, Months, NaiveDate, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// The default time zone of every configuration: `Europe/Paris`.
pub const DEFAULT_TIME_ZONE: Tz = chrono_tz::Europe::Paris;

/// The local calendar day of `instant` in `tz`.
pub fn local_day(instant: DateTime<Utc>, tz: Tz) -> NaiveDate {
    instant.with_timezone(&tz).date_naive()
}

/// The first instant whose local day in `tz` is `day`.
///
/// Midnight is usually that instant; on a day where midnight falls in a DST
/// gap (some zones switch at 00:00) it is the end of the gap, and on a day
/// where midnight is repeated it is the earlier of the two.
pub fn start_of_day(day: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let midnight = day.and_time(NaiveTime::MIN);
    match tz.from_local_datetime(&midnight) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(earliest, _) => earliest.with_timezone(&Utc),
        LocalResult::None => {
            // Midnight is skipped: walk forward by minutes until the local
            // clock exists again. Real gaps are at most a few hours.
            let mut probe = midnight;
            for _ in 0..(26 * 60) {
                probe += chrono::Duration::minutes(1);
                if let Some(t) = tz.from_local_datetime(&probe).earliest() {
                    return t.with_timezone(&Utc);
                }
            }
            // No zone has a day-long gap; fall back to UTC midnight.
            midnight.and_utc()
        }
    }
}

/// The half-open instant range `[start, end)` covering the local days
/// `first..=last` in `tz`.
pub fn day_range(first: NaiveDate, last: NaiveDate, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let end_day = last.checked_add_days(Days::new(1)).unwrap_or(NaiveDate::MAX);
    (start_of_day(first, tz), start_of_day(end_day, tz))
}

/// Local days of instants that mostly arrive in time order: remembers the
/// bounds of the last day seen, so a run of instants on the same day costs
/// one comparison instead of a time-zone lookup each.
#[derive(Debug, Clone)]
pub struct DayCache {
    tz: Tz,
    last: Option<(DateTime<Utc>, DateTime<Utc>, NaiveDate)>,
}

impl DayCache {
    /// An empty cache for `tz`.
    pub fn new(tz: Tz) -> Self {
        DayCache { tz, last: None }
    }

    /// The local day of `instant`, as [`local_day`] would say.
    pub fn day(&mut self, instant: DateTime<Utc>) -> NaiveDate {
        if let Some((from, to, day)) = self.last {
            if from <= instant && instant < to {
                return day;
            }
        }
        let day = local_day(instant, self.tz);
        let (from, to) = day_range(day, day, self.tz);
        self.last = Some((from, to, day));
        day
    }
}

/// A calendar period: whole months, years or days stepped on the calendar.
///
/// JSON: `{"years": 1}`, `{"months": 2}`, `{"days": 60}`. Days are exact
/// 24-hour steps of the UTC instant (a fixed duration, SPEC §0); months and
/// years step the local calendar date and keep the local time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CalendarPeriod {
    /// Exact days of 24 hours.
    Days(u32),
    /// Calendar months (the day is clamped to the month's end).
    Months(u32),
    /// Calendar years (Feb 29 + 1 year = Feb 28).
    Years(u32),
}

impl CalendarPeriod {
    /// `instant + self`, stepping local calendar fields in `tz` for months
    /// and years. `None` only on overflow past chrono's range.
    pub fn add_to(self, instant: DateTime<Utc>, tz: Tz) -> Option<DateTime<Utc>> {
        match self {
            CalendarPeriod::Days(d) => instant.checked_add_signed(chrono::Duration::days(i64::from(d))),
            CalendarPeriod::Months(m) => step_months(instant, tz, m, true),
            CalendarPeriod::Years(y) => step_months(instant, tz, y.checked_mul(12)?, true),
        }
    }

    /// `instant - self`, the mirror of [`CalendarPeriod::add_to`].
    pub fn sub_from(self, instant: DateTime<Utc>, tz: Tz) -> Option<DateTime<Utc>> {
        match self {
            CalendarPeriod::Days(d) => instant.checked_sub_signed(chrono::Duration::days(i64::from(d))),
            CalendarPeriod::Months(m) => step_months(instant, tz, m, false),
            CalendarPeriod::Years(y) => step_months(instant, tz, y.checked_mul(12)?, false),
        }
    }

    /// `day + self` on the calendar (days are calendar days here; months and
    /// years clamp to the month's end: Nov 30 + 3 months = Feb 28 or 29).
    /// `None` past chrono's range.
    pub fn add_to_date(self, day: NaiveDate) -> Option<NaiveDate> {
        match self {
            CalendarPeriod::Days(d) => day.checked_add_days(Days::new(u64::from(d))),
            CalendarPeriod::Months(m) => day.checked_add_months(Months::new(m)),
            CalendarPeriod::Years(y) => day.checked_add_months(Months::new(y.checked_mul(12)?)),
        }
    }

    /// An upper bound of the period in days, for ordering periods of
    /// different units ("the longest wins").
    pub fn approx_days(self) -> u64 {
        match self {
            CalendarPeriod::Days(d) => u64::from(d),
            CalendarPeriod::Months(m) => u64::from(m) * 31,
            CalendarPeriod::Years(y) => u64::from(y) * 366,
        }
    }
}

fn step_months(instant: DateTime<Utc>, tz: Tz, months: u32, forward: bool) -> Option<DateTime<Utc>> {
    let local = instant.with_timezone(&tz).naive_local();
    let date = if forward {
        local.date().checked_add_months(Months::new(months))?
    } else {
        local.date().checked_sub_months(Months::new(months))?
    };
    let stepped = date.and_time(local.time());
    Some(match tz.from_local_datetime(&stepped) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(earliest, _) => earliest.with_timezone(&Utc),
        // The wall-clock time does not exist that day (DST gap): read it
        // with the offset in force just before the gap, which moves it
        // forward by the gap's length (02:30 in a 02:00–03:00 gap is
        // 03:30). A day before the stepped time is before the gap: zones
        // change offset at most once a day.
        LocalResult::None => {
            let before = tz.offset_from_utc_datetime(&(stepped - chrono::Duration::days(1))).fix();
            (stepped - before).and_utc()
        }
    })
}

/// Adds whole calendar days to a local date, saturating at chrono's range.
pub fn add_days(day: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        day.checked_add_days(Days::new(days as u64)).unwrap_or(NaiveDate::MAX)
    } else {
        day.checked_sub_days(Days::new(days.unsigned_abs())).unwrap_or(NaiveDate::MIN)
    }
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    i64::from(to.num_days_from_ce()) - i64::from(from.num_days_from_ce())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn spring_forward_day_is_23_hours_in_paris() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
        let (start, end) = day_range(d, d, DEFAULT_TIME_ZONE);
        assert_eq!(start, utc("2026-03-28T23:00:00Z"));
        assert_eq!(end, utc("2026-03-29T22:00:00Z"));
    }

    #[test]
    fn fall_back_day_is_25_hours_in_paris() {
        let d = NaiveDate::from_ymd_opt(2026, 10, 25).unwrap();
        let (start, end) = day_range(d, d, DEFAULT_TIME_ZONE);
        assert_eq!((end - start).num_hours(), 25);
    }

    #[test]
    fn midnight_gap_starts_day_at_gap_end() {
        // America/Santiago springs forward at 00:00 local (2026-09-06).
        let tz: Tz = "America/Santiago".parse().unwrap();
        let d = NaiveDate::from_ymd_opt(2026, 9, 6).unwrap();
        let start = start_of_day(d, tz);
        assert_eq!(local_day(start, tz), d);
        assert_ne!(local_day(start - chrono::Duration::seconds(1), tz), d);
    }

    #[test]
    fn day_cache_agrees_with_local_day_across_dst() {
        let mut cache = DayCache::new(DEFAULT_TIME_ZONE);
        let mut t = utc("2026-03-27T00:00:00Z");
        while t < utc("2026-04-01T00:00:00Z") {
            assert_eq!(cache.day(t), local_day(t, DEFAULT_TIME_ZONE), "{t}");
            t += chrono::Duration::minutes(17);
        }
        // Out of order too.
        assert_eq!(cache.day(utc("2026-03-28T22:59:59Z")), NaiveDate::from_ymd_opt(2026, 3, 28).unwrap());
        assert_eq!(cache.day(utc("2026-03-28T23:00:00Z")), NaiveDate::from_ymd_opt(2026, 3, 29).unwrap());
    }

    #[test]
    fn feb_29_plus_one_year_is_feb_28() {
        let t = utc("2024-02-29T10:00:00Z");
        let next = CalendarPeriod::Years(1).add_to(t, DEFAULT_TIME_ZONE).unwrap();
        assert_eq!(next, utc("2025-02-28T10:00:00Z"));
    }

    #[test]
    fn a_time_in_a_dst_gap_moves_forward_by_the_gap() {
        // Paris skips 02:00–03:00 on 2026-03-29: 02:30 (+01 in winter) two
        // months earlier lands on 03:30 (+02), after the gap.
        let t = utc("2026-01-29T01:30:00Z");
        let next = CalendarPeriod::Months(2).add_to(t, DEFAULT_TIME_ZONE).unwrap();
        assert_eq!(next, utc("2026-03-29T01:30:00Z"));
        assert_eq!(next.with_timezone(&DEFAULT_TIME_ZONE).format("%H:%M").to_string(), "03:30");
        // Santiago skips 00:00–01:00 on 2030-09-08. A record at 00:00 on
        // 2028-09-08 (already summer time, -03) + 2 years must land on
        // 2030-09-08 at 01:00 (-03), not on the evening before: the offset
        // that reads the skipped time is the one before the gap (-04), not
        // the record's own.
        let tz: Tz = "America/Santiago".parse().unwrap();
        let t = utc("2028-09-08T03:00:00Z");
        let next = CalendarPeriod::Years(2).add_to(t, tz).unwrap();
        assert_eq!(next, utc("2030-09-08T04:00:00Z"));
        assert_eq!(local_day(next, tz), NaiveDate::from_ymd_opt(2030, 9, 8).unwrap());
    }

    #[test]
    fn months_keep_local_time_across_dst() {
        // 10:00 Paris in winter (09:00Z) + 6 months = 10:00 Paris in summer (08:00Z).
        let t = utc("2026-01-15T09:00:00Z");
        let next = CalendarPeriod::Months(6).add_to(t, DEFAULT_TIME_ZONE).unwrap();
        assert_eq!(next, utc("2026-07-15T08:00:00Z"));
    }
}
