//! Properties of the heat core: density keeps the mass of the points, same input gives the same
//! output, colours rise with density, and class breaks are sorted and cover the data.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)] // test helpers may stop the test

use lianmap::heat::{
    self, Breaks, ColorizeOptions, DensityGrid, Ramp, WeightedPoint, class_breaks, classify,
};
use proptest::prelude::*;

fn points_within(
    width: f32,
    height: f32,
    margin: f32,
) -> impl Strategy<Value = Vec<WeightedPoint>> {
    prop::collection::vec(
        (
            margin..width - margin,
            margin..height - margin,
            0.01f32..100.0,
        ),
        0..60,
    )
    .prop_map(|v| {
        v.into_iter()
            .map(|(x_px, y_px, weight)| WeightedPoint { x_px, y_px, weight })
            .collect()
    })
}

/// Any point at all, including NaN, infinite and off-grid positions and weights.
fn wild_points() -> impl Strategy<Value = Vec<WeightedPoint>> {
    let coord = prop_oneof![
        -50.0f32..150.0,
        Just(f32::NAN),
        Just(f32::INFINITY),
        Just(-1e30f32)
    ];
    let weight = prop_oneof![0.0f32..10.0, Just(f32::NAN), Just(-1.0f32), Just(1e30f32)];
    prop::collection::vec((coord.clone(), coord, weight), 0..40).prop_map(|v| {
        v.into_iter()
            .map(|(x_px, y_px, weight)| WeightedPoint { x_px, y_px, weight })
            .collect()
    })
}

/// Values with some no-data mixed in.
fn region_values() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(
        prop_oneof![
            8 => -1e6f64..1e6,
            4 => (0u8..20).prop_map(f64::from),
            1 => Just(f64::NAN),
            1 => Just(f64::INFINITY),
        ],
        0..120,
    )
}

fn ssq(values: &[f64], edges: &[f64]) -> f64 {
    let classes = edges.len() - 1;
    let mut groups = vec![Vec::new(); classes];
    for &v in values.iter().filter(|v| v.is_finite()) {
        groups[classify(v, edges).unwrap()].push(v);
    }
    groups
        .iter()
        .filter(|g| !g.is_empty())
        .map(|g: &Vec<f64>| {
            let mean = g.iter().sum::<f64>() / g.len() as f64;
            g.iter().map(|v| (v - mean).powi(2)).sum::<f64>()
        })
        .sum()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Sum of the density grid = sum of the weights, for points whose kernel stays on the grid
    /// (the kernel reaches at most radius + 3 px).
    #[test]
    fn heat_mass_is_conserved(
        radius in 0.0f32..12.0,
        points in points_within(120.0, 80.0, 16.0),
    ) {
        let grid = heat::density(points.iter().copied(), 120, 80, radius);
        let weights: f64 = points.iter().map(|p| f64::from(p.weight)).sum();
        let total = grid.total();
        prop_assert!((total - weights).abs() <= 1e-4 * weights.max(1.0), "{total} vs {weights}");
        prop_assert!(grid.values().iter().all(|v| *v >= 0.0 && v.is_finite()));
        let max = grid.values().iter().copied().fold(0.0f32, f32::max);
        prop_assert_eq!(max, grid.max());
    }

    /// Wild inputs never panic, never produce NaN, and never add mass.
    #[test]
    fn density_survives_bad_points(points in wild_points(), radius in -5.0f32..40.0) {
        let grid = heat::density(points.iter().copied(), 40, 30, radius);
        prop_assert!(grid.values().iter().all(|v| v.is_finite() && *v >= 0.0));
        let mut rgba = vec![0u8; 40 * 30 * 4];
        prop_assert!(heat::colorize(&grid, Ramp::Cividis, &ColorizeOptions::default(), &mut rgba).is_ok());
    }

    /// Same points, same grid: fresh or reused, in any order of frames.
    #[test]
    fn density_is_deterministic(
        points in points_within(64.0, 48.0, 0.0),
        other in points_within(64.0, 48.0, 0.0),
        radius in 0.0f32..20.0,
    ) {
        let fresh = heat::density(points.iter().copied(), 64, 48, radius);
        let mut reused = DensityGrid::new(64, 48);
        reused.estimate(other.iter().copied(), radius * 2.0 + 1.0);
        reused.estimate(points.iter().copied(), radius);
        prop_assert_eq!(fresh.values(), reused.values());
        prop_assert_eq!(fresh.max(), reused.max());
    }

    /// Denser pixels are never more transparent.
    #[test]
    fn alpha_rises_with_density(points in points_within(50.0, 40.0, 0.0), radius in 0.0f32..10.0) {
        let grid = heat::density(points.iter().copied(), 50, 40, radius);
        let mut rgba = vec![0u8; 50 * 40 * 4];
        heat::colorize(&grid, Ramp::Viridis, &ColorizeOptions::default(), &mut rgba).unwrap();
        let mut pairs: Vec<(f32, u8)> = grid
            .values()
            .iter()
            .zip(rgba.chunks_exact(4))
            .map(|(&v, px)| (v, px[3]))
            .collect();
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        prop_assert!(pairs.windows(2).all(|w| w[0].1 <= w[1].1));
        if let Some(&(0.0, a)) = pairs.first() {
            prop_assert_eq!(a, 0);
        }
    }

    /// Edges ascend from the minimum to the maximum and every finite value falls in a class.
    #[test]
    fn breaks_are_sorted_and_cover_the_data(values in region_values(), k in 0usize..10) {
        let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        for method in [Breaks::Quantile, Breaks::EqualInterval, Breaks::NaturalBreaks] {
            let edges = class_breaks(&values, k, method);
            if finite.is_empty() || k == 0 {
                prop_assert!(edges.is_empty());
                continue;
            }
            let classes = edges.len() - 1;
            prop_assert!((1..=k).contains(&classes), "{method:?}: {edges:?}");
            prop_assert!(edges.windows(2).all(|w| w[0] <= w[1]));
            // Only the last class may be a single value.
            prop_assert!(edges[..classes].windows(2).all(|w| w[0] < w[1]), "{method:?}: {edges:?}");
            let min = finite.iter().copied().fold(f64::INFINITY, f64::min);
            let max = finite.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            prop_assert_eq!(edges[0], min);
            prop_assert_eq!(edges[classes], max);
            for &v in &finite {
                let class = classify(v, &edges);
                prop_assert!(class.is_some_and(|c| c < classes), "{method:?} {v} in {edges:?}");
            }
            prop_assert_eq!(classify(f64::NAN, &edges), None);
            prop_assert_eq!(heat::class_labels(&edges).len(), classes);
            prop_assert_eq!(class_breaks(&values, k, method), edges, "deterministic");
        }
    }

    /// Natural breaks are at least as homogeneous as quantiles with as many classes.
    #[test]
    fn natural_breaks_beat_quantiles(values in region_values(), k in 1usize..8) {
        let quantile = class_breaks(&values, k, Breaks::Quantile);
        if quantile.is_empty() {
            return Ok(());
        }
        let natural = class_breaks(&values, quantile.len() - 1, Breaks::NaturalBreaks);
        let (n, q) = (ssq(&values, &natural), ssq(&values, &quantile));
        prop_assert!(n <= q * (1.0 + 1e-9) + 1e-6, "natural {n} > quantile {q}");
    }
}

#[test]
fn a_full_canvas_frame_is_drawn() {
    // The bench's canvas and radius, with 100k points to keep the debug build quick.
    let points: Vec<WeightedPoint> = (0..100_000u32)
        .map(|i| WeightedPoint {
            x_px: (i.wrapping_mul(2_654_435_761) % 1200) as f32 + 0.5,
            y_px: (i.wrapping_mul(40_503) % 800) as f32 + 0.5,
            weight: 1.0 + (i % 7) as f32,
        })
        .collect();
    let mut grid = DensityGrid::new(1200, 800);
    grid.estimate(points.iter().copied(), 25.0);
    let mut rgba = vec![0u8; 1200 * 800 * 4];
    heat::colorize(&grid, Ramp::YlOrRd, &ColorizeOptions::default(), &mut rgba).unwrap();
    assert!(rgba.chunks_exact(4).any(|px| px[3] > 200));
    let weights: f64 = points.iter().map(|p| f64::from(p.weight)).sum();
    // Points near the edges lose some heat off the canvas.
    assert!(grid.total() < weights && grid.total() > 0.9 * weights);
}
