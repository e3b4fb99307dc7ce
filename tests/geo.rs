//! The geo core from the outside: fixtures read with the expected regions and warnings, and the
//! invariants (never panic on any input, projections round-trip, simplification keeps rings closed
//! and neighbours' borders shared, hit tests agree with brute force, placed labels never overlap).
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)] // test helpers may stop the test

use std::collections::HashSet;

use lianmap::geo::{
    self, Bbox, CoordinateSpace, Fit, GeoData, GeoError, GeoOptions, LabelBox, Polygon, Projected,
    Projection, RegionIndex, label_anchor, place_labels, polygon_contains, ring_signed_area,
};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

// ---------------------------------------------------------------------------------------------
// Fixtures

fn feature(properties: Value, geometry: Value) -> Value {
    json!({ "type": "Feature", "properties": properties, "geometry": geometry })
}

fn polygon(rings: Value) -> Value {
    json!({ "type": "Polygon", "coordinates": rings })
}

fn square(x: f64, y: f64, side: f64) -> Value {
    json!([
        [x, y],
        [x + side, y],
        [x + side, y + side],
        [x, y + side],
        [x, y]
    ])
}

/// What a fixture must read as: region ids in order, point count, and the warnings' paths.
struct Expect {
    regions: &'static [Option<&'static str>],
    points: usize,
    warning_paths: &'static [&'static str],
}

fn check(name: &str, features: Vec<Value>, expect: Expect) {
    let text = json!({ "type": "FeatureCollection", "features": features }).to_string();
    let data = geo::parse(&text, &GeoOptions::default()).expect(name);
    let ids: Vec<Option<&str>> = data.regions.iter().map(|r| r.id.as_deref()).collect();
    assert_eq!(ids, expect.regions, "{name}: regions");
    assert_eq!(data.points.len(), expect.points, "{name}: points");
    let paths: Vec<&str> = data.warnings.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(paths, expect.warning_paths, "{name}: {:#?}", data.warnings);
    check_rings(&data);
}

/// Every ring read is closed, has at least four positions, is finite and wound per RFC 7946.
fn check_rings(data: &GeoData) {
    for region in &data.regions {
        assert!(!region.polygons.is_empty());
        for p in &region.polygons {
            for (i, ring) in p.rings().enumerate() {
                assert!(ring.len() >= 4, "{ring:?}");
                assert_eq!(ring.first(), ring.last());
                assert!(ring.iter().flatten().all(|v| v.is_finite()));
                let area = ring_signed_area(ring);
                if i == 0 {
                    assert!(area >= 0.0, "exterior {ring:?}");
                } else {
                    assert!(area <= 0.0, "hole {ring:?}");
                }
            }
        }
    }
}

#[test]
fn fixtures() {
    check(
        "two squares",
        vec![
            feature(
                json!({"adcode": 450100, "name": "南宁市"}),
                polygon(json!([square(0.0, 0.0, 1.0)])),
            ),
            feature(
                json!({"adcode": "450200"}),
                polygon(json!([square(1.0, 0.0, 1.0)])),
            ),
        ],
        Expect {
            regions: &[Some("450100"), Some("450200")],
            points: 0,
            warning_paths: &[],
        },
    );
    check(
        "square with a hole (both wound the same way)",
        vec![feature(
            json!({"adcode": 1}),
            polygon(json!([square(0.0, 0.0, 3.0), square(1.0, 1.0, 1.0)])),
        )],
        Expect {
            regions: &[Some("1")],
            points: 0,
            warning_paths: &["features[0].geometry.coordinates[1]"],
        },
    );
    check(
        "multipolygon",
        vec![feature(
            json!({"id": "m"}),
            json!({"type": "MultiPolygon", "coordinates": [[square(0.0, 0.0, 1.0)], [square(5.0, 5.0, 1.0)]]}),
        )],
        Expect {
            regions: &[Some("m")],
            points: 0,
            warning_paths: &[],
        },
    );
    check(
        "bowtie",
        vec![feature(
            json!({"code": "b"}),
            polygon(json!([[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]])),
        )],
        Expect {
            regions: &[Some("b")],
            points: 0,
            warning_paths: &["features[0].geometry.coordinates[0]"],
        },
    );
    check(
        "unclosed ring",
        vec![feature(
            json!({"adcode": 2}),
            polygon(json!([[[0, 0], [1, 0], [1, 1], [0, 1]]])),
        )],
        Expect {
            regions: &[Some("2")],
            points: 0,
            warning_paths: &["features[0].geometry.coordinates[0]"],
        },
    );
    check(
        "clockwise exterior",
        vec![feature(
            json!({"adcode": 3}),
            polygon(json!([[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]])),
        )],
        Expect {
            regions: &[Some("3")],
            points: 0,
            warning_paths: &["features[0].geometry.coordinates[0]"],
        },
    );
    check(
        "feature without id, and a point",
        vec![
            feature(
                json!({"name": "无名"}),
                polygon(json!([square(0.0, 0.0, 1.0)])),
            ),
            feature(
                json!({"id": "park"}),
                json!({"type": "Point", "coordinates": [0.5, 0.5]}),
            ),
        ],
        Expect {
            regions: &[None],
            points: 1,
            warning_paths: &["features[0]"],
        },
    );
    check(
        "everything broken at once",
        vec![
            feature(json!({"adcode": 5}), polygon(json!([[]]))),
            feature(
                json!({"adcode": 6}),
                json!({"type": "LineString", "coordinates": [[0, 0], [1, 1]]}),
            ),
            feature(
                json!({"adcode": 7}),
                polygon(json!([[[0, 0], [1, 0], ["x", 1], [0, 1], [0, 0]]])),
            ),
            feature(
                json!({"adcode": 7}),
                polygon(json!([square(3.0, 3.0, 1.0)])),
            ),
            json!("not a feature"),
            feature(json!({"adcode": 8}), Value::Null),
        ],
        Expect {
            regions: &[Some("7")],
            points: 0,
            warning_paths: &[
                "features[0].geometry.coordinates[0]",
                "features[1].geometry",
                "features[2].geometry.coordinates[0][2]",
                "features[3]",
                "features[4]",
                "features[5].geometry",
            ],
        },
    );
}

#[test]
fn errors_are_fatal_only_for_unreadable_documents() {
    assert!(matches!(
        geo::parse("{\"type\":", &GeoOptions::default()),
        Err(GeoError::Syntax { line: 1, .. })
    ));
    assert!(matches!(
        geo::parse("[1, 2]", &GeoOptions::default()),
        Err(GeoError::NotGeoJson { .. })
    ));
    let message = geo::parse("\"x\"", &GeoOptions::default())
        .unwrap_err()
        .to_string();
    assert_eq!(
        message,
        "expected a GeoJSON FeatureCollection, Feature or geometry, found a string"
    );
}

#[test]
fn park_plan_in_local_coordinates() {
    // Plots of a park plan in image pixels, y downwards.
    let text = json!({"type": "FeatureCollection", "features": [
        feature(json!({"id": "A-01"}), polygon(json!([[[100, 100], [300, 100], [300, 250], [100, 250], [100, 100]]]))),
        feature(json!({"id": "A-02"}), polygon(json!([[[300, 100], [500, 100], [500, 250], [300, 250], [300, 100]]]))),
    ]})
    .to_string();
    let opts = GeoOptions {
        coordinates: CoordinateSpace::Local,
        ..GeoOptions::default()
    };
    let data = geo::parse(&text, &opts).unwrap();
    let projected = Projected::new(&data, Projection::Identity);
    // The plan's own pixels, at scale 1, on a view of the image's size.
    let fit = Fit::new(Bbox::of(&[[0.0, 0.0], [600.0, 350.0]]), 600.0, 350.0, 0.0);
    assert_eq!(fit.scale, 1.0);
    assert_eq!(fit.apply([100.0, 100.0]), [100.0, 100.0]);
    let index = RegionIndex::new(&projected);
    assert_eq!(index.hit(fit.invert([150.0, 120.0])), Some(0));
    assert_eq!(index.hit(fit.invert([450.0, 240.0])), Some(1));
    assert_eq!(index.hit(fit.invert([450.0, 300.0])), None);
}

// ---------------------------------------------------------------------------------------------
// A synthetic tessellation: a grid of cells whose shared edges are the same jagged polylines.

fn jitter(seed: u64, kind: u64, i: usize, j: usize, k: usize) -> f64 {
    let mut z = seed ^ (kind << 60) ^ ((i as u64) << 40) ^ ((j as u64) << 20) ^ k as u64;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64 - 0.5
}

/// GeoJSON of `cols × rows` cells of `cell_deg` from (100°E, 20°N), each edge with `m` jittered
/// interior points shared by the two cells it separates; cell `(i, j)` has adcode `i * 1000 + j`.
fn tessellation(cols: usize, rows: usize, m: usize, seed: u64, cell_deg: f64) -> Value {
    let step = 1.0 / (m + 1) as f64;
    let at = |x: f64, y: f64| json!([100.0 + x * cell_deg, 20.0 + y * cell_deg]);
    let h = |i: usize, j: usize| -> Vec<(f64, f64)> {
        (1..=m)
            .map(|k| {
                (
                    i as f64 + k as f64 * step,
                    j as f64 + 0.8 * step * jitter(seed, 1, i, j, k),
                )
            })
            .collect()
    };
    let v = |i: usize, j: usize| -> Vec<(f64, f64)> {
        (1..=m)
            .map(|k| {
                (
                    i as f64 + 0.8 * step * jitter(seed, 2, i, j, k),
                    j as f64 + k as f64 * step,
                )
            })
            .collect()
    };
    let mut features = Vec::new();
    for i in 0..cols {
        for j in 0..rows {
            let (x, y) = (i as f64, j as f64);
            let mut ring = vec![(x, y)];
            ring.extend(h(i, j));
            ring.push((x + 1.0, y));
            ring.extend(v(i + 1, j));
            ring.push((x + 1.0, y + 1.0));
            ring.extend(h(i, j + 1).into_iter().rev());
            ring.push((x, y + 1.0));
            ring.extend(v(i, j).into_iter().rev());
            ring.push((x, y));
            let coords: Vec<Value> = ring.iter().map(|&(x, y)| at(x, y)).collect();
            features.push(feature(
                json!({"adcode": i * 1000 + j}),
                polygon(Value::Array(vec![Value::Array(coords)])),
            ));
        }
    }
    json!({"type": "FeatureCollection", "features": features})
}

fn key(p: [f64; 2]) -> (u64, u64) {
    (p[0].to_bits(), p[1].to_bits())
}

#[test]
fn tessellation_reads_without_warnings() {
    let data = from_value(&tessellation(6, 5, 10, 3, 0.1), &GeoOptions::default()).unwrap();
    assert!(data.warnings.is_empty(), "{:#?}", data.warnings);
    assert_eq!(data.regions.len(), 30);
    assert_eq!(data.regions[0].polygons[0].exterior.len(), 4 * 11 + 1);
}

// ---------------------------------------------------------------------------------------------
// The typed pass of `parse` against reading the same text as a `Value` (`from_value`)

/// A GeoJSON value built with serde_json's `json!`, read by `geo::from_value` as the crate's own
/// JSON value.
fn from_value(value: &Value, opts: &GeoOptions) -> Result<GeoData, GeoError> {
    let ours = lianmap::json::parse(value.to_string().as_bytes()).expect("serde writes JSON");
    geo::from_value(&ours, opts)
}

/// What `parse` gave before its typed pass: the text read as a JSON value, then walked.
fn read_as_value(text: &str, opts: &GeoOptions) -> Result<GeoData, GeoError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match lianmap::json::parse(text.as_bytes()) {
        Ok(value) => geo::from_value(&value, opts),
        Err(e) => Err(e.into()),
    }
}

/// `parse` reads the text exactly like `read_as_value`: regions, points, warnings, bbox, errors.
fn assert_same(text: &str, opts: &GeoOptions) {
    let fast = geo::parse(text, opts);
    let slow = read_as_value(text, opts);
    assert_eq!(fast, slow, "{}", text.chars().take(400).collect::<String>());
}

fn option_sets() -> Vec<GeoOptions> {
    vec![
        GeoOptions::default(),
        GeoOptions {
            coordinates: CoordinateSpace::Local,
            id_property: Some("name".to_string()),
            max_warnings: 3,
            ..GeoOptions::default()
        },
        GeoOptions {
            max_vertices: 40,
            ..GeoOptions::default()
        },
        GeoOptions {
            max_features: 2,
            ..GeoOptions::default()
        },
    ]
}

#[test]
fn typed_pass_reads_the_fixtures_like_values() {
    for name in ["china-cities", "china-provinces", "guangxi"] {
        let path = format!("{}/www/geo/{name}.json", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        for opts in option_sets() {
            assert_same(&text, &opts);
        }
        let data = geo::parse(&text, &GeoOptions::default()).unwrap();
        assert!(!data.regions.is_empty(), "{name}");
        // And the same fixture broken in a few places.
        let broken = text
            .replacen("],[", "],\"x\",[", 3)
            .replacen("[[[", "[[[1e400,0],", 1);
        assert_same(&broken, &GeoOptions::default());
        let broken = text.replacen("\"Polygon\"", "\"MultiPolygon\"", 5);
        assert_same(&broken, &GeoOptions::default());
    }
}

#[test]
fn typed_pass_edge_cases_read_like_values() {
    let sq = "[[0,0],[1,0],[1,1],[0,1],[0,0]]";
    let cases = [
        // Member order, repeated members, escaped keys.
        format!(r#"{{"coordinates":[{sq}],"type":"Polygon"}}"#),
        format!(r#"{{"type":"Polygon","coordinates":[{sq}],"coordinates":[[[0,0]]]}}"#),
        format!(r#"{{"type":"Polygon","coordinates":"x","coordinates":[{sq}]}}"#),
        format!(r#"{{"type":"Polygon","coordin\u0061tes":[{sq}]}}"#),
        format!(r#"{{"type":"Point","type":"Polygon","coordinates":[{sq}]}}"#),
        format!(
            r#"{{"features":[{{"geometry":{{"type":"Polygon","coordinates":[{sq}]}},"type":"Feature","id":7}}],"type":"FeatureCollection"}}"#
        ),
        format!(
            r#"{{"type":"Feature","properties":{{"adcode":1}},"properties":{{"adcode":2}},"geometry":{{"type":"Polygon","coordinates":[{sq}]}}}}"#
        ),
        // Positions with altitude, integers and floats, big and tiny numbers, -0.
        r#"{"type":"Polygon","coordinates":[[[0,0,5],[1,0,5],[1,1,5],[0,1,5],[0,0,5]]]}"#.to_string(),
        r#"{"type":"Polygon","coordinates":[[[0.0,-0],[1e0,0],[1,1.0],[0,18446744073709551615],[0,0]]]}"#
            .to_string(),
        r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1e-400],[0,0]]]}"#.to_string(),
        r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1e400],[0,0]]]}"#.to_string(),
        r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]],"bbox":[1e999]}"#.to_string(),
        // Wrong nesting in every place.
        r#"{"type":"Polygon","coordinates":[[0,0],[1,0],[1,1],[0,1],[0,0]]}"#.to_string(),
        r#"{"type":"Polygon","coordinates":[[[[0,0],[1,0],[1,1],[0,1],[0,0]]]]}"#.to_string(),
        r#"{"type":"MultiPolygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}"#.to_string(),
        format!(r#"{{"type":"MultiPolygon","coordinates":[[{sq}],[],[[]],[{sq},"x"],null]}}"#),
        r#"{"type":"Polygon","coordinates":[]}"#.to_string(),
        r#"{"type":"Polygon","coordinates":[[]]}"#.to_string(),
        r#"{"type":"Polygon","coordinates":[[[]]]}"#.to_string(),
        r#"{"type":"Polygon","coordinates":[[[0]]]}"#.to_string(),
        r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],{"x":1},[0,0]]]}"#.to_string(),
        r#"{"type":"Point","coordinates":[1,2,3]}"#.to_string(),
        r#"{"type":"Point","coordinates":[500,2]}"#.to_string(),
        r#"{"type":"Point","coordinates":[[1,2]]}"#.to_string(),
        r#"{"type":"Point","coordinates":1}"#.to_string(),
        r#"{"type":"MultiPoint","coordinates":[[1,2],[500,2],[3,4]]}"#.to_string(),
        r#"{"type":"MultiPoint","coordinates":[[1,2],"x",[3,4]]}"#.to_string(),
        r#"{"type":"MultiPoint","coordinates":[1,2]}"#.to_string(),
        format!(
            r#"{{"type":"GeometryCollection","geometries":[{{"type":"Polygon","coordinates":[{sq}]}},{{"type":"Point","coordinates":[1,2]}}]}}"#
        ),
        r#"{"type":"LineString","coordinates":[[0,0],[1,1]]}"#.to_string(),
        r#"{"type":"Polygon"}"#.to_string(),
        // Odd features and collections.
        r#"{"type":"FeatureCollection","features":{"a":[1,2]}}"#.to_string(),
        r#"{"type":"FeatureCollection","features":[1,"x",[],{},{"geometry":null},{"type":"Feature"}]}"#
            .to_string(),
        format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"cp":[1,"x"],"name":5}},"geometry":{{"type":"Polygon","coordinates":[{sq}]}}}},{{"type":"Feature","properties":[],"geometry":[{sq}]}}]}}"#
        ),
        // The raw-value token serde_json's Value treats specially, an ordinary key to us.
        r#"{"$serde_json::private::RawValue":"{\"type\":\"Point\",\"coordinates\":[1,2]}"}"#
            .to_string(),
        format!(
            r#"{{"type":"Polygon","coordinates":[{sq}],"x":{{"$serde_json::private::RawValue":"[1"}}}}"#
        ),
        format!(
            r#"{{"type":"Polygon","coordinates":[{{"$serde_json::private::RawValue":"{sq}"}}]}}"#
        ),
        // Lone surrogates, bad escapes, trailing text, byte-order mark.
        r#"{"type":"Polygon","coordinates":[],"x":"\ud800"}"#.to_string(),
        r#"{"type":"Polygon","coordinates":[],"x":"\q"}"#.to_string(),
        format!("{{\"type\":\"Polygon\",\"coordinates\":[{sq}]}} x"),
        format!("\u{feff}{{\"type\":\"Polygon\",\"coordinates\":[{sq}]}}"),
        String::new(),
        "nul".to_string(),
    ];
    for text in &cases {
        for opts in option_sets() {
            assert_same(text, &opts);
        }
    }
    // Nesting near the reader's depth limit, in coordinates and in members nobody reads.
    for depth in [100, 120, 124, 125, 126, 127, 128, 129, 130] {
        let deep = format!("{}0{}", "[".repeat(depth), "]".repeat(depth));
        for text in [
            format!(r#"{{"type":"Polygon","coordinates":{deep}}}"#),
            format!(
                r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","x":{deep},"geometry":{{"type":"Point","coordinates":[1,2]}}}}]}}"#
            ),
            format!(
                r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","geometry":{{"type":"Polygon","coordinates":{deep}}}}}]}}"#
            ),
        ] {
            assert_same(&text, &GeoOptions::default());
        }
    }
}

/// Plausible GeoJSON of every geometry type, with members in any order and broken values.
fn arb_geojson_text() -> impl Strategy<Value = String> {
    // Mostly good numbers, so that most documents take the typed pass's fast paths (a number out
    // of f64's range, which sends the whole text to the `Value` path, is left to the mutations).
    let number = prop_oneof![
        30 => (-5i32..5).prop_map(|i| i.to_string()),
        10 => (-5.0f64..5.0).prop_map(|f| format!("{f}")),
        5 => Just("500".to_string()),
        1 => Just("-0".to_string()),
        1 => Just("\"a\"".to_string()),
        1 => Just("null".to_string()),
    ];
    let position = prop_oneof![
        40 => (number.clone(), number.clone()).prop_map(|(x, y)| format!("[{x},{y}]")),
        1 => (number.clone(), number.clone(), number).prop_map(|(x, y, z)| format!("[{x},{y},{z}]")),
        1 => Just("[1]".to_string()),
        1 => Just("[]".to_string()),
        1 => Just("{}".to_string()),
        1 => Just("3".to_string()),
    ];
    let list = |inner: BoxedStrategy<String>, n: usize| {
        prop::collection::vec(inner, 0..n)
            .prop_map(|v| format!("[{}]", v.join(",")))
            .boxed()
    };
    let positions = list(position.clone().boxed(), 7);
    let rings = list(positions.clone(), 3);
    let polys = list(rings.clone(), 3);
    let coordinates = prop_oneof![
        Just(None),
        position.prop_map(Some),
        positions.prop_map(Some),
        rings.prop_map(Some),
        polys.prop_map(Some),
        Just(Some("\"x\"".to_string())),
    ];
    let kind = prop::sample::select(vec![
        "\"Polygon\"",
        "\"MultiPolygon\"",
        "\"Point\"",
        "\"MultiPoint\"",
        "\"LineString\"",
        "\"Circle\"",
        "1",
    ]);
    let geometry = (kind, coordinates, any::<bool>(), any::<bool>()).prop_map(
        |(kind, coordinates, type_last, extra)| {
            let mut members = Vec::new();
            if let Some(c) = coordinates {
                members.push(format!("\"coordinates\":{c}"));
            }
            if extra {
                members.push("\"bbox\":[0,0,1,1]".to_string());
            }
            let t = format!("\"type\":{kind}");
            if type_last {
                members.push(t);
            } else {
                members.insert(0, t);
            }
            format!("{{{}}}", members.join(","))
        },
    );
    let collection = prop::collection::vec(geometry.clone(), 0..3).prop_map(|g| {
        format!(
            "{{\"type\":\"GeometryCollection\",\"geometries\":[{}]}}",
            g.join(",")
        )
    });
    let geometry = prop_oneof![
        16 => geometry,
        2 => collection,
        1 => Just("null".to_string()),
        1 => Just("[]".to_string()),
    ];
    let id = prop_oneof![
        Just(String::new()),
        (0u32..4).prop_map(|i| format!(",\"id\":{i}")),
        (0u32..4).prop_map(|i| format!(
            ",\"properties\":{{\"adcode\":\"r{i}\",\"name\":\"n{i}\",\"cp\":[1,2]}}"
        )),
        Just(",\"properties\":null".to_string()),
    ];
    let feature = (
        id,
        geometry,
        prop::sample::select(vec!["\"Feature\"", "\"X\"", "null"]),
    )
        .prop_map(|(id, g, t)| format!("{{\"type\":{t}{id},\"geometry\":{g}}}"));
    let feature =
        prop_oneof![10 => feature, 1 => Just("7".to_string()), 1 => Just("{}".to_string())];
    prop::collection::vec(feature, 0..6).prop_map(|features| {
        format!(
            "{{\"type\":\"FeatureCollection\",\"features\":[{}]}}",
            features.join(",")
        )
    })
}

/// Breaks a text: inserts a snippet at a character boundary, or deletes a character.
fn mutate(text: &str, at: usize, snippet: &str, delete: bool) -> String {
    let boundaries: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let i = boundaries[at % boundaries.len()];
    let mut out = text.to_string();
    if delete {
        if i < text.len() {
            out.remove(i);
        }
    } else {
        out.insert_str(i, snippet);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn typed_pass_reads_generated_geojson_like_values(text in arb_geojson_text()) {
        for opts in option_sets() {
            assert_same(&text, &opts);
        }
    }

    #[test]
    fn typed_pass_reads_arbitrary_json_like_values(value in arb_json(), geo in arb_geojson()) {
        assert_same(&value.to_string(), &GeoOptions::default());
        assert_same(&geo.to_string(), &GeoOptions::default());
        assert_same(&serde_json::to_string_pretty(&geo).unwrap(), &GeoOptions::default());
    }

    #[test]
    fn typed_pass_reads_broken_text_like_values(
        text in arb_geojson_text(),
        at in any::<usize>(),
        snippet in prop::sample::select(vec![
            "\"x\"", "1e400", "[", "]", "{", "}", ",", ":", "null", "[1,2]", "[[1,2]]", "-0", "\"",
            "\"\\ud800\"", "{\"$serde_json::private::RawValue\":\"1\"}", " ", "\"type\":\"Point\",",
        ]),
        delete in any::<bool>(),
    ) {
        assert_same(&mutate(&text, at, snippet, delete), &GeoOptions::default());
    }
}

// ---------------------------------------------------------------------------------------------
// Arbitrary JSON

fn arb_json() -> impl Strategy<Value = Value> {
    let words = prop::sample::select(vec![
        "Feature",
        "FeatureCollection",
        "Polygon",
        "MultiPolygon",
        "Point",
        "MultiPoint",
        "GeometryCollection",
        "LineString",
        "Topology",
        "",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-200.0f64..200.0).prop_map(|f| json!(f)),
        (-3i64..3).prop_map(|i| json!(i)),
        prop::sample::select(vec![1e308, -1e308, 1e-308, 0.0, -0.0, 180.0, 90.0, -90.0])
            .prop_map(|f| json!(f)),
        words.prop_map(|w| json!(w)),
    ];
    let keys = prop::sample::select(vec![
        "type",
        "features",
        "geometry",
        "geometries",
        "coordinates",
        "properties",
        "id",
        "adcode",
        "code",
        "name",
        "cp",
        "center",
    ]);
    leaf.prop_recursive(6, 200, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..6).prop_map(|kv| {
                Value::Object(
                    kv.into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect::<Map<_, _>>(),
                )
            }),
        ]
    })
}

/// Plausible GeoJSON with random (often broken) rings.
fn arb_geojson() -> impl Strategy<Value = Value> {
    let position = prop_oneof![
        8 => (-5.0f64..5.0, -5.0f64..5.0).prop_map(|(x, y)| json!([x.round(), y.round()])),
        1 => Just(json!([500, 0])),
        1 => Just(json!(["a", 0])),
        1 => Just(json!([1])),
    ];
    let ring = prop::collection::vec(position, 0..9).prop_map(Value::Array);
    let poly = prop::collection::vec(ring, 0..3).prop_map(Value::Array);
    let geometry = prop_oneof![
        poly.clone()
            .prop_map(|p| json!({"type": "Polygon", "coordinates": p})),
        prop::collection::vec(poly, 0..3)
            .prop_map(|p| json!({"type": "MultiPolygon", "coordinates": p})),
        Just(json!({"type": "Point", "coordinates": [1, 2]})),
        Just(Value::Null),
    ];
    let id = prop_oneof![
        Just(Value::Null),
        (0u32..4).prop_map(|i| json!(i)),
        (0u32..4).prop_map(|i| json!(format!("r{i}"))),
    ];
    prop::collection::vec((id, geometry), 0..6).prop_map(|features| {
        let features: Vec<Value> = features
            .into_iter()
            .map(|(id, g)| feature(json!({"adcode": id}), g))
            .collect();
        json!({"type": "FeatureCollection", "features": features})
    })
}

/// Everything downstream of reading, on whatever was read: nothing may panic.
fn exercise(data: &GeoData) {
    check_rings(data);
    for projection in [
        Projection::Mercator,
        Projection::PLATE_CARREE,
        Projection::Identity,
    ] {
        let projected = Projected::new(data, projection);
        let index = RegionIndex::new(&projected);
        for min_area in [0.0, 1e-4, 1.0] {
            for polygons in projected.simplified(min_area) {
                let _ = label_anchor(&polygons, 0.01);
            }
        }
        let _ = index.hit([0.0, 0.0]);
        let _ = index.hit_point([0.0, 0.0], 1.0);
        let _ = Fit::new(projected.bbox, 100.0, 100.0, 5.0);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_json_never_panics(value in arb_json()) {
        if let Ok(data) = from_value(&value, &GeoOptions::default()) {
            exercise(&data);
        }
        let _ = geo::parse(&value.to_string(), &GeoOptions::default());
    }

    #[test]
    fn arbitrary_geojson_never_panics(value in arb_geojson()) {
        let data = from_value(&value, &GeoOptions::default()).unwrap();
        exercise(&data);
        let mut ids = HashSet::new();
        for region in &data.regions {
            if let Some(id) = &region.id {
                prop_assert!(ids.insert(id.clone()), "duplicate id {id}");
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,64}") {
        let _ = geo::parse(&text, &GeoOptions::default());
    }

    #[test]
    fn projections_round_trip(lon in -180.0f64..=180.0, lat in -85.05f64..=85.05, parallel in -80.0f64..80.0) {
        for projection in [
            Projection::Mercator,
            Projection::PLATE_CARREE,
            Projection::Equirectangular { standard_parallel_deg: parallel },
            Projection::Identity,
        ] {
            let back = projection.invert(projection.project([lon, lat]));
            prop_assert!((back[0] - lon).abs() < 1e-9 && (back[1] - lat).abs() < 1e-9,
                "{projection:?} {lon} {lat} → {back:?}");
        }
        // North is up: larger latitude, smaller y.
        let m = Projection::Mercator;
        prop_assert!(m.project([lon, lat])[1] >= m.project([lon, lat + 0.01])[1]);
    }

    #[test]
    fn fit_round_trips_and_keeps_bounds_in_view(
        x in -1e3f64..1e3, y in -1e3f64..1e3, w in 0.0f64..1e3, h in 0.0f64..1e3,
        width_px in 1.0f64..2000.0, height_px in 1.0f64..2000.0, padding_px in 0.0f64..50.0,
    ) {
        let bbox = Bbox::of(&[[x, y], [x + w, y + h]]);
        let fit = Fit::new(bbox, width_px, height_px, padding_px);
        prop_assert!(fit.scale.is_finite() && fit.scale > 0.0);
        for corner in [bbox.min, bbox.max] {
            let px = fit.apply(corner);
            let back = fit.invert(px);
            prop_assert!((back[0] - corner[0]).abs() < 1e-6 && (back[1] - corner[1]).abs() < 1e-6);
            if w > 1e-6 && h > 1e-6 {
                prop_assert!(px[0] >= -1e-6 && px[0] <= width_px + 1e-6, "{px:?}");
                prop_assert!(px[1] >= -1e-6 && px[1] <= height_px + 1e-6, "{px:?}");
            }
        }
    }

    #[test]
    fn simplification_keeps_rings_closed_and_borders_shared(
        cols in 1usize..5, rows in 1usize..5, m in 0usize..9, seed in any::<u64>(),
        min_area in prop::sample::select(vec![0.0, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1.0]),
    ) {
        let doc = tessellation(cols, rows, m, seed, 0.1);
        let data = from_value(&doc, &GeoOptions::default()).unwrap();
        let projected = Projected::new(&data, Projection::Mercator);
        let shapes = projected.simplified(min_area);
        let coarser = projected.simplified(min_area * 10.0 + 1e-9);
        prop_assert_eq!(shapes.len(), data.regions.len());
        for (r, polygons) in shapes.iter().enumerate() {
            let full: HashSet<_> = projected.regions[r].polygons[0].exterior.iter().map(|p| key(*p)).collect();
            for p in polygons {
                for ring in p.rings() {
                    prop_assert!(ring.len() >= 4);
                    prop_assert_eq!(ring.first(), ring.last());
                    // Only original vertices survive.
                    prop_assert!(ring.iter().all(|v| full.contains(&key(*v))));
                }
            }
            let n = |s: &Vec<Vec<Polygon>>| s[r].iter().map(Polygon::n_vertices).sum::<usize>();
            prop_assert!(n(&coarser) <= n(&shapes));
        }
        // Neighbours keep the same vertices of the edges they share.
        let kept = |r: usize| -> HashSet<(u64, u64)> {
            shapes[r].iter().flat_map(|p| &p.exterior).map(|p| key(*p)).collect()
        };
        let vertices = |r: usize| -> HashSet<(u64, u64)> {
            projected.regions[r].polygons[0].exterior.iter().map(|p| key(*p)).collect()
        };
        let at = |i: usize, j: usize| i * rows + j;
        for i in 0..cols {
            for j in 0..rows {
                for (ni, nj) in [(i + 1, j), (i, j + 1)] {
                    if ni >= cols || nj >= rows {
                        continue;
                    }
                    let (a, b) = (at(i, j), at(ni, nj));
                    let shared: HashSet<_> = vertices(a).intersection(&vertices(b)).copied().collect();
                    let (ka, kb) = (kept(a), kept(b));
                    // A region simplified away entirely leaves nothing to compare.
                    if ka.is_empty() || kb.is_empty() {
                        continue;
                    }
                    let in_a: HashSet<_> = shared.intersection(&ka).collect();
                    let in_b: HashSet<_> = shared.intersection(&kb).collect();
                    prop_assert_eq!(in_a, in_b, "cells {:?} and {:?}", (i, j), (ni, nj));
                }
            }
        }
    }

    #[test]
    fn hit_agrees_with_brute_force(
        cols in 1usize..6, rows in 1usize..6, m in 0usize..6, seed in any::<u64>(),
        queries in prop::collection::vec((-0.1f64..1.1, -0.1f64..1.1), 1..40),
        overlays in prop::collection::vec((0.0f64..0.5, 0.0f64..0.5, 0.01f64..0.5, any::<bool>()), 0..4),
    ) {
        let mut doc = tessellation(cols, rows, m, seed, 0.1);
        // Overlapping squares on top, some with a hole.
        let features = doc["features"].as_array_mut().unwrap();
        for (k, (x, y, s, hole)) in overlays.iter().enumerate() {
            let (x, y) = (100.0 + x * cols as f64 * 0.1, 20.0 + y * rows as f64 * 0.1);
            let mut rings = vec![square(x, y, *s)];
            if *hole {
                rings.push(square(x + s / 4.0, y + s / 4.0, s / 2.0));
            }
            features.push(feature(json!({"id": format!("o{k}")}), polygon(Value::Array(rings))));
        }
        let data = from_value(&doc, &GeoOptions::default()).unwrap();
        let projected = Projected::new(&data, Projection::Mercator);
        let index = RegionIndex::new(&projected);
        for (qx, qy) in queries {
            let q = Projection::Mercator.project([
                100.0 + qx * cols as f64 * 0.1,
                20.0 + qy * rows as f64 * 0.1,
            ]);
            let brute = (0..projected.regions.len()).rev().find(|&r| {
                projected.regions[r].polygons.iter().any(|p| polygon_contains(p, q))
            });
            prop_assert_eq!(index.hit(q), brute, "{:?}", q);
        }
    }

    #[test]
    fn hit_point_agrees_with_brute_force(
        points in prop::collection::vec((-10.0f64..10.0, -10.0f64..10.0), 0..60),
        queries in prop::collection::vec((-12.0f64..12.0, -12.0f64..12.0, 0.0f64..5.0), 1..20),
    ) {
        let features: Vec<Value> = points
            .iter()
            .map(|(x, y)| feature(json!({}), json!({"type": "Point", "coordinates": [x, y]})))
            .collect();
        let data = from_value(
            &json!({"type": "FeatureCollection", "features": features}),
            &GeoOptions::default(),
        ).unwrap();
        let projected = Projected::new(&data, Projection::Identity);
        let index = RegionIndex::new(&projected);
        for (qx, qy, r) in queries {
            let mut best: Option<(f64, usize)> = None;
            for (i, p) in projected.points.iter().enumerate() {
                let d2 = (p[0] - qx).powi(2) + (p[1] - qy).powi(2);
                if d2 <= r * r && best.is_none_or(|(bd, _)| d2 < bd) {
                    best = Some((d2, i));
                }
            }
            prop_assert_eq!(index.hit_point([qx, qy], r), best.map(|(_, i)| i));
        }
    }

    #[test]
    fn placed_labels_never_overlap(
        boxes in prop::collection::vec(
            (0.0f64..500.0, 0.0f64..500.0, 0.0f64..120.0, 0.0f64..40.0, -5.0f64..5.0), 0..150),
    ) {
        let boxes: Vec<LabelBox> = boxes
            .into_iter()
            .map(|(x, y, width, height, priority)| LabelBox { x, y, width, height, priority })
            .collect();
        let placed = place_labels(&boxes);
        prop_assert_eq!(placed.len(), boxes.len());
        for i in 0..boxes.len() {
            for j in i + 1..boxes.len() {
                if placed[i] && placed[j] {
                    prop_assert!(!boxes[i].overlaps(&boxes[j]), "{:?} {:?}", boxes[i], boxes[j]);
                }
            }
            if !placed[i] {
                // Left out only for a placed box of at least its priority.
                prop_assert!((0..boxes.len()).any(|j| placed[j]
                    && boxes[j].overlaps(&boxes[i])
                    && boxes[j].priority >= boxes[i].priority));
            }
        }
    }

    #[test]
    fn label_anchor_lies_inside(
        cols in 1usize..4, rows in 1usize..4, m in 0usize..8, seed in any::<u64>(),
    ) {
        let data = from_value(&tessellation(cols, rows, m, seed, 0.1), &GeoOptions::default()).unwrap();
        let projected = Projected::new(&data, Projection::Mercator);
        for region in &projected.regions {
            let anchor = label_anchor(&region.polygons, 1e-5).unwrap();
            prop_assert!(polygon_contains(&region.polygons[0], anchor));
        }
    }
}
