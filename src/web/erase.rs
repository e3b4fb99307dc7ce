//! One type for many closures. Leptos compiles its event-listener code once per handler type and
//! its effect code once per closure type; every closure literal is a type of its own. Behind a
//! box they share one copy per event type (per value type for effects). Measured on what a page
//! loads: 3.1 KiB gzip less for the handlers, 2.2 KiB for the effects and 0.6 KiB for `tr`.

use leptos::prelude::{Effect, Get, RwSignal, request_animation_frame, set_timeout};

use crate::i18n::{self, Msg};
use crate::model::Lang;

/// An event handler behind a box: `on:click=handler(move |ev: MouseEvent| …)`.
pub fn handler<E: 'static>(f: impl FnMut(E) + 'static) -> Box<dyn FnMut(E)> {
    Box::new(f)
}

/// An effect that reruns whenever a signal it reads changes, from a boxed closure.
pub fn effect(f: impl FnMut() + 'static) {
    let boxed: Box<dyn FnMut()> = Box::new(f);
    Effect::new(boxed);
}

/// An effect that is handed the value its previous run returned, from a boxed closure.
pub fn effect_with<T: 'static>(f: impl FnMut(Option<T>) -> T + 'static) {
    let boxed: Box<dyn FnMut(Option<T>) -> T> = Box::new(f);
    Effect::new(boxed);
}

/// The text of `msg` in the widget's language, following it: `aria-label=tr(lang, Msg::Zoom)`.
/// One closure type for every such text, where a `move || i18n::text(…)` at each place would be
/// a type of its own.
pub fn tr(lang: RwSignal<Lang>, msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync {
    move || i18n::text(lang.get(), msg)
}

/// `request_animation_frame` with a boxed callback.
pub fn next_frame(f: impl FnOnce() + 'static) {
    let boxed: Box<dyn FnOnce()> = Box::new(f);
    request_animation_frame(boxed);
}

/// `set_timeout` with a boxed callback.
pub fn timeout(f: impl FnOnce() + 'static, delay: std::time::Duration) {
    let boxed: Box<dyn FnOnce()> = Box::new(f);
    set_timeout(boxed, delay);
}
