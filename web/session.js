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
//   posted    {id, duplicate} our post was acknowledged
//   rejected  {item, error}  a queued post was refused; its text comes back
//   done      {action, id}   an edit, retraction or moderation succeeded
//   failed    {action, id, error}  one of those failed
//   problem   {error}        any other error from the server
//   state     (string)       the connection state changed
//   fatal     (string)       the session cannot go on: unauthorized, protocol, consultation
// and, from a server with live facilitation (each only once the server
// sends the message it depends on):
//   meeting                  the agenda phase or meeting options changed
//   timer     {warning, ended}  the room's timer changed, has a minute left, or ended
//   broadcast {b, live}      a facilitator's message for this room
//   presence                 people per room changed
//   roster | help-queue | moderation | pending   facilitator queues changed
//   help-status              this participant's help request changed
//   collected {c}            our post is held for a later reveal

import { Connection, wsUrl } from './net.js';
import { ERROR, RETRYABLE, msg } from './protocol.js';
import * as storage from './storage.js';

/**
 * @typedef {{id: string, room: string, objective: number, question: string, text: string, phase: number}} Contribution
 * @typedef {{key: string, room: string, objective: number, question: string, text: string}} QueuedPost
 */

/** Delay before retrying a post the server asked us to retry. */
const POST_RETRY_MS = 1500;
/** Retries of one post before giving its text back to the author. */
const POST_RETRIES = 5;

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
    this.conn = new Connection({ url: wsUrl(), hello: () => this.hello() });
    this.conn.addEventListener('message', (e) => this.dispatch(/** @type {CustomEvent} */ (e).detail));
    this.conn.addEventListener('state', (e) => {
      const state = /** @type {CustomEvent} */ (e).detail;
      if (state !== 'connected') this.inflight = null;
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

/**
 * One handler per server message type. A type without a handler is
 * ignored (but recorded in `session.seen`).
 * @type {Record<string, (s: Session, m: any) => void>}
 */
const HANDLERS = {
  welcome(s, m) {
    const first = !s.consultation;
    s.role = m.role;
    s.scope = m.scope ?? null;
    s.consultation = m.consultation;
    if (s.epoch !== m.epoch) s.epoch = m.epoch;
    if (m.meeting) {
      s.meeting = m.meeting;
      s.emit('meeting');
    }
    if (first) s.loadOutbox();
    s.emit('welcome', { first });
  },

  snapshot(s, m) {
    const moved = s.room !== null && s.room.id !== m.room.id;
    s.room = m.room;
    s.seq = m.seq;
    s.contributions.clear();
    s.rank = 0;
    for (const c of m.contributions) s.contributions.set(c.id, { c, rank: 0 });
    s.timer = m.timer ?? null;
    s.broadcasts = m.broadcasts ?? [];
    s.collecting = Boolean(m.collecting);
    s.collected = m.pending ?? [];
    if (moved) s.ownCollected = [];
    s.summaries = new Map((m.summaries ?? []).map((/** @type {any} */ x) => [`${x.group}:${x.objective}`, x]));
    s.reportBack = m.report_back ?? null;
    if (s.presence) s.presence = { ...s.presence, [m.room.id]: m.room.present };
    s.conn.markReady();
    s.emit('room', { moved });
    if ('timer' in m) s.emit('timer', {});
    s.flush();
  },

  resumed(s, m) {
    s.seq = m.seq;
    s.conn.markReady();
    s.flush();
  },

  contribution(s, m) {
    if (!fresh(s, m)) return;
    s.upsert(m.contribution, true);
  },

  edited(s, m) {
    if (!fresh(s, m)) return;
    s.upsert(m.contribution, false);
  },

  removed(s, m) {
    if (!fresh(s, m)) return;
    if (s.contributions.delete(m.id)) s.emit('removed', { id: m.id });
  },

  ack(s, m) {
    storage.editKeys.set(m.id, m.edit_key);
    if (s.inflight === m.key) s.inflight = null;
    s.postRetries = 0;
    s.outbox = s.outbox.filter((p) => p.key !== m.key);
    s.saveOutbox();
    const known = s.contributions.get(m.id);
    if (known) s.emit('updated', { c: known.c });
    if (m.pending && !s.ownCollected.some((c) => c.id === m.id)) {
      s.ownCollected = [...s.ownCollected, m.pending];
      s.emit('collected', { c: m.pending });
    }
    s.emit('posted', { id: m.id, duplicate: m.duplicate, collected: Boolean(m.pending) });
    s.flush();
  },

  done(s, m) {
    if (s.pending.get(m.action) === m.id) s.pending.delete(m.action);
    if (m.action === 'retract') storage.editKeys.remove(m.id);
    s.emit('done', { action: m.action, id: m.id });
  },

  votes(s, m) {
    if (!fresh(s, m)) return;
    const known = s.contributions.get(m.id);
    if (!known) return;
    known.c = { ...known.c, votes: m.votes };
    s.emit('updated', { c: known.c });
  },

  revealed(s, m) {
    if (!fresh(s, m)) return;
    const ids = new Set(m.contributions.map((/** @type {Contribution} */ c) => c.id));
    s.ownCollected = s.ownCollected.filter((c) => !ids.has(c.id));
    s.collected = s.collected.filter((c) => !ids.has(c.id));
    for (const c of m.contributions) s.upsert(c, true);
    s.emit('pending');
  },

  curated(s, m) {
    if (!fresh(s, m)) return;
    s.upsert(m.contribution, false);
  },

  timer(s, m) {
    if (!fresh(s, m) || m.room !== s.room?.id) return;
    s.timer = m.timer ?? null;
    s.emit('timer', {});
  },

  timer_warning(s, m) {
    if (!fresh(s, m) || m.room !== s.room?.id) return;
    s.emit('timer', { warning: true });
  },

  timer_ended(s, m) {
    if (!fresh(s, m) || m.room !== s.room?.id) return;
    s.timer = null;
    s.emit('timer', { ended: true });
  },

  broadcast(s, m) {
    if (!fresh(s, m)) return;
    s.broadcasts = [...s.broadcasts, m.broadcast];
    s.emit('broadcast', { b: m.broadcast, live: true });
  },

  meeting(s, m) {
    s.meeting = m.meeting;
    s.collecting = Boolean(s.room && m.meeting.collecting?.includes(s.room.id));
    s.emit('meeting');
  },

  presence(s, m) {
    s.presence = m.rooms;
    s.emit('presence');
  },

  roster(s, m) {
    s.roster = m.rooms;
    s.emit('roster');
  },

  help_queue(s, m) {
    s.helpQueue = m.requests;
    s.emit('help-queue');
  },

  help_status(s, m) {
    if (s.pending.get('help') === null) s.pending.delete('help');
    s.helpStatus = { id: m.id, status: m.status };
    s.emit('help-status');
  },

  moderation(s, m) {
    s.moderation = m.items;
    s.emit('moderation');
  },

  pending(s, m) {
    if (m.room !== s.room?.id) return;
    s.collected = [...s.collected.filter((c) => c.id !== m.contribution.id), m.contribution];
    s.emit('pending');
  },

  summary(s, m) {
    if (!fresh(s, m)) return;
    s.summaries.set(`${m.group}:${m.objective}`, { group: m.group, objective: m.objective, text: m.text, version: m.version });
    s.emit('summary', m);
  },

  summary_saved(s, m) {
    s.pending.delete('summary');
    s.emit('summary-saved', m);
  },

  summary_conflict(s, m) {
    s.pending.delete('summary');
    s.emit('summary-conflict', m);
  },

  report_back(s, m) {
    if (!fresh(s, m)) return;
    s.reportBack = m.groups;
    s.emit('report-back', m);
  },

  pong() {},

  error(s, m) {
    const error = { code: m.code, message: m.message, request: m.request ?? null };
    if (m.code === ERROR.UNAUTHORIZED) {
      s.conn.fatal('unauthorized');
      return;
    }
    if (m.code === ERROR.UNSUPPORTED_PROTOCOL) {
      s.conn.fatal('protocol');
      return;
    }
    if (m.request === 'hello' && m.code === ERROR.NOT_FOUND) {
      s.conn.fatal('consultation');
      return;
    }
    const postFailed = s.inflight && (m.request === 'post' || (m.request === null && m.code === ERROR.RATE_LIMITED));
    if (postFailed) {
      const item = s.outbox.find((p) => p.key === s.inflight);
      s.inflight = null;
      if (item && RETRYABLE.has(m.code) && s.postRetries < POST_RETRIES) {
        s.postRetries += 1;
        setTimeout(() => s.flush(), POST_RETRY_MS * s.postRetries);
        return;
      }
      s.postRetries = 0;
      if (item) s.reject(item, error);
      return;
    }
    if (m.request && s.pending.has(m.request)) {
      const id = s.pending.get(m.request);
      s.pending.delete(m.request);
      s.emit('failed', { action: m.request, id, error });
      return;
    }
    s.emit('problem', { error });
  },
};

/** Events carry the room's sequence number: apply each once, in order. */
function fresh(/** @type {Session} */ s, /** @type {{seq: number}} */ m) {
  if (typeof m.seq !== 'number') return true;
  if (m.seq <= s.seq) return false;
  s.seq = m.seq;
  return true;
}
