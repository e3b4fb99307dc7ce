// The canvas chain view: a 3,000-link chain switches to it on its own, and every interaction of the
// SVG view works on it by mouse, touch and keyboard — hover tooltip, click and tap selection,
// drag panning that does not select, wheel and pinch zoom, the minimap and arrow-key navigation
// announced in a live region. The small sample drawn with renderer="canvas" checks the same
// hit testing against the SVG view's own layout.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertClean, launch, openPage, screenshot, waitForEvent } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A cheap fingerprint of what a canvas in the widget shows, and how much of it is drawn. */
function fingerprint(page, selector) {
  return page.evaluate((sel) => {
    const canvas = document.getElementById('demo').shadowRoot.querySelector(sel);
    const ctx = canvas.getContext('2d');
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let hash = 0;
    let inked = 0;
    const [r0, g0, b0] = [data[0], data[1], data[2]];
    for (let i = 0; i < data.length; i += 16) {
      hash = (hash * 31 + data[i] + data[i + 1] * 7 + data[i + 2] * 13) | 0;
      if (Math.abs(data[i] - r0) + Math.abs(data[i + 1] - g0) + Math.abs(data[i + 2] - b0) > 30) inked += 1;
    }
    return { hash, inked: inked / (data.length / 16) };
  }, selector);
}

/** Moves the mouse over a grid of points until the tooltip shows; returns the point and its text. */
async function findNode(page, box) {
  const tip = page.locator('lian-map#demo .lm-tip');
  for (let y = 0.1; y < 0.95; y += 0.06) {
    for (let x = 0.05; x < 0.95; x += 0.03) {
      const point = { x: box.x + box.width * x, y: box.y + box.height * y };
      await page.mouse.move(point.x, point.y);
      if (!(await tip.getAttribute('hidden') === '')) {
        const text = await tip.textContent();
        if (text) return { point, text };
      }
    }
  }
  throw new Error('no link found under the pointer');
}

test('a 3,000-link chain is drawn on a canvas and works by mouse, touch and keyboard', async () => {
  const { page, problems, context } = await openPage(browser, '/large.html', { hasTouch: true });
  const [ready] = await waitForEvent(page, 'lianmap-ready', 'demo');
  assert.equal(ready.detail.links, 3000);
  const map = page.locator('lian-map#demo');
  await map.locator('[data-renderer="canvas"] canvas.lm-chain-surface').waitFor();
  assert.equal(await map.locator('g[data-kind="link"]').count(), 0, 'no SVG element per link');
  const surface = map.locator('canvas.lm-chain-surface');
  const box = await surface.boundingBox();
  await page.waitForFunction(() => {
    const c = document.getElementById('demo').shadowRoot.querySelector('canvas.lm-chain-surface');
    return c && c.width > 0;
  });
  const first = await fingerprint(page, 'canvas.lm-chain-surface');
  assert.ok(first.inked > 0.01, `the first frame shows the chain (${first.inked})`);
  await screenshot(page, 'canvas-first');

  // Hover shows a tooltip naming the link; a click there selects it and opens its detail.
  const { point, text } = await findNode(page, box);
  const name = text.split('，')[0];
  await page.mouse.click(point.x, point.y);
  const selects = await waitForEvent(page, 'lianmap-select', 'demo');
  const picked = selects.at(-1).detail;
  assert.equal(picked.kind, 'link');
  await map.locator('[data-lianmap="detail"]').waitFor();
  assert.match(await map.locator('[data-lianmap="detail"]').textContent(), new RegExp(name));
  await screenshot(page, 'canvas-selected');

  // A drag pans (the picture moves) and does not select or clear anything.
  const count = (await page.evaluate(() => window.__lianmapEvents.length));
  const beforePan = await fingerprint(page, 'canvas.lm-chain-surface');
  await page.mouse.move(box.x + 300, box.y + 300);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(box.x + 300 + i * 20, box.y + 300 + i * 25);
  await page.mouse.up();
  await page.waitForTimeout(100);
  assert.notEqual((await fingerprint(page, 'canvas.lm-chain-surface')).hash, beforePan.hash, 'the drag panned');
  assert.equal(await page.evaluate(() => window.__lianmapEvents.length), count, 'a pan is not a click');
  assert.equal(await map.locator('[data-lianmap="detail"]').count(), 1, 'the selection stays');

  // Wheel zoom out changes the picture; far out the whole drawing is a cached bitmap.
  const beforeZoom = await fingerprint(page, 'canvas.lm-chain-surface');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 12; i++) await page.mouse.wheel(0, 400);
  await page.waitForTimeout(200);
  const far = await fingerprint(page, 'canvas.lm-chain-surface');
  assert.notEqual(far.hash, beforeZoom.hash, 'the wheel zoomed');
  assert.ok(far.inked > 0.001, 'zoomed out, the chain is still drawn');
  await screenshot(page, 'canvas-far');

  // The minimap shows the drawing; clicking it moves the view there.
  await page.waitForFunction(() => {
    const m = document.getElementById('demo').shadowRoot.querySelector('canvas.lm-minimap');
    return m && m.width > 0;
  });
  assert.ok((await fingerprint(page, 'canvas.lm-minimap')).inked > 0.005, 'the minimap is drawn');
  await map.locator('button', { hasText: '适应窗口' }).click();
  await map.locator('canvas.lm-minimap').scrollIntoViewIfNeeded();
  await page.waitForTimeout(100);
  const fitted = await fingerprint(page, 'canvas.lm-chain-surface');
  const mini = await map.locator('canvas.lm-minimap').boundingBox();
  await page.mouse.click(mini.x + mini.width / 2, mini.y + mini.height * 0.9);
  await page.waitForTimeout(100);
  assert.notEqual((await fingerprint(page, 'canvas.lm-chain-surface')).hash, fitted.hash, 'the minimap moved the view');

  // Keyboard alone: focus the map, arrows move an active link (announced), Enter selects it.
  await page.keyboard.press('Escape');
  await surface.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  const live = map.locator('.lm-chain-canvas [role="status"]');
  await page.waitForFunction(() =>
    document.getElementById('demo').shadowRoot.querySelector('.lm-chain-canvas [role="status"]').textContent.length > 0);
  const announced = (await live.textContent()).split('，')[0];
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => {
    const last = window.__lianmapEvents.filter((e) => e.type === 'lianmap-select').at(-1);
    const detail = document.getElementById('demo').shadowRoot.querySelector('[data-lianmap="detail"]');
    return last && detail && detail.textContent.includes(n);
  }, announced);
  await screenshot(page, 'canvas-keyboard');

  assertClean(problems);
  await context.close();
});

test('renderer="canvas" draws the sample where the SVG view puts it, and switches back', async () => {
  const { page, problems, context } = await openPage(browser, '/', { hasTouch: true });
  await waitForEvent(page, 'lianmap-ready', 'demo');
  const map = page.locator('lian-map#demo');
  await page.evaluate(() => document.getElementById('demo').setAttribute('renderer', 'canvas'));
  const surface = map.locator('canvas.lm-chain-surface');
  await surface.waitFor();
  const box = await surface.boundingBox();
  const { point, text } = await findNode(page, box);
  await page.mouse.click(point.x, point.y);
  const picked = (await waitForEvent(page, 'lianmap-select', 'demo')).at(-1).detail.id;
  // The tooltip named the link that was selected.
  const name = await page.evaluate((id) => document.getElementById('demo').shadowRoot
    .querySelector('[data-lianmap="detail"] h3, [data-lianmap="detail"] h2')?.textContent ?? id, picked);
  assert.ok(text.startsWith(name.trim()), `tooltip "${text}" names "${name}"`);
  // A tap on the same link selects it again (after clearing).
  await page.evaluate(() => document.getElementById('demo').clearSelection());
  const n = await page.evaluate(() => window.__lianmapEvents.filter((e) => e.type === 'lianmap-select').length);
  await page.touchscreen.tap(point.x, point.y);
  await page.waitForFunction((k) => window.__lianmapEvents.filter((e) => e.type === 'lianmap-select').length > k, n);
  assert.equal((await waitForEvent(page, 'lianmap-select', 'demo')).at(-1).detail.id, picked, 'the tap picked the same link');
  // Double-clicking empty space zooms in.
  const before = await fingerprint(page, 'canvas.lm-chain-surface');
  await page.mouse.dblclick(box.x + 4, box.y + box.height - 4);
  await page.waitForTimeout(100);
  assert.notEqual((await fingerprint(page, 'canvas.lm-chain-surface')).hash, before.hash);
  // Two fingers spreading zoom in: the link under the first midpoint grows on screen.
  const cdp = await context.newCDPSession(page);
  const cx = point.x;
  const cy = point.y;
  const touch = (type, spread) => cdp.send('Input.dispatchTouchEvent', {
    type,
    touchPoints: type === 'touchEnd' ? [] : [{ x: cx - spread, y: cy, id: 1 }, { x: cx + spread, y: cy, id: 2 }],
  });
  const inkNear = () => page.evaluate(([x, y, r]) => {
    const canvas = document.getElementById('demo').shadowRoot.querySelector('canvas.lm-chain-surface');
    const rect = canvas.getBoundingClientRect();
    const k = canvas.width / rect.width;
    const { data } = canvas.getContext('2d').getImageData((x - rect.left - r) * k, (y - rect.top - r) * k, 2 * r * k, 2 * r * k);
    const seen = new Set();
    for (let i = 0; i < data.length; i += 4) seen.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
    return seen.size;
  }, [cx, cy, 40]);
  const beforePinch = await fingerprint(page, 'canvas.lm-chain-surface');
  const eventsBefore = await page.evaluate(() => window.__lianmapEvents.length);
  await touch('touchStart', 20);
  for (const spread of [30, 45, 60, 80]) await touch('touchMove', spread);
  await touch('touchEnd', 0);
  await page.waitForTimeout(100);
  assert.notEqual((await fingerprint(page, 'canvas.lm-chain-surface')).hash, beforePinch.hash, 'the pinch zoomed');
  assert.ok(await inkNear() > 1, 'the pinched link is still under the fingers');
  assert.equal(await page.evaluate(() => window.__lianmapEvents.length), eventsBefore, 'a pinch selects nothing');
  await page.evaluate(() => document.getElementById('demo').setAttribute('renderer', 'svg'));
  await map.locator('g[data-kind="link"]').first().waitFor();
  assertClean(problems);
  await context.close();
});

test('the canvas view takes its gap colours from the --lianmap-*-bg and gap properties, as the SVG view does, and follows a theme change', async () => {
  const { page, problems, context } = await openPage(browser, '/');
  await waitForEvent(page, 'lianmap-ready', 'demo');
  // Pure colours that nothing else in the drawing uses, counted exactly (labels and outlines
  // are antialiased, box fills are not).
  const count = () => page.evaluate(() => {
    const canvas = document.getElementById('demo').shadowRoot.querySelector('canvas.lm-chain-surface');
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    const seen = { green: 0, magenta: 0, blue: 0 };
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
      if (r === 0 && g === 255 && b === 0) seen.green += 1;
      if (r === 255 && g === 0 && b === 255) seen.magenta += 1;
      if (r === 0 && g === 0 && b === 255) seen.blue += 1;
    }
    return seen;
  });
  const drawn = async () => {
    await page.locator('lian-map#demo canvas.lm-chain-surface').waitFor();
    await page.waitForTimeout(300);
    return count();
  };
  await page.evaluate(() => document.getElementById('demo').setAttribute('renderer', 'canvas'));
  const plain = await drawn();
  assert.deepEqual(plain, { green: 0, magenta: 0, blue: 0 }, 'the default palette has none of the test colours');
  await page.evaluate(() => {
    const map = document.getElementById('demo');
    map.setAttribute('renderer', 'svg');
    map.style.setProperty('--lianmap-missing-bg', '#00ff00');
    map.style.setProperty('--lianmap-weak-bg', '#ff00ff');
    map.style.setProperty('--lianmap-strong-bg', '#0000ff');
  });
  await page.locator('lian-map#demo g[data-kind="link"]').first().waitFor();
  await page.evaluate(() => document.getElementById('demo').setAttribute('renderer', 'canvas'));
  const themed = await drawn();
  // The sample has missing, weak and strong links, all on screen after the first fit.
  assert.ok(themed.green > 100, `missing-link fills drawn in --lianmap-missing-bg (${themed.green} px)`);
  assert.ok(themed.magenta > 100, `weak-link fills drawn in --lianmap-weak-bg (${themed.magenta} px)`);
  assert.ok(themed.blue > 100, `strong-link fills drawn in --lianmap-strong-bg (${themed.blue} px)`);
  // Switching the theme while the canvas shows redraws it in the new colours.
  const corner = () => page.evaluate(() => {
    const canvas = document.getElementById('demo').shadowRoot.querySelector('canvas.lm-chain-surface');
    const [r, g, b] = canvas.getContext('2d').getImageData(1, 1, 1, 1).data;
    return r + g + b;
  });
  assert.ok(await corner() > 600, 'a light background first');
  await page.evaluate(() => document.getElementById('demo').setAttribute('theme', 'dark'));
  await page.waitForFunction(() => {
    const canvas = document.getElementById('demo').shadowRoot.querySelector('canvas.lm-chain-surface');
    const [r, g, b] = canvas.getContext('2d').getImageData(1, 1, 1, 1).data;
    return r + g + b < 150;
  }, null, { timeout: 5000 });
  assert.ok((await count()).green > 100, 'the host fills stay after the theme change');
  assertClean(problems);
  await context.close();
});

test('with theme="auto" the canvas view repaints when the system colour scheme changes', async () => {
  const { page, problems, context } = await openPage(browser, '/');
  await page.emulateMedia({ colorScheme: 'light' });
  await waitForEvent(page, 'lianmap-ready', 'demo');
  const corner = (dark) => page.waitForFunction((wantDark) => {
    const canvas = document.getElementById('demo').shadowRoot.querySelector('canvas.lm-chain-surface');
    if (!canvas || canvas.width === 0) return false;
    const [r, g, b] = canvas.getContext('2d').getImageData(1, 1, 1, 1).data;
    return wantDark ? r + g + b < 150 : r + g + b > 600;
  }, dark, { timeout: 5000 });
  await page.evaluate(() => {
    const map = document.getElementById('demo');
    map.setAttribute('theme', 'auto');
    map.setAttribute('renderer', 'canvas');
  });
  await corner(false);
  await page.emulateMedia({ colorScheme: 'dark' });
  await corner(true);
  await page.emulateMedia({ colorScheme: 'light' });
  await corner(false);
  assertClean(problems);
  await context.close();
});
