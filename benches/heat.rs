//! Criterion benchmarks of the heat core: density grid plus colouring of 10k, 100k and 1M
//! weighted points on a 1200 × 800 canvas at a 25 px radius, and natural breaks of 3,000 region
//! values. Run with `cargo bench --bench heat`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use lianmap::heat::{self, Breaks, ColorizeOptions, DensityGrid, Ramp, WeightedPoint};

const WIDTH_PX: usize = 1200;
const HEIGHT_PX: usize = 800;
const RADIUS_PX: f32 = 25.0;

/// SplitMix64, uniform in [0, 1).
struct Rng(u64);

impl Rng {
    fn unit(&mut self) -> f32 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 40) as f32 / (1u64 << 24) as f32
    }
}

/// Enterprises as they lie on a map: four in five around 60 towns, the rest anywhere.
fn clustered(n: usize, seed: u64) -> Vec<WeightedPoint> {
    let mut rng = Rng(seed);
    let towns: Vec<(f32, f32, f32)> = (0..60)
        .map(|_| {
            (
                rng.unit() * WIDTH_PX as f32,
                rng.unit() * HEIGHT_PX as f32,
                10.0 + rng.unit() * 60.0,
            )
        })
        .collect();
    (0..n)
        .map(|i| {
            let weight = 1.0 + rng.unit() * 9.0;
            if i % 5 == 4 {
                WeightedPoint {
                    x_px: rng.unit() * WIDTH_PX as f32,
                    y_px: rng.unit() * HEIGHT_PX as f32,
                    weight,
                }
            } else {
                let (x, y, spread) = towns.get(i % towns.len()).copied().unwrap_or_default();
                // Sum of three uniforms: a bell around the town.
                let mut offset = || (rng.unit() + rng.unit() + rng.unit() - 1.5) * spread;
                WeightedPoint {
                    x_px: x + offset(),
                    y_px: y + offset(),
                    weight,
                }
            }
        })
        .collect()
}

fn uniform(n: usize, seed: u64) -> Vec<WeightedPoint> {
    let mut rng = Rng(seed);
    (0..n)
        .map(|_| WeightedPoint {
            x_px: rng.unit() * WIDTH_PX as f32,
            y_px: rng.unit() * HEIGHT_PX as f32,
            weight: 1.0 + rng.unit() * 9.0,
        })
        .collect()
}

/// Points → coloured RGBA buffer, reusing the grid and the buffer as the browser does per frame.
fn bench_density(c: &mut Criterion) {
    let mut group = c.benchmark_group("heat/density+colorize");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    let mut grid = DensityGrid::new(WIDTH_PX, HEIGHT_PX);
    let mut rgba = vec![0u8; WIDTH_PX * HEIGHT_PX * 4];
    let options = ColorizeOptions::default();
    let cases = [
        ("clustered", 10_000usize),
        ("clustered", 100_000),
        ("clustered", 1_000_000),
        ("uniform", 1_000_000),
    ];
    for (kind, n) in cases {
        let points = if kind == "uniform" {
            uniform(n, 7)
        } else {
            clustered(n, 7)
        };
        group.bench_with_input(BenchmarkId::new(kind, n), &points, |b, points| {
            b.iter(|| {
                grid.estimate(points.iter().copied(), RADIUS_PX);
                heat::colorize(&grid, Ramp::YlOrRd, &options, &mut rgba).ok();
                black_box(&rgba);
            })
        });
    }
    group.finish();

    // The two steps apart, at 1M clustered points.
    let mut group = c.benchmark_group("heat/steps");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    let points = clustered(1_000_000, 7);
    group.bench_function("density/1000000", |b| {
        b.iter(|| grid.estimate(black_box(&points).iter().copied(), RADIUS_PX))
    });
    group.bench_function("density-no-points", |b| {
        b.iter(|| grid.estimate(std::iter::empty(), black_box(RADIUS_PX)))
    });
    grid.estimate(points.iter().copied(), RADIUS_PX);
    group.bench_function("colorize", |b| {
        b.iter(|| heat::colorize(black_box(&grid), Ramp::Viridis, &options, &mut rgba).ok())
    });
    group.finish();
}

/// Natural breaks of 3,000 region values (counties of a few provinces), lognormal-like.
fn bench_breaks(c: &mut Criterion) {
    let mut rng = Rng(11);
    let values: Vec<f64> = (0..3_000)
        .map(|_| f64::from((rng.unit() * 4.0 + rng.unit() * 4.0).exp()))
        .collect();
    let mut group = c.benchmark_group("heat/breaks");
    group.sample_size(20);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    for (name, method) in [
        ("natural/3000/k7", Breaks::NaturalBreaks),
        ("quantile/3000/k7", Breaks::Quantile),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| heat::class_breaks(black_box(&values), 7, method))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_density, bench_breaks);
criterion_main!(benches);
