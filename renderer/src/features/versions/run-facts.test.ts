import { describe, expect, it } from 'vitest';
import { datasetLocation, finalMetrics } from './run-facts';

describe('finalMetrics', () => {
  it('keeps the last value of each key, sorted by key', () => {
    const metrics = finalMetrics([
      { key: 'val_auc', value: 0.8, step: 1, timestamp: 10 },
      { key: 'val_auc', value: 0.9, step: 3, timestamp: 30 },
      { key: 'val_auc', value: 0.85, step: 2, timestamp: 40 },
      { key: 'loss', value: 0.5, step: 0, timestamp: 10 },
      { key: 'loss', value: 0.4, step: 0, timestamp: 20 },
    ]);
    expect(metrics.map((m) => [m.key, m.value])).toEqual([
      ['loss', 0.4],
      ['val_auc', 0.9],
    ]);
  });
});

describe('datasetLocation', () => {
  it('reads MLflow source JSON', () => {
    expect(datasetLocation('{"url":"s3://a/b","uri":"s3://a/b/"}')).toBe('s3://a/b/');
    expect(datasetLocation('{"path":"/data/x.csv"}')).toBe('/data/x.csv');
  });

  it('keeps other text as it came', () => {
    expect(datasetLocation('s3://plain')).toBe('s3://plain');
    expect(datasetLocation('{"other":1}')).toBe('{"other":1}');
    expect(datasetLocation(null)).toBeNull();
    expect(datasetLocation('  ')).toBeNull();
  });
});
