//! Vector ops of SPEC §1 and §2 restitution: `reconcile`, `history`, `restitution`.

use super::{Case, OpError, config, input, input_or_default, now, to_json};
use crate::history::{self, Config, Contact, Report};
use serde_json::Value;

pub(super) fn reconcile(case: &Case) -> Result<Value, OpError> {
    let config: Config = config(case)?;
    let contacts: Vec<Contact> = input_or_default(case, "contacts")?;
    let reports: Vec<Report> = input_or_default(case, "reports")?;
    Ok(to_json(&history::reconcile(&contacts, &reports, &config, now(case)?)))
}

pub(super) fn history(_case: &Case) -> Result<Value, OpError> {
    Err(OpError::new("unknown_op", "history is not wired yet"))
}

pub(super) fn restitution(case: &Case) -> Result<Value, OpError> {
    let config: Config = config(case)?;
    let contact: Contact = input(case, "contact")?;
    Ok(to_json(&history::restitution(&contact, &config.restitution)))
}
