//! The map scene on real boundaries (the Guangxi fixture) and the sample chain: every item placed
//! in the right region, metric values, supply flows, simplification levels and keyboard moves.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)]

use lianmap::analysis::Chain;
use lianmap::geo::polygon_contains;
use lianmap::render::map::{
    MapMetric, MapProjection, MarkerKind, markers, on_link, read_geo, region_flows, region_values,
};

fn fixture(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}

fn sample() -> Chain {
    let report = lianmap::validate::parse(fixture("www/sample/nev-guangxi.json").as_bytes());
    assert!(report.is_valid());
    Chain::new(report.document)
}

#[test]
fn every_sample_item_lands_in_its_city() {
    let scene = read_geo(
        &fixture("www/geo/guangxi.json"),
        None,
        MapProjection::Mercator,
    )
    .expect("geo");
    assert_eq!(scene.ids.len(), 14);
    assert_eq!(
        scene.region("450200").map(|r| &scene.names[r][..]),
        Some("柳州市")
    );
    assert_eq!(scene.region_of_code("450204"), scene.region("450200"));
    assert_eq!(scene.region_of_code("990101"), None);
    let chain = sample();
    let doc = chain.document();
    let placed = markers(&scene, &chain);
    let count = |k: MarkerKind| placed.iter().filter(|m| m.kind == k).count();
    assert_eq!(count(MarkerKind::Enterprise), doc.enterprises.len());
    assert_eq!(count(MarkerKind::Park), doc.parks.len());
    assert_eq!(count(MarkerKind::Project), doc.projects.len());
    assert_eq!(
        count(MarkerKind::Opportunity),
        doc.opportunities
            .iter()
            .filter(|o| o
                .region
                .as_deref()
                .and_then(|c| scene.region_of_code(c))
                .is_some())
            .count(),
        "opportunities of the province as a whole have no city to sit in"
    );
    // Markers with their own lon/lat sit inside the polygon of the region their code names.
    for m in placed.iter().filter(|m| m.kind == MarkerKind::Enterprise) {
        let r = m
            .region
            .expect("every sample enterprise has a known region");
        let inside = scene.projected.regions[r]
            .polygons
            .iter()
            .any(|p| polygon_contains(p, m.at));
        assert!(
            inside,
            "{} lies in {}",
            doc.enterprises[m.item].id, scene.names[r]
        );
    }
}

#[test]
fn metric_values_add_up_to_the_document() {
    let scene = read_geo(
        &fixture("www/geo/guangxi.json"),
        None,
        MapProjection::Mercator,
    )
    .expect("geo");
    let chain = sample();
    let doc = chain.document();
    let placed = markers(&scene, &chain);
    let sum = |v: &[Option<f64>]| v.iter().flatten().sum::<f64>();
    let local = doc.enterprises.iter().filter(|e| e.is_local()).count() as f64;
    assert_eq!(
        sum(&region_values(
            &scene,
            &chain,
            &MapMetric::Enterprises,
            &placed,
            None,
            None
        )),
        local
    );
    let invested: f64 = doc.projects.iter().filter_map(|p| p.amount).sum();
    let by_region = region_values(&scene, &chain, &MapMetric::Investment, &placed, None, None);
    assert!((sum(&by_region) - invested).abs() < 1e-6);
    // Up to a date: only projects dated until then.
    let early = region_values(
        &scene,
        &chain,
        &MapMetric::Investment,
        &placed,
        None,
        Some("2024-12-31"),
    );
    let early_sum: f64 = doc
        .projects
        .iter()
        .filter(|p| p.date.as_deref().is_none_or(|d| d <= "2024-12-31"))
        .filter_map(|p| p.amount)
        .sum();
    assert!((sum(&early) - early_sum).abs() < 1e-6 && early_sum < invested);
    let coverage = region_values(&scene, &chain, &MapMetric::Coverage, &placed, None, None);
    let liuzhou = scene.region("450200").unwrap();
    assert_eq!(
        coverage[liuzhou],
        Some(lianmap::analysis::profile(&chain, "450200").percent)
    );
    // Host metrics by key, one per city in the sample.
    let key = lianmap::render::map::metric_keys(&chain)
        .into_iter()
        .next()
        .expect("a metric key");
    let host = region_values(
        &scene,
        &chain,
        &MapMetric::Key(key.clone()),
        &placed,
        None,
        None,
    );
    for m in doc.metrics.iter().filter(|m| m.key == key) {
        if let Some(r) = scene.region(&m.region) {
            assert_eq!(host[r], Some(m.value));
        }
    }
    // A link narrows the enterprise count to that link's enterprises.
    let link = chain.link_index("passenger").unwrap();
    let narrowed = region_values(
        &scene,
        &chain,
        &MapMetric::Enterprises,
        &placed,
        Some(link),
        None,
    );
    let on: usize = placed
        .iter()
        .filter(|m| {
            m.kind == MarkerKind::Enterprise
                && doc.enterprises[m.item].is_local()
                && on_link(&chain, link, m)
        })
        .count();
    assert_eq!(sum(&narrowed), on as f64);
    assert!(sum(&narrowed) < local);
}

#[test]
fn flows_run_between_different_regions_heaviest_first() {
    let scene = read_geo(
        &fixture("www/geo/guangxi.json"),
        None,
        MapProjection::Mercator,
    )
    .expect("geo");
    let chain = sample();
    let placed = markers(&scene, &chain);
    let flows = region_flows(&scene, &chain, &placed, None, 20);
    assert!(!flows.is_empty() && flows.len() <= 20);
    for w in flows.windows(2) {
        assert!(w[0].weight >= w[1].weight);
    }
    assert!(flows.iter().all(|f| f.from != f.to && f.weight > 0.0));
}

#[test]
fn coarser_levels_have_fewer_vertices_and_keys_move_between_neighbours() {
    let scene = read_geo(
        &fixture("www/geo/china-provinces.json"),
        None,
        MapProjection::Mercator,
    )
    .expect("geo");
    let vertices = |k: f64| -> usize {
        scene
            .polygons_at(k)
            .iter()
            .flatten()
            .map(|p| p.n_vertices())
            .sum()
    };
    let span = scene
        .projected
        .bbox
        .width()
        .max(scene.projected.bbox.height());
    let fit = 1000.0 / span;
    assert!(vertices(fit) < vertices(fit * 64.0));
    assert_eq!(vertices(fit * 1e6), scene.projected.n_vertices());
    // Every province keeps an outline at the whole-country view.
    assert!(scene.polygons_at(fit).iter().all(|p| !p.is_empty()));
    let guangdong = scene.region("440000").unwrap();
    let guangxi = scene.region("450000").unwrap();
    assert_eq!(
        scene.neighbour(guangdong, -1.0, 0.0),
        Some(guangxi),
        "west of Guangdong"
    );
    assert_eq!(
        scene.reading_order().len(),
        scene.ids.iter().flatten().count()
    );
}

#[test]
fn the_svg_export_has_a_group_per_region_and_park_and_escapes_names() {
    use lianmap::render::map_svg::{MapSvg, map_svg};
    let scene = read_geo(
        &fixture("www/geo/guangxi.json"),
        None,
        MapProjection::Mercator,
    )
    .expect("geo");
    let chain = sample();
    let placed = markers(&scene, &chain);
    let parks: Vec<_> = placed
        .iter()
        .copied()
        .filter(|m| m.kind == MarkerKind::Park)
        .collect();
    let fills = vec!["#abcdef".to_owned(); scene.ids.len()];
    let svg = map_svg(
        &scene,
        &chain,
        &MapSvg {
            fills: &fills,
            markers: &parks,
            labels: true,
            width_px: 800.0,
            height_px: 600.0,
            title: Some("a <b> & c"),
            lang: lianmap::model::Lang::ZhCn,
        },
    );
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    for id in scene.ids.iter().flatten() {
        assert!(
            svg.contains(&format!(r#"<g data-kind="region" data-id="{id}">"#)),
            "{id}"
        );
    }
    for p in &chain.document().parks {
        assert!(
            svg.contains(&format!(r#"<g data-id="{}" data-kind="park">"#, p.id)),
            "{}",
            p.id
        );
    }
    assert!(svg.contains("<title>a &lt;b&gt; &amp; c</title>"));
    assert!(
        svg.contains(">柳州市</text>"),
        "the largest cities are labelled"
    );

    let hostile = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"adcode":"x\"><script>","name":"<img src=x onerror=alert(1)>"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}}]}"#;
    let scene = read_geo(hostile, None, MapProjection::Mercator).expect("geo");
    let svg = map_svg(
        &scene,
        &chain,
        &MapSvg {
            fills: &[],
            markers: &[],
            labels: true,
            width_px: 100.0,
            height_px: 100.0,
            title: None,
            lang: lianmap::model::Lang::En,
        },
    );
    assert!(!svg.contains("<script") && !svg.contains("<img"));
    assert!(svg.contains("&lt;img src=x onerror=alert(1)&gt;"));
}

#[test]
fn a_park_plan_keeps_local_units_and_places_items_on_their_plots() {
    let scene = read_geo(
        &fixture("www/sample/park-plan.geo.json"),
        None,
        MapProjection::Plan,
    )
    .expect("plan");
    assert_eq!(scene.ids.len(), 6);
    // Identity: plan units are kept as they are (y down, like the image's pixels).
    let b = scene.projected.bbox;
    assert_eq!((b.min, b.max), ([60.0, 60.0], [940.0, 580.0]));
    let report = lianmap::validate::parse(fixture("www/sample/park-demo.json").as_bytes());
    assert!(report.is_valid());
    let chain = Chain::new(report.document);
    let placed = markers(&scene, &chain);
    let a1 = scene.region("A1").unwrap();
    for m in placed.iter().filter(|m| m.kind == MarkerKind::Enterprise) {
        let plot = m.region.expect("every enterprise is on a plot");
        assert!(
            scene.projected.regions[plot]
                .polygons
                .iter()
                .any(|p| polygon_contains(p, m.at)),
            "{} sits on its plot",
            chain.document().enterprises[m.item].id
        );
    }
    assert_eq!(
        placed
            .iter()
            .filter(|m| m.region == Some(a1) && m.kind == MarkerKind::Enterprise)
            .count(),
        3
    );
    // Out-of-range "coordinates" are fine on a plan, and rejected on a geographic map.
    let wide = r#"{"type":"Feature","properties":{"id":"x"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[900,0],[900,500],[0,500],[0,0]]]}}"#;
    assert_eq!(
        read_geo(wide, None, MapProjection::Plan).unwrap().ids.len(),
        1
    );
    assert!(
        read_geo(wide, None, MapProjection::Mercator)
            .map_or(true, |s| s.ids.is_empty() || !s.warnings.is_empty())
    );
}
