// The documentation page (www/docs.html): every example starts, the code shown beside each map is
// the code that makes it, the mount() example logs a selection made through its handle, the
// sync-hash example writes the fragment, nothing goes wrong on the page (console, CSP, requests),
// and an axe-core audit finds no WCAG 2.1 A/AA violations.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { assertClean, launch, openPage, screenshot } from './helpers.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

/** The maps on the page, by element id (the mount() example's is given its id by docs.js). */
const EXAMPLES = ['ex-tag', 'ex-map', 'ex-split', 'ex-theme', 'ex-lang', 'ex-data', 'ex-mount-map', 'ex-hash'];

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Waits until every example has fired lianmap-ready; returns the ready events by element id. */
async function allReady(page) {
  await page.waitForFunction(
    (ids) => ids.every((id) => (window.__lianmapEvents ?? []).some((e) => e.type === 'lianmap-ready' && e.id === id)),
    EXAMPLES,
    { timeout: 60_000 },
  );
  return page.evaluate(() => window.__lianmapEvents.filter((e) => e.type === 'lianmap-ready'));
}

test('every example on the docs page starts, and the code shown is the code that runs', async () => {
  const { page, problems, context } = await openPage(browser, '/docs.html');
  const ready = await allReady(page);
  assert.equal(await page.locator('lian-map').count(), EXAMPLES.length, 'one map per example');
  assert.deepEqual([...new Set(ready.map((e) => e.id))].sort(), [...EXAMPLES].sort(), 'each map fired lianmap-ready');
  assert.equal(ready.length, EXAMPLES.length, 'each exactly once');
  for (const e of ready) {
    assert.equal(e.detail.errors, 0, `${e.id}: no errors`);
    assert.ok(e.detail.links > 0, `${e.id}: links drawn`);
  }
  assert.equal(ready.find((e) => e.id === 'ex-data').detail.links, 4, 'the data property example draws its own 4 links');

  // Each example's <pre> shows the element with every attribute it has on the page.
  const mismatches = await page.evaluate(() => {
    const out = [];
    for (const section of document.querySelectorAll('section.docs-example')) {
      const shown = [...section.querySelectorAll('pre code')].map((c) => c.textContent).join('\n');
      for (const el of section.querySelectorAll('lian-map[id]')) {
        if (el.id === 'ex-mount-map') continue; // made by mount(), shown as code
        for (const { name, value } of el.attributes) {
          const text = value === '' ? name : `${name}="${value}"`;
          if (!shown.includes(text)) out.push(`${el.id}: ${text} is not in the code shown`);
        }
      }
    }
    return out;
  });
  assert.deepEqual(mismatches, []);
  // The scripted examples show the code docs.js runs, read from docs.js itself.
  await page.waitForFunction(() => [...document.querySelectorAll('code[data-example]')].every((c) => c.textContent.length > 0));
  const scripts = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('code[data-example]')]
    .map((c) => [c.dataset.example, c.textContent])));
  assert.match(scripts.data, /^<script type="module">\nconst small = document\.getElementById\('ex-data'\);\nsmall\.data = \{/);
  assert.match(scripts.mount, /^<script type="module">\nimport \{ mount \} from '\/dist\/lianmap\.js';\n\nconst map = mount\(/);
  assert.ok(scripts.mount.trimEnd().endsWith('</script>'));

  // The views and themes asked for are the ones drawn.
  const state = await page.evaluate(() => {
    const root = (id) => document.getElementById(id).shadowRoot;
    return {
      map: !!root('ex-map').querySelector('canvas.lm-map-surface'),
      split: !!root('ex-split').querySelector('.lm-split canvas.lm-map-surface') && !!root('ex-split').querySelector('.lm-split .lm-chain-svg, .lm-split .lm-chain-surface'),
      darkBg: getComputedStyle(document.getElementById('ex-theme')).getPropertyValue('--lianmap-bg').trim(),
      lang: root('ex-lang').querySelector('[lang]')?.getAttribute('lang'),
    };
  });
  assert.ok(state.map, 'view="map" draws the map');
  assert.ok(state.split, 'view="split" draws chain and map');
  assert.equal(state.darkBg, '#0f1b2d', 'the custom properties apply');
  assert.equal(state.lang, 'en', 'lang="en"');
  await screenshot(page, 'docs');
  assertClean(problems);
  await context.close();
});

test('the mount() example logs a selection made through its handle, and the clearing', async () => {
  const { page, problems, context } = await openPage(browser, '/docs.html');
  await allReady(page);
  const log = page.locator('#mount-log li');
  assert.equal(await log.count(), 0);
  assert.equal(await page.evaluate(() => window.docsMount.select('cells')), true);
  await log.first().waitFor();
  assert.equal(await log.first().textContent(), 'link: cells');
  await page.locator('#mount-clear').click();
  await page.waitForFunction(() => document.querySelectorAll('#mount-log li').length === 2);
  assert.match(await log.first().textContent(), /cleared/);
  await page.locator('#mount-select').click();
  await page.waitForFunction(() => document.querySelectorAll('#mount-log li').length === 3);
  assert.equal(await log.first().textContent(), 'link: cells');
  assert.ok(await page.locator('#ex-mount-map .lm-detail').isVisible(), 'the detail panel opens');
  assertClean(problems);
  await context.close();
});

test('the sync-hash example keeps its view and selection in the fragment', async () => {
  const { page, problems, context } = await openPage(browser, '/docs.html');
  await allReady(page);
  await page.waitForFunction(() => location.hash.includes('docs.view=chain'));
  await page.evaluate(() => document.getElementById('ex-hash').select('cells'));
  await page.waitForFunction(() => location.hash.includes('docs.select=cells'));
  await page.waitForFunction(() => document.getElementById('hash-now').textContent.includes('docs.select=cells'));
  assertClean(problems);
  await context.close();
});

test('axe finds no WCAG 2.1 AA violations on the docs page', async () => {
  // The audit script is injected inline, which the page's own strict CSP would refuse.
  const { page, context } = await openPage(browser, '/docs.html', { bypassCSP: true });
  await allReady(page);
  await page.evaluate(() => window.docsMount.select('cells'));
  await page.locator('#mount-log li').first().waitFor();
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  assert.deepEqual(violations, []);
  await context.close();
});
