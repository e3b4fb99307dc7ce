//! What the two canvas views (the chain and the heat map) share: the view transform, the pixels
//! of the last full frame that pan and zoom frames move, the size watcher and the tooltip.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::num::Fixed;

/// Drawing units → CSS px: `screen = p · k + (tx, ty)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    /// CSS px per drawing unit.
    pub k: f64,
    /// Horizontal offset, CSS px.
    pub tx: f64,
    /// Vertical offset, CSS px.
    pub ty: f64,
}

impl View {
    /// The drawing point under a screen point.
    pub fn to_drawing(self, sx: f64, sy: f64) -> [f64; 2] {
        [(sx - self.tx) / self.k, (sy - self.ty) / self.k]
    }

    /// The screen point of a drawing point.
    pub fn to_screen(self, p: [f64; 2]) -> [f64; 2] {
        [p[0] * self.k + self.tx, p[1] * self.k + self.ty]
    }
}

/// Copies `canvas`'s pixels into `slot` (made or remade to its size) and records `view` as what
/// they show; empties `slot` when the copy cannot be made.
pub fn keep_snapshot(
    canvas: &HtmlCanvasElement,
    slot: &mut Option<(HtmlCanvasElement, View)>,
    view: View,
) {
    let (w, h) = (canvas.width(), canvas.height());
    let fits = slot
        .as_ref()
        .is_some_and(|(c, _)| c.width() == w && c.height() == h);
    if !fits {
        *slot = canvas
            .owner_document()
            .and_then(|d| d.create_element("canvas").ok())
            .and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok())
            .map(|c| {
                c.set_width(w);
                c.set_height(h);
                (c, view)
            });
    }
    let Some((copy, shown)) = slot else {
        return;
    };
    let drawn = copy
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        .map(|c| {
            c.clear_rect(0.0, 0.0, f64::from(w), f64::from(h));
            c.draw_image_with_html_canvas_element(canvas, 0.0, 0.0)
        });
    if matches!(drawn, Some(Ok(()))) {
        *shown = view;
    } else {
        *slot = None;
    }
}

/// Calls a function whenever an element changes size, until dropped (it then stops observing
/// and frees the function).
pub struct Watch {
    observer: web_sys::ResizeObserver,
    /// What the observer calls: it lives as long as the observer.
    _callback: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl Watch {
    /// Watches `target` (boxed: one closure type for every watcher).
    pub fn new(target: &web_sys::Element, on_resize: Box<dyn FnMut()>) -> Option<Watch> {
        let callback = wasm_bindgen::closure::Closure::wrap(on_resize);
        let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        observer.observe(target);
        Some(Watch {
            observer,
            _callback: callback,
        })
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// The custom properties `element` sees, as a function: `(name, fallback)` gives the property's
/// value, or `fallback` where it is unset or empty.
pub fn custom_properties(element: &web_sys::Element) -> impl Fn(&str, &str) -> String {
    let style = web_sys::window().and_then(|w| w.get_computed_style(element).ok().flatten());
    move |name, fallback| {
        style
            .as_ref()
            .and_then(|s| s.get_property_value(name).ok())
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| fallback.to_owned())
    }
}

/// Shows the tooltip `tip` with `text` beside the pointer at (x, y) (CSS px in its container).
pub fn show_tip(tip: NodeRef<leptos::html::Div>, text: &str, x: f64, y: f64) {
    let Some(tip) = tip.try_get_untracked().flatten() else {
        return;
    };
    tip.set_text_content(Some(text));
    // CSSOM, not a style attribute: allowed under a strict style-src.
    let style = web_sys::HtmlElement::style(&tip);
    let _ = style.set_property("left", &format!("{}px", Fixed(x + 14.0, 0)));
    let _ = style.set_property("top", &format!("{}px", Fixed(y + 14.0, 0)));
    tip.set_hidden(false);
}

/// Hides the tooltip `tip`.
pub fn hide_tip(tip: NodeRef<leptos::html::Div>) {
    if let Some(tip) = tip.try_get_untracked().flatten() {
        tip.set_hidden(true);
    }
}

/// A pointer gesture under way on a canvas view.
#[derive(Clone, Copy, Debug)]
enum Gesture {
    /// One pointer down at (x, y) with the view then; `moved` once it travelled 4 px.
    Drag {
        x: f64,
        y: f64,
        view: View,
        moved: bool,
    },
    /// Two pointers: their first distance and midpoint (canvas px) and the view then.
    Pinch {
        distance: f64,
        mid: (f64, f64),
        view: View,
    },
    /// Dragging a minimap's viewport.
    Minimap,
}

/// What a pointer move asks of the view.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Motion {
    /// No gesture: the pointer hovers (show what is under it).
    Hover,
    /// A gesture that does not move the view (yet).
    Idle,
    /// Pan or pinch to this view; `capture` when a drag has just begun (capture the pointer).
    View {
        /// The view to show.
        view: View,
        /// Capture the pointer now.
        capture: bool,
    },
}

/// The pointers down on a canvas view and the gesture they make: drag to pan, two fingers to
/// pinch, a press that did not move to click.
#[derive(Debug, Default)]
pub struct Pointers {
    down: Vec<(i32, f64, f64)>,
    gesture: Option<Gesture>,
}

impl Pointers {
    /// Pointer `id` went down at (x, y) canvas px on a view showing `view`; `primary` for the
    /// main button. Two pointers start a pinch, one primary pointer a drag.
    pub fn down(&mut self, id: i32, x: f64, y: f64, primary: bool, view: Option<View>) {
        self.down.retain(|q| q.0 != id);
        self.down.push((id, x, y));
        let Some(view) = view else { return };
        if let [a, b] = self.down.as_slice() {
            self.gesture = Some(Gesture::Pinch {
                distance: (a.1 - b.1).hypot(a.2 - b.2).max(1.0),
                mid: ((a.1 + b.1) / 2.0, (a.2 + b.2) / 2.0),
                view,
            });
        } else if primary {
            self.gesture = Some(Gesture::Drag {
                x,
                y,
                view,
                moved: false,
            });
        }
    }

    /// Pointer `id` moved to (x, y); a pinch keeps its scale within `zoom` (lowest, highest).
    pub fn moved(&mut self, id: i32, x: f64, y: f64, zoom: (f64, f64)) -> Motion {
        if let Some(q) = self.down.iter_mut().find(|q| q.0 == id) {
            q.1 = x;
            q.2 = y;
        }
        match self.gesture {
            None => Motion::Hover,
            Some(Gesture::Minimap) => Motion::Idle,
            Some(Gesture::Pinch {
                distance,
                mid,
                view,
            }) => {
                let [a, b] = self.down.as_slice() else {
                    return Motion::Idle;
                };
                let d = (a.1 - b.1).hypot(a.2 - b.2).max(1.0);
                let m = ((a.1 + b.1) / 2.0, (a.2 + b.2) / 2.0);
                // The drawing point under the first midpoint follows the fingers' midpoint.
                let [lx, ly] = view.to_drawing(mid.0, mid.1);
                let k = (view.k * d / distance).clamp(zoom.0, zoom.1);
                Motion::View {
                    view: View {
                        k,
                        tx: m.0 - lx * k,
                        ty: m.1 - ly * k,
                    },
                    capture: false,
                }
            }
            Some(Gesture::Drag {
                x: x0,
                y: y0,
                view,
                moved,
            }) => {
                let (dx, dy) = (x - x0, y - y0);
                if !moved && dx.hypot(dy) < 4.0 {
                    return Motion::Idle;
                }
                self.gesture = Some(Gesture::Drag {
                    x: x0,
                    y: y0,
                    view,
                    moved: true,
                });
                Motion::View {
                    view: View {
                        k: view.k,
                        tx: view.tx + dx,
                        ty: view.ty + dy,
                    },
                    capture: !moved,
                }
            }
        }
    }

    /// Pointer `id` went up (or was cancelled).
    pub fn up(&mut self, id: i32) {
        self.down.retain(|q| q.0 != id);
        match self.gesture {
            // A pinch ends as a drag that has moved, so no click follows it.
            Some(Gesture::Pinch { view, .. }) => {
                self.gesture = Some(Gesture::Drag {
                    x: 0.0,
                    y: 0.0,
                    view,
                    moved: true,
                })
            }
            Some(Gesture::Drag { moved: false, .. }) => self.gesture = None,
            _ => {}
        }
    }

    /// Ends the gesture for a click: true when it was a pan or a pinch, which is not a click.
    pub fn click_was_pan(&mut self) -> bool {
        matches!(self.gesture.take(), Some(Gesture::Drag { moved: true, .. }))
    }

    /// A minimap drag begins.
    pub fn start_minimap(&mut self) {
        self.gesture = Some(Gesture::Minimap);
    }

    /// Whether a minimap drag is under way.
    pub fn on_minimap(&self) -> bool {
        matches!(self.gesture, Some(Gesture::Minimap))
    }

    /// Forgets the gesture (a minimap drag ended).
    pub fn clear(&mut self) {
        self.gesture = None;
    }
}

/// A client point in the CSS px of `canvas` (unchanged when the canvas is gone).
pub fn local_point(canvas: NodeRef<leptos::html::Canvas>, cx: f64, cy: f64) -> (f64, f64) {
    canvas.try_get_untracked().flatten().map_or((cx, cy), |c| {
        let r = c.get_bounding_client_rect();
        (cx - r.left(), cy - r.top())
    })
}

/// The zoom factor of a wheel event.
pub fn wheel_factor(ev: &web_sys::WheelEvent) -> f64 {
    (-ev.delta_y() / 400.0).exp().clamp(0.5, 2.0)
}

/// Sizes `canvas`'s backing store to its CSS box (`size`, CSS px) at the device's pixel ratio
/// (`dpr`), updating both; true when either changed. A canvas with no box (it or an ancestor is
/// `display: none`: a host's closed tab, dialog or `<details>`) keeps its last size, `(0, 0)`
/// until it is first laid out, so a view shown later fits its real size, not a dot.
pub fn resize_backing(canvas: &HtmlCanvasElement, size: &mut (f64, f64), dpr: &mut f64) -> bool {
    let rect = canvas.get_bounding_client_rect();
    if rect.width() < 1.0 || rect.height() < 1.0 {
        return false;
    }
    let ratio = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .max(1.0);
    let box_px = (rect.width(), rect.height());
    if box_px == *size && ratio == *dpr {
        return false;
    }
    *size = box_px;
    *dpr = ratio;
    canvas.set_width((box_px.0 * ratio).round() as u32);
    canvas.set_height((box_px.1 * ratio).round() as u32);
    true
}

/// A frame during a pan or zoom: the last full frame's pixels (`snapshot`, showing the view it
/// holds) moved to `view` on a `bg` background: screen = (old screen − t₀) · k / k₀ + t.
pub fn blit_moving(
    ctx: &CanvasRenderingContext2d,
    canvas: &HtmlCanvasElement,
    bg: &str,
    (image, was): &(HtmlCanvasElement, View),
    view: View,
    dpr: f64,
) -> Result<(), wasm_bindgen::JsValue> {
    let r = view.k / was.k;
    ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)?;
    ctx.set_fill_style_str(bg);
    ctx.fill_rect(
        0.0,
        0.0,
        f64::from(canvas.width()),
        f64::from(canvas.height()),
    );
    ctx.set_transform(
        r,
        0.0,
        0.0,
        r,
        dpr * (view.tx - was.tx * r),
        dpr * (view.ty - was.ty * r),
    )?;
    ctx.draw_image_with_html_canvas_element(image, 0.0, 0.0)
}
