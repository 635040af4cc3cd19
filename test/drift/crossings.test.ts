import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationOutput } from '@shared/contract';
import type { QuorumNotification } from '@shared/contract/events';
import { driftRunSchema } from '@shared/domain/drift';
import { versionPath } from '../../renderer/src/app/routes';
import { createCore, type Core } from '../../electron/core/create-core';
import type { DriftCrossingSource } from '../../electron/core/drift/crossing';
import { crossingSeverity, driftCrossingSource, listDriftCrossings } from '../../electron/core/drift/crossings';
import { computeDrift } from '../../electron/core/drift/engine';
import { listRuns, saveRun, type RunSubject } from '../../electron/core/drift/store';
import type { DatasetDriftResult } from '../../electron/core/drift/types';
import { driftResultFromScores } from '../../electron/core/monitoring/drift-record';
import { makeTempDir, removeTempDirs } from '../helpers/temp';
import { loadMlflow, MLFLOW_CONNECTION } from '../lineage/helpers';
import { numericSample, Rng } from './support/random';
import { numeric, table } from './support/tables';

/*
 * Threshold crossings: a result with dataset drift whose predecessor (same model version,
 * same source, previous window) had none. Governance reads them as findings; the core
 * announces each once as a `notification` push event when it is stored.
 */

const DAY = 86_400_000;
const rng = new Rng(11);
const sample = (mean: number) => numericSample(rng, { n: 1500, mean });

let ok: DatasetDriftResult;
let drift: DatasetDriftResult;
let allDrift: DatasetDriftResult;

beforeAll(async () => {
  // > 1,000 reference rows: normed Wasserstein, so the worst feature is the largest distance.
  const reference = table(numeric('income', sample(0)), numeric('age', sample(0)), numeric('tenure', sample(0)));
  ok = await computeDrift(reference, table(numeric('income', sample(0)), numeric('age', sample(0)), numeric('tenure', sample(0))), {
    parallel: 'never',
  });
  drift = await computeDrift(reference, table(numeric('income', sample(2)), numeric('age', sample(0.5)), numeric('tenure', sample(0))), {
    parallel: 'never',
  });
  allDrift = await computeDrift(reference, table(numeric('income', sample(2)), numeric('age', sample(1)), numeric('tenure', sample(1))), {
    parallel: 'never',
  });
  expect([ok.datasetDrift, drift.datasetDrift, allDrift.datasetDrift]).toEqual([false, true, true]);
  expect(drift.driftedFeatures).toBe(2);
});

afterAll(removeTempDirs);

interface Workspace {
  core: Core;
  notices: QuorumNotification[];
  save(result: DatasetDriftResult, day: number, over?: Partial<RunSubject>): number;
}

const workspaces: Core[] = [];
afterAll(() => {
  for (const core of workspaces) core.close();
});

function workspace(): Workspace {
  const core = createCore({ dataDir: makeTempDir('quorum-drift-crossings-'), validateOutput: true });
  workspaces.push(core);
  const notices: QuorumNotification[] = [];
  core.events.onAny((event, payload) => {
    if (event === 'notification') notices.push(payload as QuorumNotification);
  });
  const save = (result: DatasetDriftResult, day: number, over: Partial<RunSubject> = {}) =>
    saveRun(core.store.db, result, {
      source: 'engine',
      connection: 'reg',
      model: 'churn',
      version: 3,
      windowStart: day * DAY,
      windowEnd: (day + 1) * DAY,
      computedAt: (day + 1) * DAY + 60_000,
      ...over,
    });
  return { core, notices, save };
}

describe('drift threshold crossings', () => {
  it('ok → drift → drift → ok → drift is two crossings, each announced once, naming the worst feature', () => {
    const { core, notices, save } = workspace();
    const ids = [ok, drift, drift, ok, drift].map((result, day) => save(result, day));
    const source: DriftCrossingSource = driftCrossingSource(core.store.db);
    const crossings = source();
    expect(crossings.map((c) => c.id)).toEqual([`drift-run:${ids[1]}`, `drift-run:${ids[4]}`]);
    expect(crossings[0]).toEqual({
      id: `drift-run:${ids[1]}`,
      subject: { connection: 'reg', model: 'churn', version: 3 },
      at: 2 * DAY + 60_000,
      source: 'engine',
      detail: expect.stringMatching(/^2 of 3 features drifted; worst: income \(Wasserstein \d+(\.\d+)? ≥ 0\.1\)$/),
    });
    expect(notices.map((n) => n.id)).toEqual(crossings.map((c) => c.id));
    expect(notices[0]).toMatchObject({
      kind: 'drift.threshold',
      severity: 'warning',
      title: 'churn v3 crossed its drift threshold',
      body: expect.stringContaining(crossings[0]?.detail ?? '?'),
      // The same address the renderer's router writes for the version page's Drift tab.
      route: versionPath('reg', 'churn', 3, 'drift'),
    });
    // Reading again announces nothing and finds the same crossings.
    expect(listDriftCrossings(core.store.db)).toEqual(crossings);
    expect(notices).toHaveLength(2);
  });

  it('is critical when the drifted share is well past the threshold', () => {
    const { notices, save } = workspace();
    save(ok, 0);
    save(allDrift, 1);
    expect(notices.map((n) => n.severity)).toEqual(['critical']);
    expect([crossingSeverity(0.5, 0.5), crossingSeverity(0.7, 0.5), crossingSeverity(0.75, 0.5), crossingSeverity(0.3, 0.2)]).toEqual([
      'warning',
      'warning',
      'critical',
      'warning',
    ]);
  });

  it('never crosses without a subject: no connection, no model or no version', () => {
    const { core, notices, save } = workspace();
    save(drift, 0, { connection: null });
    save(drift, 1, { model: null, version: null });
    save(drift, 2, { version: null });
    expect(listDriftCrossings(core.store.db)).toEqual([]);
    expect(notices).toEqual([]);
    // The first result with a subject is a crossing: nothing before it counts.
    save(drift, 3);
    expect(listDriftCrossings(core.store.db)).toHaveLength(1);
  });

  it('follows each source and model version on its own', () => {
    const { core, notices, save } = workspace();
    save(drift, 0);
    save(drift, 0, { version: 4 });
    const prometheus = driftResultFromScores(
      [
        { feature: 'income', score: 0.4, method: 'psi' },
        { feature: 'age', score: 0.02, method: 'psi' },
      ],
      { driftThreshold: 0.1, driftShare: 0.5 },
      {
        backend: 'prometheus',
        connection: 'prom',
        url: 'http://prom.test',
        serverVersion: null,
        query: 'q',
        evaluatedAt: DAY,
        warnings: [],
      },
      [],
    );
    // Prometheus results go through the same saveRun monitoring calls.
    save(prometheus, 1, { source: 'prometheus', windowStart: null });
    save(prometheus, 2, { source: 'prometheus', windowStart: null });
    const crossings = listDriftCrossings(core.store.db);
    expect(crossings.map((c) => [c.source, c.subject.version])).toEqual([
      ['engine', 3],
      ['engine', 4],
      ['prometheus', 3],
    ]);
    expect(crossings[2]?.detail).toBe('1 of 2 features drifted; worst: income (PSI 0.4 ≥ 0.1)');
    expect(notices).toHaveLength(3);
  });

  it('lists a crossing stored into the past but does not announce it: it is not the current state', () => {
    const { core, notices, save } = workspace();
    save(ok, 5);
    save(ok, 6);
    const backfilled = save(drift, 1);
    expect(listDriftCrossings(core.store.db).map((c) => c.id)).toEqual([`drift-run:${backfilled}`]);
    expect(notices).toEqual([]);
  });

  it('Prometheus results have no distributions and still read back through the contract', () => {
    const { core, save } = workspace();
    const prometheus = driftResultFromScores(
      [{ feature: 'income', score: 0.4, method: 'psi' }],
      { driftThreshold: 0.1, driftShare: 0.5 },
      {
        backend: 'prometheus',
        connection: 'prom',
        url: 'http://prom.test',
        serverVersion: '2.53',
        query: 'q',
        evaluatedAt: DAY,
        warnings: [],
      },
      [],
    );
    save(prometheus, 0, { source: 'prometheus' });
    save(drift, 1);
    const [engineRun, prometheusRun] = listRuns(core.store.db, { limit: 10 }).map((r) => driftRunSchema.parse(r));
    expect(prometheusRun?.features.map((f) => f.distribution)).toEqual([undefined]);
    expect(prometheusRun?.referenceLineage).toEqual({ status: 'no-reference', node: null, matches: 0 });
    expect(engineRun?.features.every((f) => f.distribution !== undefined)).toBe(true);
  });

  it('announces a crossing stored by drift.compute, the engine’s path', async () => {
    const { core, notices } = workspace();
    loadMlflow(core);
    const dir = makeTempDir('quorum-drift-crossing-files-');
    const csv = (name: string, mean: number) => {
      const path = join(dir, name);
      writeFileSync(path, `x\n${Array.from(numericSample(rng, { n: 300, mean, decimals: 3 })).join('\n')}\n`);
      return path;
    };
    const reference = csv('ref.csv', 0);
    const model = { name: 'fraud-detector', version: 3 };
    const compute = async (current: string, day: number) => {
      const out = await core.dispatch('drift.compute', { reference, current, model, windowStart: day * DAY, windowEnd: (day + 1) * DAY });
      if (!out.ok) throw new Error(out.error.message);
      return out.data as OperationOutput<'drift.compute'>;
    };
    const first = await compute(csv('same.csv', 0), 0);
    expect(first.result.datasetDrift).toBe(false);
    const second = await compute(csv('moved.csv', 1.5), 1);
    expect(second.result.datasetDrift).toBe(true);
    await compute(csv('still.csv', 1.5), 2);
    expect(notices).toEqual([
      expect.objectContaining({
        id: `drift-run:${second.runId}`,
        kind: 'drift.threshold',
        severity: 'critical',
        route: versionPath(MLFLOW_CONNECTION, 'fraud-detector', 3, 'drift'),
      }),
    ]);
    expect(notices[0]?.body).toMatch(/^1 of 1 feature drifted; worst: x \(KS p [\d.e-]+ ≤ 0\.05\)\./);
  });
});
