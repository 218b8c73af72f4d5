//! Vector op `nps` and the script actions of survey triggers and
//! survey pressure (R-6.3 … ): `survey_send`, `survey_send_check`,
//! `survey_pressure_reload`.

use super::{Case, OpError, input, to_json};
use crate::trigger::{self, PressureConfig, SendRequest, SurveyPressure};
use serde::Deserialize;
use serde_json::{Value, json};

/// The actions this module owns.
pub(super) const ACTIONS: &[&str] = &["survey_send", "survey_send_check", "survey_pressure_reload"];

/// `answer` → `{"class": …}` or `{"error": "invalid_nps_answer"}`.
pub(super) fn nps(case: &Case) -> Result<Value, OpError> {
    let answer: Value = input(case, "answer")?;
    trigger::nps_class(&answer).map(|c| json!({ "class": c })).map_err(|e| OpError::new(e.code(), e.to_string()))
}

/// The script's `config`: survey pressure settings.
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct Config {
    pressure: PressureConfig,
}

#[derive(Deserialize)]
#[serde(tag = "do", rename_all = "snake_case", deny_unknown_fields)]
enum Step {
    SurveySend(SendRequest),
    SurveySendCheck(SendRequest),
    SurveyPressureReload {},
}

fn err(e: trigger::Error) -> Value {
    OpError::new(e.code(), e.to_string()).to_json()
}

/// Runs the steps on one survey-pressure ledger; each step's result, or
/// its error, in order.
pub(super) fn script(case: &Case, steps: &[Value]) -> Result<Vec<Value>, OpError> {
    let config: Config = super::config(case)?;
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
            Step::SurveySend(r) => pressure.send(&r).map(|d| to_json(&d)).unwrap_or_else(err),
            Step::SurveySendCheck(r) => pressure.check(&r).map(|d| to_json(&d)).unwrap_or_else(err),
            Step::SurveyPressureReload {} => {
                let text = serde_json::to_string(&pressure).map_err(|e| OpError::new("internal", e.to_string()))?;
                pressure = serde_json::from_str(&text).map_err(|e| OpError::new("internal", e.to_string()))?;
                json!({"clients": pressure.sent.len()})
            }
        };
        results.push(result);
    }
    Ok(results)
}
