//! Label anchors: the pole of inaccessibility, the point inside a polygon farthest from its
//! outline, where a label has the most room (unlike the centroid, it is always inside, even for a
//! crescent-shaped region).
//!
//! The polygon's bounds are covered with square cells in a priority queue ordered by the best
//! distance a cell could still hold (its centre's distance plus its half-diagonal); the most
//! promising cell is split in four until no cell can beat the best point found by more than the
//! precision. Cost: O(n) per probed cell for n vertices, typically a few hundred cells; capped at
//! [`MAX_PROBES`] cells, so label simplified outlines rather than full-detail ones. Reference:
//! V. Agafonkin, "A new algorithm for finding a visual center of a polygon", Mapbox, 2016
//! (polylabel).

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::{Bbox, Polygon, polygon_area, polygon_contains, polygons_centroid};

/// Most cells evaluated for one polygon.
pub const MAX_PROBES: usize = 4096;

/// A square cell: centre, half side, signed distance from the centre to the outline.
#[derive(Clone, Copy)]
struct Cell {
    centre: [f64; 2],
    half: f64,
    distance: f64,
}

impl Cell {
    fn new(centre: [f64; 2], half: f64, polygon: &Polygon) -> Cell {
        Cell {
            centre,
            half,
            distance: signed_distance(centre, polygon),
        }
    }

    /// The largest distance any point of the cell could have.
    fn potential(&self) -> f64 {
        self.distance + self.half * std::f64::consts::SQRT_2
    }
}

impl PartialEq for Cell {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Cell {}

impl PartialOrd for Cell {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Cell {
    fn cmp(&self, other: &Self) -> Ordering {
        self.potential().total_cmp(&other.potential())
    }
}

/// Squared distance from `p` to segment `a b`.
fn segment_distance2(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (x, y) = (a[0] + t * dx - p[0], a[1] + t * dy - p[1]);
    x * x + y * y
}

/// Distance from `p` to the polygon's outline (holes included), negative outside.
fn signed_distance(p: [f64; 2], polygon: &Polygon) -> f64 {
    let mut best = f64::INFINITY;
    for ring in polygon.rings() {
        for (a, b) in ring.iter().zip(ring.iter().skip(1)) {
            best = best.min(segment_distance2(p, *a, *b));
        }
    }
    let d = best.sqrt();
    if polygon_contains(polygon, p) { d } else { -d }
}

/// The point inside `polygon` farthest from its outline (holes included) to within `precision`
/// (in the polygon's units; a non-positive or non-finite precision means 1/1000 of its larger
/// side), and that distance — the radius of the largest circle that fits there. `None` for a
/// polygon without an exterior or with non-finite positions.
pub fn pole_of_inaccessibility(polygon: &Polygon, precision: f64) -> Option<([f64; 2], f64)> {
    let bbox = Bbox::of(&polygon.exterior);
    let (w, h) = (bbox.width(), bbox.height());
    if bbox.is_empty()
        || !(w.is_finite() && h.is_finite())
        || polygon
            .rings()
            .flatten()
            .any(|p| !(p[0].is_finite() && p[1].is_finite()))
    {
        return None;
    }
    if w.min(h) <= 0.0 {
        return bbox.centre().map(|c| (c, 0.0)); // flat: no room anywhere
    }
    let side = w.min(h).max(w.max(h) / 64.0);
    let precision = if precision.is_finite() && precision > 0.0 {
        precision.max(w.max(h) * 1e-9)
    } else {
        w.max(h) / 1000.0
    };
    let half = side / 2.0;
    let mut queue = BinaryHeap::new();
    let mut probes = 0usize;
    let mut x = bbox.min[0];
    while x < bbox.max[0] {
        let mut y = bbox.min[1];
        while y < bbox.max[1] {
            queue.push(Cell::new([x + half, y + half], half, polygon));
            probes += 1;
            y += side;
        }
        x += side;
    }
    // Start from the centroid (often close), else the centre of the bounds.
    let start = polygons_centroid(std::slice::from_ref(polygon))
        .or(bbox.centre())
        .unwrap_or(bbox.min);
    let mut best = Cell::new(start, 0.0, polygon);
    if let Some(centre) = bbox.centre() {
        let c = Cell::new(centre, 0.0, polygon);
        if c.distance > best.distance {
            best = c;
        }
    }
    while let Some(cell) = queue.pop() {
        if cell.distance > best.distance {
            best = cell;
        }
        if cell.potential() - best.distance <= precision || probes >= MAX_PROBES {
            continue;
        }
        let q = cell.half / 2.0;
        for (dx, dy) in [(-q, -q), (q, -q), (-q, q), (q, q)] {
            queue.push(Cell::new(
                [cell.centre[0] + dx, cell.centre[1] + dy],
                q,
                polygon,
            ));
        }
        probes += 4;
    }
    Some((best.centre, best.distance.max(0.0)))
}

/// Where to put a region's label: the pole of inaccessibility of its largest polygon (by area), to
/// within `precision`. `None` when it has no polygon with a finite area.
pub fn label_anchor(polygons: &[Polygon], precision: f64) -> Option<[f64; 2]> {
    let largest = polygons
        .iter()
        .map(|p| (polygon_area(p), p))
        .filter(|(a, _)| a.is_finite())
        .max_by(|a, b| a.0.total_cmp(&b.0))?;
    pole_of_inaccessibility(largest.1, precision).map(|(p, _)| p)
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

    fn poly(exterior: Vec<[f64; 2]>, holes: Vec<Vec<[f64; 2]>>) -> Polygon {
        Polygon { exterior, holes }
    }

    #[test]
    fn square_centre() {
        let (p, d) = pole_of_inaccessibility(&poly(square(0.0, 0.0, 10.0), vec![]), 0.01).unwrap();
        assert!(
            (p[0] - 5.0).abs() < 0.1 && (p[1] - 5.0).abs() < 0.1,
            "{p:?}"
        );
        assert!((d - 5.0).abs() < 0.1);
    }

    #[test]
    fn crescent_anchor_is_inside_where_the_centroid_is_not() {
        // A U shape: the centroid falls in the notch.
        let u = poly(
            vec![
                [0.0, 0.0],
                [10.0, 0.0],
                [10.0, 10.0],
                [7.0, 10.0],
                [7.0, 3.0],
                [3.0, 3.0],
                [3.0, 10.0],
                [0.0, 10.0],
                [0.0, 0.0],
            ],
            vec![],
        );
        let c = polygons_centroid(std::slice::from_ref(&u)).unwrap();
        assert!(!polygon_contains(&u, c));
        let (p, d) = pole_of_inaccessibility(&u, 0.01).unwrap();
        assert!(polygon_contains(&u, p));
        assert!(d >= 1.4, "{d}");
    }

    #[test]
    fn hole_pushes_the_anchor_aside() {
        let ring = poly(square(0.0, 0.0, 10.0), vec![square(2.0, 2.0, 6.0)]);
        let (p, d) = pole_of_inaccessibility(&ring, 0.01).unwrap();
        assert!(polygon_contains(&ring, p));
        // In a corner, between the outer corner's sides and the hole's corner: 4 − 2√2.
        assert!((d - (4.0 - 2.0 * 2f64.sqrt())).abs() < 0.02, "{d}");
    }

    #[test]
    fn degenerate_polygons() {
        assert_eq!(pole_of_inaccessibility(&Polygon::default(), 1.0), None);
        let flat = poly(vec![[0.0, 0.0], [4.0, 0.0], [0.0, 0.0]], vec![]);
        assert_eq!(pole_of_inaccessibility(&flat, 1.0), Some(([2.0, 0.0], 0.0)));
        let nan = poly(
            vec![[0.0, 0.0], [f64::NAN, 1.0], [1.0, 1.0], [0.0, 0.0]],
            vec![],
        );
        assert_eq!(pole_of_inaccessibility(&nan, 1.0), None);
        assert_eq!(label_anchor(&[], 1.0), None);
        // Any precision terminates.
        let sq = poly(square(0.0, 0.0, 1.0), vec![]);
        for precision in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e-300] {
            assert!(pole_of_inaccessibility(&sq, precision).is_some());
        }
        // A very long, thin polygon does not flood the queue.
        let thin = poly(
            square(0.0, 0.0, 1.0)
                .iter()
                .map(|p| [p[0] * 1e6, p[1]])
                .collect(),
            vec![],
        );
        let (p, _) = pole_of_inaccessibility(&thin, 1e-6).unwrap();
        assert!(polygon_contains(&thin, p));
    }

    #[test]
    fn anchor_goes_on_the_largest_island() {
        let small = poly(square(100.0, 0.0, 1.0), vec![]);
        let big = poly(square(0.0, 0.0, 4.0), vec![]);
        let p = label_anchor(&[small, big], 0.01).unwrap();
        assert!(p[0] < 4.0, "{p:?}");
    }
}
