//! The onboarding pipeline (SPEC §7, R-7.1 … ): `eligibility`,
//! `canMoveTo`, and the `Pipeline` class (create, update, move, cards,
//! conversion plan and cadence, JSON export/import).
//!
//! Records cross as the mirror types of `mirror/pipeline.rs` (serde with
//! camelCase keys; their TypeScript declarations are generated); a
//! pipeline's `cards` are keyed by organisation id (kept).

use crate::convert::{Arg, Json, mirror_from_js, mirror_or_default, mirror_record, mirror_to_js};
use crate::error::{CoreError, Result, core, guard};
use crate::mirror::followup::{CadenceRun, CadenceStep, FollowUp};
use crate::mirror::{Conv, pipeline as m};
use filrouge::pipeline as p;
use napi::Unknown;
use napi_derive::napi;

impl CoreError for p::Error {
    fn code(&self) -> &'static str {
        p::Error::code(self)
    }
}

fn string(arg: &Unknown<'_>, path: &str) -> Result<String> {
    Arg::from(arg).string(path)
}

fn organisation(arg: &Unknown<'_>) -> Result<p::Organisation> {
    Ok(mirror_record::<m::Organisation>(Arg::from(arg), "organisation")?.conv())
}

fn stage(arg: &Unknown<'_>, path: &str) -> Result<p::Stage> {
    Ok(mirror_from_js::<m::Stage>(Arg::from(arg), path)?.conv())
}

/// `value` (a core record) as JS through its mirror `M`.
fn out<C: Clone + Conv<M>, M: serde::Serialize>(value: &C) -> Result<Json> {
    mirror_to_js(&value.clone().conv())
}

/// whether an organisation may become a client, and why.
#[napi(ts_args_type = "organisation: Organisation", ts_return_type = "Eligibility")]
pub fn eligibility(organisation: Unknown) -> Result<Json> {
    guard(|| out::<_, m::Eligibility>(&p::eligibility(&self::organisation(&organisation)?)))
}

/// whether a card may move from stage `from` to stage `to`.
#[napi(ts_args_type = "from: Stage, to: Stage")]
pub fn can_move_to(from: Unknown, to: Unknown) -> Result<bool> {
    guard(|| {
        let (from, to) = (stage(&from, "from")?, stage(&to, "to")?);
        Ok(from.can_move_to(to))
    })
}

/// Organisations on their way to becoming clients (R-7.1 … ).
#[napi]
pub struct Pipeline {
    inner: p::Pipeline,
}

#[napi]
impl Pipeline {
    /// An empty pipeline with `config` (`{timeZone?, conversionPlan?}`).
    #[napi(constructor, ts_args_type = "config?: PipelineConfig | null")]
    pub fn new(config: Unknown) -> Result<Self> {
        guard(|| {
            let config: m::PipelineConfig = mirror_or_default(Arg::from(&config), "config")?;
            Ok(Pipeline { inner: p::Pipeline::new(config.conv()) })
        })
    }

    /// A pipeline from its JSON (`{config, cards: {organisationId: Card}}`).
    #[napi(factory, js_name = "fromJSON", ts_args_type = "json: PipelineJson")]
    pub fn from_json(json: Unknown) -> Result<Self> {
        guard(|| Ok(Pipeline { inner: mirror_record::<m::PipelineJson>(Arg::from(&json), "json")?.conv() }))
    }

    /// The pipeline's JSON (what a host persists).
    #[napi(js_name = "toJSON", ts_return_type = "PipelineJson")]
    pub fn to_json(&self) -> Result<Json> {
        guard(|| out::<_, m::PipelineJson>(&self.inner))
    }

    /// The number of organisations.
    #[napi(getter)]
    pub fn length(&self) -> u32 {
        u32::try_from(self.inner.cards.len()).unwrap_or(u32::MAX)
    }

    /// An organisation's card. Throws `unknown_organisation`.
    #[napi(ts_args_type = "organisationId: string", ts_return_type = "Card")]
    pub fn card(&self, organisation_id: Unknown) -> Result<Json> {
        guard(|| {
            out::<_, m::Card>(self.inner.card(&string(&organisation_id, "organisationId")?).map_err(|e| core(&e))?)
        })
    }

    /// adds an organisation at `identified`. Throws `duplicate_organisation`, `empty_id`.
    #[napi(ts_args_type = "organisation: Organisation, by: string, at: Date | string", ts_return_type = "Card")]
    pub fn create(&mut self, organisation: Unknown, by: Unknown, at: Unknown) -> Result<Json> {
        guard(|| {
            let organisation = self::organisation(&organisation)?;
            let by = string(&by, "by")?;
            let at = Arg::from(&at).instant("at")?;
            out::<_, m::Card>(self.inner.create(organisation, &by, at).map_err(|e| core(&e))?)
        })
    }

    /// Replaces an organisation's data (kind, mission, attestation). Throws `unknown_organisation`.
    #[napi(ts_args_type = "organisation: Organisation", ts_return_type = "Card")]
    pub fn update(&mut self, organisation: Unknown) -> Result<Json> {
        guard(|| {
            let organisation = self::organisation(&organisation)?;
            out::<_, m::Card>(self.inner.update(organisation).map_err(|e| core(&e))?)
        })
    }

    /// moves a card to stage `to` (an account only for an
    /// eligible organisation). Throws `invalid_transition`, `not_eligible`, `unknown_organisation`.
    #[napi(
        ts_args_type = "organisationId: string, to: Stage, by: string, at: Date | string",
        ts_return_type = "Transition"
    )]
    pub fn move_to(&mut self, organisation_id: Unknown, to: Unknown, by: Unknown, at: Unknown) -> Result<Json> {
        guard(|| {
            let id = string(&organisation_id, "organisationId")?;
            let to = stage(&to, "to")?;
            let by = string(&by, "by")?;
            let at = Arg::from(&at).instant("at")?;
            out::<_, m::Transition>(self.inner.move_to(&id, to, &by, at).map_err(|e| core(&e))?)
        })
    }

    /// the conversion plan of an organisation with an account.
    /// Throws `no_account`, `unknown_organisation`.
    #[napi(ts_args_type = "organisationId: string", ts_return_type = "ConversionPlan")]
    pub fn plan(&self, organisation_id: Unknown) -> Result<Json> {
        guard(|| {
            out::<_, m::ConversionPlan>(
                &self.inner.plan(&string(&organisation_id, "organisationId")?).map_err(|e| core(&e))?,
            )
        })
    }

    /// the conversion plan as cadence steps (for `new Cadence(steps)`).
    #[napi(ts_return_type = "CadenceStep[]")]
    pub fn conversion_cadence(&self) -> Result<Json> {
        guard(|| mirror_to_js(&Conv::<Vec<CadenceStep>>::conv(self.inner.conversion_cadence().steps)))
    }

    /// starts an organisation's conversion cadence: `{run, followup}`.
    #[napi(ts_args_type = "organisationId: string", ts_return_type = "{ run: CadenceRun, followup: FollowUp }")]
    pub fn start_conversion(&self, organisation_id: Unknown) -> Result<Json> {
        guard(|| {
            let id = string(&organisation_id, "organisationId")?;
            let (run, followup) = self.inner.start_conversion(&id).map_err(|e| core(&e))?;
            let run = mirror_to_js(&Conv::<CadenceRun>::conv(run))?;
            let followup = mirror_to_js(&Conv::<FollowUp>::conv(followup))?;
            Ok(Json(serde_json::json!({ "run": run.0, "followup": followup.0 })))
        })
    }
}
