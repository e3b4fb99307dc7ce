// Lianmap: importing this module defines <lian-map>. It loads lianmap_bg.wasm from beside itself
// and makes no other request than the URLs the page gives it (src, geo).
import init, { Widget, layoutDocument, drawHeat } from './lianmap_core.js';

const OBSERVED = ['src', 'geo-id', 'projection', 'plan-image', 'geo', 'view', 'lang', 'theme', 'renderer', 'sync-hash'];
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
    ready().then(() => {
      if (!this.isConnected || this._widget) return;
      const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      this._widget = new Widget(this, root);
      for (const name of OBSERVED) {
        if (name !== 'src' && this.hasAttribute(name)) this._widget.setAttribute(name, this.getAttribute(name));
      }
      if (this._geo !== undefined && typeof this._geo !== 'string') this._widget.setGeoJson(JSON.stringify(this._geo));
      if (this._data !== undefined) this._widget.setData(this._data);
      else if (this.hasAttribute('src')) this._widget.setAttribute('src', this.getAttribute('src'));
    }, (error) => fail(this, error));
  }

  disconnectedCallback() {
    if (this._widget) {
      this._widget.free();
      this._widget = null;
    }
  }

  attributeChangedCallback(name, oldValue, value) {
    if (this._widget && oldValue !== value) this._widget.setAttribute(name, value);
  }

  /** The chain document as an object; setting it replaces what `src` loaded. */
  get data() {
    return this._data;
  }

  set data(doc) {
    this._data = doc;
    if (this._widget) this._widget.setData(doc);
  }

  /** The map boundaries: a GeoJSON object, or a URL (the same as the `geo` attribute). */
  get geo() {
    return this._geo ?? this.getAttribute('geo');
  }

  set geo(value) {
    if (typeof value === 'string') {
      this._geo = undefined;
      this.setAttribute('geo', value);
      return;
    }
    this._geo = value;
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

if (!customElements.get('lian-map')) customElements.define('lian-map', LianMapElement);
