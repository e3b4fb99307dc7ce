// Lianmap: importing this module defines <lian-map>. It loads lianmap_bg.wasm from beside itself
// and makes no other request than the URLs the page gives it (src, geo, plan-image).
// `mount(element, options)` puts a map into a container and returns a handle to drive it.
import init, { Widget, layoutDocument, drawHeat } from './lianmap_core.js';

const OBSERVED = ['src', 'geo-id', 'projection', 'plan-image', 'geo', 'view', 'lang', 'theme', 'renderer', 'sync-hash'];
/** Properties that reflect an attribute (`lang` is every element's own). */
const REFLECTED = {
  src: 'src',
  view: 'view',
  theme: 'theme',
  renderer: 'renderer',
  projection: 'projection',
  geoId: 'geo-id',
  planImage: 'plan-image',
  syncHash: 'sync-hash',
};
let started;
let exports;

/** Starts the WebAssembly module once; later calls share the same promise. */
export function ready() {
  started ??= init({ module_or_path: new URL('./lianmap_bg.wasm', import.meta.url) }).then((wasm) => {
    exports = wasm;
    return wasm;
  });
  return started;
}

/**
 * The chain layout of a document without drawing it (`{nodes, edges, width, height}`, the
 * `lianmap layout` contract). Call after `ready()` has resolved; throws on a rejected document.
 */
export function layout(doc) {
  if (!exports) throw new Error('Lianmap is not ready: await ready() first');
  return layoutDocument(doc);
}

/**
 * Draws a density heat map of weighted points onto a canvas (its own pixel size), computed in
 * WebAssembly: `points` is a Float32Array (or array) of x, y, weight triples in canvas pixels.
 * Options: `radius` (px, default 25), `ramp` (`ylorrd`, `viridis`, `cividis`, `blues`, `greens`),
 * `opacity` (0–1). Returns the densest value drawn. Call after `ready()` has resolved.
 */
export function heat(canvas, points, options = {}) {
  if (!exports) throw new Error('Lianmap is not ready: await ready() first');
  const flat = points instanceof Float32Array ? points : Float32Array.from(points);
  return drawHeat(canvas, flat, options.radius ?? 25, options.ramp ?? 'ylorrd', options.opacity ?? 0.85);
}

/** Bytes of WebAssembly memory the widgets hold (0 before the module has started). */
export function memoryBytes() {
  return exports ? exports.memory.buffer.byteLength : 0;
}

/** Shows a document: an object, or its JSON text (whose syntax errors carry line and column). */
function show(widget, doc) {
  if (typeof doc === 'string') widget.setJson(doc);
  else widget.setData(doc);
}

function fail(element, error) {
  const message = `Lianmap could not start: ${error && error.message ? error.message : error}`;
  element.dispatchEvent(new CustomEvent('lianmap-error', {
    bubbles: true,
    composed: true,
    detail: { errors: [{ path: '$', message, severity: 'error' }] },
  }));
}

export class LianMapElement extends HTMLElement {
  static get observedAttributes() {
    return OBSERVED;
  }

  constructor() {
    super();
    this._widget = null;
    this._data = undefined;
    this._geo = undefined;
  }

  connectedCallback() {
    // A property set on the element before this module defined it (`el.data = doc` on a plain
    // HTMLElement) is an own property that hides the accessor: take it and set it again.
    for (const name of ['data', 'geo', ...Object.keys(REFLECTED)]) {
      if (Object.prototype.hasOwnProperty.call(this, name)) {
        const value = this[name];
        delete this[name];
        this[name] = value;
      }
    }
    ready().then(() => {
      if (!this.isConnected || this._widget) return;
      const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      this._widget = new Widget(this, root);
      for (const name of OBSERVED) {
        if (name !== 'src' && this.hasAttribute(name)) this._widget.setAttribute(name, this.getAttribute(name));
      }
      if (this._geo !== undefined && typeof this._geo !== 'string') this._widget.setGeoJson(JSON.stringify(this._geo));
      if (this._data !== undefined) show(this._widget, this._data);
      else if (this.hasAttribute('src')) this._widget.setAttribute('src', this.getAttribute('src'));
    }, (error) => fail(this, error));
  }

  disconnectedCallback() {
    // Moving the element (appendChild elsewhere, a host's tabs or dialogs) disconnects and
    // reconnects it in one task: the widget, its document and its selection survive that. An
    // element still out of the document after the current task's microtasks is freed.
    queueMicrotask(() => {
      if (!this.isConnected) this._release();
    });
  }

  /** Frees the widget and everything it holds (the element can be connected again later). */
  _release() {
    if (this._widget) {
      this._widget.free();
      this._widget = null;
    }
  }

  attributeChangedCallback(name, oldValue, value) {
    if (this._widget && oldValue !== value) this._widget.setAttribute(name, value);
  }

  /** The chain document (an object, or its JSON text); setting it replaces what `src` loaded. */
  get data() {
    return this._data;
  }

  set data(doc) {
    this._data = doc;
    if (this._widget) show(this._widget, doc);
  }

  /** The map boundaries: a GeoJSON object, or a URL (the same as the `geo` attribute). */
  get geo() {
    return this._geo ?? this.getAttribute('geo');
  }

  set geo(value) {
    if (value === null || value === undefined || typeof value === 'string') {
      const hadObject = this._geo !== undefined;
      this._geo = undefined;
      if (typeof value === 'string') this.setAttribute('geo', value);
      else if (this.hasAttribute('geo')) this.removeAttribute('geo');
      else if (hadObject && this._widget) this._widget.setAttribute('geo', null); // no attribute to remove
      return;
    }
    this._geo = value;
    this.removeAttribute('geo'); // the object replaces a URL
    if (this._widget) this._widget.setGeoJson(JSON.stringify(value));
  }

  /** Same as setting `data`. */
  setData(doc) {
    this.data = doc;
  }

  /**
   * Selects a link, an enterprise, a map region, a park, a project or an opportunity by id and
   * fires `lianmap-select` with its kind; false when there is no such item yet.
   */
  select(id) {
    return this._widget ? this._widget.select(String(id)) : false;
  }

  /** Clears the selection. */
  clearSelection() {
    this._widget?.clearSelection();
  }

  /** Fits the whole drawing into view. */
  fit() {
    this._widget?.fit();
  }

  /** The chain map as a PNG: a Promise of a Blob. */
  exportPng() {
    return this._widget ? this._widget.exportPng() : Promise.reject(new Error('Lianmap is not ready'));
  }

  /** The chain map as an SVG document string (every node a `<g data-id data-kind>`). */
  exportSvg() {
    return this._widget ? this._widget.exportSvg() : '';
  }
}

for (const [property, attribute] of Object.entries(REFLECTED)) {
  Object.defineProperty(LianMapElement.prototype, property, {
    configurable: true,
    enumerable: true,
    get() {
      return this.getAttribute(attribute);
    },
    set(value) {
      if (value === null || value === undefined) this.removeAttribute(attribute);
      else this.setAttribute(attribute, String(value));
    },
  });
}

if (!customElements.get('lian-map')) customElements.define('lian-map', LianMapElement);

/** `mount` options set as attributes (camelCase option → attribute). */
const OPTION_ATTRIBUTES = { ...REFLECTED, lang: 'lang' };

function applyOptions(element, options) {
  for (const [option, attribute] of Object.entries(OPTION_ATTRIBUTES)) {
    const value = options[option];
    if (value === undefined) continue;
    if (value === null) element.removeAttribute(attribute);
    else element.setAttribute(attribute, String(value));
  }
  if (options.geo !== undefined) element.geo = options.geo;
  if (options.data !== undefined) element.data = options.data;
}

function eventName(name) {
  const text = String(name);
  return text.startsWith('lianmap-') ? text : `lianmap-${text}`;
}

/**
 * Puts a `<lian-map>` into `container` (appended to what it holds) and returns a handle:
 * `{ element, select, clearSelection, setData, fit, exportSvg, exportPng, on, set, destroy }`.
 * Options: `data` (a document object or its JSON text), `src`, `geo` (a URL or a GeoJSON object), `geoId`,
 * `view`, `lang`, `theme`, `renderer`, `projection`, `planImage`, `syncHash`; `undefined` leaves an option
 * as it is and `null` removes it (in `set`).
 *
 * Nothing here throws before the WebAssembly module has started or the document has loaded:
 * `select(id)` then returns false and remembers the id, which is selected when the next
 * `lianmap-ready` fires (a later `select` or `clearSelection` replaces it); `fit()` and
 * `clearSelection()` do nothing, `exportSvg()` returns '' and `exportPng()` a rejected Promise.
 */
export function mount(container, options = {}) {
  if (!container || typeof container.appendChild !== 'function') {
    throw new TypeError('mount(element, options): element must be the DOM element to put the map in');
  }
  const element = (container.ownerDocument ?? document).createElement('lian-map');
  applyOptions(element, options ?? {});
  const listeners = [];
  // True from a new document (or the start) until it has been shown (lianmap-ready).
  let loading = true;
  let pending = null;
  let destroyed = false;
  const onReady = () => {
    loading = false;
    if (pending !== null) {
      const id = pending;
      pending = null;
      element.select(id);
    }
  };
  element.addEventListener('lianmap-ready', onReady);
  container.appendChild(element);

  const handle = {
    element,
    select(id) {
      if (destroyed) return false;
      const text = String(id);
      if (element.select(text)) {
        pending = null;
        return true;
      }
      pending = loading ? text : null;
      return false;
    },
    clearSelection() {
      pending = null;
      element.clearSelection();
    },
    setData(doc) {
      if (destroyed) return;
      loading = true;
      element.data = doc; // fires lianmap-ready at once when the module has started
    },
    fit() {
      element.fit();
    },
    exportSvg() {
      return element.exportSvg();
    },
    exportPng() {
      return element.exportPng();
    },
    on(name, fn) {
      if (typeof fn !== 'function') throw new TypeError('on(event, fn): fn must be a function');
      if (destroyed) return () => {};
      const type = eventName(name);
      const listener = (event) => fn(event.detail, event);
      element.addEventListener(type, listener);
      const entry = [type, listener];
      listeners.push(entry);
      return () => {
        const at = listeners.indexOf(entry);
        if (at >= 0) listeners.splice(at, 1);
        element.removeEventListener(type, listener);
      };
    },
    set(next = {}) {
      if (destroyed || !next) return;
      const newSrc = next.src !== undefined && next.src !== null && element.getAttribute('src') !== String(next.src);
      if (next.data !== undefined || newSrc) loading = true;
      applyOptions(element, next);
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      pending = null;
      for (const [type, listener] of listeners.splice(0)) element.removeEventListener(type, listener);
      element.removeEventListener('lianmap-ready', onReady);
      element.remove();
      element._release(); // at once, not after the disconnection's microtask
    },
  };
  return handle;
}
