//! Criterion benchmarks of the reveal ledger (target: `can_see` ≥ 10M checks/s
//! on one core with 10M revealed pairs; measured here on 1M pairs, the CLI's
//! `filrouge bench --only reveal` measures the full size).
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use filrouge::reveal::{Config, RevealLedger};
use filrouge_bench::reveal::{generate, requests, run_checks};
use std::hint::black_box;

fn bench_reveal(c: &mut Criterion) {
    let data = generate(1_000_000, 1_000_000, 11);
    let mut group = c.benchmark_group("reveal");
    group.sample_size(20);
    group.throughput(Throughput::Elements(data.checks.len() as u64));
    group.bench_function("can_see on ids, 1M checks, 1M pairs held", |b| b.iter(|| black_box(run_checks(&data))));
    let mut seed_ledger = RevealLedger::new(Config::default());
    let reqs = requests(&mut seed_ledger, 100_000, 3);
    group.throughput(Throughput::Elements(reqs.len() as u64));
    group.bench_function("reveal 100k first reveals", |b| {
        b.iter(|| {
            let mut l = seed_ledger.clone();
            for r in &reqs {
                black_box(l.reveal(r).ok());
            }
            l.revealed_pairs()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_reveal);
criterion_main!(benches);
