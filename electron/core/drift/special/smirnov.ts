import { MACHEP, MINLOG } from './constants';

/*
 * One-sided Kolmogorov–Smirnov survival function  P(D+_n >= x)  — SciPy's `smirnov(n, x)`.
 *
 * Birnbaum & Tingey (1951) / Smirnov (1944):
 *   P(D+_n >= x) = x · Σ_{v=0}^{⌊n(1−x)⌋} C(n,v) (1 − x − v/n)^(n−v) (x + v/n)^(v−1)
 * Every term is positive, so the sum is well conditioned. SciPy (Cephes kolmogorov.c, by
 * P. van Mulbregt, arXiv:1802.06966) carries the terms in double-double with a separate
 * binary exponent; here each term is carried as a natural logarithm in plain doubles
 * (binomial kept as mantissa × 2^exponent, so it accumulates only one rounding per step),
 * and summed with a running scale. That bounds the relative error near 1e-10 for n up to
 * 10^6 — well inside what the drift engine needs — at a fraction of the cost.
 * Special cases, the n > 10^6 approximation and the early stop follow SciPy's branches.
 */

const SMIRNOV_MAX_COMPUTE_N = 1_000_000;
const RENORMALIZE_ABOVE = 2 ** 100;
const RENORMALIZE_BELOW = 2 ** -100;

/** Exact floor(n·x) and remainder for integer n and double x (Dekker two-product). */
export function modNX(n: number, x: number): { floor: number; alpha: number } {
  const p = n * x;
  const err = twoProductError(n, x, p);
  let floor = Math.floor(p);
  let alpha = p - floor + err;
  if (alpha < 0) {
    floor -= 1;
    alpha += 1;
  }
  if (alpha >= 1) {
    floor += 1;
    alpha -= 1;
  }
  return { floor, alpha };
}

const SPLITTER = 134217729; // 2^27 + 1
function split(a: number): [number, number] {
  const c = SPLITTER * a;
  const hi = c - (c - a);
  return [hi, a - hi];
}
/** The rounding error of p = a·b, so a·b = p + error exactly. */
function twoProductError(a: number, b: number, p: number): number {
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

export function smirnovSf(n: number, x: number): number {
  if (!(n > 0) || !(x >= 0) || !(x <= 1) || !Number.isInteger(n)) return Number.NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;

  const { floor: nxfl, alpha } = modNX(n, x);
  let n1mxfl = n - nxfl - (alpha === 0 ? 0 : 1);
  if (alpha === 0) n1mxfl -= 1;

  // x <= 1/n: P(D+ >= x) = 1 − x(1+x)^(n−1).
  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) {
    const cdf = x * Math.exp((n - 1) * Math.log1p(x));
    return clip01(1 - cdf);
  }
  if (-2 * n * x * x < MINLOG) return 0;
  // x >= 1 − 1/n: only the v = 0 term survives.
  if (nxfl >= n - 1) return clip01(Math.exp(n * Math.log1p(-x)));
  if (n > SMIRNOV_MAX_COMPUTE_N) {
    // p ≈ exp(−(6nx+1)^2 / 18n)
    const logp = -Math.pow(6 * n * x + 1, 2) / 18 / n;
    return clip01(logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp));
  }

  // Lower sum over v = 0 .. n1mxfl. log C(n, v) is tracked as mantissa·2^exponent.
  const nTerms = n1mxfl + 1;
  const logN = Math.log(n);
  let cMantissa = 1;
  let cExponent = 0;
  let scale = Number.NEGATIVE_INFINITY; // log of the current reference magnitude
  let sum = 0; // Σ exp(logA_v − scale)
  const vmid = Math.floor(n / 2);
  for (let v = 0; v < nTerms; v++) {
    // 1 − x − v/n = ((n − v − ⌊nx⌋) − α)/n and x + v/n = (v + ⌊nx⌋ + α)/n, both without cancellation.
    const lower = n - v - nxfl - alpha;
    const upper = v + nxfl + alpha;
    const logTerm = Math.log(cMantissa) + cExponent * Math.LN2 + (n - v) * (Math.log(lower) - logN) + (v - 1) * (Math.log(upper) - logN);
    if (logTerm > scale) {
      sum = sum * Math.exp(scale - logTerm) + 1;
      scale = logTerm;
    } else {
      const term = Math.exp(logTerm - scale);
      sum += term;
      // Safe to stop once the remaining terms cannot move the sum (SciPy's criterion).
      if (4 * (nTerms - v) * term < MACHEP * sum && v !== nTerms - 1) break;
      if (term === 0 && v > vmid) break;
    }
    // C(n, v+1) = C(n, v)·(n − v)/(v + 1), renormalized by an exact power of two.
    cMantissa *= (n - v) / (v + 1);
    if (cMantissa > RENORMALIZE_ABOVE || cMantissa < RENORMALIZE_BELOW) {
      const e = Math.floor(Math.log2(cMantissa));
      cMantissa *= Math.pow(2, -e);
      cExponent += e;
    }
  }
  const logProb = Math.log(x) + scale + Math.log(sum);
  return clip01(Math.exp(logProb));
}

function clip01(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}
