/* eslint-disable no-loss-of-precision -- Cephes/SciPy coefficients are kept digit for digit as published; parsing rounds them to the nearest double, as the C compilers do. */
import { MAXLOG } from './constants';
import { p1evl, polevl } from './polevl';

/*
 * Error function and the normal distribution, after Cephes ndtr.c (S. L. Moshier,
 * Cephes Math Library 2.2, 1992), the code behind SciPy's `ndtr`/`norm.cdf`.
 * Rational approximations: erf on |x| < 1 (T/U), erfc on 1 <= x < 8 (P/Q) and x >= 8 (R/S).
 */

const P = [
  2.46196981473530512524e-10, 5.64189564831068821977e-1, 7.46321056442269912687, 4.86371970985681366614e1, 1.96520832956077098242e2,
  5.26445194995477358631e2, 9.3452852717195760754e2, 1.02755188689515710272e3, 5.57535335369399327526e2,
];
const Q = [
  1.32281951154744992508e1, 8.67072140885989742329e1, 3.54937778887819891062e2, 9.75708501743205489753e2, 1.82390916687909736289e3,
  2.24633760818710981792e3, 1.65666309194161350182e3, 5.57535340817727675546e2,
];
const R = [
  5.64189583547755073984e-1, 1.27536670759978104416, 5.01905042251180477414, 6.16021097993053585195, 7.4097426995044893916,
  2.9788666537210024067,
];
const S = [
  2.2605286322011727659, 9.39603524938001434673, 1.20489539808096656605e1, 1.70814450747565897222e1, 9.60896809063285878198,
  3.3690764510008151605,
];
const T = [9.60497373987051638749, 9.00260197203842689217e1, 2.23200534594684319226e3, 7.00332514112805075473e3, 5.55923013010394962768e4];
const U = [
  3.35617141647503099647e1, 5.21357949780152679795e2, 4.59432382970980127987e3, 2.26290000613890934246e4, 4.92673942608635921086e4,
];

export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return -erf(-x);
  if (x > 1) return 1 - erfc(x);
  const z = x * x;
  return (x * polevl(z, T)) / p1evl(z, U);
}

export function erfc(a: number): number {
  if (Number.isNaN(a)) return Number.NaN;
  const x = Math.abs(a);
  if (x < 1) return 1 - erf(a);
  const z = -a * a;
  if (z < -MAXLOG) return a < 0 ? 2 : 0;
  const e = Math.exp(z);
  const y = x < 8 ? (e * polevl(x, P)) / p1evl(x, Q) : (e * polevl(x, R)) / p1evl(x, S);
  const result = a < 0 ? 2 - y : y;
  if (result === 0) return a < 0 ? 2 : 0;
  return result;
}

/** Standard normal CDF Φ(a). */
export function normalCdf(a: number): number {
  if (Number.isNaN(a)) return Number.NaN;
  const x = a * Math.SQRT1_2;
  const z = Math.abs(x);
  if (z < 1) return 0.5 + 0.5 * erf(x);
  const y = 0.5 * erfc(z);
  return x > 0 ? 1 - y : y;
}

/** Standard normal survival function 1 − Φ(a), computed without cancellation in the tail. */
export function normalSf(a: number): number {
  return normalCdf(-a);
}
