//! The choice of a contact for a report (R-1.3 … ), shared by the
//! batch and incremental paths.

use super::model::{Config, Report};
use super::reconcile::LinkRule;
use crate::time::{add_days, day_range, local_day};
use chrono::{DateTime, NaiveDate, Utc};

/// The instant range `[from, to)` whose contacts are candidates by date for
/// `report`: local days `day(entered_at) − window` to
/// `day(entered_at)` inclusive, so contacts later on the report's own day
/// are candidates too.
pub(crate) fn window(report: &Report, config: &Config) -> (DateTime<Utc>, DateTime<Utc>) {
    window_of_day(local_day(report.entered_at, config.time_zone), config)
}

/// [`window`] for a report entered on local day `day`.
pub(crate) fn window_of_day(day: NaiveDate, config: &Config) -> (DateTime<Utc>, DateTime<Utc>) {
    day_range(add_days(day, -i64::from(config.window_days)), day, config.time_zone)
}

/// A candidate contact seen by [`choose`]: a handle to it (an index or an
/// id) and its end.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate<T> {
    pub handle: T,
    pub end: DateTime<Utc>,
}

/// for a report entered at `entered_at`: among the free candidates, given newest first by
/// (`occurred_at`, id), the latest one the report was entered just after
/// (`end ≤ entered_at ≤ end + margin`) wins; otherwise the latest candidate,
/// which is the last candidate of the latest day that has one.
///
/// `newest_first` must already be restricted to the report's key (client,
/// advisor, channel, direction) and date window, and to contacts no earlier
/// report took.
pub(crate) fn choose<T: Copy>(
    entered_at: DateTime<Utc>,
    config: &Config,
    newest_first: impl Iterator<Item = Candidate<T>>,
) -> Option<(T, LinkRule)> {
    let margin = chrono::Duration::seconds(i64::from(config.just_after_s));
    let mut latest = None;
    for c in newest_first {
        if latest.is_none() {
            latest = Some(c.handle);
        }
        if c.end <= entered_at && entered_at <= c.end + margin {
            return Some((c.handle, LinkRule::JustAfter));
        }
    }
    latest.map(|handle| (handle, LinkRule::LastOfDay))
}
