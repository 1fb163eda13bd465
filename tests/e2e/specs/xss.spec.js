// User text is only ever text: a contribution (and an organiser-entered
// name) that looks like HTML shows as typed and runs nothing.
import { card, createLink, expect, expectNoErrors, openLink, post, sharedServer, test, unique } from '../support/fixtures.js';

const PAYLOAD = '<img src=x onerror="window.__xss=1">';

test('a contribution with markup shows as text and runs no script', async ({ browser }) => {
  const server = sharedServer();
  const a = await openLink(browser, (await createLink(server, { role: 'participant' })).link);
  const b = await openLink(browser, (await createLink(server, { role: 'participant' })).link);
  const marker = unique('xss');
  const text = `${PAYLOAD} ${marker}`;

  await post(a.page, text);
  for (const p of [a.page, b.page]) {
    const item = card(p, marker);
    await expect(item.locator('.text')).toHaveText(text);
    await expect(item.locator('img')).toHaveCount(0);
    expect(await p.evaluate(() => /** @type {any} */ (window).__xss)).toBeUndefined();
  }

  // The author's editor gets the text back as a value, not as markup.
  await card(a.page, marker).getByRole('button', { name: 'Edit' }).click();
  await expect(a.page.getByLabel('Edit your contribution')).toHaveValue(text);
  await a.page.getByRole('button', { name: 'Cancel' }).click();
  expect(await a.page.evaluate(() => /** @type {any} */ (window).__xss)).toBeUndefined();

  expectNoErrors(a.errors);
  expectNoErrors(b.errors);
  await a.context.close();
  await b.context.close();
});

test('a name with markup in the organiser view shows as text', async ({ page }) => {
  const server = sharedServer();
  await page.goto(server.organiserLink);
  const name = `<img src=x onerror="window.__xss=2"> ${unique('Name')}`;
  await page.locator('#link-name').fill(name);
  await page.getByRole('button', { name: 'Create link' }).click();
  await expect(page.locator('.links-table tbody th', { hasText: name })).toHaveText(name);
  await expect(page.locator('.links-table img, .created-result img')).toHaveCount(0);
  expect(await page.evaluate(() => /** @type {any} */ (window).__xss)).toBeUndefined();
});
