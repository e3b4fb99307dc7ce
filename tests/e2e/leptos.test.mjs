// The Leptos example app (examples/leptos-app, built by `cargo xtask example`): the LianMap
// component mounts the widget in its own shadow root and fires ready; the app's link list and the
// widget share one selection signal both ways (a click in the list selects on the map and opens
// the detail panel; a click or Enter on the map marks the list); the app's view, language and
// clear controls reach the widget; all under the demo's strict CSP with nothing logged.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertClean, launch, openPage, screenshot, waitForEvent } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The events of `type` recorded so far from the app's map. */
function events(page, type) {
  return page.evaluate((t) => window.__lianmapEvents.filter((e) => e.type === t && e.id === 'chain-map'), type);
}

/** The widget's link detail panel heading, inside its shadow root. */
function detailTitle(page) {
  return page.evaluate(() =>
    document.getElementById('chain-map').shadowRoot.querySelector('[data-lianmap="detail"] h3')?.textContent ?? null);
}

test('the Leptos app drives the widget and follows its selection', async () => {
  const { page, problems, context } = await openPage(browser, '/examples/leptos-app/');
  const [ready] = await waitForEvent(page, 'lianmap-ready', 'chain-map');
  assert.equal(ready.detail.links, 61);
  assert.equal(ready.detail.errors, 0);
  // The component's host is a plain <div> with an open shadow root holding the widget.
  const host = await page.evaluate(() => {
    const el = document.getElementById('chain-map');
    return { tag: el.tagName, shadow: !!el.shadowRoot, theme: el.getAttribute('theme'), lang: el.getAttribute('lang') };
  });
  assert.deepEqual(host, { tag: 'DIV', shadow: true, theme: 'light', lang: 'zh-CN' });

  // The app's list: one button per link, from the same document; the status line from on_ready.
  const list = page.locator('.app-link[data-link]');
  await list.first().waitFor();
  assert.equal(await list.count(), ready.detail.links, 'one list entry per link');
  assert.match(await page.locator('#app-status').textContent(), /61/);
  assert.match(await page.locator('h1').textContent(), /广西新能源汽车产业链/);

  // The app starts in the split view: chain and map side by side.
  await page.locator('#chain-map canvas.lm-map-surface').waitFor();
  assert.equal(await page.locator('#chain-map g[data-kind="link"]').count(), ready.detail.links);
  assert.equal(await page.locator('#chain-map button[data-view="split"]').getAttribute('aria-pressed'), 'true');

  // List → widget: the selection signal selects in the widget, which shows the link's detail.
  await page.locator('.app-link[data-link="cells"]').click();
  await page.waitForFunction(() =>
    document.getElementById('chain-map').shadowRoot.querySelector('[data-lianmap="detail"] h3')?.textContent === '电芯');
  let selects = await events(page, 'lianmap-select');
  assert.deepEqual(selects.at(-1).detail, { id: 'cells', kind: 'link' });
  assert.equal(selects.length, 1, 'one lianmap-select for one selection (no echo)');
  assert.equal(await page.locator('.app-link[data-link="cells"]').getAttribute('aria-current'), 'true');
  assert.match(await page.locator('#app-selected').textContent(), /cells \(link\)/);
  assert.equal(await page.locator('#chain-map g[data-kind="link"][data-id="cells"]').getAttribute('aria-pressed'), 'true');
  await screenshot(page, 'leptos-list-select');

  // The widget's own Close clears its selection (a lianmap-select with a null id), and the
  // app's signal and list follow; the same list entry selects it again.
  await page.locator('#chain-map [data-lianmap="detail"] .lm-detail-head button').click();
  await page.waitForFunction(() =>
    !document.getElementById('chain-map').shadowRoot.querySelector('[data-lianmap="detail"]'));
  await page.waitForFunction(() => !document.querySelector('.app-link[aria-current="true"]'));
  await page.locator('.app-link[data-link="cells"]').click();
  await page.waitForFunction(() =>
    document.getElementById('chain-map').shadowRoot.querySelector('[data-lianmap="detail"] h3')?.textContent === '电芯');

  // Widget → list: a click on a node in the shadow DOM marks that link in the list.
  await page.locator('#chain-map g[data-kind="link"][data-id="cathode"]').click();
  await page.locator('.app-link[data-link="cathode"][aria-current="true"]').waitFor();
  assert.equal(await page.locator('.app-link[aria-current="true"]').count(), 1, 'only the selected link is marked');
  assert.equal(await detailTitle(page), '正极材料');
  assert.match(await page.locator('#app-selected').textContent(), /cathode \(link\)/);

  // …and so does the keyboard.
  await page.locator('#chain-map g[data-kind="link"][data-id="motors"]').focus();
  await page.keyboard.press('Enter');
  await page.locator('.app-link[data-link="motors"][aria-current="true"]').waitFor();
  assert.equal(await detailTitle(page), '驱动电机');
  selects = await events(page, 'lianmap-select');
  assert.deepEqual(selects.map((e) => e.detail.id), ['cells', null, 'cells', 'cathode', 'motors']);

  // The app's clear button clears the widget's selection.
  await page.locator('#app-clear').click();
  await page.waitForFunction(() =>
    !document.getElementById('chain-map').shadowRoot.querySelector('[data-lianmap="detail"]'));
  assert.equal(await page.locator('.app-link[aria-current="true"]').count(), 0);

  // View switcher: the app's buttons set the widget's view.
  await page.locator('.app-views button[data-view="chain"]').click();
  await page.waitForFunction(() =>
    !document.getElementById('chain-map').shadowRoot.querySelector('canvas.lm-map-surface'));
  assert.equal(await page.locator('#chain-map button[data-view="chain"]').getAttribute('aria-pressed'), 'true');
  await page.locator('.app-views button[data-view="map"]').click();
  await page.locator('#chain-map canvas.lm-map-surface').waitFor();
  assert.equal(await page.locator('#chain-map g[data-kind="link"]').count(), 0, 'the map view shows no chain');
  assert.equal(await page.locator('#chain-map button[data-view="map"]').getAttribute('aria-pressed'), 'true');
  await page.locator('.app-views button[data-view="table"]').click();
  await page.locator('#chain-map [data-lianmap="table"] tr[data-id]').first().waitFor();

  // Language switcher: the app's list and the widget both speak English.
  await page.locator('#lang').selectOption('en');
  await page.waitForFunction(() =>
    document.getElementById('chain-map').shadowRoot.querySelector('section[data-stage="up"] h3')?.textContent.includes('Upstream'));
  assert.equal(await page.locator('.app-link[data-link="cells"]').textContent(), 'Battery cells');
  assert.equal(await page.getAttribute('#chain-map', 'lang'), 'en');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');

  // A selection made while another view is shown is there when the chain comes back.
  await page.locator('.app-link[data-link="bms"]').click();
  await page.locator('.app-views button[data-view="split"]').click();
  await page.waitForFunction(() =>
    document.getElementById('chain-map').shadowRoot.querySelector('[data-lianmap="detail"] h3')?.textContent === 'Battery management systems');
  assert.equal(await page.locator('#chain-map g[data-kind="link"][data-id="bms"]').getAttribute('aria-pressed'), 'true');

  // Theme switcher: the host's theme attribute styles the widget through :host([theme]).
  await page.locator('#theme').selectOption('dark');
  assert.equal(await page.getAttribute('#chain-map', 'theme'), 'dark');
  const background = await page.evaluate(() => getComputedStyle(document.getElementById('chain-map')).backgroundColor);
  assert.equal(background, 'rgb(18, 23, 29)');
  await page.waitForTimeout(200);
  await screenshot(page, 'leptos-split-en-dark');

  assert.equal((await events(page, 'lianmap-ready')).length, 1, 'the document was shown once');
  assert.deepEqual(await events(page, 'lianmap-error'), []);
  assertClean(problems);
  await context.close();
});
