// Shows one view at a time in <main>. A view is a function that gets an
// AbortSignal (aborted when the next view replaces it, so its listeners go
// away) and returns its element.
//
// Focus: a view change the person caused (they clicked "Agree and join")
// moves focus to the new view's heading; a change the page made by itself
// (first load, a server message) never moves focus.

import { t } from './i18n.js';

/** @type {AbortController | null} */
let current = null;

/**
 * @param {(signal: AbortSignal) => HTMLElement} view
 * @param {{ title?: string, name: string, focus?: boolean }} o
 */
export function show(view, { title, name, focus = false }) {
  current?.abort();
  current = new AbortController();
  const main = /** @type {HTMLElement} */ (document.getElementById('main'));
  main.replaceChildren(view(current.signal));
  main.dataset.view = name;
  document.body.dataset.view = name;
  setTitle(title);
  if (focus) {
    const heading = /** @type {HTMLElement | null} */ (main.querySelector('h1'));
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
  }
}

/** @param {string | undefined} title */
export function setTitle(title) {
  document.title = title ? t('app.titleWith', { title }) : t('app.name');
}
