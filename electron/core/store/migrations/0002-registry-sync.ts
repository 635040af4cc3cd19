import type { Migration } from './migration';

/**
 * Registry sync state. A connection's settings (credential references, TLS, write-back,
 * schedule) live in `connections.options_json` from migration 1; this adds what a sync
 * needs to resume and to explain itself:
 *
 * - `registry_sync_state`: one row per connection — the connector's cursor after the last
 *   complete sync (only advanced when a sync completes, so a failed one is redone), whether
 *   a full listing is still owed, and what "Test connection" found.
 * - `registry_sync_log`: one row per sync of a connection, for Settings and `quorum doctor`.
 * - `run_metric_history`: metric curves fetched on demand for charts, kept once a run has
 *   ended so they still show when the server is unreachable.
 */
export const registrySyncMigration: Migration = {
  version: 2,
  name: 'registry-sync',
  up(db) {
    db.exec(`
      CREATE TABLE registry_sync_state (
        connection_id INTEGER PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
        cursor_json TEXT,
        needs_full INTEGER NOT NULL DEFAULT 1,
        last_success_at INTEGER,
        last_full_sync_at INTEGER,
        server_version TEXT,
        features_json TEXT,
        tested_at INTEGER,
        counts_json TEXT NOT NULL DEFAULT '{}'
      );

      CREATE TABLE registry_sync_log (
        id INTEGER PRIMARY KEY,
        connection_id INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        job_id TEXT NOT NULL,
        mode TEXT NOT NULL,
        outcome TEXT NOT NULL,
        message TEXT NOT NULL,
        counts_json TEXT NOT NULL DEFAULT '{}',
        started_at INTEGER NOT NULL,
        finished_at INTEGER NOT NULL
      );
      CREATE INDEX registry_sync_log_by_connection ON registry_sync_log(connection_id, started_at);

      CREATE TABLE run_metric_history (
        connection_id INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        run_id TEXT NOT NULL,
        metric_key TEXT NOT NULL,
        points_json TEXT NOT NULL,
        fetched_at INTEGER NOT NULL,
        PRIMARY KEY (connection_id, run_id, metric_key)
      );

      -- An incremental sync re-reads the runs still open (RUNNING, SCHEDULED) on each connection.
      CREATE INDEX runs_by_status ON runs(connection_id, status);
    `);
  },
};
