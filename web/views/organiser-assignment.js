// Balanced assignment of registrants to working groups: run it (a seed,
// a dry run or for real), read its balance report as tables and as a small
// chart per attribute, and adjust by hand (move one person, swap two).
//
// The report (docs/registration.md, "Assignment"): per group its size and
// largest deviation; per attribute value its total, each group's count and
// proportional share, and the largest |count − share|. Seeds are 64-bit
// and travel as digits (api.js), so "the same seed gives the same result"
// holds from this page too.

import { api } from '../api.js';
import { assertive, polite } from '../components/announcer.js';
import { balanceChart } from '../components/balance-chart.js';
import { confirmInline } from '../components/confirm.js';
import { field, h, replace } from '../dom.js';
import { fmtDecimal, fmtNumber, t, tn } from '../i18n.js';
import { apiMessage } from './organiser-data.js';

const U64_MAX = 18446744073709551615n;

/**
 * @param {{ data: import('./organiser-data.js').OrganiserData }} o
 */
export function assignmentSection({ data }) {
  const { token, slug } = data;
  const status = h('p', { class: 'form-status', role: 'status', id: 'assign-status' });
  const report = h('div', { class: 'balance-report', id: 'balance-report' });

  // --- running it -----------------------------------------------------------
  const seed = /** @type {HTMLInputElement} */ (
    h('input', { id: 'assign-seed', type: 'text', inputmode: 'numeric', class: 'input input-seed', autocomplete: 'off', spellcheck: 'false' })
  );
  const fSeed = field({ label: t('assign.seed'), control: seed, hint: t('assign.seedHint'), optional: t('form.optional') });
  const dry = h('button', { type: 'button', class: 'button button-secondary', id: 'assign-dry' }, t('assign.dryRun'));
  const apply = h('button', { type: 'button', class: 'button', id: 'assign-apply' }, t('assign.apply'));
  const runActions = h('div', { class: 'actions' }, dry, apply);
  let busy = false;

  /** The seed typed, as digits; undefined when it is not a valid seed. */
  function seedValue() {
    const v = seed.value.trim();
    if (!v) return null;
    if (!/^\d{1,20}$/.test(v) || BigInt(v) > U64_MAX) return undefined;
    return v.replace(/^0+(?=\d)/, '');
  }

  /** @param {boolean} dryRun */
  async function run(dryRun) {
    if (busy) return;
    const s = seedValue();
    if (s === undefined) {
      fSeed.setError(t('assign.seedInvalid'));
      seed.focus();
      return;
    }
    fSeed.setError(null);
    busy = true;
    status.textContent = t('assign.running');
    try {
      const r = await api.assign(token, slug, { seed: s, dry_run: dryRun });
      // Keep the seed, so "Assign and save" gives exactly what was previewed.
      seed.value = r.seed;
      showReport(r, dryRun ? 'dry' : 'saved');
      status.textContent = dryRun ? t('assign.dryDone', { seed: r.seed }) : tn('assign.savedDone', r.changed ?? 0, { seed: r.seed });
      polite(status.textContent);
      if (!dryRun) await data.refreshRegistrations();
    } catch (e) {
      status.textContent = apiMessage(e);
      assertive(status.textContent);
    } finally {
      busy = false;
    }
  }
  dry.addEventListener('click', () => run(true));
  apply.addEventListener('click', () => {
    // Running it again moves everyone, hand-made changes included.
    if (data.report?.seed !== null && data.report?.seed !== undefined && data.report.assigned > 0) {
      confirmInline({
        host: runActions.parentElement ?? runActions,
        message: t('assign.applyConfirm'),
        confirm: t('assign.apply'),
        cancel: t('assign.cancel'),
        returnFocus: apply,
        onConfirm: () => {
          apply.focus();
          run(false);
        },
      });
      return;
    }
    run(false);
  });

  // --- the report -------------------------------------------------------------
  /** @type {any} the last saved run: its report stays until something changes */
  let lastSaved = null;
  const ATTRIBUTES = /** @type {const} */ (['subregion', 'gender', 'category']);

  /**
   * @param {any} r the answer of a run, or the report as the groups stand
   * @param {'dry' | 'saved' | 'current'} kind
   */
  function showReport(r, kind) {
    if (kind === 'saved') {
      lastSaved = r;
      data.setReport(r);
    }
    const rep = r.report;
    const groups = r.groups;
    const short = groups.map((/** @type {any} */ g) => g.slug);
    const mode =
      kind === 'dry' ? t('assign.modeDry') : kind === 'saved' ? t('assign.modeSaved') : r.seed ? t('assign.modeCurrent') : t('assign.modeNone');
    const total = r.assigned + r.unassigned;
    if (total === 0) {
      replace(report, h('p', { class: 'empty' }, t('assign.nobody')));
      report.dataset.kind = kind;
      return;
    }
    const yesNo = (/** @type {boolean} */ b) => (b ? t('assign.yes') : t('assign.no'));
    const facts = [
      [t('assign.factAssigned'), t('assign.ofTotal', { n: fmtNumber(r.assigned), total: fmtNumber(total) })],
      [t('assign.factSeed'), r.seed ?? t('assign.noSeed')],
      [
        t('assign.factDeviation'),
        rep.max_deviation <= rep.deviation_lower_bound + 1e-9
          ? t('assign.deviationOptimal', { d: fmtDecimal(rep.max_deviation) })
          : t('assign.deviationBound', { d: fmtDecimal(rep.max_deviation), bound: fmtDecimal(rep.deviation_lower_bound) }),
      ],
      [t('assign.factWithinOne'), yesNo(rep.within_one)],
      [t('assign.factConflicts'), fmtNumber(rep.org_conflicts)],
      [t('assign.factPreferences'), t('assign.ofTotal', { n: fmtNumber(rep.preferences_honoured), total: fmtNumber(rep.preferences_total) })],
      [t('assign.factUnassigned'), fmtNumber(rep.unassigned)],
    ];
    const table = (/** @type {string} */ labelId, /** @type {HTMLElement} */ head, /** @type {HTMLElement[]} */ rows, /** @type {string} */ cls) =>
      h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': labelId }, h('table', { class: cls }, h('thead', null, head), h('tbody', null, ...rows)));

    const groupsTable = table(
      'balance-groups-h',
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, t('assign.colGroup')),
        h('th', { scope: 'col' }, t('assign.colSize')),
        h('th', { scope: 'col' }, t('assign.colCapacity')),
        h('th', { scope: 'col' }, t('assign.colDeviation')),
        h('th', { scope: 'col' }, t('assign.colPreferences')),
      ),
      groups.map((/** @type {any} */ g, /** @type {number} */ i) => {
        const gr = rep.groups[i] ?? {};
        return h(
          'tr',
          { dataset: { group: g.slug } },
          h('th', { scope: 'row' }, g.name, h('span', { class: 'cell-sub' }, g.slug)),
          h('td', null, fmtNumber(g.size)),
          h('td', null, g.capacity == null ? t('org.noCapacity') : fmtNumber(g.capacity)),
          h('td', null, fmtDecimal(gr.max_deviation ?? 0)),
          h('td', null, t('assign.ofTotal', { n: fmtNumber(gr.preferences_honoured ?? 0), total: fmtNumber(gr.preferred_by ?? 0) })),
        );
      }),
      'balance-groups',
    );

    const attributes = ATTRIBUTES.map((name) => {
      const a = rep.attributes.find((/** @type {any} */ x) => x.attribute === name);
      if (!a) return null;
      const headingId = `balance-${name}-h`;
      const label = t(`assign.attr.${name}`);
      const rows = a.values.map((/** @type {any} */ v) =>
        h(
          'tr',
          { dataset: { value: v.value } },
          h('th', { scope: 'row' }, data.valueLabel(name, v.value)),
          h('td', null, fmtNumber(v.total)),
          ...groups.map((/** @type {any} */ _g, /** @type {number} */ i) =>
            h('td', null, fmtNumber(v.per_group[i] ?? 0), h('span', { class: 'cell-sub' }, t('assign.share', { share: fmtDecimal(v.expected[i] ?? 0) }))),
          ),
          h('td', null, fmtDecimal(v.max_deviation)),
        ),
      );
      const chart = balanceChart({
        id: `chart-${name}`,
        title: t('chart.title', { attribute: label }),
        groups: groups.map((/** @type {any} */ g, /** @type {number} */ i) => ({ short: short[i], name: g.name })),
        values: a.values.map((/** @type {any} */ v) => ({ label: data.valueLabel(name, v.value), counts: v.per_group, expected: v.expected })),
      });
      return h(
        'div',
        { class: 'balance-attribute', dataset: { attribute: name } },
        h('h4', { id: headingId }, label, h('span', { class: 'heading-sub' }, t('assign.attrDeviation', { d: fmtDecimal(a.max_deviation) }))),
        h('div', { class: 'balance-pair' },
          table(
            headingId,
            h(
              'tr',
              null,
              h('th', { scope: 'col' }, label),
              h('th', { scope: 'col' }, t('assign.colTotal')),
              ...groups.map((/** @type {any} */ g) => h('th', { scope: 'col' }, g.name)),
              h('th', { scope: 'col' }, t('assign.colDeviation')),
            ),
            rows,
            'balance-table',
          ),
          h('figure', { class: 'chart' }, chart, h('figcaption', { class: 'muted small' }, t('chart.caption'), ' ', h('span', { class: 'chart-legend' }, groups.map((/** @type {any} */ g) => `${g.slug} = ${g.name}`).join('; ')))),
        ),
      );
    });

    replace(
      report,
      h('h3', { id: 'balance-h' }, t('assign.reportTitle')),
      h('p', { class: 'report-mode' }, mode),
      h('dl', { class: 'facts' }, ...facts.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)])),
      h('h4', { id: 'balance-groups-h' }, t('assign.groupsTitle')),
      groupsTable,
      h('p', { class: 'hint' }, t('assign.shareHint')),
      ...attributes,
    );
    report.dataset.kind = kind;
  }

  data.on('report', () => {
    // A run's own report stays until something else changes the groups.
    if (data.report === lastSaved) return;
    lastSaved = null;
    showReport(data.report, 'current');
  });

  // --- adjusting by hand --------------------------------------------------------
  const moveWho = /** @type {HTMLSelectElement} */ (h('select', { id: 'move-who', class: 'select' }));
  const moveTo = /** @type {HTMLSelectElement} */ (h('select', { id: 'move-to', class: 'select' }));
  const swapA = /** @type {HTMLSelectElement} */ (h('select', { id: 'swap-a', class: 'select' }));
  const swapB = /** @type {HTMLSelectElement} */ (h('select', { id: 'swap-b', class: 'select' }));
  const handStatus = h('p', { class: 'form-status', role: 'status', id: 'adjust-status' });

  function fillPeople() {
    const people = data.registrations
      .filter((r) => !r.revoked)
      .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''))
      .map((r) => [r.id, t('assign.person', { name: r.name ?? '', organisation: r.organisation ?? '', group: data.groupName(r.group) ?? t('registrations.notAssigned') })]);
    for (const select of [moveWho, swapA, swapB]) {
      const prev = select.value;
      replace(select, h('option', { value: '' }, t('register.choose')), ...people.map(([id, label]) => h('option', { value: id }, label)));
      if (people.some(([id]) => id === prev)) select.value = prev;
    }
    if (!moveTo.options.length && data.meta) {
      replace(moveTo, ...data.meta.groups.map((/** @type {any} */ g) => h('option', { value: g.slug }, g.name)));
    }
  }
  data.on('registrations', fillPeople);
  data.ready.then(fillPeople).catch(() => {});

  /** @param {() => Promise<any>} call @param {(r: any) => string} done */
  async function adjust(call, done) {
    try {
      const r = await call();
      data.setReport(r.assignment);
      await data.refreshRegistrations();
      handStatus.textContent = done(r);
      polite(handStatus.textContent);
    } catch (e) {
      handStatus.textContent = apiMessage(e);
      assertive(handStatus.textContent);
    }
  }
  const nameOf = (/** @type {string} */ id) => data.registrations.find((r) => r.id === id)?.name ?? t('registrations.someone');

  const fMoveWho = field({ label: t('assign.moveWho'), control: moveWho });
  const fSwapA = field({ label: t('assign.swapA'), control: swapA });
  const moveForm = h(
    'form',
    { class: 'adjust-form', novalidate: true, 'aria-labelledby': 'move-h' },
    h('h4', { id: 'move-h' }, t('assign.moveTitle')),
    fMoveWho.el,
    field({ label: t('assign.moveTo'), control: moveTo }).el,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-secondary' }, t('assign.move'))),
  );
  moveForm.addEventListener('submit', (e) => {
    e.preventDefault();
    fMoveWho.setError(moveWho.value ? null : t('assign.pickPerson'));
    if (!moveWho.value) return moveWho.focus();
    const who = nameOf(moveWho.value);
    adjust(
      () => api.moveRegistrant(token, slug, moveWho.value, moveTo.value),
      () => t('assign.moved', { who, group: data.groupName(moveTo.value) }),
    );
  });
  const swapForm = h(
    'form',
    { class: 'adjust-form', novalidate: true, 'aria-labelledby': 'swap-h' },
    h('h4', { id: 'swap-h' }, t('assign.swapTitle')),
    fSwapA.el,
    field({ label: t('assign.swapB'), control: swapB }).el,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-secondary' }, t('assign.swap'))),
  );
  swapForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const ok = swapA.value && swapB.value && swapA.value !== swapB.value;
    fSwapA.setError(ok ? null : t('assign.pickTwo'));
    if (!ok) return swapA.focus();
    const a = nameOf(swapA.value);
    const b = nameOf(swapB.value);
    adjust(
      () => api.swapRegistrants(token, slug, swapA.value, swapB.value),
      () => t('assign.swapped', { a, b }),
    );
  });

  return h(
    'section',
    { class: 'panel', id: 'org-assignment', 'aria-labelledby': 'org-assignment-h' },
    h('h2', { id: 'org-assignment-h' }, t('assign.title')),
    h('p', null, t('assign.explain')),
    h('div', { class: 'assign-run' }, fSeed.el, runActions),
    status,
    report,
    h(
      'div',
      { class: 'adjust', id: 'org-adjust' },
      h('h3', null, t('assign.adjustTitle')),
      h('p', { class: 'hint' }, t('assign.adjustHint')),
      h('div', { class: 'adjust-forms' }, moveForm, swapForm),
      handStatus,
    ),
  );
}
