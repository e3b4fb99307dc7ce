//! Installs what a fresh machine lacks, one line per install, and skips what is there.

use std::process::Command;

use crate::{root, run};

fn found(program: &str, arg: &str) -> Option<String> {
    let out = Command::new(program).arg(arg).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// The version of the `wasm-bindgen` crate in `Cargo.lock`: the CLI must match it exactly.
fn locked_wasm_bindgen() -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\""
            && let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
        {
            return Ok(version.trim_end_matches('"').to_owned());
        }
    }
    Err("Cargo.lock has no wasm-bindgen package".into())
}

/// Whether `rustup <args>` prints `name` on a line of its own.
fn rustup_lists(args: &[&str], name: &str) -> bool {
    Command::new("rustup").args(args).output().is_ok_and(|o| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .any(|l| l.trim() == name)
    })
}

/// What `dist` needs: the wasm32 target, rust-src, wasm-bindgen at the locked version, wasm-opt and
/// esbuild (npm, in `xtask/minify/`).
pub fn ensure_build_tools() -> Result<(), String> {
    if !rustup_lists(&["target", "list", "--installed"], "wasm32-unknown-unknown") {
        println!("installing the wasm32-unknown-unknown target (rustup)");
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    // The standard library's source, for dist's size-optimised build (`-Zbuild-std`). Without
    // it dist still builds, larger, so a failed install is a warning.
    if !rustup_lists(&["component", "list", "--installed"], "rust-src") {
        println!("installing the rust-src component (rustup)");
        if let Err(e) = run(Command::new("rustup").args(["component", "add", "rust-src"])) {
            println!("warning: {e}; dist/ will use the prebuilt standard library");
        }
    }
    let version = locked_wasm_bindgen()?;
    let installed = found("wasm-bindgen", "--version").unwrap_or_default();
    if installed != format!("wasm-bindgen {version}") {
        println!("installing wasm-bindgen-cli {version} (cargo install; a few minutes)");
        // Without --locked: the CLI's own lockfile pins a crate version the registry lacks.
        run(Command::new("cargo").args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            &version,
            "--force",
        ]))?;
    }
    apt(&[("wasm-opt", "binaryen")])?;
    // esbuild minifies dist/'s scripts and binaryen's wasm-opt its module; without them dist/
    // ships them larger.
    if let Err(e) = npm_packages("xtask/minify", "esbuild", "the minifiers") {
        println!("warning: {e}; dist/ will ship its scripts unminified and its module larger");
    }
    Ok(())
}

/// What `test` needs on top: Chromium, ChromeDriver, CJK fonts and the end-to-end npm packages.
pub fn ensure_test_tools() -> Result<(), String> {
    ensure_build_tools()?;
    apt(&[
        ("chromium", "chromium"),
        ("chromedriver", "chromium-driver"),
    ])?;
    apt_package("fonts-noto-cjk")?;
    npm_packages(
        "tests/e2e",
        "playwright-core",
        "the end-to-end test packages",
    )
}

/// Installs the npm packages of `dir` (relative to the repository) unless `probe` is there and
/// up to date with the committed lockfile.
fn npm_packages(dir: &str, probe: &str, what: &str) -> Result<(), String> {
    let dir_path = root().join(dir);
    // npm records what it installed in node_modules/.package-lock.json: install again when the
    // committed lockfile is newer (a package was added) or nothing is installed yet.
    let installed = std::fs::metadata(dir_path.join("node_modules/.package-lock.json"))
        .and_then(|m| m.modified())
        .ok();
    let wanted = std::fs::metadata(dir_path.join("package-lock.json"))
        .and_then(|m| m.modified())
        .ok();
    let stale = match (installed, wanted) {
        (Some(installed), Some(wanted)) => installed < wanted,
        (None, _) => true,
        (Some(_), None) => false,
    };
    if stale || !dir_path.join("node_modules").join(probe).is_dir() {
        // `npm ci` installs exactly the committed lockfile; without one, `npm install` makes it.
        let verb = if dir_path.join("package-lock.json").is_file() {
            "ci"
        } else {
            "install"
        };
        println!("installing {what} (npm {verb} in {dir})");
        run(Command::new("npm")
            .args([verb, "--no-audit", "--no-fund", "--prefix"])
            .arg(&dir_path))?;
    }
    Ok(())
}

/// Installs the Debian package of each program that is not on PATH.
fn apt(programs: &[(&str, &str)]) -> Result<(), String> {
    for (program, package) in programs {
        if found("which", program).is_none() {
            install(package)?;
        }
    }
    Ok(())
}

fn apt_package(package: &str) -> Result<(), String> {
    let installed = Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output();
    if installed.is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
    {
        return Ok(());
    }
    install(package)
}

fn install(package: &str) -> Result<(), String> {
    println!("installing {package} (apt-get)");
    let sudo = !is_root() && found("which", "sudo").is_some();
    let apt = |args: &[&str]| {
        let mut command = if sudo {
            Command::new("sudo")
        } else {
            Command::new("apt-get")
        };
        if sudo {
            command.arg("apt-get");
        }
        command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        command
    };
    static UPDATED: std::sync::Once = std::sync::Once::new();
    let mut update = Ok(());
    UPDATED.call_once(|| update = run(apt(&["-qq", "update"]).stdout(std::process::Stdio::null())));
    update?;
    run(
        apt(&["-qq", "install", "-y", "--no-install-recommends", package])
            .stdout(std::process::Stdio::null()),
    )
}

fn is_root() -> bool {
    found("id", "-u").as_deref() == Some("0")
}
