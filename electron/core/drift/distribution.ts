import { comparePython } from './prepare';
import { HISTOGRAM_MIN_DISTINCT, histogramBins, type HistogramBins } from './stats/binning';
import { ecdfSummary, valueCounts, type ValueCounts } from './stats/ecdf';
import type { FeatureDistribution, HistogramDistribution, ValuesDistribution } from './types';

/*
 * Reference-vs-current distributions for the charts, counted over the bins the tests already
 * built where that is possible, so the picture is the one PSI and Jensen–Shannon measured:
 *
 * - numeric with > 20 distinct reference values: the Sturges histogram of PSI/JS (testBins);
 * - numeric with fewer: one bin per distinct value, as PSI/JS — unless the two samples hold
 *   more than DISPLAY_MAX_VALUES values between them (a discrete reference against a
 *   continuous current sample), where one bar per value is unreadable and the display falls
 *   back to a Sturges histogram over the same data (testBins false, so the chart can say so);
 * - categorical: one bin per category, the DISPLAY_MAX_VALUES most common (by the sum of both
 *   samples' shares, so a category new in the current sample is not cut for being absent from
 *   the reference) and the rest folded into `other`.
 *
 * Counts are stored, not shares: they add up to each sample's non-missing rows, which the
 * tests check, and shares follow by division.
 */

/** More bars than this in one chart stop being readable at 1280×800. */
export const DISPLAY_MAX_VALUES = 30;

export function histogramDistribution(bins: HistogramBins, testBins: boolean): HistogramDistribution {
  return {
    binning: 'histogram',
    edges: Array.from(bins.edges),
    reference: Array.from(bins.reference),
    current: Array.from(bins.current),
    testBins,
  };
}

/** A numeric feature binned by value (the tests' binning when the reference has ≤ 20 distinct values). */
export function numericValuesDistribution(counts: ValueCounts, ref: Float64Array, cur: Float64Array): FeatureDistribution {
  if (counts.values.length > DISPLAY_MAX_VALUES) return histogramDistribution(histogramBins(ref, cur), false);
  return {
    binning: 'values',
    // String() is the shortest text that reads back as the same double.
    values: Array.from(counts.values, (v) => String(v)),
    reference: Array.from(counts.reference),
    current: Array.from(counts.current),
    other: null,
    testBins: true,
  };
}

/**
 * The whole rule for one numeric feature from its two sorted, finite samples — for callers
 * outside the engine (the demo generator); the engine reaches the same bins through the
 * ones its tests built (feature.ts), without binning twice.
 */
export function numericDistribution(ref: Float64Array, cur: Float64Array): FeatureDistribution {
  const summary = ecdfSummary(ref, cur);
  if (summary.referenceDistinct > HISTOGRAM_MIN_DISTINCT) return histogramDistribution(histogramBins(ref, cur), true);
  return numericValuesDistribution(valueCounts(ref, cur, summary.nUnique), ref, cur);
}

/** A categorical feature: per-category counts of both samples over the categories either sample has. */
export function categoricalDistribution(labels: readonly string[], ref: Float64Array, cur: Float64Array): ValuesDistribution {
  let nRef = 0;
  let nCur = 0;
  for (const c of ref) nRef += c;
  for (const c of cur) nCur += c;
  const share = (i: number): number => (nRef > 0 ? (ref[i] ?? 0) / nRef : 0) + (nCur > 0 ? (cur[i] ?? 0) / nCur : 0);
  const order = labels.map((_, i) => i).sort((a, b) => share(b) - share(a) || comparePython(labels[a] ?? '', labels[b] ?? ''));
  const shown = order.slice(0, DISPLAY_MAX_VALUES);
  const folded = order.slice(DISPLAY_MAX_VALUES);
  return {
    binning: 'values',
    values: shown.map((i) => labels[i] ?? ''),
    reference: shown.map((i) => ref[i] ?? 0),
    current: shown.map((i) => cur[i] ?? 0),
    other:
      folded.length === 0
        ? null
        : {
            categories: folded.length,
            reference: folded.reduce((sum, i) => sum + (ref[i] ?? 0), 0),
            current: folded.reduce((sum, i) => sum + (cur[i] ?? 0), 0),
          },
    // PSI and JS had one bin per category; folding makes the chart's bins differ from theirs.
    testBins: folded.length === 0,
  };
}
