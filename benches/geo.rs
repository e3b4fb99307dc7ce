//! Criterion benchmarks of the geo core on a synthetic boundary file: a 60 × 50 grid of regions
//! (3,000 polygons) whose shared edges are jagged polylines, about 200 positions per ring
//! (600,000 in all), like a county-level map of a large province.
//! Run with `cargo bench --bench geo` (add `-- --quick` for a short run).
#![allow(clippy::expect_used, clippy::indexing_slicing)]

use std::fmt::Write;
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use lianmap::geo::{
    self, Fit, GeoOptions, LabelBox, Projected, Projection, RegionIndex, label_anchor, place_labels,
};

const COLS: usize = 60;
const ROWS: usize = 50;
/// Interior points per edge: rings of 4 × 50 + 1 positions.
const PER_EDGE: usize = 49;
const CELL_DEG: f64 = 0.1;

/// SplitMix64 of a position on an edge, in [-0.5, 0.5).
fn jitter(kind: u64, i: usize, j: usize, k: usize) -> f64 {
    let mut z = (kind << 60) ^ ((i as u64) << 40) ^ ((j as u64) << 20) ^ k as u64;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64 - 0.5
}

/// The grid as GeoJSON text; each cell's ring walks its four shared, jittered edges.
fn boundary_file() -> String {
    let step = 1.0 / (PER_EDGE + 1) as f64;
    let h = |i: usize, j: usize| -> Vec<(f64, f64)> {
        (1..=PER_EDGE)
            .map(|k| {
                (
                    i as f64 + k as f64 * step,
                    j as f64 + 0.8 * step * jitter(1, i, j, k),
                )
            })
            .collect()
    };
    let v = |i: usize, j: usize| -> Vec<(f64, f64)> {
        (1..=PER_EDGE)
            .map(|k| {
                (
                    i as f64 + 0.8 * step * jitter(2, i, j, k),
                    j as f64 + k as f64 * step,
                )
            })
            .collect()
    };
    let mut out = String::from(r#"{"type":"FeatureCollection","features":["#);
    for i in 0..COLS {
        for j in 0..ROWS {
            let (x, y) = (i as f64, j as f64);
            let mut ring = vec![(x, y)];
            ring.extend(h(i, j));
            ring.push((x + 1.0, y));
            ring.extend(v(i + 1, j));
            ring.push((x + 1.0, y + 1.0));
            ring.extend(h(i, j + 1).into_iter().rev());
            ring.push((x, y + 1.0));
            ring.extend(v(i, j).into_iter().rev());
            ring.push((x, y));
            if i + j > 0 {
                out.push(',');
            }
            write!(
                out,
                r#"{{"type":"Feature","properties":{{"adcode":{},"name":"区{}"}},"geometry":{{"type":"Polygon","coordinates":[["#,
                100_000 + i * 1000 + j,
                i * ROWS + j
            )
            .expect("write");
            for (n, (x, y)) in ring.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                write!(
                    out,
                    "[{:.6},{:.6}]",
                    100.0 + x * CELL_DEG,
                    20.0 + y * CELL_DEG
                )
                .expect("write");
            }
            out.push_str("]]}}");
        }
    }
    out.push_str("]}");
    out
}

fn bench_pipeline(c: &mut Criterion) {
    let text = boundary_file();
    let mut group = c.benchmark_group("geo");
    group.sample_size(10);
    group.bench_function("parse", |b| {
        b.iter(|| geo::parse(black_box(&text), &GeoOptions::default()).expect("parse"))
    });
    group.bench_function("parse_via_value", |b| {
        b.iter(|| {
            let value = lianmap::json::parse(black_box(text.as_bytes())).expect("json");
            geo::from_value(&value, &GeoOptions::default()).expect("parse")
        })
    });
    let data = geo::parse(&text, &GeoOptions::default()).expect("parse");
    assert!(data.warnings.is_empty(), "{:?}", data.warnings.first());
    group.bench_function("project", |b| {
        b.iter(|| Projected::new(black_box(&data), Projection::Mercator))
    });
    let projected = Projected::new(&data, Projection::Mercator);
    group.bench_function("index", |b| {
        b.iter(|| RegionIndex::new(black_box(&projected)))
    });
    // Tolerances of 0.01, 0.1 and 1 square pixel with the whole grid fitted in 800 × 600 px.
    let fit = Fit::new(projected.bbox, 800.0, 600.0, 0.0);
    for area_px in [0.01, 0.1, 1.0] {
        let min_area = area_px / (fit.scale * fit.scale);
        let kept: usize = projected
            .simplified(min_area)
            .iter()
            .flatten()
            .map(|p| p.n_vertices())
            .sum();
        eprintln!(
            "simplified at {area_px} px²: {kept} of {} positions",
            projected.n_vertices()
        );
        group.bench_with_input(
            BenchmarkId::new("simplify_px2", area_px),
            &min_area,
            |b, &min_area| b.iter(|| projected.simplified(black_box(min_area))),
        );
    }
    group.finish();
}

fn bench_queries(c: &mut Criterion) {
    let text = boundary_file();
    let data = geo::parse(&text, &GeoOptions::default()).expect("parse");
    let projected = Projected::new(&data, Projection::Mercator);
    let index = RegionIndex::new(&projected);
    let b = projected.bbox;
    const HITS: usize = 1_000_000;
    let queries: Vec<[f64; 2]> = (0..HITS)
        .map(|n| {
            let (u, v) = (jitter(3, n, 0, 0) + 0.5, jitter(4, n, 0, 0) + 0.5);
            [
                b.min[0] + u * b.width() * 1.1 - b.width() * 0.05,
                b.min[1] + v * b.height() * 1.1 - b.height() * 0.05,
            ]
        })
        .collect();
    let mut group = c.benchmark_group("geo");
    group.sample_size(10);
    group.throughput(Throughput::Elements(HITS as u64));
    group.bench_function("hit_1m", |bench| {
        bench.iter(|| queries.iter().filter_map(|q| index.hit(*q)).count())
    });
    group.throughput(Throughput::Elements(data.regions.len() as u64));
    let fit = Fit::new(projected.bbox, 800.0, 600.0, 0.0);
    let coarse = projected.simplified(1.0 / (fit.scale * fit.scale));
    let precision = 0.5 / fit.scale; // half a pixel
    group.bench_function("label_anchors", |bench| {
        bench.iter(|| {
            coarse
                .iter()
                .filter_map(|polygons| label_anchor(polygons, precision))
                .count()
        })
    });
    let boxes: Vec<LabelBox> = coarse
        .iter()
        .enumerate()
        .filter_map(|(n, polygons)| {
            let [x, y] = fit.apply(label_anchor(polygons, precision)?);
            Some(LabelBox {
                x,
                y,
                width: 36.0,
                height: 14.0,
                priority: (n % 97) as f64,
            })
        })
        .collect();
    group.bench_function("place_labels", |bench| {
        bench.iter(|| place_labels(black_box(&boxes)))
    });
    group.finish();
}

/// Reading the committed boundary fixtures (`www/geo/*.json`), as the map view does before its first
/// frame.
fn bench_fixtures(c: &mut Criterion) {
    let mut group = c.benchmark_group("geo/fixture");
    group.sample_size(20);
    for name in ["china-cities", "china-provinces", "guangxi"] {
        let path = format!("{}/www/geo/{name}.json", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect("fixture");
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| geo::parse(black_box(&text), &GeoOptions::default()).expect("parse"))
        });
        // The same text read as a JSON value first, as `parse` did before its typed
        // pass (what `from_value` callers pay).
        group.bench_function(format!("{name}-via-value"), |b| {
            b.iter(|| {
                let value = lianmap::json::parse(black_box(text.as_bytes())).expect("json");
                geo::from_value(&value, &GeoOptions::default()).expect("parse")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_pipeline, bench_queries, bench_fixtures);
criterion_main!(benches);
