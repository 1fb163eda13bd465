// The organiser's view: the consultation overview (agenda, groups,
// objectives, review questions); registrations (organiser-registrations.js),
// CSV import (organiser-import.js), organisation aliases
// (organiser-aliases.js) and the balanced assignment with its balance
// report (organiser-assignment.js), which share their data through
// organiser-data.js; the facilitation console; personal links for staff
// (organiser-links.js); exports; and how to purge personal data after the
// event (a command-line step: the server must be stopped first).

import { agendaTable } from '../components/agenda.js';
import { facilitatorConsole } from '../components/console.js';
import { deadlineText } from '../components/deadline.js';
import { exportPanel } from '../components/exports.js';
import { copyCommand } from '../components/copy.js';
import { objectiveList } from '../components/objectives.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import * as time from '../time.js';
import { aliasesSection } from './organiser-aliases.js';
import { assignmentSection } from './organiser-assignment.js';
import { organiserData } from './organiser-data.js';
import { importSection } from './organiser-import.js';
import { linksSection } from './organiser-links.js';
import { registrationsSection } from './organiser-registrations.js';
import { registrationPath } from './register.js';

/**
 * @param {{ session: import('../session.js').Session, token: string,
 *           consultations: Array<{slug: string, title: string}>,
 *           onSwitch: (slug: string) => void }} o
 * @returns {(signal: AbortSignal) => HTMLElement}
 */
export function organiserView({ session, token, consultations, onSwitch }) {
  return (signal) => {
    const c = session.consultation;
    const switcher =
      consultations.length > 1
        ? (() => {
            const select = /** @type {HTMLSelectElement} */ (
              h(
                'select',
                { id: 'org-consultation', class: 'select' },
                ...consultations.map((x) => h('option', { value: x.slug, selected: x.slug === c.slug }, x.title)),
              )
            );
            const go = h('button', { type: 'button', class: 'button button-secondary' }, t('org.switch'));
            go.addEventListener('click', () => {
              if (select.value !== c.slug) onSwitch(select.value);
            });
            return h('div', { class: 'field inline-field' }, h('label', { for: 'org-consultation' }, t('org.consultation')), select, go);
          })()
        : null;

    const data = organiserData({ token, slug: c.slug, signal });
    data.ready.finally(() => data.changed()).catch(() => {});

    const roomName = (/** @type {string} */ slug) =>
      slug === 'plenary' ? t('room.plenary') : c.groups.find((/** @type {any} */ g) => g.slug === slug)?.name ?? slug;

    const overview = h(
      'section',
      { class: 'panel', id: 'org-overview', 'aria-labelledby': 'org-overview-h' },
      h('h2', { id: 'org-overview-h' }, t('org.overview')),
      h('p', null, h('strong', null, t('org.theme')), ' ', c.theme),
      h(
        'p',
        null,
        h('strong', null, t('org.registrationCloses')),
        ' ',
        deadlineText(c.registration.deadline_local, c.time_zone),
        ' · ',
        t('org.perOrganisation', { n: c.registration.per_organisation_cap }),
      ),
      h('p', null, h('strong', null, t('org.registrationPage')), ' ', h('a', { href: registrationPath(c.slug) }, `${location.origin}${registrationPath(c.slug)}`)),
      agendaTable(c, { headingLevel: 'h3' }),
      h('h3', null, t('org.groups')),
      h(
        'div',
        { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t('org.groups') },
        h(
          'table',
          null,
          h(
            'thead',
            null,
            h('tr', null, h('th', { scope: 'col' }, t('org.group')), h('th', { scope: 'col' }, t('org.groupObjectives')), h('th', { scope: 'col' }, t('org.capacity'))),
          ),
          h(
            'tbody',
            null,
            ...c.groups.map((/** @type {any} */ g) =>
              h(
                'tr',
                null,
                h('th', { scope: 'row' }, g.name),
                h('td', null, g.objectives.join(', ')),
                h('td', null, g.capacity == null ? t('org.noCapacity') : String(g.capacity)),
              ),
            ),
          ),
        ),
      ),
      h('h3', null, t('org.objectives')),
      objectiveList(c, c.objectives.map((/** @type {any} */ o) => o.number)),
      h('h3', null, t('org.questions')),
      h('ol', { class: 'questions' }, ...c.review_questions.map((/** @type {any} */ q) => h('li', null, q.text))),
    );

    return h(
      'div',
      { class: 'page organiser' },
      h('p', { class: 'eyebrow' }, t('org.eyebrow')),
      h('h1', null, c.title),
      h('p', { class: 'muted' }, t('landing.when', { date: time.civilDate(c.date), zone: c.time_zone })),
      switcher,
      h(
        'nav',
        { class: 'page-nav', 'aria-label': t('org.onThisPage') },
        h(
          'ul',
          null,
          ...[
            ['org-overview', t('org.overview')],
            ['org-registrations', t('registrations.title')],
            ['org-import', t('import.title')],
            ['org-aliases', t('aliases.title')],
            ['org-assignment', t('assign.title')],
            ['console', t('console.title')],
            ['org-links', t('org.links')],
            ['exports', t('export.title')],
            ['org-purge', t('purge.title')],
          ].map(([id, label]) => h('li', null, h('a', { href: `#${id}` }, label))),
        ),
      ),
      overview,
      registrationsSection({ data }),
      importSection({ data }),
      aliasesSection({ data }),
      assignmentSection({ data }),
      facilitatorConsole(session, { signal }),
      linksSection({ token, consultation: c, roomName, signal }),
      exportPanel({ token, slug: c.slug }),
      purgeSection(c.slug),
    );
  };
}

/**
 * Purging personal data after the event: a command-line step, with the
 * exact commands. There is no button: the server must be stopped first,
 * because a running server keeps registered names in memory (for
 * redaction) until it restarts.
 * @param {string} slug
 */
function purgeSection(slug) {
  const look = `roundtable purge --consultation ${slug}`;
  const purge = `roundtable purge --consultation ${slug} --yes`;
  return h(
    'section',
    { class: 'panel', id: 'org-purge', 'aria-labelledby': 'org-purge-h' },
    h('h2', { id: 'org-purge-h' }, t('purge.title')),
    h('p', null, t('purge.what')),
    h('p', null, t('purge.why')),
    h(
      'ol',
      { class: 'steps' },
      h('li', null, t('purge.step1')),
      h('li', null, t('purge.step2')),
      h('li', null, t('purge.step3'), copyCommand(t('purge.lookLabel'), look)),
      h('li', null, t('purge.step4'), copyCommand(t('purge.purgeLabel'), purge)),
      h('li', null, t('purge.step5')),
    ),
    h('p', { class: 'muted' }, t('purge.data')),
  );
}
