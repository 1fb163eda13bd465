// The report-back in the plenary: every working group's running summaries
// and key points, by objective. Shown when the server has something to
// report.

import { h, paragraphs, replace } from '../dom.js';
import { t } from '../i18n.js';

/**
 * @param {import('../session.js').Session} session
 * @param {{ signal: AbortSignal }} o
 */
export function reportBack(session, { signal }) {
  const body = h('div');
  const el = h('section', { class: 'panel report-back', id: 'report-back', 'aria-labelledby': 'report-back-h', hidden: true }, h('h2', { id: 'report-back-h' }, t('report.title')), body);
  const render = () => {
    const groups = session.reportBack ?? [];
    el.hidden = groups.length === 0;
    replace(
      body,
      ...groups.map((/** @type {any} */ g) =>
        h(
          'div',
          { class: 'report-group', dataset: { group: g.slug } },
          h('h3', null, g.name),
          ...g.objectives.map((/** @type {any} */ o) =>
            h(
              'div',
              { class: 'report-objective' },
              h('h4', null, t('objective.label', { number: o.number, title: o.title })),
              o.summary ? h('div', { class: 'prose' }, ...paragraphs(o.summary)) : h('p', { class: 'muted' }, t('report.noSummary')),
              o.key_points.length ? h('p', { class: 'small' }, h('strong', null, t('report.keyPoints'))) : null,
              o.key_points.length ? h('ul', null, ...o.key_points.map((/** @type {string} */ k) => h('li', null, k))) : null,
            ),
          ),
        ),
      ),
    );
  };
  session.addEventListener('room', render, { signal });
  session.addEventListener('report-back', render, { signal });
  render();
  return el;
}
