//! Per-region analysis on the sample chain: the profile the map's region panel shows and the gap
//! classes the chain takes when a region is picked.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)]

use lianmap::analysis::{Chain, GapRules, profile, within};
use lianmap::model::GapClass;

fn sample() -> Chain {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/sample/nev-guangxi.json"
    ))
    .expect("sample");
    let report = lianmap::validate::parse(&bytes);
    assert!(report.is_valid());
    Chain::new(report.document)
}

#[test]
fn a_city_profile_counts_what_lies_in_it_and_below_it() {
    let chain = sample();
    let doc = chain.document();
    let liuzhou = profile(&chain, "450200");
    let in_city = |r: &Option<String>| r.as_deref().is_some_and(|c| c.starts_with("4502"));
    assert_eq!(
        liuzhou.local_enterprises + liuzhou.target_enterprises,
        doc.enterprises
            .iter()
            .filter(|e| in_city(&e.region))
            .count()
    );
    assert!(liuzhou.local_enterprises > 0 && !liuzhou.has.is_empty());
    let leaves = (0..doc.links.len())
        .filter(|i| chain.children(*i).is_empty())
        .count();
    assert_eq!(liuzhou.has.len() + liuzhou.lacks.len(), leaves);
    // Every covered leaf has a local enterprise of the city on it; no lacking one does.
    for &l in &liuzhou.has {
        let id = &doc.links[l].id;
        assert!(
            doc.enterprises
                .iter()
                .any(|e| e.is_local() && in_city(&e.region) && e.links.contains(id))
        );
    }
    for &l in &liuzhou.lacks {
        let id = &doc.links[l].id;
        assert!(
            !doc.enterprises
                .iter()
                .any(|e| e.is_local() && in_city(&e.region) && e.links.contains(id))
        );
    }
    let land: f64 = doc
        .parks
        .iter()
        .filter(|p| in_city(&p.region))
        .filter_map(|p| p.land_ha)
        .sum();
    assert!((liuzhou.land_ha - land).abs() < 1e-9);
    assert_eq!(
        liuzhou.parks.len(),
        doc.parks.iter().filter(|p| in_city(&p.region)).count()
    );
    assert_eq!(
        liuzhou.projects,
        doc.projects.iter().filter(|p| in_city(&p.region)).count()
    );
    assert_eq!(
        liuzhou.pipeline.iter().map(|s| s.count).sum::<usize>(),
        liuzhou.projects
    );
    // Leaders come first.
    let first = &doc.enterprises[liuzhou.enterprises[0]];
    assert_eq!(first.role(), lianmap::model::Role::Leader);
    // The province holds everything located in Guangxi.
    let guangxi = profile(&chain, "450000");
    assert_eq!(
        guangxi.local_enterprises + guangxi.target_enterprises,
        doc.enterprises
            .iter()
            .filter(|e| e.region.as_deref().is_some_and(|c| within(c, "450000")))
            .count()
    );
    assert!(guangxi.has.len() >= liuzhou.has.len());
}

#[test]
fn region_gaps_count_only_that_region() {
    let chain = sample();
    let rules = GapRules::default();
    let nowhere = chain.region_gaps(&rules, "990000");
    assert!(
        nowhere.iter().all(|g| *g == GapClass::Missing),
        "no enterprise there"
    );
    let liuzhou = chain.region_gaps(&rules, "450200");
    assert_eq!(liuzhou.len(), chain.document().links.len());
    let p = profile(&chain, "450200");
    for &l in &p.lacks {
        assert_eq!(
            liuzhou[l],
            GapClass::Missing,
            "{}",
            chain.document().links[l].id
        );
    }
    for &l in &p.has {
        assert_ne!(
            liuzhou[l],
            GapClass::Missing,
            "{}",
            chain.document().links[l].id
        );
    }
    // The whole province is never weaker than one of its cities.
    let guangxi = chain.region_gaps(&rules, "450000");
    let rank = |g: GapClass| match g {
        GapClass::Missing => 0,
        GapClass::Weak => 1,
        GapClass::Strong => 2,
    };
    for (a, b) in guangxi.iter().zip(&liuzhou) {
        assert!(rank(*a) >= rank(*b));
    }
}
