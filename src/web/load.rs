//! Fetching the document named by `src`: only http(s), only that URL.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestInit, Response};

use crate::validate::{Diagnostic, quote};

/// `src` resolved against the page, if it is an http(s) URL.
pub fn http_url(src: &str) -> Option<String> {
    let document = web_sys::window()?.document()?;
    let base = document.base_uri().ok().flatten().unwrap_or_default();
    let url = web_sys::Url::new_with_base(src, &base).ok()?;
    matches!(url.protocol().as_str(), "http:" | "https:").then(|| url.href())
}

/// Fetches `src` (resolved against the page) and returns its text, or a diagnostic saying why not.
pub async fn fetch_text(src: &str) -> Result<String, Diagnostic> {
    let window =
        web_sys::window().ok_or_else(|| Diagnostic::error("$", "no window to load from"))?;
    let base = window
        .document()
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_default();
    let url = web_sys::Url::new_with_base(src, &base)
        .map_err(|_| Diagnostic::error("$", format!("src {} is not a valid URL", quote(src))))?;
    if !matches!(url.protocol().as_str(), "http:" | "https:") {
        return Err(Diagnostic::error(
            "$",
            format!("src {}: only http and https URLs are loaded", quote(src)),
        ));
    }
    let href = url.href();
    let init = RequestInit::new();
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    let response = JsFuture::from(window.fetch_with_str_and_init(&href, &init))
        .await
        .map_err(|e| Diagnostic::error("$", format!("could not load {href}: {}", describe(&e))))?;
    let response: Response = response
        .dyn_into()
        .map_err(|_| Diagnostic::error("$", format!("could not load {href}: no response")))?;
    if !response.ok() {
        let status = response.status();
        let text = response.status_text();
        return Err(Diagnostic::error(
            "$",
            format!("could not load {href}: HTTP {status} {text}")
                .trim_end()
                .to_owned(),
        ));
    }
    let text = response
        .text()
        .map_err(|e| Diagnostic::error("$", format!("could not read {href}: {}", describe(&e))))?;
    let text = JsFuture::from(text)
        .await
        .map_err(|e| Diagnostic::error("$", format!("could not read {href}: {}", describe(&e))))?;
    text.as_string()
        .ok_or_else(|| Diagnostic::error("$", format!("{href} is not text")))
}

/// A JavaScript error as text.
pub fn describe(error: &JsValue) -> String {
    if let Some(e) = error.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    error.as_string().unwrap_or_else(|| "unknown error".into())
}
