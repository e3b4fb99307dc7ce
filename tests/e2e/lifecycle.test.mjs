// The element's life in a host page: 1,000 mounts and unmounts leave no memory behind, the view
// and selection can live in the URL fragment (sync-hash), the fullscreen button and the print
// stylesheet.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertClean, launch, openPage, screenshot, waitForEvent } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** JS heap in use after a full garbage collection (CDP), and WebAssembly memory. */
async function heap(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(async () => (await import('/dist/lianmap.js')).memoryBytes());
  return { js: usedSize, wasm };
}

/** Creates, shows, and removes `n` widgets one after another, each with the sample document. */
async function cycle(page, n) {
  return page.evaluate(async (count) => {
    const doc = window.__sample ??= await (await fetch('/sample/nev-guangxi.json')).json();
    const host = document.body;
    let ready = 0;
    for (let i = 0; i < count; i += 1) {
      const el = document.createElement('lian-map');
      el.setAttribute('sync-hash', `leak${i % 3}`);
      const shown = new Promise((resolve) => el.addEventListener('lianmap-ready', resolve, { once: true }));
      el.data = doc;
      host.append(el);
      await shown;
      ready += 1;
      // Moving it in the DOM re-connects it; removing it frees the widget.
      host.prepend(el);
      el.remove();
    }
    return ready;
  }, n);
}

test('1,000 mounts and unmounts leave the JS heap, WebAssembly memory and the DOM as they were', async () => {
  const { page, problems, context } = await openPage(browser, '/examples/static/');
  await waitForEvent(page, 'lianmap-ready');
  await page.evaluate(() => document.querySelector('lian-map').remove());
  const cdp = await context.newCDPSession(page);
  // Warm up: the allocator's free lists, the JIT and lazily created statics settle first.
  assert.equal(await cycle(page, 50), 50);
  const before = await heap(page, cdp);
  assert.equal(await cycle(page, 950), 950);
  const afterAll = await heap(page, cdp);
  const nodes = await page.evaluate(() => document.querySelectorAll('*').length);
  const grew = { js: afterAll.js - before.js, wasm: afterAll.wasm - before.wasm };
  console.log(`after 50 mounts: JS ${before.js} B, wasm ${before.wasm} B; after 1,000: JS ${afterAll.js} B, wasm ${afterAll.wasm} B`);
  // One leaked widget holds its document, layout and DOM: hundreds of KiB. 950 of them would be
  // hundreds of MiB; the bounds leave room for the JIT's own bookkeeping.
  assert.ok(grew.wasm <= 1024 * 1024, `WebAssembly memory grew by ${grew.wasm} B`);
  assert.ok(grew.js <= 2 * 1024 * 1024, `JS heap grew by ${grew.js} B`);
  assert.ok(nodes < 30, `the page holds ${nodes} elements`);
  assertClean(problems);
  await context.close();
});

test('sync-hash keeps view and selection in the URL fragment, and a shared link restores them', async () => {
  const { page, problems, context } = await openPage(browser, '/examples/static/');
  await waitForEvent(page, 'lianmap-ready');
  await page.evaluate(() => {
    const el = document.querySelector('lian-map');
    el.setAttribute('sync-hash', '');
  });
  await page.waitForFunction(() => location.hash === '#lianmap.view=chain');
  // Selecting and switching view are written into the fragment (replacing the history entry).
  const length = await page.evaluate(() => history.length);
  await page.evaluate(() => document.querySelector('lian-map').select('cells'));
  await page.waitForFunction(() => location.hash.includes('lianmap.select=cells'));
  const root = page.locator('lian-map');
  await root.locator('button[data-view="table"]').click();
  await page.waitForFunction(() => location.hash === '#lianmap.view=table&lianmap.select=cells');
  assert.equal(await page.evaluate(() => history.length), length, 'no history entries were added');

  // A link with the fragment opens the same view with the same selection.
  const shared = await page.evaluate(() => location.href);
  const second = await context.newPage();
  await second.goto(shared.replace('/examples/static/', '/examples/static/index.html'));
  await second.evaluate(() => document.querySelector('lian-map').setAttribute('sync-hash', ''));
  await second.waitForFunction(() => {
    const r = document.querySelector('lian-map')?.shadowRoot;
    return r?.querySelector('button[data-view="table"][aria-pressed="true"]') && r.querySelector('.lm-detail');
  });
  const detail = await second.locator('lian-map .lm-detail h3').textContent();
  assert.ok(detail.length > 0, 'the shared link opens the selected link\'s panel');

  // Changing the fragment by hand (back button, an anchor) moves the widget.
  await page.evaluate(() => { location.hash = '#lianmap.view=chain&lianmap.select=motors'; });
  await page.waitForFunction(() => document.querySelector('lian-map').shadowRoot
    .querySelector('button[data-view="chain"][aria-pressed="true"]'));
  await page.waitForFunction(() => location.hash === '#lianmap.view=chain&lianmap.select=motors');
  await page.evaluate(() => { location.hash = '#other=1&lianmap.view=chain'; });
  await page.waitForFunction(() => !document.querySelector('lian-map').shadowRoot.querySelector('.lm-detail'));
  assert.equal(await page.evaluate(() => location.hash), '#other=1&lianmap.view=chain', 'host parts are kept');
  assertClean(problems);
  await context.close();
});

test('the fullscreen button fills the screen and comes back; print hides the controls', async () => {
  const { page, problems, context } = await openPage(browser, '/examples/static/');
  await waitForEvent(page, 'lianmap-ready');
  const button = page.locator('lian-map .lm-fullscreen');
  assert.equal(await button.getAttribute('aria-pressed'), 'false');
  await button.click();
  await page.waitForFunction(() => document.fullscreenElement === document.querySelector('lian-map'));
  await page.waitForFunction(() => document.querySelector('lian-map').shadowRoot
    .querySelector('.lm-fullscreen[aria-pressed="true"]'));
  await screenshot(page, 'fullscreen');
  await button.click();
  await page.waitForFunction(() => !document.fullscreenElement);
  await page.waitForFunction(() => document.querySelector('lian-map').shadowRoot
    .querySelector('.lm-fullscreen[aria-pressed="false"]'));

  await page.emulateMedia({ media: 'print' });
  const hidden = await page.evaluate(() => {
    const r = document.querySelector('lian-map').shadowRoot;
    return ['.lm-bar', '.lm-zoom'].map((s) => r.querySelector(s) && getComputedStyle(r.querySelector(s)).display);
  });
  assert.deepEqual(hidden.filter((d) => d !== null), hidden.filter((d) => d !== null).map(() => 'none'));
  assert.ok(await page.locator('lian-map .lm-chain-svg').isVisible(), 'the drawing prints');
  // A height the page gives the element (shared out on screen) does not cut the printout short.
  const heights = await page.evaluate(() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('lian-map { height: 400px }');
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    const el = document.querySelector('lian-map');
    return { host: el.getBoundingClientRect().height, drawing: el.shadowRoot.querySelector('.lm-chain-svg').getBoundingClientRect().height };
  });
  assert.ok(heights.host > 400 && heights.drawing > 300, `printed at its content's height: ${JSON.stringify(heights)}`);
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 10_000, `a PDF of ${pdf.length} B`);
  assertClean(problems);
  await context.close();
});

test('clearing the selection is reported as lianmap-select with a null id', async () => {
  const { page, problems, context } = await openPage(browser, '/examples/static/');
  await waitForEvent(page, 'lianmap-ready');
  const last = () => page.evaluate(() => window.__lianmapEvents.filter((e) => e.type === 'lianmap-select').at(-1)?.detail);
  await page.evaluate(() => document.querySelector('lian-map').select('cells'));
  await page.waitForFunction(() => document.querySelector('lian-map').shadowRoot.querySelector('.lm-detail'));
  assert.deepEqual(await last(), { id: 'cells', kind: 'link' });
  // Escape on the chain map clears, as does clearSelection().
  await page.locator('lian-map .lm-node[data-id="cells"]').focus();
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => window.__lianmapEvents.filter((e) => e.type === 'lianmap-select').at(-1)?.detail.id === null);
  assert.deepEqual(await last(), { id: null, kind: null });
  await page.evaluate(() => document.querySelector('lian-map').select('motors'));
  await page.waitForFunction(() => window.__lianmapEvents.filter((e) => e.type === 'lianmap-select').at(-1)?.detail.id === 'motors');
  await page.evaluate(() => document.querySelector('lian-map').clearSelection());
  await page.waitForFunction(() => window.__lianmapEvents.filter((e) => e.type === 'lianmap-select').at(-1)?.detail.id === null);
  const count = await page.evaluate(() => window.__lianmapEvents.filter((e) => e.type === 'lianmap-select').length);
  assert.equal(count, 4, 'one event per change');
  assertClean(problems);
  await context.close();
});

test('boundaries given as an object are cleared by geo = null, and a URL can follow', async () => {
  const { page, problems, context } = await openPage(browser, '/examples/static/');
  await waitForEvent(page, 'lianmap-ready');
  const regions = () => page.evaluate(() => (document.querySelector('lian-map').exportSvg().match(/data-kind="region"/g) ?? []).length);
  await page.evaluate(async () => {
    const el = document.querySelector('lian-map');
    el.setAttribute('view', 'map');
    el.geo = await (await fetch('/geo/guangxi.json')).json();
  });
  await page.waitForFunction(() => document.querySelector('lian-map').exportSvg().includes('data-kind="region"'));
  assert.equal(await regions(), 14);
  await page.evaluate(() => { document.querySelector('lian-map').geo = null; });
  await page.waitForFunction(() => !document.querySelector('lian-map').exportSvg().includes('data-kind="region"'));
  await page.evaluate(() => { document.querySelector('lian-map').geo = '/geo/guangxi.json'; });
  await page.waitForFunction(() => document.querySelector('lian-map').exportSvg().includes('data-kind="region"'));
  assert.equal(await regions(), 14);
  assertClean(problems);
  await context.close();
});

test('moving the element keeps its widget, document and selection; removing it frees them', async () => {
  const { page, problems, context } = await openPage(browser, '/examples/static/');
  await waitForEvent(page, 'lianmap-ready');
  const result = await page.evaluate(async () => {
    const el = document.querySelector('lian-map');
    el.select('cells');
    await new Promise((r) => setTimeout(r, 100));
    const readies = window.__lianmapEvents.filter((e) => e.type === 'lianmap-ready').length;
    const box = document.createElement('div');
    document.body.append(box);
    box.append(el); // a move: disconnected and connected again in one task
    await new Promise((r) => setTimeout(r, 300));
    const kept = {
      widget: el._widget !== null,
      readyAgain: window.__lianmapEvents.filter((e) => e.type === 'lianmap-ready').length !== readies,
      detail: el.shadowRoot.querySelector('[data-lianmap="detail"] h3')?.textContent ?? null,
    };
    el.remove();
    await new Promise((r) => setTimeout(r, 0));
    return { ...kept, freed: el._widget === null };
  });
  assert.deepEqual(result, { widget: true, readyAgain: false, detail: '电芯', freed: true });
  assertClean(problems);
  await context.close();
});
