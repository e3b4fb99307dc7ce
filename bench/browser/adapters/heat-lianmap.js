// Lianmap density heat: `heat(canvas, points, { radius })` from dist/, computed in WebAssembly.
import { heat, memoryBytes, ready } from '/dist/lianmap.js';

/** Compiles and starts the WebAssembly module (timed apart from the first frame). */
export function start() {
  return ready();
}

// Lianmap's input format is the Float32Array of x, y, weight triples itself: no prepare().

export function draw(container, points, { width, height, radius }) {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  container.append(canvas);
  heat(canvas, points, { radius });
}

/** The WebAssembly linear memory (it only grows, so this is its high-water mark). */
export function extraMemory() {
  return memoryBytes();
}
