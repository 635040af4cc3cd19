import { useQueries, type UseQueryResult } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import type { ModelSummary, RunMetric, VersionDetail, VersionSummary } from '../../platform/catalog-types';
import type { ChartTheme } from '../../charts/chart-theme';
import { EChart } from '../../charts/EChart';
import { metricAcrossVersionsOption, type VersionMetricPoint } from '../../charts/metric-across-versions';
import { formatMetric } from '../../format/numbers';
import { SkeletonBlock } from '../../ui/Skeleton';
import { finalMetrics } from '../versions/run-facts';
import { versionQuery } from './queries';

/** Enough versions to see a trend without asking for every version of a long-lived model. */
const VERSIONS_CHARTED = 12;
const REFERENCE_ALIAS = 'champion';

interface VersionFinals {
  version: number;
  metrics: RunMetric[];
}

/** Runs only when a version's answer changes, so the chart's inputs keep their identity otherwise. */
function finalsOfVersions(results: UseQueryResult<VersionDetail>[]): { loading: boolean; finals: VersionFinals[] } {
  return {
    loading: results.some((result) => result.isPending),
    finals: results.flatMap((result) =>
      result.data?.run ? [{ version: result.data.version, metrics: finalMetrics(result.data.run.metrics) }] : [],
    ),
  };
}

/** One training metric across the model's versions, with the champion's value as the reference line. */
export function MetricAcrossVersions({ model, versions }: { model: ModelSummary; versions: readonly VersionSummary[] }) {
  const charted = useMemo(
    () => versions.filter((version) => version.runId !== null && version.deletedOnServerAt === null).slice(0, VERSIONS_CHARTED),
    [versions],
  );
  const { loading, finals } = useQueries({
    queries: charted.map((version) => versionQuery(model.connection, model.name, version.version)),
    combine: finalsOfVersions,
  });
  const keys = useMemo(() => [...new Set(finals.flatMap((final) => final.metrics.map((metric) => metric.key)))].sort(), [finals]);
  const [chosenKey, setChosenKey] = useState<string | null>(null);
  const metricKey = chosenKey !== null && keys.includes(chosenKey) ? chosenKey : (keys[0] ?? null);

  const points: VersionMetricPoint[] = useMemo(
    () =>
      finals.flatMap((final) => {
        const metric = final.metrics.find((candidate) => candidate.key === metricKey);
        return metric ? [{ version: final.version, value: metric.value }] : [];
      }),
    [finals, metricKey],
  );
  const champion = model.aliases.find((alias) => alias.alias === REFERENCE_ALIAS);
  const reference = useMemo(
    () => (champion ? { version: champion.version, label: `${REFERENCE_ALIAS} (v${champion.version})` } : null),
    [champion],
  );
  const buildOption = useCallback(
    (theme: ChartTheme) => metricAcrossVersionsOption({ metricKey: metricKey ?? '', points, reference }, theme),
    [metricKey, points, reference],
  );

  if (charted.length === 0)
    return <p className="muted">No version of this model is linked to a training run, so there are no metrics to compare.</p>;
  if (loading && finals.length === 0) return <SkeletonBlock label="Loading training metrics" lines={4} />;
  if (metricKey === null) return <p className="muted">The training runs of these versions logged no metrics.</p>;

  const sorted = [...points].sort((a, b) => a.version - b.version);
  return (
    <div className="metric-chart">
      <div className="metric-chart__controls">
        <label className="field field--inline">
          <span className="field__label">Metric</span>
          <select className="select" value={metricKey} onChange={(event) => setChosenKey(event.target.value)}>
            {keys.map((key) => (
              <option key={key} value={key}>
                {key}
              </option>
            ))}
          </select>
        </label>
        {reference && (
          <span className="legend">
            <span className="legend__swatch legend__swatch--current" aria-hidden="true" /> {metricKey} per version
            <span className="legend__swatch legend__swatch--reference" aria-hidden="true" /> {reference.label}
          </span>
        )}
      </div>
      <EChart
        buildOption={buildOption}
        className="chart--medium"
        label={`${metricKey} for versions ${sorted.map((point) => `v${point.version} ${formatMetric(point.value)}`).join(', ')}`}
      />
      <details className="disclosure">
        <summary>Show the values as a table</summary>
        <table className="table table--compact">
          <caption className="visually-hidden">{metricKey} per version</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">{metricKey}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((point) => (
              <tr key={point.version}>
                <th scope="row">v{point.version}</th>
                <td className="number">{formatMetric(point.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
