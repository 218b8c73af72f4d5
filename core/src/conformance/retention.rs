//! Vector op of SPEC §2 retention: `retention`.

use super::{Case, OpError, input, input_or_default, now, to_json};
use crate::retention::{self, Record, RetentionPolicy, Rule};
use chrono_tz::Tz;
use serde::Deserialize;
use serde_json::Value;

/// The op's `config`: the policy's time zone, its rules (replacing the
/// default table) and rules added to it.
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct Config {
    time_zone: Option<Tz>,
    rules: Option<Vec<Rule>>,
    extra_rules: Vec<Rule>,
}

pub(super) fn retention(case: &Case) -> Result<Value, OpError> {
    let config: Config = super::config(case)?;
    let mut policy = RetentionPolicy::default();
    if let Some(tz) = config.time_zone {
        policy.time_zone = tz;
    }
    if let Some(rules) = config.rules {
        policy.rules = rules;
    }
    policy.rules.extend(config.extra_rules);
    let records: Vec<Record> = input(case, "records")?;
    let holds: Vec<String> = input_or_default(case, "holds")?;
    let erasures: Vec<String> = input_or_default(case, "erasures")?;
    Ok(to_json(&retention::evaluate(&policy, &records, &holds, &erasures, now(case)?)))
}
