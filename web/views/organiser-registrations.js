// The organiser's registrations: the table of registrants (sortable by
// name, organisation, country and group), the counts, a walk-in form,
// deleting a registration, and links for a mail merge.
//
// Links are stored only as hashes, so they cannot be shown again: the only
// way to hand out links is to issue new ones (`POST …/links/reissue`),
// which stops every earlier link of those registrants at once. Both the
// "everyone" and the "one person" buttons say so and ask first.

import { api } from '../api.js';
import { polite } from '../components/announcer.js';
import { confirmInline } from '../components/confirm.js';
import { copyField } from '../components/copy.js';
import { saveFile } from '../components/download.js';
import { registrationForm } from '../components/regform.js';
import { h, replace } from '../dom.js';
import { t, tn } from '../i18n.js';
import { apiMessage } from './organiser-data.js';

/** Sortable columns: the key and how to read it from a row. */
const SORTS = /** @type {const} */ (['name', 'organisation', 'country', 'group']);

/**
 * @param {{ data: import('./organiser-data.js').OrganiserData }} o
 */
export function registrationsSection({ data }) {
  const { token, slug } = data;
  const errorBox = h('div', { class: 'error-summary', role: 'alert', hidden: true });
  const showError = (/** @type {string | null} */ message) => {
    errorBox.hidden = !message;
    errorBox.textContent = message || '';
  };
  const status = h('p', { class: 'form-status', role: 'status', id: 'registrations-status' });
  const counts = h('p', { class: 'counts', id: 'registration-counts' });
  const result = h('div', { class: 'created-result', id: 'reissued-one', hidden: true });
  const tableBody = h('tbody');
  /** @type {{key: typeof SORTS[number], dir: 1 | -1}} */
  let sort = { key: 'name', dir: 1 };
  const heads = new Map();

  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  /** @param {any} r @param {string} key */
  const sortValue = (r, key) => {
    if (key === 'country') return `${data.subregionLabel(r.subregion)} ${r.country_name ?? r.country}`;
    if (key === 'group') return data.groupName(r.group) ?? '\uffff';
    return r[key] ?? '';
  };

  function header(/** @type {typeof SORTS[number]} */ key, /** @type {string} */ label) {
    const button = h('button', { type: 'button', class: 'sort-button', dataset: { sort: key } }, label, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }));
    button.addEventListener('click', () => {
      sort = { key, dir: sort.key === key ? /** @type {1 | -1} */ (-sort.dir) : 1 };
      render();
      polite(t('registrations.sorted', { column: label, order: t(sort.dir === 1 ? 'registrations.ascending' : 'registrations.descending') }));
    });
    const th = h('th', { scope: 'col' }, button);
    heads.set(key, th);
    return th;
  }

  function renderCounts() {
    const regs = data.registrations;
    const active = regs.filter((r) => !r.revoked);
    const byGroup = (data.meta?.groups ?? []).map((/** @type {any} */ g) =>
      t('registrations.inGroup', { group: g.name, n: active.filter((r) => r.group === g.slug).length }),
    );
    const unassigned = active.filter((r) => !r.group).length;
    const revoked = regs.length - active.length;
    counts.textContent = [
      tn('registrations.total', regs.length),
      ...byGroup,
      t('registrations.unassigned', { n: unassigned }),
      revoked ? tn('registrations.revoked', revoked) : null,
    ]
      .filter(Boolean)
      .join(' · ');
  }

  function row(/** @type {any} */ r) {
    const actions = h('div', { class: 'actions' });
    const who = r.name ?? t('registrations.someone');
    const reissue = h('button', { type: 'button', class: 'link-button' }, t('registrations.newLink'));
    reissue.addEventListener('click', () =>
      confirmInline({
        host: actions,
        message: t('registrations.newLinkConfirm', { who }),
        confirm: t('registrations.newLinkDo'),
        cancel: t('registrations.keepLink'),
        returnFocus: reissue,
        onConfirm: async () => {
          try {
            const { blob } = await api.reissueLinks(token, slug, [r.id]);
            const link = /https?:\/\/[^\s",]+#token=[A-Za-z0-9_-]+/.exec(await blob.text())?.[0];
            if (!link) throw new Error(t('registrations.noLinkBack'));
            replace(
              result,
              h('h3', { tabindex: '-1' }, t('links.createdFor', { who })),
              copyField(t('links.linkFor', { who }), link),
              h('p', { class: 'hint' }, t('registrations.newLinkNote')),
            );
            result.hidden = false;
            /** @type {HTMLElement} */ (result.querySelector('h3')).focus();
            polite(t('links.createdAnnounce', { who }));
          } catch (e) {
            showError(apiMessage(e));
            reissue.focus();
          }
        },
      }),
    );
    const remove = h('button', { type: 'button', class: 'link-button danger' }, t('registrations.delete'));
    remove.addEventListener('click', () =>
      confirmInline({
        host: actions,
        message: t('registrations.deleteConfirm', { who }),
        confirm: t('registrations.delete'),
        cancel: t('registrations.keep'),
        returnFocus: remove,
        onConfirm: async () => {
          try {
            await api.deleteRegistration(token, slug, r.id);
            polite(t('registrations.deleted', { who }));
            await data.changed();
            heading.focus();
          } catch (e) {
            showError(apiMessage(e));
          }
        },
      }),
    );
    if (!r.revoked) actions.append(reissue);
    actions.append(remove);
    const pref = data.groupName(r.preferred_group);
    return h(
      'tr',
      { dataset: { id: r.id } },
      h('th', { scope: 'row' }, r.name ?? ''),
      h('td', null, r.email ?? ''),
      h('td', null, r.organisation ?? ''),
      h('td', null, data.categoryLabel(r.category)),
      h('td', null, data.genderLabel(r.gender)),
      h('td', null, r.country_name ?? r.country, h('span', { class: 'cell-sub' }, data.subregionLabel(r.subregion))),
      h('td', null, pref ?? h('span', { class: 'muted' }, t('registrations.none'))),
      h(
        'td',
        { class: 'cell-group' },
        r.revoked
          ? h('span', { class: 'badge badge-revoked' }, t('links.statusRevoked'))
          : data.groupName(r.group) ?? h('span', { class: 'muted' }, t('registrations.notAssigned')),
      ),
      h('td', { class: 'cell-note' }, r.accessibility ?? ''),
      h('td', null, actions),
    );
  }

  function render() {
    const rows = [...data.registrations].sort((a, b) => sort.dir * collator.compare(sortValue(a, sort.key), sortValue(b, sort.key)) || collator.compare(a.name ?? '', b.name ?? ''));
    replace(tableBody, ...rows.map(row));
    if (!rows.length) {
      replace(tableBody, h('tr', null, h('td', { colspan: '10', class: 'empty' }, data.registrationsLoaded ? t('registrations.empty') : t('landing.loading'))));
    }
    for (const [key, th] of heads) {
      if (key === sort.key) th.setAttribute('aria-sort', sort.dir === 1 ? 'ascending' : 'descending');
      else th.removeAttribute('aria-sort');
    }
    renderCounts();
  }

  // --- downloads and links for everyone -------------------------------------
  const download = h('button', { type: 'button', class: 'button button-secondary', id: 'download-registrations' }, t('registrations.download'));
  download.addEventListener('click', async () => {
    try {
      const { blob, name } = await api.registrationsCsv(token, slug);
      saveFile(blob, name);
      status.textContent = t('registrations.downloaded', { name });
    } catch (e) {
      showError(apiMessage(e));
    }
  });
  const reissueAll = h('button', { type: 'button', class: 'button', id: 'reissue-all' }, t('registrations.reissueAll'));
  const reissueActions = h('div', { class: 'actions' }, reissueAll);
  reissueAll.addEventListener('click', () =>
    confirmInline({
      host: reissueBlock,
      message: t('registrations.reissueAllConfirm', { n: data.registrations.filter((r) => !r.revoked).length }),
      confirm: t('registrations.reissueAllDo'),
      cancel: t('registrations.keepLinks'),
      returnFocus: reissueAll,
      onConfirm: async () => {
        try {
          const { blob, name } = await api.reissueLinks(token, slug);
          saveFile(blob, name);
          const rows = (await blob.text()).split(/\r?\n/).filter((l) => l.trim()).length - 1;
          status.textContent = tn('registrations.reissued', Math.max(0, rows), { name });
          polite(status.textContent);
          reissueAll.focus();
        } catch (e) {
          showError(apiMessage(e));
          reissueAll.focus();
        }
      },
    }),
  );
  const reissueBlock = h(
    'div',
    { class: 'reissue', id: 'org-reissue' },
    h('h3', null, t('registrations.linksTitle')),
    h('p', null, t('registrations.linksExplain')),
    h('p', { class: 'warning-box' }, h('strong', null, t('registrations.linksWarningLead')), ' ', t('registrations.linksWarning')),
    reissueActions,
  );

  // --- walk-ins -------------------------------------------------------------
  const walkIn = h('details', { class: 'walk-in', id: 'walk-in' }, h('summary', null, t('registrations.walkIn')));
  const walkInResult = h('div', { class: 'created-result', hidden: true });
  data.ready
    .then((meta) => {
      const form = registrationForm({
        meta,
        token,
        idPrefix: 'walkin',
        submitLabel: t('registrations.walkInSubmit'),
        onDone: async (made, body) => {
          const who = body.name;
          replace(
            walkInResult,
            h('h3', { tabindex: '-1' }, t('links.createdFor', { who })),
            copyField(t('links.linkFor', { who }), made.link),
            h('p', { class: 'hint' }, made.group ? t('registrations.walkInPlaced', { group: data.groupName(made.group) }) : t('links.shownOnce')),
          );
          walkInResult.hidden = false;
          form.reset();
          /** @type {HTMLElement} */ (walkInResult.querySelector('h3')).focus();
          polite(t('links.createdAnnounce', { who }));
          await data.changed();
        },
      });
      walkIn.append(h('p', { class: 'hint' }, t('registrations.walkInHint')), walkInResult, form.el);
    })
    .catch(() => {});

  const heading = h('h2', { id: 'org-registrations-h', tabindex: '-1' }, t('registrations.title'));
  const table = h(
    'table',
    { class: 'registrations-table' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        header('name', t('registrations.colName')),
        h('th', { scope: 'col' }, t('registrations.colEmail')),
        header('organisation', t('registrations.colOrganisation')),
        h('th', { scope: 'col' }, t('registrations.colCategory')),
        h('th', { scope: 'col' }, t('registrations.colGender')),
        header('country', t('registrations.colCountry')),
        h('th', { scope: 'col' }, t('registrations.colPreferred')),
        header('group', t('registrations.colGroup')),
        h('th', { scope: 'col' }, t('registrations.colAccessibility')),
        h('th', { scope: 'col' }, t('links.colActions')),
      ),
    ),
    tableBody,
  );

  data.on('registrations', render);
  data.on('error', () => showError(apiMessage(data.lastError)));
  data.ready.then(() => render()).catch(() => {});
  render();

  return h(
    'section',
    { class: 'panel', id: 'org-registrations', 'aria-labelledby': heading.id },
    heading,
    errorBox,
    counts,
    h('p', { class: 'hint' }, t('registrations.sortHint')),
    h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t('registrations.tableLabel') }, table),
    h('div', { class: 'actions' }, download),
    status,
    result,
    walkIn,
    reissueBlock,
  );
}
