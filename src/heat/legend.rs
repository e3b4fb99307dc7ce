//! What a legend shows: the colour bar of a density layer, and the classes of a choropleth with
//! its no-data swatch. Plain data for the UI to draw; no algorithm beyond sampling.

use super::{ColorizeOptions, DensityGrid, Ramp, Scale, class_labels, classify, hex};
use crate::num::Fixed;

/// Fill of regions without a value (a neutral light grey, distinct from every ramp's lightest
/// class); draw it hatched where printing in grey matters.
pub const NO_DATA_RGB: [u8; 3] = [0xd9, 0xd9, 0xd9];

/// One stop of a density colour bar.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LegendStop {
    /// Position along the bar, 0 (left, transparent) to 1 (right, densest).
    pub offset: f32,
    /// Density at this stop, in the grid's unit (weight per px²).
    pub value: f32,
    /// Colour drawn at this density, straight alpha.
    pub rgba: [u8; 4],
}

/// The colour bar of a density layer drawn by [`colorize`](super::colorize) with the same ramp
/// and options.
#[derive(Clone, Debug, PartialEq)]
pub struct DensityLegend {
    /// Ramp of the layer.
    pub ramp: Ramp,
    /// Scale of the layer (ticks are not evenly spaced in value unless linear).
    pub scale: Scale,
    /// Density at the top of the ramp (weight per px²); 0 when the layer is empty.
    pub max_value: f32,
    /// Evenly spaced stops from transparent to densest.
    pub stops: Vec<LegendStop>,
}

impl DensityLegend {
    /// The legend of `grid` coloured with `ramp` and `options`, with `n_stops` stops (at least
    /// 2). O(n_stops).
    pub fn new(grid: &DensityGrid, ramp: Ramp, options: &ColorizeOptions, n_stops: usize) -> Self {
        let max_value = options.domain_max(grid).max(0.0);
        let n = n_stops.max(2);
        let stops = (0..n)
            .map(|i| {
                let offset = i as f32 / (n - 1) as f32;
                LegendStop {
                    offset,
                    value: max_value * options.scale.invert(offset),
                    rgba: ColorizeOptions {
                        premultiplied: false,
                        ..*options
                    }
                    .rgba_at(ramp, offset),
                }
            })
            .collect();
        DensityLegend {
            ramp,
            scale: options.scale,
            max_value,
            stops,
        }
    }

    /// The bar as a CSS `linear-gradient(to right, …)` background.
    pub fn css_gradient(&self) -> String {
        let stops: Vec<String> = self
            .stops
            .iter()
            .map(|s| {
                let [r, g, b, a] = s.rgba;
                format!(
                    "rgba({r}, {g}, {b}, {}) {}%",
                    Fixed(f64::from(a) / 255.0, 3),
                    Fixed(f64::from(s.offset) * 100.0, 1)
                )
            })
            .collect();
        format!("linear-gradient(to right, {})", stops.join(", "))
    }
}

/// One class of a choropleth legend.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendClass {
    /// Lowest value of the class.
    pub lower: f64,
    /// Upper edge of the class (excluded, except for the last class).
    pub upper: f64,
    /// Range as text, from [`class_labels`].
    pub label: String,
    /// Fill colour.
    pub rgb: [u8; 3],
}

/// The legend of a choropleth: its classes, lowest first, and the no-data fill.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassLegend {
    /// Edges the classes come from (see [`class_breaks`](super::class_breaks)).
    pub breaks: Vec<f64>,
    /// One entry per class.
    pub classes: Vec<LegendClass>,
    /// Fill of regions without a value.
    pub no_data_rgb: [u8; 3],
}

impl ClassLegend {
    /// The legend of classes `breaks` coloured from `ramp`. O(c).
    pub fn new(breaks: &[f64], ramp: Ramp) -> Self {
        let labels = class_labels(breaks);
        let colours = ramp.classes(labels.len());
        let classes = breaks
            .windows(2)
            .zip(labels)
            .zip(colours)
            .map(|((pair, label), rgb)| LegendClass {
                lower: pair.first().copied().unwrap_or(f64::NAN),
                upper: pair.get(1).copied().unwrap_or(f64::NAN),
                label,
                rgb,
            })
            .collect();
        ClassLegend {
            breaks: breaks.to_vec(),
            classes,
            no_data_rgb: NO_DATA_RGB,
        }
    }

    /// The fill of a region with `value` (`None` or NaN or out of range: the no-data fill).
    pub fn fill(&self, value: Option<f64>) -> [u8; 3] {
        value
            .and_then(|v| classify(v, &self.breaks))
            .and_then(|i| self.classes.get(i))
            .map_or(self.no_data_rgb, |c| c.rgb)
    }

    /// [`ClassLegend::fill`] as `#rrggbb`.
    pub fn fill_hex(&self, value: Option<f64>) -> String {
        hex(self.fill(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::heat::{Breaks, WeightedPoint, class_breaks, density};

    #[test]
    fn density_legend_follows_the_scale() {
        let grid = density(
            [WeightedPoint {
                x_px: 5.0,
                y_px: 5.0,
                weight: 2.0,
            }],
            10,
            10,
            3.0,
        );
        let options = ColorizeOptions::default();
        let legend = DensityLegend::new(&grid, Ramp::Viridis, &options, 5);
        assert_eq!(legend.stops.len(), 5);
        assert_eq!(legend.max_value, grid.max());
        assert_eq!(legend.stops[0].rgba, [0; 4]);
        assert_eq!(legend.stops[4].value, grid.max());
        // Square-root scale: halfway along the bar is a quarter of the maximum.
        assert!((legend.stops[2].value - grid.max() / 4.0).abs() < 1e-6);
        assert!(
            legend
                .css_gradient()
                .starts_with("linear-gradient(to right, rgba(0, 0, 0, 0.000) 0.0%")
        );

        let empty = DensityGrid::new(3, 3);
        let legend = DensityLegend::new(&empty, Ramp::Viridis, &options, 0);
        assert_eq!(legend.stops.len(), 2);
        assert_eq!(legend.max_value, 0.0);
    }

    #[test]
    fn class_legend_fills_and_no_data() {
        let values = [1.0, 2.0, 3.0, 10.0, 11.0, 12.0, 20.0, 21.0, 22.0];
        let breaks = class_breaks(&values, 3, Breaks::NaturalBreaks);
        let legend = ClassLegend::new(&breaks, Ramp::Blues);
        let labels: Vec<&str> = legend.classes.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["1 – 10", "10 – 20", "20 – 22"]);
        assert_eq!(legend.fill(Some(11.0)), legend.classes[1].rgb);
        assert_eq!(legend.fill(Some(22.0)), legend.classes[2].rgb);
        assert_eq!(legend.fill(None), NO_DATA_RGB);
        assert_eq!(legend.fill(Some(f64::NAN)), NO_DATA_RGB);
        assert_eq!(legend.fill(Some(99.0)), NO_DATA_RGB);
        assert_eq!(legend.fill_hex(None), "#d9d9d9");

        let empty = ClassLegend::new(&[], Ramp::Blues);
        assert!(empty.classes.is_empty());
        assert_eq!(empty.fill(Some(1.0)), NO_DATA_RGB);
    }
}
