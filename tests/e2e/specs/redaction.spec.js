// The redaction preview in the post form. A named participant is
// registered (an organiser walk-in through the API); another participant
// types their name, their organisation and an email address after an emoji
// and an accented word (so UTF-8 byte offsets differ from string indices):
// the preview marks exactly those parts of the author's text and shows the
// text as it will be stored, with "[a participant]". After posting, the
// form says what was redacted (from the ack), and everyone sees only the
// redacted text. An organisation named as content stays, flagged: the
// author is told, and facilitators see "organisation mentioned — check".
import { card, createLink, expect, expectAccessible, expectNoErrors, openLink, post, register, screenshots, sharedServer, test } from '../support/fixtures.js';

test('the author sees what will be redacted before and after posting', async ({ browser }) => {
  test.setTimeout(60_000);
  const server = sharedServer();
  // Invented words, so no other test's text is redacted by them.
  const suffix = Math.random().toString(36).slice(2, 7);
  const name = `Zorbel Quintavalle${suffix}`;
  const org = `Quillfeather Institute ${suffix}`;
  await register(server, { name, email: `zorbel.${suffix}@example.org`, organisation: org });

  const a = await openLink(browser, (await createLink(server, { role: 'participant' })).link);
  const f = await openLink(browser, (await createLink(server, { role: 'facilitator', room: 'plenary' })).link);
  const preview = a.page.locator('#redaction-preview');
  await expect(preview).toBeHidden();

  const typed = `🙂 Según ${name}, we at ${org} need better data. Write to me at lan.${suffix}@example.net.`;
  await a.page.locator('#post-text').fill(`  ${typed}`);
  await expect(a.page.locator('#preview-summary')).toHaveText(
    'These will be replaced before your contribution is stored: 1 name, 1 affiliation and 1 email address.',
  );
  // The parts of the author's own text, marked exactly (after an emoji and an accent).
  await expect(a.page.locator('#preview-yours mark')).toHaveText([name, org, `lan.${suffix}@example.net`]);
  await expect(a.page.locator('#preview-yours')).toContainText('(will be replaced by [a participant])');
  // The text as it will be stored.
  await expect(a.page.locator('#preview-stored')).toHaveText('🙂 Según [a participant], we at [an organisation] need better data. Write to me at [email].');
  await expect(a.page.locator('#preview-stored mark')).toHaveText(['[a participant]', '[an organisation]', '[email]']);
  await expectAccessible(a.page, 'participant room with a redaction preview');
  await screenshots(a.page, 'redaction-preview');

  // Typing on: the preview follows the text (it answers only the latest).
  await a.page.locator('#post-text').fill('Regional data-sharing agreements would help.');
  await expect(a.page.locator('#preview-summary')).toHaveText('Nothing in your text will be redacted.');
  await expect(a.page.locator('#preview-yours mark')).toHaveCount(0);

  // Posting: the ack says what was redacted; everyone sees the stored text.
  await a.page.locator('#post-text').fill(typed);
  await expect(a.page.locator('#preview-yours mark')).toHaveCount(3);
  await a.page.getByRole('button', { name: 'Send contribution' }).click();
  await expect(a.page.locator('#post-status')).toHaveText('Sent. Redacted before storage: 1 name, 1 affiliation and 1 email address.');
  await expect(preview).toBeHidden();
  const stored = '🙂 Según [a participant], we at [an organisation] need better data. Write to me at [email].';
  await expect(card(f.page, stored)).toHaveCount(1);
  await expect(card(a.page, stored)).toContainText('Yours');
  await expect(f.page.locator('.feed-list')).not.toContainText(name);

  // An organisation named as content is kept, and flagged.
  const mention = `The ${org} portal publishes useful data ${suffix}.`;
  await a.page.locator('#post-text').fill(mention);
  await expect(a.page.locator('#preview-summary')).toContainText('An organisation is named: it stays in the text');
  await expect(a.page.locator('#preview-stored mark.mark-flag')).toHaveText(org);
  await post(a.page, mention);
  await expect(a.page.locator('#post-status')).toHaveText('Sent. An organisation it names was kept and flagged for the rapporteur.');
  await expect(card(f.page, mention).locator('.badge-check')).toHaveText('Organisation mentioned — check');
  await expect(card(a.page, mention).locator('.badge-check')).toHaveCount(0);
  await expect(card(f.page, stored).locator('.badge-check')).toHaveCount(0);

  expectNoErrors(a.errors);
  expectNoErrors(f.errors);
  await a.context.close();
  await f.context.close();
});
