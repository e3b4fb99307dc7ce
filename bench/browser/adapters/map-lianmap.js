// Lianmap choropleth: <lian-map view="map"> from dist/, given the GeoJSON object through `geo`
// and the chain document through `data`.
import { memoryBytes, ready } from '/dist/lianmap.js';

/** Compiles and starts the WebAssembly module (timed apart from the first frame). */
export function start() {
  return ready();
}

export function render(container, geo, doc) {
  return new Promise((resolve, reject) => {
    const element = document.createElement('lian-map');
    element.setAttribute('view', 'map');
    element.setAttribute('lang', 'zh-CN');
    element.addEventListener('lianmap-ready', () => resolve(), { once: true });
    element.addEventListener('lianmap-error', (event) => {
      const errors = (event.detail && event.detail.errors) || [];
      if (errors.some((e) => e.path === '$')) reject(new Error(errors.map((e) => e.message).join('; ')));
    });
    container.append(element);
    element.geo = geo;
    element.data = doc;
  });
}

/** The WebAssembly linear memory (it only grows, so this is its high-water mark). */
export function extraMemory() {
  return memoryBytes();
}
