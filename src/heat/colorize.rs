//! Colouring a density grid into an RGBA buffer through a lookup table.
//!
//! Each pixel's value is scaled to u = value / max, then looked up in a 4,096-entry table that
//! already holds the ramp colour and the alpha for u under the chosen [`Scale`]: one
//! multiplication, one conversion and one 4-byte copy per pixel, O(W·H). Reference: the colour
//! lookup tables of image display (Foley, van Dam et al., *Computer Graphics: Principles and
//! Practice*, 2nd ed., 1990, §4.4.1).

use super::{DensityGrid, HeatError, Ramp};

/// Entries of the lookup table: values are told apart to 1/4,095 of the maximum.
const LUT_LEN: usize = 4096;

/// Range a [`Scale::Log`] spans: it maps u = 1/1000 of the maximum to a tenth of the ramp and
/// u = 1/100 to a third.
const LOG_SPAN: f32 = 1000.0;

/// How density maps onto the ramp, from u = value / max in [0, 1] to t in [0, 1].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Scale {
    /// t = u: faithful, but a few hot spots leave the rest pale.
    Linear,
    /// t = √u: lifts sparse areas while keeping hot spots apart (the usual choice).
    #[default]
    Sqrt,
    /// t = ln(1 + 1000·u) / ln(1001): shows three decades of density.
    Log,
}

impl Scale {
    /// t for u (both in [0, 1]; u is clamped, NaN gives 0).
    pub fn apply(self, u: f32) -> f32 {
        let u = if u.is_nan() { 0.0 } else { u.clamp(0.0, 1.0) };
        match self {
            Scale::Linear => u,
            Scale::Sqrt => u.sqrt(),
            Scale::Log => (LOG_SPAN * u).ln_1p() / LOG_SPAN.ln_1p(),
        }
    }

    /// u for t: the inverse of [`Scale::apply`], for legend ticks.
    pub fn invert(self, t: f32) -> f32 {
        let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
        match self {
            Scale::Linear => t,
            Scale::Sqrt => t * t,
            Scale::Log => ((t * LOG_SPAN.ln_1p()).exp_m1() / LOG_SPAN).clamp(0.0, 1.0),
        }
    }
}

/// How [`colorize`] draws a density grid.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ColorizeOptions {
    /// Alpha of the densest pixels, 0 to 1.
    pub opacity: f32,
    /// Alpha of the faintest drawn pixels, as a fraction of `opacity` (0 to 1); alpha rises
    /// linearly with t from there.
    pub min_alpha: f32,
    /// Mapping of density onto the ramp.
    pub scale: Scale,
    /// Density drawn with the top of the ramp; `None` takes the grid's maximum. Fix it to keep
    /// colours stable while panning or filtering; denser pixels saturate.
    pub max: Option<f32>,
    /// Multiply colours by alpha (for WebGL or compositing); `ImageData` wants straight alpha.
    pub premultiplied: bool,
}

impl Default for ColorizeOptions {
    fn default() -> Self {
        ColorizeOptions {
            opacity: 0.85,
            min_alpha: 0.0,
            scale: Scale::Sqrt,
            max: None,
            premultiplied: false,
        }
    }
}

impl ColorizeOptions {
    /// The density drawn with the top of the ramp for `grid`: `max` if finite and positive,
    /// else the grid's maximum.
    pub fn domain_max(&self, grid: &DensityGrid) -> f32 {
        match self.max {
            Some(m) if m.is_finite() && m > 0.0 => m,
            _ => grid.max(),
        }
    }

    /// The RGBA drawn for t in [0, 1] on `ramp` (t = 0 is transparent).
    pub fn rgba_at(&self, ramp: Ramp, t: f32) -> [u8; 4] {
        let unit = |x: f32, fallback: f32| {
            if x.is_finite() {
                x.clamp(0.0, 1.0)
            } else {
                fallback
            }
        };
        let t = unit(t, 0.0);
        if t <= 0.0 {
            return [0; 4];
        }
        let opacity = unit(self.opacity, 1.0);
        let min_alpha = unit(self.min_alpha, 0.0);
        let alpha = opacity * (min_alpha + (1.0 - min_alpha) * t);
        let [r, g, b] = ramp.at(t);
        if self.premultiplied {
            let m = |c: u8| (f32::from(c) * alpha).round() as u8;
            [m(r), m(g), m(b), (alpha * 255.0).round() as u8]
        } else {
            [r, g, b, (alpha * 255.0).round() as u8]
        }
    }
}

/// Writes `grid` coloured with `ramp` into `out_rgba`, 4 bytes (R, G, B, A) per pixel, row-major
/// like `ImageData.data`. Pixels below 1/8,190 of the maximum (and zero, negative or NaN ones)
/// are fully transparent; colour and alpha rise with density as `options` say. Straight alpha
/// unless `options.premultiplied`.
///
/// Errors if `out_rgba` is not exactly width × height × 4 bytes. Cost: O(W·H) plus a 4,096-entry
/// table.
pub fn colorize(
    grid: &DensityGrid,
    ramp: Ramp,
    options: &ColorizeOptions,
    out_rgba: &mut [u8],
) -> Result<(), HeatError> {
    let expected_len = grid
        .width_px()
        .checked_mul(grid.height_px())
        .and_then(|n| n.checked_mul(4))
        .unwrap_or(usize::MAX);
    if out_rgba.len() != expected_len {
        return Err(HeatError::BufferSize {
            expected_len,
            actual_len: out_rgba.len(),
        });
    }
    let max = options.domain_max(grid);
    if max.is_nan() || max <= 0.0 {
        out_rgba.fill(0);
        return Ok(());
    }
    let mut lut = [[0u8; 4]; LUT_LEN];
    let last = (LUT_LEN - 1) as f32;
    for (i, entry) in lut.iter_mut().enumerate().skip(1) {
        *entry = options.rgba_at(ramp, options.scale.apply(i as f32 / last));
    }
    let per_value = last / max;
    for (px, &v) in out_rgba.chunks_exact_mut(4).zip(grid.values()) {
        // NaN and negatives convert to 0, huge values saturate.
        let i = ((v * per_value + 0.5) as usize).min(LUT_LEN - 1);
        if let Some(rgba) = lut.get(i) {
            px.copy_from_slice(rgba);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::heat::{WeightedPoint, density};

    fn spot() -> DensityGrid {
        density(
            [WeightedPoint {
                x_px: 10.0,
                y_px: 10.0,
                weight: 1.0,
            }],
            20,
            20,
            12.0,
        )
    }

    #[test]
    fn empty_space_is_transparent_and_the_peak_is_opaque() {
        let grid = spot();
        let mut rgba = vec![7u8; 20 * 20 * 4];
        colorize(&grid, Ramp::YlOrRd, &ColorizeOptions::default(), &mut rgba).unwrap();
        let at = |x: usize, y: usize| &rgba[(y * 20 + x) * 4..(y * 20 + x) * 4 + 4];
        assert_eq!(at(10, 10)[3], (0.85f32 * 255.0).round() as u8);
        assert!(at(10, 10)[..3] == Ramp::YlOrRd.at(1.0) || at(9, 9)[..3] == Ramp::YlOrRd.at(1.0));
        // Alpha falls off from the centre.
        assert!(at(14, 10)[3] < at(11, 10)[3]);
        assert!(at(0, 0)[3] < at(5, 5)[3]);

        let empty = density(Vec::new(), 20, 20, 12.0);
        colorize(&empty, Ramp::YlOrRd, &ColorizeOptions::default(), &mut rgba).unwrap();
        assert!(rgba.iter().all(|&b| b == 0));
    }

    #[test]
    fn wrong_buffer_is_an_error() {
        let grid = spot();
        let mut short = vec![0u8; 10];
        assert_eq!(
            colorize(&grid, Ramp::Blues, &ColorizeOptions::default(), &mut short),
            Err(HeatError::BufferSize {
                expected_len: 1600,
                actual_len: 10
            })
        );
        let empty = DensityGrid::new(0, 0);
        assert_eq!(
            colorize(&empty, Ramp::Blues, &ColorizeOptions::default(), &mut []),
            Ok(())
        );
    }

    #[test]
    fn fixed_max_saturates_and_bad_max_falls_back() {
        let grid = spot();
        let mut a = vec![0u8; 1600];
        let mut b = vec![0u8; 1600];
        let low = ColorizeOptions {
            max: Some(grid.max() / 10.0),
            ..ColorizeOptions::default()
        };
        colorize(&grid, Ramp::Viridis, &low, &mut a).unwrap();
        let top = low.rgba_at(Ramp::Viridis, 1.0);
        assert!(a.chunks(4).filter(|px| *px == top).count() > 20);
        for max in [Some(f32::NAN), Some(-1.0), Some(0.0), None] {
            let options = ColorizeOptions {
                max,
                ..ColorizeOptions::default()
            };
            colorize(&grid, Ramp::Viridis, &options, &mut b).unwrap();
            let mut c = vec![0u8; 1600];
            colorize(&grid, Ramp::Viridis, &ColorizeOptions::default(), &mut c).unwrap();
            assert_eq!(b, c);
        }
    }

    #[test]
    fn premultiplied_colours_do_not_exceed_alpha() {
        let options = ColorizeOptions {
            premultiplied: true,
            opacity: 0.5,
            ..ColorizeOptions::default()
        };
        for t in [0.01, 0.3, 1.0] {
            let [r, g, b, a] = options.rgba_at(Ramp::YlOrRd, t);
            assert!(r <= a && g <= a && b <= a);
        }
        let odd = ColorizeOptions {
            opacity: f32::NAN,
            min_alpha: 2.0,
            ..ColorizeOptions::default()
        };
        assert_eq!(odd.rgba_at(Ramp::Blues, 0.5)[3], 255);
        assert_eq!(odd.rgba_at(Ramp::Blues, 0.0), [0; 4]);
        assert_eq!(odd.rgba_at(Ramp::Blues, f32::NAN), [0; 4]);
    }

    #[test]
    fn scales_round_trip_and_stay_in_range() {
        for scale in [Scale::Linear, Scale::Sqrt, Scale::Log] {
            for u in [0.0f32, 1e-4, 0.01, 0.3, 1.0] {
                let t = scale.apply(u);
                assert!((0.0..=1.0).contains(&t));
                assert!(
                    (scale.invert(t) - u).abs() < 1e-4 + u * 1e-3,
                    "{scale:?} {u}"
                );
            }
            assert_eq!(scale.apply(f32::NAN), 0.0);
            assert_eq!(scale.apply(5.0), 1.0);
            assert_eq!(scale.invert(-1.0), 0.0);
        }
        assert!(Scale::Log.apply(0.01) > 0.3);
    }
}
