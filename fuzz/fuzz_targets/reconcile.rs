//! Any JSON `{contacts, reports, now}`: deserialize, reconcile, never panic;
//! the incremental engine fed in two halves agrees with the batch.
#![no_main]

use filrouge::history::{reconcile, Config, Contact, Reconciler, Report};
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;

#[derive(Deserialize)]
struct Input {
    #[serde(default)]
    contacts: Vec<Contact>,
    #[serde(default)]
    reports: Vec<Report>,
    now: chrono::DateTime<chrono::Utc>,
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = serde_json::from_slice::<Input>(data) else { return };
    let config = Config::default();
    let batch = reconcile(&input.contacts, &input.reports, &config, input.now);
    let mut engine = Reconciler::new(config);
    let (c1, c2) = input.contacts.split_at(input.contacts.len() / 2);
    let (r1, r2) = input.reports.split_at(input.reports.len() / 2);
    engine.add(c2.to_vec(), r1.to_vec(), input.now);
    engine.add(c1.to_vec(), r2.to_vec(), input.now);
    assert_eq!(engine.reconciliation(), batch);
});
