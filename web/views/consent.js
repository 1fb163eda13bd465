// The Chatham House Rule notice, in full, and the consent that opens the
// room. Consent is remembered per consultation (and asked again if the
// notice changes).

import { h, paragraphs, uid } from '../dom.js';
import { t } from '../i18n.js';
import * as time from '../time.js';

/**
 * @param {{ consultation: any, onAgree: () => void, onLeave: () => void }} o
 * @returns {(signal: AbortSignal) => HTMLElement}
 */
export function consentView({ consultation, onAgree, onLeave }) {
  return () => {
    const boxId = uid('consent');
    const errorId = `${boxId}-error`;
    const box = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: boxId, class: 'checkbox' }));
    const error = h('p', { class: 'field-error', id: errorId, hidden: true });
    const form = h(
      'form',
      { class: 'consent-form', novalidate: true },
      error,
      h('div', { class: 'check' }, box, h('label', { for: boxId }, t('consent.checkbox'))),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', class: 'button' }, t('consent.agree')),
        h('button', { type: 'button', class: 'button button-secondary', onclick: onLeave }, t('consent.leave')),
      ),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!box.checked) {
        error.hidden = false;
        error.textContent = t('consent.required');
        box.setAttribute('aria-invalid', 'true');
        box.setAttribute('aria-describedby', errorId);
        box.focus();
        return;
      }
      onAgree();
    });
    box.addEventListener('change', () => {
      if (box.checked) {
        error.hidden = true;
        box.removeAttribute('aria-invalid');
      }
    });
    return h(
      'div',
      { class: 'page narrow' },
      h('p', { class: 'eyebrow' }, t('consent.eyebrow')),
      h('h1', null, consultation.title),
      h('p', { class: 'muted' }, t('landing.when', { date: time.civilDate(consultation.date), zone: consultation.time_zone })),
      h(
        'section',
        { class: 'panel notice-panel', 'aria-labelledby': 'notice-h' },
        h('h2', { id: 'notice-h' }, t('consent.title')),
        h('div', { class: 'prose notice-text' }, ...paragraphs(consultation.chatham_house_notice)),
        h('p', null, t('consent.explain')),
        form,
      ),
    );
  };
}
