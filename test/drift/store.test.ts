import { afterAll, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/create-core';
import { computeDrift } from '../../electron/core/drift/engine';
import { driftEvidence, listRuns, saveRun } from '../../electron/core/drift/store';
import { databaseAt } from '../helpers/migrations';
import { makeTempDir, removeTempDirs } from '../helpers/temp';
import { numeric, table, categorical } from './support/tables';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

afterAll(removeTempDirs);

describe('stored drift history', () => {
  it('round-trips a result, newest window first, and feeds governance evidence', async () => {
    const { db } = databaseAt(4);
    const ref = table(numeric('x', [1, 2, 3, 4, 5, 6, 7, 8]), categorical('c', ['a', 'b'], [0, 1, 0, 1, 0, 1, 0, 1]));
    const cur = table(numeric('x', [5, 6, 7, 8, 9, 10, 11, 12]), categorical('c', ['a', 'b', 'new'], [2, 2, 2, 1, 0, 1, 0, 2]));
    const result = await computeDrift(ref, cur, { parallel: 'never' });
    const subject = { source: 'engine' as const, connection: 'reg', model: 'churn', version: 3, windowStart: 100, computedAt: 500 };
    const first = saveRun(db, result, { ...subject, windowEnd: 200 });
    const second = saveRun(db, result, { ...subject, windowEnd: 300 });
    const runs = listRuns(db, { model: 'churn', version: 3, limit: 10 });
    expect(runs.map((r) => r.id)).toEqual([second, first]);
    const { features, ...rest } = runs[0] ?? { features: [] };
    expect(features).toEqual(result.features);
    expect(rest).toMatchObject({
      datasetDrift: result.datasetDrift,
      driftShare: result.driftShare,
      reproducibility: result.reproducibility,
    });
    expect(driftEvidence(db, { connection: 'reg', model: 'churn', version: 3 })).toEqual([
      { at: 200, driftShare: result.driftShare, datasetDrift: result.datasetDrift },
      { at: 300, driftShare: result.driftShare, datasetDrift: result.datasetDrift },
    ]);
    expect(listRuns(db, { model: 'other', limit: 10 })).toEqual([]);
    db.close();
  });

  it('drift.compute without a model computes, stores nothing and reports progress', async () => {
    const dir = makeTempDir('quorum-drift-op-');
    const core = createCore({ dataDir: dir, validateOutput: true });
    const events: string[] = [];
    core.events.onAny((event, payload) => events.push(`${event}:${(payload as { state?: string }).state ?? ''}`));
    try {
      const ref = join(dir, 'r.csv');
      const cur = join(dir, 'c.csv');
      writeFileSync(ref, 'x\n1\n2\n3\n4\n');
      writeFileSync(cur, 'x\n3\n4\n5\n6\n');
      const out = await core.dispatch('drift.compute', { reference: ref, current: cur });
      expect(out).toMatchObject({ ok: true, data: { runId: null, result: { testedFeatures: 1 } } });
      expect(events).toContain('job.progress:done');
      const bad = await core.dispatch('drift.compute', { reference: ref, current: join(dir, 'missing.csv') });
      expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      const notFound = await core.dispatch('drift.compute', { reference: ref, current: cur, model: { name: 'ghost', version: 1 } });
      expect(notFound).toMatchObject({ ok: false, error: { code: 'not_found' } });
      const listed = await core.dispatch('drift.results', {});
      expect(listed).toEqual({ ok: true, data: [] });
    } finally {
      core.close();
    }
  });
});
