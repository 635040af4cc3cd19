import { describe, expect, it } from 'vitest';
import type { FeatureDriftRecord } from '@shared/domain/drift';
import { driftStatus, staleAge, verdictText, windowLabel, worstFeature } from './drift-status';

const feature = (over: Partial<FeatureDriftRecord>): FeatureDriftRecord => ({
  name: 'f',
  type: 'numeric',
  method: 'wasserstein',
  selectedBy: 'default',
  statistic: 0.05,
  pValue: null,
  pValueAdjusted: null,
  threshold: 0.1,
  verdictRule: 'distance>=threshold',
  drifted: false,
  tested: true,
  psi: 0.01,
  referenceRows: 100,
  currentRows: 100,
  referenceMissing: 0,
  currentMissing: 0,
  referenceInfinite: 0,
  currentInfinite: 0,
  nUnique: 50,
  details: {},
  also: {},
  warnings: [],
  ...over,
});

describe('drift status', () => {
  it('reads drift, warning, ok and no data from the latest result', () => {
    const base = { driftShareThreshold: 0.5, testedFeatures: 10 };
    expect(driftStatus({ ...base, datasetDrift: true, driftedFeatures: 6 }).label).toBe('Drift');
    expect(driftStatus({ ...base, datasetDrift: false, driftedFeatures: 1 }).state).toBe('warning');
    expect(driftStatus({ ...base, datasetDrift: false, driftedFeatures: 0 }).tone).toBe('ok');
    expect(driftStatus(null).label).toBe('No data');
  });

  it('writes the number against its threshold the way the verdict went', () => {
    expect(verdictText(feature({ statistic: 0.3375, drifted: true }))).toBe('Wasserstein 0.3375 ≥ 0.1');
    expect(verdictText(feature({ method: 'ks', verdictRule: 'p<=threshold', pValue: 0.66, threshold: 0.05 }))).toBe('KS p 0.66 > 0.05');
    expect(verdictText(feature({ method: 'chisquare', verdictRule: 'p<threshold', pValue: 0.01, threshold: 0.05, drifted: true }))).toBe(
      'χ² p 0.01 < 0.05',
    );
  });

  it('picks the feature furthest past its threshold, drifted first', () => {
    const worst = worstFeature({
      features: [
        feature({ name: 'a', statistic: 0.09 }),
        feature({ name: 'b', statistic: 0.2, drifted: true }),
        feature({ name: 'c', method: 'ks', verdictRule: 'p<=threshold', pValue: 0.001, threshold: 0.05, drifted: true }),
      ],
    });
    expect(worst?.name).toBe('c');
  });

  it('calls a result stale after two days and labels windows by their days', () => {
    const end = Date.parse('2026-11-18T00:00:00Z');
    expect(staleAge(end, end + 86_400_000)).toBeNull();
    expect(staleAge(end, end + 4 * 86_400_000)).toBe(4 * 86_400_000);
    expect(windowLabel(Date.parse('2026-11-17T00:00:00Z'), end)).toBe('Nov 17');
    expect(windowLabel(Date.parse('2026-11-11T00:00:00Z'), end)).toBe('Nov 11 – Nov 17');
  });
});
