//! What the two canvas views (the chain and the heat map) share: the view transform, the pixels
//! of the last full frame that pan and zoom frames move, the size watcher and the tooltip.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// Drawing units → CSS px: `screen = p · k + (tx, ty)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    /// CSS px per drawing unit.
    pub k: f64,
    /// Horizontal offset, CSS px.
    pub tx: f64,
    /// Vertical offset, CSS px.
    pub ty: f64,
}

impl View {
    /// The drawing point under a screen point.
    pub fn to_drawing(self, sx: f64, sy: f64) -> [f64; 2] {
        [(sx - self.tx) / self.k, (sy - self.ty) / self.k]
    }

    /// The screen point of a drawing point.
    pub fn to_screen(self, p: [f64; 2]) -> [f64; 2] {
        [p[0] * self.k + self.tx, p[1] * self.k + self.ty]
    }
}

/// Copies `canvas`'s pixels into `slot` (made or remade to its size) and records `view` as what
/// they show; empties `slot` when the copy cannot be made.
pub fn keep_snapshot(
    canvas: &HtmlCanvasElement,
    slot: &mut Option<(HtmlCanvasElement, View)>,
    view: View,
) {
    let (w, h) = (canvas.width(), canvas.height());
    let fits = slot
        .as_ref()
        .is_some_and(|(c, _)| c.width() == w && c.height() == h);
    if !fits {
        *slot = canvas
            .owner_document()
            .and_then(|d| d.create_element("canvas").ok())
            .and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok())
            .map(|c| {
                c.set_width(w);
                c.set_height(h);
                (c, view)
            });
    }
    let Some((copy, shown)) = slot else {
        return;
    };
    let drawn = copy
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        .map(|c| {
            c.clear_rect(0.0, 0.0, f64::from(w), f64::from(h));
            c.draw_image_with_html_canvas_element(canvas, 0.0, 0.0)
        });
    if matches!(drawn, Some(Ok(()))) {
        *shown = view;
    } else {
        *slot = None;
    }
}

/// Calls `on_resize` whenever `canvas` changes size.
pub fn observe_resize(canvas: &HtmlCanvasElement, on_resize: impl FnMut() + 'static) {
    let callback = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(on_resize);
    if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        observer.observe(canvas);
    }
    // The closure lives as long as the observer can call it; the JS engine collects both with
    // the canvas.
    callback.forget();
}

/// Shows the tooltip `tip` with `text` beside the pointer at (x, y) (CSS px in its container).
pub fn show_tip(tip: NodeRef<leptos::html::Div>, text: &str, x: f64, y: f64) {
    let Some(tip) = tip.try_get_untracked().flatten() else {
        return;
    };
    tip.set_text_content(Some(text));
    // CSSOM, not a style attribute: allowed under a strict style-src.
    let style = web_sys::HtmlElement::style(&tip);
    let _ = style.set_property("left", &format!("{:.0}px", x + 14.0));
    let _ = style.set_property("top", &format!("{:.0}px", y + 14.0));
    tip.set_hidden(false);
}

/// Hides the tooltip `tip`.
pub fn hide_tip(tip: NodeRef<leptos::html::Div>) {
    if let Some(tip) = tip.try_get_untracked().flatten() {
        tip.set_hidden(true);
    }
}
