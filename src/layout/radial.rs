//! Radial layout centred on one link: its upstream and downstream neighbourhood along flows.
//!
//! The centre link sits in the middle; the links within [`RadialOptions::depth`] flow hops sit
//! on rings whose radius grows with the hop distance. Suppliers (upstream) fill the left half,
//! customers (downstream) the right half, so the drawing reads left to right like the chain map.
//!
//! **What is shown.** The hop distance of a link is the length of the shortest flow path
//! between it and the centre, in either direction. A link reachable both ways (the centre lies
//! on a cycle, as with recycling) goes to the side where it is nearer; on a tie it goes
//! downstream, so the same document always gives the same picture. Parent and children in the
//! link tree are *not* added: a ring means "so many supply steps away", and a tree relative
//! without a flow has no such distance (the chain map and the detail panel show the tree).
//!
//! **Angles.** Each side is a breadth-first tree: a link hangs under a neighbour one ring
//! further in on its own side (the first one found; a link whose only inner neighbours lie on
//! the other side hangs under the centre). Every link gets a sector of its half proportional to
//! what its subtree needs (Eades 1992, "Drawing free trees", weighs by leaves; here a link on
//! ring r needs 1/r, as arcs grow with the radius, unless its children need more), sits at the
//! middle of its sector and shares the sector out among its children, so a link stays near the
//! link it was reached through. Siblings are ordered by the barycentre of their neighbours'
//! positions over a few sweeps; the order whose straight drawing crosses least is kept.
//!
//! **Radii.** Each half of a ring first spreads its boxes along the ring, in their order and as
//! little as possible (isotonic regression), so that neighbours have room at the smallest radius
//! the ring may take. A ring's radius is then the smallest one at which its boxes (sized by their
//! measured, wrapped labels, as in [`super::layout_chain`]) keep
//! [`RadialOptions::node_gap_px`] from each other and the whole ring stays
//! [`RadialOptions::ring_gap_px`] outside the previous ring's farthest corner, so no two boxes
//! overlap.
//!
//! **Edges.** The flows between shown links, from source box to target box: straight, except
//! that a flow that would run through the centre is bent around it (a quadratic Bézier curve,
//! flattened into points). `back` marks flows that run against the reading order (upstream
//! rings from the outside in, the centre, downstream rings from the inside out), such as a
//! customer supplying a supplier.

use std::collections::{HashMap, HashSet, VecDeque};
use std::f64::consts::{FRAC_PI_2, PI};

use petgraph::Direction as FlowDirection;

use super::{Layout, LayoutEdge, LayoutNode, NodeKind, count_crossings, measure};
use crate::analysis::Chain;
use crate::model::Lang;

/// Settings of [`layout_radial`].
#[derive(Clone, Debug)]
pub struct RadialOptions {
    /// Most flow hops from the centre that are shown (default 2).
    pub depth: usize,
    /// Language of the labels measured.
    pub lang: Lang,
    /// Label font size, in px.
    pub font_px: f64,
    /// Widest label line, in em.
    pub max_label_em: f64,
    /// Most label lines (the rest is cut with "…").
    pub max_label_lines: usize,
    /// Padding inside a box, in px.
    pub padding_px: f64,
    /// Clear space between one ring's farthest corner and the next ring's boxes, in px.
    pub ring_gap_px: f64,
    /// Clear space between two boxes on one ring, in px.
    pub node_gap_px: f64,
    /// Margin around the drawing, in px.
    pub margin_px: f64,
}

impl Default for RadialOptions {
    fn default() -> Self {
        RadialOptions {
            depth: 2,
            lang: Lang::ZhCn,
            font_px: 13.0,
            max_label_em: 8.0,
            max_label_lines: 3,
            padding_px: 8.0,
            ring_gap_px: 36.0,
            node_gap_px: 12.0,
            margin_px: 16.0,
        }
    }
}

/// Where a shown link sits relative to the centre.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    /// The centre itself.
    Centre,
    /// A supplier of the centre, directly or through other links (left half).
    Upstream,
    /// A customer of the centre, directly or through other links (right half).
    Downstream,
}

/// One link of a centre's neighbourhood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Neighbour {
    /// Link index in the document.
    pub link: usize,
    /// Which half it is drawn in.
    pub side: Side,
    /// Flow hops from the centre (its ring; 0 for the centre).
    pub hops: usize,
}

/// The links within `depth` flow hops of link `center` (an index), the centre first, then by
/// hop distance, each ring in breadth-first order. A link reachable both ways is on the nearer
/// side, downstream on a tie. An index out of range gives an empty list.
///
/// Complexity: O(links + flows) for the two breadth-first searches.
pub fn neighbourhood(chain: &Chain, center: usize, depth: usize) -> Vec<Neighbour> {
    let n = chain.document().links.len();
    if center >= n {
        return Vec::new();
    }
    let up = hops_from(chain, center, depth, FlowDirection::Incoming);
    let down = hops_from(chain, center, depth, FlowDirection::Outgoing);
    let up_hops: HashMap<usize, usize> = up.iter().copied().collect();
    let down_hops: HashMap<usize, usize> = down.iter().copied().collect();
    let mut out = vec![Neighbour {
        link: center,
        side: Side::Centre,
        hops: 0,
    }];
    // Both searches list links by hop count; merge them ring by ring, downstream first.
    let (mut iu, mut id) = (0, 0);
    loop {
        let next = |list: &[(usize, usize)], at: usize| list.get(at).map(|(_, h)| *h);
        let Some(hop) = [next(&down, id), next(&up, iu)].into_iter().flatten().min() else {
            break;
        };
        while let Some(&(link, h)) = down.get(id).filter(|(_, h)| *h == hop) {
            id += 1;
            if up_hops.get(&link).is_none_or(|u| h <= *u) {
                out.push(Neighbour {
                    link,
                    side: Side::Downstream,
                    hops: h,
                });
            }
        }
        while let Some(&(link, h)) = up.get(iu).filter(|(_, h)| *h == hop) {
            iu += 1;
            if down_hops.get(&link).is_none_or(|d| h < *d) {
                out.push(Neighbour {
                    link,
                    side: Side::Upstream,
                    hops: h,
                });
            }
        }
    }
    out
}

/// Breadth-first search from `start` along flows in `direction`, at most `depth` hops: each
/// reached link (not `start`) with its hop count, in discovery order.
fn hops_from(
    chain: &Chain,
    start: usize,
    depth: usize,
    direction: FlowDirection,
) -> Vec<(usize, usize)> {
    let mut seen: HashSet<usize> = HashSet::from([start]);
    let mut queue = VecDeque::from([(start, 0usize)]);
    let mut out = Vec::new();
    while let Some((at, h)) = queue.pop_front() {
        if h >= depth {
            continue;
        }
        for next in chain.neighbors(at, direction) {
            if seen.insert(next) {
                out.push((next, h + 1));
                queue.push_back((next, h + 1));
            }
        }
    }
    out
}

/// A node of the drawing while it is being laid out.
struct Placed {
    link: usize,
    side: Side,
    ring: usize,
    children: Vec<usize>,
    /// The angle its subtree needs, in shares (see the weights in [`layout_radial`]).
    weight: f64,
    /// Position along its half, 0 at the top to 1 at the bottom.
    t: f64,
    width: f64,
    height: f64,
    label: Vec<String>,
}

/// Sweeps of sibling reordering tried.
const SWEEPS: usize = 6;
/// Above this many edges, the crossing count that picks the best sweep is skipped.
const CROSSING_EDGE_LIMIT: usize = 1_500;
/// Angle kept free on either side of the vertical axis, so the halves stay apart, in radians.
const AXIS_GAP_RAD: f64 = 0.14;

/// Lays out the neighbourhood of link `center` (an id) radially; `Err` when no link has that id.
///
/// Returns the `lianmap layout` contract: link nodes (the centre first) with centres, sizes and
/// label lines, and the flows between them; the centre is at the middle of the drawing.
///
/// Complexity: O(links + flows) for the neighbourhood, then for its m links and f flows
/// O(SWEEPS · (m log m + f²)) for the ordering (the f² crossing count only up to 1,500 flows),
/// O(m log m) to spread each ring and O(m · w) for the radii, w being how many boxes of a ring
/// lie within one box diagonal of each other (m² at worst).
pub fn layout_radial(
    chain: &Chain,
    center: &str,
    options: &RadialOptions,
) -> Result<Layout, String> {
    let Some(center_index) = chain.link_index(center) else {
        return Err(format!("unknown link {}", crate::validate::quote(center)));
    };
    let doc = chain.document();
    let hood = neighbourhood(chain, center_index, options.depth);
    let index_of: HashMap<usize, usize> =
        hood.iter().enumerate().map(|(k, n)| (n.link, k)).collect();
    let mut placed: Vec<Placed> = hood
        .iter()
        .map(|n| {
            let name = doc
                .links
                .get(n.link)
                .map_or("", |l| l.name.get(options.lang));
            let (label, width, height) = label_box(
                name,
                options.font_px,
                options.max_label_em,
                options.max_label_lines,
                options.padding_px,
            );
            Placed {
                link: n.link,
                side: n.side,
                ring: n.hops,
                children: Vec::new(),
                weight: 1.0,
                t: 0.5,
                width,
                height,
                label,
            }
        })
        .collect();

    // Tree parents: the first neighbour one ring further in on the same side.
    let mut tops: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
    for k in 1..placed.len() {
        let Some(p) = placed.get(k) else { continue };
        let (side, ring, link) = (p.side, p.ring, p.link);
        let inward = if side == Side::Upstream {
            FlowDirection::Outgoing
        } else {
            FlowDirection::Incoming
        };
        let parent = if ring <= 1 {
            None
        } else {
            chain
                .neighbors(link, inward)
                .iter()
                .filter_map(|l| index_of.get(l).copied())
                .filter(|q| {
                    placed
                        .get(*q)
                        .is_some_and(|q| q.side == side && q.ring + 1 == ring)
                })
                .min()
        };
        match parent {
            Some(q) => {
                if let Some(pp) = placed.get_mut(q) {
                    pp.children.push(k);
                }
            }
            None => {
                if let Some(list) = tops.get_mut(side_slot(side)) {
                    list.push(k);
                }
            }
        }
    }
    // Initial sibling order: by stage, then document order.
    let keys: Vec<(usize, usize)> = placed
        .iter()
        .map(|p| (chain.stage_of(p.link).unwrap_or(usize::MAX), p.link))
        .collect();
    let stage_key = |k: &usize| keys.get(*k).copied().unwrap_or((usize::MAX, usize::MAX));
    for list in &mut tops {
        list.sort_by_key(stage_key);
    }
    for p in &mut placed {
        p.children.sort_by_key(stage_key);
    }
    // Weights: the angle a subtree needs, a node on ring r needing 1/r (its arc length is
    // about the same on every ring) unless its children need more. The list runs ring by ring
    // outwards, so walking it backwards sees every child before its parent.
    for k in (1..placed.len()).rev() {
        let Some(p) = placed.get(k) else { continue };
        let own = 1.0 / p.ring.max(1) as f64;
        let sum: f64 = p
            .children
            .iter()
            .filter_map(|c| placed.get(*c))
            .map(|c| c.weight)
            .sum();
        if let Some(p) = placed.get_mut(k) {
            p.weight = sum.max(own);
        }
    }
    let max_ring = placed.iter().map(|p| p.ring).max().unwrap_or(0);

    // Flows between shown links, once per ordered pair, without self-loops.
    let mut edges: Vec<(usize, usize)> = Vec::new();
    let mut seen_edges = HashSet::new();
    for flow in &doc.flows {
        let (Some(a), Some(b)) = (chain.link_index(&flow.from), chain.link_index(&flow.to)) else {
            continue;
        };
        let (Some(&ka), Some(&kb)) = (index_of.get(&a), index_of.get(&b)) else {
            continue;
        };
        if ka != kb && seen_edges.insert((ka, kb)) {
            edges.push((ka, kb));
        }
    }
    let mut adjacent: Vec<Vec<usize>> = vec![Vec::new(); placed.len()];
    for &(a, b) in &edges {
        if let Some(list) = adjacent.get_mut(a) {
            list.push(b);
        }
        if let Some(list) = adjacent.get_mut(b) {
            list.push(a);
        }
    }

    // Sibling order: barycentre sweeps, keeping the order that crosses least.
    assign_sectors(&mut placed, &tops);
    let mut best_t: Vec<f64> = placed.iter().map(|p| p.t).collect();
    if edges.len() <= CROSSING_EDGE_LIMIT {
        let mut best = crossings_of(&placed, &edges);
        for _ in 0..SWEEPS {
            if best == 0 {
                break;
            }
            reorder_by_barycentre(&mut placed, &mut tops, &adjacent);
            assign_sectors(&mut placed, &tops);
            let now = crossings_of(&placed, &edges);
            if now < best {
                best = now;
                best_t = placed.iter().map(|p| p.t).collect();
            }
        }
    }
    for (p, t) in placed.iter_mut().zip(&best_t) {
        p.t = *t;
    }

    // Radii, ring by ring, each ring's boxes first spread along it as little as needed.
    let mut angles: Vec<f64> = placed.iter().map(|p| angle(p.side, p.t)).collect();
    let mut radius = vec![0.0; max_ring + 1];
    let mut outer = placed.first().map_or(0.0, |c| {
        (c.width * c.width + c.height * c.height).sqrt() / 2.0
    });
    let clear_of_centre = outer + options.ring_gap_px / 2.0;
    let mut rings: Vec<Vec<usize>> = vec![Vec::new(); max_ring + 1];
    for (k, p) in placed.iter().enumerate() {
        if let Some(list) = rings.get_mut(p.ring) {
            list.push(k);
        }
    }
    for (ring, members) in rings.iter().enumerate().skip(1) {
        // A ring may be empty while outer ones are not: the nearer side can take every link at
        // some distance (see `neighbourhood`).
        if members.is_empty() {
            continue;
        }
        let max_radial = |placed: &[Placed], angles: &[f64]| {
            members
                .iter()
                .map(|k| extent(placed, angles, *k).0)
                .fold(0.0, f64::max)
        };
        let base = outer + options.ring_gap_px + max_radial(&placed, &angles);
        let mut r = base;
        for side in [Side::Upstream, Side::Downstream] {
            let fit = spread_half(
                &mut placed,
                &mut angles,
                members,
                side,
                base,
                options.node_gap_px,
            );
            r = r.max(fit);
        }
        r = r.max(outer + options.ring_gap_px + max_radial(&placed, &angles));
        r = ring_radius(&placed, &angles, members, r, options.node_gap_px);
        if let Some(slot) = radius.get_mut(ring) {
            *slot = r;
        }
        outer = members
            .iter()
            .map(|k| {
                let (er, et) = extent(&placed, &angles, *k);
                ((r + er) * (r + er) + et * et).sqrt()
            })
            .fold(outer, f64::max);
    }

    // Positions relative to the centre, then shifted so that everything is positive and the
    // centre is in the middle.
    let mut pos: Vec<(f64, f64)> = placed
        .iter()
        .zip(&angles)
        .map(|(p, a)| {
            let r = radius.get(p.ring).copied().unwrap_or(0.0);
            if p.ring == 0 {
                (0.0, 0.0)
            } else {
                (r * a.cos(), r * a.sin())
            }
        })
        .collect();
    let rects = |pos: &[(f64, f64)]| -> Vec<Rect> {
        placed
            .iter()
            .zip(pos)
            .map(|(p, (x, y))| Rect {
                x: *x,
                y: *y,
                half_w: p.width / 2.0,
                half_h: p.height / 2.0,
            })
            .collect()
    };
    let paths = |boxes: &[Rect], centre: (f64, f64)| -> Vec<Option<Vec<[f64; 2]>>> {
        edges
            .iter()
            .map(|&(a, b)| {
                let (ra, rb) = (boxes.get(a)?, boxes.get(b)?);
                let path = route(ra, rb, centre, clear_of_centre, a == 0 || b == 0);
                clip_to_boxes(&path, ra, rb)
            })
            .collect()
    };
    // Half extents around the centre: boxes, and curves that bulge beyond them.
    let relative = rects(&pos);
    let mut half_w: f64 = relative
        .iter()
        .map(|r| r.x.abs() + r.half_w)
        .fold(0.0, f64::max);
    let mut half_h: f64 = relative
        .iter()
        .map(|r| r.y.abs() + r.half_h)
        .fold(0.0, f64::max);
    for p in paths(&relative, (0.0, 0.0)).iter().flatten().flatten() {
        half_w = half_w.max(p[0].abs());
        half_h = half_h.max(p[1].abs());
    }
    let (cx, cy) = (
        (half_w + options.margin_px).ceil(),
        (half_h + options.margin_px).ceil(),
    );
    for (x, y) in &mut pos {
        *x = round2(*x + cx);
        *y = round2(*y + cy);
    }
    let side_rank = |k: usize| -> f64 {
        placed.get(k).map_or(0.0, |p| match p.side {
            Side::Centre => 0.0,
            Side::Upstream => -(p.ring as f64),
            Side::Downstream => p.ring as f64,
        })
    };
    let boxes = rects(&pos);
    let layout_edges: Vec<LayoutEdge> = edges
        .iter()
        .zip(paths(&boxes, (cx, cy)))
        .filter_map(|(&(a, b), points)| {
            Some(LayoutEdge {
                from: doc.links.get(placed.get(a)?.link)?.id.clone(),
                to: doc.links.get(placed.get(b)?.link)?.id.clone(),
                points: points?,
                back: side_rank(a) > side_rank(b),
            })
        })
        .collect();
    let nodes: Vec<LayoutNode> = placed
        .into_iter()
        .zip(&pos)
        .filter_map(|(p, (x, y))| {
            Some(LayoutNode {
                id: doc.links.get(p.link)?.id.clone(),
                kind: NodeKind::Link,
                x: *x,
                y: *y,
                width: p.width,
                height: p.height,
                label: p.label,
            })
        })
        .collect();
    Ok(Layout {
        nodes,
        edges: layout_edges,
        width: 2.0 * cx,
        height: 2.0 * cy,
    })
}

/// Half extents of box `k` at its angle: along the radius and along the ring.
fn extent(placed: &[Placed], angles: &[f64], k: usize) -> (f64, f64) {
    let (Some(p), Some(a)) = (placed.get(k), angles.get(k)) else {
        return (0.0, 0.0);
    };
    let (c, s) = (a.cos().abs(), a.sin().abs());
    (
        p.width / 2.0 * c + p.height / 2.0 * s,
        p.width / 2.0 * s + p.height / 2.0 * c,
    )
}

/// Moves the boxes of one half of a ring along it, keeping their order, so that neighbours
/// are at least their half extents along the ring plus `gap` apart at radius `r` (grown to
/// what the half needs if `r` is too small), as little as possible in the least-squares sense
/// (isotonic regression by pool-adjacent-violators, clamped to the half). Returns the radius
/// used. O(m log m) for the m boxes of the half.
fn spread_half(
    placed: &mut [Placed],
    angles: &mut [f64],
    members: &[usize],
    side: Side,
    r: f64,
    gap: f64,
) -> f64 {
    let mut ids: Vec<usize> = members
        .iter()
        .copied()
        .filter(|k| placed.get(*k).is_some_and(|p| p.side == side))
        .collect();
    ids.sort_by(|a, b| {
        let t = |k: &usize| placed.get(*k).map_or(0.0, |p| p.t);
        t(a).total_cmp(&t(b))
    });
    if ids.len() < 2 {
        return 0.0;
    }
    let along: Vec<f64> = ids.iter().map(|k| extent(placed, angles, *k).1).collect();
    let pairs: Vec<f64> = along
        .windows(2)
        .map(|w| match w {
            [a, b] => a + b + gap,
            _ => 0.0,
        })
        .collect();
    let span = PI - 2.0 * AXIS_GAP_RAD;
    let r = r.max(pairs.iter().sum::<f64>() / span);
    if !(r > 0.0 && r.is_finite()) {
        return 0.0;
    }
    // t_i = φ_i + c_i with c the running sum of the separations: φ must not decrease.
    let mut offset = Vec::with_capacity(ids.len());
    let mut c = 0.0;
    offset.push(0.0);
    for s in &pairs {
        c += s / (r * span);
        offset.push(c);
    }
    let wanted: Vec<f64> = ids
        .iter()
        .zip(&offset)
        .map(|(k, c)| placed.get(*k).map_or(0.0, |p| p.t) - c)
        .collect();
    let high = (1.0 - c).max(0.0);
    for ((k, phi), c) in ids.iter().zip(non_decreasing(&wanted)).zip(&offset) {
        let t = phi.clamp(0.0, high) + c;
        if let (Some(p), Some(a)) = (placed.get_mut(*k), angles.get_mut(*k)) {
            p.t = t;
            *a = angle(side, t);
        }
    }
    r
}

/// The non-decreasing sequence nearest to `values` in least squares (pool-adjacent-violators).
/// O(m).
fn non_decreasing(values: &[f64]) -> Vec<f64> {
    // Blocks of pooled values: (sum, count).
    let mut blocks: Vec<(f64, usize)> = Vec::with_capacity(values.len());
    for v in values {
        blocks.push((*v, 1));
        while let [.., (s1, n1), (s2, n2)] = blocks.as_slice() {
            if s1 / *n1 as f64 <= s2 / *n2 as f64 {
                break;
            }
            let merged = (s1 + s2, n1 + n2);
            blocks.truncate(blocks.len() - 2);
            blocks.push(merged);
        }
    }
    blocks
        .iter()
        .flat_map(|(s, n)| std::iter::repeat_n(s / *n as f64, *n))
        .collect()
}

fn side_slot(side: Side) -> usize {
    usize::from(side == Side::Downstream)
}

/// The screen angle of position `t` (0 top, 1 bottom) on a half: clockwise from the top on the
/// right (downstream), anticlockwise on the left (upstream); y grows downwards.
fn angle(side: Side, t: f64) -> f64 {
    let span = PI - 2.0 * AXIS_GAP_RAD;
    match side {
        Side::Centre => 0.0,
        Side::Downstream => -FRAC_PI_2 + AXIS_GAP_RAD + t * span,
        Side::Upstream => -FRAC_PI_2 - AXIS_GAP_RAD - t * span,
    }
}

/// Shares each half out among its trees by weight, and each sector among a node's children,
/// from the inside out. Every node sits at the middle of its sector.
///
/// Complexity: O(m).
fn assign_sectors(placed: &mut [Placed], tops: &[Vec<usize>; 2]) {
    let mut queue: VecDeque<(usize, f64, f64)> = VecDeque::new();
    for list in tops {
        share(list, 0.0, 1.0, placed, &mut queue);
    }
    while let Some((k, start, end)) = queue.pop_front() {
        let Some(p) = placed.get_mut(k) else { continue };
        p.t = (start + end) / 2.0;
        let children = std::mem::take(&mut p.children);
        share(&children, start, end, placed, &mut queue);
        if let Some(p) = placed.get_mut(k) {
            p.children = children;
        }
    }
}

/// Splits `[start, end]` among `list` in proportion to their weights, queueing each share.
fn share(
    list: &[usize],
    start: f64,
    end: f64,
    placed: &[Placed],
    queue: &mut VecDeque<(usize, f64, f64)>,
) {
    let total: f64 = list
        .iter()
        .filter_map(|k| placed.get(*k))
        .map(|p| p.weight)
        .sum();
    let mut at = start;
    for k in list {
        let w = placed.get(*k).map_or(0.0, |p| p.weight);
        let span = if total > 0.0 {
            (end - start) * w / total
        } else {
            0.0
        };
        queue.push_back((*k, at, at + span));
        at += span;
    }
}

/// Sorts the tops of each half and every node's children by the mean position `t` of their
/// drawn neighbours (a node without neighbours keeps its own). Stable, so ties keep the order.
///
/// Complexity: O(m log m + f).
fn reorder_by_barycentre(
    placed: &mut [Placed],
    tops: &mut [Vec<usize>; 2],
    adjacent: &[Vec<usize>],
) {
    let bary: Vec<f64> = (0..placed.len())
        .map(|k| {
            let own = placed.get(k).map_or(0.5, |p| p.t);
            let ts: Vec<f64> = adjacent
                .get(k)
                .into_iter()
                .flatten()
                .filter(|q| **q != 0)
                .filter_map(|q| placed.get(*q))
                .map(|q| q.t)
                .collect();
            if ts.is_empty() {
                own
            } else {
                ts.iter().sum::<f64>() / ts.len() as f64
            }
        })
        .collect();
    let key = |k: &usize| bary.get(*k).copied().unwrap_or(0.5);
    for list in tops.iter_mut() {
        list.sort_by(|a, b| key(a).total_cmp(&key(b)));
    }
    for p in placed.iter_mut() {
        p.children.sort_by(|a, b| key(a).total_cmp(&key(b)));
    }
}

/// Crossings of the flows drawn straight between nodes on rings of radius 1, 2, 3…
fn crossings_of(placed: &[Placed], edges: &[(usize, usize)]) -> usize {
    let point = |k: usize| -> [f64; 2] {
        placed.get(k).map_or([0.0, 0.0], |p| {
            let a = angle(p.side, p.t);
            let r = p.ring as f64;
            [r * a.cos(), r * a.sin()]
        })
    };
    let lines: Vec<Vec<[f64; 2]>> = edges
        .iter()
        .map(|&(a, b)| vec![point(a), point(b)])
        .collect();
    count_crossings(&lines)
}

/// The smallest radius, at least `min_r`, at which the boxes `members` (at `angles`) keep `gap`
/// from each other. Pairs are scanned by angle, each only while the two could still be closer
/// than a box diagonal at the current radius; the radius only grows, so one pass suffices.
fn ring_radius(placed: &[Placed], angles: &[f64], members: &[usize], min_r: f64, gap: f64) -> f64 {
    let mut ring: Vec<(f64, f64, f64)> = members
        .iter()
        .filter_map(|k| {
            let p = placed.get(*k)?;
            let a = angles.get(*k)?.rem_euclid(2.0 * PI);
            Some((a, p.width, p.height))
        })
        .collect();
    ring.sort_by(|a, b| a.0.total_cmp(&b.0));
    let diagonal = ring
        .iter()
        .map(|(_, w, h)| (w * w + h * h).sqrt())
        .fold(0.0, f64::max);
    let m = ring.len();
    let mut r = min_r;
    for i in 0..m {
        let Some(&(ai, wi, hi)) = ring.get(i) else {
            continue;
        };
        for step in 1..m {
            let Some(&(aj, wj, hj)) = ring.get((i + step) % m) else {
                break;
            };
            let delta = (aj - ai).rem_euclid(2.0 * PI);
            if delta > PI || 2.0 * r * (delta / 2.0).sin() >= diagonal + gap {
                break;
            }
            let across = (ai.cos() - aj.cos()).abs();
            let down = (ai.sin() - aj.sin()).abs();
            let need_x = ((wi + wj) / 2.0 + gap) / across;
            let need_y = ((hi + hj) / 2.0 + gap) / down;
            let need = need_x.min(need_y);
            if need.is_finite() && need > r {
                r = need;
            }
        }
    }
    r
}

/// An axis-aligned box by centre and half sizes, in px.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rect {
    pub(crate) x: f64,
    pub(crate) y: f64,
    pub(crate) half_w: f64,
    pub(crate) half_h: f64,
}

impl Rect {
    fn contains(&self, p: [f64; 2]) -> bool {
        (p[0] - self.x).abs() < self.half_w && (p[1] - self.y).abs() < self.half_h
    }
}

/// The path of a flow from centre to centre: straight, or bent around the drawing's centre
/// `(cx, cy)` when the straight line would pass within `clear` of it.
fn route(
    a: &Rect,
    b: &Rect,
    (cx, cy): (f64, f64),
    clear: f64,
    touches_centre: bool,
) -> Vec<[f64; 2]> {
    let (p, q) = ([a.x, a.y], [b.x, b.y]);
    if touches_centre || clear <= 0.0 {
        return vec![p, q];
    }
    let (dx, dy) = (q[0] - p[0], q[1] - p[1]);
    let len2 = dx * dx + dy * dy;
    // Nearest point of the segment to the centre.
    let s = if len2 > 0.0 {
        (((cx - p[0]) * dx + (cy - p[1]) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (nx, ny) = (p[0] + s * dx - cx, p[1] + s * dy - cy);
    if nx * nx + ny * ny >= clear * clear {
        return vec![p, q];
    }
    // Bend the curve's middle out to `clear` from the centre: away from the nearest point, or,
    // when the line runs right through the centre, upwards (rightwards for a vertical line).
    let (mx, my) = ((p[0] + q[0]) / 2.0 - cx, (p[1] + q[1]) / 2.0 - cy);
    let n_len = (nx * nx + ny * ny).sqrt();
    let (ux, uy) = if n_len > 1e-6 {
        (nx / n_len, ny / n_len)
    } else {
        let len = len2.sqrt().max(1e-9);
        let (px, py) = (-dy / len, dx / len);
        if py < -1e-9 || (py.abs() <= 1e-9 && px > 0.0) {
            (px, py)
        } else {
            (-px, -py)
        }
    };
    // The curve's middle is (p + 2c + q) / 4 = m / 2 + c / 2 (relative to the centre).
    let along = mx * ux + my * uy;
    let reach = 2.0 * clear - along;
    let c = [
        cx + mx + (reach - along) * ux,
        cy + my + (reach - along) * uy,
    ];
    flatten_quadratic(p, c, q, 16)
}

/// Points of a quadratic Bézier curve, `segments` straight pieces.
pub(crate) fn flatten_quadratic(
    p: [f64; 2],
    c: [f64; 2],
    q: [f64; 2],
    segments: usize,
) -> Vec<[f64; 2]> {
    let n = segments.max(1);
    (0..=n)
        .map(|i| {
            let t = i as f64 / n as f64;
            let u = 1.0 - t;
            [
                u * u * p[0] + 2.0 * u * t * c[0] + t * t * q[0],
                u * u * p[1] + 2.0 * u * t * c[1] + t * t * q[1],
            ]
        })
        .collect()
}

/// Cuts a centre-to-centre path where it leaves box `from` and where it enters box `to`, and
/// rounds the points to 0.01 px. `None` when the path never leaves `from` or never reaches
/// outside `to` (overlapping boxes).
pub(crate) fn clip_to_boxes(path: &[[f64; 2]], from: &Rect, to: &Rect) -> Option<Vec<[f64; 2]>> {
    let exit = path.iter().position(|p| !from.contains(*p))?;
    let start = boundary_point(*path.get(exit.checked_sub(1)?)?, *path.get(exit)?, from);
    let last_out = path.iter().rposition(|p| !to.contains(*p))?;
    // The cut points may share one segment (a straight path): then nothing lies between them.
    if last_out + 1 < exit || last_out + 1 >= path.len() {
        return None;
    }
    let end = boundary_point(*path.get(last_out + 1)?, *path.get(last_out)?, to);
    let mut points = vec![start];
    points.extend(path.get(exit..=last_out)?.iter().copied());
    points.push(end);
    // The first and last points replace path points that now lie outside the cut.
    points.dedup_by(|a, b| (a[0] - b[0]).abs() < 1e-9 && (a[1] - b[1]).abs() < 1e-9);
    let points: Vec<[f64; 2]> = points
        .iter()
        .map(|p| [round2(p[0]), round2(p[1])])
        .collect();
    (points.len() >= 2).then_some(points)
}

/// Where the segment from `inside` (in the box) to `outside` crosses the box's border.
fn boundary_point(inside: [f64; 2], outside: [f64; 2], rect: &Rect) -> [f64; 2] {
    let (dx, dy) = (outside[0] - inside[0], outside[1] - inside[1]);
    let exit = |d: f64, from: f64, centre: f64, half: f64| -> f64 {
        if d > 0.0 {
            (centre + half - from) / d
        } else if d < 0.0 {
            (centre - half - from) / d
        } else {
            f64::INFINITY
        }
    };
    let s = exit(dx, inside[0], rect.x, rect.half_w)
        .min(exit(dy, inside[1], rect.y, rect.half_h))
        .clamp(0.0, 1.0);
    [inside[0] + s * dx, inside[1] + s * dy]
}

/// Wraps and measures a label: its lines and the box width and height, in px.
pub(crate) fn label_box(
    text: &str,
    font_px: f64,
    max_em: f64,
    max_lines: usize,
    padding_px: f64,
) -> (Vec<String>, f64, f64) {
    let lines = measure::wrap(text, max_em, max_lines);
    let em = lines
        .iter()
        .map(|l| measure::text_em(l))
        .fold(0.0, f64::max)
        .max(2.0);
    let width = (em * font_px + 2.0 * padding_px).ceil();
    let height = (lines.len() as f64 * font_px * 1.35 + 2.0 * padding_px).ceil();
    (lines, width, height)
}

pub(crate) fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(json: &str) -> Chain {
        Chain::new(crate::validate::parse(json.as_bytes()).document)
    }

    #[test]
    fn neighbourhood_sides_and_hops() {
        // x → a → y → z, and a ⇄ w.
        let chain = chain(
            r#"{"version": 1, "links": [{"id": "a", "name": "A"}, {"id": "x", "name": "X"},
                {"id": "y", "name": "Y"}, {"id": "z", "name": "Z"}, {"id": "w", "name": "W"}],
                "flows": [{"from": "x", "to": "a"}, {"from": "a", "to": "y"}, {"from": "y", "to": "z"},
                          {"from": "a", "to": "w"}, {"from": "w", "to": "a"}]}"#,
        );
        let a = chain.link_index("a").unwrap();
        let got: Vec<(String, Side, usize)> = neighbourhood(&chain, a, 5)
            .iter()
            .map(|n| (chain.document().links[n.link].id.clone(), n.side, n.hops))
            .collect();
        assert_eq!(
            got,
            [
                ("a".to_owned(), Side::Centre, 0),
                ("y".to_owned(), Side::Downstream, 1),
                ("w".to_owned(), Side::Downstream, 1),
                ("x".to_owned(), Side::Upstream, 1),
                ("z".to_owned(), Side::Downstream, 2),
            ]
        );
        assert_eq!(neighbourhood(&chain, a, 1).len(), 4);
        assert_eq!(neighbourhood(&chain, a, 0).len(), 1);
        assert!(neighbourhood(&chain, 99, 2).is_empty());
        // A depth far beyond the chain ends when the chain does.
        assert_eq!(neighbourhood(&chain, a, usize::MAX).len(), 5);
    }

    #[test]
    fn an_empty_ring_leaves_a_gap() {
        // From a, every link two hops downstream is one hop upstream, and c is three hops both
        // ways: ring 2 is empty, ring 3 is not.
        let chain = chain(
            r#"{"version": 1, "links": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"},
                {"id": "x", "name": "X"}, {"id": "c", "name": "C"}],
                "flows": [{"from": "a", "to": "b"}, {"from": "b", "to": "x"}, {"from": "x", "to": "a"},
                          {"from": "x", "to": "c"}, {"from": "c", "to": "b"}]}"#,
        );
        let hood = neighbourhood(&chain, 0, 3);
        assert_eq!(
            hood.iter().map(|n| n.hops).collect::<Vec<_>>(),
            [0, 1, 1, 3]
        );
        let layout = layout_radial(&chain, "a", &RadialOptions::default()).unwrap();
        assert_eq!(layout.nodes.len(), 3, "depth 2 stops before c");
        let layout = layout_radial(
            &chain,
            "a",
            &RadialOptions {
                depth: 3,
                ..RadialOptions::default()
            },
        )
        .unwrap();
        let (centre, c) = (&layout.nodes[0], &layout.nodes[3]);
        assert_eq!(c.id, "c");
        let r = |n: &LayoutNode| (n.x - centre.x).hypot(n.y - centre.y);
        assert!(r(c) > r(&layout.nodes[1]) + 20.0);
    }

    #[test]
    fn halves_are_left_and_right() {
        for t in [0.0, 0.25, 0.5, 0.75, 1.0] {
            assert!(angle(Side::Downstream, t).cos() > 0.1);
            assert!(angle(Side::Upstream, t).cos() < -0.1);
            // Mirror images: the same height on both sides.
            let (d, u) = (angle(Side::Downstream, t), angle(Side::Upstream, t));
            assert!((d.sin() - u.sin()).abs() < 1e-12);
        }
        assert!(angle(Side::Downstream, 0.0).sin() < 0.0, "t = 0 is the top");
    }

    #[test]
    fn pooling_adjacent_violators() {
        assert_eq!(non_decreasing(&[1.0, 3.0, 2.0, 4.0]), [1.0, 2.5, 2.5, 4.0]);
        assert_eq!(non_decreasing(&[3.0, 2.0, 1.0]), [2.0, 2.0, 2.0]);
        assert!(non_decreasing(&[]).is_empty());
    }

    #[test]
    fn spreading_keeps_order_and_parts_neighbours() {
        // Five boxes crowded near the top of the right half.
        let mut placed: Vec<Placed> = (0..5)
            .map(|i| Placed {
                link: i,
                side: Side::Downstream,
                ring: 1,
                children: Vec::new(),
                weight: 1.0,
                t: 0.1 + 0.01 * i as f64,
                width: 80.0,
                height: 30.0,
                label: Vec::new(),
            })
            .collect();
        let mut angles: Vec<f64> = placed.iter().map(|p| angle(p.side, p.t)).collect();
        let members: Vec<usize> = (0..5).collect();
        let r = spread_half(
            &mut placed,
            &mut angles,
            &members,
            Side::Downstream,
            200.0,
            10.0,
        );
        assert_eq!(r, 200.0, "the half has room enough");
        for w in placed.windows(2) {
            assert!(w[0].t < w[1].t);
        }
        for i in 0..4 {
            let along = |k: usize| extent(&placed, &angles, k).1;
            let arc = r * (angles[i + 1] - angles[i]).abs();
            assert!(arc >= along(i) + along(i + 1) + 10.0 - 1e-6 - 1e-3 * arc);
        }
        assert!(placed.iter().all(|p| (0.0..=1.0).contains(&p.t)));
    }

    #[test]
    fn clipping_cuts_at_the_borders() {
        let a = Rect {
            x: 0.0,
            y: 0.0,
            half_w: 10.0,
            half_h: 5.0,
        };
        let b = Rect {
            x: 100.0,
            y: 0.0,
            half_w: 20.0,
            half_h: 5.0,
        };
        assert_eq!(
            clip_to_boxes(&[[0.0, 0.0], [100.0, 0.0]], &a, &b),
            Some(vec![[10.0, 0.0], [80.0, 0.0]])
        );
        let curve = flatten_quadratic([0.0, 0.0], [50.0, 60.0], [100.0, 0.0], 8);
        let clipped = clip_to_boxes(&curve, &a, &b).unwrap();
        assert!(clipped.len() > 2);
        let first = clipped[0];
        assert!((first[0] - 10.0).abs() < 1e-6 || (first[1] - 5.0).abs() < 1e-6);
        // Overlapping boxes have no path between them.
        let c = Rect { x: 5.0, ..a };
        assert_eq!(clip_to_boxes(&[[0.0, 0.0], [5.0, 0.0]], &a, &c), None);
    }

    #[test]
    fn ring_radius_parts_every_pair() {
        let placed: Vec<Placed> = (0..12)
            .map(|i| Placed {
                link: i,
                side: Side::Downstream,
                ring: 1,
                children: Vec::new(),
                weight: 1.0,
                t: i as f64 / 11.0,
                width: 120.0,
                height: 40.0,
                label: Vec::new(),
            })
            .collect();
        let angles: Vec<f64> = placed.iter().map(|p| angle(p.side, p.t)).collect();
        let members: Vec<usize> = (0..12).collect();
        let r = ring_radius(&placed, &angles, &members, 10.0, 12.0);
        for i in 0..12 {
            for j in i + 1..12 {
                let (ai, aj) = (angles[i], angles[j]);
                let dx = (r * (ai.cos() - aj.cos())).abs();
                let dy = (r * (ai.sin() - aj.sin())).abs();
                assert!(
                    dx >= 132.0 - 1e-6 || dy >= 52.0 - 1e-6,
                    "{i} and {j} at r = {r}"
                );
            }
        }
        // And not much more than needed.
        let smaller = r * 0.99;
        assert!((0..11).any(|i| {
            let (ai, aj) = (angles[i], angles[i + 1]);
            (smaller * (ai.cos() - aj.cos())).abs() < 132.0
                && (smaller * (ai.sin() - aj.sin())).abs() < 52.0
        }));
    }
}
