import { lowerBound, upperBound } from './sort';

/*
 * Shares per bin for PSI and Jensen–Shannon, as Evidently's `get_binned_data`
 * (legacy/calculations/stattests/utils.py): a numeric column with more than 20 distinct
 * reference values gets numpy's 'sturges' histogram over both samples, anything else one
 * bin per distinct value of either sample. The histogram edges are rebuilt the way numpy
 * builds them (histogram_bin_edges → linspace) and counted as np.histogram counts with
 * explicit edges (searchsorted, last bin closed), so the shares are bit-for-bit numpy's.
 */

export const HISTOGRAM_MIN_DISTINCT = 20;

export interface Shares {
  reference: Float64Array;
  current: Float64Array;
  binning: 'histogram' | 'values';
}

/** numpy.histogram_bin_edges(concat, bins='sturges') for finite, non-constant data. */
export function sturgesEdges(min: number, max: number, size: number): Float64Array {
  const ptp = max - min;
  const width = ptp / (Math.log2(size) + 1);
  const bins = width ? Math.ceil(ptp / width) : 1;
  const first = width ? min : min - 0.5;
  const last = width ? max : max + 0.5;
  const edges = new Float64Array(bins + 1);
  const step = (last - first) / bins;
  for (let i = 0; i <= bins; i++) edges[i] = i * step + first;
  edges[bins] = last;
  return edges;
}

/** np.histogram(sorted, edges)[0]: [e_i, e_{i+1}) and the last bin closed on the right. */
export function histogramCounts(sorted: Float64Array, edges: Float64Array): Float64Array {
  const bins = edges.length - 1;
  const counts = new Float64Array(bins);
  let previous = lowerBound(sorted, edges[0] ?? 0);
  for (let b = 0; b < bins; b++) {
    const edge = edges[b + 1] ?? 0;
    const next = b === bins - 1 ? upperBound(sorted, edge) : lowerBound(sorted, edge);
    counts[b] = next - previous;
    previous = next;
  }
  return counts;
}

/** Counts of both sorted samples over one set of Sturges edges (the combined range). */
export interface HistogramBins {
  edges: Float64Array;
  reference: Float64Array;
  current: Float64Array;
}

export function histogramBins(ref: Float64Array, cur: Float64Array): HistogramBins {
  const min = Math.min(ref[0] ?? 0, cur[0] ?? 0);
  const max = Math.max(ref[ref.length - 1] ?? 0, cur[cur.length - 1] ?? 0);
  const edges = sturgesEdges(min, max, ref.length + cur.length);
  return { edges, reference: histogramCounts(ref, edges), current: histogramCounts(cur, edges) };
}

/** Shares of histogram bins; the counts are kept by the caller for the distribution charts. */
export function sharesOfBins(bins: HistogramBins, nRef: number, nCur: number): Shares {
  return { reference: divide(bins.reference, nRef), current: divide(bins.current, nCur), binning: 'histogram' };
}

export function histogramShares(ref: Float64Array, cur: Float64Array): Shares {
  return sharesOfBins(histogramBins(ref, cur), ref.length, cur.length);
}

export function countShares(refCounts: Float64Array, curCounts: Float64Array, nRef: number, nCur: number): Shares {
  return { reference: divide(refCounts, nRef), current: divide(curCounts, nCur), binning: 'values' };
}

function divide(counts: Float64Array, n: number): Float64Array {
  const out = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) out[i] = (counts[i] ?? 0) / n;
  return out;
}

/**
 * Evidently's `feel_zeroes` for PSI: empty bins of each sample get that sample's smallest
 * non-zero share / 1e6 when it is <= 1e-4, else 1e-4, so the logarithm stays finite.
 */
export function fillZeros(shares: Float64Array): Float64Array {
  let min = Number.POSITIVE_INFINITY;
  for (const s of shares) if (s !== 0 && s < min) min = s;
  const fill = min <= 0.0001 ? min / 10 ** 6 : 0.0001;
  const out = new Float64Array(shares);
  for (let i = 0; i < out.length; i++) if (out[i] === 0) out[i] = fill;
  return out;
}
