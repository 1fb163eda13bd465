// Small DOM helpers. User text only ever becomes a Text node: nothing in
// this client parses a string as HTML.

/**
 * Creates an element.
 *
 * `props` keys: `class`, `text` (textContent), `on<event>` (listener),
 * `dataset` (object), DOM properties `value`, `checked`, `hidden`,
 * `disabled`, `selected`, `open`; anything else becomes an attribute
 * (`true` gives an empty attribute, `false`/`null`/`undefined` none).
 *
 * @param {string} tag
 * @param {Record<string, any> | null} [props]
 * @param {...(Node | string | number | null | undefined | false | Array<any>)} children
 * @returns {HTMLElement}
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : v;
    else if (k === 'text') el.textContent = String(v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (PROPS.has(k)) /** @type {any} */ (el)[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

const PROPS = new Set(['value', 'checked', 'hidden', 'disabled', 'selected', 'open']);

/**
 * Appends children (nested arrays allowed); strings become text nodes.
 * @param {Node} parent
 * @param {Array<any>} children
 */
export function append(parent, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(parent, c);
    else if (c instanceof Node) parent.appendChild(c);
    else parent.appendChild(document.createTextNode(String(c)));
  }
}

/**
 * Replaces all children of `el`.
 * @param {Element} el
 * @param {...any} children
 */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/**
 * Text as paragraphs: blank lines separate paragraphs, single newlines are
 * kept by CSS (`white-space: pre-line` on `.prose p`).
 * @param {string} text
 * @returns {HTMLElement[]}
 */
export function paragraphs(text) {
  return String(text)
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => h('p', null, p));
}

let nextId = 0;
/**
 * A unique id for label/aria wiring.
 * @param {string} prefix
 */
export function uid(prefix) {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/**
 * A labelled form field: label, optional hint, control, optional error.
 * @param {{label: string, control: HTMLElement, hint?: string, optional?: string}} o
 */
export function field({ label, control, hint, optional }) {
  const id = control.id || uid('f');
  control.id = id;
  const described = [];
  let hintEl = null;
  if (hint) {
    hintEl = h('p', { class: 'hint', id: `${id}-hint` }, hint);
    described.push(hintEl.id);
  }
  const errorEl = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  described.push(errorEl.id);
  control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), ...described].filter(Boolean).join(' '));
  const wrap = h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label, optional ? h('span', { class: 'optional' }, ` ${optional}`) : null),
    hintEl,
    errorEl,
    control,
  );
  return {
    el: wrap,
    /** @param {string | null} message */
    setError(message) {
      errorEl.hidden = !message;
      errorEl.textContent = message || '';
      if (message) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
    },
  };
}

/**
 * Re-renders `container` with `render()` while keeping the person's place:
 * the element with the same `data-key` gets focus back, and selects keep
 * a value the person picked but has not applied yet. For lists the server
 * refreshes often (rosters, queues).
 * @param {HTMLElement} container
 * @param {() => void} render
 * @param {HTMLElement} [fallback] focused when the focused element is gone
 */
export function keepFocus(container, render, fallback) {
  const active = /** @type {HTMLElement | null} */ (document.activeElement);
  const had = active !== null && container.contains(active);
  const key = had ? active.dataset.key : undefined;
  // Only values the person changed (`data-touched`) are carried over.
  const values = new Map(
    [...container.querySelectorAll('select[data-key][data-touched]')].map((s) => [
      /** @type {HTMLElement} */ (s).dataset.key,
      /** @type {HTMLSelectElement} */ (s).value,
    ]),
  );
  render();
  for (const s of /** @type {NodeListOf<HTMLSelectElement>} */ (container.querySelectorAll('select[data-key]'))) {
    const v = values.get(s.dataset.key);
    if (v !== undefined && [...s.options].some((o) => o.value === v)) {
      s.value = v;
      s.dataset.touched = '';
    }
  }
  if (!had) return;
  const again = key ? /** @type {HTMLElement | null} */ (container.querySelector(`[data-key="${CSS.escape(key)}"]`)) : null;
  (again ?? fallback)?.focus();
}
