import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriftRun } from '@shared/domain/drift';
import type { PollResult } from '@shared/domain/monitoring';
import { createCore, type Core } from '../../electron/core/create-core';
import { demoDriftLoaded } from '../../electron/core/demo/load-drift';
import { driftEvidence } from '../../electron/core/drift/store';
import { cli } from '../helpers/cli';
import { makeTempDir, removeTempDirs } from '../helpers/temp';
import { demoScores, exposition } from './support/demo-metrics';
import { startPrometheusStack, type PrometheusStack } from './support/prometheus-stack';

/**
 * Against a real Prometheus 2.42 scraping a real Pushgateway (Debian packages; see
 * support/prometheus-stack.ts): the demo workspace's deployed models get live drift.
 * Without the binaries the suite fails in beforeAll with the install command.
 */
let stack: PrometheusStack;
let core: Core;
let dataDir: string;
const home = makeTempDir('quorum-monitoring-home-');

async function call<T>(operation: string, input: unknown): Promise<T> {
  const envelope = await core.dispatch(operation, input);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { info: envelope.error });
  return envelope.data as T;
}

async function callError(operation: string, input: unknown) {
  const envelope = await core.dispatch(operation, input);
  if (envelope.ok) throw new Error(`${operation} succeeded`);
  return envelope.error;
}

const scores = demoScores();
const card = scores.find((s) => s.model === 'card-fraud-blocker');
const credit = scores.find((s) => s.model === 'credit-approval-scorer');

beforeAll(async () => {
  stack = await startPrometheusStack();
  await stack.push(exposition(scores));
  const expected = scores.reduce((n, s) => n + s.features.length, 0);
  // Scraped (every 1 s) and the alert rules evaluated (every 1 s).
  await stack.waitFor(
    'count(model_feature_drift_score)',
    (r) => (r[0] as { value?: [number, string] } | undefined)?.value?.[1] === String(expected),
  );
  await stack.waitFor('ALERTS{alertstate="firing", model="card-fraud-blocker"}', (r) => r.length > 0);
  dataDir = makeTempDir('quorum-monitoring-');
  // The demo workspace: its catalog has card-fraud-blocker and credit-approval-scorer at champion v4.
  core = createCore({
    dataDir,
    workspaceKind: 'demo',
    registry: { env: {}, connectors: { timeoutMs: 3_000, retry: { maxRetries: 1, baseDelayMs: 20, maxDelayMs: 50 } } },
  });
  // The demo loads its own drift history in the background; counts below start after it.
  await demoDriftLoaded(core.services);
}, 90_000);

afterAll(async () => {
  core?.close();
  await stack?.stop();
  removeTempDirs();
}, 30_000);

describe('Prometheus monitoring (real Prometheus + Pushgateway)', () => {
  it('connects through the CLI, which tests the connection and reports the version', async () => {
    const { code, stdout, stderr } = await cli(
      ['connect', 'prometheus', '--name', 'cli-prom', '--url', stack.prometheusUrl, '--data-dir', dataDir],
      home,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/server: Prometheus 2\.\d+\.\d+/);
    expect(stdout).toContain('quorum monitoring poll --connection cli-prom');
    const json = await cli(
      ['connect', 'prometheus', '--name', 'cli-prom-2', '--url', `${stack.prometheusUrl}/`, '--data-dir', dataDir, '--json'],
      home,
    );
    expect(json.code).toBe(0);
    const added = JSON.parse(json.stdout) as { connection: { kind: string; url: string }; test: { ok: boolean; serverVersion: string } };
    expect(added.connection).toMatchObject({ kind: 'prometheus', url: stack.prometheusUrl });
    expect(added.test).toMatchObject({ ok: true, serverVersion: expect.stringMatching(/^2\./) });
  });

  it('adds the connection through the contract; Test connection reports the version; sync leaves it alone', async () => {
    const added = await call<{ connection: { kind: string; statusMessage: string }; test: { ok: boolean; serverVersion: string } }>(
      'connections.add',
      {
        name: 'prom',
        kind: 'prometheus',
        url: stack.prometheusUrl,
      },
    );
    expect(added.test).toMatchObject({
      ok: true,
      reachable: true,
      authenticated: true,
      serverVersion: expect.stringMatching(/^2\.\d+\.\d+/),
    });
    expect(added.connection.statusMessage).toMatch(/Reachable: Prometheus 2\..*Not polled yet/);
    const tested = await call<{ ok: boolean; serverVersion: string }>('connections.test', { name: 'prom' });
    expect(tested.serverVersion).toBe(added.test.serverVersion);
    const draft = await call<{ ok: boolean }>('connections.test', { kind: 'prometheus', url: stack.prometheusUrl });
    expect(draft.ok).toBe(true);
    const err = await callError('connections.add', { name: 'prom-wb', kind: 'prometheus', url: stack.prometheusUrl, writeBack: true });
    expect(err.code).toBe('invalid_input');
  });

  it('poll writes drift results: the drifting model above threshold, the stable one below', async () => {
    const before = await call<DriftRun[]>('drift.results', { limit: 1000 });
    const [result] = await call<PollResult[]>('monitoring.poll', { connection: 'prom' });
    expect(result?.outcome).toBe('ok');
    const byModel = new Map(result?.entries.map((e) => [e.model, e]));
    const cardEntry = byModel.get('card-fraud-blocker');
    const creditEntry = byModel.get('credit-approval-scorer');
    expect(cardEntry).toMatchObject({ outcome: 'stored', version: 4, alias: 'champion', datasetDrift: true });
    expect(creditEntry).toMatchObject({ outcome: 'stored', version: 4, alias: 'champion', datasetDrift: false });
    expect(cardEntry?.worstFeature?.score).toBeGreaterThanOrEqual(0.1);
    expect(creditEntry?.worstFeature?.score).toBeLessThan(0.1);
    // Deployed models nobody exports metrics for are reported, not invented.
    expect([...byModel.values()].filter((e) => e.outcome === 'no-data').length).toBeGreaterThan(0);

    const after = await call<DriftRun[]>('drift.results', { limit: 1000 });
    expect(after.length).toBe(before.length + 2);
    const [cardRun] = await call<DriftRun[]>('drift.results', { model: 'card-fraud-blocker', version: 4, limit: 1 });
    expect(cardRun).toMatchObject({ id: cardEntry?.driftRunId, source: 'prometheus', connection: 'northwind-mlflow', datasetDrift: true });
    expect(cardRun?.features.map((f) => f.name).sort()).toEqual(card?.features.map((f) => f.name).sort());
    const amount = cardRun?.features.find((f) => f.name === 'amount');
    expect(amount).toMatchObject({ method: 'wasserstein', verdictRule: 'distance>=threshold', threshold: 0.1, drifted: true });
    expect(amount?.statistic).toBeCloseTo(card?.features.find((f) => f.name === 'amount')?.score ?? NaN, 12);
    // Reproducible: the exact PromQL and evaluation time are kept with the result.
    const monitoring = (cardRun?.reproducibility as unknown as { monitoring: { query: string; evaluatedAt: number } }).monitoring;
    expect(monitoring.query).toBe('model_feature_drift_score{model="card-fraud-blocker", version="4"}');
    expect(monitoring.evaluatedAt).toBe(cardEntry?.evaluatedAt);
    expect(cardRun?.reproducibility.currentSource).toContain(monitoring.query);
    const [creditRun] = await call<DriftRun[]>('drift.results', { model: 'credit-approval-scorer', limit: 1 });
    expect(creditRun?.features.every((f) => f.method === 'psi' && !f.drifted)).toBe(true);
    expect(creditRun?.features).toHaveLength(credit?.features.length ?? -1);
    // The governance gate's drift evidence sees the monitored result.
    expect(driftEvidence(core.store.db, { connection: 'northwind-mlflow', model: 'card-fraud-blocker', version: 4 }).at(-1)).toMatchObject({
      datasetDrift: true,
    });
  });

  it('the CLI poll exits 1 when a deployed model drifts and prints JSON', async () => {
    const { code, stdout } = await cli(
      ['monitoring', 'poll', '--connection', 'prom', '--model', 'card-fraud-blocker', '--json', '--data-dir', dataDir],
      home,
    );
    expect(code).toBe(1);
    const results = JSON.parse(stdout) as PollResult[];
    expect(results[0]?.entries).toHaveLength(1);
    expect(results[0]?.entries[0]).toMatchObject({ model: 'card-fraud-blocker', datasetDrift: true });
    const stable = await cli(
      ['monitoring', 'poll', '--connection', 'prom', '--model', 'credit-approval-scorer', '--data-dir', dataDir],
      home,
    );
    expect(stable.code).toBe(0);
    expect(stable.stdout).toMatch(/credit-approval-scorer v4 \[champion\] ok/);
  });

  it('range queries return a matrix; instant queries of the other templates return vectors', async () => {
    const now = Date.now();
    const range = await call<{
      result: { resultType: string; series: { metric: Record<string, string>; samples: unknown[] }[] };
      promql: string;
    }>('monitoring.query', {
      connection: 'prom',
      model: 'card-fraud-blocker',
      version: 4,
      query: 'drift',
      range: { start: now - 60_000, end: now, stepSeconds: 1 },
    });
    expect(range.result.resultType).toBe('matrix');
    expect(range.result.series).toHaveLength(card?.features.length ?? -1);
    expect(range.result.series.every((s) => s.samples.length > 0)).toBe(true);
    const accuracy = await call<{ result: { resultType: string; series: { sample: { value: number } }[] } }>('monitoring.query', {
      connection: 'prom',
      model: 'card-fraud-blocker',
      version: 4,
      query: 'accuracy',
    });
    expect(accuracy.result).toMatchObject({ resultType: 'vector', series: [{ sample: { value: 0.81 } }] });
    const errorRate = await call<{ result: { resultType: string } }>('monitoring.query', {
      connection: 'prom',
      model: 'card-fraud-blocker',
      version: 4,
      query: 'errorRate',
    });
    expect(errorRate.result.resultType).toBe('vector');
  });

  it('a hostile model name cannot inject PromQL: the real server sees one label value', async () => {
    const answer = await call<{ result: { series: unknown[] }; promql: string }>('monitoring.query', {
      connection: 'prom',
      model: 'x"} or model_accuracy{model=~".+',
      version: 4,
      query: 'accuracy',
    });
    expect(answer.result.series).toEqual([]);
  });

  it('a bad template returns Prometheus own error, verbatim, and the poll reports it per model', async () => {
    await call('monitoring.queries.set', {
      connection: 'prom',
      model: 'credit-approval-scorer',
      queries: { drift: 'sum by (model (model_feature_drift_score{model="{{model}}"})' },
    });
    const error = await callError('monitoring.query', { connection: 'prom', model: 'credit-approval-scorer', version: 4, query: 'drift' });
    expect(error.code).toBe('invalid_input');
    expect(error.details).toMatchObject({
      prometheus: { errorType: 'bad_data', error: expect.stringMatching(/^invalid parameter "query": 1:\d+: parse error: /) },
    });
    const prometheusText = (error.details as { prometheus: { error: string } }).prometheus.error;
    expect(error.message).toContain(prometheusText);
    const [poll] = await call<PollResult[]>('monitoring.poll', { connection: 'prom' });
    expect(poll?.outcome).toBe('partial');
    expect(poll?.entries.find((e) => e.model === 'credit-approval-scorer')).toMatchObject({
      outcome: 'error',
      message: expect.stringContaining(prometheusText),
    });
    expect(poll?.entries.find((e) => e.model === 'card-fraud-blocker')?.outcome).toBe('stored');
    await call('monitoring.queries.set', { connection: 'prom', model: 'credit-approval-scorer', reset: true });
    const view = await call<{ overrides: object; effective: { queries: { drift: string } } }>('monitoring.queries.get', {
      connection: 'prom',
      model: 'credit-approval-scorer',
    });
    expect(view.overrides).toEqual({});
    expect(view.effective.queries.drift).toContain('model_feature_drift_score{');
  });

  it('"Test query" runs a draft template: a sample result, or Prometheus\'s own error as an answer', async () => {
    const good = await call<{ ok: boolean; promql: string; result: { resultType: string; series: { sample: { value: number } }[] } }>(
      'monitoring.queries.test',
      { connection: 'prom', template: 'model_accuracy{model="{{model}}", version="{{version}}"}', model: 'card-fraud-blocker', version: 4 },
    );
    expect(good).toMatchObject({
      ok: true,
      promql: 'model_accuracy{model="card-fraud-blocker", version="4"}',
      result: { resultType: 'vector', series: [{ sample: { value: 0.81 } }] },
    });
    // Nothing was stored: the connection's template is still the default.
    const view = await call<{ connectionSettings: { queries: { accuracy: string } }; defaults: { accuracy: string } }>(
      'monitoring.queries.get',
      { connection: 'prom' },
    );
    expect(view.connectionSettings.queries.accuracy).toBe(view.defaults.accuracy);

    const bad = await call<{ ok: boolean; errorType: string; error: string; status: number }>('monitoring.queries.test', {
      connection: 'prom',
      template: 'sum by (model (model_accuracy{model="{{model}}"})',
      query: 'accuracy',
      model: 'card-fraud-blocker',
    });
    expect(bad).toMatchObject({ ok: false, errorType: 'bad_data', status: 400, error: expect.stringMatching(/parse error/) });
    // Execution errors (422) are Prometheus's answer too.
    const execution = await call<{ ok: boolean; errorType: string; status: number }>('monitoring.queries.test', {
      connection: 'prom',
      template: 'model_requests_total{model="{{model}}"} + on(model) model_feature_drift_score{model="{{model}}"}',
      model: 'card-fraud-blocker',
    });
    expect(execution).toMatchObject({ ok: false, errorType: 'execution', status: 422 });
  });

  it('firing alerts are available per model', async () => {
    const card4 = await call<{ alerts: { name: string; state: string; labels: Record<string, string> }[] }>('monitoring.alerts', {
      connection: 'prom',
      model: 'card-fraud-blocker',
      version: 4,
    });
    expect(card4.alerts.length).toBeGreaterThan(0);
    expect(card4.alerts.every((a) => a.state === 'firing' && a.labels.model === 'card-fraud-blocker')).toBe(true);
    expect(card4.alerts.map((a) => a.name)).toContain('ModelFeatureDriftHigh');
    const stable = await call<{ alerts: unknown[] }>('monitoring.alerts', { connection: 'prom', model: 'credit-approval-scorer' });
    expect(stable.alerts).toEqual([]);
  });

  it('with the server stopped: a clear backend error, and nothing already stored is lost', async () => {
    const before = await call<DriftRun[]>('drift.results', { limit: 1000 });
    await stack.stopPrometheus();
    const [poll] = await call<PollResult[]>('monitoring.poll', { connection: 'prom' });
    expect(poll?.outcome).toBe('error');
    expect(poll?.message).toMatch(/Connection refused by http:\/\/127\.0\.0\.1:\d+.*Is Prometheus running/);
    const error = await callError('monitoring.query', { connection: 'prom', model: 'card-fraud-blocker', version: 4, query: 'drift' });
    expect(error).toMatchObject({ code: 'backend', details: { problem: 'refused' } });
    const tested = await call<{ ok: boolean; reachable: boolean; problem: { kind: string } }>('connections.test', { name: 'prom' });
    expect(tested).toMatchObject({ ok: false, reachable: false, problem: { kind: 'refused' } });
    const after = await call<DriftRun[]>('drift.results', { limit: 1000 });
    expect(after).toEqual(before);
    const connections = await call<{ name: string; status: string }[]>('connections.list', {});
    expect(connections.find((c) => c.name === 'prom')?.status).toBe('error');
    const cliPoll = await cli(['monitoring', 'poll', '--connection', 'prom', '--data-dir', dataDir], home);
    expect(cliPoll.code).toBe(3);
    expect(cliPoll.stderr).toMatch(/poll of "prom" failed: .*Is Prometheus running/);
  }, 60_000);
});
