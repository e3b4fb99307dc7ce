//! A small static file server for the demo and the end-to-end tests: `/dist/…` from `dist/`,
//! `/examples/…` from `examples/`, `/vendor/…` from the test packages (see [`VENDOR`]),
//! everything else from `www/`. Loopback only, GET and HEAD. Some paths get extra response
//! headers (see [`HEADERS`]), e.g. the strict Content-Security-Policy of the legacy-portal example.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::thread;

use crate::root;

/// Third-party scripts the examples load, served from the npm packages of the end-to-end tests
/// (`tests/e2e/node_modules`, installed by `cargo xtask test`, never committed or shipped).
const VENDOR: &[(&str, &str)] = &[(
    "/vendor/jquery.min.js",
    "tests/e2e/node_modules/jquery/dist/jquery.min.js",
)];

/// The strict policy a government portal sends: nothing from other origins, no inline script or
/// style, WebAssembly allowed.
const STRICT_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:";

/// Extra response headers for every path under a folder (a prefix ending in `/`).
const HEADERS: &[(&str, &str, &str)] = &[(
    "/examples/legacy-portal/",
    "Content-Security-Policy",
    STRICT_CSP,
)];

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
            &[],
            true,
        );
    }
    let raw_path = target.split(['?', '#']).next().unwrap_or("/");
    let path = percent_decode(raw_path);
    let with_body = method == "GET";
    // A folder without its trailing slash: redirect, so that the page's relative URLs resolve
    // inside the folder.
    if !path.ends_with('/') && locate(&path).is_some_and(|p| p.is_dir()) {
        return redirect(&mut stream, &format!("{raw_path}/"));
    }
    let extra = headers_for(&path);
    let not_found = |stream: &mut TcpStream| {
        respond(
            stream,
            "404 Not Found",
            "text/plain; charset=utf-8",
            b"not found\n",
            &extra,
            with_body,
        )
    };
    let Some(file) = resolve(&path) else {
        return not_found(&mut stream);
    };
    match std::fs::read(&file) {
        Ok(body) => respond(
            &mut stream,
            "200 OK",
            content_type(&file),
            &body,
            &extra,
            with_body,
        ),
        Err(_) => not_found(&mut stream),
    }
}

/// The extra headers of a URL path: those of every [`HEADERS`] folder it lies in.
fn headers_for(path: &str) -> Vec<(&'static str, &'static str)> {
    HEADERS
        .iter()
        .filter(|(prefix, _, _)| path.starts_with(prefix))
        .map(|&(_, name, value)| (name, value))
        .collect()
}

/// Maps a URL path to a file or folder, refusing anything that climbs out of its folder.
fn locate(path: &str) -> Option<PathBuf> {
    let root = root();
    if let Some(&(_, file)) = VENDOR.iter().find(|(url, _)| *url == path) {
        return Some(root.join(file));
    }
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
    Some(base.join(relative))
}

/// Maps a URL path to the file to send: a folder is sent as its `index.html`.
fn resolve(path: &str) -> Option<PathBuf> {
    let mut file = locate(path)?;
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

fn redirect(stream: &mut TcpStream, location: &str) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes())?;
    stream.flush()
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    kind: &str,
    body: &[u8],
    extra: &[(&str, &str)],
    with_body: bool,
) -> std::io::Result<()> {
    let extra: String = extra
        .iter()
        .map(|(name, value)| format!("{name}: {value}\r\n"))
        .collect();
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n{extra}Connection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if with_body {
        stream.write_all(body)?;
    }
    stream.flush()
}
