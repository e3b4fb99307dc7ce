//! Point in polygon by even-odd ray crossing.
//!
//! A horizontal ray from the point towards +x crosses the boundary an odd number of times exactly
//! when the point is inside; counting over the exterior and the holes together honours holes (and
//! matches the canvas `evenodd` fill rule). Cost O(n) in the number of vertices. Reference:
//! Eric Haines, "Point in Polygon Strategies", Graphics Gems IV, 1994 (the crossings test, as in
//! W. Randolph Franklin's PNPOLY).

use super::Polygon;

/// Number of edges of a ring that a ray from `p` towards +x crosses (half-open in y, so a vertex
/// on the ray is counted once). The ring is treated as closed. O(n).
pub fn ring_crossings(ring: &[[f64; 2]], p: [f64; 2]) -> usize {
    let (Some(first), Some(last)) = (ring.first(), ring.last()) else {
        return 0;
    };
    let closing = (first != last).then_some((last, first));
    let edges = ring.iter().zip(ring.iter().skip(1)).chain(closing);
    let mut count = 0;
    for (a, b) in edges {
        if (a[1] > p[1]) != (b[1] > p[1]) {
            let x = a[0] + (p[1] - a[1]) / (b[1] - a[1]) * (b[0] - a[0]);
            if p[0] < x {
                count += 1;
            }
        }
    }
    count
}

/// Whether `p` lies inside the polygon, holes excluded (even-odd over all its rings). Points
/// exactly on an edge may fall on either side. O(n).
pub fn polygon_contains(polygon: &Polygon, p: [f64; 2]) -> bool {
    polygon.rings().map(|r| ring_crossings(r, p)).sum::<usize>() % 2 == 1
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

    fn check(polygon: &Polygon, cases: &[([f64; 2], bool)]) {
        for (p, inside) in cases {
            assert_eq!(polygon_contains(polygon, *p), *inside, "{p:?}");
        }
    }

    #[test]
    fn square_with_hole() {
        let p = Polygon {
            exterior: square(0.0, 0.0, 3.0),
            holes: vec![square(1.0, 1.0, 1.0)],
        };
        check(
            &p,
            &[
                ([0.5, 0.5], true),
                ([1.5, 1.5], false),
                ([2.5, 1.5], true),
                ([3.5, 1.5], false),
                ([-0.5, 1.5], false),
                ([1.5, 3.5], false),
            ],
        );
    }

    #[test]
    fn ray_through_a_vertex_counts_once() {
        // Diamond: the ray from the centre passes exactly through the right vertex.
        let diamond = Polygon {
            exterior: vec![
                [0.0, -1.0],
                [1.0, 0.0],
                [0.0, 1.0],
                [-1.0, 0.0],
                [0.0, -1.0],
            ],
            holes: vec![],
        };
        check(&diamond, &[([0.0, 0.0], true), ([-2.0, 0.0], false)]);
    }

    #[test]
    fn degenerate_polygons_contain_nothing() {
        check(&Polygon::default(), &[([0.0, 0.0], false)]);
        let line = Polygon {
            exterior: vec![[0.0, 0.0], [1.0, 0.0], [0.0, 0.0]],
            holes: vec![],
        };
        check(&line, &[([0.5, 0.0], false)]);
        let sq = Polygon {
            exterior: square(0.0, 0.0, 1.0),
            holes: vec![],
        };
        check(&sq, &[([f64::NAN, 0.5], false), ([0.5, f64::NAN], false)]);
    }

    #[test]
    fn unclosed_ring_is_closed_implicitly() {
        let mut open = square(0.0, 0.0, 1.0);
        open.pop();
        let p = Polygon {
            exterior: open,
            holes: vec![],
        };
        check(&p, &[([0.5, 0.5], true), ([1.5, 0.5], false)]);
    }

    #[test]
    fn bowtie_fills_both_lobes() {
        let bowtie = Polygon {
            exterior: vec![[0.0, 0.0], [2.0, 2.0], [2.0, 0.0], [0.0, 2.0], [0.0, 0.0]],
            holes: vec![],
        };
        check(
            &bowtie,
            &[([0.2, 1.0], true), ([1.8, 1.0], true), ([1.0, 0.2], false)],
        );
    }
}
