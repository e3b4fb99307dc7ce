//! The investment heat map (招商热力图) on a canvas: host regions as a choropleth, a density heat
//! layer computed in WebAssembly and drawn through `ImageData`, parks, projects, enterprises and
//! opportunities as symbols, supply flows between regions as arcs, and region names placed
//! without overlaps. Linked with the chain: a selected link narrows the map to its items, and a
//! selected region recolours the chain (see `chain_view`).
//!
//! Frames are drawn on `requestAnimationFrame`; during a pan or zoom a frame moves the last full
//! frame's pixels, and the full frame (with a fresh heat grid) follows once the gesture pauses.
//!
//! Keyboard: the canvas takes focus; arrow keys move an active region to its neighbour in that
//! direction (announced in a live region), Enter selects it, Escape clears, Shift+arrows pan,
//! `+`/`-`/`0` zoom and fit.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::{Clamped, JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::erase::{effect, effect_with, handler, next_frame, timeout, tr};
use super::surface::{
    Motion, Pointers, View, Watch, blit_moving, custom_properties, hide_tip, keep_snapshot,
    local_point, resize_backing, show_tip, wheel_factor,
};
use super::{AppState, GeoPhase, Loaded, events};
use crate::geo::{Fit, LabelBox, place_labels};
use crate::heat::{
    Breaks, ClassLegend, ColorizeOptions, DensityGrid, Ramp, WeightedPoint, colorize, hex,
};
use crate::i18n::{self, Msg};
use crate::layout::measure::text_em;
use crate::model::Lang;
use crate::render::map::{
    Choropleth, MapMetric, MapScene, Marker, MarkerKind, RegionFlow, choropleth, marker_name,
    marker_passes, markers, metric_keys, project_dates, region_flows, status_colour,
};
pub use crate::render::map::{HeatSource, MapOptions};
use crate::render::map_svg::{park_colour, park_radius};

/// A pan or zoom waits this long without input before the full frame is drawn.
const SETTLE_MS: u64 = 120;
/// Region name size, px.
const FONT_PX: f64 = 12.0;
const FONT: &str = "system-ui, -apple-system, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif";
/// Supply flows drawn at most.
const MAX_FLOWS: usize = 24;
/// The heat layer's colours.
const HEAT_RAMP: Ramp = Ramp::YlOrRd;

/// What the map draws from a document and a boundary file, recomputed when either, the options
/// or the selected link change.
#[derive(Clone)]
struct Content {
    scene: Arc<MapScene>,
    markers: Arc<Vec<Marker>>,
    /// Per marker: passes the link filter and the time slider.
    passing: Vec<bool>,
    values: Vec<Option<f64>>,
    legend: ClassLegend,
    fills: Vec<String>,
    flows: Vec<RegionFlow>,
}

struct Painter {
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    loaded: Arc<Loaded>,
    content: Content,
    options: MapOptions,
    view: View,
    /// The view that fits the whole map.
    fit: View,
    size: (f64, f64),
    dpr: f64,
    selected: Option<usize>,
    active: Option<usize>,
    picked: Option<usize>,
    focused: bool,
    pending: bool,
    moving: bool,
    settle: u32,
    snapshot: Option<(HtmlCanvasElement, View)>,
    heat: Option<(HtmlCanvasElement, DensityGrid, Vec<u8>)>,
    bg: String,
    accent: String,
    focus: String,
    fg: String,
    needs_fit: bool,
    /// The host's plan image (`plan-image`), drawn under a park plan's plots once loaded.
    image: Option<web_sys::HtmlImageElement>,
    /// Redraws when the canvas changes size.
    watch: Option<Watch>,
}

type Shared = Rc<RefCell<Painter>>;

/// The theme's background, accent and focus colours, from the custom properties `canvas` sees.
fn theme_colours(canvas: &HtmlCanvasElement) -> [String; 3] {
    let css = custom_properties(canvas);
    [
        css("--lm-bg", "#ffffff"),
        css("--lm-accent", "#0b5cad"),
        css("--lm-focus", "#0b5cad"),
    ]
}

impl Painter {
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
            let settle = match again.try_borrow_mut() {
                Ok(mut p) => {
                    p.pending = false;
                    let _ = p.frame();
                    p.moving.then(|| {
                        p.settle = p.settle.wrapping_add(1);
                        p.settle
                    })
                }
                Err(_) => None,
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
        });
    }

    fn measure(&mut self) -> bool {
        let first = self.size == (0.0, 0.0);
        if !resize_backing(&self.canvas, &mut self.size, &mut self.dpr) {
            return false;
        }
        let size = self.size;
        let fit = Fit::new(self.content.scene.projected.bbox, size.0, size.1, 16.0);
        self.fit = View {
            k: fit.scale,
            tx: fit.translate_px[0],
            ty: fit.translate_px[1],
        };
        if first || self.needs_fit {
            self.view = self.fit;
            self.needs_fit = false;
        }
        true
    }

    fn fit_view(&mut self) {
        self.view = self.fit;
    }

    /// Zoom limits: half the scale that fits the whole map, and 256 times it.
    fn zoom_range(&self) -> (f64, f64) {
        (self.fit.k / 2.0, self.fit.k * 256.0)
    }

    fn zoom_at(&mut self, factor: f64, sx: f64, sy: f64) {
        let p = self.view.to_drawing(sx, sy);
        let (lo, hi) = self.zoom_range();
        let k = (self.view.k * factor).clamp(lo, hi);
        self.view = View {
            k,
            tx: sx - p[0] * k,
            ty: sy - p[1] * k,
        };
    }

    /// Pans so that region `r` is in view (centred when it was outside).
    fn reveal(&mut self, r: usize) {
        let Some(anchor) = self.content.scene.anchors.get(r).copied().flatten() else {
            return;
        };
        let [sx, sy] = self.view.to_screen(anchor);
        let margin = 24.0;
        if sx < margin || sy < margin || sx > self.size.0 - margin || sy > self.size.1 - margin {
            self.view.tx = self.size.0 / 2.0 - anchor[0] * self.view.k;
            self.view.ty = self.size.1 / 2.0 - anchor[1] * self.view.k;
        }
    }

    /// The marker drawn under the screen point, if any (the nearest within its symbol).
    fn marker_at(&self, sx: f64, sy: f64) -> Option<usize> {
        let doc = self.loaded.chain.document();
        self.content
            .markers
            .iter()
            .enumerate()
            .filter(|(i, m)| self.shown(*i, m))
            .filter_map(|(i, m)| {
                let [x, y] = self.view.to_screen(m.at);
                let reach = match m.kind {
                    MarkerKind::Park => {
                        park_radius(doc.parks.get(m.item).and_then(|p| p.land_ha)) + 2.0
                    }
                    MarkerKind::Enterprise => 5.0,
                    _ => 7.0,
                };
                let d = (x - sx).hypot(y - sy);
                (d <= reach).then_some((i, d))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i)
    }

    fn region_at(&self, sx: f64, sy: f64) -> Option<usize> {
        self.content.scene.index.hit(self.view.to_drawing(sx, sy))
    }

    fn shown(&self, i: usize, m: &Marker) -> bool {
        self.options.shows(m.kind) && self.content.passing.get(i).copied().unwrap_or(true)
    }

    fn frame(&mut self) -> Result<(), JsValue> {
        let resized = self.measure();
        if self.size == (0.0, 0.0) {
            return Ok(()); // not laid out yet (hidden): drawn when it is
        }
        let ctx = self.ctx.clone();
        let dpr = self.dpr;
        if self.moving
            && !resized
            && let Some(snapshot) = &self.snapshot
        {
            blit_moving(&ctx, &self.canvas, &self.bg, snapshot, self.view, dpr)?;
            return Ok(());
        }
        ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0)?;
        ctx.set_fill_style_str(&self.bg);
        ctx.fill_rect(0.0, 0.0, self.size.0, self.size.1);
        self.draw_regions(&ctx)?;
        if self.options.heat {
            self.draw_heat(&ctx)?;
        }
        if self.options.flows {
            self.draw_flows(&ctx)?;
        }
        self.draw_markers(&ctx)?;
        if self.options.labels {
            self.draw_labels(&ctx)?;
        }
        self.take_snapshot();
        Ok(())
    }

    fn draw_regions(&self, ctx: &CanvasRenderingContext2d) -> Result<(), JsValue> {
        let View { k, tx, ty } = self.view;
        let dpr = self.dpr;
        let scene = &self.content.scene;
        let view = [
            self.view.to_drawing(0.0, 0.0),
            self.view.to_drawing(self.size.0, self.size.1),
        ];
        ctx.set_transform(dpr * k, 0.0, 0.0, dpr * k, dpr * tx, dpr * ty)?;
        if let Some(image) = self
            .image
            .as_ref()
            .filter(|i| i.complete() && i.natural_width() > 0)
        {
            // One image pixel is one plan unit, its top-left corner at the origin.
            ctx.draw_image_with_html_image_element(image, 0.0, 0.0)?;
        }
        ctx.set_line_join("round");
        let polygons = scene.polygons_at(k);
        let trace = |r: usize| {
            ctx.begin_path();
            for ring in polygons
                .get(r)
                .into_iter()
                .flatten()
                .flat_map(|p| p.rings())
            {
                for (j, p) in ring.iter().enumerate() {
                    if j == 0 {
                        ctx.move_to(p[0], p[1]);
                    } else {
                        ctx.line_to(p[0], p[1]);
                    }
                }
                ctx.close_path();
            }
        };
        for (r, region) in scene.projected.regions.iter().enumerate() {
            let b = region.bbox;
            if b.max[0] < view[0][0]
                || b.min[0] > view[1][0]
                || b.max[1] < view[0][1]
                || b.min[1] > view[1][1]
            {
                continue;
            }
            trace(r);
            let fill = if self.options.choropleth {
                self.content.fills.get(r).map_or("#e4e7eb", String::as_str)
            } else {
                "#eef2f7"
            };
            ctx.set_fill_style_str(fill);
            ctx.fill_with_canvas_winding_rule(web_sys::CanvasWindingRule::Evenodd);
            ctx.set_stroke_style_str("#9aa5b1");
            ctx.set_line_width(0.8 / k);
            ctx.stroke();
        }
        // The selection and the keyboard's active region on top, crisp.
        for (r, colour, width, dashed) in [
            (self.selected, &self.accent, 3.0, false),
            (self.active.filter(|_| self.focused), &self.focus, 2.5, true),
        ] {
            let Some(r) = r else { continue };
            trace(r);
            ctx.set_stroke_style_str(colour);
            ctx.set_line_width(width / k);
            let pattern = js_sys::Array::new();
            if dashed {
                pattern.push(&JsValue::from_f64(6.0 / k));
                pattern.push(&JsValue::from_f64(3.0 / k));
            }
            ctx.set_line_dash(&pattern)?;
            ctx.stroke();
            ctx.set_line_dash(&js_sys::Array::new())?;
        }
        Ok(())
    }

    fn draw_heat(&mut self, ctx: &CanvasRenderingContext2d) -> Result<(), JsValue> {
        let (w, h) = (self.size.0.round() as usize, self.size.1.round() as usize);
        let doc = self.loaded.chain.document();
        let source = match self.options.heat_source {
            HeatSource::Enterprises => MarkerKind::Enterprise,
            HeatSource::Projects => MarkerKind::Project,
        };
        let view = self.view;
        let points = self
            .content
            .markers
            .iter()
            .enumerate()
            .filter(|(i, m)| m.kind == source && self.content.passing.get(*i) != Some(&false))
            .map(|(_, m)| {
                let [x, y] = view.to_screen(m.at);
                let weight = match m.kind {
                    MarkerKind::Project => doc
                        .projects
                        .get(m.item)
                        .and_then(|p| p.amount)
                        .unwrap_or(1.0),
                    _ => 1.0,
                };
                WeightedPoint {
                    x_px: x as f32,
                    y_px: y as f32,
                    weight: weight as f32,
                }
            });
        let fits = self.heat.as_ref().is_some_and(|(c, g, _)| {
            c.width() as usize == w && g.width_px() == w && g.height_px() == h
        });
        if !fits {
            let canvas = self
                .canvas
                .owner_document()
                .and_then(|d| d.create_element("canvas").ok())
                .and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok())
                .ok_or_else(|| JsValue::from_str("no canvas"))?;
            canvas.set_width(w as u32);
            canvas.set_height(h as u32);
            self.heat = Some((canvas, DensityGrid::new(w, h), vec![0; w * h * 4]));
        }
        let Some((canvas, grid, rgba)) = &mut self.heat else {
            return Ok(());
        };
        grid.estimate(points, self.options.radius_px as f32);
        let look = ColorizeOptions {
            min_alpha: 0.35,
            ..ColorizeOptions::default()
        };
        colorize(grid, HEAT_RAMP, &look, rgba).map_err(|e| JsValue::from_str(&e.to_string()))?;
        let image = web_sys::ImageData::new_with_u8_clamped_array_and_sh(
            Clamped(rgba.as_slice()),
            w as u32,
            h as u32,
        )?;
        let heat_ctx = canvas
            .get_context("2d")?
            .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
            .ok_or_else(|| JsValue::from_str("no 2d context"))?;
        heat_ctx.put_image_data(&image, 0.0, 0.0)?;
        ctx.set_transform(self.dpr, 0.0, 0.0, self.dpr, 0.0, 0.0)?;
        ctx.draw_image_with_html_canvas_element(canvas, 0.0, 0.0)
    }

    fn draw_flows(&self, ctx: &CanvasRenderingContext2d) -> Result<(), JsValue> {
        ctx.set_transform(self.dpr, 0.0, 0.0, self.dpr, 0.0, 0.0)?;
        let scene = &self.content.scene;
        let heaviest = self
            .content
            .flows
            .first()
            .map_or(1.0, |f| f.weight)
            .max(1e-9);
        ctx.set_stroke_style_str("rgba(213, 94, 0, 0.6)");
        ctx.set_fill_style_str("rgba(213, 94, 0, 0.9)");
        for f in &self.content.flows {
            let (Some(a), Some(b)) = (
                scene.anchors.get(f.from).copied().flatten(),
                scene.anchors.get(f.to).copied().flatten(),
            ) else {
                continue;
            };
            let [x0, y0] = self.view.to_screen(a);
            let [x1, y1] = self.view.to_screen(b);
            // A bow to the right of the direction of travel, so A→B and B→A stay apart.
            let (mx, my) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
            let (cx, cy) = (mx - (y1 - y0) * 0.2, my + (x1 - x0) * 0.2);
            ctx.set_line_width(1.0 + 5.0 * f.weight / heaviest);
            ctx.begin_path();
            ctx.move_to(x0, y0);
            ctx.quadratic_curve_to(cx, cy, x1, y1);
            ctx.stroke();
            // Arrowhead along the curve's end tangent.
            let (dx, dy) = (x1 - cx, y1 - cy);
            let len = dx.hypot(dy).max(1e-9);
            let (ux, uy) = (dx / len, dy / len);
            ctx.begin_path();
            ctx.move_to(x1, y1);
            ctx.line_to(x1 - 9.0 * ux - 4.0 * uy, y1 - 9.0 * uy + 4.0 * ux);
            ctx.line_to(x1 - 9.0 * ux + 4.0 * uy, y1 - 9.0 * uy - 4.0 * ux);
            ctx.close_path();
            ctx.fill();
        }
        Ok(())
    }

    fn draw_markers(&self, ctx: &CanvasRenderingContext2d) -> Result<(), JsValue> {
        ctx.set_transform(self.dpr, 0.0, 0.0, self.dpr, 0.0, 0.0)?;
        let doc = self.loaded.chain.document();
        let (w, h) = self.size;
        // Enterprises under the rest, parks under projects.
        for kind in [
            MarkerKind::Enterprise,
            MarkerKind::Opportunity,
            MarkerKind::Park,
            MarkerKind::Project,
        ] {
            if !self.options.shows(kind) {
                continue;
            }
            for (i, m) in self.content.markers.iter().enumerate() {
                if m.kind != kind || !self.shown(i, m) {
                    continue;
                }
                let [x, y] = self.view.to_screen(m.at);
                if x < -20.0 || y < -20.0 || x > w + 20.0 || y > h + 20.0 {
                    continue;
                }
                ctx.begin_path();
                match kind {
                    MarkerKind::Enterprise => {
                        ctx.set_fill_style_str("rgba(31, 41, 51, 0.7)");
                        ctx.arc(x, y, 2.5, 0.0, std::f64::consts::TAU)?;
                        ctx.fill();
                    }
                    MarkerKind::Park => {
                        let park = doc.parks.get(m.item);
                        let r = park_radius(park.and_then(|p| p.land_ha));
                        ctx.move_to(x, y - r);
                        ctx.line_to(x + r, y);
                        ctx.line_to(x, y + r);
                        ctx.line_to(x - r, y);
                        ctx.close_path();
                        ctx.set_fill_style_str(park_colour(park.and_then(|p| p.level)));
                        ctx.set_global_alpha(0.85);
                        ctx.fill();
                        ctx.set_global_alpha(1.0);
                        ctx.set_stroke_style_str("#3d1a4f");
                        ctx.set_line_width(1.0);
                        ctx.stroke();
                    }
                    MarkerKind::Project => {
                        let status = doc.projects.get(m.item).and_then(|p| p.status);
                        ctx.arc(x, y, 4.5, 0.0, std::f64::consts::TAU)?;
                        ctx.set_fill_style_str(status_colour(status));
                        ctx.fill();
                        ctx.set_stroke_style_str("#ffffff");
                        ctx.set_line_width(1.2);
                        ctx.stroke();
                    }
                    MarkerKind::Opportunity => {
                        ctx.move_to(x, y - 6.0);
                        ctx.line_to(x + 5.0, y + 3.0);
                        ctx.line_to(x - 5.0, y + 3.0);
                        ctx.close_path();
                        ctx.set_fill_style_str("#d55e00");
                        ctx.fill();
                        ctx.set_stroke_style_str("#ffffff");
                        ctx.set_line_width(1.0);
                        ctx.stroke();
                    }
                }
                if self.picked == Some(i) {
                    ctx.begin_path();
                    ctx.arc(x, y, 10.0, 0.0, std::f64::consts::TAU)?;
                    ctx.set_stroke_style_str(&self.accent);
                    ctx.set_line_width(2.5);
                    ctx.stroke();
                }
            }
        }
        Ok(())
    }

    fn draw_labels(&self, ctx: &CanvasRenderingContext2d) -> Result<(), JsValue> {
        ctx.set_transform(self.dpr, 0.0, 0.0, self.dpr, 0.0, 0.0)?;
        let scene = &self.content.scene;
        let candidates: Vec<(usize, LabelBox)> = scene
            .anchors
            .iter()
            .enumerate()
            .filter_map(|(r, a)| {
                let name = scene.names.get(r).filter(|n| !n.is_empty())?;
                let [x, y] = self.view.to_screen((*a)?);
                let inside = x > 0.0 && y > 0.0 && x < self.size.0 && y < self.size.1;
                inside.then(|| {
                    (
                        r,
                        LabelBox {
                            x,
                            y,
                            width: text_em(name) * FONT_PX + 6.0,
                            height: FONT_PX * 1.4,
                            priority: scene.areas.get(r).copied().unwrap_or(0.0)
                                + if self.selected == Some(r) { 1e300 } else { 0.0 },
                        },
                    )
                })
            })
            .collect();
        let boxes: Vec<LabelBox> = candidates.iter().map(|(_, b)| *b).collect();
        ctx.set_font(&format!("{}px {FONT}", crate::num::Short(FONT_PX)));
        ctx.set_text_align("center");
        ctx.set_text_baseline("middle");
        ctx.set_line_join("round");
        for (keep, (r, b)) in place_labels(&boxes).into_iter().zip(&candidates) {
            let Some(name) = scene.names.get(*r).filter(|_| keep) else {
                continue;
            };
            ctx.set_stroke_style_str("rgba(255, 255, 255, 0.9)");
            ctx.set_line_width(3.0);
            ctx.stroke_text(name, b.x, b.y)?;
            ctx.set_fill_style_str(&self.fg);
            ctx.fill_text(name, b.x, b.y)?;
        }
        Ok(())
    }

    fn take_snapshot(&mut self) {
        keep_snapshot(&self.canvas, &mut self.snapshot, self.view);
    }
}

/// The content for the current options and link.
fn content(
    loaded: &Loaded,
    scene: &Arc<MapScene>,
    placed: &Arc<Vec<Marker>>,
    options: &MapOptions,
    link: Option<usize>,
) -> Content {
    let chain = &loaded.chain;
    let until = options.until.as_deref();
    let passing = placed
        .iter()
        .map(|m| marker_passes(chain, m, link, until))
        .collect();
    let Choropleth {
        values,
        legend,
        fills,
    } = choropleth(scene, chain, options, placed, link);
    let flows = if options.flows {
        region_flows(scene, chain, placed, link, MAX_FLOWS)
    } else {
        Vec::new()
    };
    Content {
        scene: scene.clone(),
        markers: placed.clone(),
        passing,
        values,
        legend,
        fills,
        flows,
    }
}

/// A marker's description for tooltips and announcements.
fn describe_marker(loaded: &Loaded, m: &Marker, lang: Lang) -> String {
    let doc = loaded.chain.document();
    let name = marker_name(&loaded.chain, m, lang);
    let what = match m.kind {
        MarkerKind::Enterprise => i18n::text(lang, Msg::Enterprises).to_owned(),
        MarkerKind::Park => {
            let park = doc.parks.get(m.item);
            let level = park
                .and_then(|p| p.level)
                .map(|l| i18n::park_level(lang, l))
                .unwrap_or_default();
            let land = park
                .and_then(|p| p.land_ha)
                .map(|ha| {
                    format!(
                        "，{} {}",
                        i18n::text(lang, Msg::LandHa),
                        crate::num::Short(ha)
                    )
                })
                .unwrap_or_default();
            format!("{}{level}{land}", i18n::text(lang, Msg::Parks))
        }
        MarkerKind::Project => {
            let p = doc.projects.get(m.item);
            let status = p
                .and_then(|p| p.status)
                .map(|s| i18n::status(lang, s))
                .unwrap_or_default();
            let date = p.and_then(|p| p.date.clone()).unwrap_or_default();
            format!("{}，{status} {date}", i18n::text(lang, Msg::Projects))
        }
        MarkerKind::Opportunity => {
            let kind = doc
                .opportunities
                .get(m.item)
                .map(|o| i18n::opportunity_kind(lang, o.kind))
                .unwrap_or_default();
            format!("{}，{kind}", i18n::text(lang, Msg::Opportunities))
        }
    };
    format!("{name}（{what}）")
}

fn describe_region(c: &Content, r: usize, metric: &str) -> String {
    let name = c.scene.names.get(r).cloned().unwrap_or_default();
    match c.values.get(r).copied().flatten() {
        Some(v) => format!("{name}：{metric} {}", round(v)),
        None => name,
    }
}

fn round(v: f64) -> String {
    crate::num::Fixed(v, if v.fract() == 0.0 { 0 } else { 1 }).to_string()
}

fn metric_label(lang: Lang, metric: &MapMetric) -> String {
    match metric {
        MapMetric::Enterprises => i18n::text(lang, Msg::MetricEnterprises).to_owned(),
        MapMetric::Investment => i18n::text(lang, Msg::MetricInvestment).to_owned(),
        MapMetric::Coverage => i18n::text(lang, Msg::MetricCoverage).to_owned(),
        MapMetric::Opportunities => i18n::text(lang, Msg::MetricOpportunities).to_owned(),
        MapMetric::Key(k) => k.clone(),
    }
}

/// Months from `first` to `last` (ISO dates) as `YYYY-MM` ends of month, for the slider.
fn months(first: &str, last: &str) -> Vec<String> {
    let ym = |d: &str| -> Option<(i32, u32)> {
        Some((d.get(..4)?.parse().ok()?, d.get(5..7)?.parse().ok()?))
    };
    let (Some(mut at), Some(end)) = (ym(first), ym(last)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    while at <= end && out.len() < 600 {
        out.push(format!("{:04}-{:02}-31", at.0, at.1));
        at = if at.1 == 12 {
            (at.0 + 1, 1)
        } else {
            (at.0, at.1 + 1)
        };
    }
    out
}

/// The map view: the controls, the canvas and the legend.
#[component]
pub fn MapView(state: AppState, loaded: Arc<Loaded>) -> impl IntoView {
    let lang = state.lang;
    view! {
        <div class="lm-map" data-lianmap="map">
            {move || match state.geo.get() {
                GeoPhase::None => view! { <p class="lm-empty">{tr(lang, Msg::NoGeo)}</p> }.into_any(),
                GeoPhase::Loading => view! { <p class="lm-loading" role="status">{tr(lang, Msg::GeoLoading)}</p> }.into_any(),
                GeoPhase::Failed(message) => view! {
                    <div class="lm-problems" role="alert"><h3>{tr(lang, Msg::GeoFailed)}</h3><p>{message}</p></div>
                }.into_any(),
                GeoPhase::Ready(scene) => view! { <MapCanvas state loaded=loaded.clone() scene /> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn MapCanvas(state: AppState, loaded: Arc<Loaded>, scene: Arc<MapScene>) -> impl IntoView {
    let lang = state.lang;
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    let tip_ref = NodeRef::<leptos::html::Div>::new();
    let shared: Rc<RefCell<Option<Shared>>> = Rc::new(RefCell::new(None));
    let announce = RwSignal::new(String::new());
    let placed = Arc::new(markers(&scene, &loaded.chain));
    let options = state.map;

    // What to draw: recomputed when the options or the selected link change.
    let current = {
        let (loaded, scene, placed) = (loaded.clone(), scene.clone(), placed.clone());
        Memo::new(move |_| {
            let link = state
                .selected
                .get()
                .and_then(|id| loaded.chain.link_index(&id));
            let opts = options.get();
            ContentHandle(Arc::new(content(&loaded, &scene, &placed, &opts, link)))
        })
    };

    {
        let shared = shared.clone();
        let loaded = loaded.clone();
        effect(move || {
            let c = current.get();
            let opts = options.get();
            let region = state.region.get().and_then(|id| c.0.scene.region(&id));
            let picked = state.map_pick.get();
            let Some(canvas) = canvas_ref.get() else {
                return;
            };
            let existing = shared.borrow().clone();
            if let Some(p) = existing {
                if let Ok(mut p) = p.try_borrow_mut() {
                    p.content = (*c.0).clone();
                    p.options = opts;
                    p.selected = region;
                    p.picked = picked.and_then(|(kind, item)| {
                        p.content
                            .markers
                            .iter()
                            .position(|m| m.kind == kind && m.item == item)
                    });
                    if let Some(r) = region {
                        p.reveal(r);
                    }
                }
                Painter::schedule(&p);
                return;
            }
            let canvas: HtmlCanvasElement = canvas.clone();
            let Ok(Some(ctx)) = canvas.get_context("2d") else {
                return;
            };
            let Ok(ctx) = ctx.dyn_into::<CanvasRenderingContext2d>() else {
                return;
            };
            let [bg, accent, focus] = theme_colours(&canvas);
            let canvas_element: web_sys::Element = canvas.clone().into();
            let painter = Painter {
                canvas,
                ctx,
                loaded: loaded.clone(),
                content: (*c.0).clone(),
                options: opts,
                view: View {
                    k: 1.0,
                    tx: 0.0,
                    ty: 0.0,
                },
                fit: View {
                    k: 1.0,
                    tx: 0.0,
                    ty: 0.0,
                },
                size: (0.0, 0.0),
                dpr: 1.0,
                selected: region,
                active: None,
                picked: None,
                focused: false,
                pending: false,
                moving: false,
                settle: 0,
                snapshot: None,
                heat: None,
                bg,
                accent,
                focus,
                fg: "#1f2933".to_owned(),
                needs_fit: true,
                image: None,
                watch: None,
            };
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
    // A new theme (or the system's, under theme="auto"): its colours again, and a redraw.
    {
        let shared = shared.clone();
        effect(move || {
            state.restyled.track();
            let Some(p) = shared.borrow().clone() else {
                return;
            };
            if let Ok(mut painter) = p.try_borrow_mut() {
                [painter.bg, painter.accent, painter.focus] = theme_colours(&painter.canvas);
                painter.snapshot = None;
            }
            Painter::schedule(&p);
        });
    }
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
    // The plan image: loaded from the host's URL (http(s) only), drawn once it arrives.
    {
        let shared = shared.clone();
        effect(move || {
            let url = state
                .plan_image
                .get()
                .and_then(|u| super::load::http_url(&u));
            let image = url.and_then(|url| {
                let image = web_sys::HtmlImageElement::new().ok()?;
                let weak = Rc::downgrade(&shared);
                let done = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
                    if let Some(p) = weak.upgrade().and_then(|s| s.borrow().clone()) {
                        Painter::schedule(&p);
                    }
                });
                image.set_onload(Some(done.as_ref().unchecked_ref()));
                done.forget();
                image.set_src(&url);
                Some(image)
            });
            let p = shared.borrow().clone();
            if let Some(p) = p {
                if let Ok(mut painter) = p.try_borrow_mut() {
                    painter.image = image;
                }
                Painter::schedule(&p);
            }
        });
    }
    {
        let with = with.clone();
        effect_with(move |previous: Option<u32>| {
            let n = state.fit.get();
            if previous.is_some() {
                with(&mut |p| p.fit_view());
            }
            n
        });
    }

    let local_point = move |cx: f64, cy: f64| local_point(canvas_ref, cx, cy);
    let pointers: Rc<RefCell<Pointers>> = Rc::new(RefCell::new(Pointers::default()));

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
                    let lang = lang.get_untracked();
                    let metric = metric_label(lang, &options.with_untracked(|o| o.metric.clone()));
                    let mut tip = None;
                    peek(&mut |p| {
                        tip = p
                            .marker_at(x, y)
                            .and_then(|i| p.content.markers.get(i))
                            .map(|m| describe_marker(&tip_loaded, m, lang))
                            .or_else(|| {
                                p.region_at(x, y)
                                    .map(|r| describe_region(&p.content, r, &metric))
                            });
                    });
                    match tip {
                        Some(text) => show_tip(tip_ref, &text, x, y),
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
    // Picking a marker or a region: state, then the event.
    let pick = {
        let loaded = loaded.clone();
        move |target: Option<web_sys::EventTarget>, hit: Option<Hit>| match hit {
            Some(Hit::Marker(kind, item)) => {
                let chain = &loaded.chain;
                let doc = chain.document();
                let id = match kind {
                    MarkerKind::Enterprise => doc.enterprises.get(item).map(|e| e.id.clone()),
                    MarkerKind::Park => doc.parks.get(item).map(|p| p.id.clone()),
                    MarkerKind::Project => doc.projects.get(item).map(|p| p.id.clone()),
                    MarkerKind::Opportunity => doc.opportunities.get(item).map(|o| o.id.clone()),
                };
                let Some(id) = id else { return };
                if kind == MarkerKind::Enterprise {
                    state.map_pick.set(None);
                    state.enterprise.set(Some(id.clone()));
                } else {
                    state.enterprise.set(None);
                    state.map_pick.set(Some((kind, item)));
                }
                if let Some(t) = target {
                    events::select_from(&t, &id, kind.as_str());
                }
            }
            Some(Hit::Region(id)) => {
                state.map_pick.set(None);
                state.enterprise.set(None);
                state.region.set(Some(id.clone()));
                if let Some(t) = target {
                    events::select_from(&t, &id, "region");
                }
            }
            None => {
                state.map_pick.set(None);
                state.region.set(None);
            }
        }
    };
    let on_click = {
        let (pointers, peek, pick) = (pointers.clone(), peek.clone(), pick.clone());
        move |ev: leptos::ev::MouseEvent| {
            if pointers.borrow_mut().click_was_pan() {
                return;
            }
            let (x, y) = local_point(ev.client_x() as f64, ev.client_y() as f64);
            let mut hit = None;
            peek(&mut |p| hit = hit_at(p, x, y));
            pick(ev.current_target(), hit);
        }
    };
    let on_dblclick = {
        let with = with.clone();
        move |ev: leptos::ev::MouseEvent| {
            ev.prevent_default();
            let (x, y) = local_point(ev.client_x() as f64, ev.client_y() as f64);
            with(&mut |p| p.zoom_at(2.0, x, y));
        }
    };
    let on_key = {
        let (with, pick) = (with.clone(), pick.clone());
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
            let direction = match key.as_str() {
                "ArrowLeft" => Some((-1.0, 0.0)),
                "ArrowRight" => Some((1.0, 0.0)),
                "ArrowUp" => Some((0.0, -1.0)),
                "ArrowDown" => Some((0.0, 1.0)),
                _ => None,
            };
            match key.as_str() {
                "Escape" => pick(None, None),
                "+" | "=" => with(&mut |p| p.zoom_at(1.25, w / 2.0, h / 2.0)),
                "-" | "_" => with(&mut |p| p.zoom_at(0.8, w / 2.0, h / 2.0)),
                "0" => with(&mut |p| p.fit_view()),
                "Enter" | " " => {
                    ev.prevent_default();
                    let mut id = None;
                    with(&mut |p| {
                        id = p
                            .active
                            .and_then(|r| p.content.scene.ids.get(r).cloned().flatten());
                    });
                    if let Some(id) = id {
                        pick(ev.current_target(), Some(Hit::Region(id)));
                    }
                }
                _ => {
                    let Some((dx, dy)) = direction else { return };
                    ev.prevent_default();
                    if ev.shift_key() {
                        with(&mut |p| {
                            p.view.tx -= dx * 40.0;
                            p.view.ty -= dy * 40.0;
                        });
                        return;
                    }
                    let mut said = None;
                    with(&mut |p| {
                        let scene = p.content.scene.clone();
                        let next = match p.active.or(p.selected) {
                            Some(r) => scene.neighbour(r, dx, dy).or(Some(r)),
                            None => scene.reading_order().first().copied(),
                        };
                        p.active = next;
                        if let Some(r) = next {
                            p.reveal(r);
                            let metric = metric_label(lang.get_untracked(), &p.options.metric);
                            said = Some(describe_region(&p.content, r, &metric));
                        }
                    });
                    if let Some(text) = said {
                        announce.set(text);
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
                        p.fit_view()
                    } else {
                        p.zoom_at(factor, w / 2.0, h / 2.0)
                    }
                });
            }
        }
    };
    let regions = scene.ids.iter().flatten().count();
    let keys = metric_keys(&loaded.chain);
    let dates = project_dates(&loaded.chain);
    view! {
        <MapControls state keys dates />
        <div class="lm-map-stage">
            <div class="lm-zoom" role="toolbar" aria-label=tr(lang, Msg::Zoom)>
                <button type="button" class="lm-button" on:click=handler(zoom_button(1.25)) aria-label=tr(lang, Msg::ZoomIn)>"+"</button>
                <button type="button" class="lm-button" on:click=handler(zoom_button(0.8)) aria-label=tr(lang, Msg::ZoomOut)>"−"</button>
                <button type="button" class="lm-button" on:click=handler(zoom_button(0.0))>{tr(lang, Msg::Fit)}</button>
            </div>
            <canvas node_ref=canvas_ref class="lm-map-surface" tabindex="0" role="application"
                aria-roledescription=tr(lang, Msg::HeatMap)
                aria-label=move || format!("{}：{regions}", i18n::text(lang.get(), Msg::HeatMap))
                aria-describedby="lm-map-help"
                on:wheel=handler(on_wheel) on:pointerdown=handler(on_down) on:pointermove=handler(on_move) on:pointerup=handler(on_up.clone())
                on:pointercancel=handler(on_up) on:pointerleave=handler(move |_: leptos::ev::PointerEvent| hide_tip(tip_ref)) on:click=handler(on_click) on:dblclick=handler(on_dblclick)
                on:keydown=handler(on_key) on:focus=handler(on_focus) on:blur=handler(on_blur)>
            </canvas>
            <p id="lm-map-help" class="lm-visually-hidden">{tr(lang, Msg::MapHelp)}</p>
            <div node_ref=tip_ref class="lm-tip" role="tooltip" hidden></div>
            <p class="lm-visually-hidden" role="status" aria-live="polite">{move || announce.get()}</p>
        </div>
        {move || {
            let c = current.get();
            map_legend(lang.get(), &options.get(), &c.0)
        }}
    }
}

/// The content as a signal value (compared by identity).
#[derive(Clone)]
struct ContentHandle(Arc<Content>);

impl PartialEq for ContentHandle {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// What a click or Enter picked.
#[derive(Clone, Debug)]
enum Hit {
    Marker(MarkerKind, usize),
    Region(String),
}

fn hit_at(p: &Painter, x: f64, y: f64) -> Option<Hit> {
    if let Some(m) = p.marker_at(x, y).and_then(|i| p.content.markers.get(i)) {
        return Some(Hit::Marker(m.kind, m.item));
    }
    p.region_at(x, y)
        .and_then(|r| p.content.scene.ids.get(r).cloned().flatten())
        .map(Hit::Region)
}

/// The layer switches, metric, classes, heat and time controls.
#[component]
fn MapControls(
    state: AppState,
    keys: Vec<String>,
    dates: Option<(String, String)>,
) -> impl IntoView {
    let lang = state.lang;
    let options = state.map;
    let toggle = move |msg: Msg, get: fn(&MapOptions) -> bool, set: fn(&mut MapOptions, bool)| {
        view! {
            <label class="lm-check">
                <input type="checkbox" prop:checked=move || options.with(get)
                    on:change=handler(move |ev: leptos::ev::Event| {
                        let on = event_target_checked(&ev);
                        options.update(|o| set(o, on));
                    }) />
                {tr(lang, msg)}
            </label>
        }
    };
    let metric_options = {
        let keys = keys.clone();
        move || {
            let lang = lang.get();
            let mut all = vec![
                MapMetric::Enterprises,
                MapMetric::Investment,
                MapMetric::Coverage,
                MapMetric::Opportunities,
            ];
            all.extend(keys.iter().map(|k| MapMetric::Key(k.clone())));
            all.into_iter()
                .map(|m| {
                    let name = m.name();
                    let label = metric_label(lang, &m);
                    let selected = options.with(|o| o.metric == m);
                    view! { <option value=name selected=selected>{label}</option> }
                })
                .collect::<Vec<_>>()
        }
    };
    let months = dates
        .as_ref()
        .map(|(a, b)| months(a, b))
        .unwrap_or_default();
    let n_months = months.len();
    let month_at = {
        let months = months.clone();
        move |i: usize| months.get(i).cloned()
    };
    let slider_value = {
        let months = months.clone();
        move || {
            options.with(|o| match &o.until {
                Some(t) => months
                    .iter()
                    .position(|m| m >= t)
                    .unwrap_or(months.len().saturating_sub(1)),
                None => months.len().saturating_sub(1),
            })
        }
    };
    let playing = RwSignal::new(false);
    let first_month = months.first().cloned();
    let step = {
        let month_at = month_at.clone();
        let slider_value = slider_value.clone();
        move || {
            let next = slider_value() + 1;
            if next >= n_months {
                playing.set(false);
                options.update(|o| o.until = None);
            } else {
                options.update(|o| o.until = month_at(next));
            }
        }
    };
    // Replaying steps a month at a time (discrete steps, so reduced motion changes nothing).
    // Each run of this effect (play pressed, or a step taken) arms one timer; an older timer
    // finds the generation moved on and does nothing. After the view is gone the timer finds
    // its signals disposed and stops.
    let generation = Rc::new(std::cell::Cell::new(0u32));
    effect(move || {
        options.track();
        let on = playing.get();
        let armed = generation.get().wrapping_add(1);
        generation.set(armed);
        if !on {
            return;
        }
        let (step, generation) = (step.clone(), generation.clone());
        timeout(
            move || {
                if generation.get() == armed && playing.try_get_untracked() == Some(true) {
                    step();
                }
            },
            std::time::Duration::from_millis(500),
        );
    });
    let show_time = n_months > 1;
    view! {
        <div class="lm-map-controls">
            <fieldset class="lm-layers">
                <legend>{tr(lang, Msg::Layers)}</legend>
                {toggle(Msg::Choropleth, |o| o.choropleth, |o, v| o.choropleth = v)}
                {toggle(Msg::Heat, |o| o.heat, |o, v| o.heat = v)}
                {toggle(Msg::Parks, |o| o.parks, |o, v| o.parks = v)}
                {toggle(Msg::Projects, |o| o.projects, |o, v| o.projects = v)}
                {toggle(Msg::Enterprises, |o| o.enterprises, |o, v| o.enterprises = v)}
                {toggle(Msg::Opportunities, |o| o.opportunities, |o, v| o.opportunities = v)}
                {toggle(Msg::RegionFlows, |o| o.flows, |o, v| o.flows = v)}
                {toggle(Msg::Labels, |o| o.labels, |o, v| o.labels = v)}
            </fieldset>
            <label class="lm-field">{tr(lang, Msg::Metric)}
                <select class="lm-select" on:change=handler(move |ev: leptos::ev::Event| {
                    if let Some(m) = MapMetric::from_name(&event_target_value(&ev)) {
                        options.update(|o| o.metric = m);
                    }
                })>{metric_options}</select>
            </label>
            <label class="lm-field">{tr(lang, Msg::Breaks)}
                <select class="lm-select" on:change=handler(move |ev: leptos::ev::Event| {
                    let b = match event_target_value(&ev).as_str() {
                        "quantile" => Breaks::Quantile,
                        "equal" => Breaks::EqualInterval,
                        _ => Breaks::NaturalBreaks,
                    };
                    options.update(|o| o.breaks = b);
                })>
                    <option value="natural">{tr(lang, Msg::BreaksNatural)}</option>
                    <option value="quantile">{tr(lang, Msg::BreaksQuantile)}</option>
                    <option value="equal">{tr(lang, Msg::BreaksEqual)}</option>
                </select>
            </label>
            <label class="lm-field">{tr(lang, Msg::HeatOf)}
                <select class="lm-select" on:change=handler(move |ev: leptos::ev::Event| {
                    let s = if event_target_value(&ev) == "projects" { HeatSource::Projects } else { HeatSource::Enterprises };
                    options.update(|o| o.heat_source = s);
                })>
                    <option value="enterprises">{tr(lang, Msg::Enterprises)}</option>
                    <option value="projects">{tr(lang, Msg::Projects)}</option>
                </select>
            </label>
            <label class="lm-field">{tr(lang, Msg::Radius)}
                <input type="range" min="6" max="80" step="2" prop:value=move || options.with(|o| crate::num::short(o.radius_px))
                    on:input=handler(move |ev: leptos::ev::Event| {
                        if let Some(r) = crate::num::decimal(&event_target_value(&ev)) {
                            options.update(|o| o.radius_px = r);
                        }
                    }) />
            </label>
            <Show when=move || show_time>
                <div class="lm-field lm-time">
                    <button type="button" class="lm-button" aria-pressed=move || if playing.get() { "true" } else { "false" }
                        on:click={let first_month = first_month.clone(); handler(move |_: leptos::ev::MouseEvent| {
                            // Playing from "all" starts again from the first month.
                            if !playing.get_untracked() && options.with_untracked(|o| o.until.is_none()) {
                                options.update(|o| o.until = first_month.clone());
                            }
                            playing.update(|p| *p = !*p);
                        })}>
                        {move || i18n::text(lang.get(), if playing.get() { Msg::Pause } else { Msg::Play })}
                    </button>
                    <label>{tr(lang, Msg::Until)}
                        <input type="range" min="0" max=n_months.saturating_sub(1).to_string() step="1"
                            prop:value={let v = slider_value.clone(); move || v().to_string()}
                            on:input={let month_at = month_at.clone(); handler(move |ev: leptos::ev::Event| {
                                if let Ok(i) = event_target_value(&ev).parse::<usize>() {
                                    let until = if i + 1 >= n_months { None } else { month_at(i) };
                                    options.update(|o| o.until = until);
                                }
                            })} />
                    </label>
                    <output>{move || options.with(|o| o.until.as_deref().and_then(|t| t.get(..7)).map(str::to_owned)).unwrap_or_else(|| i18n::text(lang.get(), Msg::All).to_owned())}</output>
                </div>
            </Show>
        </div>
    }
}

/// The legend: choropleth classes, heat ramp, park levels, project statuses.
fn map_legend(lang: Lang, options: &MapOptions, c: &Content) -> impl IntoView + use<> {
    let swatch = |fill: String| {
        view! { <svg class="lm-swatch" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true"><rect width="14" height="14" rx="2" fill=fill></rect></svg> }
    };
    let classes = options.choropleth.then(|| {
        let items = c
            .legend
            .classes
            .iter()
            .map(|k| view! { <li>{swatch(hex(k.rgb))}{k.label.clone()}</li> })
            .collect::<Vec<_>>();
        view! {
            <div class="lm-legend-group">
                <h4>{metric_label(lang, &options.metric)}</h4>
                <ul class="lm-legend">{items}<li>{swatch(hex(c.legend.no_data_rgb))}{i18n::text(lang, Msg::NoData)}</li></ul>
            </div>
        }
    });
    let heat = options.heat.then(|| {
        let stops = (0..=8)
            .map(|i| {
                let t = i as f32 / 8.0;
                let offset = format!("{}%", i * 100 / 8);
                view! { <stop offset=offset stop-color=hex(HEAT_RAMP.at(t))></stop> }
            })
            .collect::<Vec<_>>();
        view! {
            <div class="lm-legend-group">
                <h4>{i18n::text(lang, Msg::Heat)}</h4>
                <svg class="lm-ramp" width="160" height="12" viewBox="0 0 160 12" aria-hidden="true">
                    <defs><linearGradient id="lm-heat-ramp">{stops}</linearGradient></defs>
                    <rect width="160" height="12" rx="2" fill="url(#lm-heat-ramp)"></rect>
                </svg>
                <span class="lm-legend-meaning">{match options.heat_source { HeatSource::Enterprises => i18n::text(lang, Msg::Enterprises), HeatSource::Projects => i18n::text(lang, Msg::MetricInvestment) }}</span>
            </div>
        }
    });
    let parks = options.parks.then(|| {
        let items = [
            crate::model::ParkLevel::National,
            crate::model::ParkLevel::Provincial,
            crate::model::ParkLevel::Municipal,
        ]
        .into_iter()
        .map(|l| view! { <li>{swatch(park_colour(Some(l)).to_owned())}{i18n::park_level(lang, l)}</li> })
        .collect::<Vec<_>>();
        view! { <div class="lm-legend-group"><h4>{i18n::text(lang, Msg::Parks)}"（◆）"</h4><ul class="lm-legend">{items}</ul></div> }
    });
    let projects = options.projects.then(|| {
        let items = crate::model::Status::ALL
            .iter()
            .filter(|s| **s != crate::model::Status::Target)
            .map(|s| view! { <li>{swatch(status_colour(Some(*s)).to_owned())}{i18n::status(lang, *s)}</li> })
            .collect::<Vec<_>>();
        view! { <div class="lm-legend-group"><h4>{i18n::text(lang, Msg::Projects)}"（●）"</h4><ul class="lm-legend">{items}</ul></div> }
    });
    view! { <div class="lm-map-legend" aria-label=i18n::text(lang, Msg::Legend)>{classes}{heat}{parks}{projects}</div> }
}

/// The map as shown, as a standalone SVG document (the core's export with these options).
pub fn export_svg(
    loaded: &Loaded,
    scene: &Arc<MapScene>,
    options: &MapOptions,
    link: Option<usize>,
    lang: Lang,
) -> String {
    crate::render::map_svg::export(&loaded.chain, scene, options, link, lang)
}
