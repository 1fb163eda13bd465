// A live session: the connection, who we are, the room we are in and its
// contributions, the outbox and the edit keys.
//
// Views listen to these events (CustomEvent, details in brackets):
//   welcome                  role and consultation known (first or again)
//   room      {moved}        a snapshot replaced the room's contributions
//   added     {c, live}      a contribution appeared (live = not from a snapshot)
//   updated   {c}            a contribution changed (text, or it became ours)
//   removed   {id}           a contribution left the room
//   outbox                   the queue of unsent posts changed
//   posted    {id, duplicate, collected, redactions, flags} our post was acknowledged
//   rejected  {item, error}  a queued post was refused; its text comes back
//   done      {action, id}   an edit, retraction or moderation succeeded
//   failed    {action, id, error}  one of those failed
//   problem   {error}        any other error from the server
//   state     (string)       the connection state changed
//   fatal     (string)       the session cannot go on: unauthorized, protocol, consultation
//   preview   {text, result | error}  the answer to a redaction preview of `text`
// and, from a server with live facilitation (each only once the server
// sends the message it depends on):
//   meeting                  the agenda phase or meeting options changed
//   timer     {warning, ended}  the room's timer changed, has a minute left, or ended
//   broadcast {b, live}      a facilitator's message for this room
//   presence                 people per room changed
//   roster | help-queue | moderation | pending   facilitator queues changed
//   help-status              this participant's help request changed
//   collected {c}            our post is held for a later reveal

import { HANDLERS } from './handlers.js';
import { Connection, wsUrl } from './net.js';
import { msg } from './protocol.js';
import * as storage from './storage.js';

/**
 * @typedef {{id: string, room: string, objective: number, question: string, text: string, phase: number}} Contribution
 * @typedef {{key: string, room: string, objective: number, question: string, text: string}} QueuedPost
 */


export class Session extends EventTarget {
  /**
   * @param {{ token: string, consultation?: string | null }} options
   */
  constructor({ token, consultation = null }) {
    super();
    this.token = token;
    this.consultationHint = consultation;
    /** @type {string | null} */ this.role = null;
    /** @type {string | null} */ this.scope = null;
    /** @type {any} */ this.consultation = null;
    /** @type {string | null} */ this.epoch = null;
    /** @type {{id: string, name: string, objectives: number[], present: number} | null} */
    this.room = null;
    this.seq = 0;
    /** @type {Map<string, {c: Contribution, rank: number}>} rank 0 = from a snapshot */
    this.contributions = new Map();
    this.rank = 0;
    /** Every server message type seen: the basis for feature detection. */
    this.seen = new Set();
    /** @type {QueuedPost[]} */
    this.outbox = [];
    /** @type {string | null} */
    this.inflight = null;
    this.postRetries = 0;
    /** @type {Map<string, string | null>} request type -> id awaiting its answer */
    this.pending = new Map();
    // Live facilitation (null until the server sends it).
    /** @type {any} */ this.meeting = null;
    /** @type {any} */ this.timer = null;
    /** @type {Array<{id: string, room: string | null, text: string}>} */ this.broadcasts = [];
    /** @type {Record<string, number> | null} */ this.presence = null;
    /** @type {Record<string, Array<{id: string, name: string | null, role: string}>> | null} */ this.roster = null;
    /** @type {any[] | null} */ this.helpQueue = null;
    /** @type {{id: string, status: string} | null} */ this.helpStatus = null;
    /** @type {any[] | null} */ this.moderation = null;
    this.collecting = false;
    /** @type {Contribution[]} facilitators: collected, not yet revealed */ this.collected = [];
    /** @type {Contribution[]} our own posts held for a reveal */ this.ownCollected = [];
    /** @type {Map<string, {group: string, objective: number, text: string, version: number}>} by `group:objective` */
    this.summaries = new Map();
    /** @type {any[] | null} the plenary's report-back, by group */ this.reportBack = null;
    /** @type {string[]} texts sent for a preview, oldest first: answers come in order */
    this.previews = [];
    /** Server clock minus this browser's clock, in ms (from `server_time`). */
    this.clockOffset = 0;
    this.conn = new Connection({ url: wsUrl(), hello: () => this.hello() });
    this.conn.addEventListener('message', (e) => this.dispatch(/** @type {CustomEvent} */ (e).detail));
    this.conn.addEventListener('state', (e) => {
      const state = /** @type {CustomEvent} */ (e).detail;
      if (state !== 'connected') {
        this.inflight = null;
        this.previews = [];
      }
      this.emit('state', state);
    });
    this.conn.addEventListener('fatal', (e) => this.emit('fatal', /** @type {CustomEvent} */ (e).detail));
  }

  start() {
    this.conn.start();
  }

  stop() {
    this.conn.stop('left');
  }

  get state() {
    return this.conn.state;
  }

  /**
   * @param {string} type
   * @param {any} [detail]
   */
  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  hello() {
    const resume = this.epoch && this.room ? { epoch: this.epoch, room: this.room.id, seq: this.seq } : null;
    return msg.hello(this.token, resume, this.consultationHint);
  }

  /** @param {any} m */
  dispatch(m) {
    this.seen.add(m.type);
    const handler = HANDLERS[m.type];
    if (!handler) return;
    try {
      handler(this, m);
    } catch (e) {
      // One bad message (or a bug in a view) must not end the session.
      console.error(`handling ${m.type}:`, e);
    }
  }

  /**
   * The server's idea of now, in ms since the epoch: this browser's clock
   * corrected by the offset measured from `server_time` (a countdown must
   * not run fast or slow because the computer's clock is wrong).
   */
  now() {
    return Date.now() + this.clockOffset;
  }

  /**
   * Records the server's clock. `sentAt` is when the request that this
   * answers left (pong), to allow for half the round trip.
   * @param {string} iso @param {number | null} [sentAt]
   */
  setServerTime(iso, sentAt = null) {
    const server = Date.parse(iso);
    if (!Number.isFinite(server)) return;
    const received = Date.now();
    const trip = sentAt !== null && received >= sentAt ? (received - sentAt) / 2 : 0;
    this.clockOffset = Math.round(server + trip - received);
  }

  /**
   * Asks what would be redacted from `text` (trimmed). The answer comes as a
   * `preview` event. False when not connected.
   * @param {string} text
   */
  preview(text) {
    const trimmed = text.trim();
    if (!trimmed || !this.send(msg.preview(trimmed))) return false;
    this.previews.push(trimmed);
    return true;
  }

  /** Sends a message when connected; false when not. @param {object} m */
  send(m) {
    return this.conn.ready && this.conn.send(m);
  }

  // --- contributions -------------------------------------------------------

  /** @param {string} id */
  isOwn(id) {
    return storage.editKeys.get(id) !== null;
  }

  /** Visible contributions in display order: live arrivals newest first,
   * then snapshot contributions by objective and question (their order
   * within that carries no meaning). */
  ordered() {
    const questions = (this.consultation?.review_questions ?? []).map((/** @type {any} */ q) => q.key);
    const qIndex = (/** @type {string} */ k) => {
      const i = questions.indexOf(k);
      return i === -1 ? questions.length : i;
    };
    return [...this.contributions.values()]
      .sort((a, b) => {
        if (a.rank !== b.rank) return b.rank - a.rank;
        if (a.rank > 0) return 0;
        return a.c.objective - b.c.objective || qIndex(a.c.question) - qIndex(b.c.question);
      })
      .map((e) => e.c);
  }

  /** @param {Contribution} c @param {boolean} live */
  upsert(c, live) {
    const existing = this.contributions.get(c.id);
    if (existing) {
      existing.c = c;
      this.emit('updated', { c });
      return;
    }
    this.contributions.set(c.id, { c, rank: live ? ++this.rank : 0 });
    this.emit('added', { c, live });
  }

  // --- the outbox ----------------------------------------------------------

  loadOutbox() {
    if (!this.consultation) return;
    this.outboxStore = storage.outboxList(this.consultation.slug, this.token);
    this.outbox = this.outboxStore.load();
    this.emit('outbox');
  }

  saveOutbox() {
    this.outboxStore?.save(this.outbox);
    this.emit('outbox');
  }

  /**
   * Queues a post; it is sent now if connected, or when the connection is
   * back. The key makes a resend harmless: the server stores it once.
   * @param {QueuedPost} post
   */
  post(post) {
    this.outbox.push(post);
    this.saveOutbox();
    this.flush();
  }

  /** Sends the oldest queued post, one at a time so errors are attributable. */
  flush() {
    if (!this.conn.ready || this.inflight || !this.room) return;
    const next = this.outbox[0];
    if (!next) return;
    if (next.room !== this.room.id) {
      // Written for another room: never post it somewhere it was not meant for.
      this.reject(next, { code: 'moved', message: '' });
      return;
    }
    this.inflight = next.key;
    this.send(msg.post(next));
  }

  /** @param {QueuedPost} item @param {{code: string, message: string}} error */
  reject(item, error) {
    this.outbox = this.outbox.filter((p) => p.key !== item.key);
    this.saveOutbox();
    this.emit('rejected', { item, error });
    this.flush();
  }

  // --- author and facilitator actions --------------------------------------

  /** @param {string} id @param {string} text */
  edit(id, text) {
    const key = storage.editKeys.get(id);
    if (!key) return false;
    return this.act('edit', id, msg.edit(id, key, text));
  }

  /** @param {string} id */
  retract(id) {
    const key = storage.editKeys.get(id);
    if (!key) return false;
    return this.act('retract', id, msg.retract(id, key));
  }

  /** @param {string} id */
  hide(id) {
    return this.act('hide', id, msg.hide(id));
  }

  /** @param {string} id */
  restore(id) {
    return this.act('restore', id, msg.restore(id));
  }

  /** @param {string} action @param {string | null} id @param {object} m */
  act(action, id, m) {
    if (!this.send(m)) return false;
    this.pending.set(action, id);
    return true;
  }

  /**
   * Sends any other request (`{type, ...}`); its error comes back as a
   * `failed` event with `id` null. False when not connected.
   * @param {{type: string} & Record<string, any>} m
   */
  command(m) {
    return this.act(m.type, m.id ?? null, m);
  }

  /** This person may run the agenda (the plenary facilitator, the organiser). */
  get runsAgenda() {
    return this.role === 'organiser' || (this.role === 'facilitator' && (!this.scope || this.scope === 'plenary'));
  }
}
