// The rapporteur's tools on one contribution of their group: key point,
// a clarifying note, a corrected objective or question, and merging a
// duplicate into another contribution (and undoing it). Each opens a small
// inline form; the server's `curated` event updates the card for everyone.

import { h, replace, uid } from '../dom.js';
import { t } from '../i18n.js';
import { assertive } from './announcer.js';
import { objectiveName, questionText } from './objectives.js';

const NOTE_MAX = 500;

/**
 * @param {import('../session.js').Session} session
 * @param {() => import('../session.js').Contribution} current
 * @param {{ host: HTMLElement, textId: string }} o
 */
export function curationTools(session, current, { host, textId }) {
  const send = (/** @type {{type: string} & Record<string, any>} */ m) => {
    if (!session.command(m)) {
      assertive(t('error.notConnected'));
      return false;
    }
    return true;
  };
  const btn = (/** @type {string} */ label) => h('button', { type: 'button', class: 'link-button', 'aria-describedby': textId }, label);
  const keyPoint = btn('');
  const note = btn('');
  const reassign = btn(t('curation.reassign'));
  const merge = btn(t('curation.merge'));
  const unmerge = btn(t('curation.unmerge'));

  /** @type {HTMLElement | null} */
  let open = null;
  const close = (/** @type {HTMLElement} */ back) => {
    open?.remove();
    open = null;
    back.focus();
  };
  /**
   * @param {HTMLElement} opener
   * @param {string} title
   * @param {HTMLElement[]} fields
   * @param {() => boolean} onSave
   * @param {HTMLElement[]} [more]
   */
  const form = (opener, title, fields, onSave, more = []) => {
    open?.remove();
    const save = h('button', { type: 'submit', class: 'button' }, t('curation.save'));
    const cancel = h('button', { type: 'button', class: 'button button-secondary' }, t('contribution.cancel'));
    const f = h('form', { class: 'editor curation-form', novalidate: true, 'aria-label': title }, ...fields, h('div', { class: 'actions' }, save, ...more, cancel));
    cancel.addEventListener('click', () => close(opener));
    f.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        close(opener);
      }
    });
    f.addEventListener('submit', (e) => {
      e.preventDefault();
      if (onSave()) close(opener);
    });
    open = f;
    host.appendChild(f);
    /** @type {HTMLElement} */ (f.querySelector('textarea, select, input')).focus();
  };
  const labelled = (/** @type {string} */ label, /** @type {HTMLElement} */ control) => {
    control.id = uid('cur');
    return h('div', { class: 'field' }, h('label', { for: control.id }, label), control);
  };

  keyPoint.addEventListener('click', () => send({ type: 'key_point', id: current().id, on: !current().key_point }));

  note.addEventListener('click', () => {
    const area = /** @type {HTMLTextAreaElement} */ (h('textarea', { class: 'textarea textarea-short', rows: '2', value: current().note ?? '' }));
    const remove = h('button', { type: 'button', class: 'button button-secondary' }, t('curation.removeNote'));
    remove.addEventListener('click', () => {
      if (send({ type: 'note', id: current().id, text: null })) close(note);
    });
    form(
      note,
      t('curation.noteLabel'),
      [labelled(t('curation.noteLabel'), area), h('p', { class: 'hint' }, t('curation.noteHint', { max: NOTE_MAX }))],
      () => {
        const text = area.value.trim();
        if ([...text].length > NOTE_MAX) {
          assertive(t('curation.noteTooLong', { max: NOTE_MAX }));
          return false;
        }
        return send({ type: 'note', id: current().id, text: text || null });
      },
      current().note ? [remove] : [],
    );
  });

  reassign.addEventListener('click', () => {
    const c = current();
    const objective = /** @type {HTMLSelectElement} */ (
      h('select', { class: 'select' }, ...(session.room?.objectives ?? []).map((n) => h('option', { value: String(n), selected: n === c.objective }, objectiveName(session.consultation, n))))
    );
    const question = /** @type {HTMLSelectElement} */ (
      h('select', { class: 'select' }, ...session.consultation.review_questions.map((/** @type {any} */ q) => h('option', { value: q.key, selected: q.key === c.question }, q.text)))
    );
    form(reassign, t('curation.reassign'), [labelled(t('post.objective'), objective), labelled(t('post.question'), question)], () =>
      send({ type: 'reassign', id: c.id, objective: Number(objective.value), question: question.value }),
    );
  });

  merge.addEventListener('click', () => {
    const c = current();
    const others = session.ordered().filter((x) => x.id !== c.id && !x.merged_into && x.room === c.room);
    if (!others.length) {
      assertive(t('curation.nothingToMerge'));
      return;
    }
    const into = /** @type {HTMLSelectElement} */ (
      h('select', { class: 'select' }, ...others.map((x) => h('option', { value: x.id }, `${objectiveName(session.consultation, x.objective)} · ${excerpt(x.text)}`)))
    );
    form(merge, t('curation.merge'), [labelled(t('curation.mergeInto'), into), h('p', { class: 'hint' }, t('curation.mergeHint'))], () =>
      send({ type: 'merge', id: c.id, into: into.value }),
    );
  });

  unmerge.addEventListener('click', () => send({ type: 'unmerge', id: current().id }));

  return {
    /** The buttons to show for the contribution as it is now. */
    buttons() {
      const c = current();
      keyPoint.textContent = c.key_point ? t('curation.unmarkKey') : t('curation.markKey');
      keyPoint.setAttribute('aria-pressed', String(Boolean(c.key_point)));
      note.textContent = c.note ? t('curation.editNote') : t('curation.addNote');
      return c.merged_into ? [unmerge] : [keyPoint, note, reassign, merge];
    },
  };
}

/** @param {string} text */
function excerpt(text) {
  const chars = [...text];
  return chars.length > 60 ? `${chars.slice(0, 60).join('')}…` : text;
}

export { questionText };
