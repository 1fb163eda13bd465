// Pages for when the session cannot go on: an invalid or revoked link, a
// client older than the server, an unknown consultation. Never a blank
// screen: each says what happened and what to do.

import { h } from '../dom.js';
import { t } from '../i18n.js';

/**
 * @param {{ kind: 'unauthorized' | 'protocol' | 'consultation', onHome: () => void }} o
 * @returns {(signal: AbortSignal) => HTMLElement}
 */
export function problemView({ kind, onHome }) {
  return () => {
    const home = h('button', { type: 'button', class: 'button button-secondary', onclick: onHome }, t('problem.home'));
    if (kind === 'protocol') {
      return h(
        'div',
        { class: 'page narrow problem', dataset: { problem: kind } },
        h('h1', null, t('problem.protocolTitle')),
        h('p', null, t('problem.protocolBody')),
        h('div', { class: 'actions' }, h('button', { type: 'button', class: 'button', onclick: () => location.reload() }, t('problem.reload'))),
      );
    }
    if (kind === 'consultation') {
      return h(
        'div',
        { class: 'page narrow problem', dataset: { problem: kind } },
        h('h1', null, t('problem.consultationTitle')),
        h('p', null, t('problem.consultationBody')),
        h('div', { class: 'actions' }, home),
      );
    }
    return h(
      'div',
      { class: 'page narrow problem', dataset: { problem: kind } },
      h('h1', null, t('problem.invalidTitle')),
      h('p', { class: 'lead' }, t('problem.invalidBody')),
      h('h2', null, t('problem.whatToDo')),
      h('ul', null, h('li', null, t('problem.invalidCheck')), h('li', null, t('problem.invalidContact')), h('li', null, t('problem.invalidTabs'))),
      h('p', { class: 'muted' }, t('problem.invalidPrivacy')),
      h('div', { class: 'actions' }, home),
    );
  };
}

/**
 * While the first connection is being made.
 * @param {{ session: import('../session.js').Session }} o
 * @returns {(signal: AbortSignal) => HTMLElement}
 */
export function joiningView({ session }) {
  return (signal) => {
    const detail = h('p', { class: 'muted', id: 'joining-detail' }, t('joining.connecting'));
    session.addEventListener(
      'state',
      (e) => {
        const state = /** @type {CustomEvent} */ (e).detail;
        detail.textContent = state === 'connecting' ? t('joining.connecting') : t('joining.retrying');
      },
      { signal },
    );
    return h('div', { class: 'page narrow', 'aria-busy': 'true' }, h('h1', null, t('joining.title')), detail);
  };
}
