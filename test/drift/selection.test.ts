import { describe, expect, it } from 'vitest';
import { computeDrift } from '../../electron/core/drift/engine';
import { DEFAULT_THRESHOLDS, defaultMethod, VERDICT_RULES } from '../../electron/core/drift/selection';
import type { ColumnType, DriftMethod } from '../../electron/core/drift/types';
import { categorical, numeric, table } from './support/tables';

/*
 * Evidently 0.7's `_get_default_stattest`, row by row: n_ref = non-null reference rows,
 * n_unique = distinct non-null values over both samples.
 */
const RULES: { type: ColumnType; nRef: number; nUnique: number; method: DriftMethod }[] = [
  { type: 'numeric', nRef: 1000, nUnique: 6, method: 'ks' },
  { type: 'numeric', nRef: 1000, nUnique: 5, method: 'chisquare' },
  { type: 'numeric', nRef: 1000, nUnique: 3, method: 'chisquare' },
  { type: 'numeric', nRef: 1000, nUnique: 2, method: 'z' },
  { type: 'numeric', nRef: 1000, nUnique: 1, method: 'z' },
  { type: 'categorical', nRef: 1000, nUnique: 40, method: 'chisquare' },
  { type: 'categorical', nRef: 1000, nUnique: 3, method: 'chisquare' },
  { type: 'categorical', nRef: 1000, nUnique: 2, method: 'z' },
  { type: 'numeric', nRef: 1001, nUnique: 6, method: 'wasserstein' },
  { type: 'numeric', nRef: 1001, nUnique: 5, method: 'jensenshannon' },
  { type: 'numeric', nRef: 1001, nUnique: 2, method: 'jensenshannon' },
  { type: 'categorical', nRef: 1001, nUnique: 40, method: 'jensenshannon' },
  { type: 'categorical', nRef: 1001, nUnique: 2, method: 'jensenshannon' },
];

/** A reference of nRef values and a current of 50 values that together have nUnique distinct values. */
function samples(nRef: number, nUnique: number): { ref: number[]; cur: number[] } {
  const ref = Array.from({ length: nRef }, (_, i) => i % Math.max(1, nUnique - 1));
  const cur = Array.from({ length: 50 }, (_, i) => (i === 0 ? nUnique - 1 : i % Math.max(1, nUnique - 1)));
  return { ref, cur };
}

describe("Evidently's default test selection", () => {
  it.each(RULES)('$type, n_ref=$nRef, n_unique=$nUnique → $method', async ({ type, nRef, nUnique, method }) => {
    expect(defaultMethod(type, nRef, nUnique)).toBe(method);
    const { ref, cur } = samples(nRef, nUnique);
    const dict = Array.from({ length: nUnique }, (_, i) => `v${i}`);
    const [r, c] = type === 'numeric' ? [numeric('f', ref), numeric('f', cur)] : [categorical('f', dict, ref), categorical('f', dict, cur)];
    const result = await computeDrift(table(r), table(c), { parallel: 'never' });
    const feature = result.features[0];
    expect(feature?.nUnique).toBe(nUnique);
    expect(feature?.referenceRows).toBe(nRef);
    expect(feature?.method).toBe(method);
    expect(feature?.threshold).toBe(DEFAULT_THRESHOLDS[method]);
    expect(feature?.selectedBy).toBe('default');
  });

  it('counts n_ref after dropping missing values, as Evidently does', async () => {
    // 1,200 rows of which 300 are missing: n_ref = 900 <= 1000, so KS, not Wasserstein.
    const ref = Array.from({ length: 1200 }, (_, i) => (i % 4 === 0 ? Number.NaN : i));
    const result = await computeDrift(table(numeric('f', ref)), table(numeric('f', [1, 2, 3, 4, 5, 6, 7])), { parallel: 'never' });
    expect(result.features[0]?.referenceRows).toBe(900);
    expect(result.features[0]?.method).toBe('ks');
  });

  it('uses the verdict comparisons of Evidently', () => {
    expect(VERDICT_RULES).toEqual({
      ks: 'p<=threshold',
      chisquare: 'p<threshold',
      z: 'p<threshold',
      wasserstein: 'distance>=threshold',
      jensenshannon: 'distance>=threshold',
      psi: 'distance>=threshold',
    });
    expect(DEFAULT_THRESHOLDS).toEqual({ ks: 0.05, chisquare: 0.05, z: 0.05, wasserstein: 0.1, jensenshannon: 0.1, psi: 0.1 });
  });
});
