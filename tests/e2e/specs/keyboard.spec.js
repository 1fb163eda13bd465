// Keyboard only: agree to the rule and post a contribution with Tab,
// arrows, Space and Enter; focus is always visible on the way.
import { card, createLink, expect, expectNoErrors, sharedServer, test, unique, watchErrors } from '../support/fixtures.js';

/**
 * Presses Tab until the element with `id` has focus (at most `max` times),
 * checking that each focused element shows a focus indicator.
 * @param {import('@playwright/test').Page} page
 * @param {string} id
 */
async function tabTo(page, id, max = 40) {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const el = /** @type {HTMLElement} */ (document.activeElement);
      const style = getComputedStyle(el);
      return { id: el.id, visible: style.outlineStyle !== 'none' || style.boxShadow !== 'none', tag: el.tagName };
    });
    expect(focus.visible, `focus indicator on <${focus.tag} id="${focus.id}">`).toBe(true);
    if (focus.id === id) return;
  }
  throw new Error(`never reached #${id} with Tab`);
}

test('agreeing and posting with the keyboard alone', async ({ page }) => {
  const server = sharedServer();
  const errors = watchErrors(page);
  const { link } = await createLink(server, { role: 'participant' });
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'The Chatham House Rule' })).toBeVisible();

  // Consent: Tab to the box, Space to tick, Tab to the button, Enter.
  const box = page.getByLabel('I have read the notice above and agree to follow the Chatham House Rule.');
  for (let i = 0; i < 20 && !(await box.evaluate((el) => el === document.activeElement)); i += 1) await page.keyboard.press('Tab');
  await expect(box).toBeFocused();
  await page.keyboard.press('Space');
  await expect(box).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Agree and join' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#room-name')).toBeFocused();
  await expect(page.locator('#connection')).toHaveAttribute('data-state', 'connected');

  // The form: pick objective 3 and the "practices" question with arrows.
  await tabTo(page, 'post-objective');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('#post-objective')).toHaveValue('3');
  await tabTo(page, 'post-question');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('#post-question')).toHaveValue('practices');
  await tabTo(page, 'post-text');
  const text = unique('Pre-departure orientation in the migrant’s own language works.');
  await page.keyboard.type(text);
  await expect(page.locator('#post-count')).toContainText(`${[...text].length} of 2,000 characters`);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Send contribution' })).toBeFocused();
  await page.keyboard.press('Enter');

  const item = card(page, text);
  await expect(item).toContainText('Objective 3: Information');
  await expect(item).toContainText('Identify established and emerging good practices');
  await expect(item).toContainText('Yours');
  await expect(page.locator('#post-text')).toHaveValue('');
  // Posting did not move focus.
  await expect(page.getByRole('button', { name: 'Send contribution' })).toBeFocused();

  // And Space works on buttons too: open the editor of one's contribution.
  await tabTo(page, (await item.getByRole('button', { name: 'Edit' }).evaluate((el) => { el.id = 'edit-own'; return el.id; })));
  await page.keyboard.press('Space');
  await expect(page.getByLabel('Edit your contribution')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(item.getByRole('button', { name: 'Edit' })).toBeFocused();

  expectNoErrors(errors);
});
