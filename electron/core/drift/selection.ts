import type { ColumnType, DriftMethod, VerdictRule } from './types';

/*
 * Evidently's default test selection (`_get_default_stattest`, legacy/calculations/
 * stattests/registry.py, 0.7.x), on samples already cleaned of missing values:
 *   n_ref <= 1000: numeric with n_unique > 5 → ks; numeric with 3–5 values → chisquare;
 *                  categorical with > 2 values → chisquare; 2 values or fewer → z;
 *   n_ref >  1000: numeric with n_unique > 5 → wasserstein; anything else → jensenshannon.
 */
export const SMALL_REFERENCE_ROWS = 1000;

export function defaultMethod(type: ColumnType, referenceRows: number, nUnique: number): DriftMethod {
  if (referenceRows <= SMALL_REFERENCE_ROWS) {
    if (type === 'numeric' && nUnique > 5) return 'ks';
    return nUnique > 2 ? 'chisquare' : 'z';
  }
  if (type === 'numeric' && nUnique > 5) return 'wasserstein';
  return 'jensenshannon';
}

/** Evidently's default thresholds per test. */
export const DEFAULT_THRESHOLDS: Readonly<Record<DriftMethod, number>> = {
  ks: 0.05,
  chisquare: 0.05,
  z: 0.05,
  wasserstein: 0.1,
  jensenshannon: 0.1,
  psi: 0.1,
};

/** Evidently's comparisons: KS drifts at p <= t, chi-square and Z at p < t, distances at d >= t. */
export const VERDICT_RULES: Readonly<Record<DriftMethod, VerdictRule>> = {
  ks: 'p<=threshold',
  chisquare: 'p<threshold',
  z: 'p<threshold',
  wasserstein: 'distance>=threshold',
  jensenshannon: 'distance>=threshold',
  psi: 'distance>=threshold',
};

export function isPValueMethod(method: DriftMethod): boolean {
  return VERDICT_RULES[method] !== 'distance>=threshold';
}

/** Which column types a method accepts (KS and Wasserstein need an order on the values). */
export function methodApplies(method: DriftMethod, type: ColumnType): boolean {
  return type === 'numeric' || (method !== 'ks' && method !== 'wasserstein');
}

/** Applies a verdict rule; NaN never drifts, as in Evidently (NaN comparisons are false). */
export function isDrifted(rule: VerdictRule, value: number | null, threshold: number): boolean {
  if (value === null || Number.isNaN(value)) return false;
  switch (rule) {
    case 'p<=threshold':
      return value <= threshold;
    case 'p<threshold':
      return value < threshold;
    case 'distance>=threshold':
      return value >= threshold;
  }
}
