// The JSON API under /api/v1 (server/src/api.rs). Organiser calls carry the
// token in an Authorization header; errors come back as ApiError with the
// server's code and message.

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
 * @param {{ token?: string | null, method?: string, body?: any }} [o]
 */
async function call(path, { token = null, method = 'GET', body } = {}) {
  /** @type {Record<string, string>} */
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  if (res.status === 204) return null;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    throw new ApiError(res.status, data?.error?.code ?? 'internal', data?.error?.message ?? '');
  }
  return data;
}

const enc = encodeURIComponent;

export const api = {
  /** @returns {Promise<Array<{slug: string, title: string, date: string, time_zone: string}>>} */
  consultations: () => call('/consultations'),
  /** @param {string} slug */
  consultation: (slug) => call(`/consultations/${enc(slug)}`),
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
};
