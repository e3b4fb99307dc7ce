//! The chain map view: the layered layout drawn as SVG, with pan (drag), zoom (wheel, buttons),
//! selection by click, tap or keyboard, and the selection's upstream/downstream chain highlighted.

use crate::hash::Set as HashSet;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::canvas_view::CanvasView;
use super::erase::{effect, effect_with, handler, tr};
use super::surface::Watch;
use super::{AppState, Loaded, Renderer, events};
use crate::i18n::{self, Msg};
use crate::layout::{Layout, LayoutOptions, NodeKind, layout_chain};
use crate::model::Lang;
use crate::num::{d1, short};
use crate::render::fan::{FAN_RADIUS, FAN_STEP, enterprise_fan};
use crate::render::gap_style;
use crate::render::scene::Step;

/// Smallest scale the first view uses, so that 13 px labels stay legible.
const READABLE: f64 = 0.8;

/// The viewBox: x, y, width, height in layout units.
type ViewBox = [f64; 4];

/// A pinch under way: the fingers' first distance and midpoint (client px), and the viewBox then.
type Pinch = (f64, (f64, f64), ViewBox);

/// The scale (px per layout unit) at which the `whole` drawing fits a `width` × `height` px box
/// below its top `top` px; `None` for a box with no room.
fn fit_scale(width: f64, height: f64, whole: ViewBox, top: f64) -> Option<f64> {
    (width >= 1.0 && height >= top + 1.0).then(|| (width / whole[2]).min((height - top) / whole[3]))
}

/// The `whole` drawing (a viewBox) in a `width` × `height` px box with its top `top` px below
/// the box's (clear of the zoom buttons over it).
fn whole_view(width: f64, height: f64, whole: ViewBox, top: f64) -> ViewBox {
    let Some(k) = fit_scale(width, height, whole, top) else {
        return whole;
    };
    let pad = top / k;
    [whole[0], whole[1] - pad, whole[2], whole[3] + pad]
}

/// The first view of a `whole` drawing in a `width` × `height` px box whose top `top` px the
/// zoom buttons cover: `None` (the whole drawing, [`whole_view`]) when its text stays at least
/// [`READABLE`] of its size there or the box is empty, else the drawing's top, centred across,
/// at that scale (fit still shows it all).
fn first_view(width: f64, height: f64, whole: ViewBox, top: f64) -> Option<ViewBox> {
    let fit = fit_scale(width, height, whole, top)?;
    if fit >= READABLE {
        return None;
    }
    let k = (width / whole[2]).clamp(READABLE, 1.0);
    let (w, h) = (width / k, height / k);
    Some([(whole[2] - w).min(0.0) / 2.0, -top / k, w, h])
}

/// Lays out `loaded` for `lang` with the `collapsed` groups folded.
pub fn layout_for(loaded: &Loaded, lang: Lang, collapsed: &HashSet<String>) -> Layout {
    layout_chain(
        &loaded.chain,
        &LayoutOptions {
            lang,
            collapsed: collapsed.clone(),
            ..LayoutOptions::default()
        },
    )
}

/// Each link's gap class as drawn, in document order: the chain's own, or, with a map region
/// selected, the class its enterprises in that region alone would give (so the chain shows what
/// the region has and lacks).
pub fn shown_gaps(loaded: &Loaded, region: Option<&str>) -> Vec<crate::model::GapClass> {
    match region {
        Some(region) => loaded
            .chain
            .region_gaps(&crate::analysis::GapRules::default(), region),
        None => loaded.stats.links.iter().map(|l| l.gap).collect(),
    }
}

/// The gap class drawn for link `id` (`gaps` from [`shown_gaps`]).
pub fn shown_gap(
    loaded: &Loaded,
    gaps: &[crate::model::GapClass],
    id: &str,
) -> Option<crate::model::GapClass> {
    loaded
        .chain
        .link_index(id)
        .and_then(|i| gaps.get(i))
        .copied()
}

/// The links highlighted with a selection: it and everything upstream and downstream of it along
/// the drawn forward flows. Back edges (recycling, services) are left out, or in a chain with a
/// recycling loop everything would be upstream of everything.
fn highlighted(layout: &Layout, selected: Option<&str>) -> Option<HashSet<String>> {
    let selected = selected?;
    let mut set: HashSet<String> = HashSet::from_iter([selected.to_owned()]);
    for downstream in [true, false] {
        let mut frontier = vec![selected.to_owned()];
        let mut seen: HashSet<String> = HashSet::from_iter([selected.to_owned()]);
        while let Some(at) = frontier.pop() {
            for e in layout.edges.iter().filter(|e| !e.back) {
                let (here, next) = if downstream {
                    (&e.from, &e.to)
                } else {
                    (&e.to, &e.from)
                };
                if *here == at && seen.insert(next.clone()) {
                    frontier.push(next.clone());
                    set.insert(next.clone());
                }
            }
        }
    }
    Some(set)
}

/// The link a keyboard step leads to: along a drawn flow (the nearest across the flow), or the
/// neighbour above or below in the same layer.
fn neighbour(layout: &Layout, from: &str, step: Step) -> Option<String> {
    let here = layout
        .nodes
        .iter()
        .find(|n| n.kind == NodeKind::Link && n.id == from)?;
    let candidates: Vec<&str> = match step {
        Step::Downstream => layout
            .edges
            .iter()
            .filter(|e| e.from == from && !e.back)
            .map(|e| e.to.as_str())
            .collect(),
        Step::Upstream => layout
            .edges
            .iter()
            .filter(|e| e.to == from && !e.back)
            .map(|e| e.from.as_str())
            .collect(),
        Step::Previous | Step::Next => layout
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Link && n.id != from && (n.x - here.x).abs() < 0.5)
            .filter(|n| {
                if step == Step::Next {
                    n.y > here.y
                } else {
                    n.y < here.y
                }
            })
            .map(|n| n.id.as_str())
            .collect(),
    };
    candidates
        .into_iter()
        .filter_map(|id| {
            layout
                .nodes
                .iter()
                .find(|n| n.kind == NodeKind::Link && n.id == id)
        })
        .min_by(|a, b| {
            (a.y - here.y)
                .abs()
                .total_cmp(&(b.y - here.y).abs())
                .then(a.id.cmp(&b.id))
        })
        .map(|n| n.id.clone())
}

/// Moves keyboard focus to the node of link `id` in the same shadow root as `from`.
fn focus_node(from: &web_sys::EventTarget, id: &str) {
    let root = from.dyn_ref::<web_sys::Node>().map(|n| n.get_root_node());
    let Some(root) = root.and_then(|r| r.dyn_into::<web_sys::ShadowRoot>().ok()) else {
        return;
    };
    let selector = format!(
        "g[data-kind=\"link\"][data-id=\"{}\"]",
        id.replace('\\', "\\\\").replace('"', "\\\"")
    );
    if let Some(node) = root
        .query_selector(&selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::SvgElement>().ok())
    {
        let _ = node.focus();
    }
}

/// Folds a group if it is unfolded, and the other way round.
pub fn toggle_fold(state: AppState, id: &str) {
    state.collapsed.update(|c| {
        if !c.remove(id) {
            c.insert(id.to_owned());
        }
    });
}

/// Label lines with a trailing space wherever two Latin words were split across lines.
fn spaced_lines(lines: &[String]) -> Vec<String> {
    let mut out: Vec<String> = lines.to_vec();
    for i in 1..out.len() {
        let starts_latin = out
            .get(i)
            .and_then(|l| l.chars().next())
            .is_some_and(|c| c.is_ascii_alphanumeric());
        if let Some(prev) = out.get_mut(i - 1)
            && starts_latin
            && prev
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == ',')
        {
            prev.push(' ');
        }
    }
    out
}

/// Links above which the automatic renderer draws on a canvas instead of SVG. Measured in headless
/// Chromium (data in hand → first frame, medians of 3): at 100–300 links the two are within noise
/// of each other, at 800 the canvas takes 527 ms against the SVG view's 743 ms, at 3,000 527 ms
/// against 1.7 s (see BENCHMARKS.md). Up to here SVG gives crisp text and one focusable element per
/// link; above it keyboard users get the canvas's arrow-key navigation and the table view.
pub const SVG_LIMIT: usize = 250;

/// The chain view: SVG for small chains (crisp, one focusable element per link), canvas above
/// [`SVG_LIMIT`] links or when the host asks for it with `renderer="canvas"`.
#[component]
pub fn ChainView(state: AppState, loaded: Arc<Loaded>) -> impl IntoView {
    let links = loaded.chain.document().links.len();
    move || {
        let canvas = match state.renderer.get() {
            Renderer::Svg => false,
            Renderer::Canvas => true,
            Renderer::Auto => links > SVG_LIMIT,
        };
        if canvas {
            let from = loaded.clone();
            let layout = Memo::new(move |_| {
                let collapsed = state.collapsed.get();
                Arc::new(layout_for(&from, state.lang.get(), &collapsed))
            });
            view! { <CanvasView state loaded=loaded.clone() layout /> }.into_any()
        } else {
            view! { <SvgView state loaded=loaded.clone() /> }.into_any()
        }
    }
}

/// The SVG chain view with its zoom controls.
#[component]
fn SvgView(state: AppState, loaded: Arc<Loaded>) -> impl IntoView {
    let lang = state.lang;
    let layout_loaded = loaded.clone();
    let layout = Memo::new(move |_| {
        let collapsed = state.collapsed.get();
        Arc::new(layout_for(&layout_loaded, lang.get(), &collapsed))
    });
    // A selected link hidden in a folded group unfolds its ancestors.
    let unfold_loaded = loaded.clone();
    effect(move || {
        let Some(id) = state.selected.get() else {
            return;
        };
        let chain = &unfold_loaded.chain;
        let Some(mut at) = chain.link_index(&id) else {
            return;
        };
        let mut ancestors = Vec::new();
        while let Some(p) = chain.parent(at) {
            if ancestors.len() > chain.document().links.len() {
                break;
            }
            if let Some(link) = chain.document().links.get(p) {
                ancestors.push(link.id.clone());
            }
            at = p;
        }
        if ancestors
            .iter()
            .any(|a| state.collapsed.with_untracked(|c| c.contains(a)))
        {
            state.collapsed.update(|c| {
                ancestors.iter().for_each(|a| {
                    c.remove(a);
                })
            });
        }
    });
    let filter_loaded = loaded.clone();
    let passing = Memo::new(move |_| {
        state
            .filter
            .with(|f| (!f.is_open()).then(|| super::filter::matching(&filter_loaded, f)))
    });
    let lit = Memo::new(move |_| layout.with(|l| highlighted(l, state.selected.get().as_deref())));
    let whole = move || layout.with_untracked(|l| [0.0, 0.0, l.width.max(1.0), l.height.max(1.0)]);
    let full = move || {
        layout.track();
        whole()
    };
    let view_box = RwSignal::new(full());
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    let zoom_ref = NodeRef::<leptos::html::Div>::new();
    // The drawing's box (CSS px) and how far down the zoom buttons over its top reach.
    let measure = move || {
        let svg = svg_ref.get_untracked()?.get_bounding_client_rect();
        let top = zoom_ref.get_untracked().map_or(0.0, |z| {
            let zoom = z.get_bounding_client_rect();
            if zoom.height() > 0.0 {
                (zoom.bottom() - svg.top()).clamp(0.0, svg.height() / 4.0)
            } else {
                0.0
            }
        });
        Some((svg.width(), svg.height(), top))
    };
    // The whole drawing, its top clear of the zoom buttons.
    let fitted = move || {
        let whole = whole();
        measure().map_or(whole, |(w, h, top)| whole_view(w, h, whole, top))
    };
    // A selection made elsewhere (search, select(id)) is brought into view.
    let reveal = move |id: &str| {
        let at = layout.with_untracked(|l| {
            l.nodes
                .iter()
                .find(|n| n.kind == NodeKind::Link && n.id == id)
                .map(|n| (n.x, n.y))
        });
        let Some((x, y)) = at else { return };
        let vb = view_box.get_untracked();
        if x < vb[0] || x > vb[0] + vb[2] || y < vb[1] || y > vb[1] + vb[3] {
            view_box.set([x - vb[2] / 2.0, y - vb[3] / 2.0, vb[2], vb[3]]);
        }
    };
    // A new layout (language change) or a fit request resets the view. The first view of a new
    // layout is readable (see `first_view`). A size watcher on the drawing chooses it again for
    // a new size while the user has not moved it (`chosen`: that view, and whether it was a
    // fit): panels that appear, a height the page gives, a phone turned. While the drawing has
    // no box (a host's closed tab, dialog or `<details>`) the view waits for one (`deferred`).
    let deferred = Rc::new(std::cell::Cell::new(false));
    let chosen: Rc<std::cell::Cell<Option<(ViewBox, bool)>>> = Rc::default();
    let mut watch: Option<Watch> = None;
    effect_with(move |previous: Option<u32>| {
        let fits = state.fit.get();
        let drawing = full();
        let asked_to_fit = previous.is_some_and(|p| p != fits);
        let svg = svg_ref.get();
        if let Some(svg) = svg.as_ref().filter(|_| watch.is_none()) {
            let (deferred, chosen) = (deferred.clone(), chosen.clone());
            watch = Watch::new(
                svg,
                Box::new(move || {
                    let Some((w, h, top)) = measure().filter(|&(w, h, _)| w >= 1.0 && h >= 1.0)
                    else {
                        return;
                    };
                    let first_size = deferred.replace(false);
                    let fit = match chosen.get() {
                        _ if first_size => false,
                        Some((shown, fit)) if shown == view_box.get_untracked() => fit,
                        _ => return, // moved by the user: the drawing keeps it
                    };
                    let next = (!fit)
                        .then(|| first_view(w, h, whole(), top))
                        .flatten()
                        .unwrap_or_else(fitted);
                    view_box.set(next);
                    chosen.set(Some((next, fit)));
                    if let Some(id) = state.selected.get_untracked() {
                        reveal(&id);
                    }
                }),
            );
        }
        let size = svg.and_then(|_| measure());
        let laid_out = size.is_some_and(|(w, h, _)| w >= 1.0 && h >= 1.0);
        deferred.set(!asked_to_fit && !laid_out);
        let readable = size
            .filter(|_| !asked_to_fit)
            .and_then(|(w, h, top)| first_view(w, h, drawing, top));
        let next = readable.unwrap_or_else(fitted);
        view_box.set(next);
        chosen.set(laid_out.then_some((next, asked_to_fit)));
        fits
    });
    // Also after the layout changed (folding, language) and the view was reset.
    effect(move || {
        layout.track();
        if let Some(id) = state.selected.get() {
            reveal(&id);
        }
    });
    let zoom = move |factor: f64| {
        view_box.update(|vb| {
            let (cx, cy) = (vb[0] + vb[2] / 2.0, vb[1] + vb[3] / 2.0);
            let (w, h) = (vb[2] * factor, vb[3] * factor);
            *vb = [cx - w / 2.0, cy - h / 2.0, w, h];
        })
    };
    let drag: RwSignal<Option<(f64, f64, ViewBox, bool)>> = RwSignal::new(None);
    // Layout units per screen pixel, from the element's size and the viewBox ("meet").
    let scale = move || -> f64 {
        let vb = view_box.get_untracked();
        svg_ref.get_untracked().map_or(1.0, |svg| {
            let rect = svg.get_bounding_client_rect();
            (vb[2] / rect.width().max(1.0)).max(vb[3] / rect.height().max(1.0))
        })
    };
    let on_wheel = move |ev: leptos::ev::WheelEvent| {
        ev.prevent_default();
        let Some(svg) = svg_ref.get_untracked() else {
            return;
        };
        let rect = svg.get_bounding_client_rect();
        let vb = view_box.get_untracked();
        let k = scale();
        // The point under the pointer stays put.
        let ox = (rect.width() - vb[2] / k) / 2.0;
        let oy = (rect.height() - vb[3] / k) / 2.0;
        let x = vb[0] + (ev.client_x() as f64 - rect.left() - ox) * k;
        let y = vb[1] + (ev.client_y() as f64 - rect.top() - oy) * k;
        let factor = (ev.delta_y() / 400.0).exp().clamp(0.5, 2.0);
        let (w, h) = (vb[2] * factor, vb[3] * factor);
        view_box.set([x - (x - vb[0]) * factor, y - (y - vb[1]) * factor, w, h]);
    };
    // Active pointers (id, x, y) and, with two of them, the pinch that started: the distance
    // between them, their midpoint (client px) and the viewBox then.
    let pointers: RwSignal<Vec<(i32, f64, f64)>> = RwSignal::new(Vec::new());
    let pinch: RwSignal<Option<Pinch>> = RwSignal::new(None);
    let two = move || -> Option<((f64, f64), (f64, f64))> {
        let p = pointers.get_untracked();
        match p.as_slice() {
            [a, b] => Some(((a.1, a.2), (b.1, b.2))),
            _ => None,
        }
    };
    let on_down = move |ev: leptos::ev::PointerEvent| {
        let id = ev.pointer_id();
        let (x, y) = (ev.client_x() as f64, ev.client_y() as f64);
        pointers.update(|p| {
            p.retain(|q| q.0 != id);
            p.push((id, x, y));
        });
        if let Some((a, b)) = two() {
            let d = (a.0 - b.0).hypot(a.1 - b.1).max(1.0);
            pinch.set(Some((
                d,
                ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0),
                view_box.get_untracked(),
            )));
            drag.set(Some((x, y, view_box.get_untracked(), true))); // a pinch is never a click
            return;
        }
        if ev.button() == 0 {
            drag.set(Some((x, y, view_box.get_untracked(), false)));
        }
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        let id = ev.pointer_id();
        pointers.update(|p| {
            if let Some(q) = p.iter_mut().find(|q| q.0 == id) {
                q.1 = ev.client_x() as f64;
                q.2 = ev.client_y() as f64;
            }
        });
        if let (Some((d0, m0, vb0)), Some((a, b)), Some(svg)) =
            (pinch.get_untracked(), two(), svg_ref.get_untracked())
        {
            let rect = svg.get_bounding_client_rect();
            let k0 = (vb0[2] / rect.width().max(1.0)).max(vb0[3] / rect.height().max(1.0));
            let (ox, oy) = (
                (rect.width() - vb0[2] / k0) / 2.0,
                (rect.height() - vb0[3] / k0) / 2.0,
            );
            // The drawing point under the first midpoint follows the fingers' midpoint.
            let x0 = vb0[0] + (m0.0 - rect.left() - ox) * k0;
            let y0 = vb0[1] + (m0.1 - rect.top() - oy) * k0;
            let d = (a.0 - b.0).hypot(a.1 - b.1).max(1.0);
            let factor = (d0 / d).clamp(0.1, 10.0);
            let k = k0 * factor;
            let m = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
            view_box.set([
                x0 - (m.0 - rect.left() - ox) * k,
                y0 - (m.1 - rect.top() - oy) * k,
                vb0[2] * factor,
                vb0[3] * factor,
            ]);
            return;
        }
        let Some((sx, sy, start, moved)) = drag.get_untracked() else {
            return;
        };
        let (dx, dy) = (ev.client_x() as f64 - sx, ev.client_y() as f64 - sy);
        if !moved && dx.hypot(dy) < 4.0 {
            return;
        }
        if !moved
            && let Some(target) = ev
                .current_target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = target.set_pointer_capture(ev.pointer_id());
        }
        let k = scale();
        view_box.set([start[0] - dx * k, start[1] - dy * k, start[2], start[3]]);
        drag.set(Some((sx, sy, start, true)));
    };
    let on_up = move |ev: leptos::ev::PointerEvent| {
        let id = ev.pointer_id();
        pointers.update(|p| p.retain(|q| q.0 != id));
        if pinch.get_untracked().is_some() {
            pinch.set(None);
            return; // the drag flag set by the pinch swallows the click that may follow
        }
        // Keep the "moved" flag until the click that follows has been seen.
        let was = drag.get_untracked();
        drag.set(was.filter(|d| d.3).map(|d| (d.0, d.1, d.2, true)));
        if was.is_some_and(|d| !d.3) {
            drag.set(None);
        }
    };
    let select = move |id: Option<String>, from: web_sys::EventTarget| {
        if drag.get_untracked().is_some_and(|d| d.3) {
            drag.set(None);
            return; // that was a pan, not a click
        }
        drag.set(None);
        if let Some(id) = &id {
            events::select_from(&from, id, "link");
        }
        state.selected.set(id);
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Escape" => state.selected.set(None),
        "+" | "=" => zoom(0.8),
        "-" | "_" => zoom(1.25),
        "0" => view_box.set(fitted()),
        "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown"
            if ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::SvgElement>().ok())
                .is_some_and(|e| e.tag_name() == "svg") =>
        {
            ev.prevent_default();
            let k = 40.0 * scale();
            view_box.update(|vb| match ev.key().as_str() {
                "ArrowLeft" => vb[0] -= k,
                "ArrowRight" => vb[0] += k,
                "ArrowUp" => vb[1] -= k,
                _ => vb[1] += k,
            });
        }
        _ => {}
    };

    // The drawing (stage bands, flows, links) is built with DOM calls, not views: a chain has
    // hundreds of elements in a few shapes, and as views each shape's attributes and listeners
    // were compiled code of their own (built this way the module is 1.0 KiB gzip smaller). It is
    // rebuilt when the layout, the language or the shown gaps change, and restyled in one pass
    // (classes and `aria-pressed`) when the selection, its lit chain or the filter change, where
    // the views ran three closures per link. Pointer and key events are handled once, on the
    // drawing's group, for the link they reach.
    let drawing_ref = NodeRef::<leptos::svg::G>::new();
    let drawn: Rc<RefCell<Drawn>> = Rc::default();
    let draw_loaded = loaded.clone();
    let built = drawn.clone();
    effect(move || {
        let Some(group) = drawing_ref.get() else {
            return;
        };
        let layout = layout.get();
        let gaps = shown_gaps(&draw_loaded, state.region.get().as_deref());
        let collapsed = state.collapsed.get_untracked();
        let mut drawn = built.borrow_mut();
        *drawn = draw(&group, &layout, &draw_loaded, &gaps, &collapsed, lang.get());
        drawn.restyle(
            state.selected.get_untracked().as_deref(),
            lit.get_untracked().as_ref(),
            passing.get_untracked().as_ref(),
        );
    });
    let styled = drawn.clone();
    effect(move || {
        let selected = state.selected.get();
        let (lit, passing) = (lit.get(), passing.get());
        if let Ok(drawn) = styled.try_borrow() {
            drawn.restyle(selected.as_deref(), lit.as_ref(), passing.as_ref());
        }
    });
    let link_at = |target: Option<web_sys::EventTarget>| -> Option<(web_sys::Element, String)> {
        let node = target?
            .dyn_into::<web_sys::Element>()
            .ok()?
            .closest("g[data-kind=\"link\"]")
            .ok()??;
        let id = node.get_attribute("data-id")?;
        Some((node, id))
    };
    let on_node_click = move |ev: leptos::ev::MouseEvent| {
        if let Some((node, id)) = link_at(ev.target()) {
            ev.stop_propagation();
            select(Some(id), node.into());
        }
    };
    let fold_loaded = loaded.clone();
    let on_node_dblclick = move |ev: leptos::ev::MouseEvent| {
        if let Some((_, id)) = link_at(ev.target()) {
            ev.stop_propagation();
            let chain = &fold_loaded.chain;
            if chain
                .link_index(&id)
                .is_some_and(|i| !chain.children(i).is_empty())
            {
                toggle_fold(state, &id);
            }
        }
    };
    let on_node_key = move |ev: leptos::ev::KeyboardEvent| {
        let Some((node, id)) = link_at(ev.target()) else {
            return;
        };
        let key = ev.key();
        if matches!(key.as_str(), "Enter" | " ") {
            ev.prevent_default();
            select(Some(id), node.into());
        } else if let Some(step) = Step::from_key(&key) {
            ev.prevent_default();
            ev.stop_propagation();
            if let Some(next) = layout.with_untracked(|l| neighbour(l, &id, step)) {
                focus_node(&node, &next);
            }
        }
    };

    // The selected link's enterprises, fanned out beside it; each is a button to its details.
    let fan_loaded = loaded.clone();
    let fan = move || {
        let id = state.selected.get()?;
        let layout = layout.get();
        let lang = lang.get();
        let chain = &fan_loaded.chain;
        let (marks, more) = enterprise_fan(chain, &layout, &id);
        let last = marks.last().map(|m| (m.x, m.y, m.leftwards));
        let items = marks
            .into_iter()
            .map(|m| {
                let name = m.name(chain, lang).to_owned();
                let (tx, anchor) = m.label_at();
                let (id_click, id_key) = (m.id.clone(), m.id.clone());
                let class = if m.local { "lm-fan-mark lm-local" } else { "lm-fan-mark lm-target" };
                let label = name.clone();
                // The whole row (mark and name) takes the pointer, not only the inked pixels.
                let hit_w = crate::layout::measure::text_em(&name) * 11.0 + 2.0 * FAN_RADIUS + 8.0;
                let hit_x = if m.leftwards { m.x + FAN_RADIUS - hit_w } else { m.x - FAN_RADIUS };
                view! {
                    <g data-id=m.id.clone() data-kind="enterprise" class=class role="button" tabindex="0" aria-label=label
                        on:click=handler(move |ev: leptos::ev::MouseEvent| {
                            ev.stop_propagation();
                            if let Some(t) = ev.current_target() { events::select_from(&t, &id_click, "enterprise") }
                            state.enterprise.set(Some(id_click.clone()));
                        })
                        on:keydown=handler(move |ev: leptos::ev::KeyboardEvent| {
                            if matches!(ev.key().as_str(), "Enter" | " ") {
                                ev.prevent_default();
                                ev.stop_propagation();
                                if let Some(t) = ev.current_target() { events::select_from(&t, &id_key, "enterprise") }
                                state.enterprise.set(Some(id_key.clone()));
                            }
                        })>
                        <rect class="lm-fan-hit" x=short(hit_x) y=short(m.y - FAN_STEP / 2.0) width=short(hit_w) height=short(FAN_STEP)></rect>
                        <path d=format!("M{} {}L{} {}", d1(m.from[0]), d1(m.from[1]), d1(m.x), d1(m.y))></path>
                        <circle cx=short(m.x) cy=short(m.y) r=short(FAN_RADIUS)></circle>
                        <text x=short(tx) y=short(m.y) text-anchor=anchor dominant-baseline="central">{name}</text>
                    </g>
                }
            })
            .collect_view();
        let more = (more > 0).then(|| {
            last.map(|(x, y, left)| view! {
                <text class="lm-fan-more" x=short(x) y=short(y + FAN_STEP) text-anchor=if left { "end" } else { "start" }>{format!("+{more}")}</text>
            })
        });
        Some(view! { <g class="lm-fan">{items}{more}</g> })
    };

    view! {
        <div class="lm-chain" data-lianmap="chain" data-renderer="svg">
            // Every link is a Tab stop; this takes keyboard users past them all at once, to a
            // mark after the drawing that is a Tab stop only while it has the focus (Tab from an
            // element out of the Tab order would start again at the top of the shadow root).
            <button type="button" class="lm-button lm-skip" on:click=handler(move |ev: leptos::ev::MouseEvent| {
                let end = ev
                    .current_target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .and_then(|b| b.parent_element())
                    .and_then(|chain| chain.last_element_child())
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(end) = end {
                    end.set_tab_index(0);
                    let _ = end.focus();
                }
            })>{tr(lang, Msg::SkipChain)}</button>
            <div node_ref=zoom_ref class="lm-zoom" role="toolbar" aria-label=tr(lang, Msg::Zoom)>
                <button type="button" class="lm-button" on:click=handler(move |_: leptos::ev::MouseEvent| zoom(0.8)) aria-label=tr(lang, Msg::ZoomIn)>"+"</button>
                <button type="button" class="lm-button" on:click=handler(move |_: leptos::ev::MouseEvent| zoom(1.25)) aria-label=tr(lang, Msg::ZoomOut)>"−"</button>
                <button type="button" class="lm-button" on:click=handler(move |_: leptos::ev::MouseEvent| view_box.set(fitted()))>{tr(lang, Msg::Fit)}</button>
            </div>
            <svg node_ref=svg_ref class="lm-chain-svg" tabindex="0" role="group"
                aria-label=tr(lang, Msg::ChainMap)
                viewBox=move || { let vb = view_box.get(); format!("{} {} {} {}", d1(vb[0]), d1(vb[1]), d1(vb[2]), d1(vb[3])) }
                on:wheel=handler(on_wheel) on:pointerdown=handler(on_down) on:pointermove=handler(on_move) on:pointerup=handler(on_up) on:pointercancel=handler(on_up)
                on:keydown=handler(on_key)
                on:click=handler(move |ev: leptos::ev::MouseEvent| { if let Some(t) = ev.current_target() { select(None, t) } })>
                <defs>
                    <marker id="lm-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M0 0L8 4L0 8z" class="lm-arrow"></path>
                    </marker>
                </defs>
                <g node_ref=drawing_ref class="lm-drawing" on:click=handler(on_node_click)
                    on:dblclick=handler(on_node_dblclick) on:keydown=handler(on_node_key)></g>
                {fan}
            </svg>
            <span class="lm-skip-end" tabindex="-1" on:blur=handler(move |ev: leptos::ev::FocusEvent| {
                if let Some(end) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
                    end.set_tab_index(-1);
                }
            })></span>
        </div>
    }
}

/// The drawn elements the selection restyles: each link's group with its id and base class, each
/// flow's path with its ends and base class.
#[derive(Default)]
struct Drawn {
    links: Vec<(web_sys::Element, String, String)>,
    flows: Vec<(web_sys::Element, String, String, &'static str)>,
}

impl Drawn {
    /// Sets each link's and flow's class (and each link's `aria-pressed`) for a selection, the
    /// chain it lights and the links the filter lets through (`None`: all).
    fn restyle(
        &self,
        selected: Option<&str>,
        lit: Option<&HashSet<String>>,
        passing: Option<&HashSet<String>>,
    ) {
        let hidden = |id: &str| passing.is_some_and(|p| !p.contains(id));
        for (node, id, base) in &self.links {
            let mut class = base.clone();
            if hidden(id) {
                class.push_str(" lm-filtered");
            }
            let chosen = selected == Some(id.as_str());
            if chosen {
                class.push_str(" lm-selected");
            } else if let Some(set) = lit {
                class.push_str(if set.contains(id) {
                    " lm-on"
                } else {
                    " lm-dim"
                });
            }
            let _ = node.set_attribute("class", &class);
            let _ = node.set_attribute("aria-pressed", if chosen { "true" } else { "false" });
        }
        for (path, from, to, base) in &self.flows {
            let mut class = String::from(*base);
            if hidden(from) || hidden(to) {
                class.push_str(" lm-filtered");
            }
            match lit {
                Some(set) if set.contains(from) && set.contains(to) => class.push_str(" lm-on"),
                Some(_) => class.push_str(" lm-dim"),
                None => {}
            }
            let _ = path.set_attribute("class", &class);
        }
    }
}

/// Replaces what `group` shows with the stage bands, flows and links of `layout`.
fn draw(
    group: &web_sys::Element,
    layout: &Layout,
    loaded: &Loaded,
    gaps: &[crate::model::GapClass],
    collapsed: &HashSet<String>,
    lang: Lang,
) -> Drawn {
    group.set_text_content(None);
    let mut drawn = Drawn::default();
    let Some(document) = group.owner_document() else {
        return drawn;
    };
    let add = |parent: &web_sys::Element, tag: &str, attributes: &[(&str, &str)]| {
        let element = document
            .create_element_ns(Some("http://www.w3.org/2000/svg"), tag)
            .ok()?;
        for (name, value) in attributes {
            let _ = element.set_attribute(name, value);
        }
        parent.append_child(&element).ok()?;
        Some(element)
    };
    let (Some(stages), Some(flows), Some(links)) = (
        add(group, "g", &[("class", "lm-stages")]),
        add(group, "g", &[("class", "lm-edges")]),
        add(group, "g", &[("class", "lm-nodes")]),
    ) else {
        return drawn;
    };
    let num = short;
    // A node's box, its corners rounded by `rx`.
    let box_rect = |parent: &web_sys::Element, n: &crate::layout::LayoutNode, rx: &str| {
        let (x, y) = (n.x - n.width / 2.0, n.y - n.height / 2.0);
        add(
            parent,
            "rect",
            &[
                ("x", &num(x)),
                ("y", &num(y)),
                ("width", &num(n.width)),
                ("height", &num(n.height)),
                ("rx", rx),
            ],
        );
    };
    for n in layout.nodes.iter().filter(|n| n.kind == NodeKind::Stage) {
        let y = n.y - n.height / 2.0;
        let Some(band) = add(
            &stages,
            "g",
            &[
                ("data-id", &n.id),
                ("data-kind", "stage"),
                ("class", "lm-stage-band"),
            ],
        ) else {
            continue;
        };
        box_rect(&band, n, "8");
        if let Some(text) = add(
            &band,
            "text",
            &[
                ("x", &num(n.x)),
                ("y", &num(y + 14.0)),
                ("text-anchor", "middle"),
            ],
        ) {
            text.set_text_content(Some(&n.label.join(" ")));
        }
    }
    for e in &layout.edges {
        let d: String = e
            .points
            .iter()
            .enumerate()
            .map(|(i, p)| {
                format!(
                    "{}{} {}",
                    if i == 0 { 'M' } else { 'L' },
                    d1(p[0]),
                    d1(p[1])
                )
            })
            .collect();
        let base = if e.back { "lm-edge lm-back" } else { "lm-edge" };
        if let Some(path) = add(
            &flows,
            "path",
            &[
                ("d", &d),
                ("data-from", &e.from),
                ("data-to", &e.to),
                ("marker-end", "url(#lm-arrow)"),
            ],
        ) {
            drawn.flows.push((path, e.from.clone(), e.to.clone(), base));
        }
    }
    let line_px = 13.0 * 1.35;
    let chain = &loaded.chain;
    for n in layout.nodes.iter().filter(|n| n.kind == NodeKind::Link) {
        let gap = shown_gap(loaded, gaps, &n.id);
        let (x, y) = (n.x - n.width / 2.0, n.y - n.height / 2.0);
        // One <text> with a <tspan> per line; a space ends a line where the words were split,
        // so the text reads as the name it shows.
        let spaced = spaced_lines(&n.label);
        let visible = spaced.concat();
        let full_name = chain
            .link_index(&n.id)
            .and_then(|i| chain.document().links.get(i))
            .map(|l| l.name.get(lang))
            .unwrap_or_default();
        // The accessible name starts with the visible text; a cut name is given in full after.
        let mut label = visible.trim_end().to_owned();
        if let Some(g) = gap {
            label.push('，');
            label.push_str(i18n::gap(lang, g));
        }
        if visible.trim_end() != full_name {
            label.push('，');
            label.push_str(full_name);
        }
        let gap_name = gap.map(|g| g.as_str()).unwrap_or("none");
        let folded = chain
            .link_index(&n.id)
            .is_some_and(|i| !chain.children(i).is_empty())
            && collapsed.contains(&n.id);
        let mut attributes = vec![
            ("data-id", n.id.as_str()),
            ("data-kind", "link"),
            ("data-gap", gap_name),
            ("tabindex", "0"),
            ("role", "button"),
            ("aria-label", &label),
        ];
        if folded {
            attributes.push(("data-collapsed", "true"));
        }
        let Some(node) = add(&links, "g", &attributes) else {
            continue;
        };
        box_rect(&node, n, "5");
        if let Some(text) = add(
            &node,
            "text",
            &[("text-anchor", "middle"), ("dominant-baseline", "central")],
        ) {
            let first = n.y - (n.label.len() as f64 - 1.0) * line_px / 2.0;
            let cx = num(n.x);
            for (i, line) in spaced.iter().enumerate() {
                let line_y = num(first + i as f64 * line_px);
                if let Some(tspan) = add(&text, "tspan", &[("x", &cx), ("y", &line_y)]) {
                    tspan.set_text_content(Some(line));
                }
            }
        }
        let marks = [
            (folded, "lm-fold", num(x + 1.0), "⊕"),
            (
                true,
                "lm-node-symbol",
                num(x + n.width - 1.0),
                gap_style(gap).symbol,
            ),
        ];
        for (shown, class, mark_x, symbol) in marks {
            if !shown {
                continue;
            }
            if let Some(mark) = add(
                &node,
                "text",
                &[
                    ("class", class),
                    ("x", &mark_x),
                    ("y", &num(y + 1.0)),
                    ("text-anchor", "middle"),
                    ("dominant-baseline", "central"),
                    ("aria-hidden", "true"),
                ],
            ) {
                mark.set_text_content(Some(symbol));
            }
        }
        drawn
            .links
            .push((node, n.id.clone(), format!("lm-node lm-gap-{gap_name}")));
    }
    drawn
}
