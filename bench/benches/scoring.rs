//! Criterion benchmarks of scoring (target: ≥ 20M company evaluations/s,
//! 3 mandatory + 6 weighted criteria, columnar path).
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use filrouge::scoring::{score, score_table};
use filrouge_bench::scoring::{generate_maps, generate_table, routine};
use std::hint::black_box;

fn bench_scoring(c: &mut Criterion) {
    let routine = routine();
    let table = generate_table(1_000_000, 11);
    let mut group = c.benchmark_group("scoring");
    group.sample_size(20);
    group.throughput(Throughput::Elements(table.len() as u64));
    group.bench_function("score_table, 1M companies", |b| b.iter(|| black_box(score_table(&routine, &table))));
    let maps = generate_maps(50_000, 11);
    group.throughput(Throughput::Elements(maps.len() as u64));
    group.bench_function("score, 50k JSON companies", |b| b.iter(|| black_box(score(&routine, &maps))));
    group.finish();
}

criterion_group!(benches, bench_scoring);
criterion_main!(benches);
