//! The `lianmap` command line: exit codes, output lines, stats checked by hand, generate.
#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers may stop the test

use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn lianmap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lianmap"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run lianmap")
}

fn lianmap_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_lianmap"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn lianmap");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn validate_exit_codes() {
    let valid = lianmap(&["validate", "tests/fixtures/small.json"]);
    assert_eq!(valid.status.code(), Some(0), "{}", stdout(&valid));
    assert_eq!(stdout(&valid), "");

    let invalid = lianmap(&["validate", "www/sample/broken.json"]);
    assert_eq!(invalid.status.code(), Some(1));

    let unreadable = lianmap(&["validate", "tests/fixtures/no-such-file.json"]);
    assert_eq!(unreadable.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unreadable.stderr).contains("cannot read"));

    let usage = lianmap(&["validate"]);
    assert_eq!(usage.status.code(), Some(2));
    let unknown = lianmap(&["frobnicate"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn warnings_alone_are_valid() {
    let doc = br#"{"version": 1, "links": [{"id": "a", "name": "A", "colour": "red"}]}"#;
    let out = lianmap_stdin(&["validate", "-"], doc);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "links[0].colour: warning: unknown field \"colour\" is ignored\n"
    );
}

#[test]
fn one_line_per_problem_with_path() {
    let doc = br#"{"version": 1,
        "links": [{"id": "battery", "name": "Battery"}],
        "enterprises": [{"id": "e1", "name": "E1", "links": ["batery"], "lon": 108.3, "lat": 123.4}]}"#;
    let out = lianmap_stdin(&["validate", "-"], doc);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "enterprises[0].lat: latitude must be between -90 and 90 degrees, found 123.4\n\
         enterprises[0].links[0]: unknown link \"batery\" (did you mean \"battery\"?)\n"
    );
}

#[test]
fn json_format() {
    let out = lianmap_stdin(
        &["validate", "-", "--format", "json"],
        b"{\"version\": 1,\n  \"links\": [}",
    );
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["valid"], false);
    assert_eq!(report["errors"], 1);
    let d = &report["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["path"], "$");
    assert_eq!(d["line"], 2);
    assert_eq!(d["column"], 13);
    assert!(
        d["message"]
            .as_str()
            .unwrap_or("")
            .contains("line 2, column 13"),
        "{d}"
    );
}

#[test]
fn rejects_other_versions() {
    let out = lianmap_stdin(&["validate", "-"], br#"{"version": 2, "links": []}"#);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "version: unsupported document version 2: this Lianmap reads version 1\n"
    );
}

/// Every number here was worked out by hand from `tests/fixtures/small.json`.
#[test]
fn stats_checked_by_hand() {
    let out = lianmap(&["stats", "tests/fixtures/small.json"]);
    assert_eq!(out.status.code(), Some(0));
    let stats: Value = serde_json::from_slice(&out.stdout).expect("stats json");

    assert_eq!(stats["counts"]["links"], 7);
    assert_eq!(stats["counts"]["leafLinks"], 6);
    assert_eq!(stats["counts"]["localEnterprises"], 8);
    assert_eq!(stats["counts"]["targetEnterprises"], 4);

    assert_eq!(
        stats["gaps"]["missing"],
        serde_json::json!(["anode", "cell"])
    );
    assert_eq!(
        stats["gaps"]["weak"],
        serde_json::json!(["mat", "cathode", "pack", "recycle"])
    );
    assert_eq!(stats["gaps"]["strong"], serde_json::json!(["car"]));

    let link = |id: &str| -> Value {
        stats["links"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|l| l["id"] == id)
            .cloned()
            .unwrap_or(Value::Null)
    };
    // pack: one key (2) + three members (1 each) = 5 < 6 → weak.
    assert_eq!(link("pack")["strength"], 5.0);
    assert_eq!(link("pack")["localEnterprises"], 4);
    // car: leader (4) + key (2) = 6 with an anchor → strong.
    assert_eq!(link("car")["strength"], 6.0);
    assert_eq!(link("car")["leaders"], serde_json::json!(["e1"]));
    // mat: e6 on cathode and e8 on both mat and cathode count once each.
    assert_eq!(link("mat")["localEnterprises"], 2);
    assert_eq!(link("mat")["targetEnterprises"], 3);
    // cathode inherits stage "up" from its parent.
    assert_eq!(link("cathode")["stage"], "up");
    // recycle: computed missing, host says weak.
    assert_eq!(link("recycle")["gap"], "weak");
    assert_eq!(link("recycle")["computedGap"], "missing");
    assert_eq!(link("recycle")["gapSource"], "host");
    // Closures through the recycling cycle.
    assert_eq!(link("anode")["upstream"], serde_json::json!([]));
    assert_eq!(
        link("anode")["downstream"],
        serde_json::json!(["cathode", "cell", "pack", "car", "recycle"])
    );
    assert_eq!(
        link("cell")["upstream"],
        serde_json::json!(["cathode", "anode", "cell", "pack", "car", "recycle"])
    );

    // Targets ranked by score (95, 90, none), leader t3 last for lack of a score.
    let targets = stats["targets"].as_array().expect("targets");
    let anode = targets
        .iter()
        .find(|t| t["link"] == "anode")
        .expect("anode targets");
    let ids: Vec<&str> = anode["enterprises"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["id"].as_str())
        .collect();
    assert_eq!(ids, ["t2", "t1", "t3"]);
    assert_eq!(anode["gap"], "missing");
    assert!(
        targets.iter().all(|t| t["link"] != "car"),
        "strong links have no target list"
    );

    // Coverage: six leaves; Liuzhou 450200 has pack (e2) and car (e1, e7 in 450203).
    let coverage = |region: &str| -> Value {
        stats["coverage"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|c| c["region"] == region)
            .cloned()
            .unwrap_or(Value::Null)
    };
    assert_eq!(
        coverage("450200")["has"],
        serde_json::json!(["pack", "car"])
    );
    assert_eq!(coverage("450200")["percent"], 33.3);
    assert_eq!(coverage("450200")["localEnterprises"], 3);
    assert_eq!(
        coverage("450000")["has"],
        serde_json::json!(["cathode", "pack", "car"])
    );
    assert_eq!(
        coverage("450000")["lacks"],
        serde_json::json!(["anode", "cell", "recycle"])
    );
    assert_eq!(coverage("450000")["percent"], 50.0);
    assert_eq!(coverage("450900")["percent"], 0.0);
    assert_eq!(coverage("450900")["targetEnterprises"], 1);

    // Pipeline: lead 4.5, negotiating 10, signed 25.5.
    let pipeline = &stats["pipeline"];
    assert_eq!(pipeline["totalCount"], 3);
    assert_eq!(pipeline["totalAmount"], 40.0);
    let status = |s: &str| -> Value {
        pipeline["projects"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|t| t["status"] == s)
            .cloned()
            .unwrap_or(Value::Null)
    };
    assert_eq!(status("lead")["amount"], 4.5);
    assert_eq!(status("signed")["count"], 1);
    assert_eq!(status("producing")["count"], 0);

    let leaders: Vec<&str> = stats["leaders"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| l["id"].as_str())
        .collect();
    assert_eq!(leaders, ["e1", "t3"]);
}

#[test]
fn stats_rules_are_configurable() {
    let out = lianmap(&["stats", "tests/fixtures/small.json", "--strong-at", "5"]);
    let stats: Value = serde_json::from_slice(&out.stdout).expect("stats json");
    assert!(
        stats["gaps"]["strong"]
            .as_array()
            .expect("strong")
            .contains(&Value::from("pack"))
    );
    assert_eq!(stats["rules"]["strongAt"], 5.0);
}

#[test]
fn generate_is_valid_and_deterministic() {
    let a = lianmap(&[
        "generate",
        "--links",
        "120",
        "--enterprises",
        "900",
        "--seed",
        "3",
    ]);
    let b = lianmap(&[
        "generate",
        "--links",
        "120",
        "--enterprises",
        "900",
        "--seed",
        "3",
    ]);
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(a.stdout, b.stdout);
    let doc: Value = serde_json::from_slice(&a.stdout).expect("json");
    assert_eq!(doc["links"].as_array().map(Vec::len), Some(120));
    assert_eq!(doc["enterprises"].as_array().map(Vec::len), Some(900));
    let check = lianmap_stdin(&["validate", "-"], &a.stdout);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
}

#[test]
fn schema_command_prints_the_committed_schema() {
    let out = lianmap(&["schema"]);
    assert_eq!(out.status.code(), Some(0));
    let committed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/lianmap.schema.json"),
    )
    .expect("schema/lianmap.schema.json");
    assert_eq!(stdout(&out), committed);
}

#[test]
fn schema_markdown_prints_the_committed_format_reference() {
    let out = lianmap(&["schema", "--markdown"]);
    assert_eq!(out.status.code(), Some(0));
    let committed =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/format.md"))
            .expect("docs/format.md");
    assert_eq!(stdout(&out), committed);
    assert_eq!(lianmap(&["schema", "--json"]).status.code(), Some(2));
}

#[test]
fn the_sample_is_valid_and_rich() {
    let out = lianmap(&["validate", "www/sample/nev-guangxi.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let stats: Value =
        serde_json::from_slice(&lianmap(&["stats", "www/sample/nev-guangxi.json"]).stdout)
            .expect("json");
    assert_eq!(stats["counts"]["stages"], 3);
    assert!(stats["counts"]["links"].as_u64() >= Some(40));
    assert!(stats["counts"]["enterprises"].as_u64() >= Some(300));
    for class in ["missing", "weak", "strong"] {
        assert!(
            !stats["gaps"][class]
                .as_array()
                .expect("gap list")
                .is_empty(),
            "no {class} link in the sample"
        );
    }
    for status in ["lead", "negotiating", "signed", "started", "producing"] {
        let count = stats["pipeline"]["projects"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|t| t["status"] == status)
            .map(|t| t["count"].clone());
        assert!(
            count.and_then(|c| c.as_u64()).unwrap_or(0) > 0,
            "no {status} project in the sample"
        );
    }
}

#[test]
fn layout_prints_the_contract() {
    let out = lianmap(&["layout", "tests/fixtures/small.json"]);
    assert_eq!(out.status.code(), Some(0));
    let layout: Value = serde_json::from_slice(&out.stdout).expect("layout json");
    let nodes = layout["nodes"].as_array().expect("nodes");
    let links: Vec<&Value> = nodes.iter().filter(|n| n["kind"] == "link").collect();
    assert_eq!(links.len(), 7);
    for n in nodes {
        for key in ["id", "kind", "x", "y", "width", "height"] {
            assert!(!n[key].is_null(), "node without {key}: {n}");
        }
    }
    let edges = layout["edges"].as_array().expect("edges");
    assert_eq!(edges.len(), 6);
    let recycle = edges
        .iter()
        .find(|e| e["from"] == "recycle")
        .expect("the recycling flow");
    assert_eq!(recycle["to"], "cathode");
    assert!(
        recycle["points"]
            .as_array()
            .is_some_and(|p| p.len() >= 2 && p[0].as_array().map(Vec::len) == Some(2))
    );
}

#[test]
fn render_writes_svg_with_data_ids() {
    let dir = std::env::temp_dir().join(format!("lianmap-render-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let svg_path = dir.join("small.svg");
    let out = lianmap(&[
        "render",
        "tests/fixtures/small.json",
        "--svg",
        svg_path.to_str().expect("path"),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = std::fs::read_to_string(&svg_path).expect("svg written");
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    for id in ["mat", "cathode", "anode", "cell", "pack", "car", "recycle"] {
        assert!(
            svg.contains(&format!(r#"<g data-id="{id}" data-kind="link""#)),
            "{id} missing"
        );
    }
    assert!(svg.contains(r#"data-id="up" data-kind="stage""#));
    assert!(svg.contains(r#"data-gap="missing""#));
    assert_eq!(
        lianmap(&["render", "tests/fixtures/small.json"])
            .status
            .code(),
        Some(2),
        "--svg is required"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn layout_radial_around_one_link() {
    let out = lianmap(&["layout", "www/sample/nev-guangxi.json", "--radial", "cells"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let layout: Value = serde_json::from_slice(&out.stdout).expect("layout json");
    let nodes = layout["nodes"].as_array().expect("nodes");
    assert_eq!(nodes[0]["id"], "cells", "the centre comes first");
    let (w, h) = (
        layout["width"].as_f64().expect("width"),
        layout["height"].as_f64().expect("height"),
    );
    assert!((nodes[0]["x"].as_f64().expect("x") - w / 2.0).abs() < 0.01);
    assert!((nodes[0]["y"].as_f64().expect("y") - h / 2.0).abs() < 0.01);
    for n in nodes {
        assert_eq!(n["kind"], "link");
        for key in ["id", "x", "y", "width", "height", "label"] {
            assert!(!n[key].is_null(), "node without {key}: {n}");
        }
    }
    // Cathode supplies cells (left); modules take them (right).
    let x = |id: &str| {
        nodes
            .iter()
            .find(|n| n["id"] == id)
            .and_then(|n| n["x"].as_f64())
            .expect(id)
    };
    assert!(x("cathode") < x("cells") && x("cells") < x("modules"));
    let edges = layout["edges"].as_array().expect("edges");
    assert!(
        edges
            .iter()
            .any(|e| e["from"] == "cathode" && e["to"] == "cells")
    );
    assert!(
        edges
            .iter()
            .all(|e| e["points"].as_array().is_some_and(|p| p.len() >= 2))
    );

    let near = lianmap(&[
        "layout",
        "www/sample/nev-guangxi.json",
        "--radial",
        "cells",
        "--depth",
        "1",
        "--lang",
        "en",
    ]);
    assert_eq!(near.status.code(), Some(0));
    let near: Value = serde_json::from_slice(&near.stdout).expect("layout json");
    let near_nodes = near["nodes"].as_array().expect("nodes");
    assert!(near_nodes.len() < nodes.len());
    assert_eq!(near_nodes[0]["label"][0], "Battery cells");

    let unknown = lianmap(&["layout", "www/sample/nev-guangxi.json", "--radial", "nope"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("unknown link \"nope\""));
}

#[test]
fn layout_force_of_enterprises() {
    let out = lianmap(&["layout", "tests/fixtures/small.json", "--force"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let layout: Value = serde_json::from_slice(&out.stdout).expect("layout json");
    let nodes = layout["nodes"].as_array().expect("nodes");
    let count = |kind: &str| nodes.iter().filter(|n| n["kind"] == kind).count();
    assert_eq!(count("link"), 7);
    assert_eq!(count("enterprise"), 12);
    for n in nodes {
        for key in ["id", "kind", "x", "y", "width", "height"] {
            assert!(!n[key].is_null(), "node without {key}: {n}");
        }
    }
    let edges = layout["edges"].as_array().expect("edges");
    // 13 enterprise–link pairs (e8 is on two links) and 6 flows.
    assert_eq!(edges.len(), 19);
    assert!(
        edges
            .iter()
            .any(|e| e["from"] == "e8" && e["to"] == "cathode")
    );
    let again = lianmap(&["layout", "tests/fixtures/small.json", "--force"]);
    assert_eq!(out.stdout, again.stdout, "deterministic");
    let seeded = lianmap(&[
        "layout",
        "tests/fixtures/small.json",
        "--force",
        "--seed",
        "5",
        "--iterations",
        "40",
    ]);
    assert_eq!(seeded.status.code(), Some(0));
    assert_ne!(out.stdout, seeded.stdout);

    // Only some links, or the links around one.
    let only = lianmap(&[
        "layout",
        "tests/fixtures/small.json",
        "--force",
        "--only",
        "pack,car",
    ]);
    let only: Value = serde_json::from_slice(&only.stdout).expect("layout json");
    let ids: Vec<&str> = only["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .filter(|n| n["kind"] == "link")
        .filter_map(|n| n["id"].as_str())
        .collect();
    assert_eq!(ids.len(), 2);
    let around = lianmap(&[
        "layout",
        "tests/fixtures/small.json",
        "--force",
        "--around",
        "cell",
        "--depth",
        "1",
    ]);
    assert_eq!(around.status.code(), Some(0));
    let around: Value = serde_json::from_slice(&around.stdout).expect("layout json");
    let mut ids: Vec<&str> = around["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .filter(|n| n["kind"] == "link")
        .filter_map(|n| n["id"].as_str())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, ["anode", "cathode", "cell", "pack"]);
}

#[test]
fn layout_options_that_do_not_mix() {
    for args in [
        &["--radial", "cell", "--force"][..],
        &["--radial", "cell", "--direction", "tb"],
        &["--force", "--collapse", "mat"],
        &["--depth", "2"],
        &["--force", "--depth", "2"],
        &["--seed", "3"],
        &["--force", "--only", "cell", "--around", "cell"],
        &["--force", "--around", "nope"],
        &["--force", "--iterations", "many"],
    ] {
        let mut all = vec!["layout", "tests/fixtures/small.json"];
        all.extend_from_slice(args);
        let out = lianmap(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!String::from_utf8_lossy(&out.stderr).is_empty());
    }
    let render = lianmap(&[
        "render",
        "tests/fixtures/small.json",
        "--svg",
        "/dev/null",
        "--radial",
        "cell",
    ]);
    assert_eq!(
        render.status.code(),
        Some(2),
        "render draws the chain map only"
    );
}

#[test]
fn render_draws_the_map_and_the_split_view_over_boundaries() {
    let dir = std::env::temp_dir().join(format!("lianmap-render-map-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let draw = |view: &str| {
        let path = dir.join(format!("{view}.svg"));
        let out = lianmap(&[
            "render",
            "www/sample/nev-guangxi.json",
            "--svg",
            path.to_str().expect("path"),
            "--view",
            view,
            "--geo",
            "www/geo/guangxi.json",
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::read_to_string(&path).expect("svg written")
    };
    let map = draw("map");
    assert_eq!(
        map.matches(r#"data-kind="region""#).count(),
        14,
        "Guangxi's 14 cities"
    );
    assert!(map.contains(r#"data-kind="park""#));
    assert!(!map.contains(r#"data-kind="link""#), "the map alone");
    let split = draw("split");
    assert_eq!(split.matches(r#"data-kind="region""#).count(), 14);
    assert!(
        split.contains(r#"data-kind="link""#),
        "and the chain beside it"
    );
    let missing = lianmap(&[
        "render",
        "www/sample/nev-guangxi.json",
        "--svg",
        "x.svg",
        "--view",
        "map",
    ]);
    assert_eq!(missing.status.code(), Some(2), "--view map needs --geo");
    let bad = lianmap(&[
        "render",
        "www/sample/nev-guangxi.json",
        "--svg",
        "x.svg",
        "--view",
        "globe",
        "--geo",
        "www/geo/guangxi.json",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--view must be chain, map or split"));
    let _ = std::fs::remove_dir_all(dir);
}
