import { ksTwoSamplePValue } from './special/ks-two-sample';
import { categoricalDistribution, histogramDistribution, numericValuesDistribution } from './distribution';
import { countShares, histogramBins, HISTOGRAM_MIN_DISTINCT, sharesOfBins, type HistogramBins, type Shares } from './stats/binning';
import { ecdfSummary, valueCounts, type EcdfSummary, type ValueCounts } from './stats/ecdf';
import { sortFloat64 } from './stats/sort';
import { chiSquare, jensenShannon, populationStd, psi, zTest } from './stats/tests';
import { DEFAULT_THRESHOLDS, defaultMethod, isDrifted, isPValueMethod, methodApplies, VERDICT_RULES } from './selection';
import type { ColumnType, DriftMethod, FeatureDetails, FeatureDrift, MethodResult } from './types';

/** What to do with one feature: the engine resolves overrides before calling. */
export interface FeatureSpec {
  name: string;
  method?: DriftMethod;
  threshold?: number;
  additional: readonly DriftMethod[];
}

export interface SampleCounts {
  rows: number;
  missing: number;
  infinite: number;
}

/** Small samples make every one of these verdicts fragile (evidently#50). */
export const SMALL_SAMPLE_ROWS = 30;
/** With this many rows a p-value test flags differences too small to matter. */
export const LARGE_SAMPLE_ROWS = 100_000;

/**
 * Drift of one numeric feature. `ref` and `cur` hold only finite values and are sorted in
 * place: one sort per sample serves KS, Wasserstein and the histograms.
 */
export function analyzeNumeric(
  spec: FeatureSpec,
  ref: Float64Array,
  cur: Float64Array,
  refCounts: SampleCounts,
  curCounts: SampleCounts,
): FeatureDrift {
  if (ref.length === 0 || cur.length === 0) return untested(spec, 'numeric', refCounts, curCounts);
  sortFloat64(ref);
  sortFloat64(cur);
  const summary = ecdfSummary(ref, cur);
  let counts: ValueCounts | undefined;
  const getCounts = (): ValueCounts => (counts ??= valueCounts(ref, cur, summary.nUnique));
  let shares: Shares | undefined;
  // The histogram's counts are kept for the distribution charts: the same bins PSI and JS saw.
  let bins: HistogramBins | undefined;
  const getShares = (): Shares => {
    if (shares) return shares;
    if (summary.referenceDistinct > HISTOGRAM_MIN_DISTINCT) {
      bins = histogramBins(ref, cur);
      shares = sharesOfBins(bins, ref.length, cur.length);
    } else {
      const c = getCounts();
      shares = countShares(c.reference, c.current, ref.length, cur.length);
    }
    return shares;
  };
  const details: FeatureDetails = {};
  const compute = (method: DriftMethod): MethodResult => numericMethod(method, ref, cur, summary, getCounts, getShares, details);
  const result = assemble(spec, 'numeric', refCounts, curCounts, summary.nUnique, compute, getShares, details);
  // assemble() always bins (PSI is always reported), so `bins` is set whenever the histogram was used.
  return { ...result, distribution: bins ? histogramDistribution(bins, true) : numericValuesDistribution(getCounts(), ref, cur) };
}

function numericMethod(
  method: DriftMethod,
  ref: Float64Array,
  cur: Float64Array,
  summary: EcdfSummary,
  getCounts: () => ValueCounts,
  getShares: () => Shares,
  details: FeatureDetails,
): MethodResult {
  switch (method) {
    case 'ks': {
      const ks = ksTwoSamplePValue(summary.ks, ref.length, cur.length);
      details.ksMode = ks.mode;
      return { statistic: ks.statistic, pValue: ks.pValue };
    }
    case 'wasserstein': {
      const std = populationStd(ref);
      details.wassersteinDistance = summary.wasserstein;
      details.referenceStd = std;
      return { statistic: summary.wasserstein / Math.max(std, 0.001), pValue: null };
    }
    case 'chisquare': {
      const c = getCounts();
      const chi = chiSquare(c.reference, c.current);
      details.degreesOfFreedom = chi.degreesOfFreedom;
      return { statistic: chi.statistic, pValue: chi.pValue };
    }
    case 'z': {
      const c = getCounts();
      const z = zTest(c.reference, c.current, 0);
      return { statistic: z.statistic, pValue: z.pValue };
    }
    case 'jensenshannon':
      return { statistic: jensenShannon(getShares()), pValue: null };
    case 'psi':
      return { statistic: psi(getShares()), pValue: null };
  }
}

/**
 * Drift of one categorical feature from its value counts over a dictionary shared by both
 * samples. `firstKey` is the dictionary index of the smallest value in Python's order, which
 * decides the Z-test's reference category; `dictionary` names the categories for the charts.
 */
export function analyzeCategorical(
  spec: FeatureSpec,
  refValueCounts: Float64Array,
  curValueCounts: Float64Array,
  firstKey: number,
  refCounts: SampleCounts,
  curCounts: SampleCounts,
  dictionary: readonly string[],
): FeatureDrift {
  if (refCounts.rows === 0 || curCounts.rows === 0) return untested(spec, 'categorical', refCounts, curCounts);
  // Keep only values seen in either sample: a dictionary entry nobody uses is no category.
  const keep: number[] = [];
  for (let i = 0; i < refValueCounts.length; i++) if ((refValueCounts[i] ?? 0) > 0 || (curValueCounts[i] ?? 0) > 0) keep.push(i);
  const ref = Float64Array.from(keep, (i) => refValueCounts[i] ?? 0);
  const cur = Float64Array.from(keep, (i) => curValueCounts[i] ?? 0);
  const first = keep.indexOf(firstKey);
  const details: FeatureDetails = {};
  const getShares = (): Shares => countShares(ref, cur, refCounts.rows, curCounts.rows);
  const compute = (method: DriftMethod): MethodResult => {
    switch (method) {
      case 'chisquare': {
        const chi = chiSquare(ref, cur);
        details.degreesOfFreedom = chi.degreesOfFreedom;
        return { statistic: chi.statistic, pValue: chi.pValue };
      }
      case 'z': {
        const z = zTest(ref, cur, Math.max(first, 0));
        return { statistic: z.statistic, pValue: z.pValue };
      }
      case 'jensenshannon':
        return { statistic: jensenShannon(getShares()), pValue: null };
      case 'psi':
        return { statistic: psi(getShares()), pValue: null };
      case 'ks':
      case 'wasserstein':
        throw new Error(`${method} does not apply to categorical features`);
    }
  };
  const result = assemble(spec, 'categorical', refCounts, curCounts, keep.length, compute, getShares, details);
  const labels = keep.map((i) => dictionary[i] ?? `#${i}`);
  return { ...result, distribution: categoricalDistribution(labels, ref, cur) };
}

function assemble(
  spec: FeatureSpec,
  type: ColumnType,
  refCounts: SampleCounts,
  curCounts: SampleCounts,
  nUnique: number,
  compute: (method: DriftMethod) => MethodResult,
  getShares: () => Shares,
  details: FeatureDetails,
): FeatureDrift {
  const method = spec.method ?? defaultMethod(type, refCounts.rows, nUnique);
  const threshold = spec.threshold ?? DEFAULT_THRESHOLDS[method];
  const main = compute(method);
  const psiValue = method === 'psi' ? main.statistic : compute('psi').statistic;
  const also: Partial<Record<DriftMethod, MethodResult>> = {};
  for (const extra of spec.additional) {
    if (extra === method || !methodApplies(extra, type)) continue;
    also[extra] = extra === 'psi' ? { statistic: psiValue, pValue: null } : finite(compute(extra));
  }
  const shares = getShares();
  details.bins = shares.reference.length;
  details.binning = shares.binning;
  const rawStatistic = main.statistic;
  if (rawStatistic !== null && !Number.isFinite(rawStatistic)) {
    details.statisticNonFinite = Number.isNaN(rawStatistic) ? 'nan' : rawStatistic > 0 ? 'inf' : '-inf';
  }
  const verdictValue = isPValueMethod(method) ? main.pValue : rawStatistic;
  const result = finite(main);
  return {
    name: spec.name,
    type,
    method,
    selectedBy: spec.method ? 'override' : 'default',
    statistic: result.statistic,
    pValue: result.pValue,
    pValueAdjusted: null,
    threshold,
    verdictRule: VERDICT_RULES[method],
    drifted: isDrifted(VERDICT_RULES[method], verdictValue, threshold),
    tested: true,
    psi: psiValue,
    referenceRows: refCounts.rows,
    currentRows: curCounts.rows,
    referenceMissing: refCounts.missing,
    currentMissing: curCounts.missing,
    referenceInfinite: refCounts.infinite,
    currentInfinite: curCounts.infinite,
    nUnique,
    details,
    also,
    warnings: sampleWarnings(method, refCounts.rows, curCounts.rows, details),
  };
}

function finite(result: MethodResult): MethodResult {
  const fix = (x: number | null): number | null => (x === null || Number.isFinite(x) ? x : null);
  return { statistic: fix(result.statistic), pValue: fix(result.pValue) };
}

function sampleWarnings(method: DriftMethod, nRef: number, nCur: number, details: FeatureDetails): string[] {
  const warnings: string[] = [];
  const smallest = Math.min(nRef, nCur);
  if (smallest < SMALL_SAMPLE_ROWS) {
    warnings.push(
      `Small sample: ${smallest} value${smallest === 1 ? '' : 's'} in the ${nRef <= nCur ? 'reference' : 'current'} sample. ` +
        'With fewer than 30 values a drift test has little power and its verdict can flip with a few rows.',
    );
  }
  if (isPValueMethod(method) && smallest >= LARGE_SAMPLE_ROWS) {
    warnings.push(
      `Large samples (${smallest.toLocaleString('en-US')}+ values): a p-value test flags differences too small to matter; ` +
        'a distance (wasserstein, jensenshannon, psi) says how large the change is.',
    );
  }
  if (details.statisticNonFinite === 'inf' && method === 'chisquare') {
    warnings.push('The chi-square statistic is infinite: a value occurs in the current sample but never in the reference.');
  }
  return warnings;
}

function untested(spec: FeatureSpec, type: ColumnType, refCounts: SampleCounts, curCounts: SampleCounts): FeatureDrift {
  const empty = refCounts.rows === 0 ? 'reference' : 'current';
  const method = spec.method ?? (type === 'numeric' ? 'ks' : 'chisquare');
  return {
    name: spec.name,
    type,
    method,
    selectedBy: spec.method ? 'override' : 'default',
    statistic: null,
    pValue: null,
    pValueAdjusted: null,
    threshold: spec.threshold ?? DEFAULT_THRESHOLDS[method],
    verdictRule: VERDICT_RULES[method],
    drifted: false,
    tested: false,
    psi: null,
    referenceRows: refCounts.rows,
    currentRows: curCounts.rows,
    referenceMissing: refCounts.missing,
    currentMissing: curCounts.missing,
    referenceInfinite: refCounts.infinite,
    currentInfinite: curCounts.infinite,
    nUnique: 0,
    details: {},
    also: {},
    warnings: [`Not tested: the ${empty} sample has no non-missing value in this column.`],
  };
}
