import { afterAll, describe, expect, it } from 'vitest';
import { migrate, schemaVersionOf } from '../../electron/core/store/migrate';
import { MIGRATIONS } from '../../electron/core/store/migrations';
import { databaseAt } from '../helpers/migrations';
import { removeTempDirs } from '../helpers/temp';

afterAll(removeTempDirs);

describe('migration 4 (drift)', () => {
  it('adds the drift tables to a schema-3 workspace without touching its data', () => {
    const { db } = databaseAt(3);
    db.prepare("INSERT INTO connections (name, kind, url, created_at) VALUES ('reg', 'mlflow', 'http://x', 1)").run();
    migrate(db, MIGRATIONS, 4);
    expect(schemaVersionOf(db)).toBe(4);
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'drift_%' ORDER BY name").all() as { name: string }[]
    ).map((r) => r.name);
    expect(tables).toEqual(['drift_features', 'drift_runs']);
    expect(db.prepare('SELECT count(*) AS n FROM connections').get()).toEqual({ n: 1 });
    // A feature row cannot outlive its run.
    db.prepare(
      `INSERT INTO drift_runs (source, window_end, computed_at, dataset_drift, drift_share, drift_share_threshold, drifted_features,
        tested_features, correction, engine_version, reference_digest, reproducibility_json) VALUES ('engine', 1, 1, 0, 0, 0.5, 0, 1, 'none', '1.0.0', 'sha256:x', '{}')`,
    ).run();
    db.prepare(
      `INSERT INTO drift_features (run_id, position, name, type, method, threshold, drifted, tested, reference_rows, current_rows,
        reference_missing, current_missing, detail_json) VALUES (1, 0, 'x', 'numeric', 'ks', 0.05, 0, 1, 1, 1, 0, 0, '{}')`,
    ).run();
    db.prepare('DELETE FROM drift_runs').run();
    expect(db.prepare('SELECT count(*) AS n FROM drift_features').get()).toEqual({ n: 0 });
    expect(() =>
      db
        .prepare(
          "INSERT INTO drift_runs (source, window_end, computed_at, dataset_drift, drift_share, drift_share_threshold, drifted_features, tested_features, correction, engine_version, reference_digest, reproducibility_json) VALUES ('guess', 1, 1, 0, 0, 0.5, 0, 1, 'none', '1', 'x', '{}')",
        )
        .run(),
    ).toThrow(/CHECK/);
    db.close();
  });
});
