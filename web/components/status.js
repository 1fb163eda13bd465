// The connection indicator in the header: a shape and a word, never colour
// alone. Changes after the first connection are announced politely.

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { polite } from './announcer.js';

/**
 * @param {import('../session.js').Session} session
 * @returns {HTMLElement}
 */
export function connectionIndicator(session) {
  const label = h('span', { class: 'conn-label' });
  const retry = h('button', { type: 'button', class: 'link-button conn-retry', hidden: true }, t('conn.retryNow'));
  retry.addEventListener('click', () => session.retryNow());
  const el = h('div', { class: 'conn', id: 'connection', dataset: { state: session.state } }, h('span', { class: 'conn-dot', 'aria-hidden': 'true' }), label, retry);
  let wasConnected = false;
  let last = session.state;
  const render = (/** @type {string} */ state) => {
    el.dataset.state = state;
    replace(label, t(`conn.${state}`));
    retry.hidden = state !== 'offline' && state !== 'reconnecting';
    if (state === 'connected') {
      if (wasConnected && last !== 'connected') polite(t('conn.restored'));
      wasConnected = true;
    } else if (last === 'connected' && (state === 'reconnecting' || state === 'offline')) {
      polite(t('conn.lostAnnounce'));
    }
    last = state;
  };
  session.addEventListener('state', (e) => render(/** @type {CustomEvent} */ (e).detail));
  render(session.state);
  return el;
}
