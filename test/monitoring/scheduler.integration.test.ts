import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriftRun } from '@shared/domain/drift';
import type { MonitoringStatus, TemplateTest } from '@shared/domain/monitoring';
import { createCore, type Core } from '../../electron/core/create-core';
import { demoDriftLoaded } from '../../electron/core/demo/load-drift';
import { makeTempDir, removeTempDirs } from '../helpers/temp';
import { demoScores, exposition } from './support/demo-metrics';
import { startPrometheusStack, type PrometheusStack } from './support/prometheus-stack';

/**
 * Scheduled polling against a real Prometheus 2.42 scraping a real Pushgateway (Debian
 * packages; see support/prometheus-stack.ts). The schedule runs with a short clock — one
 * interval "minute" is MINUTE_MS — so several polls happen in a few seconds; everything
 * else (the poll, the drift history, Prometheus's answers) is the real thing.
 */
const MINUTE_MS = 200;
let stack: PrometheusStack;
let core: Core;
let closed = false;

async function call<T>(operation: string, input: unknown): Promise<T> {
  const envelope = await core.dispatch(operation, input);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { info: envelope.error });
  return envelope.data as T;
}

/** Asks `probe` until it returns a value, or fails with what it last saw. */
async function eventually<T>(what: string, probe: () => Promise<T | null | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== null && value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

async function status(connection: string): Promise<MonitoringStatus> {
  const [found] = await call<MonitoringStatus[]>('monitoring.status', { connection });
  if (!found) throw new Error(`no status for ${connection}`);
  return found;
}

const prometheusRuns = async (model: string) =>
  (await call<DriftRun[]>('drift.results', { model, version: 4, limit: 1000 })).filter((r) => r.source === 'prometheus');

const BAD_DRIFT = 'sum by (model (model_feature_drift_score{model="{{model}}"})';

beforeAll(async () => {
  stack = await startPrometheusStack();
  core = createCore({
    dataDir: makeTempDir('quorum-monitoring-schedule-'),
    workspaceKind: 'demo',
    registry: { env: {}, connectors: { timeoutMs: 3_000, retry: { maxRetries: 1, baseDelayMs: 20, maxDelayMs: 50 } } },
    monitoring: { scheduler: { tickMs: 50, firstTickMs: 20, minuteMs: MINUTE_MS } },
  });
  await demoDriftLoaded(core.services);
  await call('connections.add', { name: 'prom', kind: 'prometheus', url: stack.prometheusUrl, test: false });
  await call('connections.add', { name: 'prom-off', kind: 'prometheus', url: stack.prometheusUrl, test: false });
  await call('monitoring.queries.set', { connection: 'prom', pollIntervalMinutes: 1 });
  await call('monitoring.queries.set', { connection: 'prom-off', pollIntervalMinutes: 0 });
}, 90_000);

afterAll(async () => {
  if (!closed) core?.close();
  await stack?.stop();
  removeTempDirs();
}, 30_000);

describe('scheduled Prometheus polling (real Prometheus + Pushgateway)', () => {
  it('is off until a long-running host starts it, and defaults to every 5 minutes', async () => {
    expect(await status('prom')).toMatchObject({ scheduled: false, lastPollAt: null, nextPollAt: null, status: 'never-polled' });
    await call('connections.add', { name: 'prom-default', kind: 'prometheus', url: stack.prometheusUrl, test: false });
    expect((await status('prom-default')).pollIntervalMinutes).toBe(5);
    await call('connections.remove', { name: 'prom-default' });
  });

  it('records drift from a pushed metric with no user action', async () => {
    core.monitoring.scheduler.start();
    // Before anything is pushed the schedule polls and finds no scores: nothing is stored.
    const first = await eventually('a first scheduled poll', async () => {
      const s = await status('prom');
      return s.lastPollAt !== null ? s : null;
    });
    expect(first).toMatchObject({ scheduled: true, status: 'ok', problems: [] });
    expect(await prometheusRuns('card-fraud-blocker')).toEqual([]);

    const scores = demoScores();
    await stack.push(exposition(scores));
    const expected = scores.reduce((n, s) => n + s.features.length, 0);
    await stack.waitFor(
      'count(model_feature_drift_score)',
      (r) => (r[0] as { value?: [number, string] } | undefined)?.value?.[1] === String(expected),
    );

    const [run] = await eventually('a scheduled poll to store the pushed scores', async () => {
      const runs = await prometheusRuns('card-fraud-blocker');
      return runs.length > 0 ? runs : null;
    });
    expect(run).toMatchObject({ source: 'prometheus', connection: 'northwind-mlflow', datasetDrift: true });
    const card = scores.find((s) => s.model === 'card-fraud-blocker');
    expect(run?.features.map((f) => f.name).sort()).toEqual(card?.features.map((f) => f.name).sort());
    const [credit] = await prometheusRuns('credit-approval-scorer');
    expect(credit?.datasetDrift).toBe(false);

    const after = await status('prom');
    expect(after.status).toBe('ok');
    expect(after.lastPollAt).not.toBeNull();
    // The schedule says when it will ask again; the connection with interval 0 is never asked.
    const next = await eventually('a next poll time', async () => (await status('prom')).nextPollAt);
    expect(next).toBeGreaterThan(after.lastPollAt ?? Infinity);
    expect(await status('prom-off')).toMatchObject({ lastPollAt: null, nextPollAt: null, pollIntervalMinutes: 0 });
  }, 60_000);

  it("a bad query puts Prometheus's own error in the status, and the next polls still run", async () => {
    // Prometheus's words for this query, asked directly through "Test query".
    const tested = await call<TemplateTest>('monitoring.queries.test', {
      connection: 'prom',
      template: BAD_DRIFT,
      query: 'drift',
      model: 'credit-approval-scorer',
      version: 4,
    });
    if (tested.ok) throw new Error('the bad query was accepted');
    expect(tested.errorType).toBe('bad_data');

    await call('monitoring.queries.set', { connection: 'prom', model: 'credit-approval-scorer', queries: { drift: BAD_DRIFT } });
    const failing = await eventually('the error in the status', async () => {
      const s = await status('prom');
      return s.problems.length > 0 ? s : null;
    });
    expect(failing.problems).toEqual([
      { model: 'credit-approval-scorer', version: 4, message: expect.stringContaining(tested.error), at: expect.any(Number) },
    ]);
    // One model's bad template does not stop the others.
    const cardRuns = (await prometheusRuns('card-fraud-blocker')).length;
    const polledAt = failing.lastPollAt ?? 0;
    await eventually('another scheduled poll', async () => {
      const s = await status('prom');
      return (s.lastPollAt ?? 0) > polledAt && s.problems.length === 1 ? s : null;
    });
    expect((await prometheusRuns('card-fraud-blocker')).length).toBeGreaterThan(cardRuns);

    // Back to the connection's template: the next poll clears the error.
    await call('monitoring.queries.set', { connection: 'prom', model: 'credit-approval-scorer', queries: { drift: null } });
    await eventually('the error to clear', async () => ((await status('prom')).problems.length === 0 ? true : null));
  }, 60_000);

  it('close() stops polling: Prometheus gets no more requests', async () => {
    // Busy right up to the close.
    const before = await stack.apiRequests();
    await eventually('polls to reach Prometheus', async () => ((await stack.apiRequests()) > before ? true : null));
    core.close();
    closed = true;
    // A request already on the wire may still be answered; after that, silence.
    await new Promise((r) => setTimeout(r, 500));
    const settled = await stack.apiRequests();
    await new Promise((r) => setTimeout(r, 10 * MINUTE_MS));
    expect(await stack.apiRequests()).toBe(settled);
    expect(core.monitoring.scheduler.started).toBe(false);
  }, 30_000);
});
