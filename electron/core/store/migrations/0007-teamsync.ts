import type { Migration } from './migration';

/**
 * Team sync's local tables. Nothing here is governance state: the ledger stays in
 * `ledger_events`, and pulled events enter it only after verification.
 *
 * - `teamsync_settings`: the team database this workspace syncs with — URL without any
 *   password, CA file path, a credential *reference* (`env:VAR` / `secret:NAME`), the team
 *   workspace id (the genesis event's id). Never a secret.
 * - `teamsync_remote`: ledger events known to be on the team database (pushed by us, or
 *   pulled). The offline queue is every `ledger_events` row without a row here, so it
 *   survives restarts and a push interrupted anywhere is simply re-sent (idempotent by id).
 * - `teamsync_cursor`: the highest server `seq` pulled and settled; advanced in the same
 *   SQLite transaction that stores what was pulled, so a pull resumes without loss or doubling.
 * - `teamsync_quarantine`: pulled rows that failed verification: kept verbatim, shown, never
 *   applied. `retryable` rows (waiting for a parent, dated in the future) are tried again.
 */
export const teamsyncMigration: Migration = {
  version: 7,
  name: 'teamsync',
  up(db) {
    db.exec(`
      CREATE TABLE teamsync_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE teamsync_remote (
        id TEXT PRIMARY KEY,
        server_seq INTEGER
      );
      CREATE TABLE teamsync_cursor (
        workspace TEXT PRIMARY KEY,
        server_seq INTEGER NOT NULL
      );
      CREATE TABLE teamsync_quarantine (
        key TEXT PRIMARY KEY,
        id TEXT NOT NULL,
        server_seq INTEGER,
        kind TEXT,
        author TEXT,
        canonical TEXT NOT NULL,
        signature TEXT NOT NULL,
        problem TEXT NOT NULL,
        reason TEXT NOT NULL,
        retryable INTEGER NOT NULL DEFAULT 0,
        detected_at INTEGER NOT NULL
      );
      CREATE INDEX teamsync_quarantine_by_id ON teamsync_quarantine(id);
    `);
  },
};
