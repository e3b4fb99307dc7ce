// Shared helpers for the end-to-end tests: one Chromium per test file, pages that record every
// console error, page error and failed request, and screenshots to look at.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const BASE = process.env.LIANMAP_BASE_URL ?? 'http://127.0.0.1:8080';
const SHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic',
    ],
  });
}

/** Records Lianmap's events from the very start of the page. */
const RECORD_EVENTS = () => {
  window.__lianmapEvents = [];
  for (const type of ['lianmap-ready', 'lianmap-error', 'lianmap-select']) {
    document.addEventListener(type, (e) => window.__lianmapEvents.push({
      type: e.type, id: e.target.id, detail: e.detail, bubbles: e.bubbles, composed: e.composed,
    }));
  }
};

/**
 * Opens `path` in a new page (context `options`; `setup(page)` runs before the page loads, for
 * routes and request logs); returns the page, the document's response and what went wrong on it.
 * CSP violations are logged as console errors and kept in `window.__cspViolations`.
 */
export async function openPage(browser, path, { setup, ...options } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const problems = { console: [], page: [], requests: [], dialogs: [] };
  page.on('console', (m) => { if (m.type() === 'error') problems.console.push(m.text()); });
  page.on('pageerror', (e) => problems.page.push(String(e)));
  page.on('requestfailed', (r) => problems.requests.push(`${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.requests.push(`${r.url()} HTTP ${r.status()}`); });
  page.on('dialog', (d) => { problems.dialogs.push(d.message()); d.dismiss(); });
  await page.addInitScript(RECORD_EVENTS);
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await setup?.(page);
  const response = await page.goto(`${BASE}${path}`);
  return { page, problems, context, response };
}

/** Waits until the page has recorded an event of `type` (from element `id`, if given). */
export async function waitForEvent(page, type, id) {
  await page.waitForFunction(
    ([t, i]) => (window.__lianmapEvents ?? []).some((e) => e.type === t && (!i || e.id === i)),
    [type, id],
    { timeout: 20_000 },
  );
  return page.evaluate(
    ([t, i]) => window.__lianmapEvents.filter((e) => e.type === t && (!i || e.id === i)),
    [type, id],
  );
}

export async function screenshot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** Nothing went wrong on the page: no console error (CSP violations are logged there too), page
 * error, failed request or dialog. */
export function assertClean(problems) {
  assert.deepEqual(problems.console, [], 'console errors (CSP violations are logged here too)');
  assert.deepEqual(problems.page, [], 'page errors');
  assert.deepEqual(problems.requests, [], 'failed requests');
  assert.deepEqual(problems.dialogs, [], 'dialogs');
}
