// Where the meeting is on its agenda: "Now: Opening plenary". Shown once
// the server reports the meeting's phase (phase 0 is the lobby before the
// opening; after the last item the meeting is closed).

import { h } from '../dom.js';
import { t } from '../i18n.js';

/**
 * The agenda index (0-based) of the current phase, or null.
 * @param {any} meeting
 */
export function agendaIndex(meeting) {
  if (!meeting || meeting.kind === 'lobby' || meeting.kind === 'closed') return null;
  return meeting.phase - 1;
}

/** @param {any} meeting */
export function phaseText(meeting) {
  if (meeting.kind === 'lobby') return t('phase.lobby');
  if (meeting.kind === 'closed') return t('phase.closed');
  return meeting.title ?? '';
}

/**
 * @param {import('../session.js').Session} session
 * @param {{ signal: AbortSignal }} o
 */
export function phaseLine(session, { signal }) {
  const value = h('strong', { class: 'phase-value' });
  const el = h('p', { class: 'phase', id: 'phase', hidden: true }, t('phase.now'), ' ', value);
  const render = () => {
    el.hidden = !session.meeting;
    if (!session.meeting) return;
    el.dataset.kind = session.meeting.kind;
    value.textContent = phaseText(session.meeting);
  };
  session.addEventListener('meeting', render, { signal });
  render();
  return el;
}
