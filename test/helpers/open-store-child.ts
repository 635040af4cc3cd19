// Child process: tries to open the workspace of a data directory and prints the outcome as
// one JSON line. Used where the test needs another user (read-only directories as root)
// or another process. usage: open-store-child.ts <data-dir>
import { isQuorumError } from '../../electron/core/errors';
import { openWorkspaceStore } from '../../electron/core/store/open-store';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: open-store-child.ts <data-dir>');
try {
  const store = openWorkspaceStore({ dataDir, busyTimeoutMs: 200 });
  process.stdout.write(`${JSON.stringify({ ok: true, schemaVersion: store.schemaVersion })}\n`);
  store.close();
} catch (error) {
  process.stdout.write(
    `${JSON.stringify(
      isQuorumError(error)
        ? { ok: false, code: error.code, message: error.message }
        : { ok: false, code: 'unexpected', message: String(error) },
    )}\n`,
  );
}
