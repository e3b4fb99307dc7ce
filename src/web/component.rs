//! [`LianMap`]: Lianmap as a Leptos (csr) component, with typed props and signals instead of
//! attributes, properties and DOM events.
//!
//! The component renders one `<div>`, attaches an open shadow root to it once it is mounted and
//! drives a [`Widget`] through its public methods only, exactly as the `<lian-map>` custom
//! element does: a prop change calls the matching method, the widget's `lianmap-ready`,
//! `lianmap-select` and `lianmap-error` events call the callbacks and write the `selection`
//! signal. The widget is freed when the component is unmounted.
//!
//! ```rust,ignore
//! use leptos::prelude::*;
//! use lianmap::model::Lang;
//! use lianmap::web::LianMap;
//! use lianmap::web::component::{Selection, View};
//!
//! #[component]
//! fn Page() -> impl IntoView {
//!     let view = RwSignal::new(View::Split);
//!     let lang = RwSignal::new(Lang::En);
//!     let selection = RwSignal::new(None::<String>);
//!     view! {
//!         <p>"Selected: " {move || selection.get().unwrap_or_default()}</p>
//!         <button on:click=move |_| selection.set(Some("battery".into()))>"Batteries"</button>
//!         <LianMap src="/sample/nev-guangxi.json" geo="/geo/guangxi.json"
//!             view lang selection
//!             on_select=Callback::new(|s: Selection| leptos::logging::log!("{} {}", s.kind, s.id)) />
//!     }
//! }
//! ```

use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::Rc;

use leptos::html;
use leptos::prelude::*;
use leptos::reactive::owner::Owner;
use leptos::tachys::html::attribute::custom::CustomAttribute;
use serde::Deserialize;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, HtmlElement, ShadowRootInit, ShadowRootMode};

use super::Widget;
use crate::analysis::Counts;
use crate::model::Lang;
use crate::validate::Severity;

/// Which view the widget shows (its `view` attribute).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum View {
    /// The layered chain map (the default).
    #[default]
    Chain,
    /// The investment heat map (needs `geo`).
    Map,
    /// Chain and heat map side by side.
    Split,
    /// The accessible table of links per stage.
    Table,
}

impl View {
    /// Every view, in menu order.
    pub const ALL: [View; 4] = [View::Chain, View::Map, View::Split, View::Table];

    /// The attribute value naming it: `chain`, `map`, `split` or `table`.
    pub fn as_str(self) -> &'static str {
        match self {
            View::Chain => "chain",
            View::Map => "map",
            View::Split => "split",
            View::Table => "table",
        }
    }
}

/// The widget's colour theme (its `theme` attribute, styled through `:host([theme])`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Theme {
    /// Light (the default).
    #[default]
    Light,
    /// Dark.
    Dark,
    /// Follows the reader's `prefers-color-scheme`.
    Auto,
}

impl Theme {
    /// The attribute value naming it: `light`, `dark` or `auto`.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

/// What a selection picked (the `kind` of a `lianmap-select` event).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A chain link (segment).
    Link,
    /// An enterprise.
    Enterprise,
    /// A chain stage.
    Stage,
    /// A map region.
    Region,
    /// A park.
    Park,
    /// A project.
    Project,
    /// An opportunity.
    Opportunity,
    /// A kind this version does not name.
    Other(String),
}

impl Kind {
    /// Reads the `kind` of an event's detail.
    pub fn from_name(name: &str) -> Kind {
        match name {
            "link" => Kind::Link,
            "enterprise" => Kind::Enterprise,
            "stage" => Kind::Stage,
            "region" => Kind::Region,
            "park" => Kind::Park,
            "project" => Kind::Project,
            "opportunity" => Kind::Opportunity,
            other => Kind::Other(other.to_owned()),
        }
    }

    /// The name used in events and in exported SVG (`data-kind`).
    pub fn as_str(&self) -> &str {
        match self {
            Kind::Link => "link",
            Kind::Enterprise => "enterprise",
            Kind::Stage => "stage",
            Kind::Region => "region",
            Kind::Park => "park",
            Kind::Project => "project",
            Kind::Opportunity => "opportunity",
            Kind::Other(name) => name,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A selection made in the widget or through `selection` (a `lianmap-select` event).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    /// The id of the link, enterprise, region, park, project or opportunity.
    pub id: String,
    /// What it is.
    pub kind: Kind,
}

/// A document is shown (`lianmap-ready`): what it holds and how many problems it had.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ready {
    /// Item counts of the document shown.
    pub counts: Counts,
    /// Errors (the items concerned are left out).
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
}

/// One problem reported by `lianmap-error`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// JSON path of the offending value (`$` is the whole document, `geo` the boundaries).
    pub path: String,
    /// What is wrong, in English.
    pub message: String,
    /// What was probably meant, if anything.
    pub hint: Option<String>,
}

/// Access to the widget behind a [`LianMap`], for what props do not cover (fit, exports).
///
/// Create it where the map is rendered and pass it as `handle`:
///
/// ```rust,ignore
/// let map = LianMapHandle::new();
/// view! {
///     <button on:click=move |_| map.fit()>"Fit"</button>
///     <LianMap src="/sample/nev-guangxi.json" handle=map />
/// }
/// ```
#[derive(Clone, Copy)]
pub struct LianMapHandle {
    widget: RwSignal<Option<Rc<Widget>>, LocalStorage>,
}

impl Default for LianMapHandle {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for LianMapHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mounted = self
            .widget
            .try_with_untracked(Option::is_some)
            .unwrap_or(false);
        f.debug_struct("LianMapHandle")
            .field("mounted", &mounted)
            .finish()
    }
}

impl LianMapHandle {
    /// A handle not yet given to a [`LianMap`] (it needs a reactive owner, as signals do).
    pub fn new() -> Self {
        Self {
            widget: RwSignal::new_local(None),
        }
    }

    /// Whether the widget exists (reactive: true once the component is mounted).
    pub fn is_mounted(&self) -> bool {
        self.widget.with(Option::is_some)
    }

    /// Runs `f` with the widget, if it is mounted.
    pub fn with<R>(&self, f: impl FnOnce(&Widget) -> R) -> Option<R> {
        let widget = self.widget.try_get_untracked().flatten()?;
        Some(f(&widget))
    }

    /// Fits the whole drawing into view.
    pub fn fit(&self) {
        self.with(Widget::fit);
    }

    /// What is shown as a standalone SVG document ([`Widget::export_svg`]).
    pub fn export_svg(&self) -> Option<String> {
        self.with(Widget::export_svg)
    }

    /// What is shown as a PNG: a Promise of a Blob ([`Widget::export_png`]).
    pub fn export_png(&self) -> Option<js_sys::Promise> {
        self.with(Widget::export_png)
    }
}

/// A listener for one of the widget's events.
type Listener = Closure<dyn FnMut(CustomEvent)>;

/// What the component keeps while mounted: the event listeners and the reactive owner the widget
/// lives under (apart from the app's, so that nothing in the app's tree disposes it early).
struct Mounted {
    host: HtmlElement,
    listeners: Vec<(&'static str, Listener)>,
    _owner: Owner,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        for (name, listener) in &self.listeners {
            let _ = self
                .host
                .remove_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
        }
    }
}

/// The component's link to its widget, shared by the effects and the event listeners.
#[derive(Clone)]
struct Link {
    widget: RwSignal<Option<Rc<Widget>>, LocalStorage>,
    selection: RwSignal<Option<String>>,
    /// The value the widget's own `lianmap-select` last wrote into `selection`, which the
    /// selection effect must not send back.
    echo: Rc<RefCell<Option<Option<String>>>>,
    /// Whether a document has been shown (so that an unknown id is unknown, not early).
    loaded: Rc<Cell<bool>>,
    on_ready: Option<Callback<Ready>>,
    on_error: Option<Callback<Vec<Problem>>>,
    on_select: Option<Callback<Selection>>,
}

/// A Lianmap chain map and heat map in a Leptos app.
///
/// Renders a `<div class="lian-map">` with its own open shadow root (the widget's stylesheet and
/// DOM stay inside it, as with `<lian-map>`); size or identify it with CSS on that class or with
/// `attr:class` / `attr:id` given to the component. Every prop is optional and reactive: pass a
/// value, a signal or a memo. The document comes from `src` (a URL), `data` (a JSON value, e.g.
/// a [`crate::model::Document`] through `serde_json::to_value`) or `json` (JSON text);
/// whichever changed last is shown.
///
/// `selection` is two-way: selecting in the widget (click, keyboard, search) writes the id
/// there, and setting it selects in the widget (`None` clears). An id the shown document does
/// not have resets it to `None`; one set before the document is loaded is selected when it is,
/// and a new document is shown with the signal's id selected again. A selection the widget clears
/// by itself (Escape, its close button) sets the signal to `None`.
///
/// ```rust,ignore
/// use leptos::prelude::*;
/// use lianmap::model::Lang;
/// use lianmap::web::LianMap;
/// use lianmap::web::component::{Problem, Ready, Selection, Theme, View};
///
/// #[component]
/// fn Chain() -> impl IntoView {
///     let selection = RwSignal::new(None::<String>);
///     let view = RwSignal::new(View::Chain);
///     // A document the app builds or fetches:
///     let data = RwSignal::new(None::<serde_json::Value>);
///     view! {
///         <LianMap
///             data geo="/geo/guangxi.json" view selection
///             lang=Lang::ZhCn theme=Theme::Auto
///             attr:class="chain-map"
///             on_ready=Callback::new(|r: Ready| leptos::logging::log!("{} links", r.counts.links))
///             on_error=Callback::new(|p: Vec<Problem>| leptos::logging::warn!("{} problems", p.len()))
///             on_select=Callback::new(|s: Selection| leptos::logging::log!("{}: {}", s.kind, s.id))
///         />
///     }
/// }
/// ```
#[component]
pub fn LianMap(
    /// URL of a chain document to fetch (the `src` attribute).
    #[prop(into, optional)]
    src: MaybeProp<String>,
    /// A chain document as a JSON value (the `data` property).
    #[prop(into, optional)]
    data: MaybeProp<serde_json::Value>,
    /// A chain document as JSON text (as fetched: no parse on the app's side).
    #[prop(into, optional)]
    json: MaybeProp<String>,
    /// URL of the region boundaries, GeoJSON (the `geo` attribute).
    #[prop(into, optional)]
    geo: MaybeProp<String>,
    /// The GeoJSON feature property holding region ids (`geo-id`; else `adcode`, `id`, `code`).
    #[prop(into, optional)]
    geo_id: MaybeProp<String>,
    /// The view shown; the widget's own view buttons still switch it.
    #[prop(into, optional)]
    view: MaybeProp<View>,
    /// The UI language; else the page's `lang`, else zh-CN.
    #[prop(into, optional)]
    lang: MaybeProp<Lang>,
    /// The colour theme.
    #[prop(into, optional)]
    theme: MaybeProp<Theme>,
    /// The selected id, two-way (see above).
    #[prop(optional)]
    selection: Option<RwSignal<Option<String>>>,
    /// Access to the widget, for fit and exports.
    #[prop(optional)]
    handle: Option<LianMapHandle>,
    /// Called when a document is shown.
    #[prop(into, optional)]
    on_ready: Option<Callback<Ready>>,
    /// Called with the problems of a document or of the boundaries.
    #[prop(into, optional)]
    on_error: Option<Callback<Vec<Problem>>>,
    /// Called on every selection, from the widget or from `selection`.
    #[prop(into, optional)]
    on_select: Option<Callback<Selection>>,
) -> impl IntoView {
    let host_ref = NodeRef::<html::Div>::new();
    let widget = handle.unwrap_or_default().widget;
    let link = Link {
        widget,
        selection: selection.unwrap_or_else(|| RwSignal::new(None)),
        echo: Rc::new(RefCell::new(None)),
        loaded: Rc::new(Cell::new(false)),
        on_ready,
        on_error,
        on_select,
    };
    let mounted: StoredValue<Option<Mounted>, LocalStorage> = StoredValue::new_local(None);

    // Once the <div> is in the document: a shadow root, a widget, its listeners.
    let start_link = link.clone();
    host_ref.on_load(move |div| {
        let host: HtmlElement = div.unchecked_into();
        match start(&host, &start_link) {
            Ok((w, m)) => {
                mounted.set_value(Some(m));
                widget.set(Some(w));
            }
            Err(e) => {
                leptos::logging::error!(
                    "lianmap: the widget did not start: {}",
                    super::load::describe(&e)
                )
            }
        }
    });
    on_cleanup(move || {
        // The widget first (it unmounts its views), then its listeners and owner.
        drop(widget.try_update_untracked(Option::take).flatten());
        drop(mounted.try_update_value(Option::take).flatten());
    });

    // Props → widget. Each effect runs once before the widget exists (doing nothing), again
    // when it does, then on every change of what it reads: its props and `widget`, never what
    // the widget reads inside its methods (hence `untrack`).
    let attribute = move |name: &'static str, value: Option<String>| {
        if let Some(w) = widget.get() {
            untrack(|| w.set_attribute(name, value));
        }
    };
    Effect::new(move |_| attribute("lang", lang.get().map(|l| l.tag().to_owned())));
    Effect::new(move |_| attribute("view", view.get().map(|v| v.as_str().to_owned())));
    Effect::new(move |_| {
        // The id property before the URL, so that the boundaries are read with it.
        let (id, url) = (geo_id.get(), geo.get());
        if let Some(w) = widget.get() {
            untrack(|| {
                w.set_attribute("geo-id", id);
                w.set_attribute("geo", url);
            });
        }
    });
    Effect::new(move |_| attribute("src", src.get()));
    Effect::new(move |_| {
        let w = widget.get();
        data.with(|doc| {
            if let (Some(w), Some(doc)) = (w, doc) {
                untrack(|| w.set_json(&doc.to_string()));
            }
        });
    });
    Effect::new(move |_| {
        let w = widget.get();
        json.with(|text| {
            if let (Some(w), Some(text)) = (w, text) {
                untrack(|| w.set_json(text));
            }
        });
    });
    let select_link = link.clone();
    Effect::new(move |_| {
        // Every write selects, even of the same id (the widget may have cleared it meanwhile),
        // except the one the widget made itself.
        let want = select_link.selection.get();
        let echo = select_link.echo.borrow_mut().take();
        if widget.with(Option::is_some) && echo.as_ref() != Some(&want) {
            untrack(|| select_link.apply(want));
        }
    });

    let lang_attr = move || lang.get().map(Lang::tag);
    let theme_attr = move || theme.get().map(Theme::as_str);
    // `theme` is no HTML attribute the view macro knows: added as a custom one.
    view! { <div class="lian-map" node_ref=host_ref lang=lang_attr></div> }
        .attr("theme", theme_attr)
}

impl Link {
    fn widget(&self) -> Option<Rc<Widget>> {
        self.widget.try_get_untracked().flatten()
    }

    /// Shows `want` as the widget's selection (`None` clears it).
    fn apply(&self, want: Option<String>) {
        let Some(w) = self.widget() else { return };
        // `select` fires lianmap-select at once; `selected` sees the signal already holds the id.
        match want {
            Some(id) => {
                if !w.select(&id) && self.loaded.get() {
                    self.selection.set(None);
                }
            }
            None => w.clear_selection(),
        }
    }

    fn ready(&self, detail: ReadyDetail) {
        // A new document starts unselected: select the app's choice again, if it has one.
        self.loaded.set(true);
        if let Some(id) = self.selection.try_get_untracked().flatten() {
            self.apply(Some(id));
        }
        if let Some(callback) = self.on_ready {
            untrack(|| callback.try_run(detail.into()));
        }
    }

    fn selected(&self, detail: SelectDetail) {
        let Some(id) = detail.id else {
            // The widget cleared its selection (Escape, its close button, a new document).
            if self.selection.try_get_untracked().flatten().is_some() {
                *self.echo.borrow_mut() = Some(None);
                self.selection.try_set(None);
            }
            return;
        };
        if self.selection.try_get_untracked().flatten().as_ref() != Some(&id) {
            *self.echo.borrow_mut() = Some(Some(id.clone()));
            self.selection.try_set(Some(id.clone()));
        }
        if let Some(callback) = self.on_select {
            untrack(|| {
                callback.try_run(Selection {
                    kind: Kind::from_name(detail.kind.as_deref().unwrap_or_default()),
                    id,
                })
            });
        }
    }

    fn error(&self, detail: ErrorDetail) {
        if let Some(callback) = self.on_error {
            let problems = detail.errors.into_iter().map(Problem::from).collect();
            untrack(|| callback.try_run(problems));
        }
    }
}

/// Attaches the shadow root, creates the widget under an owner of its own and listens to its
/// events.
fn start(host: &HtmlElement, link: &Link) -> Result<(Rc<Widget>, Mounted), JsValue> {
    let root = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
    let (owner, widget) = detached(|| Widget::new(host.clone(), root));
    let widget = Rc::new(widget?);
    let mut listeners = Vec::new();
    let mut listen = |name: &'static str, on: fn(&Link, &JsValue)| {
        let link = link.clone();
        let listener = Listener::new(move |e: CustomEvent| {
            on(&link, &e.detail());
        });
        host.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref())?;
        listeners.push((name, listener));
        Ok::<(), JsValue>(())
    };
    listen("lianmap-ready", |link, detail| {
        link.ready(parse(detail).unwrap_or_default())
    })?;
    listen("lianmap-select", |link, detail| {
        if let Some(detail) = parse(detail) {
            link.selected(detail);
        }
    })?;
    listen("lianmap-error", |link, detail| {
        link.error(parse(detail).unwrap_or_default())
    })?;
    Ok((
        widget,
        Mounted {
            host: host.clone(),
            listeners,
            _owner: owner,
        },
    ))
}

/// Runs `f` under a new root owner (not a child of the current one), which it returns.
fn detached<T>(f: impl FnOnce() -> T) -> (Owner, T) {
    let outer = Owner::current();
    // `new_root` makes itself the current owner: the outer one is put back below.
    let owner = Owner::new_root(None);
    let value = owner.with(f);
    match outer {
        Some(outer) => outer.set(),
        None => owner.clone().unset(),
    }
    (owner, value)
}

/// An event's detail, read through JSON.
fn parse<T: for<'de> Deserialize<'de>>(detail: &JsValue) -> Option<T> {
    let text: String = js_sys::JSON::stringify(detail).ok()?.into();
    serde_json::from_slice(text.as_bytes()).ok()
}

#[derive(Deserialize)]
struct SelectDetail {
    id: Option<String>,
    kind: Option<String>,
}

#[derive(Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct ReadyDetail {
    stages: usize,
    links: usize,
    leaf_links: usize,
    flows: usize,
    enterprises: usize,
    local_enterprises: usize,
    target_enterprises: usize,
    parks: usize,
    projects: usize,
    opportunities: usize,
    metrics: usize,
    errors: usize,
    warnings: usize,
}

impl From<ReadyDetail> for Ready {
    fn from(d: ReadyDetail) -> Ready {
        Ready {
            counts: Counts {
                stages: d.stages,
                links: d.links,
                leaf_links: d.leaf_links,
                flows: d.flows,
                enterprises: d.enterprises,
                local_enterprises: d.local_enterprises,
                target_enterprises: d.target_enterprises,
                parks: d.parks,
                projects: d.projects,
                opportunities: d.opportunities,
                metrics: d.metrics,
            },
            errors: d.errors,
            warnings: d.warnings,
        }
    }
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct ErrorDetail {
    errors: Vec<ProblemDetail>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct ProblemDetail {
    severity: String,
    path: String,
    message: String,
    hint: Option<String>,
}

impl From<ProblemDetail> for Problem {
    fn from(d: ProblemDetail) -> Problem {
        Problem {
            severity: if d.severity == "warning" {
                Severity::Warning
            } else {
                Severity::Error
            },
            path: d.path,
            message: d.message,
            hint: d.hint,
        }
    }
}
