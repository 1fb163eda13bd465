// Saves a screenshot of every view at 360 px (a phone) and 1280 px (a
// desktop) into target/e2e-screenshots/, for reviewers. Each screenshot is
// taken once the view shows what it is for. The test runs its own server,
// so the pictures hold only what it posts.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/server.js';
import { agree, card, createLink, expect, expectNoErrors, post, test, watchErrors } from '../support/fixtures.js';

const OUT = join(repoRoot, 'target', 'e2e-screenshots');
const WIDTHS = [360, 1280];

test.beforeAll(() => mkdirSync(OUT, { recursive: true }));

for (const width of WIDTHS) {
  test(`every view at ${width} px`, async ({ browser, newServer }) => {
    test.setTimeout(60_000);
    const server = await newServer();
    const viewport = { width, height: width < 600 ? 740 : 900 };
    const shot = (/** @type {import('@playwright/test').Page} */ page, /** @type {string} */ view) =>
      page.screenshot({ path: join(OUT, `${view}-${width}.png`), fullPage: true });
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const errors = watchErrors(page);

    // Landing: no token.
    await page.goto(server.url);
    await expect(page.locator('.consultation-card')).toHaveCount(1);
    await shot(page, 'landing');

    // Invalid link.
    await page.goto(`${server.url}/#token=this-link-does-not-exist-0000000000000`);
    await expect(page.getByRole('heading', { name: 'This link is not valid' })).toBeVisible();
    await shot(page, 'invalid-link');

    // Consent.
    const participant = await createLink(server, { role: 'participant', group: 'wg2' });
    await page.goto(participant.link);
    await expect(page.getByRole('heading', { name: 'The Chatham House Rule' })).toBeVisible();
    await shot(page, 'consent');
    await agree(page);

    // The meeting moves to the working groups (a facilitator who runs the
    // agenda, not pictured), with a broadcast.
    const chair = await createLink(server, { role: 'facilitator' });
    const cContext = await browser.newContext({ viewport });
    const c = await cContext.newPage();
    await c.goto(chair.link);
    await agree(c);
    await c.getByRole('button', { name: 'Next phase' }).click();
    await expect(c.locator('#console-phase')).toHaveText('Opening plenary');
    await c.getByRole('button', { name: 'Next phase' }).click();
    await expect(page.locator('#room-name')).toHaveText('Working Group 2');
    await c.getByLabel('Message', { exact: true }).fill('Please post your recommendations before 13:15 Bangkok time.');
    await c.getByRole('button', { name: 'Send message' }).click();
    await expect(page.locator('#broadcasts')).toBeVisible();

    // The participant's room with contributions.
    const mine = `Awareness campaigns on migrants' rights should be run in the languages migrants actually read (${width} px).`;
    await post(page, mine, { objective: '17', question: 'recommendations' });
    await expect(card(page, mine)).toContainText('Yours');
    await shot(page, 'participant-room');

    // Facilitator of the same room.
    const facilitator = await createLink(server, { role: 'facilitator', room: 'wg2' });
    const fContext = await browser.newContext({ viewport });
    const f = await fContext.newPage();
    const fErrors = watchErrors(f);
    await f.goto(facilitator.link);
    await agree(f);
    await expect(card(f, mine).getByRole('button', { name: 'Hide' })).toBeVisible();
    await shot(f, 'facilitator');

    // Rapporteur of the group, with a key point and a summary.
    const rapporteur = await createLink(server, { role: 'rapporteur', group: 'wg2' });
    const rContext = await browser.newContext({ viewport });
    const r = await rContext.newPage();
    const rErrors = watchErrors(r);
    await r.goto(rapporteur.link);
    await agree(r);
    await card(r, mine).getByRole('button', { name: 'Mark as key point' }).click();
    await expect(card(r, mine)).toContainText('Key point');
    await r.locator('#summaries textarea[data-objective="17"]').fill('Participants stressed information in migrants’ own languages.');
    await shot(r, 'rapporteur');

    // Organiser.
    const oContext = await browser.newContext({ viewport });
    const o = await oContext.newPage();
    const oErrors = watchErrors(o);
    await o.goto(server.organiserLink);
    await expect(o.locator('.links-table tbody tr').first()).toBeVisible();
    await shot(o, 'organiser');

    for (const e of [errors, fErrors, rErrors, oErrors]) expectNoErrors(e);
    await Promise.all([context, cContext, fContext, rContext, oContext].map((x) => x.close()));
    });
}
