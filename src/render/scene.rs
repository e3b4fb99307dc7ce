//! A laid-out chain ready for interactive drawing: a spatial index for culling and hit testing,
//! flow adjacency for highlighting and keyboard moves, and the level-of-detail rules. Pure Rust,
//! so the browser renderers (SVG and canvas) share it and it is tested natively.

use crate::hash::Map as HashMap;
use std::sync::Arc;

use crate::layout::{Layout, NodeKind};

/// An axis-aligned rectangle `[x0, y0, x1, y1]` in layout units.
pub type Rect = [f64; 4];

/// A hierarchical grid over rectangles: level `k` has cells `2^k` times the base cell, and each
/// rectangle is listed at the finest level where it spans at most two cells a side.
///
/// A single uniform grid lists a long thin rectangle in every cell it covers: a flow routed
/// across a 2,000,000-unit column covered thousands of cells, and 100,000 such flows took
/// gigabytes. Here every item is listed in at most four cells, so building is O(items + cells)
/// in time and memory whatever the shapes; a query visits the cells under it on each level
/// (O(levels + items found + items sharing those cells)) and returns each item once, ascending.
#[derive(Clone, Debug, Default)]
pub struct Grid {
    levels: Vec<Level>,
    bounds: Vec<Rect>,
}

/// One level of a [`Grid`]: cell `c` holds `items[start[c]..start[c + 1]]` (compressed rows).
#[derive(Clone, Debug, Default)]
struct Level {
    x0: f64,
    y0: f64,
    cell: f64,
    cols: usize,
    rows: usize,
    start: Vec<u32>,
    items: Vec<u32>,
}

impl Level {
    fn new(extent: Rect, cell: f64) -> Level {
        let (w, h) = extent_size(extent);
        Level {
            x0: extent[0],
            y0: extent[1],
            cell,
            cols: (w / cell).ceil().max(1.0) as usize,
            rows: (h / cell).ceil().max(1.0) as usize,
            start: Vec::new(),
            items: Vec::new(),
        }
    }

    /// Lists `members` (indices into `bounds`) in the cells they overlap.
    fn fill(&mut self, members: &[u32], bounds: &[Rect]) {
        let cols = self.cols;
        let mut counts = vec![0u32; cols * self.rows + 1];
        let cells = |level: &Level, i: u32| {
            let (c0, r0, c1, r1) = bounds
                .get(i as usize)
                .map_or((1, 1, 0, 0), |r| level.span(r));
            (r0..=r1).flat_map(move |row| (c0..=c1).map(move |col| row * cols + col))
        };
        for &i in members {
            for c in cells(self, i) {
                if let Some(n) = counts.get_mut(c) {
                    *n += 1;
                }
            }
        }
        let mut start = Vec::with_capacity(counts.len());
        let mut at = 0u32;
        for n in &counts {
            start.push(at);
            at += n;
        }
        let mut fill = start.clone();
        let mut items = vec![0u32; at as usize];
        for &i in members {
            for c in cells(self, i) {
                if let Some(f) = fill.get_mut(c) {
                    if let Some(slot) = items.get_mut(*f as usize) {
                        *slot = i;
                    }
                    *f += 1;
                }
            }
        }
        self.start = start;
        self.items = items;
    }

    /// Cells (first column, first row, last column, last row) under `r`, clamped to the level.
    fn span(&self, r: &Rect) -> (usize, usize, usize, usize) {
        let col = |x: f64| {
            (((x - self.x0) / self.cell).floor().max(0.0) as usize).min(self.cols.saturating_sub(1))
        };
        let row = |y: f64| {
            (((y - self.y0) / self.cell).floor().max(0.0) as usize).min(self.rows.saturating_sub(1))
        };
        (col(r[0]), row(r[1]), col(r[2]), row(r[3]))
    }
}

fn extent_size(extent: Rect) -> (f64, f64) {
    (
        (extent[2] - extent[0]).max(1.0),
        (extent[3] - extent[1]).max(1.0),
    )
}

impl Grid {
    /// Indexes `rects` (item `i` is `rects[i]`) over the area `extent`. The finest cells are
    /// sized so that there are about as many cells as items (at least `min_cell` units wide,
    /// and never more than about 4M cells); larger items go to coarser levels.
    pub fn new(rects: Vec<Rect>, extent: Rect, min_cell: f64) -> Grid {
        let (w, h) = extent_size(extent);
        let base = (w * h / rects.len().max(1) as f64)
            .sqrt()
            .max(min_cell)
            .max((w * h / 4.0e6).sqrt())
            .max(1.0);
        // Level k has cells of base·2^k; the last has one cell a side that covers everything.
        let n_levels = ((w.max(h) / base).log2().ceil().max(0.0) as usize) + 1;
        let mut members: Vec<Vec<u32>> = vec![Vec::new(); n_levels];
        for (i, r) in rects.iter().enumerate() {
            let size = (r[2] - r[0]).max(r[3] - r[1]).max(0.0);
            let k = if size <= base {
                0
            } else {
                ((size / base).log2().ceil() as usize).min(n_levels - 1)
            };
            if let Some(m) = members.get_mut(k) {
                m.push(i as u32);
            }
        }
        let levels = members
            .iter()
            .enumerate()
            .filter(|(_, m)| !m.is_empty())
            .map(|(k, m)| {
                let mut level = Level::new(extent, base * f64::powi(2.0, k as i32));
                level.fill(m, &rects);
                level
            })
            .collect();
        Grid {
            levels,
            bounds: rects,
        }
    }

    /// Items whose rectangle overlaps `r`, ascending, each once; appended to `out` (cleared).
    pub fn query(&self, r: Rect, out: &mut Vec<u32>) {
        out.clear();
        if r[2] < r[0] || r[3] < r[1] {
            return;
        }
        for level in &self.levels {
            let (c0, r0, c1, r1) = level.span(&r);
            for row in r0..=r1 {
                let (Some(&a), Some(&b)) = (
                    level.start.get(row * level.cols + c0),
                    level.start.get(row * level.cols + c1 + 1),
                ) else {
                    continue;
                };
                for &i in level.items.get(a as usize..b as usize).unwrap_or(&[]) {
                    if self.bounds.get(i as usize).is_some_and(|b| overlaps(b, &r)) {
                        out.push(i);
                    }
                }
            }
        }
        out.sort_unstable();
        out.dedup();
    }

    /// The rectangle of item `i`.
    pub fn bounds(&self, i: usize) -> Option<&Rect> {
        self.bounds.get(i)
    }

    /// Cell entries over all levels: the index's size, at most four per item.
    pub fn entries(&self) -> usize {
        self.levels.iter().map(|l| l.items.len()).sum()
    }
}

fn overlaps(a: &Rect, b: &Rect) -> bool {
    a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

/// How much detail a scale (screen px per layout unit) can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Detail {
    /// Label text is legible (at least 7 px high on screen).
    pub labels: bool,
    /// Edges are drawn as their full curves (else each indexed piece as one straight chord).
    pub curves: bool,
    /// Boxes have rounded corners, gap symbols and dash patterns.
    pub decorations: bool,
}

impl Detail {
    /// The detail for `scale`, with labels of `font_px`.
    pub fn at(scale: f64, font_px: f64) -> Detail {
        let text_px = scale * font_px;
        Detail {
            labels: text_px >= 7.0,
            curves: scale >= 0.6,
            decorations: text_px >= 5.0,
        }
    }
}

/// A keyboard move between links.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Along a forward flow, downstream.
    Downstream,
    /// Along a forward flow, upstream.
    Upstream,
    /// The previous link in the same layer.
    Previous,
    /// The next link in the same layer.
    Next,
}

impl Step {
    /// The move an arrow key makes in a left→right drawing.
    pub fn from_key(key: &str) -> Option<Step> {
        match key {
            "ArrowRight" => Some(Step::Downstream),
            "ArrowLeft" => Some(Step::Upstream),
            "ArrowUp" => Some(Step::Previous),
            "ArrowDown" => Some(Step::Next),
            _ => None,
        }
    }
}

/// A layout indexed for drawing and interaction.
#[derive(Debug)]
pub struct Scene {
    /// The layout drawn (shared with whoever laid it out).
    pub layout: Arc<Layout>,
    /// Indices (into `layout.nodes`) of the link boxes, in drawing order.
    pub links: Vec<usize>,
    /// Link boxes by id (index into `layout.nodes`).
    by_id: HashMap<String, usize>,
    /// Per node: forward edges leaving it and entering it (indices into `layout.edges`).
    out_edges: Vec<Vec<u32>>,
    in_edges: Vec<Vec<u32>>,
    /// Per edge: source and target node indices.
    ends: Vec<(usize, usize)>,
    /// Spatial index of the link boxes (items are positions in `links`).
    nodes_grid: Grid,
    /// Spatial index of edge pieces (items are positions in `pieces`).
    edges_grid: Grid,
    /// Edge pieces, each a short run of its polyline.
    pieces: Vec<Piece>,
}

/// A run of an edge's polyline: (edge index, first point, last point).
pub type Piece = (u32, u32, u32);

/// Points per indexed edge piece: long routes are indexed piecewise so that a query near one
/// end does not return every long edge.
const PIECE: usize = 8;

impl Scene {
    /// Indexes `layout`. O(nodes + edge points + grid cells covered).
    pub fn new(layout: Arc<Layout>) -> Scene {
        let links: Vec<usize> = layout
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.kind != NodeKind::Stage)
            .map(|(i, _)| i)
            .collect();
        let by_id: HashMap<String, usize> = links
            .iter()
            .filter_map(|&i| layout.nodes.get(i).map(|n| (n.id.clone(), i)))
            .collect();
        let n = layout.nodes.len();
        let mut out_edges = vec![Vec::new(); n];
        let mut in_edges = vec![Vec::new(); n];
        let mut ends = Vec::with_capacity(layout.edges.len());
        for (k, e) in layout.edges.iter().enumerate() {
            let (Some(&a), Some(&b)) = (by_id.get(&e.from), by_id.get(&e.to)) else {
                ends.push((usize::MAX, usize::MAX));
                continue;
            };
            ends.push((a, b));
            if !e.back {
                if let Some(l) = out_edges.get_mut(a) {
                    l.push(k as u32);
                }
                if let Some(l) = in_edges.get_mut(b) {
                    l.push(k as u32);
                }
            }
        }
        let extent = [0.0, 0.0, layout.width.max(1.0), layout.height.max(1.0)];
        let node_rects: Vec<Rect> = links
            .iter()
            .filter_map(|&i| layout.nodes.get(i))
            .map(|n| {
                [
                    n.x - n.width / 2.0,
                    n.y - n.height / 2.0,
                    n.x + n.width / 2.0,
                    n.y + n.height / 2.0,
                ]
            })
            .collect();
        let mut pieces = Vec::new();
        let mut piece_rects = Vec::new();
        for (k, e) in layout.edges.iter().enumerate() {
            let len = e.points.len();
            let mut first = 0;
            while first + 1 < len {
                let last = (first + PIECE).min(len - 1);
                let r = e
                    .points
                    .get(first..=last)
                    .unwrap_or(&[])
                    .iter()
                    .fold(empty_rect(), |r, p| grow(r, *p));
                pieces.push((k as u32, first as u32, last as u32));
                piece_rects.push(r);
                first = last;
            }
        }
        Scene {
            nodes_grid: Grid::new(node_rects, extent, 64.0),
            // Coarser for edges: long flows cross many cells, and culling them needs no precision.
            edges_grid: Grid::new(piece_rects, extent, 256.0),
            layout,
            links,
            by_id,
            out_edges,
            in_edges,
            ends,
            pieces,
        }
    }

    /// The node index of link `id`.
    pub fn node(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The link box under the point `(x, y)` (layout units), the topmost when boxes touch.
    pub fn hit(&self, x: f64, y: f64) -> Option<usize> {
        let mut found = Vec::new();
        self.nodes_grid.query([x, y, x, y], &mut found);
        found
            .last()
            .and_then(|&k| self.links.get(k as usize))
            .copied()
    }

    /// Link boxes (node indices) and edges (edge indices) overlapping `view`, each once and in
    /// ascending order, appended to the cleared `nodes` and `edges`.
    pub fn visible(&self, view: Rect, nodes: &mut Vec<usize>, edges: &mut Vec<usize>) {
        let mut pieces = Vec::new();
        self.visible_pieces(view, nodes, &mut pieces);
        edges.clear();
        edges.extend(pieces.iter().map(|p| p.0 as usize));
        edges.sort_unstable();
        edges.dedup();
    }

    /// Link boxes (node indices, ascending) and the edge pieces overlapping `view`: only the
    /// parts of long edges that can be seen, so a frame never traces a whole route for the few
    /// pixels of it on screen. Appended to the cleared `nodes` and `pieces`.
    pub fn visible_pieces(&self, view: Rect, nodes: &mut Vec<usize>, pieces: &mut Vec<Piece>) {
        let mut found = Vec::new();
        self.nodes_grid.query(view, &mut found);
        nodes.clear();
        nodes.extend(
            found
                .iter()
                .filter_map(|&k| self.links.get(k as usize))
                .copied(),
        );
        self.edges_grid.query(view, &mut found);
        pieces.clear();
        pieces.extend(
            found
                .iter()
                .filter_map(|&p| self.pieces.get(p as usize))
                .copied(),
        );
    }

    /// Every edge as one piece from its first point to its last.
    pub fn all_pieces(&self) -> Vec<Piece> {
        self.layout
            .edges
            .iter()
            .enumerate()
            .map(|(k, e)| (k as u32, 0, e.points.len().saturating_sub(1) as u32))
            .collect()
    }

    /// Source and target node of edge `k`.
    pub fn ends(&self, k: usize) -> Option<(usize, usize)> {
        self.ends.get(k).copied().filter(|e| e.0 != usize::MAX)
    }

    /// The selection's chain: per node, whether it is the selected node or upstream or
    /// downstream of it along forward flows (back edges, recycling and services, are left out:
    /// with a recycling loop everything would be upstream of everything). O(nodes + edges).
    pub fn chain_of(&self, selected: usize) -> Vec<bool> {
        let mut lit = vec![false; self.layout.nodes.len()];
        if let Some(l) = lit.get_mut(selected) {
            *l = true;
        } else {
            return lit;
        }
        for downstream in [true, false] {
            let mut stack = vec![selected];
            while let Some(at) = stack.pop() {
                let list = if downstream {
                    self.out_edges.get(at)
                } else {
                    self.in_edges.get(at)
                };
                for &k in list.into_iter().flatten() {
                    let Some((a, b)) = self.ends(k as usize) else {
                        continue;
                    };
                    let next = if downstream { b } else { a };
                    if let Some(l) = lit.get_mut(next)
                        && !*l
                    {
                        *l = true;
                        stack.push(next);
                    }
                }
            }
        }
        lit
    }

    /// The link a keyboard step from node `from` leads to: along a forward flow (the nearest
    /// across the flow), or the neighbour above or below in the same layer.
    pub fn neighbour(&self, from: usize, step: Step) -> Option<usize> {
        let here = self.layout.nodes.get(from)?;
        let candidates: Vec<usize> = match step {
            Step::Downstream => self
                .out_edges
                .get(from)?
                .iter()
                .filter_map(|&k| self.ends(k as usize).map(|e| e.1))
                .collect(),
            Step::Upstream => self
                .in_edges
                .get(from)?
                .iter()
                .filter_map(|&k| self.ends(k as usize).map(|e| e.0))
                .collect(),
            Step::Previous | Step::Next => {
                let mut column = Vec::new();
                self.nodes_grid.query(
                    [here.x, 0.0, here.x, self.layout.height.max(1.0)],
                    &mut column,
                );
                column
                    .iter()
                    .filter_map(|&k| self.links.get(k as usize).copied())
                    .filter(|&i| i != from)
                    .filter(|&i| {
                        self.layout.nodes.get(i).is_some_and(|n| {
                            (n.x - here.x).abs() < 0.5
                                && if step == Step::Next {
                                    n.y > here.y
                                } else {
                                    n.y < here.y
                                }
                        })
                    })
                    .collect()
            }
        };
        candidates
            .into_iter()
            .filter_map(|i| self.layout.nodes.get(i).map(|n| (i, n)))
            .min_by(|(_, a), (_, b)| {
                (a.y - here.y)
                    .abs()
                    .total_cmp(&(b.y - here.y).abs())
                    .then(a.id.cmp(&b.id))
            })
            .map(|(i, _)| i)
    }
}

fn empty_rect() -> Rect {
    [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ]
}

fn grow(r: Rect, p: [f64; 2]) -> Rect {
    [
        r[0].min(p[0]),
        r[1].min(p[1]),
        r[2].max(p[0]),
        r[3].max(p[1]),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Chain;
    use crate::generate::{GenerateOptions, generate};
    use crate::layout::{LayoutOptions, layout_chain};

    fn scene(links: usize) -> Scene {
        let chain = Chain::new(generate(&GenerateOptions {
            links,
            enterprises: 0,
            seed: 7,
        }));
        Scene::new(Arc::new(layout_chain(&chain, &LayoutOptions::default())))
    }

    fn node_rect(s: &Scene, i: usize) -> Rect {
        let n = &s.layout.nodes[i];
        [
            n.x - n.width / 2.0,
            n.y - n.height / 2.0,
            n.x + n.width / 2.0,
            n.y + n.height / 2.0,
        ]
    }

    #[test]
    fn grid_queries_match_a_linear_scan() {
        let mut rects = Vec::new();
        let mut seed = 1u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as f64 / (1u64 << 31) as f64
        };
        for i in 0..500 {
            let (x, y) = (next() * 1000.0, next() * 700.0);
            // Mostly small boxes, some long thin ones (flows across a tall column), a few huge.
            let (w, h) = match i % 10 {
                0 => (next() * 20.0, next() * 700.0),
                1 => (next() * 1000.0, next() * 10.0),
                2 if i % 50 == 2 => (1100.0, 750.0),
                _ => (next() * 80.0, next() * 40.0),
            };
            rects.push([x, y, x + w, y + h]);
        }
        let grid = Grid::new(rects.clone(), [0.0, 0.0, 1100.0, 750.0], 16.0);
        assert!(
            grid.entries() <= 4 * rects.len(),
            "each item in at most four cells"
        );
        let mut out = Vec::new();
        for _ in 0..200 {
            let (x, y) = (next() * 1100.0 - 50.0, next() * 750.0 - 50.0);
            let q = [x, y, x + next() * 300.0, y + next() * 200.0];
            grid.query(q, &mut out);
            let expected: Vec<u32> = rects
                .iter()
                .enumerate()
                .filter(|(_, r)| overlaps(r, &q))
                .map(|(i, _)| i as u32)
                .collect();
            assert_eq!(out, expected, "query {q:?}");
        }
        grid.query([5.0, 5.0, 1.0, 1.0], &mut out);
        assert!(out.is_empty(), "an inverted rectangle finds nothing");
    }

    #[test]
    fn culling_keeps_exactly_what_overlaps_the_view() {
        let s = scene(300);
        let (w, h) = (s.layout.width, s.layout.height);
        let view = [w * 0.3, h * 0.4, w * 0.7, h * 0.6];
        let (mut nodes, mut edges) = (Vec::new(), Vec::new());
        s.visible(view, &mut nodes, &mut edges);
        let expected: Vec<usize> = s
            .links
            .iter()
            .copied()
            .filter(|&i| overlaps(&node_rect(&s, i), &view))
            .collect();
        assert_eq!(nodes, expected);
        assert!(!nodes.is_empty() && nodes.len() < s.links.len());
        // Every edge with a point in view is kept; nothing far away is.
        for (k, e) in s.layout.edges.iter().enumerate() {
            let inside = e
                .points
                .iter()
                .any(|p| p[0] >= view[0] && p[0] <= view[2] && p[1] >= view[1] && p[1] <= view[3]);
            if inside {
                assert!(edges.contains(&k), "edge {k} has a point in view");
            }
            let b = e.points.iter().fold(empty_rect(), |r, p| grow(r, *p));
            if !overlaps(&b, &view) {
                assert!(!edges.contains(&k), "edge {k} is nowhere near the view");
            }
        }
    }

    #[test]
    fn visible_pieces_cover_every_segment_in_view_and_only_nearby_ones() {
        let s = scene(300);
        let (w, h) = (s.layout.width, s.layout.height);
        let view = [w * 0.3, h * 0.4, w * 0.7, h * 0.6];
        let (mut nodes, mut pieces) = (Vec::new(), Vec::new());
        s.visible_pieces(view, &mut nodes, &mut pieces);
        let inside =
            |p: &[f64; 2]| p[0] >= view[0] && p[0] <= view[2] && p[1] >= view[1] && p[1] <= view[3];
        for (k, e) in s.layout.edges.iter().enumerate() {
            for (i, p) in e.points.iter().enumerate() {
                if inside(p) {
                    assert!(
                        pieces.iter().any(|&(pk, a, b)| pk as usize == k
                            && a as usize <= i
                            && i <= b as usize),
                        "point {i} of edge {k} is in view"
                    );
                }
            }
        }
        let drawn: usize = pieces.iter().map(|p| (p.2 - p.1) as usize).sum();
        let whole: usize = s
            .layout
            .edges
            .iter()
            .map(|e| e.points.len().saturating_sub(1))
            .sum();
        assert!(
            drawn < whole / 2,
            "a partial view draws part of the routes ({drawn} of {whole})"
        );
        assert_eq!(s.all_pieces().len(), s.layout.edges.len());
    }

    #[test]
    fn hit_finds_the_box_under_the_point_and_nothing_between_boxes() {
        let s = scene(120);
        for &i in &s.links {
            let n = &s.layout.nodes[i];
            assert_eq!(s.hit(n.x, n.y), Some(i), "{}", n.id);
            assert_eq!(
                s.hit(n.x + n.width / 2.0 - 0.5, n.y - n.height / 2.0 + 0.5),
                Some(i)
            );
        }
        assert_eq!(s.hit(-10.0, -10.0), None);
        assert_eq!(s.hit(1.0, 1.0), None, "the margin is empty");
    }

    #[test]
    fn chain_of_matches_a_search_over_the_edge_list() {
        let s = scene(200);
        for &sel in s.links.iter().step_by(17) {
            let lit = s.chain_of(sel);
            // Reference: repeated scans of all forward edges until nothing changes, per side.
            let mut expected = vec![false; s.layout.nodes.len()];
            expected[sel] = true;
            for downstream in [true, false] {
                let mut reach = vec![false; s.layout.nodes.len()];
                reach[sel] = true;
                loop {
                    let mut changed = false;
                    for (k, e) in s.layout.edges.iter().enumerate() {
                        let Some((a, b)) = s.ends(k) else { continue };
                        let (from, to) = if downstream { (a, b) } else { (b, a) };
                        if !e.back && reach[from] && !reach[to] {
                            reach[to] = true;
                            changed = true;
                        }
                    }
                    if !changed {
                        break;
                    }
                }
                for (i, r) in reach.iter().enumerate() {
                    expected[i] |= r;
                }
            }
            assert_eq!(lit, expected, "selection {}", s.layout.nodes[sel].id);
        }
    }

    #[test]
    fn keyboard_steps_follow_flows_and_layers() {
        let s = scene(150);
        let mut moved = 0;
        for &i in &s.links {
            let here = &s.layout.nodes[i];
            if let Some(j) = s.neighbour(i, Step::Downstream) {
                let there = &s.layout.nodes[j];
                assert!(there.x > here.x, "downstream is to the right");
                assert!(
                    s.layout
                        .edges
                        .iter()
                        .any(|e| e.from == here.id && e.to == there.id && !e.back)
                );
                moved += 1;
            }
            if let Some(j) = s.neighbour(i, Step::Next) {
                let there = &s.layout.nodes[j];
                assert!((there.x - here.x).abs() < 0.5 && there.y > here.y);
                // Nothing in the same layer lies between them.
                assert!(!s.links.iter().any(|&k| {
                    let n = &s.layout.nodes[k];
                    (n.x - here.x).abs() < 0.5 && n.y > here.y && n.y < there.y
                }));
                assert_eq!(s.neighbour(j, Step::Previous), Some(i));
            }
        }
        assert!(
            moved > 50,
            "most links have a downstream neighbour ({moved})"
        );
    }

    #[test]
    fn detail_drops_labels_before_shapes() {
        let close = Detail::at(1.0, 13.0);
        assert!(close.labels && close.curves && close.decorations);
        let far = Detail::at(0.1, 13.0);
        assert!(!far.labels && !far.curves && !far.decorations);
        let mid = Detail::at(0.45, 13.0);
        assert!(!mid.labels && !mid.curves && mid.decorations);
        let near = Detail::at(0.6, 13.0);
        assert!(near.labels && near.curves && near.decorations);
    }
}
