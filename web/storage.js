// Everything this client keeps in the browser, in one place.
//
// sessionStorage (this tab only, gone when it closes):
//   rt.token                  the personal token from the link
//   rt.org.links.<slug>       links the organiser created in this tab
//   rt.dismissed              broadcasts dismissed in this tab
//   rt.model.<slug>           the consultation model and its version
// localStorage (this browser):
//   rt.consent.<slug>         the notice the person agreed to (a hash of it)
//   rt.editKeys               contribution id -> edit key, for one's own posts
//   rt.outbox.<slug>.<fp>     posts not yet acknowledged, per link
//   rt.votes                  contributions this browser voted for
//
// Edit keys leave the browser only inside edit and retract messages.
// Storage can be unavailable (private modes, quotas): every access is
// guarded and falls back to memory for this page.

const memory = new Map();

/** @param {'local' | 'session'} kind */
function area(kind) {
  try {
    const s = kind === 'local' ? window.localStorage : window.sessionStorage;
    const probe = '__rt_probe__';
    s.setItem(probe, '1');
    s.removeItem(probe);
    return s;
  } catch {
    return null;
  }
}

/**
 * @param {'local' | 'session'} kind
 * @param {string} key
 */
function read(kind, key) {
  const s = area(kind);
  if (!s) return memory.get(`${kind}:${key}`) ?? null;
  return s.getItem(key);
}

/**
 * @param {'local' | 'session'} kind
 * @param {string} key
 * @param {string | null} value
 */
function write(kind, key, value) {
  const s = area(kind);
  if (!s) {
    if (value === null) memory.delete(`${kind}:${key}`);
    else memory.set(`${kind}:${key}`, value);
    return;
  }
  try {
    if (value === null) s.removeItem(key);
    else s.setItem(key, value);
  } catch {
    memory.set(`${kind}:${key}`, value);
  }
}

/**
 * @template T
 * @param {'local' | 'session'} kind
 * @param {string} key
 * @param {T} fallback
 * @returns {T}
 */
function readJson(kind, key, fallback) {
  const raw = read(kind, key);
  if (raw === null) return fallback;
  try {
    return JSON.parse(raw);
  } catch {
    return fallback;
  }
}

/**
 * @param {'local' | 'session'} kind
 * @param {string} key
 * @param {any} value
 */
function writeJson(kind, key, value) {
  write(kind, key, JSON.stringify(value));
}

/** A short, non-secret fingerprint (FNV-1a, 32 bits) of a string. */
export function fingerprint(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

export const token = {
  get: () => read('session', 'rt.token'),
  /** @param {string} value */
  set: (value) => write('session', 'rt.token', value),
  clear: () => write('session', 'rt.token', null),
};

export const consent = {
  /** @param {string} slug @param {string} notice */
  has: (slug, notice) => read('local', `rt.consent.${slug}`) === fingerprint(notice),
  /** @param {string} slug @param {string} notice */
  give: (slug, notice) => write('local', `rt.consent.${slug}`, fingerprint(notice)),
};

export const editKeys = {
  /** @returns {Record<string, string>} */
  all: () => readJson('local', 'rt.editKeys', {}),
  /** @param {string} id */
  get: (id) => editKeys.all()[id] ?? null,
  /** @param {string} id @param {string} key */
  set(id, key) {
    const all = editKeys.all();
    all[id] = key;
    writeJson('local', 'rt.editKeys', all);
  },
  /** @param {string} id */
  remove(id) {
    const all = editKeys.all();
    if (!(id in all)) return;
    delete all[id];
    writeJson('local', 'rt.editKeys', all);
  },
};

/**
 * A JSON list under one key.
 * @param {'local' | 'session'} kind
 * @param {string} key
 */
export function list(kind, key) {
  return {
    /** @returns {any[]} */
    load: () => readJson(kind, key, []),
    /** @param {any[]} items */
    save: (items) => (items.length ? writeJson(kind, key, items) : write(kind, key, null)),
  };
}

/** @param {string} slug @param {string} tok */
export const outboxList = (slug, tok) => list('local', `rt.outbox.${slug}.${fingerprint(tok)}`);
/** @param {string} slug */
export const organiserLinks = (slug) => list('session', `rt.org.links.${slug}`);

/** The consultation model last fetched, by slug, with its version. */
export const models = {
  /** @param {string} slug @returns {{version: string, consultation: any} | null} */
  get: (slug) => readJson('session', `rt.model.${slug}`, null),
  /** @param {string} slug @param {{version: string, consultation: any}} value */
  set: (slug, value) => writeJson('session', `rt.model.${slug}`, value),
};

export const orgConsultation = {
  get: () => read('session', 'rt.org.consultation'),
  /** @param {string} slug */
  set: (slug) => write('session', 'rt.org.consultation', slug),
};

/** Contributions this browser has voted for (the server cannot say: votes are unlinkable). */
export const votes = {
  /** @returns {string[]} */
  all: () => readJson('local', 'rt.votes', []),
  /** @param {string} id */
  has: (id) => votes.all().includes(id),
  /** @param {string} id @param {boolean} on */
  set(id, on) {
    const all = votes.all().filter((x) => x !== id);
    if (on) all.push(id);
    writeJson('local', 'rt.votes', all);
  },
};
