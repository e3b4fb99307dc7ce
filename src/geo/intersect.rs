//! Self-intersection of a ring, found with a uniform grid of its edges.
//!
//! Every edge is filed in the grid cells its bounding box covers (about one cell per edge), and
//! only edges sharing a cell are tested against each other, each pair once (in the first cell
//! both cover). On boundaries from real files this costs O(n) on average; a pathological ring
//! (thousands of edges through one cell) would cost O(n²), so the work is capped at a fixed budget
//! per edge and the answer is then "unknown". Reference: V. Akman, W. R. Franklin, M. Kankanhalli,
//! C. Narayanaswami, "Geometric computing and uniform grid technique", Computer-Aided Design
//! 21(7), 1989.

/// Pair tests allowed per edge before the check gives up.
const PAIRS_PER_EDGE: usize = 32;
/// Grid cell registrations allowed per edge before the check gives up.
const CELLS_PER_EDGE: usize = 16;

/// Finds where a closed ring (last position equal to the first) crosses or touches itself.
///
/// Returns `Ok(Some(point))` with a point where two non-adjacent edges meet, `Ok(None)` when no
/// edges meet, and `Err(())` when the ring is too tangled to check within the work budget (32
/// pair tests and 16 grid cells per edge). Consecutive repeated positions count as one.
///
/// Cost: O(n) on average over a grid of about n cells; capped at O(n) work in all cases.
#[allow(clippy::result_unit_err)]
pub fn ring_self_intersection(ring: &[[f64; 2]]) -> Result<Option<[f64; 2]>, ()> {
    let mut pts: Vec<[f64; 2]> = Vec::with_capacity(ring.len());
    for p in ring {
        if pts.last() != Some(p) {
            pts.push(*p);
        }
    }
    if let Some(first) = pts.first().copied()
        && pts.last() != Some(&first)
    {
        pts.push(first);
    }
    let n = pts.len().saturating_sub(1); // edges
    if n < 4 {
        return Ok(None); // a triangle cannot cross itself
    }
    let edges: Vec<([f64; 2], [f64; 2])> = pts
        .windows(2)
        .filter_map(|w| match w {
            [a, b] => Some((*a, *b)),
            _ => None,
        })
        .collect();
    let bbox = super::Bbox::of(&pts);
    if bbox.is_empty() {
        return Ok(None);
    }
    let side = (n as f64).sqrt().ceil().clamp(1.0, 1024.0);
    let (cols, rows) = (side as usize, side as usize);
    let cell_w = (bbox.width() / side).max(f64::MIN_POSITIVE);
    let cell_h = (bbox.height() / side).max(f64::MIN_POSITIVE);
    let cell_of = |x: f64, y: f64| -> (usize, usize) {
        let cx = ((x - bbox.min[0]) / cell_w)
            .floor()
            .clamp(0.0, (cols - 1) as f64) as usize;
        let cy = ((y - bbox.min[1]) / cell_h)
            .floor()
            .clamp(0.0, (rows - 1) as f64) as usize;
        (cx, cy)
    };
    // Cell ranges of each edge, then the edges of each cell.
    let ranges: Vec<[usize; 4]> = edges
        .iter()
        .map(|(a, b)| {
            let (x0, y0) = cell_of(a[0].min(b[0]), a[1].min(b[1]));
            let (x1, y1) = cell_of(a[0].max(b[0]), a[1].max(b[1]));
            [x0, y0, x1, y1]
        })
        .collect();
    // Edges per cell as one flat list (counted, then filled), in increasing edge order.
    let mut registrations = 0usize;
    let max_registrations = n.saturating_mul(CELLS_PER_EDGE);
    let mut start = vec![0u32; cols * rows + 1];
    for r in &ranges {
        registrations += (r[2] - r[0] + 1) * (r[3] - r[1] + 1);
        if registrations > max_registrations {
            return Err(());
        }
        for cy in r[1]..=r[3] {
            for cx in r[0]..=r[2] {
                if let Some(c) = start.get_mut(cy * cols + cx + 1) {
                    *c += 1;
                }
            }
        }
    }
    for c in 1..start.len() {
        let before = start.get(c - 1).copied().unwrap_or(0);
        if let Some(v) = start.get_mut(c) {
            *v += before;
        }
    }
    let mut fill = start.clone();
    let mut items = vec![0u32; registrations];
    for (i, r) in ranges.iter().enumerate() {
        for cy in r[1]..=r[3] {
            for cx in r[0]..=r[2] {
                if let Some(at) = fill.get_mut(cy * cols + cx)
                    && let Some(slot) = items.get_mut(*at as usize)
                {
                    *slot = i as u32;
                    *at += 1;
                }
            }
        }
    }
    let cells = start.windows(2).map(|w| match w {
        [a, b] => items.get(*a as usize..*b as usize).unwrap_or(&[]),
        _ => &[],
    });
    let mut budget = n.saturating_mul(PAIRS_PER_EDGE);
    for (c, cell) in cells.enumerate() {
        let (cx, cy) = (c % cols, c / cols);
        for (k, &i) in cell.iter().enumerate() {
            for &j in cell.iter().skip(k + 1) {
                let (i, j) = (i as usize, j as usize);
                // Neighbours share an endpoint by construction.
                if j == i + 1 || (i == 0 && j == n - 1) {
                    continue;
                }
                let (Some(ri), Some(rj)) = (ranges.get(i), ranges.get(j)) else {
                    continue;
                };
                // Test each pair once: in the first cell both cover.
                if (ri[0].max(rj[0]), ri[1].max(rj[1])) != (cx, cy) {
                    continue;
                }
                if budget == 0 {
                    return Err(());
                }
                budget -= 1;
                let (Some(&(a, b)), Some(&(c, d))) = (edges.get(i), edges.get(j)) else {
                    continue;
                };
                if let Some(p) = segment_intersection(a, b, c, d) {
                    return Ok(Some(p));
                }
            }
        }
    }
    Ok(None)
}

/// Orientation of `c` relative to the line `a → b`: positive left, negative right, 0 on it.
fn orient(a: [f64; 2], b: [f64; 2], c: [f64; 2]) -> f64 {
    (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
}

/// Whether `p`, collinear with segment `a b`, lies within its bounds.
fn within(a: [f64; 2], b: [f64; 2], p: [f64; 2]) -> bool {
    a[0].min(b[0]) <= p[0]
        && p[0] <= a[0].max(b[0])
        && a[1].min(b[1]) <= p[1]
        && p[1] <= a[1].max(b[1])
}

/// A point shared by segments `a b` and `c d`, if any (touching and collinear overlap count).
pub(super) fn segment_intersection(
    a: [f64; 2],
    b: [f64; 2],
    c: [f64; 2],
    d: [f64; 2],
) -> Option<[f64; 2]> {
    let d1 = orient(c, d, a);
    let d2 = orient(c, d, b);
    let d3 = orient(a, b, c);
    let d4 = orient(a, b, d);
    if ((d1 > 0.0 && d2 < 0.0) || (d1 < 0.0 && d2 > 0.0))
        && ((d3 > 0.0 && d4 < 0.0) || (d3 < 0.0 && d4 > 0.0))
    {
        let t = d1 / (d1 - d2);
        return Some([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
    }
    if d1 == 0.0 && within(c, d, a) {
        return Some(a);
    }
    if d2 == 0.0 && within(c, d, b) {
        return Some(b);
    }
    if d3 == 0.0 && within(a, b, c) {
        return Some(c);
    }
    if d4 == 0.0 && within(a, b, d) {
        return Some(d);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brute force: every pair of non-adjacent edges.
    fn brute(ring: &[[f64; 2]]) -> bool {
        let n = ring.len() - 1;
        for i in 0..n {
            for j in i + 2..n {
                if i == 0 && j == n - 1 {
                    continue;
                }
                if segment_intersection(ring[i], ring[i + 1], ring[j], ring[j + 1]).is_some() {
                    return true;
                }
            }
        }
        false
    }

    #[test]
    fn bowtie_crosses_at_its_waist() {
        let bowtie = [[0.0, 0.0], [2.0, 2.0], [2.0, 0.0], [0.0, 2.0], [0.0, 0.0]];
        assert_eq!(ring_self_intersection(&bowtie), Ok(Some([1.0, 1.0])));
    }

    #[test]
    fn simple_rings_do_not() {
        let square = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]];
        assert_eq!(ring_self_intersection(&square), Ok(None));
        let triangle = [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 0.0]];
        assert_eq!(ring_self_intersection(&triangle), Ok(None));
        assert_eq!(ring_self_intersection(&[]), Ok(None));
        assert_eq!(ring_self_intersection(&[[1.0, 1.0]]), Ok(None));
    }

    #[test]
    fn repeated_positions_and_open_rings_are_tolerated() {
        let square = [[0.0, 0.0], [1.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]];
        assert_eq!(ring_self_intersection(&square), Ok(None));
    }

    #[test]
    fn pinched_ring_touches_itself() {
        // Two squares meeting at (1, 1), drawn as one ring.
        let figure8 = [
            [0.0, 0.0],
            [1.0, 0.0],
            [1.0, 1.0],
            [2.0, 1.0],
            [2.0, 2.0],
            [1.0, 2.0],
            [1.0, 1.0],
            [0.0, 1.0],
            [0.0, 0.0],
        ];
        assert_eq!(ring_self_intersection(&figure8), Ok(Some([1.0, 1.0])));
    }

    #[test]
    fn large_simple_ring_is_checked_in_linear_time() {
        let n = 100_000;
        let ring: Vec<[f64; 2]> = (0..=n)
            .map(|i| {
                let t = i as f64 / n as f64 * std::f64::consts::TAU;
                let r = 10.0 + (t * 37.0).sin();
                [r * t.cos(), r * t.sin()]
            })
            .collect();
        assert_eq!(ring_self_intersection(&ring), Ok(None));
    }

    #[test]
    fn agrees_with_brute_force_on_random_rings() {
        let mut state = 7u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) % 10) as f64
        };
        for _ in 0..500 {
            let mut ring: Vec<[f64; 2]> = (0..6).map(|_| [next(), next()]).collect();
            ring.dedup();
            if ring.len() < 3 {
                continue;
            }
            ring.push(ring[0]);
            if ring.windows(2).any(|w| w[0] == w[1]) {
                continue;
            }
            let found = ring_self_intersection(&ring).unwrap().is_some();
            assert_eq!(found, brute(&ring), "{ring:?}");
        }
    }
}
