//! `cargo xtask crossings [FILE.gv …]`: edge crossings of Lianmap's layered layout against
//! Graphviz `dot` on the same graphs, counted by one counter (`lianmap::layout::count_crossings`)
//! on the drawn polylines of both. Without arguments it uses the example graphs of Debian's
//! `graphviz-doc` package. Node sizes come from dot, so both lay out the same boxes.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use lianmap::layout::count_crossings;
use lianmap::layout::layered::{Graph, Spacing, layout};
use serde_json::Value;

/// One compared graph.
pub struct Row {
    pub name: String,
    pub nodes: usize,
    pub edges: usize,
    pub dot: usize,
    pub lianmap: usize,
    pub ordered: usize,
}

const EXAMPLES: &str = "/usr/share/doc/graphviz/examples/graphs/directed";

/// The graphs to compare: the arguments, or every directed example graph.
pub fn inputs(args: &[String]) -> Vec<PathBuf> {
    if !args.is_empty() {
        return args.iter().map(PathBuf::from).collect();
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(EXAMPLES)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".gv") || p.to_string_lossy().ends_with(".gv.gz"))
        .collect();
    files.sort();
    files
}

fn read_graph(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if path.extension().is_some_and(|e| e == "gz") {
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes.as_slice())
            .read_to_string(&mut text)
            .map_err(|e| e.to_string())?;
        return Ok(text);
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Runs `dot -Tjson` on the graph text.
fn dot_json(text: &str) -> Result<Value, String> {
    let mut child = Command::new("dot")
        .arg("-Tjson")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run dot (apt-get install graphviz): {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(text.as_bytes());
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err("dot failed".into());
    }
    serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())
}

fn numbers(text: &str) -> Vec<f64> {
    text.split(',')
        .filter_map(|t| t.trim().parse().ok())
        .collect()
}

/// dot's edge spline (`pos`: optional `s,x,y` / `e,x,y` arrow ends, then 3n+1 Bézier control
/// points) flattened into a polyline.
fn flatten_spline(pos: &str) -> Vec<[f64; 2]> {
    let controls: Vec<[f64; 2]> = pos
        .split_whitespace()
        .filter(|t| !t.starts_with("e,") && !t.starts_with("s,"))
        .filter_map(|t| match numbers(t).as_slice() {
            [x, y] => Some([*x, *y]),
            _ => None,
        })
        .collect();
    let mut points = controls.first().copied().into_iter().collect::<Vec<_>>();
    let mut i = 0;
    while i + 3 < controls.len() {
        let (p0, p1, p2, p3) = (
            controls[i],
            controls[i + 1],
            controls[i + 2],
            controls[i + 3],
        );
        for step in 1..=8 {
            let t = step as f64 / 8.0;
            let mt = 1.0 - t;
            let b = |k: usize| {
                mt * mt * mt * p0[k]
                    + 3.0 * mt * mt * t * p1[k]
                    + 3.0 * mt * t * t * p2[k]
                    + t * t * t * p3[k]
            };
            points.push([b(0), b(1)]);
        }
        i += 3;
    }
    points
}

/// Compares one graph.
pub fn compare(path: &Path) -> Result<Row, String> {
    let json = dot_json(&read_graph(path)?)?;
    let objects = json["objects"].as_array().cloned().unwrap_or_default();
    // Subgraphs come first in `objects` and carry a `nodes` list; real nodes do not.
    let mut index = std::collections::HashMap::new();
    let mut breadth = Vec::new();
    let mut length = Vec::new();
    for object in &objects {
        if object.get("nodes").is_some() {
            continue;
        }
        let Some(id) = object["_gvid"].as_u64() else {
            continue;
        };
        index.insert(id, breadth.len());
        let w = object["width"]
            .as_str()
            .and_then(|w| w.parse::<f64>().ok())
            .unwrap_or(0.75)
            * 72.0;
        let h = object["height"]
            .as_str()
            .and_then(|h| h.parse::<f64>().ok())
            .unwrap_or(0.5)
            * 72.0;
        // dot's default rank direction is top to bottom: along the flow is the height.
        breadth.push(w);
        length.push(h);
    }
    let mut seen = std::collections::HashSet::new();
    let mut edges = Vec::new();
    let mut dot_lines = Vec::new();
    for edge in json["edges"].as_array().into_iter().flatten() {
        let (Some(t), Some(h)) = (edge["tail"].as_u64(), edge["head"].as_u64()) else {
            continue;
        };
        let (Some(&u), Some(&v)) = (index.get(&t), index.get(&h)) else {
            continue;
        };
        if u == v || !seen.insert((u, v)) {
            continue; // loops and repeated edges are left out of both counts
        }
        edges.push((u, v));
        dot_lines.push(flatten_spline(edge["pos"].as_str().unwrap_or("")));
    }
    let n = breadth.len();
    let graph = Graph {
        breadth,
        length,
        band: vec![0; n],
        edges: edges.clone(),
    };
    let placed = layout(
        &graph,
        &Spacing {
            node_gap: 18.0,
            layer_gap: 36.0,
            band_gap: 0.0,
            sweeps: 24,
        },
    );
    let ours: Vec<Vec<[f64; 2]>> = placed
        .routes
        .iter()
        .flatten()
        .map(|(points, _)| points.iter().map(|&(a, b)| [b, a]).collect())
        .collect();
    Ok(Row {
        name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        nodes: n,
        edges: edges.len(),
        dot: count_crossings(&dot_lines),
        lianmap: count_crossings(&ours),
        ordered: placed.crossings,
    })
}

/// Prints the comparison table; fails when Lianmap has more crossings in total.
pub fn run(args: &[String]) -> Result<(), String> {
    let files = inputs(args);
    if files.is_empty() {
        return Err(format!(
            "no graphs given and none in {EXAMPLES} (apt-get install graphviz-doc)"
        ));
    }
    println!(
        "{:<22} {:>6} {:>6} {:>10} {:>10} {:>8}",
        "graph", "nodes", "edges", "dot", "lianmap", "ordered"
    );
    let (mut dot_total, mut ours_total) = (0, 0);
    let mut worse: Vec<String> = Vec::new();
    for file in files {
        match compare(&file) {
            Ok(row) if row.edges > 0 => {
                println!(
                    "{:<22} {:>6} {:>6} {:>10} {:>10} {:>8}",
                    row.name, row.nodes, row.edges, row.dot, row.lianmap, row.ordered
                );
                dot_total += row.dot;
                ours_total += row.lianmap;
                if row.lianmap > row.dot {
                    worse.push(format!("{} ({} vs {})", row.name, row.lianmap, row.dot));
                }
            }
            Ok(_) => {}
            Err(e) => println!("{:<22} skipped: {e}", file.display()),
        }
    }
    println!(
        "{:<22} {:>6} {:>6} {:>10} {:>10}",
        "total", "", "", dot_total, ours_total
    );
    println!(
        "graphs where Lianmap crosses more than dot: {}",
        worse.join(", ")
    );
    Ok(())
}
