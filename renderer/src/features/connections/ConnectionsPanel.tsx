import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import type { Connection } from '../../platform/catalog-types';
import { ErrorState } from '../../ui/ErrorState';
import { NotRecorded } from '../../ui/KeyValueList';
import { RelativeTime } from '../../ui/RelativeTime';
import { SkeletonBlock } from '../../ui/Skeleton';
import { StatusBadge } from '../../ui/StatusBadge';
import { connectionsQuery } from '../workspace/queries';
import { CONNECTION_KINDS, connectionStatus, editConnectionPath, isEditable, isSyncable, NEW_CONNECTION_PATH } from './labels';
import { monitoringStatusQuery, type MonitoringStatus } from './monitoring-queries';
import { NextPoll, pollBadge } from './MonitoringStatusPanel';
import { connectionDetailQuery } from './queries';
import { ALL_CONNECTIONS, useSyncStore } from './sync-store';
import { SyncStatus } from './SyncStatus';
import './connections.css';

/**
 * The workspace's connections with their status, and the acts on them (sync, edit, add).
 * Used by Settings and by its own page (#/settings/connections), so both say the same.
 */
export function ConnectionsPanel({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const connections = useQuery(connectionsQuery());
  const runs = useSyncStore((state) => state.runs);
  const start = useSyncStore((state) => state.start);
  const queryClient = useQueryClient();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const syncable = (connections.data ?? []).filter(isSyncable);
  const allRun = runs[ALL_CONNECTIONS];

  return (
    <section className="panel" aria-labelledby="connections-heading">
      <div className="panel__heading-row">
        <Heading id="connections-heading">Connections</Heading>
        <div className="connections__actions">
          {syncable.length > 0 && (
            <button
              type="button"
              className="button"
              onClick={() => start(ALL_CONNECTIONS, queryClient)}
              disabled={allRun?.state === 'running'}
            >
              {allRun?.state === 'running' ? 'Syncing all…' : 'Sync all'}
            </button>
          )}
          <Link href={NEW_CONNECTION_PATH} className="button button--primary">
            Add connection
          </Link>
        </div>
      </div>
      <p className="panel__note">
        The registries and monitoring backends Quorum reads. Credentials are kept as references (an environment variable or Quorum’s secret
        store), never in the workspace database.
      </p>
      {allRun && <SyncStatus run={allRun} title="Sync of all connections" />}
      {connections.isPending ? (
        <SkeletonBlock label="Loading connections" lines={3} />
      ) : connections.isError ? (
        <ErrorState
          title="Could not list the connections"
          error={connections.error}
          onRetry={() => void connections.refetch()}
          retrying={connections.isFetching}
          level={3}
        />
      ) : connections.data.length === 0 ? (
        <p className="muted">
          No connections yet — add your MLflow server with <strong>Add connection</strong>, or open the demo workspace from the Models
          screen.
        </p>
      ) : (
        <ConnectionsTable connections={connections.data} />
      )}
    </section>
  );
}

function ConnectionsTable({ connections }: { connections: readonly Connection[] }) {
  // Write-back lives in each connection's settings, which the list does not carry.
  const details = useQueries({
    queries: connections.filter(isEditable).map((connection) => connectionDetailQuery(connection.name)),
  });
  const writeBack = new Map(
    details.flatMap((detail) => (detail.data ? [[detail.data.name, detail.data.settings.writeBack] as const] : [])),
  );
  // Polling status of the Prometheus connections, one request for all of them.
  const polling = useQuery({ ...monitoringStatusQuery(), enabled: connections.some((c) => c.kind === 'prometheus') });
  const pollStatus = new Map((polling.data ?? []).map((status) => [status.connection, status] as const));
  return (
    <table className="table connections-table">
      <caption className="visually-hidden">Connections and their sync status</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Kind and address</th>
          <th scope="col">Status</th>
          <th scope="col">Last sync or poll</th>
          <th scope="col">Write-back</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {connections.map((connection) => (
          <ConnectionRow
            key={connection.name}
            connection={connection}
            writeBack={writeBack.get(connection.name)}
            poll={pollStatus.get(connection.name)}
          />
        ))}
      </tbody>
    </table>
  );
}

function ConnectionRow({
  connection,
  writeBack,
  poll,
}: {
  connection: Connection;
  writeBack: boolean | undefined;
  poll: MonitoringStatus | undefined;
}) {
  const status = poll ? pollBadge(poll) : connectionStatus(connection);
  const run = useSyncStore((state) => state.runs[connection.name]);
  const start = useSyncStore((state) => state.start);
  const queryClient = useQueryClient();
  return (
    <>
      <tr>
        <th scope="row">{connection.name}</th>
        <td className="wrap-anywhere">
          {CONNECTION_KINDS[connection.kind]}
          <br />
          <code className="code">{connection.url}</code>
        </td>
        <td>
          <StatusBadge tone={status.tone} label={status.label} />
          {connection.statusMessage && <p className="table__note">{connection.statusMessage}</p>}
          {/* The latest error in Prometheus's own words; the connection's page lists every failing model. */}
          {poll?.problems[0] && (
            <p className="table__note wrap-anywhere">
              {poll.problems[0].model} v{poll.problems[0].version}: {poll.problems[0].message}
              {poll.problems.length > 1 ? ` (and ${poll.problems.length - 1} more)` : ''}
            </p>
          )}
        </td>
        <td>
          {connection.kind === 'prometheus' ? (
            <PollTimes connection={connection} poll={poll} />
          ) : !isSyncable(connection) ? (
            <NotRecorded>Not synced</NotRecorded>
          ) : connection.lastSyncAt === null ? (
            <NotRecorded>Never</NotRecorded>
          ) : (
            <RelativeTime timestamp={connection.lastSyncAt} />
          )}
        </td>
        <td>
          {!isSyncable(connection) ? (
            <NotRecorded>Not applicable</NotRecorded>
          ) : writeBack === undefined ? (
            <NotRecorded>…</NotRecorded>
          ) : writeBack ? (
            'On'
          ) : (
            'Off'
          )}
        </td>
        <td>
          <div className="connections__row-actions">
            {isSyncable(connection) && (
              <button
                type="button"
                className="button"
                onClick={() => start(connection.name, queryClient)}
                disabled={run?.state === 'running'}
              >
                {run?.state === 'running' ? 'Syncing…' : 'Sync now'}
                <span className="visually-hidden"> for {connection.name}</span>
              </button>
            )}
            {isEditable(connection) && (
              <Link href={editConnectionPath(connection.name)} className="button button--quiet">
                Edit<span className="visually-hidden"> for {connection.name}</span>
              </Link>
            )}
          </div>
        </td>
      </tr>
      {run && (
        <tr className="connections-table__sync">
          <td colSpan={6}>
            <SyncStatus run={run} title={`Sync of ${connection.name}`} />
          </td>
        </tr>
      )}
    </>
  );
}

/** When a Prometheus connection was last polled and when it will be next. */
function PollTimes({ connection, poll }: { connection: Connection; poll: MonitoringStatus | undefined }) {
  const last = poll?.lastPollAt ?? connection.lastSyncAt;
  return (
    <>
      {last === null ? <NotRecorded>Never polled</NotRecorded> : <RelativeTime timestamp={last} />}
      {poll && (
        <span className="connections-table__poll-next">
          Next: <NextPoll status={poll} />
        </span>
      )}
    </>
  );
}
