//! A small static file server for the demo and the end-to-end tests: `/dist/…` from `dist/`,
//! `/examples/…` from `examples/`, everything else from `www/`. Loopback only, GET and HEAD.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::thread;

use crate::root;

/// Serves on `127.0.0.1:port` (or the next free port) until interrupted.
pub fn run(port: u16) -> Result<(), String> {
    generated_sample()?;
    let listener = (port..port.saturating_add(20))
        .find_map(|p| TcpListener::bind(("127.0.0.1", p)).ok())
        .ok_or_else(|| format!("no free port from {port}"))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    if !root().join("dist/lianmap.js").is_file() {
        println!("note: dist/ is not built yet; run `cargo xtask dist` (or `cargo xtask demo`)");
    }
    println!("Lianmap demo: http://127.0.0.1:{port}/   (Ctrl-C stops it)");
    accept(listener);
    Ok(())
}

/// Starts serving on an ephemeral port in the background; returns the port.
pub fn start() -> Result<u16, String> {
    generated_sample()?;
    let listener = TcpListener::bind(("127.0.0.1", 0)).map_err(|e| e.to_string())?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    thread::spawn(move || accept(listener));
    Ok(port)
}

/// The large demo chain (`www/large.html`): 3,000 links made by `lianmap generate`, written once
/// and not committed (it is 1.6 MB and always the same for the same seed).
fn generated_sample() -> Result<(), String> {
    let file = root().join("www/sample/generated-3000.json");
    if file.is_file() {
        return Ok(());
    }
    crate::step("generating www/sample/generated-3000.json (lianmap generate)");
    crate::run(
        std::process::Command::new("cargo")
            .args(["run", "--quiet", "--bin", "lianmap", "--", "generate"])
            .args([
                "--links",
                "3000",
                "--enterprises",
                "3000",
                "--seed",
                "1",
                "--out",
            ])
            .arg(&file),
    )
}

fn accept(listener: TcpListener) {
    for stream in listener.incoming().flatten() {
        thread::spawn(move || {
            let _ = handle(stream);
        });
    }
}

fn handle(mut stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain the headers.
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        line.clear();
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            b"method not allowed\n",
            true,
        );
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let Some(file) = resolve(&percent_decode(path)) else {
        return respond(
            &mut stream,
            "404 Not Found",
            "text/plain; charset=utf-8",
            b"not found\n",
            method == "GET",
        );
    };
    match std::fs::read(&file) {
        Ok(body) => respond(
            &mut stream,
            "200 OK",
            content_type(&file),
            &body,
            method == "GET",
        ),
        Err(_) => respond(
            &mut stream,
            "404 Not Found",
            "text/plain; charset=utf-8",
            b"not found\n",
            method == "GET",
        ),
    }
}

/// Maps a URL path to a file, refusing anything that climbs out of its folder.
fn resolve(path: &str) -> Option<PathBuf> {
    let root = root();
    let (base, rest) = if let Some(rest) = path.strip_prefix("/dist/") {
        (root.join("dist"), rest)
    } else if let Some(rest) = path.strip_prefix("/examples/") {
        (root.join("examples"), rest)
    } else {
        (root.join("www"), path.trim_start_matches('/'))
    };
    let relative = Path::new(rest);
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let mut file = base.join(relative);
    if file.is_dir() {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes.get(i), hex) {
            (Some(b'%'), Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (Some(byte), _) => {
                out.push(*byte);
                i += 1;
            }
            (None, _) => break,
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "geojson" | "map" => "application/json; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "ts" | "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    kind: &str,
    body: &[u8],
    with_body: bool,
) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if with_body {
        stream.write_all(body)?;
    }
    stream.flush()
}
