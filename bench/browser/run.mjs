#!/usr/bin/env node
// Lianmap browser benchmark: Lianmap against peer libraries in headless Chromium, in two suites:
// the chain view against graph libraries, and the heat map (density heat against heat libraries,
// choropleth against ECharts's map series). See README.md for what is measured and how. Usage:
//
//   node bench/browser/run.mjs [--suite chain|heat|all] [--libs lianmap,echarts,…] [--runs N]
//                              [--sizes 300,3000,20000,100000] [--no-layout]
//                              [--points 10000,100000,1000000] [--maps provinces,cities]
//                              [--timeout SECONDS] [--screenshots] [--chromium PATH]
//
// Prints Markdown tables of medians and writes every run to bench/browser/results/latest.json.

import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const CACHE = join(HERE, 'cache');
const BUILD = join(HERE, 'build');
const RESULTS = join(HERE, 'results');

const ALL_SIZES = [300, 3000, 20000, 100000];
const ALL_LIBS = ['lianmap', 'echarts', 'g6', 'cytoscape', 'sigma'];
/** The heat suite: density heat (points) and choropleth (boundary sets), and their libraries. */
const ALL_POINTS = [10000, 100000, 1000000];
const HEAT_LIBS = ['lianmap', 'simpleheat', 'heatmapjs', 'echarts'];
const ALL_MAPS = ['provinces', 'cities'];
const MAP_LIBS = ['lianmap', 'echarts'];
const KNOWN_LIBS = [...new Set([...ALL_LIBS, ...HEAT_LIBS, ...MAP_LIBS])];
const SUITES = ['chain', 'heat', 'all'];
/**
 * The density heat's canvas, points and kernel, the same for every library: whole-pixel
 * positions, weights 1–10, `clusters` Gaussian clusters plus a `noise` share of uniform points,
 * and a reach of `radius` px per point (for simpleheat and ECharts: a disc of radius − blur px
 * blurred by `blur` px).
 */
const HEAT = { width: 1200, height: 800, radius: 25, blur: 15, maxWeight: 10, seed: 1, clusters: 12, noise: 0.15 };
/** The boundary sets of the choropleth (www/geo/china-LEVEL.json). */
const MAP_SETS = {
  provinces: { file: 'www/geo/china-provinces.json', label: 'provinces' },
  cities: { file: 'www/geo/china-cities.json', label: 'prefecture cities' },
};
/** Libraries that get the positions `lianmap layout` computed instead of laying out themselves. */
const PRECOMPUTED = new Set(['echarts', 'sigma']);
const NAMES = {
  lianmap: 'Lianmap',
  echarts: 'ECharts',
  g6: 'AntV G6',
  cytoscape: 'Cytoscape.js',
  sigma: 'Sigma.js',
  dagre: '@dagrejs/dagre',
  simpleheat: 'simpleheat',
  heatmapjs: 'heatmap.js',
};
/** A library's name in a suite's tables (ECharts draws each suite with another series). */
function nameOf(suite, lib) {
  if (lib === 'echarts' && suite === 'heat') return 'ECharts heatmap';
  if (lib === 'echarts' && suite === 'map') return 'ECharts map';
  return NAMES[lib];
}
/** npm packages whose versions the report states. */
const PACKAGES = [
  'echarts', '@antv/g6', 'cytoscape', 'cytoscape-dagre', 'sigma', 'graphology', '@dagrejs/dagre',
  'simpleheat', 'heatmap.js', 'playwright-core', 'esbuild',
];
/** Enterprises per link in the generated documents (M = N). */
const ENTERPRISES_PER_LINK = 1;
const SEED = 1;
/** The chart box, also set in bench.css. */
const VIEWPORT = { width: 1280, height: 900 };
const PAN_FRAMES = 30;
/** Each pan frame moves the held mouse by this much; the drag starts at the adapter's `panFrom`. */
const PAN_STEP = { x: 12, y: 8 };
const ZOOM_FRAMES = 15; // in, then as many out
const WHEEL_DELTA = 100;

// ---------------------------------------------------------------------------------------------
// Arguments

function usage(message) {
  if (message) console.error(`run.mjs: ${message}`);
  console.error(
    'usage: node bench/browser/run.mjs [--suite chain|heat|all] [--libs NAME,…] [--runs N] [--timeout SECONDS]\n' +
      '                                  [--sizes 300,3000,20000,100000] [--no-layout]\n' +
      '                                  [--points 10000,100000,1000000] [--maps provinces,cities]\n' +
      '                                  [--screenshots] [--chromium PATH]\n' +
      `libraries: ${KNOWN_LIBS.join(', ')} (each suite runs those of them it has)`,
  );
  process.exit(2);
}

function parseArgs(argv) {
  const options = {
    suite: 'all',
    sizes: ALL_SIZES,
    points: ALL_POINTS,
    maps: ALL_MAPS,
    libs: null,
    runs: null,
    timeout: 60,
    layout: true,
    screenshots: false,
    chromium: null,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) usage(`${arg} needs a value`);
      i += 1;
      return v;
    };
    if (arg === '--sizes') {
      options.sizes = value().split(',').map((s) => Number(s.trim()));
      if (options.sizes.some((n) => !Number.isInteger(n) || n < 3)) usage('--sizes takes whole numbers ≥ 3');
    } else if (arg === '--suite') {
      options.suite = value().trim().toLowerCase();
      if (!SUITES.includes(options.suite)) usage(`--suite takes ${SUITES.join(', ')}`);
    } else if (arg === '--points') {
      options.points = value().split(',').map((s) => Number(s.trim()));
      if (options.points.some((n) => !Number.isInteger(n) || n < 1)) usage('--points takes whole numbers ≥ 1');
    } else if (arg === '--maps') {
      options.maps = value().split(',').map((s) => s.trim().toLowerCase());
      const unknown = options.maps.filter((m) => !ALL_MAPS.includes(m));
      if (unknown.length) usage(`unknown boundary set ${unknown.join(', ')} (known: ${ALL_MAPS.join(', ')})`);
    } else if (arg === '--libs') {
      options.libs = value().split(',').map((s) => s.trim().toLowerCase());
      const unknown = options.libs.filter((l) => !KNOWN_LIBS.includes(l));
      if (unknown.length) usage(`unknown library ${unknown.join(', ')} (known: ${KNOWN_LIBS.join(', ')})`);
    } else if (arg === '--runs') {
      options.runs = Number(value());
      if (!Number.isInteger(options.runs) || options.runs < 1) usage('--runs takes a whole number ≥ 1');
    } else if (arg === '--timeout') {
      options.timeout = Number(value());
      if (!(options.timeout > 0)) usage('--timeout takes seconds > 0');
    } else if (arg === '--screenshots') {
      options.screenshots = true;
    } else if (arg === '--no-layout') {
      options.layout = false;
    } else if (arg === '--chromium') {
      options.chromium = value();
    } else if (arg === '--help' || arg === '-h') {
      usage();
    } else {
      usage(`unknown argument ${arg}`);
    }
  }
  return options;
}

/** The libraries of `all` that --libs selects (all of them without --libs). */
function selected(all, options) {
  return options.libs ? all.filter((l) => options.libs.includes(l)) : all;
}

/** 5 runs up to 3,000 nodes, 3 above, unless --runs says otherwise. */
function runsFor(size, options) {
  return options.runs ?? (size <= 3000 ? 5 : 3);
}

/** Density heat: 5 runs up to 100,000 points, 3 above, unless --runs says otherwise. */
function heatRunsFor(points, options) {
  return options.runs ?? (points <= 100000 ? 5 : 3);
}

/** Choropleth: 5 runs per boundary set, unless --runs says otherwise. */
function mapRunsFor(_level, options) {
  return options.runs ?? 5;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

class Timeout extends Error {}

/**
 * True when a run ended because its page or browser went away (a crash or an outside kill), not
 * because of the library: such a run is repeated once.
 */
function closedUnexpectedly(result) {
  return /Target (page, context or browser )?(has been )?closed|Target crashed|Browser has been closed/i.test(
    result.error ?? '',
  );
}

/** The first line of an error, without Playwright's `page.evaluate: ` prefix. */
function cleanError(error) {
  return String(error?.message ?? error)
    .split('\n')[0]
    .replace(/^page\.evaluate: (Error: )?/, '');
}

/** Races a promise against a timer; the loser's rejection is swallowed. */
function within(promise, ms, what) {
  promise.catch(() => {});
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Timeout(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

function which(program) {
  try {
    return execFileSync('which', [program], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

function packageVersion(name) {
  try {
    return JSON.parse(readFileSync(join(HERE, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

function lianmapVersion() {
  const cargo = readFileSync(join(ROOT, 'Cargo.toml'), 'utf8');
  const version = /^version\s*=\s*"([^"]+)"/m.exec(cargo)?.[1] ?? '?';
  try {
    const rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'www', 'Cargo.toml', 'Cargo.lock'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    return `${version} (${rev}${dirty ? ', with uncommitted changes' : ''})`;
  } catch {
    return version;
  }
}

function formatMs(ms) {
  if (ms === null || ms === undefined) return '–';
  if (ms >= 10000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/**
 * Stops early with a clear message when node_modules does not match package.json (a machine that
 * installed the packages before one was added): `npm ci` brings it up to date.
 */
function checkPackages() {
  const wanted = JSON.parse(readFileSync(join(HERE, 'package.json'), 'utf8')).devDependencies ?? {};
  const stale = Object.entries(wanted).filter(([name, version]) => packageVersion(name) !== version);
  if (stale.length) {
    const list = stale.map(([name, version]) => `${name} ${version} (installed: ${packageVersion(name)})`).join(', ');
    throw new Error(`bench/browser/node_modules does not match package.json: ${list}. Run \`npm ci --prefix bench/browser\``);
  }
}

function formatBytes(bytes) {
  if (bytes === null || bytes === undefined) return '–';
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

// ---------------------------------------------------------------------------------------------
// Data sets: `lianmap generate` and `lianmap layout`, cached per CLI binary

function cliPath() {
  const candidates = [
    process.env.LIANMAP_CLI,
    join(ROOT, 'target', 'release', 'lianmap'),
    join(ROOT, 'target', 'debug', 'lianmap'),
  ].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error('the lianmap CLI is not built: run `cargo build --release --bin lianmap` in the repository root');
  }
  return found;
}

function fileHash(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function runCli(cli, args) {
  execFileSync(cli, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * Runs `lianmap layout FILE` and keeps only what the precomputed-position adapters need: the
 * node boxes and the drawing's size. The edge routes are skipped while streaming (at 100,000
 * links the full output is larger than a JavaScript string may be).
 */
function layoutNodes(cli, file) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cli, ['layout', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const decoder = new StringDecoder('utf8');
    const parts = [];
    let depth = 0;
    let inString = false;
    let escaped = false;
    let collecting = false;
    let key = '';
    let afterColon = false;
    let skipping = false;
    const feed = (text) => {
      let start = skipping ? -1 : 0;
      for (let i = 0; i < text.length; i += 1) {
        const c = text.charCodeAt(i);
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 92) escaped = true;
          else if (c === 34) {
            inString = false;
            collecting = false;
          } else if (collecting) key += text[i];
          continue;
        }
        if (c === 34) {
          inString = true;
          if (depth === 1 && !afterColon) {
            collecting = true;
            key = '';
          }
        } else if (c === 123 || c === 91) {
          depth += 1;
        } else if (c === 125 || c === 93) {
          depth -= 1;
          if (skipping && depth === 1) {
            skipping = false;
            start = i + 1;
          }
        } else if (c === 58 && depth === 1) {
          afterColon = true;
          if (key === 'edges') {
            parts.push(text.slice(start, i + 1), 'null');
            skipping = true;
            start = -1;
          }
        } else if (c === 44 && depth === 1) {
          afterColon = false;
        }
      }
      if (!skipping && start >= 0) parts.push(text.slice(start));
    };
    child.stdout.on('data', (chunk) => feed(decoder.write(chunk)));
    child.on('error', reject);
    child.on('close', (code) => {
      feed(decoder.end());
      if (code !== 0) {
        reject(new Error(`lianmap layout ${file} exited with ${code}`));
        return;
      }
      try {
        const parsed = JSON.parse(parts.join(''));
        const nodes = parsed.nodes.map(({ id, kind, x, y, width, height }) => ({ id, kind, x, y, width, height }));
        resolvePromise({ nodes, width: parsed.width, height: parsed.height });
      } catch (error) {
        reject(error);
      }
    });
  });
}

async function prepareData(sizes) {
  mkdirSync(CACHE, { recursive: true });
  const cli = cliPath();
  const hash = fileHash(cli);
  const metaFile = join(CACHE, 'meta.json');
  let meta = existsSync(metaFile) ? JSON.parse(readFileSync(metaFile, 'utf8')) : {};
  if (meta.cli !== hash || meta.enterprisesPerLink !== ENTERPRISES_PER_LINK || meta.seed !== SEED) {
    meta = { cli: hash, enterprisesPerLink: ENTERPRISES_PER_LINK, seed: SEED, sizes: {} };
  }
  for (const size of sizes) {
    const chain = join(CACHE, `chain-${size}.json`);
    const layout = join(CACHE, `layout-${size}.json`);
    if (meta.sizes[size] && existsSync(chain) && existsSync(layout)) continue;
    const started = Date.now();
    process.stdout.write(`generating ${size} links (lianmap generate, then lianmap layout for the precomputed positions)… `);
    runCli(cli, [
      'generate',
      '--links', String(size),
      '--enterprises', String(size * ENTERPRISES_PER_LINK),
      '--seed', String(SEED),
      '--out', chain,
    ]);
    const nodes = await layoutNodes(cli, chain);
    writeFileSync(layout, JSON.stringify(nodes));
    const doc = JSON.parse(readFileSync(chain, 'utf8'));
    meta.sizes[size] = { links: doc.links.length, flows: doc.flows.length, enterprises: doc.enterprises.length };
    writeFileSync(metaFile, JSON.stringify(meta, null, 2));
    console.log(`${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return { cli: relative(ROOT, cli), sizes: meta.sizes };
}

// ---------------------------------------------------------------------------------------------
// Adapters: bundled once per run of this script with esbuild (no network at run time)

/** npm files copied as they are into build/ (for adapters that load a classic script). */
const VENDOR = [['heatmap.js/build/heatmap.js', 'vendor/heatmap.js']];

async function bundleAdapters() {
  const dir = join(HERE, 'adapters');
  const entryPoints = readdirSync(dir)
    .filter((f) => f.endsWith('.js') && f !== 'common.js')
    .map((f) => join(dir, f));
  await build({
    entryPoints,
    outdir: BUILD,
    bundle: true,
    format: 'esm',
    splitting: false,
    // Whitespace and syntax only: function names stay, so an error's stack says where it failed.
    minifyWhitespace: true,
    minifySyntax: true,
    target: 'chrome120',
    external: ['/dist/*'],
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    logLevel: 'warning',
  });
  // Libraries the page loads as classic scripts, unchanged from their npm package (see the adapter).
  for (const [from, to] of VENDOR) {
    mkdirSync(dirname(join(BUILD, to)), { recursive: true });
    copyFileSync(join(HERE, 'node_modules', from), join(BUILD, to));
  }
}

// ---------------------------------------------------------------------------------------------
// Static server on 127.0.0.1 (random port)

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};
/** The page runs under the CSP the project promises to work with. */
const CSP = "script-src 'self' 'wasm-unsafe-eval'";

function startServer() {
  const mounts = [
    ['/dist/', join(ROOT, 'dist')],
    ['/build/', BUILD],
    ['/data/', CACHE],
    ['/geo/', join(ROOT, 'www', 'geo')],
  ];
  const pageFiles = { '/': 'index.html', '/index.html': 'index.html', '/bench.js': 'bench.js', '/bench.css': 'bench.css' };
  const server = createServer((request, response) => {
    let path;
    try {
      path = decodeURIComponent(new URL(request.url, 'http://127.0.0.1').pathname);
    } catch {
      response.writeHead(400);
      response.end();
      return;
    }
    let file = null;
    if (path === '/favicon.ico') {
      // The page has no icon; an empty answer keeps a 404 out of its console.
      response.writeHead(204);
      response.end();
      return;
    }
    if (pageFiles[path]) file = join(HERE, pageFiles[path]);
    for (const [prefix, dir] of mounts) {
      if (path.startsWith(prefix)) {
        const candidate = resolve(dir, `.${path.slice(prefix.length - 1)}`);
        if (candidate.startsWith(dir + sep)) file = candidate;
      }
    }
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
      return;
    }
    response.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': statSync(file).size,
      'cache-control': 'no-store',
      'content-security-policy': CSP,
    });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolvePromise) => {
    server.listen(0, '127.0.0.1', () => resolvePromise(server));
  });
}

// ---------------------------------------------------------------------------------------------
// One run: a fresh browser and page

async function launch(options) {
  return chromium.launch({
    executablePath: options.chromium,
    headless: true,
    args: ['--enable-unsafe-swiftshader', '--disable-extensions'],
  });
}

async function closeQuietly(browser) {
  await within(browser.close(), 15000, 'closing the browser').catch(() => {});
}

async function openPage(browser, base) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(String(error.message ?? error)));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
  await page.goto(`${base}/index.html`);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  return { page, cdp, problems };
}

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/** Heap after forced garbage collection: V8's JS heap, Blink's (DOM) heap, plus `extraMemory()`. */
async function heap(cdp, page) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  const m = await metrics(cdp);
  const extra = await page.evaluate(() => window.lianmapBench.extraMemory());
  return {
    jsHeapUsed: m.JSHeapUsedSize,
    v8Used: usage.usedSize,
    embedderUsed: usage.embedderHeapUsedSize ?? 0,
    backingStorage: usage.backingStorageSize ?? 0,
    extra,
  };
}

/** Main-thread work from Performance.getMetrics (wall-clock task durations, seconds). */
function workDelta(before, after) {
  const d = (name) => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000;
  return {
    task: d('TaskDuration'),
    script: d('ScriptDuration'),
    layout: d('LayoutDuration'),
    style: d('RecalcStyleDuration'),
  };
}

async function shot(page) {
  return page.locator('.chart').screenshot({ animations: 'allow', timeout: 30000 });
}

/**
 * Pan (mouse drag, one move per frame) then zoom (wheel, in then out, one event per frame), with
 * the page's main-thread task time read before and after each stretch. Screenshots between the
 * stretches (not timed) check that the picture moved.
 */
async function interact(page, cdp) {
  const box = await page.locator('.chart').boundingBox();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const frame = () => page.evaluate(() => window.lianmapBench.frames(1));
  const settle = () => page.evaluate(() => window.lianmapBench.settle());

  const from = await page.evaluate(() => window.lianmapBench.panFrom());
  const px = box.x + box.width * from.x;
  const py = box.y + box.height * from.y;
  await page.mouse.move(px, py);
  await settle();
  const still = await shot(page);

  let before = await metrics(cdp);
  await page.mouse.down();
  for (let i = 1; i <= PAN_FRAMES; i += 1) {
    await page.mouse.move(px + PAN_STEP.x * i, py + PAN_STEP.y * i);
    await frame();
  }
  await page.mouse.up();
  await settle();
  const pan = workDelta(before, await metrics(cdp));
  const panned = await shot(page);

  await page.mouse.move(cx, cy);
  await settle();
  before = await metrics(cdp);
  for (let i = 0; i < ZOOM_FRAMES; i += 1) {
    await page.mouse.wheel(0, -WHEEL_DELTA);
    await frame();
  }
  await settle();
  const zoomIn = workDelta(before, await metrics(cdp));
  const zoomed = await shot(page);

  before = await metrics(cdp);
  for (let i = 0; i < ZOOM_FRAMES; i += 1) {
    await page.mouse.wheel(0, WHEEL_DELTA);
    await frame();
  }
  await settle();
  const zoomOut = workDelta(before, await metrics(cdp));

  const zoomFrames = 2 * ZOOM_FRAMES;
  return {
    panMsPerFrame: pan.task / PAN_FRAMES,
    zoomMsPerFrame: (zoomIn.task + zoomOut.task) / zoomFrames,
    msPerFrame: (pan.task + zoomIn.task + zoomOut.task) / (PAN_FRAMES + zoomFrames),
    frames: PAN_FRAMES + zoomFrames,
    panMoved: !still.equals(panned),
    zoomMoved: !panned.equals(zoomed),
    detail: { pan, zoomIn, zoomOut },
  };
}

/**
 * What a run of each suite calls in the page: the setup (data and library, untimed), the timed
 * first frame, whether pan and zoom are measured, and whether the first frame is checked for
 * pixels.
 */
const SUITE_STEPS = {
  chain: (lib, size) => ({ setup: ['setup', [lib, size, PRECOMPUTED.has(lib)]], render: 'render', interact: true, check: false }),
  heat: (lib, points) => ({ setup: ['heatSetup', [lib, points, HEAT]], render: 'heatRender', interact: false, check: true }),
  map: (lib, level) => ({ setup: ['mapSetup', [lib, level]], render: 'mapRender', interact: true, check: true }),
};

/** A first frame that left every canvas in the box (nearly) transparent or white. */
function isBlank(painted) {
  return painted.coloured < 0.001;
}

/**
 * A first frame that painted (nearly) the whole canvas in one colour: a heat whose stamps added
 * up to full opacity everywhere (saturated), or a chart that drew only a background.
 */
function isUniform(painted) {
  return painted.coloured >= 0.001 && painted.colours < 2;
}

async function renderRun(suite, lib, size, options, base, skipInteraction) {
  const timeoutMs = options.timeout * 1000;
  const steps = SUITE_STEPS[suite](lib, size);
  const result = { suite, lib, size };
  const browser = await launch(options);
  try {
    const { page, cdp, problems } = await openPage(browser, base);
    result.problems = problems;
    const setup = await within(
      page.evaluate(([fn, args]) => window.lianmapBench[fn](...args), steps.setup),
      Math.max(timeoutMs, 180000),
      'loading the data and the library',
    );
    result.moduleMs = setup.moduleMs;
    if (suite !== 'chain') result.setup = setup;
    const baseline = await heap(cdp, page);
    try {
      result.firstFrameMs = await within(
        page.evaluate((fn) => window.lianmapBench[fn](), steps.render),
        timeoutMs,
        'the first frame',
      );
    } catch (error) {
      if (error instanceof Timeout) {
        result.firstFrame = 'timeout';
        return result;
      }
      throw error;
    }
    const after = await heap(cdp, page);
    result.memory = {
      jsBytes: after.v8Used - baseline.v8Used,
      domBytes: after.embedderUsed - baseline.embedderUsed,
      wasmBytes: after.extra - baseline.extra,
      arrayBufferBytes: after.backingStorage - baseline.backingStorage,
      baseline,
      after,
    };
    result.memory.totalBytes =
      result.memory.jsBytes + result.memory.domBytes + result.memory.arrayBufferBytes + result.memory.wasmBytes;
    if (steps.check) {
      result.drawMs = await page.evaluate(() => window.lianmapBench.drawMs());
      result.painted = await page.evaluate(() => window.lianmapBench.painted());
      result.painted.blank = isBlank(result.painted);
      result.painted.uniform = isUniform(result.painted);
    }
    if (options.screenshots) {
      mkdirSync(join(RESULTS, 'screenshots'), { recursive: true });
      writeFileSync(join(RESULTS, 'screenshots', `${suite}-${lib}-${size}.png`), await shot(page));
    }
    if (!steps.interact) return result;
    if (skipInteraction) {
      result.interaction = 'skipped';
      return result;
    }
    try {
      result.interaction = await within(interact(page, cdp), timeoutMs, 'pan and zoom');
    } catch (error) {
      if (error instanceof Timeout) result.interaction = 'timeout';
      else result.interaction = { error: cleanError(error) };
    }
    return result;
  } catch (error) {
    result.error = cleanError(error);
    return result;
  } finally {
    await closeQuietly(browser);
  }
}

/** Layout only, in one page: Lianmap's `layout(doc)` first, then dagre (which may time out). */
async function layoutRun(size, options, base, skip) {
  const timeoutMs = options.timeout * 1000;
  const result = { size };
  const browser = await launch(options);
  try {
    const { page, cdp } = await openPage(browser, base);
    await within(
      page.evaluate((s) => window.lianmapBench.setup(null, s, true), size),
      Math.max(timeoutMs, 180000),
      'loading the data',
    );
    for (const name of ['lianmap', 'dagre']) {
      if (skip.has(name)) continue;
      try {
        const started = await page.evaluate((n) => window.lianmapBench.layoutStart(n), name);
        if (!started.available) {
          result[name] = { unavailable: 'this dist/lianmap.js does not export layout(doc)' };
          continue;
        }
        await cdp.send('HeapProfiler.collectGarbage');
        result[name] = await within(page.evaluate(() => window.lianmapBench.layoutRun()), timeoutMs, `${name} layout`);
      } catch (error) {
        if (error instanceof Timeout) {
          result[name] = { timeout: true };
          break; // the page's main thread is still busy
        }
        result[name] = { error: cleanError(error) };
      }
    }
    return result;
  } catch (error) {
    result.error = cleanError(error);
    return result;
  } finally {
    await closeQuietly(browser);
  }
}

// ---------------------------------------------------------------------------------------------
// Summaries and the report

function summarise(runs, timeoutS) {
  const ok = runs.filter((r) => Number.isFinite(r.firstFrameMs));
  const timedOut = runs.some((r) => r.firstFrame === 'timeout');
  const errors = runs.filter((r) => r.error).map((r) => r.error);
  const interactions = ok.map((r) => r.interaction).filter((i) => i && typeof i === 'object' && !i.error);
  const interactionErrors = ok.map((r) => r.interaction?.error).filter(Boolean);
  const interactionTimedOut = ok.some((r) => r.interaction === 'timeout');
  const interactionSkipped = ok.length > 0 && ok.every((r) => r.interaction === 'skipped');
  return {
    runs: runs.length,
    measured: ok.length,
    timedOut,
    errors,
    timeoutS,
    moduleMs: median(runs.map((r) => r.moduleMs)),
    firstFrameMs: median(ok.map((r) => r.firstFrameMs)),
    memoryBytes: median(ok.map((r) => r.memory?.totalBytes)),
    jsBytes: median(ok.map((r) => r.memory?.jsBytes)),
    domBytes: median(ok.map((r) => r.memory?.domBytes)),
    wasmBytes: median(ok.map((r) => r.memory?.wasmBytes)),
    interactionRuns: interactions.length,
    interactionTimedOut,
    interactionSkipped,
    interactionErrors,
    msPerFrame: median(interactions.map((i) => i.msPerFrame)),
    panMsPerFrame: median(interactions.map((i) => i.panMsPerFrame)),
    zoomMsPerFrame: median(interactions.map((i) => i.zoomMsPerFrame)),
    panStill: interactions.filter((i) => !i.panMoved).length,
    zoomStill: interactions.filter((i) => !i.zoomMoved).length,
    // Heat and choropleth: how many first frames were checked for pixels, and how many were blank.
    checked: ok.filter((r) => r.painted).length,
    blank: ok.filter((r) => r.painted?.blank).length,
    uniform: ok.filter((r) => r.painted?.uniform).length,
    coloured: median(ok.map((r) => r.painted?.coloured)),
    drawMs: median(ok.map((r) => r.drawMs)),
  };
}

/** The first-frame cell, flagged when the check found runs whose frame was blank or one colour. */
function firstFrameCell(s) {
  const flags = [];
  if (s.blank) flags.push(`blank in ${s.blank} of ${s.checked} runs`);
  if (s.uniform) flags.push(`one colour over the whole canvas in ${s.uniform} of ${s.checked} runs`);
  return `${formatMs(s.firstFrameMs)}${flags.length ? ` (${flags.join('; ')})` : ''}`;
}

/** Cells of a library × size row; failures get a numbered note instead of a long message. */
function rowCells(s, notes) {
  const note = (text) => {
    notes.push(text);
    return `failed (note ${notes.length})`;
  };
  // Who and where, for the notes: "Lianmap at 3,000 nodes", "ECharts map on provinces".
  const at = s.at ?? `${NAMES[s.lib]} at ${s.size.toLocaleString('en-US')} nodes`;
  const dash = ['–', '–', '–', '–'];
  if (s.skipped) return [s.skipped, ...dash];
  if (s.measured === 0) {
    if (s.timedOut) return [`timed out (> ${s.timeoutS} s)`, ...dash];
    return [note(`${at}: ${s.errors[0] ?? 'no result'}`), ...dash];
  }
  const memory = `${formatBytes(s.memoryBytes)}${s.lib === 'lianmap' ? ` (wasm ${formatBytes(s.wasmBytes)})` : ''}`;
  let work;
  if (s.interactionRuns > 0) {
    // Runs whose screenshots did not change over a stretch are counted in the cell.
    const flag = (still) => (still ? ` (no visible change in ${still} of ${s.interactionRuns} runs)` : '');
    // A later run's pan and zoom timed out (and the rest were skipped): the median is over the
    // runs before it, and the cell says so.
    const partial = s.interactionTimedOut
      ? ` (${s.interactionRuns} run${s.interactionRuns > 1 ? 's' : ''}, then > ${s.timeoutS} s)`
      : '';
    work = [
      `${formatMs(s.msPerFrame)}${partial}`,
      `${formatMs(s.panMsPerFrame)}${flag(s.panStill)}`,
      `${formatMs(s.zoomMsPerFrame)}${flag(s.zoomStill)}`,
    ];
    if (s.panStill === s.interactionRuns && s.zoomStill === s.interactionRuns) {
      notes.push(
        `${at}: neither pan nor zoom changed the picture in any run, ` +
          'so its work per frame is not a measure of panning or zooming; check that the first frame drew the graph.',
      );
      work[0] += ` (note ${notes.length})`;
    }
  } else if (s.interactionTimedOut) {
    work = [`timed out (> ${s.timeoutS} s)`, '–', '–'];
  } else if (s.interactionSkipped) {
    work = [`skipped (timed out at ${s.interactionStoppedAt?.toLocaleString('en-US')})`, '–', '–'];
  } else {
    work = [note(`${at}, pan and zoom: ${s.interactionErrors[0] ?? 'no result'}`), '–', '–'];
  }
  return [firstFrameCell(s), ...work, memory];
}

function renderTable(summaries) {
  const notes = [];
  const lines = [
    '| library | nodes | first frame | pan+zoom work / frame | pan / frame | zoom / frame | memory | module start | runs |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const s of summaries) {
    const cells = rowCells(s, notes);
    const runs = s.skipped
      ? '–'
      : `${s.measured}/${s.runs}${s.measured && s.interactionRuns !== s.measured ? ` (pan/zoom ${s.interactionRuns})` : ''}`;
    lines.push(
      `| ${NAMES[s.lib]} | ${s.size.toLocaleString('en-US')} | ${cells.join(' | ')} | ` +
        `${s.skipped ? '–' : formatMs(s.moduleMs)} | ${runs} |`,
    );
  }
  if (notes.length) lines.push('', ...notes.map((n, i) => `${i + 1}. ${n}`));
  return lines.join('\n');
}

function layoutCell(entries, timeoutS) {
  const ms = entries.filter((e) => e && Number.isFinite(e.ms)).map((e) => e.ms);
  if (ms.length) return { ms: median(ms), text: `${formatMs(median(ms))} (n=${ms.length})` };
  if (entries.some((e) => e && e.timeout)) return { ms: null, timedOut: true, text: `timed out (> ${timeoutS} s)` };
  if (entries.some((e) => e && e.unavailable)) return { ms: null, text: 'skipped: layout(doc) not exported' };
  const error = entries.find((e) => e && e.error);
  if (error) return { ms: null, text: `failed (${error.error})` };
  return { ms: null, text: 'skipped (timed out at a smaller size)' };
}

function renderLayoutTable(layoutSummaries, timeoutS) {
  const lines = ['| nodes | Lianmap layout(doc) | dagre layout | dagre ÷ Lianmap |', '|---:|---:|---:|---:|'];
  for (const s of layoutSummaries) {
    let ratio = '–';
    if (s.lianmap.ms && s.dagre.ms) ratio = `${(s.dagre.ms / s.lianmap.ms).toFixed(1)}×`;
    // dagre did not finish: the ratio is at least the timeout over Lianmap's time.
    else if (s.lianmap.ms && s.dagre.timedOut) ratio = `> ${Math.floor((timeoutS * 1000) / s.lianmap.ms)}×`;
    lines.push(`| ${s.size.toLocaleString('en-US')} | ${s.lianmap.text} | ${s.dagre.text} | ${ratio} |`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------

/**
 * Runs one suite: for each size, run k of every library before run k + 1 (interleaved, so that
 * a change in machine load spreads over all libraries). A first-frame timeout or failure ends that
 * library's runs at this size and skips it at larger sizes.
 */
async function runSuite(suite, sizes, libs, runsOf, describe, options, base) {
  const runs = [];
  const stopped = new Map(); // lib → { size, why } where its first frame timed out or failed
  const stoppedInteraction = new Map(); // lib → size at which its pan and zoom timed out
  for (const size of sizes) {
    const n = runsOf(size, options);
    for (let k = 1; k <= n; k += 1) {
      for (const lib of libs) {
        if (stopped.has(lib)) continue;
        process.stdout.write(`${nameOf(suite, lib)} · ${describe(size)} · run ${k}/${n} … `);
        let r = await renderRun(suite, lib, size, options, base, stoppedInteraction.has(lib));
        if (closedUnexpectedly(r)) {
          process.stdout.write('the browser closed under the run; once more … ');
          r = { ...(await renderRun(suite, lib, size, options, base, stoppedInteraction.has(lib))), retriedAfter: r.error };
        }
        r.run = k;
        runs.push(r);
        if (r.interaction === 'timeout') stoppedInteraction.set(lib, size);
        if (r.firstFrame === 'timeout') {
          stopped.set(lib, { size, why: 'timed out' });
          console.log(`timed out (> ${options.timeout} s)`);
        } else if (r.error) {
          // An exception from the library fails again on the same data, and on larger data.
          if (!closedUnexpectedly(r)) stopped.set(lib, { size, why: 'failed' });
          console.log(`failed: ${r.error}`);
        } else {
          const parts = [`first frame ${formatMs(r.firstFrameMs)}`];
          if (r.painted?.blank) parts.push('blank frame');
          if (r.painted?.uniform) parts.push('one colour over the whole canvas');
          const i = r.interaction;
          if (i !== undefined) {
            parts.push(i === 'timeout' ? 'pan/zoom timed out' : i === 'skipped' ? 'pan/zoom skipped' : i?.error ? `pan/zoom failed: ${i.error}` : `${formatMs(i.msPerFrame)}/frame`);
          }
          parts.push(`memory ${formatBytes(r.memory.totalBytes)}`);
          console.log(parts.join(', '));
        }
      }
    }
  }

  const summaries = [];
  for (const size of sizes) {
    for (const lib of libs) {
      const mine = runs.filter((r) => r.lib === lib && r.size === size);
      const at = suite === 'chain' ? undefined : `${nameOf(suite, lib)} ${suite === 'heat' ? 'at' : 'on'} ${describe(size)}`;
      if (!mine.length) {
        const { size: where, why } = stopped.get(lib) ?? {};
        summaries.push({ suite, lib, size, at, skipped: `skipped (${why} at ${describeShort(suite, where)})` });
      } else {
        summaries.push({
          suite,
          lib,
          size,
          at,
          setup: mine.find((r) => r.setup)?.setup,
          interactionStoppedAt: stoppedInteraction.has(lib) ? describeShort(suite, stoppedInteraction.get(lib)) : undefined,
          ...summarise(mine, options.timeout),
        });
      }
    }
  }
  return { runs, summaries };
}

/** A size as the tables' "skipped (… at SIZE)" says it. */
function describeShort(suite, size) {
  if (size === undefined) return '?';
  return suite === 'map' ? MAP_SETS[size]?.label ?? String(size) : size.toLocaleString('en-US');
}

/** The density heat table: one row per library and point count, with the time over Lianmap's. */
function renderHeatTable(summaries) {
  const notes = [];
  const lines = [
    '| library | points | first frame | ÷ Lianmap | memory | module start | runs |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const s of summaries) {
    const lianmap = summaries.find((o) => o.lib === 'lianmap' && o.size === s.size && Number.isFinite(o.firstFrameMs));
    let first;
    let ratio = '–';
    let memory = '–';
    if (s.skipped) first = s.skipped;
    else if (s.measured === 0) {
      if (s.timedOut) {
        first = `timed out (> ${s.timeoutS} s)`;
        if (lianmap && s.lib !== 'lianmap') ratio = `> ${Math.floor((s.timeoutS * 1000) / lianmap.firstFrameMs)}×`;
      } else {
        notes.push(`${s.at}: ${s.errors[0] ?? 'no result'}`);
        first = `failed (note ${notes.length})`;
      }
    } else {
      first = firstFrameCell(s);
      if (lianmap) ratio = `${(s.firstFrameMs / lianmap.firstFrameMs).toFixed(1)}×`;
      memory = `${formatBytes(s.memoryBytes)}${s.lib === 'lianmap' ? ` (wasm ${formatBytes(s.wasmBytes)})` : ''}`;
    }
    const runs = s.skipped ? '–' : `${s.measured}/${s.runs}`;
    lines.push(
      `| ${nameOf('heat', s.lib)} | ${s.size.toLocaleString('en-US')} | ${first} | ${ratio} | ${memory} | ` +
        `${s.skipped ? '–' : formatMs(s.moduleMs)} | ${runs} |`,
    );
  }
  if (notes.length) lines.push('', ...notes.map((n, i) => `${i + 1}. ${n}`));
  return lines.join('\n');
}

/** The choropleth table: first frame, pan and zoom work per frame and memory per boundary set. */
function renderMapTable(summaries) {
  const notes = [];
  const lines = [
    '| library | boundaries | regions / polygons | first frame | of which to the done signal | pan+zoom work / frame | pan / frame | zoom / frame | memory | module start | runs |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const s of summaries) {
    const cells = rowCells(s, notes);
    // After the first frame: the part until lianmap-ready (Lianmap) or finished (ECharts).
    cells.splice(1, 0, s.measured ? formatMs(s.drawMs) : '–');
    const shape = s.setup ? `${s.setup.regions.toLocaleString('en-US')} / ${s.setup.polygons.toLocaleString('en-US')}` : '–';
    const runs = s.skipped
      ? '–'
      : `${s.measured}/${s.runs}${s.measured && s.interactionRuns !== s.measured ? ` (pan/zoom ${s.interactionRuns})` : ''}`;
    lines.push(
      `| ${nameOf('map', s.lib)} | ${MAP_SETS[s.size].label} | ${shape} | ${cells.join(' | ')} | ` +
        `${s.skipped ? '–' : formatMs(s.moduleMs)} | ${runs} |`,
    );
  }
  if (notes.length) lines.push('', ...notes.map((n, i) => `${i + 1}. ${n}`));
  return lines.join('\n');
}

/**
 * The heat map's targets (issue: 1M-point heat ≤ 150 ms and faster than every peer at every
 * size; province choropleth ≤ 50 ms, ~3,000-polygon choropleth ≤ 200 ms; pan and zoom ≤ 8 ms of
 * work per frame), checked against Lianmap's medians of this run.
 */
function renderTargets(heatSummaries, mapSummaries) {
  const lines = [];
  const verdict = (ok) => (ok ? 'met' : 'not met');
  const lianmap = (list, size) => list.find((s) => s.lib === 'lianmap' && s.size === size && Number.isFinite(s.firstFrameMs));
  const million = lianmap(heatSummaries, 1000000);
  if (million) {
    lines.push(`- Density heat, 1,000,000 points, first frame ≤ 150 ms: ${formatMs(million.firstFrameMs)}, ${verdict(million.firstFrameMs <= 150)}.`);
  }
  const sizes = [...new Set(heatSummaries.map((s) => s.size))];
  const perSize = [];
  let allFaster = true;
  let compared = 0;
  for (const size of sizes) {
    const mine = lianmap(heatSummaries, size);
    if (!mine) continue;
    const peers = heatSummaries.filter((s) => s.size === size && s.lib !== 'lianmap');
    const measured = peers.filter((s) => Number.isFinite(s.firstFrameMs));
    const outran = peers.filter((s) => !Number.isFinite(s.firstFrameMs) && (s.timedOut || /timed out/.test(s.skipped ?? '')));
    const failed = peers.length - measured.length - outran.length;
    if (!measured.length && !outran.length) continue;
    compared += 1;
    const fastest = measured.sort((a, b) => a.firstFrameMs - b.firstFrameMs)[0];
    const faster = !fastest || mine.firstFrameMs < fastest.firstFrameMs;
    allFaster &&= faster;
    const against = fastest
      ? `fastest peer ${nameOf('heat', fastest.lib)} ${formatMs(fastest.firstFrameMs)}, ` +
        `${(fastest.firstFrameMs / mine.firstFrameMs).toFixed(1)}× Lianmap's ${formatMs(mine.firstFrameMs)}`
      : 'every peer timed out';
    const unmatched = failed ? `; ${failed} peer${failed > 1 ? 's' : ''} failed, not compared` : '';
    perSize.push(`${size.toLocaleString('en-US')} points: ${faster ? 'faster' : 'not faster'} (${against}${unmatched})`);
  }
  if (compared) lines.push(`- Density heat faster than every peer at every size: ${verdict(allFaster)}. ${perSize.join('; ')}.`);
  const provinces = lianmap(mapSummaries, 'provinces');
  if (provinces) {
    lines.push(`- Province choropleth, first frame ≤ 50 ms: ${formatMs(provinces.firstFrameMs)}, ${verdict(provinces.firstFrameMs <= 50)}.`);
  }
  const cities = lianmap(mapSummaries, 'cities');
  if (cities) {
    const polygons = cities.setup?.polygons?.toLocaleString('en-US') ?? '?';
    lines.push(
      `- ~3,000-polygon choropleth, first frame ≤ 200 ms (measured on the ${polygons}-polygon prefecture-city set; ` +
        `there is no openly licensed county set): ${formatMs(cities.firstFrameMs)}, ${verdict(cities.firstFrameMs <= 200)}.`,
    );
  }
  for (const level of ALL_MAPS) {
    const s = lianmap(mapSummaries, level);
    if (s && Number.isFinite(s.msPerFrame)) {
      const moved = s.panStill || s.zoomStill ? ' (but see the table: a stretch left the picture unchanged)' : '';
      lines.push(
        `- Pan and zoom work ≤ 8 ms per frame, ${MAP_SETS[level].label}: ${formatMs(s.msPerFrame)} ` +
          `(pan ${formatMs(s.panMsPerFrame)}, zoom ${formatMs(s.zoomMsPerFrame)}), ${verdict(s.msPerFrame <= 8)}${moved}.`,
      );
    }
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const options = parseArgs(process.argv.slice(2));
  options.chromium ??= process.env.CHROMIUM ?? which('chromium') ?? which('chromium-browser');
  if (!options.chromium) throw new Error('Chromium not found: install Debian `chromium` or pass --chromium PATH');
  if (!existsSync(join(ROOT, 'dist', 'lianmap.js'))) {
    throw new Error('dist/ is missing: run `cargo xtask dist` in the repository root first');
  }
  checkPackages();
  const chainLibs = options.suite === 'heat' ? [] : selected(ALL_LIBS, options);
  const heatLibs = options.suite === 'chain' ? [] : selected(HEAT_LIBS, options);
  const mapLibs = options.suite === 'chain' ? [] : selected(MAP_LIBS, options);
  if (!chainLibs.length && !heatLibs.length && !mapLibs.length) usage(`--libs selects no library of --suite ${options.suite}`);
  const started = Date.now();
  // The layout-only comparison belongs to the chain suite.
  const runLayout = options.layout && chainLibs.length > 0;
  const data = chainLibs.length ? await prepareData(options.sizes) : null;
  await bundleAdapters();
  const server = await startServer();
  const base = `http://127.0.0.1:${server.address().port}`;

  const probe = await launch(options);
  const chromiumVersion = probe.version();
  await closeQuietly(probe);

  const versions = {
    lianmap: lianmapVersion(),
    chromium: chromiumVersion,
    node: process.version,
    ...Object.fromEntries(PACKAGES.map((p) => [p, packageVersion(p)])),
  };
  const machine = {
    cpu: os.cpus()[0]?.model ?? '?',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    loadAverageAtStart: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
  console.log(`Chromium ${chromiumVersion}, ${machine.cores} cores (${machine.cpu}), load ${machine.loadAverageAtStart.join(' ')}`);

  const chain = chainLibs.length
    ? await runSuite('chain', options.sizes, chainLibs, runsFor, (size) => `${size} links`, options, base)
    : { runs: [], summaries: [] };
  const summaries = chain.summaries;
  const runs = chain.runs;

  // Layout only: Lianmap layout(doc) against dagre in the same page.
  const layoutRuns = [];
  const layoutSummaries = [];
  if (runLayout) {
    const skip = new Set();
    for (const size of options.sizes) {
      const n = runsFor(size, options);
      const mine = [];
      for (let k = 1; k <= n && skip.size < 2; k += 1) {
        process.stdout.write(`layout only · ${size} links · run ${k}/${n} … `);
        let r = await layoutRun(size, options, base, skip);
        if (closedUnexpectedly(r) || closedUnexpectedly(r.lianmap ?? {}) || closedUnexpectedly(r.dagre ?? {})) {
          process.stdout.write('the browser closed under the run; once more … ');
          r = { ...(await layoutRun(size, options, base, skip)), retriedAfter: 'browser closed' };
        }
        r.run = k;
        mine.push(r);
        layoutRuns.push(r);
        const show = (e) => (!e ? 'skipped' : e.timeout ? 'timed out' : e.unavailable ? 'unavailable' : e.error ? `failed: ${e.error}` : formatMs(e.ms));
        console.log(r.error ? `failed: ${r.error}` : `Lianmap ${show(r.lianmap)}, dagre ${show(r.dagre)}`);
        if (r.lianmap?.timeout || r.lianmap?.unavailable) skip.add('lianmap');
        if (r.dagre?.timeout) skip.add('dagre');
        if (r.lianmap?.timeout) skip.add('dagre'); // dagre never ran in that page
      }
      layoutSummaries.push({
        size,
        lianmap: layoutCell(mine.map((r) => r.lianmap), options.timeout),
        dagre: layoutCell(mine.map((r) => r.dagre), options.timeout),
      });
    }
  }

  // The heat map suite: density heat, then the choropleth.
  const heat = heatLibs.length
    ? await runSuite('heat', options.points, heatLibs, heatRunsFor, (n) => `${n.toLocaleString('en-US')} points`, options, base)
    : { runs: [], summaries: [] };
  const choropleth = mapLibs.length
    ? await runSuite('map', options.maps, mapLibs, mapRunsFor, (level) => MAP_SETS[level].label, options, base)
    : { runs: [], summaries: [] };

  const finished = new Date();
  machine.loadAverageAtEnd = os.loadavg().map((l) => Number(l.toFixed(2)));
  const headerLines = [
    `Lianmap browser benchmark, ${finished.toISOString().slice(0, 10)} (${((Date.now() - started) / 60000).toFixed(1)} min)`,
    '',
    `Chromium ${versions.chromium} (headless), Node ${versions.node}, playwright-core ${versions['playwright-core']}; ` +
      `${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, load average ${machine.loadAverageAtStart.join(' ')} → ${machine.loadAverageAtEnd.join(' ')}.`,
  ];
  if (chainLibs.length) {
    headerLines.push(
      `Lianmap ${versions.lianmap}; ECharts ${versions.echarts}; AntV G6 ${versions['@antv/g6']}; ` +
        `Cytoscape.js ${versions.cytoscape} + cytoscape-dagre ${versions['cytoscape-dagre']}; ` +
        `Sigma.js ${versions.sigma} + graphology ${versions.graphology}; @dagrejs/dagre ${versions['@dagrejs/dagre']}.`,
      `Data: \`lianmap generate --links N --enterprises N --seed ${SEED}\` (flows ≈ 1.5 N); ECharts and Sigma.js get ` +
        'the node positions of `lianmap layout`, computed before the clock starts; G6 and Cytoscape.js lay out with dagre.',
      'Medians over the runs shown (each run a fresh browser); work per frame = Δ TaskDuration (CDP Performance.getMetrics) ÷ frames; ' +
        'memory = Δ V8 heap + Δ Blink heap + Δ ArrayBuffer stores after forced GC (+ Δ WebAssembly memory for Lianmap).',
    );
  } else {
    headerLines.push(`Lianmap ${versions.lianmap}.`);
  }
  const header = headerLines.join('\n');
  const heatHeader = heatLibs.length || mapLibs.length
    ? [
        `Heat map suite: simpleheat ${versions.simpleheat}; heatmap.js ${versions['heatmap.js']}; ECharts ${versions.echarts} ` +
          '(heatmap series on a geo coordinate system; map series).',
        `Density heat: ${HEAT.width} × ${HEAT.height} px canvas, ${HEAT.clusters} Gaussian clusters + ${HEAT.noise * 100} % uniform noise ` +
          `(seed ${HEAT.seed}, whole-pixel positions, weights 1–${HEAT.maxWeight}), reach ${HEAT.radius} px per point for every library; ` +
          'points in hand in each library\'s own input format → draw call returns (ECharts: `finished`) → one animation frame.',
        'Choropleth: `www/geo/china-provinces.json` and `china-cities.json` in hand as objects → Lianmap `lianmap-ready` / ' +
          'ECharts `registerMap` + `finished` → two animation frames; pan and zoom as in the chain view.',
      ].join('\n')
    : '';
  const table = summaries.length ? renderTable(summaries) : '';
  const layoutTable = layoutSummaries.length ? renderLayoutTable(layoutSummaries, options.timeout) : '';
  const heatTable = heat.summaries.length ? renderHeatTable(heat.summaries) : '';
  const mapTable = choropleth.summaries.length ? renderMapTable(choropleth.summaries) : '';
  const targets = heatTable || mapTable ? renderTargets(heat.summaries, choropleth.summaries) : '';
  const sections = [header];
  if (table) sections.push(table);
  if (layoutTable) sections.push(`Layout only (same page, document object in hand → positions and edge routes):\n\n${layoutTable}`);
  if (heatHeader) sections.push(heatHeader);
  if (heatTable) sections.push(`Density heat (first frame):\n\n${heatTable}`);
  if (mapTable) sections.push(`Choropleth (first frame, pan and zoom):\n\n${mapTable}`);
  if (targets) sections.push(`Targets (Lianmap's medians in this run):\n\n${targets}`);
  console.log(`\n${sections.join('\n\n')}\n`);

  mkdirSync(RESULTS, { recursive: true });
  const out = join(RESULTS, 'latest.json');
  writeFileSync(
    out,
    JSON.stringify(
      {
        date: finished.toISOString(),
        command: `node bench/browser/run.mjs ${process.argv.slice(2).join(' ')}`.trim(),
        options,
        versions,
        machine,
        data: data ? { ...data, seed: SEED, enterprisesPerLink: ENTERPRISES_PER_LINK } : null,
        heatData: heatLibs.length || mapLibs.length ? { density: HEAT, boundaries: MAP_SETS } : null,
        method: {
          viewport: VIEWPORT,
          chart: '1200 × 800 px',
          panFrames: PAN_FRAMES,
          panStepPx: PAN_STEP,
          zoomFrames: 2 * ZOOM_FRAMES,
          wheelDelta: WHEEL_DELTA,
          precomputedPositions: [...PRECOMPUTED],
          csp: CSP,
        },
        summaries,
        layoutSummaries,
        heatSummaries: heat.summaries,
        mapSummaries: choropleth.summaries,
        runs,
        layoutRuns,
        heatRuns: heat.runs,
        mapRuns: choropleth.runs,
        markdown: { header, table, layoutTable, heatHeader, heatTable, mapTable, targets },
      },
      null,
      2,
    ),
  );
  console.log(`results: ${relative(ROOT, out)}`);
  server.close();
}

main().catch((error) => {
  console.error(`run.mjs: ${error.message ?? error}`);
  process.exit(1);
});
