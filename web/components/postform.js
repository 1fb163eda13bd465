// The post form: objective and review-question selectors, the text with a
// live character count and a preview of what the server will redact, and
// the queue of posts waiting to be sent.
//
// Every post goes through the session's outbox with a fresh idempotency
// key, whether the connection is up or not: one path, so a post is never
// lost and never stored twice.
//
// The redaction preview asks the server (a `preview` message) once typing
// pauses for PREVIEW_DELAY_MS, only while connected; the answer is shown
// only if the text has not changed since. After a post, the `ack` says what
// was redacted and the form's status repeats it in words.

import { field, h, replace, uid } from '../dom.js';
import { fmtNumber, t, tn } from '../i18n.js';
import { MAX_TEXT_CHARS, charCount, newKey } from '../protocol.js';
import { assertive, polite } from './announcer.js';
import { objectiveName } from './objectives.js';
import { afterPost, describe, highlighted, placeholderRanges, toIndices } from './redaction.js';

/** Pause in typing before asking for a redaction preview. */
export const PREVIEW_DELAY_MS = 400;

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

  // The redaction preview, under the text box.
  const previewSummary = h('p', { class: 'preview-summary', id: 'preview-summary', role: 'status' });
  const yours = h('p', { class: 'preview-text', id: 'preview-yours' });
  const stored = h('p', { class: 'preview-text', id: 'preview-stored' });
  const previewBody = h(
    'div',
    { class: 'preview-body', hidden: true },
    h('p', { class: 'preview-label' }, t('preview.yours')),
    yours,
    h('p', { class: 'preview-label' }, t('preview.stored')),
    stored,
  );
  const preview = h(
    'div',
    { class: 'redaction-preview', id: 'redaction-preview', hidden: true },
    h('p', { class: 'preview-title' }, t('preview.title')),
    previewSummary,
    previewBody,
  );
  fText.el.appendChild(preview);

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

  // --- the redaction preview ------------------------------------------------
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let previewTimer;
  /** The trimmed text of the preview on show, if any. */
  let previewed = '';
  const say = (/** @type {string} */ message) => {
    // Only a change is announced (the element is a polite status).
    if (previewSummary.textContent !== message) previewSummary.textContent = message;
  };
  function hidePreview() {
    clearTimeout(previewTimer);
    preview.hidden = true;
    previewBody.hidden = true;
    previewed = '';
    say('');
  }
  function askPreview() {
    clearTimeout(previewTimer);
    const value = text.value.trim();
    if (!value) {
      hidePreview();
      return;
    }
    if (charCount(value) > MAX_TEXT_CHARS) return;
    if (session.state !== 'connected') {
      preview.hidden = false;
      previewBody.hidden = true;
      preview.classList.remove('stale');
      previewed = '';
      say(t('preview.offline'));
      return;
    }
    session.preview(value);
  }
  function schedulePreview() {
    clearTimeout(previewTimer);
    const value = text.value.trim();
    if (!value) {
      hidePreview();
      return;
    }
    // What is shown no longer matches the text; it stays until the answer.
    preview.classList.toggle('stale', previewed !== '' && previewed !== value);
    previewTimer = setTimeout(askPreview, PREVIEW_DELAY_MS);
  }
  /** @param {string} sent @param {{text: string, redactions: any[], flags: any[]}} r */
  function showPreview(sent, r) {
    previewed = sent;
    preview.hidden = false;
    preview.classList.remove('stale');
    const redactions = toIndices(sent, r.redactions);
    const flags = toIndices(r.text, r.flags);
    const parts = [];
    const what = describe(r.redactions);
    parts.push(what ? t('preview.willRedact', { what }) : t('preview.nothing'));
    if (flags.length) parts.push(t('preview.flagged'));
    say(parts.join(' '));
    previewBody.hidden = redactions.length === 0 && flags.length === 0;
    replace(
      yours,
      ...highlighted(
        sent,
        redactions.map((x) => ({ ...x, cls: 'mark-redacted' })),
        (x) => h('span', { class: 'visually-hidden' }, ` ${t('preview.replacedBy', { placeholder: x.placeholder })}`),
      ),
    );
    const placeholders = placeholderRanges(sent, redactions, r.text) ?? [];
    replace(stored, ...highlighted(r.text, [...placeholders, ...flags.map((x) => ({ ...x, cls: 'mark-flag' }))]));
  }

  text.addEventListener('input', () => {
    updateCount();
    fText.setError(null);
    schedulePreview();
  });
  signal.addEventListener('abort', () => clearTimeout(previewTimer));

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
    hidePreview();
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
  on('state', (state) => {
    renderPending();
    // Back online with text in the box: the preview can be had now.
    if (state === 'connected' && text.value.trim() && previewed !== text.value.trim()) askPreview();
    else if (state !== 'connected' && !preview.hidden) askPreview();
  });
  on('preview', ({ text: sent, result }) => {
    // An answer for text that has changed since is out of date: a newer
    // request is on its way (or will be, when typing pauses).
    if (!result || sent !== text.value.trim()) return;
    showPreview(sent, result);
  });
  on('posted', (/** @type {any} */ d) => {
    const note = afterPost(d);
    status.textContent = [d.collected ? t('post.heldStatus') : t('post.sentStatus'), note].filter(Boolean).join(' ');
    polite([d.collected ? t('post.heldStatus') : d.duplicate ? t('post.sentAgain') : t('post.sent'), note].filter(Boolean).join(' '));
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
    askPreview();
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
