//! Criterion benchmarks of the native core: validation, analysis and the layered layout, on the
//! bundled sample and on synthetic chains from `lianmap generate` (edges about 1.5 × links).
//! Run with `cargo xtask bench` (or `cargo bench --bench core`).
#![allow(clippy::expect_used)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use lianmap::analysis::{Chain, GapRules};
use lianmap::generate::{GenerateOptions, generate};
use lianmap::layout::{LayoutOptions, layout_chain};
use lianmap::validate;

fn sample() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/sample/nev-guangxi.json"
    ))
    .expect("sample")
}

fn bench_sample(c: &mut Criterion) {
    let bytes = sample();
    c.bench_function("sample/validate", |b| {
        b.iter(|| validate::parse(black_box(&bytes)))
    });
    let chain = Chain::new(validate::parse(&bytes).document);
    // The JSON reader alone, against serde_json's reading the same text into its value tree.
    c.bench_function("sample/json", |b| {
        b.iter(|| lianmap::json::parse(black_box(&bytes)).expect("json"))
    });
    c.bench_function("sample/json_skip", |b| {
        b.iter(|| {
            lianmap::json::Parser::new(black_box(&bytes))
                .skip()
                .expect("json")
        })
    });
    c.bench_function("sample/serde_json", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&bytes)).expect("json"))
    });
    c.bench_function("sample/stats", |b| {
        b.iter(|| chain.stats(black_box(&GapRules::default())))
    });
    c.bench_function("sample/layout", |b| {
        b.iter(|| layout_chain(black_box(&chain), &LayoutOptions::default()))
    });
}

fn bench_layout(c: &mut Criterion) {
    let mut group = c.benchmark_group("layout");
    group.sample_size(10);
    for links in [300usize, 3_000] {
        let chain = Chain::new(generate(&GenerateOptions {
            links,
            enterprises: 0,
            seed: 1,
        }));
        group.bench_with_input(BenchmarkId::from_parameter(links), &chain, |b, chain| {
            b.iter(|| layout_chain(black_box(chain), &LayoutOptions::default()))
        });
    }
    group.finish();
}

fn bench_validate(c: &mut Criterion) {
    let mut group = c.benchmark_group("validate");
    group.sample_size(10);
    for enterprises in [10_000usize, 100_000] {
        let doc = generate(&GenerateOptions {
            links: 300,
            enterprises,
            seed: 1,
        });
        let bytes = serde_json::to_vec(&doc).expect("json");
        group.bench_with_input(
            BenchmarkId::from_parameter(enterprises),
            &bytes,
            |b, bytes| b.iter(|| validate::parse(black_box(bytes))),
        );
    }
    group.finish();
}

/// What the widget does between data in hand and its first frame, step by step, on the chains
/// the in-browser benchmark draws (links = enterprises = N, edges about 1.5 × N).
fn bench_pipeline(c: &mut Criterion) {
    let mut group = c.benchmark_group("pipeline");
    group.sample_size(10);
    for n in [3_000usize, 20_000] {
        let doc = generate(&GenerateOptions {
            links: n,
            enterprises: n,
            seed: 1,
        });
        let bytes = serde_json::to_vec(&doc).expect("json");
        group.bench_with_input(BenchmarkId::new("validate", n), &bytes, |b, bytes| {
            b.iter(|| validate::parse(black_box(bytes)))
        });
        let chain = Chain::new(validate::parse(&bytes).document);
        group.bench_with_input(BenchmarkId::new("stats", n), &chain, |b, chain| {
            b.iter(|| chain.stats_lean(black_box(&GapRules::default())))
        });
        group.bench_with_input(BenchmarkId::new("layout", n), &chain, |b, chain| {
            b.iter(|| layout_chain(black_box(chain), &LayoutOptions::default()))
        });
        // `layout()`'s JSON, and its numbers written by the crate and by the standard library.
        let layout = layout_chain(&chain, &LayoutOptions::default());
        group.bench_with_input(BenchmarkId::new("layout_json", n), &layout, |b, layout| {
            b.iter(|| lianmap::json::ToJson::to_json(black_box(layout)))
        });
        let numbers: Vec<f64> = layout
            .nodes
            .iter()
            .flat_map(|n| [n.x, n.y, n.width, n.height])
            .chain(
                layout
                    .edges
                    .iter()
                    .flat_map(|e| e.points.iter().flatten().copied()),
            )
            .collect();
        group.bench_with_input(
            BenchmarkId::new("numbers_short", n),
            &numbers,
            |b, numbers| {
                b.iter(|| {
                    numbers
                        .iter()
                        .map(|x| lianmap::num::short(*x).len())
                        .sum::<usize>()
                })
            },
        );
        group.bench_with_input(
            BenchmarkId::new("numbers_std", n),
            &numbers,
            |b, numbers| b.iter(|| numbers.iter().map(|x| x.to_string().len()).sum::<usize>()),
        );
    }
    group.finish();
}

criterion_group!(
    benches,
    bench_sample,
    bench_layout,
    bench_validate,
    bench_pipeline
);
criterion_main!(benches);
