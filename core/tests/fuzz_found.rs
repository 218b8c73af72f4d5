//! Inputs the fuzz targets (`fuzz/`, DESIGN.md "Fuzzing") found to panic,
//! pinned here once fixed; the crashing inputs also stay in
//! `fuzz/corpus/<target>/` and are replayed by `fuzz-targets/tests/replay.rs`.

use filrouge::history::{Config, OrphanStatus, Reconciler, Report, reconcile};

/// R-1.7 with `late_arrival_horizon_s` past chrono's range of durations
/// (found by the `reconcile` target): it used to panic in
/// `Duration::seconds`; such a horizon never ends, so orphans stay provisional.
#[test]
fn a_horizon_past_chrono_s_range_keeps_orphans_provisional() {
    let report: Report = serde_json::from_str(
        r#"{"id":"r0","client_id":"cl","advisor_id":"a","channel":"phone","initiative":"outbound","entered_at":"0000-01-01T00:00:00Z"}"#,
    )
    .unwrap();
    let now = "9999-12-31T23:59:59Z".parse().unwrap();
    for horizon in [u64::MAX, i64::MAX as u64, i64::MAX as u64 / 1000 + 1] {
        let config = Config { late_arrival_horizon_s: horizon, ..Config::default() };
        let result = reconcile(&[], std::slice::from_ref(&report), &config, now);
        assert_eq!(result.orphans.len(), 1);
        assert_eq!(result.orphans[0].status, OrphanStatus::Provisional, "horizon {horizon}");
        let mut engine = Reconciler::new(config);
        let _ = engine.add(Vec::new(), vec![report.clone()], now);
        assert_eq!(engine.reconciliation(), result);
    }
}
