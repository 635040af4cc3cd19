import type { Migration } from './migration';

/**
 * Monitoring backends. A Prometheus connection is a row of `connections` (kind
 * `prometheus`, settings in `options_json` like a registry's); this adds:
 *
 * - `monitoring_queries`: the PromQL templates and verdict settings of a connection
 *   (`model_name` = '') and each model's overrides of them, as JSON (validated on read and
 *   write; the keys are the named queries). Missing rows mean "the defaults".
 * - `monitoring_polls`: one row per model version per poll — the exact query sent, the
 *   evaluation time and the outcome, pointing at the drift history row it wrote. The drift
 *   row is the evidence; this is how to reproduce it and why a poll wrote nothing.
 */
export const monitoringMigration: Migration = {
  version: 6,
  name: 'monitoring',
  up(db) {
    db.exec(`
      CREATE TABLE monitoring_queries (
        connection_id INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        model_name TEXT NOT NULL DEFAULT '',
        settings_json TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (connection_id, model_name)
      );

      CREATE TABLE monitoring_polls (
        id INTEGER PRIMARY KEY,
        connection_id INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        registry_connection TEXT NOT NULL,
        model_name TEXT NOT NULL,
        model_version INTEGER NOT NULL,
        query TEXT NOT NULL,
        evaluated_at INTEGER NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('stored', 'no-data', 'error')),
        message TEXT NOT NULL,
        drift_run_id INTEGER REFERENCES drift_runs(id) ON DELETE SET NULL,
        polled_at INTEGER NOT NULL
      );
      CREATE INDEX monitoring_polls_by_model ON monitoring_polls(model_name, model_version, evaluated_at);
    `);
  },
};
