import { useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { ChartTheme } from '../../charts/chart-theme';
import { EChart } from '../../charts/EChart';
import { formatMetric } from '../../format/numbers';
import { operationQuery } from '../../platform/operation-query';
import { ErrorState } from '../../ui/ErrorState';
import { RelativeTime } from '../../ui/RelativeTime';
import { SkeletonBlock } from '../../ui/Skeleton';
import { StatusBadge } from '../../ui/StatusBadge';
import { metricHistoryOption } from './metric-history-option';
import { connectionsQuery } from '../workspace/queries';
import './metric-history.css';

/** Charts drawn at first: each asks the registry for a history, so the rest wait to be asked for. */
const CHARTS_SHOWN = 6;

/** One chart per metric the run logged, each with its own loading, error and empty state and a table. */
export function MetricHistoryCharts({ connection, runId, keys }: { connection: string; runId: string; keys: readonly string[] }) {
  const [all, setAll] = useState(false);
  const connections = useQuery(connectionsQuery());
  const kind = connections.data?.find((candidate) => candidate.name === connection)?.kind;
  const shown = all ? keys : keys.slice(0, CHARTS_SHOWN);
  if (connections.isPending) return <SkeletonBlock label="Loading metric histories" lines={3} />;
  // Histories are asked of the live registry; a recorded (demo) registry has no server to ask.
  if (kind !== 'mlflow') {
    return (
      <p className="muted">
        Metric histories are fetched from the MLflow server when shown. {connection} is{' '}
        {kind === 'recording' ? 'a recorded registry (the demo)' : 'not an MLflow connection'}, so only each metric’s final value is known;
        see Final metrics above.
      </p>
    );
  }
  return (
    <div className="metric-history">
      <div className="metric-history__grid">
        {shown.map((key) => (
          <MetricHistoryChart key={key} connection={connection} runId={runId} metricKey={key} />
        ))}
      </div>
      {keys.length > CHARTS_SHOWN && (
        <button type="button" className="button button--quiet" onClick={() => setAll(!all)}>
          {all ? `Show the first ${CHARTS_SHOWN} charts only` : `Show all ${keys.length} metrics`}
        </button>
      )}
    </div>
  );
}

function MetricHistoryChart({ connection, runId, metricKey }: { connection: string; runId: string; metricKey: string }) {
  const query = useQuery({
    ...operationQuery('metrics.history', { connection, runId, key: metricKey }),
    // A finished run's history does not change; the core caches it too.
    staleTime: Infinity,
  });
  const points = query.data?.points;
  const buildOption = useCallback((theme: ChartTheme) => metricHistoryOption(metricKey, points ?? [], theme), [metricKey, points]);
  const headingId = `metric-history-${metricKey.replace(/[^A-Za-z0-9_-]/g, '_')}`;

  return (
    <section className="metric-history__chart" aria-labelledby={headingId}>
      <h4 id={headingId} className="metric-history__title code">
        {metricKey}
      </h4>
      {query.isPending ? (
        <SkeletonBlock label={`Loading the history of ${metricKey}`} lines={4} />
      ) : query.isError ? (
        <ErrorState
          title={`Could not load the history of ${metricKey}`}
          error={query.error}
          onRetry={() => void query.refetch()}
          retrying={query.isFetching}
          level={3}
          hint="The registry is asked for metric histories when they are shown; check that the connection works in Settings › Connections, then retry."
        />
      ) : query.data.points.length === 0 ? (
        <p className="muted">The registry has no recorded history for this metric.</p>
      ) : query.data.points.length === 1 ? (
        <p>
          Logged once: <strong>{formatMetric(query.data.points[0]?.value ?? 0)}</strong> at step {query.data.points[0]?.step}. There is no
          history to chart.
        </p>
      ) : (
        <>
          {query.data.staleReason && (
            <p className="metric-history__stale">
              <StatusBadge tone="warning" label="Cached copy" icon="alert" /> {query.data.staleReason} Fetched{' '}
              <RelativeTime timestamp={query.data.fetchedAt} />.
            </p>
          )}
          <EChart
            buildOption={buildOption}
            className="metric-history__canvas"
            label={`${metricKey} over ${query.data.points.length} steps, from ${formatMetric(query.data.points[0]?.value ?? 0)} to ${formatMetric(query.data.points.at(-1)?.value ?? 0)}`}
          />
          <details className="disclosure">
            <summary>Show the values as a table</summary>
            <div className="metric-history__table">
              <table className="table table--compact">
                <caption className="visually-hidden">{metricKey} by step</caption>
                <thead>
                  <tr>
                    <th scope="col" className="number">
                      Step
                    </th>
                    <th scope="col" className="number">
                      {metricKey}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {[...query.data.points]
                    .sort((a, b) => a.step - b.step)
                    .map((point) => (
                      <tr key={`${point.step}:${point.timestamp}`}>
                        <td className="number">{point.step}</td>
                        <td className="number">{formatMetric(point.value)}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </section>
  );
}
