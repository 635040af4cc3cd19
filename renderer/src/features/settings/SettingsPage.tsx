import { useQuery } from '@tanstack/react-query';
import type { Connection } from '../../platform/catalog-types';
import { api } from '../../platform/api';
import { ErrorState } from '../../ui/ErrorState';
import { KeyValueList, NotRecorded } from '../../ui/KeyValueList';
import { PageHeader } from '../../ui/PageHeader';
import { RelativeTime } from '../../ui/RelativeTime';
import { SkeletonBlock } from '../../ui/Skeleton';
import { StatusBadge } from '../../ui/StatusBadge';
import { connectionsQuery, systemDoctorQuery, systemInfoQuery } from '../workspace/queries';
import { AppearanceSettings } from './AppearanceSettings';
import { checkStatus, checkTitle } from './doctor-checks';

export function SettingsPage() {
  return (
    <div className="page">
      <PageHeader
        title="Settings"
        description="This workspace, the registries it reads, its health, and how Quorum looks on this machine."
      />
      <div className="settings">
        <WorkspaceSection />
        <ConnectionsSection />
        <DiagnosticsSection />
        <AppearanceSettings />
      </div>
    </div>
  );
}

function WorkspaceSection() {
  const info = useQuery(systemInfoQuery());
  return (
    <section className="panel" aria-labelledby="settings-workspace">
      <h2 id="settings-workspace">Workspace</h2>
      {info.isPending ? (
        <SkeletonBlock label="Loading workspace information" lines={4} />
      ) : info.isError ? (
        <ErrorState
          title="Could not read the workspace"
          error={info.error}
          onRetry={() => void info.refetch()}
          retrying={info.isFetching}
          level={3}
        />
      ) : (
        <KeyValueList
          items={[
            { label: 'Workspace', value: info.data.workspaceKind === 'demo' ? 'Demo workspace (Northwind Financial)' : 'Your workspace' },
            { label: 'Data directory', value: <code className="code wrap-anywhere">{info.data.dataDir}</code> },
            { label: 'Quorum version', value: info.data.appVersion },
            { label: 'Database schema', value: `Version ${info.data.schemaVersion}` },
            {
              label: 'Running as',
              value: `${api.platform.shell === 'desktop' ? 'Desktop app' : 'Browser mode (quorum serve)'} on ${api.platform.os}`,
            },
          ]}
        />
      )}
    </section>
  );
}

const CONNECTION_STATUS: Record<Connection['status'], { tone: 'ok' | 'danger' | 'unknown'; label: string }> = {
  ok: { tone: 'ok', label: 'Synced' },
  error: { tone: 'danger', label: 'Sync failed' },
  'never-synced': { tone: 'unknown', label: 'Never synced' },
};

const CONNECTION_KINDS: Record<Connection['kind'], string> = { mlflow: 'MLflow', recording: 'Recorded registry (demo)' };

function ConnectionsSection() {
  const connections = useQuery(connectionsQuery());
  return (
    <section className="panel" aria-labelledby="settings-connections">
      <h2 id="settings-connections">Connections</h2>
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
          No connections yet. Adding an MLflow server arrives with the registry connector; until then, the Models screen can open the demo
          workspace.
        </p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">Registry connections</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Address</th>
              <th scope="col">Status</th>
              <th scope="col">Last sync</th>
            </tr>
          </thead>
          <tbody>
            {connections.data.map((connection) => {
              const status = CONNECTION_STATUS[connection.status];
              return (
                <tr key={connection.name}>
                  <th scope="row">{connection.name}</th>
                  <td>{CONNECTION_KINDS[connection.kind]}</td>
                  <td className="wrap-anywhere">
                    <code className="code">{connection.url}</code>
                  </td>
                  <td>
                    <StatusBadge tone={status.tone} label={status.label} />
                    {connection.statusMessage && <p className="table__note">{connection.statusMessage}</p>}
                  </td>
                  <td>
                    {connection.lastSyncAt === null ? <NotRecorded>Never</NotRecorded> : <RelativeTime timestamp={connection.lastSyncAt} />}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function DiagnosticsSection() {
  const doctor = useQuery(systemDoctorQuery());
  return (
    <section className="panel" aria-labelledby="settings-diagnostics">
      <div className="panel__heading-row">
        <h2 id="settings-diagnostics">Diagnostics</h2>
        <button type="button" className="button" onClick={() => void doctor.refetch()} disabled={doctor.isFetching}>
          {doctor.isFetching ? 'Checking…' : 'Run the checks again'}
        </button>
      </div>
      <p className="panel__note">
        The same checks as <code className="code">quorum doctor</code>: data directory, schema, database integrity and connections.
      </p>
      {doctor.isPending ? (
        <SkeletonBlock label="Running diagnostics" lines={4} />
      ) : doctor.isError ? (
        <ErrorState
          title="The checks could not run"
          error={doctor.error}
          onRetry={() => void doctor.refetch()}
          retrying={doctor.isFetching}
          level={3}
        />
      ) : (
        <>
          <p className="diagnostics__summary" role="status">
            {doctor.data.healthy ? <StatusBadge tone="ok" label="Healthy" /> : <StatusBadge tone="danger" label="Problems found" />}{' '}
            {doctor.data.healthy ? 'Nothing needs fixing.' : 'Each problem below says what is wrong.'}
          </p>
          <ul className="checks">
            {doctor.data.checks.map((check) => {
              const status = checkStatus(check.status);
              return (
                <li key={check.name} className="checks__item">
                  <StatusBadge tone={status.tone} label={status.label} icon={status.icon} />
                  <span className="checks__name">{checkTitle(check.name)}</span>
                  <span className="checks__message">{check.message}</span>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
