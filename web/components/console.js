// The facilitator's controls for the room they are in: the agenda (for
// whoever runs it), the room timer, broadcasts, and collect-then-reveal.
// Shown once the server reports the meeting (a server with live
// facilitation); each request's refusal is shown next to the controls.

import { field, h, replace, uid } from '../dom.js';
import { t, tn } from '../i18n.js';
import { assertive, polite } from './announcer.js';
import { phaseText } from './phase.js';

const BROADCAST_MAX = 500;

/**
 * @param {import('../session.js').Session} session
 * @param {{ signal: AbortSignal }} o
 */
export function facilitatorConsole(session, { signal }) {
  const status = h('p', { class: 'console-status', id: 'console-status', role: 'status' });
  const say = (/** @type {string} */ text) => {
    status.textContent = text;
  };
  const send = (/** @type {{type: string} & Record<string, any>} */ m) => {
    if (!session.command(m)) {
      say(t('error.notConnected'));
      assertive(t('error.notConnected'));
      return false;
    }
    say('');
    return true;
  };
  const roomId = () => /** @type {string} */ (session.room?.id);
  const button = (/** @type {string} */ label, /** @type {() => void} */ onClick, cls = 'button button-secondary') => {
    const b = h('button', { type: 'button', class: cls }, label);
    b.addEventListener('click', onClick);
    return b;
  };

  // Agenda: whoever runs it moves the whole meeting.
  const phaseNow = h('strong', { id: 'console-phase' });
  const closeGroups = button(t('console.closeGroups'), () => send({ type: 'close_groups' }));
  const agenda = session.runsAgenda
    ? h(
        'div',
        { class: 'console-block', role: 'group', 'aria-labelledby': 'console-agenda-h' },
        h('h3', { id: 'console-agenda-h' }, t('console.agenda')),
        h('p', null, t('phase.now'), ' ', phaseNow),
        h(
          'div',
          { class: 'actions' },
          button(t('console.back'), () => send({ type: 'go_back' })),
          button(t('console.next'), () => send({ type: 'advance' }), 'button'),
          closeGroups,
        ),
      )
    : null;
  const renderAgenda = () => {
    if (!session.meeting) return;
    phaseNow.textContent = phaseText(session.meeting);
    closeGroups.hidden = session.meeting.kind !== 'working_groups';
    selfSelect.checked = Boolean(session.meeting.self_select);
    scheduled.checked = Boolean(session.meeting.scheduled);
    autoReturn.checked = Boolean(session.meeting.auto_return);
    if (document.activeElement !== threshold) threshold.value = String(session.meeting.report_threshold ?? 3);
  };

  // Meeting options, for whoever runs the agenda.
  const selfSelect = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: uid('self'), class: 'checkbox' }));
  const autoReturn = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: uid('auto'), class: 'checkbox' }));
  const threshold = /** @type {HTMLInputElement} */ (h('input', { type: 'number', id: uid('threshold'), min: '1', max: '99', step: '1', class: 'input input-short', inputmode: 'numeric' }));
  selfSelect.addEventListener('change', () => send({ type: 'options', self_select: selfSelect.checked }));
  autoReturn.addEventListener('change', () => send({ type: 'options', auto_return: autoReturn.checked }));
  threshold.addEventListener('change', () => {
    const n = Number(threshold.value);
    if (Number.isInteger(n) && n >= 1) send({ type: 'options', report_threshold: n });
    else say(t('console.thresholdInvalid'));
  });
  // The organiser alone chooses between the agenda clock and the facilitator.
  const scheduled = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: uid('scheduled'), class: 'checkbox' }));
  scheduled.addEventListener('change', () => send({ type: 'schedule', scheduled: scheduled.checked }));
  const options = session.runsAgenda
    ? h(
        'div',
        { class: 'console-block', role: 'group', 'aria-labelledby': 'console-options-h' },
        h('h3', { id: 'console-options-h' }, t('console.options')),
        session.role === 'organiser' ? h('div', { class: 'check' }, scheduled, h('label', { for: scheduled.id }, t('console.scheduled'))) : null,
        h('div', { class: 'check' }, selfSelect, h('label', { for: selfSelect.id }, t('console.selfSelect'))),
        h('div', { class: 'check' }, autoReturn, h('label', { for: autoReturn.id }, t('console.autoReturn'))),
        field({ label: t('console.threshold'), control: threshold, hint: t('console.thresholdHint') }).el,
      )
    : null;

  // Timer for this room.
  const minutes = /** @type {HTMLInputElement} */ (h('input', { id: uid('minutes'), type: 'number', min: '0.25', max: '180', step: 'any', value: '5', class: 'input input-short', inputmode: 'decimal' }));
  const timerState = h('p', { class: 'muted small' });
  const pause = button(t('console.pause'), () => send({ type: 'timer', room: roomId(), action: 'pause' }));
  const resume = button(t('console.resume'), () => send({ type: 'timer', room: roomId(), action: 'resume' }));
  const extend = button(t('console.extend'), () => send({ type: 'timer', room: roomId(), action: 'extend', seconds: 60 }));
  const cancel = button(t('console.cancelTimer'), () => send({ type: 'timer', room: roomId(), action: 'cancel' }));
  const start = button(
    t('console.startTimer'),
    () => {
      const n = Number(minutes.value);
      if (!Number.isFinite(n) || n <= 0) {
        say(t('console.minutesInvalid'));
        minutes.focus();
        return;
      }
      send({ type: 'timer', room: roomId(), action: 'start', seconds: Math.round(n * 60) });
    },
    'button',
  );
  const timer = h(
    'div',
    { class: 'console-block', role: 'group', 'aria-labelledby': 'console-timer-h' },
    h('h3', { id: 'console-timer-h' }, t('console.timer')),
    timerState,
    h('div', { class: 'inline-field' }, field({ label: t('console.minutes'), control: minutes }).el, start),
    h('div', { class: 'actions' }, pause, resume, extend, cancel),
  );
  const renderTimer = () => {
    const tm = session.timer;
    timerState.textContent = !tm ? t('console.noTimer') : tm.state === 'paused' ? t('console.timerPaused') : t('console.timerRunning');
    pause.hidden = tm?.state !== 'running';
    resume.hidden = tm?.state !== 'paused';
    extend.hidden = !tm;
    cancel.hidden = !tm;
  };

  // Broadcast.
  const text = /** @type {HTMLTextAreaElement} */ (h('textarea', { id: uid('broadcast'), rows: '2', class: 'textarea textarea-short' }));
  const target = /** @type {HTMLSelectElement} */ (h('select', { id: uid('target'), class: 'select' }));
  const textField = field({ label: t('console.broadcastText'), control: text, hint: t('console.broadcastHint', { max: BROADCAST_MAX }) });
  const broadcastForm = h(
    'form',
    { class: 'console-block', novalidate: true, 'aria-labelledby': 'console-broadcast-h' },
    h('h3', { id: 'console-broadcast-h' }, t('console.broadcast')),
    textField.el,
    field({ label: t('console.broadcastTo'), control: target }).el,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, t('console.broadcastSend'))),
  );
  const renderTargets = () => {
    const prev = target.value;
    const here = session.room;
    replace(
      target,
      session.runsAgenda ? h('option', { value: '' }, t('console.everyRoom')) : null,
      here ? h('option', { value: here.id }, t('console.thisRoom', { room: here.name })) : null,
    );
    if ([...target.options].some((o) => o.value === prev)) target.value = prev;
  };
  broadcastForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = text.value.trim();
    const n = [...value].length;
    if (n === 0 || n > BROADCAST_MAX) {
      textField.setError(t('console.broadcastInvalid', { max: BROADCAST_MAX }));
      text.focus();
      return;
    }
    textField.setError(null);
    /** @type {Record<string, any>} */
    const m = { type: 'broadcast', text: value };
    if (target.value) m.room = target.value;
    if (send(/** @type {any} */ (m))) text.value = '';
  });

  // Collect, then reveal.
  const collectBox = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: uid('collect'), class: 'checkbox' }));
  const collectCount = h('p', { class: 'muted small', id: 'collect-count' });
  const reveal = button(t('console.reveal'), () => send({ type: 'reveal', room: roomId() }), 'button');
  collectBox.addEventListener('change', () => send({ type: 'collect', room: roomId(), on: collectBox.checked }));
  const collect = h(
    'div',
    { class: 'console-block', role: 'group', 'aria-labelledby': 'console-collect-h' },
    h('h3', { id: 'console-collect-h' }, t('console.collect')),
    h('div', { class: 'check' }, collectBox, h('label', { for: collectBox.id }, t('console.collectLabel'))),
    collectCount,
    h('div', { class: 'actions' }, reveal),
  );
  const renderCollect = () => {
    collectBox.checked = session.collecting;
    collectCount.textContent = session.collecting ? tn('console.collected', session.collected.length) : t('console.notCollecting');
    reveal.hidden = !session.collecting;
  };

  // An unscoped facilitator goes and looks at any room.
  const visitSelect = /** @type {HTMLSelectElement} */ (h('select', { id: uid('visit'), class: 'select' }));
  const visit =
    session.role === 'facilitator' && !session.scope
      ? h(
          'div',
          { class: 'console-block', role: 'group', 'aria-labelledby': 'console-visit-h' },
          h('h3', { id: 'console-visit-h' }, t('console.visit')),
          h(
            'div',
            { class: 'inline-field' },
            field({ label: t('console.visitRoom'), control: visitSelect }).el,
            button(t('console.visitGo'), () => send({ type: 'visit', room: visitSelect.value })),
          ),
        )
      : null;
  const renderVisit = () => {
    if (!visit) return;
    const ids = ['plenary', ...session.consultation.groups.map((/** @type {any} */ g) => g.slug)];
    replace(
      visitSelect,
      ...ids
        .filter((id) => id !== session.room?.id)
        .map((id) => h('option', { value: id }, id === 'plenary' ? t('room.plenary') : session.consultation.groups.find((/** @type {any} */ g) => g.slug === id).name)),
    );
  };

  const el = h(
    'section',
    { class: 'panel console', id: 'console', 'aria-labelledby': 'console-h', hidden: !session.meeting },
    h('h2', { id: 'console-h' }, t('console.title')),
    status,
    agenda,
    options,
    timer,
    broadcastForm,
    collect,
    visit,
  );

  const renderAll = () => {
    el.hidden = !session.meeting;
    renderAgenda();
    renderTimer();
    renderTargets();
    renderCollect();
    renderVisit();
  };
  const on = (/** @type {string} */ type, /** @type {(d: any) => void} */ fn) =>
    session.addEventListener(type, (e) => fn(/** @type {CustomEvent} */ (e).detail), { signal });
  on('meeting', renderAll);
  on('room', renderAll);
  on('timer', renderTimer);
  on('pending', renderCollect);
  on('done', ({ action }) => {
    if (action === 'broadcast') polite(t('console.broadcastSent'));
  });
  on('failed', ({ action, error }) => {
    if (!['advance', 'go_back', 'close_groups', 'options', 'schedule', 'timer', 'broadcast', 'collect', 'reveal', 'visit'].includes(action)) return;
    const message = t('console.failed', { reason: error.message });
    say(message);
    assertive(message);
  });
  renderAll();
  return el;
}
