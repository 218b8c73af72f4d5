//! Criterion benchmarks of survey triggers and survey pressure.
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use filrouge::trigger::{FiredLog, SurveyPressure};
use filrouge_bench::trigger::{generate, sends, surveys, triggers};
use std::hint::black_box;

fn bench_trigger(c: &mut Criterion) {
    let responses = generate(100_000, 11);
    let surveys = surveys();
    let set = triggers();
    let requests = sends(100_000, 12);
    let mut group = c.benchmark_group("trigger");
    group.sample_size(10);
    group.throughput(Throughput::Elements(responses.len() as u64));
    group.bench_function("evaluate_all, 100k responses, 5 triggers", |b| {
        b.iter(|| black_box(set.evaluate_all(&mut FiredLog::default(), &surveys, &responses)))
    });
    group.bench_function("survey pressure send_all, 100k sends", |b| {
        b.iter(|| black_box(SurveyPressure::default().send_all(&requests)))
    });
    group.finish();
}

criterion_group!(benches, bench_trigger);
criterion_main!(benches);
