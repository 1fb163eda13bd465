// Joining: the start page lists the consultation and opens a pasted link;
// consent is asked once per consultation; a link revoked while in use ends
// the session on a clear page, and a reload does not bring it back. The
// consultation model comes over HTTP after `welcome`: a failed fetch is
// retried, and what the socket brings meanwhile is kept.
import { SLUG, agree, card, createLink, expect, expectNoErrors, openLink, post, sharedServer, test, unique, watchErrors } from '../support/fixtures.js';

test('a pasted link opens the consultation; consent is remembered', async ({ page }) => {
  const server = sharedServer();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Roundtable');
  await expect(page.locator('.consultation-card')).toContainText('Fourth Stakeholder Consultation');

  const { link } = await createLink(server, { role: 'participant' });
  await page.getByRole('textbox', { name: 'Personal link' }).fill(`  ${link}  `);
  await page.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Fourth Stakeholder Consultation');
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await agree(page);
  expect(await page.evaluate((slug) => localStorage.getItem(`rt.consent.${slug}`), SLUG)).toBeTruthy();

  // A reload goes straight back to the room: token in this tab, consent kept.
  await page.reload();
  await expect(page.locator('#room-name')).toHaveText('Plenary');
  await expect(page.locator('#connection')).toHaveAttribute('data-state', 'connected');

  // Leave forgets the token in this tab.
  await page.getByRole('button', { name: 'Leave' }).click();
  await expect(page.getByRole('textbox', { name: 'Personal link' })).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.getItem('rt.token'))).toBeNull();
  expectNoErrors(errors);
});

test('a link revoked while in use ends on the "not valid" page', async ({ page }) => {
  const server = sharedServer();
  const made = await createLink(server, { role: 'participant' });
  await page.goto(made.link);
  await agree(page);
  const res = await fetch(`${server.url}/api/v1/consultations/${SLUG}/links/${made.id}`, {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${server.organiserToken}` },
  });
  expect(res.status).toBe(204);
  await expect(page.getByRole('heading', { name: 'This link is not valid' })).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.getItem('rt.token'))).toBeNull();
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Personal link' })).toBeVisible();
  // Opening the revoked link again says the same, and never shows a blank page.
  await page.goto(made.link);
  await expect(page.getByRole('heading', { name: 'This link is not valid' })).toBeVisible();
});

test('nonsense pasted into the link field gets a specific error', async ({ page }) => {
  await page.goto(sharedServer().url);
  await page.getByRole('textbox', { name: 'Personal link' }).fill('https://example.org/no-token-here');
  await page.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByRole('textbox', { name: 'Personal link' })).toBeFocused();
  await expect(page.getByRole('textbox', { name: 'Personal link' })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.field-error')).toContainText('does not look like a personal link');
});

test('the model is fetched after welcome; a failed fetch is retried and nothing arriving meanwhile is lost', async ({ browser }) => {
  const server = sharedServer();
  const a = await openLink(browser, (await createLink(server, { role: 'participant' })).link);
  const b = await openLink(browser, (await createLink(server, { role: 'participant' })).link);

  // B comes back (reload) without its copy of the model; its first fetch
  // fails, the second waits until A's post has reached B's socket.
  let fetches = 0;
  /** @type {() => void} */
  let letThrough = () => {};
  const through = new Promise((resolve) => (letThrough = () => resolve(undefined)));
  await b.page.route(`**/api/v1/consultations/${SLUG}`, async (route) => {
    fetches += 1;
    if (fetches === 1) return route.abort('failed');
    await through;
    return route.continue();
  });
  /** @type {string[]} */
  const frames = [];
  b.page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
  await b.page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('rt.model.')).forEach((k) => sessionStorage.removeItem(k)));
  await b.page.reload();
  await expect(b.page.locator('#joining-detail')).toHaveText('The server cannot be reached yet. Trying again…');
  await expect.poll(() => fetches).toBe(2);
  const welcome = JSON.parse(/** @type {string} */ (frames.find((f) => f.includes('"type":"welcome"'))));
  expect(welcome.consultation).toBeUndefined();
  expect(welcome.slug).toBe(SLUG);

  const text = unique('Posted while the model was on its way.');
  await post(a.page, text);
  await expect(card(a.page, text)).toHaveCount(1);
  await expect.poll(() => frames.some((f) => f.includes('"type":"contribution"') && f.includes(text))).toBe(true);
  await expect(b.page.locator('#room-name')).toHaveCount(0);

  letThrough();
  await expect(b.page.locator('#connection')).toHaveAttribute('data-state', 'connected');
  await expect(card(b.page, text)).toHaveCount(1);
  expectNoErrors(a.errors);
  expectNoErrors(b.errors.filter((e) => !/Failed to load resource: net::ERR_FAILED/.test(e)));
  await a.context.close();
  await b.context.close();
});
