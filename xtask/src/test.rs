//! `cargo xtask test`: every test layer, stopping at the first failure.

use std::process::Command;

use crate::{dist, example, root, run, serve, step, tools};

pub fn run_all() -> Result<(), String> {
    tools::ensure_test_tools()?;
    step("native tests (cargo test --workspace)");
    run(Command::new("cargo").args(["test", "--workspace"]))?;
    if root().join("tests/web.rs").is_file() {
        step("browser tests (wasm-bindgen-test in headless Chromium)");
        run(Command::new("cargo").args([
            "test",
            "--target",
            "wasm32-unknown-unknown",
            "--test",
            "web",
        ]))?;
    }
    step("dist/");
    dist::build()?;
    dist::check_ratchet()?;
    example::build()?;
    step("end-to-end tests (playwright-core + Chromium against the demo pages)");
    let mut files: Vec<String> = std::fs::read_dir(root().join("tests/e2e"))
        .map_err(|e| format!("tests/e2e: {e}"))?
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| name.ends_with(".test.mjs"))
        .map(|name| format!("tests/e2e/{name}"))
        .collect();
    files.sort();
    let port = serve::start()?;
    run(Command::new("node")
        .args(["--test", "--test-concurrency=1"])
        .args(&files)
        .env("LIANMAP_BASE_URL", format!("http://127.0.0.1:{port}"))
        .env("CHROMIUM_PATH", "/usr/bin/chromium"))?;
    println!("\nxtask test: all layers passed");
    Ok(())
}
