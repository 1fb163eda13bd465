// What the server redacts from a text, shown to its author: the parts of
// their own text that will be replaced (highlighted), the text as it will
// be stored (placeholders and flagged organisation mentions highlighted),
// and a short account of it in words. The byte-offset arithmetic is in
// ../redact.js.

import { h } from '../dom.js';
import { fmtList, t, tn } from '../i18n.js';

export { placeholderRanges, toIndices } from '../redact.js';

/** The kinds of redaction the server reports (docs/redaction.md). */
export const KINDS = /** @type {const} */ (['name', 'affiliation', 'email', 'phone', 'link', 'handle']);

/**
 * Text with some ranges wrapped in <mark>; overlapping ranges are skipped.
 * `after(range)` may add a node after each mark (e.g. a hidden explanation).
 * @param {string} text
 * @param {Array<{from: number, to: number, cls: string}>} ranges
 * @param {(r: any) => Node | null} [after]
 */
export function highlighted(text, ranges, after) {
  /** @type {Array<Node | string>} */
  const out = [];
  let at = 0;
  for (const r of [...ranges].sort((a, b) => a.from - b.from)) {
    if (r.from < at) continue;
    if (r.from > at) out.push(text.slice(at, r.from));
    out.push(h('mark', { class: r.cls }, text.slice(r.from, r.to)));
    const extra = after?.(r);
    if (extra) out.push(extra);
    at = r.to;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

/**
 * "1 name and 1 email address" for a list of redactions, or '' for none.
 * @param {Array<{kind: string}>} redactions
 */
export function describe(redactions) {
  /** @type {Map<string, number>} */
  const counts = new Map();
  for (const r of redactions) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
  const parts = [...counts].map(([kind, n]) => tn(KINDS.includes(/** @type {any} */ (kind)) ? `redaction.kind.${kind}` : 'redaction.kind.other', n));
  if (parts.length === 0) return '';
  return fmtList(parts);
}

/**
 * A short sentence about what the server did to a post (for the ack).
 * @param {{redactions?: any[], flags?: any[]}} m
 */
export function afterPost(m) {
  const parts = [];
  const what = describe(m.redactions ?? []);
  if (what) parts.push(t('redaction.didRedact', { what }));
  if ((m.flags ?? []).length) parts.push(t('redaction.didFlag'));
  return parts.join(' ');
}
