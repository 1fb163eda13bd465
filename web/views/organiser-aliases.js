// Organisation aliases: an acronym or another name that is the same
// organisation ("MFA" = "Migrant Forum in Asia"), so both count as one
// towards the limit per organisation. Declaring one re-keys every
// registration at once; nobody already registered is removed.

import { api } from '../api.js';
import { polite } from '../components/announcer.js';
import { field, h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { apiMessage } from './organiser-data.js';

/**
 * @param {{ data: import('./organiser-data.js').OrganiserData }} o
 */
export function aliasesSection({ data }) {
  const { token, slug } = data;
  const status = h('p', { class: 'form-status', role: 'status', id: 'aliases-status' });
  const list = h('tbody');
  const empty = h('p', { class: 'empty', hidden: true }, t('aliases.empty'));
  const tableWrap = h(
    'div',
    { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t('aliases.tableLabel') },
    h(
      'table',
      { class: 'aliases-table' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('aliases.alias')), h('th', { scope: 'col' }, t('aliases.name')), h('th', { scope: 'col' }, t('links.colActions')))),
      list,
    ),
  );
  const heading = h('h2', { id: 'org-aliases-h', tabindex: '-1' }, t('aliases.title'));

  /** @param {Array<{alias: string, name: string}>} all */
  function render(all) {
    empty.hidden = all.length > 0;
    tableWrap.hidden = all.length === 0;
    replace(
      list,
      ...all.map((a) => {
        const remove = h('button', { type: 'button', class: 'link-button danger', 'aria-label': t('aliases.removeLabel', { alias: a.alias }) }, t('aliases.remove'));
        remove.addEventListener('click', async () => {
          try {
            await api.removeAlias(token, slug, a.alias);
            status.textContent = t('aliases.removed', { alias: a.alias });
            polite(status.textContent);
            await load();
            heading.focus();
            data.changed();
          } catch (e) {
            status.textContent = apiMessage(e);
          }
        });
        return h('tr', { dataset: { alias: a.alias } }, h('th', { scope: 'row' }, a.alias), h('td', null, a.name), h('td', null, remove));
      }),
    );
  }

  async function load() {
    try {
      render(await api.aliases(token, slug));
    } catch (e) {
      status.textContent = apiMessage(e);
    }
  }

  const alias = /** @type {HTMLInputElement} */ (h('input', { id: 'alias-alias', type: 'text', class: 'input', autocomplete: 'off' }));
  const name = /** @type {HTMLInputElement} */ (h('input', { id: 'alias-name', type: 'text', class: 'input', autocomplete: 'off' }));
  const fAlias = field({ label: t('aliases.alias'), control: alias, hint: t('aliases.aliasHint') });
  const fName = field({ label: t('aliases.name'), control: name, hint: t('aliases.nameHint') });
  const form = h(
    'form',
    { class: 'alias-form', novalidate: true },
    fAlias.el,
    fName.el,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-secondary' }, t('aliases.add'))),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    fAlias.setError(alias.value.trim() ? null : t('aliases.required'));
    fName.setError(name.value.trim() ? null : t('aliases.required'));
    if (!alias.value.trim()) return alias.focus();
    if (!name.value.trim()) return name.focus();
    try {
      render(await api.addAlias(token, slug, alias.value.trim(), name.value.trim()));
      status.textContent = t('aliases.added', { alias: alias.value.trim(), name: name.value.trim() });
      polite(status.textContent);
      alias.value = '';
      name.value = '';
      alias.focus();
      data.changed();
    } catch (err) {
      fAlias.setError(apiMessage(err));
      alias.focus();
    }
  });

  load();
  return h(
    'section',
    { class: 'panel', id: 'org-aliases', 'aria-labelledby': heading.id },
    heading,
    h('p', null, t('aliases.explain')),
    empty,
    tableWrap,
    form,
    status,
  );
}
