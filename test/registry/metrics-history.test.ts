import { afterEach, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../helpers/temp';
import { loadRecording } from '../doubles/mlflow/recordings';
import { startMlflowDouble, type MlflowDouble } from '../doubles/mlflow-server';
import { connectAndSync, openWorkspace, type Workspace } from './helpers/workspace';

interface Metric {
  key: string;
  value: number;
  step: number;
  timestamp: number;
}

describe('metric history on demand', () => {
  let double: MlflowDouble;
  let ws: Workspace;
  afterEach(async () => {
    ws.close();
    await double.close();
    removeTempDirs();
  });

  it('reads a whole curve from MLflow 2.17.2 (no paging), then serves it from the cache once the run has ended', async () => {
    double = await startMlflowDouble({ recording: '2.17.2' });
    ws = openWorkspace();
    await connectAndSync(ws, 'prod', double.url);
    const runId = 'bbc4b81f9f924514bdcb7c6057932413';
    const history = await ws.call('metrics.history', { connection: 'prod', runId, key: 'val_auc' });
    const recorded = loadRecording('2.17.2').body<{ metrics: Metric[] }>('metrics-get-history-max-results').metrics;
    expect(history).toMatchObject({ source: 'server', staleReason: null });
    expect(history.points).toEqual(recorded.map((m) => ({ step: m.step, value: m.value, timestamp: m.timestamp })));
    expect(double.requests.at(-1)?.query).toEqual({ run_id: runId, metric_key: 'val_auc', max_results: '25000' });

    await double.stop();
    const cached = await ws.call('metrics.history', { connection: 'prod', runId, key: 'val_auc' });
    expect(cached).toMatchObject({ source: 'cache', staleReason: null, points: history.points });

    // Not cached and the server is down: a clear backend error.
    const error = await ws.fail('metrics.history', { connection: 'prod', runId, key: 'train_loss' });
    expect(error).toMatchObject({ code: 'backend', details: { problem: 'refused' } });
    expect(error.message).toContain('Connection refused by');
  });

  it('follows page tokens on MLflow 3.3 and always sends max_results (mlflow/mlflow#23916)', async () => {
    double = await startMlflowDouble({ recording: '3.3.2.dev' });
    ws = openWorkspace({ connectors: { metricHistoryPageSize: 4 } });
    await connectAndSync(ws, 'prod', double.url);
    const runId = '8c345d59060443c48add24fc54a4c5e6';
    const history = await ws.call('metrics.history', { connection: 'prod', runId, key: 'val_auc' });
    expect(history.points.map((p) => p.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const pages = double.requests.filter((r) => r.endpoint === 'metrics/get-history');
    expect(pages.map((r) => r.query.page_token ?? null)).toEqual([null, 'eyJvZmZzZXQiOiA0fQ==', 'eyJvZmZzZXQiOiA4fQ==']);
    expect(pages.every((r) => r.query.max_results === '4')).toBe(true);
    // The recorded second page is what the double answered.
    const recorded = loadRecording('3.3.2.dev').body<{ metrics: Metric[] }>('metrics-get-history-page2').metrics;
    expect(history.points.slice(4, 8)).toEqual(recorded.map((m) => ({ step: m.step, value: m.value, timestamp: m.timestamp })));
  });

  it('answers an empty curve for a metric the run never logged', async () => {
    double = await startMlflowDouble({ recording: '2.17.2' });
    ws = openWorkspace();
    await connectAndSync(ws, 'prod', double.url);
    const history = await ws.call('metrics.history', {
      connection: 'prod',
      runId: 'bbc4b81f9f924514bdcb7c6057932413',
      key: 'no_such_metric',
    });
    expect(history.points).toEqual([]);
  });
});
