import { afterEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersionOf } from '../../electron/core/store/migrate';
import { MIGRATIONS } from '../../electron/core/store/migrations';
import { DEFAULT_SETTINGS, parseSettings } from '../../electron/core/registry/settings';
import { RegistryStore } from '../../electron/core/registry/store';
import { columnsOf, indexNames, tableNames } from '../helpers/db-dump';
import { databaseAt } from '../helpers/migrations';
import { removeTempDirs } from '../helpers/temp';

/** Migration 2 adds registry sync state; its N-1 is a catalog workspace (schema 1) with data. */
describe('migration 2 (registry sync)', () => {
  afterEach(removeTempDirs);

  it('adds sync state, the sync log and the metric cache, keeping the catalog as it was', () => {
    const { db } = databaseAt(1);
    db.prepare("INSERT INTO connections (name, kind, url, created_at, status) VALUES ('prod', 'mlflow', 'http://mlflow', 1, 'ok')").run();
    db.prepare("INSERT INTO registered_models (connection_id, name, created_at, last_updated_at) VALUES (1, 'm', 1, 2)").run();
    db.prepare(
      "INSERT INTO runs (connection_id, run_id, experiment_id, status, lifecycle_stage) VALUES (1, 'r1', '1', 'RUNNING', 'active')",
    ).run();
    const tablesBefore = tableNames(db);

    expect(migrate(db, MIGRATIONS, 2)).toBe(2);
    expect(schemaVersionOf(db)).toBe(2);
    expect(tableNames(db)).toEqual([...tablesBefore, 'registry_sync_log', 'registry_sync_state', 'run_metric_history'].sort());
    expect(indexNames(db)).toEqual(expect.arrayContaining(['registry_sync_log_by_connection', 'runs_by_status']));
    expect(columnsOf(db, 'registry_sync_state')).toEqual([
      'connection_id',
      'cursor_json',
      'needs_full',
      'last_success_at',
      'last_full_sync_at',
      'server_version',
      'features_json',
      'tested_at',
      'counts_json',
    ]);
    expect(db.prepare('SELECT name, url, status, options_json FROM connections').all()).toEqual([
      { name: 'prod', url: 'http://mlflow', status: 'ok', options_json: '{}' },
    ]);
    expect(db.prepare('SELECT count(*) AS n FROM registered_models').get()).toEqual({ n: 1 });

    // A connection from before has no sync state yet: its first sync is a full one, with default settings.
    const store = new RegistryStore(db);
    expect(store.state(1)).toMatchObject({ needsFull: true, cursor: null, lastSuccessAt: null });
    expect(store.require('prod').settings).toEqual(DEFAULT_SETTINGS);
    expect(store.known(1).openRunIds()).toEqual(['r1']);
    db.close();
  });

  it('reads settings it cannot parse as the defaults rather than failing', () => {
    expect(parseSettings('not json')).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings('{"writeBack": true}')).toEqual({ ...DEFAULT_SETTINGS, writeBack: true });
    expect(parseSettings('{"auth": {"kind": "bearer", "token": "plain-secret"}}')).toEqual(DEFAULT_SETTINGS);
  });
});
