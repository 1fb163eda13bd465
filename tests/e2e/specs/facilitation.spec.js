// Live facilitation against a server of its own (it moves the meeting
// through its agenda): the facilitator advances the phases and everyone
// follows to their room; broadcasts and the timer with its one-minute
// warning; voting; a help request; collect-then-reveal; and the return to
// the closing plenary.
import { agree, card, createLink, expect, expectNoErrors, openLink, post, test, unique, watchErrors } from '../support/fixtures.js';

test('phases, broadcast, timer, votes, help and collect-then-reveal', async ({ browser, newServer }) => {
  test.setTimeout(90_000);
  const server = await newServer();
  const f = await openLink(browser, (await createLink(server, { role: 'facilitator' })).link);
  const p1 = await openLink(browser, (await createLink(server, { role: 'participant', group: 'wg1', name: 'Pat One' })).link);
  const p2 = await openLink(browser, (await createLink(server, { role: 'participant', group: 'wg2' })).link);
  const p3 = await openLink(browser, (await createLink(server, { role: 'participant', group: 'wg1' })).link);
  const all = [f, p1, p2, p3];

  // The lobby: everyone in the plenary.
  await expect(p1.page.locator('#phase')).toContainText('Before the opening');
  await expect(f.page.locator('#console')).toBeVisible();

  // The opening plenary; the agenda marks it as current for everyone.
  await f.page.getByRole('button', { name: 'Next phase' }).click();
  for (const x of all) await expect(x.page.locator('#phase')).toContainText('Opening plenary');
  await expect(p1.page.locator('.agenda-table tr[aria-current="step"]')).toContainText('Opening plenary');

  // A broadcast to every room, shown prominently and announced.
  const message = unique('Welcome. We start in two minutes.');
  await f.page.getByLabel('Message', { exact: true }).fill(message);
  await f.page.getByRole('button', { name: 'Send message' }).click();
  await expect(p2.page.locator('#broadcasts')).toContainText(message);
  await expect(p2.page.locator('#announce-assertive')).toContainText(message);
  await p2.page.locator('#broadcasts').getByRole('button', { name: 'Dismiss' }).click();
  await expect(p2.page.locator('#broadcasts')).toBeHidden();

  // A timer of 63 seconds: everyone counts down, and the server's
  // one-minute warning is announced about 3 seconds later.
  await f.page.getByLabel('Minutes').fill('1.05');
  await f.page.getByRole('button', { name: 'Start timer' }).click();
  await expect(p1.page.locator('#timer')).toContainText(/Time left: 1:0\d/);
  await expect(p1.page.locator('#announce-assertive')).toContainText('One minute left.');
  await f.page.getByRole('button', { name: 'Stop timer' }).click();
  await expect(p1.page.locator('#timer')).toBeHidden();

  // The working groups: each participant lands in their own group.
  await f.page.getByRole('button', { name: 'Next phase' }).click();
  await expect(p1.page.locator('#room-name')).toHaveText('Working Group 1');
  await expect(p3.page.locator('#room-name')).toHaveText('Working Group 1');
  await expect(p2.page.locator('#room-name')).toHaveText('Working Group 2');
  await expect(p1.page.locator('#announce-assertive')).toContainText('You are now in Working Group 1.');
  await expect(p1.page.locator('#present')).toContainText('2 people connected here.');

  // Votes: P3 votes for P1's contribution, then takes the vote back.
  const idea = unique('A regional data portal with common definitions.');
  await post(p1.page, idea, { objective: '1', question: 'recommendations' });
  await expect(card(p3.page, idea)).toContainText('0 votes');
  await expect(card(p1.page, idea).getByRole('button', { name: 'Vote' })).toHaveCount(0);
  await card(p3.page, idea).getByRole('button', { name: 'Vote' }).click();
  await expect(card(p1.page, idea)).toContainText('1 vote');
  await expect(card(p3.page, idea).getByRole('button', { name: 'Remove my vote' })).toHaveAttribute('aria-pressed', 'true');
  await card(p3.page, idea).getByRole('button', { name: 'Remove my vote' }).click();
  await expect(card(p1.page, idea)).toContainText('0 votes');

  // Help: P1 asks; the facilitator sees it (with the registered name) and answers.
  await p1.page.getByRole('button', { name: 'Ask for help' }).click();
  await expect(p1.page.locator('#help-status')).toContainText('sent');
  const request = f.page.locator('#help-queue li', { hasText: 'Pat One' });
  await expect(request).toContainText('Working Group 1');
  await request.getByRole('button', { name: 'On my way' }).click();
  await expect(p1.page.locator('#help-status')).toHaveText('A facilitator is on the way.');

  // Collect, then reveal, in Working Group 1.
  await f.page.getByLabel('Room', { exact: true }).selectOption('wg1');
  await f.page.getByRole('button', { name: 'Go', exact: true }).click();
  await expect(f.page.locator('#room-name')).toHaveText('Working Group 1');
  await f.page.getByLabel('Collect contributions in this room and reveal them all at once').check();
  await expect(p1.page.locator('#collect-note')).toBeVisible();
  const held = unique('Collected until the reveal.');
  await post(p1.page, held);
  await expect(p1.page.locator('#held')).toContainText(held);
  await expect(f.page.locator('#collect-count')).toContainText('1 contribution collected');
  await expect(card(p3.page, held)).toHaveCount(0);
  await f.page.getByRole('button', { name: 'Reveal now' }).click();
  await expect(card(p3.page, held)).toHaveCount(1);
  await expect(card(p1.page, held)).toContainText('Yours');
  await expect(p1.page.locator('#held')).toBeHidden();

  // The closing plenary: everyone is back together.
  await f.page.getByRole('button', { name: 'Next phase' }).click();
  for (const x of [p1, p2, p3]) await expect(x.page.locator('#room-name')).toHaveText('Plenary');
  await expect(p2.page.locator('#phase')).toContainText('Closing plenary');

  for (const x of all) {
    expectNoErrors(x.errors);
    await x.context.close();
  }
});

test('a countdown follows the server’s clock, not a wrong computer clock', async ({ browser, newServer }) => {
  const server = await newServer();
  const f = await openLink(browser, (await createLink(server, { role: 'facilitator' })).link);
  // This participant's computer clock is ten minutes fast: counting down
  // to the timer's end by it would show 0:00 at once.
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.clock.install({ time: Date.now() + 10 * 60_000 });
  await page.goto((await createLink(server, { role: 'participant' })).link);
  await agree(page);
  await f.page.getByLabel('Minutes').fill('5');
  await f.page.getByRole('button', { name: 'Start timer' }).click();
  await expect(page.locator('#timer')).toContainText(/Time left: (5:00|4:5\d)/);
  expectNoErrors(errors);
  await context.close();
  await f.context.close();
});
