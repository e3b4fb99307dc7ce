//! The widget in a real browser (headless Chromium through `wasm-bindgen-test`): mount, render the
//! table, report errors by event and panel, switch language, keep hostile text as text, and leave
//! nothing behind when dropped.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use lianmap::web::Widget;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

wasm_bindgen_test_configure!(run_in_browser);

const SMALL: &str = include_str!("fixtures/small.json");

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("document")
}

fn host() -> (HtmlElement, ShadowRoot) {
    let host: HtmlElement = document()
        .create_element("div")
        .expect("div")
        .unchecked_into();
    document()
        .body()
        .expect("body")
        .append_child(&host)
        .expect("append");
    let root = host
        .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .expect("shadow");
    (host, root)
}

/// Waits for the reactive system and the browser to settle.
async fn tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn count(root: &ShadowRoot, selector: &str) -> u32 {
    root.query_selector_all(selector)
        .map(|l| l.length())
        .unwrap_or(0)
}

fn text(root: &ShadowRoot, selector: &str) -> String {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// Records the `detail` of every event `name` on `host`, as JSON text.
fn record(
    host: &HtmlElement,
    name: &str,
) -> (
    Rc<RefCell<Vec<String>>>,
    Closure<dyn FnMut(web_sys::CustomEvent)>,
) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    let listener =
        Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |event: web_sys::CustomEvent| {
            let detail = js_sys::JSON::stringify(&event.detail())
                .map(String::from)
                .unwrap_or_default();
            sink.borrow_mut().push(detail);
        });
    host.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref())
        .expect("listen");
    (seen, listener)
}

#[wasm_bindgen_test]
async fn renders_the_table_and_fires_ready() {
    let (host, root) = host();
    let (ready, _keep) = record(&host, "lianmap-ready");
    let widget = Widget::new(host.clone(), root.clone()).expect("widget");
    widget.set_attribute("view", Some("table".into()));
    widget.set_json(SMALL);
    tick().await;
    assert_eq!(count(&root, "[data-lianmap=table] tr[data-id]"), 7);
    assert_eq!(count(&root, "section[data-stage]"), 3);
    let anode = root
        .query_selector("tr[data-id=anode] [data-gap]")
        .ok()
        .flatten()
        .expect("anode row");
    assert_eq!(anode.get_attribute("data-gap").as_deref(), Some("missing"));
    assert!(
        text(&root, "tr[data-id=car]").contains("整车链主"),
        "leader named in its row"
    );
    assert_eq!(count(&root, "[data-lianmap=errors]"), 0);
    let ready = ready.borrow();
    assert_eq!(ready.len(), 1);
    assert!(
        ready[0].contains("\"links\":7") && ready[0].contains("\"enterprises\":12"),
        "{}",
        ready[0]
    );
    drop(widget);
    host.remove();
}

#[wasm_bindgen_test]
async fn broken_documents_show_the_error_panel_and_fire_an_error() {
    let (host, root) = host();
    let (errors, _keep) = record(&host, "lianmap-error");
    let widget = Widget::new(host.clone(), root.clone()).expect("widget");
    widget.set_attribute("view", Some("table".into()));
    widget.set_json(
        r#"{"version": 1, "links": [{"id": "battery", "name": "电池"}],
            "enterprises": [{"id": "e1", "name": "<img src=x onerror=alert(1)>", "links": ["batery"]}]}"#,
    );
    tick().await;
    let errors = errors.borrow();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].contains("\"path\":\"enterprises[0].links[0]\""),
        "{}",
        errors[0]
    );
    assert!(errors[0].contains("did you mean"), "{}", errors[0]);
    let panel = text(&root, "[data-lianmap=errors]");
    assert!(
        panel.contains("enterprises[0].links[0]") && panel.contains("batery"),
        "{panel}"
    );
    assert_eq!(
        count(&root, "[data-lianmap=table] tr[data-id]"),
        1,
        "the valid part still shows"
    );
    assert_eq!(count(&root, "img"), 0, "names are text, never HTML");
    drop(widget);
    host.remove();
}

#[wasm_bindgen_test]
async fn syntax_errors_fail_cleanly() {
    let (host, root) = host();
    let (errors, _keep) = record(&host, "lianmap-error");
    let (ready, _keep2) = record(&host, "lianmap-ready");
    let widget = Widget::new(host.clone(), root.clone()).expect("widget");
    widget.set_json("{\"version\": 1,\n \"links\": [}");
    tick().await;
    assert_eq!(errors.borrow().len(), 1);
    assert!(
        errors.borrow()[0].contains("\"line\":2"),
        "{}",
        errors.borrow()[0]
    );
    assert!(ready.borrow().is_empty());
    assert!(text(&root, "[data-lianmap=errors]").contains("line 2"));
    drop(widget);
    host.remove();
}

#[wasm_bindgen_test]
async fn language_follows_the_attribute() {
    let (host, root) = host();
    let widget = Widget::new(host.clone(), root.clone()).expect("widget");
    widget.set_attribute("view", Some("table".into()));
    widget.set_json(SMALL);
    tick().await;
    assert!(text(&root, "section[data-stage=up] h3").contains("上游"));
    widget.set_attribute("lang", Some("en".into()));
    tick().await;
    assert!(text(&root, "section[data-stage=up] h3").contains("Upstream"));
    assert!(text(&root, "thead").contains("Top targets"));
    widget.set_attribute("lang", Some("zh-TW".into()));
    tick().await;
    assert!(text(&root, "thead").contains("重點招商對象"));
    drop(widget);
    host.remove();
}

#[wasm_bindgen_test]
async fn data_objects_are_accepted() {
    let (host, root) = host();
    let widget = Widget::new(host.clone(), root.clone()).expect("widget");
    let doc = js_sys::JSON::parse(SMALL).expect("parse");
    widget.set_data(doc);
    tick().await;
    assert_eq!(count(&root, "g[data-kind=link]"), 7);
    drop(widget);
    host.remove();
}

#[wasm_bindgen_test]
async fn dropping_leaves_nothing_behind() {
    let (host, root) = host();
    for _ in 0..20 {
        let widget = Widget::new(host.clone(), root.clone()).expect("widget");
        widget.set_json(SMALL);
        tick().await;
        assert_eq!(count(&root, "g[data-kind=link]"), 7);
        drop(widget);
        assert_eq!(
            root.child_element_count(),
            0,
            "the shadow root is empty after drop"
        );
    }
    host.remove();
}

#[wasm_bindgen_test]
async fn chain_view_draws_every_link_and_selects() {
    let (host, root) = host();
    let (selects, _keep) = record(&host, "lianmap-select");
    let widget = Widget::new(host.clone(), root.clone()).expect("widget");
    widget.set_json(SMALL);
    tick().await;
    assert_eq!(count(&root, "[data-lianmap=chain] g[data-kind=link]"), 7);
    assert_eq!(count(&root, "[data-lianmap=chain] g[data-kind=stage]"), 3);
    assert_eq!(count(&root, "[data-lianmap=chain] path.lm-edge"), 6);
    let anode = root
        .query_selector("g[data-id=anode]")
        .ok()
        .flatten()
        .expect("anode");
    assert_eq!(anode.get_attribute("data-gap").as_deref(), Some("missing"));
    assert_eq!(anode.get_attribute("tabindex").as_deref(), Some("0"));

    assert!(widget.select("cell"));
    tick().await;
    assert_eq!(
        selects.borrow().as_slice(),
        [r#"{"id":"cell","kind":"link"}"#]
    );
    assert!(text(&root, "[data-lianmap=detail]").contains("电芯"));
    let cell = root
        .query_selector("g[data-id=cell]")
        .ok()
        .flatten()
        .expect("cell");
    assert_eq!(cell.get_attribute("aria-pressed").as_deref(), Some("true"));
    // mat has no flows, so it is outside the selection's chain and dimmed.
    let mat = root
        .query_selector("g[data-id=mat]")
        .ok()
        .flatten()
        .expect("mat");
    assert!(
        mat.get_attribute("class")
            .unwrap_or_default()
            .contains("lm-dim")
    );
    assert!(!widget.select("no-such-link"));
    widget.clear_selection();
    tick().await;
    assert_eq!(count(&root, "[data-lianmap=detail]"), 0);

    let svg = widget.export_svg();
    assert!(svg.starts_with("<svg"));
    for id in ["mat", "cathode", "anode", "cell", "pack", "car", "recycle"] {
        assert!(
            svg.contains(&format!(r#"data-id="{id}" data-kind="link""#)),
            "{id}"
        );
    }
    drop(widget);
    host.remove();
}

#[wasm_bindgen_test]
async fn chains_without_stages_or_links_still_draw() {
    let (host, root) = host();
    let widget = Widget::new(host.clone(), root.clone()).expect("widget");
    widget.set_json(include_str!("fixtures/valid/no-stages.json"));
    tick().await;
    assert_eq!(count(&root, "g[data-kind=link]"), 2);
    assert_eq!(count(&root, "g[data-kind=stage]"), 0);
    assert_eq!(
        count(&root, "path.lm-edge"),
        2,
        "a two-link cycle draws both flows"
    );
    widget.set_json(r#"{"version": 1, "links": []}"#);
    tick().await;
    assert_eq!(count(&root, "g[data-kind=link]"), 0);
    assert!(text(&root, "[data-lianmap=chain]").contains("没有可显示的环节"));
    drop(widget);
    host.remove();
}
