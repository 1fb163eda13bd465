// One handler per server message type: what each message does to the
// session's state, and which event it emits for the views. A type without
// a handler is ignored (the session still records it in `session.seen`).

import { ERROR, RETRYABLE } from './protocol.js';
import { answers } from './redact.js';
import * as storage from './storage.js';

/** Delay before retrying a post the server asked us to retry. */
const POST_RETRY_MS = 1500;
/** Retries of one post before giving its text back to the author. */
const POST_RETRIES = 5;

/**
 * @typedef {import('./session.js').Session} Session
 * @typedef {import('./session.js').Contribution} Contribution
 */

/**
 * @type {Record<string, (s: Session, m: any) => void>}
 */
export const HANDLERS = {
  welcome(s, m) {
    const first = !s.consultation;
    s.role = m.role;
    s.scope = m.scope ?? null;
    // In the welcome when asked for; otherwise the session fetched it (by
    // `model_version`) before letting this welcome through.
    s.consultation = m.consultation ?? s.model?.consultation;
    if (s.epoch !== m.epoch) s.epoch = m.epoch;
    if (m.meeting) {
      s.meeting = m.meeting;
      s.emit('meeting');
    }
    if (first) s.loadOutbox();
    s.emit('welcome', { first });
  },

  snapshot(s, m) {
    if (m.server_time) s.setServerTime(m.server_time);
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
    s.emit('posted', {
      id: m.id,
      duplicate: m.duplicate,
      collected: Boolean(m.pending),
      redactions: m.redactions ?? [],
      flags: m.flags ?? [],
    });
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

  preview(s, m) {
    // Answers come in order, but one can be missing (a request refused
    // before it was read): match the answer to the text it replays on,
    // and drop the older requests.
    if (!s.previews.length) return;
    let i = s.previews.findIndex((sent) => answers(sent, m));
    if (i === -1) i = 0;
    const text = s.previews[i];
    s.previews.splice(0, i + 1);
    s.emit('preview', { text, result: { text: m.text, redactions: m.redactions ?? [], flags: m.flags ?? [] } });
  },

  pong(s, m) {
    if (m.server_time) s.setServerTime(m.server_time, s.conn.pingSentAt);
  },

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
    if (m.request === 'preview') {
      const text = s.previews.shift();
      if (text !== undefined) s.emit('preview', { text, error });
      return;
    }
    // A failed post names its idempotency key; a rate limit hit before the
    // message was read names nothing, and then it was the post in flight.
    const postKey =
      m.request === 'post' ? m.key ?? s.inflight : m.request === null && m.code === ERROR.RATE_LIMITED ? s.inflight : null;
    if (postKey) {
      const item = s.outbox.find((p) => p.key === postKey);
      if (s.inflight === postKey) s.inflight = null;
      if (item && RETRYABLE.has(m.code) && s.postRetries < POST_RETRIES) {
        s.postRetries += 1;
        setTimeout(() => s.flush(), POST_RETRY_MS * s.postRetries);
        return;
      }
      s.postRetries = 0;
      if (item) s.reject(item, error);
      return;
    }
    if (m.request && (s.pending.has(m.request) || m.id)) {
      // The server names what the action was on; older servers did not.
      const id = m.id ?? s.pending.get(m.request) ?? null;
      if (!m.id || s.pending.get(m.request) === m.id) s.pending.delete(m.request);
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
