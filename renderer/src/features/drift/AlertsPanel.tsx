import { useQueries, useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { ErrorState } from '../../ui/ErrorState';
import { RelativeTime } from '../../ui/RelativeTime';
import { SkeletonBlock } from '../../ui/Skeleton';
import { StatusBadge } from '../../ui/StatusBadge';
import { connectionsQuery } from '../workspace/queries';
import { alertsQuery } from './queries';

/** Prometheus alerts labelled with this model, from every Prometheus connection of the workspace. */
export function AlertsPanel({ model, version }: { model: string; version: number }) {
  const connections = useQuery(connectionsQuery());
  const prometheus = (connections.data ?? []).filter((c) => c.kind === 'prometheus');
  const alerts = useQueries({ queries: prometheus.map((c) => alertsQuery(c.name, model, version)) });

  if (connections.isPending) return <SkeletonBlock label="Loading monitoring connections" lines={2} />;
  if (connections.isError) {
    return (
      <ErrorState
        level={3}
        title="Could not list the monitoring connections"
        error={connections.error}
        onRetry={() => void connections.refetch()}
        retrying={connections.isFetching}
      />
    );
  }
  if (prometheus.length === 0) {
    return (
      <p className="muted">
        No Prometheus connection in this workspace, so there are no alerts to show. Add one with{' '}
        <code>quorum connect prometheus --name NAME --url URL</code> or in <Link href="/settings">Settings</Link>; firing alerts whose{' '}
        <code>model</code> label is {model} will appear here.
      </p>
    );
  }
  return (
    <div className="drift-tab__alerts">
      {prometheus.map((connection, index) => {
        const result = alerts[index];
        if (!result || result.isPending)
          return <SkeletonBlock key={connection.name} label={`Asking ${connection.name} for alerts`} lines={2} />;
        if (result.isError) {
          return (
            <ErrorState
              key={connection.name}
              level={3}
              title={`Could not read alerts from ${connection.name}`}
              error={result.error}
              onRetry={() => void result.refetch()}
              retrying={result.isFetching}
              hint="Check that Prometheus is reachable from Quorum (Settings › Connections tests it); the drift results above do not depend on it."
            />
          );
        }
        const list = result.data.alerts;
        if (list.length === 0) {
          return (
            <p key={connection.name} className="muted">
              {connection.name}: no firing or pending alert for {model} v{version}.
            </p>
          );
        }
        return (
          <ul key={connection.name} className="alert-list" aria-label={`Alerts from ${connection.name}`}>
            {list.map((alert, i) => (
              <li key={`${alert.name}-${i}`}>
                <StatusBadge
                  tone={alert.state === 'firing' ? 'danger' : 'warning'}
                  icon="alert"
                  label={alert.state === 'firing' ? 'Firing' : 'Pending'}
                />{' '}
                <strong>{alert.name}</strong>
                {alert.annotations.summary ? ` — ${alert.annotations.summary}` : ''}
                {alert.activeAt !== null && (
                  <>
                    {' '}
                    · since <RelativeTime timestamp={alert.activeAt} />
                  </>
                )}
              </li>
            ))}
          </ul>
        );
      })}
    </div>
  );
}
