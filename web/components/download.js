// Saves a file the API answered (a Blob) under its name, through a
// temporary link: nothing goes through a URL the server sees, and the
// organiser's token stays in the Authorization header of the request.

import { h } from '../dom.js';

/**
 * @param {Blob} blob
 * @param {string} name
 */
export function saveFile(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, class: 'visually-hidden' }, name);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
