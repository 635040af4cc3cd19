import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '@shared/contract';
import { removeTempDirs } from '../helpers/temp';
import { startMlflowDouble, type MlflowDouble } from '../doubles/mlflow-server';
import { openWorkspace, type Workspace } from './helpers/workspace';

describe('cancelling a sync', () => {
  let double: MlflowDouble;
  let ws: Workspace;
  beforeEach(async () => {
    double = await startMlflowDouble();
    ws = openWorkspace({ connectors: { timeoutMs: 10_000 } });
    await ws.call('connections.add', { name: 'prod', kind: 'mlflow', url: double.url, test: false });
  });
  afterEach(async () => {
    ws.close();
    await double.close();
    removeTempDirs();
  });

  it('stops mid-sync at once, keeps what was fetched, and the next sync completes', async () => {
    double.inject({ endpoint: 'runs/search', fault: { kind: 'slow', delayMs: 5_000 } });
    let cancelledAt = 0;
    const unsubscribe = ws.core.events.onAny((event, payload) => {
      const progress = payload as EventPayload<'job.progress'>;
      if (event === 'job.progress' && progress.message?.startsWith('prod: runs') && cancelledAt === 0) {
        cancelledAt = Date.now();
        // Cancel while the slow runs page is in flight.
        setTimeout(() => void ws.core.dispatch('sync.cancel', { jobId: progress.jobId }), 200);
      }
    });
    const { results } = await ws.call('sync.start', { connection: 'prod', wait: true });
    unsubscribe();
    expect(Date.now() - cancelledAt).toBeLessThan(2_000);
    expect(results?.[0]).toMatchObject({
      outcome: 'cancelled',
      problem: { kind: 'cancelled' },
      counts: { models: 4, versions: 12, runs: 0 },
    });
    expect(results?.[0]?.message).toBe('Sync cancelled; kept what was fetched (4 models, 12 versions, 0 runs, 5 experiments).');

    // The registry listed before the cancel is in the catalog; the connection's status is not an error.
    expect((await ws.call('models.list', {})).total).toBe(4);
    const connection = await ws.call('connections.get', { name: 'prod' });
    expect(connection.status).toBe('never-synced');
    const log = ws.core.store.db.prepare('SELECT outcome FROM registry_sync_log').pluck().all();
    expect(log).toEqual(['cancelled']);

    double.clearFaults();
    const t0 = Date.now();
    const next = await ws.call('sync.start', { connection: 'prod', wait: true });
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect(next.results?.[0]).toMatchObject({ outcome: 'ok', mode: 'full', counts: { runs: 9 } });
  });

  it('a caller that waits and goes away cancels its sync', async () => {
    double.inject({ endpoint: 'registered-models/search', fault: { kind: 'slow', delayMs: 5_000 }, times: 1 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const envelope = await ws.core.dispatch('sync.start', { connection: 'prod', wait: true }, { signal: controller.signal });
    expect(envelope).toMatchObject({ ok: true, data: { results: [{ outcome: 'cancelled' }] } });
  });

  it('answers false for a job that is not running', async () => {
    expect(await ws.call('sync.cancel', { jobId: 'sync-nope' })).toEqual({ cancelled: false });
  });

  it('joins a sync already running for the same connection instead of starting a second', async () => {
    double.inject({ endpoint: 'registered-models/search', fault: { kind: 'slow', delayMs: 300 }, times: 1 });
    const first = await ws.call('sync.start', { connection: 'prod' });
    const second = await ws.call('sync.start', { connection: 'prod' });
    expect(second.jobId).toBe(first.jobId);
    const done = await ws.call('sync.start', { connection: 'prod', wait: true });
    expect(done.jobId).toBe(first.jobId);
    expect(done.results?.[0]?.outcome).toBe('ok');
  });
});
