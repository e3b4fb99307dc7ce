// Lianmap: the <lian-map> element from dist/, given the document object through `data`.
import { ready, memoryBytes } from '/dist/lianmap.js';

/** Compiles and starts the WebAssembly module (timed apart from the first frame). */
export function start() {
  return ready();
}

export function render(container, doc) {
  return new Promise((resolve, reject) => {
    const element = document.createElement('lian-map');
    element.addEventListener('lianmap-ready', () => resolve(), { once: true });
    element.addEventListener('lianmap-error', (event) => {
      // Only a failure to start or load is fatal; data warnings still draw the chain.
      const errors = (event.detail && event.detail.errors) || [];
      if (errors.some((e) => e.path === '$')) reject(new Error(errors.map((e) => e.message).join('; ')));
    });
    container.append(element);
    element.data = doc;
  });
}

/** The WebAssembly linear memory (it only grows, so this is its high-water mark). */
export function extraMemory() {
  return memoryBytes();
}
