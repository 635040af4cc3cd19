import type { Migration } from './migration';

/**
 * The model catalog: what registries told us, keyed by connection so several
 * registries share one catalog. Rows deleted on the server are marked, never dropped,
 * so history keeps them. Tags, params and metrics are JSON: they are read whole per
 * entity and their keys are open-ended.
 */
export const catalogMigration: Migration = {
  version: 1,
  name: 'catalog',
  up(db) {
    db.exec(`
      CREATE TABLE connections (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        url TEXT NOT NULL,
        options_json TEXT NOT NULL DEFAULT '{}',
        created_at INTEGER NOT NULL,
        last_sync_at INTEGER,
        status TEXT NOT NULL DEFAULT 'never-synced',
        status_message TEXT
      );

      CREATE TABLE experiments (
        connection_id INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        experiment_id TEXT NOT NULL,
        name TEXT NOT NULL,
        lifecycle_stage TEXT NOT NULL,
        tags_json TEXT NOT NULL DEFAULT '[]',
        created_at INTEGER,
        last_updated_at INTEGER,
        PRIMARY KEY (connection_id, experiment_id)
      );

      CREATE TABLE runs (
        connection_id INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        run_id TEXT NOT NULL,
        experiment_id TEXT NOT NULL,
        run_name TEXT,
        user_id TEXT,
        status TEXT NOT NULL,
        start_time INTEGER,
        end_time INTEGER,
        lifecycle_stage TEXT NOT NULL,
        params_json TEXT NOT NULL DEFAULT '[]',
        metrics_json TEXT NOT NULL DEFAULT '[]',
        tags_json TEXT NOT NULL DEFAULT '[]',
        inputs_json TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (connection_id, run_id)
      );

      CREATE TABLE registered_models (
        connection_id INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        last_updated_at INTEGER NOT NULL,
        tags_json TEXT NOT NULL DEFAULT '[]',
        aliases_json TEXT NOT NULL DEFAULT '[]',
        deleted_on_server_at INTEGER,
        PRIMARY KEY (connection_id, name)
      );

      CREATE TABLE model_versions (
        connection_id INTEGER NOT NULL,
        model_name TEXT NOT NULL,
        version INTEGER NOT NULL,
        status TEXT NOT NULL,
        stage TEXT NOT NULL DEFAULT 'None',
        source TEXT,
        run_id TEXT,
        user_id TEXT,
        description TEXT NOT NULL DEFAULT '',
        tags_json TEXT NOT NULL DEFAULT '[]',
        aliases_json TEXT NOT NULL DEFAULT '[]',
        created_at INTEGER NOT NULL,
        last_updated_at INTEGER NOT NULL,
        deleted_on_server_at INTEGER,
        PRIMARY KEY (connection_id, model_name, version),
        FOREIGN KEY (connection_id, model_name) REFERENCES registered_models(connection_id, name) ON DELETE CASCADE
      );
      CREATE INDEX model_versions_by_run ON model_versions(connection_id, run_id);

      CREATE TABLE observed_changes (
        id INTEGER PRIMARY KEY,
        connection_id INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        model_name TEXT NOT NULL,
        version INTEGER,
        kind TEXT NOT NULL,
        subject TEXT,
        from_value TEXT,
        to_value TEXT,
        observed_at INTEGER NOT NULL
      );
      CREATE INDEX observed_changes_by_model ON observed_changes(connection_id, model_name, observed_at);
    `);
  },
};
