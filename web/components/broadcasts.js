// Messages from the facilitators, shown prominently above the room, newest
// first, each dismissable (dismissals are remembered in this tab). A new
// one is announced assertively; showing it never moves focus.

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { assertive } from './announcer.js';

const DISMISSED = 'rt.dismissed';

function dismissed() {
  try {
    return new Set(JSON.parse(sessionStorage.getItem(DISMISSED) || '[]'));
  } catch {
    return new Set();
  }
}

/**
 * @param {import('../session.js').Session} session
 * @param {{ signal: AbortSignal }} o
 */
export function broadcastBanner(session, { signal }) {
  const list = h('ul', { class: 'broadcast-list' });
  const el = h(
    'section',
    { class: 'broadcasts', id: 'broadcasts', 'aria-labelledby': 'broadcasts-h', hidden: true },
    h('h2', { id: 'broadcasts-h', class: 'broadcasts-title', tabindex: '-1' }, t('broadcast.title')),
    list,
  );
  const render = () => {
    const gone = dismissed();
    const shown = session.broadcasts.filter((b) => !gone.has(b.id)).reverse();
    el.hidden = shown.length === 0;
    replace(
      list,
      ...shown.map((b) => {
        const close = h('button', { type: 'button', class: 'link-button' }, t('broadcast.dismiss'));
        close.addEventListener('click', () => {
          const all = dismissed();
          all.add(b.id);
          sessionStorage.setItem(DISMISSED, JSON.stringify([...all]));
          const heading = /** @type {HTMLElement} */ (el.querySelector('h2'));
          render();
          // The dismissed item took focus with it: put focus somewhere sensible.
          if (!el.hidden) heading.focus();
          else /** @type {HTMLElement | null} */ (document.getElementById('room-name'))?.focus();
        });
        return h('li', { class: 'broadcast', dataset: { id: b.id } }, h('p', { class: 'broadcast-text' }, b.text), close);
      }),
    );
  };
  const on = (/** @type {string} */ type, /** @type {(d: any) => void} */ fn) =>
    session.addEventListener(type, (e) => fn(/** @type {CustomEvent} */ (e).detail), { signal });
  on('broadcast', ({ b, live }) => {
    render();
    if (live) assertive(t('broadcast.announce', { text: b.text }));
  });
  on('room', () => render());
  render();
  return el;
}
