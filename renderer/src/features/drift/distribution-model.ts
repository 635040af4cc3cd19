import type { DriftRun, FeatureDistribution, FeatureDriftRecord } from '@shared/domain/drift';
import { formatCount } from '../../format/numbers';

/**
 * What the reference-vs-current chart and its table show, from a stored feature's bin counts.
 * Shares of each sample's rows rather than counts, so a 3,000-row reference and a 1,500-row
 * window compare bar for bar.
 */
export interface DistributionBin {
  /** Short, for the axis: "1.21–221.6", "bnpl", "other (12 categories)". */
  label: string;
  /** Exact, for the table: "[1.21, 221.606)" — the last histogram bin is closed. */
  range: string;
  reference: number;
  current: number;
  referenceShare: number;
  currentShare: number;
}

export interface DistributionView {
  binning: FeatureDistribution['binning'];
  bins: DistributionBin[];
  referenceRows: number;
  currentRows: number;
  /** False when the chart's bins are not the ones PSI / Jensen–Shannon used (display-only). */
  testBins: boolean;
  /** Categories folded into the last "other" bin; 0 when none. */
  otherCategories: number;
}

const significant = new Intl.NumberFormat('en', { maximumSignificantDigits: 4 });
const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });

/** Bin edges in four significant digits: enough to tell neighbours apart on an axis. */
export function formatEdge(value: number): string {
  return significant.format(value);
}

export function formatPercent(share: number): string {
  return percent.format(share);
}

export function distributionView(distribution: FeatureDistribution): DistributionView {
  const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
  const other = distribution.binning === 'values' ? distribution.other : null;
  const referenceRows = sum(distribution.reference) + (other?.reference ?? 0);
  const currentRows = sum(distribution.current) + (other?.current ?? 0);
  const share = (count: number, rows: number): number => (rows > 0 ? count / rows : 0);
  const bins: DistributionBin[] = distribution.reference.map((reference, i) => {
    const current = distribution.current[i] ?? 0;
    let label: string;
    let range: string;
    if (distribution.binning === 'histogram') {
      const lo = distribution.edges[i] ?? 0;
      const hi = distribution.edges[i + 1] ?? lo;
      const last = i === distribution.reference.length - 1;
      label = `${formatEdge(lo)}–${formatEdge(hi)}`;
      range = `[${lo}, ${hi}${last ? ']' : ')'}`;
    } else {
      label = distribution.values[i] ?? '';
      range = label;
    }
    return { label, range, reference, current, referenceShare: share(reference, referenceRows), currentShare: share(current, currentRows) };
  });
  if (other) {
    const label = `other (${formatCount(other.categories)} categories)`;
    bins.push({
      label,
      range: label,
      reference: other.reference,
      current: other.current,
      referenceShare: share(other.reference, referenceRows),
      currentShare: share(other.current, currentRows),
    });
  }
  return {
    binning: distribution.binning,
    bins,
    referenceRows,
    currentRows,
    testBins: distribution.testBins,
    otherCategories: other?.categories ?? 0,
  };
}

/** The bin whose share moved most between the samples: what a summary should name. */
export function largestShift(view: DistributionView): DistributionBin | null {
  let best: DistributionBin | null = null;
  for (const bin of view.bins) {
    if (best === null || Math.abs(bin.currentShare - bin.referenceShare) > Math.abs(best.currentShare - best.referenceShare)) best = bin;
  }
  return best;
}

/** One sentence for assistive technology, and the figure's caption: what is drawn and what moved most. */
export function distributionSummary(feature: string, view: DistributionView): string {
  const unit = view.binning === 'histogram' ? 'bins' : 'values';
  const span =
    view.binning === 'histogram' && view.bins.length > 0
      ? ` from ${view.bins[0]?.label.split('–')[0] ?? ''} to ${view.bins[view.bins.length - 1]?.label.split('–')[1] ?? ''}`
      : '';
  const shift = largestShift(view);
  const moved = shift
    ? ` Largest change: ${shift.label}, ${formatPercent(shift.referenceShare)} of the reference against ${formatPercent(shift.currentShare)} of the current sample.`
    : '';
  return (
    `${feature}: share of rows in each of ${view.bins.length} ${unit}${span}, reference (${formatCount(view.referenceRows)} rows) ` +
    `against current (${formatCount(view.currentRows)} rows).${moved}`
  );
}

/** Why a stored feature has no distribution to draw, in words a reader can act on. */
export function missingDistributionReason(
  run: Pick<DriftRun, 'source' | 'reproducibility'>,
  feature: Pick<FeatureDriftRecord, 'name' | 'tested'> | undefined,
  featureName: string,
): string {
  if (run.source === 'prometheus') {
    return (
      'Prometheus reports one drift score per feature, not the samples behind it, so this window has no distributions to draw. ' +
      'Windows computed by Quorum’s drift engine have them.'
    );
  }
  if (!feature) return `${featureName} is not part of this result.`;
  if (!feature.tested) return `${feature.name} was not tested in this window (a sample had no values), so there is nothing to compare.`;
  return (
    `This result was stored without distributions (drift engine ${run.reproducibility.engineVersion}, before Quorum kept bin counts). ` +
    'Compute the window again to see the reference against the current sample.'
  );
}
