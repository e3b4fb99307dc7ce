//! Chain layout: stages as bands of columns along the flow, links as labelled boxes, flows as
//! smooth routes that run between boxes, never through them.
//!
//! [`layout_chain`] maps a [`Chain`] onto the generic layered engine in [`layered`]: each visible
//! link is a node sized by its wrapped label ([`measure`]), each stage is a band; flows into or
//! out of a collapsed group are lifted to the group. Without stages, links are ranked by their
//! flows alone. The result is the `lianmap layout` JSON contract:
//! `{"nodes":[{"id","kind","x","y","width","height"}], "edges":[{"from","to","points"}]}` with
//! centres in `x, y` and each edge's points running from source to target.

pub mod force;
pub mod layered;
pub mod measure;
pub mod radial;
pub mod simplex;

use crate::hash::Set as HashSet;

use serde::Serialize;

use crate::analysis::Chain;
use crate::model::Lang;

/// Which way the flow runs on screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Direction {
    /// Upstream on the left (the default).
    #[default]
    LeftToRight,
    /// Upstream at the top.
    TopToBottom,
}

/// Layout settings.
#[derive(Clone, Debug)]
pub struct LayoutOptions {
    /// Flow direction.
    pub direction: Direction,
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
    /// Groups (link ids) drawn collapsed: their descendants are hidden and their flows lifted.
    pub collapsed: HashSet<String>,
    /// Spacing and effort of the layered engine.
    pub spacing: layered::Spacing,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            direction: Direction::LeftToRight,
            lang: Lang::ZhCn,
            font_px: 13.0,
            max_label_em: 8.0,
            max_label_lines: 3,
            padding_px: 8.0,
            collapsed: HashSet::default(),
            spacing: layered::Spacing::default(),
        }
    }
}

/// What a laid-out box shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    /// A link (环节).
    Link,
    /// A stage band behind its links.
    Stage,
    /// An enterprise (企业), as drawn by the force layout of enterprise networks.
    Enterprise,
}

/// One laid-out box.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayoutNode {
    /// Link or stage id.
    pub id: String,
    /// Link or stage.
    pub kind: NodeKind,
    /// Centre, in px.
    pub x: f64,
    /// Centre, in px.
    pub y: f64,
    /// Width, in px.
    pub width: f64,
    /// Height, in px.
    pub height: f64,
    /// Label lines as wrapped for this box.
    pub label: Vec<String>,
}

/// One laid-out flow.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayoutEdge {
    /// Supplying link id (the visible one: a collapsed group stands for its descendants).
    pub from: String,
    /// Receiving link id.
    pub to: String,
    /// The drawn path from source to target, curves flattened, in px.
    pub points: Vec<[f64; 2]>,
    /// True when the flow runs against the chain's direction (recycling, services).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub back: bool,
}

/// A whole layout.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Layout {
    /// Stage bands first, then links.
    pub nodes: Vec<LayoutNode>,
    /// Flows between visible links.
    pub edges: Vec<LayoutEdge>,
    /// Width of the drawing, in px.
    pub width: f64,
    /// Height of the drawing, in px.
    pub height: f64,
}

/// Lays out the chain.
///
/// Complexity: that of [`layered::layout`] on the visible links and lifted flows.
pub fn layout_chain(chain: &Chain, options: &LayoutOptions) -> Layout {
    let doc = chain.document();
    let n_links = doc.links.len();
    // The visible stand-in of each link: itself, or its outermost collapsed ancestor.
    let mut visible_of: Vec<usize> = (0..n_links).collect();
    for (i, slot) in visible_of.iter_mut().enumerate() {
        let mut at = i;
        let mut steps = 0;
        while let Some(p) = chain.parent(at) {
            if doc
                .links
                .get(p)
                .is_some_and(|l| options.collapsed.contains(&l.id))
            {
                *slot = p;
            }
            at = p;
            steps += 1;
            if steps > n_links {
                break;
            }
        }
    }
    let visible: Vec<usize> = chain
        .tree_order()
        .into_iter()
        .filter(|i| visible_of.get(*i) == Some(i))
        .collect();
    // The node of each visible link, by link index.
    let mut node_of: Vec<Option<usize>> = vec![None; n_links];
    for (k, &i) in visible.iter().enumerate() {
        if let Some(slot) = node_of.get_mut(i) {
            *slot = Some(k);
        }
    }

    let line_px = options.font_px * 1.35;
    let labels: Vec<Vec<String>> = visible
        .iter()
        .map(|i| {
            let name = doc.links.get(*i).map_or("", |l| l.name.get(options.lang));
            measure::wrap(name, options.max_label_em, options.max_label_lines)
        })
        .collect();
    let sizes: Vec<(f64, f64)> = labels
        .iter()
        .map(|lines| {
            let em = lines
                .iter()
                .map(|l| measure::text_em(l))
                .fold(0.0, f64::max)
                .max(2.0);
            let width = (em * options.font_px + 2.0 * options.padding_px).ceil();
            let height = (lines.len() as f64 * line_px + 2.0 * options.padding_px).ceil();
            (width, height)
        })
        .collect();

    // Flows between visible nodes, lifted to collapsed ancestors; the first of each pair kept.
    let mut lifted: Vec<(usize, usize, usize, usize)> = Vec::new();
    for flow in &doc.flows {
        let (Some(from), Some(to)) = (chain.link_index(&flow.from), chain.link_index(&flow.to))
        else {
            continue;
        };
        let (Some(&vf), Some(&vt)) = (visible_of.get(from), visible_of.get(to)) else {
            continue;
        };
        let (Some(a), Some(b)) = (
            node_of.get(vf).copied().flatten(),
            node_of.get(vt).copied().flatten(),
        ) else {
            continue;
        };
        if a != b {
            lifted.push((a, b, vf, vt));
        }
    }
    let pairs: Vec<u128> = lifted
        .iter()
        .map(|&(a, b, _, _)| ((a as u128) << 64) | b as u128)
        .collect();
    let mut edges: Vec<(usize, usize)> = Vec::new();
    let mut edge_ids: Vec<(usize, usize)> = Vec::new();
    for (&(a, b, vf, vt), first) in lifted.iter().zip(crate::sort::first_occurrences(&pairs)) {
        if first {
            edges.push((a, b));
            edge_ids.push((vf, vt));
        }
    }
    let across_first = options.direction == Direction::LeftToRight;
    let graph = layered::Graph {
        breadth: sizes
            .iter()
            .map(|(w, h)| if across_first { *h } else { *w })
            .collect(),
        length: sizes
            .iter()
            .map(|(w, h)| if across_first { *w } else { *h })
            .collect(),
        band: visible
            .iter()
            .map(|i| chain.stage_of(*i).unwrap_or(0))
            .collect(),
        edges,
    };
    let placed = layered::layout(&graph, &options.spacing);

    let margin = 16.0;
    let to_screen = |along: f64, across: f64| -> (f64, f64) {
        if across_first {
            (along + margin, across + margin)
        } else {
            (across + margin, along + margin)
        }
    };
    let mut nodes = Vec::with_capacity(visible.len() + 3);
    let extent_across = (0..visible.len())
        .map(|k| {
            placed.across.get(k).copied().unwrap_or(0.0)
                + graph.breadth.get(k).copied().unwrap_or(0.0) / 2.0
        })
        .fold(0.0, f64::max);
    let extent_along = placed.bands.iter().map(|b| b.2).fold(0.0, f64::max);
    if let Some(stages) = &doc.stages {
        for &(band, start, end) in &placed.bands {
            let Some(stage) = stages.get(band) else {
                continue;
            };
            let pad = options.spacing.band_gap / 2.0;
            let (along, across) = ((start + end) / 2.0, extent_across / 2.0);
            let (x, y) = to_screen(along, across);
            let (len, brd) = (
                end - start + 2.0 * pad.min(options.spacing.layer_gap / 2.0),
                extent_across + 2.0 * margin * 0.75,
            );
            let (width, height) = if across_first { (len, brd) } else { (brd, len) };
            nodes.push(LayoutNode {
                id: stage.id.clone(),
                kind: NodeKind::Stage,
                x,
                y,
                width,
                height,
                label: vec![stage.name.get(options.lang).to_owned()],
            });
        }
    }
    for (k, i) in visible.iter().enumerate() {
        let Some(link) = doc.links.get(*i) else {
            continue;
        };
        let (x, y) = to_screen(
            placed.along.get(k).copied().unwrap_or(0.0),
            placed.across.get(k).copied().unwrap_or(0.0),
        );
        let (width, height) = sizes.get(k).copied().unwrap_or((0.0, 0.0));
        nodes.push(LayoutNode {
            id: link.id.clone(),
            kind: NodeKind::Link,
            x,
            y,
            width,
            height,
            label: labels.get(k).cloned().unwrap_or_default(),
        });
    }
    let edges = placed
        .routes
        .iter()
        .zip(&edge_ids)
        .filter_map(|(route, (from, to))| {
            let (points, back) = route.as_ref()?;
            Some(LayoutEdge {
                from: doc.links.get(*from)?.id.clone(),
                to: doc.links.get(*to)?.id.clone(),
                points: points
                    .iter()
                    .map(|&(a, c)| {
                        let (x, y) = to_screen(a, c);
                        [round2(x), round2(y)]
                    })
                    .collect(),
                back: *back,
            })
        })
        .collect();
    let (width, height) = if across_first {
        (extent_along + 2.0 * margin, extent_across + 2.0 * margin)
    } else {
        (extent_across + 2.0 * margin, extent_along + 2.0 * margin)
    };
    for node in &mut nodes {
        node.x = round2(node.x);
        node.y = round2(node.y);
    }
    Layout {
        nodes,
        edges,
        width: width.ceil(),
        height: height.ceil(),
    }
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Counts pairs of edges whose drawn polylines cross (segments sharing an endpoint of the same
/// edge pair at a node are not counted). The one counter used for Lianmap and for Graphviz
/// `dot` output alike.
///
/// Complexity: O(S²) in the number of segments; meant for tests and benchmarks.
pub fn count_crossings(edges: &[Vec<[f64; 2]>]) -> usize {
    let boxes: Vec<[f64; 4]> = edges
        .iter()
        .map(|pts| {
            pts.iter().fold(
                [
                    f64::INFINITY,
                    f64::INFINITY,
                    f64::NEG_INFINITY,
                    f64::NEG_INFINITY,
                ],
                |b, p| {
                    [
                        b[0].min(p[0]),
                        b[1].min(p[1]),
                        b[2].max(p[0]),
                        b[3].max(p[1]),
                    ]
                },
            )
        })
        .collect();
    let mut count = 0;
    for i in 0..edges.len() {
        for j in i + 1..edges.len() {
            let (Some(a), Some(b)) = (boxes.get(i), boxes.get(j)) else {
                continue;
            };
            if a[2] < b[0] || b[2] < a[0] || a[3] < b[1] || b[3] < a[1] {
                continue;
            }
            let (Some(ea), Some(eb)) = (edges.get(i), edges.get(j)) else {
                continue;
            };
            if polylines_cross(ea, eb) {
                count += 1;
            }
        }
    }
    count
}

fn polylines_cross(a: &[[f64; 2]], b: &[[f64; 2]]) -> bool {
    a.windows(2).any(|sa| {
        b.windows(2).any(|sb| match (sa, sb) {
            ([p1, p2], [q1, q2]) => segments_cross(*p1, *p2, *q1, *q2),
            _ => false,
        })
    })
}

/// Proper crossing of two segments (touching at endpoints, as edges sharing a node do, is not one).
fn segments_cross(p1: [f64; 2], p2: [f64; 2], q1: [f64; 2], q2: [f64; 2]) -> bool {
    let orient = |a: [f64; 2], b: [f64; 2], c: [f64; 2]| {
        (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    };
    let (d1, d2) = (orient(q1, q2, p1), orient(q1, q2, p2));
    let (d3, d4) = (orient(p1, p2, q1), orient(p1, p2, q2));
    let eps = 1e-9;
    ((d1 > eps && d2 < -eps) || (d1 < -eps && d2 > eps))
        && ((d3 > eps && d4 < -eps) || (d3 < -eps && d4 > eps))
}
