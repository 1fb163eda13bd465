// The whole flow, in separate browser contexts, on a server of its own
// running a consultation whose registration is open: the organiser creates
// links in the organiser view; one participant registers through the form
// and opens the link it gives, the other joins by link after agreeing to
// the Chatham House Rule; the organiser runs the assignment; one posts and
// the other sees it live; the plenary facilitator hides it and it vanishes
// for both, then restores it; the organiser moves a participant to a
// working group; the facilitator opens the working groups and each
// participant lands in their own; the links download as CSV.
import { readFileSync } from 'node:fs';
import { agree, card, expect, expectNoErrors, openConsultation, post, test, unique, watchErrors } from '../support/fixtures.js';

test('register or join by link, assignment, live posting, hide and restore, moving a participant', async ({ browser, newServer }) => {
  test.setTimeout(90_000);
  const server = await newServer({ consultations: [openConsultation().file] });
  const slug = openConsultation().slug;

  // The organiser opens their link: the token leaves the address bar.
  const orgContext = await browser.newContext();
  const org = await orgContext.newPage();
  const orgErrors = watchErrors(org);
  await org.goto(server.organiserLink);
  await expect(org.getByRole('heading', { level: 1 })).toContainText('Stakeholder Consultation for the Asia-Pacific Regional Review');
  expect(org.url()).not.toContain('token');
  await expect(org.locator('#role-badge')).toHaveText('Organiser');

  // ...and creates two participant links and a plenary facilitator link.
  const names = { a: unique('Amara Participant'), b: unique('Bao Participant'), f: unique('Farah Facilitator') };
  /** @type {Record<string, string>} */
  const links = {};
  for (const [who, role, room] of /** @type {const} */ ([
    ['b', 'participant', 'wg2'],
    ['f', 'facilitator', 'plenary'],
  ])) {
    await org.locator('#link-role').selectOption(role);
    await org.locator('#link-room').selectOption(room);
    await org.locator('#link-name').fill(names[who]);
    await org.locator('#link-email').fill(`${who}@example.org`);
    await org.getByRole('button', { name: 'Create link' }).click();
    const field = org.getByRole('textbox', { name: `Personal link for ${names[who]}` }).first();
    await expect(field).toHaveValue(/#token=/);
    links[who] = await field.inputValue();
  }
  await expect(org.locator('.links-table tbody tr', { hasText: names.b })).toContainText('Active');

  // Participant A registers through the form, agreeing to the notice shown
  // in full there, and opens the link it gives: straight into the room
  // (the plenary: the meeting is in its lobby, before the opening).
  const aContext = await browser.newContext();
  const a = await aContext.newPage();
  const aErrors = watchErrors(a);
  await a.goto(`${server.url}/register/${slug}`);
  await expect(a.locator('.notice-text')).toContainText('may not reveal the identity or the affiliation of the speaker(s)');
  await a.getByLabel('Full name').fill(names.a);
  await a.getByLabel('Email address').fill('amara@example.org');
  await a.getByLabel('Organisation').fill('Example Migrant Workers Network');
  await a.getByLabel('Stakeholder group').selectOption('migrant-organisations');
  await a.getByRole('radio', { name: 'Non-binary' }).check();
  await a.getByLabel('Country').fill('Nepal');
  await expect(a.locator('#reg-subregion')).toHaveText('Subregion: South and South-West Asia');
  await a.getByLabel('Preferred working group').selectOption('wg2');
  await a.getByRole('checkbox', { name: /agree to follow the Chatham House Rule/ }).check();
  await a.getByRole('button', { name: 'Register' }).click();
  links.a = await a.getByRole('textbox', { name: 'Your personal link' }).inputValue();
  await a.getByRole('link', { name: 'Open the consultation' }).click();
  await expect(a.locator('#room-name')).toHaveText('Plenary');
  expect(a.url()).not.toContain('token');
  // The agenda shows the viewer's time (Paris) and Bangkok time.
  const opening = a.locator('.agenda-table tr', { hasText: 'Opening plenary' });
  await expect(opening).toContainText('05:00–05:45');
  await expect(opening).toContainText('11:00–11:45');

  const bContext = await browser.newContext();
  const b = await bContext.newPage();
  const bErrors = watchErrors(b);
  await b.goto(links.b);
  await expect(b.locator('.notice-text')).toContainText('may not reveal the identity or the affiliation of the speaker(s)');
  await agree(b);

  const fContext = await browser.newContext();
  const f = await fContext.newPage();
  const fErrors = watchErrors(f);
  await f.goto(links.f);
  await agree(f);
  await expect(f.locator('#role-badge')).toHaveText('Facilitator');

  // The organiser sees A's registration and runs the assignment.
  await org.getByRole('button', { name: 'Assign and save' }).click();
  await expect(org.locator('#assign-status')).toContainText('Assignment saved');
  const aRow = org.locator('#org-registrations tbody tr', { hasText: names.a });
  await expect(aRow).toContainText('Nepal');
  await expect(aRow.locator('.cell-group')).toHaveText(/^Working Group [12]$/);
  const aGroup = await aRow.locator('.cell-group').innerText();

  // A posts; B and the facilitator see it live, at the top of the feed.
  const text = unique('Disaggregated data by migration status is still missing in most countries.');
  await post(a, text, { objective: '1', question: 'challenges' });
  await expect(card(a, text)).toContainText('Yours');
  await expect(b.locator('.feed-list > li').first()).toContainText(text);
  await expect(card(b, text)).toContainText('Objective 1: Data');
  await expect(card(b, text)).toContainText('Identify key challenges');
  await expect(card(b, text).getByRole('button', { name: 'Edit' })).toHaveCount(0);
  await expect(card(f, text)).toBeVisible();

  // Filters: B filters by another objective and the contribution is hidden.
  await b.locator('#filter-objective').selectOption('3');
  await expect(card(b, text)).toBeHidden();
  await b.locator('#filter-objective').selectOption('');
  await expect(card(b, text)).toBeVisible();

  // The facilitator hides it: gone for everyone, listed in the moderation queue.
  await card(f, text).getByRole('button', { name: 'Hide' }).click();
  await expect(card(a, text)).toHaveCount(0);
  await expect(card(b, text)).toHaveCount(0);
  await expect(card(f, text)).toHaveCount(0);
  const hiddenItem = f.locator('#moderation-queue li', { hasText: text });
  await expect(hiddenItem).toContainText('Hidden');

  // ...and restores it.
  await hiddenItem.getByRole('button', { name: 'Restore' }).click();
  await expect(card(b, text)).toHaveCount(1);
  await expect(hiddenItem).toHaveCount(0);

  // The organiser moves B to Working Group 1; B's page follows by itself.
  await org.reload();
  const bRow = org.locator('.links-table tbody tr', { hasText: names.b });
  await bRow.getByLabel(`Room for ${names.b}`, { exact: false }).selectOption('wg1');
  await bRow.getByRole('button', { name: 'Move now' }).click();
  await expect(b.locator('#room-name')).toHaveText('Working Group 1');
  await expect(card(b, text)).toHaveCount(0);
  await expect(b.locator('#post-objective option')).toHaveText(['Objective 1: Data', 'Objective 3: Information', 'Objective 23: International cooperation']);

  // The facilitator opens the working groups: A goes to the group the
  // assignment gave, B to the one the organiser chose.
  await f.getByRole('button', { name: 'Next phase' }).click();
  await expect(a.locator('#phase')).toContainText('Opening plenary');
  await expect(b.locator('#room-name')).toHaveText('Plenary');
  await f.getByRole('button', { name: 'Next phase' }).click();
  await expect(a.locator('#room-name')).toHaveText(aGroup.trim());
  await expect(b.locator('#room-name')).toHaveText('Working Group 1');

  // The links download as CSV, with the URLs made in this tab.
  const [download] = await Promise.all([org.waitForEvent('download'), org.getByRole('button', { name: 'Download links (CSV)' }).click()]);
  const csv = readFileSync(/** @type {string} */ (await download.path()), 'utf8');
  expect(csv.split('\r\n')[0]).toBe('\ufeff"name","email","organisation","role","group","room","status","link","id"');
  expect(csv).toContain(`"${names.b}","b@example.org","","participant","wg2","wg1","active","${links.b}"`);
  // A registered: the server never shows that link again, so no URL here.
  expect(csv).not.toContain(links.a);

  for (const errors of [orgErrors, aErrors, bErrors, fErrors]) expectNoErrors(errors);
  await Promise.all([orgContext, aContext, bContext, fContext].map((c) => c.close()));
});
