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
//
// The consultation model is not in the server's `welcome` (it would pin its
// size in every connection's write buffer): `welcome` names its slug and
// `model_version`, and the session fetches the model over HTTP when it
// holds no copy of that version. Messages wait, in order, until it is here,
// so no view ever renders without `consultation`.

import { api } from './api.js';
import { HANDLERS } from './handlers.js';
import { Connection, OFFLINE_AFTER, backoff, wsUrl } from './net.js';
import { msg } from './protocol.js';
import * as storage from './storage.js';

/**
 * @typedef {{id: string, room: string, objective: number, question: string, text: string, phase: number}} Contribution
 * @typedef {{key: string, room: string, objective: number, question: string, text: string}} QueuedPost
 * @typedef {{slug: string, version: string, consultation: any}} Model
 * @typedef {{slug?: string, model_version?: string, consultation?: any}} ModelRef what a `welcome` says about the model
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
    /** @type {Model | null} the model last loaded (what `consultation` is set from) */
    this.model = null;
    /** @type {ModelRef | null} the model the last `welcome` named */
    this.wantedModel = null;
    /** @type {Array<{m: any, ws: WebSocket | null}> | null} messages held while the model loads */
    this.held = null;
    this.loadingModel = false;
    /** @type {(() => void) | null} ends the wait before the next model fetch */
    this.wakeModel = null;
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
    this.wakeModel?.();
  }

  /** Tries again now: the model fetch if it is waiting to, else the connection. */
  retryNow() {
    if (this.wakeModel) this.wakeModel();
    else this.conn.retryNow();
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

  /**
   * Applies a server message, or holds it while the model its `welcome`
   * named is loading (the snapshot comes right behind the welcome).
   * @param {any} m
   */
  dispatch(m) {
    if (m.type === 'welcome' && !this.hasModel(m)) this.needModel(m);
    if (this.held) this.held.push({ m, ws: this.conn.ws });
    else this.apply(m);
  }

  /** @param {any} m */
  apply(m) {
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

  // --- the consultation model ----------------------------------------------

  /**
   * The model a `welcome` needs is at hand: in the welcome itself, or
   * loaded in this version.
   * @param {ModelRef} ref
   */
  hasModel(ref) {
    if (ref.consultation || !ref.slug) return true;
    return this.model?.slug === ref.slug && this.model.version === ref.model_version;
  }

  /**
   * Gets the model a `welcome` names: from this tab's storage, or else
   * fetched while messages are held.
   * @param {ModelRef} ref
   */
  needModel(ref) {
    this.wantedModel = ref;
    const slug = /** @type {string} */ (ref.slug);
    const stored = storage.models.get(slug);
    if (stored?.consultation && stored.version === ref.model_version) this.model = { slug, ...stored };
    if (this.hasModel(ref)) {
      this.wakeModel?.();
      return;
    }
    this.held ??= [];
    if (!this.loadingModel) this.loadModel();
  }

  /** Fetches the wanted model until it comes, with backoff, then lets the held messages through. */
  async loadModel() {
    this.loadingModel = true;
    let failures = 0;
    while (!this.conn.stopped && this.wantedModel && !this.hasModel(this.wantedModel)) {
      try {
        await this.fetchModel(/** @type {string} */ (this.wantedModel.slug));
      } catch {
        failures += 1;
        this.modelTrouble(failures);
        await this.pause(backoff(failures - 1));
      }
    }
    this.loadingModel = false;
    this.release();
  }

  /** @param {string} slug */
  async fetchModel(slug) {
    const { data, etag } = await api.model(slug);
    if (!data || typeof data !== 'object') throw new Error('no model');
    const version = etag ? etag.replace(/^W\//, '').replace(/"/g, '') : this.wantedModel?.model_version ?? '';
    this.model = { slug, version, consultation: data };
    storage.models.set(slug, { version, consultation: data });
    // Another version than welcome said: the server changed; try again.
    if (this.wantedModel && !this.hasModel(this.wantedModel)) throw new Error('another model version');
  }

  /**
   * The model cannot be loaded: say so as for a connection problem (the
   * socket is up, but the session cannot go on yet).
   * @param {number} failures
   */
  modelTrouble(failures) {
    if (!this.conn.ws) return;
    this.conn.setState(failures > OFFLINE_AFTER || navigator.onLine === false ? 'offline' : 'reconnecting');
  }

  /** Waits `ms`, or less when woken (retry now, stop). @param {number} ms */
  pause(ms) {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.wakeModel === done) this.wakeModel = null;
        resolve(undefined);
      };
      const timer = setTimeout(done, ms);
      this.wakeModel = done;
    });
  }

  /**
   * Applies the held messages in order. Those from a socket that has since
   * closed are dropped: none was applied, so the next `hello` resumes from
   * before them and the server sends them again.
   */
  release() {
    const held = this.held ?? [];
    this.held = null;
    for (let i = 0; i < held.length; i += 1) {
      const { m, ws } = held[i];
      if (ws !== this.conn.ws) continue;
      if (m.type === 'welcome' && !this.hasModel(m)) this.needModel(m);
      if (this.held) {
        // That welcome needs another model: hold it and the rest again.
        this.held.push(...held.slice(i));
        return;
      }
      this.apply(m);
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
