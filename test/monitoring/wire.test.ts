import { describe, expect, it } from 'vitest';
import { isPrometheusApiError, readAnswer, type PrometheusApiError } from '../../electron/core/monitoring/prometheus/client';
import {
  alertsDataSchema,
  buildInfoSchema,
  queryDataSchema,
  seriesDataSchema,
  stringListSchema,
  toAlerts,
  toResult,
} from '../../electron/core/monitoring/prometheus/wire';
import { fixtureIndex, recordedResponse } from './support/fixtures';

function queryResult(file: string) {
  const { entry, response } = recordedResponse(file);
  const answer = readAnswer(response, queryDataSchema);
  return { entry, answer, result: toResult(answer.data) };
}

function apiError(file: string): PrometheusApiError {
  const { response } = recordedResponse(file);
  try {
    readAnswer(response, queryDataSchema);
  } catch (error) {
    if (isPrometheusApiError(error)) return error;
    throw error;
  }
  throw new Error(`${file} parsed as success`);
}

describe('Prometheus answers (real 2.42 fixtures)', () => {
  it('parses every successful query and range query of the index with its result type and count', () => {
    const queries = fixtureIndex().filter((e) => e.status === 200 && (e.path === '/api/v1/query' || e.path === '/api/v1/query_range'));
    expect(queries.length).toBeGreaterThanOrEqual(15);
    for (const entry of queries) {
      const { result } = queryResult(entry.file);
      expect(result.resultType, entry.file).toBe(entry.resultType);
      if (result.resultType === 'vector' || result.resultType === 'matrix') expect(result.series.length, entry.file).toBe(entry.count);
    }
  });

  it('reads an instant vector with labels and numbers', () => {
    const { result } = queryResult('query_drift_over_threshold.json');
    expect(result).toEqual({
      resultType: 'vector',
      series: [
        {
          metric: expect.objectContaining({ feature: 'merchant_category', method: 'psi', model: 'fraud-detector', version: 'v3' }),
          sample: { time: 1795328085, value: 0.3285, raw: '0.3285' },
        },
        {
          metric: expect.objectContaining({ feature: 'transaction_amount', model: 'fraud-detector' }),
          sample: { time: 1795328085, value: 0.419, raw: '0.419' },
        },
      ],
    });
  });

  it('reads a range matrix, a scalar and an empty vector', () => {
    const matrix = queryResult('query_range_p95_latency.json').result;
    expect(matrix.resultType).toBe('matrix');
    if (matrix.resultType !== 'matrix') return;
    expect(matrix.series.map((s) => s.metric.model)).toEqual(['churn-predictor', 'credit-risk-scorer', 'fraud-detector']);
    expect(matrix.series[0]?.samples[0]).toEqual({ time: 1795328005, value: 0.0999253316655119, raw: '0.0999253316655119' });
    expect(matrix.series.every((s) => s.samples.length === 6)).toBe(true);

    expect(queryResult('query_scalar_max_drift_fraud.json').result).toEqual({
      resultType: 'scalar',
      sample: { time: 1795328085, value: 0.419, raw: '0.419' },
    });
    expect(queryResult('query_empty_result.json').result).toEqual({ resultType: 'vector', series: [] });
  });

  it('reads the string result type and keeps NaN/Inf as text with a null number', () => {
    // Prometheus 2.42 answers `query=“text”` with resultType string; no fixture has one, so it is built the same way.
    const { response } = recordedResponse('query_scalar_max_drift_fraud.json');
    const stringAnswer = {
      ...response,
      text: JSON.stringify({ status: 'success', data: { resultType: 'string', result: [1795328085, 'hello'] } }),
    };
    expect(toResult(readAnswer(stringAnswer, queryDataSchema).data)).toEqual({ resultType: 'string', time: 1795328085, value: 'hello' });
    const nanAnswer = { ...response, text: JSON.stringify({ status: 'success', data: { resultType: 'scalar', result: [1, 'NaN'] } }) };
    expect(toResult(readAnswer(nanAnswer, queryDataSchema).data)).toEqual({
      resultType: 'scalar',
      sample: { time: 1, value: null, raw: 'NaN' },
    });
    const inf = { ...response, text: JSON.stringify({ status: 'success', data: { resultType: 'scalar', result: [1, '+Inf'] } }) };
    expect(toResult(readAnswer(inf, queryDataSchema).data)).toMatchObject({ sample: { value: null, raw: '+Inf' } });
  });

  it('keeps warnings and infos Prometheus sends beside the data', () => {
    const { response } = recordedResponse('query_empty_result.json');
    const withWarnings = {
      ...response,
      text: JSON.stringify({
        status: 'success',
        data: { resultType: 'vector', result: [] },
        warnings: ['partial response'],
        infos: ['note'],
      }),
    };
    const answer = readAnswer(withWarnings, queryDataSchema);
    expect(answer.warnings).toEqual(['partial response']);
    expect(answer.infos).toEqual(['note']);
  });

  it('parses series, labels, label values and alerts', () => {
    const series = readAnswer(recordedResponse('series_drift_fraud_detector.json').response, seriesDataSchema);
    expect(series.data).toHaveLength(5);
    expect(series.data[0]).toMatchObject({ __name__: 'model_feature_drift_score', model: 'fraud-detector' });
    expect(readAnswer(recordedResponse('labels_model_metrics.json').response, stringListSchema).data).toContain('feature');
    expect(readAnswer(recordedResponse('label_values_model.json').response, stringListSchema).data).toEqual([
      'churn-predictor',
      'credit-risk-scorer',
      'fraud-detector',
    ]);
    const alerts = toAlerts(readAnswer(recordedResponse('alerts.json').response, alertsDataSchema).data);
    expect(alerts).toHaveLength(3);
    expect(alerts[0]).toMatchObject({
      name: 'ModelFeatureDriftHigh',
      state: 'firing',
      labels: { model: 'fraud-detector', feature: 'transaction_amount' },
      activeAt: Date.parse('2026-11-22T06:14:02.984Z'),
      value: '4.19e-01',
    });
  });

  it('surfaces the three real error answers verbatim, with errorType and status', () => {
    const badPromql = apiError('query_error_bad_promql.json');
    expect(badPromql.status).toBe(400);
    expect(badPromql.errorType).toBe('bad_data');
    expect(badPromql.prometheusError).toBe(
      'invalid parameter "query": 1:15: parse error: unexpected "(" in grouping opts, expected "," or ")"',
    );
    expect(badPromql.message).toContain(badPromql.prometheusError);
    expect(badPromql.isQueryError).toBe(true);
    expect(badPromql.kind).toBe('bad-request');

    const zeroStep = apiError('query_range_error_bad_step.json');
    expect(zeroStep.status).toBe(400);
    expect(zeroStep.prometheusError).toBe(
      'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer',
    );

    const manyToMany = apiError('query_error_execution_many_to_many.json');
    expect(manyToMany.status).toBe(422);
    expect(manyToMany.errorType).toBe('execution');
    // Longer than any shortened message would keep: the whole text, as Prometheus sent it.
    expect(manyToMany.prometheusError).toMatch(
      /^found duplicate series .*many-to-many matching not allowed: matching labels must be unique on one side$/,
    );
    expect(manyToMany.message).toContain(manyToMany.prometheusError);
  });

  it('classifies answers that are not Prometheus envelopes', () => {
    const { response } = recordedResponse('query_empty_result.json');
    expect(() => readAnswer({ ...response, status: 404, contentType: 'text/plain', text: '404 page not found' }, queryDataSchema)).toThrow(
      /no endpoint \/api\/v1\/query \(404 Not Found\)/,
    );
    expect(() => readAnswer({ ...response, status: 401, contentType: 'text/plain', text: 'Unauthorized' }, queryDataSchema)).toThrow(
      /rejected the credentials/,
    );
    expect(() => readAnswer({ ...response, text: '<html>' }, queryDataSchema)).toThrow(/not JSON/);
    expect(() =>
      readAnswer({ ...response, text: '{"status":"success","data":{"resultType":"vector","result":[{"metric":{}}]}}' }, queryDataSchema),
    ).toThrow(/unexpected shape: field "data\.result\.0\.value"/);
    expect(() => readAnswer({ ...response, text: '{"status":"success","data":{"version":"2.42.0"}}' }, buildInfoSchema)).not.toThrow();
  });
});
