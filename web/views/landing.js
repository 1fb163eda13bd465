// The start page for someone without a link: what Roundtable is, the
// consultations on this server (each with its registration: a link to the
// form while it is open, "closed" after the deadline), and a field to paste
// a personal link.

import { api } from '../api.js';
import { deadlineText } from '../components/deadline.js';
import { field, h, replace } from '../dom.js';
import { t } from '../i18n.js';
import * as time from '../time.js';
import { registrationPath } from './register.js';

/**
 * The token in a pasted link (`…#token=X`), or the text itself when it
 * looks like a bare token.
 * @param {string} input
 */
export function tokenFrom(input) {
  const s = input.trim();
  const m = /[#&?]token=([A-Za-z0-9_-]{16,})/.exec(s);
  if (m) return m[1];
  return /^[A-Za-z0-9_-]{32,}$/.test(s) ? s : null;
}

/**
 * @param {{ onToken: (token: string) => void }} o
 * @returns {(signal: AbortSignal) => HTMLElement}
 */
export function landingView({ onToken }) {
  return () => {
    const list = h('div', { class: 'consultations', 'aria-busy': 'true' }, h('p', { class: 'muted' }, t('landing.loading')));
    api
      .consultations()
      .then((all) => {
        list.removeAttribute('aria-busy');
        if (!all.length) {
          replace(list, h('p', null, t('landing.none')));
          return;
        }
        replace(
          list,
          h(
            'ul',
            { class: 'plain-list' },
            ...all.map((c) => {
              const titleId = `consultation-${c.slug}`;
              const registration = h('div', { class: 'registration-status' });
              api
                .registrationForm(c.slug)
                .then((meta) => {
                  const deadline = deadlineText(meta.deadline_local, meta.time_zone);
                  replace(
                    registration,
                    meta.open
                      ? [
                          h('p', null, t('landing.registrationOpen', { deadline })),
                          h('a', { class: 'button button-secondary', href: registrationPath(c.slug), 'aria-describedby': titleId }, t('landing.register')),
                        ]
                      : h('p', null, t('landing.registrationClosed', { deadline })),
                  );
                  registration.dataset.open = String(Boolean(meta.open));
                })
                .catch(() => {});
              return h(
                'li',
                { class: 'consultation-card', dataset: { slug: c.slug } },
                h('h3', { id: titleId }, c.title),
                h('p', { class: 'muted' }, t('landing.when', { date: time.civilDate(c.date), zone: c.time_zone })),
                registration,
              );
            }),
          ),
        );
      })
      .catch(() => {
        list.removeAttribute('aria-busy');
        replace(list, h('p', null, t('landing.unreachable')));
      });

    const input = /** @type {HTMLInputElement} */ (
      h('input', { id: 'link-input', type: 'text', class: 'input', inputmode: 'url', autocomplete: 'off', spellcheck: 'false' })
    );
    const f = field({ label: t('landing.linkLabel'), control: input, hint: t('landing.linkHint') });
    const form = h('form', { class: 'link-form', novalidate: true }, f.el, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, t('landing.open'))));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const token = tokenFrom(input.value);
      if (!token) {
        f.setError(t('landing.linkError'));
        input.focus();
        return;
      }
      f.setError(null);
      onToken(token);
    });

    return h(
      'div',
      { class: 'page narrow' },
      h('h1', null, t('landing.title')),
      h('p', { class: 'lead' }, t('landing.intro')),
      h('p', null, t('landing.chatham')),
      h('section', { class: 'panel', 'aria-labelledby': 'open-link-h' }, h('h2', { id: 'open-link-h' }, t('landing.openTitle')), form),
      h('section', { class: 'panel', 'aria-labelledby': 'consultations-h' }, h('h2', { id: 'consultations-h' }, t('landing.consultations')), list),
    );
  };
}
