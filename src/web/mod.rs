//! The browser shell (wasm32 only): the [`Widget`] behind `<lian-map>`, its Leptos views, loading
//! and events. Everything that touches the browser lives here; the core below knows nothing of it.
//!
//! The custom element itself is a few lines of JavaScript (`www/lianmap.js`) that attaches an
//! open shadow root and forwards attributes, properties and methods to a [`Widget`].

mod app;
mod canvas;
mod canvas_view;
mod chain_view;
pub mod component;
mod erase;
mod events;
mod filter;
mod load;
mod map_view;
mod surface;

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRoot};

use crate::analysis::{Chain, GapRules, Stats};
use crate::model::Lang;
use crate::validate::{self, Diagnostic};
use erase::{effect, effect_with};

pub use component::LianMap;

/// The stylesheet adopted by every widget's shadow root: `lianmap.css`, shrunk by `build.rs`.
const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/lianmap.min.css"));

/// A validated, analysed document ready to draw.
pub struct Loaded {
    /// The indexed document.
    pub chain: Chain,
    /// Its analysis.
    pub stats: Stats,
}

/// What the widget shows.
#[derive(Clone)]
pub enum Phase {
    /// Nothing asked for yet, or a load is under way.
    Loading,
    /// A document (possibly with problems) is shown.
    Ready(Arc<Loaded>),
    /// Nothing could be read: only the problems are shown.
    Failed,
}

/// Which view is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewKind {
    /// The layered chain map.
    Chain,
    /// The investment heat map.
    Map,
    /// Chain and map side by side (stacked on narrow screens).
    Split,
    /// The accessible table of links per stage.
    Table,
}

impl ViewKind {
    /// Reads the `view` attribute: `map`, `split` or `table`; anything else is `chain`.
    pub fn from_attribute(value: Option<&str>) -> ViewKind {
        match value.map(str::trim) {
            Some("table") => ViewKind::Table,
            Some("map") => ViewKind::Map,
            Some("split") => ViewKind::Split,
            _ => ViewKind::Chain,
        }
    }

    /// The attribute value naming it.
    pub fn as_str(self) -> &'static str {
        match self {
            ViewKind::Chain => "chain",
            ViewKind::Map => "map",
            ViewKind::Split => "split",
            ViewKind::Table => "table",
        }
    }
}

/// The map boundaries named by the `geo` attribute.
#[derive(Clone)]
pub enum GeoPhase {
    /// No `geo` attribute.
    None,
    /// Loading.
    Loading,
    /// Read and projected.
    Ready(Arc<crate::render::map::MapScene>),
    /// Could not be loaded or read: why.
    Failed(String),
}

/// How the chain view draws (the `renderer` attribute).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Renderer {
    /// SVG up to 250 links (`chain_view::SVG_LIMIT`), canvas above (the default).
    Auto,
    /// Always SVG.
    Svg,
    /// Always canvas.
    Canvas,
}

impl Renderer {
    /// Reads the `renderer` attribute (`svg`, `canvas`; anything else is `auto`).
    pub fn from_attribute(value: Option<&str>) -> Renderer {
        match value.map(str::trim) {
            Some("svg") => Renderer::Svg,
            Some("canvas") => Renderer::Canvas,
            _ => Renderer::Auto,
        }
    }
}

/// Reactive state shared by the views (all signals are `Copy`).
#[derive(Clone, Copy)]
pub struct AppState {
    /// UI language.
    pub lang: RwSignal<Lang>,
    /// Loading, ready or failed.
    pub phase: RwSignal<Phase>,
    /// Problems of the current document.
    pub diagnostics: RwSignal<Vec<Diagnostic>>,
    /// The view shown.
    pub view: RwSignal<ViewKind>,
    /// The selected link, if any.
    pub selected: RwSignal<Option<String>>,
    /// Bumped to ask the chain view to fit the whole drawing.
    pub fit: RwSignal<u32>,
    /// Groups (link ids) drawn folded.
    pub collapsed: RwSignal<crate::hash::Set<String>>,
    /// Filters of the chain and table views.
    pub filter: RwSignal<filter::Filter>,
    /// The enterprise whose detail is shown, if any.
    pub enterprise: RwSignal<Option<String>>,
    /// How the chain view draws.
    pub renderer: RwSignal<Renderer>,
    /// The map boundaries.
    pub geo: RwSignal<GeoPhase>,
    /// The selected map region (its id), if any.
    pub region: RwSignal<Option<String>>,
    /// The map's layers and choices.
    pub map: RwSignal<map_view::MapOptions>,
    /// A host image drawn under a park plan (`plan-image`), in plan units.
    pub plan_image: RwSignal<Option<String>>,
    /// The park, project or opportunity picked on the map, if any.
    pub map_pick: RwSignal<Option<(crate::render::map::MarkerKind, usize)>>,
    /// Whether the element fills the screen (the Fullscreen API).
    pub fullscreen: RwSignal<bool>,
    /// The `sync-hash` prefix when the view and selection are kept in the URL fragment.
    pub sync_hash: RwSignal<Option<String>>,
    /// An id the fragment asked to select that is not loaded yet; the fragment is not written
    /// meanwhile, so a shared link keeps its selection until it can be shown.
    pub hash_pending: RwSignal<Option<String>>,
    /// Bumped when the `theme` attribute or the system's colour scheme changes, so that canvases
    /// read their colours again.
    pub restyled: RwSignal<u32>,
}

/// One `<lian-map>`: owns its shadow content, its reactive owner and its pending loads.
/// Dropping it (`free()` from JavaScript) unmounts everything.
#[wasm_bindgen]
pub struct Widget {
    inner: Rc<Inner>,
}

struct Inner {
    host: HtmlElement,
    state: AppState,
    src: RefCell<Option<String>>,
    geo: RefCell<Option<String>>,
    geo_id: RefCell<Option<String>>,
    projection: Cell<crate::render::map::MapProjection>,
    /// Bumped by every new `geo`, so a slow response for an old one is dropped.
    geo_generation: Cell<u32>,
    /// Bumped by every new document or load, so a slow response for an old `src` is dropped.
    generation: Cell<u32>,
    mount:
        RefCell<Option<leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>>>,
    container: HtmlElement,
    /// Follows `fullscreenchange` on the document (removed on drop).
    fullscreen_listener: Option<(web_sys::Document, Closure<dyn FnMut()>)>,
    /// Follows the system's colour scheme (for `theme="auto"`), so canvases repaint in it
    /// (removed on drop).
    scheme_listener: Option<(web_sys::MediaQueryList, Closure<dyn FnMut()>)>,
    /// Follows `hashchange` on the window while `sync-hash` is set (removed on drop).
    hash_listener: RefCell<Option<Closure<dyn FnMut()>>>,
}

#[wasm_bindgen]
impl Widget {
    /// Renders into `root` (the host's shadow root); events are dispatched on `host`.
    #[wasm_bindgen(constructor)]
    pub fn new(host: HtmlElement, root: ShadowRoot) -> Result<Widget, JsValue> {
        adopt_stylesheet(&root)?;
        let document = root
            .owner_document()
            .ok_or_else(|| JsValue::from_str("no document"))?;
        // Anything left from an earlier widget on the same root goes.
        while let Some(child) = root.first_child() {
            root.remove_child(&child)?;
        }
        let container: HtmlElement = document.create_element("div")?.unchecked_into();
        container.set_class_name("lm-root");
        root.append_child(&container)?;

        let lang = initial_lang(&host);
        let slot: Rc<RefCell<Option<AppState>>> = Rc::new(RefCell::new(None));
        let slot_in = slot.clone();
        let host_for_events = host.clone();
        let handle = mount_to(container.clone(), move || {
            let state = AppState {
                lang: RwSignal::new(lang),
                phase: RwSignal::new(Phase::Loading),
                diagnostics: RwSignal::new(Vec::new()),
                view: RwSignal::new(ViewKind::Chain),
                selected: RwSignal::new(None),
                fit: RwSignal::new(0),
                collapsed: RwSignal::new(Default::default()),
                filter: RwSignal::new(Default::default()),
                enterprise: RwSignal::new(None),
                renderer: RwSignal::new(Renderer::Auto),
                geo: RwSignal::new(GeoPhase::None),
                region: RwSignal::new(None),
                map: RwSignal::new(Default::default()),
                map_pick: RwSignal::new(None),
                plan_image: RwSignal::new(None),
                fullscreen: RwSignal::new(false),
                sync_hash: RwSignal::new(None),
                hash_pending: RwSignal::new(None),
                restyled: RwSignal::new(0),
            };
            effect(move || write_hash(state));
            // Clearing (Escape, a panel's close button, clearSelection, a new document) is
            // reported too, as a `lianmap-select` whose id and kind are null.
            let cleared_on = host_for_events.clone();
            effect_with(move |was: Option<bool>| {
                let selected = selection_id(state).is_some();
                if was == Some(true) && !selected {
                    events::cleared(&cleared_on);
                }
                selected
            });
            *slot_in.borrow_mut() = Some(state);
            app::App(app::AppProps { state }).into_any()
        });
        let state = slot
            .borrow_mut()
            .take()
            .ok_or_else(|| JsValue::from_str("the view did not start"))?;
        let fullscreen_listener = {
            let (doc, host, signal) = (document.clone(), host.clone(), state.fullscreen);
            let listener = Closure::<dyn FnMut()>::new(move || {
                let full = doc
                    .fullscreen_element()
                    .is_some_and(|e| e == *host.unchecked_ref::<web_sys::Element>());
                let _ = signal.try_set(full);
            });
            document
                .add_event_listener_with_callback(
                    "fullscreenchange",
                    listener.as_ref().unchecked_ref(),
                )
                .ok()
                .map(|()| (document.clone(), listener))
        };
        let scheme_listener = {
            let restyled = state.restyled;
            let listener = Closure::<dyn FnMut()>::new(move || {
                let _ = restyled.try_update(|n| *n = n.wrapping_add(1));
            });
            web_sys::window()
                .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
                .and_then(|query| {
                    query
                        .add_event_listener_with_callback(
                            "change",
                            listener.as_ref().unchecked_ref(),
                        )
                        .ok()
                        .map(|()| (query, listener))
                })
        };
        Ok(Widget {
            inner: Rc::new(Inner {
                host,
                state,
                src: RefCell::new(None),
                geo: RefCell::new(None),
                geo_id: RefCell::new(None),
                projection: Cell::new(Default::default()),
                geo_generation: Cell::new(0),
                generation: Cell::new(0),
                mount: RefCell::new(Some(handle)),
                container,
                fullscreen_listener,
                scheme_listener,
                hash_listener: RefCell::new(None),
            }),
        })
    }

    /// Reacts to an observed attribute (`src`, `geo`, `view`, `lang`, `theme`, `renderer`);
    /// `None` when removed.
    #[wasm_bindgen(js_name = setAttribute)]
    pub fn set_attribute(&self, name: &str, value: Option<String>) {
        let state = self.inner.state;
        match name {
            "lang" => state.lang.set(
                value
                    .as_deref()
                    .and_then(Lang::from_tag)
                    .unwrap_or_else(|| initial_lang(&self.inner.host)),
            ),
            "view" => state.view.set(ViewKind::from_attribute(value.as_deref())),
            "renderer" => state
                .renderer
                .set(Renderer::from_attribute(value.as_deref())),
            "src" => {
                let changed = *self.inner.src.borrow() != value;
                *self.inner.src.borrow_mut() = value;
                if changed {
                    self.load();
                }
            }
            "projection" => {
                let projection =
                    crate::render::map::MapProjection::from_attribute(value.as_deref());
                if projection != self.inner.projection.get() {
                    self.inner.projection.set(projection);
                    self.load_geo();
                }
            }
            "plan-image" => state.plan_image.set(value),
            "geo" | "geo-id" => {
                let slot = if name == "geo" {
                    &self.inner.geo
                } else {
                    &self.inner.geo_id
                };
                let changed = *slot.borrow() != value;
                // Boundaries given as an object have no URL: removing `geo` still clears them.
                let drop_object = name == "geo"
                    && value.is_none()
                    && !matches!(state.geo.get_untracked(), GeoPhase::None);
                *slot.borrow_mut() = value;
                if changed || drop_object {
                    self.load_geo();
                }
            }
            "sync-hash" => self.sync_hash(value),
            // `theme` is styled through :host([theme]); canvases read the new colours.
            "theme" => state.restyled.update(|n| *n = n.wrapping_add(1)),
            _ => {}
        }
    }

    /// Starts or stops keeping the view and selection in the URL fragment (`sync-hash`; its
    /// value, if any, prefixes the keys so that several widgets keep their own).
    fn sync_hash(&self, value: Option<String>) {
        let state = self.inner.state;
        let window = web_sys::window();
        if let (Some(window), Some(listener)) = (&window, self.inner.hash_listener.take()) {
            let _ = window.remove_event_listener_with_callback(
                "hashchange",
                listener.as_ref().unchecked_ref(),
            );
        }
        let prefix = value.map(|v| {
            let v = v.trim();
            if v.is_empty() {
                "lianmap".to_owned()
            } else {
                v.to_owned()
            }
        });
        let Some(prefix) = prefix else {
            state.sync_hash.set(None);
            state.hash_pending.set(None);
            return;
        };
        let Some(window) = window else { return };
        let weak = Rc::downgrade(&self.inner);
        let listener = Closure::<dyn FnMut()>::new(move || {
            if let Some(inner) = weak.upgrade() {
                read_hash(&inner);
            }
        });
        if window
            .add_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref())
            .is_ok()
        {
            *self.inner.hash_listener.borrow_mut() = Some(listener);
        }
        state.sync_hash.set(Some(prefix));
        read_hash(&self.inner);
    }

    /// Loads the boundaries named by `geo`, if any (ids from the `geo-id` property, else
    /// `adcode`, `id`, `code`).
    fn load_geo(&self) {
        let generation = self.inner.geo_generation.get().wrapping_add(1);
        self.inner.geo_generation.set(generation);
        let Some(url) = self.inner.geo.borrow().clone() else {
            self.inner.state.geo.set(GeoPhase::None);
            return;
        };
        self.inner.state.geo.set(GeoPhase::Loading);
        let inner = self.inner.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let result = load::fetch_text(&url).await;
            if inner.geo_generation.get() != generation {
                return;
            }
            let id = inner.geo_id.borrow().clone();
            let projection = inner.projection.get();
            show_geo(
                &inner,
                result.map_err(|d| d.message),
                id.as_deref(),
                projection,
            );
        });
    }

    /// Shows boundaries given as GeoJSON text.
    #[wasm_bindgen(js_name = setGeoJson)]
    pub fn set_geo_json(&self, text: &str) {
        let generation = self.inner.geo_generation.get().wrapping_add(1);
        self.inner.geo_generation.set(generation);
        let id = self.inner.geo_id.borrow().clone();
        show_geo(
            &self.inner,
            Ok(text.to_owned()),
            id.as_deref(),
            self.inner.projection.get(),
        );
    }

    /// Loads the document named by `src`, if any.
    pub fn load(&self) {
        let Some(src) = self.inner.src.borrow().clone() else {
            return;
        };
        let generation = self.next_generation();
        self.inner.state.phase.set(Phase::Loading);
        let inner = self.inner.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let result = load::fetch_text(&src).await;
            if inner.generation.get() != generation {
                return; // a newer document or src won
            }
            match result {
                Ok(text) => show(&inner, validate::parse(text.as_bytes())),
                Err(diagnostic) => fail(&inner, diagnostic),
            }
        });
    }

    /// Shows a document given as a JavaScript object (the `data` property).
    #[wasm_bindgen(js_name = setData)]
    pub fn set_data(&self, doc: JsValue) {
        self.next_generation();
        match js_sys::JSON::stringify(&doc) {
            Ok(text) => {
                let text: String = text.into();
                show(&self.inner, validate::parse(text.as_bytes()));
            }
            Err(error) => fail(
                &self.inner,
                Diagnostic::error(
                    "$",
                    format!("the data is not plain JSON: {}", load::describe(&error)),
                ),
            ),
        }
    }

    /// Shows a document given as JSON text.
    #[wasm_bindgen(js_name = setJson)]
    pub fn set_json(&self, text: &str) {
        self.next_generation();
        show(&self.inner, validate::parse(text.as_bytes()));
    }

    /// Selects a link, an enterprise, a map region, a park, a project or an opportunity by id
    /// (in that order; fires `lianmap-select` with its kind); returns false when there is none.
    pub fn select(&self, id: &str) -> bool {
        select_in(&self.inner, id)
    }

    /// Fits the whole drawing into view.
    pub fn fit(&self) {
        self.inner.state.fit.update(|n| *n = n.wrapping_add(1));
    }

    /// Clears the selection.
    #[wasm_bindgen(js_name = clearSelection)]
    pub fn clear_selection(&self) {
        Widget::clear_in(&self.inner);
    }

    fn clear_in(inner: &Inner) {
        inner.state.enterprise.set(None);
        inner.state.map_pick.set(None);
        inner.state.region.set(None);
        inner.state.selected.set(None);
    }

    /// What is shown as a standalone SVG document: the chain map (every node a
    /// `<g data-id data-kind>`), the heat map (every region `data-kind="region"`, every park
    /// `data-kind="park"`), or in the split view both side by side.
    #[wasm_bindgen(js_name = exportSvg)]
    pub fn export_svg(&self) -> String {
        let view = self.inner.state.view.get_untracked();
        let map = matches!(view, ViewKind::Map | ViewKind::Split)
            .then(|| self.map_svg())
            .flatten();
        match (view, map) {
            (ViewKind::Map, Some(map)) => map,
            (ViewKind::Split, Some(map)) => {
                crate::render::map_svg::side_by_side(&self.chain_svg(), &map)
            }
            _ => self.chain_svg(),
        }
    }

    /// The heat map as SVG, when boundaries and a document are loaded.
    fn map_svg(&self) -> Option<String> {
        let state = self.inner.state;
        let Phase::Ready(loaded) = state.phase.get_untracked() else {
            return None;
        };
        let GeoPhase::Ready(scene) = state.geo.get_untracked() else {
            return None;
        };
        let lang = state.lang.get_untracked();
        let options = state.map.get_untracked();
        let link = state
            .selected
            .get_untracked()
            .and_then(|id| loaded.chain.link_index(&id));
        Some(map_view::export_svg(&loaded, &scene, &options, link, lang))
    }

    fn chain_svg(&self) -> String {
        let Some((loaded, layout)) = self.shown_layout() else {
            return crate::render::svg::chain_svg(
                &Default::default(),
                None,
                None,
                &Default::default(),
            );
        };
        let lang = self.inner.state.lang.get_untracked();
        let title = loaded
            .chain
            .document()
            .meta
            .title
            .as_ref()
            .map(|t| t.get(lang).to_owned());
        let svg = crate::render::svg::chain_svg(
            &layout,
            Some(&loaded.stats),
            title.as_deref(),
            &Default::default(),
        );
        // The selected link's enterprises, as drawn beside it.
        let Some(selected) = self.inner.state.selected.get_untracked() else {
            return svg;
        };
        let (marks, more) = crate::render::fan::enterprise_fan(&loaded.chain, &layout, &selected);
        let fan = crate::render::fan::fan_svg(&loaded.chain, &marks, more, lang);
        match svg.rfind("</svg>") {
            Some(end) => format!("{}{fan}</svg>", svg.get(..end).unwrap_or_default()),
            None => svg,
        }
    }

    /// What is shown as a PNG (the chain map, the heat map as drawn, or both side by side): a
    /// Promise of a Blob, painted on canvases with nothing loaded from a URL.
    #[wasm_bindgen(js_name = exportPng)]
    pub fn export_png(&self) -> js_sys::Promise {
        let view = self.inner.state.view.get_untracked();
        let map = matches!(view, ViewKind::Map | ViewKind::Split)
            .then(|| {
                self.inner
                    .container
                    .query_selector("canvas.lm-map-surface")
                    .ok()
                    .flatten()
            })
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok());
        let chain = || {
            let (loaded, layout) = self
                .shown_layout()
                .ok_or_else(|| JsValue::from_str("no document is shown"))?;
            canvas::chain_canvas(&layout, Some(&loaded.stats))
        };
        let made = match (view, map) {
            (ViewKind::Map, Some(map)) => canvas::side_by_side(&[&map], 0),
            (ViewKind::Split, Some(map)) => {
                chain().and_then(|c| canvas::side_by_side(&[&c, &map], 24))
            }
            _ => chain(),
        };
        match made {
            Ok(c) => canvas::to_png(&c),
            Err(e) => js_sys::Promise::reject(&e),
        }
    }

    /// The document shown and its layout as drawn now (language, folded groups), for exports.
    fn shown_layout(&self) -> Option<(Arc<Loaded>, crate::layout::Layout)> {
        let Phase::Ready(loaded) = self.inner.state.phase.get_untracked() else {
            return None;
        };
        let lang = self.inner.state.lang.get_untracked();
        let collapsed = self.inner.state.collapsed.get_untracked();
        let layout = chain_view::layout_for(&loaded, lang, &collapsed);
        Some((loaded, layout))
    }

    fn next_generation(&self) -> u32 {
        let next = self.inner.generation.get().wrapping_add(1);
        self.inner.generation.set(next);
        next
    }
}

/// Lays out a chain document (a JavaScript object) as the chain view would, without drawing it:
/// the `lianmap layout` JSON contract, `{nodes:[{id,kind,x,y,width,height,label}], edges:[{from,
/// to,points}], width, height}`. Fails with the first error when the document is rejected.
#[wasm_bindgen(js_name = layoutDocument)]
pub fn layout_document(doc: JsValue) -> Result<JsValue, JsValue> {
    let text: String = js_sys::JSON::stringify(&doc)?.into();
    let report = validate::parse(text.as_bytes());
    if report.rejected {
        let first = report
            .diagnostics
            .iter()
            .find(|d| d.is_error())
            .map_or_else(|| "the document was rejected".to_owned(), Diagnostic::line);
        return Err(JsValue::from_str(&first));
    }
    let chain = Chain::new(report.document);
    let layout = crate::layout::layout_chain(&chain, &crate::layout::LayoutOptions::default());
    js_sys::JSON::parse(&crate::json::ToJson::to_json(&layout))
}

thread_local! {
    /// The heat grid and pixels of [`draw_heat`], kept between calls of the same size.
    static HEAT: RefCell<Option<(crate::heat::DensityGrid, Vec<u8>)>> = const { RefCell::new(None) };
}

/// Draws the density of weighted points (`points`: x, y, weight triples in canvas px) onto
/// `canvas` at its own pixel size, with a kernel of `radius_px` and the named colour ramp;
/// returns the densest value. The `heat()` export of `lianmap.js`.
#[wasm_bindgen(js_name = drawHeat)]
pub fn draw_heat(
    canvas: &web_sys::HtmlCanvasElement,
    points: &[f32],
    radius_px: f64,
    ramp: &str,
    opacity: f64,
) -> Result<f64, JsValue> {
    use crate::heat::{ColorizeOptions, DensityGrid, Ramp, WeightedPoint, colorize};
    let (w, h) = (canvas.width() as usize, canvas.height() as usize);
    let ramp = Ramp::from_name(ramp).unwrap_or_default();
    HEAT.with(|cell| {
        let mut slot = cell.borrow_mut();
        let fits = slot
            .as_ref()
            .is_some_and(|(g, _)| g.width_px() == w && g.height_px() == h);
        if !fits {
            *slot = Some((DensityGrid::new(w, h), vec![0; w * h * 4]));
        }
        let Some((grid, rgba)) = slot.as_mut() else {
            return Err(JsValue::from_str("no heat grid"));
        };
        grid.estimate(
            points.chunks_exact(3).map(|p| WeightedPoint {
                x_px: p.first().copied().unwrap_or(f32::NAN),
                y_px: p.get(1).copied().unwrap_or(f32::NAN),
                weight: p.get(2).copied().unwrap_or(0.0),
            }),
            radius_px as f32,
        );
        let options = ColorizeOptions {
            opacity: opacity.clamp(0.0, 1.0) as f32,
            ..ColorizeOptions::default()
        };
        colorize(grid, ramp, &options, rgba).map_err(|e| JsValue::from_str(&e.to_string()))?;
        let image = web_sys::ImageData::new_with_u8_clamped_array_and_sh(
            wasm_bindgen::Clamped(rgba.as_slice()),
            w as u32,
            h as u32,
        )?;
        let ctx = canvas
            .get_context("2d")?
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
            .ok_or_else(|| JsValue::from_str("no 2d context"))?;
        ctx.put_image_data(&image, 0.0, 0.0)?;
        Ok(f64::from(grid.max()))
    })
}

impl Drop for Inner {
    fn drop(&mut self) {
        // Unmounting disposes the reactive owner and every signal in it.
        drop(self.mount.borrow_mut().take());
        self.container.remove();
        if let (Some(window), Some(listener)) = (web_sys::window(), self.hash_listener.take()) {
            let _ = window.remove_event_listener_with_callback(
                "hashchange",
                listener.as_ref().unchecked_ref(),
            );
        }
        if let Some((doc, listener)) = self.fullscreen_listener.take() {
            let _ = doc.remove_event_listener_with_callback(
                "fullscreenchange",
                listener.as_ref().unchecked_ref(),
            );
        }
        if let Some((query, listener)) = self.scheme_listener.take() {
            let _ = query
                .remove_event_listener_with_callback("change", listener.as_ref().unchecked_ref());
        }
    }
}

fn adopt_stylesheet(root: &ShadowRoot) -> Result<(), JsValue> {
    let sheet = web_sys::CssStyleSheet::new()?;
    sheet.replace_sync(CSS)?;
    root.set_adopted_style_sheets(&js_sys::Array::of1(&sheet));
    Ok(())
}

/// The `lang` attribute, else the page's language, else zh-CN.
fn initial_lang(host: &HtmlElement) -> Lang {
    let page = || {
        host.owner_document()?
            .document_element()?
            .get_attribute("lang")
    };
    host.get_attribute("lang")
        .as_deref()
        .and_then(Lang::from_tag)
        .or_else(|| page().as_deref().and_then(Lang::from_tag))
        .unwrap_or_default()
}

fn show_geo(
    inner: &Inner,
    text: Result<String, String>,
    id_property: Option<&str>,
    projection: crate::render::map::MapProjection,
) {
    let scene = text.and_then(|text| {
        crate::render::map::read_geo(&text, id_property, projection).map_err(|e| e.to_string())
    });
    match scene {
        Ok(scene) => {
            let warnings: Vec<Diagnostic> = scene
                .warnings
                .iter()
                .map(|w| Diagnostic::warning(format!("geo: {}", w.path), w.message.clone()))
                .collect();
            // This file's warnings replace the previous file's.
            let stale = inner
                .state
                .diagnostics
                .with_untracked(|d| d.iter().any(|d| d.path.starts_with("geo")));
            if stale || !warnings.is_empty() {
                inner.state.diagnostics.update(|d| {
                    d.retain(|d| !d.path.starts_with("geo"));
                    d.extend(warnings);
                });
            }
            inner.state.geo.set(GeoPhase::Ready(Arc::new(scene)));
        }
        Err(message) => {
            inner
                .state
                .diagnostics
                .update(|d| d.retain(|d| !d.path.starts_with("geo")));
            events::error(&inner.host, &[Diagnostic::error("geo", message.clone())]);
            inner.state.geo.set(GeoPhase::Failed(message));
        }
    }
    apply_hash_selection(inner);
}

fn select_in(inner: &Inner, id: &str) -> bool {
    let Phase::Ready(loaded) = inner.state.phase.get_untracked() else {
        return false;
    };
    if loaded.chain.link_index(id).is_some() {
        inner.state.enterprise.set(None);
        inner.state.selected.set(Some(id.to_owned()));
        events::select(&inner.host, id, "link");
        return true;
    }
    if let Some(e) = loaded
        .chain
        .enterprise_index(id)
        .and_then(|e| loaded.chain.document().enterprises.get(e))
    {
        // An enterprise: its first link is selected in the map and its own detail shown.
        if let Some(link) = e.links.first() {
            inner.state.selected.set(Some(link.clone()));
        }
        inner.state.enterprise.set(Some(id.to_owned()));
        events::select(&inner.host, id, "enterprise");
        return true;
    }
    let state = inner.state;
    if let GeoPhase::Ready(scene) = state.geo.get_untracked()
        && scene.region(id).is_some()
    {
        state.enterprise.set(None);
        state.map_pick.set(None);
        state.selected.set(None);
        state.region.set(Some(id.to_owned()));
        events::select(&inner.host, id, "region");
        return true;
    }
    // A park, project or opportunity: its detail, and its symbol marked on the map.
    use crate::render::map::MarkerKind;
    let doc = loaded.chain.document();
    let found = [
        (MarkerKind::Park, doc.parks.iter().position(|p| p.id == id)),
        (
            MarkerKind::Project,
            doc.projects.iter().position(|p| p.id == id),
        ),
        (
            MarkerKind::Opportunity,
            doc.opportunities.iter().position(|o| o.id == id),
        ),
    ]
    .into_iter()
    .find_map(|(kind, at)| Some((kind, at?)));
    if let Some((kind, item)) = found {
        state.enterprise.set(None);
        state.map_pick.set(Some((kind, item)));
        events::select(&inner.host, id, kind.as_str());
        return true;
    }
    false
}

/// The id of what is selected, for the URL fragment (tracked).
fn selection_id(state: AppState) -> Option<String> {
    if let Some(id) = state.enterprise.get() {
        return Some(id);
    }
    if let Some((kind, i)) = state.map_pick.get() {
        use crate::render::map::MarkerKind;
        return state.phase.with(|phase| {
            let Phase::Ready(loaded) = phase else {
                return None;
            };
            let doc = loaded.chain.document();
            match kind {
                MarkerKind::Enterprise => doc.enterprises.get(i).map(|e| e.id.clone()),
                MarkerKind::Park => doc.parks.get(i).map(|p| p.id.clone()),
                MarkerKind::Project => doc.projects.get(i).map(|p| p.id.clone()),
                MarkerKind::Opportunity => doc.opportunities.get(i).map(|o| o.id.clone()),
            }
        });
    }
    state.selected.get().or_else(|| state.region.get())
}

/// Writes the view and selection into the URL fragment (an effect; replaces the history entry,
/// so selecting does not fill the back button).
fn write_hash(state: AppState) {
    let Some(prefix) = state.sync_hash.get() else {
        return;
    };
    let shared = crate::fragment::Shared {
        view: Some(state.view.get().as_str().to_owned()),
        select: selection_id(state),
    };
    if state.hash_pending.with(Option::is_some) {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let current = location.hash().unwrap_or_default();
    let next = crate::fragment::write(&current, &prefix, &shared);
    if next == current {
        return;
    }
    let url = format!(
        "{}{}{next}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// Applies the URL fragment's view and selection (on `sync-hash` and on `hashchange`).
fn read_hash(inner: &Inner) {
    let state = inner.state;
    let Some(prefix) = state.sync_hash.get_untracked() else {
        return;
    };
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let shared = crate::fragment::read(&hash, &prefix);
    if let Some(view) = shared.view.as_deref() {
        state.view.set(ViewKind::from_attribute(Some(view)));
    }
    match shared.select {
        Some(id) if selection_id_untracked(state).as_deref() != Some(id.as_str()) => {
            state.hash_pending.set(Some(id));
            apply_hash_selection(inner);
        }
        Some(_) => {}
        None => {
            if selection_id_untracked(state).is_some() {
                Widget::clear_in(inner);
            }
        }
    }
}

fn selection_id_untracked(state: AppState) -> Option<String> {
    leptos::prelude::untrack(|| selection_id(state))
}

/// Selects what the fragment named once it is loaded; gives up when everything has loaded and
/// there is no such item (the fragment is then rewritten from what is shown).
fn apply_hash_selection(inner: &Inner) {
    let state = inner.state;
    let Some(id) = state.hash_pending.get_untracked() else {
        return;
    };
    let ready = matches!(state.phase.get_untracked(), Phase::Ready(_) | Phase::Failed);
    let geo_settled = !matches!(state.geo.get_untracked(), GeoPhase::Loading);
    if select_in(inner, &id) || (ready && geo_settled) {
        state.hash_pending.set(None);
    }
}

fn show(inner: &Inner, report: validate::Report) {
    if report.rejected {
        inner.state.diagnostics.set(report.diagnostics.clone());
        inner.state.phase.set(Phase::Failed);
        events::error(&inner.host, &report.diagnostics);
        return;
    }
    let chain = Chain::new(report.document);
    let stats = chain.stats_lean(&GapRules::default());
    let loaded = Arc::new(Loaded { chain, stats });
    let errors: Vec<Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    // The boundaries' warnings stay whatever order the two loads finish in.
    inner.state.diagnostics.update(|all| {
        all.retain(|d| d.path.starts_with("geo"));
        all.splice(0..0, report.diagnostics);
    });
    inner.state.selected.set(None);
    inner.state.collapsed.set(Default::default());
    inner.state.filter.set(Default::default());
    inner.state.enterprise.set(None);
    inner.state.region.set(None);
    inner.state.map_pick.set(None);
    inner.state.phase.set(Phase::Ready(loaded.clone()));
    if !errors.is_empty() {
        events::error(&inner.host, &errors);
    }
    events::ready(
        &inner.host,
        &loaded.stats.counts,
        errors.len(),
        inner.state.diagnostics.with_untracked(|d| d.len()) - errors.len(),
    );
    apply_hash_selection(inner);
}

fn fail(inner: &Inner, diagnostic: Diagnostic) {
    inner.state.diagnostics.set(vec![diagnostic.clone()]);
    inner.state.phase.set(Phase::Failed);
    events::error(&inner.host, &[diagnostic]);
}
