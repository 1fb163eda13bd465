// A small bar chart of one attribute of the balance report (subregion,
// gender or stakeholder category): for each value, one bar per working
// group with its count, and a tick at the group's proportional share.
//
// SVG built with createElementNS (no markup parsing). Widths are
// percentages of the chart, so it fits 360 px and desktops alike without
// scaling the text. Groups differ by fill pattern as well as colour, and
// each bar is labelled with the group's short name and its count, so
// nothing depends on colour. The chart is an image with a text
// alternative; the table beside it gives the same figures.

import { t } from '../i18n.js';

const NS = 'http://www.w3.org/2000/svg';
const LABEL_H = 18;
const BAR_H = 14;
const BAR_GAP = 4;
const ROW_GAP = 10;
/** The longest bar, in percent of the chart's width (room for its label). */
const SPAN = 72;

/**
 * @param {string} tag
 * @param {Record<string, string | number>} [attrs]
 * @param {...(SVGElement | string)} children
 */
function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c);
  return el;
}

/**
 * @param {{
 *   id: string,
 *   title: string,
 *   groups: Array<{short: string, name: string}>,
 *   values: Array<{label: string, counts: number[], expected: number[]}>,
 * }} o
 * @returns {SVGSVGElement}
 */
export function balanceChart({ id, title, groups, values }) {
  const top = Math.max(1, ...values.flatMap((v) => [...v.counts, ...v.expected]));
  const pct = (/** @type {number} */ n) => `${((n / top) * SPAN).toFixed(2)}%`;
  const rowH = LABEL_H + groups.length * (BAR_H + BAR_GAP) + ROW_GAP;
  const height = Math.max(rowH * values.length, 24);
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;

  // Patterns: solid, hatched, dotted, cross-hatched, then round again.
  const defs = svg('defs');
  const fills = groups.map((_, i) => {
    const kind = i % 4;
    if (kind === 0) return null;
    const pid = `${id}-p${i}`;
    const p = svg('pattern', { id: pid, width: 6, height: 6, patternUnits: 'userSpaceOnUse', class: `chart-pattern chart-pattern-${kind}` });
    p.append(svg('rect', { width: 6, height: 6, class: 'chart-pattern-bg' }));
    if (kind === 1) p.append(svg('path', { d: 'M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2', class: 'chart-pattern-ink' }));
    if (kind === 2) p.append(svg('circle', { cx: 3, cy: 3, r: 1.4, class: 'chart-pattern-dot' }));
    if (kind === 3) p.append(svg('path', { d: 'M0,0 l6,6 M6,0 l-6,6', class: 'chart-pattern-ink' }));
    defs.append(p);
    return `url(#${pid})`;
  });

  const root = /** @type {SVGSVGElement} */ (
    svg(
      'svg',
      { class: 'balance-chart', width: '100%', height, role: 'img', 'aria-labelledby': `${titleId} ${descId}`, focusable: 'false' },
      svg('title', { id: titleId }, title),
      svg('desc', { id: descId }, t('chart.desc')),
      defs,
    )
  );

  values.forEach((v, row) => {
    const y0 = row * rowH;
    const g = svg('g', { class: 'chart-row' });
    g.append(svg('text', { x: 0, y: y0 + LABEL_H - 5, class: 'chart-label' }, v.label));
    groups.forEach((group, i) => {
      const y = y0 + LABEL_H + i * (BAR_H + BAR_GAP);
      const count = v.counts[i] ?? 0;
      const bar = svg('rect', { x: 0, y, width: pct(count), height: BAR_H, class: `chart-bar chart-bar-${i % 4}` });
      if (fills[i]) bar.setAttribute('fill', /** @type {string} */ (fills[i]));
      g.append(bar);
      // The proportional share: a tick across the bar.
      const share = pct(v.expected[i] ?? 0);
      g.append(svg('line', { x1: share, x2: share, y1: y - 2, y2: y + BAR_H + 2, class: 'chart-share' }));
      g.append(svg('text', { x: pct(count), dx: 6, y: y + BAR_H - 3, class: 'chart-value' }, `${group.short} ${count}`));
    });
    root.append(g);
  });
  return root;
}
