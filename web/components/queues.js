// The facilitator's queues, from the server: help requests, reported and
// hidden contributions, and who is in which room (with moves). Each is
// shown once the server has sent it.

import { h, keepFocus, replace } from '../dom.js';
import { t } from '../i18n.js';
import { assertive, polite } from './announcer.js';
import { confirmInline } from './confirm.js';

/**
 * @param {import('../session.js').Session} session
 * @param {{ signal: AbortSignal }} o
 */
export function facilitatorQueues(session, { signal }) {
  const roomName = (/** @type {string} */ id) =>
    id === 'plenary' ? t('room.plenary') : session.consultation.groups.find((/** @type {any} */ g) => g.slug === id)?.name ?? id;
  const rooms = () => ['plenary', ...session.consultation.groups.map((/** @type {any} */ g) => g.slug)];
  const send = (/** @type {{type: string} & Record<string, any>} */ m) => {
    if (!session.command(m)) assertive(t('error.notConnected'));
  };
  const button = (/** @type {string} */ label, /** @type {() => void} */ onClick, /** @type {string} */ key) => {
    const b = h('button', { type: 'button', class: 'link-button', dataset: { key } }, label);
    b.addEventListener('click', onClick);
    return b;
  };

  // Help requests.
  const helpList = h('ul', { class: 'queue-list', id: 'help-queue' });
  const helpEmpty = h('p', { class: 'muted' }, t('queue.helpEmpty'));
  const help = h('section', { class: 'panel', 'aria-labelledby': 'help-h', hidden: true }, h('h2', { id: 'help-h', tabindex: '-1' }, t('queue.help')), helpEmpty, helpList);
  let knownHelp = new Set();
  const renderHelp = () => {
    const q = session.helpQueue;
    help.hidden = q === null;
    if (!q) return;
    const fresh = q.filter((r) => r.status === 'open' && !knownHelp.has(r.id));
    if (knownHelp.size || fresh.length) for (const r of fresh) polite(t('queue.helpAnnounce', { room: roomName(r.room) }));
    knownHelp = new Set(q.map((r) => r.id));
    helpEmpty.hidden = q.length > 0;
    keepFocus(help, () => replace(
      helpList,
      ...q.map((r) =>
        h(
          'li',
          { class: 'queue-item', dataset: { id: r.id, status: r.status } },
          h('p', null, h('strong', null, r.name ?? t('queue.someone')), ' · ', roomName(r.room), ' · ', t(`queue.helpStatus.${r.status}`)),
          h(
            'div',
            { class: 'actions' },
            r.status === 'open' ? button(t('queue.onMyWay'), () => send({ type: 'help_ack', id: r.id }), `ack-${r.id}`) : null,
            button(t('queue.resolved'), () => send({ type: 'help_resolve', id: r.id }), `resolve-${r.id}`),
          ),
        ),
      ),
    ), /** @type {HTMLElement} */ (help.querySelector('h2')));
  };

  // Reported and hidden contributions.
  const modList = h('ul', { class: 'queue-list', id: 'moderation-queue' });
  const modEmpty = h('p', { class: 'muted' }, t('queue.moderationEmpty'));
  const moderation = h(
    'section',
    { class: 'panel', 'aria-labelledby': 'mod-h', hidden: true },
    h('h2', { id: 'mod-h', tabindex: '-1' }, t('queue.moderation')),
    modEmpty,
    modList,
  );
  const renderModeration = () => {
    const q = session.moderation;
    moderation.hidden = q === null;
    if (!q) return;
    modEmpty.hidden = q.length > 0;
    keepFocus(moderation, () => replace(
      modList,
      ...q.map((item) =>
        h(
          'li',
          { class: 'queue-item hidden-item', dataset: { id: item.id } },
          h(
            'p',
            { class: 'meta' },
            h('span', { class: 'tag' }, roomName(item.room)),
            item.hidden ? h('span', { class: 'badge badge-revoked' }, t('queue.hidden')) : null,
            item.reports ? h('span', { class: 'badge' }, t('queue.reports', { n: item.reports })) : null,
          ),
          h('p', { class: 'text' }, item.text),
          h(
            'div',
            { class: 'actions' },
            item.hidden
              ? button(t('moderation.restore'), () => session.restore(item.id) || assertive(t('error.notConnected')), `mod-${item.id}`)
              : button(t('contribution.hide'), () => session.hide(item.id) || assertive(t('error.notConnected')), `mod-${item.id}`),
          ),
        ),
      ),
    ), /** @type {HTMLElement} */ (moderation.querySelector('h2')));
  };

  // Who is where, with moves.
  const rosterBody = h('div', { id: 'roster' });
  const roster = h('section', { class: 'panel', 'aria-labelledby': 'roster-h', hidden: true }, h('h2', { id: 'roster-h', tabindex: '-1' }, t('queue.roster')), h('p', { class: 'muted small' }, t('queue.rosterNote')), rosterBody);
  const renderRoster = () => {
    const r = session.roster;
    roster.hidden = r === null;
    if (!r) return;
    keepFocus(roster, () => replace(
      rosterBody,
      ...rooms().map((room) => {
        const people = r[room] ?? [];
        return h(
          'div',
          { class: 'roster-room', dataset: { room } },
          h('h3', null, roomName(room), ' ', h('span', { class: 'muted' }, `(${people.length})`)),
          people.length
            ? h(
                'ul',
                { class: 'queue-list' },
                ...people.map((p) => {
                  const who = p.name ?? t(`role.${p.role}`);
                  if (p.role !== 'participant') return h('li', { class: 'roster-person' }, p.name ? `${p.name} · ${t(`role.${p.role}`)}` : t(`role.${p.role}`));
                  const id = `move-${p.id}`;
                  const select = /** @type {HTMLSelectElement} */ (
                    h('select', { id, class: 'select select-small', dataset: { key: id } }, ...rooms().map((x) => h('option', { value: x, selected: x === room }, roomName(x))))
                  );
                  select.addEventListener('change', () => {
                    select.dataset.touched = '';
                  });
                  return h(
                    'li',
                    { class: 'roster-person' },
                    h('span', null, who),
                    h(
                      'span',
                      { class: 'place' },
                      h('label', { for: id, class: 'visually-hidden' }, t('queue.moveLabel', { who })),
                      select,
                      button(t('links.move'), () => send({ type: 'move', participant: p.id, room: select.value }), `move-btn-${p.id}`),
                    ),
                    removeButton(p.id, who),
                  );
                }),
              )
            : h('p', { class: 'muted small' }, t('queue.nobody')),
        );
      }),
    ), /** @type {HTMLElement} */ (roster.querySelector('h2')));
  };

  /** Remove a participant from the meeting (their link stops working), after a confirmation. */
  const removeButton = (/** @type {string} */ id, /** @type {string} */ who) => {
    const b = button(t('queue.remove'), () => {}, `remove-${id}`);
    b.classList.add('danger');
    b.addEventListener('click', () =>
      confirmInline({
        host: /** @type {HTMLElement} */ (b.closest('li')),
        message: t('queue.removeConfirm', { who }),
        confirm: t('queue.remove'),
        cancel: t('links.keep'),
        returnFocus: b,
        onConfirm: () => send({ type: 'remove', participant: id }),
      }),
    );
    return b;
  };

  const on = (/** @type {string} */ type, /** @type {() => void} */ fn) => session.addEventListener(type, fn, { signal });
  on('help-queue', renderHelp);
  on('moderation', renderModeration);
  on('roster', renderRoster);
  session.addEventListener(
    'failed',
    (e) => {
      const d = /** @type {CustomEvent} */ (e).detail;
      if (['help_ack', 'help_resolve', 'move', 'remove'].includes(d.action)) assertive(t('console.failed', { reason: d.error.message }));
    },
    { signal },
  );
  session.addEventListener(
    'done',
    (e) => {
      const { action } = /** @type {CustomEvent} */ (e).detail;
      if (action === 'hide') polite(t('moderation.hidden'));
      if (action === 'restore') polite(t('moderation.restored'));
      if (action === 'remove') polite(t('queue.removed'));
      if (action === 'move') polite(t('queue.movedAnnounce'));
    },
    { signal },
  );
  renderHelp();
  renderModeration();
  renderRoster();
  return h('div', { class: 'queues' }, help, moderation, roster);
}
