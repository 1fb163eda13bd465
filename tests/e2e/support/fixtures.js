// Test helpers: the shared server, links made through the organiser API,
// joining a room by link, axe checks, and a watch on page errors.
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect } from '@playwright/test';
import { freshDataDir, startServer } from './server.js';

export { expect };

/** @returns {{url: string, organiserLink: string, organiserToken: string, bin: string}} */
export function sharedServer() {
  const file = process.env.RT_E2E_STATE;
  if (!file) throw new Error('RT_E2E_STATE is not set: run through playwright.config.js (global setup)');
  return JSON.parse(readFileSync(file, 'utf8'));
}

export const SLUG = 'gcm-asia-pacific-2021-4';

/**
 * A server of the test's own, on a fresh data directory: for tests that
 * kill it, change the meeting's phase, or want a clean room. `port` pins
 * the port (to restart on the same one).
 * @param {{ port?: number, data?: string }} [o]
 */
export async function ownServer({ port = 0, data = freshDataDir() } = {}) {
  const { bin } = sharedServer();
  const server = await startServer({ data, port, bin });
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
