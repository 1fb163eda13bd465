// The rapporteur's running summary, one per objective of their group.
// Every save names the version it started from; when someone else saved
// first, the server refuses and sends the current text: both texts are
// shown, nothing is lost, and the rapporteur saves again on top.

import { h, replace, uid } from '../dom.js';
import { t } from '../i18n.js';
import { assertive, polite } from './announcer.js';
import { objectiveName } from './objectives.js';

/**
 * @param {import('../session.js').Session} session
 * @param {{ signal: AbortSignal }} o
 */
export function summaryEditor(session, { signal }) {
  const group = /** @type {string} */ (session.scope);
  const body = h('div', { class: 'summaries' });
  const el = h(
    'section',
    { class: 'panel', id: 'summaries', 'aria-labelledby': 'summaries-h' },
    h('h2', { id: 'summaries-h' }, t('summary.title')),
    h('p', { class: 'muted small' }, t('summary.explain')),
    body,
  );
  /** @type {Map<number, {area: HTMLTextAreaElement, version: number, status: HTMLElement, conflict: HTMLElement, dirty: boolean}>} */
  const editors = new Map();

  function build() {
    editors.clear();
    const objectives = session.consultation.groups.find((/** @type {any} */ g) => g.slug === group)?.objectives ?? [];
    replace(
      body,
      ...objectives.map((/** @type {number} */ n) => {
        const saved = session.summaries.get(`${group}:${n}`);
        const id = uid('summary');
        const area = /** @type {HTMLTextAreaElement} */ (h('textarea', { id, class: 'textarea', rows: '5', value: saved?.text ?? '', dataset: { objective: String(n) } }));
        const status = h('p', { class: 'muted small', id: `${id}-status` });
        area.setAttribute('aria-describedby', status.id);
        const conflict = h('div', { class: 'conflict', hidden: true });
        const save = h('button', { type: 'submit', class: 'button' }, t('summary.save'));
        const ed = { area, version: saved?.version ?? 0, status, conflict, dirty: false };
        editors.set(n, ed);
        area.addEventListener('input', () => {
          ed.dirty = true;
          status.textContent = t('summary.unsaved');
        });
        const form = h('form', { class: 'summary-form', novalidate: true }, h('label', { for: id }, objectiveName(session.consultation, n)), conflict, area, status, h('div', { class: 'actions' }, save));
        form.addEventListener('submit', (e) => {
          e.preventDefault();
          if (!session.command({ type: 'summary', group, objective: n, text: area.value, version: ed.version })) {
            status.textContent = t('error.notConnected');
            return;
          }
          status.textContent = t('summary.saving');
        });
        status.textContent = ed.version ? t('summary.version', { version: ed.version }) : t('summary.none');
        return form;
      }),
    );
  }

  const on = (/** @type {string} */ type, /** @type {(d: any) => void} */ fn) =>
    session.addEventListener(type, (e) => fn(/** @type {CustomEvent} */ (e).detail), { signal });
  on('room', () => {
    el.hidden = session.room?.id !== group;
    if (!el.hidden) build();
  });
  // Someone (or we) saved: take the new text unless we are mid-edit.
  on('summary', (m) => {
    const ed = m.group === group ? editors.get(m.objective) : undefined;
    if (!ed) return;
    // Mid-edit, keep the version the edit started from: the save then
    // meets the server's conflict check instead of silently overwriting.
    if (ed.dirty) return;
    ed.area.value = m.text;
    ed.version = Math.max(ed.version, m.version);
    ed.status.textContent = t('summary.version', { version: ed.version });
  });
  on('summary-saved', (m) => {
    const ed = editors.get(m.objective);
    if (!ed || m.group !== group) return;
    ed.version = m.version;
    ed.dirty = false;
    ed.conflict.hidden = true;
    ed.status.textContent = t('summary.saved', { version: m.version });
    polite(t('summary.savedAnnounce'));
  });
  on('summary-conflict', (m) => {
    const ed = editors.get(m.objective);
    if (!ed || m.group !== group) return;
    ed.version = m.version;
    const useTheirs = h('button', { type: 'button', class: 'button button-secondary' }, t('summary.useTheirs'));
    useTheirs.addEventListener('click', () => {
      ed.area.value = m.text;
      ed.dirty = true;
      ed.area.focus();
    });
    replace(
      ed.conflict,
      h('p', { class: 'field-error' }, t('summary.conflict')),
      h('p', { class: 'hint' }, t('summary.theirs')),
      h('blockquote', { class: 'theirs' }, m.text),
      h('div', { class: 'actions' }, useTheirs),
    );
    ed.conflict.hidden = false;
    ed.status.textContent = t('summary.conflictStatus', { version: m.version });
    assertive(t('summary.conflict'));
  });
  on('failed', ({ action, error }) => {
    if (action !== 'summary') return;
    assertive(t('summary.failed', { reason: error.message }));
    for (const ed of editors.values()) if (ed.status.textContent === t('summary.saving')) ed.status.textContent = t('summary.failed', { reason: error.message });
  });

  el.hidden = session.room?.id !== group;
  if (!el.hidden) build();
  return el;
}
