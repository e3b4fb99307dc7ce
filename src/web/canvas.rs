//! Canvas 2D painting of a laid-out chain, used by `exportPng()` (and the seed of the canvas
//! renderer for large chains). Nothing is loaded from a URL, so it works under a strict CSP.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::analysis::Stats;
use crate::layout::{Layout, NodeKind};
use crate::render::{GapStyle, gap_style, gaps_by_id};

const FONT: &str = "system-ui, -apple-system, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif";

/// Paints `layout` at `scale` device pixels per layout unit on a white background.
pub fn paint(
    ctx: &CanvasRenderingContext2d,
    layout: &Layout,
    stats: Option<&Stats>,
    scale: f64,
) -> Result<(), JsValue> {
    ctx.set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0)?;
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, layout.width, layout.height);
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    for n in layout.nodes.iter().filter(|n| n.kind == NodeKind::Stage) {
        ctx.set_fill_style_str("#eef2f7");
        ctx.begin_path();
        rounded(
            ctx,
            n.x - n.width / 2.0,
            n.y - n.height / 2.0,
            n.width,
            n.height,
            8.0,
        );
        ctx.fill();
        ctx.set_fill_style_str("#52606d");
        ctx.set_font(&format!("600 13px {FONT}"));
        ctx.fill_text(&n.label.join(" "), n.x, n.y - n.height / 2.0 + 14.0)?;
    }
    ctx.set_line_width(1.3);
    for e in &layout.edges {
        ctx.set_stroke_style_str(if e.back { "#9aa5b1" } else { "#7b8794" });
        dash(ctx, if e.back { &[6.0, 4.0] } else { &[] })?;
        ctx.begin_path();
        for (i, p) in e.points.iter().enumerate() {
            if i == 0 {
                ctx.move_to(p[0], p[1])
            } else {
                ctx.line_to(p[0], p[1])
            }
        }
        ctx.stroke();
        if let [.., a, b] = e.points.as_slice() {
            ctx.begin_path();
            arrow(ctx, *a, *b);
            ctx.set_fill_style_str("#7b8794");
            ctx.fill();
        }
    }
    dash(ctx, &[])?;
    let line_px = 13.0 * 1.35;
    let gaps = gaps_by_id(stats);
    for n in layout.nodes.iter().filter(|n| n.kind == NodeKind::Link) {
        let GapStyle {
            fill,
            stroke,
            dash: pattern,
            symbol,
        } = gap_style(gaps.get(&n.id));
        let (x, y) = (n.x - n.width / 2.0, n.y - n.height / 2.0);
        ctx.begin_path();
        rounded(ctx, x, y, n.width, n.height, 5.0);
        ctx.set_fill_style_str(fill);
        ctx.fill();
        ctx.set_stroke_style_str(stroke);
        ctx.set_line_width(1.4);
        dash(ctx, pattern)?;
        ctx.stroke();
        dash(ctx, &[])?;
        ctx.set_fill_style_str("#1f2933");
        ctx.set_font(&format!("13px {FONT}"));
        let first = n.y - (n.label.len() as f64 - 1.0) * line_px / 2.0;
        for (i, line) in n.label.iter().enumerate() {
            ctx.fill_text(line, n.x, first + i as f64 * line_px)?;
        }
        if !symbol.is_empty() {
            ctx.set_fill_style_str(stroke);
            ctx.set_font(&format!("10px {FONT}"));
            ctx.fill_text(symbol, x + n.width - 1.0, y + 1.0)?;
        }
    }
    Ok(())
}

/// Sets the line dash pattern (empty: solid).
pub(super) fn dash(ctx: &CanvasRenderingContext2d, pattern: &[f64]) -> Result<(), JsValue> {
    let array = js_sys::Array::new();
    for v in pattern {
        array.push(&JsValue::from_f64(*v));
    }
    ctx.set_line_dash(&array)
}

/// Adds a rounded rectangle to the current path (callers batch many into one fill).
pub(super) fn rounded(ctx: &CanvasRenderingContext2d, x: f64, y: f64, w: f64, h: f64, r: f64) {
    let r = r.min(w / 2.0).min(h / 2.0);
    ctx.move_to(x + r, y);
    let _ = ctx.arc_to(x + w, y, x + w, y + h, r);
    let _ = ctx.arc_to(x + w, y + h, x, y + h, r);
    let _ = ctx.arc_to(x, y + h, x, y, r);
    let _ = ctx.arc_to(x, y, x + w, y, r);
    ctx.close_path();
}

/// Adds an arrowhead at `to`, pointing from `from`, to the current path.
pub(super) fn arrow(ctx: &CanvasRenderingContext2d, from: [f64; 2], to: [f64; 2]) {
    let (dx, dy) = (to[0] - from[0], to[1] - from[1]);
    let len = dx.hypot(dy);
    if len < 1e-6 {
        return;
    }
    let (ux, uy) = (dx / len, dy / len);
    let (size, half) = (7.0, 3.5);
    ctx.move_to(to[0], to[1]);
    ctx.line_to(to[0] - ux * size - uy * half, to[1] - uy * size + ux * half);
    ctx.line_to(to[0] - ux * size + uy * half, to[1] - uy * size - ux * half);
    ctx.close_path();
}

/// The chain painted on a new canvas at 2 device px per layout unit.
pub fn chain_canvas(layout: &Layout, stats: Option<&Stats>) -> Result<HtmlCanvasElement, JsValue> {
    let canvas = new_canvas(
        (layout.width * 2.0).ceil().max(1.0) as u32,
        (layout.height * 2.0).ceil().max(1.0) as u32,
    )?;
    let ctx = context(&canvas)?;
    paint(&ctx, layout, stats, 2.0)?;
    Ok(canvas)
}

/// A new, detached canvas of `width × height` device px.
pub fn new_canvas(width: u32, height: u32) -> Result<HtmlCanvasElement, JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let canvas: HtmlCanvasElement = document.create_element("canvas")?.dyn_into()?;
    canvas.set_width(width.max(1));
    canvas.set_height(height.max(1));
    Ok(canvas)
}

/// The 2D context of `canvas`.
pub fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsValue> {
    canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("no 2d context"))?
        .dyn_into()
        .map_err(JsValue::from)
}

/// Canvases side by side on white, `gap` device px apart, as one new canvas.
pub fn side_by_side(parts: &[&HtmlCanvasElement], gap: u32) -> Result<HtmlCanvasElement, JsValue> {
    let width =
        parts.iter().map(|c| c.width()).sum::<u32>() + gap * (parts.len().saturating_sub(1)) as u32;
    let height = parts.iter().map(|c| c.height()).max().unwrap_or(1);
    let canvas = new_canvas(width, height)?;
    let ctx = context(&canvas)?;
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, f64::from(width), f64::from(height));
    let mut x = 0.0;
    for part in parts {
        ctx.draw_image_with_html_canvas_element(part, x, 0.0)?;
        x += f64::from(part.width() + gap);
    }
    Ok(canvas)
}

/// A Promise of `canvas` as a PNG Blob.
pub fn to_png(canvas: &HtmlCanvasElement) -> js_sys::Promise {
    js_sys::Promise::new(&mut |resolve, reject| {
        let reject_later = reject.clone();
        let done = wasm_bindgen::closure::Closure::once_into_js(move |blob: JsValue| {
            if blob.is_null() {
                let _ = reject_later.call1(
                    &JsValue::NULL,
                    &JsValue::from_str("the PNG could not be made"),
                );
            } else {
                let _ = resolve.call1(&JsValue::NULL, &blob);
            }
        });
        if let Err(e) = canvas.to_blob_with_type(done.unchecked_ref(), "image/png") {
            let _ = reject.call1(&JsValue::NULL, &e);
        }
    })
}
