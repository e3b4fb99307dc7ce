//! The element's events: bubbling, composed `CustomEvent`s on the host.

use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

use crate::analysis::Counts;
use crate::json::Object;
use crate::validate::Diagnostic;

/// `lianmap-ready`: `detail` has the counts of what is shown, and how many errors and warnings.
pub fn ready(host: &HtmlElement, counts: &Counts, errors: usize, warnings: usize) {
    let mut detail = String::new();
    let mut object = Object::new(&mut detail);
    counts.write_fields(&mut object);
    object
        .count("errors", errors)
        .count("warnings", warnings)
        .end();
    dispatch(host, "lianmap-ready", &detail);
}

/// `lianmap-error`: `detail.errors` is `[{ path, message, severity, hint?, line?, column? }]`.
pub fn error(host: &HtmlElement, errors: &[Diagnostic]) {
    let mut detail = String::new();
    Object::new(&mut detail).value("errors", errors).end();
    dispatch(host, "lianmap-error", &detail);
}

/// Dispatches `name` on `host` with `detail`, a JSON text.
fn dispatch(host: &HtmlElement, name: &str, detail: &str) {
    let detail = js_sys::JSON::parse(detail).unwrap_or(JsValue::NULL);
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
    let mut detail = String::new();
    Object::new(&mut detail)
        .str("id", id)
        .str("kind", kind)
        .end();
    dispatch(host, "lianmap-select", &detail);
}

/// `lianmap-select` when the selection was cleared: `detail` is `{ id: null, kind: null }`.
pub fn cleared(host: &HtmlElement) {
    dispatch(host, "lianmap-select", r#"{"id":null,"kind":null}"#);
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
