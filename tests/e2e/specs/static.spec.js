// Checks on the client's source that need no browser: no HTML parsing of
// strings anywhere, nothing inline that the CSP would block, and every
// message key used exists in the one catalogue.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from '@playwright/test';
import { repoRoot } from '../support/server.js';

const WEB = join(repoRoot, 'web');

/** @param {string} dir @returns {string[]} */
function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const sources = files(WEB).filter((p) => p.endsWith('.js'));

test('no innerHTML, outerHTML, insertAdjacentHTML, document.write, eval or new Function', () => {
  const banned = /\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\s*\(|new\s+Function\b|setAttribute\(\s*['"]style)/;
  const hits = sources.flatMap((p) =>
    readFileSync(p, 'utf8')
      .split('\n')
      .map((line, i) => ({ line, i }))
      .filter(({ line }) => banned.test(line) && !line.trim().startsWith('//'))
      .map(({ i }) => `${relative(repoRoot, p)}:${i + 1}`),
  );
  expect(hits).toEqual([]);
});

test('index.html has no inline script, style or event handler', () => {
  const html = readFileSync(join(WEB, 'index.html'), 'utf8');
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  expect(html).not.toMatch(/<style/);
  expect(html).not.toMatch(/\sstyle=/);
  expect(html).not.toMatch(/\son[a-z]+=/);
});

test('every message key used in the client is in the catalogue', () => {
  const catalogue = readFileSync(join(WEB, 'i18n.js'), 'utf8');
  const keys = new Set([...catalogue.matchAll(/^\s+'([a-zA-Z0-9_.]+)':/gm)].map((m) => m[1]));
  const missing = [];
  for (const p of sources) {
    const src = readFileSync(p, 'utf8');
    for (const m of src.matchAll(/\bt\('([a-zA-Z0-9_.]+)'/g)) if (!keys.has(m[1])) missing.push(`${relative(repoRoot, p)}: ${m[1]}`);
    for (const m of src.matchAll(/\btn\('([a-zA-Z0-9_.]+)'/g)) {
      if (!keys.has(`${m[1]}.other`)) missing.push(`${relative(repoRoot, p)}: ${m[1]}.other`);
    }
  }
  // Keys built at run time: every value they can take.
  const dynamic = [
    ...['idle', 'connecting', 'connected', 'reconnecting', 'offline', 'closed'].map((s) => `conn.${s}`),
    ...['participant', 'facilitator', 'rapporteur', 'organiser'].map((r) => `role.${r}`),
    ...['edit', 'retract', 'hide', 'restore', 'vote', 'unvote', 'report', 'mute', 'key_point', 'note', 'reassign', 'merge', 'unmerge'].map(
      (a) => `contribution.failed.${a}`,
    ),
    ...['key_point', 'note', 'reassign', 'merge', 'unmerge'].map((a) => `curation.done.${a}`),
    ...['open', 'acknowledged', 'resolved'].flatMap((s) => [`help.status.${s}`, `queue.helpStatus.${s}`]),
    ...['md', 'csv', 'json', 'docx'].map((f) => `export.${f}`),
    ...['unauthorized', 'protocol', 'consultation'].map((k) => `problem.${k}Short`),
    ...['name', 'email', 'organisation', 'category', 'gender', 'country', 'consent'].map((k) => `register.required.${k}`),
    ...['name', 'email', 'organisation', 'category', 'gender', 'country', 'preferred_group', 'accessibility', 'consent'].map((k) => `register.invalid.${k}`),
    ...['name', 'affiliation', 'email', 'phone', 'link', 'handle', 'other'].map((k) => `redaction.kind.${k}.other`),
    ...['accepted', 'acceptedDry', 'rejected', 'unchanged'].map((k) => `import.outcome.${k}`),
    ...['invalid_field', 'duplicate_email', 'organisation_full', 'malformed_row', 'other'].map((k) => `import.code.${k}`),
    ...['name', 'email', 'organisation', 'category', 'gender', 'country', 'preferred_group', 'accessibility', 'consent'].map((k) => `import.field.${k}`),
    ...['subregion', 'gender', 'category'].map((k) => `assign.attr.${k}`),
    'registrations.ascending',
    'registrations.descending',
  ];
  for (const k of dynamic) if (!keys.has(k)) missing.push(`dynamic: ${k}`);
  expect(missing).toEqual([]);
  // Static text in index.html names its key.
  const html = readFileSync(join(WEB, 'index.html'), 'utf8');
  for (const m of html.matchAll(/data-i18n="([^"]+)"/g)) expect(keys.has(m[1]), m[1]).toBe(true);
});

test('the protocol catalogue and the handlers list the same server messages', () => {
  const protocol = readFileSync(join(WEB, 'protocol.js'), 'utf8');
  const list = protocol.slice(protocol.indexOf('SERVER_MESSAGES'), protocol.indexOf(']);', protocol.indexOf('SERVER_MESSAGES')));
  const listed = [...list.matchAll(/^\s+'([a-z_]+)',/gm)].map((m) => m[1]).sort();
  const handlers = readFileSync(join(WEB, 'handlers.js'), 'utf8');
  const handled = [...handlers.matchAll(/^  ([a-z_]+)\(/gm)].map((m) => m[1]).sort();
  expect(handled).toEqual(listed);
});
