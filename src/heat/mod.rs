//! Investment heat maps: weighted kernel density on a pixel grid, colour ramps, class breaks.
//!
//! Two kinds of heat, both pure Rust and independent of the browser:
//!
//! - **Density** of weighted points (enterprises, projects, amounts): [`DensityGrid::estimate`]
//!   splats each point's weight into the pixel grid (`splat`) and smooths it with a Gaussian
//!   kernel approximated by three box blurs per axis (`box_blur`), in O(N + W·H) whatever the
//!   radius. [`colorize`] turns the grid into an RGBA buffer for a canvas `ImageData` through a
//!   lookup table, and [`DensityLegend`] describes the colour bar for it.
//! - **Choropleth** of any metric per region: [`class_breaks`] cuts the values into classes
//!   (quantile, equal interval or natural breaks, see [`natural_breaks`]), [`classify`] finds a
//!   region's class, [`Ramp::classes`] gives each class a colour and [`ClassLegend`] labels them,
//!   with a no-data style.
//!
//! ```
//! use lianmap::heat::{self, ColorizeOptions, Ramp, WeightedPoint};
//!
//! let points = [WeightedPoint { x_px: 20.0, y_px: 10.0, weight: 3.0 }];
//! let grid = heat::density(points, 40, 20, 6.0);
//! let mut rgba = vec![0u8; 40 * 20 * 4];
//! heat::colorize(&grid, Ramp::YlOrRd, &ColorizeOptions::default(), &mut rgba)?;
//! assert!(grid.max() > 0.0);
//! # Ok::<(), heat::HeatError>(())
//! ```

mod box_blur;
mod breaks;
mod colorize;
mod kde;
mod legend;
mod natural_breaks;
mod ramp;
mod splat;

pub use breaks::{Breaks, class_breaks, class_labels, classify};
pub use colorize::{ColorizeOptions, Scale, colorize};
pub use kde::{DensityGrid, density, sigma_px};
pub use legend::{ClassLegend, DensityLegend, LegendClass, LegendStop, NO_DATA_RGB};
pub use natural_breaks::natural_breaks;
pub use ramp::{Ramp, hex};

use std::fmt;

/// A point with a weight, in pixels of the density grid: `(0, 0)` is the top-left corner of the
/// top-left pixel, so pixel `(i, j)` covers `[i, i + 1) × [j, j + 1)` and has its centre at
/// `(i + 0.5, j + 0.5)`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct WeightedPoint {
    /// Horizontal position, in px from the left edge.
    pub x_px: f32,
    /// Vertical position, in px from the top edge.
    pub y_px: f32,
    /// Weight (a count, an amount in 亿元, a score…); points whose weight is not finite and
    /// positive are skipped.
    pub weight: f32,
}

/// What went wrong in a heat call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeatError {
    /// The RGBA output buffer does not hold exactly 4 bytes per pixel of the grid.
    BufferSize {
        /// Bytes needed: width × height × 4.
        expected_len: usize,
        /// Bytes given.
        actual_len: usize,
    },
}

impl fmt::Display for HeatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeatError::BufferSize {
                expected_len,
                actual_len,
            } => write!(
                f,
                "RGBA buffer holds {actual_len} bytes, the grid needs {expected_len} (width × height × 4)"
            ),
        }
    }
}

impl std::error::Error for HeatError {}
