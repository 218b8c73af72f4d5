//! Criterion benchmarks of reconciliation (target: ≥ 3M records/s).
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use filrouge::history::{Config, HistoryOptions, history, reconcile};
use filrouge_bench::history::generate;

fn bench_reconcile(c: &mut Criterion) {
    let data = generate(100_000, 20_000, 42);
    let config = Config::default();
    let now = "2026-04-15T00:00:00Z".parse().unwrap();
    let mut group = c.benchmark_group("history");
    group.sample_size(20);
    group.throughput(Throughput::Elements((data.contacts.len() + data.reports.len()) as u64));
    group.bench_function("reconcile 100k contacts + 20k reports", |b| {
        b.iter(|| reconcile(&data.contacts, &data.reports, &config, now))
    });
    group.throughput(Throughput::Elements(1));
    let client = data.reports[0].client_id.clone();
    group.bench_function("history of one client among 100k contacts", |b| {
        b.iter(|| history(&client, &data.contacts, &data.reports, &HistoryOptions::default(), &config, now))
    });
    group.finish();
}

criterion_group!(benches, bench_reconcile);
criterion_main!(benches);
