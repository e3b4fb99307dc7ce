//! `cargo xtask`: Lianmap's tasks, so that everything runs through cargo on a fresh machine.
//!
//! - `demo [--port N]`: build `dist/`, then serve the demo on 127.0.0.1
//! - `test`: every test layer (native, wasm-bindgen in headless Chromium, end-to-end)
//! - `dist`: build `dist/` and print each file's raw and gzip size
//! - `example`: build the Leptos example app (`examples/leptos-app/pkg/`)
//! - `serve [--port N]`: serve `www/`, `dist/` and `examples/` without building
//! - `bench`: criterion benchmarks of the native core
//! - `bench --browser [--sizes …] [--libs …] [--runs N]`: the chain view against peer libraries in
//!   headless Chromium (`bench/browser/`)
//! - `crossings [FILE.gv …]`: layout crossings against Graphviz dot

mod browser_bench;
mod crossings;
mod dist;
mod example;
mod serve;
mod slim;
mod test;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const USAGE: &str = "usage: cargo xtask <demo [--port N] | test | dist | example | serve [--port N] | bench [--browser [--sizes …] [--libs …] [--runs N]] | crossings [FILE.gv …]>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("demo") => port(&args).and_then(|port| {
            tools::ensure_build_tools()?;
            dist::build()?;
            serve::run(port)
        }),
        Some("serve") => port(&args).and_then(serve::run),
        Some("dist") => tools::ensure_build_tools().and_then(|()| dist::build()),
        Some("example") => tools::ensure_build_tools().and_then(|()| example::build()),
        Some("test") => test::run_all(),
        Some("crossings") => crossings::run(args.get(1..).unwrap_or(&[])),
        Some("bench") if args.iter().any(|a| a == "--browser") => {
            browser_bench::run(args.get(1..).unwrap_or(&[]))
        }
        Some("bench") => {
            run(Command::new("cargo").args(["bench", "--package", "lianmap", "--bench", "core"]))
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `--port N`, default 8080.
fn port(args: &[String]) -> Result<u16, String> {
    match args.iter().position(|a| a == "--port") {
        None => Ok(8080),
        Some(i) => args
            .get(i + 1)
            .and_then(|p| p.parse().ok())
            .ok_or_else(|| format!("--port needs a number\n{USAGE}")),
    }
}

/// The repository root (the workspace holding this crate).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Runs a command in the repository root, failing with its command line.
pub fn run(command: &mut Command) -> Result<(), String> {
    let shown = format!("{command:?}");
    let status = command
        .current_dir(root())
        .status()
        .map_err(|e| format!("cannot run {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

/// Prints a step header.
pub fn step(text: &str) {
    println!("\n==> {text}");
}
