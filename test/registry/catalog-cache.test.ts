import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cachedModels } from '../../electron/core/catalog/queries';
import { openWorkspaceStore } from '../../electron/core/store/open-store';
import { makeTempDir, removeTempDirs } from '../helpers/temp';

/** The Models list cache (see cachedModels): reused while nothing changed, rebuilt after any write, from any connection. */
describe('cached model summaries', () => {
  afterEach(removeTempDirs);

  it('is reused until this connection or another one writes', () => {
    const store = openWorkspaceStore({ dataDir: makeTempDir('quorum-cache-') });
    const db = store.db;
    db.prepare("INSERT INTO connections (name, kind, url, created_at) VALUES ('c', 'mlflow', 'http://c', 0)").run();
    db.prepare("INSERT INTO registered_models (connection_id, name, created_at, last_updated_at) VALUES (1, 'a', 1, 1)").run();
    const first = cachedModels(db);
    expect(first.map((m) => m.name)).toEqual(['a']);
    expect(cachedModels(db)).toBe(first);

    db.prepare("INSERT INTO registered_models (connection_id, name, created_at, last_updated_at) VALUES (1, 'b', 1, 1)").run();
    expect(cachedModels(db).map((m) => m.name)).toEqual(['a', 'b']);

    // Another connection to the same file (a CLI sync beside the running app).
    const other = new Database(store.path);
    other.prepare('UPDATE registered_models SET tags_json = \'[{"key":"risk_tier","value":"high"}]\' WHERE name = \'a\'').run();
    other.close();
    expect(cachedModels(db).find((m) => m.name === 'a')?.riskTier).toBe('high');
    store.close();
  });
});
