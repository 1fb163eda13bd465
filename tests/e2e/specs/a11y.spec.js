// axe-core on every view and the states the tests visit: landing (and its
// error), invalid link, consent (and its error), participant room (with
// own and others' contributions, an open editor and a withdraw
// confirmation), facilitator, rapporteur, organiser (with a created link
// and a revoke confirmation). Each check fails with the list of rules that
// failed and where.
import { agree, card, createLink, expect, expectAccessible, openLink, post, sharedServer, test, unique } from '../support/fixtures.js';

test('landing, invalid link and consent have no axe violations', async ({ page }) => {
  test.setTimeout(90_000);
  const server = sharedServer();
  await page.goto(server.url);
  await expect(page.locator('.consultation-card')).toHaveCount(1);
  await expectAccessible(page, 'landing');
  await page.getByRole('button', { name: 'Open' }).click();
  await expect(page.locator('.field-error')).toBeVisible();
  await expectAccessible(page, 'landing with an error');

  await page.goto(`${server.url}/#token=not-a-valid-token-at-all-000000000000000`);
  await expect(page.getByRole('heading', { name: 'This link is not valid' })).toBeVisible();
  await expectAccessible(page, 'invalid link');

  const { link } = await createLink(server, { role: 'participant' });
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'The Chatham House Rule' })).toBeVisible();
  await expectAccessible(page, 'consent');
  await page.getByRole('button', { name: 'Agree and join' }).click();
  await expect(page.getByText('Tick the box to confirm')).toBeVisible();
  await expectAccessible(page, 'consent with an error');
  await agree(page);
  await expectAccessible(page, 'participant room (empty or not)');
});

test('participant, facilitator and rapporteur rooms have no axe violations', async ({ browser, newServer }) => {
  test.setTimeout(90_000);
  // A server of its own keeps the room small, so axe runs fast.
  const server = await newServer();
  const a = await openLink(browser, (await createLink(server, { role: 'participant' })).link);
  const b = await openLink(browser, (await createLink(server, { role: 'participant' })).link);
  const mine = unique('Labour migration data are published too late to inform policy.');
  await post(a.page, mine, { objective: '1', question: 'progress' });
  await expect(card(b.page, mine)).toHaveCount(1);
  await expectAccessible(a.page, 'participant room with own contribution');
  await expectAccessible(b.page, 'participant room with others’ contributions');

  await card(a.page, mine).getByRole('button', { name: 'Edit' }).click();
  await expectAccessible(a.page, 'participant room with the editor open');
  await a.page.getByRole('button', { name: 'Cancel' }).click();
  await card(a.page, mine).getByRole('button', { name: 'Withdraw' }).click();
  await expectAccessible(a.page, 'participant room with a withdraw confirmation');
  await a.page.getByRole('button', { name: 'Keep it' }).click();
  await a.page.locator('#post-text').fill('x'.repeat(2001));
  await expect(a.page.locator('#post-count')).toContainText('too many');
  await a.page.getByRole('button', { name: 'Send contribution' }).click();
  await expectAccessible(a.page, 'participant room with a too-long text');

  const f = await openLink(browser, (await createLink(server, { role: 'facilitator', room: 'plenary' })).link);
  await expect(card(f.page, mine).getByRole('button', { name: 'Hide' })).toBeVisible();
  await expectAccessible(f.page, 'facilitator');

  const r = await openLink(browser, (await createLink(server, { role: 'rapporteur', group: 'wg1' })).link);
  await expect(card(r.page, mine)).toHaveCount(1);
  await expectAccessible(r.page, 'rapporteur');

  for (const x of [a, b, f, r]) await x.context.close();
});

test('the organiser view has no axe violations', async ({ page, newServer }) => {
  const server = await newServer();
  await createLink(server, { role: 'participant', name: 'Axe Participant', group: 'wg1' });
  await createLink(server, { role: 'rapporteur', group: 'wg2' });
  await page.goto(server.organiserLink);
  await expect(page.locator('.links-table tbody tr').first()).toBeVisible();
  await expectAccessible(page, 'organiser');
  await page.locator('#link-name').fill(unique('Axe Person'));
  await page.getByRole('button', { name: 'Create link' }).click();
  await expect(page.locator('#org-links .created-result')).toBeVisible();
  await page.locator('.links-table tbody tr').first().getByRole('button', { name: 'Revoke' }).click();
  await expectAccessible(page, 'organiser with a created link and a revoke confirmation');
});

test('working-group states have no axe violations: console, queues, timer, broadcast, curation, summaries, report-back', async ({ browser, newServer }) => {
  test.setTimeout(90_000);
  const server = await newServer();
  const f = await openLink(browser, (await createLink(server, { role: 'facilitator' })).link);
  const p = await openLink(browser, (await createLink(server, { role: 'participant', group: 'wg1', name: 'Axe Participant' })).link);
  const r = await openLink(browser, (await createLink(server, { role: 'rapporteur', group: 'wg1' })).link);
  await f.page.getByRole('button', { name: 'Next phase' }).click();
  await f.page.getByRole('button', { name: 'Next phase' }).click();
  await expect(p.page.locator('#room-name')).toHaveText('Working Group 1');

  await f.page.getByLabel('Message', { exact: true }).fill('Ten minutes left in the working groups.');
  await f.page.getByRole('button', { name: 'Send message' }).click();
  await f.page.getByLabel('Room', { exact: true }).selectOption('wg1');
  await f.page.getByRole('button', { name: 'Go', exact: true }).click();
  await expect(f.page.locator('#room-name')).toHaveText('Working Group 1');
  await f.page.getByRole('button', { name: 'Start timer' }).click();
  await expect(p.page.locator('#timer')).toBeVisible();
  await expect(p.page.locator('#broadcasts')).toBeVisible();

  const text = unique('Data sharing agreements between countries of origin and destination.');
  await post(p.page, text, { objective: '23' });
  await p.page.getByRole('button', { name: 'Ask for help' }).click();
  await expect(f.page.locator('#help-queue li')).toHaveCount(1);
  await expectAccessible(p.page, 'participant in a working group with a timer, a broadcast and a help request');
  await expectAccessible(f.page, 'facilitator console with a help request and the roster');

  await card(r.page, text).getByRole('button', { name: 'Mark as key point' }).click();
  await expect(card(p.page, text)).toContainText('Key point');
  await card(r.page, text).getByRole('button', { name: 'Add a note' }).click();
  await expect(r.page.getByRole('textbox', { name: 'Rapporteur’s note' })).toBeFocused();
  await expectAccessible(r.page, 'rapporteur with a note form open and the summary editor');
  await r.page.keyboard.press('Escape');
  await r.page.locator('#summaries textarea[data-objective="23"]').fill('Bilateral data agreements were the main ask.');
  await r.page.locator('#summaries form').filter({ has: r.page.locator('textarea[data-objective="23"]') }).getByRole('button', { name: 'Save summary' }).click();
  await expect(r.page.locator('#summaries')).toContainText('Saved (version 1).');

  await f.page.getByRole('button', { name: 'Next phase' }).click();
  await expect(p.page.locator('#report-back')).toContainText('Bilateral data agreements');
  await expectAccessible(p.page, 'closing plenary with the report-back');
  for (const x of [f, p, r]) await x.context.close();
});
