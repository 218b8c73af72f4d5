//! Criterion benchmarks of follow-ups (targets: merge-insert ≥ 5M/s, from
//! owned follow-ups and from columns, inputs built outside the timing; one
//! user's first to-do page of 50 < 100 µs with 2M follow-ups held).
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use filrouge::followup::{Filters, FollowUpBook, List};
use filrouge_bench::followup::{book, generate, generate_columns, today, user};
use std::hint::black_box;

fn bench_followup(c: &mut Criterion) {
    let mut group = c.benchmark_group("followup");
    group.sample_size(10);
    let n = 200_000;
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function("merge-insert 200k follow-ups", |b| {
        let fs = generate(n, 11);
        b.iter_batched(
            || (),
            |()| {
                let mut book = FollowUpBook::new();
                book.put_all(&fs);
                book
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("merge-insert 200k follow-ups from columns", |b| {
        let cols = generate_columns(n, 11);
        b.iter_batched(|| (), |()| FollowUpBook::from_columns(&cols), BatchSize::LargeInput)
    });
    let held = book(2_000_000, 11);
    let filters = Filters::default();
    group.throughput(Throughput::Elements(1));
    let u = user(7);
    group.bench_function("first to-do page of 50, one user among 2M follow-ups", |b| {
        b.iter(|| black_box(book_page(&held, &u, &filters)))
    });
    group.finish();
}

fn book_page(book: &FollowUpBook, u: &str, filters: &Filters) -> usize {
    book.page(u, today(), List::Todo, filters, 50, None).map(|p| p.items.len()).unwrap_or(0)
}

criterion_group!(benches, bench_followup);
criterion_main!(benches);
