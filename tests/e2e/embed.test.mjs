// Lianmap as a guest on other people's pages (examples/): an old government portal with a strict
// CSP header, jQuery and hostile global CSS; two widgets on one page; the no-JavaScript fallback;
// hostile names and links from the host's data; and no request beyond what the page gave it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertClean, BASE, launch, openPage, screenshot, waitForEvent } from './helpers.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const readJson = (path) => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:";
const PORTAL = '/examples/legacy-portal/';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Opens `path`; `setup(page)` runs first (routes, request logs). */
const open = (path, setup) => openPage(browser, path, { setup });

/** Sets an attribute of `<lian-map id>`. */
const setAttr = (page, id, name, value) =>
  page.evaluate(([i, n, v]) => document.getElementById(i).setAttribute(n, v), [id, name, value]);

test('strict CSP: the legacy portal runs Lianmap through load, select, map, split and export without one violation', async () => {
  const { page, problems, context, response } = await open(PORTAL);
  assert.equal(response.headers()['content-security-policy'], STRICT_CSP, 'the page is served with the strict policy');
  const [ready] = await waitForEvent(page, 'lianmap-ready', 'portal-map');
  assert.ok(ready.detail.links >= 40, `links: ${ready.detail.links}`);
  assert.equal(await page.evaluate(() => typeof window.jQuery), 'function', 'jQuery runs on the page');

  await page.locator('lian-map#portal-map g[data-kind="link"][data-id="cells"]').click();
  await page.locator('lian-map#portal-map [data-lianmap="detail"]').waitFor();
  assert.match(await page.locator('#picked').textContent(), /link：cells/, 'the page heard lianmap-select through jQuery');

  await setAttr(page, 'portal-map', 'view', 'map');
  await page.locator('lian-map#portal-map canvas.lm-map-surface').waitFor();
  assert.ok(await page.evaluate(() => document.getElementById('portal-map').select('450200')), 'a region is selected');
  await page.waitForTimeout(300);
  await setAttr(page, 'portal-map', 'view', 'split');
  await page.locator('lian-map#portal-map .lm-split').waitFor();
  await page.waitForTimeout(300);

  const svg = await page.evaluate(() => document.getElementById('portal-map').exportSvg());
  assert.match(svg, /^<svg[\s>]/, 'exportSvg gives an SVG document');
  const png = await page.evaluate(async () => {
    const blob = await document.getElementById('portal-map').exportPng();
    return { type: blob.type, size: blob.size };
  });
  assert.equal(png.type, 'image/png');
  assert.ok(png.size > 1000, `PNG bytes: ${png.size}`);
  await screenshot(page, 'embed-portal-split');

  assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], 'securitypolicyviolation events');
  assertClean(problems);

  // The listener does see violations: an inline style attribute is refused under this policy.
  await page.evaluate(() => document.body.setAttribute('style', 'outline: 1px solid red'));
  await page.waitForFunction(() => window.__cspViolations.length > 0);
  await context.close();
});

/** Computed text styles inside the widget (its root and the legend) and on the host page. */
function textStyles(page) {
  return page.evaluate(() => {
    const el = document.getElementById('portal-map');
    const pick = (node) => {
      const s = getComputedStyle(node);
      return {
        fontSize: s.fontSize, lineHeight: s.lineHeight, fontFamily: s.fontFamily, color: s.color,
        letterSpacing: s.letterSpacing, textIndent: s.textIndent, textAlign: s.textAlign, wordBreak: s.wordBreak,
      };
    };
    return {
      page: pick(document.querySelector('.crumb')),
      root: pick(el.shadowRoot.querySelector('.lm-root')),
      title: pick(el.shadowRoot.querySelector('.lm-title')),
    };
  });
}

test('hostile CSS: on the legacy portal the chain draws, its links are visible and open their panel, and the map canvas shows', async () => {
  const { page, problems, context } = await open(PORTAL);
  await waitForEvent(page, 'lianmap-ready', 'portal-map');
  const host = page.locator('lian-map#portal-map');
  const box = await host.boundingBox();
  assert.ok(box && box.width >= 300 && box.height >= 200, `the widget's box: ${JSON.stringify(box)}`);
  const chain = await page.locator('lian-map#portal-map svg.lm-chain-svg').boundingBox();
  assert.ok(chain && chain.width >= 300 && chain.height >= 200, `the chain's box (the page hides svg): ${JSON.stringify(chain)}`);
  for (const id of ['lithium', 'cells', 'passenger']) {
    const node = await page.locator(`lian-map#portal-map g[data-kind="link"][data-id="${id}"]`).boundingBox();
    assert.ok(node && node.width > 10 && node.height > 5, `link ${id} is visible: ${JSON.stringify(node)}`);
  }
  await screenshot(page, 'embed-portal');

  await page.locator('lian-map#portal-map g[data-kind="link"][data-id="cells"]').click();
  const detail = page.locator('lian-map#portal-map [data-lianmap="detail"]');
  await detail.waitFor();
  assert.match(await detail.locator('h3').textContent(), /电芯/);
  const panel = await detail.boundingBox();
  assert.ok(panel && panel.width >= 200 && panel.height >= 100, `the detail panel's box: ${JSON.stringify(panel)}`);
  await screenshot(page, 'embed-portal-detail');

  // The map on its own (without the detail panel beside it).
  await page.evaluate(() => document.getElementById('portal-map').clearSelection());
  await setAttr(page, 'portal-map', 'view', 'map');
  const canvas = page.locator('lian-map#portal-map canvas.lm-map-surface');
  await canvas.waitFor();
  const map = await canvas.boundingBox();
  assert.ok(map && map.width >= 300 && map.height >= 200, `the map canvas (the page hides canvas): ${JSON.stringify(map)}`);
  await screenshot(page, 'embed-portal-map');
  assertClean(problems);
  await context.close();
});

test('hostile CSS: the page\'s `* { font-size … !important }` and other inherited text rules do not reach the widget\'s text', async () => {
  const { page, context } = await open(PORTAL);
  await waitForEvent(page, 'lianmap-ready', 'portal-map');
  const styles = await textStyles(page);
  assert.equal(styles.page.fontSize, '26px', 'the page really is hostile');
  assert.equal(styles.root.fontSize, '14px', `the widget's font size: ${JSON.stringify(styles.root)}`);
  assert.equal(styles.root.lineHeight, '21px', 'line height 1.5');
  assert.equal(styles.root.textIndent, '0px', 'no first-line indent');
  assert.equal(styles.root.letterSpacing, 'normal');
  assert.notEqual(styles.root.fontFamily, styles.page.fontFamily, 'the widget\'s own font');
  assert.equal(styles.root.color, 'rgb(31, 41, 51)', 'the widget\'s own text colour');
  assert.ok(['start', 'left'].includes(styles.root.textAlign), `text-align: ${styles.root.textAlign}`);
  assert.equal(styles.root.wordBreak, 'normal');
  assert.equal(styles.title.fontSize, '18.2px', 'the title is 1.3em of 14px');

  // With a link selected the chain keeps a usable share of the widget beside the detail panel.
  await page.locator('lian-map#portal-map g[data-kind="link"][data-id="cells"]').click();
  await page.locator('lian-map#portal-map [data-lianmap="detail"]').waitFor();
  const widget = await page.locator('lian-map#portal-map').boundingBox();
  const chain = await page.locator('lian-map#portal-map .lm-chain').boundingBox();
  assert.ok(chain.width >= widget.width / 3, `chain ${chain.width}px of ${widget.width}px beside the panel`);
  await context.close();
});

test('sized by its content (an auto-width table cell, a float, an absolute box) the widget takes a natural width; in a flex row it fills; on a phone nothing overflows', async () => {
  // Each case holds one widget; the page adds them after the static example's own one.
  const place = (page) => page.evaluate(() => {
    const doc = { version: 1, links: [{ id: 'a', name: '上游环节' }, { id: 'b', name: '下游环节' }], flows: [{ from: 'a', to: 'b' }] };
    const cases = {
      cell: '<table><tr><td><lian-map></lian-map></td></tr></table>',
      cellBesideText: '<table><tr><td>栏目导航</td><td><lian-map></lian-map></td></tr></table>',
      float: '<div style-class="float"><lian-map></lian-map></div>',
      absolute: '<div class="abs-parent"><div class="abs"><lian-map></lian-map></div></div>',
      flex: '<div class="flex"><lian-map></lian-map></div>',
      flexBesideSidebar: '<div class="flex"><nav>栏目导航 · 政策 · 园区</nav><lian-map></lian-map></div>',
    };
    // Layout through a constructed sheet: the page may be under a strict CSP.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('[style-class=float]{float:left} .flex{display:flex} .abs-parent{position:relative;height:900px} .abs{position:absolute;top:0;left:0} .case{clear:both}');
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    for (const [name, html] of Object.entries(cases)) {
      const box = document.createElement('section');
      box.className = 'case';
      box.id = name;
      box.innerHTML = html;
      document.body.append(box);
      box.querySelector('lian-map').data = doc;
    }
  });
  const widths = (page) => page.evaluate(() => ({
    viewport: document.documentElement.clientWidth,
    scroll: document.documentElement.scrollWidth,
    ...Object.fromEntries([...document.querySelectorAll('section.case')].map((s) => [s.id, Math.round(s.querySelector('lian-map').getBoundingClientRect().width)])),
  }));
  for (const [viewport, check] of [
    [{ width: 1280, height: 900 }, (w) => {
      for (const name of ['cell', 'cellBesideText', 'float', 'absolute']) {
        assert.ok(w[name] >= 800 && w[name] <= w.viewport, `${name}: ${w[name]}px, a natural width (${JSON.stringify(w)})`);
      }
      assert.ok(w.flex >= w.viewport - 40, `a lone flex item fills the row: ${JSON.stringify(w)}`);
      assert.ok(w.flexBesideSidebar >= w.viewport - 300 && w.flexBesideSidebar < w.viewport - 40, `beside a sidebar it takes the rest: ${JSON.stringify(w)}`);
    }],
    [{ width: 360, height: 740 }, (w) => {
      assert.ok(w.scroll <= w.viewport, `nothing overflows the phone: ${JSON.stringify(w)}`);
      for (const name of ['cell', 'float', 'absolute', 'flex']) {
        assert.ok(w[name] >= 300 && w[name] <= w.viewport, `${name}: ${w[name]}px on a ${w.viewport}px phone`);
      }
    }],
  ]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(`${BASE}/examples/static/`);
    await place(page);
    await page.waitForFunction(() => [...document.querySelectorAll('section.case lian-map')].every((m) => m.shadowRoot?.querySelector('[data-kind="link"]')));
    await page.waitForTimeout(200);
    check(await widths(page));
    if (viewport.width === 1280) await screenshot(page, 'embed-sized-by-content');
    await context.close();
  }
});

/**
 * Opens the static example with its widget replaced by `html`, laid out by the rules in `css` (a
 * constructed sheet, as a strict CSP would require), and waits until each of `ids` is ready.
 */
async function openWithWidgets(css, html, ids) {
  const opened = await open('/examples/static/');
  await waitForEvent(opened.page, 'lianmap-ready');
  await opened.page.evaluate(([rules, markup]) => {
    document.querySelector('lian-map').remove();
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(rules);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    document.body.insertAdjacentHTML('beforeend', markup);
  }, [css, html]);
  for (const id of ids) await waitForEvent(opened.page, 'lianmap-ready', id);
  return opened;
}

test('mounted in a closed tab, <details> or dialog, each view shows once opened what a widget visible from the start shows', async () => {
  const SRC = 'src="/sample/nev-guangxi.json"';
  for (const [view, attributes, surface] of [
    ['chain (SVG)', SRC, 'svg.lm-chain-svg'],
    ['chain (canvas)', `${SRC} renderer="canvas"`, 'canvas.lm-chain-surface'],
    ['map', `${SRC} geo="/geo/guangxi.json" view="map"`, 'canvas.lm-map-surface'],
  ]) {
    const map = (id) => `<div class="pane"><lian-map id="${id}" ${attributes}></lian-map></div>`;
    const { page, problems, context } = await openWithWidgets(
      '.pane{width:900px} dialog{padding:0;border:0;max-width:none}',
      `${map('shown')}
        <div id="closed-tab" hidden>${map('tab')}</div>
        <details id="more"><summary>产业链图谱</summary>${map('details')}</details>
        <dialog id="popup">${map('dialog')}</dialog>`,
      ['shown', 'tab', 'details', 'dialog'],
    );
    await page.waitForTimeout(300); // the hidden ones have drawn all they would while hidden
    await page.evaluate(() => {
      document.getElementById('closed-tab').hidden = false;
      document.getElementById('more').open = true;
      document.getElementById('popup').showModal();
    });
    // What each shows: the SVG's viewBox, or the canvas's pixels.
    const shows = () => page.evaluate((selector) => Object.fromEntries(['shown', 'tab', 'details', 'dialog'].map((id) => {
      const drawing = document.getElementById(id).shadowRoot.querySelector(selector);
      const box = drawing.getBoundingClientRect();
      const picture = drawing.tagName === 'svg' ? drawing.getAttribute('viewBox') : drawing.toDataURL();
      return [id, { size: `${Math.round(box.width)}x${Math.round(box.height)}`, picture }];
    })), surface);
    await page.waitForFunction(async (selector) => {
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return ['tab', 'details', 'dialog'].every((id) => document.getElementById(id).shadowRoot.querySelector(selector).getBoundingClientRect().width > 100);
    }, surface);
    await page.waitForTimeout(400);
    const seen = await shows();
    assert.ok(Number(seen.shown.size.split('x')[0]) > 800, `${view}: the visible widget's drawing is ${seen.shown.size}`);
    for (const id of ['tab', 'details', 'dialog']) {
      assert.equal(seen[id].size, seen.shown.size, `${view} in ${id}: the drawing's size`);
      assert.ok(seen[id].picture === seen.shown.picture, `${view} in ${id}: shows what the visible widget shows${surface.startsWith('svg') ? ` (viewBox ${seen[id].picture}, visible ${seen.shown.picture})` : ''}`);
    }
    if (view === 'map') await screenshot(page, 'embed-hidden-then-shown');
    assertClean(problems);
    await context.close();
  }
});

test('in a portal\'s 1,000 px column and on a tablet the zoom buttons leave every stage header readable, also after fit', async () => {
  for (const width of [1000, 900, 768]) {
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${BASE}/examples/static/`);
    await page.waitForFunction(() => document.querySelector('lian-map').shadowRoot?.querySelector('[data-kind="link"]'));
    const overlaps = () => page.evaluate(() => {
      const root = document.querySelector('lian-map').shadowRoot;
      const zoom = root.querySelector('.lm-zoom').getBoundingClientRect();
      const svg = root.querySelector('svg.lm-chain-svg').getBoundingClientRect();
      const headers = [...root.querySelectorAll('.lm-stage-band text')].map((t) => ({ name: t.textContent, box: t.getBoundingClientRect() }));
      const inView = headers.filter(({ box }) => box.left >= svg.left && box.right <= svg.right && box.top >= svg.top);
      const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      return { headers: headers.length, inView: inView.length, covered: inView.filter(({ box }) => hit(box, zoom)).map((h) => h.name) };
    });
    const first = await overlaps();
    assert.ok(first.headers >= 3 && first.inView >= 2, `${width}px: stage headers in view: ${JSON.stringify(first)}`);
    assert.deepEqual(first.covered, [], `${width}px: headers under the zoom buttons in the first view`);
    await page.locator('lian-map .lm-zoom button').last().click(); // fit
    await page.waitForTimeout(100);
    const fitted = await overlaps();
    assert.equal(fitted.inView, fitted.headers, `${width}px: after fit every header is in view`);
    assert.deepEqual(fitted.covered, [], `${width}px: headers under the zoom buttons after fit`);
    await context.close();
  }
});

test('a height from the page (`lian-map { height: 600px }`) holds: the bars keep their size and each view\'s drawing takes the rest', async () => {
  const SRC = 'src="/sample/nev-guangxi.json" geo="/geo/guangxi.json"';
  for (const [view, attributes, drawing] of [
    ['chain (SVG)', SRC, 'svg.lm-chain-svg'],
    ['chain (canvas)', `${SRC} renderer="canvas"`, 'canvas.lm-chain-surface'],
    ['map', `${SRC} view="map"`, 'canvas.lm-map-surface'],
    ['split', `${SRC} view="split"`, 'canvas.lm-map-surface'],
    ['table', `${SRC} view="table"`, '.lm-table-view'],
  ]) {
    const { page, problems, context } = await openWithWidgets(
      '#fixed { height: 600px } #free { margin-top: 20px }',
      `<lian-map id="fixed" ${attributes}></lian-map><lian-map id="free" ${attributes}></lian-map><p id="after">after</p>`,
      ['fixed', 'free'],
    );
    await page.waitForTimeout(500);
    const boxes = await page.evaluate((selector) => Object.fromEntries(['fixed', 'free'].map((id) => {
      const host = document.getElementById(id);
      const root = host.shadowRoot;
      const box = (e) => { const r = e.getBoundingClientRect(); return { top: Math.round(r.top), bottom: Math.round(r.bottom), height: Math.round(r.height) }; };
      const inside = [...root.querySelectorAll('.lm-root *')].filter((e) => !(e instanceof SVGElement) && !e.closest('.lm-scroll, .lm-table-view, .lm-detail, .lm-split, details:not([open])') && getComputedStyle(e).position !== 'absolute');
      return [id, { host: box(host), drawing: box(root.querySelector(selector)), lowest: Math.max(...inside.map((e) => Math.round(e.getBoundingClientRect().bottom))) }];
    })), drawing);
    const { fixed, free } = boxes;
    assert.equal(fixed.host.height, 600, `${view}: the element keeps the page's height`);
    assert.ok(fixed.lowest <= fixed.host.bottom, `${view}: nothing is cut off at the bottom (${JSON.stringify(boxes)})`);
    assert.ok(fixed.drawing.height >= 160 && fixed.drawing.bottom <= fixed.host.bottom, `${view}: the drawing fits (${JSON.stringify(fixed)})`);
    assert.ok(free.host.height > 600 && free.drawing.height >= fixed.drawing.height, `${view}: without a height the widget is as tall as its content (${JSON.stringify(free)})`);
    if (view === 'map') await screenshot(page, 'embed-page-height');
    assertClean(problems);
    await context.close();
  }
});

test('on a 320 px phone every button keeps its label on one line (zh-CN, zh-TW, en)', async () => {
  const context = await browser.newContext({ viewport: { width: 320, height: 700 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(`${BASE}/examples/static/`);
  await page.waitForFunction(() => document.querySelector('lian-map').shadowRoot?.querySelector('[data-kind="link"]'));
  for (const lang of ['zh-CN', 'zh-TW', 'en']) {
    await page.evaluate((l) => document.querySelector('lian-map').setAttribute('lang', l), lang);
    await page.waitForTimeout(200);
    const tall = await page.evaluate(() => [...document.querySelector('lian-map').shadowRoot.querySelectorAll('.lm-toolbar .lm-button, .lm-zoom .lm-button')]
      .map((b) => ({ text: b.textContent, height: Math.round(b.getBoundingClientRect().height) }))
      .filter((b) => b.height > 34));
    assert.deepEqual(tall, [], `${lang}: buttons whose label wrapped`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 320), `${lang}: nothing overflows the phone`);
  }
  await context.close();
});

/** Every request a page makes, as same-origin paths (or full URLs for other origins). */
function recordRequests(page, into) {
  page.on('request', (r) => {
    const url = new URL(r.url());
    into.push(url.origin === new URL(BASE).origin ? url.pathname : r.url());
  });
}

test('requests: the static example and the legacy portal fetch only the page, its assets, dist/ and the URLs given to the widget', async () => {
  const DIST = ['/dist/lianmap.js', '/dist/lianmap_core.js', '/dist/lianmap_bg.wasm'];
  const cases = [
    { path: '/examples/static/', id: null, allowed: ['/examples/static/', ...DIST, '/sample/nev-guangxi.json'] },
    {
      path: PORTAL,
      id: 'portal-map',
      allowed: [PORTAL, `${PORTAL}portal.css`, `${PORTAL}portal.js`, '/vendor/jquery.min.js', ...DIST,
        '/sample/nev-guangxi.json', '/geo/guangxi.json'],
    },
  ];
  for (const { path, id, allowed } of cases) {
    const requests = [];
    const { page, problems, context } = await open(path, async (p) => recordRequests(p, requests));
    await waitForEvent(page, 'lianmap-ready', id);
    const selector = id ? `lian-map#${id}` : 'lian-map';
    await page.locator(`${selector} g[data-kind="link"][data-id="cells"]`).click();
    await page.locator(`${selector} [data-lianmap="detail"]`).waitFor();
    await page.evaluate((s) => document.querySelector(s).select('e001'), selector);
    await page.evaluate((s) => document.querySelector(s).setAttribute('view', 'map'), selector);
    await page.waitForTimeout(500);
    if (id) await page.locator(`${selector} canvas.lm-map-surface`).waitFor();
    await page.evaluate((s) => document.querySelector(s).setAttribute('view', 'table'), selector);
    await page.waitForTimeout(300);
    const unexpected = requests.filter((r) => !allowed.includes(r));
    assert.deepEqual(unexpected, [], `${path}: requests beyond the page, its assets, dist/ and src/geo (all: ${requests.join(', ')})`);
    for (const must of allowed) assert.ok(requests.includes(must), `${path} loaded ${must}`);
    assertClean(problems);
    await context.close();
  }
});

test('two maps on one page: each fires its own ready and select, and a selection in one leaves the other alone', async () => {
  const { page, problems, context } = await open('/examples/two-maps/');
  const [chainReady] = await waitForEvent(page, 'lianmap-ready', 'chain');
  const [parkReady] = await waitForEvent(page, 'lianmap-ready', 'park');
  assert.ok(chainReady.detail.links >= 40, `chain links: ${chainReady.detail.links}`);
  assert.equal(parkReady.detail.links, 5, 'the park document has its own five links');
  assert.equal(await page.evaluate(() => window.__lianmapEvents.filter((e) => e.type === 'lianmap-ready').length), 2,
    'one lianmap-ready per element');
  await page.locator('lian-map#park canvas.lm-map-surface').waitFor();
  assert.equal(await page.locator('lian-map#chain g[data-kind="link"]').count(), chainReady.detail.links);

  const selected = (id) => page.evaluate((i) => {
    const root = document.getElementById(i).shadowRoot;
    return {
      nodes: [...root.querySelectorAll('.lm-node.lm-selected')].map((n) => n.dataset.id),
      detail: root.querySelector('[data-lianmap="detail"]') ? (root.querySelector('[data-lianmap="detail"]').dataset.kind ?? 'link') : null,
    };
  }, id);
  const selects = () => page.evaluate(() => window.__lianmapEvents
    .filter((e) => e.type === 'lianmap-select').map((e) => `${e.id} ${e.detail.kind} ${e.detail.id}`));

  // Both documents have a link "cells": a click on it in the chain selects it there only.
  await page.locator('lian-map#chain g[data-kind="link"][data-id="cells"]').click();
  await page.locator('lian-map#chain [data-lianmap="detail"]').waitFor();
  assert.deepEqual(await selects(), ['chain link cells']);
  assert.deepEqual(await selected('chain'), { nodes: ['cells'], detail: 'link' });
  assert.deepEqual(await selected('park'), { nodes: [], detail: null }, 'the park map has no selection');
  assert.match(await page.locator('#chain-picked').textContent(), /link: cells/);
  assert.equal(await page.locator('#park-picked').textContent(), '—');

  // An enterprise picked on the park map: only the park fires, the chain keeps its selection.
  const parkEnterprise = readJson('www/sample/park-demo.json').enterprises[0].id;
  assert.ok(await page.evaluate((e) => document.getElementById('park').select(e), parkEnterprise));
  await page.locator('lian-map#park [data-lianmap="detail"]').waitFor();
  assert.deepEqual(await selects(), ['chain link cells', `park enterprise ${parkEnterprise}`]);
  assert.deepEqual(await selected('chain'), { nodes: ['cells'], detail: 'link' }, 'the chain keeps its selection');
  assert.equal(await page.evaluate((e) => document.getElementById('chain').select(e), parkEnterprise), false,
    'the chain does not know the park\'s enterprise');

  // Clearing one clears only that one.
  await page.evaluate(() => document.getElementById('chain').clearSelection());
  await page.waitForTimeout(200);
  assert.deepEqual(await selected('chain'), { nodes: [], detail: null });
  assert.equal((await selected('park')).detail, 'enterprise', 'the park keeps its selection');
  await screenshot(page, 'embed-two-maps');
  assertClean(problems);
  await context.close();
});

test('fallback: the pre-rendered SVG shows until the widget is ready, then only the widget shows', async () => {
  let release;
  const gate = new Promise((resolve) => { release = resolve; });
  const { page, problems, context } = await open('/examples/fallback/', async (p) => {
    await p.route('**/dist/lianmap_bg.wasm', async (route) => { await gate; await route.continue(); });
  });
  const fallback = page.locator('lian-map#chain > img.lianmap-fallback');
  await page.waitForFunction(() => document.querySelector('img.lianmap-fallback').complete);
  const before = await fallback.boundingBox();
  assert.ok(before && before.width >= 600 && before.height >= 400, `the fallback is shown while loading: ${JSON.stringify(before)}`);
  assert.ok(await fallback.evaluate((img) => img.naturalWidth > 0), 'the fallback SVG loaded');
  assert.equal(await page.evaluate(() => document.getElementById('chain').shadowRoot), null, 'the widget has not started');
  await screenshot(page, 'embed-fallback-loading');

  release();
  await waitForEvent(page, 'lianmap-ready', 'chain');
  assert.equal(await fallback.boundingBox(), null, 'the fallback is not rendered once the shadow root exists');
  assert.equal(await fallback.isVisible(), false);
  const node = await page.locator('lian-map#chain g[data-kind="link"][data-id="cells"]').boundingBox();
  assert.ok(node && node.width > 10, 'the widget\'s chain is shown');
  await screenshot(page, 'embed-fallback-ready');
  assertClean(problems);
  await context.close();
});

test('fallback: when the WebAssembly cannot load, lianmap-error fires and the fallback stays', async () => {
  const { page, context } = await open('/examples/fallback/', async (p) => {
    await p.route('**/dist/lianmap_bg.wasm', (route) => route.abort());
  });
  const [error] = await waitForEvent(page, 'lianmap-error', 'chain');
  assert.match(error.detail.errors[0].message, /could not start/);
  const shown = await page.locator('lian-map#chain > img.lianmap-fallback').boundingBox();
  assert.ok(shown && shown.width >= 600, `the fallback is still shown: ${JSON.stringify(shown)}`);
  await context.close();
});

/**
 * The sample document with every name, description and title, and every website, taken from
 * the hostile corpus (cycling through it), and GeoJSON with hostile region names.
 */
function hostileDocument(corpus) {
  const doc = readJson('www/sample/nev-guangxi.json');
  let i = 0;
  const next = () => corpus[i++ % corpus.length];
  doc.meta.title = next();
  doc.meta.source = next();
  for (const s of doc.stages) s.name = next();
  for (const l of doc.links) { l.name = next(); l.description = next(); }
  for (const e of doc.enterprises) { e.name = next(); e.url = next(); }
  for (const p of doc.parks) { p.name = next(); p.url = next(); }
  for (const p of doc.projects ?? []) p.name = next();
  for (const o of doc.opportunities ?? []) { o.title = next(); o.description = next(); o.url = next(); }
  const geo = readJson('www/geo/guangxi.json');
  for (const f of geo.features) f.properties.name = next();
  return { doc, geo };
}

/**
 * The element's exportSvg() parsed by DOMParser; with `clean`, characters XML 1.0 forbids are
 * replaced by U+FFFD first.
 */
function exportedSvg(page, clean) {
  return page.evaluate((replace) => {
    let text = document.querySelector('lian-map').exportSvg();
    // eslint-disable-next-line no-control-regex
    if (replace) text = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd');
    const parsed = new DOMParser().parseFromString(text, 'image/svg+xml');
    const all = [...parsed.querySelectorAll('*')];
    return {
      error: parsed.querySelector('parsererror')?.textContent ?? null,
      root: parsed.documentElement.localName,
      scripts: parsed.getElementsByTagName('script').length + parsed.getElementsByTagName('foreignObject').length,
      handlers: all.flatMap((n) => [...n.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${n.localName} ${a.name}`)),
      badUrls: all.flatMap((n) => [...n.attributes].filter((a) => /href$/i.test(a.name) && !/^#/.test(a.value)).map((a) => a.value)),
      namespaces: [...new Set(all.map((n) => n.namespaceURI))],
      labels: Object.fromEntries(all.filter((n) => n.getAttribute('data-kind') === 'link')
        .map((g) => [g.getAttribute('data-id'), [...g.querySelectorAll('text')].filter((t) => t.getAttribute('aria-hidden') !== 'true').map((t) => t.textContent).join('')])),
    };
  }, clean);
}

/**
 * Each link's drawn label is the start of its name, as text (line breaks at spaces, a final …;
 * control characters may be dropped and U+FFFE/U+FFFF shown as U+FFFD).
 */
function assertLabels(doc, labels, where) {
  // eslint-disable-next-line no-control-regex
  const squeeze = (text) => text.replace(/[\s\u0000-\u001f]+/g, '').replace(/[\ufffe\uffff]/g, '\ufffd');
  for (const l of doc.links) {
    const label = labels[l.id];
    assert.equal(typeof label, 'string', `${where}: link ${l.id} is drawn`);
    const shown = squeeze(label).replace(/…$/, '');
    assert.ok(shown.length > 0 && squeeze(l.name).startsWith(shown), `${where}: ${l.id} shows ${JSON.stringify(label)} for ${JSON.stringify(l.name.slice(0, 80))}`);
  }
}

/** What the shadow root holds that the widget did not mean to make. */
function shadowAudit(page) {
  return page.evaluate(() => {
    const root = document.querySelector('lian-map').shadowRoot;
    const all = [...root.querySelectorAll('*')];
    return {
      elements: all.length,
      foreign: all.filter((n) => n.matches('img, script, iframe, object, embed, base, meta, link, style, math, template, foreignObject, input[autofocus], details[ontoggle]'))
        .map((n) => n.outerHTML.slice(0, 120)),
      handlers: all.flatMap((n) => [...n.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${n.tagName} ${a.name}`)),
      styleAttributes: all.filter((n) => n.hasAttribute('style')).map((n) => `${n.tagName} ${n.getAttribute('style')}`),
      links: [...root.querySelectorAll('a')].map((a) => ({
        href: a.getAttribute('href'), protocol: a.protocol, rel: a.rel, target: a.target,
      })),
      badUrls: all.flatMap((n) => [...n.attributes]
        .filter((a) => /(^|:)(href|src|action|formaction|data)$/i.test(a.name) && /^\s*(javascript|data|vbscript):/i.test(a.value))
        .map((a) => `${n.tagName} ${a.name}=${a.value}`)),
      text: root.textContent,
      xss: window.__xss ?? null,
    };
  });
}

test('XSS corpus: hostile names, descriptions and links from the data stay text, and no link leaves http(s)', async () => {
  const corpus = readJson('tests/fixtures/xss-names.json');
  assert.ok(corpus.length >= 30, `corpus size ${corpus.length}`);
  const { doc, geo } = hostileDocument(corpus);
  const requests = [];
  const { page, problems, context } = await open('/examples/static/', async (p) => recordRequests(p, requests));
  await waitForEvent(page, 'lianmap-ready');
  await page.evaluate(([d, g]) => {
    window.__lianmapEvents = [];
    const el = document.querySelector('lian-map');
    el.geo = g;
    el.data = d;
  }, [doc, geo]);
  const [ready] = await waitForEvent(page, 'lianmap-ready');
  assert.equal(ready.detail.links, doc.links.length, 'every link is drawn');
  assert.equal(ready.detail.enterprises, doc.enterprises.length, 'every enterprise is kept');
  // Only the non-http(s) websites are errors (each costs just that value).
  const errors = await page.evaluate(() => window.__lianmapEvents.filter((e) => e.type === 'lianmap-error').flatMap((e) => e.detail.errors));
  const notUrl = errors.filter((e) => e.severity === 'error' && !/^(enterprises|parks|opportunities)\[\d+\]\.url$/.test(e.path));
  assert.deepEqual(notUrl, [], 'no error other than refused websites');
  assert.ok(errors.some((e) => /javascript/i.test(JSON.stringify(e)) || e.path.endsWith('.url')), 'javascript: websites are refused');

  const views = [];
  const audit = async (label) => {
    await page.waitForTimeout(250);
    const found = await shadowAudit(page);
    views.push(label);
    assert.equal(found.xss, null, `${label}: a payload ran`);
    assert.deepEqual(found.foreign, [], `${label}: elements from the payloads`);
    assert.deepEqual(found.handlers, [], `${label}: on* attributes`);
    assert.deepEqual(found.badUrls, [], `${label}: javascript:/data: URLs in attributes`);
    for (const link of found.links) {
      assert.match(link.href, /^https?:\/\//i, `${label}: link ${JSON.stringify(link)}`);
      assert.ok(['http:', 'https:'].includes(link.protocol), `${label}: link ${JSON.stringify(link)}`);
      assert.ok(link.rel.split(/\s+/).includes('noopener') && link.rel.split(/\s+/).includes('noreferrer'), `${label}: rel of ${link.href}`);
      assert.equal(link.target, '_blank', `${label}: target of ${link.href}`);
    }
    return found;
  };

  // The chain: every box's label is its link's name as literal text (wrapped, maybe shortened with …).
  await audit('chain');
  const labels = await page.evaluate(() => Object.fromEntries([...document.querySelector('lian-map').shadowRoot
    .querySelectorAll('g[data-kind="link"]')].map((g) => [g.dataset.id, [...g.querySelector('text').querySelectorAll('tspan')].map((t) => t.textContent).join('')])));
  assertLabels(doc, labels, 'chain');
  // A link's panel (names, descriptions, enterprises), then each enterprise's panel with its website.
  await page.locator('lian-map g[data-kind="link"]').first().click();
  await page.locator('lian-map [data-lianmap="detail"]').waitFor();
  await audit('link panel');
  let shownLinks = 0;
  for (const e of doc.enterprises.slice(0, corpus.length + 5)) {
    assert.ok(await page.evaluate((id) => document.querySelector('lian-map').select(id), e.id), `select ${e.id}`);
    await page.locator('lian-map [data-lianmap="detail"][data-kind="enterprise"]').waitFor();
    const found = await audit(`enterprise ${e.id}`);
    assert.ok(found.text.includes(e.name) || /[\u0000-\u001f\u007f]/.test(e.name), `enterprise name shown as text: ${JSON.stringify(e.name)}`);
    const isWeb = /^https?:\/\/[^\s/?#]*[^\s/?#:@][^\s]*$/i.test(e.url) && !/[\u0000-\u001f\u007f]/.test(e.url);
    if (!isWeb) assert.equal(found.links.length, 0, `${e.id}: no link for the website ${JSON.stringify(e.url)}`);
    shownLinks += found.links.length;
  }
  assert.ok(shownLinks >= 3, `http(s) websites with hostile characters are still links (${shownLinks})`);

  // The table, the map (region, park panels) and the split view.
  await page.evaluate(() => document.querySelector('lian-map').setAttribute('view', 'table'));
  await page.locator('lian-map [data-lianmap="table"] tr[data-id]').first().waitFor();
  const table = await audit('table');
  for (const l of doc.links) {
    if (/[\u0000-\u001f\u007f]/.test(l.name)) continue;
    assert.ok(table.text.includes(l.name), `table shows ${JSON.stringify(l.name.slice(0, 60))}`);
  }
  await page.evaluate(() => document.querySelector('lian-map').setAttribute('view', 'map'));
  await page.locator('lian-map canvas.lm-map-surface').waitFor();
  await audit('map');
  for (const f of geo.features.slice(0, 4)) {
    assert.ok(await page.evaluate((id) => document.querySelector('lian-map').select(id), f.properties.adcode), `select region ${f.properties.adcode}`);
    await audit(`region ${f.properties.adcode}`);
  }
  for (const p of doc.parks.slice(0, 4)) {
    assert.ok(await page.evaluate((id) => document.querySelector('lian-map').select(id), p.id), `select park ${p.id}`);
    await audit(`park ${p.id}`);
  }
  await page.evaluate(() => document.querySelector('lian-map').setAttribute('view', 'split'));
  await audit('split');
  await screenshot(page, 'embed-xss');

  // The exported SVG holds no markup from the payloads. (Characters that XML forbids are replaced
  // here before parsing; that the raw export parses is the next test.)
  const svg = await exportedSvg(page, true);
  assert.equal(svg.error, null, 'the exported SVG parses');
  assert.equal(svg.root, 'svg');
  assert.equal(svg.scripts, 0, 'no script or foreignObject');
  assert.deepEqual(svg.handlers, [], 'no on* attributes');
  assert.deepEqual(svg.badUrls, [], 'no links out of the SVG');
  assert.deepEqual(svg.namespaces, ['http://www.w3.org/2000/svg'], 'only SVG elements');
  assertLabels(doc, svg.labels, 'exported SVG');

  assert.equal(await page.evaluate(() => window.__xss ?? null), null, 'no payload ran');
  assert.deepEqual(requests.filter((r) => !r.startsWith('/')), [], 'no request to another origin');
  assert.deepEqual(problems.dialogs, [], 'no dialog');
  assert.deepEqual(problems.page, [], 'page errors');
  assert.ok(views.length > 10);
  await context.close();
});

test('XSS corpus: exportSvg() of the hostile document is well-formed XML', async () => {
  const { doc, geo } = hostileDocument(readJson('tests/fixtures/xss-names.json'));
  const { page, context } = await open('/examples/static/');
  await waitForEvent(page, 'lianmap-ready');
  await page.evaluate(([d, g]) => {
    window.__lianmapEvents = [];
    const el = document.querySelector('lian-map');
    el.geo = g;
    el.data = d;
  }, [doc, geo]);
  await waitForEvent(page, 'lianmap-ready');
  const chain = await exportedSvg(page, false);
  assert.equal(chain.error, null, 'the exported chain parses as it is');
  await page.evaluate(() => document.querySelector('lian-map').setAttribute('view', 'split'));
  await page.locator('lian-map canvas.lm-map-surface').waitFor();
  const split = await exportedSvg(page, false);
  assert.equal(split.error, null, 'the exported split view parses as it is');
  await context.close();
});

test('a lone UTF-16 surrogate in one name (a string cut in the middle of an emoji) costs at most that name', async () => {
  const doc = readJson('www/sample/nev-guangxi.json');
  const { page, context } = await open('/examples/static/');
  await waitForEvent(page, 'lianmap-ready');
  await page.evaluate((d) => {
    window.__lianmapEvents = [];
    d.enterprises[0].name = `${d.enterprises[0].name['zh-CN'].slice(0, 4)}\ud83d`;
    document.querySelector('lian-map').data = d;
  }, doc);
  await page.waitForFunction(() => window.__lianmapEvents.some((e) => e.type === 'lianmap-ready' || e.type === 'lianmap-error'));
  const events = await page.evaluate(() => window.__lianmapEvents.map((e) => ({ type: e.type, detail: e.detail })));
  const ready = events.find((e) => e.type === 'lianmap-ready');
  assert.ok(ready, `the document is still drawn: ${JSON.stringify(events).slice(0, 400)}`);
  assert.equal(ready.detail.links, doc.links.length);
  await context.close();
});

test('quirks mode: a page without a doctype (old CMS templates) draws the chain and the split view as in standards mode', async () => {
  const page404 = '/examples/legacy-portal/quirks.html';
  const { page, problems, context } = await open(page404, async (p) => {
    await p.route(`**${page404}`, (route) => route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: '<html><head><meta charset="utf-8"><script type="module" src="/dist/lianmap.js"></script>'
        + '<link rel="stylesheet" href="portal.css"></head><body><table width="100%"><tr><td width="200">导航</td><td>'
        + '<lian-map id="q" src="/sample/nev-guangxi.json" geo="/geo/guangxi.json"></lian-map></td></tr></table></body></html>',
    }));
  });
  assert.equal(await page.evaluate(() => document.compatMode), 'BackCompat');
  await waitForEvent(page, 'lianmap-ready', 'q');
  const chain = await page.locator('#q .lm-chain-svg').boundingBox();
  assert.ok(chain && chain.width >= 600 && chain.height >= 400, `the chain: ${JSON.stringify(chain)}`);
  const font = await page.evaluate(() => getComputedStyle(document.getElementById('q').shadowRoot.querySelector('.lm-title')).fontSize);
  assert.ok(parseFloat(font) < 24, `the title keeps the widget's size (${font})`);
  await page.evaluate(() => document.getElementById('q').setAttribute('view', 'split'));
  await page.locator('#q canvas.lm-map-surface').waitFor();
  const map = await page.locator('#q canvas.lm-map-surface').boundingBox();
  assert.ok(map && map.width >= 300 && map.height >= 200, `the map: ${JSON.stringify(map)}`);
  await screenshot(page, 'embed-quirks');
  assertClean(problems);
  await context.close();
});
