// Entry point. Reads the personal token from the link, opens the session
// and shows the view for the person's role:
//
//   no token            -> landing (what this is; paste a link)
//   token, connecting   -> joining
//   welcome, no consent -> consent (the Chatham House Rule), then the room
//   participant, facilitator, rapporteur -> room
//   organiser           -> organiser
//   bad or revoked link -> problem page ("this link is not valid")
//
// One path has a page of its own, whatever the token: /register/<slug>,
// the public registration form (views/register.js). The server answers
// every path without a dot with index.html, so it survives a reload.
//
// The token arrives in the URL fragment (never sent to the server in a
// request line), is kept in sessionStorage for this tab and removed from
// the address bar at once.

import { api } from './api.js';
import { connectionIndicator } from './components/status.js';
import { h, replace } from './dom.js';
import { applyStatic, t } from './i18n.js';
import { show } from './router.js';
import { Session } from './session.js';
import * as storage from './storage.js';
import { consentView } from './views/consent.js';
import { landingView } from './views/landing.js';
import { registerView, registrationSlug } from './views/register.js';
import { organiserView } from './views/organiser.js';
import { joiningView, problemView } from './views/problem.js';
import { roomView } from './views/room.js';

/** @type {Session | null} */
let session = null;

/** Takes `#token=…` out of the address bar; returns the token. */
function takeFragmentToken() {
  const params = new URLSearchParams(location.hash.slice(1));
  const token = params.get('token');
  if (!token) return null;
  history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  return token;
}

/** The header's right-hand side: connection, role, leave. */
function renderHeader() {
  const slot = /** @type {HTMLElement} */ (document.getElementById('header-session'));
  if (!session || !session.role) {
    replace(slot);
    return;
  }
  const leave = h('button', { type: 'button', class: 'button button-quiet', id: 'leave' }, t('header.leave'));
  leave.addEventListener('click', () => leaveSession(true));
  replace(
    slot,
    h('span', { class: 'role-badge', id: 'role-badge' }, t(`role.${session.role}`)),
    connectionIndicator(session),
    leave,
  );
}

/** Forgets the token in this tab and goes back to the start page. */
function leaveSession(focus = false) {
  session?.stop();
  session = null;
  storage.token.clear();
  renderHeader();
  showLanding(focus);
}

function showLanding(focus = false) {
  show(landingView({ onToken: (token) => start(token, true) }), { name: 'landing', focus });
}

/** @param {'unauthorized' | 'protocol' | 'consultation'} kind */
function showProblem(kind) {
  if (kind === 'unauthorized') storage.token.clear();
  session = null;
  renderHeader();
  show(problemView({ kind, onHome: () => leaveSession(true) }), { name: `problem-${kind}`, title: t(`problem.${kind}Short`) });
}

/** @param {Session} s @param {boolean} focus */
function showRole(s, focus) {
  renderHeader();
  if (s.role === 'organiser') {
    show(
      organiserView({
        session: s,
        token: s.token,
        consultations: consultationList,
        onSwitch: (slug) => {
          storage.orgConsultation.set(slug);
          start(s.token, true);
        },
      }),
      { name: 'organiser', title: t('org.title'), focus },
    );
  } else {
    show(roomView(s), { name: 'room', focus });
  }
}

/** @type {Array<{slug: string, title: string}>} */
let consultationList = [];

/**
 * @param {string} token
 * @param {boolean} focus the person asked for this (move focus to the new view)
 */
async function start(token, focus) {
  session?.stop();
  storage.token.set(token);
  try {
    consultationList = await api.consultations();
  } catch {
    consultationList = [];
  }
  const wanted = storage.orgConsultation.get();
  const hint = consultationList.some((c) => c.slug === wanted) ? wanted : consultationList[0]?.slug ?? null;
  const s = new Session({ token, consultation: hint });
  session = s;
  let viewShown = false;
  s.addEventListener('welcome', () => {
    if (viewShown || session !== s) return;
    const c = s.consultation;
    if (s.role !== 'organiser' && !storage.consent.has(c.slug, c.chatham_house_notice)) {
      // Nobody enters a room before agreeing to the rule.
      s.stop();
      show(
        consentView({
          consultation: c,
          onAgree: () => {
            storage.consent.give(c.slug, c.chatham_house_notice);
            viewShown = true;
            s.start();
            showRole(s, true);
          },
          onLeave: () => leaveSession(true),
        }),
        { name: 'consent', title: t('consent.title'), focus },
      );
      return;
    }
    viewShown = true;
    showRole(s, focus);
  });
  s.addEventListener('fatal', (e) => {
    if (session === s) showProblem(/** @type {CustomEvent} */ (e).detail);
  });
  show(joiningView({ session: s }), { name: 'joining', title: t('joining.title') });
  s.start();
}

function boot() {
  applyStatic();
  const slug = registrationSlug(location.pathname);
  if (slug) {
    show(registerView({ slug }), { name: 'register', title: t('register.eyebrow') });
    return;
  }
  const token = takeFragmentToken() ?? storage.token.get();
  if (token) start(token, false);
  else showLanding();
  // A link opened in this tab while the page is open changes only the
  // fragment: no reload, so pick it up here.
  window.addEventListener('hashchange', () => {
    const next = takeFragmentToken();
    if (next) start(next, true);
  });
}

boot();
