// Accessibility: an axe-core audit of the demo pages (chain view, canvas view, table view, a selection, the
// error panel) reports no violations, and every link is reachable by keyboard alone.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { launch, openPage, waitForEvent } from './helpers.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function audit(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

test('axe finds no WCAG 2.1 AA violations on the demo', async () => {
  // The audit script is injected inline, which the page's own strict CSP would refuse.
  const { page, context } = await openPage(browser, '/', { bypassCSP: true });
  await waitForEvent(page, 'lianmap-ready', 'demo');
  assert.deepEqual(await audit(page), [], 'chain view');
  await page.locator('lian-map#demo [data-lianmap="filters"] summary').click();
  await page.locator('lian-map#demo input[type="search"]').fill('电池');
  await page.locator('lian-map#demo [data-lianmap="search-hits"] button').first().waitFor();
  assert.deepEqual(await audit(page), [], 'filters open, search hits shown');
  await page.locator('lian-map#demo input[type="search"]').fill('');
  await page.evaluate(() => document.getElementById('demo').select('cells'));
  await page.locator('lian-map#demo [data-lianmap="detail"]').waitFor();
  assert.deepEqual(await audit(page), [], 'with a selection');
  await page.locator('lian-map#demo [data-lianmap="enterprises"] button').first().click();
  await page.locator('lian-map#demo [data-lianmap="detail"][data-kind="enterprise"]').waitFor();
  assert.deepEqual(await audit(page), [], 'an enterprise');
  await page.locator('lian-map#demo button[data-view="table"]').click();
  await page.locator('lian-map#demo [data-lianmap="table"] tr[data-id]').first().waitFor();
  assert.deepEqual(await audit(page), [], 'table view');
  await page.evaluate(() => document.getElementById('demo').setAttribute('theme', 'dark'));
  assert.deepEqual(await audit(page), [], 'dark theme');
  await context.close();
});

test('axe finds no violations on the error panel', async () => {
  const { page, context } = await openPage(browser, '/broken.html', { bypassCSP: true });
  await waitForEvent(page, 'lianmap-ready', 'broken');
  assert.deepEqual(await audit(page), []);
  await context.close();
});

test('every link is reachable with the keyboard', async () => {
  const { page, context } = await openPage(browser, '/');
  const [ready] = await waitForEvent(page, 'lianmap-ready', 'demo');
  const reached = new Set();
  await page.locator('lian-map#demo svg.lm-chain-svg').focus();
  for (let i = 0; i < ready.detail.links + 10; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => document.getElementById('demo').shadowRoot.activeElement?.dataset?.id);
    if (id) reached.add(id);
  }
  assert.equal(reached.size, ready.detail.links, 'Tab visits every link');
  await context.close();
});

test('a skip button, shown when focused, takes Tab past all the links at once', async () => {
  const { page, context } = await openPage(browser, '/');
  await waitForEvent(page, 'lianmap-ready', 'demo');
  await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<a id="after" href="#after">after the map</a>'));
  const focused = () => page.evaluate(() => {
    const el = document.activeElement;
    const inner = el?.shadowRoot?.activeElement;
    const target = inner ?? el;
    const box = target.getBoundingClientRect();
    return { inWidget: Boolean(inner), id: target.id, cls: target.getAttribute('class') ?? '', kind: target.dataset?.kind ?? '', text: target.textContent.trim(), width: box.width };
  });
  let at;
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    at = await focused();
    if (at.cls.includes('lm-skip')) break;
  }
  assert.ok(at.cls.includes('lm-skip'), `Tab reaches the skip button before the links (${JSON.stringify(at)})`);
  assert.match(at.text, /跳过/);
  assert.ok(at.width > 40, `it shows while focused (${at.width}px wide)`);
  await page.keyboard.press('Enter');
  // What follows the links (a panel below the map, then the page) comes next, no link on the way.
  const passed = [];
  for (let i = 0; i < 8 && at.id !== 'after'; i++) {
    await page.keyboard.press('Tab');
    at = await focused();
    passed.push(at.kind || at.text.slice(0, 12));
  }
  assert.equal(at.id, 'after', `Tab reaches the page after the map: ${passed.join(' → ')}`);
  assert.ok(!passed.includes('link'), `no link on the way: ${passed.join(' → ')}`);
  await page.keyboard.press('Shift+Tab');
  at = await focused();
  assert.equal(at.kind, 'link', `Shift+Tab goes back to the last link (${JSON.stringify(at)})`);
  await context.close();
});

test('arrow keys move along flows and within a layer', async () => {
  const { page, context } = await openPage(browser, '/');
  await waitForEvent(page, 'lianmap-ready', 'demo');
  const active = () => page.evaluate(() => document.getElementById('demo').shadowRoot.activeElement?.dataset?.id);
  const flows = await page.evaluate(() =>
    [...document.getElementById('demo').shadowRoot.querySelectorAll('path.lm-edge:not(.lm-back)')].map((p) => [p.dataset.from, p.dataset.to]));
  await page.locator('lian-map#demo g[data-id="cells"]').focus();
  await page.keyboard.press('ArrowRight');
  const down = await active();
  assert.ok(flows.some(([f, t]) => f === 'cells' && t === down), `ArrowRight goes downstream (${down})`);
  await page.keyboard.press('ArrowLeft');
  const back = await active();
  assert.ok(flows.some(([f, t]) => f === back && t === down), `ArrowLeft goes upstream (${back})`);
  await page.keyboard.press('ArrowDown');
  const below = await active();
  assert.notEqual(below, back, 'ArrowDown moves within the layer');
  await page.keyboard.press('Enter');
  const selects = await waitForEvent(page, 'lianmap-select', 'demo');
  assert.equal(selects.at(-1).detail.id, below);
  const live = await page.locator('lian-map#demo .lm-live').textContent();
  assert.ok(live.length > 0, 'the live region announces the selection');
  await context.close();
});

test('axe finds no violations on the canvas view of a large chain', async () => {
  const { page, context } = await openPage(browser, '/large.html', { bypassCSP: true });
  await waitForEvent(page, 'lianmap-ready', 'demo');
  await page.locator('lian-map#demo canvas.lm-chain-surface').waitFor();
  assert.deepEqual(await audit(page), [], 'canvas view');
  await page.locator('lian-map#demo canvas.lm-chain-surface').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.locator('lian-map#demo [data-lianmap="detail"]').waitFor();
  assert.deepEqual(await audit(page), [], 'canvas view with a selection');
  await context.close();
});
