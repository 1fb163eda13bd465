// An inline confirmation ("Withdraw this contribution?" [Withdraw] [Keep])
// instead of window.confirm: keyboard and screen-reader friendly, and it
// moves focus only because the person asked for it.

import { h } from '../dom.js';

/**
 * Shows the confirmation inside `host`, focusing the confirm button.
 * @param {{host: HTMLElement, message: string, confirm: string, cancel: string, onConfirm: () => void, returnFocus: HTMLElement}} o
 */
export function confirmInline({ host, message, confirm, cancel, onConfirm, returnFocus }) {
  const close = () => {
    box.remove();
    returnFocus.focus();
  };
  const yes = h('button', { type: 'button', class: 'button button-danger' }, confirm);
  const no = h('button', { type: 'button', class: 'button button-secondary' }, cancel);
  const box = h('div', { class: 'confirm', role: 'group', 'aria-label': message }, h('p', null, message), h('div', { class: 'actions' }, yes, no));
  yes.addEventListener('click', () => {
    box.remove();
    onConfirm();
  });
  no.addEventListener('click', close);
  box.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
    }
  });
  host.querySelector('.confirm')?.remove();
  host.appendChild(box);
  yes.focus();
  return box;
}
