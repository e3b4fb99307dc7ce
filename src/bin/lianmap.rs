//! `lianmap`: validate, analyse and generate chain documents. See [`lianmap::cli`].

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    lianmap::cli::main()
}

/// The CLI is native only; on wasm32 this binary does nothing.
#[cfg(target_arch = "wasm32")]
fn main() {}
