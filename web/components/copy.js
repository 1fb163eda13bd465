// A read-only text field with a Copy button (for personal links), and a
// command shown in full with a Copy button (for the command line).

import { h, uid } from '../dom.js';
import { t } from '../i18n.js';

/**
 * Copies `value`; falls back to selecting `select` and the old copy command.
 * @param {string} value @param {() => void} select
 */
async function copy(value, select) {
  try {
    await navigator.clipboard.writeText(value);
    return true;
  } catch {
    select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}

/**
 * @param {string} label accessible label of the field
 * @param {string} value
 */
export function copyField(label, value) {
  const id = uid('copy');
  const input = /** @type {HTMLInputElement} */ (h('input', { id, type: 'text', readonly: true, value, class: 'copy-input', spellcheck: 'false' }));
  const status = h('span', { class: 'copy-status', role: 'status' });
  const button = h('button', { type: 'button', class: 'button button-secondary' }, t('copy.button'));
  button.addEventListener('click', async () => {
    const ok = await copy(value, () => {
      input.focus();
      input.select();
    });
    status.textContent = ok ? t('copy.done') : t('copy.failed');
  });
  input.addEventListener('focus', () => input.select());
  return h('div', { class: 'copy' }, h('label', { for: id, class: 'visually-hidden' }, label), input, button, status);
}

/**
 * A command, shown whole (it wraps on a phone), with a Copy button.
 * @param {string} label what the command does (the button's description)
 * @param {string} command
 */
export function copyCommand(label, command) {
  const id = uid('cmd');
  const code = h('code', { id }, command);
  const status = h('span', { class: 'copy-status', role: 'status' });
  const button = h('button', { type: 'button', class: 'button button-secondary', 'aria-label': t('copy.commandButton', { label }) }, t('copy.button'));
  button.addEventListener('click', async () => {
    const ok = await copy(command, () => {
      const range = document.createRange();
      range.selectNodeContents(code);
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
    });
    status.textContent = ok ? t('copy.done') : t('copy.failed');
  });
  return h('div', { class: 'copy copy-command', role: 'group', 'aria-label': label }, h('pre', { class: 'command' }, code), button, status);
}
