//! The radial and force layouts: their invariants on the sample, on hand-made chains and on
//! generated ones.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)] // test helpers may stop the test

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use lianmap::analysis::Chain;
use lianmap::generate::{GenerateOptions, generate};
use lianmap::layout::force::{ForceOptions, layout_force};
use lianmap::layout::radial::{RadialOptions, layout_radial};
use lianmap::layout::{Layout, LayoutNode, NodeKind};
use lianmap::validate;
use proptest::prelude::*;

fn sample() -> Chain {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/sample/nev-guangxi.json"
    ))
    .expect("sample");
    Chain::new(validate::parse(&bytes).document)
}

fn chain_of(json: &str) -> Chain {
    let report = validate::parse(json.as_bytes());
    assert!(report.is_valid(), "{:?}", report.diagnostics);
    Chain::new(report.document)
}

/// The valid part of a document that may have errors, as the widget would draw it.
fn chain_lenient(json: &str) -> Chain {
    Chain::new(validate::parse(json.as_bytes()).document)
}

fn generated(links: usize, enterprises: usize, seed: u64) -> Chain {
    Chain::new(generate(&GenerateOptions {
        links,
        enterprises,
        seed,
    }))
}

fn overlaps(a: &LayoutNode, b: &LayoutNode) -> bool {
    (a.x - b.x).abs() * 2.0 < a.width + b.width - 0.01
        && (a.y - b.y).abs() * 2.0 < a.height + b.height - 0.01
}

fn on_boundary(p: [f64; 2], n: &LayoutNode) -> bool {
    let (dx, dy) = ((p[0] - n.x).abs(), (p[1] - n.y).abs());
    let (hw, hh) = (n.width / 2.0, n.height / 2.0);
    let tol = 0.02;
    (dx <= hw + tol && dy <= hh + tol) && ((dx - hw).abs() <= tol || (dy - hh).abs() <= tol)
}

/// Pairs of overlapping boxes, found by sweeping along x (fast enough for thousands of boxes).
fn overlapping(nodes: &[LayoutNode]) -> Vec<(String, String)> {
    let mut order: Vec<&LayoutNode> = nodes.iter().collect();
    order.sort_by(|a, b| (a.x - a.width / 2.0).total_cmp(&(b.x - b.width / 2.0)));
    let mut found = Vec::new();
    for (i, a) in order.iter().enumerate() {
        for b in &order[i + 1..] {
            if b.x - b.width / 2.0 >= a.x + a.width / 2.0 {
                break;
            }
            if overlaps(a, b) {
                found.push((a.id.clone(), b.id.clone()));
            }
        }
    }
    found
}

/// What every layout keeps: positive sizes, boxes inside the drawing, no overlaps, and edges
/// that run from the border of their source box to the border of their target box.
fn check_common(layout: &Layout, nodes_of: impl Fn(&str, &str) -> Vec<(usize, usize)>) {
    for n in &layout.nodes {
        assert!(n.width > 0.0 && n.height > 0.0, "{} has no size", n.id);
        assert!(
            n.x - n.width / 2.0 >= 0.0
                && n.y - n.height / 2.0 >= 0.0
                && n.x + n.width / 2.0 <= layout.width
                && n.y + n.height / 2.0 <= layout.height,
            "{} ({}, {}) lies outside the {}×{} drawing",
            n.id,
            n.x,
            n.y,
            layout.width,
            layout.height
        );
        assert!(!n.label.is_empty());
    }
    let found = overlapping(&layout.nodes);
    assert!(found.is_empty(), "overlapping boxes: {found:?}");
    for e in &layout.edges {
        let candidates = nodes_of(&e.from, &e.to);
        assert!(
            !candidates.is_empty(),
            "{} → {}: ends not drawn",
            e.from,
            e.to
        );
        assert!(e.points.len() >= 2, "{} → {} has no path", e.from, e.to);
        // Ids may repeat across kinds (a link and an enterprise): one reading must fit.
        let (_, to) = candidates
            .iter()
            .map(|(a, b)| (&layout.nodes[*a], &layout.nodes[*b]))
            .find(|(a, _)| on_boundary(e.points[0], a))
            .unwrap_or_else(|| {
                panic!(
                    "{} → {} starts at {:?}, not on {}",
                    e.from, e.to, e.points[0], e.from
                )
            });
        assert!(
            on_boundary(*e.points.last().unwrap(), to),
            "{} → {} ends at {:?}, not on {}",
            e.from,
            e.to,
            e.points.last(),
            e.to
        );
        for p in &e.points {
            assert!(p[0] >= 0.0 && p[1] >= 0.0 && p[0] <= layout.width && p[1] <= layout.height);
        }
    }
}

/// Hop distances from link `center` along flows, against (`up`) or with (`down`) them: a plain
/// breadth-first search over the document's flows, independent of the layout code.
fn hops(chain: &Chain, center: &str, up: bool) -> HashMap<String, usize> {
    let doc = chain.document();
    let mut next: HashMap<&str, Vec<&str>> = HashMap::new();
    for f in &doc.flows {
        let (a, b) = if up {
            (f.to.as_str(), f.from.as_str())
        } else {
            (f.from.as_str(), f.to.as_str())
        };
        next.entry(a).or_default().push(b);
    }
    let mut dist = HashMap::from([(center.to_owned(), 0)]);
    let mut queue = VecDeque::from([center]);
    while let Some(at) = queue.pop_front() {
        let d = dist[at];
        for b in next.get(at).into_iter().flatten() {
            if !dist.contains_key(*b) {
                dist.insert((*b).to_owned(), d + 1);
                queue.push_back(b);
            }
        }
    }
    dist.remove(center);
    dist
}

/// The radial layout's promises for `center` at `depth`.
fn check_radial(chain: &Chain, center: &str, depth: usize) -> Layout {
    let options = RadialOptions {
        depth,
        ..RadialOptions::default()
    };
    let layout = layout_radial(chain, center, &options).expect("a link");
    let index: HashMap<&str, usize> = layout
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    assert_eq!(index.len(), layout.nodes.len(), "each link once");
    check_common(&layout, |a, b| {
        index
            .get(a)
            .zip(index.get(b))
            .map(|(a, b)| (*a, *b))
            .into_iter()
            .collect()
    });
    assert!(layout.nodes.iter().all(|n| n.kind == NodeKind::Link));

    // The centre is first and in the middle.
    let c = &layout.nodes[0];
    assert_eq!(c.id, center);
    assert!((c.x - layout.width / 2.0).abs() < 0.01 && (c.y - layout.height / 2.0).abs() < 0.01);

    // Exactly the links within `depth` hops are shown, each on its side.
    let (up, down) = (hops(chain, center, true), hops(chain, center, false));
    let mut expected: BTreeMap<String, (usize, bool)> = BTreeMap::new();
    for id in up.keys().chain(down.keys()) {
        let (u, d) = (up.get(id), down.get(id));
        let (h, downstream) = match (u, d) {
            (Some(u), Some(d)) => ((*u).min(*d), d <= u),
            (Some(u), None) => (*u, false),
            (None, Some(d)) => (*d, true),
            (None, None) => unreachable!(),
        };
        if h <= depth {
            expected.insert(id.clone(), (h, downstream));
        }
    }
    let shown: BTreeSet<&str> = layout.nodes[1..].iter().map(|n| n.id.as_str()).collect();
    assert_eq!(
        shown,
        expected.keys().map(String::as_str).collect::<BTreeSet<_>>(),
        "the links within {depth} hops of {center}"
    );
    let mut radius_of_ring: BTreeMap<usize, (f64, f64)> = BTreeMap::new();
    for n in &layout.nodes[1..] {
        let (h, downstream) = expected[&n.id];
        if downstream {
            assert!(
                n.x > c.x,
                "{} is downstream of {center} but not right of it",
                n.id
            );
        } else {
            assert!(
                n.x < c.x,
                "{} is upstream of {center} but not left of it",
                n.id
            );
        }
        let r = (n.x - c.x).hypot(n.y - c.y);
        let slot = radius_of_ring.entry(h).or_insert((r, r));
        *slot = (slot.0.min(r), slot.1.max(r));
    }
    // One radius per ring, growing with the hop count.
    let mut last = 0.0;
    for (h, (lo, hi)) in &radius_of_ring {
        assert!(hi - lo < 0.05, "ring {h} is not round: {lo}..{hi}");
        assert!(*lo > last, "ring {h} is not outside ring {}", h - 1);
        last = *hi;
    }

    // Every flow between shown links is drawn once (self-loops aside).
    let drawn: BTreeSet<(String, String)> = layout
        .edges
        .iter()
        .map(|e| (e.from.clone(), e.to.clone()))
        .collect();
    assert_eq!(drawn.len(), layout.edges.len());
    let flows: BTreeSet<(String, String)> = chain
        .document()
        .flows
        .iter()
        .filter(|f| f.from != f.to && index.contains_key(f.from.as_str()))
        .filter(|f| index.contains_key(f.to.as_str()))
        .map(|f| (f.from.clone(), f.to.clone()))
        .collect();
    assert_eq!(drawn, flows);

    // Same input, same output.
    assert_eq!(layout, layout_radial(chain, center, &options).unwrap());
    layout
}

#[test]
fn radial_on_the_sample() {
    let chain = sample();
    for center in [
        "cells",
        "modules",
        "cathode",
        "passenger",
        "regeneration",
        "lithium",
    ] {
        for depth in [1, 2, 3] {
            check_radial(&chain, center, depth);
        }
    }
    // A group without flows of its own: just the centre.
    let lone = check_radial(&chain, "charging", 2);
    assert_eq!(lone.nodes.len(), 1);
    assert!(lone.edges.is_empty());
    // Depth 0: the centre alone.
    assert_eq!(check_radial(&chain, "cells", 0).nodes.len(), 1);
    // Suppliers flow in from the left and customers out to the right: nothing runs back.
    let cells = check_radial(&chain, "cells", 2);
    assert!(!cells.edges.is_empty() && cells.edges.iter().all(|e| !e.back));
}

#[test]
fn radial_unknown_centre_is_an_error() {
    let chain = sample();
    let err = layout_radial(&chain, "no-such-link", &RadialOptions::default()).unwrap_err();
    assert!(err.contains("no-such-link"), "{err}");
    // An enterprise id is not a link id either.
    let enterprise = chain.document().enterprises[0].id.clone();
    assert!(layout_radial(&chain, &enterprise, &RadialOptions::default()).is_err());
}

#[test]
fn radial_cycles_and_ties() {
    // a ⇄ b: b is one hop both ways and goes downstream (the tie rule); c → a and a → d → c:
    // c is one hop upstream but two downstream, so it goes upstream; a → a is not drawn.
    let chain = chain_of(
        r#"{"version": 1,
            "links": [{"id": "a", "name": "甲"}, {"id": "b", "name": "乙"}, {"id": "c", "name": "丙"},
                      {"id": "d", "name": "丁"}, {"id": "e", "name": "Far away"}],
            "flows": [{"from": "a", "to": "b"}, {"from": "b", "to": "a"}, {"from": "c", "to": "a"},
                      {"from": "a", "to": "a"}, {"from": "a", "to": "d"}, {"from": "d", "to": "c"},
                      {"from": "e", "to": "c"}]}"#,
    );
    let layout = check_radial(&chain, "a", 2);
    let x = |id: &str| layout.nodes.iter().find(|n| n.id == id).unwrap().x;
    let cx = x("a");
    assert!(x("b") > cx && x("d") > cx && x("c") < cx && x("e") < cx);
    assert!(layout.edges.iter().all(|e| e.from != e.to));
    // A flow from a downstream link back to an upstream one bends around the centre.
    let back = layout
        .edges
        .iter()
        .find(|e| e.from == "d" && e.to == "c")
        .unwrap();
    assert!(back.back);
    check_radial(&chain, "e", 4);
}

#[test]
fn radial_with_long_labels_and_many_neighbours() {
    // A hub with thirty suppliers and thirty customers, some with long Latin names: the rings
    // must grow until no two boxes touch.
    let mut links = vec![r#"{"id": "hub", "name": "Hub"}"#.to_owned()];
    let mut flows = Vec::new();
    for i in 0..30 {
        links.push(format!(
            r#"{{"id": "s{i}", "name": "Supplier of precision components number {i}"}}"#
        ));
        links.push(format!(r#"{{"id": "c{i}", "name": "客户{i}"}}"#));
        flows.push(format!(r#"{{"from": "s{i}", "to": "hub"}}"#));
        flows.push(format!(r#"{{"from": "hub", "to": "c{i}"}}"#));
        if i > 0 {
            flows.push(format!(r#"{{"from": "s{}", "to": "s{i}"}}"#, i - 1));
        }
    }
    let chain = chain_of(&format!(
        r#"{{"version": 1, "links": [{}], "flows": [{}]}}"#,
        links.join(","),
        flows.join(",")
    ));
    let layout = check_radial(&chain, "hub", 2);
    assert_eq!(layout.nodes.len(), 61);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn radial_on_generated_chains(seed in any::<u64>(), links in 3usize..160, pick in any::<usize>(), depth in 1usize..4) {
        let chain = generated(links, 0, seed);
        let ids: Vec<String> = chain.document().links.iter().map(|l| l.id.clone()).collect();
        check_radial(&chain, &ids[pick % ids.len()], depth);
    }
}

/// The force layout's promises with `options`.
fn check_force(chain: &Chain, options: &ForceOptions) -> Layout {
    let layout = layout_force(chain, options);
    let doc = chain.document();
    let links: HashMap<&str, usize> = layout
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.kind == NodeKind::Link)
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let enterprises: HashMap<&str, usize> = layout
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.kind == NodeKind::Enterprise)
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    assert_eq!(links.len() + enterprises.len(), layout.nodes.len());
    check_common(&layout, |a, b| {
        let Some(&to) = links.get(b) else {
            return Vec::new();
        };
        [enterprises.get(a), links.get(a)]
            .into_iter()
            .flatten()
            .map(|from| (*from, to))
            .collect()
    });

    // The chosen links, and every enterprise on one of them, each once.
    let chosen: BTreeSet<&str> = doc
        .links
        .iter()
        .map(|l| l.id.as_str())
        .filter(|id| options.links.as_ref().is_none_or(|s| s.contains(*id)))
        .collect();
    assert_eq!(links.keys().copied().collect::<BTreeSet<_>>(), chosen);
    let mut expected_edges: BTreeSet<(String, String)> = BTreeSet::new();
    let mut expected_enterprises = BTreeSet::new();
    for e in &doc.enterprises {
        for l in e.links.iter().filter(|l| chosen.contains(l.as_str())) {
            expected_enterprises.insert(e.id.as_str());
            expected_edges.insert((e.id.clone(), l.clone()));
        }
    }
    assert_eq!(
        enterprises.keys().copied().collect::<BTreeSet<_>>(),
        expected_enterprises
    );
    for f in &doc.flows {
        if f.from != f.to && chosen.contains(f.from.as_str()) && chosen.contains(f.to.as_str()) {
            expected_edges.insert((f.from.clone(), f.to.clone()));
        }
    }
    let drawn: BTreeSet<(String, String)> = layout
        .edges
        .iter()
        .map(|e| (e.from.clone(), e.to.clone()))
        .collect();
    assert_eq!(drawn.len(), layout.edges.len(), "each edge once");
    assert_eq!(drawn, expected_edges);

    // Same input, same output.
    assert_eq!(layout, layout_force(chain, options));
    layout
}

#[test]
fn force_on_the_sample() {
    let chain = sample();
    let layout = check_force(&chain, &ForceOptions::default());
    assert_eq!(
        layout
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Link)
            .count(),
        chain.document().links.len()
    );
    // Enterprise boxes use the smaller font: their lines are less tall.
    let tallest_line = |kind: NodeKind| {
        layout
            .nodes
            .iter()
            .filter(|n| n.kind == kind)
            .map(|n| n.height / n.label.len() as f64)
            .fold(0.0, f64::max)
    };
    assert!(tallest_line(NodeKind::Enterprise) < tallest_line(NodeKind::Link));
    // Connected links end up closer to each other than unrelated ones, on average.
    let at: HashMap<&str, (f64, f64)> = layout
        .nodes
        .iter()
        .map(|n| (n.id.as_str(), (n.x, n.y)))
        .collect();
    let dist = |a: &str, b: &str| {
        let (p, q) = (at[a], at[b]);
        (p.0 - q.0).hypot(p.1 - q.1)
    };
    let edge_mean = layout
        .edges
        .iter()
        .map(|e| dist(&e.from, &e.to))
        .sum::<f64>()
        / layout.edges.len() as f64;
    let ids: Vec<&str> = at.keys().copied().collect();
    let (mut sum, mut count) = (0.0, 0);
    for (i, a) in ids.iter().enumerate().step_by(7) {
        for b in ids.iter().skip(i + 1).step_by(13) {
            sum += dist(a, b);
            count += 1;
        }
    }
    assert!(
        edge_mean * 3.0 < sum / count as f64,
        "edges average {edge_mean}, any two nodes {}",
        sum / count as f64
    );
    // Another seed, another drawing (of the same graph).
    let other = check_force(
        &chain,
        &ForceOptions {
            seed: 99,
            ..ForceOptions::default()
        },
    );
    assert_ne!(layout.nodes, other.nodes);
    assert_eq!(layout.edges.len(), other.edges.len());
}

#[test]
fn force_on_a_selection() {
    let chain = sample();
    let chosen: BTreeSet<String> = ["cells", "modules", "cathode", "no-such-link"]
        .map(String::from)
        .into();
    let layout = check_force(
        &chain,
        &ForceOptions {
            links: Some(chosen),
            iterations: Some(50),
            ..ForceOptions::default()
        },
    );
    assert_eq!(
        layout
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Link)
            .count(),
        3
    );
    assert!(layout.nodes.iter().any(|n| n.kind == NodeKind::Enterprise));
}

#[test]
fn force_on_tiny_documents() {
    for json in [
        r#"{"version": 1, "links": []}"#,
        r#"{"version": 1, "links": [{"id": "a", "name": "甲"}]}"#,
        r#"{"version": 1, "links": [{"id": "a", "name": ""}],
            "enterprises": [{"id": "e", "name": ""}, {"id": "f", "name": "F", "links": ["a", "a"]}]}"#,
        r#"{"version": 1, "links": [{"id": "a", "name": "甲"}, {"id": "b", "name": "乙"}],
            "flows": [{"from": "a", "to": "b"}, {"from": "b", "to": "a"}, {"from": "a", "to": "a"}],
            "enterprises": [{"id": "a", "name": "Same id as a link", "links": ["a"]}]}"#,
    ] {
        let chain = chain_lenient(json);
        let layout = check_force(&chain, &ForceOptions::default());
        assert!(layout.width >= 0.0 && layout.height >= 0.0);
        let exact = check_force(
            &chain,
            &ForceOptions {
                theta: 0.0,
                iterations: Some(0),
                ..ForceOptions::default()
            },
        );
        assert_eq!(exact.nodes.len(), layout.nodes.len());
    }
    let empty = layout_force(
        &chain_of(r#"{"version": 1, "links": []}"#),
        &ForceOptions::default(),
    );
    assert!(empty.nodes.is_empty() && empty.edges.is_empty());
}

#[test]
fn force_piles_of_identical_enterprises_come_apart() {
    // Sixty enterprises with the same name on one link, and forty on two links at once.
    let mut enterprises = Vec::new();
    for i in 0..60 {
        enterprises.push(format!(
            r#"{{"id": "e{i}", "name": "广西某某新能源科技有限公司", "links": ["a"]}}"#
        ));
    }
    for i in 0..40 {
        enterprises.push(format!(
            r#"{{"id": "f{i}", "name": "Same", "links": ["b", "a"]}}"#
        ));
    }
    let chain = chain_of(&format!(
        r#"{{"version": 1, "links": [{{"id": "a", "name": "甲"}}, {{"id": "b", "name": "乙"}}],
            "enterprises": [{}]}}"#,
        enterprises.join(",")
    ));
    for seed in 0..3 {
        check_force(
            &chain,
            &ForceOptions {
                seed,
                ..ForceOptions::default()
            },
        );
    }
}

#[test]
fn force_on_a_larger_generated_chain() {
    let chain = generated(200, 2_000, 11);
    let layout = check_force(&chain, &ForceOptions::default());
    assert_eq!(
        layout
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Link)
            .count(),
        200
    );
    // Not absurdly spread out: the boxes fill a fair share of the drawing.
    let area: f64 = layout.nodes.iter().map(|n| n.width * n.height).sum();
    assert!(
        area / (layout.width * layout.height) > 0.02,
        "{}×{}",
        layout.width,
        layout.height
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn force_on_generated_chains(seed in any::<u64>(), links in 3usize..60, enterprises in 0usize..300) {
        let chain = generated(links, enterprises, seed);
        check_force(&chain, &ForceOptions { seed, ..ForceOptions::default() });
    }
}
