//! Conversions shared by every module: instants and days as the platform's
//! own types (custom types), IANA time zones, id sets, the batch
//! [`Rejection`], and the lock of a long-lived engine.
//!
//! - [`Timestamp`] is `chrono::DateTime<Utc>` in Rust, `java.time.Instant`
//!   in Kotlin, `Date` in Swift (carried as uniffi's timestamp).
//! - [`Day`] is `chrono::NaiveDate` in Rust, `java.time.LocalDate` in
//!   Kotlin, `Date` (UTC midnight) in Swift (carried as days since
//!   1970-01-01 in an `i64`; the mapping is in `uniffi.toml`).

use crate::error::FilrougeError;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use filrouge::Rejection;
use std::collections::{BTreeSet, HashSet};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// An instant (UTC): `java.time.Instant` in Kotlin, `Date` in Swift.
pub type Timestamp = DateTime<Utc>;

/// A calendar day: `java.time.LocalDate` in Kotlin, `Date` in Swift.
pub type Day = NaiveDate;

uniffi::custom_type!(Timestamp, SystemTime, {
    remote,
    lower: |t| to_system_time(t),
    try_lift: |t| Ok(from_system_time(t)?),
});

uniffi::custom_type!(Day, i64, {
    remote,
    lower: |d| day_number(d),
    try_lift: |n| Ok(from_day_number(n)?),
});

/// The platform instant of `t`.
pub(crate) fn to_system_time(t: DateTime<Utc>) -> SystemTime {
    let (secs, nanos) = (t.timestamp(), t.timestamp_subsec_nanos());
    if secs >= 0 {
        UNIX_EPOCH + Duration::new(secs.unsigned_abs(), nanos)
    } else {
        // Before 1970: step back whole seconds, then forward the nanoseconds.
        UNIX_EPOCH - Duration::from_secs(secs.unsigned_abs()) + Duration::from_nanos(u64::from(nanos))
    }
}

/// The chrono instant of a platform instant; an error past chrono's range
/// (about ±262,000 years).
pub(crate) fn from_system_time(t: SystemTime) -> Result<DateTime<Utc>, FilrougeError> {
    let out_of_range = || FilrougeError::invalid_input(format!("instant {t:?} is out of range"));
    let instant = match t.duration_since(UNIX_EPOCH) {
        Ok(after) => {
            i64::try_from(after.as_secs()).ok().and_then(|s| DateTime::from_timestamp(s, after.subsec_nanos()))
        }
        Err(before) => {
            let before = before.duration();
            let (mut secs, mut nanos) = (i64::try_from(before.as_secs()).ok().map(|s| -s), before.subsec_nanos());
            if nanos > 0 {
                secs = secs.and_then(|s| s.checked_sub(1));
                nanos = 1_000_000_000 - nanos;
            }
            secs.and_then(|s| DateTime::from_timestamp(s, nanos))
        }
    };
    instant.ok_or_else(out_of_range)
}

/// Days since 1970-01-01 (an `i64`, as `java.time.LocalDate.toEpochDay()`:
/// every platform date crosses, and one past chrono's range is a typed
/// `invalid_input` rather than an overflow in the generated code).
pub(crate) fn day_number(d: NaiveDate) -> i64 {
    (d - NaiveDate::default()).num_days()
}

/// The date `n` days after 1970-01-01; an error past chrono's range.
pub(crate) fn from_day_number(n: i64) -> Result<NaiveDate, FilrougeError> {
    chrono::Duration::try_days(n)
        .and_then(|d| NaiveDate::default().checked_add_signed(d))
        .ok_or_else(|| FilrougeError::invalid_input(format!("day {n} after 1970-01-01 is out of range")))
}

/// An IANA time zone by name (`Europe/Paris`).
pub(crate) fn time_zone(name: &str) -> Result<Tz, FilrougeError> {
    name.parse()
        .map_err(|_| FilrougeError::invalid_input(format!("unknown time zone {name:?} (an IANA name is expected)")))
}

/// A set as the core keeps it.
pub(crate) fn to_btree(set: HashSet<String>) -> BTreeSet<String> {
    set.into_iter().collect()
}

/// A set as the platforms see it.
pub(crate) fn to_hash(set: BTreeSet<String>) -> HashSet<String> {
    set.into_iter().collect()
}

/// A count the core keeps as `usize` (saturates on 32-bit targets).
pub(crate) fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// A record a batch call refused, with the rule it broke (SPEC §0: batches
/// never fail whole).
#[uniffi::remote(Record)]
pub struct Rejection {
    /// The record's id as given (empty when the id itself was the problem).
    pub id: String,
    /// The rule broken (`R-1.1`), or `§0` for the conventions.
    pub rule: String,
    /// The stable code (`comment_too_long`, …).
    pub code: String,
    /// What was wrong, with the offending value.
    pub message: String,
}

/// The state of a long-lived engine. A poisoned lock means an earlier call
/// panicked half-way (a bug): the engine reports it on every later call
/// instead of working on a state that may be inconsistent.
pub(crate) fn lock<T>(engine: &Mutex<T>) -> Result<MutexGuard<'_, T>, FilrougeError> {
    engine.lock().map_err(|_| FilrougeError::internal("this engine failed in an earlier call; create a new one"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_round_trip_through_the_platform_type() {
        for text in [
            "2026-03-02T09:00:00Z",
            "1969-12-31T23:59:59.250Z",
            "1900-01-01T00:00:00Z",
            "2026-03-29T01:30:00.000000001Z",
        ] {
            let t: DateTime<Utc> = text.parse().unwrap();
            assert_eq!(from_system_time(to_system_time(t)).unwrap(), t, "{text}");
        }
        assert_eq!(from_system_time(to_system_time(DateTime::<Utc>::MIN_UTC)).unwrap(), DateTime::<Utc>::MIN_UTC);
    }

    #[test]
    fn an_instant_past_chronos_range_is_invalid_input() {
        let far = UNIX_EPOCH + Duration::from_secs(u64::MAX / 4);
        assert_eq!(from_system_time(far).unwrap_err().code(), "invalid_input");
    }

    #[test]
    fn days_round_trip_and_overflow_is_invalid_input() {
        for d in ["1970-01-01", "2024-02-29", "1900-03-01"] {
            let day: NaiveDate = d.parse().unwrap();
            assert_eq!(from_day_number(day_number(day)).unwrap(), day);
        }
        assert_eq!(day_number("1970-01-02".parse().unwrap()), 1);
        assert_eq!(from_day_number(i64::from(i32::MAX)).unwrap_err().code(), "invalid_input");
        assert_eq!(from_day_number(i64::MAX).unwrap_err().code(), "invalid_input");
    }

    #[test]
    fn unknown_time_zones_are_invalid_input() {
        assert_eq!(time_zone("Europe/Paris").unwrap(), chrono_tz::Europe::Paris);
        assert_eq!(time_zone("Mars/Olympus").unwrap_err().code(), "invalid_input");
    }
}
