// CSV import of registrations from a form tool: a dry run first (every row
// reported, nothing saved), then the real import of the same file, with
// the per-row report: accepted, unchanged, or rejected with its reason and
// row number. The file goes to the server as it is (bytes), so encoding
// problems are reported per row by the same rules as the command line.

import { api } from '../api.js';
import { assertive, polite } from '../components/announcer.js';
import { field, h, replace } from '../dom.js';
import { fmtNumber, t, tn } from '../i18n.js';
import { apiMessage } from './organiser-data.js';

/** Above this many rows the report lists only the rejected ones. */
const LIST_ALL_UP_TO = 500;

/** The header names the server reads (docs/registration.md), for the hint. */
const COLUMNS = /** @type {const} */ ([
  ['name', 'Name, Full name, First name + Last name'],
  ['email', 'Email, E-mail address'],
  ['organisation', 'Organisation, Organization, Affiliation'],
  ['category', 'Stakeholder category, Category, Constituency'],
  ['gender', 'Gender, Sex'],
  ['country', 'Country, Country of residence'],
  ['preferred_group', 'Preferred working group, Working group'],
  ['accessibility', 'Accessibility needs, Access needs'],
  ['consent', 'Consent, I agree to the Chatham House Rule'],
]);

/**
 * @param {{ data: import('./organiser-data.js').OrganiserData }} o
 */
export function importSection({ data }) {
  const { token, slug } = data;
  const file = /** @type {HTMLInputElement} */ (h('input', { type: 'file', id: 'import-file', class: 'input input-file', accept: '.csv,text/csv' }));
  const fFile = field({ label: t('import.file'), control: file, hint: t('import.fileHint') });
  const check = h('button', { type: 'button', class: 'button button-secondary', id: 'import-check' }, t('import.check'));
  const run = h('button', { type: 'button', class: 'button', id: 'import-run', hidden: true });
  const progress = h('div', { class: 'progress', hidden: true }, h('progress', { 'aria-labelledby': 'import-status' }));
  const status = h('p', { class: 'form-status', id: 'import-status', role: 'status' });
  const report = h('div', { class: 'import-report', id: 'import-report', hidden: true });
  /** @type {File | null} the file the last dry run checked */
  let checked = null;
  let busy = false;

  file.addEventListener('change', () => {
    checked = null;
    run.hidden = true;
    report.hidden = true;
    status.textContent = '';
    fFile.setError(null);
  });

  /** @param {boolean} dryRun @param {File | null} chosen */
  async function send(dryRun, chosen) {
    if (busy) return;
    if (!chosen) {
      fFile.setError(t('import.noFile'));
      file.focus();
      return;
    }
    fFile.setError(null);
    busy = true;
    progress.hidden = false;
    report.setAttribute('aria-busy', 'true');
    status.textContent = dryRun ? t('import.checking', { name: chosen.name }) : t('import.importing', { name: chosen.name });
    try {
      const r = await api.importRegistrations(token, slug, chosen, dryRun);
      showReport(r, chosen.name);
      if (dryRun) {
        checked = chosen;
        run.hidden = r.accepted === 0;
        run.textContent = tn('import.run', r.accepted);
      } else {
        checked = null;
        run.hidden = true;
        await data.changed();
      }
      // The report says it; the status line was for the wait.
      status.textContent = '';
      polite(/** @type {HTMLElement} */ (report.querySelector('.import-summary')).textContent ?? '');
    } catch (e) {
      status.textContent = apiMessage(e);
      assertive(status.textContent);
    } finally {
      busy = false;
      progress.hidden = true;
      report.removeAttribute('aria-busy');
    }
  }
  check.addEventListener('click', () => send(true, file.files?.[0] ?? null));
  // The real import sends the file the dry run checked (choosing another
  // file hides this button until that one is checked).
  run.addEventListener('click', () => {
    if (checked) send(false, checked);
  });

  /** @param {any} r @param {string} name */
  function showReport(r, name) {
    const listAll = r.rows.length <= LIST_ALL_UP_TO;
    const rows = listAll ? r.rows : r.rows.filter((/** @type {any} */ x) => x.outcome === 'rejected');
    const heading = r.dry_run ? t('import.dryRunTitle', { name }) : t('import.doneTitle', { name });
    const counts = t(r.dry_run ? 'import.countsDry' : 'import.counts', {
      accepted: fmtNumber(r.accepted),
      rejected: fmtNumber(r.rejected),
      unchanged: fmtNumber(r.unchanged),
    });
    replace(
      report,
      h('h3', { id: 'import-report-h' }, heading),
      h('p', { class: 'import-summary' }, r.dry_run ? `${t('import.nothingSaved')} ${counts}` : counts),
      r.ignored_columns?.length ? h('p', { class: 'muted' }, t('import.ignored', { columns: r.ignored_columns.join(', ') })) : null,
      !r.dry_run && r.accepted > 0 ? h('p', null, t('import.linksNext'), ' ', h('a', { href: '#org-reissue' }, t('registrations.linksTitle'))) : null,
      listAll ? null : h('p', { class: 'muted' }, t('import.onlyRejected', { n: fmtNumber(r.rows.length) })),
      rows.length
        ? h(
            'div',
            { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': 'import-report-h' },
            h(
              'table',
              { class: 'import-table' },
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  h('th', { scope: 'col' }, t('import.colRow')),
                  h('th', { scope: 'col' }, t('import.colLine')),
                  h('th', { scope: 'col' }, t('import.colOutcome')),
                  h('th', { scope: 'col' }, t('import.colReason')),
                ),
              ),
              h(
                'tbody',
                null,
                ...rows.map((/** @type {any} */ x) =>
                  h(
                    'tr',
                    { dataset: { row: String(x.row), outcome: x.outcome } },
                    h('th', { scope: 'row' }, fmtNumber(x.row)),
                    h('td', null, fmtNumber(x.line)),
                    h('td', null, h('span', { class: `badge badge-${x.outcome}` }, t(`import.outcome.${x.outcome}${r.dry_run && x.outcome === 'accepted' ? 'Dry' : ''}`))),
                    h(
                      'td',
                      null,
                      x.outcome === 'rejected'
                        ? [h('strong', null, t(`import.code.${CODES.has(x.code) ? x.code : 'other'}`)), h('span', { class: 'cell-sub' }, x.reason ?? '')]
                        : x.outcome === 'unchanged'
                          ? h('span', { class: 'muted' }, t('import.unchangedReason'))
                          : x.group
                            ? t('import.placed', { group: data.groupName(x.group) })
                            : '',
                    ),
                  ),
                ),
              ),
            ),
          )
        : null,
    );
    report.hidden = false;
  }

  return h(
    'section',
    { class: 'panel', id: 'org-import', 'aria-labelledby': 'org-import-h' },
    h('h2', { id: 'org-import-h' }, t('import.title')),
    h('p', null, t('import.explain')),
    h(
      'details',
      null,
      h('summary', null, t('import.columns')),
      h('p', { class: 'hint' }, t('import.columnsHint')),
      h('dl', { class: 'columns-list' }, ...COLUMNS.flatMap(([k, names]) => [h('dt', null, t(`import.field.${k}`)), h('dd', null, names)])),
    ),
    fFile.el,
    h('div', { class: 'actions' }, check, run),
    progress,
    status,
    report,
  );
}

/** Rejection codes with a label of their own. */
const CODES = new Set(['invalid_field', 'duplicate_email', 'organisation_full', 'malformed_row']);
