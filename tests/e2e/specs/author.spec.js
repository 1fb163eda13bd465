// An author edits and withdraws their own contribution with the edit key
// kept in their browser; nobody else gets those controls, and everyone
// sees the change.
import { card, createLink, expect, expectNoErrors, openLink, post, sharedServer, test, unique } from '../support/fixtures.js';

test('the author edits and withdraws; others see it and cannot', async ({ browser }) => {
  const server = sharedServer();
  const a = await openLink(browser, (await createLink(server, { role: 'participant' })).link);
  const b = await openLink(browser, (await createLink(server, { role: 'participant' })).link);
  const text = unique('First draft of a recommendation.');
  await post(a.page, text, { objective: '23', question: 'recommendations' });
  await expect(card(b.page, text)).toHaveCount(1);
  await expect(card(b.page, text).getByRole('button', { name: 'Edit' })).toHaveCount(0);
  await expect(card(b.page, text).getByRole('button', { name: 'Withdraw' })).toHaveCount(0);

  // The edit key is in A's storage, keyed by contribution id.
  const id = await card(a.page, text).getAttribute('data-id');
  const keys = await a.page.evaluate(() => JSON.parse(localStorage.getItem('rt.editKeys') || '{}'));
  expect(Object.keys(keys)).toContain(id);

  // Edit.
  const edited = unique('Revised recommendation: fund regional data partnerships.');
  await card(a.page, text).getByRole('button', { name: 'Edit' }).click();
  const box = a.page.getByLabel('Edit your contribution');
  await expect(box).toBeFocused();
  await box.fill(edited);
  await a.page.getByRole('button', { name: 'Save changes' }).click();
  await expect(card(b.page, edited)).toHaveCount(1);
  await expect(card(b.page, text)).toHaveCount(0);
  await expect(card(a.page, edited).getByRole('button', { name: 'Edit' })).toBeFocused();

  // A reload keeps the authorship: the key is in the browser, not the server.
  await a.page.reload();
  await expect(card(a.page, edited).getByRole('button', { name: 'Withdraw' })).toBeVisible();

  // Withdraw, with an inline confirmation.
  await card(a.page, edited).getByRole('button', { name: 'Withdraw' }).click();
  await card(a.page, edited).getByRole('group', { name: /Withdraw this contribution/ }).getByRole('button', { name: 'Withdraw' }).click();
  await expect(card(a.page, edited)).toHaveCount(0);
  await expect(card(b.page, edited)).toHaveCount(0);
  const after = await a.page.evaluate(() => JSON.parse(localStorage.getItem('rt.editKeys') || '{}'));
  expect(Object.keys(after)).not.toContain(id);

  expectNoErrors(a.errors);
  expectNoErrors(b.errors);
  await a.context.close();
  await b.context.close();
});
