//! A small Leptos (csr) app around Lianmap's [`LianMap`] component: a header with a view, language
//! and theme switcher, the chain's links listed beside the map, and one selection signal shared by
//! both (click a link in the list to select it on the map; select on the map to highlight it in
//! the list).
//!
//! The app fetches the chain document itself, reads it with `lianmap::validate` for its list, and
//! gives the same text to the map through the `json` prop.

use leptos::prelude::*;
use leptos::task::spawn_local;
use lianmap::model::{Document, Lang};
use lianmap::web::LianMap;
use lianmap::web::component::{Problem, Ready, Selection, Theme, View};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The sample chain document and its region boundaries (served by `cargo xtask serve`).
const SAMPLE: &str = "/sample/nev-guangxi.json";
const GEO: &str = "/geo/guangxi.json";

/// Mounts the app into `#app` (called by wasm-bindgen's `init`).
#[wasm_bindgen(start)]
pub fn start() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    match root {
        Some(root) => leptos::mount::mount_to(root, App).forget(),
        None => leptos::logging::error!("no #app element to mount into"),
    }
}

/// The app's own words.
fn text(lang: Lang, key: &str) -> &'static str {
    let [zh_cn, zh_tw, en] = match key {
        "view" => ["视图", "視圖", "View"],
        "chain" => ["产业链", "產業鏈", "Chain"],
        "map" => ["热力图", "熱力圖", "Map"],
        "split" => ["并排", "並排", "Split"],
        "table" => ["表格", "表格", "Table"],
        "language" => ["语言", "語言", "Language"],
        "theme" => ["主题", "主題", "Theme"],
        "links" => ["产业链环节", "產業鏈環節", "Chain links"],
        "loading" => ["加载中…", "載入中…", "Loading…"],
        "clear" => ["清除选择", "清除選擇", "Clear selection"],
        "selected" => ["已选", "已選", "Selected"],
        "none" => ["未选择", "未選擇", "Nothing selected"],
        "n-links" => ["条环节", "條環節", "links"],
        "n-enterprises" => ["家企业", "家企業", "enterprises"],
        _ => ["", "", ""],
    };
    match lang {
        Lang::ZhCn => zh_cn,
        Lang::ZhTw => zh_tw,
        Lang::En => en,
    }
}

#[component]
fn App() -> impl IntoView {
    // The document as fetched (for the map) and as read (for the list).
    let json = RwSignal::new(None::<String>);
    let failed = RwSignal::new(None::<String>);
    spawn_local(async move {
        match fetch_text(SAMPLE).await {
            Ok(body) => json.set(Some(body)),
            Err(e) => failed.set(Some(e)),
        }
    });
    let document = Memo::new(move |_| {
        json.with(|t| {
            t.as_deref()
                .map(|t| lianmap::validate::parse(t.as_bytes()).document)
        })
    });

    let lang = RwSignal::new(Lang::ZhCn);
    let view = RwSignal::new(View::Split);
    let theme = RwSignal::new(Theme::Light);
    let selection = RwSignal::new(None::<String>);
    let ready = RwSignal::new(None::<Ready>);
    let last = RwSignal::new(None::<Selection>);
    let problems = RwSignal::new(Vec::<Problem>::new());

    // The page speaks the language chosen.
    Effect::new(move |_| {
        let tag = lang.get().tag();
        if let Some(html) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = html.set_attribute("lang", tag);
        }
    });

    let title = move || {
        document.with(|d| {
            d.as_ref()
                .and_then(|d| d.meta.title.as_ref())
                .map(|t| t.get(lang.get()).to_owned())
                .unwrap_or_else(|| "Lianmap".to_owned())
        })
    };
    let view_button = move |v: View| {
        view! {
            <button type="button" data-view=v.as_str()
                aria-pressed=move || (view.get() == v).to_string()
                on:click=move |_| view.set(v)>
                {move || text(lang.get(), v.as_str())}
            </button>
        }
    };

    view! {
        <header class="app-header">
            <h1>{title}</h1>
            <nav class="app-controls" aria-label="Lianmap">
                <div class="app-views" role="group" aria-label=move || text(lang.get(), "view")>
                    {View::ALL.map(view_button)}
                </div>
                <label>{move || text(lang.get(), "language")} " "
                    <select id="lang" on:change=move |ev| {
                        if let Some(l) = Lang::from_tag(&event_target_value(&ev)) { lang.set(l) }
                    }>
                        {Lang::ALL.map(|l| view! {
                            <option value=l.tag() selected=move || lang.get() == l>{language_name(l)}</option>
                        })}
                    </select>
                </label>
                <label>{move || text(lang.get(), "theme")} " "
                    <select id="theme" on:change=move |ev| {
                        theme.set(match event_target_value(&ev).as_str() {
                            "dark" => Theme::Dark,
                            "auto" => Theme::Auto,
                            _ => Theme::Light,
                        })
                    }>
                        <option value="light">"light"</option>
                        <option value="dark">"dark"</option>
                        <option value="auto">"auto"</option>
                    </select>
                </label>
            </nav>
        </header>
        <main class="app-main">
            <aside class="app-side" aria-labelledby="app-links-title">
                <h2 id="app-links-title">{move || text(lang.get(), "links")}</h2>
                <p class="app-status" id="app-status" aria-live="polite">{move || status(lang.get(), ready.get(), problems.with(Vec::len))}</p>
                <p class="app-selected" id="app-selected">
                    {move || match last.get() {
                        Some(s) => format!("{}: {} ({})", text(lang.get(), "selected"), s.id, s.kind),
                        None => text(lang.get(), "none").to_owned(),
                    }}
                    " "
                    <button type="button" id="app-clear" disabled=move || selection.with(Option::is_none)
                        on:click=move |_| { selection.set(None); last.set(None); }>
                        {move || text(lang.get(), "clear")}
                    </button>
                </p>
                {move || failed.get().map(|e| view! { <p class="app-error" role="alert">{e}</p> })}
                <LinkList document lang selection />
            </aside>
            <LianMap json geo=GEO view lang theme selection attr:id="chain-map"
                on_ready=Callback::new(move |r: Ready| ready.set(Some(r)))
                on_error=Callback::new(move |p: Vec<Problem>| problems.set(p))
                on_select=Callback::new(move |s: Selection| last.set(Some(s))) />
        </main>
    }
}

/// The chain's links by stage, each a button that selects it; the selected one is marked.
#[component]
fn LinkList(
    document: Memo<Option<Document>>,
    lang: RwSignal<Lang>,
    selection: RwSignal<Option<String>>,
) -> impl IntoView {
    move || {
        let lang = lang.get();
        document.with(|doc| {
            let Some(doc) = doc else {
                return view! { <p class="app-loading">{text(lang, "loading")}</p> }.into_any();
            };
            let stages = doc.stages.iter().flatten().map(|stage| {
                let items = doc
                    .links
                    .iter()
                    .filter(|l| l.stage.as_deref() == Some(stage.id.as_str()))
                    .map(|link| {
                        let id = link.id.clone();
                        let here = id.clone();
                        let current = Memo::new(move |_| {
                            selection.with(|s| s.as_deref() == Some(here.as_str()))
                        });
                        let depth = depth(doc, &link.id).to_string();
                        let name = link.name.get(lang).to_owned();
                        view! {
                            <li data-depth=depth>
                                <button type="button" class="app-link" data-link=id.clone()
                                    aria-current=move || current.get().then_some("true")
                                    on:click=move |_| selection.set(Some(id.clone()))>
                                    {name}
                                </button>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <section class="app-stage" data-stage=stage.id.clone()>
                        <h3>{stage.name.get(lang).to_owned()}</h3>
                        <ul>{items}</ul>
                    </section>
                }
            });
            stages.collect_view().into_any()
        })
    }
}

/// How deep a link sits under its stage (0 for a top-level link).
fn depth(doc: &Document, id: &str) -> usize {
    let mut depth = 0;
    let mut at = doc.links.iter().find(|l| l.id == id);
    while let Some(parent) = at.and_then(|l| l.parent.as_deref()) {
        depth += 1;
        at = doc.links.iter().find(|l| l.id == parent);
        if depth > 8 {
            break;
        }
    }
    depth
}

fn language_name(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhCn => "简体中文",
        Lang::ZhTw => "繁體中文",
        Lang::En => "English",
    }
}

fn status(lang: Lang, ready: Option<Ready>, problems: usize) -> String {
    match ready {
        None => text(lang, "loading").to_owned(),
        Some(r) => {
            let space = if lang == Lang::En { " " } else { "" };
            let mut line = format!(
                "{}{space}{} · {}{space}{}",
                r.counts.links,
                text(lang, "n-links"),
                r.counts.enterprises,
                text(lang, "n-enterprises")
            );
            if problems > 0 {
                line.push_str(&format!(" · {problems} ⚠"));
            }
            line
        }
    }
}

/// GETs `url` as text.
async fn fetch_text(url: &str) -> Result<String, String> {
    let describe = |e: JsValue| e.as_string().unwrap_or_else(|| format!("{e:?}"));
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(describe)?
        .dyn_into()
        .map_err(describe)?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let body = JsFuture::from(response.text().map_err(describe)?)
        .await
        .map_err(describe)?;
    body.as_string().ok_or_else(|| format!("{url}: not text"))
}
