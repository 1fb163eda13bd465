// The registration form (docs/registration.md): name, email, organisation,
// stakeholder category, gender, country with its ESCAP subregion, an
// optional preferred working group and accessibility needs, and consent to
// the Chatham House Rule, whose notice is shown in full.
//
// Checks that need no server run first and show every problem at once;
// then the server's rules (one email per person, at most N per
// organisation, the deadline) answer one error at a time. Each error is
// shown next to its field (aria-invalid, aria-describedby) and listed in an
// error summary that takes focus, with a link to the field.
//
// The public page (views/register.js) uses it without a token; with the
// organiser's token it registers a walk-in, and the deadline does not apply.

import { api } from '../api.js';
import { field, h, paragraphs, replace, uid } from '../dom.js';
import { fmtNumber, t } from '../i18n.js';
import { ERROR } from '../protocol.js';
import { assertive } from './announcer.js';

/** A rough check, so that obvious typos are caught before sending. */
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Lower case, no diacritics, single spaces: for matching country names.
 * @param {string} s
 */
export function fold(s) {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/**
 * The country a person typed: by ISO code or by name, as the list gives
 * them; null when it is not in the list (the server may still know it).
 * @param {Array<{code: string, name: string, subregion: string}>} countries
 * @param {string} typed
 */
export function findCountry(countries, typed) {
  const key = fold(typed);
  if (!key) return null;
  return countries.find((c) => c.code.toLowerCase() === key || fold(c.name) === key) ?? null;
}

/**
 * @param {{
 *   meta: any,
 *   token?: string | null,
 *   idPrefix?: string,
 *   submitLabel?: string,
 *   onDone: (result: {id: string, link: string, token: string, group: string | null}, form: Record<string, any>) => void,
 *   onClosed?: () => void,
 * }} o
 */
export function registrationForm({ meta, token = null, idPrefix = 'reg', submitLabel = t('register.submit'), onDone, onClosed }) {
  const id = (/** @type {string} */ name) => `${idPrefix}-${name}`;
  const limits = meta.limits ?? {};
  const input = (/** @type {string} */ name, /** @type {Record<string, any>} */ props) =>
    /** @type {HTMLInputElement} */ (h('input', { id: id(name), class: 'input', ...props }));

  const name = input('name', { type: 'text', autocomplete: token ? 'off' : 'name', required: true });
  const email = input('email', { type: 'email', autocomplete: token ? 'off' : 'email', spellcheck: 'false', required: true });
  const org = input('organisation', { type: 'text', autocomplete: token ? 'off' : 'organization', required: true });
  const category = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id: id('category'), class: 'select', required: true },
      h('option', { value: '' }, t('register.choose')),
      ...meta.categories.map((/** @type {any} */ c) => h('option', { value: c.key }, c.label)),
    )
  );
  const listId = id('countries');
  const country = input('country', { type: 'text', list: listId, autocomplete: token ? 'off' : 'country-name', required: true, spellcheck: 'false' });
  const countryList = h('datalist', { id: listId }, ...meta.countries.map((/** @type {any} */ c) => h('option', { value: c.name })));
  const subregion = h('p', { class: 'derived', id: id('subregion'), 'aria-live': 'polite' });
  country.setAttribute('aria-describedby', subregion.id);
  const group = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id: id('group'), class: 'select' },
      h('option', { value: '' }, t('register.noPreference')),
      ...meta.groups.map((/** @type {any} */ g) =>
        h('option', { value: g.slug }, t('register.groupOption', { name: g.name, objectives: g.objectives.join(', ') })),
      ),
    )
  );
  const access = /** @type {HTMLTextAreaElement} */ (h('textarea', { id: id('accessibility'), class: 'textarea textarea-short', rows: '3' }));

  const fName = field({ label: t('register.name'), control: name, hint: t('register.nameHint') });
  const fEmail = field({ label: t('register.email'), control: email, hint: t('register.emailHint') });
  const fOrg = field({ label: t('register.organisation'), control: org, hint: t('register.organisationHint', { n: meta.per_organisation_cap }) });
  const fCategory = field({ label: t('register.category'), control: category });
  const fCountry = field({ label: t('register.country'), control: country, hint: t('register.countryHint') });
  fCountry.el.append(countryList, subregion);
  const fGroup = field({ label: t('register.group'), control: group, optional: t('form.optional') });
  const fAccess = field({
    label: t('register.accessibility'),
    control: access,
    optional: t('form.optional'),
    hint: t('register.accessibilityHint', { max: fmtNumber(limits.accessibility ?? 1000) }),
  });

  // Gender: a radio group, its error on the group.
  const genderId = id('gender');
  const genderError = h('p', { class: 'field-error', id: `${genderId}-error`, hidden: true });
  const genderRadios = meta.genders.map((/** @type {any} */ g) => {
    const rid = `${genderId}-${g.value}`;
    const radio = /** @type {HTMLInputElement} */ (h('input', { type: 'radio', name: genderId, id: rid, value: g.value, class: 'radio' }));
    return { radio, el: h('div', { class: 'choice' }, radio, h('label', { for: rid }, g.label)) };
  });
  const genderSet = h(
    'fieldset',
    { class: 'field fieldset', id: genderId, role: 'radiogroup', 'aria-describedby': genderError.id },
    h('legend', null, t('register.gender')),
    genderError,
    h('div', { class: 'choices' }, ...genderRadios.map((g) => g.el)),
  );
  const fGender = {
    el: genderSet,
    focus: () => (genderRadios.find((g) => g.radio.checked) ?? genderRadios[0]).radio.focus(),
    /** @param {string | null} message */
    setError(message) {
      genderError.hidden = !message;
      genderError.textContent = message || '';
      if (message) genderSet.setAttribute('aria-invalid', 'true');
      else genderSet.removeAttribute('aria-invalid');
    },
  };

  // Consent: the notice in full, then the box.
  const consentBox = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: id('consent'), class: 'checkbox', required: true }));
  const consentError = h('p', { class: 'field-error', id: `${id('consent')}-error`, hidden: true });
  consentBox.setAttribute('aria-describedby', consentError.id);
  const noticeId = uid('notice');
  const consentPart = h(
    'section',
    { class: 'notice-panel register-notice', 'aria-labelledby': noticeId },
    h('h3', { id: noticeId }, t('consent.title')),
    h('div', { class: 'prose notice-text' }, ...paragraphs(meta.chatham_house_notice)),
    h('p', null, t('register.noticeExplain')),
    consentError,
    h('div', { class: 'check' }, consentBox, h('label', { for: consentBox.id }, t('consent.checkbox'))),
  );
  const fConsent = {
    el: consentPart,
    focus: () => consentBox.focus(),
    /** @param {string | null} message */
    setError(message) {
      consentError.hidden = !message;
      consentError.textContent = message || '';
      if (message) consentBox.setAttribute('aria-invalid', 'true');
      else consentBox.removeAttribute('aria-invalid');
    },
  };

  /** @type {Record<string, {el: HTMLElement, setError: (m: string | null) => void, focus?: () => void, control?: HTMLElement}>} */
  const fields = {
    name: { ...fName, control: name },
    email: { ...fEmail, control: email },
    organisation: { ...fOrg, control: org },
    category: { ...fCategory, control: category },
    gender: fGender,
    country: { ...fCountry, control: country },
    preferred_group: { ...fGroup, control: group },
    accessibility: { ...fAccess, control: access },
    consent: fConsent,
  };
  // A field's error goes once the person changes its answer.
  for (const [key, f] of Object.entries(fields)) {
    const target = f.control ?? f.el;
    const clear = () => fields[key].setError(null);
    target.addEventListener('input', clear);
    target.addEventListener('change', clear);
  }
  const focusField = (/** @type {string} */ key) => {
    const f = fields[key];
    if (f.focus) f.focus();
    else f.control?.focus();
  };

  // The derived subregion, as the person types or picks a country.
  const subregionLabel = (/** @type {string} */ value) => meta.subregions.find((/** @type {any} */ s) => s.value === value)?.label ?? value;
  const showSubregion = () => {
    const c = findCountry(meta.countries, country.value);
    subregion.textContent = c
      ? t('register.subregion', { subregion: subregionLabel(c.subregion) })
      : country.value.trim()
        ? t('register.subregionUnknown')
        : t('register.subregionEmpty');
    subregion.dataset.subregion = c?.subregion ?? '';
  };
  country.addEventListener('input', showSubregion);
  country.addEventListener('change', showSubregion);
  showSubregion();

  // Errors: next to each field, and in a summary that takes focus.
  const summaryList = h('ul', { class: 'error-list' });
  const summaryId = uid('errors');
  const summary = h(
    'div',
    { class: 'error-summary', tabindex: '-1', hidden: true, 'aria-labelledby': summaryId, role: 'group' },
    h('h3', { id: summaryId }, t('register.errorsTitle')),
    summaryList,
  );
  const formError = h('p', { class: 'field-error', role: 'alert', hidden: true });

  /** @param {Array<[string, string]>} errors field key and message */
  function showErrors(errors) {
    for (const [key, f] of Object.entries(fields)) f.setError(errors.find(([k]) => k === key)?.[1] ?? null);
    summary.hidden = errors.length === 0;
    replace(
      summaryList,
      ...errors.map(([key, message]) => {
        const target = fields[key]?.control?.id ?? (key === 'gender' ? genderId : id(key));
        const a = h('a', { href: `#${target}` }, message);
        a.addEventListener('click', (e) => {
          e.preventDefault();
          focusField(key);
        });
        return h('li', null, a);
      }),
    );
    if (errors.length) {
      summary.focus();
      assertive(`${t('register.errorsTitle')} ${errors.map(([, m]) => m).join(' ')}`);
    }
  }

  const submit = h('button', { type: 'submit', class: 'button' }, submitLabel);
  let busy = false;

  /** Checks that need no server. @returns {Array<[string, string]>} */
  function check() {
    /** @type {Array<[string, string]>} */
    const errors = [];
    const max = (/** @type {string} */ k, /** @type {number} */ d) => limits[k] ?? d;
    const req = (/** @type {string} */ key, /** @type {string} */ value, /** @type {number} */ limit) => {
      if (!value.trim()) errors.push([key, t(`register.required.${key}`)]);
      else if ([...value.trim()].length > limit) errors.push([key, t('register.tooLong', { max: fmtNumber(limit) })]);
    };
    req('name', name.value, max('name', 200));
    req('email', email.value, max('email', 254));
    if (email.value.trim() && !errors.some(([k]) => k === 'email') && !EMAIL_RE.test(email.value.trim())) {
      errors.push(['email', t('register.invalid.email')]);
    }
    req('organisation', org.value, max('organisation', 300));
    if (!category.value) errors.push(['category', t('register.required.category')]);
    if (!genderRadios.some((g) => g.radio.checked)) errors.push(['gender', t('register.required.gender')]);
    if (!country.value.trim()) errors.push(['country', t('register.required.country')]);
    if ([...access.value.trim()].length > max('accessibility', 1000)) {
      errors.push(['accessibility', t('register.tooLong', { max: fmtNumber(max('accessibility', 1000)) })]);
    }
    if (!consentBox.checked) errors.push(['consent', t('register.required.consent')]);
    return errors;
  }

  /** The server's refusal, placed on its field. @param {any} e */
  function serverError(e) {
    switch (e?.code) {
      case ERROR.DUPLICATE_EMAIL:
        return showErrors([['email', t('register.duplicateEmail')]]);
      case ERROR.ORGANISATION_FULL:
        return showErrors([['organisation', t('register.organisationFull', { n: meta.per_organisation_cap })]]);
      case ERROR.INVALID_FIELD: {
        // The message starts with the field's name: "email: not a valid …".
        const key = /^([a-z_]+):/.exec(e.message ?? '')?.[1] ?? '';
        if (key in fields) return showErrors([[key, t(`register.invalid.${key}`)]]);
        break;
      }
      default:
        break;
    }
    showErrors([]);
    formError.hidden = false;
    formError.textContent = e?.code === 'network' ? t('error.network') : t('error.api', { reason: e?.message || e?.code || '' });
  }

  const form = h(
    'form',
    { class: 'register-form', novalidate: true },
    summary,
    fName.el,
    fEmail.el,
    fOrg.el,
    fCategory.el,
    genderSet,
    fCountry.el,
    fGroup.el,
    fAccess.el,
    consentPart,
    h('p', { class: 'hint' }, t('register.privacy')),
    formError,
    h('div', { class: 'actions' }, submit),
  );

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (busy) return;
    formError.hidden = true;
    const errors = check();
    showErrors(errors);
    if (errors.length) return;
    const c = findCountry(meta.countries, country.value);
    /** @type {Record<string, any>} */
    const body = {
      name: name.value.trim(),
      email: email.value.trim(),
      organisation: org.value.trim(),
      category: category.value,
      gender: /** @type {{radio: HTMLInputElement}} */ (genderRadios.find((g) => g.radio.checked)).radio.value,
      country: c ? c.code : country.value.trim(),
      consent: true,
    };
    if (group.value) body.preferred_group = group.value;
    if (access.value.trim()) body.accessibility = access.value.trim();
    busy = true;
    submit.setAttribute('aria-disabled', 'true');
    submit.textContent = t('register.submitting');
    try {
      const result = await api.register(meta.consultation, body, token);
      onDone(result, body);
    } catch (err) {
      if (/** @type {any} */ (err)?.code === ERROR.REGISTRATION_CLOSED && onClosed) onClosed();
      else serverError(err);
    } finally {
      busy = false;
      submit.removeAttribute('aria-disabled');
      submit.textContent = submitLabel;
    }
  });

  return {
    el: form,
    /** Empties the form for the next person (the organiser's walk-ins). */
    reset() {
      /** @type {HTMLFormElement} */ (form).reset();
      showErrors([]);
      showSubregion();
    },
  };
}
