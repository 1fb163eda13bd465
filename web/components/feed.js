// The live contribution feed of a room, with filters by objective and by
// review question.
//
// Order: contributions that arrive while the page is open go on top,
// newest first. Those from a snapshot come in a random order by design
// (the server keeps no arrival order); they are grouped by objective and
// question and no order among them is claimed.
//
// The list is keyed by contribution id and updated in place, so an arrival
// never re-creates other items or moves keyboard focus.

import { h, replace } from '../dom.js';
import { fmtNumber, t, tn } from '../i18n.js';
import { batcher } from './announcer.js';
import { contributionCard } from './contribution.js';
import { objectiveName } from './objectives.js';

/**
 * @typedef {import('../session.js').Session} Session
 * @typedef {import('../session.js').Contribution} Contribution
 */

/**
 * @param {Session} session
 * @param {{ canModerate: boolean, signal: AbortSignal }} o
 */
export function feed(session, { canModerate, signal }) {
  /** @type {Map<string, ReturnType<typeof contributionCard>>} */
  const cards = new Map();
  const heading = h('h2', { id: 'feed-heading', tabindex: '-1' }, t('feed.title'));
  const count = h('p', { class: 'feed-count', id: 'feed-count' });
  const empty = h('p', { class: 'empty' });
  const list = h('ol', { class: 'feed-list', 'aria-labelledby': 'feed-heading', 'aria-describedby': 'feed-count' });
  const objectiveSelect = /** @type {HTMLSelectElement} */ (h('select', { id: 'filter-objective', class: 'select' }));
  const questionSelect = /** @type {HTMLSelectElement} */ (h('select', { id: 'filter-question', class: 'select' }));

  const filters = h(
    'div',
    { class: 'filters', role: 'group', 'aria-label': t('feed.filters') },
    h('div', { class: 'field' }, h('label', { for: 'filter-objective' }, t('feed.filterObjective')), objectiveSelect),
    h('div', { class: 'field' }, h('label', { for: 'filter-question' }, t('feed.filterQuestion')), questionSelect),
  );

  const announcer = batcher((/** @type {Contribution[]} */ items) =>
    items.length === 1
      ? t('feed.announceOne', { objective: objectiveName(session.consultation, items[0].objective), text: excerpt(items[0].text) })
      : tn('feed.announceMany', items.length),
  );

  function fillFilters() {
    const objectives = session.room?.objectives ?? [];
    const prevO = objectiveSelect.value;
    const prevQ = questionSelect.value;
    replace(
      objectiveSelect,
      h('option', { value: '' }, t('feed.all')),
      ...objectives.map((n) => h('option', { value: String(n) }, objectiveName(session.consultation, n))),
    );
    replace(
      questionSelect,
      h('option', { value: '' }, t('feed.all')),
      ...(session.consultation?.review_questions ?? []).map((/** @type {any} */ q) => h('option', { value: q.key }, q.text)),
    );
    objectiveSelect.value = objectives.map(String).includes(prevO) ? prevO : '';
    questionSelect.value = prevQ;
    if (questionSelect.selectedIndex === -1) questionSelect.value = '';
  }

  /** @param {Contribution} c */
  const matches = (c) =>
    (!objectiveSelect.value || String(c.objective) === objectiveSelect.value) &&
    (!questionSelect.value || c.question === questionSelect.value);

  function refresh() {
    let shown = 0;
    for (const card of cards.values()) {
      const visible = matches(card.contribution);
      card.el.hidden = !visible;
      if (visible) shown += 1;
    }
    const total = cards.size;
    const filtered = Boolean(objectiveSelect.value || questionSelect.value);
    count.textContent = filtered ? t('feed.showing', { shown: fmtNumber(shown), total: fmtNumber(total) }) : tn('feed.count', total);
    empty.hidden = shown > 0;
    empty.textContent = total === 0 ? t('feed.empty') : t('feed.noMatch');
  }

  /** @param {Contribution} c */
  function card(c) {
    const made = contributionCard(c, { session, canModerate });
    cards.set(c.id, made);
    return made;
  }

  function rebuild() {
    cards.clear();
    fillFilters();
    replace(list, ...session.ordered().map((c) => card(c).el));
    refresh();
  }

  const on = (/** @type {string} */ type, /** @type {(d: any) => void} */ fn) =>
    session.addEventListener(type, (e) => fn(/** @type {CustomEvent} */ (e).detail), { signal });

  on('room', () => {
    announcer.cancel();
    rebuild();
  });
  on('added', ({ c, live }) => {
    if (cards.has(c.id)) return;
    const made = card(c);
    if (live) list.prepend(made.el);
    else list.append(made.el);
    refresh();
    if (live && !session.isOwn(c.id)) announcer.add(c);
  });
  on('updated', ({ c }) => {
    cards.get(c.id)?.update(c);
    refresh();
  });
  on('removed', ({ id }) => {
    const gone = cards.get(id);
    if (!gone) return;
    const hadFocus = gone.el.contains(document.activeElement);
    gone.el.remove();
    cards.delete(id);
    refresh();
    if (hadFocus) heading.focus();
  });
  on('done', ({ action, id }) => cards.get(id)?.done(action));
  on('failed', ({ action, id, error }) => cards.get(id)?.failed(action, error));
  objectiveSelect.addEventListener('change', refresh);
  questionSelect.addEventListener('change', refresh);
  signal.addEventListener('abort', () => announcer.cancel());

  rebuild();
  return h(
    'section',
    { class: 'panel feed', 'aria-labelledby': 'feed-heading' },
    heading,
    h('p', { class: 'muted small' }, t('feed.orderNote')),
    filters,
    count,
    empty,
    list,
  );
}

/** @param {string} text */
function excerpt(text) {
  const chars = [...text];
  return chars.length > 200 ? `${chars.slice(0, 200).join('')}…` : text;
}
