// The page side of the Lianmap browser benchmark. run.mjs loads /index.html in a fresh headless
// Chromium for every run and drives it through `window.lianmapBench`. Each library is an adapter
// module in build/ (bundled from adapters/ by run.mjs) with the same interface:
//   start()                          optional; loads what the library needs before any clock runs
//   render(container, doc, layout)   resolves when the library says the first drawing is done
//   extraMemory()                    optional; bytes held outside the JS heap (WebAssembly memory)
//   panFrom                          optional; where a pan drag starts ({ x, y } fractions of the box)

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

async function frames(n) {
  for (let i = 0; i < n; i += 1) await nextFrame();
}

async function fetchJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

/** An error's message and the functions it was thrown from, so that a report can say where. */
function describe(error) {
  const message = String(error && error.message ? error.message : error);
  const where = String((error && error.stack) || '')
    .split('\n')
    .map((line) => /^\s+at (?:async )?([\w$.<>]+) \(/.exec(line)?.[1])
    .filter(Boolean)
    .slice(0, 3);
  return where.length ? `${message} (in ${where.join(' ← ')})` : message;
}

let current = null;

window.lianmapBench = {
  /**
   * Fetches and parses the chain document (and the precomputed layout when asked), then imports
   * the adapter and starts its library. Nothing here is part of the first-frame time; the module
   * start time is returned on its own.
   */
  async setup(lib, size, withLayout) {
    const [doc, layout] = await Promise.all([
      fetchJson(`/data/chain-${size}.json`),
      withLayout ? fetchJson(`/data/layout-${size}.json`) : null,
    ]);
    let adapter = null;
    let moduleMs = 0;
    if (lib) {
      const t0 = performance.now();
      adapter = await import(`/build/${lib}.js`);
      if (adapter.start) await adapter.start();
      moduleMs = performance.now() - t0;
    }
    const container = document.createElement('div');
    container.className = 'chart';
    document.getElementById('stage').append(container);
    current = { adapter, doc, layout, container };
    return { moduleMs, links: doc.links.length, flows: doc.flows.length };
  },

  /** First frame: data in hand → the library's render-done signal → two animation frames. */
  async render() {
    const { adapter, doc, layout, container } = current;
    const t0 = performance.now();
    try {
      await adapter.render(container, doc, layout);
    } catch (error) {
      throw new Error(describe(error));
    }
    await frames(2);
    return performance.now() - t0;
  },

  /** Bytes the adapter's library holds outside the JS heap (0 for pure JS libraries). */
  extraMemory() {
    return current.adapter && current.adapter.extraMemory ? current.adapter.extraMemory() : 0;
  },

  /**
   * Where the pan drag starts, as fractions of the box: the centre, unless the adapter says
   * otherwise (`panFrom`) because its library pans only from some places.
   */
  panFrom() {
    return (current.adapter && current.adapter.panFrom) || { x: 0.5, y: 0.5 };
  },

  /** Waits for `n` animation frames (paces the pan and zoom input: one input per frame). */
  frames,

  /**
   * Lets deferred drawing finish (a library may redraw in full once a gesture pauses): two
   * frames, 300 ms, one more frame.
   */
  async settle() {
    await frames(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await frames(1);
  },

  /** Imports a layout-only adapter (build/layout-NAME.js) and starts its library, untimed. */
  async layoutStart(name) {
    const t0 = performance.now();
    const mod = await import(`/build/layout-${name}.js`);
    if (mod.start) await mod.start();
    current.layoutModule = mod;
    return { moduleMs: performance.now() - t0, available: mod.available ? mod.available() : true };
  },

  /** Layout only, timed: the document object in hand → node positions and edge routes. */
  layoutRun() {
    const mod = current.layoutModule;
    const t0 = performance.now();
    let result;
    try {
      result = mod.layout(current.doc, current.layout);
    } catch (error) {
      throw new Error(describe(error));
    }
    const ms = performance.now() - t0;
    return { ms, ...mod.summary(result) };
  },
};

document.documentElement.dataset.ready = 'true';
