//! Criterion benchmarks of retention evaluation (target: ≥ 20M records/s streaming).
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use filrouge::retention::{Evaluator, RetentionPolicy, evaluate};
use filrouge_bench::retention::generate;
use std::hint::black_box;

fn bench_retention(c: &mut Criterion) {
    let records = generate(200_000, 7);
    let policy = RetentionPolicy::default();
    let now = "2026-06-01T00:00:00Z".parse().unwrap();
    let holds: Vec<String> = (0..100).map(|i| format!("cli-{:08}", i * 7)).collect();
    let erasures: Vec<String> = (0..100).map(|i| format!("cli-{:08}", i * 11 + 3)).collect();
    let mut group = c.benchmark_group("retention");
    group.sample_size(20);
    group.throughput(Throughput::Elements(records.len() as u64));
    group.bench_function("streaming evaluator, 200k records", |b| {
        b.iter(|| {
            let mut ev = Evaluator::new(&policy, &holds, &erasures, now);
            records.iter().filter_map(|r| ev.evaluate_one(r).ok()).filter(|v| v.purges_anything()).count()
        })
    });
    group.bench_function("batch evaluate, 200k records", |b| {
        b.iter(|| black_box(evaluate(&policy, &records, &holds, &erasures, now)))
    });
    group.finish();
}

criterion_group!(benches, bench_retention);
criterion_main!(benches);
