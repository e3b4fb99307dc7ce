//! Planar area and centroid of rings and polygons (the shoelace formula).
//!
//! Cost O(n) in the number of vertices. Reference: Bart Braden, "The Surveyor's Area Formula",
//! The College Mathematics Journal 17(4), 1986. Coordinates are treated as planar: on `[lon, lat]`
//! degrees the values are in square degrees, good for comparing regions and for winding, not for
//! square kilometres.

use super::Polygon;

/// Signed area of a closed ring: positive when it winds counter-clockwise in its own axes (x to
/// the right, y up), negative clockwise, 0 for fewer than three vertices. An unclosed ring is
/// treated as closed. O(n).
pub fn ring_signed_area(ring: &[[f64; 2]]) -> f64 {
    let Some(origin) = ring.first() else {
        return 0.0;
    };
    // Relative to the first vertex, so large coordinates (projected metres) keep their precision.
    let mut twice = 0.0;
    for (a, b) in ring.iter().zip(ring.iter().skip(1)) {
        let (ax, ay) = (a[0] - origin[0], a[1] - origin[1]);
        let (bx, by) = (b[0] - origin[0], b[1] - origin[1]);
        twice += ax * by - bx * ay;
    }
    twice / 2.0
}

/// Area of a polygon: its exterior's minus its holes', whatever their winding. O(n).
pub fn polygon_area(polygon: &Polygon) -> f64 {
    let holes: f64 = polygon
        .holes
        .iter()
        .map(|h| ring_signed_area(h).abs())
        .sum();
    (ring_signed_area(&polygon.exterior).abs() - holes).max(0.0)
}

/// Area-weighted sum of one ring: (signed area, area × centroid).
fn ring_moments(ring: &[[f64; 2]], origin: [f64; 2]) -> (f64, [f64; 2]) {
    let mut twice = 0.0;
    let mut cx = 0.0;
    let mut cy = 0.0;
    for (a, b) in ring.iter().zip(ring.iter().skip(1)) {
        let (ax, ay) = (a[0] - origin[0], a[1] - origin[1]);
        let (bx, by) = (b[0] - origin[0], b[1] - origin[1]);
        let cross = ax * by - bx * ay;
        twice += cross;
        cx += (ax + bx) * cross;
        cy += (ay + by) * cross;
    }
    (twice / 2.0, [cx / 6.0, cy / 6.0])
}

/// Moments of a polygon with its exterior counted positive and holes negative, whatever the
/// winding.
fn polygon_moments(polygon: &Polygon, origin: [f64; 2]) -> (f64, [f64; 2]) {
    let mut area = 0.0;
    let mut m = [0.0, 0.0];
    for (i, ring) in polygon.rings().enumerate() {
        let (a, rm) = ring_moments(ring, origin);
        // Normalise each ring to positive, then subtract holes.
        let sign = if (a >= 0.0) == (i == 0) { 1.0 } else { -1.0 };
        area += sign * a;
        m = [m[0] + sign * rm[0], m[1] + sign * rm[1]];
    }
    (area, m)
}

/// Centroid (centre of mass) of a polygon with holes; `None` when its area is zero or not finite.
/// It may lie outside a concave polygon: use [`super::label_anchor`] for labels. O(n).
pub fn centroid(polygon: &Polygon) -> Option<[f64; 2]> {
    polygons_centroid(std::slice::from_ref(polygon))
}

/// Centroid of several polygons taken together (a region's islands), weighted by area. O(n).
pub fn polygons_centroid(polygons: &[Polygon]) -> Option<[f64; 2]> {
    let origin = *polygons.first()?.exterior.first()?;
    let mut area = 0.0;
    let mut m = [0.0, 0.0];
    for polygon in polygons {
        let (a, pm) = polygon_moments(polygon, origin);
        area += a;
        m = [m[0] + pm[0], m[1] + pm[1]];
    }
    if !(area.is_finite() && area.abs() > 0.0) {
        return None;
    }
    let c = [origin[0] + m[0] / area, origin[1] + m[1] / area];
    (c[0].is_finite() && c[1].is_finite()).then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x: f64, y: f64, side: f64) -> Vec<[f64; 2]> {
        vec![
            [x, y],
            [x + side, y],
            [x + side, y + side],
            [x, y + side],
            [x, y],
        ]
    }

    #[test]
    fn signed_area_follows_winding() {
        let ccw = square(0.0, 0.0, 2.0);
        let mut cw = ccw.clone();
        cw.reverse();
        assert_eq!(ring_signed_area(&ccw), 4.0);
        assert_eq!(ring_signed_area(&cw), -4.0);
    }

    #[test]
    fn degenerate_rings_have_no_area() {
        assert_eq!(ring_signed_area(&[]), 0.0);
        assert_eq!(ring_signed_area(&[[1.0, 1.0]]), 0.0);
        assert_eq!(ring_signed_area(&[[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]]), 0.0);
        assert_eq!(centroid(&Polygon::default()), None);
        let line = Polygon {
            exterior: vec![[0.0, 0.0], [1.0, 0.0], [0.0, 0.0]],
            holes: vec![],
        };
        assert_eq!(centroid(&line), None);
        assert_eq!(polygons_centroid(&[]), None);
    }

    #[test]
    fn unclosed_ring_counts_as_closed() {
        let mut open = square(0.0, 0.0, 2.0);
        open.pop();
        assert_eq!(ring_signed_area(&open), 4.0);
    }

    #[test]
    fn hole_is_subtracted() {
        let mut hole = square(1.0, 1.0, 1.0);
        hole.reverse();
        let p = Polygon {
            exterior: square(0.0, 0.0, 3.0),
            holes: vec![hole.clone()],
        };
        assert_eq!(polygon_area(&p), 8.0);
        // The same with a hole wound the wrong way.
        hole.reverse();
        let q = Polygon {
            exterior: square(0.0, 0.0, 3.0),
            holes: vec![hole],
        };
        assert_eq!(polygon_area(&q), 8.0);
        assert_eq!(centroid(&q), Some([1.5, 1.5]));
    }

    #[test]
    fn off_centre_hole_moves_the_centroid() {
        let mut hole = square(0.0, 0.0, 1.0);
        hole.reverse();
        let p = Polygon {
            exterior: square(0.0, 0.0, 2.0),
            holes: vec![hole],
        };
        // L-shape of three unit squares: centroid at (7/6, 7/6).
        let c = centroid(&p).unwrap();
        assert!((c[0] - 7.0 / 6.0).abs() < 1e-12 && (c[1] - 7.0 / 6.0).abs() < 1e-12);
    }

    #[test]
    fn centroid_of_islands_weighs_by_area() {
        let big = Polygon {
            exterior: square(0.0, 0.0, 2.0),
            holes: vec![],
        };
        let small = Polygon {
            exterior: square(10.0, 0.0, 1.0),
            holes: vec![],
        };
        let c = polygons_centroid(&[big, small]).unwrap();
        // (4 × 1 + 1 × 10.5) / 5 = 2.9 ; (4 × 1 + 1 × 0.5) / 5 = 0.9
        assert!((c[0] - 2.9).abs() < 1e-12 && (c[1] - 0.9).abs() < 1e-12);
    }

    #[test]
    fn far_coordinates_keep_precision() {
        let ring = square(1.0e7, 1.0e7, 0.5);
        assert_eq!(ring_signed_area(&ring), 0.25);
    }
}
