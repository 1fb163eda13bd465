// One contribution in the feed: its objective and review question, its
// text (always as a text node), and the actions this person may take on it:
// edit and withdraw for its author (who holds the edit key), hide for a
// facilitator.

import { h, replace, uid } from '../dom.js';
import { fmtNumber, t, tn } from '../i18n.js';
import { MAX_TEXT_CHARS, charCount } from '../protocol.js';
import * as storage from '../storage.js';
import { assertive, polite } from './announcer.js';
import { confirmInline } from './confirm.js';
import { curationTools } from './curation.js';
import { objectiveName, questionText } from './objectives.js';

/**
 * @typedef {import('../session.js').Session} Session
 * @typedef {import('../session.js').Contribution} Contribution
 * @typedef {{ session: Session, canModerate: boolean }} CardContext
 */

/**
 * @param {Contribution} initial
 * @param {CardContext} ctx
 */
export function contributionCard(initial, ctx) {
  const { session } = ctx;
  let c = initial;
  /** @type {{ close: () => void, el: HTMLElement } | null} */
  let editor = null;
  const textId = uid('ctext');
  const meta = h('p', { class: 'meta' });
  const text = h('p', { class: 'text', id: textId });
  const actions = h('div', { class: 'actions' });
  const problem = h('p', { class: 'field-error', hidden: true });

  const showProblem = (/** @type {string | null} */ message) => {
    problem.hidden = !message;
    problem.textContent = message || '';
    if (message) assertive(message);
  };

  const editButton = h('button', { type: 'button', class: 'link-button', 'aria-describedby': textId }, t('contribution.edit'));
  const withdrawButton = h('button', { type: 'button', class: 'link-button', 'aria-describedby': textId }, t('contribution.withdraw'));
  const hideButton = h('button', { type: 'button', class: 'link-button', 'aria-describedby': textId }, t('contribution.hide'));
  const muteButton = h('button', { type: 'button', class: 'link-button', 'aria-describedby': textId }, t('contribution.mute'));
  const voteButton = h('button', { type: 'button', class: 'link-button vote-button', 'aria-describedby': textId });
  const reportButton = h('button', { type: 'button', class: 'link-button', 'aria-describedby': textId }, t('contribution.report'));
  const votesText = h('span', { class: 'votes' });
  const extra = h('div', { class: 'curation' });
  let reported = false;
  const el = h('li', { class: 'contribution', dataset: { id: c.id } }, meta, text, extra, problem, actions);
  // Rapporteurs curate the contributions of their own group.
  const curation =
    session.role === 'rapporteur' && session.scope === c.room ? curationTools(session, () => c, { host: el, textId }) : null;

  editButton.addEventListener('click', () => openEditor());
  withdrawButton.addEventListener('click', () =>
    confirmInline({
      host: el,
      message: t('contribution.withdrawConfirm'),
      confirm: t('contribution.withdraw'),
      cancel: t('contribution.keep'),
      returnFocus: withdrawButton,
      onConfirm: () => {
        withdrawButton.focus();
        if (!session.retract(c.id)) showProblem(t('error.notConnected'));
      },
    }),
  );
  hideButton.addEventListener('click', () => {
    if (!session.hide(c.id)) showProblem(t('error.notConnected'));
  });
  voteButton.addEventListener('click', () => {
    const type = storage.votes.has(c.id) ? 'unvote' : 'vote';
    if (!session.command({ type, id: c.id })) showProblem(t('error.notConnected'));
  });
  reportButton.addEventListener('click', () =>
    !reported &&
    confirmInline({
      host: el,
      message: t('contribution.reportConfirm'),
      confirm: t('contribution.report'),
      cancel: t('contribution.cancel'),
      returnFocus: reportButton,
      onConfirm: () => {
        reportButton.focus();
        if (!session.command({ type: 'report', id: c.id })) showProblem(t('error.notConnected'));
      },
    }),
  );
  muteButton.addEventListener('click', () =>
    confirmInline({
      host: el,
      message: t('contribution.muteConfirm'),
      confirm: t('contribution.mute'),
      cancel: t('contribution.cancel'),
      returnFocus: muteButton,
      onConfirm: () => {
        muteButton.focus();
        if (!session.command({ type: 'mute', id: c.id })) showProblem(t('error.notConnected'));
      },
    }),
  );

  const staff = session.role === 'facilitator' || session.role === 'rapporteur' || session.role === 'organiser';

  function render() {
    const own = session.isOwn(c.id);
    el.dataset.objective = String(c.objective);
    el.dataset.question = c.question;
    el.classList.toggle('own', own);
    replace(
      meta,
      h('span', { class: 'tag tag-objective' }, objectiveName(session.consultation, c.objective)),
      h('span', { class: 'tag tag-question' }, questionText(session.consultation, c.question)),
      own ? h('span', { class: 'badge badge-own' }, t('contribution.yours')) : null,
      c.key_point ? h('span', { class: 'badge badge-key' }, t('contribution.keyPoint')) : null,
      c.merged_into ? h('span', { class: 'badge' }, t('contribution.merged')) : null,
      // Staff check that a named organisation does not give the author away.
      staff && c.org_mentions > 0 ? h('span', { class: 'badge badge-check', dataset: { orgMentions: String(c.org_mentions) } }, tn('contribution.orgMentions', c.org_mentions)) : null,
    );
    text.textContent = c.text;
    replace(extra, c.note ? h('p', { class: 'note' }, h('strong', null, t('contribution.note')), ' ', c.note) : null);
    extra.hidden = !c.note;
    const hasVotes = typeof c.votes === 'number';
    votesText.textContent = hasVotes ? tn('contribution.votes', c.votes) : '';
    const voted = storage.votes.has(c.id);
    voteButton.textContent = voted ? t('contribution.unvote') : t('contribution.vote');
    voteButton.setAttribute('aria-pressed', String(voted));
    reportButton.textContent = reported ? t('contribution.reported') : t('contribution.report');
    if (reported) reportButton.setAttribute('aria-disabled', 'true');
    const participant = session.role === 'participant';
    const wanted = [
      ...(hasVotes ? [votesText] : []),
      ...(hasVotes && participant && !own ? [voteButton] : []),
      ...(own ? [editButton, withdrawButton] : []),
      ...(participant && !own ? [reportButton] : []),
      ...(ctx.canModerate ? [hideButton, muteButton] : []),
      ...(curation ? curation.buttons() : []),
    ];
    // Re-appending a focused button would drop focus: change only on change.
    const current = [...actions.children];
    if (wanted.length !== current.length || wanted.some((b, i) => b !== current[i])) replace(actions, wanted);
    actions.hidden = wanted.length === 0 || editor !== null;
  }

  function openEditor() {
    if (editor) return;
    const id = uid('edit');
    const area = /** @type {HTMLTextAreaElement} */ (h('textarea', { id, rows: '4', class: 'textarea', value: c.text, 'aria-describedby': `${id}-count` }));
    const count = h('p', { class: 'count', id: `${id}-count` });
    const error = h('p', { class: 'field-error', hidden: true });
    const save = h('button', { type: 'submit', class: 'button' }, t('contribution.save'));
    const cancel = h('button', { type: 'button', class: 'button button-secondary' }, t('contribution.cancel'));
    const updateCount = () => {
      const n = charCount(area.value);
      count.textContent = t('post.count', { n: fmtNumber(n), max: fmtNumber(MAX_TEXT_CHARS) });
      count.classList.toggle('over', n > MAX_TEXT_CHARS);
    };
    area.addEventListener('input', updateCount);
    updateCount();
    const form = h(
      'form',
      { class: 'editor', novalidate: true },
      h('label', { for: id }, t('contribution.editLabel')),
      error,
      area,
      count,
      h('div', { class: 'actions' }, save, cancel),
    );
    const close = () => {
      form.remove();
      editor = null;
      text.hidden = false;
      render();
      editButton.focus();
    };
    cancel.addEventListener('click', close);
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        close();
      }
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const n = charCount(area.value);
      let message = null;
      if (n === 0) message = t('post.errorEmpty');
      else if (n > MAX_TEXT_CHARS) message = t('post.errorTooLong', { max: fmtNumber(MAX_TEXT_CHARS) });
      else if (!session.edit(c.id, area.value.trim())) message = t('error.notConnected');
      error.hidden = !message;
      error.textContent = message || '';
      if (message) {
        area.setAttribute('aria-invalid', 'true');
        area.focus();
      } else {
        save.setAttribute('aria-disabled', 'true');
        save.textContent = t('contribution.saving');
      }
    });
    editor = { el: form, close };
    text.hidden = true;
    actions.hidden = true;
    showProblem(null);
    el.insertBefore(form, actions);
    area.focus();
  }

  render();
  return {
    el,
    /** @param {Contribution} next */
    update(next) {
      c = next;
      render();
    },
    get contribution() {
      return c;
    },
    /** The server confirmed an action on this contribution. @param {string} action */
    done(action) {
      if (action === 'edit' && editor) {
        editor.close();
        polite(t('contribution.edited'));
      }
      if (action === 'retract') polite(t('contribution.withdrawn'));
      if (action === 'vote' || action === 'unvote') {
        storage.votes.set(c.id, action === 'vote');
        render();
        polite(action === 'vote' ? t('contribution.voted') : t('contribution.unvoted'));
      }
      if (action === 'report') {
        reported = true;
        render();
        polite(t('contribution.reportedAnnounce'));
      }
      if (action === 'mute') polite(t('contribution.muted'));
      if (['key_point', 'note', 'reassign', 'merge', 'unmerge'].includes(action)) polite(t(`curation.done.${action}`));
    },
    /** An action on this contribution failed. @param {string} action @param {{code?: string, message: string}} error */
    failed(action, error) {
      // A vote the server already has (or had not): this browser forgot; sync.
      if ((action === 'vote' || action === 'unvote') && /** @type {any} */ (error).code === 'conflict') {
        storage.votes.set(c.id, action === 'vote');
        render();
        return;
      }
      const message = t(`contribution.failed.${action}`, { reason: error.message });
      if (!editor) {
        showProblem(message);
        return;
      }
      const err = /** @type {HTMLElement} */ (editor.el.querySelector('.field-error'));
      err.hidden = false;
      err.textContent = message;
      assertive(message);
      const save = /** @type {HTMLElement} */ (editor.el.querySelector('button[type=submit]'));
      save.removeAttribute('aria-disabled');
      save.textContent = t('contribution.save');
    },
  };
}
