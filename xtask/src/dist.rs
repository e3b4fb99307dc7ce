//! `dist/`: the release WebAssembly build, optimised, bound and assembled with the JS shim, the
//! type declarations and an npm `package.json`.

use std::io::Write;
use std::path::{Path, PathBuf};
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

/// The cargo arguments of the release WebAssembly module.
const RELEASE_BUILD: &[&str] = &[
    "build",
    "--lib",
    "--target",
    "wasm32-unknown-unknown",
    "--profile",
    "wasm-release",
    "--package",
    "lianmap",
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
    // Cargo's target directory: CARGO_TARGET_DIR when set, else target/ in the workspace.
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    step("building the WebAssembly module (release, standard library rebuilt for size)");
    let built = match build_for_size(&target) {
        Ok(built) => built,
        Err(e) => {
            println!(
                "warning: {e}\nwarning: building with the prebuilt standard library instead; \
                 the module is about 35 KiB gzip larger"
            );
            run(Command::new("cargo").args(RELEASE_BUILD))?;
            target.join("wasm32-unknown-unknown/wasm-release/lianmap.wasm")
        }
    };
    // binaryen from npm (xtask/minify/) optimises after wasm-bindgen, the order its closure
    // shims need; Debian's binaryen 108 cannot read the bound module, so without the npm one
    // it runs before wasm-bindgen as it must there (about 10 KiB gzip larger in all).
    let modern = root.join(MODERN_WASM_OPT);
    let modern = modern.is_file().then_some(modern);
    let input = if modern.is_some() {
        built
    } else {
        let optimised = target.join("lianmap-opt.wasm");
        step("optimising with wasm-opt (Debian's binaryen, before wasm-bindgen)");
        // -O1 with --converge: binaryen 108's -Oz merges the closure shims wasm-bindgen reads
        // ("failed to find `0` in function table"), and after wasm-bindgen it breaks the function
        // table at run time; -O1 keeps them and is within 1 KiB of -Oz (smaller than -Os and -O2).
        let opt = run(Command::new("wasm-opt")
            .args(["-O1", "--converge"])
            .args(WASM_OPT_FEATURES)
            .arg(&built)
            .arg("-o")
            .arg(&optimised));
        match opt {
            Ok(()) => optimised,
            Err(e) => {
                println!("warning: {e}; continuing without wasm-opt");
                built
            }
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
            "--remove-name-section",
            "--remove-producers-section",
            // The shim always passes the module's URL (dist/ renames it to lianmap_bg.wasm), so
            // the glue's default `new URL('lianmap_core_bg.wasm', import.meta.url)` would only
            // point bundlers at a file that does not exist.
            "--omit-default-module-path",
            // Every browser with custom elements v1 and ResizeObserver has encodeInto.
            "--encode-into",
            "always",
            "--out-name",
            "lianmap_core",
            "--out-dir",
        ])
        .arg(&bound)
        .arg(&input))?;

    let (module, glue) = trim(&bound, modern.as_deref())?;

    let dist = root.join("dist");
    if dist.exists() {
        std::fs::remove_dir_all(&dist).map_err(|e| format!("cannot clear dist/: {e}"))?;
    }
    std::fs::create_dir_all(&dist).map_err(|e| format!("cannot create dist/: {e}"))?;
    // The shim's names are kept: `LianMapElement` is what a page and its developer tools see as
    // the element's class. The glue's are internal (and keeping them would cost 1.2 KiB gzip).
    minify(&shim, &dist.join("lianmap.js"), true)?;
    minify(&glue, &dist.join("lianmap_core.js"), false)?;
    copy(&module, &dist.join("lianmap_bg.wasm"))?;
    if bound.join("snippets").is_dir() {
        copy_dir(&bound.join("snippets"), &dist.join("snippets"))?;
    }
    for extra in ["lianmap.d.ts", "lianmap.css"] {
        if root.join("www").join(extra).is_file() {
            copy(&root.join("www").join(extra), &dist.join(extra))?;
        }
    }
    let manifest = std::fs::read_to_string(root.join("Cargo.toml"))
        .map_err(|e| format!("cannot read Cargo.toml: {e}"))?;
    write(&dist.join("package.json"), &package_json(&manifest, &dist)?)?;
    write(&dist.join("README.md"), README)?;
    report(&dist)
}

/// `dist/README.md`, the npm package's page.
const README: &str = "# lianmap

Industrial-chain maps and investment heat maps as a `<lian-map>` custom element, in WebAssembly.

```js
import { mount } from 'lianmap'; // importing defines <lian-map>

const map = mount(document.getElementById('map'), { src: '/data/chain.json', lang: 'en' });
map.on('select', ({ id, kind }) => console.log(kind, id));
```

`lianmap.js` loads `lianmap_bg.wasm` from beside itself (`new URL('./lianmap_bg.wasm',
import.meta.url)`), so serve or copy that file with the bundle. Types are in `lianmap.d.ts`.
Licensed under MIT OR Apache-2.0.
";

/// A string field of the root manifest's `[package]` table (`key = "value"` on one line).
/// binaryen's wasm-opt from npm, run by node (relative to the repository).
const MODERN_WASM_OPT: &str = "xtask/minify/node_modules/binaryen/bin/wasm-opt";

/// Trims the bound module and its glue to each other (`slim`), then optimises the module with
/// `modern` (binaryen's wasm-opt from npm) when there is one. Returns the module and the glue.
/// A step that fails leaves its input as it was, with a warning.
fn trim(bound: &Path, modern: Option<&Path>) -> Result<(PathBuf, PathBuf), String> {
    let (wasm, js) = (
        bound.join("lianmap_core_bg.wasm"),
        bound.join("lianmap_core.js"),
    );
    let read = std::fs::read(&wasm).map_err(|e| format!("cannot read {}: {e}", wasm.display()))?;
    let text =
        std::fs::read_to_string(&js).map_err(|e| format!("cannot read {}: {e}", js.display()))?;
    let (mut module, mut glue) = (wasm, js);
    match crate::slim::slim(&read, &text) {
        Ok((slim_wasm, slim_js)) => {
            module = bound.join("lianmap_slim.wasm");
            glue = bound.join("lianmap_slim.js");
            write_bytes(&module, &slim_wasm)?;
            write(&glue, &slim_js)?;
        }
        Err(e) => println!("warning: the module's names were not shortened ({e})"),
    }
    let Some(modern) = modern else {
        return Ok((module, glue));
    };
    step("optimising with wasm-opt (binaryen from npm, after wasm-bindgen)");
    let optimised = bound.join("lianmap_opt.wasm");
    // -O1 and the passes below, to a fixed point, measured one by one against -O1 alone (gzip):
    // dead arguments −2.9 KiB, redundant stores −1.0, constant propagation −0.3, code folding
    // −0.1, and constant address offsets folded into loads and stores −1.1. That last one
    // assumes the first KiB of memory is never addressed: Rust puts the 1 MiB stack at the
    // bottom of memory, growing down, so only a stack overflow (already memory corruption in
    // WebAssembly) reaches it. -O2, -Os and -Oz make the module smaller raw but 35 KiB larger
    // gzip: their inlining copies bodies that gzip had shared.
    let opt = run(Command::new("node")
        .arg(modern)
        .arg("-O1")
        .args(WASM_OPT_FEATURES)
        .args([
            "--dae-optimizing",
            "--rse",
            "--precompute-propagate",
            "--code-folding",
            "--low-memory-unused",
            "--optimize-added-constants-propagate",
            "--converge",
        ])
        .arg(&module)
        .arg("-o")
        .arg(&optimised));
    match opt {
        Ok(()) => Ok((optimised, glue)),
        Err(e) => {
            println!("warning: {e}; continuing without wasm-opt");
            Ok((module, glue))
        }
    }
}

/// The release module with the standard library compiled for it: `optimize_for_size` (small
/// sorts and float formatting), `panic=immediate-abort` (no panic messages or formatting; a
/// panic traps either way, since the widget installs no panic hook) and `location-detail=none`
/// (no file names and lines for `#[track_caller]`, which Leptos records and nothing reads in a
/// release build; it also keeps the size independent of where the crates are on disk) and
/// `fmt-debug=none` (`Debug` formatting writes nothing: the module never shows it, since messages
/// quote host text with `validate::quote`, and only panics and server-side paths of the
/// dependencies use it). These are unstable flags of the stable toolchain, enabled with
/// `RUSTC_BOOTSTRAP`; they need rustup's `rust-src`. The build has its own target directory, so
/// its flags never invalidate the ordinary wasm32 builds.
/// Together they take about 40 KiB gzip off what a page loads (BENCHMARKS.md, "Size").
fn build_for_size(target: &Path) -> Result<std::path::PathBuf, String> {
    let dir = target.join("size");
    run(Command::new("cargo")
        .env("RUSTC_BOOTSTRAP", "1")
        .args(RELEASE_BUILD)
        .args([
            "-Zbuild-std=std,panic_abort",
            "-Zbuild-std-features=optimize_for_size",
            // Joined to .cargo/config.toml's rustflags for the target (erase_components).
            "--config",
            r#"target.wasm32-unknown-unknown.rustflags=["-Zunstable-options", "-Cpanic=immediate-abort", "-Zlocation-detail=none", "-Zfmt-debug=none"]"#,
            "--target-dir",
        ])
        .arg(&dir))
    .map_err(|e| format!("the size-optimised build failed ({e})"))?;
    Ok(dir.join("wasm32-unknown-unknown/wasm-release/lianmap.wasm"))
}

/// Copies a script minified by esbuild (`xtask/minify/`): local names shortened (with
/// `keep_names`, functions and classes still report their own `name`), comments and white space
/// gone, exports and strings kept; 4.7 KiB gzip less for the shim and the glue together.
/// `www/lianmap.js` stays the readable source. Without esbuild the script is copied as it is.
fn minify(from: &Path, to: &Path, keep_names: bool) -> Result<(), String> {
    let esbuild = root().join("xtask/minify/node_modules/.bin/esbuild");
    let minified = Command::new(&esbuild)
        .arg(from)
        .args(["--minify", "--format=esm", "--log-level=warning"])
        .args(keep_names.then_some("--keep-names"))
        .arg(format!("--outfile={}", to.display()))
        .status();
    match minified {
        Ok(status) if status.success() => Ok(()),
        outcome => {
            println!(
                "warning: {} was not minified ({}); copying it as it is",
                from.display(),
                match outcome {
                    Ok(status) => format!("esbuild: {status}"),
                    Err(e) => format!("{}: {e}", esbuild.display()),
                }
            );
            copy(from, to)
        }
    }
}

fn package_field(manifest: &str, key: &str) -> Option<String> {
    let mut in_package = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
            continue;
        }
        if !in_package {
            continue;
        }
        let Some((name, value)) = line.split_once('=') else {
            continue;
        };
        if name.trim() == key {
            return serde_json::from_str::<String>(value.trim()).ok();
        }
    }
    None
}

/// `dist/package.json`: the `lianmap` npm package (the files already in `dist/`).
fn package_json(manifest: &str, dist: &Path) -> Result<String, String> {
    let field = |key: &str| {
        package_field(manifest, key).ok_or_else(|| format!("Cargo.toml: no [package] {key}"))
    };
    let mut files: Vec<String> = std::fs::read_dir(dist)
        .map_err(|e| e.to_string())?
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            Some(if entry.path().is_dir() {
                format!("{name}/")
            } else {
                name
            })
        })
        .filter(|name| name != "package.json" && name != "README.md")
        .collect();
    files.sort();
    // Written by hand to keep the key order: the "types" condition must come before "default".
    let json = |value: &str| serde_json::Value::from(value).to_string();
    let list = |items: &[String]| {
        items
            .iter()
            .map(|item| json(item))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let types = dist.join("lianmap.d.ts").is_file();
    let (types_field, types_condition) = if types {
        (
            "  \"types\": \"./lianmap.d.ts\",\n",
            "\"types\": \"./lianmap.d.ts\", ",
        )
    } else {
        ("", "")
    };
    let keywords = [
        "industrial-chain",
        "heat-map",
        "custom-element",
        "web-component",
        "webassembly",
    ]
    .map(String::from);
    Ok(format!(
        r#"{{
  "name": "lianmap",
  "version": {version},
  "description": {description},
  "license": {license},
  "keywords": [{keywords}],
  "type": "module",
  "main": "./lianmap.js",
{types_field}  "exports": {{
    ".": {{ {types_condition}"default": "./lianmap.js" }},
    "./lianmap_bg.wasm": "./lianmap_bg.wasm",
    "./package.json": "./package.json"
  }},
  "files": [{files}],
  "sideEffects": ["./lianmap.js"]
}}
"#,
        version = json(&field("version")?),
        description = json(&field("description")?),
        license = json(&field("license")?),
        keywords = list(&keywords),
        files = list(&files),
    ))
}

fn write(to: &Path, text: &str) -> Result<(), String> {
    write_bytes(to, text.as_bytes())
}

fn write_bytes(to: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(to, bytes).map_err(|e| format!("cannot write {}: {e}", to.display()))
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
    let load = page_load(dist)?;
    println!(
        "{:<28} {:>12} {:>12.1}  (lianmap.js, lianmap_core.js, lianmap_bg.wasm at gzip level 6; \
         {:.1} at level 9; goal {GOAL_KIB} KiB)",
        "what a page loads", "", load.level6, load.level9,
    );
    Ok(())
}

/// The size goal of everything a page loads for the widget, gzip KiB.
const GOAL_KIB: f64 = 300.0;
/// The size `cargo xtask test` refuses to exceed, gzip KiB: today's size and a little room, so
/// that the download can only shrink towards [`GOAL_KIB`] (BENCHMARKS.md, "Size"). Lower it
/// whenever the size falls.
pub const RATCHET_KIB: f64 = 298.0;

/// What a page loads for the widget, gzip KiB: the module, its glue and the WebAssembly (and any
/// wasm-bindgen snippets), each compressed on its own as a server would, at the level most
/// servers and tools use (6: `gzip`'s and zlib's default, Apache's, Node's) and at the best (9).
pub struct PageLoad {
    /// At gzip level 6, the larger of the two and the one the goal and the ratchet hold.
    pub level6: f64,
    /// At gzip level 9.
    pub level9: f64,
}

/// [`PageLoad`] of `dist/`.
pub fn page_load(dist: &Path) -> Result<PageLoad, String> {
    let mut files = Vec::new();
    collect(dist, dist, &mut files);
    let (mut level6, mut level9) = (0, 0);
    for name in files.iter().filter(|n| {
        matches!(
            n.as_str(),
            "lianmap.js" | "lianmap_core.js" | "lianmap_bg.wasm"
        ) || n.starts_with("snippets")
    }) {
        let bytes = std::fs::read(dist.join(name)).map_err(|e| e.to_string())?;
        for (level, total) in [(6, &mut level6), (9, &mut level9)] {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
            encoder.write_all(&bytes).map_err(|e| e.to_string())?;
            *total += encoder.finish().map_err(|e| e.to_string())?.len();
        }
    }
    Ok(PageLoad {
        level6: kib(level6),
        level9: kib(level9),
    })
}

/// Fails when what a page loads has grown past [`RATCHET_KIB`].
pub fn check_ratchet() -> Result<(), String> {
    let size = page_load(&root().join("dist"))?.level6;
    if size > RATCHET_KIB {
        return Err(format!(
            "dist/: a page loads {size:.1} KiB gzip, more than the {RATCHET_KIB} KiB allowed \
             (goal {GOAL_KIB} KiB; see BENCHMARKS.md, \"Size\", for where the bytes go)"
        ));
    }
    println!("dist/: a page loads {size:.1} KiB gzip (allowed {RATCHET_KIB}, goal {GOAL_KIB})");
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `dist/` builds with `-Zfmt-debug=none`, where `{:?}` writes nothing, so the code the
    /// module runs must not format with `Debug` (a message would lose its words). Test modules
    /// (what follows a file's first `#[cfg(test)]`) and the native-only command line are exempt.
    #[test]
    fn the_module_never_formats_with_debug() {
        fn visit(dir: &Path, found: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                let name = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default();
                if path.is_dir() {
                    if !matches!(name, "bin" | "schema") {
                        visit(&path, found);
                    }
                    continue;
                }
                if !name.ends_with(".rs") || matches!(name, "cli.rs" | "main.rs" | "schema.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let code = text.split("#[cfg(test)]").next().unwrap_or_default();
                for (n, line) in code.lines().enumerate() {
                    let debug = [":?}", ":#?}", "{:?", "{:#?"]
                        .iter()
                        .any(|p| line.contains(p));
                    if debug && !line.trim_start().starts_with("//") {
                        found.push(format!("{}:{}", path.display(), n + 1));
                    }
                }
            }
        }
        let mut found = Vec::new();
        visit(&root().join("src"), &mut found);
        assert!(
            found.is_empty(),
            "Debug formatting in code the module runs: {found:?}"
        );
    }

    #[test]
    fn a_page_loads_the_module_its_glue_and_the_wasm_only() {
        let dir = std::env::temp_dir().join(format!("lianmap-page-load-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let noise: Vec<u8> = (0..40_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 32) as u8
            })
            .collect();
        std::fs::write(dir.join("lianmap_bg.wasm"), &noise).unwrap();
        std::fs::write(dir.join("lianmap.js"), b"export {};").unwrap();
        std::fs::write(dir.join("lianmap.d.ts"), &noise).unwrap();
        std::fs::write(dir.join("package.json"), &noise).unwrap();
        let size = page_load(&dir).unwrap();
        // The wasm's 40,000 scrambled bytes barely compress; the types and package.json do not count.
        assert!(size.level6 > 35.0 && size.level6 < 45.0, "{}", size.level6);
        assert!(
            size.level9 <= size.level6,
            "{} {}",
            size.level9,
            size.level6
        );
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn package_json_is_json_with_types_first() {
        let dir = std::env::temp_dir().join(format!("lianmap-dist-test-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("snippets")).unwrap();
        for file in [
            "lianmap.js",
            "lianmap_core.js",
            "lianmap_bg.wasm",
            "lianmap.d.ts",
        ] {
            std::fs::write(dir.join(file), "").unwrap();
        }
        let manifest = "[workspace]\nversion = \"9\"\n\n[package]\nname = \"lianmap\"\nversion = \"1.2.3\"\n\
                        license = \"MIT OR Apache-2.0\"\ndescription = \"Maps \\\"quoted\\\"\"\n";
        let text = package_json(manifest, &dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["version"], "1.2.3");
        assert_eq!(value["description"], "Maps \"quoted\"");
        assert_eq!(value["exports"]["."]["types"], "./lianmap.d.ts");
        assert!(
            text.find("\"types\": \"./lianmap.d.ts\", \"default\"")
                .is_some()
        );
        assert_eq!(
            value["files"],
            serde_json::json!([
                "lianmap.d.ts",
                "lianmap.js",
                "lianmap_bg.wasm",
                "lianmap_core.js",
                "snippets/"
            ])
        );
    }
}
