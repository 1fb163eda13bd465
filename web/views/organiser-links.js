// Personal links: create (participant, facilitator, rapporteur), copy,
// revoke, place a participant in a room, and download them all as CSV.
//
// The server returns a link's token only when the link is created, so the
// links made in this tab are kept in sessionStorage; the CSV has the URL
// of those and the other columns for every link.

import { api } from '../api.js';
import { assertive, polite } from '../components/announcer.js';
import { confirmInline } from '../components/confirm.js';
import { copyField } from '../components/copy.js';
import { field, h, replace } from '../dom.js';
import { t, tn } from '../i18n.js';
import * as storage from '../storage.js';

/**
 * @typedef {{id: string, role: string, scope: string | null, room: string | null, group?: string | null, revoked: boolean}} LinkView
 * @typedef {{id: string, role: string, scope: string | null, room: string | null, group?: string | null, link: string, name?: string, email?: string, organisation?: string}} Created
 */

/**
 * @param {{ token: string, consultation: any, roomName: (slug: string) => string, signal: AbortSignal }} o
 */
export function linksSection({ token, consultation, roomName, signal }) {
  const slug = consultation.slug;
  const createdStore = storage.organiserLinks(slug);
  /** @type {Created[]} */
  let created = createdStore.load();
  /** @type {LinkView[]} */
  let links = [];
  const rooms = ['plenary', ...consultation.groups.map((/** @type {any} */ g) => g.slug)];

  const errorBox = h('div', { class: 'error-summary', role: 'alert', hidden: true });
  const showError = (/** @type {string | null} */ message) => {
    errorBox.hidden = !message;
    errorBox.textContent = message || '';
  };
  const apiMessage = (/** @type {any} */ e) => (e?.code === 'network' ? t('error.network') : t('error.api', { reason: e?.message || e?.code || '' }));

  // --- the create form -----------------------------------------------------
  const role = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id: 'link-role', class: 'select' },
      h('option', { value: 'participant' }, t('role.participant')),
      h('option', { value: 'facilitator' }, t('role.facilitator')),
      h('option', { value: 'rapporteur' }, t('role.rapporteur')),
    )
  );
  const room = /** @type {HTMLSelectElement} */ (h('select', { id: 'link-room', class: 'select' }));
  const roomField = field({ label: t('links.room'), control: room });
  const roomLabel = /** @type {HTMLLabelElement} */ (roomField.el.querySelector('label'));
  const name = /** @type {HTMLInputElement} */ (h('input', { id: 'link-name', type: 'text', class: 'input', autocomplete: 'off' }));
  const email = /** @type {HTMLInputElement} */ (h('input', { id: 'link-email', type: 'email', class: 'input', autocomplete: 'off' }));
  const org = /** @type {HTMLInputElement} */ (h('input', { id: 'link-organisation', type: 'text', class: 'input', autocomplete: 'off' }));
  const result = h('div', { class: 'created-result', hidden: true });

  // Participant: the working group the working-group phase takes them to
  // (optional). Facilitator: one room or all. Rapporteur: one group.
  function fillRooms() {
    const r = role.value;
    const groups = rooms.filter((x) => x !== 'plenary').map((x) => [x, roomName(x)]);
    const options =
      r === 'rapporteur'
        ? groups
        : r === 'facilitator'
          ? [['', t('links.allRooms')], ...rooms.map((x) => [x, roomName(x)])]
          : [['', t('links.noGroup')], ...groups];
    replace(room, ...options.map(([value, label]) => h('option', { value }, label)));
    replace(roomLabel, r === 'facilitator' ? t('links.facilitates') : t('links.group'));
  }
  role.addEventListener('change', fillRooms);
  fillRooms();

  const form = h(
    'form',
    { class: 'link-create', novalidate: true },
    field({ label: t('links.role'), control: role }).el,
    roomField.el,
    field({ label: t('links.name'), control: name, optional: t('form.optional') }).el,
    field({ label: t('links.email'), control: email, optional: t('form.optional') }).el,
    field({ label: t('links.organisation'), control: org, optional: t('form.optional') }).el,
    h('p', { class: 'hint' }, t('links.identityNote')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, t('links.create'))),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(null);
    /** @type {Record<string, string>} */
    const body = { role: role.value };
    if (role.value === 'facilitator') {
      if (room.value) body.room = room.value;
    } else if (room.value) {
      body.group = room.value;
    }
    for (const [k, input] of /** @type {const} */ ([['name', name], ['email', email], ['organisation', org]])) {
      if (input.value.trim()) body[k] = input.value.trim();
    }
    try {
      const made = await api.createLink(token, slug, body);
      /** @type {Created} */
      const entry = { id: made.id, role: made.role, scope: made.scope, room: made.room, group: made.group ?? body.group ?? null, link: made.link, name: body.name, email: body.email, organisation: body.organisation };
      created = [...created, entry];
      createdStore.save(created);
      name.value = '';
      email.value = '';
      org.value = '';
      const who = entry.name || t(`role.${entry.role}`);
      replace(result, h('h3', null, t('links.createdFor', { who })), copyField(t('links.linkFor', { who }), entry.link), h('p', { class: 'hint' }, t('links.shownOnce')));
      result.hidden = false;
      polite(t('links.createdAnnounce', { who }));
      await refresh();
    } catch (err) {
      showError(apiMessage(err));
    }
  });

  // --- the table of all links ----------------------------------------------
  const tableBody = h('tbody');
  const summary = h('p', { class: 'muted' });
  const download = h('button', { type: 'button', class: 'button button-secondary' }, t('links.download'));
  download.addEventListener('click', () => downloadCsv());

  const placeLabel = (/** @type {Created | undefined} */ c, /** @type {LinkView} */ l) => c?.name || t(`role.${l.role}`);

  function row(/** @type {LinkView} */ l) {
    const c = created.find((x) => x.id === l.id);
    const where =
      l.role === 'participant' ? (l.group ? roomName(l.group) : t('links.noGroup')) : l.scope ? roomName(l.scope) : t('links.allRooms');
    const actions = h('div', { class: 'actions' });
    if (!l.revoked) {
      const revoke = h('button', { type: 'button', class: 'link-button danger' }, t('links.revoke'));
      revoke.addEventListener('click', () =>
        confirmInline({
          host: actions,
          message: t('links.revokeConfirm', { who: placeLabel(c, l) }),
          confirm: t('links.revoke'),
          cancel: t('links.keep'),
          returnFocus: revoke,
          onConfirm: async () => {
            try {
              await api.revokeLink(token, slug, l.id);
              polite(t('links.revoked', { who: placeLabel(c, l) }));
              await refresh();
              /** @type {HTMLElement | null} */ (tableBody.closest('section'))?.querySelector('h2')?.focus();
            } catch (err) {
              showError(apiMessage(err));
            }
          },
        }),
      );
      actions.append(revoke);
      if (l.role === 'participant') actions.append(placeControl(l, c));
    }
    return h(
      'tr',
      { dataset: { id: l.id, role: l.role } },
      h('th', { scope: 'row' }, c?.name || h('span', { class: 'muted' }, t('links.unknownName'))),
      h('td', null, t(`role.${l.role}`)),
      h('td', null, where),
      h('td', null, l.revoked ? h('span', { class: 'badge badge-revoked' }, t('links.statusRevoked')) : t('links.statusActive')),
      h('td', null, c && !l.revoked ? copyField(t('links.linkFor', { who: placeLabel(c, l) }), c.link) : h('span', { class: 'muted' }, t('links.notShown'))),
      h('td', null, actions),
    );
  }

  function placeControl(/** @type {LinkView} */ l, /** @type {Created | undefined} */ c) {
    const id = `place-${l.id}`;
    const select = /** @type {HTMLSelectElement} */ (
      h('select', { id, class: 'select select-small' }, ...rooms.map((r) => h('option', { value: r, selected: r === l.room }, roomName(r))))
    );
    const go = h('button', { type: 'button', class: 'link-button' }, t('links.move'));
    go.addEventListener('click', async () => {
      try {
        await api.placeParticipant(token, slug, l.id, select.value);
        polite(t('links.moved', { who: placeLabel(c, l), room: roomName(select.value) }));
        l.room = select.value;
      } catch (err) {
        showError(apiMessage(err));
      }
    });
    return h('span', { class: 'place' }, h('label', { for: id, class: 'visually-hidden' }, t('links.moveLabel', { who: placeLabel(c, l) })), select, go);
  }

  async function refresh() {
    try {
      links = await api.links(token, slug);
    } catch (err) {
      showError(apiMessage(err));
      return;
    }
    if (signal.aborted) return;
    replace(tableBody, ...links.map(row));
    const active = links.filter((l) => !l.revoked).length;
    summary.textContent = `${tn('links.total', links.length)} ${tn('links.active', active)}`;
  }

  function downloadCsv() {
    const header = ['name', 'email', 'organisation', 'role', 'group', 'room', 'status', 'link', 'id'];
    const rows = links.map((l) => {
      const c = created.find((x) => x.id === l.id);
      const group = l.role === 'participant' ? l.group ?? '' : l.scope ?? '';
      return [c?.name ?? '', c?.email ?? '', c?.organisation ?? '', l.role, group, l.room ?? '', l.revoked ? 'revoked' : 'active', l.revoked ? '' : c?.link ?? '', l.id];
    });
    const csv = `\ufeff${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const a = h('a', { href: url, download: `roundtable-links-${slug}.csv`, class: 'visually-hidden' }, t('links.download'));
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    polite(t('links.downloaded'));
  }

  refresh();

  return h(
    'section',
    { class: 'panel', id: 'org-links', 'aria-labelledby': 'org-links-h' },
    h('h2', { id: 'org-links-h', tabindex: '-1' }, t('org.links')),
    h('p', { class: 'hint' }, t('links.intro')),
    errorBox,
    h('h3', null, t('links.createTitle')),
    form,
    result,
    h('h3', null, t('links.allTitle')),
    summary,
    h('p', { class: 'hint' }, t('links.csvNote')),
    h('div', { class: 'actions' }, download),
    h(
      'div',
      { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t('links.allTitle') },
      h(
        'table',
        { class: 'links-table' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col' }, t('links.colName')),
            h('th', { scope: 'col' }, t('links.colRole')),
            h('th', { scope: 'col' }, t('links.colGroup')),
            h('th', { scope: 'col' }, t('links.colStatus')),
            h('th', { scope: 'col' }, t('links.colLink')),
            h('th', { scope: 'col' }, t('links.colActions')),
          ),
        ),
        tableBody,
      ),
    ),
  );
}

/**
 * One CSV cell: quoted, and never read as a formula by a spreadsheet.
 * @param {string} value
 */
export function csvCell(value) {
  let v = String(value ?? '');
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return `"${v.replace(/"/g, '""')}"`;
}
