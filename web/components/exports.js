// Export buttons (Markdown, CSV, JSON, Word) and a print view. The file
// comes from the API with the person's token in an Authorization header
// and is saved through a temporary link; nothing goes through a URL.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { assertive, polite } from './announcer.js';

const FORMATS = /** @type {const} */ (['md', 'csv', 'json', 'docx']);

/**
 * @param {{ token: string, slug: string, group?: string | null, headingLevel?: 'h2' | 'h3' }} o
 */
export function exportPanel({ token, slug, group = null, headingLevel = 'h2' }) {
  const status = h('p', { class: 'muted small', role: 'status' });
  const download = async (/** @type {string} */ format) => {
    status.textContent = t('export.preparing');
    const q = new URLSearchParams({ format });
    if (group) q.set('group', group);
    try {
      const res = await fetch(`/api/v1/consultations/${encodeURIComponent(slug)}/export?${q}`, {
        headers: { Authorization: `Bearer ${token}` },
        cache: 'no-store',
        credentials: 'omit',
      });
      if (!res.ok) {
        const body = await res.json().catch(() => null);
        throw new Error(body?.error?.message ?? String(res.status));
      }
      const blob = await res.blob();
      const name = /filename="?([^";]+)"?/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? `roundtable-${slug}.${format}`;
      const url = URL.createObjectURL(blob);
      const a = h('a', { href: url, download: name, class: 'visually-hidden' }, name);
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      status.textContent = t('export.done', { name });
      polite(t('export.done', { name }));
    } catch (e) {
      const message = t('export.failed', { reason: /** @type {Error} */ (e).message });
      status.textContent = message;
      assertive(message);
    }
  };
  const print = h('button', { type: 'button', class: 'button button-secondary' }, t('export.print'));
  print.addEventListener('click', () => window.print());
  return h(
    'section',
    { class: 'panel exports', id: 'exports', 'aria-labelledby': 'exports-h' },
    h(headingLevel, { id: 'exports-h' }, t('export.title')),
    h('p', { class: 'muted small' }, t('export.explain')),
    h(
      'div',
      { class: 'actions' },
      ...FORMATS.map((f) => {
        const b = h('button', { type: 'button', class: 'button', dataset: { format: f } }, t(`export.${f}`));
        b.addEventListener('click', () => download(f));
        return b;
      }),
      print,
    ),
    status,
  );
}
