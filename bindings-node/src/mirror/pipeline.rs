//! Mirrors of the pipeline's records (SPEC §7, core `pipeline`).

use super::followup::Priority;
use super::{Conv, mirror_struct, mirror_unit_enum};
use chrono::{DateTime, NaiveDate, Utc};
use filrouge::pipeline as p;
use napi_derive::napi;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A stage of the onboarding pipeline.
#[napi(string_enum = "snake_case")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Identified,
    DocumentationSent,
    AccountCreated,
    Refused,
}
mirror_unit_enum!(Stage <=> p::Stage { Identified, DocumentationSent, AccountCreated, Refused });

/// What kind of body an organisation is.
#[napi(string_enum = "snake_case")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    PublicBody,
    Association,
    Company,
    Other,
}
mirror_unit_enum!(OrganisationKind <=> p::OrganisationKind { PublicBody, Association, Company, Other });

/// Why an organisation is eligible or not.
#[napi(string_enum = "snake_case")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EligibilityReason {
    PublicBody,
    PublicServiceMission,
    AttestedAssociation,
    MissingAttestation,
    NotPublicService,
}
mirror_unit_enum!(EligibilityReason <=> p::EligibilityReason {
    PublicBody,
    PublicServiceMission,
    AttestedAssociation,
    MissingAttestation,
    NotPublicService,
});

/// An organisation in the pipeline.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Organisation {
    /// Its id.
    pub id: String,
    /// Its name (default empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its kind.
    pub kind: OrganisationKind,
    /// Whether it has a public-service mission (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_service_mission: Option<bool>,
    /// Whether an association has sent its attestation (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attestation: Option<bool>,
}
mirror_struct!(Organisation <=> p::Organisation { id, name: opt, kind, public_service_mission: opt, attestation: opt });

/// Whether an organisation may become a client, and why.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Eligibility {
    /// Whether it may.
    pub eligible: bool,
    /// Why.
    pub reason: EligibilityReason,
}
mirror_struct!(Eligibility <=> p::Eligibility { eligible, reason });

/// A card's move from one stage to another.
#[napi(object, object_to_js = false, object_from_js = false, use_nullable = true)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Transition {
    /// The stage left (`null` when the card was created).
    pub from: Option<Stage>,
    /// The stage reached.
    pub to: Stage,
    /// Who moved it.
    pub by: String,
    /// When (RFC 3339, UTC).
    #[napi(ts_type = "string")]
    pub at: DateTime<Utc>,
}
mirror_struct!(Transition <=> p::Transition { from, to, by, at });

/// An organisation's card: its data, stage and history.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Card {
    /// The organisation.
    pub organisation: Organisation,
    /// Its stage.
    pub stage: Stage,
    /// Its moves, oldest first.
    pub history: Vec<Transition>,
}
mirror_struct!(Card <=> p::Card { organisation, stage, history });

/// A step of the conversion plan.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlanStep {
    /// The step's name.
    pub step: String,
    /// Days after the account's creation.
    pub after_days: u32,
    /// The latest day (in days after the creation), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until_days: Option<u32>,
    /// Its priority (default `normal`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
}
mirror_struct!(PlanStep <=> p::PlanStep { step, after_days, until_days, priority: skip });

/// A pipeline's configuration (every field optional).
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PipelineConfig {
    /// The IANA time zone of due dates (default `Europe/Paris`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[napi(ts_type = "string")]
    pub time_zone: Option<chrono_tz::Tz>,
    /// The conversion plan (default: the SPEC's, R-7.3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversion_plan: Option<Vec<PlanStep>>,
}

impl Conv<p::PipelineConfig> for PipelineConfig {
    fn conv(self) -> p::PipelineConfig {
        let PipelineConfig { time_zone, conversion_plan } = self;
        let default = p::PipelineConfig::default();
        p::PipelineConfig {
            time_zone: time_zone.unwrap_or(default.time_zone),
            conversion_plan: conversion_plan.map(Conv::conv).unwrap_or(default.conversion_plan),
        }
    }
}

impl Conv<PipelineConfig> for p::PipelineConfig {
    fn conv(self) -> PipelineConfig {
        let p::PipelineConfig { time_zone, conversion_plan } = self;
        PipelineConfig { time_zone: Some(time_zone), conversion_plan: Some(conversion_plan.conv()) }
    }
}

/// A pipeline's JSON (what a host persists): cards keyed by organisation id.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PipelineJson {
    /// The configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<PipelineConfig>,
    /// The cards, by organisation id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[napi(ts_type = "{ [organisationId: string]: Card }")]
    pub cards: Option<BTreeMap<String, Card>>,
}
mirror_struct!(PipelineJson <=> p::Pipeline { config: opt, cards: opt });

/// A planned step of a conversion plan.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlannedStep {
    /// The step's name.
    pub step: String,
    /// Its due date.
    #[napi(ts_type = "LocalDate")]
    pub due: NaiveDate,
    /// Its latest date, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[napi(ts_type = "LocalDate")]
    pub latest: Option<NaiveDate>,
}
mirror_struct!(PlannedStep <=> p::PlannedStep { step, due, latest });

/// The conversion plan of an organisation with an account.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConversionPlan {
    /// The organisation.
    pub organisation_id: String,
    /// When its account was created (RFC 3339, UTC).
    #[napi(ts_type = "string")]
    pub account_created_at: DateTime<Utc>,
    /// Who created it.
    pub created_by: String,
    /// The steps, in order.
    pub steps: Vec<PlannedStep>,
}
mirror_struct!(ConversionPlan <=> p::ConversionPlan { organisation_id, account_created_at, created_by, steps });
