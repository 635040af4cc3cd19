import { chiSquareSf } from '../special/gamma';
import { normalSf } from '../special/normal';
import { fillZeros, type Shares } from './binning';

/*
 * The statistics that work on counts or shares, each as Evidently 0.7 calls SciPy:
 * chi-square (`_chi_stat_test` → scipy.stats.chisquare), two-proportion Z
 * (`_z_stat_test`), Jensen–Shannon (`_jensenshannon` → scipy.spatial.distance.
 * jensenshannon, natural log) and PSI (`_psi`).
 */

export interface ChiSquare {
  statistic: number;
  pValue: number;
  degreesOfFreedom: number;
}

/** Observed current counts against reference counts scaled by n_cur/n_ref, over the union of values. */
export function chiSquare(refCounts: Float64Array, curCounts: Float64Array): ChiSquare {
  let nRef = 0;
  let nCur = 0;
  let k = 0;
  for (let i = 0; i < refCounts.length; i++) {
    const r = refCounts[i] ?? 0;
    const c = curCounts[i] ?? 0;
    nRef += r;
    nCur += c;
    if (r > 0 || c > 0) k++;
  }
  const scale = nCur / nRef;
  let statistic = 0;
  for (let i = 0; i < refCounts.length; i++) {
    const r = refCounts[i] ?? 0;
    const observed = curCounts[i] ?? 0;
    if (r === 0 && observed === 0) continue;
    const expected = r * scale;
    // A value absent from the reference has expected count 0: SciPy gives +inf and p = 0.
    statistic += ((observed - expected) * (observed - expected)) / expected;
  }
  const degreesOfFreedom = k - 1;
  return { statistic, pValue: chiSquareSf(statistic, degreesOfFreedom), degreesOfFreedom };
}

export interface ZTest {
  statistic: number;
  pValue: number;
}

/**
 * Two-proportion Z-test of "not the smallest value" between the samples. Evidently's p is
 * 2·(1 − Φ(|z|)); 2·Φ(−|z|) is the same number without the cancellation in the tail.
 * @param firstKey index of the smallest value (Python's sorted order) in the count arrays
 */
export function zTest(refCounts: Float64Array, curCounts: Float64Array, firstKey: number): ZTest {
  let n1 = 0;
  let n2 = 0;
  let refDistinct = 0;
  let curDistinct = 0;
  let sameSingle = true;
  for (let i = 0; i < refCounts.length; i++) {
    const r = refCounts[i] ?? 0;
    const c = curCounts[i] ?? 0;
    n1 += r;
    n2 += c;
    if (r > 0) refDistinct++;
    if (c > 0) curDistinct++;
    if (r > 0 !== c > 0) sameSingle = false;
  }
  if (refDistinct === 1 && curDistinct === 1 && sameSingle) return { statistic: 0, pValue: 1 };
  const p1 = (n1 - (refCounts[firstKey] ?? 0)) / n1;
  const p2 = (n2 - (curCounts[firstKey] ?? 0)) / n2;
  const P = (p1 * n1 + p2 * n2) / (n1 + n2);
  const z = (p1 - p2) / Math.sqrt(P * (1 - P) * (1 / n1 + 1 / n2));
  return { statistic: z, pValue: 2 * normalSf(Math.abs(z)) };
}

function relEntr(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Number.POSITIVE_INFINITY;
}

/** Jensen–Shannon distance (square root of the divergence), natural logarithm, unfilled shares. */
export function jensenShannon(shares: Shares): number {
  const p = normalize(shares.reference);
  const q = normalize(shares.current);
  let left = 0;
  let right = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] ?? 0;
    const qi = q[i] ?? 0;
    const m = (pi + qi) / 2;
    left += relEntr(pi, m);
    right += relEntr(qi, m);
  }
  return Math.sqrt((left + right) / 2);
}

function normalize(values: Float64Array): Float64Array {
  let sum = 0;
  for (const v of values) sum += v;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = (values[i] ?? 0) / sum;
  return out;
}

/** PSI = Σ (ref − cur)·ln(ref/cur) over bins, with empty bins filled per sample. */
export function psi(shares: Shares): number {
  const r = fillZeros(shares.reference);
  const c = fillZeros(shares.current);
  let sum = 0;
  for (let i = 0; i < r.length; i++) {
    const a = r[i] ?? 0;
    const b = c[i] ?? 0;
    sum += (a - b) * Math.log(a / b);
  }
  return sum;
}

/** Population standard deviation (numpy.std, ddof=0), with compensated sums. */
export function populationStd(values: Float64Array): number {
  const n = values.length;
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] ?? 0;
    const t = sum + v;
    comp += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  const mean = (sum + comp) / n;
  let sq = 0;
  let sqComp = 0;
  for (let i = 0; i < n; i++) {
    const d = (values[i] ?? 0) - mean;
    const v = d * d;
    const t = sq + v;
    sqComp += sq >= v ? sq - t + v : v - t + sq;
    sq = t;
  }
  return Math.sqrt((sq + sqComp) / n);
}
