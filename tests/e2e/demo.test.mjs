// The demo pages in headless Chromium: the sample renders as a table, a broken document shows the
// error panel and fires lianmap-error naming the bad reference, languages switch, hostile names
// stay text, and nothing on the page logs an error or fails a request.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertClean, launch, openPage, screenshot, waitForEvent } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the demo renders the sample chain as a table', async () => {
  const { page, problems, context } = await openPage(browser, '/');
  const [ready] = await waitForEvent(page, 'lianmap-ready', 'demo');
  assert.ok(ready.detail.links >= 40, `links: ${ready.detail.links}`);
  assert.ok(ready.detail.enterprises >= 300, `enterprises: ${ready.detail.enterprises}`);
  assert.equal(ready.detail.stages, 3);
  assert.equal(ready.detail.errors, 0);
  assert.ok(ready.bubbles && ready.composed, 'lianmap-ready bubbles and is composed');
  for (const key of ['links', 'enterprises', 'stages', 'flows', 'parks', 'projects', 'opportunities', 'errors', 'warnings']) {
    assert.equal(typeof ready.detail[key], 'number', `detail.${key} is a number`);
  }

  // The chain map shows first; the table is one click away.
  assert.equal(await page.locator('lian-map#demo [data-lianmap="chain"] g[data-kind="link"]').count(), ready.detail.links);
  await screenshot(page, 'demo-chain');
  await page.locator('lian-map#demo button[data-view="table"]').click();
  await page.locator('lian-map#demo [data-lianmap="table"] tr[data-id]').first().waitFor();
  const rows = page.locator('lian-map#demo [data-lianmap="table"] tr[data-id]');
  assert.equal(await rows.count(), ready.detail.links, 'one row per link');
  assert.equal(await page.locator('lian-map#demo section[data-stage]').count(), 3);
  const gaps = await page.locator('lian-map#demo td[data-gap]').evaluateAll((cells) => cells.map((c) => c.dataset.gap));
  for (const cls of ['missing', 'weak', 'strong']) assert.ok(gaps.includes(cls), `a ${cls} link is shown`);
  // No error panel; the map's boundary fixture may add geometry warnings (collapsed, not an alert).
  assert.equal(await page.locator('lian-map#demo [data-lianmap="errors"][role="alert"]').count(), 0);
  assert.equal(await page.locator('lian-map#demo [data-lianmap="errors"] .lm-error').count(), 0);
  const heading = await page.locator('lian-map#demo section[data-stage="up"] h3').textContent();
  assert.match(heading, /上游/);
  await screenshot(page, 'demo-zh');

  await page.evaluate(() => document.getElementById('demo').setAttribute('lang', 'en'));
  await page.waitForFunction(() =>
    document.getElementById('demo').shadowRoot.querySelector('section[data-stage="up"] h3')?.textContent.includes('Upstream'));
  assert.match(await page.locator('lian-map#demo thead').first().textContent(), /Top targets/);
  await screenshot(page, 'demo-en');

  await page.evaluate(() => document.getElementById('demo').setAttribute('lang', 'zh-TW'));
  await page.waitForFunction(() =>
    document.getElementById('demo').shadowRoot.querySelector('thead')?.textContent.includes('重點招商對象'));

  await page.evaluate(() => document.getElementById('demo').setAttribute('theme', 'dark'));
  await page.evaluate(() => document.getElementById('demo').setAttribute('lang', 'zh-CN'));
  await screenshot(page, 'demo-dark');
  assertClean(problems);
  await context.close();
});

test('a broken document shows the error panel and still draws the valid part', async () => {
  const { page, problems, context } = await openPage(browser, '/broken.html');
  const [error] = await waitForEvent(page, 'lianmap-error', 'broken');
  assert.ok(error.bubbles && error.composed, 'lianmap-error bubbles and is composed');
  const errors = error.detail.errors;
  assert.ok(Array.isArray(errors) && errors.length >= 8, `errors: ${JSON.stringify(errors)}`);
  const typo = errors.find((e) => e.path === 'enterprises[3].links[0]');
  assert.ok(typo, 'the unknown link is reported by its path');
  assert.match(typo.message, /batery/);
  assert.match(typo.hint, /battery/);
  assert.equal(typo.severity, 'error');
  for (const e of errors) assert.ok(e.path && e.message, JSON.stringify(e));

  const [ready] = await waitForEvent(page, 'lianmap-ready', 'broken');
  assert.equal(ready.detail.errors, errors.length);
  const panel = page.locator('lian-map#broken [data-lianmap="errors"]');
  assert.equal(await panel.count(), 1);
  const text = await panel.textContent();
  for (const e of errors) assert.ok(text.includes(e.path), `the panel names ${e.path}`);
  assert.ok(await page.locator('lian-map#broken [data-lianmap="chain"] g[data-kind="link"]').count() > 0, 'valid links still show');
  await page.locator('lian-map#broken button[data-view="table"]').click();
  await page.locator('lian-map#broken [data-lianmap="table"] tr[data-id="vehicles"]').waitFor();
  assert.ok(await page.locator('lian-map#broken [data-lianmap="table"] tr[data-id]').count() > 0, 'valid links still show in the table');

  const shown = await page.locator('lian-map#broken [data-lianmap="table"]').textContent();
  assert.ok(shown.includes('<img src=x onerror=alert(1)>恶意名称'), 'the hostile enterprise name is shown as literal text');
  assert.equal(await page.evaluate(() => document.getElementById('broken').shadowRoot.querySelectorAll('img, script, iframe').length), 0);
  await screenshot(page, 'broken');
  assertClean(problems);
  await context.close();
});

test('an unreachable src fires lianmap-error with the HTTP status', async () => {
  const { page, context } = await openPage(browser, '/broken.html');
  await waitForEvent(page, 'lianmap-ready', 'broken');
  await page.evaluate(() => {
    window.__lianmapEvents = [];
    document.getElementById('broken').setAttribute('src', 'sample/no-such-file.json');
  });
  const [error] = await waitForEvent(page, 'lianmap-error', 'broken');
  assert.match(error.detail.errors[0].message, /HTTP 404/);
  const panel = await page.locator('lian-map#broken [data-lianmap="errors"]').textContent();
  assert.match(panel, /HTTP 404/);
  // Nothing is shown, so the panel does not say "everything else is shown".
  assert.match(panel, /Nothing can be shown/);
  assert.doesNotMatch(panel, /everything else is shown/);
  await context.close();
});

test('the data property takes a document object', async () => {
  const { page, problems, context } = await openPage(browser, '/broken.html');
  await waitForEvent(page, 'lianmap-ready', 'broken');
  await page.evaluate(() => {
    window.__lianmapEvents = [];
    document.getElementById('broken').data = {
      version: 1,
      stages: [{ id: 'up', name: '上游' }],
      links: [{ id: 'a', name: '甲', stage: 'up' }, { id: 'b', name: '乙', stage: 'up' }],
    };
  });
  const [ready] = await waitForEvent(page, 'lianmap-ready', 'broken');
  assert.equal(ready.detail.links, 2);
  assert.equal(await page.locator('lian-map#broken g[data-kind="link"]').count(), 2);
  assert.equal(await page.locator('lian-map#broken [data-lianmap="errors"]').count(), 0);
  assertClean(problems);
  await context.close();
});

test('hostile names are shown as text, never as markup', async () => {
  const { page, problems, context } = await openPage(browser, '/broken.html');
  await waitForEvent(page, 'lianmap-ready', 'broken');
  const hostile = ['<img src=x onerror=alert(1)>恶意名称', '"><script>alert(2)</script>', '<svg onload=alert(3)>', '&lt;b&gt;'];
  await page.evaluate((names) => {
    window.__lianmapEvents = [];
    document.getElementById('broken').data = {
      version: 1,
      meta: { title: names[1] },
      stages: [{ id: 'up', name: names[2] }],
      links: [{ id: 'a', name: names[0], stage: 'up' }],
      enterprises: names.map((name, i) => ({ id: `e${i}`, name, links: ['a'], role: 'leader', local: true })),
    };
  }, hostile);
  await waitForEvent(page, 'lianmap-ready', 'broken');
  const root = page.locator('lian-map#broken');
  await root.locator('button[data-view="table"]').click();
  await root.locator('[data-lianmap="table"] tr[data-id]').first().waitFor();
  assert.equal(await page.evaluate(() => document.getElementById('broken').shadowRoot.querySelectorAll('img, script, svg, b').length), 0);
  const text = await root.locator('[data-lianmap="table"]').textContent();
  assert.ok(text.includes(hostile[0]), 'the link name is shown literally');
  assert.ok(text.includes(hostile[2]), 'the stage name is shown literally');
  assert.ok((await root.locator('.lm-title').textContent()).includes(hostile[1]));
  assertClean(problems);
  await context.close();
});

test('the static example works with one tag', async () => {
  const { page, problems, context } = await openPage(browser, '/examples/static/');
  const [ready] = await waitForEvent(page, 'lianmap-ready');
  assert.ok(ready.detail.links >= 40);
  assertClean(problems);
  await context.close();
});

test('on a phone the table stays readable', async () => {
  const { page, problems, context } = await openPage(browser, '/', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await waitForEvent(page, 'lianmap-ready', 'demo');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 400, `the page does not scroll sideways (${width}px)`);
  await screenshot(page, 'demo-phone');
  assertClean(problems);
  await context.close();
});

test('the chain map selects by mouse, touch and keyboard', async () => {
  const { page, problems, context } = await openPage(browser, '/', { hasTouch: true });
  await waitForEvent(page, 'lianmap-ready', 'demo');
  const map = page.locator('lian-map#demo');
  await map.locator('g[data-id="cells"]').click();
  let selects = await waitForEvent(page, 'lianmap-select', 'demo');
  assert.deepEqual(selects.at(-1).detail, { id: 'cells', kind: 'link' });
  assert.ok(selects.at(-1).bubbles && selects.at(-1).composed);
  assert.match(await map.locator('[data-lianmap="detail"]').textContent(), /电芯/);
  assert.match(await map.locator('g[data-id="lidar"]').getAttribute('class'), /lm-dim/, 'links outside the chain are dimmed');
  assert.doesNotMatch(await map.locator('g[data-id="cathode"]').getAttribute('class'), /lm-dim/, 'upstream stays lit');
  await screenshot(page, 'demo-selected');

  await map.locator('g[data-id="passenger"]').tap();
  await page.waitForFunction(() => window.__lianmapEvents.filter((e) => e.type === 'lianmap-select').at(-1)?.detail.id === 'passenger');

  await map.locator('g[data-id="lithium"]').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.__lianmapEvents.filter((e) => e.type === 'lianmap-select').at(-1)?.detail.id === 'lithium');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.getElementById('demo').shadowRoot.querySelector('[data-lianmap="detail"]'));

  // The API: select() fires too, exportSvg() gives every node as <g data-id data-kind>.
  const result = await page.evaluate(() => document.getElementById('demo').select('bms'));
  assert.equal(result, true);
  await page.waitForFunction(() => window.__lianmapEvents.filter((e) => e.type === 'lianmap-select').at(-1)?.detail.id === 'bms');
  const svg = await page.evaluate(() => document.getElementById('demo').exportSvg());
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  const ids = await page.evaluate(() => [...document.getElementById('demo').shadowRoot.querySelectorAll('g[data-kind="link"]')].map((g) => g.dataset.id));
  for (const id of ids) assert.ok(svg.includes(`data-id="${id}" data-kind="link"`), id);

  // Zoom buttons and wheel change the view box; fit() shows the whole drawing again, its top
  // moved down clear of the zoom buttons (so the stage headers are not under them).
  const before = await map.locator('svg.lm-chain-svg').getAttribute('viewBox');
  await map.locator('.lm-zoom button').first().click();
  assert.notEqual(await map.locator('svg.lm-chain-svg').getAttribute('viewBox'), before);
  await page.evaluate(() => document.getElementById('demo').fit());
  const whole = svg.match(/viewBox="([^"]+)"/)[1].split(' ').map(Number);
  await page.waitForFunction(([x, y, w, h]) => {
    const vb = document.getElementById('demo').shadowRoot.querySelector('svg.lm-chain-svg').getAttribute('viewBox').split(' ').map(Number);
    const near = (a, b) => Math.abs(a - b) < 0.5;
    return near(vb[0], x) && near(vb[2], w) && vb[1] < y && vb[1] > y - 80 && near(vb[1] + vb[3], y + h);
  }, whole);
  assertClean(problems);
  await context.close();
});

test('pinch zooms the chain map on a touch screen', async () => {
  const { page, problems, context } = await openPage(browser, '/', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await waitForEvent(page, 'lianmap-ready', 'demo');
  const svg = page.locator('lian-map#demo svg.lm-chain-svg');
  await svg.scrollIntoViewIfNeeded();
  const box = await svg.boundingBox();
  const width = async () => Number((await svg.getAttribute('viewBox')).split(' ')[2]);
  const before = await width();
  const cdp = await context.newCDPSession(page);
  const cx = box.x + box.width / 2;
  const cy = box.y + Math.min(box.height, 300) / 2;
  const touch = (type, spread) => cdp.send('Input.dispatchTouchEvent', {
    type,
    touchPoints: type === 'touchEnd' ? [] : [{ x: cx - spread, y: cy, id: 1 }, { x: cx + spread, y: cy, id: 2 }],
  });
  await touch('touchStart', 30);
  for (const spread of [40, 55, 70, 90]) await touch('touchMove', spread);
  await touch('touchEnd', 0);
  const after = await width();
  assert.ok(after < before * 0.6, `spreading two fingers zooms in (${before} → ${after})`);
  assertClean(problems);
  await context.close();
});

test('search finds links and enterprises in any language and jumps to them', async () => {
  const { page, problems, context } = await openPage(browser, '/');
  await waitForEvent(page, 'lianmap-ready', 'demo');
  const map = page.locator('lian-map#demo');
  const input = map.locator('input[type="search"]');
  await input.fill('recycling');
  const hits = map.locator('[data-lianmap="search-hits"] button');
  await hits.first().waitFor();
  assert.equal(await hits.first().getAttribute('data-link'), 'recycling', 'an English name finds the link');
  await input.fill('锂');
  await hits.first().waitFor();
  assert.ok(await hits.count() >= 1);
  await input.press('Enter');
  const selects = await waitForEvent(page, 'lianmap-select', 'demo');
  assert.equal(selects.at(-1).detail.id, 'lithium');
  await map.locator('[data-lianmap="detail"]').waitFor();

  // An enterprise, found by id, selects its link; the node is brought into view.
  const enterprise = await page.evaluate(async () => (await (await fetch('sample/nev-guangxi.json')).json()).enterprises.at(-1));
  await input.fill(enterprise.id);
  await hits.first().waitFor();
  await hits.first().click();
  await page.waitForFunction((link) => window.__lianmapEvents.filter((e) => e.type === 'lianmap-select').at(-1)?.detail.id === link, enterprise.links[0]);
  const inView = await page.evaluate((link) => {
    const root = document.getElementById('demo').shadowRoot;
    const node = root.querySelector(`g[data-id="${link}"]`).getBoundingClientRect();
    const svg = root.querySelector('svg.lm-chain-svg').getBoundingClientRect();
    return node.left >= svg.left && node.right <= svg.right && node.top >= svg.top && node.bottom <= svg.bottom;
  }, enterprise.links[0]);
  assert.ok(inView, 'the selected link is in view');
  assertClean(problems);
  await context.close();
});

test('groups fold and unfold, and a search unfolds what it finds', async () => {
  const { page, problems, context } = await openPage(browser, '/');
  await waitForEvent(page, 'lianmap-ready', 'demo');
  const map = page.locator('lian-map#demo');
  const count = () => map.locator('g[data-kind="link"]').count();
  const all = await count();
  await page.evaluate(() => document.getElementById('demo').select('power-battery'));
  await map.locator('[data-action="fold"]').click();
  await map.locator('g[data-id="power-battery"][data-collapsed="true"]').waitFor();
  assert.equal(await map.locator('g[data-id="cells"]').count(), 0, 'children are hidden');
  assert.ok(await count() < all);
  assert.ok(await map.locator('path[data-to="power-battery"]').count() > 0, 'flows are lifted to the group');
  // exportSvg draws what is shown.
  const svg = await page.evaluate(() => document.getElementById('demo').exportSvg());
  assert.ok(!svg.includes('data-id="cells"'));
  await map.locator('g[data-id="power-battery"]').dblclick();
  await map.locator('g[data-id="cells"]').waitFor();
  assert.equal(await count(), all);
  // Fold again, then find a hidden child: it unfolds.
  await map.locator('g[data-id="power-battery"]').dblclick();
  await map.locator('g[data-id="power-battery"][data-collapsed="true"]').waitFor();
  await map.locator('input[type="search"]').fill('cells');
  await map.locator('[data-lianmap="search-hits"] button[data-link="cells"]').click();
  await map.locator('g[data-id="cells"]').waitFor();
  assertClean(problems);
  await context.close();
});

test('filters dim what does not match in the map and hide it in the table', async () => {
  const { page, problems, context } = await openPage(browser, '/');
  const [ready] = await waitForEvent(page, 'lianmap-ready', 'demo');
  const map = page.locator('lian-map#demo');
  const dimmed = () => map.locator('g[data-kind="link"].lm-filtered').count();
  await map.locator('[data-lianmap="filters"] summary').click();
  await map.locator('select[data-filter="stage"]').selectOption({ index: 2 }); // 中游
  await page.waitForFunction(() => document.getElementById('demo').shadowRoot.querySelectorAll('g.lm-filtered').length > 0);
  const midstream = await page.evaluate(() => [...document.getElementById('demo').shadowRoot.querySelectorAll('g[data-kind="link"]:not(.lm-filtered)')].map((g) => g.dataset.id));
  assert.ok(midstream.includes('cells') && !midstream.includes('lithium') && !midstream.includes('passenger'), midstream.join());
  await map.locator('input[data-filter="gap-strong"]').uncheck();
  await page.waitForFunction(() => !document.getElementById('demo').shadowRoot.querySelector('g[data-id="cells"]:not(.lm-filtered)'));
  const shown = await page.evaluate(() => [...document.getElementById('demo').shadowRoot.querySelectorAll('g[data-kind="link"]:not(.lm-filtered)')].map((g) => g.dataset.gap));
  assert.ok(shown.length > 0 && shown.every((g) => g !== 'strong'), shown.join());
  await map.locator('button[data-view="table"]').click();
  await map.locator('[data-lianmap="table"]').waitFor();
  assert.equal(await map.locator('tr[data-id]').count(), shown.length, 'the table lists what the map shows');
  await map.locator('button[data-filter="reset"]').click();
  await page.waitForFunction((n) => document.getElementById('demo').shadowRoot.querySelectorAll('tr[data-id]').length === n, ready.detail.links);
  await map.locator('select[data-filter="having"]').selectOption('leaders');
  await page.waitForFunction(() => document.getElementById('demo').shadowRoot.querySelector('tr[data-id="passenger"]')
    && !document.getElementById('demo').shadowRoot.querySelector('tr[data-id="lidar"]'));
  assertClean(problems);
  await context.close();
});

test('exportPng gives a PNG of the chain under the strict CSP', async () => {
  const { page, problems, context } = await openPage(browser, '/');
  await waitForEvent(page, 'lianmap-ready', 'demo');
  const png = await page.evaluate(async () => {
    const blob = await document.getElementById('demo').exportPng();
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const bitmap = await createImageBitmap(blob);
    return { type: blob.type, size: blob.size, magic: [...bytes.slice(1, 4)].map((b) => String.fromCharCode(b)).join(''), width: bitmap.width, height: bitmap.height };
  });
  assert.equal(png.type, 'image/png');
  assert.equal(png.magic, 'PNG');
  assert.ok(png.size > 10_000, `${png.size} bytes`);
  const svg = await page.evaluate(() => document.getElementById('demo').exportSvg());
  const [, , w, h] = svg.match(/viewBox="([^"]+)"/)[1].split(' ').map(Number);
  assert.equal(png.width, Math.ceil(w * 2));
  assert.equal(png.height, Math.ceil(h * 2));
  // Save it to look at.
  const data = await page.evaluate(async () => {
    const blob = await document.getElementById('demo').exportPng();
    return [...new Uint8Array(await blob.arrayBuffer())];
  });
  const { writeFileSync, mkdirSync } = await import('node:fs');
  mkdirSync(new URL('./screenshots/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./screenshots/export.png', import.meta.url), Buffer.from(data));
  assertClean(problems);
  await context.close();
});

test('a link lists its enterprises and an enterprise opens its own detail', async () => {
  const { page, problems, context } = await openPage(browser, '/');
  await waitForEvent(page, 'lianmap-ready', 'demo');
  const map = page.locator('lian-map#demo');
  await page.evaluate(() => document.getElementById('demo').select('cells'));
  const first = map.locator('[data-lianmap="enterprises"] button[data-enterprise]').first();
  await first.waitFor();
  const id = await first.getAttribute('data-enterprise');
  await first.click();
  let selects = await waitForEvent(page, 'lianmap-select', 'demo');
  assert.deepEqual(selects.at(-1).detail, { id, kind: 'enterprise' });
  const panel = map.locator('[data-lianmap="detail"][data-kind="enterprise"]');
  await panel.waitFor();
  await panel.locator('button[data-link="cells"]').click();
  await page.waitForFunction(() => window.__lianmapEvents.filter((e) => e.type === 'lianmap-select').at(-1)?.detail.kind === 'link');
  await map.locator('[data-lianmap="detail"]:not([data-kind="enterprise"])').waitFor();

  // select() takes enterprise ids too; a web link opens safely in a new tab.
  const withUrl = await page.evaluate(async () => (await (await fetch('sample/nev-guangxi.json')).json()).enterprises.find((e) => e.url));
  assert.equal(await page.evaluate((e) => document.getElementById('demo').select(e), withUrl.id), true);
  selects = await waitForEvent(page, 'lianmap-select', 'demo');
  assert.deepEqual(selects.at(-1).detail, { id: withUrl.id, kind: 'enterprise' });
  const anchor = panel.locator('a');
  await anchor.waitFor();
  assert.equal(await anchor.getAttribute('href'), withUrl.url);
  assert.equal(await anchor.getAttribute('rel'), 'noopener noreferrer');
  assertClean(problems);
  await context.close();
});

test('a selected link fans out its enterprises beside it; each opens its detail by mouse or keyboard', async () => {
  const { page, problems, context } = await openPage(browser, '/');
  await waitForEvent(page, 'lianmap-ready', 'demo');
  const map = page.locator('lian-map#demo');
  const doc = await page.evaluate(async () => (await fetch('sample/nev-guangxi.json')).json());
  const onCells = doc.enterprises.filter((e) => e.links.includes('cells'));
  await page.evaluate(() => document.getElementById('demo').select('cells'));
  const marks = map.locator('svg.lm-chain-svg .lm-fan g[data-kind="enterprise"]');
  await marks.first().waitFor();
  assert.equal(await marks.count(), Math.min(12, onCells.length));
  const ids = await marks.evaluateAll((gs) => gs.map((g) => g.dataset.id));
  assert.ok(ids.every((id) => onCells.some((e) => e.id === id)), 'only the link\'s enterprises');
  const leaders = onCells.filter((e) => e.role === 'leader').map((e) => e.id);
  if (leaders.length) assert.ok(leaders.includes(ids[0]), 'a leader comes first');
  // The fan is in the export too.
  const svg = await page.evaluate(() => document.getElementById('demo').exportSvg());
  assert.equal((svg.match(/data-kind="enterprise"/g) ?? []).length, await marks.count());
  await marks.first().locator('circle').click();
  await map.locator('[data-lianmap="detail"][data-kind="enterprise"]').waitFor();
  assert.deepEqual((await waitForEvent(page, 'lianmap-select', 'demo')).at(-1).detail, { id: ids[0], kind: 'enterprise' });
  // Keyboard: the marks are buttons in the tab order.
  await page.evaluate(() => document.getElementById('demo').select('cells'));
  await marks.nth(1).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((id) => window.__lianmapEvents.filter((e) => e.type === 'lianmap-select').at(-1)?.detail.id === id, ids[1]);
  await screenshot(page, 'fan');
  assertClean(problems);
  await context.close();
});
