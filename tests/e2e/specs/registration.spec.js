// Registration through the public form, on a server running the example
// consultation (registration closed in 2021) and a copy of it whose
// registration is open (openConsultation()): the start page links to the
// open form and says the other is closed; the form shows the deadline in
// the viewer's time and Bangkok time, the notice in full, the subregion of
// the country; missing answers and the server's own refusals (an email
// registered in another case, a third person from one organisation) are
// shown next to their fields; success gives the personal link once, with
// a copy button, and the link opens the room without asking for consent
// again. axe-core checks every state; screenshots at 360 and 1280 px.
import {
  EXAMPLE_FILE,
  SLUG,
  expect,
  expectAccessible,
  expectNoErrors,
  openConsultation,
  register,
  screenshots,
  sharedServer,
  test,
  watchErrors,
} from '../support/fixtures.js';

test('register through the form, get the link, and join', async ({ browser, newServer }) => {
  test.setTimeout(90_000);
  const open = openConsultation();
  const server = await newServer({ consultations: [EXAMPLE_FILE, open.file] });
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = await context.newPage();
  const errors = watchErrors(page);

  // The start page: the open consultation links to its form.
  await page.goto(server.url);
  const closedCard = page.locator(`.consultation-card[data-slug="${SLUG}"]`);
  const openCard = page.locator(`.consultation-card[data-slug="${open.slug}"]`);
  await expect(closedCard).toContainText('Registration closed on 31 January 2021, 24:00 Bangkok time');
  await expect(closedCard.getByRole('link', { name: 'Register' })).toHaveCount(0);
  await expect(openCard).toContainText(`Registration is open until 31 January ${open.year}, 24:00 Bangkok time (the end of that day)`);
  await expectAccessible(page, 'landing with registration open and closed');
  await screenshots(page, 'landing-registration');
  await openCard.getByRole('link', { name: 'Register' }).click();
  await expect(page).toHaveURL(`${server.url}/register/${open.slug}`);

  // The form: the deadline in Bangkok time and in the viewer's (Paris).
  await expect(page.getByRole('heading', { level: 1 })).toContainText('registration open');
  await expect(page.locator('#reg-deadline')).toContainText(`Registration closes: 31 January ${open.year}, 24:00 Bangkok time (the end of that day)`);
  await expect(page.locator('#reg-deadline')).toContainText(new RegExp(`That is \\w+,? 31 January ${open.year}, 18:00 your time \\(Paris\\)\\.`));
  await expect(page.locator('.register-notice .notice-text')).toContainText('may not reveal the identity or the affiliation of the speaker(s), or of any other participant');
  await expect(page.locator('#reg-category option')).toHaveCount(16);
  await expect(page.getByRole('radiogroup', { name: 'Gender' }).getByRole('radio')).toHaveCount(5);

  // Sending it empty: every missing answer, next to its field and in the summary.
  await page.getByRole('button', { name: 'Register' }).click();
  const summary = page.locator('.error-summary');
  await expect(summary).toBeFocused();
  await expect(summary.locator('li')).toHaveCount(7);
  await expect(page.getByLabel('Full name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Full name')).toHaveAccessibleDescription(/Enter your full name\./);
  await expect(page.getByRole('radiogroup', { name: 'Gender' })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('checkbox', { name: /agree to follow the Chatham House Rule/ })).toHaveAccessibleDescription(/Tick the box/);
  await expectAccessible(page, 'registration form with errors');
  // A link in the summary takes focus to its field.
  await summary.getByRole('link', { name: 'Enter your email address.' }).click();
  await expect(page.getByLabel('Email address')).toBeFocused();

  // The country gives its subregion as it is typed.
  await page.getByLabel('Country').fill('Viet Nam');
  await expect(page.locator('#reg-subregion')).toHaveText('Subregion: South-East Asia');
  await page.getByLabel('Country').fill('fj');
  await expect(page.locator('#reg-subregion')).toHaveText('Subregion: Pacific');
  await page.getByLabel('Country').fill('Philippines');

  await page.getByLabel('Full name').fill('Ana Reyes');
  await page.getByLabel('Email address').fill('ana.reyes@example.org');
  await page.getByLabel('Organisation').fill('Migrant Forum in Asia');
  await page.getByLabel('Stakeholder group').selectOption({ label: 'Civil society' });
  await page.getByRole('radio', { name: 'Woman' }).check();
  await page.getByLabel('Preferred working group').selectOption('wg2');
  await page.getByLabel('Accessibility needs').fill('Captions, please.');
  await page.getByRole('checkbox', { name: /agree to follow the Chatham House Rule/ }).check();
  await screenshots(page, 'registration-form');
  await page.getByRole('button', { name: 'Register' }).click();

  // Registered: the link, once, with a copy button and the advice.
  const done = page.locator('#reg-done');
  await expect(done.getByRole('heading', { name: 'You are registered' })).toBeFocused();
  const linkField = done.getByRole('textbox', { name: 'Your personal link' });
  await expect(linkField).toHaveValue(new RegExp(`^${server.url}/#token=[A-Za-z0-9_-]{43}$`));
  const link = await linkField.inputValue();
  await expect(done).toContainText('Keep this link private');
  await expect(done).toContainText('It is shown only once');
  await done.getByRole('button', { name: 'Copy' }).click();
  await expect(done.getByRole('status')).toHaveText('Copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  await expectAccessible(page, 'registration done');
  await screenshots(page, 'registration-done');

  // The server has it, with the derived subregion, for the organiser.
  const res = await fetch(`${server.url}/api/v1/consultations/${open.slug}/registrations`, { headers: { Authorization: `Bearer ${server.organiserToken}` } });
  const rows = await res.json();
  expect(rows).toEqual([
    expect.objectContaining({ name: 'Ana Reyes', email: 'ana.reyes@example.org', country: 'PH', subregion: 'south_east_asia', preferred_group: 'wg2', gender: 'woman', category: 'civil-society', accessibility: 'Captions, please.' }),
  ]);

  // The link opens the room; consent was given on the form, in this browser.
  await page.getByRole('link', { name: 'Open the consultation' }).click();
  await expect(page.locator('#room-name')).toHaveText('Plenary');
  await expect(page.locator('#connection')).toHaveAttribute('data-state', 'connected');
  expect(page.url()).not.toContain('token');

  expectNoErrors(errors);
  await context.close();
});

test('the server’s refusals are shown next to their fields', async ({ page, newServer }) => {
  const open = openConsultation();
  const server = await newServer({ consultations: [open.file] });
  const errors = watchErrors(page);
  await register(server, { name: 'Rahul Sharma', email: 'rahul@example.org', organisation: 'The Migrant Forum in Asia' }, { slug: open.slug, walkIn: false });
  await register(server, { name: 'Siti Rahma', email: 'siti@example.org', organisation: 'migrant forum in asia' }, { slug: open.slug, walkIn: false });

  await page.goto(`${server.url}/register/${open.slug}`);
  const fill = async (/** @type {string} */ email, /** @type {string} */ org) => {
    await page.getByLabel('Full name').fill('Lan Nguyen');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Organisation').fill(org);
    await page.getByLabel('Stakeholder group').selectOption('academia');
    await page.getByRole('radio', { name: 'Prefer not to say' }).check();
    await page.getByLabel('Country').fill('VN');
    await page.getByRole('checkbox', { name: /agree to follow the Chatham House Rule/ }).check();
    await page.getByRole('button', { name: 'Register' }).click();
  };

  // An email already registered, in another case.
  await fill('RAHUL@Example.ORG', 'Institute for Migration Studies');
  const email = page.getByLabel('Email address');
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toHaveAccessibleDescription(/already registered for this consultation/);
  await expect(page.locator('.error-summary')).toBeFocused();
  await expect(page.getByLabel('Organisation')).not.toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'registration with a server error');
  await screenshots(page, 'registration-error');

  // A third person from one organisation, however it is written.
  await fill('lan@example.org', 'MIGRANT FORUM IN ASIA (MFA)');
  const org = page.getByLabel('Organisation');
  await expect(org).toHaveAttribute('aria-invalid', 'true');
  await expect(org).toHaveAccessibleDescription(/already has 2 registered people/);
  await expect(email).not.toHaveAttribute('aria-invalid', 'true');

  // A country the server does not know (it is not in the list either).
  await page.getByLabel('Organisation').fill('Institute for Migration Studies');
  await page.getByLabel('Country').fill('Atlantis');
  await expect(page.locator('#reg-subregion')).toContainText('not found yet');
  await page.getByRole('button', { name: 'Register' }).click();
  const country = page.getByLabel('Country');
  await expect(country).toHaveAttribute('aria-invalid', 'true');
  await expect(country).toHaveAccessibleDescription(/This country is not recognised/);
  await expect(org).not.toHaveAttribute('aria-invalid', 'true');

  await country.fill('Viet Nam');
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.locator('#reg-done')).toBeVisible();
  // The browser logs the refused requests; nothing else went wrong.
  expectNoErrors(errors.filter((e) => !/Failed to load resource: the server responded with a status of 40[09]/.test(e)));
});

test('after the deadline the form says registration is closed', async ({ page }) => {
  const { url } = sharedServer();
  const errors = watchErrors(page);
  await page.goto(`${url}/register/${SLUG}`);
  await expect(page.getByRole('heading', { name: 'Registration is closed' })).toBeVisible();
  await expect(page.locator('#reg-closed')).toContainText('Registration closed: 31 January 2021, 24:00 Bangkok time (the end of that day)');
  await expect(page.locator('#reg-closed')).toContainText(/That is Sunday,? 31 January 2021, 18:00 your time \(Paris\)\./);
  await expect(page.locator('form')).toHaveCount(0);
  await expectAccessible(page, 'registration closed');
  await screenshots(page, 'registration-closed');

  // An unknown consultation gets a page that says so.
  await page.goto(`${url}/register/no-such-consultation`);
  await expect(page.getByRole('heading', { name: 'No consultation at this address' })).toBeVisible();
  await expectAccessible(page, 'registration for an unknown consultation');
  expectNoErrors(errors.filter((e) => !/Failed to load resource: the server responded with a status of 404/.test(e)));
});
