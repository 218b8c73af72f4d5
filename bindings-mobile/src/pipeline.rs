//! The onboarding pipeline (SPEC §7, R-7.1 … ): [`eligibility`], the
//! long-lived [`Pipeline`] as an object (stages and their history, the
//! conversion plan), persistable as the core's JSON.

use crate::convert::{Day, Timestamp, lock, time_zone};
use crate::error::FilrougeError;
use crate::followup::{CadenceProgress, FollowUp};
use filrouge::followup::{Cadence, Priority};
use filrouge::pipeline::{
    self as core, Card, ConversionPlan, Eligibility, EligibilityReason, Organisation, OrganisationKind, PlanStep,
    PlannedStep, Stage, Transition,
};
use std::sync::{Arc, Mutex};

/// What an organisation is.
#[uniffi::remote(Enum)]
pub enum OrganisationKind {
    /// A public body.
    PublicBody,
    /// An association.
    Association,
    /// A company.
    Company,
    /// Anything else.
    Other,
}

/// A suspect organisation.
#[uniffi::remote(Record)]
pub struct Organisation {
    /// Its id.
    pub id: String,
    /// Its name.
    #[uniffi(default = "")]
    pub name: String,
    /// What it is.
    pub kind: OrganisationKind,
    /// It has a public-service mission.
    #[uniffi(default = false)]
    pub public_service_mission: bool,
    /// It gave its attestation (associations).
    #[uniffi(default = false)]
    pub attestation: bool,
}

/// Why an organisation may, or may not, have an account.
#[uniffi::remote(Enum)]
pub enum EligibilityReason {
    /// A public body: eligible.
    PublicBody,
    /// A public-service mission: eligible.
    PublicServiceMission,
    /// An association with its attestation: eligible.
    AttestedAssociation,
    /// An association without its attestation: not yet.
    MissingAttestation,
    /// Not a public service: not eligible.
    NotPublicService,
}

/// Whether an organisation may have an account, and why.
#[uniffi::remote(Record)]
pub struct Eligibility {
    /// May it.
    pub eligible: bool,
    /// Why.
    pub reason: EligibilityReason,
}

/// whether `organisation` may have an account, and why.
#[uniffi::export]
pub fn eligibility(organisation: Organisation) -> Eligibility {
    core::eligibility(&organisation)
}

/// A stage of the pipeline.
#[uniffi::remote(Enum)]
pub enum Stage {
    /// Spotted.
    Identified,
    /// The documentation was sent.
    DocumentationSent,
    /// An account was created.
    AccountCreated,
    /// It said no (lost); may be re-opened to `AccountCreated`.
    Refused,
}

/// One move of an organisation (creation: `from` is null).
#[uniffi::remote(Record)]
pub struct Transition {
    /// The stage before.
    pub from: Option<Stage>,
    /// The stage after.
    pub to: Stage,
    /// Who moved it.
    pub by: String,
    /// When.
    pub at: Timestamp,
}

/// An organisation's card: its description, stage and history.
#[uniffi::remote(Record)]
pub struct Card {
    /// The organisation.
    pub organisation: Organisation,
    /// Its stage.
    pub stage: Stage,
    /// Every move, oldest first.
    pub history: Vec<Transition>,
}

/// One step of the conversion plan.
#[uniffi::remote(Record)]
pub struct PlanStep {
    /// Its name (`welcome_call`).
    pub step: String,
    /// Due this many days after the account was created.
    pub after_days: u32,
    /// The window's last day, in days after the account, if any.
    #[uniffi(default)]
    pub until_days: Option<u32>,
    /// The follow-up's priority.
    pub priority: Priority,
}

/// A step of an organisation's conversion plan, with its dates.
#[uniffi::remote(Record)]
pub struct PlannedStep {
    /// Its name.
    pub step: String,
    /// When it is due.
    pub due: Day,
    /// The window's last day, if any.
    pub latest: Option<Day>,
}

/// The conversion follow-ups of an organisation whose account was created.
#[uniffi::remote(Record)]
pub struct ConversionPlan {
    /// The organisation.
    pub organisation_id: String,
    /// When its account was created.
    pub account_created_at: Timestamp,
    /// Who created it.
    pub created_by: String,
    /// The steps, with their dates.
    pub steps: Vec<PlannedStep>,
}

/// The pipeline's configuration (the core's `PipelineConfig`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PipelineConfig {
    /// IANA zone of the account's local day (`Europe/Paris`).
    pub time_zone: String,
    /// The conversion plan.
    pub conversion_plan: Vec<PlanStep>,
}

/// The SPEC's defaults: `Europe/Paris`, welcome call +0, review +14, test review +28 … +35 days.
#[uniffi::export]
pub fn default_pipeline_config() -> PipelineConfig {
    let c = core::PipelineConfig::default();
    PipelineConfig { time_zone: c.time_zone.name().to_owned(), conversion_plan: c.conversion_plan }
}

/// Organisations and their stages (R-7.1 … ). Thread-safe; freed by
/// `use {}`/`destroy()` in Kotlin. Persist it with [`Pipeline::to_json`].
#[derive(Debug, uniffi::Object)]
pub struct Pipeline {
    engine: Mutex<core::Pipeline>,
}

#[uniffi::export]
impl Pipeline {
    /// An empty pipeline.
    #[uniffi::constructor]
    pub fn new(config: PipelineConfig) -> Result<Arc<Self>, FilrougeError> {
        let config =
            core::PipelineConfig { time_zone: time_zone(&config.time_zone)?, conversion_plan: config.conversion_plan };
        Ok(Arc::new(Pipeline { engine: Mutex::new(core::Pipeline::new(config)) }))
    }

    /// A pipeline restored from [`Pipeline::to_json`]; `invalid_input` otherwise.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, FilrougeError> {
        let p =
            serde_json::from_str(&json).map_err(|e| FilrougeError::invalid_input(format!("not a pipeline: {e}")))?;
        Ok(Arc::new(Pipeline { engine: Mutex::new(p) }))
    }

    /// The pipeline as the core's JSON text.
    pub fn to_json(&self) -> Result<String, FilrougeError> {
        serde_json::to_string(&*lock(&self.engine)?)
            .map_err(|e| FilrougeError::internal(format!("pipeline to JSON: {e}")))
    }

    /// The number of organisations.
    pub fn len(&self) -> Result<u64, FilrougeError> {
        Ok(lock(&self.engine)?.cards.len() as u64)
    }

    /// Whether the pipeline holds no organisation.
    pub fn is_empty(&self) -> Result<bool, FilrougeError> {
        Ok(lock(&self.engine)?.cards.is_empty())
    }

    /// An organisation's card (`unknown_organisation`).
    pub fn card(&self, organisation_id: String) -> Result<Card, FilrougeError> {
        Ok(lock(&self.engine)?.card(&organisation_id)?.clone())
    }

    /// adds an organisation at `Identified`.
    pub fn create(&self, organisation: Organisation, by: String, at: Timestamp) -> Result<Card, FilrougeError> {
        Ok(lock(&self.engine)?.create(organisation, &by, at)?.clone())
    }

    /// Replaces an organisation's description (same id).
    pub fn update(&self, organisation: Organisation) -> Result<Card, FilrougeError> {
        Ok(lock(&self.engine)?.update(organisation)?.clone())
    }

    /// moves an organisation to a stage.
    pub fn move_to(
        &self,
        organisation_id: String,
        to: Stage,
        by: String,
        at: Timestamp,
    ) -> Result<Transition, FilrougeError> {
        Ok(lock(&self.engine)?.move_to(&organisation_id, to, &by, at)?.clone())
    }

    /// the conversion plan of an organisation with an account (`no_account`).
    pub fn plan(&self, organisation_id: String) -> Result<ConversionPlan, FilrougeError> {
        Ok(lock(&self.engine)?.plan(&organisation_id)?)
    }

    /// the conversion plan as a cadence.
    pub fn conversion_cadence(&self) -> Result<Cadence, FilrougeError> {
        Ok(lock(&self.engine)?.conversion_cadence())
    }

    /// starts the conversion cadence of an organisation with
    /// an account: its run and first follow-up.
    pub fn start_conversion(&self, organisation_id: String) -> Result<CadenceProgress, FilrougeError> {
        let (run, f) = lock(&self.engine)?.start_conversion(&organisation_id)?;
        Ok(CadenceProgress { run: run.into(), followup: Some(FollowUp::from(f)) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_7_1_to_r_7_3_through_a_persisted_pipeline() {
        let p = Pipeline::new(default_pipeline_config()).unwrap();
        let org = Organisation {
            id: "o1".into(),
            name: "Ville".into(),
            kind: OrganisationKind::PublicBody,
            public_service_mission: false,
            attestation: false,
        };
        let at = |s: &str| s.parse().unwrap();
        p.create(org, "alice".into(), at("2026-03-02T09:00:00Z")).unwrap();
        assert_eq!(p.plan("o1".into()).unwrap_err().code(), "no_account");
        p.move_to("o1".into(), Stage::DocumentationSent, "alice".into(), at("2026-03-02T10:00:00Z")).unwrap();
        p.move_to("o1".into(), Stage::AccountCreated, "bob".into(), at("2026-03-03T09:00:00Z")).unwrap();
        let copy = Pipeline::from_json(p.to_json().unwrap()).unwrap();
        assert_eq!(copy.plan("o1".into()).unwrap(), p.plan("o1".into()).unwrap());
        assert_eq!(copy.start_conversion("o1".into()).unwrap().run.step, 0);
    }
}
