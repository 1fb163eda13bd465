// Screen-reader announcements through the two live regions in index.html:
// polite for new contributions and confirmations, assertive for errors and
// (later) broadcasts. Announcing never moves focus.

const BATCH_MS = 1200;

/** @param {string} id */
function region(id) {
  return /** @type {HTMLElement} */ (document.getElementById(id));
}

/**
 * @param {HTMLElement} el
 * @param {string} text
 */
function speak(el, text) {
  // A new child node is announced even when the text repeats.
  const p = document.createElement('p');
  p.textContent = text;
  el.appendChild(p);
  while (el.childNodes.length > 3) el.removeChild(/** @type {Node} */ (el.firstChild));
}

/** @param {string} text */
export function polite(text) {
  speak(region('announce-polite'), text);
}

/** @param {string} text */
export function assertive(text) {
  speak(region('announce-assertive'), text);
}

/**
 * Collects items for a moment and announces one message for them all, so
 * a burst of contributions is one announcement, not twenty.
 * @template T
 * @param {(items: T[]) => string} render
 */
export function batcher(render) {
  /** @type {T[]} */
  let items = [];
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  return {
    /** @param {T} item */
    add(item) {
      items.push(item);
      clearTimeout(timer);
      timer = setTimeout(() => {
        const all = items;
        items = [];
        polite(render(all));
      }, BATCH_MS);
    },
    cancel() {
      clearTimeout(timer);
      items = [];
    },
  };
}
