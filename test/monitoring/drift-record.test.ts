import { describe, expect, it } from 'vitest';
import { driftResultFromScores, featureScores } from '../../electron/core/monitoring/drift-record';
import { queryDataSchema, toResult } from '../../electron/core/monitoring/prometheus/wire';
import { readAnswer } from '../../electron/core/monitoring/prometheus/client';
import { recordedResponse } from './support/fixtures';

const provenance = {
  backend: 'prometheus' as const,
  connection: 'prom',
  url: 'http://127.0.0.1:9090',
  serverVersion: '2.42.0',
  query: 'model_feature_drift_score{model="fraud-detector"}',
  evaluatedAt: 1795328085000,
  warnings: [],
};

describe('drift scores → drift history records', () => {
  it('turns a real drift vector into per-feature verdicts against the threshold', () => {
    const result = toResult(readAnswer(recordedResponse('query_drift_over_threshold.json').response, queryDataSchema).data);
    const { scores } = featureScores(result);
    expect(scores).toEqual([
      { feature: 'merchant_category', score: 0.3285, method: 'psi' },
      { feature: 'transaction_amount', score: 0.419, method: 'psi' },
    ]);
    const strict = driftResultFromScores(scores, { driftThreshold: 0.35, driftShare: 0.5 }, provenance, []);
    expect(strict).toMatchObject({ datasetDrift: true, driftShare: 0.5, driftedFeatures: 1, testedFeatures: 2 });
    expect(strict.features.map((f) => [f.name, f.drifted, f.psi, f.pValue])).toEqual([
      ['merchant_category', false, 0.3285, null],
      ['transaction_amount', true, 0.419, null],
    ]);
    const lenient = driftResultFromScores(scores, { driftThreshold: 0.5, driftShare: 0.5 }, provenance, []);
    expect(lenient.datasetDrift).toBe(false);
    expect(strict.reproducibility.currentSource).toBe(
      'prometheus http://127.0.0.1:9090 query=model_feature_drift_score{model="fraud-detector"} time=2026-11-22T06:14:45.000Z',
    );
  });

  it('keeps unknown methods and non-finite scores visible instead of guessing', () => {
    const result = driftResultFromScores(
      [
        { feature: 'a', score: null, method: 'ks' },
        { feature: 'b', score: 0.2, method: 'kl_div' },
      ],
      { driftThreshold: 0.1, driftShare: 0.5 },
      provenance,
      [],
    );
    expect(result.features[0]).toMatchObject({ tested: false, drifted: false, warnings: [expect.stringMatching(/NaN or infinite/)] });
    expect(result.features[1]).toMatchObject({ method: 'psi', drifted: true, warnings: [expect.stringMatching(/"kl_div"/)] });
    expect(result).toMatchObject({ testedFeatures: 1, driftedFeatures: 1, datasetDrift: true });
  });

  it('a scalar is one aggregated score; a matrix is not used', () => {
    const scalar = toResult(readAnswer(recordedResponse('query_scalar_max_drift_fraud.json').response, queryDataSchema).data);
    expect(featureScores(scalar).scores).toEqual([{ feature: '(all)', score: 0.419, method: null }]);
    const matrix = toResult(readAnswer(recordedResponse('query_range_max_drift.json').response, queryDataSchema).data);
    expect(featureScores(matrix)).toMatchObject({ scores: [], warnings: [expect.stringMatching(/matrix/)] });
  });
});
