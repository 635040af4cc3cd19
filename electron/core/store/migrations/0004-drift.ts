import type { Migration } from './migration';

/**
 * Drift history: one row per computed (or monitored) result, per model version and time
 * window, and one row per feature with the numbers that make it reproducible. The model
 * is identified by name and version, with its connection when the catalog knows it; no
 * foreign key to the catalog, because monitoring may report a version before a sync has
 * seen it, and history must outlive a model deleted on the server.
 */
export const driftMigration: Migration = {
  version: 4,
  name: 'drift',
  up(db) {
    db.exec(`
      CREATE TABLE drift_runs (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL CHECK (source IN ('engine', 'prometheus')),
        connection TEXT,
        model_name TEXT,
        model_version INTEGER,
        window_start INTEGER,
        window_end INTEGER NOT NULL,
        computed_at INTEGER NOT NULL,
        dataset_drift INTEGER NOT NULL,
        drift_share REAL NOT NULL,
        drift_share_threshold REAL NOT NULL,
        drifted_features INTEGER NOT NULL,
        tested_features INTEGER NOT NULL,
        correction TEXT NOT NULL,
        engine_version TEXT NOT NULL,
        reference_digest TEXT NOT NULL,
        current_digest TEXT,
        reproducibility_json TEXT NOT NULL,
        warnings_json TEXT NOT NULL DEFAULT '[]'
      );
      CREATE INDEX drift_runs_by_model ON drift_runs(model_name, model_version, window_end);

      CREATE TABLE drift_features (
        run_id INTEGER NOT NULL REFERENCES drift_runs(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        method TEXT NOT NULL,
        statistic REAL,
        p_value REAL,
        p_value_adjusted REAL,
        threshold REAL NOT NULL,
        drifted INTEGER NOT NULL,
        tested INTEGER NOT NULL,
        psi REAL,
        reference_rows INTEGER NOT NULL,
        current_rows INTEGER NOT NULL,
        reference_missing INTEGER NOT NULL,
        current_missing INTEGER NOT NULL,
        detail_json TEXT NOT NULL,
        PRIMARY KEY (run_id, name)
      );
    `);
  },
};
