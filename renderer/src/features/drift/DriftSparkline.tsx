import { useCallback } from 'react';
import type { DriftOverviewItem } from '@shared/contract/drift.contract';
import type { ChartTheme } from '../../charts/chart-theme';
import { EChart } from '../../charts/EChart';
import { sparklineOption } from './drift-charts';
import { formatShare, windowLabel } from './drift-status';

/** The drift share over the last windows; its label carries the numbers for screen readers. */
export function DriftSparkline({ trend, threshold }: { trend: DriftOverviewItem['trend']; threshold: number }) {
  const buildOption = useCallback(
    (theme: ChartTheme) =>
      sparklineOption(
        trend.map((t) => ({ label: windowLabel(t.windowStart, t.windowEnd), value: t.driftShare })),
        threshold,
        theme,
      ),
    [trend, threshold],
  );
  if (trend.length === 0) return <span className="muted">No windows yet</span>;
  const first = trend[0];
  const last = trend[trend.length - 1];
  const label =
    first && last
      ? `Drift share over ${trend.length} windows, from ${formatShare(first.driftShare)} (${windowLabel(first.windowStart, first.windowEnd)}) to ${formatShare(last.driftShare)} (${windowLabel(last.windowStart, last.windowEnd)}); threshold ${formatShare(threshold)}`
      : 'Drift share';
  return <EChart buildOption={buildOption} label={label} className="chart--sparkline" />;
}
