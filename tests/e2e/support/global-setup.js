// Starts one shared server for the whole run (fresh data directory, a port
// chosen by the OS) and tells the tests where it is through a JSON file
// named in $RT_E2E_STATE. The returned function stops it.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshDataDir, repoRoot, serverBinary, startServer } from './server.js';

export default async function globalSetup() {
  const bin = serverBinary();
  const data = freshDataDir();
  // The server's own log (no personal data by design), for failed runs.
  const logDir = join(repoRoot, 'target');
  mkdirSync(logDir, { recursive: true });
  const server = await startServer({ data, bin, log: join(logDir, 'e2e-server.log') });
  const stateFile = join(data, 'e2e-state.json');
  writeFileSync(
    stateFile,
    JSON.stringify({ url: server.url, organiserLink: server.organiserLink, organiserToken: server.organiserToken, bin }),
  );
  process.env.RT_E2E_STATE = stateFile;
  return async () => {
    await server.stop();
    rmSync(data, { recursive: true, force: true });
  };
}
