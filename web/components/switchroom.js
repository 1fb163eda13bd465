// Self-selection: while the facilitator allows it in the working-group
// phase, a participant may choose their working group.

import { field, h, replace, uid } from '../dom.js';
import { t } from '../i18n.js';
import { assertive } from './announcer.js';

/**
 * @param {import('../session.js').Session} session
 * @param {{ signal: AbortSignal }} o
 */
export function switchRoom(session, { signal }) {
  const select = /** @type {HTMLSelectElement} */ (h('select', { id: uid('switch'), class: 'select' }));
  const go = h('button', { type: 'button', class: 'button button-secondary' }, t('switch.go'));
  go.addEventListener('click', () => {
    if (!session.command({ type: 'switch_room', room: select.value })) assertive(t('error.notConnected'));
  });
  const el = h('div', { class: 'switch-room', id: 'switch-room', hidden: true }, h('div', { class: 'inline-field' }, field({ label: t('switch.label'), control: select }).el, go));
  const render = () => {
    const open = session.meeting?.self_select && session.meeting?.kind === 'working_groups';
    el.hidden = !open;
    if (!open) return;
    replace(
      select,
      ...session.consultation.groups
        .filter((/** @type {any} */ g) => g.slug !== session.room?.id)
        .map((/** @type {any} */ g) => h('option', { value: g.slug }, g.name)),
    );
    el.hidden = select.options.length === 0;
  };
  session.addEventListener('meeting', render, { signal });
  session.addEventListener('room', render, { signal });
  session.addEventListener(
    'failed',
    (e) => {
      const d = /** @type {CustomEvent} */ (e).detail;
      if (d.action === 'switch_room') assertive(t('console.failed', { reason: d.error.message }));
    },
    { signal },
  );
  render();
  return el;
}
