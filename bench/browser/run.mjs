#!/usr/bin/env node
// Lianmap browser benchmark: Lianmap's chain view against peer graph libraries in headless
// Chromium. See README.md for what is measured and how. Usage:
//
//   node bench/browser/run.mjs [--sizes 300,3000,20000,100000] [--libs lianmap,echarts,g6,cytoscape,sigma]
//                              [--runs N] [--timeout SECONDS] [--no-layout] [--chromium PATH]
//
// Prints a Markdown table of medians and writes every run to bench/browser/results/latest.json.

import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
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
/** Libraries that get the positions `lianmap layout` computed instead of laying out themselves. */
const PRECOMPUTED = new Set(['echarts', 'sigma']);
const NAMES = {
  lianmap: 'Lianmap',
  echarts: 'ECharts',
  g6: 'AntV G6',
  cytoscape: 'Cytoscape.js',
  sigma: 'Sigma.js',
  dagre: '@dagrejs/dagre',
};
/** npm packages whose versions the report states. */
const PACKAGES = ['echarts', '@antv/g6', 'cytoscape', 'cytoscape-dagre', 'sigma', 'graphology', '@dagrejs/dagre', 'playwright-core', 'esbuild'];
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
    'usage: node bench/browser/run.mjs [--sizes 300,3000,20000,100000] [--libs lianmap,echarts,g6,cytoscape,sigma]\n' +
      '                                  [--runs N] [--timeout SECONDS] [--no-layout] [--chromium PATH]',
  );
  process.exit(2);
}

function parseArgs(argv) {
  const options = { sizes: ALL_SIZES, libs: ALL_LIBS, runs: null, timeout: 60, layout: true, chromium: null };
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
    } else if (arg === '--libs') {
      options.libs = value().split(',').map((s) => s.trim().toLowerCase());
      const unknown = options.libs.filter((l) => !ALL_LIBS.includes(l));
      if (unknown.length) usage(`unknown library ${unknown.join(', ')} (known: ${ALL_LIBS.join(', ')})`);
    } else if (arg === '--runs') {
      options.runs = Number(value());
      if (!Number.isInteger(options.runs) || options.runs < 1) usage('--runs takes a whole number ≥ 1');
    } else if (arg === '--timeout') {
      options.timeout = Number(value());
      if (!(options.timeout > 0)) usage('--timeout takes seconds > 0');
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

/** 5 runs up to 3,000 nodes, 3 above, unless --runs says otherwise. */
function runsFor(size, options) {
  return options.runs ?? (size <= 3000 ? 5 : 3);
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

async function renderRun(lib, size, options, base, skipInteraction) {
  const timeoutMs = options.timeout * 1000;
  const result = { lib, size };
  const browser = await launch(options);
  try {
    const { page, cdp, problems } = await openPage(browser, base);
    result.problems = problems;
    const setup = await within(
      page.evaluate(([l, s, w]) => window.lianmapBench.setup(l, s, w), [lib, size, PRECOMPUTED.has(lib)]),
      Math.max(timeoutMs, 180000),
      'loading the data and the library',
    );
    result.moduleMs = setup.moduleMs;
    const baseline = await heap(cdp, page);
    try {
      result.firstFrameMs = await within(
        page.evaluate(() => window.lianmapBench.render()),
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
  };
}

/** Cells of a library × size row; failures get a numbered note instead of a long message. */
function rowCells(s, notes) {
  const note = (text) => {
    notes.push(text);
    return `failed (note ${notes.length})`;
  };
  const dash = ['–', '–', '–', '–'];
  if (s.skipped) return [s.skipped, ...dash];
  if (s.measured === 0) {
    if (s.timedOut) return [`timed out (> ${s.timeoutS} s)`, ...dash];
    return [note(`${NAMES[s.lib]} at ${s.size.toLocaleString('en-US')} nodes: ${s.errors[0] ?? 'no result'}`), ...dash];
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
        `${NAMES[s.lib]} at ${s.size.toLocaleString('en-US')} nodes: neither pan nor zoom changed the picture in any run, ` +
          'so its work per frame is not a measure of panning or zooming; check that the first frame drew the graph.',
      );
      work[0] += ` (note ${notes.length})`;
    }
  } else if (s.interactionTimedOut) {
    work = [`timed out (> ${s.timeoutS} s)`, '–', '–'];
  } else if (s.interactionSkipped) {
    work = [`skipped (timed out at ${s.interactionStoppedAt?.toLocaleString('en-US')})`, '–', '–'];
  } else {
    work = [note(`${NAMES[s.lib]} at ${s.size.toLocaleString('en-US')} nodes, pan and zoom: ${s.interactionErrors[0] ?? 'no result'}`), '–', '–'];
  }
  return [formatMs(s.firstFrameMs), ...work, memory];
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

async function main() {
  const options = parseArgs(process.argv.slice(2));
  options.chromium ??= process.env.CHROMIUM ?? which('chromium') ?? which('chromium-browser');
  if (!options.chromium) throw new Error('Chromium not found: install Debian `chromium` or pass --chromium PATH');
  if (!existsSync(join(ROOT, 'dist', 'lianmap.js'))) {
    throw new Error('dist/ is missing: run `cargo xtask dist` in the repository root first');
  }
  const started = Date.now();
  const data = await prepareData(options.sizes);
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

  // Render runs: for each size, run k of every library before run k+1 (interleaved, so that a
  // change in machine load spreads over all libraries). A first-frame timeout or failure ends that
  // library's runs at this size and skips it at larger sizes.
  const runs = [];
  const stopped = new Map(); // lib → { size, why } where its first frame timed out or failed
  const stoppedInteraction = new Map(); // lib → size at which its pan and zoom timed out
  for (const size of options.sizes) {
    const n = runsFor(size, options);
    for (let k = 1; k <= n; k += 1) {
      for (const lib of options.libs) {
        if (stopped.has(lib)) continue;
        process.stdout.write(`${NAMES[lib]} · ${size} links · run ${k}/${n} … `);
        let r = await renderRun(lib, size, options, base, stoppedInteraction.has(lib));
        if (closedUnexpectedly(r)) {
          process.stdout.write('the browser closed under the run; once more … ');
          r = { ...(await renderRun(lib, size, options, base, stoppedInteraction.has(lib))), retriedAfter: r.error };
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
          const i = r.interaction;
          const work = i === 'timeout' ? 'pan/zoom timed out' : i === 'skipped' ? 'pan/zoom skipped' : i?.error ? `pan/zoom failed: ${i.error}` : `${formatMs(i.msPerFrame)}/frame`;
          console.log(`first frame ${formatMs(r.firstFrameMs)}, ${work}, memory ${formatBytes(r.memory.totalBytes)}`);
        }
      }
    }
  }

  const summaries = [];
  for (const size of options.sizes) {
    for (const lib of options.libs) {
      const mine = runs.filter((r) => r.lib === lib && r.size === size);
      if (!mine.length) {
        const { size: at, why } = stopped.get(lib) ?? {};
        summaries.push({ lib, size, skipped: `skipped (${why} at ${at?.toLocaleString('en-US')})` });
      } else {
        summaries.push({ lib, size, interactionStoppedAt: stoppedInteraction.get(lib), ...summarise(mine, options.timeout) });
      }
    }
  }

  // Layout only: Lianmap layout(doc) against dagre in the same page.
  const layoutRuns = [];
  const layoutSummaries = [];
  if (options.layout) {
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

  const finished = new Date();
  machine.loadAverageAtEnd = os.loadavg().map((l) => Number(l.toFixed(2)));
  const header = [
    `Lianmap browser benchmark, ${finished.toISOString().slice(0, 10)} (${((Date.now() - started) / 60000).toFixed(1)} min)`,
    '',
    `Chromium ${versions.chromium} (headless), Node ${versions.node}, playwright-core ${versions['playwright-core']}; ` +
      `${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, load average ${machine.loadAverageAtStart.join(' ')} → ${machine.loadAverageAtEnd.join(' ')}.`,
    `Lianmap ${versions.lianmap}; ECharts ${versions.echarts}; AntV G6 ${versions['@antv/g6']}; ` +
      `Cytoscape.js ${versions.cytoscape} + cytoscape-dagre ${versions['cytoscape-dagre']}; ` +
      `Sigma.js ${versions.sigma} + graphology ${versions.graphology}; @dagrejs/dagre ${versions['@dagrejs/dagre']}.`,
    `Data: \`lianmap generate --links N --enterprises N --seed ${SEED}\` (flows ≈ 1.5 N); ECharts and Sigma.js get ` +
      'the node positions of `lianmap layout`, computed before the clock starts; G6 and Cytoscape.js lay out with dagre.',
    'Medians over the runs shown (each run a fresh browser); work per frame = Δ TaskDuration (CDP Performance.getMetrics) ÷ frames; ' +
      'memory = Δ V8 heap + Δ Blink heap + Δ ArrayBuffer stores after forced GC (+ Δ WebAssembly memory for Lianmap).',
  ].join('\n');
  const table = renderTable(summaries);
  const layoutTable = layoutSummaries.length ? renderLayoutTable(layoutSummaries, options.timeout) : '';
  console.log(`\n${header}\n\n${table}${layoutTable ? `\n\nLayout only (same page, document object in hand → positions and edge routes):\n\n${layoutTable}` : ''}\n`);

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
        data: { ...data, seed: SEED, enterprisesPerLink: ENTERPRISES_PER_LINK },
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
        runs,
        layoutRuns,
        markdown: { header, table, layoutTable },
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
