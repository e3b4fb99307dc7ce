//! `examples/leptos-app/`: the Leptos example app, built for wasm32 and bound with wasm-bindgen
//! into its `pkg/` (not committed), so that `cargo xtask serve` can serve it at
//! `/examples/leptos-app/`.
//!
//! It is its own crate, outside the workspace (native `cargo test --workspace` never builds it);
//! it shares the workspace's target directory, so the dependencies the other wasm32 builds have
//! compiled are reused.

use std::path::PathBuf;
use std::process::Command;

use crate::{root, run, step};

/// The cargo profile of the example: the workspace's `wasm-release` (repeated in the example's
/// manifest), so that it reuses every dependency `cargo xtask dist` has just compiled with the
/// same features and settings; only `lianmap` and the app itself compile again (under a minute on
/// two cores), with a 2 MB module and no wasm-opt step. A `dev` build would compile the
/// dependencies a second time (the wasm-bindgen-test build enables other features) and make an
/// 11 MB module.
const PROFILE: &str = "wasm-release";

/// Builds the example app into `examples/leptos-app/pkg/`.
pub fn build() -> Result<(), String> {
    let root = root();
    let app = root.join("examples/leptos-app");
    // The example resolves the same dependency versions as the workspace: its lockfile (not
    // committed) starts from the workspace's each time, and cargo prunes what it does not use.
    std::fs::copy(root.join("Cargo.lock"), app.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy Cargo.lock into examples/leptos-app: {e}"))?;
    let target = target_dir();
    step("building the Leptos example (examples/leptos-app, wasm32)");
    run(Command::new("cargo")
        .args(["build", "--lib", "--target", "wasm32-unknown-unknown"])
        .args(["--profile", PROFILE, "--manifest-path"])
        .arg(app.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target))?;
    let dir = if PROFILE == "dev" { "debug" } else { PROFILE };
    let wasm = target.join(format!(
        "wasm32-unknown-unknown/{dir}/lianmap_leptos_app.wasm"
    ));
    let pkg = app.join("pkg");
    // wasm-bindgen never deletes old output: clear it so stale snippets cannot linger.
    if pkg.exists() {
        std::fs::remove_dir_all(&pkg)
            .map_err(|e| format!("cannot clear {}: {e}", pkg.display()))?;
    }
    step("binding the Leptos example with wasm-bindgen");
    run(Command::new("wasm-bindgen")
        .args(["--target", "web", "--no-typescript", "--out-dir"])
        .arg(&pkg)
        .arg(&wasm))?;
    println!(
        "Leptos example: examples/leptos-app/pkg/ ({} KiB of wasm); `cargo xtask serve`, then open /examples/leptos-app/",
        std::fs::metadata(pkg.join("lianmap_leptos_app_bg.wasm"))
            .map(|m| m.len() / 1024)
            .unwrap_or(0)
    );
    Ok(())
}

/// Cargo's target directory for the workspace: CARGO_TARGET_DIR when set, else `target/`.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}
