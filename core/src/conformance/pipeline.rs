//! Script actions of SPEC §7, the onboarding pipeline: `pipeline_create`,
//! `pipeline_update`, `pipeline_move`, `pipeline_eligibility`,
//! `pipeline_plan`, `pipeline_card`, `pipeline_reload`.

use super::{Case, OpError, to_json};
use crate::pipeline::{self, Organisation, Pipeline, PipelineConfig, Stage};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

/// The actions this module owns.
pub(super) const ACTIONS: &[&str] = &[
    "pipeline_create",
    "pipeline_update",
    "pipeline_move",
    "pipeline_eligibility",
    "pipeline_plan",
    "pipeline_card",
    "pipeline_reload",
];

#[derive(Deserialize)]
#[serde(tag = "do", rename_all = "snake_case", deny_unknown_fields)]
#[allow(clippy::enum_variant_names)] // the variants are the action names
enum Step {
    PipelineCreate { organisation: Organisation, by: String, at: DateTime<Utc> },
    PipelineUpdate { organisation: Organisation },
    PipelineMove { organisation_id: String, to: Stage, by: String, at: DateTime<Utc> },
    PipelineEligibility { organisation: Option<Organisation>, organisation_id: Option<String> },
    PipelinePlan { organisation_id: String },
    PipelineCard { organisation_id: String },
    PipelineReload {},
}

fn err(e: pipeline::Error) -> Value {
    OpError::new(e.code(), e.to_string()).to_json()
}

/// Runs the steps on one [`Pipeline`] configured by the case's `config`;
/// each step's result, or its error, in order.
pub(super) fn script(case: &Case, steps: &[Value]) -> Result<Vec<Value>, OpError> {
    let config: PipelineConfig = super::config(case)?;
    let mut p = Pipeline::new(config);
    let mut results = Vec::with_capacity(steps.len());
    for raw in steps {
        let step: Step = match serde_json::from_value(raw.clone()) {
            Ok(s) => s,
            Err(e) => {
                results.push(OpError::invalid_input(format!("step {raw}: {e}")).to_json());
                continue;
            }
        };
        let result = match step {
            Step::PipelineCreate { organisation, by, at } => {
                p.create(organisation, &by, at).map(|c| json!({"stage": c.stage})).unwrap_or_else(err)
            }
            Step::PipelineUpdate { organisation } => p
                .update(organisation)
                .map(|c| json!({"stage": c.stage, "eligibility": pipeline::eligibility(&c.organisation)}))
                .unwrap_or_else(err),
            Step::PipelineMove { organisation_id, to, by, at } => {
                p.move_to(&organisation_id, to, &by, at).map(to_json).unwrap_or_else(err)
            }
            Step::PipelineEligibility { organisation, organisation_id } => match (organisation, organisation_id) {
                (Some(o), None) => to_json(&pipeline::eligibility(&o)),
                (None, Some(id)) => {
                    p.card(&id).map(|c| to_json(&pipeline::eligibility(&c.organisation))).unwrap_or_else(err)
                }
                _ => OpError::invalid_input("pipeline_eligibility takes organisation or organisation_id").to_json(),
            },
            Step::PipelinePlan { organisation_id } => {
                p.plan(&organisation_id).map(|plan| to_json(&plan)).unwrap_or_else(err)
            }
            Step::PipelineCard { organisation_id } => p.card(&organisation_id).map(to_json).unwrap_or_else(err),
            Step::PipelineReload {} => {
                let text = serde_json::to_string(&p).map_err(|e| OpError::new("internal", e.to_string()))?;
                p = serde_json::from_str(&text).map_err(|e| OpError::new("internal", e.to_string()))?;
                json!({"organisations": p.cards.len()})
            }
        };
        results.push(result);
    }
    Ok(results)
}
