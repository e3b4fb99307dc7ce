//! Leptos views: header, error panel and the accessible table view.
//!
//! The table view is the screen-reader and no-canvas alternative of the chain view: stages as
//! sections, one row per link with its gap class (symbol and text, never colour alone), local and
//! target counts, chain leaders and top targets.

use std::sync::Arc;

use leptos::prelude::*;

use super::chain_view::ChainView;
use super::erase::{handler, tr};
use super::filter::Filters;
use super::map_view::MapView;
use super::{AppState, GeoPhase, Loaded, Phase, ViewKind};
use crate::analysis::LinkStats;
use crate::i18n::{self, Msg};
use crate::model::{GapClass, Lang};
use crate::num::d1;
use crate::validate::Diagnostic;

/// The whole widget.
#[component]
pub fn App(state: AppState) -> impl IntoView {
    let lang = state.lang;
    view! {
        <div class="lm-app" lang=move || lang.get().tag()>
            {move || match state.phase.get() {
                Phase::Loading => view! {
                    <p class="lm-loading" role="status">{tr(lang, Msg::Loading)}</p>
                }.into_any(),
                Phase::Failed => view! {
                    <div class="lm-failed">
                        <h2 class="lm-title">{tr(lang, Msg::LoadFailed)}</h2>
                        <Problems state />
                    </div>
                }.into_any(),
                Phase::Ready(loaded) => view! { <Ready state loaded /> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn Ready(state: AppState, loaded: Arc<Loaded>) -> impl IntoView {
    let lang = state.lang;
    let header = loaded.clone();
    let detail = loaded.clone();
    let search_loaded = loaded.clone();
    let filter_loaded = loaded.clone();
    let toggle = move |kind: ViewKind, msg: Msg| {
        view! {
            <button type="button" class="lm-button" data-view=kind.as_str()
                aria-pressed=move || if state.view.get() == kind { "true" } else { "false" }
                on:click=handler(move |_: leptos::ev::MouseEvent| state.view.set(kind))>
                {tr(lang, msg)}
            </button>
        }
    };
    view! {
        {move || header_view(&header, lang.get())}
        <Problems state />
        <div class="lm-bar">
            <div class="lm-toolbar" role="toolbar" aria-label=tr(lang, Msg::Views)>
                {toggle(ViewKind::Chain, Msg::ShowChain)}
                {toggle(ViewKind::Map, Msg::ShowMap)}
                {toggle(ViewKind::Split, Msg::ShowSplit)}
                {toggle(ViewKind::Table, Msg::ShowTable)}
                {fullscreen_button(state)}
            </div>
            <Search state loaded=search_loaded />
        </div>
        <Filters state loaded=filter_loaded />
        <div class="lm-body">
            {move || match state.view.get() {
                ViewKind::Chain if loaded.chain.document().links.is_empty() => view! {
                    <p class="lm-empty" data-lianmap="chain">{tr(lang, Msg::NothingToShow)}</p>
                }.into_any(),
                ViewKind::Chain => view! { <ChainView state loaded=loaded.clone() /> }.into_any(),
                ViewKind::Map => view! { <MapView state loaded=loaded.clone() /> }.into_any(),
                ViewKind::Split => view! {
                    <div class="lm-split">
                        {if loaded.chain.document().links.is_empty() {
                            view! { <p class="lm-empty" data-lianmap="chain">{tr(lang, Msg::NothingToShow)}</p> }.into_any()
                        } else {
                            view! { <ChainView state loaded=loaded.clone() /> }.into_any()
                        }}
                        <MapView state loaded=loaded.clone() />
                    </div>
                }.into_any(),
                ViewKind::Table => {
                    let passing = state.filter.with(|f| (!f.is_open()).then(|| super::filter::matching(&loaded, f)));
                    table_view(&loaded, lang.get(), passing.as_ref()).into_any()
                }
            }}
            {move || match (state.enterprise.get(), state.map_pick.get(), state.region.get()) {
                (Some(id), _, _) => enterprise_panel(state, &detail, &id).map(IntoAny::into_any),
                (None, Some(pick), _) => pick_panel(state, &detail, pick).map(IntoAny::into_any),
                (None, None, Some(region)) if state.selected.get().is_none() => {
                    region_panel(state, &detail, &region).map(IntoAny::into_any)
                }
                _ => detail_panel(state, &detail).map(IntoAny::into_any),
            }}
        </div>
        <p class="lm-live" role="status" aria-live="polite">{move || {
            let lang = lang.get();
            state.selected.get().and_then(|id| {
                let chain = &loaded_for_live(&state)?.chain;
                let link = chain.document().links.get(chain.link_index(&id)?)?;
                Some(link.name.get(lang).to_owned())
            }).unwrap_or_default()
        }}</p>
    }
}

/// Shows the element on the whole screen and back (absent where the page may not use the
/// Fullscreen API, e.g. inside an iframe without `allowfullscreen`).
fn fullscreen_button(state: AppState) -> Option<impl IntoView + use<>> {
    let doc = web_sys::window()?.document()?;
    if !doc.fullscreen_enabled() {
        return None;
    }
    let lang = state.lang;
    let full = state.fullscreen;
    let toggle = move |ev: leptos::ev::MouseEvent| {
        use wasm_bindgen::JsCast;
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        if full.get_untracked() {
            doc.exit_fullscreen();
            return;
        }
        let host = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .map(|n| n.get_root_node())
            .and_then(|r| r.dyn_into::<web_sys::ShadowRoot>().ok())
            .map(|r| r.host());
        if let Some(host) = host {
            let _ = host.request_fullscreen();
        }
    };
    Some(view! {
        <button type="button" class="lm-button lm-fullscreen"
            aria-pressed=move || if full.get() { "true" } else { "false" }
            on:click=handler(toggle)>
            {move || i18n::text(lang.get(), if full.get() { Msg::ExitFullscreen } else { Msg::Fullscreen })}
        </button>
    })
}

/// The detail panel of a selected enterprise: its fields, links, status and score.
fn enterprise_panel(state: AppState, loaded: &Loaded, id: &str) -> Option<impl IntoView + use<>> {
    let lang = state.lang.get();
    let chain = &loaded.chain;
    let doc = chain.document();
    let e = doc.enterprises.get(chain.enterprise_index(id)?)?;
    let dash = || "—".to_owned();
    let links = e
        .links
        .iter()
        .filter_map(|l| doc.links.get(chain.link_index(l)?))
        .map(|l| {
            let link_id = l.id.clone();
            view! {
                <li>
                    <button type="button" class="lm-link-button" data-link=l.id.clone()
                        on:click=handler(move |ev: leptos::ev::MouseEvent| {
                            if let Some(t) = ev.target() { super::events::select_from(&t, &link_id, "link") }
                            state.enterprise.set(None);
                            state.selected.set(Some(link_id.clone()));
                        })>
                        {l.name.get(lang).to_owned()}
                    </button>
                </li>
            }
        })
        .collect_view();
    let park = e
        .park
        .as_ref()
        .and_then(|p| doc.parks.iter().find(|k| &k.id == p))
        .map(|p| p.name.get(lang).to_owned());
    let kind = if e.is_local() {
        i18n::text(lang, Msg::LocalEnterprises)
    } else {
        i18n::text(lang, Msg::TargetEnterprises)
    };
    let url = e
        .url
        .clone()
        .filter(|u| crate::validate::url_problem(u).is_none());
    Some(view! {
        <aside class="lm-detail" data-lianmap="detail" data-kind="enterprise" aria-labelledby="lm-detail-title">
            <div class="lm-detail-head">
                <h3 id="lm-detail-title">{e.name.get(lang).to_owned()}</h3>
                <button type="button" class="lm-button" on:click=handler(move |_: leptos::ev::MouseEvent| state.enterprise.set(None))>{i18n::text(lang, Msg::Close)}</button>
            </div>
            <dl>
                <dt>{i18n::text(lang, Msg::Enterprises)}</dt><dd>{format!("{kind} · {}", i18n::role(lang, e.role()))}</dd>
                <dt>{i18n::text(lang, Msg::Status)}</dt><dd>{e.status.map(|s| i18n::status(lang, s).to_owned()).unwrap_or_else(dash)}</dd>
                <dt>{i18n::text(lang, Msg::Score)}</dt><dd>{e.score.map(crate::num::short).unwrap_or_else(dash)}</dd>
                <dt>{i18n::text(lang, Msg::Amount)}</dt><dd>{e.amount.map(|a| format!("{} {}", crate::num::Short(a), doc.meta.unit.clone().unwrap_or_default())).unwrap_or_else(dash)}</dd>
                <dt>{i18n::text(lang, Msg::Region)}</dt><dd>{e.region.clone().unwrap_or_else(dash)}</dd>
                <dt>{i18n::text(lang, Msg::Park)}</dt><dd>{park.unwrap_or_else(dash)}</dd>
            </dl>
            <h4 class="lm-detail-sub">{i18n::text(lang, Msg::Link)}</h4>
            <ul class="lm-enterprise-list">{links}</ul>
            {url.map(|u| { let text = u.clone(); view! { <p><a href=u target="_blank" rel="noopener noreferrer">{text}</a></p> } })}
        </aside>
    })
}

/// Search by name (any language) or id, over links and enterprises; choosing a hit selects its
/// link (an enterprise's first link) and fires `lianmap-select`.
#[component]
fn Search(state: AppState, loaded: Arc<Loaded>) -> impl IntoView {
    let lang = state.lang;
    let query = RwSignal::new(String::new());
    let hits_loaded = loaded.clone();
    let hits = Memo::new(move |_| search(&hits_loaded, &query.get(), lang.get()));
    let choose = move |link: String, target: web_sys::EventTarget| {
        super::events::select_from(&target, &link, "link");
        state.selected.set(Some(link));
        query.set(String::new());
    };
    view! {
        <div class="lm-search" role="search">
            <input type="search" class="lm-search-input" autocomplete="off"
                aria-label=tr(lang, Msg::SearchLabel)
                placeholder=tr(lang, Msg::SearchLabel)
                aria-controls="lm-search-hits"
                prop:value=move || query.get()
                on:input=handler(move |ev: leptos::ev::Event| query.set(event_target_value(&ev)))
                on:keydown=handler(move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Enter" {
                        ev.prevent_default();
                        if let (Some(hit), Some(t)) = (hits.get_untracked().into_iter().next(), ev.target()) {
                            choose(hit.link, t);
                        }
                    } else if ev.key() == "Escape" {
                        query.set(String::new());
                    }
                }) />
            <ul id="lm-search-hits" class="lm-search-hits" data-lianmap="search-hits">
                {move || hits.get().into_iter().map(|hit| {
                    let link = hit.link.clone();
                    view! {
                        <li>
                            <button type="button" class="lm-hit" data-link=hit.link.clone()
                                on:click=handler(move |ev: leptos::ev::MouseEvent| { if let Some(t) = ev.target() { choose(link.clone(), t) } })>
                                <span>{hit.label}</span>
                                <span class="lm-note">{hit.context}</span>
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

/// One search result.
#[derive(Clone, Debug, PartialEq)]
struct Hit {
    /// The link to select.
    link: String,
    /// What matched, in the UI language.
    label: String,
    /// Where it sits (the link's name for an enterprise, the stage for a link).
    context: String,
}

/// Up to eight hits for `query`: links first, then enterprises; any language, names or ids,
/// ignoring the case of Latin letters A–Z (the full Unicode case tables would cost more of the
/// download than Chinese and English names need).
fn search(loaded: &Loaded, query: &str, lang: Lang) -> Vec<Hit> {
    const MAX_HITS: usize = 8;
    let q = query.trim().to_ascii_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    let chain = &loaded.chain;
    let doc = chain.document();
    let matches = |id: &str, name: &crate::model::Name| {
        id.to_ascii_lowercase().contains(&q)
            || name.texts().any(|t| t.to_ascii_lowercase().contains(&q))
    };
    let stage_name = |i: usize| {
        chain
            .stage_of(i)
            .and_then(|s| doc.stages.as_ref()?.get(s))
            .map(|s| s.name.get(lang).to_owned())
            .unwrap_or_default()
    };
    let links = doc
        .links
        .iter()
        .enumerate()
        .filter(|(_, l)| matches(&l.id, &l.name))
        .map(|(i, l)| Hit {
            link: l.id.clone(),
            label: l.name.get(lang).to_owned(),
            context: stage_name(i),
        });
    let enterprises = doc
        .enterprises
        .iter()
        .filter(|e| matches(&e.id, &e.name))
        .filter_map(|e| {
            let link = e.links.first()?;
            let i = chain.link_index(link)?;
            Some(Hit {
                link: link.clone(),
                label: e.name.get(lang).to_owned(),
                context: doc.links.get(i)?.name.get(lang).to_owned(),
            })
        });
    links.chain(enterprises).take(MAX_HITS).collect()
}

fn loaded_for_live(state: &AppState) -> Option<Arc<Loaded>> {
    match state.phase.get_untracked() {
        Phase::Ready(loaded) => Some(loaded),
        _ => None,
    }
}

/// The detail panel of the selected link: stage, gap class and why, counts, leaders, targets,
/// upstream and downstream links.
fn detail_panel(state: AppState, loaded: &Loaded) -> Option<impl IntoView + use<>> {
    let lang = state.lang.get();
    let id = state.selected.get()?;
    let chain = &loaded.chain;
    let doc = chain.document();
    let i = chain.link_index(&id)?;
    let link = doc.links.get(i)?;
    let stats = loaded.stats.links.get(i)?;
    let stage = chain
        .stage_of(i)
        .and_then(|s| doc.stages.as_ref()?.get(s))
        .map(|s| s.name.get(lang).to_owned());
    let names = |indices: Vec<usize>| -> String {
        let names: Vec<&str> = indices
            .iter()
            .filter_map(|k| doc.links.get(*k))
            .map(|l| l.name.get(lang))
            .collect();
        if names.is_empty() {
            "—".to_owned()
        } else {
            names.join(if lang == Lang::En { ", " } else { "、" })
        }
    };
    let leader_names: Vec<String> = stats
        .leaders
        .iter()
        .filter_map(|e| chain.enterprise_index(e))
        .filter_map(|e| doc.enterprises.get(e))
        .map(|e| e.name.get(lang).to_owned())
        .collect();
    let targets: Vec<String> = loaded
        .stats
        .targets
        .iter()
        .find(|t| t.link == id)
        .map(|t| {
            t.enterprises
                .iter()
                .take(5)
                .map(|e| target_label(e, lang))
                .collect()
        })
        .unwrap_or_default();
    let why = format!(
        "{}{}",
        i18n::gap_meaning(lang, stats.gap),
        if stats.gap_source == crate::analysis::GapSource::Host {
            format!(" · {}", i18n::text(lang, Msg::GapByHost))
        } else {
            format!(
                " · {}",
                i18n::count(lang, Msg::Strength, stats.strength as usize)
            )
        }
    );
    let upstream = names(chain.neighbors(i, petgraph::Direction::Incoming));
    let downstream = names(chain.neighbors(i, petgraph::Direction::Outgoing));
    let list = |items: Vec<String>| -> String {
        if items.is_empty() {
            "—".to_owned()
        } else {
            items.join(if lang == Lang::En { "; " } else { "、" })
        }
    };
    // Enterprises directly on the link: leaders first, then by score.
    let mut on_link: Vec<usize> = chain.enterprises_on(i).to_vec();
    crate::sort::by_key(&mut on_link, |i| {
        doc.enterprises.get(i).map(|e| {
            (
                e.role(),
                std::cmp::Reverse(e.score.map(|s| (s * 10.0) as i64)),
            )
        })
    });
    const LISTED: usize = 12;
    let more = on_link.len().saturating_sub(LISTED);
    let enterprise_items = on_link
        .iter()
        .take(LISTED)
        .filter_map(|e| doc.enterprises.get(*e))
        .map(|e| enterprise_item(state, e, lang))
        .collect_view();
    let enterprise_items = view! {
        {enterprise_items}
        {(more > 0).then(|| view! { <li class="lm-note">{i18n::count(lang, Msg::More, on_link.len())}</li> })}
        {on_link.is_empty().then(|| view! { <li class="lm-note">"—"</li> })}
    };
    let is_group = !chain.children(i).is_empty();
    let folded = state.collapsed.with(|c| c.contains(&id));
    Some(view! {
        <aside class="lm-detail" data-lianmap="detail" aria-labelledby="lm-detail-title">
            <div class="lm-detail-head">
                <h3 id="lm-detail-title">{link.name.get(lang).to_owned()}</h3>
                <button type="button" class="lm-button" on:click=handler(move |_: leptos::ev::MouseEvent| state.selected.set(None))>{i18n::text(lang, Msg::Close)}</button>
            </div>
            <dl>
                <dt>{i18n::text(lang, Msg::Stage)}</dt><dd>{stage.unwrap_or_else(|| "—".into())}</dd>
                <dt>{i18n::text(lang, Msg::Gap)}</dt><dd data-gap=stats.gap.as_str()>{gap_badge(stats.gap, lang)}<span class="lm-note">{why}</span></dd>
                <dt>{i18n::text(lang, Msg::LocalEnterprises)}</dt><dd>{stats.local_enterprises}</dd>
                <dt>{i18n::text(lang, Msg::TargetEnterprises)}</dt><dd>{stats.target_enterprises}</dd>
                <dt>{i18n::text(lang, Msg::Leaders)}</dt><dd>{list(leader_names)}</dd>
                <dt>{i18n::text(lang, Msg::TopTargets)}</dt><dd>{list(targets)}</dd>
                <dt>{i18n::text(lang, Msg::Upstream)}</dt><dd>{upstream}</dd>
                <dt>{i18n::text(lang, Msg::Downstream)}</dt><dd>{downstream}</dd>
            </dl>
            <h4 class="lm-detail-sub">{i18n::text(lang, Msg::Enterprises)}</h4>
            <ul class="lm-enterprise-list" data-lianmap="enterprises">{enterprise_items}</ul>
            {is_group.then(|| {
                let id = id.clone();
                let label = if folded { Msg::Expand } else { Msg::Collapse };
                view! {
                    <button type="button" class="lm-button lm-fold-button" data-action="fold"
                        aria-expanded=if folded { "false" } else { "true" }
                        on:click=handler(move |_: leptos::ev::MouseEvent| super::chain_view::toggle_fold(state, &id))>
                        {i18n::text(lang, label)}
                    </button>
                }
            })}
        </aside>
    })
}

fn header_view(loaded: &Loaded, lang: Lang) -> impl IntoView + use<> {
    let doc = loaded.chain.document();
    let title = doc.meta.title.as_ref().map(|t| t.get(lang).to_owned());
    let counts = &loaded.stats.counts;
    let gaps = &loaded.stats.gaps;
    let summary = format!(
        "{} · {}",
        i18n::count(lang, Msg::LinksCount, counts.links),
        i18n::count(lang, Msg::EnterprisesCount, counts.enterprises)
    );
    let legend = GapClass::ALL
        .iter()
        .map(|class| {
            let n = match class {
                GapClass::Missing => gaps.missing.len(),
                GapClass::Weak => gaps.weak.len(),
                GapClass::Strong => gaps.strong.len(),
            };
            view! {
                <li>
                    {gap_badge(*class, lang)}
                    " "<span class="lm-legend-count">{n}</span>
                    " "<span class="lm-legend-meaning">{i18n::gap_meaning(lang, *class)}</span>
                </li>
            }
        })
        .collect_view();
    let sample = doc.meta.sample == Some(true);
    view! {
        <header class="lm-header">
            {title.map(|t| view! { <h2 class="lm-title">{t}</h2> })}
            <p class="lm-summary">{summary}</p>
            {sample.then(|| view! { <p class="lm-sample">{i18n::text(lang, Msg::SampleData)}</p> })}
            <ul class="lm-legend" aria-label=i18n::text(lang, Msg::Legend)>
                {legend}
                <li class="lm-legend-back"><span class="lm-back-sample" aria-hidden="true"></span>" "{i18n::text(lang, Msg::BackFlow)}</li>
            </ul>
        </header>
    }
}

/// The error panel: errors listed, warnings folded away. Nothing when the document is clean.
#[component]
fn Problems(state: AppState) -> impl IntoView {
    let lang = state.lang;
    move || {
        let lang = lang.get();
        state.diagnostics.with(|all| {
            if all.is_empty() {
                return None;
            }
            let (errors, warnings): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
                all.iter().partition(|d| d.is_error());
            // When nothing could be shown, nothing "else is shown".
            let intro = if matches!(state.phase.get_untracked(), Phase::Failed) {
                Msg::FailedIntro
            } else {
                Msg::ProblemsIntro
            };
            let errors_view = (!errors.is_empty()).then(|| {
                let items = errors.iter().map(|d| problem_item(d)).collect_view();
                view! {
                    <h3>{i18n::count(lang, Msg::ProblemsTitle, errors.len())}</h3>
                    <p>{i18n::text(lang, intro)}</p>
                    <ul class="lm-problem-list">{items}</ul>
                }
            });
            let warnings_view = (!warnings.is_empty()).then(|| {
                let items = warnings.iter().map(|d| problem_item(d)).collect_view();
                view! {
                    <details class="lm-warnings">
                        <summary>{i18n::count(lang, Msg::WarningsTitle, warnings.len())}</summary>
                        <ul class="lm-problem-list">{items}</ul>
                    </details>
                }
            });
            let (role, class) = if errors.is_empty() {
                ("status", "lm-problems lm-problems-minor")
            } else {
                ("alert", "lm-problems")
            };
            Some(view! {
                <section class=class data-lianmap="errors" role=role>
                    {errors_view}
                    {warnings_view}
                </section>
            })
        })
    }
}

fn problem_item(d: &Diagnostic) -> impl IntoView + use<> {
    let class = if d.is_error() {
        "lm-problem lm-error"
    } else {
        "lm-problem lm-warning"
    };
    let hint = d
        .hint
        .clone()
        .map(|h| view! { " " <span class="lm-hint">{format!("({h})")}</span> });
    view! {
        <li class=class data-path=d.path.clone()>
            <code class="lm-path">{d.path.clone()}</code>": "
            <span class="lm-message">{d.message.clone()}</span>
            {hint}
        </li>
    }
}

fn gap_badge(class: GapClass, lang: Lang) -> impl IntoView {
    let symbol = crate::render::gap_style(Some(class)).symbol;
    view! {
        <span class=format!("lm-gap lm-gap-{}", class.as_str())>
            <span class="lm-gap-symbol" aria-hidden="true">{symbol}</span>
            " "{i18n::gap(lang, class)}
        </span>
    }
}

/// The table view: one section per stage (plus "no stage"), one row per link in tree order.
fn table_view(
    loaded: &Loaded,
    lang: Lang,
    passing: Option<&crate::hash::Set<String>>,
) -> impl IntoView + use<> {
    let chain = &loaded.chain;
    let doc = chain.document();
    if doc.links.is_empty() {
        return view! {
            <div class="lm-table-view" data-lianmap="table">
                <p>{i18n::text(lang, Msg::NothingToShow)}</p>
            </div>
        }
        .into_any();
    }
    let order = chain.tree_order();
    let stages: Vec<(Option<usize>, String, String)> = doc
        .stages
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, s)| (Some(i), s.id.clone(), s.name.get(lang).to_owned()))
        .chain(std::iter::once((
            None,
            String::new(),
            i18n::text(lang, Msg::NoStage).to_owned(),
        )))
        .collect();
    let sections = stages
        .into_iter()
        .filter_map(|(stage, id, name)| {
            let rows: Vec<usize> = order
                .iter()
                .copied()
                .filter(|i| chain.stage_of(*i) == stage)
                .filter(|i| passing.is_none_or(|p| doc.links.get(*i).is_some_and(|l| p.contains(&l.id))))
                .collect();
            if rows.is_empty() {
                return None;
            }
            let heading_id = format!("lm-stage-{}", if id.is_empty() { "none" } else { &id });
            let labelled_by = heading_id.clone();
            let caption = format!("{name} · {}", i18n::count(lang, Msg::LinksCount, rows.len()));
            let body = rows.iter().filter_map(|i| link_row(loaded, *i, lang)).collect_view();
            Some(view! {
                <section class="lm-stage" data-stage=id aria-labelledby=labelled_by>
                    <h3 id=heading_id>{caption}</h3>
                    <div class="lm-scroll">
                        <table class="lm-table">
                            <thead>
                                <tr>
                                    <th scope="col">{i18n::text(lang, Msg::Link)}</th>
                                    <th scope="col">{i18n::text(lang, Msg::Gap)}</th>
                                    <th scope="col" class="lm-num">{i18n::text(lang, Msg::LocalEnterprises)}</th>
                                    <th scope="col" class="lm-num">{i18n::text(lang, Msg::TargetEnterprises)}</th>
                                    <th scope="col">{i18n::text(lang, Msg::Leaders)}</th>
                                    <th scope="col">{i18n::text(lang, Msg::TopTargets)}</th>
                                </tr>
                            </thead>
                            <tbody>{body}</tbody>
                        </table>
                    </div>
                </section>
            })
        })
        .collect_view();
    view! {
        <div class="lm-table-view" data-lianmap="table" aria-label=i18n::text(lang, Msg::TableView)>
            {sections}
        </div>
    }
    .into_any()
}

/// How many leaders and targets a row names before "+N more".
const NAMED_PER_CELL: usize = 3;

fn link_row(loaded: &Loaded, i: usize, lang: Lang) -> Option<impl IntoView + use<>> {
    let doc = loaded.chain.document();
    let link = doc.links.get(i)?;
    let stats: &LinkStats = loaded.stats.links.get(i)?;
    let depth = loaded.chain.depth(i).min(4);
    let is_group = !stats.leaf;
    let name = link.name.get(lang).to_owned();
    let enterprise_name = |id: &str| {
        loaded
            .chain
            .enterprise_index(id)
            .and_then(|e| doc.enterprises.get(e))
            .map(|e| e.name.get(lang).to_owned())
    };
    let leaders = names_cell(
        stats
            .leaders
            .iter()
            .filter_map(|id| enterprise_name(id))
            .collect(),
        lang,
    );
    let targets = loaded
        .stats
        .targets
        .iter()
        .find(|t| t.link == link.id)
        .map(|t| {
            let named: Vec<String> = t
                .enterprises
                .iter()
                .take(NAMED_PER_CELL)
                .map(|e| target_label(e, lang))
                .collect();
            (named, t.total)
        })
        .unwrap_or_default();
    let targets_cell = names_cell_total(targets.0, targets.1, lang);
    let host_note = (stats.gap_source == crate::analysis::GapSource::Host)
        .then(|| view! { <span class="lm-note">{i18n::text(lang, Msg::GapByHost)}</span> });
    let row_class = format!(
        "lm-row lm-depth-{depth}{}",
        if is_group { " lm-group" } else { "" }
    );
    Some(view! {
        <tr class=row_class data-id=link.id.clone() data-gap=stats.gap.as_str()>
            <th scope="row" class="lm-link-name">{name}</th>
            <td data-gap=stats.gap.as_str()>{gap_badge(stats.gap, lang)}{host_note}</td>
            <td class="lm-num">{stats.local_enterprises}</td>
            <td class="lm-num">{stats.target_enterprises}</td>
            <td>{leaders}</td>
            <td>{targets_cell}</td>
        </tr>
    })
}

/// A ranked target as shown: its name and, if any, its evaluation score.
fn target_label(e: &crate::analysis::TargetStats, lang: Lang) -> String {
    match e.score {
        Some(score) => format!(
            "{} ({} {})",
            e.name.get(lang),
            i18n::text(lang, Msg::Score),
            crate::num::Short(score)
        ),
        None => e.name.get(lang).to_owned(),
    }
}

fn names_cell(names: Vec<String>, lang: Lang) -> String {
    let total = names.len();
    names_cell_total(names, total, lang)
}

fn names_cell_total(names: Vec<String>, total: usize, lang: Lang) -> String {
    if names.is_empty() {
        return "—".to_owned();
    }
    let shown: Vec<&str> = names
        .iter()
        .take(NAMED_PER_CELL)
        .map(String::as_str)
        .collect();
    let separator = if lang == Lang::En { "; " } else { "、" };
    let mut text = shown.join(separator);
    if total > shown.len() {
        text.push(' ');
        text.push_str(&i18n::count(lang, Msg::More, total));
    }
    text
}

/// A list item naming an enterprise (local or target, and its role); the name is a button that
/// opens the enterprise's own detail and fires `lianmap-select`.
fn enterprise_item(
    state: AppState,
    e: &crate::model::Enterprise,
    lang: Lang,
) -> impl IntoView + use<> {
    let id = e.id.clone();
    let tag = if e.is_local() {
        i18n::text(lang, Msg::LocalEnterprises)
    } else {
        i18n::text(lang, Msg::TargetEnterprises)
    };
    view! {
        <li>
            <button type="button" class="lm-link-button" data-enterprise=e.id.clone()
                on:click=handler(move |ev: leptos::ev::MouseEvent| {
                    if let Some(t) = ev.target() { super::events::select_from(&t, &id, "enterprise") }
                    state.enterprise.set(Some(id.clone()));
                })>
                {e.name.get(lang).to_owned()}
            </button>
            " "<span class="lm-note">{format!("{tag} · {}", i18n::role(lang, e.role()))}</span>
        </li>
    }
}

/// The detail panel of a map region: its coverage of the chain, enterprises, parks, land,
/// opportunities and pipeline (the regions below it included).
fn region_panel(state: AppState, loaded: &Loaded, id: &str) -> Option<impl IntoView + use<>> {
    let lang = state.lang.get();
    let GeoPhase::Ready(scene) = state.geo.get() else {
        return None;
    };
    let name = scene
        .region(id)
        .and_then(|r| scene.names.get(r).cloned())
        .unwrap_or_else(|| id.to_owned());
    let chain = &loaded.chain;
    let doc = chain.document();
    let p = crate::analysis::profile(chain, id);
    let sep = if lang == Lang::En { ", " } else { "、" };
    let links = |ids: &[usize]| -> String {
        let names: Vec<&str> = ids
            .iter()
            .filter_map(|l| doc.links.get(*l))
            .map(|l| l.name.get(lang))
            .collect();
        if names.is_empty() {
            "—".to_owned()
        } else {
            names.join(sep)
        }
    };
    let top: Vec<_> = p
        .enterprises
        .iter()
        .take(8)
        .filter_map(|e| doc.enterprises.get(*e))
        .map(|e| enterprise_item(state, e, lang))
        .collect();
    let parks: Vec<String> = p
        .parks
        .iter()
        .filter_map(|i| doc.parks.get(*i))
        .map(|park| park.name.get(lang).to_owned())
        .collect();
    let opportunities: Vec<String> = p
        .opportunities
        .iter()
        .filter_map(|i| doc.opportunities.get(*i))
        .map(|o| o.title.get(lang).to_owned())
        .collect();
    let pipeline: Vec<String> = p
        .pipeline
        .iter()
        .filter(|s| s.count > 0)
        .map(|s| {
            let status = s.status.map(|st| i18n::status(lang, st)).unwrap_or("—");
            format!("{status} {}（{}）", s.count, d1(s.amount))
        })
        .collect();
    let join = |v: Vec<String>| {
        if v.is_empty() {
            "—".to_owned()
        } else {
            v.join(sep)
        }
    };
    Some(view! {
        <aside class="lm-detail" data-lianmap="region-detail" data-region=id.to_owned() aria-labelledby="lm-region-title">
            <div class="lm-detail-head">
                <h3 id="lm-region-title">{name}</h3>
                <button type="button" class="lm-button" on:click=handler(move |_: leptos::ev::MouseEvent| state.region.set(None))>{i18n::text(lang, Msg::Close)}</button>
            </div>
            <p class="lm-note">{i18n::text(lang, Msg::RegionChain)}</p>
            <dl>
                <dt>{i18n::text(lang, Msg::Coverage)}</dt><dd>{format!("{}%", d1(p.percent))}</dd>
                <dt>{i18n::text(lang, Msg::Covers)}</dt><dd data-lianmap="covers">{links(&p.has)}</dd>
                <dt>{i18n::text(lang, Msg::Lacks)}</dt><dd data-lianmap="lacks">{links(&p.lacks)}</dd>
                <dt>{i18n::text(lang, Msg::LocalEnterprises)}</dt><dd>{p.local_enterprises}</dd>
                <dt>{i18n::text(lang, Msg::TargetEnterprises)}</dt><dd>{p.target_enterprises}</dd>
                <dt>{i18n::text(lang, Msg::Parks)}</dt><dd>{join(parks)}</dd>
                <dt>{i18n::text(lang, Msg::LandHa)}</dt><dd>{d1(p.land_ha).to_string()}</dd>
                <dt>{i18n::text(lang, Msg::Opportunities)}</dt><dd>{format!("{}（{}）", join(opportunities), d1(p.opportunity_amount))}</dd>
                <dt>{i18n::text(lang, Msg::Status)}</dt><dd>{format!("{} · {}", i18n::count(lang, Msg::ProjectsTotal, p.projects), join(pipeline))}</dd>
            </dl>
            <h4 class="lm-detail-sub">{i18n::text(lang, Msg::Enterprises)}</h4>
            <ul class="lm-enterprise-list">{top}</ul>
        </aside>
    })
}

/// The detail panel of a park, project or opportunity picked on the map.
fn pick_panel(
    state: AppState,
    loaded: &Loaded,
    (kind, item): (crate::render::map::MarkerKind, usize),
) -> Option<impl IntoView + use<>> {
    use crate::render::map::MarkerKind;
    let lang = state.lang.get();
    let chain = &loaded.chain;
    let doc = chain.document();
    let link_names = |ids: &[String]| -> String {
        let names: Vec<&str> = ids
            .iter()
            .filter_map(|id| doc.links.get(chain.link_index(id)?))
            .map(|l| l.name.get(lang))
            .collect();
        if names.is_empty() {
            "—".to_owned()
        } else {
            names.join(if lang == Lang::En { ", " } else { "、" })
        }
    };
    let region_name = |code: &Option<String>| -> String {
        let GeoPhase::Ready(scene) = state.geo.get_untracked() else {
            return code.clone().unwrap_or_else(|| "—".into());
        };
        code.as_deref()
            .and_then(|c| scene.region_of_code(c))
            .and_then(|r| scene.names.get(r).cloned())
            .or_else(|| code.clone())
            .unwrap_or_else(|| "—".into())
    };
    let (id, name, rows): (String, String, Vec<(Msg, String)>) = match kind {
        MarkerKind::Park => {
            let p = doc.parks.get(item)?;
            (
                p.id.clone(),
                p.name.get(lang).to_owned(),
                vec![
                    (
                        Msg::Level,
                        p.level
                            .map(|l| i18n::park_level(lang, l).to_owned())
                            .unwrap_or_else(|| "—".into()),
                    ),
                    (Msg::Region, region_name(&p.region)),
                    (
                        Msg::LandHa,
                        p.land_ha
                            .map(crate::num::short)
                            .unwrap_or_else(|| "—".into()),
                    ),
                    (Msg::Links, link_names(&p.links)),
                ],
            )
        }
        MarkerKind::Project => {
            let p = doc.projects.get(item)?;
            let enterprise = p
                .enterprise
                .as_deref()
                .and_then(|e| doc.enterprises.get(chain.enterprise_index(e)?))
                .map(|e| e.name.get(lang).to_owned())
                .unwrap_or_else(|| "—".into());
            (
                p.id.clone(),
                p.name.get(lang).to_owned(),
                vec![
                    (
                        Msg::Status,
                        p.status
                            .map(|s| i18n::status(lang, s).to_owned())
                            .unwrap_or_else(|| "—".into()),
                    ),
                    (Msg::Enterprises, enterprise),
                    (Msg::Links, link_names(p.link.as_slice())),
                    (
                        Msg::Amount,
                        p.amount
                            .map(crate::num::short)
                            .unwrap_or_else(|| "—".into()),
                    ),
                    (Msg::Region, region_name(&p.region)),
                    (Msg::Date, p.date.clone().unwrap_or_else(|| "—".into())),
                ],
            )
        }
        MarkerKind::Opportunity => {
            let o = doc.opportunities.get(item)?;
            (
                o.id.clone(),
                o.title.get(lang).to_owned(),
                vec![
                    (Msg::Kind, i18n::opportunity_kind(lang, o.kind).to_owned()),
                    (Msg::Links, link_names(o.link.as_slice())),
                    (
                        Msg::Amount,
                        o.amount
                            .map(crate::num::short)
                            .unwrap_or_else(|| "—".into()),
                    ),
                    (Msg::Region, region_name(&o.region)),
                ],
            )
        }
        MarkerKind::Enterprise => return None,
    };
    let rows = rows
        .into_iter()
        .map(|(m, v)| view! { <dt>{i18n::text(lang, m)}</dt><dd>{v}</dd> })
        .collect::<Vec<_>>();
    Some(view! {
        <aside class="lm-detail" data-lianmap="pick-detail" data-kind=kind.as_str() data-id=id aria-labelledby="lm-pick-title">
            <div class="lm-detail-head">
                <h3 id="lm-pick-title">{name}</h3>
                <button type="button" class="lm-button" on:click=handler(move |_: leptos::ev::MouseEvent| state.map_pick.set(None))>{i18n::text(lang, Msg::Close)}</button>
            </div>
            <dl>{rows}</dl>
        </aside>
    })
}
