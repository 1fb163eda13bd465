// The organiser's registration work, on a server of its own: organisation
// aliases; a CSV import checked by a dry run (per-row report, nothing
// saved), then imported, then re-checked (everything unchanged); the
// registrant table sorted and downloaded; a registration deleted. Then the
// balanced assignment: a dry run and the same seed saved, with the balance
// report as tables and one chart per attribute; moving one person and
// swapping two; links re-issued for a mail merge after a warning; a
// walk-in placed on arrival; the purge explained with its exact command.
// axe-core checks each state; screenshots at 360 and 1280 px.
import { readFileSync } from 'node:fs';
import { SLUG, expect, expectAccessible, expectNoErrors, screenshots, test, watchErrors } from '../support/fixtures.js';

// A form tool's export: a Timestamp column, a quoted line break, and rows
// that break each rule. Row numbers count records, the header being row 1.
const CSV = [
  'Timestamp,Full name,Email address,Organization,Stakeholder category,Gender,Country of residence,Preferred working group,Accessibility needs,I agree to the Chatham House Rule',
  '2021-01-20 10:00,Ana Reyes,ana.reyes@example.org,Migrant Forum in Asia,Civil society,Female,Philippines,Working Group 2,,Yes',
  '2021-01-20 10:05,"Nguyen, Thi Lan",lan.nguyen@example.org,"Institute for Migration Studies, Hanoi",Academia,Woman,VN,WG1,"Sign language interpretation,\nand captions",Yes',
  '2021-01-20 10:10,Rahul Sharma,rahul.sharma@example.org,MFA,Civil society,Male,India,,,Yes',
  '2021-01-20 10:15,Siti Rahma,siti.rahma@example.org,The Migrant Forum in Asia,Migrants,Female,Indonesia,,,yes',
  '2021-01-20 10:20,Bad Email,not-an-email,Org B,Media,Male,Thailand,,,Yes',
  '2021-01-20 10:25,Nowhere Person,nowhere@example.org,Org C,Media,Male,Atlantis,,,Yes',
  '2021-01-20 10:30,Ana Again,ANA.REYES@EXAMPLE.ORG,Other Org,Academia,Female,Philippines,,,Yes',
  '2021-01-20 10:40,Tevita Fifita,tevita@example.org,Pacific Islands Network,Diasporas,Man,Tonga,,Wheelchair access,checked',
  '2021-01-20 10:45,Kenji Watanabe,kenji@example.org,Tokyo Migration Lab,Academia,Non-binary,JP,,,Yes',
  '2021-01-20 10:50,Priya Nair,priya@example.org,Kerala Workers Union,Trade unions,Woman,India,WG2,,Yes',
  '2021-01-20 10:55,Aigerim Bekova,aigerim@example.org,Steppe Diaspora Network,Diasporas,Woman,Kazakhstan,,,Yes',
  '2021-01-20 11:00,Mele Tupou,mele@example.org,Pacific Islands Network,Migrants,Woman,Tonga,,,Yes',
].join('\n');
const FILE = { name: 'registrations.csv', mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${CSV}\n`) };

/** @param {{url: string, organiserToken: string}} server @param {string} path @param {RequestInit} [init] */
async function organiserApi(server, path, init = {}) {
  const res = await fetch(`${server.url}/api/v1/consultations/${SLUG}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${server.organiserToken}`, ...(init.headers ?? {}) },
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

test('aliases, CSV import with a dry run first, and the registrant table', async ({ page, newServer }) => {
  test.setTimeout(90_000);
  const server = await newServer();
  const errors = watchErrors(page);
  await page.goto(server.organiserLink);
  const section = page.locator('#org-registrations');
  await expect(section.locator('#registration-counts')).toHaveText('0 registrants · Working Group 1: 0 · Working Group 2: 0 · not assigned: 0');
  await expect(section.locator('tbody')).toContainText('No one has registered yet.');

  // An alias: "MFA" is the Migrant Forum in Asia.
  const aliases = page.locator('#org-aliases');
  await aliases.getByLabel('Alias or acronym').fill('MFA');
  await aliases.getByLabel('Organisation', { exact: true }).fill('Migrant Forum in Asia');
  await aliases.getByRole('button', { name: 'Add alias' }).click();
  await expect(aliases.locator('tbody tr')).toHaveText([/MFA\s*Migrant Forum in Asia/]);

  // The dry run: every row reported, nothing saved.
  const imp = page.locator('#org-import');
  await imp.getByRole('button', { name: 'Check the file (dry run)' }).click();
  await expect(imp.getByLabel('CSV file')).toHaveAttribute('aria-invalid', 'true');
  await imp.getByLabel('CSV file').setInputFiles(FILE);
  await imp.getByRole('button', { name: 'Check the file (dry run)' }).click();
  const report = imp.locator('#import-report');
  await expect(report.locator('.import-summary')).toHaveText('Dry run: nothing was saved. 8 would be accepted, 4 rejected, 0 unchanged.');
  await expect(report).toContainText('Columns ignored: Timestamp.');
  const rows = report.locator('tbody tr');
  await expect(rows).toHaveCount(12);
  // The quoted line break: row 3 starts on line 3, row 4 on line 5.
  await expect(report.locator('tr[data-row="4"]')).toContainText(/^4\s*5\s*Would be accepted/);
  await expect(report.locator('tr[data-row="5"]')).toContainText('Organisation full');
  await expect(report.locator('tr[data-row="5"]')).toContainText('this organisation already has 2 registrations, the most allowed');
  await expect(report.locator('tr[data-row="6"]')).toContainText('email: not a valid email address');
  await expect(report.locator('tr[data-row="7"]')).toContainText('country: not a known country');
  await expect(report.locator('tr[data-row="8"]')).toContainText('Email already registered');
  await expect(report.locator('tr[data-outcome="rejected"]')).toHaveCount(4);
  await expect(section.locator('tbody tr[data-id]')).toHaveCount(0);
  await expectAccessible(page, 'organiser with an alias and an import dry-run report');

  // The real import of the same file.
  await imp.getByRole('button', { name: 'Import 8 rows' }).click();
  await expect(report.locator('.import-summary')).toHaveText('8 accepted, 4 rejected, 0 unchanged.');
  await expect(section.locator('tbody tr[data-id]')).toHaveCount(8);
  await expect(section.locator('#registration-counts')).toHaveText('8 registrants · Working Group 1: 0 · Working Group 2: 0 · not assigned: 8');
  await expect(imp.getByRole('button', { name: /^Import/ })).toBeHidden();

  // Checking it again: nothing would change.
  await imp.getByRole('button', { name: 'Check the file (dry run)' }).click();
  await expect(report.locator('.import-summary')).toHaveText('Dry run: nothing was saved. 0 would be accepted, 4 rejected, 8 unchanged.');
  await expect(imp.getByRole('button', { name: /^Import/ })).toBeHidden();

  // The table: by name first; sortable by organisation, both ways.
  const firstName = section.locator('tbody tr').first().locator('th');
  await expect(firstName).toHaveText('Aigerim Bekova');
  await expect(section.locator('th[aria-sort="ascending"]')).toHaveText(/Name/);
  await section.getByRole('button', { name: 'Organisation' }).click();
  await expect(section.locator('th[aria-sort="ascending"]')).toHaveText(/Organisation/);
  await expect(firstName).toHaveText('Nguyen, Thi Lan');
  await section.getByRole('button', { name: 'Organisation' }).click();
  await expect(section.locator('th[aria-sort="descending"]')).toHaveText(/Organisation/);
  await expect(firstName).toHaveText('Kenji Watanabe');
  const lan = section.locator('tbody tr', { hasText: 'Nguyen, Thi Lan' });
  await expect(lan).toContainText('Viet Nam');
  await expect(lan).toContainText('South-East Asia');
  await expect(lan).toContainText('Sign language interpretation');

  // The registrant export.
  const [download] = await Promise.all([page.waitForEvent('download'), section.getByRole('button', { name: 'Download registrations (CSV)' }).click()]);
  expect(download.suggestedFilename()).toBe(`${SLUG}-registrations.csv`);
  const csv = readFileSync(/** @type {string} */ (await download.path()), 'utf8');
  expect(csv).toContain('Priya Nair');
  expect(csv.trim().split(/\r?\n/)).toHaveLength(9);

  // Deleting a registration, after confirming.
  const mele = section.locator('tbody tr', { hasText: 'Mele Tupou' });
  await mele.getByRole('button', { name: 'Delete' }).click();
  await expect(mele.locator('.confirm')).toContainText('Delete the registration of Mele Tupou?');
  await mele.locator('.confirm').getByRole('button', { name: 'Delete' }).click();
  await expect(section.locator('tbody tr[data-id]')).toHaveCount(7);
  await expect(section.getByRole('heading', { name: 'Registrations' })).toBeFocused();
  expectNoErrors(errors);
});

test('balanced assignment with its report and charts, moves, swaps, links and the purge', async ({ page, newServer }) => {
  test.setTimeout(90_000);
  const server = await newServer();
  await organiserApi(server, '/aliases', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ alias: 'MFA', name: 'Migrant Forum in Asia' }) });
  await organiserApi(server, '/registrations/import?dry_run=false', { method: 'POST', body: FILE.buffer });
  const errors = watchErrors(page);
  await page.goto(server.organiserLink);
  const section = page.locator('#org-assignment');
  const table = page.locator('#org-registrations tbody');
  await expect(table.locator('tr[data-id]')).toHaveCount(8);
  await expect(section.locator('.report-mode')).toHaveText('No assignment has been run yet.');

  // A dry run with a seed: the report, nothing saved.
  await section.getByLabel('Seed').fill('not a number');
  await section.getByRole('button', { name: 'Preview (dry run)' }).click();
  await expect(section.getByLabel('Seed')).toHaveAttribute('aria-invalid', 'true');
  await section.getByLabel('Seed').fill('42');
  await section.getByRole('button', { name: 'Preview (dry run)' }).click();
  const report = section.locator('#balance-report');
  await expect(report.locator('.report-mode')).toHaveText('Dry run: what the assignment would give. Nothing has been saved.');
  await expect(section.locator('#assign-status')).toContainText('Dry run with seed 42');
  await expect(report.locator('.facts')).toContainText('Every count within ±1 of its shareYes');
  await expect(report.locator('.facts')).toContainText('Colleagues in the same group0');
  await expect(report.locator('.balance-groups tbody tr')).toHaveCount(2);
  for (const [attribute, name] of [['subregion', 'Subregion'], ['gender', 'Gender'], ['category', 'Stakeholder group']]) {
    const part = report.locator(`.balance-attribute[data-attribute="${attribute}"]`);
    await expect(part.getByRole('img', { name: `${name} by working group` })).toBeVisible();
    await expect(part.locator('table tbody tr')).not.toHaveCount(0);
  }
  // Each value's row: its total and each group's count with its share.
  const women = report.locator('.balance-attribute[data-attribute="gender"] tr[data-value="woman"]');
  await expect(women.locator('th')).toHaveText('Woman');
  await expect(women.locator('td').first()).toHaveText('5');
  await expect(women).toContainText('share 2.50');
  const womenBars = report.locator('.balance-attribute[data-attribute="gender"] svg g', { hasText: 'Woman' }).locator('text');
  await expect(womenBars).toHaveText(['Woman', /^wg1 [23]$/, /^wg2 [23]$/]);
  const dryTables = await report.locator('.balance-attribute table').allInnerTexts();
  await expect(table.locator('.cell-group')).toHaveText(Array(8).fill('Not assigned'));

  // Saved with the same seed: the same groups, now in the table.
  await section.getByRole('button', { name: 'Assign and save' }).click();
  await expect(section.locator('#assign-status')).toContainText('Assignment saved (seed 42)');
  await expect(report.locator('.report-mode')).toHaveText('The assignment as saved.');
  expect(await report.locator('.balance-attribute table').allInnerTexts()).toEqual(dryTables);
  await expect(page.locator('#registration-counts')).toHaveText('8 registrants · Working Group 1: 4 · Working Group 2: 4 · not assigned: 0');
  await expectAccessible(page, 'organiser with a balance report and charts');
  await screenshots(page, 'organiser-registrations');

  // Running it again asks first.
  await section.getByRole('button', { name: 'Assign and save' }).click();
  await expect(section.locator('.confirm')).toContainText('Everyone is reassigned');
  await section.locator('.confirm').getByRole('button', { name: 'Cancel' }).click();
  await expect(section.getByRole('button', { name: 'Assign and save' })).toBeFocused();

  // Move one person to the other group.
  const groupOf = async (/** @type {string} */ name) => (await table.locator('tr', { hasText: name }).locator('.cell-group').innerText()).trim();
  const anaBefore = await groupOf('Ana Reyes');
  const other = anaBefore === 'Working Group 1' ? 'Working Group 2' : 'Working Group 1';
  await section.getByLabel('Person', { exact: true }).selectOption({ label: `Ana Reyes, Migrant Forum in Asia (${anaBefore})` });
  await section.getByLabel('To group').selectOption({ label: other });
  await section.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(section.locator('#adjust-status')).toHaveText(`Ana Reyes has been moved to ${other}.`);
  await expect(table.locator('tr', { hasText: 'Ana Reyes' }).locator('.cell-group')).toHaveText(other);
  await expect(report.locator('.report-mode')).toHaveText('The groups as they stand now, with any moves made since the last run.');

  // Swap two people in different groups.
  const kenji = await groupOf('Kenji Watanabe');
  const partner = (await table.locator('tr[data-id]').allInnerTexts()).map((r) => r.split('\t')).find((cells) => !cells[0].includes('Kenji') && !cells.join(' ').includes(kenji))?.[0];
  expect(partner).toBeTruthy();
  const optionFor = async (/** @type {string} */ select, /** @type {string} */ name) =>
    /** @type {string} */ (await section.locator(`${select} option`, { hasText: `${name},` }).getAttribute('value'));
  await section.getByLabel('First person').selectOption(await optionFor('#swap-a', 'Kenji Watanabe'));
  await section.getByLabel('Second person').selectOption(await optionFor('#swap-b', String(partner)));
  await section.getByRole('button', { name: 'Swap', exact: true }).click();
  await expect(section.locator('#adjust-status')).toHaveText(`Kenji Watanabe and ${partner} have swapped groups.`);
  await expect(table.locator('tr', { hasText: 'Kenji Watanabe' }).locator('.cell-group')).not.toHaveText(kenji);

  // Links for a mail merge: a warning, a confirmation, then the CSV.
  const reissue = page.locator('#org-reissue');
  await expect(reissue).toContainText('Issuing new links ends the old ones.');
  await reissue.getByRole('button', { name: 'Issue new links for everyone (CSV)' }).click();
  await expect(reissue.locator('.confirm')).toContainText('Issue new links for all 8 registrants?');
  const [download] = await Promise.all([page.waitForEvent('download'), reissue.locator('.confirm').getByRole('button', { name: 'Issue new links' }).click()]);
  const csv = readFileSync(/** @type {string} */ (await download.path()), 'utf8').trim().split(/\r?\n/);
  expect(csv[0].replace(/^\ufeff/, '')).toBe('name,email,group,link');
  expect(csv).toHaveLength(9);
  expect(csv.find((l) => l.startsWith('Ana Reyes,'))).toMatch(new RegExp(`^Ana Reyes,ana.reyes@example.org,wg[12],${server.url}/#token=[A-Za-z0-9_-]{43}$`));
  await expect(page.locator('#registrations-status')).toContainText('New links issued for 8 registrants');

  // One new link for one person.
  const priya = table.locator('tr', { hasText: 'Priya Nair' });
  await priya.getByRole('button', { name: 'New link' }).click();
  await priya.locator('.confirm').getByRole('button', { name: 'Issue a new link' }).click();
  await expect(page.getByRole('textbox', { name: 'Personal link for Priya Nair' })).toHaveValue(/#token=/);

  // A walk-in after the assignment is placed on arrival.
  await page.locator('#walk-in summary').click();
  const walkIn = page.locator('#walk-in');
  await walkIn.getByLabel('Full name').fill('Walk In Person');
  await walkIn.getByLabel('Email address').fill('walkin@example.org');
  await walkIn.getByLabel('Organisation').fill('Late Arrivals Network');
  await walkIn.getByLabel('Stakeholder group').selectOption('media');
  await walkIn.getByRole('radio', { name: 'Man', exact: true }).check();
  await walkIn.getByLabel('Country').fill('Fiji');
  await walkIn.getByRole('checkbox', { name: /Chatham House Rule/ }).check();
  await walkIn.getByRole('button', { name: 'Register and create their link' }).click();
  await expect(walkIn.getByRole('textbox', { name: 'Personal link for Walk In Person' })).toHaveValue(/#token=/);
  await expect(walkIn).toContainText(/Placed in Working Group [12]/);
  await expect(table.locator('tr[data-id]')).toHaveCount(9);
  await expectAccessible(page, 'organiser after moves, a swap, new links and a walk-in');

  // The purge: explained, with the exact command; no button.
  const purge = page.locator('#org-purge');
  await expect(purge.getByRole('group', { name: 'Command that purges personal data' }).locator('code')).toHaveText(`roundtable purge --consultation ${SLUG} --yes`);
  await expect(purge.getByRole('button', { name: 'Copy the command: Command that purges personal data' })).toBeVisible();
  await expect(purge).toContainText('the server must be stopped first');
  // Its only buttons copy the commands.
  await expect(purge.getByRole('button')).toHaveText(['Copy', 'Copy']);
  expectNoErrors(errors);
});
