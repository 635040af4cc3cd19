import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuorumNotification } from '@shared/contract/events';
import { driftRunSchema, type DriftRun } from '@shared/domain/drift';
import { createCore, type Core } from '../../electron/core/create-core';
import { demoDriftLoaded, readDriftHistory } from '../../electron/core/demo/load-drift';
import { listDriftCrossings } from '../../electron/core/drift/crossings';
import { defaultResourcesDir } from '../../electron/core/resources';
import { makeTempDir, removeTempDirs } from '../helpers/temp';

/*
 * The demo shows what the drift page draws: every stored window, recorded or computed, has
 * its distributions; card-fraud-blocker v4 crosses its threshold once (2026-11-07) and that
 * is announced when the demo loads; credit-approval-scorer never crosses.
 */

let core: Core;
const notices: QuorumNotification[] = [];

beforeAll(async () => {
  core = createCore({ dataDir: makeTempDir('quorum-drift-demo-'), workspaceKind: 'demo', validateOutput: true });
  // The drift history loads after the governance replay, asynchronously: this sees all of it.
  core.events.onAny((event, payload) => {
    if (event === 'notification') notices.push(payload as QuorumNotification);
  });
  await demoDriftLoaded(core.services);
}, 60_000);

afterAll(() => {
  core.close();
  removeTempDirs();
});

async function results(model: string): Promise<DriftRun[]> {
  const out = await core.dispatch('drift.results', { model, version: 4, limit: 1000 });
  if (!out.ok) throw new Error(out.error.message);
  return driftRunSchema.array().parse(out.data);
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

describe('the demo drift', () => {
  it('has distributions for every feature of every window, counts adding up to the samples', async () => {
    const history = readDriftHistory(defaultResourcesDir());
    for (const model of history.models) {
      const runs = await results(model.model);
      expect(runs).toHaveLength(model.days.length + 1);
      for (const run of runs) {
        for (const f of run.features) {
          const d = f.distribution;
          if (!d) throw new Error(`${model.model} ${run.windowEnd} ${f.name}: no distribution`);
          const other = d.binning === 'values' ? d.other : null;
          expect(sum(d.reference) + (other?.reference ?? 0), `${model.model} ${f.name}`).toBe(f.referenceRows);
          expect(sum(d.current) + (other?.current ?? 0), `${model.model} ${f.name}`).toBe(f.currentRows);
        }
      }
      // Nothing in the demo's lineage holds the reference samples' bytes; the page says so and links the version's lineage.
      expect(runs[0]?.referenceLineage).toEqual({ status: 'not-in-lineage', node: null, matches: 0 });
    }
  });

  it('crosses once, for the drifting champion, and loads that history without announcing it', () => {
    const crossings = listDriftCrossings(core.store.db);
    expect(crossings).toEqual([
      {
        id: expect.stringMatching(/^drift-run:\d+$/),
        subject: { connection: 'northwind-mlflow', model: 'card-fraud-blocker', version: 4 },
        at: Date.parse('2026-11-08T00:00:00.000Z'),
        source: 'engine',
        detail: expect.stringMatching(/^\d+ of 10 features drifted; worst: \w+ \((Wasserstein|Jensen–Shannon) [\d.]+ ≥ 0\.1\)$/),
      },
    ]);
    expect(notices).toEqual([]);
  });
});
