// The participant's help button and the state of their request.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { assertive, polite } from './announcer.js';

/**
 * @param {import('../session.js').Session} session
 * @param {{ signal: AbortSignal }} o
 */
export function helpButton(session, { signal }) {
  const button = h('button', { type: 'button', class: 'button button-secondary', id: 'help-button' }, t('help.ask'));
  const status = h('p', { class: 'help-status', id: 'help-status' });
  button.addEventListener('click', () => {
    if (!session.command({ type: 'help' })) assertive(t('error.notConnected'));
  });
  const render = () => {
    const st = session.helpStatus;
    status.textContent = st ? t(`help.status.${st.status}`) : '';
    status.hidden = !st;
  };
  session.addEventListener(
    'help-status',
    () => {
      render();
      if (session.helpStatus) polite(t(`help.status.${session.helpStatus.status}`));
    },
    { signal },
  );
  session.addEventListener(
    'failed',
    (e) => {
      const d = /** @type {CustomEvent} */ (e).detail;
      if (d.action === 'help') assertive(t('help.failed', { reason: d.error.message }));
    },
    { signal },
  );
  render();
  return h('div', { class: 'help' }, h('p', { class: 'muted small' }, t('help.explain')), button, status);
}
