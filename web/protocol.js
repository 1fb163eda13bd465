// Websocket protocol v1, as this client speaks it. One builder per client
// message; the server messages the client handles are listed in
// `SERVER_MESSAGES` and handled in `handlers.js` (one handler each).
//
// Feature detection: a later server adds message types (phase, timer,
// broadcast, help, votes, presence, ...). The session records every type it
// has seen (`session.seen`) and ignores types it has no handler for, so an
// older client keeps working against a newer server, and a new feature is
// one handler plus one component.

export const PROTOCOL_VERSION = 1;

/** Longest contribution, in characters (Unicode scalar values). */
export const MAX_TEXT_CHARS = 2000;

/** Server -> client message types handled by this client. */
export const SERVER_MESSAGES = Object.freeze([
  'welcome', // who you are, the consultation (slug, model version), your room, the server epoch
  'snapshot', // the full state of your room (random order)
  'resumed', // missed events were replayed after a reconnect
  'contribution', // a contribution appeared (or was restored)
  'edited', // a contribution's text changed
  'removed', // a contribution was retracted or hidden
  'ack', // your post is stored: its id, your edit key, what was redacted
  'preview', // what would be redacted from a text (answer to preview)
  'done', // your edit, retraction or moderation succeeded
  'pong', // answer to ping
  'error', // a request failed
  // Live facilitation:
  'meeting', // the agenda phase or meeting options changed
  'timer', // the room's timer changed
  'timer_warning', // one minute left
  'timer_ended', // the room's timer ended
  'broadcast', // a facilitator's message
  'presence', // people connected per room
  'votes', // a contribution's vote count changed
  'revealed', // collected contributions, revealed at once
  'roster', // facilitators: who is in which room
  'help_queue', // facilitators: help requests
  'help_status', // the participant's own help request
  'moderation', // facilitators: reported and hidden contributions
  'pending', // facilitators: a contribution collected for a reveal
  // Rapporteurs and the report-back:
  'curated', // key point, merge, objective or question, note changed
  'summary', // a running summary was saved
  'summary_saved', // our summary save succeeded
  'summary_conflict', // someone saved first: their text and version
  'report_back', // the plenary's report-back
]);

/** Error codes the server sends (error.rs). */
export const ERROR = Object.freeze({
  BAD_JSON: 'bad_json',
  UNKNOWN_TYPE: 'unknown_type',
  TOO_LARGE: 'too_large',
  FORBIDDEN: 'forbidden',
  INVALID_FIELD: 'invalid_field',
  RATE_LIMITED: 'rate_limited',
  NOT_FOUND: 'not_found',
  UNAUTHORIZED: 'unauthorized',
  NOT_HELLO: 'not_hello',
  UNSUPPORTED_PROTOCOL: 'unsupported_protocol',
  CONFLICT: 'conflict',
  INTERNAL: 'internal',
  // Registration (HTTP API only).
  REGISTRATION_CLOSED: 'registration_closed',
  ORGANISATION_FULL: 'organisation_full',
  DUPLICATE_EMAIL: 'duplicate_email',
});

/** Errors worth retrying with the same idempotency key. */
export const RETRYABLE = new Set([ERROR.RATE_LIMITED, ERROR.INTERNAL]);

/** Client -> server messages. */
export const msg = {
  /**
   * @param {string} token
   * @param {{epoch: string, room: string, seq: number} | null} resume
   * @param {string | null} consultation
   */
  hello(token, resume, consultation) {
    /** @type {Record<string, any>} */
    const m = { type: 'hello', protocol: PROTOCOL_VERSION, token };
    if (resume) m.resume = resume;
    if (consultation) m.consultation = consultation;
    return m;
  },
  /** @param {{objective: number, question: string, text: string, key: string}} p */
  post: (p) => ({ type: 'post', objective: p.objective, question: p.question, text: p.text, key: p.key }),
  /** @param {string} id @param {string} editKey @param {string} text */
  edit: (id, editKey, text) => ({ type: 'edit', id, edit_key: editKey, text }),
  /** @param {string} id @param {string} editKey */
  retract: (id, editKey) => ({ type: 'retract', id, edit_key: editKey }),
  /** @param {string} id */
  hide: (id) => ({ type: 'hide', id }),
  /** @param {string} id */
  restore: (id) => ({ type: 'restore', id }),
  ping: () => ({ type: 'ping' }),
  /** What the server would redact from this text; nothing is posted. @param {string} text */
  preview: (text) => ({ type: 'preview', text }),
};

/**
 * Characters as the server counts them: Unicode scalar values of the
 * trimmed text.
 * @param {string} text
 */
export function charCount(text) {
  return [...text.trim()].length;
}

/** A random idempotency key (UUID v4), also outside secure contexts. */
export function newKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
