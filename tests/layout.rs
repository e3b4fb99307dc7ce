//! The `lianmap layout` contract and the layout's invariants, on the sample and on generated chains.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)] // test helpers may stop the test

use std::collections::HashMap;

use lianmap::analysis::Chain;
use lianmap::generate::{GenerateOptions, generate};
use lianmap::layout::{
    Direction, Layout, LayoutNode, LayoutOptions, NodeKind, count_crossings, layout_chain,
};
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

/// Invariants every layout keeps.
fn check(chain: &Chain, layout: &Layout) {
    let links: Vec<&LayoutNode> = layout
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Link)
        .collect();
    assert_eq!(
        links.len(),
        chain.document().links.len(),
        "every link is drawn (nothing collapsed)"
    );
    for (i, a) in links.iter().enumerate() {
        assert!(a.width > 0.0 && a.height > 0.0);
        for b in links.iter().skip(i + 1) {
            assert!(!overlaps(a, b), "{} and {} overlap", a.id, b.id);
        }
    }
    let by_id: HashMap<&str, &LayoutNode> = links.iter().map(|n| (n.id.as_str(), *n)).collect();
    for e in &layout.edges {
        let (from, to) = (by_id[e.from.as_str()], by_id[e.to.as_str()]);
        assert!(e.points.len() >= 2);
        assert!(
            on_boundary(e.points[0], from),
            "{} → {} starts on {}",
            e.from,
            e.to,
            e.from
        );
        assert!(
            on_boundary(*e.points.last().unwrap(), to),
            "{} → {} ends on {}",
            e.from,
            e.to,
            e.to
        );
        // The route never passes through a link box other than its ends.
        for p in &e.points[1..e.points.len() - 1] {
            for n in &links {
                let inside = (p[0] - n.x).abs() * 2.0 < n.width - 0.5
                    && (p[1] - n.y).abs() * 2.0 < n.height - 0.5;
                assert!(!inside, "{} → {} runs through {}", e.from, e.to, n.id);
            }
        }
    }
    let flows = chain.document().flows.len();
    assert_eq!(layout.edges.len(), flows, "every flow is drawn once");
}

#[test]
fn sample_layout_keeps_the_contract() {
    let chain = sample();
    let layout = layout_chain(&chain, &LayoutOptions::default());
    check(&chain, &layout);
    // Stage bands come in order along the flow, and each link sits inside its own stage's band.
    let stages: Vec<&LayoutNode> = layout
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Stage)
        .collect();
    assert_eq!(
        stages.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
        ["up", "mid", "down"]
    );
    assert!(
        stages
            .windows(2)
            .all(|w| w[0].x + w[0].width / 2.0 <= w[1].x - w[1].width / 2.0)
    );
    for (i, link) in chain.document().links.iter().enumerate() {
        let node = layout
            .nodes
            .iter()
            .find(|n| n.id == link.id && n.kind == NodeKind::Link)
            .unwrap();
        let band = stages[chain.stage_of(i).unwrap()];
        assert!(
            (node.x - band.x).abs() * 2.0 <= band.width,
            "{} is outside its stage",
            link.id
        );
    }
    // Recycling flows run back against the chain.
    assert!(
        layout
            .edges
            .iter()
            .any(|e| e.back && e.from == "regeneration")
    );
    // Same input, same output.
    assert_eq!(layout, layout_chain(&chain, &LayoutOptions::default()));
}

#[test]
fn top_to_bottom_and_collapsed_groups() {
    let chain = sample();
    let options = LayoutOptions {
        direction: Direction::TopToBottom,
        ..LayoutOptions::default()
    };
    let layout = layout_chain(&chain, &options);
    check(&chain, &layout);
    let stages: Vec<&LayoutNode> = layout
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Stage)
        .collect();
    assert!(stages[0].y < stages[1].y && stages[1].y < stages[2].y);

    let collapsed = LayoutOptions {
        collapsed: ["power-battery".to_owned()].into(),
        ..LayoutOptions::default()
    };
    let layout = layout_chain(&chain, &collapsed);
    assert!(
        layout.nodes.iter().all(|n| n.id != "cells"),
        "children of a collapsed group are hidden"
    );
    assert!(
        layout
            .edges
            .iter()
            .any(|e| e.to == "power-battery" && e.from == "cathode"),
        "flows are lifted to the group"
    );
    assert!(layout.edges.iter().all(|e| e.from != e.to));
}

#[test]
fn crossings_are_counted_on_drawn_polylines() {
    let x = vec![
        vec![[0.0, 0.0], [10.0, 10.0]],
        vec![[0.0, 10.0], [10.0, 0.0]],
    ];
    assert_eq!(count_crossings(&x), 1);
    let shared_end = vec![
        vec![[0.0, 0.0], [10.0, 5.0]],
        vec![[0.0, 10.0], [10.0, 5.0]],
    ];
    assert_eq!(count_crossings(&shared_end), 0);
    let chain = sample();
    let layout = layout_chain(&chain, &LayoutOptions::default());
    let crossings = count_crossings(
        &layout
            .edges
            .iter()
            .map(|e| e.points.clone())
            .collect::<Vec<_>>(),
    );
    assert!(
        crossings < layout.edges.len() * layout.edges.len() / 4,
        "{crossings} crossings"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn generated_chains_keep_the_invariants(seed in any::<u64>(), links in 3usize..80) {
        let doc = generate(&GenerateOptions { links, enterprises: 0, seed });
        let chain = Chain::new(doc);
        let layout = layout_chain(&chain, &LayoutOptions::default());
        check(&chain, &layout);
    }
}

#[test]
fn a_selected_links_enterprises_fan_out_beside_its_box_without_overlapping() {
    use lianmap::render::fan::{FAN_MAX, FAN_RADIUS, enterprise_fan, fan_svg};
    let chain = sample();
    let layout = layout_chain(&chain, &LayoutOptions::default());
    let doc = chain.document();
    let busiest = (0..doc.links.len())
        .max_by_key(|i| chain.enterprises_on(*i).len())
        .unwrap();
    let id = &doc.links[busiest].id;
    let on = chain.enterprises_on(busiest).len();
    let (marks, more) = enterprise_fan(&chain, &layout, id);
    assert_eq!(marks.len() + more, on);
    assert!(marks.len() <= FAN_MAX && !marks.is_empty());
    let node = layout.nodes.iter().find(|n| &n.id == id).unwrap();
    for m in &marks {
        // Beside the box, never on it.
        assert!(
            (m.x - node.x).abs() > node.width / 2.0 + FAN_RADIUS,
            "{}",
            m.id
        );
        assert!(chain.enterprises_on(busiest).contains(&m.enterprise));
    }
    for w in marks.windows(2) {
        assert!(w[1].y - w[0].y >= 2.0 * FAN_RADIUS, "marks do not overlap");
    }
    // Leaders come first.
    let roles: Vec<_> = marks
        .iter()
        .map(|m| doc.enterprises[m.enterprise].role())
        .collect();
    let mut sorted = roles.clone();
    sorted.sort_by_key(|r| match r {
        lianmap::model::Role::Leader => 0,
        lianmap::model::Role::Key => 1,
        lianmap::model::Role::Member => 2,
    });
    assert_eq!(roles, sorted);
    let svg = fan_svg(&chain, &marks, more, lianmap::model::Lang::ZhCn);
    assert_eq!(
        svg.matches(r#"data-kind="enterprise""#).count(),
        marks.len()
    );
    assert!(enterprise_fan(&chain, &layout, "no-such-link").0.is_empty());
}
