//! Label placement without overlaps: greedy by priority over a hash grid of placed boxes.
//!
//! Candidates are taken from the highest priority down; each is placed unless it overlaps a box
//! already placed, found through a sparse grid of cells about the size of an average label, so a
//! check looks at a handful of boxes. Cost: O(n log n) for the sort plus O(n) on average for the
//! checks. Greedy fixed-position placement as in map labelling practice; reference: J. Christensen,
//! J. Marks, S. Shieber, "An empirical study of algorithms for point-feature label placement", ACM
//! Transactions on Graphics 14(3), 1995 (the greedy baseline).

use crate::hash::Map as HashMap;

/// A label that would like a place on screen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelBox {
    /// Centre x, in px.
    pub x: f64,
    /// Centre y, in px.
    pub y: f64,
    /// Width, in px.
    pub width: f64,
    /// Height, in px.
    pub height: f64,
    /// Higher goes first (e.g. region area or metric value); ties keep input order.
    pub priority: f64,
}

impl LabelBox {
    fn is_valid(&self) -> bool {
        [self.x, self.y, self.width, self.height]
            .iter()
            .all(|v| v.is_finite())
            && self.width >= 0.0
            && self.height >= 0.0
    }

    /// Whether the two boxes share interior (touching edges do not count).
    pub fn overlaps(&self, other: &LabelBox) -> bool {
        (self.x - other.x).abs() * 2.0 < self.width + other.width
            && (self.y - other.y).abs() * 2.0 < self.height + other.height
    }
}

/// Most cells a box may cover along one axis before it is checked against every box instead.
const MAX_SPAN: i64 = 64;

/// Which labels to show: `true` for each candidate placed. Placed boxes never overlap; every box
/// left out overlaps a placed box of at least its priority. Boxes with non-finite or negative
/// sizes are left out; NaN priorities rank last.
///
/// Cost: O(n log n) time (the sort), O(n) average for the overlap checks, O(n) memory.
pub fn place_labels(candidates: &[LabelBox]) -> Vec<bool> {
    let mut placed = vec![false; candidates.len()];
    let valid: Vec<usize> = (0..candidates.len())
        .filter(|&i| candidates.get(i).is_some_and(LabelBox::is_valid))
        .collect();
    if valid.is_empty() {
        return placed;
    }
    // Cell side: the mean label size, so a box covers a few cells.
    let n = valid.len() as f64;
    let mean = |f: fn(&LabelBox) -> f64| {
        valid
            .iter()
            .filter_map(|&i| candidates.get(i))
            .map(f)
            .sum::<f64>()
            / n
    };
    let cell_w = mean(|b| b.width).max(1.0);
    let cell_h = mean(|b| b.height).max(1.0);
    let mut order = valid;
    let priority = |i: usize| {
        candidates
            .get(i)
            .map(|b| b.priority)
            .filter(|p| !p.is_nan())
            .unwrap_or(f64::NEG_INFINITY)
    };
    crate::sort::by(&mut order, &|a, b| {
        priority(b).total_cmp(&priority(a)).then(a.cmp(&b))
    });

    // Placed boxes by grid cell: the cell's position in `cells`, in the `(u64, u64) → u64` map
    // type `geo::projected` has already (each key and value type is a hash table's code).
    let mut grid: HashMap<(u64, u64), u64> = HashMap::default();
    let mut cells: Vec<Vec<usize>> = Vec::new();
    let key = |cx: i64, cy: i64| (cx as u64, cy as u64);
    let mut big: Vec<usize> = Vec::new();
    let cell = |v: f64, side: f64| (v / side).floor().clamp(-1e15, 1e15) as i64;
    for i in order {
        let Some(b) = candidates.get(i) else {
            continue;
        };
        let x0 = cell(b.x - b.width / 2.0, cell_w);
        let x1 = cell(b.x + b.width / 2.0, cell_w);
        let y0 = cell(b.y - b.height / 2.0, cell_h);
        let y1 = cell(b.y + b.height / 2.0, cell_h);
        let is_big = x1 - x0 >= MAX_SPAN || y1 - y0 >= MAX_SPAN;
        let hits = |j: &usize| candidates.get(*j).is_some_and(|o| o.overlaps(b));
        let blocked = big.iter().any(hits)
            || if is_big {
                // Check every placed box: a big box is rare.
                placed.iter().enumerate().any(|(j, &p)| p && hits(&j))
            } else {
                (y0..=y1).any(|cy| {
                    (x0..=x1).any(|cx| {
                        grid.get(&key(cx, cy))
                            .and_then(|&c| cells.get(c as usize))
                            .is_some_and(|v| v.iter().any(hits))
                    })
                })
            };
        if blocked {
            continue;
        }
        if let Some(p) = placed.get_mut(i) {
            *p = true;
        }
        if is_big {
            big.push(i);
        } else {
            for cy in y0..=y1 {
                for cx in x0..=x1 {
                    let c = *grid.entry(key(cx, cy)).or_insert_with(|| {
                        cells.push(Vec::new());
                        (cells.len() - 1) as u64
                    });
                    if let Some(cell) = cells.get_mut(c as usize) {
                        cell.push(i);
                    }
                }
            }
        }
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(x: f64, y: f64, width: f64, height: f64, priority: f64) -> LabelBox {
        LabelBox {
            x,
            y,
            width,
            height,
            priority,
        }
    }

    #[test]
    fn higher_priority_wins_overlaps() {
        let boxes = [
            b(0.0, 0.0, 40.0, 12.0, 1.0),
            b(10.0, 0.0, 40.0, 12.0, 5.0),
            b(100.0, 0.0, 40.0, 12.0, 0.0),
            b(10.0, 12.0, 40.0, 12.0, 0.5), // touches the second: allowed
        ];
        assert_eq!(place_labels(&boxes), [false, true, true, true]);
    }

    #[test]
    fn ties_keep_input_order() {
        let boxes = [b(0.0, 0.0, 10.0, 10.0, 1.0), b(5.0, 0.0, 10.0, 10.0, 1.0)];
        assert_eq!(place_labels(&boxes), [true, false]);
    }

    #[test]
    fn broken_boxes_are_left_out() {
        let boxes = [
            b(f64::NAN, 0.0, 10.0, 10.0, 1.0),
            b(0.0, 0.0, -1.0, 10.0, 1.0),
            b(0.0, 0.0, f64::INFINITY, 10.0, 1.0),
            b(0.0, 0.0, 10.0, 10.0, f64::NAN),
            b(1e300, -1e300, 10.0, 10.0, 0.0),
        ];
        assert_eq!(place_labels(&boxes), [false, false, false, true, true]);
        assert!(place_labels(&[]).is_empty());
    }

    #[test]
    fn a_huge_box_blocks_what_it_covers() {
        let boxes = [
            b(0.0, 0.0, 10_000.0, 10_000.0, 9.0),
            b(100.0, 100.0, 10.0, 10.0, 1.0),
            b(9_000.0, 0.0, 10.0, 10.0, 1.0),
        ];
        assert_eq!(place_labels(&boxes), [true, false, true]);
        let reversed = [boxes[1], boxes[2], b(0.0, 0.0, 10_000.0, 10_000.0, 0.0)];
        assert_eq!(place_labels(&reversed), [true, true, false]);
    }

    #[test]
    fn zero_sized_labels_never_overlap() {
        let boxes = [b(0.0, 0.0, 0.0, 0.0, 1.0), b(0.0, 0.0, 0.0, 0.0, 1.0)];
        assert_eq!(place_labels(&boxes), [true, true]);
    }
}
