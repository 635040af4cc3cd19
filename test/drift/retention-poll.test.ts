import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PollResult } from '@shared/domain/monitoring';
import { createCore, type Core } from '../../electron/core/create-core';
import { saveRun } from '../../electron/core/drift/store';
import { driftResultFromScores } from '../../electron/core/monitoring/drift-record';
import { MonitoringStore } from '../../electron/core/monitoring/store';
import { makeTempDir, removeTempDirs } from '../helpers/temp';
import { loadMlflow, MLFLOW_CONNECTION } from '../lineage/helpers';

/*
 * Retention's one call site: a monitoring poll that stored a result thins the drift history
 * afterwards (electron/core/monitoring/service.ts). The Prometheus here is a small HTTP server
 * answering the two endpoints a poll uses, as Prometheus 2.42 does; the catalog is a real
 * MLflow snapshot (fraud-detector, champion → v3), the store a real workspace.
 */

const MIN5 = 300_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 10);
const NOW = T0 + 3 * DAY;
const SUBJECT = { connection: MLFLOW_CONNECTION, model: 'fraud-detector', version: 3 };

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://prometheus.test').pathname;
    response.setHeader('content-type', 'application/json');
    if (path === '/api/v1/status/buildinfo') {
      response.end(JSON.stringify({ status: 'success', data: { version: '2.42.0' } }));
    } else if (path === '/api/v1/query') {
      const value = (score: string): [number, string] => [NOW / 1000, score];
      const result = [
        { metric: { model: 'fraud-detector', version: '3', feature: 'amount', method: 'psi' }, value: value('0.03') },
        { metric: { model: 'fraud-detector', version: '3', feature: 'merchant', method: 'psi' }, value: value('0.01') },
      ];
      response.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }));
    } else {
      response.statusCode = 404;
      response.end('404 page not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

const cores: Core[] = [];
afterAll(async () => {
  for (const core of cores) core.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  removeTempDirs();
});

/** A workspace whose fraud-detector v3 was polled every 5 minutes for the 3 days before NOW. */
async function polledForThreeDays(): Promise<Core> {
  const core = createCore({ dataDir: makeTempDir('quorum-drift-retention-poll-'), now: () => NOW, registry: { env: {} } });
  cores.push(core);
  loadMlflow(core);
  for (let k = 0; k < 3 * 288; k++) {
    const at = T0 + k * MIN5;
    const result = driftResultFromScores(
      [
        { feature: 'amount', score: k % 12 === 7 ? 0.2 : 0.02, method: 'psi' },
        { feature: 'merchant', score: 0.01, method: 'psi' },
        { feature: 'hour', score: 0.01, method: 'psi' },
      ],
      // One feature of three over the threshold at minute 35: the hour's worst, no dataset drift.
      { driftThreshold: 0.1, driftShare: 0.5 },
      { backend: 'prometheus', connection: 'prom', url, serverVersion: '2.42.0', query: 'q', evaluatedAt: at, warnings: [] },
      [],
    );
    saveRun(
      core.store.db,
      result,
      { source: 'prometheus', ...SUBJECT, windowStart: null, windowEnd: at, computedAt: at + 10_000 },
      { announce: false },
    );
  }
  const added = await core.dispatch('connections.add', { name: 'prom', kind: 'prometheus', url, test: false });
  expect(added.ok).toBe(true);
  return core;
}

async function poll(core: Core): Promise<PollResult> {
  const envelope = await core.dispatch('monitoring.poll', { connection: 'prom' });
  if (!envelope.ok) throw new Error(envelope.error.message);
  const [result] = envelope.data as PollResult[];
  if (!result) throw new Error('no poll result');
  return result;
}

function windowEnds(core: Core): number[] {
  return core.store.db
    .prepare(
      "SELECT window_end FROM drift_runs WHERE source = 'prometheus' AND model_name = ? AND model_version = ? ORDER BY window_end, id",
    )
    .pluck()
    .all(SUBJECT.model, SUBJECT.version) as number[];
}

describe('a monitoring poll applies drift retention', () => {
  it('stores its result, then thins the results older than 48 hours to one per hour', async () => {
    const core = await polledForThreeDays();
    // The poll log row of an old poll (00:05 on day 1), as monitoring wrote it then.
    const store = new MonitoringStore(core.store.db);
    const oldRun = core.store.db
      .prepare('SELECT id FROM drift_runs WHERE window_end = ?')
      .pluck()
      .get(T0 + MIN5) as number;
    store.logPoll({
      connectionId: store.requirePrometheus('prom').id,
      registryConnection: MLFLOW_CONNECTION,
      model: SUBJECT.model,
      version: SUBJECT.version,
      query: 'q',
      evaluatedAt: T0 + MIN5,
      outcome: 'stored',
      message: '0 of 3 features ≥ 0.1: no dataset drift.',
      driftRunId: oldRun,
      polledAt: T0 + MIN5 + 10_000,
    });
    const result = await poll(core);
    expect(result.entries).toMatchObject([
      { registryConnection: MLFLOW_CONNECTION, model: SUBJECT.model, version: SUBJECT.version, outcome: 'stored', datasetDrift: false },
    ]);
    const kept = windowEnds(core);
    // Day 1: its first result and each hour's worst (minute 35); days 2 and 3 whole; the new poll at NOW.
    const dayOne = [T0, ...Array.from({ length: 24 }, (_, h) => T0 + h * HOUR + 35 * 60_000)];
    const younger = Array.from({ length: 2 * 288 }, (_, i) => T0 + DAY + i * MIN5);
    expect(kept).toEqual([...dayOne, ...younger, NOW]);
    // The poll log keeps its rows (query, time, outcome, message); one whose result was thinned points nowhere now.
    expect(core.store.db.prepare('SELECT evaluated_at, drift_run_id FROM monitoring_polls ORDER BY id').all()).toEqual([
      { evaluated_at: T0 + MIN5, drift_run_id: null },
      { evaluated_at: NOW, drift_run_id: result.entries[0]?.driftRunId },
    ]);
  });

  it('still stores and reports the poll when retention fails, and deletes nothing', async () => {
    const core = await polledForThreeDays();
    const before = windowEnds(core);
    core.store.db.exec("CREATE TEMP TRIGGER refuse_delete BEFORE DELETE ON main.drift_runs BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      const result = await poll(core);
      expect(result).toMatchObject({ outcome: 'ok', entries: [{ outcome: 'stored' }] });
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(windowEnds(core)).toEqual([...before, NOW]);
    expect(warnings).toEqual(['Drift history retention failed (nothing was deleted): disk says no']);
  });
});
