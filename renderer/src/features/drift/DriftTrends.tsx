import { useCallback, useMemo } from 'react';
import type { DriftRun } from '@shared/domain/drift';
import type { ChartTheme } from '../../charts/chart-theme';
import { EChart } from '../../charts/EChart';
import { formatMetric } from '../../format/numbers';
import { heatmapOption, trendOption, type TrendPoint } from './drift-charts';
import { formatShare, METHOD_LABELS, verdictValue, windowLabel } from './drift-status';

/** Runs oldest first, as charts read left to right. */
export function chronological(runs: readonly DriftRun[]): DriftRun[] {
  return [...runs].sort((a, b) => a.windowEnd - b.windowEnd || a.id - b.id);
}

/** The dataset's drift share per window against its threshold. */
export function ShareTrend({ runs }: { runs: readonly DriftRun[] }) {
  const threshold = runs[runs.length - 1]?.driftShareThreshold ?? 0.5;
  const points: TrendPoint[] = useMemo(
    () => runs.map((r) => ({ label: windowLabel(r.windowStart, r.windowEnd), value: r.driftShare })),
    [runs],
  );
  const buildOption = useCallback(
    (theme: ChartTheme) =>
      trendOption({ name: 'Drift share', points, threshold, thresholdLabel: `dataset drift at ≥ ${formatShare(threshold)}` }, theme),
    [points, threshold],
  );
  return (
    <figure className="drift-figure">
      <EChart
        buildOption={buildOption}
        className="chart--medium"
        label={`Share of drifted features over ${runs.length} windows, threshold ${formatShare(threshold)}; the values are in the table below`}
      />
      <details className="disclosure">
        <summary>Show the drift share per window as a table</summary>
        <table className="table table--compact">
          <caption className="visually-hidden">Drift share per window</caption>
          <thead>
            <tr>
              <th scope="col">Window</th>
              <th scope="col" className="number">
                Drifted features
              </th>
              <th scope="col" className="number">
                Drift share
              </th>
              <th scope="col">Dataset drift</th>
            </tr>
          </thead>
          <tbody>
            {[...runs].reverse().map((r) => (
              <tr key={r.id}>
                <th scope="row">{windowLabel(r.windowStart, r.windowEnd)}</th>
                <td className="number">
                  {r.driftedFeatures} of {r.testedFeatures}
                </td>
                <td className="number">{formatShare(r.driftShare)}</td>
                <td>{r.datasetDrift ? 'Yes' : 'No'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** One feature's verdict number (p-value or distance) per window, with its threshold as a line. */
export function FeatureTrend({ runs, feature }: { runs: readonly DriftRun[]; feature: string }) {
  const rows = useMemo(
    () =>
      runs.flatMap((r) => {
        const f = r.features.find((x) => x.name === feature);
        return f ? [{ run: r, feature: f }] : [];
      }),
    [runs, feature],
  );
  const latest = rows[rows.length - 1]?.feature;
  const isP = latest !== undefined && latest.verdictRule !== 'distance>=threshold';
  const points: TrendPoint[] = useMemo(
    () => rows.map(({ run, feature: f }) => ({ label: windowLabel(run.windowStart, run.windowEnd), value: verdictValue(f) })),
    [rows],
  );
  const threshold = latest?.threshold ?? 0;
  const valueName = latest ? `${METHOD_LABELS[latest.method]} ${isP ? 'p-value' : 'distance'}` : 'value';
  // p-values span orders of magnitude; a log axis keeps the threshold readable. Zeros cannot be drawn on it.
  const logScale = isP && points.every((p) => p.value === null || p.value > 0);
  const buildOption = useCallback(
    (theme: ChartTheme) =>
      trendOption(
        {
          name: valueName,
          points,
          threshold,
          thresholdLabel: `threshold ${formatMetric(threshold)}${isP ? ' (drift below)' : ' (drift above)'}`,
          logScale,
        },
        theme,
      ),
    [valueName, points, threshold, isP, logScale],
  );
  if (!latest) return <p className="muted">{feature} has no stored value in these windows.</p>;
  return (
    <figure className="drift-figure">
      <figcaption className="drift-note">
        {feature}: {valueName} per window{logScale ? ' (log scale)' : ''}; the dashed line is the threshold.
      </figcaption>
      <EChart
        buildOption={buildOption}
        className="chart--medium"
        label={`${feature}: ${valueName} over ${points.length} windows, threshold ${formatMetric(threshold)}; the values are in the table below`}
      />
      <details className="disclosure">
        <summary>Show {feature} per window as a table</summary>
        <table className="table table--compact">
          <caption className="visually-hidden">
            {feature} per window: {valueName}
          </caption>
          <thead>
            <tr>
              <th scope="col">Window</th>
              <th scope="col" className="number">
                {isP ? 'p-value' : 'Distance'}
              </th>
              <th scope="col" className="number">
                Threshold
              </th>
              <th scope="col">Verdict</th>
            </tr>
          </thead>
          <tbody>
            {[...rows].reverse().map(({ run, feature: f }) => (
              <tr key={run.id}>
                <th scope="row">{windowLabel(run.windowStart, run.windowEnd)}</th>
                <td className="number">{verdictValue(f) === null ? '—' : formatMetric(verdictValue(f) ?? 0)}</td>
                <td className="number">{formatMetric(f.threshold)}</td>
                <td>{!f.tested ? 'Not tested' : f.drifted ? 'Drift' : 'No drift'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** Features × windows: where and when each feature drifted. */
export function DriftHeatmap({ runs }: { runs: readonly DriftRun[] }) {
  const data = useMemo(() => {
    const features = [...new Set(runs.flatMap((r) => r.features.map((f) => f.name)))];
    const windows = runs.map((r) => windowLabel(r.windowStart, r.windowEnd));
    const cells: [number, number, number | null][] = [];
    runs.forEach((r, w) => {
      for (const f of r.features) cells.push([w, features.indexOf(f.name), f.tested ? (f.drifted ? 1 : 0) : null]);
    });
    return { features, windows, cells };
  }, [runs]);
  const buildOption = useCallback((theme: ChartTheme) => heatmapOption(data, theme, theme.threshold, theme.gridLine), [data]);
  const driftedCount = (name: string) => runs.filter((r) => r.features.some((f) => f.name === name && f.drifted)).length;
  return (
    <figure className="drift-figure">
      <EChart
        buildOption={buildOption}
        className="chart--tall"
        label={`Which features drifted in each of ${runs.length} windows: ${data.features
          .map((name) => `${name} in ${driftedCount(name)}`)
          .join(', ')}; the table below lists every window`}
      />
      <details className="disclosure">
        <summary>Show features × windows as a table</summary>
        <div className="drift-table-wrap">
          <table className="table table--compact">
            <caption className="visually-hidden">Verdict per feature and window</caption>
            <thead>
              <tr>
                <th scope="col">Feature</th>
                {data.windows.map((w, i) => (
                  <th key={`${w}-${i}`} scope="col">
                    {w}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.features.map((name, f) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  {data.windows.map((w, i) => {
                    const cell = data.cells.find((c) => c[0] === i && c[1] === f);
                    return <td key={`${w}-${i}`}>{cell === undefined || cell[2] === null ? '—' : cell[2] === 1 ? 'Drift' : 'ok'}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
