import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driftOperations } from '@shared/contract/drift.contract';
import { createCore, type Core } from '../../electron/core/create-core';
import { DEMO_HISTORY_ENGINE, demoDriftLoaded, loadDemoDrift, readDriftHistory } from '../../electron/core/demo/load-drift';
import { DRIFT_ENGINE_VERSION } from '../../electron/core/drift/version';
import { defaultResourcesDir } from '../../electron/core/resources';

/**
 * The demo's drift, loaded when a demo workspace is opened: the recorded daily history plus
 * the latest window computed from the CSV samples by the engine, read back through the
 * drift operations as the screens read it.
 */

type Ops = typeof driftOperations;
async function call<K extends keyof Ops>(core: Core, operation: K, input: z.input<Ops[K]['input']>): Promise<z.output<Ops[K]['output']>> {
  const result = await core.dispatch(operation, input);
  if (!result.ok) throw new Error(`${operation} failed: ${result.error.code} ${result.error.message}`);
  return driftOperations[operation].output.parse(result.data) as z.output<Ops[K]['output']>;
}

const history = readDriftHistory(defaultResourcesDir());

interface RecordedFeature {
  name: string;
  method: string;
  statistic: number;
  drifted: boolean;
}
/** history.json's `currentVsReference`: what `quorum drift` on the two CSV files should report. */
function recordedComparison(model: string): RecordedFeature[] {
  const raw = JSON.parse(readFileSync(join(defaultResourcesDir(), 'demo', 'drift', 'history.json'), 'utf8')) as {
    models: { model: string; currentVsReference: { features: RecordedFeature[] } }[];
  };
  return raw.models.find((m) => m.model === model)?.currentVsReference.features ?? [];
}
let dir: string;
let core: Core;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'quorum-demo-drift-'));
  core = createCore({ dataDir: dir, workspaceKind: 'demo', validateOutput: true });
  const loading = demoDriftLoaded(core.services);
  expect(loading).not.toBeNull();
  expect(await loading).toEqual({ recorded: 90, computed: 2 });
}, 60_000);

afterAll(() => {
  core.close();
  rmSync(dir, { recursive: true, force: true });
});

const results = (model: string) => call(core, 'drift.results', { model, version: 4, limit: 1000 });

describe('the demo drift', () => {
  it('computes card-fraud-blocker v4’s latest window from its samples: dataset drift, drifting features named', async () => {
    const [latest] = await results('card-fraud-blocker');
    expect(latest?.reproducibility.engineVersion).toBe(DRIFT_ENGINE_VERSION);
    expect(latest?.datasetDrift).toBe(true);
    expect(latest?.connection).toBe('northwind-mlflow');
    const drifted = latest?.features.filter((f) => f.drifted).map((f) => f.name);
    expect(drifted?.sort()).toEqual(
      ['amount', 'card_merchant_pair_count_30d', 'channel', 'merchant_category', 'merchant_chargeback_rate_90d', 'txn_velocity_1h'].sort(),
    );
    // The engine reproduces the demo's recorded comparison of the two files (4 decimals, as recorded).
    const recorded = recordedComparison('card-fraud-blocker');
    for (const f of latest?.features ?? []) {
      const r = recorded.find((x) => x.name === f.name);
      expect(r?.method).toBe(f.method);
      expect(f.statistic).toBeCloseTo(r?.statistic ?? Number.NaN, 4);
      expect(f.drifted).toBe(r?.drifted);
    }
    expect(latest?.windowEnd).toBe(Date.parse('2026-11-18T00:00:00.000Z'));
    expect(latest?.windowStart).toBe(Date.parse('2026-11-11T00:00:00.000Z'));
  });

  it('finds no dataset drift for credit-approval-scorer v4', async () => {
    const runs = await results('credit-approval-scorer');
    expect(runs[0]?.datasetDrift).toBe(false);
    expect(runs[0]?.reproducibility.engineVersion).toBe(DRIFT_ENGINE_VERSION);
    expect(runs.some((r) => r.datasetDrift)).toBe(false);
    expect(history.models.map((m) => m.model)).toContain('credit-approval-scorer');
  });

  it('keeps about 45 recorded daily windows per model, as recorded', async () => {
    for (const model of ['card-fraud-blocker', 'credit-approval-scorer']) {
      const daily = (await results(model)).filter((r) => r.reproducibility.engineVersion === DEMO_HISTORY_ENGINE);
      expect(daily).toHaveLength(45);
      for (const run of daily) expect((run.windowEnd - (run.windowStart ?? 0)) / 86_400_000).toBe(1);
    }
    const card = await results('card-fraud-blocker');
    const nov7 = card.find((r) => r.windowStart === Date.parse('2026-11-07T00:00:00.000Z'));
    expect(nov7?.datasetDrift).toBe(true);
    const oct10 = card.find((r) => r.windowStart === Date.parse('2026-10-10T00:00:00.000Z'));
    expect(oct10?.datasetDrift).toBe(false);
  });

  it('lists the deployed champions with their latest status in drift.overview', async () => {
    const overview = await call(core, 'drift.overview', {});
    const card = overview.find((o) => o.model === 'card-fraud-blocker');
    expect(card?.version).toBe(4);
    expect(card?.latest?.datasetDrift).toBe(true);
    expect(card?.trend.length).toBe(30);
    expect(overview.find((o) => o.model === 'credit-approval-scorer')?.latest?.datasetDrift).toBe(false);
    // Deployed models without drift results are listed too, with no data.
    expect(overview.some((o) => o.latest === null)).toBe(true);
  });

  it('is idempotent: loading again stores nothing', async () => {
    const before = (await results('card-fraud-blocker')).length;
    expect(await loadDemoDrift(core.services)).toEqual({ recorded: 0, computed: 0 });
    expect((await results('card-fraud-blocker')).length).toBe(before);
  });
});
