//! Map projections from `[lon_deg, lat_deg]` to planar units, with y growing downwards (south) like
//! screen pixels, so a [`super::Fit`] only scales and translates.
//!
//! Each projection is O(1) per point. References: John P. Snyder, "Map Projections — A Working
//! Manual", USGS Professional Paper 1395, 1987 (Mercator §7, equidistant cylindrical §12); EPSG
//! 3857 for the spherical ("Web") Mercator.

/// Latitude limit of Web Mercator, in degrees: the square world of map tiles.
pub const MERCATOR_MAX_LAT_DEG: f64 = 85.051_128_779_806_59;

/// How `[lon, lat]` becomes a planar `[x, y]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Projection {
    /// Spherical (Web) Mercator on the unit sphere: x = λ, y = −ln tan(π/4 + φ/2), both in
    /// radians; latitudes are clamped to ±[`MERCATOR_MAX_LAT_DEG`]. Keeps shapes (conformal);
    /// what web maps use.
    Mercator,
    /// Equidistant cylindrical (plate carrée when the standard parallel is 0): x = λ·cos φ₀,
    /// y = −φ, in radians. Simple and familiar from printed maps; a standard parallel near the
    /// middle of the mapped area (e.g. 35° for China) keeps its shapes from looking stretched.
    Equirectangular {
        /// The latitude at which the scale is true, in degrees.
        standard_parallel_deg: f64,
    },
    /// No projection, for park plans and floor plans drawn in local coordinates (metres or image
    /// pixels): `[x, y]` is used as is, with y growing downwards like an image, so a host
    /// background image in the same units lines up with the plots.
    Identity,
}

impl Projection {
    /// Plate carrée (equirectangular with the equator as standard parallel).
    pub const PLATE_CARREE: Projection = Projection::Equirectangular {
        standard_parallel_deg: 0.0,
    };

    /// Projects a `[lon_deg, lat_deg]` point (or a local `[x, y]` for [`Projection::Identity`]).
    pub fn project(&self, p: [f64; 2]) -> [f64; 2] {
        match *self {
            Projection::Mercator => {
                let lat = p[1].clamp(-MERCATOR_MAX_LAT_DEG, MERCATOR_MAX_LAT_DEG);
                let phi = lat.to_radians();
                // tan(π/4 + φ/2), whose argument stays within (0, π/2) after the clamp.
                let (sin, cos) = sin_cos_quadrant(std::f64::consts::FRAC_PI_4 + phi / 2.0);
                [p[0].to_radians(), -(sin / cos).ln()]
            }
            Projection::Equirectangular {
                standard_parallel_deg,
            } => [
                p[0].to_radians() * parallel_scale(standard_parallel_deg),
                -p[1].to_radians(),
            ],
            Projection::Identity => p,
        }
    }

    /// The inverse of [`Projection::project`]: back to `[lon_deg, lat_deg]` (Mercator points
    /// beyond its latitude limit come back at the limit).
    pub fn invert(&self, p: [f64; 2]) -> [f64; 2] {
        match *self {
            Projection::Mercator => [
                p[0].to_degrees(),
                (2.0 * (-p[1]).exp().atan() - std::f64::consts::FRAC_PI_2).to_degrees(),
            ],
            Projection::Equirectangular {
                standard_parallel_deg,
            } => [
                (p[0] / parallel_scale(standard_parallel_deg)).to_degrees(),
                (-p[1]).to_degrees(),
            ],
            Projection::Identity => p,
        }
    }
}

/// cos φ₀, kept away from 0 so the projection stays invertible at a polar standard parallel.
fn parallel_scale(standard_parallel_deg: f64) -> f64 {
    let c = cos_deg(standard_parallel_deg);
    if c.is_finite() { c.max(1e-6) } else { 1.0 }
}

/// cos of an angle in degrees, folded exactly into [0°, 90°] first (`%` and the subtractions
/// from 180 and 360 are exact in floating point), so only [`sin_cos_quadrant`] is needed.
fn cos_deg(deg: f64) -> f64 {
    let mut d = (deg % 360.0).abs();
    if d > 180.0 {
        d = 360.0 - d;
    }
    if d > 90.0 {
        -sin_cos_quadrant((180.0 - d).to_radians()).1
    } else {
        sin_cos_quadrant(d.to_radians()).1
    }
}

/// (sin x, cos x) for x in [0, π/2], by their Taylor series to x²¹ and x²², whose remainder is
/// below 2·10⁻¹⁸ there. The projections only need this quadrant; the standard library's
/// `sin`/`cos`/`tan` bring a general argument reduction (about 3 KiB gzip of WebAssembly) that
/// nothing else in the widget uses.
fn sin_cos_quadrant(x: f64) -> (f64, f64) {
    let x2 = x * x;
    // 1 − x²/(2·3) (1 − x²/(4·5) (1 − …)), and the same for cos with (1·2), (3·4), …
    let (mut sin, mut cos) = (1.0, 1.0);
    for k in (1..=10).rev() {
        let k = f64::from(k);
        sin = 1.0 - x2 / ((2.0 * k) * (2.0 * k + 1.0)) * sin;
    }
    for k in (1..=11).rev() {
        let k = f64::from(k);
        cos = 1.0 - x2 / ((2.0 * k - 1.0) * (2.0 * k)) * cos;
    }
    (x * sin, cos)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: [f64; 2], b: [f64; 2], eps: f64) -> bool {
        (a[0] - b[0]).abs() <= eps && (a[1] - b[1]).abs() <= eps
    }

    #[test]
    fn own_sine_and_cosine_match_the_standard_library() {
        for i in 0..=10_000 {
            let x = std::f64::consts::FRAC_PI_2 * f64::from(i) / 10_000.0;
            let (s, c) = sin_cos_quadrant(x);
            assert!(
                (s - x.sin()).abs() <= 4.5e-16,
                "sin {x}: {s} vs {}",
                x.sin()
            );
            assert!(
                (c - x.cos()).abs() <= 4.5e-16,
                "cos {x}: {c} vs {}",
                x.cos()
            );
        }
        for deg in [
            -720.5, -270.0, -135.0, -90.0, -30.0, 0.0, 35.0, 89.9, 90.0, 91.0, 179.0, 180.0, 181.0,
            300.0,
        ] {
            let want = f64::to_radians(deg).cos();
            assert!(
                (cos_deg(deg) - want).abs() <= 1e-12,
                "cos {deg}°: {} vs {want}",
                cos_deg(deg)
            );
        }
        // Exact folding beats converting a huge angle to radians first: 10⁶° is 280°.
        assert!((cos_deg(1e6) - f64::to_radians(80.0).cos()).abs() <= 1e-15);
        assert!(cos_deg(f64::NAN).is_nan());
        assert!(cos_deg(f64::INFINITY).is_nan());
    }

    #[test]
    fn mercator_matches_the_textbook_formula() {
        let m = Projection::Mercator;
        for i in -850..=850 {
            let lat = f64::from(i) / 10.0;
            let want = -(std::f64::consts::FRAC_PI_4 + lat.to_radians() / 2.0)
                .tan()
                .ln();
            let got = m.project([0.0, lat])[1];
            assert!((got - want).abs() <= 1e-13, "{lat}°: {got} vs {want}");
        }
    }

    #[test]
    fn mercator_known_values() {
        let m = Projection::Mercator;
        assert!(close(m.project([0.0, 0.0]), [0.0, 0.0], 1e-15));
        assert!(close(
            m.project([180.0, 0.0]),
            [std::f64::consts::PI, 0.0],
            1e-12
        ));
        // The tile world is square: y at the latitude limit is −π.
        assert!(close(
            m.project([0.0, MERCATOR_MAX_LAT_DEG]),
            [0.0, -std::f64::consts::PI],
            1e-9
        ));
        // North is up on screen.
        assert!(m.project([0.0, 45.0])[1] < m.project([0.0, 10.0])[1]);
    }

    #[test]
    fn mercator_clamps_the_poles() {
        let m = Projection::Mercator;
        let pole = m.project([10.0, 90.0]);
        assert!(pole[1].is_finite());
        assert_eq!(pole, m.project([10.0, MERCATOR_MAX_LAT_DEG]));
        let back = m.invert(pole);
        assert!(close(back, [10.0, MERCATOR_MAX_LAT_DEG], 1e-9));
        assert!(m.project([0.0, -90.0])[1].is_finite());
    }

    #[test]
    fn equirectangular_known_values() {
        let e = Projection::PLATE_CARREE;
        assert!(close(
            e.project([90.0, 45.0]),
            [std::f64::consts::FRAC_PI_2, -std::f64::consts::FRAC_PI_4],
            1e-15
        ));
        let china = Projection::Equirectangular {
            standard_parallel_deg: 60.0,
        };
        assert!(close(
            china.project([90.0, 0.0]),
            [std::f64::consts::FRAC_PI_4, 0.0],
            1e-12
        ));
        assert!(close(
            china.invert(china.project([100.0, 30.0])),
            [100.0, 30.0],
            1e-12
        ));
        let polar = Projection::Equirectangular {
            standard_parallel_deg: 90.0,
        };
        assert!(close(
            polar.invert(polar.project([1.0, 2.0])),
            [1.0, 2.0],
            1e-9
        ));
        let nan = Projection::Equirectangular {
            standard_parallel_deg: f64::NAN,
        };
        assert_eq!(
            nan.project([1.0, 0.0]),
            Projection::PLATE_CARREE.project([1.0, 0.0])
        );
    }

    #[test]
    fn identity_keeps_local_coordinates() {
        let p = [123.5, -4.25];
        assert_eq!(Projection::Identity.project(p), p);
        assert_eq!(Projection::Identity.invert(p), p);
    }
}
