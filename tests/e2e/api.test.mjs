// The JavaScript API: mount() on a plain page (www/mount.html) and its handle; properties set
// before the element was defined; lianmap.d.ts checked by the TypeScript compiler against the JSON
// Schema, the sample documents and typical use; dist/ packed with npm, installed offline into a
// fresh project, bundled by esbuild through package.json `exports` and run in Chromium, with its
// types resolved by tsc.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { assertClean, launch, openPage, waitForEvent } from './helpers.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const DIST = join(ROOT, 'dist');
const TSC = join(HERE, 'node_modules', 'typescript', 'bin', 'tsc');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const MISSING = 'is not installed in tests/e2e: run `npm ci` there (a checkout from before it was added)';

/** Runs tsc on a project directory; its output has each error's source line after it. */
function tsc(dir) {
  assert.ok(existsSync(TSC), `typescript ${MISSING}`);
  const run = spawnSync(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  const output = `${run.stdout}${run.stderr}`.split('\n').map((line) => {
    const at = /([\w.-]+\.ts)\((\d+),\d+\)/.exec(line);
    const file = at && join(dir, at[1]);
    if (!file || !existsSync(file)) return line;
    return `${line}\n    > ${readFileSync(file, 'utf8').split('\n')[Number(at[2]) - 1]?.trim()}`;
  }).join('\n');
  return { ok: run.status === 0, output };
}

const TSCONFIG = {
  compilerOptions: {
    strict: true,
    noEmit: true,
    target: 'es2022',
    module: 'esnext',
    moduleResolution: 'bundler',
    lib: ['es2022', 'dom', 'dom.iterable'],
    skipLibCheck: false,
    types: [],
  },
};

const TINY = {
  version: 1,
  stages: [{ id: 's', name: 'Stage' }],
  links: [
    { id: 'a', name: { 'zh-CN': '甲', en: 'A' }, stage: 's' },
    { id: 'b', name: 'B', stage: 's' },
  ],
  flows: [{ from: 'a', to: 'b' }],
  enterprises: [{ id: 'e1', name: 'E1', links: ['a'] }],
};

describe('mount() on a plain page', () => {
  let opened;
  before(async () => {
    opened = await openPage(browser, '/mount.html');
    await waitForEvent(opened.page, 'lianmap-ready');
  });
  after(async () => { await opened?.context.close(); });

  test('puts one <lian-map> into the container, with the options as attributes', async () => {
    const state = await opened.page.evaluate(() => {
      const container = document.getElementById('map');
      const element = container.querySelector('lian-map');
      return {
        count: document.querySelectorAll('lian-map').length,
        same: element === window.lianmap.element,
        containerShadow: container.shadowRoot !== null,
        hostShadow: element.shadowRoot !== null,
        src: element.src,
        geo: element.geo,
        lang: element.getAttribute('lang'),
        theme: element.theme,
        drawn: element.shadowRoot.querySelectorAll('[data-id]').length,
      };
    });
    assert.equal(state.count, 1);
    assert.ok(state.same, 'handle.element is the element in the container');
    assert.equal(state.containerShadow, false, 'no shadow root on the container');
    assert.ok(state.hostShadow);
    assert.equal(state.src, 'sample/nev-guangxi.json');
    assert.equal(state.geo, 'geo/guangxi.json');
    assert.equal(state.lang, 'zh-CN');
    assert.equal(state.theme, 'light');
    assert.ok(state.drawn > 50, `the chain is drawn (${state.drawn} nodes)`);
    assertClean(opened.problems);
  });

  test("on('select') gets { id, kind } and the event; its unsubscribe stops it", async () => {
    const result = await opened.page.evaluate(() => {
      const map = window.lianmap;
      const got = [];
      const full = [];
      const off = map.on('select', (detail, event) => got.push({ ...detail, type: event.type }));
      const offFull = map.on('lianmap-select', (detail) => full.push(detail.id));
      const link = map.select('cathode');
      const enterprise = map.select('e001');
      const unknown = map.select('no-such-id');
      off();
      off(); // twice is harmless
      map.select('anode');
      offFull();
      map.select('lithium');
      return { link, enterprise, unknown, got, full, shown: document.getElementById('selected').value };
    });
    assert.equal(result.link, true);
    assert.equal(result.enterprise, true);
    assert.equal(result.unknown, false);
    assert.deepEqual(result.got, [
      { id: 'cathode', kind: 'link', type: 'lianmap-select' },
      { id: 'e001', kind: 'enterprise', type: 'lianmap-select' },
    ]);
    assert.deepEqual(result.full, ['cathode', 'e001', 'anode']);
    assert.equal(result.shown, 'lithium (link)', "mount.js's own listener still runs");
  });

  test('select, clearSelection, fit, exportSvg and exportPng through the handle', async () => {
    const result = await opened.page.evaluate(async () => {
      const map = window.lianmap;
      map.select('p-liuzhou-auto');
      map.clearSelection();
      map.fit();
      const svg = map.exportSvg();
      const png = await map.exportPng();
      return { svg: svg.slice(0, 200), hasLink: svg.includes('data-id="cathode"'), type: png.type, size: png.size };
    });
    assert.match(result.svg, /<svg/);
    assert.ok(result.hasLink);
    assert.equal(result.type, 'image/png');
    assert.ok(result.size > 1000);
  });

  test("set({ view: 'table' }) changes the view; setData shows another document", async () => {
    const { page } = opened;
    await page.evaluate(() => window.lianmap.set({ view: 'table' }));
    await page.locator('lian-map [data-lianmap="table"]').waitFor();
    assert.equal(await page.evaluate(() => window.lianmap.element.view), 'table');
    // The page's own <select> goes through set() too.
    await page.selectOption('#view', 'chain');
    await page.locator('lian-map [data-lianmap="table"]').waitFor({ state: 'detached' });
    const counts = await page.evaluate((doc) => {
      const seen = [];
      const off = window.lianmap.on('ready', (detail) => seen.push(detail));
      window.lianmap.setData(doc);
      off();
      return seen;
    }, TINY);
    assert.equal(counts.length, 1, 'lianmap-ready at once');
    assert.equal(counts[0].links, 2);
    assert.equal(counts[0].enterprises, 1);
    assert.equal(await page.evaluate(() => window.lianmap.select('b')), true);
  });

  test('data and setData take JSON text too; its syntax errors give line and column', async () => {
    const { page } = opened;
    const events = await page.evaluate((text) => {
      const seen = [];
      const offReady = window.lianmap.on('ready', (detail) => seen.push(['ready', detail.links]));
      const offError = window.lianmap.on('error', (detail) => seen.push(['error', detail.errors[0]]));
      window.lianmap.setData(text);
      window.lianmap.element.data = '{\n  "version": 1,\n  "links": [\n    { "id": "a", "name": "甲" },\n  ]\n}';
      offReady();
      offError();
      return seen;
    }, JSON.stringify(TINY, null, 2));
    assert.deepEqual(events[0], ['ready', 2], 'JSON text is shown as the object would be');
    const [kind, error] = events[1];
    assert.equal(kind, 'error');
    assert.equal(error.line, 5, JSON.stringify(error));
    assert.equal(error.column, 3, JSON.stringify(error));
    assert.equal(await page.evaluate(() => typeof window.lianmap.element.data), 'string');
    await page.evaluate((doc) => window.lianmap.setData(doc), TINY);
  });

  test('before the document is shown: select is remembered, the rest does nothing', async () => {
    const result = await opened.page.evaluate(async (doc) => {
      const { mount } = await import('/dist/lianmap.js');
      const box = document.createElement('div');
      document.body.append(box);
      const map = mount(box, { data: doc, view: 'table', lang: 'en' });
      const shown = new Promise((resolve, reject) => {
        map.on('ready', resolve);
        setTimeout(() => reject(new Error('no lianmap-ready')), 10_000);
      });
      const events = [];
      map.on('select', (d) => events.push(d));
      // All of this runs before the widget has started (that waits for a microtask at least).
      const early = { select: map.select('b'), svg: map.exportSvg() };
      const png = map.exportPng().then(() => 'resolved', (e) => `rejected: ${e.message}`);
      map.fit();
      map.clearSelection(); // forgets 'b'
      early.again = map.select('a');
      early.png = await png;
      await shown;
      const table = map.element.shadowRoot.querySelector('[data-lianmap="table"]') !== null;
      map.destroy();
      box.remove();
      return { early, events, table };
    }, TINY);
    assert.equal(result.early.select, false);
    assert.equal(result.early.again, false);
    assert.equal(result.early.svg, '');
    assert.match(result.early.png, /^rejected/);
    assert.deepEqual(result.events, [{ id: 'a', kind: 'link' }], 'the last remembered id is selected once ready');
    assert.ok(result.table, 'view set before the widget started is applied');
  });

  test('properties set on a <lian-map> before it was defined are kept', async () => {
    const result = await opened.page.evaluate(async (doc) => {
      // An element of a document without a browsing context is not upgraded: `data` and `view`
      // become own properties, as on a page that sets them before lianmap.js has loaded.
      const other = document.implementation.createHTMLDocument('');
      const element = other.createElement('lian-map');
      element.data = doc;
      element.view = 'table';
      element.id = 'early';
      document.body.append(document.adoptNode(element));
      await new Promise((resolve, reject) => {
        element.addEventListener('lianmap-ready', resolve, { once: true });
        setTimeout(() => reject(new Error('no lianmap-ready')), 10_000);
      });
      const state = {
        upgraded: element.constructor.name,
        ownData: Object.prototype.hasOwnProperty.call(element, 'data'),
        view: element.getAttribute('view'),
        links: element.shadowRoot.querySelectorAll('[data-lianmap="table"]').length,
        selected: element.select('a'),
      };
      element.remove();
      return state;
    }, TINY);
    assert.equal(result.upgraded, 'LianMapElement');
    assert.equal(result.ownData, false);
    assert.equal(result.view, 'table');
    assert.equal(result.links, 1);
    assert.equal(result.selected, true);
  });

  test('destroy() removes the listeners and the element and frees the widget', async () => {
    const result = await opened.page.evaluate(() => {
      const map = window.lianmap;
      const element = map.element;
      const root = element.shadowRoot;
      let calls = 0;
      map.on('select', () => { calls += 1; });
      map.select('a');
      const before = { calls, drawn: root.querySelector('.lm-root') !== null, widget: element._widget !== null };
      map.destroy();
      map.destroy(); // twice is harmless
      element.dispatchEvent(new CustomEvent('lianmap-select', { detail: { id: 'x', kind: 'link' } }));
      return {
        before,
        calls,
        connected: element.isConnected,
        inContainer: document.getElementById('map').children.length,
        drawn: root.querySelector('.lm-root') !== null,
        widget: element._widget,
        after: { select: map.select('a'), svg: map.exportSvg() },
      };
    });
    assert.deepEqual(result.before, { calls: 1, drawn: true, widget: true });
    assert.equal(result.calls, 1, 'no listener after destroy()');
    assert.equal(result.connected, false);
    assert.equal(result.inContainer, 0);
    assert.equal(result.drawn, false, 'the widget unmounted its content');
    assert.equal(result.widget, null, 'the wasm Widget was freed');
    assert.deepEqual(result.after, { select: false, svg: '' });
    assertClean(opened.problems);
  });
});

describe('lianmap.d.ts', () => {
  /** `Equal`/`Expect` checks of one schema definition against the declared type `ts`. */
  function schemaChecks(schema) {
    const lines = [];
    const ref = (r) => `L.${r.split('/').pop()}`;
    const nullable = (p) => (Array.isArray(p.type) && p.type.includes('null'))
      || (p.anyOf ?? []).some((a) => a.type === 'null');
    const typeOf = (p) => {
      if (p.$ref) return ref(p.$ref);
      if (p.const !== undefined) return JSON.stringify(p.const);
      if (p.anyOf) {
        const parts = p.anyOf.filter((a) => a.type !== 'null').map(typeOf);
        return parts.join(' | ');
      }
      if (p.oneOf) return p.oneOf.map(typeOf).join(' | ');
      const type = (Array.isArray(p.type) ? p.type : [p.type]).filter((t) => t !== 'null');
      assert.equal(type.length, 1, `one JSON type: ${JSON.stringify(p)}`);
      switch (type[0]) {
        case 'string': return 'string';
        case 'number': case 'integer': return 'number';
        case 'boolean': return 'boolean';
        case 'array': return `(${typeOf(p.items)})[]`;
        case 'object':
          assert.ok(p.additionalProperties, `an object type has additionalProperties: ${JSON.stringify(p)}`);
          return `{ [key: string]: ${typeOf(p.additionalProperties)} }`;
        default: throw new Error(`no TypeScript type for ${JSON.stringify(p)}`);
      }
    };
    const object = (ts, def) => {
      const keys = Object.keys(def.properties);
      const required = def.required ?? [];
      lines.push(`type _${lines.length} = Expect<Equal<keyof ${ts}, ${keys.map((k) => `'${k}'`).join(' | ')}>>;`);
      lines.push(`type _${lines.length} = Expect<Equal<RequiredKeys<${ts}>, ${required.length ? required.map((k) => `'${k}'`).join(' | ') : 'never'}>>;`);
      for (const [key, p] of Object.entries(def.properties)) {
        const expected = `${typeOf(p)}${nullable(p) ? ' | null' : ''}`;
        lines.push(`type _${lines.length} = Expect<Equal<Exclude<${ts}['${key}'], undefined>, ${expected}>>; // ${key}`);
      }
    };
    for (const [name, def] of Object.entries(schema.$defs)) {
      if (def.properties) object(`L.${name}`, def);
      else lines.push(`type _${lines.length} = Expect<Equal<L.${name}, ${typeOf(def)}>>;`);
    }
    object('L.LianmapDocument', schema);
    return lines.join('\n');
  }

  test('matches the JSON Schema, the sample documents and typical use', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lianmap-types-'));
    try {
      cpSync(join(ROOT, 'www', 'lianmap.d.ts'), join(dir, 'lianmap.d.ts'));
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
      const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'lianmap.schema.json'), 'utf8'));
      writeFileSync(join(dir, 'schema.ts'), `import type * as L from './lianmap.js';
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
type Expect<T extends true> = T;
type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
${schemaChecks(schema)}
`);
      // The committed samples, as object literals (so unknown fields and wrong literals are
      // errors); broken.json is left out: its mistakes are on purpose.
      const samples = readdirSync(join(ROOT, 'www', 'sample'))
        .filter((f) => f.endsWith('.json') && !f.startsWith('generated-') && f !== 'broken.json')
        .map((f) => [f, JSON.parse(readFileSync(join(ROOT, 'www', 'sample', f), 'utf8'))])
        .filter(([, doc]) => doc.version !== undefined && Array.isArray(doc.links));
      assert.ok(samples.length >= 2, 'sample documents found');
      writeFileSync(join(dir, 'samples.ts'), `import type { LianmapDocument } from './lianmap.js';
${samples.map(([f, doc], i) => `// ${f}\nexport const sample${i}: LianmapDocument = ${JSON.stringify(doc, null, 1)};`).join('\n')}
`);
      writeFileSync(join(dir, 'usage.ts'), USAGE);
      const result = tsc(dir);
      assert.ok(result.ok, `tsc failed:\n${result.output}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Typical use of the module, with mistakes the types must reject (@ts-expect-error). */
const USAGE = `import { mount, ready, layout, heat, memoryBytes, LianMapElement } from './lianmap.js';
import type { LianMapHandle, LianmapDocument, MountOptions, LianmapSelectDetail } from './lianmap.js';

const doc: LianmapDocument = {
  version: 1,
  meta: { title: { 'zh-CN': '链', en: 'Chain' }, sample: true, updated: '2026-01-01' },
  links: [{ id: 'a', name: 'A', gap: 'weak' }, { id: 'b', name: 'B', parent: 'a' }],
  enterprises: [{ id: 'e', name: 'E', links: ['a'], role: 'leader', status: 'signed', score: 80 }],
  opportunities: [{ id: 'o', kind: 'land', title: 'Land' }],
};
// @ts-expect-error version must be 1
const wrongVersion: LianmapDocument = { version: 2, links: [] };
// @ts-expect-error links are required
const noLinks: LianmapDocument = { version: 1 };
// @ts-expect-error not a status
const wrongStatus: LianmapDocument = { version: 1, links: [], enterprises: [{ id: 'e', name: 'E', status: 'done' }] };

const element: LianMapElement = document.createElement('lian-map');
const found: LianMapElement | null = document.querySelector('lian-map');
element.data = doc;
element.geo = { type: 'FeatureCollection', features: [] };
element.geo = '/geo.json';
element.view = 'split';
element.src = null;
element.geoId = 'adcode';
element.planImage = '/plan.png';
const selected: boolean = element.select('a');
element.clearSelection();
element.fit();
const svg: string = element.exportSvg();
const png: Promise<Blob> = element.exportPng();
element.addEventListener('lianmap-ready', (e) => { const n: number = e.detail.leafLinks + e.detail.warnings; });
element.addEventListener('lianmap-select', (e) => { const d: LianmapSelectDetail = e.detail; });
element.addEventListener('lianmap-error', (e) => {
  for (const { severity, path, message, hint, line, column } of e.detail.errors) {
    const s: 'error' | 'warning' = severity;
    const text: string = path + message + (hint ?? '') + (line ?? 0) + (column ?? 0);
  }
});
document.addEventListener('lianmap-select', (e) => e.detail.id);
// @ts-expect-error detail has no such field
element.addEventListener('lianmap-select', (e) => e.detail.name);

const options: MountOptions = { data: doc, geo: { type: 'FeatureCollection', features: [] }, geoId: 'adcode',
  view: 'map', lang: 'en', theme: 'dark', renderer: 'canvas', projection: 'plan', planImage: '/plan.png' };
const map: LianMapHandle = mount(document.body, options);
const el: LianMapElement = map.element;
const off: () => void = map.on('select', (detail, event) => {
  if (detail.id === null) { const none: null = detail.kind; return; }
  const kind: 'link' | 'enterprise' | 'region' | 'park' | 'project' | 'opportunity' = detail.kind;
  const same: CustomEvent<LianmapSelectDetail> = event;
});
map.on('lianmap-ready', (counts) => counts.enterprises);
map.on('error', (detail) => detail.errors.map((e) => e.message));
off();
map.select('a');
map.clearSelection();
map.setData(doc);
map.fit();
const svg2: string = map.exportSvg();
map.exportPng().then((blob) => blob.size);
map.set({ view: 'table', src: null });
map.destroy();
// @ts-expect-error not an event
map.on('click', () => {});
// @ts-expect-error not a view
mount(document.body, { view: 'tree' });
// @ts-expect-error select detail has no counts
map.on('select', (detail) => detail.links);

await ready();
const laid = layout(doc);
const first: number = laid.nodes[0].x + laid.width;
const max: number = heat(document.createElement('canvas'), new Float32Array(3), { radius: 10, ramp: 'viridis' });
const bytes: number = memoryBytes();
export {};
`;

describe('the npm package', () => {
  test('dist/ packs, installs offline, bundles with esbuild and type-checks with tsc', async (t) => {
    if (!existsSync(join(DIST, 'lianmap.js'))) {
      t.skip('dist/ is not built: run `cargo xtask dist` first');
      return;
    }
    assert.ok(existsSync(join(DIST, 'package.json')), 'dist/package.json (written by cargo xtask dist)');
    const work = mkdtempSync(join(tmpdir(), 'lianmap-pack-'));
    try {
      const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      // Pack a copy, so that nothing is written into dist/.
      const copy = join(work, 'dist');
      cpSync(DIST, copy, { recursive: true });
      const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', work], copy));
      const { filename, files, name } = packed[0];
      assert.equal(name, 'lianmap');
      const paths = files.map((f) => f.path).sort();
      for (const file of ['lianmap.js', 'lianmap_core.js', 'lianmap_bg.wasm', 'lianmap.d.ts', 'package.json']) {
        assert.ok(paths.includes(file), `${file} is in the tarball (${paths.join(', ')})`);
      }

      const app = join(work, 'app');
      mkdirSync(app);
      writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'lianmap-consumer', private: true, type: 'module' }));
      npm(['install', join(work, filename), '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], app);
      assert.ok(existsSync(join(app, 'node_modules', 'lianmap', 'lianmap_bg.wasm')));

      // A bundle of `import { mount } from 'lianmap'`, and one that only imports it for the element.
      writeFileSync(join(app, 'main.js'), `import { mount } from 'lianmap';
const map = mount(document.getElementById('map'), { src: '/chain.json', view: 'table', lang: 'en' });
map.on('ready', (counts) => { document.title = 'ready ' + counts.links; });
map.on('select', ({ id, kind }) => { document.body.dataset.selected = kind + ':' + id; });
window.lianmap = map;
`);
      writeFileSync(join(app, 'side.js'), "import 'lianmap';\n");
      const out = join(app, 'public');
      const esbuild = await import('esbuild').catch((e) => assert.fail(`esbuild ${MISSING}: ${e.message}`));
      await esbuild.build({
        entryPoints: [join(app, 'main.js'), join(app, 'side.js')],
        bundle: true,
        format: 'esm',
        outdir: out,
        absWorkingDir: app,
        logLevel: 'silent',
      });
      const side = readFileSync(join(out, 'side.js'), 'utf8');
      assert.match(side, /customElements\.define\(\s*"lian-map"/, "import 'lianmap' alone still defines the element (sideEffects)");
      const main = readFileSync(join(out, 'main.js'), 'utf8');
      assert.match(main, /lianmap_bg\.wasm/);

      // Run the bundle: lianmap_bg.wasm beside it, as the package README says.
      cpSync(join(app, 'node_modules', 'lianmap', 'lianmap_bg.wasm'), join(out, 'lianmap_bg.wasm'));
      writeFileSync(join(out, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:">
<link rel="icon" href="data:,"><title>bundle</title><script type="module" src="main.js"></script></head>
<body><div id="map"></div></body></html>`);
      writeFileSync(join(out, 'chain.json'), JSON.stringify(TINY));
      const context = await browser.newContext();
      try {
        const errors = [];
        await context.route('http://bundle.test/**', (route) => {
          const file = join(out, new URL(route.request().url()).pathname.slice(1) || 'index.html');
          if (!existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
          const type = { html: 'text/html', js: 'text/javascript', wasm: 'application/wasm', json: 'application/json' }[file.split('.').pop()];
          return route.fulfill({ status: 200, contentType: type, body: readFileSync(file) });
        });
        const page = await context.newPage();
        page.on('pageerror', (e) => errors.push(String(e)));
        page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
        await page.goto('http://bundle.test/');
        await page.waitForFunction(() => document.title === 'ready 2', null, { timeout: 20_000 });
        await page.evaluate(() => window.lianmap.select('a'));
        assert.equal(await page.evaluate(() => document.body.dataset.selected), 'link:a');
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }

      // The types resolve through `exports` with moduleResolution: bundler.
      writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ ...TSCONFIG, include: ['main.ts'] }));
      writeFileSync(join(app, 'main.ts'), `import { mount, type LianmapDocument, type LianMapHandle } from 'lianmap';
import wasmUrl from 'lianmap/lianmap_bg.wasm';
import pkg from 'lianmap/package.json';
const doc: LianmapDocument = { version: 1, links: [{ id: 'a', name: 'A' }] };
const map: LianMapHandle = mount(document.body, { data: doc });
map.on('select', ({ id, kind }) => console.log(id, kind));
const element = document.querySelector('lian-map');
element?.select('a');
// @ts-expect-error typed, not any
map.on('select', (detail) => detail.nope);
export { wasmUrl, pkg };
`);
      writeFileSync(join(app, 'assets.d.ts'), "declare module '*.wasm' { const url: string; export default url; }\n");
      const config = JSON.parse(readFileSync(join(app, 'tsconfig.json'), 'utf8'));
      config.include = ['main.ts', 'assets.d.ts'];
      config.compilerOptions.resolveJsonModule = true;
      writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(config));
      const result = tsc(app);
      assert.ok(result.ok, `tsc failed:\n${result.output}`);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
