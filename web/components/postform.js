// The post form: objective and review-question selectors, the text with a
// live character count, and the queue of posts waiting to be sent.
//
// Every post goes through the session's outbox with a fresh idempotency
// key, whether the connection is up or not: one path, so a post is never
// lost and never stored twice.

import { field, h, replace, uid } from '../dom.js';
import { fmtNumber, t, tn } from '../i18n.js';
import { MAX_TEXT_CHARS, charCount, newKey } from '../protocol.js';
import { assertive, polite } from './announcer.js';
import { objectiveName } from './objectives.js';

/**
 * @typedef {import('../session.js').Session} Session
 */

/**
 * @param {Session} session
 * @param {{ signal: AbortSignal }} o
 */
export function postForm(session, { signal }) {
  const objective = /** @type {HTMLSelectElement} */ (h('select', { id: 'post-objective', class: 'select' }));
  const question = /** @type {HTMLSelectElement} */ (h('select', { id: 'post-question', class: 'select' }));
  const text = /** @type {HTMLTextAreaElement} */ (h('textarea', { id: 'post-text', class: 'textarea', rows: '5', 'aria-describedby': 'post-count' }));
  const count = h('p', { class: 'count', id: 'post-count' });
  const status = h('p', { class: 'form-status', id: 'post-status' });
  const submit = h('button', { type: 'submit', class: 'button' }, t('post.submit'));

  const fObjective = field({ label: t('post.objective'), control: objective });
  const fQuestion = field({ label: t('post.question'), control: question });
  const fText = field({ label: t('post.text'), control: text, hint: t('post.textHint', { max: fmtNumber(MAX_TEXT_CHARS) }) });
  // Keep the count next to the text box and in its description.
  fText.el.appendChild(count);

  const headingId = uid('compose-h');
  const form = h(
    'form',
    { class: 'post-form', novalidate: true, 'aria-labelledby': headingId },
    fObjective.el,
    fQuestion.el,
    fText.el,
    h('div', { class: 'actions' }, submit),
    status,
  );

  const pendingHeading = h('h3', null);
  const pendingList = h('ul', { class: 'pending-list' });
  const pending = h('div', { class: 'pending', hidden: true }, pendingHeading, pendingList);
  // In a room that collects contributions for a reveal, one's own posts
  // wait here, visible only to their author, until the reveal.
  const collectNote = h('p', { class: 'notice notice-collect', id: 'collect-note', hidden: true }, t('post.collecting'));
  const heldHeading = h('h3', null);
  const heldList = h('ul', { class: 'pending-list' });
  const held = h('div', { class: 'pending held', id: 'held', hidden: true }, heldHeading, heldList);
  function renderHeld() {
    collectNote.hidden = !session.collecting;
    const items = session.ownCollected;
    held.hidden = items.length === 0;
    replace(heldHeading, tn('post.heldTitle', items.length));
    replace(heldList, ...items.map((c) => h('li', { class: 'pending-item', dataset: { id: c.id } }, h('span', { class: 'pending-text' }, c.text))));
  }

  function fillSelectors() {
    const room = session.room;
    const prevO = objective.value;
    const prevQ = question.value;
    const objectives = room?.objectives ?? [];
    replace(objective, ...objectives.map((n) => h('option', { value: String(n) }, objectiveName(session.consultation, n))));
    replace(
      question,
      ...(session.consultation?.review_questions ?? []).map((/** @type {any} */ q) => h('option', { value: q.key }, q.text)),
    );
    if (objectives.map(String).includes(prevO)) objective.value = prevO;
    if (prevQ) question.value = prevQ;
    if (question.selectedIndex === -1) question.selectedIndex = 0;
  }

  let announcedOver = false;
  function updateCount() {
    const n = charCount(text.value);
    const over = n - MAX_TEXT_CHARS;
    count.textContent =
      over > 0
        ? t('post.countOver', { n: fmtNumber(n), max: fmtNumber(MAX_TEXT_CHARS), over: fmtNumber(over) })
        : t('post.count', { n: fmtNumber(n), max: fmtNumber(MAX_TEXT_CHARS) });
    count.classList.toggle('over', over > 0);
    // Announce crossing the limit once, not every keystroke.
    if (over > 0 && !announcedOver) polite(t('post.overAnnounce', { max: fmtNumber(MAX_TEXT_CHARS) }));
    announcedOver = over > 0;
  }

  function renderPending() {
    const items = session.outbox;
    pending.hidden = items.length === 0;
    const connected = session.state === 'connected';
    replace(pendingHeading, tn('post.pendingTitle', items.length));
    replace(
      pendingList,
      ...items.map((p) =>
        h(
          'li',
          { class: 'pending-item', dataset: { key: p.key } },
          h('span', { class: 'pending-state' }, connected ? t('post.sending') : t('post.waiting')),
          h('span', { class: 'pending-text' }, p.text),
        ),
      ),
    );
  }

  text.addEventListener('input', () => {
    updateCount();
    fText.setError(null);
  });

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const n = charCount(text.value);
    const error = n === 0 ? t('post.errorEmpty') : n > MAX_TEXT_CHARS ? t('post.errorTooLong', { max: fmtNumber(MAX_TEXT_CHARS) }) : null;
    fText.setError(error);
    if (error || !session.room) {
      text.focus();
      return;
    }
    session.post({
      key: newKey(),
      room: session.room.id,
      objective: Number(objective.value),
      question: question.value,
      text: text.value.trim(),
    });
    text.value = '';
    updateCount();
    status.textContent = session.state === 'connected' ? t('post.sendingStatus') : t('post.queuedStatus');
    if (session.state !== 'connected') polite(t('post.queuedStatus'));
  });

  const on = (/** @type {string} */ type, /** @type {(d: any) => void} */ fn) =>
    session.addEventListener(type, (e) => fn(/** @type {CustomEvent} */ (e).detail), { signal });
  on('room', () => {
    fillSelectors();
    renderHeld();
  });
  on('meeting', () => renderHeld());
  on('collected', () => renderHeld());
  on('pending', () => renderHeld());
  on('outbox', () => renderPending());
  on('state', () => renderPending());
  on('posted', ({ duplicate, collected }) => {
    status.textContent = collected ? t('post.heldStatus') : t('post.sentStatus');
    polite(collected ? t('post.heldStatus') : duplicate ? t('post.sentAgain') : t('post.sent'));
  });
  on('rejected', ({ item, error }) => {
    // Nothing typed is lost: the refused text goes back into the form.
    if (text.value.trim()) {
      text.value = `${text.value.trimEnd()}\n\n${item.text}`;
    } else {
      text.value = item.text;
      if ([...objective.options].some((o) => o.value === String(item.objective))) objective.value = String(item.objective);
      question.value = item.question;
    }
    updateCount();
    const message = error.code === 'moved' ? t('post.rejectedMoved') : t('post.rejected', { reason: error.message });
    fText.setError(message);
    status.textContent = '';
    assertive(message);
  });

  fillSelectors();
  updateCount();
  renderPending();
  renderHeld();

  return h(
    'section',
    { class: 'panel compose', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, t('post.title')),
    h('p', { class: 'notice' }, t('post.chathamReminder')),
    collectNote,
    form,
    pending,
    held,
  );
}
