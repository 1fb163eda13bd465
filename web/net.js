// The websocket connection manager.
//
// One `Connection` per page. It opens `/ws`, sends the hello the session
// builds (token, protocol, and a resume point once it has one), and
// reconnects with exponential backoff and jitter when the socket drops. It
// knows nothing about rooms or contributions: it reports messages and its
// state, and the session decides what they mean.
//
// States: `connecting` (first attempt), `connected` (the session has its
// snapshot or resumed), `reconnecting` (dropped, retrying soon), `offline`
// (the browser says it is offline, or several attempts failed), `closed`
// (stopped for good: invalid link, protocol mismatch, or left).

/** Close codes the server uses. */
export const CLOSE = {
  /** The token is missing, wrong or revoked: never retry. */
  UNAUTHORIZED: 4401,
  /** The client speaks another protocol version: reload, do not retry. */
  PROTOCOL: 4400,
};

const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 10_000;
/** After this many failed attempts the indicator says offline. */
export const OFFLINE_AFTER = 4;
const PING_EVERY_MS = 20_000;
/** No message at all for this long means the socket is dead. */
const SILENCE_LIMIT_MS = 50_000;

/**
 * Delay before reconnect attempt `n` (0-based): exponential with "equal
 * jitter", so a room full of clients does not come back in lockstep.
 * @param {number} n
 */
export function backoff(n) {
  const cap = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** n);
  return cap / 2 + Math.random() * (cap / 2);
}

/** The websocket URL for this page's origin. */
export function wsUrl() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

export class Connection extends EventTarget {
  /**
   * @param {{ url: string, hello: () => object }} options
   */
  constructor({ url, hello }) {
    super();
    this.url = url;
    this.hello = hello;
    /** @type {WebSocket | null} */
    this.ws = null;
    this.state = 'idle';
    this.ready = false;
    this.everReady = false;
    this.attempt = 0;
    this.stopped = true;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.retryTimer = undefined;
    /** @type {ReturnType<typeof setInterval> | undefined} */
    this.pingTimer = undefined;
    this.lastMessageAt = 0;
    this.nextRetryAt = 0;
    /** @type {number | null} when the last ping left (to time the pong) */
    this.pingSentAt = null;
    this.onOnline = () => this.retryNow();
    this.onVisible = () => {
      if (document.visibilityState === 'visible') this.retryNow();
    };
  }

  /** Opens the connection (again, after `stop`). */
  start() {
    if (!this.stopped) return;
    this.stopped = false;
    window.addEventListener('online', this.onOnline);
    document.addEventListener('visibilitychange', this.onVisible);
    this.open();
  }

  /** Closes for good; no reconnect. @param {string} [reason] */
  stop(reason = 'stopped') {
    this.stopped = true;
    this.ready = false;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    window.removeEventListener('online', this.onOnline);
    document.removeEventListener('visibilitychange', this.onVisible);
    const ws = this.ws;
    this.ws = null;
    if (ws && ws.readyState <= WebSocket.OPEN) ws.close(1000, reason);
    this.setState('closed');
  }

  /** Reconnects at once if waiting to retry. */
  retryNow() {
    if (this.stopped || this.ws) return;
    clearTimeout(this.retryTimer);
    this.open();
  }

  /** @param {string} state */
  setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: state }));
  }

  open() {
    this.ready = false;
    if (!this.everReady) this.setState('connecting');
    let ws;
    try {
      ws = new WebSocket(this.url);
    } catch {
      this.dropped();
      return;
    }
    this.ws = ws;
    ws.addEventListener('open', () => {
      if (ws !== this.ws) return;
      this.lastMessageAt = Date.now();
      ws.send(JSON.stringify(this.hello()));
    });
    ws.addEventListener('message', (ev) => {
      if (ws !== this.ws) return;
      this.lastMessageAt = Date.now();
      let msg;
      try {
        msg = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      if (msg && typeof msg.type === 'string') {
        this.dispatchEvent(new CustomEvent('message', { detail: msg }));
      }
    });
    ws.addEventListener('close', (ev) => {
      if (ws !== this.ws) return;
      this.ws = null;
      if (ev.code === CLOSE.UNAUTHORIZED) return this.fatal('unauthorized');
      if (ev.code === CLOSE.PROTOCOL) return this.fatal('protocol');
      this.dropped();
    });
  }

  /** The session has its state: the connection counts as up. */
  markReady() {
    this.ready = true;
    this.everReady = true;
    this.attempt = 0;
    this.setState('connected');
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => this.heartbeat(), PING_EVERY_MS);
  }

  heartbeat() {
    if (!this.ready || !this.ws) return;
    if (Date.now() - this.lastMessageAt > SILENCE_LIMIT_MS) {
      // Half-open socket: drop it without waiting for a close handshake.
      const ws = this.ws;
      this.ws = null;
      ws.close();
      this.dropped();
      return;
    }
    if (this.send({ type: 'ping' })) this.pingSentAt = Date.now();
  }

  /** @param {string} reason */
  fatal(reason) {
    this.stop(reason);
    this.dispatchEvent(new CustomEvent('fatal', { detail: reason }));
  }

  dropped() {
    this.ready = false;
    clearInterval(this.pingTimer);
    if (this.stopped) return;
    const delay = backoff(this.attempt);
    this.attempt += 1;
    const offline = navigator.onLine === false || this.attempt > OFFLINE_AFTER;
    this.setState(this.everReady || this.attempt > 1 ? (offline ? 'offline' : 'reconnecting') : 'connecting');
    this.nextRetryAt = Date.now() + delay;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.open(), delay);
    this.dispatchEvent(new CustomEvent('dropped', { detail: { delay } }));
  }

  /**
   * Sends a message if the socket is open. Returns false when it is not.
   * @param {object} msg
   */
  send(msg) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(msg));
    return true;
  }
}
