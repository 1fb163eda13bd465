// Reconnect: the server is killed (SIGKILL) and restarted on the same port
// and data directory mid-session. The pages recover by themselves, and a
// post made during the outage is sent when the connection is back and
// appears exactly once, for its author and for everyone else.
import { card, createLink, expect, expectNoErrors, openLink, post, test, unique } from '../support/fixtures.js';
import { freePort } from '../support/server.js';

test('a post made while the server is down appears exactly once after it comes back', async ({ browser, newServer }) => {
  test.setTimeout(60_000);
  const port = await freePort();
  let server = await newServer({ port });
  const { data } = server;
  const a = await openLink(browser, (await createLink(server, { role: 'participant' })).link);
  const b = await openLink(browser, (await createLink(server, { role: 'participant' })).link);

  const before = unique('Posted before the outage.');
  await post(a.page, before);
  await expect(card(b.page, before)).toHaveCount(1);

  // The server dies; both pages notice and say so.
  await server.kill();
  for (const p of [a.page, b.page]) await expect(p.locator('#connection')).not.toHaveAttribute('data-state', 'connected');
  await expect(a.page.locator('#connection')).toContainText(/Reconnecting|Offline/);

  // A posts while the server is down: it waits in the outbox.
  const during = unique('Posted while the server was down.');
  await post(a.page, during);
  await expect(a.page.locator('.pending-item', { hasText: during })).toContainText('Waiting for the connection');
  await expect(card(a.page, during)).toHaveCount(0);
  expect(await a.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('rt.outbox.')).length)).toBe(1);

  // The server comes back on the same port and data; nobody reloads.
  server = await newServer({ port, data });
  for (const p of [a.page, b.page]) await expect(p.locator('#connection')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });

  await expect(card(a.page, during)).toHaveCount(1);
  await expect(card(b.page, during)).toHaveCount(1);
  await expect(a.page.locator('.pending-item')).toHaveCount(0);
  await expect(card(a.page, during)).toContainText('Yours');

  // A later post arrives after anything the outage could have duplicated
  // (room events are ordered), so counting now is final.
  const after = unique('Posted after the reconnect.');
  await post(a.page, after);
  await expect(card(b.page, after)).toHaveCount(1);
  for (const p of [a.page, b.page]) {
    await expect(card(p, during)).toHaveCount(1);
    await expect(card(p, before)).toHaveCount(1);
  }
  expect(await a.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('rt.outbox.')).length)).toBe(0);

  expectNoErrors(a.errors);
  expectNoErrors(b.errors);
  await a.context.close();
  await b.context.close();
});
