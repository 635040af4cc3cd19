import { afterEach, describe, expect, it } from 'vitest';
import { QUORUM_APPLICATION_ID, migrate, schemaVersionOf } from '../../../electron/core/store/migrate';
import { MIGRATIONS } from '../../../electron/core/store/migrations';
import { columnsOf, indexNames, tableNames } from '../../helpers/db-dump';
import { databaseAt } from '../../helpers/migrations';
import { removeTempDirs } from '../../helpers/temp';

/** Migration 1 creates the catalog; its N-1 is the empty database a first start sees. */
describe('migration 1 (catalog)', () => {
  afterEach(removeTempDirs);

  it('turns an empty database into a Quorum workspace at schema 1', () => {
    const { db } = databaseAt(0);
    expect(schemaVersionOf(db)).toBe(0);
    expect(tableNames(db)).toEqual([]);
    expect(db.pragma('application_id', { simple: true })).toBe(0);

    expect(migrate(db, MIGRATIONS, 1)).toBe(1);

    expect(schemaVersionOf(db)).toBe(1);
    expect(db.pragma('application_id', { simple: true })).toBe(QUORUM_APPLICATION_ID);
    expect(tableNames(db)).toEqual(['connections', 'experiments', 'model_versions', 'observed_changes', 'registered_models', 'runs']);
    expect(indexNames(db)).toEqual(['model_versions_by_run', 'observed_changes_by_model']);
    expect(columnsOf(db, 'connections')).toEqual([
      'id',
      'name',
      'kind',
      'url',
      'options_json',
      'created_at',
      'last_sync_at',
      'status',
      'status_message',
    ]);
    expect(columnsOf(db, 'registered_models')).toEqual([
      'connection_id',
      'name',
      'description',
      'created_at',
      'last_updated_at',
      'tags_json',
      'aliases_json',
      'deleted_on_server_at',
    ]);
    expect(columnsOf(db, 'model_versions')).toEqual([
      'connection_id',
      'model_name',
      'version',
      'status',
      'stage',
      'source',
      'run_id',
      'user_id',
      'description',
      'tags_json',
      'aliases_json',
      'created_at',
      'last_updated_at',
      'deleted_on_server_at',
    ]);
    expect(columnsOf(db, 'observed_changes')).toEqual([
      'id',
      'connection_id',
      'model_name',
      'version',
      'kind',
      'subject',
      'from_value',
      'to_value',
      'observed_at',
    ]);
    expect(columnsOf(db, 'runs')).toContain('inputs_json');
    expect(columnsOf(db, 'experiments')).toContain('lifecycle_stage');

    const versionKeys = db.prepare('SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list(?)').all('model_versions');
    expect(versionKeys).toEqual([
      { table: 'registered_models', from: 'connection_id', to: 'connection_id', on_delete: 'CASCADE' },
      { table: 'registered_models', from: 'model_name', to: 'name', on_delete: 'CASCADE' },
    ]);
    for (const table of ['experiments', 'runs', 'registered_models', 'observed_changes']) {
      expect(db.prepare('SELECT "table", on_delete FROM pragma_foreign_key_list(?)').all(table)).toEqual([
        { table: 'connections', on_delete: 'CASCADE' },
      ]);
    }
    db.close();
  });

  it('holds representative catalog rows with their defaults and constraints', () => {
    const { db } = databaseAt(0);
    migrate(db, MIGRATIONS, 1);

    const connection = db
      .prepare("INSERT INTO connections (name, kind, url, created_at) VALUES ('prod', 'mlflow', 'http://mlflow:5000', 100)")
      .run().lastInsertRowid;
    expect(db.prepare('SELECT status, options_json, last_sync_at FROM connections').get()).toEqual({
      status: 'never-synced',
      options_json: '{}',
      last_sync_at: null,
    });
    db.prepare('INSERT INTO registered_models (connection_id, name, created_at, last_updated_at) VALUES (?, ?, 1, 2)').run(
      connection,
      'fraud-detector',
    );
    db.prepare(
      "INSERT INTO model_versions (connection_id, model_name, version, status, created_at, last_updated_at) VALUES (?, 'fraud-detector', 1, 'READY', 1, 2)",
    ).run(connection);
    db.prepare(
      "INSERT INTO observed_changes (connection_id, model_name, version, kind, observed_at) VALUES (?, 'fraud-detector', 1, 'version-created', 3)",
    ).run(connection);
    expect(db.prepare('SELECT description, tags_json, aliases_json, deleted_on_server_at FROM registered_models').get()).toEqual({
      description: '',
      tags_json: '[]',
      aliases_json: '[]',
      deleted_on_server_at: null,
    });
    expect(db.prepare('SELECT stage, description, tags_json FROM model_versions').get()).toEqual({
      stage: 'None',
      description: '',
      tags_json: '[]',
    });

    // Names are unique, versions need their model, and a model needs its connection.
    expect(() =>
      db.prepare("INSERT INTO connections (name, kind, url, created_at) VALUES ('prod', 'mlflow', 'http://other', 1)").run(),
    ).toThrow(/UNIQUE/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO model_versions (connection_id, model_name, version, status, created_at, last_updated_at) VALUES (?, 'no-such-model', 1, 'READY', 1, 1)",
        )
        .run(connection),
    ).toThrow(/FOREIGN KEY/);
    expect(db.pragma('foreign_key_check')).toEqual([]);

    // Removing a connection removes everything it brought in.
    db.prepare('DELETE FROM connections WHERE id = ?').run(connection);
    for (const table of ['registered_models', 'model_versions', 'observed_changes']) {
      expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBe(0);
    }
    db.close();
  });
});
