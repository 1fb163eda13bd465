// A read-only text field with a Copy button (for personal links).

import { h, uid } from '../dom.js';
import { t } from '../i18n.js';

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
    let ok = false;
    try {
      await navigator.clipboard.writeText(value);
      ok = true;
    } catch {
      input.focus();
      input.select();
      try {
        ok = document.execCommand('copy');
      } catch {
        ok = false;
      }
    }
    status.textContent = ok ? t('copy.done') : t('copy.failed');
  });
  input.addEventListener('focus', () => input.select());
  return h('div', { class: 'copy' }, h('label', { for: id, class: 'visually-hidden' }, label), input, button, status);
}
