//! Writes the widget's stylesheet without comments and extra white space into `OUT_DIR`, where
//! `src/web/mod.rs` includes it.

#[path = "src/minify_css.rs"]
mod minify_css;

fn main() {
    let source = "src/web/lianmap.css";
    println!("cargo:rerun-if-changed={source}");
    println!("cargo:rerun-if-changed=src/minify_css.rs");
    let css = match std::fs::read_to_string(source) {
        Ok(css) => css,
        Err(e) => panic!("{source}: {e}"),
    };
    let Some(out) = std::env::var_os("OUT_DIR") else {
        panic!("cargo sets OUT_DIR for build scripts");
    };
    let to = std::path::Path::new(&out).join("lianmap.min.css");
    if let Err(e) = std::fs::write(&to, minify_css::minify_css(&css)) {
        panic!("{}: {e}", to.display());
    }
}
