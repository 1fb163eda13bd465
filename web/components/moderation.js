// What this facilitator hid during this session, with Restore. The server
// sends hidden contributions to nobody, so the list holds what this tab
// hid (kept in sessionStorage); a server-side moderation queue replaces it
// once the server offers one.

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import * as storage from '../storage.js';
import { assertive, polite } from './announcer.js';
import { objectiveName } from './objectives.js';

/**
 * @typedef {import('../session.js').Contribution} Contribution
 */

/**
 * @param {import('../session.js').Session} session
 * @param {{ signal: AbortSignal }} o
 */
export function moderationPanel(session, { signal }) {
  const store = storage.hiddenHere(session.consultation.slug);
  /** @type {Array<Contribution & {confirmed?: boolean}>} */
  let hidden = store.load();
  const list = h('ul', { class: 'hidden-list' });
  const empty = h('p', { class: 'muted' }, t('moderation.empty'));
  const el = h(
    'section',
    { class: 'panel moderation', 'aria-labelledby': 'moderation-h' },
    h('h2', { id: 'moderation-h', tabindex: '-1' }, t('moderation.title')),
    h('p', { class: 'muted small' }, t('moderation.explain')),
    empty,
    list,
  );

  const save = () => {
    store.save(hidden);
    render();
  };

  function render() {
    // A server with a moderation queue lists hidden contributions itself.
    el.hidden = session.moderation !== null;
    const here = hidden.filter((c) => c.confirmed && c.room === session.room?.id);
    empty.hidden = here.length > 0;
    replace(
      list,
      ...here.map((c) => {
        const restore = h('button', { type: 'button', class: 'link-button' }, t('moderation.restore'));
        restore.addEventListener('click', () => {
          if (!session.restore(c.id)) assertive(t('error.notConnected'));
        });
        return h(
          'li',
          { class: 'hidden-item', dataset: { id: c.id } },
          h('p', { class: 'meta' }, h('span', { class: 'tag tag-objective' }, objectiveName(session.consultation, c.objective))),
          h('p', { class: 'text' }, c.text),
          h('div', { class: 'actions' }, restore),
        );
      }),
    );
  }

  const on = (/** @type {string} */ type, /** @type {(d: any) => void} */ fn) =>
    session.addEventListener(type, (e) => fn(/** @type {CustomEvent} */ (e).detail), { signal });
  on('done', ({ action, id }) => {
    if (action === 'hide') {
      hidden = hidden.map((c) => (c.id === id ? { ...c, confirmed: true } : c));
      save();
      polite(t('moderation.hidden'));
    }
    if (action === 'restore') {
      const hadFocus = list.contains(document.activeElement);
      hidden = hidden.filter((c) => c.id !== id);
      save();
      polite(t('moderation.restored'));
      if (hadFocus) /** @type {HTMLElement} */ (el.querySelector('h2')).focus();
    }
  });
  on('failed', ({ action, id, error }) => {
    if (action !== 'hide' && action !== 'restore') return;
    if (action === 'hide') {
      // The card in the feed reports the failure; just forget the entry.
      hidden = hidden.filter((c) => c.id !== id);
      save();
      return;
    }
    assertive(t('contribution.failed.restore', { reason: error.message }));
  });
  on('room', () => render());
  on('moderation', () => render());
  render();

  return {
    el,
    /** A hide was sent for this contribution. @param {Contribution} c */
    hiding(c) {
      hidden = hidden.filter((x) => x.id !== c.id).concat([{ ...c, confirmed: false }]);
      store.save(hidden);
    },
  };
}
