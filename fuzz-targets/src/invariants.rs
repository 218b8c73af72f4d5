//! Invariant targets: inputs built by [`Gen`] from small pools (so records
//! collide, match and expire), and assertions of laws the SPEC states. Each
//! assertion fails on a core that breaks the law (see DESIGN.md, "Fuzzing").

use crate::structured::Gen;
use chrono::{DateTime, Utc};
use filrouge::followup::{FollowUp, FollowUpBook, merge};
use filrouge::history::{self, Config, Contact, HistoryOptions, Reconciler, Report};
use filrouge::retention::{self, Evaluator, KeptReason, Part};
use std::collections::BTreeSet;

fn records(g: &mut Gen) -> (Vec<Contact>, Vec<Report>, DateTime<Utc>) {
    let contacts = (0..g.len(24)).map(|_| g.contact()).collect();
    let reports = (0..g.len(12)).map(|_| g.report()).collect();
    (contacts, reports, g.instant())
}

/// reconciling twice gives the same result, in any input
/// order; no contact serves two reports, no report is both linked and an
/// orphan.
pub fn reconcile_twice(data: &[u8]) {
    let mut g = Gen::new(data);
    let (mut contacts, mut reports, now) = records(&mut g);
    let config = Config::default();
    let first = history::reconcile(&contacts, &reports, &config, now);
    let second = history::reconcile(&contacts, &reports, &config, now);
    assert_eq!(first, second, "reconcile is not deterministic");
    contacts.reverse();
    reports.reverse();
    let reversed = history::reconcile(&contacts, &reports, &config, now);
    assert_eq!(first, reversed, "R-1.9: reconcile depends on the input order");
    let linked: BTreeSet<&str> = first.links.iter().map(|l| l.contact_id.as_str()).collect();
    assert_eq!(linked.len(), first.links.len(), "R-1.5: a contact serves two reports");
    let mut seen = BTreeSet::new();
    let ids = first.links.iter().map(|l| &l.report_id).chain(first.orphans.iter().map(|o| &o.report_id));
    for id in ids.chain(first.reported.iter()) {
        assert!(seen.insert(id.as_str()), "R-1.5: report {id} has two outcomes");
    }
}

/// a `Reconciler` fed the same records in two different orders and
/// batchings, at arbitrary intermediate `now`s, ends equal to the batch
/// `reconcile` at its last `now` (and gives the same histories).
pub fn reconciler_orders(data: &[u8]) {
    let mut g = Gen::new(data);
    let (contacts, reports, now) = records(&mut g);
    let config = Config::default();
    let batch = history::reconcile(&contacts, &reports, &config, now);
    // Tag every record with a batch number per order: order A draws them,
    // order B reverses the records and uses other draws.
    let n = contacts.len() + reports.len();
    let orders: [Vec<u32>; 2] = [(0..n).map(|_| g.int(0, 3)).collect(), (0..n).map(|_| g.int(0, 3)).collect()];
    let nows: Vec<DateTime<Utc>> = (0..8).map(|_| g.instant()).collect();
    for (o, tags) in orders.iter().enumerate() {
        let mut engine = Reconciler::new(config.clone());
        for b in 0..4u32 {
            let mut cs: Vec<Contact> =
                contacts.iter().zip(tags).filter(|(_, t)| **t == b).map(|(c, _)| c.clone()).collect();
            let mut rs: Vec<Report> =
                reports.iter().zip(&tags[contacts.len()..]).filter(|(_, t)| **t == b).map(|(r, _)| r.clone()).collect();
            if o == 1 {
                cs.reverse();
                rs.reverse();
            }
            let _ = engine.add(cs, rs, nows[o * 4 + b as usize]);
        }
        let _ = engine.advance(now);
        assert_eq!(engine.reconciliation(), batch, "R-1.9: order {o} of the batches differs from one batch");
        let options = HistoryOptions::default();
        for client in ["cl0", "cl1"] {
            let one = history::history(client, &contacts, &reports, &options, &config, now);
            assert_eq!(engine.history(client, &options), one, "R-1.9: the engine's history of {client} differs");
        }
    }
}

/// merging follow-ups is commutative, associative and idempotent
/// (errors too: a merge fails in any order when one side is invalid); a
/// book's content does not depend on the order of its puts.
pub fn followup_merge_laws(data: &[u8]) {
    let mut g = Gen::new(data);
    let (a, b, c) = (g.followup(), g.followup(), g.followup());
    let valid = |f: &FollowUp| f.validate().is_ok();
    let ab = merge(&a, &b);
    let ba = merge(&b, &a);
    assert_eq!(ab.is_ok(), ba.is_ok(), "R-4.2: merge fails in one order only");
    if let (Ok(ab), Ok(ba)) = (&ab, &ba) {
        assert_eq!(ab, ba, "R-4.2: merge is not commutative");
        let abc = merge(ab, &c);
        let bc = merge(&b, &c);
        if let (Ok(abc), Ok(bc)) = (&abc, &bc) {
            assert_eq!(Ok(abc), merge(&a, bc).as_ref(), "R-4.2: merge is not associative");
        }
        assert_eq!(merge(ab, &b).as_ref(), Ok(ab), "R-4.2: merging a part back changes the merge");
    }
    if valid(&a) {
        assert_eq!(merge(&a, &a), Ok(a.clone()), "R-4.2: merge is not idempotent");
    } else {
        assert!(merge(&a, &a).is_err(), "R-4.2: an invalid follow-up merged with itself");
    }
    let forward = [a.clone(), b.clone(), c.clone()];
    let backward = [c, b, a];
    let mut one = FollowUpBook::new();
    let mut two = FollowUpBook::new();
    let r1 = one.put_all(&forward);
    let r2 = two.put_all(&backward);
    assert_eq!(r1.len(), r2.len(), "R-4.2: puts refused depend on their order");
    assert_eq!(one.export(), two.export(), "R-4.2: a book depends on the order of its puts");
}

/// a held client's records lose no part (every part
/// kept for `hold`, no next expiry), even under an erasure request; an
/// erased, unheld client's records lose every part; the record-by-record
/// `Evaluator` gives the batch's verdicts.
pub fn retention_holds(data: &[u8]) {
    let mut g = Gen::new(data);
    let records: Vec<retention::Record> = (0..g.len(16)).map(|_| g.record()).collect();
    let policy = g.policy();
    let clients = ["cl0", "cl1", "cl2", "cl3"];
    let holds: Vec<String> = clients.iter().filter(|_| g.bool()).map(|c| (*c).to_owned()).collect();
    let erasures: Vec<String> = clients.iter().filter(|_| g.bool()).map(|c| (*c).to_owned()).collect();
    let now = g.instant();
    let out = retention::evaluate(&policy, &records, &holds, &erasures, now);
    let mut evaluator = Evaluator::new(&policy, &holds, &erasures, now);
    for v in &out.records {
        let record = records.iter().find(|r| r.id == v.id).expect("a verdict names an input record");
        assert_eq!(evaluator.evaluate_one(record).as_ref(), Ok(&v.verdict), "the Evaluator differs from the batch");
        let verdict = &v.verdict;
        if holds.contains(&record.client_id) {
            assert!(verdict.purge().is_empty(), "R-2.7: held client {} loses {:?}", record.client_id, verdict.purge());
            assert!(verdict.held(), "R-2.7: a held client's record is not held");
            assert_eq!(verdict.next_expiry(), None, "R-2.7: a held record expires");
            let kept = verdict.kept();
            assert_eq!(kept.len(), Part::ALL.len(), "R-2.7: a held record keeps only {kept:?}");
            assert!(kept.iter().all(|(_, reason, until)| *reason == KeptReason::Hold && until.is_none()));
        } else {
            assert!(!verdict.held());
            if erasures.contains(&record.client_id) {
                assert_eq!(verdict.purge(), Part::ALL.to_vec(), "R-2.9: an erased record keeps a part");
            }
        }
    }
}
