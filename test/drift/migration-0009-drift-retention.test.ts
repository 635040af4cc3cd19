import { afterAll, describe, expect, it } from 'vitest';
import { migrate, schemaVersionOf } from '../../electron/core/store/migrate';
import { MIGRATIONS } from '../../electron/core/store/migrations';
import { databaseAt } from '../helpers/migrations';
import { removeTempDirs } from '../helpers/temp';

afterAll(removeTempDirs);

describe('migration 9 (drift retention index)', () => {
  it('indexes the drift history of a schema-8 workspace by series without touching its rows', () => {
    const { db } = databaseAt(8);
    const insert = db.prepare(
      `INSERT INTO drift_runs (source, connection, model_name, model_version, window_end, computed_at, dataset_drift, drift_share,
        drift_share_threshold, drifted_features, tested_features, correction, engine_version, reference_digest, reproducibility_json)
       VALUES (?, 'reg', 'churn', 3, ?, ?, 0, 0.25, 0.5, 1, 4, 'none', 'prometheus 2.42.0', 'none', '{}')`,
    );
    insert.run('prometheus', 1_000, 1_010);
    insert.run('engine', 2_000, 2_010);
    const before = db.prepare('SELECT * FROM drift_runs ORDER BY id').all();

    migrate(db, MIGRATIONS, 9);
    expect(schemaVersionOf(db)).toBe(9);
    expect(db.prepare('SELECT * FROM drift_runs ORDER BY id').all()).toEqual(before);
    expect(
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'drift_runs' ORDER BY name").pluck().all(),
    ).toEqual(['drift_runs_by_model', 'drift_runs_by_series']);
    expect(db.prepare("SELECT name FROM pragma_index_info('drift_runs_by_series') ORDER BY seqno").pluck().all()).toEqual([
      'source',
      'connection',
      'model_name',
      'model_version',
      'window_end',
      'dataset_drift',
      'drift_share',
    ]);
    // What retention asks of every poll is answered from the index alone, not from the stored results' JSON.
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT connection, model_name, model_version, window_end, dataset_drift, drift_share FROM drift_runs
         WHERE source = 'prometheus' AND connection IS NOT NULL AND window_end < ?`,
      )
      .all(5_000) as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING COVERING INDEX drift_runs_by_series/);
    db.close();
  });
});
