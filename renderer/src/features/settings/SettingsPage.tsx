import { useQuery } from '@tanstack/react-query';
import { api } from '../../platform/api';
import { ErrorState } from '../../ui/ErrorState';
import { KeyValueList } from '../../ui/KeyValueList';
import { PageHeader } from '../../ui/PageHeader';
import { SkeletonBlock } from '../../ui/Skeleton';
import { StatusBadge } from '../../ui/StatusBadge';
import { systemDoctorQuery, systemInfoQuery } from '../workspace/queries';
import { ConnectionsPanel } from '../connections/ConnectionsPanel';
import { TeamSettings } from '../team/TeamSettings';
import { AppearanceSettings } from './AppearanceSettings';
import { GovernanceSettings } from './GovernanceSettings';
import { LineageReceiverSettings } from './LineageReceiverSettings';
import { NotificationSettings } from './NotificationSettings';
import { checkStatus, checkTitle } from './doctor-checks';

export function SettingsPage() {
  return (
    <div className="page">
      <PageHeader
        title="Settings"
        description="This workspace, the registries it reads, identities, roles and policy, its health, and how Quorum looks on this machine."
      />
      <div className="settings">
        <WorkspaceSection />
        <ConnectionsPanel />
        <GovernanceSettings />
        <TeamSettings />
        <LineageReceiverSettings />
        <DiagnosticsSection />
        <NotificationSettings />
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
