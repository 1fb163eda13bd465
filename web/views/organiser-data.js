// What the organiser's registration sections share: the form's metadata
// (labels of categories, genders, subregions, countries, groups), the
// registrant table and the balance report as they stand. A section that
// changes something calls `changed()`; every section listening to
// `registrations` or `report` redraws.
//
// Events (plain Event on `events`): registrations, report, error.

import { api } from '../api.js';
import { t } from '../i18n.js';

/**
 * @param {{ token: string, slug: string, signal: AbortSignal }} o
 */
export function organiserData({ token, slug, signal }) {
  const events = new EventTarget();
  const emit = (/** @type {string} */ type) => {
    if (!signal.aborted) events.dispatchEvent(new Event(type));
  };
  const data = {
    events,
    token,
    slug,
    /** @type {any} the registration form's metadata (labels) */
    meta: null,
    /** @type {any[]} */
    registrations: [],
    registrationsLoaded: false,
    /** @type {any} the balance report as the groups stand */
    report: null,
    /** @type {any} */
    lastError: null,
    /** Resolves once the metadata is in. */
    ready: api.registrationForm(slug).then((m) => {
      data.meta = m;
      return m;
    }),
    async refreshRegistrations() {
      try {
        data.registrations = await api.registrations(token, slug);
        data.registrationsLoaded = true;
        emit('registrations');
      } catch (e) {
        data.lastError = e;
        emit('error');
      }
    },
    async refreshReport() {
      try {
        data.report = await api.assignmentReport(token, slug);
        emit('report');
      } catch (e) {
        data.lastError = e;
        emit('error');
      }
    },
    /** Something changed registrations or groups: reload both. */
    changed() {
      return Promise.all([data.refreshRegistrations(), data.refreshReport()]);
    },
    /** A report the server just answered (a run, move or swap). @param {any} report */
    setReport(report) {
      data.report = report;
      emit('report');
    },
    /** @param {string} type @param {() => void} fn */
    on(type, fn) {
      events.addEventListener(type, fn, { signal });
    },

    // --- labels ------------------------------------------------------------
    /** @param {string} key */
    categoryLabel: (key) => data.meta?.categories.find((/** @type {any} */ c) => c.key === key)?.label ?? key,
    /** @param {string} value */
    genderLabel: (value) => data.meta?.genders.find((/** @type {any} */ g) => g.value === value)?.label ?? value,
    /** @param {string} value */
    subregionLabel: (value) => data.meta?.subregions.find((/** @type {any} */ s) => s.value === value)?.label ?? value,
    /** @param {string | null} slug_ */
    groupName: (slug_) => (slug_ ? data.meta?.groups.find((/** @type {any} */ g) => g.slug === slug_)?.name ?? slug_ : null),
    /** @param {string} attribute @param {string} value */
    valueLabel(attribute, value) {
      if (attribute === 'subregion') return data.subregionLabel(value);
      if (attribute === 'gender') return data.genderLabel(value);
      if (attribute === 'category') return data.categoryLabel(value);
      return value;
    },
  };
  return data;
}

/** @typedef {ReturnType<typeof organiserData>} OrganiserData */

/**
 * A refusal from the API, in words.
 * @param {any} e
 */
export function apiMessage(e) {
  return e?.code === 'network' ? t('error.network') : t('error.api', { reason: e?.message || e?.code || '' });
}
