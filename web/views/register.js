// The public registration page, at /register/<slug>: the consultation, its
// deadline in the viewer's time and the consultation's, and the form
// (components/regform.js). After registering: the personal join link, once,
// with a copy button and advice to keep it private. When the deadline has
// passed: a "registration closed" page instead of the form.
//
// Agreeing to the Chatham House Rule here counts for joining too (the same
// notice), so the link opens the room without asking again in this browser.

import { api } from '../api.js';
import { agendaTable } from '../components/agenda.js';
import { copyField } from '../components/copy.js';
import { deadlineText, deadlineYourTime } from '../components/deadline.js';
import { registrationForm } from '../components/regform.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { setTitle } from '../router.js';
import * as storage from '../storage.js';
import * as time from '../time.js';

/** The slug in a registration path (`/register/<slug>`), or null. @param {string} path */
export function registrationSlug(path) {
  const m = /^\/register\/([a-z0-9][a-z0-9-]*)\/?$/.exec(path);
  return m ? m[1] : null;
}

/** The path of a consultation's registration page. @param {string} slug */
export const registrationPath = (slug) => `/register/${slug}`;

/**
 * @param {{ slug: string }} o
 * @returns {(signal: AbortSignal) => HTMLElement}
 */
export function registerView({ slug }) {
  return (signal) => {
    const page = h('div', { class: 'page narrow register', 'aria-busy': 'true' }, h('h1', null, t('register.loading')));
    Promise.all([api.registrationForm(slug), api.consultation(slug)])
      .then(([meta, consultation]) => {
        if (signal.aborted) return;
        page.removeAttribute('aria-busy');
        render(meta, consultation);
      })
      .catch((e) => {
        if (signal.aborted) return;
        page.removeAttribute('aria-busy');
        const missing = e?.code === 'not_found';
        setTitle(missing ? t('register.notFoundTitle') : t('register.unreachableTitle'));
        replace(
          page,
          h('h1', null, missing ? t('register.notFoundTitle') : t('register.unreachableTitle')),
          h('p', null, missing ? t('register.notFoundBody') : t('landing.unreachable')),
          h('p', null, h('a', { href: '/' }, t('register.home'))),
        );
        page.dataset.state = missing ? 'not-found' : 'unreachable';
      });

    /** @param {any} meta @param {any} consultation */
    function render(meta, consultation) {
      setTitle(t('register.titleFor', { title: meta.title }));
      const deadline = deadlineBox(meta, true);
      const head = [
        h('p', { class: 'eyebrow' }, t('register.eyebrow')),
        h('h1', null, meta.title),
        h('p', { class: 'muted' }, t('landing.when', { date: time.civilDate(consultation.date), zone: consultation.time_zone })),
      ];
      const agenda = h('section', { class: 'panel' }, agendaTable(consultation));

      if (!meta.open) {
        page.dataset.state = 'closed';
        replace(page, ...head, closedPanel(meta), agenda);
        return;
      }

      page.dataset.state = 'open';
      const formPanel = h('section', { class: 'panel', id: 'register', 'aria-labelledby': 'reg-form-h' });
      const reg = registrationForm({
        meta,
        onDone: (result) => {
          // The same notice was agreed to: joining will not ask again here.
          storage.consent.give(meta.consultation, meta.chatham_house_notice);
          page.dataset.state = 'done';
          const done = donePanel(meta, result);
          formPanel.replaceWith(done);
          deadline.remove();
          const heading = /** @type {HTMLElement} */ (done.querySelector('h2'));
          heading.focus();
        },
        onClosed: () => {
          page.dataset.state = 'closed';
          const closed = closedPanel(meta);
          formPanel.replaceWith(closed);
          deadline.remove();
          /** @type {HTMLElement} */ (closed.querySelector('h2')).focus();
        },
      });
      replace(
        formPanel,
        h('h2', { id: 'reg-form-h' }, t('register.formTitle')),
        h('p', null, t('register.intro', { n: meta.per_organisation_cap })),
        h('p', { class: 'hint' }, t('register.allRequired')),
        reg.el,
      );
      replace(page, ...head, deadline, formPanel, agenda);
    }

    return page;
  };
}

/**
 * When registration closes (or closed): the consultation's time as written,
 * and the viewer's.
 * @param {any} meta @param {boolean} open
 */
function deadlineBox(meta, open) {
  const yourTime = deadlineYourTime(meta.deadline, meta.time_zone);
  return h(
    'div',
    { class: 'deadline', id: 'reg-deadline' },
    h('p', null, h('strong', null, open ? t('register.closes') : t('register.closed')), ' ', deadlineText(meta.deadline_local, meta.time_zone)),
    yourTime ? h('p', { class: 'muted' }, yourTime) : null,
  );
}

/** @param {any} meta */
function closedPanel(meta) {
  const deadline = deadlineBox(meta, false);
  return h(
    'section',
    { class: 'panel notice-panel', id: 'reg-closed', 'aria-labelledby': 'reg-closed-h' },
    h('h2', { id: 'reg-closed-h', tabindex: '-1' }, t('register.closedTitle')),
    deadline,
    h('p', null, t('register.closedBody')),
    h('p', null, h('a', { href: '/' }, t('register.home'))),
  );
}

/**
 * @param {any} meta
 * @param {{link: string, group: string | null}} result
 */
function donePanel(meta, result) {
  const groupName = result.group ? meta.groups.find((/** @type {any} */ g) => g.slug === result.group)?.name ?? result.group : null;
  return h(
    'section',
    { class: 'panel success-panel', id: 'reg-done', 'aria-labelledby': 'reg-done-h' },
    h('h2', { id: 'reg-done-h', tabindex: '-1' }, t('register.doneTitle')),
    h('p', null, groupName ? t('register.doneGroup', { group: groupName }) : t('register.doneNoGroup')),
    h('h3', null, t('register.linkTitle')),
    copyField(t('register.linkLabel'), result.link),
    h(
      'div',
      { class: 'warning-box' },
      h('p', null, h('strong', null, t('register.keepPrivate'))),
      h(
        'ul',
        null,
        h('li', null, t('register.adviceSave')),
        h('li', null, t('register.adviceShare')),
        h('li', null, t('register.adviceLost')),
      ),
    ),
    h('div', { class: 'actions' }, h('a', { class: 'button', href: result.link, id: 'reg-open' }, t('register.open'))),
  );
}
