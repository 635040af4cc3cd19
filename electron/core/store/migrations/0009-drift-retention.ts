import type { Migration } from './migration';

/**
 * Drift history retention (electron/core/drift/retention.ts) looks, after every poll, for the
 * Prometheus results of each series (connection, model, version) that may be thinned, and
 * walks a series' results in window order. This index serves both: the series in the order
 * crossings and the gate read them, with the verdict and drift share the search needs, so it
 * reads the index alone instead of every stored result's JSON. No data changes.
 */
export const driftRetentionMigration: Migration = {
  version: 9,
  name: 'drift-retention',
  up(db) {
    db.exec(`
      CREATE INDEX drift_runs_by_series ON drift_runs(source, connection, model_name, model_version, window_end, dataset_drift, drift_share);
    `);
  },
};
