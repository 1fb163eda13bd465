// The JSON API under /api/v1 (server/src/api.rs and
// server/src/registration/http.rs). Organiser calls carry the token in an
// Authorization header; errors come back as ApiError with the server's code
// and message. A few calls send or receive CSV instead of JSON (the import
// takes the file as it is; link re-issue and the registrant export answer
// with a file).

export class ApiError extends Error {
  /** @param {number} status @param {string} code @param {string} message */
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * @param {string} path
 * @param {{ token?: string | null, method?: string, body?: any, json?: string, raw?: Blob | string, file?: boolean, text?: boolean, revalidate?: boolean }} [o]
 *   `body` is sent as JSON, `json` is JSON already written, `raw` goes as
 *   it is (text/csv); `file` answers a downloaded file `{blob, name}`;
 *   `text` answers `{data, text}` with the JSON's text too (for numbers
 *   too large for a JavaScript number); `revalidate` lets the browser
 *   cache the answer and revalidate it with its ETag (the server says 304
 *   when it is current), and answers `{data, etag}`.
 */
async function call(path, { token = null, method = 'GET', body, json, raw, file = false, text = false, revalidate = false } = {}) {
  /** @type {Record<string, string>} */
  const headers = { Accept: file ? 'text/csv, application/json' : 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined || json !== undefined) headers['Content-Type'] = 'application/json';
  if (raw !== undefined) headers['Content-Type'] = 'text/csv; charset=utf-8';
  let res;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: raw ?? json ?? (body === undefined ? undefined : JSON.stringify(body)),
      cache: revalidate ? 'no-cache' : 'no-store',
      credentials: 'omit',
    });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  if (res.status === 204) return null;
  if (file && res.ok) {
    const name = /filename="?([^";]+)"?/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? 'roundtable.csv';
    return { blob: await res.blob(), name };
  }
  const bodyText = await res.text().catch(() => '');
  let data = null;
  try {
    data = JSON.parse(bodyText);
  } catch {
    data = null;
  }
  if (!res.ok) {
    throw new ApiError(res.status, data?.error?.code ?? 'internal', data?.error?.message ?? '');
  }
  if (revalidate) return { data, etag: res.headers.get('ETag') };
  return text ? { data, text: bodyText } : data;
}

const enc = encodeURIComponent;

/**
 * The assignment answer with `seed` as the exact digits of the JSON text.
 * @param {{data: any, text: string}} r
 */
function exactSeed({ data, text }) {
  if (data && data.seed !== null && data.seed !== undefined) data.seed = /"seed":(\d+)/.exec(text)?.[1] ?? String(data.seed);
  return data;
}

/** The same for a move or swap answer, whose report is in `assignment`. @param {{data: any, text: string}} r */
function nestedSeed({ data, text }) {
  if (data?.assignment) exactSeed({ data: data.assignment, text });
  return data;
}

export const api = {
  /** @returns {Promise<Array<{slug: string, title: string, date: string, time_zone: string}>>} */
  consultations: () => call('/consultations'),
  /** @param {string} slug */
  consultation: (slug) => call(`/consultations/${enc(slug)}`),
  /**
   * The consultation model with its version (the ETag, as `welcome`'s
   * `model_version` names it), revalidated against the browser's cache.
   * @param {string} slug @returns {Promise<{data: any, etag: string | null}>}
   */
  model: (slug) => call(`/consultations/${enc(slug)}`, { revalidate: true }),
  /** @param {string} token @param {string} slug */
  links: (token, slug) => call(`/consultations/${enc(slug)}/links`, { token }),
  /**
   * @param {string} token @param {string} slug
   * @param {{role: string, room?: string, group?: string, name?: string, email?: string, organisation?: string}} body
   */
  createLink: (token, slug, body) => call(`/consultations/${enc(slug)}/links`, { token, method: 'POST', body }),
  /** @param {string} token @param {string} slug @param {string} id */
  revokeLink: (token, slug, id) => call(`/consultations/${enc(slug)}/links/${enc(id)}`, { token, method: 'DELETE' }),
  /** @param {string} token @param {string} slug @param {string} id @param {string} room */
  placeParticipant: (token, slug, id, room) =>
    call(`/consultations/${enc(slug)}/participants/${enc(id)}/room`, { token, method: 'PUT', body: { room } }),

  // --- registration (docs/registration.md) ---------------------------------

  /** The form's metadata: open or closed, deadline, lists. @param {string} slug */
  registrationForm: (slug) => call(`/consultations/${enc(slug)}/registration`),
  /**
   * Registers; with the organiser's token, a walk-in (no deadline).
   * @param {string} slug @param {Record<string, any>} form @param {string | null} [token]
   * @returns {Promise<{id: string, link: string, token: string, group: string | null}>}
   */
  register: (slug, form, token = null) => call(`/consultations/${enc(slug)}/registrations`, { token, method: 'POST', body: form }),
  /** @param {string} token @param {string} slug @returns {Promise<any[]>} */
  registrations: (token, slug) => call(`/consultations/${enc(slug)}/registrations`, { token }),
  /** @param {string} token @param {string} slug @returns {Promise<{blob: Blob, name: string}>} */
  registrationsCsv: (token, slug) => call(`/consultations/${enc(slug)}/registrations.csv`, { token, file: true }),
  /** @param {string} token @param {string} slug @param {string} id */
  deleteRegistration: (token, slug, id) => call(`/consultations/${enc(slug)}/registrations/${enc(id)}`, { token, method: 'DELETE' }),
  /**
   * The CSV goes as it is (bytes), so the server reports encoding problems per row.
   * @param {string} token @param {string} slug @param {Blob} csv @param {boolean} dryRun
   */
  importRegistrations: (token, slug, csv, dryRun) =>
    call(`/consultations/${enc(slug)}/registrations/import?dry_run=${dryRun ? 'true' : 'false'}`, { token, method: 'POST', raw: csv }),
  /**
   * New links (old ones stop working), as the mail-merge CSV.
   * @param {string} token @param {string} slug @param {string[] | null} [ids]
   * @returns {Promise<{blob: Blob, name: string}>}
   */
  reissueLinks: (token, slug, ids = null) =>
    call(`/consultations/${enc(slug)}/links/reissue`, { token, method: 'POST', body: ids ? { ids } : {}, file: true }),
  /** @param {string} token @param {string} slug @returns {Promise<Array<{alias: string, name: string}>>} */
  aliases: (token, slug) => call(`/consultations/${enc(slug)}/aliases`, { token }),
  /** @param {string} token @param {string} slug @param {string} alias @param {string} name */
  addAlias: (token, slug, alias, name) => call(`/consultations/${enc(slug)}/aliases`, { token, method: 'POST', body: { alias, name } }),
  /** @param {string} token @param {string} slug @param {string} alias */
  removeAlias: (token, slug, alias) => call(`/consultations/${enc(slug)}/aliases`, { token, method: 'DELETE', body: { alias } }),
  /**
   * Runs the assignment. Seeds are 64-bit: beyond what a JavaScript number
   * holds exactly, so the seed travels as digits both ways (`seed` in the
   * answer is replaced by the exact digits).
   * @param {string} token @param {string} slug @param {{seed?: string | null, dry_run: boolean}} o
   */
  assign: async (token, slug, { seed = null, dry_run }) => {
    const json = `{${seed ? `"seed":${seed},` : ''}"dry_run":${dry_run ? 'true' : 'false'}}`;
    return exactSeed(await call(`/consultations/${enc(slug)}/assignment`, { token, method: 'POST', json, text: true }));
  },
  /** The balance as the groups stand. @param {string} token @param {string} slug */
  assignmentReport: async (token, slug) => exactSeed(await call(`/consultations/${enc(slug)}/assignment/report`, { token, text: true })),
  /** @param {string} token @param {string} slug @param {string} participant @param {string} group */
  moveRegistrant: async (token, slug, participant, group) =>
    nestedSeed(await call(`/consultations/${enc(slug)}/assignment/move`, { token, method: 'POST', body: { participant, group }, text: true })),
  /** @param {string} token @param {string} slug @param {string} a @param {string} b */
  swapRegistrants: async (token, slug, a, b) =>
    nestedSeed(await call(`/consultations/${enc(slug)}/assignment/swap`, { token, method: 'POST', body: { a, b }, text: true })),
};
