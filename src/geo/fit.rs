//! Fit-to-view: the uniform scale and translation that centre projected bounds in a viewport.
//!
//! O(1). The usual "zoom to extent" of GIS viewers; see also d3-geo's `projection.fitExtent`.

use super::Bbox;

/// A uniform scale and a translation from projected units to pixels: `px = p × scale + translate`.
/// Both axes keep their direction (projections already put y downwards).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fit {
    /// Pixels per projected unit (always finite and positive).
    pub scale: f64,
    /// Added after scaling, in px.
    pub translate_px: [f64; 2],
}

impl Default for Fit {
    fn default() -> Self {
        Fit {
            scale: 1.0,
            translate_px: [0.0, 0.0],
        }
    }
}

impl Fit {
    /// The largest scale at which `bbox` fits in a `width_px × height_px` view inside a margin of
    /// `padding_px`, centred. A box of zero width or height is fitted along its other side; a
    /// single point (or an empty box) is centred at scale 1. Padding that leaves no room is
    /// ignored. Negative or non-finite sizes count as 0.
    pub fn new(bbox: Bbox, width_px: f64, height_px: f64, padding_px: f64) -> Fit {
        let clean = |v: f64| if v.is_finite() { v.max(0.0) } else { 0.0 };
        let (width_px, height_px) = (clean(width_px), clean(height_px));
        let padding_px = clean(padding_px).min(width_px / 2.0).min(height_px / 2.0);
        let inner_w = width_px - 2.0 * padding_px;
        let inner_h = height_px - 2.0 * padding_px;
        let view_centre = [width_px / 2.0, height_px / 2.0];
        let Some(centre) = bbox
            .centre()
            .filter(|c| c[0].is_finite() && c[1].is_finite())
        else {
            return Fit {
                scale: 1.0,
                translate_px: view_centre,
            };
        };
        let usable = |s: f64| s.is_finite() && s > 0.0;
        let fit_in = |w: f64, h: f64| {
            let sx = (bbox.width() > 0.0).then(|| w / bbox.width());
            let sy = (bbox.height() > 0.0).then(|| h / bbox.height());
            let s = match (sx, sy) {
                (Some(a), Some(b)) => a.min(b),
                (Some(s), None) | (None, Some(s)) => s,
                (None, None) => return None,
            };
            usable(s).then_some(s)
        };
        // Padding that leaves no room is dropped rather than the fit.
        let scale = fit_in(inner_w, inner_h)
            .or_else(|| fit_in(width_px, height_px))
            .unwrap_or(1.0);
        Fit {
            scale,
            translate_px: [
                view_centre[0] - centre[0] * scale,
                view_centre[1] - centre[1] * scale,
            ],
        }
    }

    /// Projected units to pixels.
    pub fn apply(&self, p: [f64; 2]) -> [f64; 2] {
        [
            p[0] * self.scale + self.translate_px[0],
            p[1] * self.scale + self.translate_px[1],
        ]
    }

    /// Pixels to projected units.
    pub fn invert(&self, px: [f64; 2]) -> [f64; 2] {
        [
            (px[0] - self.translate_px[0]) / self.scale,
            (px[1] - self.translate_px[1]) / self.scale,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bbox: Bbox, view: [f64; 3], scale: f64, translate_px: [f64; 2]) {
        let fit = Fit::new(bbox, view[0], view[1], view[2]);
        assert!((fit.scale - scale).abs() < 1e-12, "{fit:?}");
        assert!(
            (fit.translate_px[0] - translate_px[0]).abs() < 1e-9
                && (fit.translate_px[1] - translate_px[1]).abs() < 1e-9,
            "{fit:?}"
        );
    }

    #[test]
    fn fits_and_centres() {
        let wide = Bbox::of(&[[0.0, 0.0], [10.0, 2.0]]);
        // 100 px usable width for 10 units; height 2 × 10 = 20 px centred in 100.
        check(wide, [120.0, 120.0, 10.0], 10.0, [10.0, 50.0]);
        let tall = Bbox::of(&[[-1.0, -4.0], [1.0, 4.0]]);
        check(tall, [200.0, 80.0, 0.0], 10.0, [100.0, 40.0]);
    }

    #[test]
    fn degenerate_boxes() {
        check(Bbox::EMPTY, [100.0, 50.0, 5.0], 1.0, [50.0, 25.0]);
        let point = Bbox::of(&[[3.0, 4.0]]);
        check(point, [100.0, 50.0, 5.0], 1.0, [47.0, 21.0]);
        let flat = Bbox::of(&[[0.0, 1.0], [4.0, 1.0]]);
        check(flat, [100.0, 50.0, 10.0], 20.0, [10.0, 5.0]);
        // Zero-sized or broken views never give a zero or non-finite scale.
        for view in [[0.0, 0.0, 0.0], [-5.0, f64::NAN, 3.0], [10.0, 10.0, 50.0]] {
            let fit = Fit::new(
                Bbox::of(&[[0.0, 0.0], [1.0, 1.0]]),
                view[0],
                view[1],
                view[2],
            );
            assert!(fit.scale.is_finite() && fit.scale > 0.0, "{view:?} {fit:?}");
            assert!(fit.translate_px.iter().all(|t| t.is_finite()));
        }
    }

    #[test]
    fn padding_that_leaves_no_room_is_ignored() {
        let tall = Bbox::of(&[[0.0, 0.0], [107.8, 473.3]]);
        let fit = Fit::new(tall, 1.0, 1.0, 48.96);
        for corner in [tall.min, tall.max] {
            let px = fit.apply(corner);
            assert!((-1e-9..=1.0 + 1e-9).contains(&px[0]), "{px:?}");
            assert!((-1e-9..=1.0 + 1e-9).contains(&px[1]), "{px:?}");
        }
        // The padding takes the whole height, so it is dropped on both axes.
        let wide = Fit::new(Bbox::of(&[[0.0, 0.0], [10.0, 1.0]]), 100.0, 20.0, 10.0);
        assert_eq!(wide.scale, 10.0);
    }

    #[test]
    fn apply_and_invert_round_trip() {
        let fit = Fit::new(Bbox::of(&[[-3.0, 2.0], [7.0, 9.0]]), 640.0, 480.0, 12.0);
        for p in [[-3.0, 2.0], [7.0, 9.0], [0.5, 0.25]] {
            let back = fit.invert(fit.apply(p));
            assert!((back[0] - p[0]).abs() < 1e-12 && (back[1] - p[1]).abs() < 1e-12);
        }
        let corner = fit.apply([-3.0, 2.0]);
        assert!(corner[0] >= 12.0 - 1e-9 && corner[1] >= 12.0 - 1e-9);
    }
}
