//! Batch reconciliation (R-1.1 … ).

use super::model::{Config, Contact, Report};
use crate::Rejection;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Which clause of chose the contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkRule {
    /// The report was entered within the margin after the contact ended.
    JustAfter,
    /// The last candidate of the latest day that has one.
    LastOfDay,
}

/// A report attached to the contact it describes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The report.
    pub report_id: String,
    /// The contact it describes.
    pub contact_id: String,
    /// The clause that chose it.
    pub rule: LinkRule,
}

/// Whether an orphan may still find its contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrphanStatus {
    /// `now < entered_at + late_arrival_horizon`: the contact may still arrive.
    Provisional,
    /// The horizon has passed.
    Final,
}

/// A report on a captured channel that matched nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Orphan {
    /// The report.
    pub report_id: String,
    /// Provisional or final at `now`.
    pub status: OrphanStatus,
}

/// The result of reconciling contacts and reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reconciliation {
    /// Matched reports, by report id.
    pub links: Vec<Link>,
    /// Unmatched reports on captured channels, by report id.
    pub orphans: Vec<Orphan>,
    /// Meeting and video reports, which create their own contact.
    pub reported: Vec<String>,
    /// Refused contacts and reports, by id then rule.
    pub rejected: Vec<Rejection>,
}

/// Reconciles `contacts` with `reports` at `now`.
pub fn reconcile(_contacts: &[Contact], _reports: &[Report], _config: &Config, _now: DateTime<Utc>) -> Reconciliation {
    Reconciliation::default()
}
