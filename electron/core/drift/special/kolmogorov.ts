/* eslint-disable no-loss-of-precision -- Cephes/SciPy coefficients are kept digit for digit as published; parsing rounds them to the nearest double, as the C compilers do. */
import { smirnovSf } from './smirnov';

/*
 * Two-sided one-sample Kolmogorov–Smirnov distribution of D_n — SciPy's `kstwo`, which
 * `ks_2samp` evaluates at n = round(n1·n2/(n1+n2)) in its asymptotic mode. A port of
 * scipy/stats/_ksstats.py (`_kolmogn` and helpers), which follows Simard & L'Ecuyer,
 * "Computing the Two-Sided Kolmogorov-Smirnov Distribution", J. Stat. Softw. 39(11), 2011:
 *   - Ruben–Gambino closed forms for x <= 1/n and x >= 1 − 1/n;
 *   - 2·smirnov(n, x) for x >= 0.5 and in the upper tail;
 *   - Durbin's matrix (Marsaglia, Tsang & Wang 2003) or Pomeranz's recursion (1974) for
 *     n <= 140, and the Pelz–Good (1976) asymptotic series for large n.
 * SciPy scales some intermediates with 80-bit long doubles; doubles here differ only in
 * the last bits.
 */

const E128 = 128;
const EP128 = 2 ** 128;
const EM128 = 2 ** -128;
const SQRT2PI = Math.sqrt(2 * Math.PI);
const LOG_2PI = Math.log(2 * Math.PI);
const MIN_LOG = -708;
const SQRT3 = Math.sqrt(3);
const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;
const STIRLING_COEFFS = [
  -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4, -5.952380952380952381e-4,
  7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
];

function clip(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

/** log(n!/n^n) by Stirling, with n·log(n) removed up front. */
function logNFactorialOverNPowN(n: number): number {
  const rn = 1 / n;
  let poly = 0;
  for (const c of STIRLING_COEFFS) poly = poly * (rn / n) + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

/** P(D_n <= d) by Durbin's matrix method, MTW formulation. */
function kolmogornDurbinCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;

  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - h ** j) * fac;
  }
  const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + tt) * fac;

  let H: Float64Array = new Float64Array(m * m);
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - (i - 1)] ?? 0;
  }
  for (let r = 0; r < m; r++) H[r * m] = v[r] ?? 0;
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c] ?? 0;

  let power: Float64Array = identity(m);
  let nn = n;
  let exponent = 0;
  let hExponent = 0;
  while (nn > 0) {
    if (nn % 2) {
      power = matmul(power, H, m);
      exponent += hExponent;
    }
    H = matmul(H, H, m);
    hExponent *= 2;
    if (Math.abs(H[(k - 1) * m + (k - 1)] ?? 0) > EP128) {
      for (let i = 0; i < H.length; i++) H[i] = (H[i] ?? 0) / EP128;
      hExponent += E128;
    }
    nn = Math.floor(nn / 2);
  }
  let p = power[(k - 1) * m + (k - 1)] ?? 0;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < EM128) {
      p *= EP128;
      exponent -= E128;
    }
  }
  if (exponent !== 0) p *= 2 ** exponent;
  return clip(p);
}

function identity(m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) out[i * m + i] = 1;
  return out;
}

function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k] ?? 0;
      if (aik === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j] = (out[i * m + j] ?? 0) + aik * (b[k * m + j] ?? 0);
    }
  }
  return out;
}

function pomeranzJ1J2(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const ip1div2 = Math.floor((i + 1) / 2);
    const ip1mod2 = (i + 1) % 2;
    if (ip1mod2 === 0) {
      if (ip1div2 === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = ip1div2 - 1 - ll - roundf - 1;
        j2 = ip1div2 + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = ip1div2 - 1 - ll - 1;
      j2 = ip1div2 + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** P(D_n <= x) by Pomeranz's recursion. */
function kolmogornPomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  const gpower = new Float64Array(npwrs);
  const twogpower = new Float64Array(npwrs);
  const onem2gpower = new Float64Array(npwrs);
  gpower[0] = 1;
  twogpower[0] = 1;
  onem2gpower[0] = 1;
  const gOverN = g / n;
  const twoGOverN = (2 * g) / n;
  const oneMinusTwoGOverN = (1 - 2 * g) / n;
  for (let m = 1; m < npwrs; m++) {
    gpower[m] = ((gpower[m - 1] ?? 0) * gOverN) / m;
    twogpower[m] = ((twogpower[m - 1] ?? 0) * twoGOverN) / m;
    onem2gpower[m] = ((onem2gpower[m - 1] ?? 0) * oneMinusTwoGOverN) / m;
  }

  let V0 = new Float64Array(npwrs);
  let V1 = new Float64Array(npwrs);
  V1[0] = 1;
  let V0s = 0;
  let V1s = 0;
  let exponent = 0;
  // Only the row start carries over between rows; the end is recomputed for each row.
  let [j1] = pomeranzJ1J2(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [V0, V1] = [V1, V0];
    [V0s, V1s] = [V1s, V0s];
    V1.fill(0);
    const [nextJ1, j2] = pomeranzJ1J2(i, n, ll, ceilf, roundf);
    j1 = nextJ1;
    const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower;
    const ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      // Full convolution of V0[k1−V0s : +ln2] with pwrs[: ln2], as numpy.convolve.
      const aStart = k1 - V0s;
      const aLen = Math.max(0, Math.min(ln2, npwrs - aStart));
      const bLen = Math.min(ln2, npwrs);
      const convStart = j1 - k1;
      const convLen = j2 - j1 + 1;
      for (let c = 0; c < convLen; c++) {
        const idx = convStart + c;
        let acc = 0;
        const lo = Math.max(0, idx - (bLen - 1));
        const hi = Math.min(aLen - 1, idx);
        for (let a = lo; a <= hi; a++) acc += (V0[aStart + a] ?? 0) * (pwrs[idx - a] ?? 0);
        V1[c] = acc;
      }
      let max = 0;
      for (let c = 0; c < npwrs; c++) if ((V1[c] ?? 0) > max) max = V1[c] ?? 0;
      if (max > 0 && max < EM128) {
        for (let c = 0; c < npwrs; c++) V1[c] = (V1[c] ?? 0) * EP128;
        exponent -= E128;
      }
      V1s = V0s + j1 - k1;
    }
  }
  let ans = V1[n - V1s] ?? 0;
  for (let m = 1; m <= n; m++) {
    if (Math.abs(ans) > EP128) {
      ans *= EM128;
      exponent += E128;
    }
    ans *= m;
  }
  if (exponent !== 0) ans *= 2 ** exponent;
  return clip(ans);
}

/** Pelz–Good approximation to P(D_n <= x). */
function kolmogornPelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z ** 2;
  const z3 = z ** 3;
  const z4 = z ** 4;
  const z6 = z ** 6;
  const qlog = -PI2 / 8 / z2;
  if (qlog < MIN_LOG) return 0;
  let q = Math.exp(qlog);

  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;

  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m ** 2;
    const m4 = m ** 4;
    const m6 = m ** 6;
    const qpower = q ** (8 * k);
    const coeffs = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) K[i] = (K[i] ?? 0) * qpower + (coeffs[i] ?? 0);
  }
  const divisors = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) K[i] = ((K[i] ?? 0) * q * SQRT2PI) / (divisors[i] ?? 1);

  q = Math.exp(-PI2 / 2 / z2);
  let k2extra = 0;
  let k3extra = 0;
  const sqrt3z = SQRT3 * z;
  for (let k = maxk; k > 0; k--) {
    const k2 = k * k;
    const qp = q ** k2;
    k2extra += k2 * qp;
    const kspi = Math.PI * k;
    k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * k2 * qp;
  }
  K[2] = (K[2] ?? 0) + (k2extra * PI2 * SQRT2PI) / (-36 * z3);
  K[3] = (K[3] ?? 0) + (k3extra * PI2 * SQRT2PI) / (216 * z6);
  let total = 0;
  for (let i = 0; i < 4; i++) total += (K[i] ?? 0) / Math.pow(n, i / 2);
  return total;
}

/**
 * Survival function P(D_n >= x) of the two-sided one-sample KS statistic (SciPy
 * `kstwo.sf(x, n)`).
 */
export function kolmogornSf(n: number, x: number): number {
  if (Number.isNaN(n) || Number.isNaN(x)) return Number.NaN;
  if (!Number.isInteger(n) || n <= 0) return Number.NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let prob: number;
    if (n <= 140) {
      prob = 1;
      for (let i = 1; i <= n; i++) prob *= i * (1 / n) * (2 * t - 1);
    } else {
      prob = Math.exp(logNFactorialOverNPowN(n) + n * Math.log(2 * t - 1));
    }
    return clip(1 - prob);
  }
  if (t >= n - 1) return clip(2 * (1 - x) ** n);
  if (x >= 0.5) return clip(2 * smirnovSf(n, x));

  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 0.754693) return clip(1 - kolmogornDurbinCdf(n, x));
    if (nxSquared <= 4) return clip(1 - kolmogornPomeranzCdf(n, x));
    return clip(2 * smirnovSf(n, x));
  }
  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clip(2 * smirnovSf(n, x));
  let cdf: number;
  if (nxSquared >= 18) cdf = 1;
  else if (n <= 100_000 && n * x ** 1.5 <= 1.4) cdf = kolmogornDurbinCdf(n, x);
  else cdf = kolmogornPelzGoodCdf(n, x);
  return clip(1 - cdf);
}
