//! Vector op `nps` and the script actions of survey triggers and
//! survey pressure (R-6.3 … ): `survey_response`, `survey_responses`,
//! `trigger_define`, `trigger_fired`, `trigger_log_reload`, `survey_send`,
//! `survey_send_check`, `survey_pressure_reload`.

use super::{Case, OpError, input, input_or_default, to_json};
use crate::trigger::{
    self, FiredLog, PressureConfig, Response, SendRequest, Survey, SurveyPressure, Trigger, TriggerConfig, TriggerSet,
};
use serde::Deserialize;
use serde_json::{Value, json};

/// The actions this module owns.
pub(super) const ACTIONS: &[&str] = &[
    "survey_response",
    "survey_responses",
    "trigger_define",
    "trigger_fired",
    "trigger_log_reload",
    "survey_send",
    "survey_send_check",
    "survey_pressure_reload",
];

/// `answer` → `{"class": …}` or `{"error": "invalid_nps_answer"}`.
pub(super) fn nps(case: &Case) -> Result<Value, OpError> {
    let answer: Value = input(case, "answer")?;
    trigger::nps_class(&answer).map(|c| json!({ "class": c })).map_err(|e| OpError::new(e.code(), e.to_string()))
}

/// The script's `config`: custom field names and survey pressure settings.
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct Config {
    custom_field_names: std::collections::BTreeMap<String, i64>,
    pressure: PressureConfig,
}

#[derive(Deserialize)]
#[serde(tag = "do", rename_all = "snake_case", deny_unknown_fields)]
enum Step {
    SurveyResponse { response: Box<Response> },
    SurveyResponses { responses: Vec<Response> },
    TriggerDefine { trigger: Trigger },
    TriggerFired { trigger_id: String, response_id: String },
    TriggerLogReload {},
    SurveySend(SendRequest),
    SurveySendCheck(SendRequest),
    SurveyPressureReload {},
}

fn err(e: trigger::Error) -> Value {
    OpError::new(e.code(), e.to_string()).to_json()
}

fn internal(e: impl std::fmt::Display) -> OpError {
    OpError::new("internal", e.to_string())
}

/// Runs the steps on one trigger set (`input.triggers`, `input.surveys`),
/// one fired log and one survey-pressure ledger; each step's result, or
/// its error, in order. Invalid triggers fail the whole case.
pub(super) fn script(case: &Case, steps: &[Value]) -> Result<Vec<Value>, OpError> {
    let config: Config = super::config(case)?;
    let trigger_config = TriggerConfig { custom_field_names: config.custom_field_names };
    let mut triggers: Vec<Trigger> = input_or_default(case, "triggers")?;
    let surveys: Vec<Survey> = input_or_default(case, "surveys")?;
    let mut set =
        TriggerSet::new(triggers.clone(), trigger_config.clone()).map_err(|e| OpError::new(e.code(), e.to_string()))?;
    let mut log = FiredLog::default();
    let mut pressure = SurveyPressure::new(config.pressure);
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
            Step::SurveyResponse { response } => match surveys.iter().find(|s| s.id == response.survey_id) {
                Some(survey) => set.evaluate(&mut log, survey, &response).map(|o| to_json(&o)).unwrap_or_else(err),
                None => err(trigger::Error::UnknownSurvey { response_id: response.id, survey_id: response.survey_id }),
            },
            Step::SurveyResponses { responses } => to_json(&set.evaluate_all(&mut log, &surveys, &responses)),
            Step::TriggerDefine { trigger } => {
                let mut next = triggers.clone();
                next.retain(|t| t.id != trigger.id);
                next.push(trigger);
                match TriggerSet::new(next.clone(), trigger_config.clone()) {
                    Ok(s) => {
                        set = s;
                        triggers = next;
                        json!({"triggers": triggers.len()})
                    }
                    Err(e) => err(e),
                }
            }
            Step::TriggerFired { trigger_id, response_id } => {
                json!({"fired": log.has_fired(&trigger_id, &response_id)})
            }
            Step::TriggerLogReload {} => {
                log = serde_json::from_str(&serde_json::to_string(&log).map_err(internal)?).map_err(internal)?;
                json!({"fired": log.len()})
            }
            Step::SurveySend(r) => pressure.send(&r).map(|d| to_json(&d)).unwrap_or_else(err),
            Step::SurveySendCheck(r) => pressure.check(&r).map(|d| to_json(&d)).unwrap_or_else(err),
            Step::SurveyPressureReload {} => {
                pressure =
                    serde_json::from_str(&serde_json::to_string(&pressure).map_err(internal)?).map_err(internal)?;
                json!({"clients": pressure.sent.len()})
            }
        };
        results.push(result);
    }
    Ok(results)
}
