// The investment heat map: the demo's Guangxi boundaries drawn as a choropleth with parks and
// projects; regions and parks picked by mouse, touch and keyboard; the region panel; linking both
// ways with the chain (a link narrows the map, a region recolours the chain); layers; the split
// view side by side and stacked; exportSvg with a group per region and park; an axe audit.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { assertClean, launch, openPage, screenshot, waitForEvent } from './helpers.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const CITIES = ['450100', '450200', '450300', '450400', '450500', '450600', '450700', '450800', '450900',
  '451000', '451100', '451200', '451300', '451400'];

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function openMap(options = {}, view = 'map') {
  const opened = await openPage(browser, '/', options);
  await waitForEvent(opened.page, 'lianmap-ready', 'demo');
  await opened.page.evaluate((v) => document.getElementById('demo').setAttribute('view', v), view);
  await opened.page.locator('lian-map#demo canvas.lm-map-surface').waitFor();
  await opened.page.waitForTimeout(300);
  return opened;
}

/** How much of the map canvas is drawn, and a hash of it. */
function fingerprint(page) {
  return page.evaluate(() => {
    const canvas = document.getElementById('demo').shadowRoot.querySelector('canvas.lm-map-surface');
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let hash = 0;
    let inked = 0;
    for (let i = 0; i < data.length; i += 16) {
      hash = (hash * 31 + data[i] + data[i + 1] * 7 + data[i + 2] * 13) | 0;
      if (data[i] + data[i + 1] + data[i + 2] < 740) inked += 1;
    }
    return { hash, inked: inked / (data.length / 16) };
  });
}

/** Hovers a grid of points until the tooltip starts with `prefix` (or one of several); returns
 * that point and the tooltip. */
async function pointOver(page, prefix) {
  const prefixes = Array.isArray(prefix) ? prefix : [prefix];
  const surface = page.locator('lian-map#demo canvas.lm-map-surface');
  const box = await surface.boundingBox();
  const tip = page.locator('lian-map#demo .lm-map-stage .lm-tip');
  for (let y = 0.08; y < 0.95; y += 0.035) {
    for (let x = 0.05; x < 0.95; x += 0.025) {
      const point = { x: box.x + box.width * x, y: box.y + box.height * y };
      await page.mouse.move(point.x, point.y);
      if ((await tip.getAttribute('hidden')) !== null) continue;
      const text = await tip.textContent();
      if (prefixes.some((p) => text.startsWith(p))) return { ...point, text };
    }
  }
  throw new Error(`nothing under the pointer starts with ${prefix}`);
}

const selections = (page) => page.evaluate(() => window.__lianmapEvents.filter((e) => e.type === 'lianmap-select'));

test('view="map" draws the boundaries, and a region picked by mouse opens its panel and recolours the chain', async () => {
  const { page, problems, context } = await openMap();
  const drawn = await fingerprint(page);
  assert.ok(drawn.inked > 0.1, `the map covers the canvas (${drawn.inked})`);
  const legend = page.locator('lian-map#demo .lm-map-legend');
  assert.ok((await legend.locator('li').count()) >= 6, 'classes, no data, parks and statuses in the legend');
  await screenshot(page, 'map');
  // The fixture's self-touching rings are drawn and listed as warnings with their JSON paths.
  const warnings = page.locator('lian-map#demo [data-lianmap="errors"][role="status"]');
  await warnings.waitFor();
  assert.match(await warnings.textContent(), /geo: features\[\d+\]\.geometry\.coordinates/);

  const liuzhou = await pointOver(page, '柳州市');
  assert.match(await page.locator('lian-map#demo .lm-map-stage .lm-tip').textContent(), /本地企业数 \d+/);
  await page.mouse.click(liuzhou.x, liuzhou.y);
  await page.locator('lian-map#demo [data-lianmap="region-detail"][data-region="450200"]').waitFor();
  const last = (await selections(page)).at(-1);
  assert.deepEqual(last.detail, { id: '450200', kind: 'region' });
  assert.ok(last.bubbles && last.composed);
  const panel = page.locator('lian-map#demo [data-lianmap="region-detail"]');
  assert.match(await panel.locator('h3').textContent(), /柳州市/);
  assert.ok((await panel.locator('[data-lianmap="covers"]').textContent()).length > 2, 'links present listed');
  assert.ok(await panel.locator('.lm-enterprise-list li').count() > 0, 'its enterprises listed');

  // The chain now shows Liuzhou's gaps: some link strong for Guangxi is missing in Liuzhou.
  const whole = await page.evaluate(() => {
    const el = document.getElementById('demo');
    el.setAttribute('view', 'chain');
    return null;
  });
  assert.equal(whole, null);
  await page.locator('lian-map#demo g[data-kind="link"]').first().waitFor();
  const regional = await page.evaluate(() => Object.fromEntries([...document.getElementById('demo').shadowRoot
    .querySelectorAll('g[data-kind="link"]')].map((g) => [g.dataset.id, g.dataset.gap])));
  await page.evaluate(() => document.getElementById('demo').shadowRoot.querySelector('[data-lianmap="region-detail"] button').click());
  await page.waitForFunction(() => !document.getElementById('demo').shadowRoot.querySelector('[data-lianmap="region-detail"]'));
  const overall = await page.evaluate(() => Object.fromEntries([...document.getElementById('demo').shadowRoot
    .querySelectorAll('g[data-kind="link"]')].map((g) => [g.dataset.id, g.dataset.gap])));
  const changed = Object.keys(overall).filter((id) => overall[id] !== regional[id]);
  assert.ok(changed.length > 0, 'a region recolours the chain');
  assert.ok(changed.every((id) => overall[id] !== 'missing' || regional[id] === 'missing'),
    'a link missing in Guangxi is missing in Liuzhou too');
  assertClean(problems);
  await context.close();
});

test('exportSvg gives a group per region and park; a selected link narrows the map to its items', async () => {
  const { page, problems, context } = await openMap();
  const svg = await page.evaluate(() => document.getElementById('demo').exportSvg());
  for (const id of CITIES) assert.ok(svg.includes(`<g data-kind="region" data-id="${id}">`), id);
  const parks = (s) => (s.match(/data-kind="park"/g) ?? []).length;
  const all = await page.evaluate(async () => (await fetch('sample/nev-guangxi.json')).json());
  assert.equal(parks(svg), all.parks.length, 'every park');
  const wellFormed = await page.evaluate((text) =>
    new DOMParser().parseFromString(text, 'image/svg+xml').querySelector('parsererror') === null, svg);
  assert.ok(wellFormed, 'well-formed SVG');

  // select() reaches map items too: a region, a park, a project; clearSelection clears them.
  const pick = (id) => page.evaluate((i) => document.getElementById('demo').select(i), id);
  assert.equal(await pick('450300'), true);
  await page.locator('lian-map#demo [data-lianmap="region-detail"][data-region="450300"]').waitFor();
  assert.deepEqual((await selections(page)).at(-1).detail, { id: '450300', kind: 'region' });
  assert.equal(await pick(all.parks[0].id), true);
  await page.locator(`lian-map#demo [data-lianmap="pick-detail"][data-kind="park"][data-id="${all.parks[0].id}"]`).waitFor();
  assert.equal(await pick(all.projects[0].id), true);
  assert.deepEqual((await selections(page)).at(-1).detail, { id: all.projects[0].id, kind: 'project' });
  assert.equal(await pick('no-such-thing'), false);
  await page.evaluate(() => document.getElementById('demo').clearSelection());
  await page.waitForFunction(() => !document.getElementById('demo').shadowRoot.querySelector('[data-lianmap="pick-detail"], [data-lianmap="region-detail"]'));
  // exportPng gives the map as drawn (the canvas's own pixels), under the strict CSP.
  const png = await page.evaluate(async () => {
    // The canvas's size when the export is asked for (the page may still be settling its layout).
    const canvas = document.getElementById('demo').shadowRoot.querySelector('canvas.lm-map-surface');
    const size = [canvas.width, canvas.height];
    const blob = await document.getElementById('demo').exportPng();
    const bitmap = await createImageBitmap(blob);
    return { type: blob.type, size: [bitmap.width, bitmap.height], canvas: size };
  });
  assert.equal(png.type, 'image/png');
  assert.deepEqual(png.size, png.canvas);
  // Picking a link on the chain (here through select) keeps only its parks and projects.
  await page.evaluate(() => document.getElementById('demo').select('passenger'));
  await page.waitForTimeout(200);
  const narrowed = await page.evaluate(() => document.getElementById('demo').exportSvg());
  const onLink = all.parks.filter((p) => p.links.includes('passenger')).length;
  assert.equal(parks(narrowed), onLink);
  assert.ok(onLink < all.parks.length);
  const before = await fingerprint(page);
  await page.evaluate(() => document.getElementById('demo').clearSelection());
  await page.waitForTimeout(200);
  assert.notEqual((await fingerprint(page)).hash, before.hash, 'the map redraws with all items');
  assertClean(problems);
  await context.close();
});

test('layers, metrics and the time slider change what is drawn', async () => {
  const { page, problems, context } = await openMap();
  const map = page.locator('lian-map#demo');
  let last = await fingerprint(page);
  const changes = async (what) => {
    await page.waitForTimeout(150);
    const now = await fingerprint(page);
    assert.notEqual(now.hash, last.hash, what);
    last = now;
  };
  await map.locator('.lm-layers label', { hasText: '热力' }).locator('input').check();
  await changes('heat on');
  await map.locator('.lm-layers label', { hasText: '区域流向' }).locator('input').check();
  await changes('flows on');
  await map.locator('.lm-layers label', { hasText: '分级设色' }).locator('input').uncheck();
  await changes('choropleth off');
  await map.locator('.lm-layers label', { hasText: '分级设色' }).locator('input').check();
  await map.locator('.lm-map-controls select').first().selectOption('coverage');
  await changes('coverage metric');
  assert.match(await map.locator('.lm-map-legend h4').first().textContent(), /覆盖率/);
  await map.locator('.lm-layers label', { hasText: '热力' }).locator('input').uncheck();
  await map.locator('.lm-layers label', { hasText: '区域流向' }).locator('input').uncheck();
  await changes('heat and flows off');
  const slider = map.locator('.lm-time input[type="range"]');
  await slider.fill('0');
  await changes('only the first month of projects');
  assert.match(await map.locator('.lm-time output').textContent(), /^\d{4}-\d{2}$/);
  await screenshot(page, 'map-layers');
  // Play replays the pipeline a month at a time; leaving the view while it plays is harmless.
  await slider.fill(String(Number(await slider.getAttribute('max'))));
  const play = map.locator('.lm-time button');
  await play.click();
  const first = await map.locator('.lm-time output').textContent();
  await page.waitForFunction((was) => document.getElementById('demo').shadowRoot
    .querySelector('.lm-time output').textContent !== was, first, { timeout: 5_000 });
  const second = await map.locator('.lm-time output').textContent();
  await page.waitForFunction((was) => document.getElementById('demo').shadowRoot
    .querySelector('.lm-time output').textContent !== was, second, { timeout: 5_000 });
  const third = await map.locator('.lm-time output').textContent();
  assert.ok(first < second && second < third, `months advance: ${first}, ${second}, ${third}`);
  assert.equal(await play.getAttribute('aria-pressed'), 'true');
  await page.evaluate(() => document.getElementById('demo').setAttribute('view', 'chain'));
  await page.waitForTimeout(1_200);
  assertClean(problems);
  await context.close();
});

test('the map works by touch and by keyboard alone', async () => {
  const { page, problems, context } = await openMap({ hasTouch: true });
  const point = await pointOver(page, '南宁市');
  await page.touchscreen.tap(point.x, point.y);
  await page.locator('lian-map#demo [data-lianmap="region-detail"][data-region="450100"]').waitFor();
  // Pinch to zoom: the drawing changes and nothing is selected.
  const cdp = await context.newCDPSession(page);
  const touch = (type, spread) => cdp.send('Input.dispatchTouchEvent', {
    type,
    touchPoints: type === 'touchEnd' ? [] : [{ x: point.x - spread, y: point.y, id: 1 }, { x: point.x + spread, y: point.y, id: 2 }],
  });
  const before = await fingerprint(page);
  const n = (await selections(page)).length;
  await touch('touchStart', 20);
  for (const spread of [35, 55, 80]) await touch('touchMove', spread);
  await touch('touchEnd', 0);
  await page.waitForTimeout(250);
  assert.notEqual((await fingerprint(page)).hash, before.hash, 'the pinch zoomed');
  assert.equal((await selections(page)).length, n, 'a pinch selects nothing');

  // Keyboard: focus the map, arrows move between regions (announced), Enter picks, Escape clears.
  await page.locator('lian-map#demo canvas.lm-map-surface').focus();
  await page.keyboard.press('0');
  const live = page.locator('lian-map#demo .lm-map-stage [role="status"]');
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => document.getElementById('demo').shadowRoot
    .querySelector('.lm-map-stage [role="status"]').textContent.length > 0);
  const first = await live.textContent();
  await page.keyboard.press('ArrowUp');
  await page.waitForFunction((was) => document.getElementById('demo').shadowRoot
    .querySelector('.lm-map-stage [role="status"]').textContent !== was, first);
  await page.keyboard.press('Enter');
  await page.waitForFunction((k) => window.__lianmapEvents.filter((e) => e.type === 'lianmap-select').length > k, n);
  const picked = (await selections(page)).at(-1).detail;
  assert.equal(picked.kind, 'region');
  assert.ok(CITIES.includes(picked.id));
  assert.ok((await live.textContent()).startsWith(await page.locator('lian-map#demo [data-lianmap="region-detail"] h3').textContent()));
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.getElementById('demo').shadowRoot.querySelector('[data-lianmap="region-detail"]'));
  assertClean(problems);
  await context.close();
});

test('a park picked on the map opens its panel and fires lianmap-select with kind park', async () => {
  const { page, problems, context } = await openMap();
  const all = await page.evaluate(async () => (await fetch('sample/nev-guangxi.json')).json());
  // Zoom in so the symbols stand apart, then find any park under the pointer.
  await page.locator('lian-map#demo canvas.lm-map-surface').focus();
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  await page.waitForTimeout(300);
  const point = await pointOver(page, all.parks.map((p) => `${p.name['zh-CN']}（`));
  const park = all.parks.find((p) => point.text.startsWith(`${p.name['zh-CN']}（`));
  assert.match(point.text, /园区/);
  await page.mouse.click(point.x, point.y);
  await page.locator(`lian-map#demo [data-lianmap="pick-detail"][data-kind="park"][data-id="${park.id}"]`).waitFor();
  assert.deepEqual((await selections(page)).at(-1).detail, { id: park.id, kind: 'park' });
  assertClean(problems);
  await context.close();
});

test('the split view puts chain and map side by side, and stacks them on a phone', async () => {
  const { page, problems, context } = await openMap({}, 'split');
  const chain = await page.locator('lian-map#demo .lm-split > .lm-chain').boundingBox();
  const map = await page.locator('lian-map#demo .lm-split > .lm-map').boundingBox();
  assert.ok(map.x > chain.x + chain.width - 1, 'side by side');
  await screenshot(page, 'split');
  // Selecting a link on the chain narrows the map; the map's region recolours the chain.
  await page.evaluate(() => document.getElementById('demo').select('passenger'));
  const svg = await page.evaluate(() => document.getElementById('demo').exportSvg());
  assert.ok(svg.includes('data-kind="region"') && svg.includes('data-kind="link"'), 'the export holds both');
  await page.setViewportSize({ width: 420, height: 860 });
  await page.waitForTimeout(200);
  const chain2 = await page.locator('lian-map#demo .lm-split > .lm-chain').boundingBox();
  const map2 = await page.locator('lian-map#demo .lm-split > .lm-map').boundingBox();
  assert.ok(map2.y >= chain2.y + chain2.height - 1, 'stacked on a narrow screen');
  assertClean(problems);
  await context.close();
});

test('the map follows a change of theme: its background is the theme\'s, light and dark', async () => {
  const { page, problems, context } = await openMap();
  await page.locator('lian-map#demo canvas.lm-map-surface').waitFor();
  // The top left corner of the map is background (the region lies in the middle).
  const corner = () => page.evaluate(() => {
    const canvas = document.getElementById('demo').shadowRoot.querySelector('canvas.lm-map-surface');
    const [r, g, b] = canvas.getContext('2d').getImageData(4, 4, 1, 1).data;
    return Math.round((r + g + b) / 3);
  });
  await page.waitForTimeout(300);
  assert.ok(await corner() > 200, 'light background');
  await page.evaluate(() => document.getElementById('demo').setAttribute('theme', 'dark'));
  await page.waitForFunction(() => {
    const canvas = document.getElementById('demo').shadowRoot.querySelector('canvas.lm-map-surface');
    const [r, g, b] = canvas.getContext('2d').getImageData(4, 4, 1, 1).data;
    return r + g + b < 3 * 60;
  }, null, { timeout: 5000 });
  await page.evaluate(() => document.getElementById('demo').setAttribute('theme', 'light'));
  await page.waitForFunction(() => {
    const canvas = document.getElementById('demo').shadowRoot.querySelector('canvas.lm-map-surface');
    const [r, g, b] = canvas.getContext('2d').getImageData(4, 4, 1, 1).data;
    return r + g + b > 3 * 200;
  }, null, { timeout: 5000 });
  assertClean(problems);
  await context.close();
});

test('axe finds no WCAG 2.1 AA violations on the map and split views', async () => {
  const { page, context } = await openMap({ bypassCSP: true });
  const audit = async () => {
    await page.addScriptTag({ path: AXE });
    const result = await page.evaluate(async () =>
      window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
    return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  };
  assert.deepEqual(await audit(), [], 'map view');
  const point = await pointOver(page, '桂林市');
  await page.mouse.click(point.x, point.y);
  await page.locator('lian-map#demo [data-lianmap="region-detail"]').waitFor();
  assert.deepEqual(await audit(), [], 'region panel');
  await page.evaluate(() => document.getElementById('demo').setAttribute('view', 'split'));
  await page.locator('lian-map#demo .lm-split').waitFor();
  assert.deepEqual(await audit(), [], 'split view');
  await page.evaluate(() => document.getElementById('demo').setAttribute('theme', 'dark'));
  assert.deepEqual(await audit(), [], 'dark theme');
  await context.close();
});

test('a park plan in local coordinates draws over the host image and its plots can be picked', async () => {
  const { page, problems, context } = await openPage(browser, '/park.html');
  await waitForEvent(page, 'lianmap-ready', 'demo');
  await page.locator('lian-map#demo canvas.lm-map-surface').waitFor();
  await page.waitForTimeout(400);
  // The road of the plan image (colour #d9d4c7) runs across the middle of the map.
  const road = await page.evaluate(() => {
    const canvas = document.getElementById('demo').shadowRoot.querySelector('canvas.lm-map-surface');
    const { data } = canvas.getContext('2d').getImageData(canvas.width / 2, 0, 1, canvas.height);
    let hits = 0;
    for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - 0xd9) + Math.abs(data[i + 1] - 0xd4) + Math.abs(data[i + 2] - 0xc7) < 12) hits += 1;
    return hits;
  });
  assert.ok(road > 10, `the plan image is drawn (${road} px of road)`);
  const point = await pointOver(page, '一号地块');
  await page.mouse.click(point.x, point.y);
  await page.locator('lian-map#demo [data-lianmap="region-detail"][data-region="A1"]').waitFor();
  assert.deepEqual((await selections(page)).at(-1).detail, { id: 'A1', kind: 'region' });
  assert.match(await page.locator('lian-map#demo [data-lianmap="covers"]').textContent(), /电池材料/);
  await screenshot(page, 'park-plan');
  assertClean(problems);
  await context.close();
});
