// The room view shared by participants, facilitators and rapporteurs: the
// room's name and objectives, the post form (participants), the live feed
// (with hide for facilitators), what this facilitator hid, and the agenda.
//
// Later features slot in as panels here, each shown only once the server
// sends its messages: the current phase and timer (top of the room
// header), broadcasts (a banner above the layout), help requests and votes
// (in the feed cards), curation and summaries (rapporteur panels).

import { agendaTable } from '../components/agenda.js';
import { assertive, polite } from '../components/announcer.js';
import { broadcastBanner } from '../components/broadcasts.js';
import { facilitatorConsole } from '../components/console.js';
import { feed } from '../components/feed.js';
import { helpButton } from '../components/help.js';
import { objectiveList } from '../components/objectives.js';
import { agendaIndex, phaseLine } from '../components/phase.js';
import { exportPanel } from '../components/exports.js';
import { postForm } from '../components/postform.js';
import { reportBack } from '../components/reportback.js';
import { summaryEditor } from '../components/summaries.js';
import { switchRoom } from '../components/switchroom.js';
import { facilitatorQueues } from '../components/queues.js';
import { timerDisplay } from '../components/timer.js';
import { h, replace } from '../dom.js';
import { setTitle } from '../router.js';
import { t, tn } from '../i18n.js';

/**
 * @param {import('../session.js').Session} session
 * @returns {(signal: AbortSignal) => HTMLElement}
 */
export function roomView(session) {
  return (signal) => {
    const role = /** @type {string} */ (session.role);
    const canPost = role === 'participant';
    const canModerate = role === 'facilitator';
    const canCurate = role === 'rapporteur' && Boolean(session.scope);
    const name = h('h1', { id: 'room-name' });
    const roleLine = h('p', { class: 'role-line' });
    const objectives = h('div', { class: 'room-objectives' });
    const present = h('p', { class: 'present', id: 'present', hidden: true });

    const info = h(
      'section',
      { class: 'panel room-info', 'aria-labelledby': 'room-name' },
      h('p', { class: 'eyebrow' }, t('room.youAreIn')),
      name,
      phaseLine(session, { signal }),
      timerDisplay(session, { signal }),
      present,
      roleLine,
      canPost ? switchRoom(session, { signal }) : null,
      canPost ? helpButton(session, { signal }) : null,
      h('h2', null, t('room.objectives')),
      objectives,
    );
    const renderPresence = () => {
      const room = session.room;
      const n = room ? session.presence?.[room.id] : undefined;
      present.hidden = n === undefined;
      // We are here ourselves, whatever a count taken a moment ago says.
      if (n !== undefined) present.textContent = tn('room.present', Math.max(1, n));
    };
    session.addEventListener('presence', renderPresence, { signal });
    session.addEventListener('room', renderPresence, { signal });

    let first = true;
    function renderRoom(/** @type {boolean} */ moved) {
      const room = session.room;
      if (!room) {
        replace(name, t('room.loading'));
        return;
      }
      replace(name, room.name);
      replace(roleLine, roleText(session));
      replace(objectives, objectiveList(session.consultation, room.objectives));
      setTitle(room.name);
      const n = session.contributions.size;
      if (moved) assertive(t('room.moved', { room: room.name }));
      else if (first) polite(`${t('room.joined', { room: room.name })} ${tn('feed.count', n)}`);
      first = false;
    }
    session.addEventListener('room', (e) => renderRoom(/** @type {CustomEvent} */ (e).detail.moved), { signal });
    renderRoom(false);

    const main = h(
      'div',
      { class: 'room-main' },
      canModerate ? facilitatorConsole(session, { signal }) : null,
      reportBack(session, { signal }),
      canCurate ? summaryEditor(session, { signal }) : null,
      canPost ? postForm(session, { signal }) : null,
      feed(session, { canModerate, signal }),
      canModerate ? facilitatorQueues(session, { signal }) : null,
    );
    // The agenda marks the current item once the server reports phases.
    const agendaSlot = h('div', { class: 'panel' });
    const renderAgenda = () => replace(agendaSlot, agendaTable(session.consultation, { current: agendaIndex(session.meeting) }));
    session.addEventListener('meeting', renderAgenda, { signal });
    renderAgenda();
    const side = h(
      'div',
      { class: 'room-side' },
      canCurate ? exportPanel({ token: session.token, slug: session.consultation.slug, group: session.scope }) : null,
      agendaSlot,
    );

    return h(
      'div',
      { class: 'room-page' },
      broadcastBanner(session, { signal }),
      h('div', { class: 'room-layout', dataset: { role } }, info, main, side),
    );
  };
}

/** @param {import('../session.js').Session} session */
function roleText(session) {
  const groupName = (/** @type {string | null} */ slug) => {
    if (!slug) return null;
    if (slug === 'plenary') return t('room.plenary');
    return session.consultation.groups.find((/** @type {any} */ g) => g.slug === slug)?.name ?? slug;
  };
  switch (session.role) {
    case 'participant':
      return t('role.participantLine');
    case 'facilitator':
      return session.scope ? t('role.facilitatorLine', { room: groupName(session.scope) }) : t('role.facilitatorAllLine');
    case 'rapporteur':
      return t('role.rapporteurLine', { room: groupName(session.scope) });
    default:
      return '';
  }
}
