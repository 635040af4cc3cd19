import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRecording, RECORDINGS } from '../doubles/mlflow/recordings';
import { startMlflowDouble, type MlflowDouble } from '../doubles/mlflow-server';
import { sendRecorded } from './helpers/replay';

/**
 * The double is only as good as its likeness to MLflow: every recorded read request (all
 * but the stateful scratch-* scenario) sent to it must get the recorded status and body.
 * Most answers are generated from the state built out of the recorded entities; the few
 * request shapes the generator does not model (experiment search by GET with order_by, run
 * search with order_by, creating a model) are replayed, and are listed here so nothing hides behind replay.
 */
const REPLAYED = new Set(['experiments-search-get-filter', 'runs-search-order-by', 'invalid-malformed-json-required-param']);

describe.each(RECORDINGS)('MLflow double vs the %s recordings', (name) => {
  let double: MlflowDouble;
  const recording = loadRecording(name);
  beforeAll(async () => {
    double = await startMlflowDouble({ recording: name });
  });
  afterAll(async () => {
    await double.close();
  });

  const exchanges = recording.exchanges.filter((e) => !e.file.startsWith('scratch-'));
  it.each(exchanges.map((e) => [e.file, e] as const))('answers %s as recorded', async (file, exchange) => {
    const answer = await sendRecorded(double.url, exchange.request);
    expect({ status: answer.status, body: answer.body }).toEqual({ status: exchange.response.status, body: exchange.response.body });
    expect(answer.contentType).toBe(exchange.response.contentType);
    const served = double.requests.at(-1);
    expect(served?.answeredBy).toBe(REPLAYED.has(file) ? 'replayed' : 'generated');
  });

  it('holds every recorded entity: 4 models, 12 versions, 5 experiments and the recorded runs', () => {
    expect([...double.state.models.keys()].sort()).toEqual([
      'churn-predictor',
      'credit-risk-scorer',
      'demand-forecaster',
      'fraud-detector',
    ]);
    expect(double.state.versions.size).toBe(12);
    expect(double.state.experiments.size).toBe(5);
    // The recordings contain 9 of the registry's 14 runs as entities (pages 1-2 of runs/search,
    // the experiment-1 listings and runs/get); the other 5 are only referenced by versions.
    expect(double.state.runs.size).toBe(9);
  });
});
