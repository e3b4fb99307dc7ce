//! Force-directed layout of enterprise networks: enterprises and the links they work in.
//!
//! Nodes are the chosen links ([`ForceOptions::links`]) and every enterprise on at least one of
//! them; edges join each enterprise to each of its chosen links, and link to link along flows.
//!
//! **Forces**, in the style of ForceAtlas2 (Jacomy et al. 2014) on Fruchterman–Reingold's
//! scheme (1991, "Graph drawing by force-directed placement"): nodes repel with k²·m·m′/d, and,
//! when near, with k²·m·m′/d′ where d′ is the clear space between their shapes (so boxes keep
//! apart instead of merely centres); every edge pulls with its clear length d′ (linear, so that
//! a link's cloud of n enterprises grows like √n, as their area does); a weak linear gravity
//! holds each piece together; a temperature that cools geometrically caps every step.
//! Repulsion is approximated with a Barnes–Hut quadtree (Barnes & Hut 1986): O(n log n) per
//! step instead of O(n²).
//!
//! **Two levels.** Most enterprises hang off one link, so the network is first coarsened, as
//! in multilevel force layouts (Walshaw 2003; Hu 2005): each enterprise merges into its first
//! link, which then weighs one plus its enterprises (m above) and owns a disc big enough for
//! their boxes; the links alone are simulated, discs colliding in the second half. Then every
//! enterprise starts on a sunflower spiral (Vogel 1979) in its link's disc, and the whole
//! network is refined for a sixth as many steps (20 to 40) at a low temperature, boxes
//! colliding in the second half. Each connected piece is laid out on its own and the pieces are
//! packed in rows, largest first.
//!
//! **Start.** Deterministic: the links of a piece on a circle, grouped by stage (upstream first)
//! and in tree order within a stage, jittered by a SplitMix64 generator seeded with
//! [`ForceOptions::seed`], which also turns each sunflower. Same document and options → same
//! layout.
//!
//! **Finish.** Overlaps are removed by passes that push each overlapping pair apart along the
//! axis where they overlap least (a grid finds the pairs); should any remain after 200 passes,
//! the piece is spread from its centre just enough to separate them. Boxes are sized by their
//! measured, wrapped labels (enterprises in a smaller font than links).
//!
//! Edges run straight from the source box to the target box; an enterprise's edges start at the
//! enterprise. Edges name nodes by id: a link and an enterprise may share an id, in which case
//! `from` of an enterprise edge is the enterprise and `to` the link.
//!
//! On a generated chain of 1,000 links and 10,000 enterprises the layout takes a few tenths of
//! a second natively (release build).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::f64::consts::PI;

use super::radial::{Rect, clip_to_boxes, label_box, round2};
use super::{Layout, LayoutEdge, LayoutNode, NodeKind};
use crate::analysis::Chain;
use crate::model::Lang;
use crate::rng::Rng;

/// Settings of [`layout_force`].
#[derive(Clone, Debug)]
pub struct ForceOptions {
    /// Link ids to draw (unknown ids are ignored); `None` draws every link.
    pub links: Option<BTreeSet<String>>,
    /// Steps of the link-level simulation (the refinement with enterprises takes a sixth as
    /// many, but 20 to 40); `None` picks by size, see [`ForceOptions::iterations_for`].
    pub iterations: Option<usize>,
    /// Seed of the starting jitter.
    pub seed: u64,
    /// Language of the labels measured.
    pub lang: Lang,
    /// Link label font size, in px.
    pub font_px: f64,
    /// Enterprise label font size, in px.
    pub enterprise_font_px: f64,
    /// Widest label line, in em.
    pub max_label_em: f64,
    /// Most label lines (the rest is cut with "…").
    pub max_label_lines: usize,
    /// Padding inside a link box, in px (enterprise boxes take three quarters of it).
    pub padding_px: f64,
    /// Clear space left between boxes by the overlap removal, in px (at least 0.5).
    pub gap_px: f64,
    /// Margin around the drawing, in px.
    pub margin_px: f64,
    /// Barnes–Hut opening angle: a quadtree cell seen under less than this (size / distance)
    /// acts as one body. 0 computes every pair exactly.
    pub theta: f64,
    /// Strength of the pull towards the middle of each piece.
    pub gravity: f64,
}

impl Default for ForceOptions {
    fn default() -> Self {
        ForceOptions {
            links: None,
            iterations: None,
            seed: 1,
            lang: Lang::ZhCn,
            font_px: 13.0,
            enterprise_font_px: 11.0,
            max_label_em: 8.0,
            max_label_lines: 2,
            padding_px: 6.0,
            gap_px: 6.0,
            margin_px: 16.0,
            theta: 1.0,
            gravity: 0.1,
        }
    }
}

impl ForceOptions {
    /// Link-level steps for a piece of `n_links` links: [`ForceOptions::iterations`] if set,
    /// else 300 up to 200 links and 300·√(200/n) above, but at least 80.
    pub fn iterations_for(&self, n_links: usize) -> usize {
        self.iterations.unwrap_or_else(|| {
            if n_links <= 200 {
                300
            } else {
                ((300.0 * (200.0 / n_links as f64).sqrt()) as usize).max(80)
            }
        })
    }
}

/// Steps of the refinement with enterprises after `steps` link-level steps: a sixth as many,
/// but 20 to 40.
fn refinement_steps(steps: usize) -> usize {
    (steps / 6).clamp(20, 40)
}

/// Share of a link's disc that its boxes fill at the start of the refinement.
const CLOUD_FILL: f64 = 0.35;

/// Lays out enterprises and their links as a network.
///
/// Complexity: O(L + E + Σ enterprise links + flows) to build the graph of n nodes and m edges;
/// O(I · (L log L + m)) for the I link-level steps and O(R · (n log n + m)) for the R ≤ 40
/// refinement steps (Barnes–Hut; O(n²) per step with `theta` 0); O(P · (n + o)) for P overlap-removal
/// passes finding o overlapping pairs (at most 200 passes). Memory O(n + m).
pub fn layout_force(chain: &Chain, options: &ForceOptions) -> Layout {
    let doc = chain.document();
    let chosen = |i: &usize| {
        doc.links.get(*i).is_some_and(|l| {
            options
                .links
                .as_ref()
                .is_none_or(|set| set.contains(l.id.as_str()))
        })
    };
    // Links in stage order (upstream first, unstaged last), tree order within a stage.
    let mut links: Vec<usize> = chain.tree_order().into_iter().filter(chosen).collect();
    links.sort_by_key(|i| chain.stage_of(*i).unwrap_or(usize::MAX));
    let node_of_link: HashMap<usize, usize> =
        links.iter().enumerate().map(|(k, i)| (*i, k)).collect();

    // Enterprises on at least one chosen link, with those links (each once, in their order).
    let mut enterprises: Vec<(usize, Vec<usize>)> = Vec::new();
    for (e, enterprise) in doc.enterprises.iter().enumerate() {
        let mut on: Vec<usize> = Vec::new();
        for id in &enterprise.links {
            if let Some(&k) = chain.link_index(id).and_then(|i| node_of_link.get(&i))
                && !on.contains(&k)
            {
                on.push(k);
            }
        }
        if !on.is_empty() {
            enterprises.push((e, on));
        }
    }
    let n_links = links.len();
    let n = n_links + enterprises.len();

    // Boxes.
    let mut ids: Vec<&str> = Vec::with_capacity(n);
    let mut labels: Vec<Vec<String>> = Vec::with_capacity(n);
    let mut half: Vec<(f64, f64)> = Vec::with_capacity(n);
    let mut add_box = |name: &str, font_px: f64, padding_px: f64| {
        let (label, w, h) = label_box(
            name,
            font_px,
            options.max_label_em,
            options.max_label_lines,
            padding_px,
        );
        labels.push(label);
        half.push((w / 2.0, h / 2.0));
    };
    for i in &links {
        let (id, name) = doc
            .links
            .get(*i)
            .map_or(("", ""), |l| (l.id.as_str(), l.name.get(options.lang)));
        add_box(name, options.font_px, options.padding_px);
        ids.push(id);
    }
    for (e, _) in &enterprises {
        let (id, name) = doc
            .enterprises
            .get(*e)
            .map_or(("", ""), |x| (x.id.as_str(), x.name.get(options.lang)));
        add_box(name, options.enterprise_font_px, options.padding_px * 0.75);
        ids.push(id);
    }

    // Edges: enterprise → link, then flows between chosen links.
    let mut edges: Vec<(usize, usize)> = Vec::new();
    for (k, (_, on)) in enterprises.iter().enumerate() {
        for l in on {
            edges.push((n_links + k, *l));
        }
    }
    let mut seen = HashSet::new();
    for flow in &doc.flows {
        let (Some(a), Some(b)) = (chain.link_index(&flow.from), chain.link_index(&flow.to)) else {
            continue;
        };
        let (Some(&ka), Some(&kb)) = (node_of_link.get(&a), node_of_link.get(&b)) else {
            continue;
        };
        if ka != kb && seen.insert((ka, kb)) {
            edges.push((ka, kb));
        }
    }
    // Each node's first link: itself for a link.
    let primary: Vec<usize> = (0..n_links)
        .chain(
            enterprises
                .iter()
                .map(|(_, on)| on.first().copied().unwrap_or(0)),
        )
        .collect();

    let gap = options.gap_px.max(0.5);
    let k = ideal_length(&half, gap);
    let mut rng = Rng(options.seed ^ 0x464F_5243_454C_4159);
    let mut pieces: Vec<Piece> = split(n, &edges)
        .into_iter()
        .map(|component| {
            let graph = PieceGraph::new(component, &half, &primary, n_links);
            let pos = layout_piece(&graph, k, gap, options, &mut rng);
            Piece::new(graph.nodes, pos, &graph.half)
        })
        .collect();
    pack(&mut pieces, k);
    let mut pos = vec![(0.0, 0.0); n];
    for piece in &pieces {
        for (v, p) in piece.nodes.iter().zip(&piece.pos) {
            if let Some(slot) = pos.get_mut(*v) {
                *slot = (p.0 + piece.offset.0, p.1 + piece.offset.1);
            }
        }
    }

    // Into the positive quadrant with a margin, rounded; then the edges between the boxes.
    let boxes: Vec<Rect> = pos
        .iter()
        .zip(&half)
        .map(|(p, h)| Rect {
            x: round2(p.0 + options.margin_px),
            y: round2(p.1 + options.margin_px),
            half_w: h.0,
            half_h: h.1,
        })
        .collect();
    let width = boxes.iter().map(|b| b.x + b.half_w).fold(0.0, f64::max) + options.margin_px;
    let height = boxes.iter().map(|b| b.y + b.half_h).fold(0.0, f64::max) + options.margin_px;
    let layout_edges = edges
        .iter()
        .filter_map(|&(a, b)| {
            let (ra, rb) = (boxes.get(a)?, boxes.get(b)?);
            let points = clip_to_boxes(&[[ra.x, ra.y], [rb.x, rb.y]], ra, rb)?;
            Some(LayoutEdge {
                from: (*ids.get(a)?).to_owned(),
                to: (*ids.get(b)?).to_owned(),
                points,
                back: false,
            })
        })
        .collect();
    let nodes = boxes
        .iter()
        .zip(ids)
        .zip(labels)
        .enumerate()
        .map(|(k, ((b, id), label))| LayoutNode {
            id: id.to_owned(),
            kind: if k < n_links {
                NodeKind::Link
            } else {
                NodeKind::Enterprise
            },
            x: b.x,
            y: b.y,
            width: b.half_w * 2.0,
            height: b.half_h * 2.0,
            label,
        })
        .collect();
    Layout {
        nodes,
        edges: layout_edges,
        width: width.ceil(),
        height: height.ceil(),
    }
}

/// The ideal length k, in px: the clear space an edge would keep between its two boxes were
/// nothing else around, half a typical box's mean side plus half the gap.
fn ideal_length(half: &[(f64, f64)], gap: f64) -> f64 {
    if half.is_empty() {
        return 1.0;
    }
    let mean = half.iter().map(|(w, h)| w + h).sum::<f64>() / half.len() as f64;
    ((mean + gap) / 2.0).max(1.0)
}

/// Connected pieces of the graph, numbered by their smallest node: each piece's nodes
/// (ascending) and its edges in local indices. Union–find, O((n + m) α(n)).
fn split(n: usize, edges: &[(usize, usize)]) -> Vec<Component> {
    let mut parent: Vec<usize> = (0..n).collect();
    let find = |parent: &mut Vec<usize>, mut v: usize| -> usize {
        while let Some(&p) = parent.get(v) {
            if p == v {
                break;
            }
            let grand = parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = parent.get_mut(v) {
                *slot = grand;
            }
            v = grand;
        }
        v
    };
    for &(a, b) in edges {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra != rb
            && let Some(slot) = parent.get_mut(ra.max(rb))
        {
            *slot = ra.min(rb);
        }
    }
    let mut number: HashMap<usize, usize> = HashMap::new();
    let mut pieces: Vec<Component> = Vec::new();
    let mut place = vec![(0usize, 0usize); n];
    for v in 0..n {
        let root = find(&mut parent, v);
        let next = number.len();
        let c = *number.entry(root).or_insert(next);
        if c == pieces.len() {
            pieces.push(Component::default());
        }
        if let Some(piece) = pieces.get_mut(c) {
            if let Some(slot) = place.get_mut(v) {
                *slot = (c, piece.nodes.len());
            }
            piece.nodes.push(v);
        }
    }
    for &(a, b) in edges {
        let (Some(&(c, la)), Some(&(_, lb))) = (place.get(a), place.get(b)) else {
            continue;
        };
        if let Some(piece) = pieces.get_mut(c) {
            piece.edges.push((la, lb));
        }
    }
    pieces
}

/// A connected component: its nodes (global indices, ascending) and its edges (local indices).
#[derive(Default)]
struct Component {
    nodes: Vec<usize>,
    edges: Vec<(usize, usize)>,
}

/// One connected piece in local indices: its links first (in stage order), then enterprises.
struct PieceGraph {
    /// Global node indices, ascending.
    nodes: Vec<usize>,
    edges: Vec<(usize, usize)>,
    half: Vec<(f64, f64)>,
    /// Local index of each node's first link (a link's own).
    primary: Vec<usize>,
    n_links: usize,
}

impl PieceGraph {
    fn new(
        Component { nodes, edges }: Component,
        half: &[(f64, f64)],
        primary: &[usize],
        n_links: usize,
    ) -> PieceGraph {
        let local: HashMap<usize, usize> = nodes.iter().enumerate().map(|(l, v)| (*v, l)).collect();
        PieceGraph {
            half: nodes
                .iter()
                .map(|v| half.get(*v).copied().unwrap_or((0.5, 0.5)))
                .collect(),
            primary: nodes
                .iter()
                .enumerate()
                .map(|(l, v)| {
                    primary
                        .get(*v)
                        .and_then(|p| local.get(p))
                        .copied()
                        .unwrap_or(l)
                })
                .collect(),
            n_links: nodes.iter().filter(|v| **v < n_links).count(),
            nodes,
            edges,
        }
    }
}

/// Lays out one connected piece around the origin: links (coarsened), then everything.
fn layout_piece(
    graph: &PieceGraph,
    k: f64,
    gap: f64,
    options: &ForceOptions,
    rng: &mut Rng,
) -> Vec<(f64, f64)> {
    let n = graph.nodes.len();
    let nl = graph.n_links;
    // Coarse level: each link with the enterprises whose first link it is.
    let mut weight = vec![0.0; nl];
    let mut area = vec![0.0; nl];
    let mut members = vec![0usize; nl];
    for (v, (p, h)) in graph.primary.iter().zip(&graph.half).enumerate() {
        if let (Some(w), Some(a), Some(c)) =
            (weight.get_mut(*p), area.get_mut(*p), members.get_mut(*p))
        {
            *w += 1.0;
            *a += 4.0 * h.0 * h.1;
            if v >= nl {
                *c += 1;
            }
        }
    }
    let link_radius: Vec<f64> = graph.half.iter().take(nl).map(|h| h.0.hypot(h.1)).collect();
    let disc: Vec<f64> = area
        .iter()
        .zip(&link_radius)
        .map(|(a, r)| (a / (PI * CLOUD_FILL)).sqrt().max(*r))
        .collect();
    let mut coarse_edges: Vec<(usize, usize)> = Vec::new();
    for &(a, b) in &graph.edges {
        let (Some(&pa), Some(&pb)) = (graph.primary.get(a), graph.primary.get(b)) else {
            continue;
        };
        if pa != pb {
            coarse_edges.push((pa, pb));
        }
    }
    let spread = disc.iter().map(|r| 4.0 * r * r).sum::<f64>().sqrt();
    let circle = (0.6 * spread).max(k);
    let mut coarse: Vec<(f64, f64)> = (0..nl)
        .map(|j| {
            let a = PI + 2.0 * PI * (j as f64 + 0.5) / nl as f64;
            let r = circle * (1.0 + 0.1 * (rng.unit() - 0.5));
            (r * a.cos(), r * a.sin())
        })
        .collect();
    let steps = options.iterations_for(nl);
    let mut forces = Forces {
        mass: &weight,
        edges: &coarse_edges,
        k,
        gravity: options.gravity,
        theta2: options.theta.max(0.0).powi(2),
        shapes: Shapes::Discs(&disc),
        gap,
    };
    simulate(&mut coarse, &forces, steps, circle / 4.0, k / 20.0);
    for _ in 0..OVERLAP_PASSES {
        if !push_discs(&mut coarse, &disc, gap) {
            break;
        }
    }

    // Fine level: links where the coarse level put them, enterprises on a sunflower spiral in
    // their link's disc, turned by the seed.
    let mut pos = coarse;
    let turn: Vec<f64> = (0..nl).map(|_| 2.0 * PI * rng.unit()).collect();
    let mut placed = vec![0usize; nl];
    let golden = PI * (3.0 - 5f64.sqrt());
    for (v, h) in graph.half.iter().enumerate().skip(nl) {
        let p = graph.primary.get(v).copied().unwrap_or(0);
        let (Some(&(x, y)), Some(j), Some(&c), Some(&outer), Some(&inner), Some(&t)) = (
            pos.get(p),
            placed.get_mut(p),
            members.get(p),
            disc.get(p),
            link_radius.get(p),
            turn.get(p),
        ) else {
            pos.push((0.0, 0.0));
            continue;
        };
        let r0 = inner + h.1 + gap;
        let outer = outer.max(r0 + k);
        let r = (r0 * r0 + (outer * outer - r0 * r0) * (*j as f64 + 0.5) / c.max(1) as f64).sqrt();
        let a = t + golden * *j as f64;
        *j += 1;
        pos.push((x + r * a.cos(), y + r * a.sin()));
    }
    let unit = vec![1.0; n];
    forces.mass = &unit;
    forces.edges = &graph.edges;
    forces.shapes = Shapes::Boxes(&graph.half);
    simulate(&mut pos, &forces, refinement_steps(steps), k, k / 20.0);
    remove_overlaps(&mut pos, &graph.half, gap);
    pos
}

/// One connected piece, laid out around its own origin, then placed by [`pack`].
struct Piece {
    nodes: Vec<usize>,
    pos: Vec<(f64, f64)>,
    /// Bounding box of its boxes: min x, min y, max x, max y.
    bounds: (f64, f64, f64, f64),
    /// What to add to its positions to place it.
    offset: (f64, f64),
}

impl Piece {
    fn new(nodes: Vec<usize>, pos: Vec<(f64, f64)>, half: &[(f64, f64)]) -> Piece {
        let mut bounds = (
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        );
        for (p, h) in pos.iter().zip(half) {
            bounds.0 = bounds.0.min(p.0 - h.0);
            bounds.1 = bounds.1.min(p.1 - h.1);
            bounds.2 = bounds.2.max(p.0 + h.0);
            bounds.3 = bounds.3.max(p.1 + h.1);
        }
        if !(bounds.0.is_finite() && bounds.1.is_finite()) {
            bounds = (0.0, 0.0, 0.0, 0.0);
        }
        Piece {
            nodes,
            pos,
            bounds,
            offset: (0.0, 0.0),
        }
    }

    fn size(&self) -> (f64, f64) {
        (self.bounds.2 - self.bounds.0, self.bounds.3 - self.bounds.1)
    }
}

/// Shelf packing: pieces, largest first, left to right in rows about as wide as the square root
/// of their total area (or the widest piece), `spacing` apart, from (0, 0). Sets each piece's
/// `offset`. O(c log c) for c pieces.
fn pack(pieces: &mut [Piece], spacing: f64) {
    let area: f64 = pieces
        .iter()
        .map(|p| {
            let (w, h) = p.size();
            (w + spacing) * (h + spacing)
        })
        .sum();
    let widest = pieces.iter().map(|p| p.size().0).fold(0.0, f64::max);
    let row_limit = (1.2 * area.sqrt()).max(widest);
    let mut order: Vec<usize> = (0..pieces.len()).collect();
    order.sort_by_key(|i| {
        let p = pieces.get(*i);
        (
            std::cmp::Reverse(p.map_or(0, |p| p.nodes.len())),
            p.and_then(|p| p.nodes.first().copied())
                .unwrap_or(usize::MAX),
        )
    });
    let (mut x, mut y, mut row_height) = (0.0, 0.0, 0.0f64);
    for i in order {
        let Some(piece) = pieces.get_mut(i) else {
            continue;
        };
        let (w, h) = piece.size();
        if x > 0.0 && x + w > row_limit {
            x = 0.0;
            y += row_height + spacing;
            row_height = 0.0;
        }
        piece.offset = (x - piece.bounds.0, y - piece.bounds.1);
        x += w + spacing;
        row_height = row_height.max(h);
    }
}

/// The shapes of the nodes of a simulation.
#[derive(Clone, Copy)]
enum Shapes<'a> {
    /// Discs of these radii (the link level).
    Discs(&'a [f64]),
    /// Boxes of these half sizes.
    Boxes(&'a [(f64, f64)]),
}

impl Shapes<'_> {
    /// What the reach of node `i` is computed from: a disc's radius, or a box's inverse half
    /// sizes (kept in quadtree leaves, so that near bodies need no look-up).
    fn key(&self, i: usize) -> (f64, f64) {
        match self {
            Shapes::Discs(radius) => (radius.get(i).copied().unwrap_or(0.0), 0.0),
            Shapes::Boxes(half) => half
                .get(i)
                .map_or((f64::INFINITY, f64::INFINITY), |(w, h)| (1.0 / w, 1.0 / h)),
        }
    }

    /// Distance from a shape's centre to its border in the direction of the unit vector
    /// `(ux, uy)`, the shape given by [`Shapes::key`]: a box's min(w/|ux|, h/|uy|).
    fn reach_of(&self, key: (f64, f64), ux: f64, uy: f64) -> f64 {
        match self {
            Shapes::Discs(_) => key.0,
            Shapes::Boxes(_) => 1.0 / (ux.abs() * key.0).max(uy.abs() * key.1),
        }
    }

    /// Distance from node `i`'s centre to its border in the direction of `(ux, uy)`.
    fn reach(&self, i: usize, ux: f64, uy: f64) -> f64 {
        self.reach_of(self.key(i), ux, uy)
    }
}

/// The forces of one simulation.
struct Forces<'a> {
    /// Repulsion weight of each node.
    mass: &'a [f64],
    edges: &'a [(usize, usize)],
    /// Ideal edge length, in px.
    k: f64,
    gravity: f64,
    /// Square of the Barnes–Hut opening angle.
    theta2: f64,
    shapes: Shapes<'a>,
    gap: f64,
}

/// How far colliding boxes are pushed apart during the refinement, as a share of the overlap.
const COLLIDE_STRENGTH: f64 = 1.0;

/// Collisions join a simulation after this many tenths of its steps.
const COLLIDE_FROM_TENTHS: usize = 5;

/// Runs `steps` steps of the simulation in place, the temperature cooling geometrically from
/// `t_start` to `t_end`. O(steps · (n log n + m)).
fn simulate(pos: &mut [(f64, f64)], forces: &Forces<'_>, steps: usize, t_start: f64, t_end: f64) {
    let n = pos.len();
    if n < 2 || steps == 0 {
        return;
    }
    let k2 = forces.k * forces.k;
    let t_start = t_start.max(t_end).max(1e-3);
    let t_end = t_end.max(1e-3);
    let mut tree = QuadTree::default();
    let mut force = vec![(0.0f64, 0.0f64); n];
    let mut stack: Vec<u32> = Vec::new();
    let mut order: Vec<u32> = Vec::with_capacity(n);
    let near = Near {
        shapes: forces.shapes,
        gap: forces.gap,
        floor: forces.k / 100.0,
        theta2: forces.theta2,
    };
    for step in 0..steps {
        let temperature = t_start * (t_end / t_start).powf(step as f64 / steps as f64);
        tree.build(pos, forces.mass, forces.shapes);
        // Bodies in quadtree order, so that consecutive ones walk much the same cells.
        tree.bodies_in_order(&mut order, &mut stack);
        for &i in &order {
            let i = i as usize;
            let (Some(&(x, y)), Some(&m), Some(f)) =
                (pos.get(i), forces.mass.get(i), force.get_mut(i))
            else {
                continue;
            };
            let (rx, ry) = tree.repulsion(i, (x, y), &near, &mut stack);
            *f = (
                k2 * m * rx - forces.gravity * m * x,
                k2 * m * ry - forces.gravity * m * y,
            );
        }
        for &(a, b) in forces.edges {
            let (Some(&(xa, ya)), Some(&(xb, yb))) = (pos.get(a), pos.get(b)) else {
                continue;
            };
            let (dx, dy) = (xa - xb, ya - yb);
            let d = (dx * dx + dy * dy).sqrt();
            if d <= 1e-9 {
                continue;
            }
            let (ux, uy) = (dx / d, dy / d);
            let clear =
                (d - forces.shapes.reach(a, ux, uy) - forces.shapes.reach(b, ux, uy) - forces.gap)
                    .max(0.0);
            let pull = clear;
            let (fx, fy) = (ux * pull, uy * pull);
            if let Some(f) = force.get_mut(a) {
                f.0 -= fx;
                f.1 -= fy;
            }
            if let Some(f) = force.get_mut(b) {
                f.0 += fx;
                f.1 += fy;
            }
        }
        for (p, (fx, fy)) in pos.iter_mut().zip(&force) {
            let len = (fx * fx + fy * fy).sqrt();
            if len > 1e-12 && len.is_finite() {
                let step = len.min(temperature) / len;
                p.0 += fx * step;
                p.1 += fy * step;
            }
        }
        if step * 10 >= steps * COLLIDE_FROM_TENTHS {
            match forces.shapes {
                Shapes::Discs(radius) => {
                    push_discs(pos, radius, forces.gap);
                }
                Shapes::Boxes(half) => {
                    push_apart(pos, half, forces.gap, COLLIDE_STRENGTH);
                }
            }
        }
    }
}

/// One pass pushing overlapping discs (closer than `gap`) apart along the line between their
/// centres, half each; whether any overlapped. O(n + o) with a grid of the largest diameter.
fn push_discs(pos: &mut [(f64, f64)], radius: &[f64], gap: f64) -> bool {
    let half: Vec<(f64, f64)> = radius.iter().map(|r| (*r, *r)).collect();
    let mut moved = false;
    for (i, j) in overlapping_pairs(pos, &half, gap) {
        let (Some(&(xi, yi)), Some(&(xj, yj)), Some(ri), Some(rj)) =
            (pos.get(i), pos.get(j), radius.get(i), radius.get(j))
        else {
            continue;
        };
        let (dx, dy) = (xj - xi, yj - yi);
        let d = (dx * dx + dy * dy).sqrt();
        let need = ri + rj + gap;
        if d >= need {
            continue;
        }
        let (ux, uy) = if d > 1e-9 {
            (dx / d, dy / d)
        } else {
            (1.0, 0.0)
        };
        let push = (need - d + OVERSHOOT) / 2.0;
        moved = true;
        if let Some(p) = pos.get_mut(i) {
            p.0 -= ux * push;
            p.1 -= uy * push;
        }
        if let Some(p) = pos.get_mut(j) {
            p.0 += ux * push;
            p.1 += uy * push;
        }
    }
    moved
}

const NONE: u32 = u32::MAX;
/// Deeper cells keep what falls into them as one body (coincident points).
const MAX_DEPTH: usize = 30;

/// One square of the quadtree: a leaf with one body (or several, at [`MAX_DEPTH`]), or an
/// internal cell with up to four children.
#[derive(Clone, Copy, Debug)]
struct Cell {
    cx: f64,
    cy: f64,
    half: f64,
    mass: f64,
    /// Mass-weighted sum of positions while building, then the centre of mass.
    mx: f64,
    my: f64,
    child: [u32; 4],
    body: u32,
    /// A leaf's body shape, as [`Shapes::key`] gives it.
    shape: (f64, f64),
}

impl Cell {
    fn empty(cx: f64, cy: f64, half: f64) -> Cell {
        Cell {
            cx,
            cy,
            half,
            mass: 0.0,
            mx: 0.0,
            my: 0.0,
            child: [NONE; 4],
            body: NONE,
            shape: (0.0, 0.0),
        }
    }

    fn is_leaf(&self) -> bool {
        self.child == [NONE; 4]
    }

    fn quadrant(&self, x: f64, y: f64) -> usize {
        usize::from(x >= self.cx) + 2 * usize::from(y >= self.cy)
    }
}

/// A Barnes–Hut quadtree over the node positions, its cells in one arena.
#[derive(Default)]
struct QuadTree {
    cells: Vec<Cell>,
    /// Bodies inserted.
    bodies: usize,
}

impl QuadTree {
    /// Rebuilds the tree. Complexity: O(n log n) for spread-out points (depth is capped).
    fn build(&mut self, pos: &[(f64, f64)], mass: &[f64], shapes: Shapes<'_>) {
        self.cells.clear();
        self.bodies = pos.len();
        let (mut lo_x, mut lo_y, mut hi_x, mut hi_y) = (
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        );
        for (x, y) in pos {
            lo_x = lo_x.min(*x);
            lo_y = lo_y.min(*y);
            hi_x = hi_x.max(*x);
            hi_y = hi_y.max(*y);
        }
        if !(lo_x.is_finite() && lo_y.is_finite() && hi_x.is_finite() && hi_y.is_finite()) {
            return;
        }
        let half = ((hi_x - lo_x).max(hi_y - lo_y) / 2.0 + 1.0) * 1.000_001;
        self.cells
            .push(Cell::empty((lo_x + hi_x) / 2.0, (lo_y + hi_y) / 2.0, half));
        for (i, ((x, y), m)) in pos.iter().zip(mass).enumerate() {
            self.insert(i as u32, *x, *y, *m, pos);
        }
        for cell in &mut self.cells {
            if cell.mass > 0.0 {
                cell.mx /= cell.mass;
                cell.my /= cell.mass;
            }
            if cell.body != NONE {
                cell.shape = shapes.key(cell.body as usize);
            }
        }
    }

    fn push(&mut self, cell: Cell) -> u32 {
        self.cells.push(cell);
        (self.cells.len() - 1) as u32
    }

    fn insert(&mut self, i: u32, x: f64, y: f64, m: f64, pos: &[(f64, f64)]) {
        let mut at = 0usize;
        let mut depth = 0;
        loop {
            let Some(cell) = self.cells.get_mut(at) else {
                return;
            };
            if cell.is_leaf() {
                if cell.body == NONE {
                    cell.body = i;
                    cell.mass = m;
                    cell.mx = m * x;
                    cell.my = m * y;
                    return;
                }
                if depth >= MAX_DEPTH {
                    cell.mass += m;
                    cell.mx += m * x;
                    cell.my += m * y;
                    return;
                }
                // Split: move the resident body one level down.
                let resident = cell.body;
                cell.body = NONE;
                let c = *cell;
                let Some(&(bx, by)) = pos.get(resident as usize) else {
                    return;
                };
                let q = c.quadrant(bx, by);
                let h = c.half / 2.0;
                let mut child = Cell::empty(
                    c.cx + if q & 1 == 1 { h } else { -h },
                    c.cy + if q & 2 == 2 { h } else { -h },
                    h,
                );
                child.body = resident;
                child.mass = c.mass;
                child.mx = c.mx;
                child.my = c.my;
                let index = self.push(child);
                if let Some(slot) = self.cells.get_mut(at).and_then(|c| c.child.get_mut(q)) {
                    *slot = index;
                }
            }
            let Some(cell) = self.cells.get_mut(at) else {
                return;
            };
            cell.mass += m;
            cell.mx += m * x;
            cell.my += m * y;
            let c = *cell;
            let q = c.quadrant(x, y);
            match c.child.get(q).copied() {
                Some(NONE) => {
                    let h = c.half / 2.0;
                    let mut child = Cell::empty(
                        c.cx + if q & 1 == 1 { h } else { -h },
                        c.cy + if q & 2 == 2 { h } else { -h },
                        h,
                    );
                    child.body = i;
                    child.mass = m;
                    child.mx = m * x;
                    child.my = m * y;
                    let index = self.push(child);
                    if let Some(slot) = self.cells.get_mut(at).and_then(|c| c.child.get_mut(q)) {
                        *slot = index;
                    }
                    return;
                }
                Some(next) => {
                    at = next as usize;
                    depth += 1;
                }
                None => return,
            }
        }
    }

    /// Every body once, depth first (a Z-order of the points). Bodies merged at [`MAX_DEPTH`]
    /// are listed by their first one only, so `order` is completed with the rest.
    fn bodies_in_order(&self, order: &mut Vec<u32>, stack: &mut Vec<u32>) {
        order.clear();
        stack.clear();
        if !self.cells.is_empty() {
            stack.push(0);
        }
        let n = self.bodies;
        let mut listed = vec![false; n];
        while let Some(c) = stack.pop() {
            let Some(cell) = self.cells.get(c as usize) else {
                continue;
            };
            if cell.is_leaf() {
                if let Some(seen) = listed.get_mut(cell.body as usize)
                    && !*seen
                {
                    *seen = true;
                    order.push(cell.body);
                }
            } else {
                for child in cell.child.iter().rev() {
                    if *child != NONE {
                        stack.push(*child);
                    }
                }
            }
        }
        for (i, seen) in listed.iter().enumerate() {
            if !seen {
                order.push(i as u32);
            }
        }
    }

    /// The repulsion on a unit body `i` at `(x, y)`, to be scaled by k² and its own mass:
    /// Σ mass·u/d over far cells seen under less than the opening angle (u the unit vector from
    /// the cell's centre of mass, d the distance) and, as in ForceAtlas2 with adjusted sizes,
    /// Σ mass·u/d′ over near bodies, d′ the clear space between the two shapes along u (at
    /// least `floor`).
    fn repulsion(
        &self,
        i: usize,
        (x, y): (f64, f64),
        near: &Near<'_>,
        stack: &mut Vec<u32>,
    ) -> (f64, f64) {
        let (mut fx, mut fy) = (0.0, 0.0);
        let own = near.shapes.key(i);
        stack.clear();
        if !self.cells.is_empty() {
            stack.push(0);
        }
        while let Some(c) = stack.pop() {
            let Some(cell) = self.cells.get(c as usize) else {
                continue;
            };
            if cell.mass <= 0.0 {
                continue;
            }
            let (dx, dy) = (x - cell.mx, y - cell.my);
            let d2 = dx * dx + dy * dy;
            let leaf = cell.is_leaf();
            if leaf && cell.body as usize == i {
                continue;
            }
            if leaf {
                let d = d2.sqrt();
                if d > 1e-9 {
                    let (ux, uy) = (dx / d, dy / d);
                    let clear = d
                        - near.shapes.reach_of(own, ux, uy)
                        - near.shapes.reach_of(cell.shape, ux, uy)
                        - near.gap;
                    let clear = clear.max(near.floor);
                    fx += cell.mass * ux / clear;
                    fy += cell.mass * uy / clear;
                }
            } else if 4.0 * cell.half * cell.half < near.theta2 * d2 {
                fx += cell.mass * dx / d2;
                fy += cell.mass * dy / d2;
            } else {
                for child in cell.child {
                    if child != NONE {
                        stack.push(child);
                    }
                }
            }
        }
        (fx, fy)
    }
}

/// How near bodies repel: their shapes, the gap kept between them, the least clear space used
/// (so that overlapping shapes repel strongly but finitely) and the Barnes–Hut opening angle.
struct Near<'a> {
    shapes: Shapes<'a>,
    gap: f64,
    floor: f64,
    theta2: f64,
}

/// Boxes closer than the gap by less than this count as apart (rounding noise), in px.
const SLACK: f64 = 1e-3;

/// Pushes part a pair this much further than needed, so that neighbours' pushes do not bring
/// them straight back, in px.
const OVERSHOOT: f64 = 1.0;

/// Most passes of pushing overlapping boxes apart at the end.
const OVERLAP_PASSES: usize = 200;

/// Pushes overlapping boxes (closer than `gap`) apart, pair by pair along the axis of least
/// overlap, for up to [`OVERLAP_PASSES`] passes; then, if pairs still overlap, spreads all
/// positions from their centroid by the smallest factor that separates every such pair (which
/// parts no other pair, since spreading only lengthens distances).
///
/// Complexity: O(n + o) per pass with o overlapping pairs (a grid of the largest box size).
fn remove_overlaps(pos: &mut [(f64, f64)], half: &[(f64, f64)], gap: f64) {
    for _ in 0..OVERLAP_PASSES {
        if !push_apart(pos, half, gap, 1.0) {
            return;
        }
    }
    // Spread what is left.
    for _ in 0..4 {
        let pairs = overlapping_pairs(pos, half, gap);
        if pairs.is_empty() {
            return;
        }
        let mut factor: f64 = 1.0;
        for (i, j) in pairs {
            let (Some(&(xi, yi)), Some(&(xj, yj)), Some(hi), Some(hj)) =
                (pos.get(i), pos.get(j), half.get(i), half.get(j))
            else {
                continue;
            };
            let need_x = (hi.0 + hj.0 + gap) / (xj - xi).abs();
            let need_y = (hi.1 + hj.1 + gap) / (yj - yi).abs();
            let need = need_x.min(need_y);
            if need.is_finite() {
                factor = factor.max(need);
            } else if let Some(p) = pos.get_mut(j) {
                // Same centre: move one aside first.
                p.0 += hi.0 + hj.0 + gap;
            }
        }
        let n = pos.len().max(1) as f64;
        let cx = pos.iter().map(|p| p.0).sum::<f64>() / n;
        let cy = pos.iter().map(|p| p.1).sum::<f64>() / n;
        let factor = factor * 1.000_01;
        for p in pos.iter_mut() {
            p.0 = cx + (p.0 - cx) * factor;
            p.1 = cy + (p.1 - cy) * factor;
        }
    }
}

/// One pass over the overlapping pairs (closer than `gap` on both axes), moving each pair apart
/// along the axis where they overlap least by `strength` times the overlap, half each. Returns
/// whether any pair overlapped.
///
/// Complexity: O(n + o) with o overlapping pairs.
fn push_apart(pos: &mut [(f64, f64)], half: &[(f64, f64)], gap: f64, strength: f64) -> bool {
    let pairs = overlapping_pairs(pos, half, gap);
    if pairs.is_empty() {
        return false;
    }
    for (i, j) in pairs {
        let (Some(&(xi, yi)), Some(&(xj, yj)), Some(hi), Some(hj)) =
            (pos.get(i), pos.get(j), half.get(i), half.get(j))
        else {
            continue;
        };
        let (dx, dy) = (xj - xi, yj - yi);
        let ox = hi.0 + hj.0 + gap - dx.abs();
        let oy = hi.1 + hj.1 + gap - dy.abs();
        if ox <= 0.0 || oy <= 0.0 {
            continue; // already parted by an earlier push in this pass
        }
        let (mx, my) = if ox <= oy {
            let s = if dx > 0.0 || (dx == 0.0 && i < j) {
                1.0
            } else {
                -1.0
            };
            (s * strength * (ox + OVERSHOOT) / 2.0, 0.0)
        } else {
            let s = if dy > 0.0 || (dy == 0.0 && i < j) {
                1.0
            } else {
                -1.0
            };
            (0.0, s * strength * (oy + OVERSHOOT) / 2.0)
        };
        if let Some(p) = pos.get_mut(i) {
            p.0 -= mx;
            p.1 -= my;
        }
        if let Some(p) = pos.get_mut(j) {
            p.0 += mx;
            p.1 += my;
        }
    }
    true
}

/// Pairs `(i, j)`, `i < j`, of boxes closer than `gap` on both axes, in index order.
fn overlapping_pairs(pos: &[(f64, f64)], half: &[(f64, f64)], gap: f64) -> Vec<(usize, usize)> {
    let reach = half
        .iter()
        .map(|(w, h)| 2.0 * w.max(*h))
        .fold(0.0, f64::max)
        + gap;
    let grid = Grid::new(pos, reach);
    let mut pairs = Vec::new();
    for (i, p) in pos.iter().enumerate() {
        let Some(hi) = half.get(i) else { continue };
        grid.near(*p, |j| {
            if j <= i {
                return;
            }
            let (Some(q), Some(hj)) = (pos.get(j), half.get(j)) else {
                return;
            };
            if (q.0 - p.0).abs() < hi.0 + hj.0 + gap - SLACK
                && (q.1 - p.1).abs() < hi.1 + hj.1 + gap - SLACK
            {
                pairs.push((i, j));
            }
        });
    }
    pairs.sort_unstable();
    pairs
}

/// Points bucketed in square cells at least `reach` wide (counting sort into one array), so
/// that every point within `reach` of a position lies in its cell or the eight around it.
struct Grid {
    min: (f64, f64),
    size: f64,
    cols: usize,
    rows: usize,
    /// Start of each cell's run in `order`; one more entry than cells.
    start: Vec<usize>,
    order: Vec<usize>,
}

impl Grid {
    /// O(n) time and memory: the cells are made wider when more than 4n + 16 would be needed.
    fn new(pos: &[(f64, f64)], reach: f64) -> Grid {
        let mut lo = (f64::INFINITY, f64::INFINITY);
        let mut hi = (f64::NEG_INFINITY, f64::NEG_INFINITY);
        for p in pos.iter().filter(|p| p.0.is_finite() && p.1.is_finite()) {
            lo = (lo.0.min(p.0), lo.1.min(p.1));
            hi = (hi.0.max(p.0), hi.1.max(p.1));
        }
        if !(lo.0 <= hi.0 && lo.1 <= hi.1) {
            lo = (0.0, 0.0);
            hi = (0.0, 0.0);
        }
        let (w, h) = (hi.0 - lo.0, hi.1 - lo.1);
        let most = (4 * pos.len() + 16) as f64;
        let size = reach
            .max(1e-6)
            .max((w * h / most).sqrt())
            .max((w.max(h)) / most);
        let cols = (w / size) as usize + 1;
        let rows = (h / size) as usize + 1;
        let mut grid = Grid {
            min: lo,
            size,
            cols,
            rows,
            start: vec![0; cols * rows + 1],
            order: vec![0; pos.len()],
        };
        let cells: Vec<usize> = pos.iter().map(|p| grid.cell(*p)).collect();
        for c in &cells {
            if let Some(count) = grid.start.get_mut(c + 1) {
                *count += 1;
            }
        }
        for c in 1..grid.start.len() {
            let before = grid.start.get(c - 1).copied().unwrap_or(0);
            if let Some(count) = grid.start.get_mut(c) {
                *count += before;
            }
        }
        let mut next = grid.start.clone();
        for (i, c) in cells.iter().enumerate() {
            if let Some(at) = next.get_mut(*c) {
                if let Some(slot) = grid.order.get_mut(*at) {
                    *slot = i;
                }
                *at += 1;
            }
        }
        grid
    }

    fn col_row(&self, p: (f64, f64)) -> (usize, usize) {
        let col = ((p.0 - self.min.0) / self.size).max(0.0) as usize;
        let row = ((p.1 - self.min.1) / self.size).max(0.0) as usize;
        (col.min(self.cols - 1), row.min(self.rows - 1))
    }

    fn cell(&self, p: (f64, f64)) -> usize {
        let (col, row) = self.col_row(p);
        row * self.cols + col
    }

    /// Calls `visit` with every point in the cells around `p`.
    fn near(&self, p: (f64, f64), mut visit: impl FnMut(usize)) {
        let (col, row) = self.col_row(p);
        for r in row.saturating_sub(1)..=(row + 1).min(self.rows - 1) {
            let (first, last) = (
                r * self.cols + col.saturating_sub(1),
                r * self.cols + (col + 1).min(self.cols - 1),
            );
            let (Some(&from), Some(&to)) = (self.start.get(first), self.start.get(last + 1)) else {
                continue;
            };
            for &j in self.order.get(from..to).into_iter().flatten() {
                visit(j);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scatter(n: usize, spread: f64, seed: u64) -> Vec<(f64, f64)> {
        let mut rng = Rng(seed);
        (0..n)
            .map(|_| (rng.unit() * spread, rng.unit() * spread))
            .collect()
    }

    #[test]
    fn grid_finds_the_same_pairs_as_brute_force() {
        let pos = scatter(400, 1_000.0, 3);
        let half: Vec<(f64, f64)> = (0..400)
            .map(|i| (10.0 + (i % 7) as f64 * 6.0, 8.0 + (i % 3) as f64 * 4.0))
            .collect();
        let mut brute = Vec::new();
        for i in 0..pos.len() {
            for j in i + 1..pos.len() {
                if (pos[i].0 - pos[j].0).abs() < half[i].0 + half[j].0 + 2.0 - SLACK
                    && (pos[i].1 - pos[j].1).abs() < half[i].1 + half[j].1 + 2.0 - SLACK
                {
                    brute.push((i, j));
                }
            }
        }
        assert!(!brute.is_empty());
        assert_eq!(overlapping_pairs(&pos, &half, 2.0), brute);
        // A flat line of points and a single point need no special case.
        let line: Vec<(f64, f64)> = (0..50).map(|i| (i as f64 * 5.0, 0.0)).collect();
        assert_eq!(overlapping_pairs(&line, &[(3.0, 3.0); 50], 0.0).len(), 49);
        assert!(overlapping_pairs(&[(1.0, 1.0)], &[(3.0, 3.0)], 0.0).is_empty());
        assert!(overlapping_pairs(&[], &[], 0.0).is_empty());
    }

    #[test]
    fn barnes_hut_approaches_the_exact_sum() {
        let pos = scatter(300, 2_000.0, 5);
        let mass: Vec<f64> = (0..300).map(|i| 1.0 + (i % 4) as f64).collect();
        let radius = vec![0.0; 300];
        let mut tree = QuadTree::default();
        tree.build(&pos, &mass, Shapes::Discs(&radius));
        let mut stack = Vec::new();
        let near = |theta: f64| Near {
            shapes: Shapes::Discs(&radius),
            gap: 0.0,
            floor: 1e-6,
            theta2: theta * theta,
        };
        for i in [0, 17, 150, 299] {
            let mut exact = (0.0, 0.0);
            for j in 0..300 {
                if j != i {
                    let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                    let d2 = dx * dx + dy * dy;
                    exact = (exact.0 + mass[j] * dx / d2, exact.1 + mass[j] * dy / d2);
                }
            }
            let zero = tree.repulsion(i, pos[i], &near(0.0), &mut stack);
            assert!((zero.0 - exact.0).abs() < 1e-9 && (zero.1 - exact.1).abs() < 1e-9);
            let approx = tree.repulsion(i, pos[i], &near(0.7), &mut stack);
            let err = (approx.0 - exact.0).hypot(approx.1 - exact.1);
            assert!(
                err < 0.05 * exact.0.hypot(exact.1) + 1e-4,
                "node {i}: {err}"
            );
        }
        let mut order = Vec::new();
        tree.bodies_in_order(&mut order, &mut stack);
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..300).collect::<Vec<u32>>());
    }

    #[test]
    fn coincident_points_do_not_break_the_tree() {
        let pos = vec![(5.0, 5.0); 40];
        let mut tree = QuadTree::default();
        tree.build(&pos, &[1.0; 40], Shapes::Boxes(&[(1.0, 1.0); 40]));
        let mut stack = Vec::new();
        let near = Near {
            shapes: Shapes::Boxes(&[(1.0, 1.0); 40]),
            gap: 0.0,
            floor: 0.1,
            theta2: 1.0,
        };
        let f = tree.repulsion(3, pos[3], &near, &mut stack);
        assert!(f.0.is_finite() && f.1.is_finite());
        let mut order = Vec::new();
        tree.bodies_in_order(&mut order, &mut stack);
        assert_eq!(order.len(), 40);
    }

    #[test]
    fn overlaps_are_removed_even_from_one_pile() {
        let mut pos = vec![(0.0, 0.0); 30];
        pos.extend(scatter(70, 200.0, 9));
        let half: Vec<(f64, f64)> = (0..100).map(|i| (30.0 + (i % 5) as f64, 12.0)).collect();
        remove_overlaps(&mut pos, &half, 4.0);
        assert!(overlapping_pairs(&pos, &half, 4.0).is_empty());
        assert!(pos.iter().all(|p| p.0.is_finite() && p.1.is_finite()));
    }

    #[test]
    fn packing_keeps_pieces_apart() {
        let mut pieces: Vec<Piece> = (0..12)
            .map(|i| {
                let n = 1 + i % 4;
                let pos: Vec<(f64, f64)> = (0..n).map(|j| (j as f64 * 50.0, -(i as f64))).collect();
                Piece::new((i * 10..i * 10 + n).collect(), pos, &vec![(20.0, 10.0); n])
            })
            .collect();
        pack(&mut pieces, 8.0);
        let boxes: Vec<(f64, f64, f64, f64)> = pieces
            .iter()
            .map(|p| {
                let b = p.bounds;
                (
                    b.0 + p.offset.0,
                    b.1 + p.offset.1,
                    b.2 + p.offset.0,
                    b.3 + p.offset.1,
                )
            })
            .collect();
        for (i, a) in boxes.iter().enumerate() {
            assert!(a.0 >= -1e-9 && a.1 >= -1e-9);
            for b in &boxes[i + 1..] {
                assert!(
                    a.2 + 8.0 <= b.0 + 1e-9
                        || b.2 + 8.0 <= a.0 + 1e-9
                        || a.3 + 8.0 <= b.1 + 1e-9
                        || b.3 + 8.0 <= a.1 + 1e-9
                );
            }
        }
    }

    #[test]
    fn components_are_numbered_by_their_first_node() {
        let parts = split(6, &[(4, 1), (2, 5), (5, 0)]);
        let nodes: Vec<Vec<usize>> = parts.iter().map(|c| c.nodes.clone()).collect();
        assert_eq!(nodes, [vec![0, 2, 5], vec![1, 4], vec![3]]);
        assert_eq!(parts[0].edges, [(1, 2), (2, 0)]);
        assert_eq!(parts[1].edges, [(1, 0)]);
    }
}
