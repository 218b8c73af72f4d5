//! The onboarding pipeline of suspect organisations (SPEC §7, R-7.1 …
//! R-7.3): stages and their history, eligibility, and the conversion
//! follow-ups after an account is created.
//!
//! - [`Pipeline`] holds each organisation's [`Card`] (its description, stage
//!   and transition history); it is serde data a host persists.
//! - [`eligibility`] says whether an organisation may have an account, and why.
//! - [`Pipeline::plan`] gives the conversion follow-ups of an organisation
//!   whose account was created ([`ConversionPlan`]).
//!
//! ```
//! use filrouge::pipeline::{Organisation, Pipeline, Stage};
//!
//! let mut pipeline = Pipeline::default();
//! let town: Organisation = serde_json::from_str(
//!     r#"{"id": "org-1", "name": "Ville de Lens", "kind": "public_body"}"#).unwrap();
//! let at = |s: &str| s.parse().unwrap();
//! pipeline.create(town, "alice", at("2026-03-02T09:00:00Z")).unwrap();
//! pipeline.move_to("org-1", Stage::DocumentationSent, "alice", at("2026-03-03T09:00:00Z")).unwrap();
//! pipeline.move_to("org-1", Stage::AccountCreated, "bob", at("2026-03-10T09:00:00Z")).unwrap();
//! let plan = pipeline.plan("org-1").unwrap();
//! assert_eq!(plan.steps[1].due.to_string(), "2026-03-24"); // review after 2 weeks
//! // Invalid moves are typed errors naming both stages (R-7.1).
//! let err = pipeline.move_to("org-1", Stage::Identified, "bob", at("2026-03-11T09:00:00Z")).unwrap_err();
//! assert_eq!(err.code(), "invalid_transition");
//! ```

mod eligibility;
mod error;
mod plan;
mod stages;

pub use eligibility::{Eligibility, EligibilityReason, Organisation, OrganisationKind, eligibility};
pub use error::Error;
pub use plan::{ConversionPlan, PlanStep, PlannedStep};
pub use stages::{Card, Pipeline, PipelineConfig, Stage, Transition};
