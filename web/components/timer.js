// The room's timer: the server holds the end instant, the client counts
// down. The one-minute warning and the end are announced (assertively:
// they call for action); the ticking itself is not.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { assertive } from './announcer.js';

/** @param {number} ms */
export function clock(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const sec = String(total % 60).padStart(2, '0');
  return `${m}:${sec}`;
}

/**
 * Milliseconds left on a timer state at `now` (the server's clock, from
 * `session.now()`, so a wrong computer clock does not skew the countdown).
 * @param {any} timer @param {number} now
 */
export function remaining(timer, now) {
  if (!timer) return 0;
  if (timer.state === 'paused') return timer.remaining_ms;
  return Date.parse(timer.ends_at) - now;
}

/**
 * @param {import('../session.js').Session} session
 * @param {{ signal: AbortSignal }} o
 */
export function timerDisplay(session, { signal }) {
  const value = h('span', { class: 'timer-value' });
  const label = h('span', { class: 'timer-label' });
  const el = h('div', { class: 'timer', id: 'timer', role: 'timer', 'aria-live': 'off', hidden: true }, label, ' ', value);
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let tick;
  const render = () => {
    const timer = session.timer;
    el.hidden = !timer;
    clearInterval(tick);
    if (!timer) return;
    el.dataset.state = timer.state;
    label.textContent = timer.state === 'paused' ? t('timer.paused') : t('timer.left');
    const update = () => {
      const ms = remaining(timer, session.now());
      value.textContent = clock(ms);
      el.classList.toggle('timer-low', ms <= 60_000);
    };
    update();
    if (timer.state === 'running') tick = setInterval(update, 250);
  };
  session.addEventListener(
    'timer',
    (e) => {
      const { warning, ended } = /** @type {CustomEvent} */ (e).detail ?? {};
      if (warning) assertive(t('timer.warning'));
      if (ended) assertive(t('timer.ended'));
      render();
    },
    { signal },
  );
  signal.addEventListener('abort', () => clearInterval(tick));
  render();
  return el;
}
