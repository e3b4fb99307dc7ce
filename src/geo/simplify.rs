//! Visvalingam–Whyatt effective areas: how important each vertex of a line is to its shape.
//!
//! The vertex whose triangle with its two neighbours has the smallest area is removed first, its
//! neighbours' triangles are recomputed, and so on; the area at which a vertex goes is its
//! *effective area*. Keeping each area at least as large as the one removed before it makes the
//! ranking a total order of removal, so "every vertex whose effective area is ≥ t" is exactly the
//! line simplified down to tolerance `t`, for any `t`, in one linear filter. Cost O(n log n) with
//! a binary heap. Reference: M. Visvalingam and J. D. Whyatt, "Line generalisation by repeated
//! elimination of points", The Cartographic Journal 30(1), 1993.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// A heap entry: a vertex and its triangle area when it was queued, as the area's bits (areas are
/// never negative or NaN, and for such floats the bits order like the values). Ordered smallest
/// area first (BinaryHeap is a max-heap), then lowest index, so ties are broken the same way
/// every run.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Entry {
    area_bits: u64,
    index: u32,
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        (other.area_bits, other.index).cmp(&(self.area_bits, self.index))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Area of the triangle `a b c` (non-negative; non-finite input gives infinity, so such vertices
/// are kept).
fn triangle_area(a: [f64; 2], b: [f64; 2], c: [f64; 2]) -> f64 {
    let twice = ((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])).abs();
    if twice.is_finite() {
        twice / 2.0 + 0.0 // never -0.0, whose bits would sort last
    } else {
        f64::INFINITY
    }
}

/// Effective area of every vertex of an open polyline, in squared input units; its two endpoints
/// are never removed and get `f64::INFINITY`. Keeping the vertices with an area of at least `t`
/// simplifies the line to tolerance `t`; raising `t` only ever removes vertices.
///
/// Cost: O(n log n) time, O(n) memory.
pub fn effective_areas(line: &[[f64; 2]]) -> Vec<f64> {
    let n = line.len();
    let mut areas = vec![f64::INFINITY; n];
    if n < 3 || n > u32::MAX as usize {
        return areas;
    }
    let point = |i: usize| line.get(i).copied().unwrap_or([0.0, 0.0]);
    // Doubly linked list of the vertices still in the line.
    let mut prev: Vec<usize> = (0..n).map(|i| i.wrapping_sub(1)).collect();
    let mut next: Vec<usize> = (1..=n).collect();
    let mut current = vec![f64::NAN; n];
    let mut heap = BinaryHeap::with_capacity(n);
    for i in 1..n - 1 {
        let area = triangle_area(point(i - 1), point(i), point(i + 1));
        if let Some(c) = current.get_mut(i) {
            *c = area;
        }
        heap.push(Entry {
            area_bits: area.to_bits(),
            index: i as u32,
        });
    }
    let mut floor = 0.0f64;
    while let Some(Entry { area_bits, index }) = heap.pop() {
        let index = index as usize;
        // Skip entries made stale by a neighbour's removal.
        if current.get(index).is_none_or(|c| c.to_bits() != area_bits) {
            continue;
        }
        let area = f64::from_bits(area_bits);
        floor = floor.max(area);
        if let Some(a) = areas.get_mut(index) {
            *a = floor;
        }
        if let Some(c) = current.get_mut(index) {
            *c = f64::NAN; // removed
        }
        let (Some(&p), Some(&q)) = (prev.get(index), next.get(index)) else {
            continue;
        };
        if let Some(np) = next.get_mut(p) {
            *np = q;
        }
        if let Some(pq) = prev.get_mut(q) {
            *pq = p;
        }
        // Re-rank the two neighbours (endpoints stay fixed).
        for v in [p, q] {
            if v == 0 || v >= n - 1 {
                continue;
            }
            let (Some(&a), Some(&b)) = (prev.get(v), next.get(v)) else {
                continue;
            };
            let area = triangle_area(point(a), point(v), point(b));
            if let Some(c) = current.get_mut(v) {
                *c = area;
            }
            heap.push(Entry {
                area_bits: area.to_bits(),
                index: v as u32,
            });
        }
    }
    areas
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_keep_everything() {
        assert!(effective_areas(&[]).is_empty());
        assert_eq!(effective_areas(&[[0.0, 0.0]]), [f64::INFINITY]);
        assert_eq!(
            effective_areas(&[[0.0, 0.0], [1.0, 1.0]]),
            [f64::INFINITY, f64::INFINITY]
        );
    }

    #[test]
    fn known_areas() {
        // A bump of area 1 and a collinear vertex of area 0.
        let line = [[0.0, 0.0], [1.0, 1.0], [2.0, 0.0], [3.0, 0.0], [4.0, 0.0]];
        let areas = effective_areas(&line);
        assert_eq!(areas[0], f64::INFINITY);
        assert_eq!(areas[4], f64::INFINITY);
        assert_eq!(areas[3], 0.0);
        // Once [3, 0] is gone, [2, 0] spans the triangle [1,1] [2,0] [4,0]: area 1, a tie with
        // [1, 1], which goes first (lower index); then [2, 0] sits on a straight line, area 0,
        // raised to the 1 removed before it.
        assert_eq!(areas[1], 1.0);
        assert_eq!(areas[2], 1.0);
    }

    #[test]
    fn areas_never_decrease_in_removal_order() {
        // A small dent next to a big bump: the dent goes first, and the vertex beside it cannot
        // rank below it even if its new triangle is smaller.
        let line = [
            [0.0, 0.0],
            [1.0, 0.1],
            [2.0, 0.0],
            [2.1, 0.0],
            [5.0, 3.0],
            [8.0, 0.0],
        ];
        let areas = effective_areas(&line);
        let mut order: Vec<usize> = (1..line.len() - 1).collect();
        order.sort_by(|&a, &b| areas[a].total_cmp(&areas[b]));
        let sorted: Vec<f64> = order.iter().map(|&i| areas[i]).collect();
        assert!(sorted.windows(2).all(|w| w[0] <= w[1]));
        assert!(areas[4] > areas[1]);
    }

    #[test]
    fn non_finite_vertices_are_kept() {
        let areas = effective_areas(&[[0.0, 0.0], [f64::NAN, 1.0], [2.0, 0.0]]);
        assert_eq!(areas[1], f64::INFINITY);
    }

    #[test]
    fn reversed_line_gets_the_same_areas_without_ties() {
        let line: Vec<[f64; 2]> = (0..50)
            .map(|i| {
                let x = i as f64;
                [x, (x * 0.7).sin() * (1.0 + x * 0.01)]
            })
            .collect();
        let forward = effective_areas(&line);
        let mut reversed = line.clone();
        reversed.reverse();
        let mut backward = effective_areas(&reversed);
        backward.reverse();
        for (a, b) in forward.iter().zip(&backward) {
            assert!(
                a == b || (a - b).abs() <= 1e-12 * a.abs().max(1.0),
                "{a} {b}"
            );
        }
    }
}
