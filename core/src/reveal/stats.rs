//! statistics: contacts made, diagnostics done, consumption.

use super::ledger::RevealLedger;
use super::model::{ContextKind, Role};
use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The calendar unit rows are grouped by (local calendar of the ledger's zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// `2026-03-02`.
    Day,
    /// `2026-03` (default).
    #[default]
    Month,
    /// `2026`.
    Year,
    /// One period for everything (no `period` field in rows).
    All,
}

/// A dimension contacts made can be grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// The portal.
    Portal,
    /// The project, resource sheet or conversation.
    Context,
    /// The viewer's role.
    Role,
}

/// Which statistics to compute. JSON: every field optional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StatsQuery {
    /// Only this tenant (default: every tenant, each in its own rows).
    pub tenant: Option<String>,
    /// Events at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Events before this instant.
    pub to: Option<DateTime<Utc>>,
    /// The calendar unit of `period` (default month).
    pub period: Period,
    /// Dimensions of contacts made (default: portal, context and role).
    pub group_by: Vec<Dimension>,
}

impl Default for StatsQuery {
    fn default() -> Self {
        StatsQuery {
            tenant: None,
            from: None,
            to: None,
            period: Period::Month,
            group_by: vec![Dimension::Portal, Dimension::Context, Dimension::Role],
        }
    }
}

/// Contacts made (first reveals, R-3.4) in one group.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ContactsMadeRow {
    /// The tenant.
    pub tenant: String,
    /// The portal, when grouped by portal or context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portal: Option<String>,
    /// The context's kind, when grouped by context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_kind: Option<ContextKind>,
    /// The context's id, when grouped by context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_id: Option<String>,
    /// The viewer's role, when grouped by role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// The period (`2026-03`), unless `period` is `all`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// Contacts made.
    pub count: u64,
}

/// Diagnostics of one portal and period.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DiagnosticsRow {
    /// The tenant.
    pub tenant: String,
    /// The portal.
    pub portal: String,
    /// The period of the marks (`2026-03`), unless `period` is `all`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// Projects whose standing mark was made in the period.
    pub done: u64,
    /// Marks undone in the period.
    pub undone: u64,
}

/// Consumption of one tenant in one local month.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ConsumptionRow {
    /// The tenant.
    pub tenant: String,
    /// The local month, `2026-03`.
    pub month: String,
    /// Units spent (first successful reveals and enrichments).
    pub units: u64,
}

/// every statistic, rows sorted by their keys.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevealStats {
    /// Contacts made per group and period.
    pub contacts_made: Vec<ContactsMadeRow>,
    /// Diagnostics per portal and period.
    pub diagnostics: Vec<DiagnosticsRow>,
    /// Consumption per tenant and month.
    pub consumption: Vec<ConsumptionRow>,
}

/// a tenant's consumption and owned contacts at an instant.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consumption {
    /// The tenant.
    pub tenant: String,
    /// Units per local month, oldest first.
    pub months: Vec<ConsumptionRow>,
    /// Contacts whose current coordinates the tenant paid for, who have not left.
    pub owned: u64,
    /// Paid-for contacts who have left the company (they stop counting).
    pub left: u64,
}

fn label(at: DateTime<Utc>, tz: chrono_tz::Tz, period: Period) -> Option<String> {
    let d = at.with_timezone(&tz).date_naive();
    match period {
        Period::Day => Some(d.format("%Y-%m-%d").to_string()),
        Period::Month => Some(format!("{:04}-{:02}", d.year(), d.month())),
        Period::Year => Some(format!("{:04}", d.year())),
        Period::All => None,
    }
}

impl RevealLedger {
    /// contacts made per portal, context, viewer role and period;
    /// diagnostics done per portal and period; consumption per tenant and
    /// month. Tenants are never mixed in a row.
    pub fn stats(&self, query: &StatsQuery) -> RevealStats {
        let tz = self.config().time_zone;
        let only = match &query.tenant {
            Some(t) => match self.tenant_of_name(t) {
                Some(id) => Some(id),
                None => return RevealStats::default(),
            },
            None => None,
        };
        let by = |d| query.group_by.contains(&d);
        let mut made: BTreeMap<ContactsMadeRow, u64> = BTreeMap::new();
        let mut diags: BTreeMap<(String, String, Option<String>), (u64, u64)> = BTreeMap::new();
        let mut units: BTreeMap<(String, String), u64> = BTreeMap::new();
        for (i, r) in self.records().iter().enumerate() {
            if only.is_some_and(|t| t != r.tenant)
                || query.from.is_some_and(|f| r.at < f)
                || query.to.is_some_and(|t| r.at >= t)
            {
                continue;
            }
            if RevealLedger::rec_consumed(r) {
                let month = label(r.at, tz, Period::Month).unwrap_or_default();
                *units.entry((self.name_of_tenant(r.tenant), month)).or_default() += 1;
            }
            if RevealLedger::rec_is_reveal(r) && RevealLedger::rec_first(r) {
                let ctx = self.rec_context(r).map(|c| self.context_of(c));
                let ctx = ctx.as_ref();
                let key = ContactsMadeRow {
                    tenant: self.name_of_tenant(r.tenant),
                    portal: ctx.filter(|_| by(Dimension::Portal) || by(Dimension::Context)).map(|c| c.portal.clone()),
                    context_kind: ctx.filter(|_| by(Dimension::Context)).map(|c| c.kind),
                    context_id: ctx.filter(|_| by(Dimension::Context)).map(|c| c.id.clone()),
                    role: by(Dimension::Role).then(|| Role::from_index(r.role)),
                    period: label(r.at, tz, query.period),
                    count: 0,
                };
                *made.entry(key).or_default() += 1;
            }
            let mark = self.is_standing_mark(i);
            let undo = RevealLedger::rec_is_undo(r);
            if mark || undo {
                let Some(ctx) = self.rec_context(r).map(|c| self.context_of(c)) else { continue };
                let e = diags
                    .entry((self.name_of_tenant(r.tenant), ctx.portal, label(r.at, tz, query.period)))
                    .or_default();
                if mark {
                    e.0 += 1;
                } else {
                    e.1 += 1;
                }
            }
            let _ = RevealLedger::rec_is_mark(r);
        }
        RevealStats {
            contacts_made: made.into_iter().map(|(k, n)| ContactsMadeRow { count: n, ..k }).collect(),
            diagnostics: diags
                .into_iter()
                .map(|((tenant, portal, period), (done, undone))| DiagnosticsRow {
                    tenant,
                    portal,
                    period,
                    done,
                    undone,
                })
                .collect(),
            consumption: units
                .into_iter()
                .map(|((tenant, month), units)| ConsumptionRow { tenant, month, units })
                .collect(),
        }
    }

    /// `tenant`'s units per month, and its owned contacts at `now`.
    pub fn consumption(&self, tenant: &str, now: DateTime<Utc>) -> Consumption {
        let Some(t) = self.tenant_of_name(tenant) else {
            return Consumption { tenant: tenant.into(), ..Consumption::default() };
        };
        let q = StatsQuery { tenant: Some(tenant.into()), ..StatsQuery::default() };
        let (owned, left) = self.owned(t, now);
        Consumption { tenant: tenant.into(), months: self.stats(&q).consumption, owned, left }
    }
}
