//! Filters of the chain and table views: by stage, gap class, the enterprises on a link (local,
//! targets, chain leaders) and the targets' pipeline status. Links that do not match are dimmed in
//! the chain (the layout stays put) and hidden in the table.

use crate::hash::Set as HashSet;

use leptos::prelude::*;

use super::erase::handler;
use super::{AppState, Loaded};
use crate::i18n::{self, Msg};
use crate::model::{GapClass, Role, Status};

/// Which enterprises a link must have.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Having {
    /// No condition.
    #[default]
    Any,
    /// At least one local enterprise.
    Local,
    /// At least one target enterprise.
    Targets,
    /// At least one chain leader (local or target).
    Leaders,
}

/// The filter settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    /// Only this stage (index), or every stage.
    pub stage: Option<usize>,
    /// Gap classes shown: missing, weak, strong.
    pub gaps: [bool; 3],
    /// Enterprises the link must have.
    pub having: Having,
    /// Only links with a target at this pipeline status.
    pub status: Option<Status>,
}

impl Default for Filter {
    fn default() -> Self {
        Filter {
            stage: None,
            gaps: [true; 3],
            having: Having::Any,
            status: None,
        }
    }
}

impl Filter {
    /// Whether nothing is filtered.
    pub fn is_open(&self) -> bool {
        *self == Filter::default()
    }
}

/// Ids of the links that pass `filter` (a link passes when it, or any link below it, matches the
/// enterprise conditions; stage and gap are its own).
pub fn matching(loaded: &Loaded, filter: &Filter) -> HashSet<String> {
    let chain = &loaded.chain;
    let doc = chain.document();
    let gap_index = |g: GapClass| match g {
        GapClass::Missing => 0,
        GapClass::Weak => 1,
        GapClass::Strong => 2,
    };
    // Enterprise conditions, credited to each link and its ancestors.
    let mut has = vec![filter.having == Having::Any && filter.status.is_none(); doc.links.len()];
    if !has.iter().all(|h| *h) {
        for e in &doc.enterprises {
            let local = e.is_local();
            let having = match filter.having {
                Having::Any => true,
                Having::Local => local,
                Having::Targets => !local,
                Having::Leaders => e.role() == Role::Leader,
            };
            let status = filter.status.is_none_or(|s| !local && e.status == Some(s));
            if !(having && status) {
                continue;
            }
            for link in &e.links {
                let mut at = chain.link_index(link);
                let mut steps = 0;
                while let Some(i) = at {
                    if let Some(h) = has.get_mut(i) {
                        *h = true;
                    }
                    at = chain.parent(i);
                    steps += 1;
                    if steps > doc.links.len() {
                        break;
                    }
                }
            }
        }
    }
    doc.links
        .iter()
        .enumerate()
        .filter(|(i, _)| filter.stage.is_none_or(|s| chain.stage_of(*i) == Some(s)))
        .filter(|(i, _)| {
            loaded
                .stats
                .links
                .get(*i)
                .is_some_and(|l| filter.gaps.get(gap_index(l.gap)).copied().unwrap_or(true))
        })
        .filter(|(i, _)| has.get(*i).copied().unwrap_or(false))
        .map(|(_, l)| l.id.clone())
        .collect()
}

/// The filter controls.
#[component]
pub fn Filters(state: AppState, loaded: std::sync::Arc<Loaded>) -> impl IntoView {
    let lang = state.lang;
    let filter = state.filter;
    let stages: Vec<(usize, crate::model::Name)> = loaded
        .chain
        .document()
        .stages
        .iter()
        .flatten()
        .map(|s| s.name.clone())
        .enumerate()
        .collect();
    let stage_options = move || {
        let lang = lang.get();
        stages
            .iter()
            .map(|(i, name)| view! { <option value=i.to_string()>{name.get(lang).to_owned()}</option> })
            .collect_view()
    };
    let gap_box = move |k: usize, class: GapClass| {
        view! {
            <label class="lm-check">
                <input type="checkbox" data-filter=format!("gap-{}", class.as_str())
                    prop:checked=move || filter.with(|f| f.gaps.get(k).copied().unwrap_or(true))
                    on:change=handler(move |ev: leptos::ev::Event| {
                        let on = event_target_checked(&ev);
                        filter.update(|f| if let Some(g) = f.gaps.get_mut(k) { *g = on });
                    }) />
                {move || i18n::gap(lang.get(), class)}
            </label>
        }
    };
    let text = move |msg: Msg| move || i18n::text(lang.get(), msg);
    view! {
        <details class="lm-filters" data-lianmap="filters">
            <summary>{move || {
                let lang = lang.get();
                if filter.with(Filter::is_open) { i18n::text(lang, Msg::Filters).to_owned() } else { format!("{} ●", i18n::text(lang, Msg::Filters)) }
            }}</summary>
            <div class="lm-filter-row">
                <label>{text(Msg::Stage)}
                    <select data-filter="stage" on:change=handler(move |ev: leptos::ev::Event| {
                        let v = event_target_value(&ev);
                        filter.update(|f| f.stage = v.parse().ok());
                    })>
                        <option value="">{text(Msg::All)}</option>
                        {stage_options}
                    </select>
                </label>
                <fieldset class="lm-gaps">
                    <legend>{text(Msg::Gap)}</legend>
                    {gap_box(0, GapClass::Missing)}
                    {gap_box(1, GapClass::Weak)}
                    {gap_box(2, GapClass::Strong)}
                </fieldset>
                <label>{text(Msg::Enterprises)}
                    <select data-filter="having" on:change=handler(move |ev: leptos::ev::Event| {
                        let having = match event_target_value(&ev).as_str() {
                            "local" => Having::Local,
                            "targets" => Having::Targets,
                            "leaders" => Having::Leaders,
                            _ => Having::Any,
                        };
                        filter.update(|f| f.having = having);
                    })>
                        <option value="">{text(Msg::All)}</option>
                        <option value="local">{text(Msg::WithLocal)}</option>
                        <option value="targets">{text(Msg::WithTargets)}</option>
                        <option value="leaders">{text(Msg::WithLeaders)}</option>
                    </select>
                </label>
                <label>{text(Msg::Status)}
                    <select data-filter="status" on:change=handler(move |ev: leptos::ev::Event| {
                        let v = event_target_value(&ev);
                        filter.update(|f| f.status = Status::parse(&v));
                    })>
                        <option value="">{text(Msg::All)}</option>
                        {move || {
                            let lang = lang.get();
                            Status::ALL.iter().filter(|s| **s != Status::Producing).map(|s| view! {
                                <option value=s.as_str()>{i18n::status(lang, *s)}</option>
                            }).collect_view()
                        }}
                    </select>
                </label>
                <button type="button" class="lm-button" data-filter="reset"
                    on:click=handler(move |_: leptos::ev::MouseEvent| filter.set(Filter::default()))>{text(Msg::Reset)}</button>
            </div>
        </details>
    }
}
