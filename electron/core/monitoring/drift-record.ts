import type { PromResult } from '@shared/domain/monitoring';
import type { DatasetDriftResult, DriftMethod, FeatureDrift, ReproducibilityRecord } from '../drift/types';
import { DRIFT_METHODS } from '../drift/types';

/** Where a Prometheus drift result came from: enough to run the same query again. */
export interface MonitoringProvenance {
  readonly backend: 'prometheus';
  readonly connection: string;
  readonly url: string;
  readonly serverVersion: string | null;
  readonly query: string;
  /** ms since epoch; the `time` parameter sent (seconds with ms precision). */
  readonly evaluatedAt: number;
  readonly warnings: string[];
}

export interface FeatureScore {
  readonly feature: string;
  readonly score: number | null;
  readonly method: string | null;
}

/**
 * Feature scores from an instant vector. Each series is one feature (`feature` label);
 * a drift template that aggregates the features away yields one series, recorded as the
 * feature "(all)". Repeated features (two jobs exporting the same model) keep the worst.
 */
export function featureScores(result: PromResult): { scores: FeatureScore[]; warnings: string[] } {
  const warnings: string[] = [];
  if (result.resultType === 'scalar') return { scores: [{ feature: '(all)', score: result.sample.value, method: null }], warnings };
  if (result.resultType !== 'vector') {
    warnings.push(`The drift query returned a ${result.resultType}, not an instant vector; it was not used.`);
    return { scores: [], warnings };
  }
  const byFeature = new Map<string, FeatureScore>();
  for (const series of result.series) {
    const feature = series.metric.feature ?? '(all)';
    const score: FeatureScore = { feature, score: series.sample.value, method: series.metric.method ?? null };
    const before = byFeature.get(feature);
    if (before) {
      warnings.push(`Feature "${feature}" came back in more than one series; the highest score is kept.`);
      if ((score.score ?? -Infinity) <= (before.score ?? -Infinity)) continue;
    }
    byFeature.set(feature, score);
  }
  return { scores: [...byFeature.values()].sort((a, b) => a.feature.localeCompare(b.feature)), warnings };
}

/**
 * A drift result in the engine's shape, so Prometheus scores land in the same history
 * (drift_runs / drift_features) as computed ones. A score is a distance: the feature
 * drifts when it is ≥ the threshold (`distance>=threshold`), the dataset when drifted /
 * scored features ≥ `driftShare`. What Prometheus does not know is left neutral rather
 * than invented: no p-value, no row counts (0), no PSI unless the exporter says the score
 * is PSI. A score that is NaN or ±Inf is reported, untested.
 */
export function driftResultFromScores(
  scores: readonly FeatureScore[],
  settings: { driftThreshold: number; driftShare: number },
  provenance: MonitoringProvenance,
  extraWarnings: readonly string[],
): DatasetDriftResult {
  const features = scores.map((s) => featureFrom(s, settings.driftThreshold));
  const tested = features.filter((f) => f.tested);
  const drifted = tested.filter((f) => f.drifted).length;
  const share = tested.length === 0 ? 0 : drifted / tested.length;
  const reproducibility: ReproducibilityRecord & { monitoring: MonitoringProvenance } = {
    engineVersion: `prometheus ${provenance.serverVersion ?? '(version unknown)'}`,
    // The exporter computed the scores from samples Quorum never sees: there is no reference to hash.
    referenceDigest: 'none (scores computed by the exporter behind Prometheus)',
    referenceDigestOf: 'typed-data',
    currentDigest: null,
    referenceSource: null,
    currentSource: `prometheus ${provenance.url} query=${provenance.query} time=${new Date(provenance.evaluatedAt).toISOString()}`,
    options: {
      columns: null,
      method: null,
      methods: {},
      threshold: settings.driftThreshold,
      thresholds: {},
      correction: 'none',
      driftShare: settings.driftShare,
      additionalMethods: [],
    },
    monitoring: provenance,
  };
  return {
    datasetDrift: tested.length > 0 && share >= settings.driftShare,
    driftShare: share,
    driftShareThreshold: settings.driftShare,
    driftedFeatures: drifted,
    testedFeatures: tested.length,
    correction: 'none',
    features,
    reproducibility,
    warnings: [...provenance.warnings.map((w) => `Prometheus: ${w}`), ...extraWarnings],
  };
}

function featureFrom(score: FeatureScore, threshold: number): FeatureDrift {
  const known = (DRIFT_METHODS as readonly string[]).includes(score.method ?? '');
  const method: DriftMethod = known ? (score.method as DriftMethod) : 'psi';
  const warnings: string[] = [];
  if (score.method !== null && !known) {
    warnings.push(`The exporter's method "${score.method}" is not one Quorum knows; the score is recorded as a distance under "psi".`);
  }
  const tested = score.score !== null;
  if (!tested) warnings.push('The score is NaN or infinite; the feature is not counted.');
  return {
    name: score.feature,
    // Prometheus does not say; the exporter's categorical tests (chi-square, Z) imply categorical.
    type: method === 'chisquare' || method === 'z' ? 'categorical' : 'numeric',
    method,
    selectedBy: 'default',
    statistic: score.score,
    pValue: null,
    pValueAdjusted: null,
    threshold,
    verdictRule: 'distance>=threshold',
    drifted: tested && (score.score as number) >= threshold,
    tested,
    psi: method === 'psi' ? score.score : null,
    referenceRows: 0,
    currentRows: 0,
    referenceMissing: 0,
    currentMissing: 0,
    referenceInfinite: 0,
    currentInfinite: 0,
    nUnique: 0,
    details: {},
    also: {},
    warnings,
  };
}
