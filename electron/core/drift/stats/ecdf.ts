/**
 * One merge pass over the two sorted samples gives everything that depends on their
 * joint order: the KS statistic, the (unnormed) 1-Wasserstein distance, and the distinct
 * counts that drive test selection and binning. At each distinct value v, after all ties,
 * F_ref(v) = i/n_ref and F_cur(v) = j/n_cur are formed exactly as SciPy forms them
 * (searchsorted 'right' / n), so D is bit-identical to `ks_2samp`'s, and W is the same
 * sum as `wasserstein_distance` (in a different order).
 */
export interface EcdfSummary {
  ks: number;
  wasserstein: number;
  nUnique: number;
  referenceDistinct: number;
}

export function ecdfSummary(ref: Float64Array, cur: Float64Array): EcdfSummary {
  const n1 = ref.length;
  const n2 = cur.length;
  let i = 0;
  let j = 0;
  let maxDiff = 0;
  let minDiff = 0;
  let nUnique = 0;
  let referenceDistinct = 0;
  // Neumaier-compensated sum: a million positive terms keep full precision.
  let w = 0;
  let wc = 0;
  let previous = Number.NaN;
  let previousGap = 0;
  while (i < n1 || j < n2) {
    const a = i < n1 ? (ref[i] as number) : Number.POSITIVE_INFINITY;
    const b = j < n2 ? (cur[j] as number) : Number.POSITIVE_INFINITY;
    const v = a < b ? a : b;
    if (nUnique > 0) {
      const term = previousGap * (v - previous);
      const t = w + term;
      wc += Math.abs(w) >= Math.abs(term) ? w - t + term : term - t + w;
      w = t;
    }
    let inRef = false;
    while (i < n1 && ref[i] === v) {
      i++;
      inRef = true;
    }
    while (j < n2 && cur[j] === v) j++;
    if (inRef) referenceDistinct++;
    nUnique++;
    const diff = i / n1 - j / n2;
    if (diff > maxDiff) maxDiff = diff;
    if (diff < minDiff) minDiff = diff;
    previous = v;
    previousGap = Math.abs(diff);
  }
  return { ks: Math.max(maxDiff, -minDiff), wasserstein: w + wc, nUnique, referenceDistinct };
}

/** The distinct values of both samples with their counts, in ascending order. */
export interface ValueCounts {
  values: Float64Array;
  reference: Float64Array;
  current: Float64Array;
}

export function valueCounts(ref: Float64Array, cur: Float64Array, nUnique: number): ValueCounts {
  const values = new Float64Array(nUnique);
  const reference = new Float64Array(nUnique);
  const current = new Float64Array(nUnique);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < ref.length || j < cur.length) {
    const a = i < ref.length ? (ref[i] ?? 0) : Number.POSITIVE_INFINITY;
    const b = j < cur.length ? (cur[j] ?? 0) : Number.POSITIVE_INFINITY;
    const v = a < b ? a : b;
    let r = 0;
    let c = 0;
    while (i < ref.length && ref[i] === v) {
      i++;
      r++;
    }
    while (j < cur.length && cur[j] === v) {
      j++;
      c++;
    }
    values[k] = v;
    reference[k] = r;
    current[k] = c;
    k++;
  }
  return { values, reference, current };
}
