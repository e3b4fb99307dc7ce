//! The element's events: bubbling, composed `CustomEvent`s on the host.

use serde::Serialize;
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

use crate::analysis::Counts;
use crate::validate::Diagnostic;

/// `lianmap-ready`: `detail` has the counts of what is shown, and how many errors and warnings.
pub fn ready(host: &HtmlElement, counts: &Counts, errors: usize, warnings: usize) {
    #[derive(Serialize)]
    struct Detail<'a> {
        #[serde(flatten)]
        counts: &'a Counts,
        errors: usize,
        warnings: usize,
    }
    dispatch(
        host,
        "lianmap-ready",
        &Detail {
            counts,
            errors,
            warnings,
        },
    );
}

/// `lianmap-error`: `detail.errors` is `[{ path, message, severity, hint?, line?, column? }]`.
pub fn error(host: &HtmlElement, errors: &[Diagnostic]) {
    #[derive(Serialize)]
    struct Detail<'a> {
        errors: &'a [Diagnostic],
    }
    dispatch(host, "lianmap-error", &Detail { errors });
}

fn dispatch(host: &HtmlElement, name: &str, detail: &impl Serialize) {
    let detail = serde_json::to_string(detail)
        .ok()
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .unwrap_or(JsValue::NULL);
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}

/// `lianmap-select`: `detail` is `{ id, kind }`.
pub fn select(host: &HtmlElement, id: &str, kind: &str) {
    #[derive(Serialize)]
    struct Detail<'a> {
        id: &'a str,
        kind: &'a str,
    }
    dispatch(host, "lianmap-select", &Detail { id, kind });
}

/// `lianmap-select` when the selection was cleared: `detail` is `{ id: null, kind: null }`.
pub fn cleared(host: &HtmlElement) {
    #[derive(Serialize)]
    struct Detail {
        id: Option<()>,
        kind: Option<()>,
    }
    dispatch(
        host,
        "lianmap-select",
        &Detail {
            id: None,
            kind: None,
        },
    );
}

/// `lianmap-select` from an element inside the widget's shadow root (dispatched on its host).
pub fn select_from(inside: &web_sys::EventTarget, id: &str, kind: &str) {
    use wasm_bindgen::JsCast;
    let host = inside
        .dyn_ref::<web_sys::Node>()
        .map(|n| n.get_root_node())
        .and_then(|root| root.dyn_into::<web_sys::ShadowRoot>().ok())
        .and_then(|root| root.host().dyn_into::<HtmlElement>().ok());
    if let Some(host) = host {
        select(&host, id, kind);
    }
}
