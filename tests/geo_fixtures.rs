//! The boundary fixtures in `www/geo/` are well-formed, and the sample document agrees with
//! `guangxi.json`: every region code rolls up to one of its cities, every city has a metric, and
//! every enterprise's and park's position lies inside its city.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)] // test helpers may stop the test

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

fn read_json(relative: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

type Ring = Vec<[f64; 2]>;
type Polygon = Vec<Ring>;

fn ring(value: &Value) -> Ring {
    value
        .as_array()
        .expect("ring")
        .iter()
        .map(|p| [p[0].as_f64().expect("lon"), p[1].as_f64().expect("lat")])
        .collect()
}

/// Polygons of a feature's Polygon or MultiPolygon geometry.
fn polygons(feature: &Value) -> Vec<Polygon> {
    let geometry = &feature["geometry"];
    let coordinates = geometry["coordinates"].as_array().expect("coordinates");
    let polygon = |p: &Value| p.as_array().expect("polygon").iter().map(ring).collect();
    match geometry["type"].as_str() {
        Some("Polygon") => vec![polygon(&geometry["coordinates"])],
        Some("MultiPolygon") => coordinates.iter().map(polygon).collect(),
        other => panic!("geometry type {other:?}"),
    }
}

fn signed_area(ring: &Ring) -> f64 {
    let mut sum = 0.0;
    let mut j = ring.len() - 1;
    for i in 0..ring.len() {
        sum += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
        j = i;
    }
    sum / 2.0
}

fn ring_contains(ring: &Ring, [x, y]: [f64; 2]) -> bool {
    let mut inside = false;
    let mut j = ring.len() - 1;
    for i in 0..ring.len() {
        let ([xi, yi], [xj, yj]) = (ring[i], ring[j]);
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

fn contains(polygons: &[Polygon], point: [f64; 2]) -> bool {
    polygons.iter().any(|p| {
        ring_contains(&p[0], point) && !p[1..].iter().any(|hole| ring_contains(hole, point))
    })
}

#[test]
fn fixtures_are_well_formed() {
    for (file, features, with_code) in [
        ("www/geo/guangxi.json", 14, 14),
        ("www/geo/china-provinces.json", 34, 34),
        ("www/geo/china-cities.json", 498, 475),
    ] {
        let doc = read_json(file);
        assert_eq!(doc["type"], "FeatureCollection", "{file}");
        assert!(
            doc["fixture"]
                .as_str()
                .is_some_and(|s| s.contains("not an authoritative")),
            "{file}: no fixture statement"
        );
        let list = doc["features"].as_array().expect("features");
        assert_eq!(list.len(), features, "{file}");
        let mut codes = BTreeSet::new();
        for feature in list {
            let name = feature["properties"]["name"].as_str().expect("name");
            if let Some(code) = feature["properties"]["adcode"].as_str() {
                assert!(
                    code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()),
                    "{file}: {name}: adcode {code}"
                );
                assert!(codes.insert(code.to_owned()), "{file}: adcode {code} twice");
            }
            for polygon in polygons(feature) {
                for (r, ring) in polygon.iter().enumerate() {
                    assert!(ring.len() >= 4, "{file}: {name}: ring of {}", ring.len());
                    assert_eq!(ring.first(), ring.last(), "{file}: {name}: open ring");
                    assert!(
                        ring.iter()
                            .all(|[x, y]| x.abs() <= 180.0 && y.abs() <= 90.0),
                        "{file}: {name}: position out of range"
                    );
                    let area = signed_area(ring);
                    assert!(
                        if r == 0 { area > 0.0 } else { area < 0.0 },
                        "{file}: {name}: ring {r} wound the wrong way"
                    );
                }
            }
        }
        assert_eq!(codes.len(), with_code, "{file}: features with an adcode");
    }
}

#[test]
fn the_sample_agrees_with_the_guangxi_fixture() {
    let geo = read_json("www/geo/guangxi.json");
    let cities: BTreeMap<String, Vec<Polygon>> = geo["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| {
            let code = f["properties"]["adcode"].as_str().expect("adcode");
            (code.to_owned(), polygons(f))
        })
        .collect();
    let city_of = |code: &str| format!("{}00", code.get(..4).unwrap_or(code));

    let doc = read_json("www/sample/nev-guangxi.json");
    let province = doc["meta"]["region"].as_str().expect("meta.region");
    let mut problems = Vec::new();
    for section in [
        "enterprises",
        "parks",
        "projects",
        "opportunities",
        "metrics",
    ] {
        for (i, item) in doc[section].as_array().expect(section).iter().enumerate() {
            let Some(code) = item["region"].as_str() else {
                continue;
            };
            if code == province {
                continue;
            }
            let city = city_of(code);
            let Some(shape) = cities.get(&city) else {
                problems.push(format!("{section}[{i}].region {code}: no city {city}"));
                continue;
            };
            if let (Some(lon), Some(lat)) = (item["lon"].as_f64(), item["lat"].as_f64())
                && !contains(shape, [lon, lat])
            {
                problems.push(format!("{section}[{i}]: {lon},{lat} is outside {city}"));
            }
        }
    }
    let with_metrics: BTreeSet<String> = doc["metrics"]
        .as_array()
        .expect("metrics")
        .iter()
        .filter_map(|m| m["region"].as_str().map(str::to_owned))
        .collect();
    for city in cities.keys() {
        if !with_metrics.contains(city) {
            problems.push(format!("no metric for city {city}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
