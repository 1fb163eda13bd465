// Starts the real server binary on a data directory and a port, and stops
// or kills it. Used by the global setup (one shared server) and by tests
// that need their own (the reconnect test kills and restarts it).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The server binary: $ROUNDTABLE_BIN, else target/debug/roundtable (built if missing). */
export function serverBinary() {
  if (process.env.ROUNDTABLE_BIN) return resolve(process.env.ROUNDTABLE_BIN);
  const bin = join(repoRoot, 'target', 'debug', 'roundtable');
  if (!existsSync(bin)) {
    const r = spawnSync('cargo', ['build', '-p', 'roundtable'], { cwd: repoRoot, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('cargo build -p roundtable failed');
  }
  return bin;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (s.address());
      s.close(() => res(port));
    });
  });
}

/** A fresh data directory. */
export function freshDataDir() {
  return mkdtempSync(join(tmpdir(), 'roundtable-e2e-'));
}

/**
 * Starts the server and waits for its "listening on" line (and, on a fresh
 * data directory, the organiser link). `consultations` are consultation
 * files (default: the built-in example).
 * @param {{ data: string, port?: number, bin?: string, log?: string, consultations?: string[] }} o
 */
export async function startServer({ data, port = 0, bin = serverBinary(), log, consultations = [] }) {
  const errFd = log ? openSync(log, 'a') : 'ignore';
  const args = ['--bind', `127.0.0.1:${port}`, '--data', data, ...consultations.flatMap((f) => ['--consultation', f])];
  const proc = spawn(bin, args, {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', errFd],
    env: { ...process.env, ROUNDTABLE_LOG: process.env.ROUNDTABLE_LOG ?? 'info' },
  });
  if (typeof errFd === 'number') closeSync(errFd);
  // Never outlive the test process, even when it ends abruptly.
  const reap = () => proc.kill('SIGKILL');
  process.once('exit', reap);
  proc.once('exit', () => process.removeListener('exit', reap));
  let out = '';
  /** @type {(code: number | null) => void} */
  let early = () => {};
  const info = await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not start in time; output:\n${out}`)), 20_000);
    early = (/** @type {number | null} */ code) => {
      clearTimeout(timer);
      rej(new Error(`server exited with ${code}; output:\n${out}`));
    };
    proc.on('exit', early);
    proc.stdout.on('data', (chunk) => {
      out += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (!url) return;
      const firstStart = !/Organiser link: issued on first start/.test(out);
      const link = /(http:\/\/\S+\/#token=\S+)/.exec(out)?.[1];
      if (firstStart && !link) return;
      clearTimeout(timer);
      res({ url, organiserLink: link ?? null });
    });
  });
  proc.removeListener('exit', early);
  proc.stdout.resume();
  const { url, organiserLink } = /** @type {{url: string, organiserLink: string | null}} */ (info);
  return {
    url,
    port: Number(new URL(url).port),
    organiserLink,
    organiserToken: organiserLink ? new URL(organiserLink).hash.replace('#token=', '') : null,
    pid: proc.pid,
    /** SIGKILL, and wait for the process to be gone. */
    kill: () => stopProcess(proc, 'SIGKILL'),
    /** SIGTERM (graceful), and wait. */
    stop: () => stopProcess(proc, 'SIGTERM'),
  };
}

/**
 * @param {import('node:child_process').ChildProcess} proc
 * @param {NodeJS.Signals} signal
 */
function stopProcess(proc, signal) {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((res) => {
    proc.once('exit', () => res(undefined));
    proc.kill(signal);
  });
}
