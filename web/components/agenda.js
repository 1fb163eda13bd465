// The agenda as a table: each item in the viewer's local time with the
// consultation's own time alongside. `current` (an agenda index) is marked
// once the server announces phases; until then no item is claimed current.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import * as time from '../time.js';

/**
 * @param {any} consultation the consultation model from the server
 * @param {{ current?: number | null, headingLevel?: 'h2' | 'h3' }} [o]
 */
export function agendaTable(consultation, { current = null, headingLevel = 'h2' } = {}) {
  const zone = consultation.time_zone;
  const local = time.localZone();
  const items = consultation.agenda ?? [];
  const first = items[0]?.start;
  const same = !first || items.every((/** @type {any} */ i) => time.sameClock(local, zone, i.start));
  const city = time.zoneCity(zone);
  const eventDay = first ? time.day(first, zone) : null;
  const headingId = `agenda-h-${Math.random().toString(36).slice(2, 8)}`;

  const head = same
    ? h('tr', null, h('th', { scope: 'col' }, t('agenda.session')), h('th', { scope: 'col' }, t('agenda.timeIn', { zone: city })))
    : h(
        'tr',
        null,
        h('th', { scope: 'col' }, t('agenda.session')),
        h('th', { scope: 'col' }, t('agenda.yourTime'), h('span', { class: 'th-sub' }, time.zoneCity(local))),
        h('th', { scope: 'col' }, t('agenda.timeIn', { zone: city })),
      );

  const rows = items.map((/** @type {any} */ item, /** @type {number} */ i) => {
    const isCurrent = current === i;
    const span = (/** @type {string} */ z) => t('agenda.range', { start: time.time(item.start, z), end: time.time(item.end, z) });
    const localDayDiffers = time.day(item.start, local) !== eventDay;
    const cells = [
      h(
        'th',
        { scope: 'row' },
        item.title,
        isCurrent ? h('span', { class: 'badge badge-now' }, t('agenda.now')) : null,
      ),
    ];
    if (!same) {
      cells.push(
        h('td', null, span(local), localDayDiffers ? h('span', { class: 'cell-sub' }, time.shortDate(item.start, local)) : null),
      );
    }
    cells.push(h('td', null, span(zone)));
    return h('tr', { 'aria-current': isCurrent ? 'step' : null, class: isCurrent ? 'current' : null }, ...cells);
  });

  return h(
    'section',
    { class: 'agenda', 'aria-labelledby': headingId },
    h(headingLevel, { id: headingId }, t('agenda.title')),
    first ? h('p', { class: 'muted' }, time.longDate(first, zone), ` (${t('agenda.zoneNote', { zone })})`) : null,
    h('table', { class: 'agenda-table', 'aria-labelledby': headingId }, h('thead', null, head), h('tbody', null, ...rows)),
  );
}
