// The objectives discussed in a room, each with its description behind a
// disclosure (native <details>: keyboard and screen-reader friendly).

import { h, paragraphs } from '../dom.js';
import { t } from '../i18n.js';

/**
 * @param {any} consultation
 * @param {number[]} numbers
 */
export function objectiveList(consultation, numbers) {
  const byNumber = new Map((consultation.objectives ?? []).map((/** @type {any} */ o) => [o.number, o]));
  return h(
    'ul',
    { class: 'objectives' },
    ...numbers
      .map((n) => byNumber.get(n))
      .filter(Boolean)
      .map((/** @type {any} */ o) =>
        h(
          'li',
          null,
          h(
            'details',
            null,
            h('summary', null, t('objective.label', { number: o.number, title: o.title })),
            h('div', { class: 'prose' }, ...paragraphs(o.description)),
          ),
        ),
      ),
  );
}

/**
 * "Objective 1: Data", or just the number if unknown.
 * @param {any} consultation
 * @param {number} number
 */
export function objectiveName(consultation, number) {
  const o = (consultation?.objectives ?? []).find((/** @type {any} */ x) => x.number === number);
  return o ? t('objective.label', { number, title: o.title }) : t('objective.number', { number });
}

/**
 * The text of a review question by key.
 * @param {any} consultation
 * @param {string} key
 */
export function questionText(consultation, key) {
  const q = (consultation?.review_questions ?? []).find((/** @type {any} */ x) => x.key === key);
  return q ? q.text : key;
}
