import { expect } from 'vitest';

/** The tolerances: statistics and distances 1e-9 relative; p-values 1e-6 relative or 1e-12 absolute. */
export const STAT_RTOL = 1e-9;
export const P_RTOL = 1e-6;
export const P_ATOL = 1e-12;

export interface Worst {
  statistic: number;
  pValue: number;
}

export const worst: Worst = { statistic: 0, pValue: 0 };

function relative(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.abs(expected);
}

export function expectStatistic(actual: number | null, expected: number, label: string): void {
  if (!Number.isFinite(expected)) {
    // The engine reports a non-finite statistic as null (JSON cannot carry it).
    expect(actual, `${label}: SciPy gives ${expected}`).toBeNull();
    return;
  }
  expect(actual, `${label}: statistic`).not.toBeNull();
  const a = actual as number;
  const rel = expected === 0 ? Math.abs(a) : relative(a, expected);
  worst.statistic = Math.max(worst.statistic, rel);
  expect(rel <= STAT_RTOL || (expected === 0 && Math.abs(a) < 1e-15), `${label}: statistic ${a} vs SciPy ${expected} (rel ${rel})`).toBe(
    true,
  );
}

export function expectPValue(actual: number | null, expected: number, label: string): void {
  if (Number.isNaN(expected)) {
    expect(actual, `${label}: SciPy gives NaN`).toBeNull();
    return;
  }
  expect(actual, `${label}: p-value`).not.toBeNull();
  const a = actual as number;
  const abs = Math.abs(a - expected);
  const rel = expected === 0 ? (a === 0 ? 0 : Number.POSITIVE_INFINITY) : relative(a, expected);
  if (expected > 1e-300) worst.pValue = Math.max(worst.pValue, rel);
  expect(abs <= P_ATOL || rel <= P_RTOL, `${label}: p-value ${a} vs SciPy ${expected} (rel ${rel}, abs ${abs})`).toBe(true);
}
