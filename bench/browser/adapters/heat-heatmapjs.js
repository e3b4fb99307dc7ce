// heatmap.js (Patrick Wied): Canvas 2D, a radial-gradient stamp per point, then coloured.
//
// heatmap.js 2.0.5 is loaded as the classic script it is published as (run.mjs copies the npm
// package's build/heatmap.js, unchanged, to build/vendor/), not bundled into this module: its
// renderer assigns to the read-only `ImageData.data`, which is ignored in a classic script but
// throws in an ES module, where all code is strict ("Cannot assign to read only property 'data'
// of object '#<ImageData>'"). The script comes from the page's own origin, so the page's CSP
// (script-src 'self') allows it.

/** Loads heatmap.js (untimed); it defines `window.h337`. */
export function start() {
  if (window.h337) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/build/vendor/heatmap.js';
    script.onload = () => (window.h337 ? resolve() : reject(new Error('heatmap.js did not define h337')));
    script.onerror = () => reject(new Error('could not load /build/vendor/heatmap.js'));
    document.head.append(script);
  });
}

/** heatmap.js's input: an array of { x, y, value }. */
export function prepare(points) {
  const data = new Array(points.length / 3);
  for (let i = 0; i < data.length; i += 1) data[i] = { x: points[i * 3], y: points[i * 3 + 1], value: points[i * 3 + 2] };
  return data;
}

export function draw(container, data, { radius, maxWeight }) {
  // create() adds a canvas the size of the container (the 1200 × 800 box); setData draws at once.
  const heatmap = window.h337.create({ container, radius });
  heatmap.setData({ min: 0, max: maxWeight, data });
}
