import { kolmogornSf } from './kolmogorov';

/*
 * P-value of the two-sided two-sample Kolmogorov–Smirnov test, as SciPy's
 * `ks_2samp(..., method='auto')` (scipy/stats/_stats_py.py and _stats_pythran.py):
 *   - exact when both samples have at most 10,000 values: lattice-path counting after
 *     Hodges (1958); the equal-n case by the Horner-like alternating sum
 *     (`_compute_prob_outside_square`), otherwise the "inside" recursion computing 1 − p
 *     directly (Viehmann, arXiv:2102.08037, `_compute_outer_prob_inside_method`);
 *   - asymptotic otherwise: kstwo.sf(d, round(n1·n2/(n1+n2))).
 * In exact mode SciPy snaps d to h/lcm(n1, n2) and returns that as the statistic; so do we.
 */

export const KS_MAX_EXACT_N = 10_000;

export interface KsPValue {
  statistic: number;
  pValue: number;
  mode: 'exact' | 'asymptotic';
}

export function ksTwoSamplePValue(d: number, n1: number, n2: number): KsPValue {
  if (!(n1 >= 1) || !(n2 >= 1)) return { statistic: d, pValue: Number.NaN, mode: 'asymptotic' };
  let statistic = d;
  if (Math.max(n1, n2) <= KS_MAX_EXACT_N) {
    const exact = attemptExact(n1, n2, d);
    if (exact.ok) return { statistic: exact.d, pValue: clip(exact.p), mode: 'exact' };
    statistic = exact.d;
  }
  const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
  const en = (m * n) / (m + n);
  return { statistic, pValue: clip(kolmogornSf(roundHalfEven(en), statistic)), mode: 'asymptotic' };
}

function attemptExact(n1: number, n2: number, d: number): { ok: boolean; d: number; p: number } {
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = roundHalfEven(d * lcm);
  const snapped = h / lcm;
  if (h === 0) return { ok: true, d: snapped, p: 1 };
  const p = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInsideMethod(n1, n2, g, h);
  if (!Number.isFinite(p) || p < 0 || p > 1) return { ok: false, d: snapped, p };
  return { ok: true, d: snapped, p };
}

/** P(D_{n,n} >= h/n) = 2·(A0 − A0A1 + A0A1A2 − …), evaluated Horner-style to avoid cancellation. */
export function probOutsideSquare(n: number, h: number): number {
  let P = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
  }
  return 2 * P;
}

/**
 * 1 − (paths from (0,0) to (m,n) staying strictly inside |x/m − y/n| < h/lcm) / C(m+n, n),
 * with one sliding column of the lattice kept and normalized as it goes.
 */
export function outerProbInsideMethod(m0: number, n0: number, g: number, h: number): number {
  const [m, n] = m0 >= n0 ? [m0, n0] : [n0, m0];
  const mg = Math.floor(m / g);
  const ng = Math.floor(n / g);
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  A.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = ((A[jj + minj - lastminj] ?? 0) * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return A[maxj - minj - 1] ?? Number.NaN;
}

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** numpy.round: halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  if (Math.abs(x % 1) === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}

function clip(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}
