//! `dist/`: the release WebAssembly build, optimised, bound and assembled with the JS shim.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use crate::{root, run, step};

/// wasm-opt features matching what rustc emits (TOOLCHAIN pitfall 1: run it before wasm-bindgen).
const WASM_OPT_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-reference-types",
    "--enable-multivalue",
    "--enable-sign-ext",
    "--enable-mutable-globals",
];

/// Builds `dist/` and prints its sizes.
pub fn build() -> Result<(), String> {
    let root = root();
    let shim = root.join("www/lianmap.js");
    if !shim.is_file() {
        return Err("www/lianmap.js is missing: dist/ ships that hand-written JS shim (it defines <lian-map> and \
                    loads lianmap_core.js), so write it before building dist/"
            .into());
    }
    step("building the WebAssembly module (release)");
    run(Command::new("cargo").args([
        "build",
        "--lib",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "wasm-release",
        "--package",
        "lianmap",
    ]))?;
    // Cargo's target directory: CARGO_TARGET_DIR when set, else target/ in the workspace.
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let built = target.join("wasm32-unknown-unknown/wasm-release/lianmap.wasm");
    let optimised = target.join("lianmap-opt.wasm");
    step("optimising with wasm-opt");
    // -O1 with --converge: binaryen 108's -Oz merges the closure shims wasm-bindgen reads
    // ("failed to find `0` in function table"), and after wasm-bindgen it breaks the function
    // table at run time; -O1 keeps them and is within 1 KiB of -Oz (smaller than -Os and -O2).
    let opt = run(Command::new("wasm-opt")
        .args(["-O1", "--converge"])
        .args(WASM_OPT_FEATURES)
        .arg(&built)
        .arg("-o")
        .arg(&optimised));
    let input = match opt {
        Ok(()) => optimised,
        Err(e) => {
            println!("warning: {e}; continuing without wasm-opt");
            built
        }
    };
    step("binding with wasm-bindgen");
    let bound = target.join("wasm-bindgen");
    // wasm-bindgen never deletes old output: clear it so stale snippets cannot reach dist/.
    if bound.exists() {
        std::fs::remove_dir_all(&bound)
            .map_err(|e| format!("cannot clear {}: {e}", bound.display()))?;
    }
    run(Command::new("wasm-bindgen")
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--out-name",
            "lianmap_core",
            "--out-dir",
        ])
        .arg(&bound)
        .arg(&input))?;

    let dist = root.join("dist");
    if dist.exists() {
        std::fs::remove_dir_all(&dist).map_err(|e| format!("cannot clear dist/: {e}"))?;
    }
    std::fs::create_dir_all(&dist).map_err(|e| format!("cannot create dist/: {e}"))?;
    copy(&shim, &dist.join("lianmap.js"))?;
    copy(
        &bound.join("lianmap_core.js"),
        &dist.join("lianmap_core.js"),
    )?;
    copy(
        &bound.join("lianmap_core_bg.wasm"),
        &dist.join("lianmap_bg.wasm"),
    )?;
    if bound.join("snippets").is_dir() {
        copy_dir(&bound.join("snippets"), &dist.join("snippets"))?;
    }
    for extra in ["lianmap.d.ts", "lianmap.css"] {
        if root.join("www").join(extra).is_file() {
            copy(&root.join("www").join(extra), &dist.join(extra))?;
        }
    }
    report(&dist)
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(from)
        .map_err(|e| e.to_string())?
        .flatten()
    {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target)?
        } else {
            copy(&path, &target)?
        }
    }
    Ok(())
}

/// Prints each file's raw and gzip (level 9) size and the totals.
fn report(dist: &Path) -> Result<(), String> {
    let mut files = Vec::new();
    collect(dist, dist, &mut files);
    files.sort();
    println!("\n{:<28} {:>12} {:>12}", "dist/", "raw KiB", "gzip KiB");
    let (mut raw_total, mut gzip_total) = (0usize, 0usize);
    for name in files {
        let bytes = std::fs::read(dist.join(&name)).map_err(|e| e.to_string())?;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(&bytes).map_err(|e| e.to_string())?;
        let gzip = encoder.finish().map_err(|e| e.to_string())?.len();
        raw_total += bytes.len();
        gzip_total += gzip;
        println!("{name:<28} {:>12.1} {:>12.1}", kib(bytes.len()), kib(gzip));
    }
    println!(
        "{:<28} {:>12.1} {:>12.1}",
        "total",
        kib(raw_total),
        kib(gzip_total)
    );
    Ok(())
}

fn collect(base: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(base, &path, out);
        } else if let Ok(rel) = path.strip_prefix(base) {
            out.push(rel.to_string_lossy().into_owned());
        }
    }
}

fn kib(bytes: usize) -> f64 {
    bytes as f64 / 1024.0
}
