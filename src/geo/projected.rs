//! Regions projected once, with every vertex ranked for simplification at any zoom level.
//!
//! Borders shared by neighbouring regions are simplified the same way on both sides, so no gaps
//! or slivers open between them: as in TopoJSON, a *junction* is a vertex that appears in two or
//! more rings with different neighbours (where three regions meet, or where a shared border
//! starts); junctions are always kept, and each stretch of a ring between two junctions (an
//! *arc*) is ranked on its own, walked in a canonical direction, by Visvalingam–Whyatt effective
//! area ([`super::effective_areas`]). Two rings sharing a border share its arcs, so they rank its
//! vertices identically. A ring with fewer than two junctions is anchored at canonical points (its
//! lowest vertex and the vertex farthest from it), so an island or an enclave and the hole it
//! fills also agree. Cost: O(n log n) once in [`Projected::new`]; O(n) per
//! [`Projected::simplified`]. References: M. Bostock, "TopoJSON" (the topology: junctions and
//! arcs), 2013; M. Visvalingam and J. D. Whyatt, 1993.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::{Bbox, GeoData, Polygon, Projection, effective_areas};
use crate::hash::Fold;

/// One region in projected units.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectedRegion {
    /// Its polygons at full detail. Projection keeps each ring's vertex order; as y now grows
    /// downwards, exteriors run clockwise on screen (negative signed area) for the geographic
    /// projections.
    pub polygons: Vec<Polygon>,
    /// Bounds of its exteriors.
    pub bbox: Bbox,
    /// The projected `cp` / `center` hint, if the source had one.
    pub centre_hint: Option<[f64; 2]>,
    /// Effective area of each vertex, ring by ring (for each polygon its exterior, then its
    /// holes), parallel to the rings' positions.
    importance: Vec<Vec<f64>>,
}

impl ProjectedRegion {
    /// The effective areas of each ring's vertices, in squared projected units, ring by ring (for
    /// each polygon its exterior, then its holes); `f64::INFINITY` for junctions and anchors.
    pub fn importance(&self) -> &[Vec<f64>] {
        &self.importance
    }

    /// Its polygons keeping only vertices whose effective area is at least `min_area`; rings left
    /// with fewer than four positions are dropped, and a polygon whose exterior is dropped goes
    /// with its holes. O(n).
    pub fn simplified(&self, min_area: f64) -> Vec<Polygon> {
        let min_area = if min_area.is_nan() { 0.0 } else { min_area };
        let mut importance = self.importance.iter();
        let mut out = Vec::with_capacity(self.polygons.len());
        for polygon in &self.polygons {
            let exterior = filter_ring(&polygon.exterior, importance.next(), min_area);
            let holes: Vec<Vec<[f64; 2]>> = polygon
                .holes
                .iter()
                .filter_map(|h| filter_ring(h, importance.next(), min_area))
                .collect();
            if let Some(exterior) = exterior {
                out.push(Polygon { exterior, holes });
            }
        }
        out
    }
}

/// The ring's vertices at or above `min_area`, closed, or `None` below four positions.
fn filter_ring(
    ring: &[[f64; 2]],
    importance: Option<&Vec<f64>>,
    min_area: f64,
) -> Option<Vec<[f64; 2]>> {
    let importance = importance?;
    let mut out: Vec<[f64; 2]> = ring
        .iter()
        .zip(importance)
        .filter(|(_, a)| **a >= min_area)
        .map(|(p, _)| *p)
        .collect();
    if let Some(first) = out.first().copied()
        && out.last() != Some(&first)
    {
        out.push(first);
    }
    (out.len() >= 4).then_some(out)
}

/// All regions and points of a [`GeoData`], projected once.
#[derive(Clone, Debug, PartialEq)]
pub struct Projected {
    /// The projection used.
    pub projection: Projection,
    /// The regions, index for index as in [`GeoData::regions`].
    pub regions: Vec<ProjectedRegion>,
    /// The point features' positions, index for index as in [`GeoData::points`].
    pub points: Vec<[f64; 2]>,
    /// Bounds of everything, for [`super::Fit::new`].
    pub bbox: Bbox,
}

impl Projected {
    /// Projects every region and point and ranks every vertex for [`Projected::simplified`].
    /// O(n log n) in the number of vertices.
    pub fn new(data: &GeoData, projection: Projection) -> Projected {
        let project_ring =
            |ring: &Vec<[f64; 2]>| ring.iter().map(|p| projection.project(*p)).collect();
        let mut regions: Vec<ProjectedRegion> = data
            .regions
            .iter()
            .map(|region| {
                let polygons: Vec<Polygon> = region
                    .polygons
                    .iter()
                    .map(|p| Polygon {
                        exterior: project_ring(&p.exterior),
                        holes: p.holes.iter().map(project_ring).collect(),
                    })
                    .collect();
                let bbox = polygons
                    .iter()
                    .map(|p| Bbox::of(&p.exterior))
                    .fold(Bbox::EMPTY, |a, b| a.union(&b));
                ProjectedRegion {
                    polygons,
                    bbox,
                    centre_hint: region.centre_hint.map(|c| projection.project(c)),
                    importance: Vec::new(),
                }
            })
            .collect();
        let junctions = find_junctions(&regions);
        for region in &mut regions {
            region.importance = region
                .polygons
                .iter()
                .flat_map(Polygon::rings)
                .map(|ring| ring_importance(ring, &junctions))
                .collect();
        }
        let points: Vec<[f64; 2]> = data
            .points
            .iter()
            .map(|p| projection.project(p.position))
            .collect();
        let bbox = regions
            .iter()
            .map(|r| r.bbox)
            .fold(Bbox::of(&points), |a, b| a.union(&b));
        Projected {
            projection,
            regions,
            points,
            bbox,
        }
    }

    /// Every region's polygons simplified to `min_area` (squared projected units; see
    /// [`ProjectedRegion::simplified`]), index for index. At a [`super::Fit`] scale of `s` px per
    /// unit, `min_area = a / s²` removes details smaller than about `a` square pixels. O(n).
    pub fn simplified(&self, min_area: f64) -> Vec<Vec<Polygon>> {
        self.regions
            .iter()
            .map(|r| r.simplified(min_area))
            .collect()
    }

    /// Number of positions at full detail.
    pub fn n_vertices(&self) -> usize {
        self.regions
            .iter()
            .flat_map(|r| &r.polygons)
            .map(Polygon::n_vertices)
            .sum()
    }
}

/// A position as hashable bits (-0.0 folded into 0.0).
type Key = (u64, u64);

fn key(p: [f64; 2]) -> Key {
    ((p[0] + 0.0).to_bits(), (p[1] + 0.0).to_bits())
}

/// Lexicographic order of positions (x, then y), total over floats.
fn cmp_points(a: &[f64; 2], b: &[f64; 2]) -> Ordering {
    a[0].total_cmp(&b[0]).then_with(|| a[1].total_cmp(&b[1]))
}

/// Distinct vertices of a closed ring (without the closing repeat).
fn distinct(ring: &[[f64; 2]]) -> &[[f64; 2]] {
    match ring.split_last() {
        Some((last, rest)) if rest.first() == Some(last) => rest,
        _ => ring,
    }
}

/// What was seen of each position: a hash of the neighbour pair of its first visit, or
/// [`JUNCTION`].
type Seen = HashMap<Key, u64, BuildHasherDefault<Fold>>;

/// Marks a position seen with different neighbours.
const JUNCTION: u64 = u64::MAX;

/// A hash of an unordered neighbour pair (never [`JUNCTION`]).
fn pair_hash(a: Key, b: Key) -> u64 {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    let mut h = Fold::default();
    for word in [lo.0, lo.1, hi.0, hi.1] {
        h.write_u64(word);
    }
    h.finish().min(JUNCTION - 1)
}

/// Every position with the neighbours of its first visit, or marked a junction when it appears
/// with different neighbours elsewhere (neighbour pairs are compared by a 64-bit hash). O(n)
/// expected.
fn find_junctions(regions: &[ProjectedRegion]) -> Seen {
    let n: usize = regions
        .iter()
        .flat_map(|r| &r.polygons)
        .map(Polygon::n_vertices)
        .sum();
    let mut seen = Seen::with_capacity_and_hasher(n, BuildHasherDefault::default());
    for ring in regions
        .iter()
        .flat_map(|r| &r.polygons)
        .flat_map(Polygon::rings)
    {
        let vertices = distinct(ring);
        let m = vertices.len();
        for (i, p) in vertices.iter().enumerate() {
            let (Some(a), Some(b)) = (vertices.get((i + m - 1) % m), vertices.get((i + 1) % m))
            else {
                continue;
            };
            let pair = pair_hash(key(*a), key(*b));
            seen.entry(key(*p))
                .and_modify(|s| {
                    if *s != pair {
                        *s = JUNCTION;
                    }
                })
                .or_insert(pair);
        }
    }
    seen
}

/// Effective areas of a closed ring's positions (the closing repeat mirrors the first), with
/// junctions and anchors at infinity and each arc between them ranked in canonical direction.
fn ring_importance(ring: &[[f64; 2]], seen: &Seen) -> Vec<f64> {
    let mut importance = vec![f64::INFINITY; ring.len()];
    let vertices = distinct(ring);
    let m = vertices.len();
    if m < 3 || m == ring.len() {
        return importance; // not a closed ring: keep everything
    }
    let mut anchors: Vec<usize> = (0..m)
        .filter(|&i| {
            vertices
                .get(i)
                .is_some_and(|p| seen.get(&key(*p)) == Some(&JUNCTION))
        })
        .collect();
    if anchors.is_empty() {
        let lowest = (0..m).min_by(|&a, &b| match (vertices.get(a), vertices.get(b)) {
            (Some(pa), Some(pb)) => cmp_points(pa, pb),
            _ => Ordering::Equal,
        });
        anchors.extend(lowest);
    }
    if let (1, Some(&s)) = (anchors.len(), anchors.first()) {
        let Some(&origin) = vertices.get(s) else {
            return importance;
        };
        let d2 = |p: &[f64; 2]| (p[0] - origin[0]).powi(2) + (p[1] - origin[1]).powi(2);
        let far = (0..m).max_by(|&a, &b| match (vertices.get(a), vertices.get(b)) {
            // Farthest first; among equals, the lowest position wins (max_by keeps the last max).
            (Some(pa), Some(pb)) => d2(pa).total_cmp(&d2(pb)).then(cmp_points(pb, pa)),
            _ => Ordering::Equal,
        });
        match far {
            Some(f) if f != s => anchors.push(f),
            _ => return importance,
        }
        anchors.sort_unstable();
    }
    for (k, &a) in anchors.iter().enumerate() {
        let b = anchors.get(k + 1).or(anchors.first()).copied().unwrap_or(a);
        let span = if b > a { b - a } else { b + m - a };
        let indices: Vec<usize> = (0..=span).map(|j| (a + j) % m).collect();
        let mut arc: Vec<[f64; 2]> = indices
            .iter()
            .filter_map(|&i| vertices.get(i).copied())
            .collect();
        let reversed = canonical_is_reversed(&arc);
        if reversed {
            arc.reverse();
        }
        let mut areas = effective_areas(&arc);
        if reversed {
            areas.reverse();
        }
        // Interior vertices only: the ends are anchors.
        for (&i, &area) in indices
            .iter()
            .zip(&areas)
            .skip(1)
            .take(indices.len().saturating_sub(2))
        {
            if let Some(slot) = importance.get_mut(i) {
                *slot = area;
            }
        }
    }
    if let Some(&first) = importance.first()
        && let Some(last) = importance.last_mut()
    {
        *last = first;
    }
    importance
}

/// Whether an arc must be walked backwards to be in canonical direction: from its lower end, or
/// for equal ends (a loop), towards its lower second vertex.
fn canonical_is_reversed(arc: &[[f64; 2]]) -> bool {
    let n = arc.len();
    let mut i = 0;
    while i < n / 2 {
        let (Some(a), Some(b)) = (arc.get(i), arc.get(n - 1 - i)) else {
            return false;
        };
        match cmp_points(a, b) {
            Ordering::Less => return false,
            Ordering::Greater => return true,
            Ordering::Equal => i += 1,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::{GeoOptions, parse, polygon_area, ring_signed_area};

    fn data(features: &[(&str, &str)]) -> GeoData {
        let features: Vec<String> = features
            .iter()
            .map(|(id, coords)| {
                format!(
                    r#"{{"type":"Feature","properties":{{"adcode":"{id}"}},"geometry":{{"type":"Polygon","coordinates":{coords}}}}}"#
                )
            })
            .collect();
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        );
        parse(
            &text,
            &GeoOptions {
                coordinates: crate::geo::CoordinateSpace::Local,
                ..GeoOptions::default()
            },
        )
        .unwrap()
    }

    /// Zig-zag border from (10, 0) up to (10, 10), wiggling in x.
    fn zigzag() -> Vec<[f64; 2]> {
        (0..=20)
            .map(|i| {
                let y = i as f64 * 0.5;
                let x = 10.0
                    + if i % 2 == 1 {
                        0.1 * (1 + i % 5) as f64
                    } else {
                        0.0
                    };
                [x, y]
            })
            .collect()
    }

    fn coords(ring: &[[f64; 2]]) -> String {
        let points: Vec<String> = ring
            .iter()
            .map(|p| format!("[{},{}]", p[0], p[1]))
            .collect();
        format!("[[{}]]", points.join(","))
    }

    /// Two squares sharing the zig-zag border: the left one walks it upwards, the right one
    /// downwards, starting from a different corner.
    fn neighbours() -> GeoData {
        let border = zigzag();
        let mut left = vec![[0.0, 0.0]];
        left.extend(&border);
        left.push([0.0, 10.0]);
        left.push([0.0, 0.0]);
        let mut right = vec![[20.0, 10.0]];
        right.extend(border.iter().rev());
        right.push([20.0, 0.0]);
        right.push([20.0, 10.0]);
        data(&[("L", &coords(&left)), ("R", &coords(&right))])
    }

    fn on_border(p: &[f64; 2]) -> bool {
        (9.99..10.6).contains(&p[0])
    }

    #[test]
    fn shared_border_stays_shared_at_every_tolerance() {
        let projected = Projected::new(&neighbours(), Projection::Identity);
        let mut kept_counts = Vec::new();
        for min_area in [0.0, 0.001, 0.01, 0.05, 0.1, 0.5, 10.0, 1e9] {
            let shapes = projected.simplified(min_area);
            let border = |r: usize| {
                let mut b: Vec<[f64; 2]> = shapes[r]
                    .iter()
                    .flat_map(|p| &p.exterior)
                    .filter(|p| on_border(p))
                    .copied()
                    .collect();
                b.sort_by(cmp_points);
                b.dedup();
                b
            };
            assert_eq!(border(0), border(1), "min_area {min_area}");
            kept_counts.push(border(0).len());
        }
        assert_eq!(kept_counts[0], 21);
        // At 10 only the junctions are left of the border; at 1e9 both squares are gone.
        assert_eq!(kept_counts[6], 2, "{kept_counts:?}");
        assert_eq!(kept_counts[7], 0, "{kept_counts:?}");
        assert!(
            kept_counts.windows(2).all(|w| w[0] >= w[1]),
            "{kept_counts:?}"
        );
    }

    #[test]
    fn junctions_are_where_borders_meet() {
        let projected = Projected::new(&neighbours(), Projection::Identity);
        let imp = &projected.regions[0].importance()[0];
        let ext = &projected.regions[0].polygons[0].exterior;
        for (p, a) in ext.iter().zip(imp) {
            let is_end = *p == [10.0, 0.0] || *p == [10.0, 10.0];
            if is_end {
                assert_eq!(*a, f64::INFINITY, "{p:?}");
            }
        }
        assert!(imp.iter().filter(|a| a.is_finite()).count() >= 19);
    }

    #[test]
    fn small_islands_vanish_when_zoomed_out() {
        let d = data(&[
            ("big", "[[[0,0],[100,0],[100,100],[0,100],[0,0]]]"),
            (
                "isle",
                "[[[200,0],[201,0],[201,1],[200.5,1.2],[200,1],[200,0]]]",
            ),
        ]);
        let projected = Projected::new(&d, Projection::Identity);
        let full = projected.simplified(0.0);
        assert_eq!(full[1][0].exterior.len(), 6);
        let coarse = projected.simplified(10.0);
        assert!(coarse[1].is_empty());
        assert_eq!(coarse[0].len(), 1);
        // Big square: anchors at a corner and the opposite corner, two triangles of 5,000 each.
        assert_eq!(projected.simplified(4_999.0)[0][0].exterior.len(), 5);
        assert!(projected.simplified(5_001.0)[0].is_empty());
    }

    #[test]
    fn holes_and_enclaves_agree() {
        let hole_ring = "[[4,4],[6,4],[6.2,5],[6,6],[4,6],[3.9,5],[4,4]]";
        let d = data(&[
            (
                "outer",
                &format!("[[[0,0],[10,0],[10,10],[0,10],[0,0]],{hole_ring}]"),
            ),
            ("enclave", &format!("[{hole_ring}]")),
        ]);
        let projected = Projected::new(&d, Projection::Identity);
        for min_area in [0.0, 0.05, 0.15, 0.3, 1.0, 100.0] {
            let shapes = projected.simplified(min_area);
            let mut hole: Vec<[f64; 2]> = shapes[0]
                .first()
                .and_then(|p| p.holes.first())
                .map(|h| h[..h.len() - 1].to_vec())
                .unwrap_or_default();
            let mut enclave: Vec<[f64; 2]> = shapes[1]
                .first()
                .map(|p| p.exterior[..p.exterior.len() - 1].to_vec())
                .unwrap_or_default();
            hole.sort_by(cmp_points);
            enclave.sort_by(cmp_points);
            assert_eq!(hole, enclave, "min_area {min_area}");
        }
    }

    #[test]
    fn rings_stay_closed_and_area_shrinks_gracefully() {
        let n = 200;
        let ring: Vec<[f64; 2]> = (0..=n)
            .map(|i| {
                let t = (i % n) as f64 / n as f64 * std::f64::consts::TAU;
                let r = 10.0 + (t * 9.0).sin();
                [r * t.cos(), r * t.sin()]
            })
            .collect();
        let d = data(&[("star", &coords(&ring))]);
        let projected = Projected::new(&d, Projection::Identity);
        let full_area = polygon_area(&projected.regions[0].polygons[0]);
        let mut last_len = usize::MAX;
        for min_area in [0.0, 0.01, 0.1, 1.0, 5.0] {
            let shapes = projected.simplified(min_area);
            let ext = &shapes[0][0].exterior;
            assert_eq!(ext.first(), ext.last());
            assert!(ext.len() >= 4 && ext.len() <= last_len);
            last_len = ext.len();
            let area = ring_signed_area(ext).abs();
            assert!(
                (area - full_area).abs() < full_area * 0.5,
                "{min_area}: {area}"
            );
        }
        assert!(last_len < 40, "{last_len}");
    }

    #[test]
    fn projects_points_and_hints() {
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"adcode":1,"cp":[110,20]},"geometry":{"type":"Polygon","coordinates":[[[100,10],[120,10],[120,30],[100,30],[100,10]]]}},
          {"type":"Feature","properties":{"id":"p"},"geometry":{"type":"Point","coordinates":[130,40]}}]}"#;
        let d = parse(text, &GeoOptions::default()).unwrap();
        let m = Projection::Mercator;
        let projected = Projected::new(&d, m);
        assert_eq!(projected.points, [m.project([130.0, 40.0])]);
        assert_eq!(
            projected.regions[0].centre_hint,
            Some(m.project([110.0, 20.0]))
        );
        assert!(projected.bbox.contains(m.project([130.0, 40.0])));
        assert_eq!(projected.n_vertices(), 5);
        // NaN tolerance keeps everything.
        assert_eq!(projected.simplified(f64::NAN)[0][0].exterior.len(), 5);
    }

    #[test]
    fn empty_data() {
        let projected = Projected::new(&GeoData::default(), Projection::Mercator);
        assert!(projected.regions.is_empty());
        assert!(projected.bbox.is_empty());
        assert!(projected.simplified(1.0).is_empty());
    }
}
