// The rapporteur during the working groups (own server: it moves the
// agenda): curates a contribution (key point, note) that participants see
// change; writes a running summary, meets a stale-version conflict and
// resolves it; downloads the Markdown export, which holds the contribution
// and no participant's name; and the closing plenary shows the report-back.
import { readFileSync } from 'node:fs';
import { card, createLink, expect, expectNoErrors, openLink, post, test, unique } from '../support/fixtures.js';

test('curation, summary with a conflict, Markdown export and the report-back', async ({ browser, newServer }) => {
  test.setTimeout(90_000);
  const server = await newServer();
  const f = await openLink(browser, (await createLink(server, { role: 'facilitator' })).link);
  const p = await openLink(browser, (await createLink(server, { role: 'participant', group: 'wg1', name: 'Dana Citizen', organisation: 'Example Org' })).link);
  const r1 = await openLink(browser, (await createLink(server, { role: 'rapporteur', group: 'wg1' })).link);
  const r2 = await openLink(browser, (await createLink(server, { role: 'rapporteur', group: 'wg1' })).link);
  const all = [f, p, r1, r2];

  // Opening plenary, then the working groups.
  await f.page.getByRole('button', { name: 'Next phase' }).click();
  await expect(p.page.locator('#phase')).toContainText('Opening plenary');
  await f.page.getByRole('button', { name: 'Next phase' }).click();
  for (const x of [p, r1, r2]) await expect(x.page.locator('#room-name')).toHaveText('Working Group 1');

  const text = unique('Consular officers need training on the rights of migrant domestic workers.');
  await post(p.page, text, { objective: '3', question: 'resources' });

  // Key point and note: the participant sees both.
  await card(r1.page, text).getByRole('button', { name: 'Mark as key point' }).click();
  await expect(card(p.page, text)).toContainText('Key point');
  await expect(card(r1.page, text).getByRole('button', { name: 'Remove key point' })).toHaveAttribute('aria-pressed', 'true');
  await card(r1.page, text).getByRole('button', { name: 'Add a note' }).click();
  await r1.page.getByRole('textbox', { name: 'Rapporteur’s note' }).fill('Raised in relation to countries of destination.');
  await r1.page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(card(p.page, text)).toContainText('Rapporteur’s note: Raised in relation to countries of destination.');

  // The running summary for objective 3, with a conflict: R2 starts from
  // version 0 and saves after R1 has.
  const r1Box = r1.page.locator('#summaries textarea[data-objective="3"]');
  const r2Box = r2.page.locator('#summaries textarea[data-objective="3"]');
  await r2Box.fill('Training needs for consular staff (draft by the second rapporteur).');
  const summary = 'Participants called for training of consular staff on the rights of migrant domestic workers.';
  await r1Box.fill(summary);
  await r1Box.locator('xpath=ancestor::form').getByRole('button', { name: 'Save summary' }).click();
  await expect(r1.page.locator('#summaries')).toContainText('Saved (version 1).');
  await r2Box.locator('xpath=ancestor::form').getByRole('button', { name: 'Save summary' }).click();
  const conflict = r2.page.locator('#summaries .conflict:visible');
  await expect(conflict).toContainText('Someone saved this summary before you.');
  await expect(conflict).toContainText(summary);
  await expect(r2Box).toHaveValue('Training needs for consular staff (draft by the second rapporteur).');
  await conflict.getByRole('button', { name: 'Replace mine with theirs' }).click();
  await expect(r2Box).toHaveValue(summary);
  await r2Box.fill(`${summary} Funding is a gap.`);
  await r2Box.locator('xpath=ancestor::form').getByRole('button', { name: 'Save summary' }).click();
  await expect(r2.page.locator('#summaries')).toContainText('Saved (version 2).');
  await expect(r1Box).toHaveValue(`${summary} Funding is a gap.`);

  // The Markdown export: the contribution, the summary, no name.
  const [download] = await Promise.all([r1.page.waitForEvent('download'), r1.page.getByRole('button', { name: 'Markdown' }).click()]);
  const md = readFileSync(/** @type {string} */ (await download.path()), 'utf8');
  expect(md).toContain(text);
  expect(md).toContain('Funding is a gap.');
  expect(md).not.toContain('Dana');
  expect(md).not.toContain('Citizen');
  expect(md).not.toContain('Example Org');

  // The closing plenary: the report-back, with the summary and the key point.
  await f.page.getByRole('button', { name: 'Next phase' }).click();
  await expect(p.page.locator('#room-name')).toHaveText('Plenary');
  const report = p.page.locator('#report-back');
  await expect(report).toContainText('Working Group 1');
  await expect(report).toContainText('Funding is a gap.');
  await expect(report).toContainText(text);

  for (const x of all) {
    expectNoErrors(x.errors);
    await x.context.close();
  }
});
