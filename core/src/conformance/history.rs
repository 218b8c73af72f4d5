//! Vector ops of SPEC §1 and §2 restitution: `reconcile`, `reconcile_batches`,
//! `history`, `restitution`.

use super::{Case, OpError, config, input, input_or_default, now, to_json};
use crate::history::{self, Config, Contact, HistoryOptions, Reconciler, Report};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;

pub(super) fn reconcile(case: &Case) -> Result<Value, OpError> {
    let config: Config = config(case)?;
    let contacts: Vec<Contact> = input_or_default(case, "contacts")?;
    let reports: Vec<Report> = input_or_default(case, "reports")?;
    Ok(to_json(&history::reconcile(&contacts, &reports, &config, now(case)?)))
}

/// One batch of `reconcile_batches`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Batch {
    #[serde(default)]
    contacts: Vec<Contact>,
    #[serde(default)]
    reports: Vec<Report>,
    /// Defaults to the case's `now`.
    now: Option<DateTime<Utc>>,
}

/// the batches through a [`Reconciler`]; the output is the final
/// state (the `reconcile` shape) plus `changes`, one list per batch.
pub(super) fn reconcile_batches(case: &Case) -> Result<Value, OpError> {
    let config: Config = config(case)?;
    let batches: Vec<Batch> = input(case, "batches")?;
    let mut engine = Reconciler::new(config);
    let mut changes = Vec::new();
    for batch in batches {
        let at =
            batch.now.or(case.now).ok_or_else(|| OpError::invalid_input("a batch needs \"now\" (or the case's)"))?;
        changes.push(engine.add(batch.contacts, batch.reports, at));
    }
    let mut out = to_json(&engine.reconciliation());
    if let Value::Object(map) = &mut out {
        map.insert("changes".into(), to_json(&changes));
    }
    Ok(out)
}

pub(super) fn history(case: &Case) -> Result<Value, OpError> {
    let config: Config = config(case)?;
    let contacts: Vec<Contact> = input_or_default(case, "contacts")?;
    let reports: Vec<Report> = input_or_default(case, "reports")?;
    let client_id: String = input(case, "client_id")?;
    let options = HistoryOptions {
        legal_entities: input_or_default(case, "legal_entities")?,
        holds: input_or_default(case, "holds")?,
    };
    history::history(&client_id, &contacts, &reports, &options, &config, now(case)?)
        .map(|h| to_json(&h))
        .map_err(|e| OpError::new(e.code(), e.to_string()))
}

pub(super) fn restitution(case: &Case) -> Result<Value, OpError> {
    let config: Config = config(case)?;
    let contact: Contact = input(case, "contact")?;
    Ok(to_json(&history::restitution(&contact, &config.restitution)))
}
