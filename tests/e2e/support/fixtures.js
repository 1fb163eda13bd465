// Test helpers: the shared server, links made through the organiser API,
// joining a room by link, a consultation whose registration is open,
// registrations through the API, axe checks, screenshots, and a watch on
// page errors.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect } from '@playwright/test';
import { freshDataDir, repoRoot, startServer } from './server.js';

export { expect };

/** @returns {{url: string, organiserLink: string, organiserToken: string, bin: string}} */
export function sharedServer() {
  const file = process.env.RT_E2E_STATE;
  if (!file) throw new Error('RT_E2E_STATE is not set: run through playwright.config.js (global setup)');
  return JSON.parse(readFileSync(file, 'utf8'));
}

export const SLUG = 'gcm-asia-pacific-2021-4';

/** The example consultation's file (its registration closed in 2021). */
export const EXAMPLE_FILE = join(repoRoot, 'consultations', `${SLUG}.toml`);

/** The slug of the consultation `openConsultation()` writes. */
export const OPEN_SLUG = 'gcm-asia-pacific-next';

/**
 * A consultation whose registration is open: the example with a new slug
 * and title, held on 3 February next year, registration closing at the
 * end of 31 January (Bangkok time), before the meeting as the format
 * requires. Written once per worker into a temporary directory.
 * @returns {{ file: string, slug: string, year: number }}
 */
export function openConsultation() {
  if (openFile) return openFile;
  const year = new Date().getUTCFullYear() + 1;
  const toml = readFileSync(EXAMPLE_FILE, 'utf8')
    .replace(/^slug = .*$/m, `slug = "${OPEN_SLUG}"`)
    .replace(/^title = .*$/m, 'title = "Stakeholder Consultation for the Asia-Pacific Regional Review of the GCM (registration open)"')
    .replace(/^date = .*$/m, `date = "${year}-02-03"`)
    .replace(/^deadline = .*$/m, `deadline = "${year}-01-31 24:00"`);
  const dir = mkdtempSync(join(tmpdir(), 'roundtable-e2e-consultation-'));
  const file = join(dir, `${OPEN_SLUG}.toml`);
  writeFileSync(file, toml);
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  openFile = { file, slug: OPEN_SLUG, year };
  return openFile;
}
/** @type {{ file: string, slug: string, year: number } | null} */
let openFile = null;

/**
 * A server of the test's own, on a fresh data directory: for tests that
 * kill it, change the meeting's phase, or want a clean room. `port` pins
 * the port (to restart on the same one); `consultations` are consultation
 * files (default: the built-in example).
 * @param {{ port?: number, data?: string, consultations?: string[] }} [o]
 */
export async function ownServer({ port = 0, data = freshDataDir(), consultations = [] } = {}) {
  const { bin } = sharedServer();
  const server = await startServer({ data, port, bin, consultations });
  return {
    ...server,
    data,
    organiserLink: /** @type {string} */ (server.organiserLink),
    organiserToken: /** @type {string} */ (server.organiserToken),
    async dispose() {
      await server.stop();
      rmSync(data, { recursive: true, force: true });
    },
  };
}

/**
 * Creates a link through the organiser API.
 * @param {{url: string, organiserToken: string}} server
 * @param {{role: string, room?: string, group?: string, name?: string, email?: string, organisation?: string}} body
 * @returns {Promise<{id: string, role: string, link: string, token: string}>}
 */
export async function createLink(server, body) {
  const res = await fetch(`${server.url}/api/v1/consultations/${SLUG}/links`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.organiserToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`creating a link: ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * Registers someone through the API. With the organiser's token (the
 * default) it is a walk-in, so the deadline does not apply.
 * @param {{url: string, organiserToken: string}} server
 * @param {Record<string, any>} form
 * @param {{ slug?: string, walkIn?: boolean }} [o]
 * @returns {Promise<{id: string, link: string, token: string, group: string | null}>}
 */
export async function register(server, form, { slug = SLUG, walkIn = true } = {}) {
  /** @type {Record<string, string>} */
  const headers = { 'Content-Type': 'application/json' };
  if (walkIn) headers.Authorization = `Bearer ${server.organiserToken}`;
  const body = { category: 'civil-society', gender: 'woman', country: 'TH', consent: true, ...form };
  const res = await fetch(`${server.url}/api/v1/consultations/${slug}/registrations`, { method: 'POST', headers, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`registering: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A text no other test will post. @param {string} label */
export function unique(label) {
  return `${label} ${randomUUID().slice(0, 8)}`;
}

/**
 * Records uncaught page errors and console errors (CSP violations show up
 * there), so a test can assert the page ran clean.
 * @param {import('@playwright/test').Page} page
 */
export function watchErrors(page) {
  /** @type {string[]} */
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/**
 * Opens a personal link in a fresh browser context and, unless told not
 * to, agrees to the Chatham House Rule and waits for the room.
 * @param {import('@playwright/test').Browser} browser
 * @param {string} link
 * @param {{ consent?: boolean, viewport?: {width: number, height: number} }} [o]
 */
export async function openLink(browser, link, { consent = true, viewport } = {}) {
  const context = await browser.newContext(viewport ? { viewport } : {});
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(link);
  if (consent) await agree(page);
  return { context, page, errors };
}

/** Ticks the consent box and joins; waits until the room is shown. @param {import('@playwright/test').Page} page */
export async function agree(page) {
  await expect(page.getByRole('heading', { name: 'The Chatham House Rule' })).toBeVisible();
  await page.getByLabel('I have read the notice above and agree to follow the Chatham House Rule.').check();
  await page.getByRole('button', { name: 'Agree and join' }).click();
  await expect(page.locator('#connection')).toHaveAttribute('data-state', 'connected');
}

/**
 * Posts a contribution through the form and waits for its acknowledgement.
 * @param {import('@playwright/test').Page} page
 * @param {string} text
 * @param {{ objective?: string, question?: string }} [o]
 */
export async function post(page, text, { objective, question } = {}) {
  if (objective) await page.getByLabel('Objective', { exact: true }).first().selectOption(objective);
  if (question) await page.locator('#post-question').selectOption(question);
  await page.locator('#post-text').fill(text);
  await page.getByRole('button', { name: 'Send contribution' }).click();
}

/** The feed item holding `text`. @param {import('@playwright/test').Page} page @param {string} text */
export function card(page, text) {
  return page.locator('.feed-list > li', { hasText: text });
}

/**
 * Runs axe-core on the page; fails listing every rule that failed.
 * @param {import('@playwright/test').Page} page
 * @param {string} view
 */
export async function expectAccessible(page, view) {
  const results = await new AxeBuilder({ page }).analyze();
  const failed = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
  );
  expect(failed, `axe violations on the ${view} view:\n${failed.join('\n')}`).toEqual([]);
}

/** Where screenshots go, for reviewers. */
export const SCREENSHOTS = join(repoRoot, 'target', 'e2e-screenshots');

/**
 * Saves full-page screenshots of the page as it is at 360 px and 1280 px
 * wide (`<view>-360.png`, `<view>-1280.png`), then restores its size.
 * @param {import('@playwright/test').Page} page
 * @param {string} view
 */
export async function screenshots(page, view) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const before = page.viewportSize();
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: width < 600 ? 740 : 900 });
    await page.screenshot({ path: join(SCREENSHOTS, `${view}-${width}.png`), fullPage: true });
  }
  if (before) await page.setViewportSize(before);
}

/** Errors that are expected while a server is down (the reconnect test). */
const EXPECTED = [/WebSocket connection to .* failed/, /Failed to load resource: net::ERR_CONNECTION_REFUSED/];

/** @param {string[]} errors */
export function expectNoErrors(errors) {
  expect(errors.filter((e) => !EXPECTED.some((re) => re.test(e)))).toEqual([]);
}

/**
 * `test` with one extra fixture, `newServer(options)`: starts a server of
 * the test's own (see `ownServer`) and stops it, and removes its data,
 * when the test ends, pass or fail.
 * @type {import('@playwright/test').TestType<{ newServer: typeof ownServer }, {}>}
 */
export const test = base.extend({
  newServer: async ({}, use) => {
    /** @type {Array<Awaited<ReturnType<typeof ownServer>>>} */
    const started = [];
    await use(async (o) => {
      const s = await ownServer(o);
      started.push(s);
      return s;
    });
    for (const s of started.reverse()) await s.dispose().catch(() => {});
  },
});
