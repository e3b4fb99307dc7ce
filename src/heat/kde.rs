//! Kernel density estimation of weighted points on a pixel grid.
//!
//! The density at a pixel is Σ wᵢ·K(pixel − pᵢ) with K a Gaussian of standard deviation
//! [`sigma_px`] normalised to a total of 1, so the grid sums to the total weight (in weight per
//! px²). It is computed in two linear steps instead of N kernel evaluations per pixel: bin the
//! weights into the grid with a bilinear splat (O(N), see `splat`), then convolve with the
//! Gaussian approximated by three extended box blurs per axis (O(W·H) for any radius, see `box_blur`).
//! Total cost O(N + W·H); memory two f32 planes of the grid plus its padding.
//!
//! The grid is padded by the reach of the kernel on every side before blurring, so points just
//! off-screen still warm the edges and the visible values are exactly those of an unbounded
//! plane. References: B. W. Silverman, *Density Estimation for Statistics and Data Analysis*,
//! 1986, §3.5 (binned kernel estimates); W. Jarosz, "Fast Image Convolutions", 2001.

use super::WeightedPoint;
use super::box_blur::{self, BlurScratch};
use super::splat::splat;

/// The standard deviation, in px, of the Gaussian kernel drawn for a heat `radius_px`: a third
/// of the radius, so 99 % of a point's heat lies within the radius and it fades to about 1 % of
/// its peak at the radius (like the gradient disc of heatmap.js). Negative or non-finite radii
/// give 0 (no smoothing).
pub fn sigma_px(radius_px: f32) -> f32 {
    if radius_px.is_finite() && radius_px > 0.0 {
        radius_px / 3.0
    } else {
        0.0
    }
}

/// A density field on a `width_px` × `height_px` pixel grid, row-major from the top-left pixel,
/// with the buffers to recompute it: call [`DensityGrid::estimate`] every frame and nothing is
/// allocated after the first one of a given size and radius.
#[derive(Clone, Debug, Default)]
pub struct DensityGrid {
    width_px: usize,
    height_px: usize,
    values: Vec<f32>,
    max: f32,
    /// The padded working plane.
    work: Vec<f32>,
    blur: BlurScratch,
}

impl DensityGrid {
    /// An all-zero grid of `width_px` × `height_px` pixels (empty if either is 0 or their product
    /// overflows).
    pub fn new(width_px: usize, height_px: usize) -> Self {
        let (width_px, height_px) = match width_px.checked_mul(height_px) {
            Some(n) if n > 0 => (width_px, height_px),
            _ => (0, 0),
        };
        DensityGrid {
            width_px,
            height_px,
            values: vec![0.0; width_px * height_px],
            ..DensityGrid::default()
        }
    }

    /// Width, in px.
    pub fn width_px(&self) -> usize {
        self.width_px
    }

    /// Height, in px.
    pub fn height_px(&self) -> usize {
        self.height_px
    }

    /// Density per pixel (weight per px²), row-major: `values()[y * width_px + x]`.
    pub fn values(&self) -> &[f32] {
        &self.values
    }

    /// The largest value (0 for an empty or all-zero grid).
    pub fn max(&self) -> f32 {
        self.max
    }

    /// The value at pixel `(x, y)`, `None` outside the grid.
    pub fn value_at(&self, x: usize, y: usize) -> Option<f32> {
        if x >= self.width_px {
            return None;
        }
        self.values
            .get(y.checked_mul(self.width_px)?.checked_add(x)?)
            .copied()
    }

    /// Sum of all values: the total weight of the points, less what the kernel spreads beyond
    /// the grid.
    pub fn total(&self) -> f64 {
        self.values.iter().map(|&v| f64::from(v)).sum()
    }

    /// Replaces the values with the density of `points` smoothed by a Gaussian of
    /// [`sigma_px`]`(radius_px)`. The radius is capped at the larger side of the grid.
    ///
    /// Points with a non-finite position or a weight that is not finite and positive are
    /// skipped; points off the grid count as long as their heat reaches it.
    ///
    /// Cost: O(N + W·H), independent of the radius.
    pub fn estimate(&mut self, points: impl IntoIterator<Item = WeightedPoint>, radius_px: f32) {
        let (width, height) = (self.width_px, self.height_px);
        self.max = 0.0;
        if width == 0 || height == 0 {
            return;
        }
        let longest = width.max(height);
        let radius_px = sigma_px(radius_px).min(longest as f32) * 3.0;
        let pass = box_blur::box_for_sigma(sigma_px(radius_px));
        // Pad by the reach of the kernel, at most a quarter of the longer side (beyond that the
        // edges are slightly cooler than exact, for absurd radii only).
        let pad = box_blur::support_px(pass).min(longest / 4 + 1);
        let padded_w = width + 2 * pad;
        let padded_h = height + 2 * pad;
        let Some(padded_len) = padded_w.checked_mul(padded_h) else {
            return;
        };
        self.work.clear();
        self.work.resize(padded_len, 0.0);
        splat(points, &mut self.work, padded_w, padded_h, pad as f32);
        box_blur::blur(&mut self.work, &mut self.blur, padded_w, padded_h, pass);

        // Copy the visible part out, clamping the rounding noise of the running sums at zero.
        let mut max = 0.0f32;
        let rows = self.work.chunks_exact(padded_w).skip(pad);
        for (dst, src) in self.values.chunks_exact_mut(width).zip(rows) {
            for (d, &s) in dst.iter_mut().zip(src.iter().skip(pad)) {
                let v = s.max(0.0);
                *d = v;
                max = max.max(v);
            }
        }
        self.max = max;
    }
}

/// The density grid of `points` on `width_px` × `height_px` pixels, smoothed for `radius_px`: a
/// one-shot [`DensityGrid::new`] + [`DensityGrid::estimate`]. O(N + W·H).
pub fn density(
    points: impl IntoIterator<Item = WeightedPoint>,
    width_px: usize,
    height_px: usize,
    radius_px: f32,
) -> DensityGrid {
    let mut grid = DensityGrid::new(width_px, height_px);
    grid.estimate(points, radius_px);
    grid
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(x_px: f32, y_px: f32, weight: f32) -> WeightedPoint {
        WeightedPoint { x_px, y_px, weight }
    }

    #[test]
    fn mass_is_conserved_away_from_edges() {
        let points = [point(30.0, 20.0, 2.0), point(50.5, 40.25, 3.0)];
        let grid = density(points, 80, 60, 12.0);
        assert!((grid.total() - 5.0).abs() < 1e-3, "{}", grid.total());
        assert!(grid.max() > 0.0);
    }

    #[test]
    fn peak_sits_on_the_point() {
        let grid = density([point(20.5, 10.5, 1.0)], 41, 21, 9.0);
        let peak = grid.value_at(20, 10).unwrap();
        assert_eq!(peak, grid.max());
        assert!(grid.value_at(25, 10).unwrap() < peak);
    }

    #[test]
    fn points_off_the_grid_still_warm_its_edge() {
        let grid = density([point(-3.0, 10.0, 1.0)], 20, 20, 15.0);
        assert!(grid.value_at(0, 10).unwrap() > 0.0);
        let far = density([point(-300.0, 10.0, 1.0)], 20, 20, 15.0);
        assert_eq!(far.max(), 0.0);
    }

    #[test]
    fn radius_zero_keeps_the_splat() {
        let grid = density([point(2.5, 1.5, 4.0)], 5, 3, 0.0);
        assert_eq!(grid.value_at(2, 1), Some(4.0));
        assert_eq!(grid.total(), 4.0);
        for radius in [f32::NAN, -5.0, f32::NEG_INFINITY] {
            assert_eq!(density([point(2.5, 1.5, 4.0)], 5, 3, radius).max(), 4.0);
        }
    }

    #[test]
    fn huge_radius_is_capped() {
        let grid = density([point(5.0, 5.0, 1.0)], 10, 10, f32::INFINITY);
        assert!(grid.max().is_finite());
        let grid = density([point(5.0, 5.0, 1.0)], 10, 10, 1e30);
        assert!(grid.max() > 0.0 && grid.total() <= 1.0 + 1e-4);
    }

    #[test]
    fn degenerate_grids() {
        let empty = density([point(0.5, 0.5, 1.0)], 0, 10, 5.0);
        assert_eq!((empty.width_px(), empty.height_px()), (0, 0));
        assert!(empty.values().is_empty());
        assert_eq!(empty.value_at(0, 0), None);
        let huge = DensityGrid::new(usize::MAX, 2);
        assert!(huge.values().is_empty());

        let one = density([point(0.5, 0.5, 1.0)], 1, 1, 0.0);
        assert_eq!(one.values(), &[1.0]);
        let blurred = density([point(0.5, 0.5, 1.0)], 1, 1, 6.0);
        assert!(blurred.max() > 0.0 && blurred.max() < 1.0);
    }

    #[test]
    fn no_points_or_bad_points_give_zero() {
        let grid = density(Vec::new(), 4, 4, 3.0);
        assert_eq!(grid.max(), 0.0);
        assert!(grid.values().iter().all(|&v| v == 0.0));
        let bad = density(
            [
                point(f32::NAN, 1.0, 1.0),
                point(1.0, 1.0, 0.0),
                point(1.0, 1.0, -2.0),
            ],
            4,
            4,
            3.0,
        );
        assert_eq!(bad.max(), 0.0);
    }

    #[test]
    fn estimate_reuses_the_grid() {
        let mut grid = DensityGrid::new(30, 20);
        grid.estimate([point(10.0, 10.0, 1.0)], 6.0);
        let first = grid.values().to_vec();
        grid.estimate([point(20.0, 5.0, 1.0)], 20.0);
        grid.estimate([point(10.0, 10.0, 1.0)], 6.0);
        assert_eq!(grid.values(), &first[..]);
        assert_eq!(grid.value_at(30, 0), None);
    }
}
