import { driftSeverity, driftVerdictValue, worstDriftFeature, type DriftRun, type FeatureDriftRecord } from '@shared/domain/drift';
import type { StatusTone } from '../../ui/StatusBadge';
import type { IconName } from '../../ui/Icon';
import { formatMetric } from '../../format/numbers';

/** A result older than this no longer says how the model behaves now (results are daily). */
export const STALE_AFTER_MS = 2 * 86_400_000;

export type DriftState = 'ok' | 'warning' | 'drift' | 'no-data';

export interface DriftStatus {
  state: DriftState;
  tone: StatusTone;
  icon: IconName;
  label: string;
  /** One sentence for readers who are not data scientists. */
  explanation: string;
}

/**
 * The one status of a model's latest drift result: drift when the dataset drifts, warning
 * when some features drift but fewer than the dataset threshold, ok when none does.
 */
export function driftStatus(
  run: Pick<DriftRun, 'datasetDrift' | 'driftedFeatures' | 'testedFeatures' | 'driftShareThreshold'> | null,
): DriftStatus {
  if (!run) {
    return {
      state: 'no-data',
      tone: 'unknown',
      icon: 'minusCircle',
      label: 'No data',
      explanation: 'No drift result is stored for this version yet.',
    };
  }
  const share = `${run.driftedFeatures} of ${run.testedFeatures} features`;
  if (run.datasetDrift) {
    return {
      state: 'drift',
      tone: 'danger',
      icon: 'xCircle',
      label: 'Drift',
      explanation: `${share} drifted, at or above the dataset threshold of ${formatShare(run.driftShareThreshold)}.`,
    };
  }
  if (run.driftedFeatures > 0) {
    return {
      state: 'warning',
      tone: 'warning',
      icon: 'alert',
      label: 'Warning',
      explanation: `${share} drifted, below the dataset threshold of ${formatShare(run.driftShareThreshold)}.`,
    };
  }
  return { state: 'ok', tone: 'ok', icon: 'checkCircle', label: 'OK', explanation: `None of ${run.testedFeatures} features drifted.` };
}

/** How old the newest window is, when it is old enough to say so; null when fresh. */
export function staleAge(windowEnd: number, now: number): number | null {
  const age = now - windowEnd;
  return age > STALE_AFTER_MS ? age : null;
}

export function formatAge(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  if (days >= 1) return `${days} day${days === 1 ? '' : 's'}`;
  const hours = Math.max(1, Math.floor(ms / 3_600_000));
  return `${hours} hour${hours === 1 ? '' : 's'}`;
}

export function formatShare(value: number): string {
  return formatMetric(Math.round(value * 1000) / 1000);
}

export const METHOD_LABELS: Record<FeatureDriftRecord['method'], string> = {
  ks: 'Kolmogorov–Smirnov',
  chisquare: 'Chi-square',
  z: 'Z-test',
  wasserstein: 'Wasserstein (normed)',
  jensenshannon: 'Jensen–Shannon',
  psi: 'PSI',
};

export const METHOD_SHORT: Record<FeatureDriftRecord['method'], string> = {
  ks: 'KS',
  chisquare: 'χ²',
  z: 'Z',
  wasserstein: 'Wasserstein',
  jensenshannon: 'JS',
  psi: 'PSI',
};

/** The number the verdict compares: the p-value for tests, the distance for distances. */
export const verdictValue = driftVerdictValue;

/**
 * "Wasserstein 0.34 ≥ 0.1" or "KS p 0.012 ≤ 0.05": the number the verdict rests on, its
 * comparison with the threshold written the way the verdict went (UX.md).
 */
export function verdictText(feature: FeatureDriftRecord): string {
  const value = verdictValue(feature);
  const name = feature.verdictRule === 'distance>=threshold' ? METHOD_SHORT[feature.method] : `${METHOD_SHORT[feature.method]} p`;
  if (!feature.tested || value === null) return `${name} not computed`;
  const sign =
    feature.verdictRule === 'distance>=threshold'
      ? feature.drifted
        ? '≥'
        : '<'
      : feature.verdictRule === 'p<=threshold'
        ? feature.drifted
          ? '≤'
          : '>'
        : feature.drifted
          ? '<'
          : '≥';
  return `${name} ${formatMetric(value)} ${sign} ${formatMetric(feature.threshold)}`;
}

/** How far past its threshold a feature is (see driftSeverity: > 1 means drift). */
export function severity(feature: FeatureDriftRecord): number {
  return driftSeverity(feature);
}

/** The feature furthest past its threshold (drifted ones first); the core names the same one in its notices. */
export function worstFeature(run: Pick<DriftRun, 'features'>): FeatureDriftRecord | null {
  return worstDriftFeature(run.features);
}

const dayFormat = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', timeZone: 'UTC' });

/** "Nov 17" for a one-day window, "Nov 11 – Nov 17" for longer ones (end exclusive, UTC). */
export function windowLabel(windowStart: number | null, windowEnd: number): string {
  const lastDay = windowEnd - 1;
  if (windowStart === null || windowEnd - windowStart <= 86_400_000) return dayFormat.format(windowStart ?? lastDay);
  return `${dayFormat.format(windowStart)} – ${dayFormat.format(lastDay)}`;
}
