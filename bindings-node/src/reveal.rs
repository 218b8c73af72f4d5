//! Reveal-once visibility (SPEC §3, R-3.1 … ): the `RevealLedger`
//! class (canSee, reveal, relations, metering, diagnostics, statistics,
//! consumption, events export/import and merge).
//!
//! Requests and results cross as the mirror types of `mirror/reveal.rs`
//! (serde with camelCase keys; their TypeScript declarations are
//! generated); instants are a `Date` or an ISO-8601 string with offset.
//! `config.portals` is keyed by portal id (kept).

use crate::convert::{Arg, Json, mirror_from_js, mirror_or_default, mirror_record, mirror_to_js};
use crate::error::{CoreError, Result, core, guard, invalid};
use crate::mirror::{Conv, reveal as m};
use filrouge::reveal as r;
use napi::Unknown;
use napi_derive::napi;

impl CoreError for r::Error {
    fn code(&self) -> &'static str {
        r::Error::code(self)
    }
}

fn string(arg: &Unknown<'_>, path: &str) -> Result<String> {
    Arg::from(arg).string(path)
}

fn instant(arg: &Unknown<'_>, path: &str) -> Result<chrono::DateTime<chrono::Utc>> {
    Arg::from(arg).instant(path)
}

fn context(arg: &Unknown<'_>, path: &str) -> Result<r::Context> {
    Ok(mirror_record::<m::RevealContext>(Arg::from(arg), path)?.conv())
}

fn events(arg: &Unknown<'_>) -> Result<Vec<r::Event>> {
    Ok(mirror_from_js::<Vec<m::RevealEvent>>(Arg::from(arg), "events")?.conv())
}

fn config(arg: &Unknown<'_>) -> Result<r::Config> {
    Ok(mirror_or_default::<m::RevealConfig>(Arg::from(arg), "config")?.conv())
}

/// `value` (a core record) as JS through its mirror `M`.
fn out<C: Conv<M>, M: serde::Serialize>(value: C) -> Result<Json> {
    mirror_to_js(&value.conv())
}

/// Who has revealed whom, per tenant (SPEC §3): answers `canSee`, logs
/// reveals, enrichments, relations and diagnostics as events; its state is
/// the fold of its events (`events`, `import`, `merge`, `fromEvents`).
#[napi]
pub struct RevealLedger {
    inner: r::RevealLedger,
}

#[napi]
impl RevealLedger {
    /// An empty ledger with `config` (every field optional: `scope`,
    /// `lapseOnCoordinateChange`, `lapseAfterDays`, `followUpAfterDays`,
    /// `timeZone`, `portals`).
    #[napi(constructor, ts_args_type = "config?: RevealConfig | null")]
    pub fn new(config: Unknown) -> Result<Self> {
        guard(|| {
            let config = self::config(&config)?;
            Ok(RevealLedger { inner: r::RevealLedger::new(config) })
        })
    }

    /// The ledger that is the fold of `events` (any order, duplicates once);
    /// refused events are left out (`import` on a new ledger reports them).
    #[napi(factory, ts_args_type = "config: RevealConfig | null | undefined, events: RevealEvent[]")]
    pub fn from_events(config: Unknown, events: Unknown) -> Result<Self> {
        guard(|| {
            let config = self::config(&config)?;
            let (inner, _) = r::RevealLedger::from_events(config, self::events(&events)?);
            Ok(RevealLedger { inner })
        })
    }

    /// The configuration.
    #[napi(ts_return_type = "RevealConfig")]
    pub fn config(&self) -> Result<Json> {
        guard(|| out::<_, m::RevealConfig>(self.inner.config().clone()))
    }

    /// Events in the log.
    #[napi(getter)]
    pub fn length(&self) -> u32 {
        u32::try_from(self.inner.len()).unwrap_or(u32::MAX)
    }

    /// Distinct (viewer, subject, scope) reveals held.
    #[napi(getter)]
    pub fn revealed_pairs(&self) -> u32 {
        u32::try_from(self.inner.revealed_pairs()).unwrap_or(u32::MAX)
    }

    /// Memory held, in bytes, by structure.
    #[napi(ts_return_type = "MemoryUse")]
    pub fn memory(&self) -> Result<Json> {
        guard(|| out::<_, m::MemoryUse>(self.inner.memory()))
    }

    /// …: whether `viewer` (with `role`) sees `subject`'s
    /// coordinates in `context` at `now`, and why.
    #[napi(
        ts_args_type = "tenant: string, viewer: string, role: Role, subject: string, context: RevealContext, now: Date | string",
        ts_return_type = "RevealVisibility"
    )]
    pub fn can_see(
        &self,
        tenant: Unknown,
        viewer: Unknown,
        role: Unknown,
        subject: Unknown,
        context: Unknown,
        now: Unknown,
    ) -> Result<Json> {
        guard(|| {
            let tenant = string(&tenant, "tenant")?;
            let viewer = string(&viewer, "viewer")?;
            let role: r::Role = mirror_from_js::<m::Role>(Arg::from(&role), "role")?.conv();
            let subject = string(&subject, "subject")?;
            let context = self::context(&context, "context")?;
            let now = instant(&now, "now")?;
            out::<_, m::RevealVisibility>(self.inner.can_see(&tenant, &viewer, role, &subject, &context, now))
        })
    }

    /// `requester` was recommended `contact` in a resource context.
    /// Throws `wrong_context_kind`, `empty_id`.
    #[napi(
        ts_args_type = "tenant: string, context: RevealContext, requester: string, contact: string, at: Date | string"
    )]
    pub fn recommend(
        &mut self,
        tenant: Unknown,
        context: Unknown,
        requester: Unknown,
        contact: Unknown,
        at: Unknown,
    ) -> Result<()> {
        guard(|| {
            let tenant = string(&tenant, "tenant")?;
            let context = self::context(&context, "context")?;
            let requester = string(&requester, "requester")?;
            let contact = string(&contact, "contact")?;
            let at = instant(&at, "at")?;
            self.inner.recommend(&tenant, &context, &requester, &contact, at).map_err(|e| core(&e))
        })
    }

    /// `requester` opened a project. Throws `wrong_context_kind`, `empty_id`.
    #[napi(ts_args_type = "tenant: string, context: RevealContext, requester: string, at: Date | string")]
    pub fn open_project(&mut self, tenant: Unknown, context: Unknown, requester: Unknown, at: Unknown) -> Result<()> {
        guard(|| {
            let tenant = string(&tenant, "tenant")?;
            let context = self::context(&context, "context")?;
            let requester = string(&requester, "requester")?;
            let at = instant(&at, "at")?;
            self.inner.open_project(&tenant, &context, &requester, at).map_err(|e| core(&e))
        })
    }

    /// `subject`'s coordinates changed (reveals lapse when so configured).
    #[napi(ts_args_type = "tenant: string, subject: string, at: Date | string")]
    pub fn change_coordinates(&mut self, tenant: Unknown, subject: Unknown, at: Unknown) -> Result<()> {
        guard(|| {
            let (tenant, subject, at) = (string(&tenant, "tenant")?, string(&subject, "subject")?, instant(&at, "at")?);
            self.inner.change_coordinates(&tenant, &subject, at).map_err(|e| core(&e))
        })
    }

    /// `subject` left their company (the next enrichment consumes again).
    #[napi(ts_args_type = "tenant: string, subject: string, at: Date | string")]
    pub fn leave_company(&mut self, tenant: Unknown, subject: Unknown, at: Unknown) -> Result<()> {
        guard(|| {
            let (tenant, subject, at) = (string(&tenant, "tenant")?, string(&subject, "subject")?, instant(&at, "at")?);
            self.inner.leave_company(&tenant, &subject, at).map_err(|e| core(&e))
        })
    }

    /// R-3.3b …: a reveal (idempotent by `key`): visible or
    /// not and why, logged, first, contact made, unit consumed, follow-up date.
    #[napi(ts_args_type = "request: RevealRequest", ts_return_type = "RevealOutcome")]
    pub fn reveal(&mut self, request: Unknown) -> Result<Json> {
        guard(|| {
            let request: r::RevealRequest = mirror_record::<m::RevealRequest>(Arg::from(&request), "request")?.conv();
            out::<_, m::RevealOutcome>(self.inner.reveal(&request).map_err(|e| core(&e))?)
        })
    }

    /// `reveal` for many: outcomes in order, refused requests as rejections.
    #[napi(ts_args_type = "requests: RevealRequest[]", ts_return_type = "RevealBatch")]
    pub fn reveal_many(&mut self, requests: Unknown) -> Result<Json> {
        guard(|| {
            let requests: Vec<r::RevealRequest> =
                mirror_from_js::<Vec<m::RevealRequest>>(Arg::from(&requests), "requests")?.conv();
            out::<_, m::RevealBatch>(self.inner.reveal_many(&requests))
        })
    }

    /// an enrichment of `subject`'s coordinates (idempotent by `key`).
    #[napi(ts_args_type = "request: EnrichRequest", ts_return_type = "EnrichOutcome")]
    pub fn enrich(&mut self, request: Unknown) -> Result<Json> {
        guard(|| {
            let request: r::EnrichRequest = mirror_record::<m::EnrichRequest>(Arg::from(&request), "request")?.conv();
            out::<_, m::EnrichOutcome>(self.inner.enrich(&request).map_err(|e| core(&e))?)
        })
    }

    /// marks a project's diagnostic done. Throws `not_allowed`, `wrong_context_kind`.
    #[napi(ts_args_type = "request: DiagnosticRequest", ts_return_type = "DiagnosticStatus")]
    pub fn mark_diagnostic(&mut self, request: Unknown) -> Result<Json> {
        guard(|| {
            let request: r::DiagnosticRequest =
                mirror_record::<m::DiagnosticRequest>(Arg::from(&request), "request")?.conv();
            out::<_, m::DiagnosticStatus>(self.inner.mark_diagnostic(&request).map_err(|e| core(&e))?)
        })
    }

    /// undoes a project's diagnostic.
    #[napi(ts_args_type = "request: DiagnosticRequest", ts_return_type = "DiagnosticStatus")]
    pub fn undo_diagnostic(&mut self, request: Unknown) -> Result<Json> {
        guard(|| {
            let request: r::DiagnosticRequest =
                mirror_record::<m::DiagnosticRequest>(Arg::from(&request), "request")?.conv();
            out::<_, m::DiagnosticStatus>(self.inner.undo_diagnostic(&request).map_err(|e| core(&e))?)
        })
    }

    /// a project's diagnostic status and history.
    #[napi(ts_args_type = "tenant: string, project: RevealContext", ts_return_type = "DiagnosticStatus")]
    pub fn diagnostic(&self, tenant: Unknown, project: Unknown) -> Result<Json> {
        guard(|| {
            let tenant = string(&tenant, "tenant")?;
            let project = self::context(&project, "project")?;
            out::<_, m::DiagnosticStatus>(self.inner.diagnostic(&tenant, &project))
        })
    }

    /// contacts made, diagnostics and consumption, by period and dimension.
    #[napi(ts_args_type = "query?: StatsQuery | null", ts_return_type = "RevealStats")]
    pub fn stats(&self, query: Unknown) -> Result<Json> {
        guard(|| {
            let query: r::StatsQuery = mirror_or_default::<m::StatsQuery>(Arg::from(&query), "query")?.conv();
            out::<_, m::RevealStats>(self.inner.stats(&query))
        })
    }

    /// a tenant's units consumed by month, owned and left at `now`.
    #[napi(ts_args_type = "tenant: string, now: Date | string", ts_return_type = "Consumption")]
    pub fn consumption(&self, tenant: Unknown, now: Unknown) -> Result<Json> {
        guard(|| {
            let tenant = string(&tenant, "tenant")?;
            out::<_, m::Consumption>(self.inner.consumption(&tenant, instant(&now, "now")?))
        })
    }

    /// The log as events (canonical order): what another ledger imports.
    #[napi(ts_return_type = "RevealEvent[]")]
    pub fn events(&self) -> Result<Json> {
        guard(|| out::<_, Vec<m::RevealEvent>>(self.inner.events()))
    }

    /// Folds `events` in (any order, duplicates once): `{added, duplicates, rejected}`.
    #[napi(ts_args_type = "events: RevealEvent[]", ts_return_type = "ImportReport")]
    pub fn import(&mut self, events: Unknown) -> Result<Json> {
        guard(|| {
            let events = self::events(&events)?;
            out::<_, m::ImportReport>(self.inner.import(events))
        })
    }

    /// Unites another ledger's events into this one (offline copies).
    #[napi(ts_args_type = "other: RevealLedger", ts_return_type = "ImportReport")]
    pub fn merge(&mut self, other: Unknown) -> Result<Json> {
        guard(|| {
            let other = crate::scoring::instance::<RevealLedger>(&other)
                .ok_or_else(|| invalid("other", "expected a RevealLedger"))?;
            // The same object on both sides must not be borrowed twice.
            let report = if std::ptr::eq(other, self) {
                let events = self.inner.events();
                self.inner.import(events)
            } else {
                self.inner.merge(&other.inner)
            };
            out::<_, m::ImportReport>(report)
        })
    }

    /// Whether two ledgers hold the same state.
    #[napi(ts_args_type = "other: RevealLedger")]
    pub fn equals(&self, other: Unknown) -> Result<bool> {
        guard(|| {
            let other = crate::scoring::instance::<RevealLedger>(&other)
                .ok_or_else(|| invalid("other", "expected a RevealLedger"))?;
            Ok(self.inner == other.inner)
        })
    }
}
