// The page side of the Lianmap browser benchmark. run.mjs loads /index.html in a fresh headless
// Chromium for every run and drives it through `window.lianmapBench`. Each library is an adapter
// module in build/ (bundled from adapters/ by run.mjs). Three suites, three adapter interfaces:
//
// Chain view (adapters/NAME.js):
//   start()                          optional; loads what the library needs before any clock runs
//   render(container, doc, layout)   resolves when the library says the first drawing is done
//   extraMemory()                    optional; bytes held outside the JS heap (WebAssembly memory)
//   panFrom                          optional; where a pan drag starts ({ x, y } fractions of the box)
//
// Density heat (adapters/heat-NAME.js):
//   start()                          optional, as above
//   prepare(points, options)         optional, untimed; the points (Float32Array of x, y, weight)
//                                    in the library's own input format
//   draw(container, input, options)  draws the heat of `input`; resolves when the library is done
//   extraMemory()                    optional, as above
//
// Choropleth (adapters/map-NAME.js):
//   start()                          optional, as above
//   render(container, geo, doc, values)  resolves when the library says the map is drawn
//   extraMemory(), panFrom           optional, as above

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

  /**
   * Density heat: makes the points (deterministic, untimed), imports the adapter and starts its
   * library, and converts the points to the library's own input format (untimed).
   */
  async heatSetup(lib, count, options) {
    const g0 = performance.now();
    const points = heatPoints(count, options);
    const generateMs = performance.now() - g0;
    const t0 = performance.now();
    const adapter = await import(`/build/heat-${lib}.js`);
    if (adapter.start) await adapter.start();
    const moduleMs = performance.now() - t0;
    const input = adapter.prepare ? adapter.prepare(points, options) : points;
    const container = document.createElement('div');
    container.className = 'chart';
    document.getElementById('stage').append(container);
    current = { adapter, container, input, options };
    let weight = 0;
    for (let i = 2; i < points.length; i += 3) weight += points[i];
    return { moduleMs, generateMs, points: points.length / 3, weight };
  },

  /** Heat first frame: points in hand → the library's draw returns (or resolves) → one frame. */
  async heatRender() {
    const { adapter, container, input, options } = current;
    const t0 = performance.now();
    try {
      await adapter.draw(container, input, options);
    } catch (error) {
      throw new Error(describe(error));
    }
    current.drawMs = performance.now() - t0;
    await frames(1);
    return performance.now() - t0;
  },

  /**
   * Choropleth: fetches and parses the boundaries, builds the values and Lianmap's document from
   * them (untimed), imports the adapter and starts its library.
   */
  async mapSetup(lib, level) {
    const geo = await fetchJson(`/geo/china-${level}.json`);
    const { doc, values, polygons } = choroplethData(geo);
    const t0 = performance.now();
    const adapter = await import(`/build/map-${lib}.js`);
    if (adapter.start) await adapter.start();
    const moduleMs = performance.now() - t0;
    const container = document.createElement('div');
    container.className = 'chart';
    document.getElementById('stage').append(container);
    current = { adapter, container, geo, doc, values };
    return { moduleMs, regions: geo.features.length, polygons, withValues: values.length, enterprises: doc.enterprises.length };
  },

  /** Choropleth first frame: boundaries and values in hand → render-done signal → two frames. */
  async mapRender() {
    const { adapter, container, geo, doc, values } = current;
    const t0 = performance.now();
    try {
      await adapter.render(container, geo, doc, values);
    } catch (error) {
      throw new Error(describe(error));
    }
    current.drawMs = performance.now() - t0;
    await frames(2);
    return performance.now() - t0;
  },

  /** Heat and choropleth: the part of the last first frame until the draw call or signal. */
  drawMs() {
    return current.drawMs;
  },

  /**
   * Whether the first frame drew something (untimed): over every canvas in the box, including
   * those in open shadow roots, the share of pixels that are neither transparent nor near-white,
   * and the number of distinct colours (quantised to 4 bits per channel, counted up to 64).
   */
  painted() {
    const canvases = [...current.container.querySelectorAll('canvas')];
    for (const element of current.container.querySelectorAll('*')) {
      if (element.shadowRoot) canvases.push(...element.shadowRoot.querySelectorAll('canvas'));
    }
    let best = { canvases: canvases.length, coloured: 0, colours: 0 };
    for (const canvas of canvases) {
      if (!canvas.width || !canvas.height) continue;
      const ctx = canvas.getContext('2d');
      if (!ctx) continue;
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      const colours = new Set();
      let sampled = 0;
      let coloured = 0;
      for (let i = 0; i < data.length; i += 4 * 7) {
        sampled += 1;
        const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
        if (a === 0 || (r > 245 && g > 245 && b > 245)) continue;
        coloured += 1;
        if (colours.size < 64) colours.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
      }
      const share = coloured / sampled;
      if (share > best.coloured) best = { canvases: canvases.length, coloured: share, colours: colours.size };
    }
    return best;
  },
};

// ---------------------------------------------------------------------------------------------
// Data for the heat and choropleth suites

/** A small seeded generator (mulberry32): the same points in every library and run. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` weighted points on the canvas, placed like enterprise locations: a share in Gaussian
 * clusters (a few large ones, more small ones), the rest uniform noise. Positions are whole
 * pixels inside the canvas, weights whole numbers 1–10. A Float32Array of x, y, weight triples.
 * The sequence depends only on the seed, so a smaller set is the start of a larger one.
 */
function heatPoints(count, { width, height, seed, clusters, noise }) {
  const next = random(seed);
  const centres = [];
  let total = 0;
  for (let k = 0; k < clusters; k += 1) {
    const share = 1 / (k + 1); // Zipf-like: the first cluster is the largest
    total += share;
    centres.push({
      x: width * (0.08 + 0.84 * next()),
      y: height * (0.08 + 0.84 * next()),
      sigma: 12 + 60 * next(),
      share,
    });
  }
  let acc = 0;
  for (const c of centres) {
    acc += c.share / total;
    c.until = acc;
  }
  const gauss = () => {
    // Box-Muller; one of the pair is enough here.
    const u = 1 - next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  const points = new Float32Array(count * 3);
  for (let i = 0; i < count; i += 1) {
    let x;
    let y;
    if (next() < noise) {
      x = Math.floor(next() * width);
      y = Math.floor(next() * height);
    } else {
      const pick = next();
      const c = centres.find((centre) => pick <= centre.until) ?? centres[centres.length - 1];
      do {
        x = Math.round(c.x + c.sigma * gauss());
        y = Math.round(c.y + c.sigma * gauss());
      } while (x < 0 || y < 0 || x >= width || y >= height);
    }
    points[i * 3] = x;
    points[i * 3 + 1] = y;
    points[i * 3 + 2] = 1 + Math.floor(next() * 10);
  }
  return points;
}

/** A number 0 … 2³² − 1 from a region code (FNV-1a), for deterministic values per region. */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * The choropleth's values: every region with an `adcode` gets 0–5 local enterprises (which the
 * map view colours by) and a `gdp` metric. Lianmap gets them as a minimal chain document, the
 * peers as `{ name, code, value }` with the enterprise count as the value.
 */
function choroplethData(geo) {
  const doc = { version: 1, links: [{ id: 'a', name: '环节 A' }], enterprises: [], metrics: [] };
  const values = [];
  let polygons = 0;
  for (const feature of geo.features) {
    const g = feature.geometry;
    polygons += g.type === 'MultiPolygon' ? g.coordinates.length : 1;
    const code = feature.properties.adcode;
    if (!code) continue;
    const h = hash(code);
    const count = h % 6;
    for (let i = 0; i < count; i += 1) {
      doc.enterprises.push({ id: `e${code}-${i}`, name: `企业 ${code}-${i}`, links: ['a'], local: true, region: code });
    }
    doc.metrics.push({ region: code, key: 'gdp', value: 100 + (h % 9000) / 10 });
    values.push({ name: feature.properties.name, code, value: count });
  }
  return { doc, values, polygons };
}

document.documentElement.dataset.ready = 'true';
