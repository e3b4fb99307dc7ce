//! The chain map on a canvas, for chains too large for one SVG element per link.
//!
//! Each frame draws only what the [`Scene`]'s spatial index finds in view, at the level of detail
//! the zoom allows ([`Detail`]): labels only when legible, curves and decorations only when
//! visible. When the view holds more than [`LIVE_BUDGET`] items it shows a cached bitmap of the
//! whole drawing instead (redrawn only when the selection, filter or layout changes), so a frame
//! of panning costs one `drawImage`. A minimap shows where the view is in large drawings.
//!
//! Keyboard: the canvas takes focus; arrow keys move an active link along flows and within its
//! layer (its name is announced in a live region), Enter selects it, Escape clears, `+`/`-`/`0`
//! zoom and fit, Shift+arrows pan. The table view stays one click away for screen readers.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::canvas::{arrow, dash, rounded};
use super::erase::{effect, effect_with, handler, next_frame, timeout, tr};
use super::surface::{
    Motion, Pointers, View, Watch, blit_moving, custom_properties, hide_tip, keep_snapshot,
    local_point, resize_backing, show_tip, wheel_factor,
};
use super::{AppState, Loaded, events};
use crate::i18n::{self, Msg};
use crate::layout::{Layout, NodeKind};
use crate::model::GapClass;
use crate::render::fan::{FAN_RADIUS, FAN_STEP, FanMark, enterprise_fan};
use crate::render::gap_style;
use crate::render::scene::{Detail, Piece, Scene, Step};

/// Above this many visible items (boxes plus edges) a frame shows the cached whole drawing.
const LIVE_BUDGET: usize = 6_000;
/// Longest side of the cached whole drawing, in device pixels.
const OVERVIEW_PX: f64 = 2_048.0;
/// Label font size in layout units (the layout measures labels at 13 px).
const FONT_PX: f64 = 13.0;
const FONT: &str = "system-ui, -apple-system, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif";
/// A pan or zoom that paused this long gets a full frame.
const SETTLE_MS: u64 = 120;
/// Size of the minimap, in CSS px.
const MINI: (f64, f64) = (168.0, 112.0);

/// Colours read from the widget's CSS custom properties (so themes apply to the canvas too).
struct Palette {
    fg: String,
    edge: String,
    accent: String,
    focus: String,
    stage: String,
    muted: String,
    bg: String,
    /// Fill and outline of the link boxes of each gap class (without a class: the defaults).
    strong: (String, String),
    weak: (String, String),
    missing: (String, String),
}

impl Palette {
    fn read(element: &web_sys::Element) -> Palette {
        let get = custom_properties(element);
        // As the SVG view's `.lm-gap-*` rules: the theme's outlines and the host's fills.
        let gap = |class: GapClass, fill: &str, stroke: &str| {
            let default = gap_style(Some(class));
            (get(fill, default.fill), get(stroke, default.stroke))
        };
        Palette {
            // Labels sit on the light gap fills in every theme (as in the SVG view).
            fg: "#1f2933".to_owned(),
            edge: get("--lianmap-edge", "#7b8794"),
            accent: get("--lm-accent", "#0b5cad"),
            focus: get("--lm-focus", "#0b5cad"),
            stage: get("--lianmap-stage-bg", "rgba(11, 92, 173, 0.06)"),
            muted: get("--lm-muted", "#52606d"),
            bg: get("--lm-bg", "#ffffff"),
            strong: gap(GapClass::Strong, "--lianmap-strong-bg", "--lm-strong"),
            weak: gap(GapClass::Weak, "--lianmap-weak-bg", "--lm-weak"),
            missing: gap(GapClass::Missing, "--lianmap-missing-bg", "--lm-missing"),
        }
    }

    /// Fill and outline of a link box of this gap class.
    fn gap(&self, class: Option<GapClass>) -> (&str, &str) {
        let (fill, stroke) = match class {
            None => {
                let default = gap_style(None);
                return (default.fill, default.stroke);
            }
            Some(GapClass::Strong) => &self.strong,
            Some(GapClass::Weak) => &self.weak,
            Some(GapClass::Missing) => &self.missing,
        };
        (fill, stroke)
    }
}

/// Everything a frame needs; shared by the event handlers through `Rc<RefCell<…>>`.
struct Painter {
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    mini: Option<(HtmlCanvasElement, CanvasRenderingContext2d)>,
    scene: Arc<Scene>,
    /// Per node (index into the layout's nodes): gap class and local enterprise count.
    gap: Vec<Option<GapClass>>,
    local: Vec<usize>,
    view: View,
    /// Canvas size in CSS px, and device pixels per CSS px.
    size: (f64, f64),
    dpr: f64,
    lit: Option<Vec<bool>>,
    passing: Option<Vec<bool>>,
    selected: Option<usize>,
    active: Option<usize>,
    focused: bool,
    /// The whole drawing at `overview.1` CSS px per unit, drawn once per change of content.
    overview: Option<(HtmlCanvasElement, f64)>,
    pending: bool,
    /// The minimap waits for the whole-drawing cache, made after the frame that needed it.
    minimap_due: bool,
    /// A pan or zoom is under way: frames move the last full frame's pixels instead of drawing,
    /// and a full frame follows once the gesture has paused for [`SETTLE_MS`].
    moving: bool,
    /// The last full frame's pixels and the view they show.
    snapshot: Option<(HtmlCanvasElement, View)>,
    /// Bumped by every moving frame, so only the last one's settle timer draws.
    settle: u32,
    palette: Palette,
    nodes: Vec<usize>,
    pieces: Vec<Piece>,
    /// The selected link's enterprises fanned out beside it, with their names.
    fan: Vec<(FanMark, String)>,
    fan_more: usize,
    /// The first view waits for the canvas to be laid out (a host's hidden tab or dialog).
    first_due: bool,
    /// Redraws when the canvas changes size.
    watch: Option<Watch>,
}

type Shared = Rc<RefCell<Painter>>;

impl Painter {
    /// Asks for a frame (several requests before it comes make one frame).
    fn schedule(shared: &Shared) {
        let Ok(mut p) = shared.try_borrow_mut() else {
            return;
        };
        if p.pending {
            return;
        }
        p.pending = true;
        let again = shared.clone();
        next_frame(move || {
            let (due, settle) = match again.try_borrow_mut() {
                Ok(mut p) => {
                    p.pending = false;
                    let _ = p.frame();
                    let settle = p.moving.then(|| {
                        p.settle = p.settle.wrapping_add(1);
                        p.settle
                    });
                    (std::mem::take(&mut p.minimap_due), settle)
                }
                Err(_) => (false, None),
            };
            if let Some(generation) = settle {
                let later = again.clone();
                timeout(
                    move || {
                        let Ok(mut p) = later.try_borrow_mut() else {
                            return;
                        };
                        if p.settle == generation && p.moving {
                            p.moving = false;
                            drop(p);
                            Painter::schedule(&later);
                        }
                    },
                    std::time::Duration::from_millis(SETTLE_MS),
                );
            }
            if due {
                // After this frame is on screen: cache the whole drawing, then draw the minimap.
                let later = again.clone();
                timeout(
                    move || {
                        if let Ok(mut p) = later.try_borrow_mut() {
                            if p.overview.is_none() {
                                p.overview = p.render_overview().ok();
                            }
                            let _ = p.draw_minimap();
                        }
                    },
                    std::time::Duration::from_millis(30),
                );
            }
        });
    }

    /// Resizes the backing store to the element's size; true when it changed.
    fn measure(&mut self) -> bool {
        resize_backing(&self.canvas, &mut self.size, &mut self.dpr)
    }

    /// The whole drawing centred in view.
    fn fit(&mut self) {
        if self.size == (0.0, 0.0) {
            return; // not laid out: the first view is chosen when it is
        }
        let l = &self.scene.layout;
        let k = (self.size.0 / l.width.max(1.0))
            .min(self.size.1 / l.height.max(1.0))
            .min(2.0);
        self.view = View {
            k,
            tx: (self.size.0 - l.width * k) / 2.0,
            ty: (self.size.1 - l.height * k) / 2.0,
        };
    }

    /// The first view: the whole drawing when its labels stay legible; else the drawing's full
    /// width (the whole chain from upstream to downstream) at no more than 1:1 and no less than
    /// a quarter, where boxes and flows still read as such, centred on the median link across
    /// the flow (where most of the chain is).
    fn first_view(&mut self) {
        self.first_due = self.size == (0.0, 0.0);
        if self.first_due {
            return;
        }
        self.fit();
        if self.view.k < 0.8 {
            let l = &self.scene.layout;
            let k = (self.size.0 / l.width.max(1.0)).clamp(0.25, 1.0);
            let tx = ((self.size.0 - l.width * k) / 2.0).max(0.0);
            let mut ys: Vec<f64> = self
                .scene
                .links
                .iter()
                .filter_map(|&i| l.nodes.get(i).map(|n| n.y))
                .collect();
            ys.sort_unstable_by(f64::total_cmp);
            let mid = ys.get(ys.len() / 2).copied().unwrap_or(0.0);
            let ty = (self.size.1 / 2.0 - mid * k).min(0.0);
            self.view = View { k, tx, ty };
        }
    }

    /// Zoom limits: half the scale that fits the whole drawing, and 8:1.
    fn zoom_range(&self) -> (f64, f64) {
        let l = &self.scene.layout;
        let fit = (self.size.0 / l.width.max(1.0)).min(self.size.1 / l.height.max(1.0));
        ((fit / 2.0).min(0.5), 8.0)
    }

    fn zoom_at(&mut self, factor: f64, sx: f64, sy: f64) {
        let [x, y] = self.view.to_drawing(sx, sy);
        let (lo, hi) = self.zoom_range();
        let k = (self.view.k * factor).clamp(lo, hi);
        self.view = View {
            k,
            tx: sx - x * k,
            ty: sy - y * k,
        };
    }

    /// Pans so that node `i` is in view (centred when it was outside).
    fn reveal(&mut self, i: usize) {
        if self.first_due {
            return;
        }
        let Some(n) = self.scene.layout.nodes.get(i) else {
            return;
        };
        let (sx, sy) = (
            n.x * self.view.k + self.view.tx,
            n.y * self.view.k + self.view.ty,
        );
        let margin = 24.0;
        if sx < margin || sy < margin || sx > self.size.0 - margin || sy > self.size.1 - margin {
            self.view.tx = self.size.0 / 2.0 - n.x * self.view.k;
            self.view.ty = self.size.1 / 2.0 - n.y * self.view.k;
        }
    }

    fn frame(&mut self) -> Result<(), JsValue> {
        let resized = self.measure();
        if self.size == (0.0, 0.0) {
            return Ok(()); // not laid out yet (hidden): drawn when it is
        }
        if resized && self.first_due {
            self.first_view();
            if let Some(i) = self.selected {
                self.reveal(i);
            }
        }
        let ctx = self.ctx.clone();
        let View { k, tx, ty } = self.view;
        let dpr = self.dpr;
        if self.moving
            && !resized
            && let Some(snapshot) = &self.snapshot
        {
            blit_moving(
                &ctx,
                &self.canvas,
                &self.palette.bg,
                snapshot,
                self.view,
                dpr,
            )?;
            return self.draw_minimap();
        }
        ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0)?;
        ctx.set_fill_style_str(&self.palette.bg);
        ctx.fill_rect(0.0, 0.0, self.size.0, self.size.1);
        let [x0, y0] = self.view.to_drawing(0.0, 0.0);
        let [x1, y1] = self.view.to_drawing(self.size.0, self.size.1);
        let scene = self.scene.clone();
        let mut nodes = std::mem::take(&mut self.nodes);
        let mut pieces = std::mem::take(&mut self.pieces);
        scene.visible_pieces([x0, y0, x1, y1], &mut nodes, &mut pieces);
        let crowded = nodes.len() + pieces.len() > LIVE_BUDGET;
        if crowded {
            if self.overview.is_none() {
                self.overview = self.render_overview().ok();
            }
            if let Some((image, d)) = &self.overview {
                // The cached bitmap holds `d` device px per unit: scale it to `dpr · k`.
                ctx.set_transform(dpr * k / d, 0.0, 0.0, dpr * k / d, dpr * tx, dpr * ty)?;
                ctx.set_image_smoothing_enabled(true);
                ctx.draw_image_with_html_canvas_element(image, 0.0, 0.0)?;
            }
        } else {
            ctx.set_transform(dpr * k, 0.0, 0.0, dpr * k, dpr * tx, dpr * ty)?;
            self.draw(&ctx, &nodes, &pieces, k)?;
        }
        // Selection and keyboard focus always drawn crisp on top.
        ctx.set_transform(dpr * k, 0.0, 0.0, dpr * k, dpr * tx, dpr * ty)?;
        for (i, colour, width) in [
            (self.selected, &self.palette.accent, 3.0),
            (
                self.active.filter(|_| self.focused),
                &self.palette.focus,
                3.5,
            ),
        ] {
            if let Some(n) = i.and_then(|i| scene.layout.nodes.get(i)) {
                ctx.set_stroke_style_str(colour);
                ctx.set_line_width(width / k.max(0.35));
                ctx.stroke_rect(
                    n.x - n.width / 2.0 - 2.0,
                    n.y - n.height / 2.0 - 2.0,
                    n.width + 4.0,
                    n.height + 4.0,
                );
            }
        }
        self.draw_fan(&ctx, k)?;
        self.nodes = nodes;
        self.pieces = pieces;
        self.take_snapshot();
        self.draw_minimap()
    }

    /// Keeps this frame's pixels for the moving frames of the next pan or zoom.
    fn take_snapshot(&mut self) {
        keep_snapshot(&self.canvas, &mut self.snapshot, self.view);
    }

    /// Draws the given boxes and edges at the current transform.
    fn draw(
        &self,
        ctx: &CanvasRenderingContext2d,
        nodes: &[usize],
        pieces: &[Piece],
        k: f64,
    ) -> Result<(), JsValue> {
        let layout = &self.scene.layout;
        let detail = Detail::at(k, FONT_PX);
        // Stage bands.
        ctx.set_text_align("center");
        ctx.set_text_baseline("middle");
        for n in layout.nodes.iter().filter(|n| n.kind == NodeKind::Stage) {
            ctx.set_fill_style_str(&self.palette.stage);
            ctx.fill_rect(n.x - n.width / 2.0, n.y - n.height / 2.0, n.width, n.height);
            if detail.labels {
                ctx.set_fill_style_str(&self.palette.muted);
                ctx.set_font(&format!("600 {}px {FONT}", crate::num::Short(FONT_PX)));
                ctx.fill_text(&n.label.join(" "), n.x, n.y - n.height / 2.0 + 14.0)?;
            }
        }
        // Edges in four batches: dimmed, plain, back (dashed), lit; one stroke each.
        let state = |k: usize| -> u8 {
            let Some((a, b)) = self.scene.ends(k) else {
                return 0;
            };
            let on = |i: usize| self.lit.as_ref().is_none_or(|l| l.get(i) == Some(&true));
            let pass = |i: usize| {
                self.passing
                    .as_ref()
                    .is_none_or(|p| p.get(i) == Some(&true))
            };
            if !(pass(a) && pass(b) && on(a) && on(b)) {
                0
            } else if self.lit.is_some() {
                3
            } else if layout.edges.get(k).is_some_and(|e| e.back) {
                2
            } else {
                1
            }
        };
        // 1.3 units wide, but never thinner than 0.6 CSS px on screen.
        let line = 1.3f64.max(0.6 / k.max(1e-6));
        for batch in 0..4u8 {
            ctx.begin_path();
            let mut any = false;
            for &(e, first, last) in pieces {
                if state(e as usize) != batch {
                    continue;
                }
                let Some(points) = layout
                    .edges
                    .get(e as usize)
                    .and_then(|edge| edge.points.get(first as usize..=last as usize))
                else {
                    continue;
                };
                trace(ctx, points, detail.curves);
                any = true;
            }
            if !any {
                continue;
            }
            ctx.set_global_alpha(if batch == 0 { 0.15 } else { 1.0 });
            ctx.set_stroke_style_str(if batch == 3 {
                &self.palette.accent
            } else {
                &self.palette.edge
            });
            ctx.set_line_width(if batch == 3 { line * 1.7 } else { line });
            dash(
                ctx,
                if batch == 2 && detail.decorations {
                    &[6.0, 4.0]
                } else {
                    &[]
                },
            )?;
            ctx.stroke();
        }
        dash(ctx, &[])?;
        ctx.set_global_alpha(1.0);
        if detail.decorations {
            ctx.set_fill_style_str(&self.palette.edge);
            ctx.begin_path();
            for &(e, _, last) in pieces {
                let Some(points) = layout.edges.get(e as usize).map(|e| e.points.as_slice()) else {
                    continue;
                };
                if last as usize + 1 == points.len()
                    && let [.., a, b] = points
                {
                    arrow(ctx, *a, *b);
                }
            }
            ctx.fill();
        }
        // Boxes: dimmed or filtered first at low alpha, then the rest.
        let dimmed = |i: usize| {
            self.passing
                .as_ref()
                .is_some_and(|p| p.get(i) != Some(&true))
                || self.lit.as_ref().is_some_and(|l| l.get(i) != Some(&true))
        };
        for faint in [true, false] {
            ctx.set_global_alpha(if faint { 0.2 } else { 1.0 });
            for class in [
                None,
                Some(GapClass::Strong),
                Some(GapClass::Weak),
                Some(GapClass::Missing),
            ] {
                let pattern = gap_style(class).dash;
                let (fill, stroke) = self.palette.gap(class);
                ctx.begin_path();
                let mut any = false;
                for &i in nodes {
                    if dimmed(i) != faint || self.gap.get(i).copied().flatten() != class {
                        continue;
                    }
                    let Some(n) = layout.nodes.get(i) else {
                        continue;
                    };
                    let (x, y) = (n.x - n.width / 2.0, n.y - n.height / 2.0);
                    if detail.decorations {
                        rounded(ctx, x, y, n.width, n.height, 5.0);
                    } else {
                        ctx.rect(x, y, n.width, n.height);
                    }
                    any = true;
                }
                if !any {
                    continue;
                }
                ctx.set_fill_style_str(fill);
                ctx.fill();
                if detail.decorations {
                    ctx.set_stroke_style_str(stroke);
                    ctx.set_line_width(1.4);
                    dash(ctx, pattern)?;
                    ctx.stroke();
                }
            }
            dash(ctx, &[])?;
            if !detail.labels {
                continue;
            }
            let line_px = FONT_PX * 1.35;
            ctx.set_font(&format!("{}px {FONT}", crate::num::Short(FONT_PX)));
            ctx.set_fill_style_str(&self.palette.fg);
            for &i in nodes {
                if dimmed(i) != faint {
                    continue;
                }
                let Some(n) = layout.nodes.get(i) else {
                    continue;
                };
                let first = n.y - (n.label.len() as f64 - 1.0) * line_px / 2.0;
                for (j, text) in n.label.iter().enumerate() {
                    ctx.fill_text(text, n.x, first + j as f64 * line_px)?;
                }
            }
            // Gap symbols (shape as well as colour) and local enterprise counts.
            ctx.set_font(&format!("10px {FONT}"));
            for &i in nodes {
                if dimmed(i) != faint {
                    continue;
                }
                let Some(n) = layout.nodes.get(i) else {
                    continue;
                };
                let class = self.gap.get(i).copied().flatten();
                let symbol = gap_style(class).symbol;
                let (x, y) = (n.x - n.width / 2.0, n.y - n.height / 2.0);
                if !symbol.is_empty() {
                    ctx.set_fill_style_str(self.palette.gap(class).1);
                    ctx.fill_text(symbol, x + n.width - 1.0, y + 1.0)?;
                }
                if let Some(&count) = self.local.get(i).filter(|c| **c > 0) {
                    // Drawn on the background beside the box: the theme's secondary text.
                    ctx.set_fill_style_str(&self.palette.muted);
                    ctx.fill_text(&count.to_string(), x + 1.0, y + 1.0)?;
                }
            }
        }
        ctx.set_global_alpha(1.0);
        Ok(())
    }

    /// The whole drawing on an offscreen canvas at most [`OVERVIEW_PX`] on its longest side.
    fn render_overview(&self) -> Result<(HtmlCanvasElement, f64), JsValue> {
        let layout = &self.scene.layout;
        let s = (OVERVIEW_PX / self.dpr / layout.width.max(1.0))
            .min(OVERVIEW_PX / self.dpr / layout.height.max(1.0))
            .min(1.0);
        let document = self
            .canvas
            .owner_document()
            .ok_or_else(|| JsValue::from_str("no document"))?;
        let image: HtmlCanvasElement = document.create_element("canvas")?.dyn_into()?;
        image.set_width((layout.width * s * self.dpr).ceil().max(1.0) as u32);
        image.set_height((layout.height * s * self.dpr).ceil().max(1.0) as u32);
        let ctx: CanvasRenderingContext2d = image
            .get_context("2d")?
            .ok_or_else(|| JsValue::from_str("no 2d context"))?
            .dyn_into()?;
        let d = s * self.dpr;
        ctx.set_transform(d, 0.0, 0.0, d, 0.0, 0.0)?;
        let nodes: Vec<usize> = self.scene.links.clone();
        let pieces = self.scene.all_pieces();
        self.draw(&ctx, &nodes, &pieces, s)?;
        // The bitmap holds `d` device px per unit.
        Ok((image, d))
    }

    /// The minimap: the cached whole drawing and the view's outline. A frame never waits for
    /// the cache: when it is missing, the minimap is drawn by the next frame, requested here.
    fn draw_minimap(&mut self) -> Result<(), JsValue> {
        if self.mini.is_none() {
            return Ok(());
        }
        if self.overview.is_none() {
            self.minimap_due = true;
            return Ok(());
        }
        let (Some((mini, ctx)), Some((image, d))) = (&self.mini, &self.overview) else {
            return Ok(());
        };
        let layout = &self.scene.layout;
        let dpr = self.dpr;
        let (w, h) = MINI;
        if mini.width() != (w * dpr) as u32 {
            mini.set_width((w * dpr) as u32);
            mini.set_height((h * dpr) as u32);
        }
        let s = (w / layout.width.max(1.0)).min(h / layout.height.max(1.0));
        let (ox, oy) = ((w - layout.width * s) / 2.0, (h - layout.height * s) / 2.0);
        ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0)?;
        ctx.set_fill_style_str(&self.palette.bg);
        ctx.fill_rect(0.0, 0.0, w, h);
        ctx.set_transform(dpr * s / d, 0.0, 0.0, dpr * s / d, dpr * ox, dpr * oy)?;
        ctx.draw_image_with_html_canvas_element(image, 0.0, 0.0)?;
        ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0)?;
        let [x0, y0] = self.view.to_drawing(0.0, 0.0);
        let [x1, y1] = self.view.to_drawing(self.size.0, self.size.1);
        ctx.set_stroke_style_str(&self.palette.accent);
        ctx.set_line_width(1.5);
        ctx.stroke_rect(
            ox + x0 * s,
            oy + y0 * s,
            ((x1 - x0) * s).max(2.0),
            ((y1 - y0) * s).max(2.0),
        );
        Ok(())
    }

    /// Layout point under a minimap position (CSS px within the minimap).
    fn minimap_to_layout(&self, mx: f64, my: f64) -> (f64, f64) {
        let layout = &self.scene.layout;
        let (w, h) = MINI;
        let s = (w / layout.width.max(1.0)).min(h / layout.height.max(1.0));
        let (ox, oy) = ((w - layout.width * s) / 2.0, (h - layout.height * s) / 2.0);
        ((mx - ox) / s, (my - oy) / s)
    }

    fn centre_on(&mut self, x: f64, y: f64) {
        self.view.tx = self.size.0 / 2.0 - x * self.view.k;
        self.view.ty = self.size.1 / 2.0 - y * self.view.k;
    }

    /// The node under a client-coordinate point.
    /// The fan mark (an enterprise id) under the client point, if any.
    fn fan_hit(&self, cx: f64, cy: f64) -> Option<String> {
        let rect = self.canvas.get_bounding_client_rect();
        let [x, y] = self.view.to_drawing(cx - rect.left(), cy - rect.top());
        let reach = FAN_RADIUS + 3.0 / self.view.k.max(0.1);
        self.fan
            .iter()
            .find(|(m, _)| (m.x - x).hypot(m.y - y) <= reach)
            .map(|(m, _)| m.id.clone())
    }

    /// Draws the fan of the selected link at the current transform.
    fn draw_fan(&self, ctx: &CanvasRenderingContext2d, k: f64) -> Result<(), JsValue> {
        if self.fan.is_empty() {
            return Ok(());
        }
        let labels = Detail::at(k, 11.0).labels;
        ctx.set_font(&format!("11px {FONT}"));
        ctx.set_text_baseline("middle");
        for (m, name) in &self.fan {
            ctx.begin_path();
            ctx.move_to(m.from[0], m.from[1]);
            ctx.line_to(m.x, m.y);
            ctx.set_stroke_style_str(&self.palette.edge);
            ctx.set_line_width(1.0 / k.max(0.35));
            ctx.stroke();
            ctx.begin_path();
            ctx.arc(m.x, m.y, FAN_RADIUS, 0.0, std::f64::consts::TAU)?;
            ctx.set_fill_style_str(if m.local { "#1b7a3e" } else { "#ffffff" });
            ctx.fill();
            ctx.set_stroke_style_str("#1b7a3e");
            ctx.set_line_width(1.5 / k.max(0.35));
            ctx.stroke();
            if labels {
                let (tx, align) = m.label_at();
                ctx.set_text_align(align);
                ctx.set_line_width(3.0);
                ctx.set_stroke_style_str(&self.palette.bg);
                ctx.stroke_text(name, tx, m.y)?;
                ctx.set_fill_style_str(&self.palette.muted);
                ctx.fill_text(name, tx, m.y)?;
            }
        }
        if labels
            && self.fan_more > 0
            && let Some((last, _)) = self.fan.last()
        {
            ctx.set_text_align(if last.leftwards { "end" } else { "start" });
            ctx.fill_text(&format!("+{}", self.fan_more), last.x, last.y + FAN_STEP)?;
        }
        Ok(())
    }

    fn hit_client(&self, cx: f64, cy: f64) -> Option<usize> {
        let rect = self.canvas.get_bounding_client_rect();
        let [x, y] = self.view.to_drawing(cx - rect.left(), cy - rect.top());
        self.scene.hit(x, y)
    }
}

/// Adds a polyline to the current path: all its points, or only its ends when `full` is false.
fn trace(ctx: &CanvasRenderingContext2d, points: &[[f64; 2]], full: bool) {
    let Some(first) = points.first() else {
        return;
    };
    ctx.move_to(first[0], first[1]);
    if full {
        for p in points.iter().skip(1) {
            ctx.line_to(p[0], p[1]);
        }
    } else if let Some(last) = points.last() {
        ctx.line_to(last[0], last[1]);
    }
}

/// The canvas chain view.
#[component]
pub fn CanvasView(
    state: AppState,
    loaded: Arc<Loaded>,
    layout: Memo<Arc<Layout>>,
) -> impl IntoView {
    let lang = state.lang;
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    let mini_ref = NodeRef::<leptos::html::Canvas>::new();
    let tip_ref = NodeRef::<leptos::html::Div>::new();
    let shared: Rc<RefCell<Option<Shared>>> = Rc::new(RefCell::new(None));
    let announce = RwSignal::new(String::new());

    // Per-node data of the current layout: gap class (the selected region's when there is one)
    // and local enterprise count.
    let node_data = {
        let loaded = loaded.clone();
        move |layout: &Layout, region: Option<&str>| -> (Vec<Option<GapClass>>, Vec<usize>) {
            let gaps = super::chain_view::shown_gaps(&loaded, region);
            layout
                .nodes
                .iter()
                .map(|n| {
                    let i = loaded.chain.link_index(&n.id);
                    (
                        i.and_then(|i| gaps.get(i)).copied(),
                        i.and_then(|i| loaded.stats.links.get(i))
                            .map_or(0, |l| l.local_enterprises),
                    )
                })
                .unzip()
        }
    };

    // Build the painter once the canvas exists; rebuild the scene when the layout changes.
    {
        let shared = shared.clone();
        let node_data = node_data.clone();
        effect(move || {
            let layout = layout.get();
            let Some(canvas) = canvas_ref.get() else {
                return;
            };
            let canvas: HtmlCanvasElement = canvas.clone();
            let scene = Arc::new(Scene::new(layout.clone()));
            let (gap, local) = node_data(&layout, state.region.get_untracked().as_deref());
            let existing = shared.borrow().clone();
            if let Some(p) = existing {
                if let Ok(mut p) = p.try_borrow_mut() {
                    p.scene = scene;
                    p.gap = gap;
                    p.local = local;
                    p.overview = None;
                    p.active = None;
                    p.first_view();
                }
                Painter::schedule(&p);
                return;
            }
            let Ok(Some(ctx)) = canvas.get_context("2d") else {
                return;
            };
            let Ok(ctx) = ctx.dyn_into::<CanvasRenderingContext2d>() else {
                return;
            };
            let mini = mini_ref.get().and_then(|m| {
                let m: HtmlCanvasElement = m.clone();
                let c = m.get_context("2d").ok()??.dyn_into().ok()?;
                Some((m, c))
            });
            let palette = Palette::read(&canvas);
            let canvas_element: web_sys::Element = canvas.clone().into();
            let mut painter = Painter {
                canvas,
                ctx,
                mini,
                scene,
                gap,
                local,
                view: View {
                    k: 1.0,
                    tx: 0.0,
                    ty: 0.0,
                },
                size: (0.0, 0.0),
                dpr: 1.0,
                lit: None,
                passing: None,
                selected: None,
                active: None,
                focused: false,
                overview: None,
                pending: false,
                minimap_due: false,
                moving: false,
                snapshot: None,
                settle: 0,
                palette,
                nodes: Vec::new(),
                pieces: Vec::new(),
                fan: Vec::new(),
                fan_more: 0,
                first_due: false,
                watch: None,
            };
            painter.measure();
            painter.first_view();
            let p = Rc::new(RefCell::new(painter));
            let weak = Rc::downgrade(&p);
            let watch = Watch::new(
                &canvas_element,
                Box::new(move || {
                    if let Some(p) = weak.upgrade() {
                        Painter::schedule(&p);
                    }
                }),
            );
            if let Ok(mut painter) = p.try_borrow_mut() {
                painter.watch = watch;
            }
            *shared.borrow_mut() = Some(p.clone());
            Painter::schedule(&p);
        });
    }

    // A new theme changes the custom properties the palette is read from: read them again and
    // redraw, the cached whole drawing (and the minimap made from it) included.
    {
        let shared = shared.clone();
        effect(move || {
            state.restyled.track();
            let Some(p) = shared.borrow().clone() else {
                return;
            };
            if let Ok(mut painter) = p.try_borrow_mut() {
                painter.palette = Palette::read(&painter.canvas);
                painter.overview = None;
                painter.snapshot = None;
            }
            Painter::schedule(&p);
        });
    }
    // `with` changes the painter and asks for a frame; `peek` only reads it.
    let with = {
        let shared = shared.clone();
        move |f: &mut dyn FnMut(&mut Painter)| {
            let p = shared.borrow().clone();
            if let Some(p) = p {
                if let Ok(mut painter) = p.try_borrow_mut() {
                    f(&mut painter);
                }
                Painter::schedule(&p);
            }
        }
    };
    let peek = {
        let shared = shared.clone();
        move |f: &mut dyn FnMut(&Painter)| {
            let p = shared.borrow().clone();
            if let Some(Ok(painter)) = p.as_ref().map(|p| p.try_borrow()) {
                f(&painter);
            }
        }
    };
    // A map region picked: recolour by that region's gaps (the view stays where it is).
    {
        let with = with.clone();
        let node_data = node_data.clone();
        effect_with(move |previous: Option<()>| {
            let region = state.region.get();
            if previous.is_some() {
                with(&mut |p| {
                    let (gap, _) = node_data(&p.scene.layout, region.as_deref());
                    p.gap = gap;
                    p.overview = None;
                });
            }
        });
    }
    // Selection, highlight and filters.
    {
        let with = with.clone();
        let fan_loaded = loaded.clone();
        effect(move || {
            layout.track();
            let selected = state.selected.get();
            with(&mut |p| {
                let i = selected.as_deref().and_then(|id| p.scene.node(id));
                p.selected = i;
                p.lit = i.map(|i| p.scene.chain_of(i));
                let (marks, more) = selected.as_deref().map_or((Vec::new(), 0), |id| {
                    enterprise_fan(&fan_loaded.chain, &p.scene.layout, id)
                });
                let lang = lang.get_untracked();
                p.fan = marks
                    .into_iter()
                    .map(|m| {
                        let name = m.name(&fan_loaded.chain, lang).to_owned();
                        (m, name)
                    })
                    .collect();
                p.fan_more = more;
                p.overview = None;
                if let Some(i) = i {
                    p.reveal(i);
                }
            });
        });
    }
    {
        let with = with.clone();
        let loaded = loaded.clone();
        effect(move || {
            layout.track();
            let passing = state
                .filter
                .with(|f| (!f.is_open()).then(|| super::filter::matching(&loaded, f)));
            with(&mut |p| {
                p.passing = passing.as_ref().map(|set| {
                    p.scene
                        .layout
                        .nodes
                        .iter()
                        .map(|n| set.contains(&n.id))
                        .collect()
                });
                p.overview = None;
            });
        });
    }
    {
        let with = with.clone();
        effect_with(move |previous: Option<u32>| {
            let n = state.fit.get();
            if previous.is_some() {
                with(&mut |p| p.fit());
            }
            n
        });
    }

    let pointers: Rc<RefCell<Pointers>> = Rc::new(RefCell::new(Pointers::default()));
    let local_point = move |cx: f64, cy: f64| local_point(canvas_ref, cx, cy);

    let on_wheel = {
        let with = with.clone();
        move |ev: leptos::ev::WheelEvent| {
            ev.prevent_default();
            let (sx, sy) = local_point(ev.client_x() as f64, ev.client_y() as f64);
            let factor = wheel_factor(&ev);
            with(&mut |p| {
                p.moving = true;
                p.zoom_at(factor, sx, sy)
            });
        }
    };
    let on_down = {
        let (pointers, peek) = (pointers.clone(), peek.clone());
        move |ev: leptos::ev::PointerEvent| {
            let (x, y) = local_point(ev.client_x() as f64, ev.client_y() as f64);
            let mut view = None;
            peek(&mut |p| view = Some(p.view));
            pointers
                .borrow_mut()
                .down(ev.pointer_id(), x, y, ev.button() == 0, view);
        }
    };
    let on_move = {
        let (pointers, with, peek) = (pointers.clone(), with.clone(), peek.clone());
        let tip_loaded = loaded.clone();
        move |ev: leptos::ev::PointerEvent| {
            let (x, y) = local_point(ev.client_x() as f64, ev.client_y() as f64);
            let mut zoom = (0.0, f64::INFINITY);
            peek(&mut |p| zoom = p.zoom_range());
            let motion = pointers.borrow_mut().moved(ev.pointer_id(), x, y, zoom);
            match motion {
                Motion::View { view, capture } => {
                    if capture && let Some(c) = canvas_ref.try_get_untracked().flatten() {
                        let _ = c.set_pointer_capture(ev.pointer_id());
                    }
                    with(&mut |p| {
                        p.moving = true;
                        p.view = view;
                    });
                    hide_tip(tip_ref);
                }
                Motion::Idle => {}
                Motion::Hover => {
                    // Hover: a tooltip with the link's full name, gap class and enterprises.
                    let mut tip = None;
                    peek(&mut |p| {
                        tip = p
                            .hit_client(ev.client_x() as f64, ev.client_y() as f64)
                            .and_then(|i| p.scene.layout.nodes.get(i))
                            .map(|n| n.id.clone());
                    });
                    match tip {
                        Some(id) => show_tip(
                            tip_ref,
                            &describe(&tip_loaded, &id, lang.get_untracked()),
                            x,
                            y,
                        ),
                        None => hide_tip(tip_ref),
                    }
                }
            }
        }
    };
    let on_up = {
        let pointers = pointers.clone();
        move |ev: leptos::ev::PointerEvent| pointers.borrow_mut().up(ev.pointer_id())
    };
    let on_click = {
        let (pointers, with, peek) = (pointers.clone(), with.clone(), peek.clone());
        move |ev: leptos::ev::MouseEvent| {
            if pointers.borrow_mut().click_was_pan() {
                return; // that was a pan, not a click
            }
            let mut fan_hit = None;
            peek(&mut |p| fan_hit = p.fan_hit(ev.client_x() as f64, ev.client_y() as f64));
            if let Some(id) = fan_hit {
                if let Some(target) = ev.current_target() {
                    events::select_from(&target, &id, "enterprise");
                }
                state.enterprise.set(Some(id));
                return;
            }
            let mut hit = None;
            with(&mut |p| {
                hit = p
                    .hit_client(ev.client_x() as f64, ev.client_y() as f64)
                    .and_then(|i| p.scene.layout.nodes.get(i).map(|n| (i, n.id.clone())));
                p.active = hit.as_ref().map(|h| h.0);
            });
            let id = hit.map(|h| h.1);
            if let (Some(id), Some(target)) = (&id, ev.current_target()) {
                events::select_from(&target, id, "link");
            }
            state.selected.set(id);
        }
    };
    let on_dblclick = {
        let with = with.clone();
        let loaded = loaded.clone();
        move |ev: leptos::ev::MouseEvent| {
            ev.prevent_default();
            let mut hit = None;
            let (sx, sy) = local_point(ev.client_x() as f64, ev.client_y() as f64);
            with(&mut |p| {
                hit = p
                    .hit_client(ev.client_x() as f64, ev.client_y() as f64)
                    .and_then(|i| p.scene.layout.nodes.get(i).map(|n| n.id.clone()));
                if hit.is_none() {
                    p.zoom_at(2.0, sx, sy);
                }
            });
            // Double-clicking a group folds or unfolds it.
            if let Some(id) = hit {
                let group = loaded
                    .chain
                    .link_index(&id)
                    .is_some_and(|i| !loaded.chain.children(i).is_empty());
                if group {
                    super::chain_view::toggle_fold(state, &id);
                }
            }
        }
    };
    let on_key = {
        let with = with.clone();
        let loaded = loaded.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            let key = ev.key();
            let (w, h) = canvas_ref
                .try_get_untracked()
                .flatten()
                .map(|c| {
                    let r = c.get_bounding_client_rect();
                    (r.width(), r.height())
                })
                .unwrap_or((0.0, 0.0));
            match key.as_str() {
                "Escape" => state.selected.set(None),
                "+" | "=" => with(&mut |p| p.zoom_at(1.25, w / 2.0, h / 2.0)),
                "-" | "_" => with(&mut |p| p.zoom_at(0.8, w / 2.0, h / 2.0)),
                "0" => with(&mut |p| p.fit()),
                "Enter" | " " => {
                    ev.prevent_default();
                    let mut id = None;
                    with(&mut |p| {
                        id = p
                            .active
                            .and_then(|i| p.scene.layout.nodes.get(i))
                            .map(|n| n.id.clone());
                    });
                    if let (Some(id), Some(target)) = (&id, ev.current_target()) {
                        events::select_from(&target, id, "link");
                        state.selected.set(Some(id.clone()));
                    }
                }
                _ => {
                    let Some(step) = Step::from_key(&key) else {
                        return;
                    };
                    ev.prevent_default();
                    if ev.shift_key() {
                        let d = 40.0;
                        with(&mut |p| match step {
                            Step::Upstream => p.view.tx += d,
                            Step::Downstream => p.view.tx -= d,
                            Step::Previous => p.view.ty += d,
                            Step::Next => p.view.ty -= d,
                        });
                        return;
                    }
                    let mut name = None;
                    with(&mut |p| {
                        let next = match p.active.or(p.selected) {
                            Some(i) => p.scene.neighbour(i, step).or(Some(i)),
                            None => first_in_view(p),
                        };
                        p.active = next;
                        if let Some(i) = next {
                            p.reveal(i);
                            name = p.scene.layout.nodes.get(i).map(|n| n.id.clone());
                        }
                    });
                    if let Some(id) = name {
                        announce.set(describe(&loaded, &id, lang.get_untracked()));
                    }
                }
            }
        }
    };
    let on_focus = {
        let with = with.clone();
        move |_| with(&mut |p| p.focused = true)
    };
    let on_blur = {
        let with = with.clone();
        move |_| {
            with(&mut |p| p.focused = false);
            hide_tip(tip_ref);
        }
    };
    let on_leave = move |_| hide_tip(tip_ref);
    let mini_move = {
        let (pointers, with) = (pointers.clone(), with.clone());
        move |ev: leptos::ev::PointerEvent, start: bool| {
            if start {
                pointers.borrow_mut().start_minimap();
                if let Some(m) = mini_ref.try_get_untracked().flatten() {
                    let _ = m.set_pointer_capture(ev.pointer_id());
                }
            } else if !pointers.borrow().on_minimap() {
                return;
            }
            let Some(m) = mini_ref.try_get_untracked().flatten() else {
                return;
            };
            let r = m.get_bounding_client_rect();
            let (mx, my) = (
                ev.client_x() as f64 - r.left(),
                ev.client_y() as f64 - r.top(),
            );
            with(&mut |p| {
                let (x, y) = p.minimap_to_layout(mx, my);
                p.centre_on(x, y);
            });
        }
    };
    let mini_down = {
        let mini_move = mini_move.clone();
        move |ev: leptos::ev::PointerEvent| mini_move(ev, true)
    };
    let mini_drag = move |ev: leptos::ev::PointerEvent| mini_move(ev, false);
    let mini_up = {
        let pointers = pointers.clone();
        move |_| pointers.borrow_mut().clear()
    };
    let zoom_button = {
        let with = with.clone();
        move |factor: f64| {
            let with = with.clone();
            move |_| {
                let (w, h) = canvas_ref
                    .try_get_untracked()
                    .flatten()
                    .map(|c| {
                        let r = c.get_bounding_client_rect();
                        (r.width(), r.height())
                    })
                    .unwrap_or((0.0, 0.0));
                with(&mut |p| {
                    if factor == 0.0 {
                        p.fit()
                    } else {
                        p.zoom_at(factor, w / 2.0, h / 2.0)
                    }
                });
            }
        }
    };
    let count = loaded.chain.document().links.len();
    view! {
        <div class="lm-chain lm-chain-canvas" data-lianmap="chain" data-renderer="canvas">
            <div class="lm-zoom" role="toolbar" aria-label=tr(lang, Msg::Zoom)>
                <button type="button" class="lm-button" on:click=handler(zoom_button(1.25)) aria-label=tr(lang, Msg::ZoomIn)>"+"</button>
                <button type="button" class="lm-button" on:click=handler(zoom_button(0.8)) aria-label=tr(lang, Msg::ZoomOut)>"−"</button>
                <button type="button" class="lm-button" on:click=handler(zoom_button(0.0))>{tr(lang, Msg::Fit)}</button>
            </div>
            <canvas node_ref=canvas_ref class="lm-chain-surface" tabindex="0" role="application"
                aria-roledescription=tr(lang, Msg::ChainMap)
                aria-label=move || format!("{}：{}", i18n::text(lang.get(), Msg::ChainMap), i18n::count(lang.get(), Msg::LinksCount, count))
                aria-describedby="lm-canvas-help"
                on:wheel=handler(on_wheel) on:pointerdown=handler(on_down) on:pointermove=handler(on_move) on:pointerup=handler(on_up.clone())
                on:pointercancel=handler(on_up) on:pointerleave=handler(on_leave) on:click=handler(on_click) on:dblclick=handler(on_dblclick)
                on:keydown=handler(on_key) on:focus=handler(on_focus) on:blur=handler(on_blur)>
            </canvas>
            <p id="lm-canvas-help" class="lm-visually-hidden">{tr(lang, Msg::CanvasHelp)}</p>
            <canvas node_ref=mini_ref class="lm-minimap" aria-hidden="true"
                on:pointerdown=handler(mini_down) on:pointermove=handler(mini_drag) on:pointerup=handler(mini_up.clone()) on:pointercancel=handler(mini_up)>
            </canvas>
            <div node_ref=tip_ref class="lm-tip" role="tooltip" hidden></div>
            <p class="lm-visually-hidden" role="status" aria-live="polite">{move || announce.get()}</p>
        </div>
    }
}

/// The first link in view (top-left first), where keyboard navigation starts.
fn first_in_view(p: &Painter) -> Option<usize> {
    let [x0, y0] = p.view.to_drawing(0.0, 0.0);
    let [x1, y1] = p.view.to_drawing(p.size.0, p.size.1);
    let (mut nodes, mut edges) = (Vec::new(), Vec::new());
    p.scene.visible([x0, y0, x1, y1], &mut nodes, &mut edges);
    nodes
        .into_iter()
        .filter_map(|i| p.scene.layout.nodes.get(i).map(|n| (i, n)))
        .min_by(|(_, a), (_, b)| a.x.total_cmp(&b.x).then(a.y.total_cmp(&b.y)))
        .map(|(i, _)| i)
        .or_else(|| p.scene.links.first().copied())
}

/// A link's name, gap class and local enterprise count, as spoken and shown in tooltips.
fn describe(loaded: &Loaded, id: &str, lang: crate::model::Lang) -> String {
    let Some(link) = loaded.stats.links.iter().find(|l| l.id == id) else {
        return id.to_owned();
    };
    format!(
        "{}，{}，{} {}",
        link.name.get(lang),
        i18n::gap(lang, link.gap),
        i18n::text(lang, Msg::LocalEnterprises),
        link.local_enterprises
    )
}
