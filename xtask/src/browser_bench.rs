//! `cargo xtask bench --browser [flags]`: Lianmap's chain view against peer graph libraries in
//! headless Chromium (`bench/browser/`). Installs what is missing, rebuilds `dist/` when the
//! sources are newer, builds the `lianmap` CLI (release) that generates the data sets, then runs
//! `node bench/browser/run.mjs` with the flags passed through (`--sizes`, `--libs`, `--runs`,
//! `--timeout`, `--no-layout`, `--chromium`).

use std::path::Path;
use std::process::Command;
use std::time::SystemTime;

use crate::{dist, root, step, tools};

/// Runs the browser benchmark; `args` are the words after `bench` (`--browser` is dropped).
pub fn run(args: &[String]) -> Result<(), String> {
    let root = root();
    let bench = root.join("bench/browser");
    if !bench.join("run.mjs").is_file() {
        return Err("bench/browser/run.mjs is missing".into());
    }
    // Chromium, CJK fonts (the generated link names are Chinese) and the dist/ toolchain.
    tools::ensure_test_tools()?;
    if !bench.join("node_modules/playwright-core").is_dir() {
        println!("installing the browser benchmark packages (npm ci in bench/browser)");
        crate::run(
            Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund", "--prefix"])
                .arg(&bench),
        )?;
    }
    if dist_is_stale(&root) {
        dist::build()?;
    }
    step("building the lianmap CLI (release) that generates the data sets");
    crate::run(Command::new("cargo").args([
        "build",
        "--release",
        "--package",
        "lianmap",
        "--bin",
        "lianmap",
    ]))?;
    step("browser benchmark (bench/browser/run.mjs)");
    crate::run(
        Command::new("node")
            .arg(bench.join("run.mjs"))
            .args(args.iter().filter(|a| a.as_str() != "--browser"))
            .env("LIANMAP_CLI", root.join("target/release/lianmap")),
    )
}

/// True when `dist/` is missing or older than anything it is built from.
fn dist_is_stale(root: &Path) -> bool {
    let Some(built) = modified(&root.join("dist/lianmap_bg.wasm")) else {
        return true;
    };
    if !root.join("dist/lianmap.js").is_file() {
        return true;
    }
    ["src", "www", "Cargo.toml", "Cargo.lock"]
        .iter()
        .filter_map(|p| newest(&root.join(p)))
        .any(|t| t > built)
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// The newest modification time of a file, or of any file under a folder.
fn newest(path: &Path) -> Option<SystemTime> {
    if !path.is_dir() {
        return modified(path);
    }
    std::fs::read_dir(path)
        .ok()?
        .flatten()
        .filter_map(|entry| newest(&entry.path()))
        .max()
}
