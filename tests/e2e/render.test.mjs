// `lianmap render` draws, from the same pure-Rust renderer, the SVG that exportSvg() gives for
// a widget showing the same files with nothing selected: chain, map and split.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { launch, openPage, waitForEvent } from './helpers.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Every path's bounding box. */
function bbox(d) {
  const n = (d.match(/-?\d+(?:\.\d+)?/g) ?? []).map(Number);
  const xs = n.filter((_, i) => i % 2 === 0);
  const ys = n.filter((_, i) => i % 2 === 1);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/**
 * The same drawing: identical markup, text, ids and colours; numbers within half a pixel and each
 * path's extent within a pixel. (WebAssembly's and the native maths libraries may differ in the
 * last bit of a projected coordinate, which can make the simplifier keep a different vertex.)
 */
function assertSameDrawing(cli, widget, view) {
  const split = (svg) => {
    const paths = [];
    const numbers = [];
    const text = svg
      .replace(/ d="([^"]*)"/g, (_, d) => { paths.push(bbox(d)); return ' d=""'; })
      .replace(/-?\d+(?:\.\d+)?(?:e-?\d+)?/g, (n) => { numbers.push(Number(n)); return '#'; });
    return { text, numbers, paths };
  };
  const a = split(cli);
  const b = split(widget);
  assert.equal(a.text, b.text, `${view}: the markup differs`);
  assert.equal(a.numbers.length, b.numbers.length);
  a.numbers.forEach((n, i) => assert.ok(Math.abs(n - b.numbers[i]) <= 0.5, `${view}: number ${i}: ${n} against ${b.numbers[i]}`));
  assert.equal(a.paths.length, b.paths.length);
  a.paths.forEach((p, i) => p.forEach((v, k) => assert.ok(Math.abs(v - b.paths[i][k]) <= 1, `${view}: path ${i} extent ${p} against ${b.paths[i]}`)));
}

function render(view) {
  const out = join(mkdtempSync(join(tmpdir(), 'lianmap-render-')), `${view}.svg`);
  const args = ['run', '--quiet', '--bin', 'lianmap', '--', 'render', 'www/sample/nev-guangxi.json', '--svg', out];
  if (view !== 'chain') args.push('--view', view, '--geo', 'www/geo/guangxi.json');
  execFileSync('cargo', args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'ignore'] });
  return readFileSync(out, 'utf8');
}

test('lianmap render gives what exportSvg() gives, for the chain, the map and the split view', async () => {
  const { page, context } = await openPage(browser, '/');
  await waitForEvent(page, 'lianmap-ready', 'demo');
  for (const view of ['chain', 'map', 'split']) {
    const cli = render(view);
    const widget = await page.evaluate(async (v) => {
      const el = document.getElementById('demo');
      el.clearSelection();
      el.setAttribute('view', v);
      // The boundaries are loaded once the map can be exported with its regions.
      for (let i = 0; i < 200 && v !== 'chain' && !el.exportSvg().includes('data-kind="region"'); i += 1) {
        await new Promise((r) => setTimeout(r, 50));
      }
      return el.exportSvg();
    }, view);
    assert.ok(cli.length > 1000, `${view}: the CLI drew something`);
    if (view !== 'chain') assert.ok(cli.includes('data-kind="region"'), `${view}: regions drawn`);
    if (view === 'chain') assert.equal(cli, widget, 'chain: lianmap render and exportSvg() differ');
    else assertSameDrawing(cli, widget, view);
  }
  await context.close();
});
