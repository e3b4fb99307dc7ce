//! Hit testing through a uniform grid: which region is under the pointer, which point is nearest.
//!
//! Every polygon is filed in the cells of a grid (about one cell per polygon) that its bounding
//! box covers; a query looks at one cell, rejects candidates by bounding box and runs the even-odd
//! crossing test ([`super::polygon_contains`]) on the rest. Polygons covering more than a quarter
//! of the grid are kept in a short list tested on every query instead, so overlapping layers
//! cannot blow the grid up. Building costs O(n + c) for n vertices and c cell entries; a query
//! costs O(k·m) for k candidates of m vertices, typically one or two. Point features get a grid of
//! their own. Reference: V. Akman, W. R. Franklin, M. Kankanhalli, C. Narayanaswami, "Geometric
//! computing and uniform grid technique", Computer-Aided Design 21(7), 1989.

use super::{Bbox, Projected, ring_crossings};

/// Largest grid side, in cells.
const MAX_SIDE: usize = 1024;

/// A uniform grid over bounding boxes, stored as one flat list per cell (compressed rows).
#[derive(Clone, Debug, Default)]
struct Grid {
    bbox: Bbox,
    cols: usize,
    rows: usize,
    cell_w: f64,
    cell_h: f64,
    /// `items[start[c]..start[c + 1]]` are the boxes in cell `c`, in increasing order.
    start: Vec<u32>,
    items: Vec<u32>,
    /// Boxes too large for the grid, in increasing order.
    big: Vec<u32>,
}

impl Grid {
    fn new(boxes: &[Bbox]) -> Grid {
        let bbox = boxes.iter().fold(Bbox::EMPTY, |a, b| a.union(b));
        let n = boxes.len().max(1) as f64;
        let (w, h) = (bbox.width(), bbox.height());
        let (cols, rows) = if w > 0.0 && h > 0.0 {
            let cols = (n * w / h).sqrt().ceil().clamp(1.0, MAX_SIDE as f64);
            let rows = (n / cols).ceil().clamp(1.0, MAX_SIDE as f64);
            (cols as usize, rows as usize)
        } else if w > 0.0 {
            (n.min(MAX_SIDE as f64) as usize, 1)
        } else if h > 0.0 {
            (1, n.min(MAX_SIDE as f64) as usize)
        } else {
            (1, 1)
        };
        let mut grid = Grid {
            bbox,
            cols,
            rows,
            cell_w: (w / cols as f64).max(f64::MIN_POSITIVE),
            cell_h: (h / rows as f64).max(f64::MIN_POSITIVE),
            ..Grid::default()
        };
        let n_cells = cols * rows;
        let big_span = (n_cells / 4).max(4);
        let mut counts = vec![0u32; n_cells + 1];
        let mut spans = Vec::with_capacity(boxes.len());
        for (i, b) in boxes.iter().enumerate() {
            if b.is_empty() {
                spans.push(None);
                continue;
            }
            let span = grid.span(b);
            let [x0, y0, x1, y1] = span;
            if (x1 - x0 + 1) * (y1 - y0 + 1) > big_span {
                grid.big.push(i as u32);
                spans.push(None);
                continue;
            }
            for cy in y0..=y1 {
                for cx in x0..=x1 {
                    if let Some(c) = counts.get_mut(cy * cols + cx + 1) {
                        *c += 1;
                    }
                }
            }
            spans.push(Some(span));
        }
        for c in 1..counts.len() {
            let before = counts.get(c - 1).copied().unwrap_or(0);
            if let Some(v) = counts.get_mut(c) {
                *v += before;
            }
        }
        let total = counts.last().copied().unwrap_or(0) as usize;
        let mut fill = counts.clone();
        let mut items = vec![0u32; total];
        for (i, span) in spans.iter().enumerate() {
            let Some([x0, y0, x1, y1]) = *span else {
                continue;
            };
            for cy in y0..=y1 {
                for cx in x0..=x1 {
                    if let Some(at) = fill.get_mut(cy * cols + cx)
                        && let Some(slot) = items.get_mut(*at as usize)
                    {
                        *slot = i as u32;
                        *at += 1;
                    }
                }
            }
        }
        grid.start = counts;
        grid.items = items;
        grid
    }

    fn cell_x(&self, x: f64) -> usize {
        ((x - self.bbox.min[0]) / self.cell_w)
            .floor()
            .clamp(0.0, (self.cols - 1) as f64) as usize
    }

    fn cell_y(&self, y: f64) -> usize {
        ((y - self.bbox.min[1]) / self.cell_h)
            .floor()
            .clamp(0.0, (self.rows - 1) as f64) as usize
    }

    /// Cells `[x0, y0, x1, y1]` (inclusive) covered by a box.
    fn span(&self, b: &Bbox) -> [usize; 4] {
        [
            self.cell_x(b.min[0]),
            self.cell_y(b.min[1]),
            self.cell_x(b.max[0]),
            self.cell_y(b.max[1]),
        ]
    }

    /// The boxes filed in the cell holding `p` (not the big ones).
    fn cell(&self, cx: usize, cy: usize) -> &[u32] {
        let c = cy * self.cols + cx;
        let (Some(&a), Some(&b)) = (self.start.get(c), self.start.get(c + 1)) else {
            return &[];
        };
        self.items.get(a as usize..b as usize).unwrap_or(&[])
    }
}

/// One polygon as indexed: its region, its bounds and its rings in the flat coordinate list.
#[derive(Clone, Debug)]
struct Entry {
    region: usize,
    bbox: Bbox,
    rings: std::ops::Range<usize>,
}

/// A spatial index of projected regions and points for pointer hit tests. It keeps its own
/// compact copy of the full-detail rings, so it stands alone once built.
#[derive(Clone, Debug)]
pub struct RegionIndex {
    coords: Vec<[f64; 2]>,
    rings: Vec<std::ops::Range<usize>>,
    entries: Vec<Entry>,
    grid: Grid,
    points: Vec<[f64; 2]>,
    point_grid: Grid,
}

impl RegionIndex {
    /// Indexes every polygon of every region and every point. O(n) in the number of vertices plus
    /// the grid entries.
    pub fn new(projected: &Projected) -> RegionIndex {
        let mut coords = Vec::with_capacity(projected.n_vertices());
        let mut rings = Vec::new();
        let mut entries = Vec::new();
        for (region, r) in projected.regions.iter().enumerate() {
            for polygon in &r.polygons {
                let first_ring = rings.len();
                for ring in polygon.rings() {
                    let start = coords.len();
                    coords.extend_from_slice(ring);
                    rings.push(start..coords.len());
                }
                entries.push(Entry {
                    region,
                    bbox: Bbox::of(&polygon.exterior),
                    rings: first_ring..rings.len(),
                });
            }
        }
        let boxes: Vec<Bbox> = entries.iter().map(|e| e.bbox).collect();
        let point_boxes: Vec<Bbox> = projected.points.iter().map(|p| Bbox::of(&[*p])).collect();
        RegionIndex {
            coords,
            rings,
            entries,
            grid: Grid::new(&boxes),
            points: projected.points.clone(),
            point_grid: Grid::new(&point_boxes),
        }
    }

    /// Whether entry `e` contains `p` (even-odd over its rings).
    fn entry_contains(&self, e: &Entry, p: [f64; 2]) -> bool {
        if !e.bbox.contains(p) {
            return false;
        }
        let crossings: usize = self
            .rings
            .get(e.rings.clone())
            .unwrap_or(&[])
            .iter()
            .map(|r| ring_crossings(self.coords.get(r.clone()).unwrap_or(&[]), p))
            .sum();
        crossings % 2 == 1
    }

    /// The region under projected point `p`: when regions overlap, the one drawn last (the
    /// highest index). `None` outside every region, in a hole, or for a non-finite point.
    pub fn hit(&self, p: [f64; 2]) -> Option<usize> {
        if !(p[0].is_finite() && p[1].is_finite() && self.grid.bbox.contains(p)) {
            return None;
        }
        let cell = self
            .grid
            .cell(self.grid.cell_x(p[0]), self.grid.cell_y(p[1]));
        let top = |candidates: &[u32]| {
            candidates.iter().rev().find_map(|&i| {
                let e = self.entries.get(i as usize)?;
                self.entry_contains(e, p).then_some(i as usize)
            })
        };
        let best = top(cell).max(top(&self.grid.big))?;
        self.entries.get(best).map(|e| e.region)
    }

    /// The point feature nearest to projected point `p` within `radius` (projected units; divide
    /// a radius in px by [`super::Fit::scale`]); the lowest index among equally near ones.
    pub fn hit_point(&self, p: [f64; 2], radius: f64) -> Option<usize> {
        if !(p[0].is_finite() && p[1].is_finite() && radius >= 0.0) || self.points.is_empty() {
            return None;
        }
        let g = &self.point_grid;
        let query = Bbox {
            min: [p[0] - radius, p[1] - radius],
            max: [p[0] + radius, p[1] + radius],
        };
        let r2 = radius * radius;
        let mut best: Option<(f64, usize)> = None;
        let mut consider = |i: usize| {
            let Some(q) = self.points.get(i) else {
                return;
            };
            let d2 = (q[0] - p[0]).powi(2) + (q[1] - p[1]).powi(2);
            if d2 <= r2 && best.is_none_or(|(bd, bi)| d2 < bd || (d2 == bd && i < bi)) {
                best = Some((d2, i));
            }
        };
        if !query.intersects(&g.bbox) {
            return None;
        }
        let [x0, y0, x1, y1] = g.span(&query);
        if (x1 - x0 + 1).saturating_mul(y1 - y0 + 1) > self.points.len() {
            (0..self.points.len()).for_each(&mut consider);
        } else {
            for cy in y0..=y1 {
                for cx in x0..=x1 {
                    g.cell(cx, cy).iter().for_each(|&i| consider(i as usize));
                }
            }
            g.big.iter().for_each(|&i| consider(i as usize));
        }
        best.map(|(_, i)| i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::{CoordinateSpace, GeoOptions, Projection, parse, polygon_contains};

    fn projected(text: &str) -> Projected {
        let opts = GeoOptions {
            coordinates: CoordinateSpace::Local,
            ..GeoOptions::default()
        };
        Projected::new(&parse(text, &opts).unwrap(), Projection::Identity)
    }

    fn brute(p: &Projected, q: [f64; 2]) -> Option<usize> {
        (0..p.regions.len()).rev().find(|&r| {
            p.regions[r]
                .polygons
                .iter()
                .any(|poly| polygon_contains(poly, q))
        })
    }

    const MAP: &str = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"adcode":"a"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[3,0],[3,3],[0,3],[0,0]],[[1,1],[1,2],[2,2],[2,1],[1,1]]]}},
      {"type":"Feature","properties":{"adcode":"b"},"geometry":{"type":"MultiPolygon","coordinates":[[[[3,0],[6,0],[6,3],[3,3],[3,0]]],[[[10,10],[11,10],[11,11],[10,11],[10,10]]]]}},
      {"type":"Feature","properties":{"adcode":"top"},"geometry":{"type":"Polygon","coordinates":[[[5,2],[7,2],[7,4],[5,4],[5,2]]]}},
      {"type":"Feature","properties":{"id":"p0"},"geometry":{"type":"Point","coordinates":[0.5,0.5]}},
      {"type":"Feature","properties":{"id":"p1"},"geometry":{"type":"Point","coordinates":[0.7,0.5]}}
    ]}"#;

    #[test]
    fn hits_regions_holes_islands_and_overlaps() {
        let p = projected(MAP);
        let index = RegionIndex::new(&p);
        for (q, expected) in [
            ([0.5, 0.5], Some(0)),
            ([1.5, 1.5], None), // the hole
            ([4.0, 1.0], Some(1)),
            ([10.5, 10.5], Some(1)), // the island
            ([5.5, 2.5], Some(2)),   // overlap: drawn last wins
            ([8.0, 8.0], None),
            ([-1.0, 0.5], None),
            ([f64::NAN, 0.5], None),
            ([f64::INFINITY, 0.5], None),
        ] {
            assert_eq!(index.hit(q), expected, "{q:?}");
            if q[0].is_finite() {
                assert_eq!(brute(&p, q), expected, "{q:?}");
            }
        }
    }

    #[test]
    fn nearest_point_within_radius() {
        let p = projected(MAP);
        let index = RegionIndex::new(&p);
        assert_eq!(index.hit_point([0.55, 0.5], 0.1), Some(0));
        assert_eq!(index.hit_point([0.65, 0.5], 0.1), Some(1));
        assert_eq!(index.hit_point([0.6, 0.5], 0.1), Some(0)); // tie: lower index
        assert_eq!(index.hit_point([0.6, 0.9], 0.1), None);
        assert_eq!(index.hit_point([0.6, 0.9], 1e9), Some(0));
        assert_eq!(index.hit_point([0.6, 0.5], -1.0), None);
        assert_eq!(index.hit_point([0.6, 0.5], f64::NAN), None);
        assert_eq!(index.hit_point([f64::NAN, 0.5], 1.0), None);
    }

    #[test]
    fn empty_index() {
        let index = RegionIndex::new(&Projected::new(
            &crate::geo::GeoData::default(),
            Projection::Mercator,
        ));
        assert_eq!(index.hit([0.0, 0.0]), None);
        assert_eq!(index.hit_point([0.0, 0.0], 1.0), None);
    }

    #[test]
    fn big_overlapping_layers_use_the_short_list() {
        // Fifty nested squares: all cover most of the grid.
        let features: Vec<String> = (0..50)
            .map(|i| {
                let (a, b) = (i as f64, 100.0 - i as f64);
                format!(
                    r#"{{"type":"Feature","properties":{{"adcode":"{i}"}},"geometry":{{"type":"Polygon","coordinates":[[[{a},{a}],[{b},{a}],[{b},{b}],[{a},{b}],[{a},{a}]]]}}}}"#
                )
            })
            .collect();
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        );
        let p = projected(&text);
        let index = RegionIndex::new(&p);
        assert!(!index.grid.big.is_empty());
        for q in [
            [0.5, 50.0],
            [10.5, 50.0],
            [49.5, 50.0],
            [50.0, 50.0],
            [99.9, 99.9],
        ] {
            assert_eq!(index.hit(q), brute(&p, q), "{q:?}");
        }
    }
}
