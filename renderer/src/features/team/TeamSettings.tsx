import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { TeamStatus } from '@shared/domain/teamsync';
import { pluralize } from '../../format/numbers';
import { call } from '../../platform/api';
import { ErrorState } from '../../ui/ErrorState';
import { KeyValueList, NotRecorded } from '../../ui/KeyValueList';
import { RelativeTime } from '../../ui/RelativeTime';
import { SkeletonBlock } from '../../ui/Skeleton';
import { StatusBadge } from '../../ui/StatusBadge';
import { TEAM_STATE } from './labels';
import { teamStatusQuery } from './queries';
import { QuarantineList } from './QuarantineList';
import { TeamConnectForm } from './TeamConnectForm';
import './team.css';

/** While a sync runs, look again this often; otherwise data.changed pushes keep the status fresh. */
const SYNCING_POLL_MS = 2000;

/** Settings › Team database (UX.md): connect, status with counts and quarantined events, sync now, disconnect. */
export function TeamSettings() {
  const status = useQuery({
    ...teamStatusQuery(),
    refetchInterval: (query) => (query.state.data?.state === 'syncing' ? SYNCING_POLL_MS : false),
  });
  return (
    <section className="panel" aria-labelledby="settings-team">
      <h2 id="settings-team">Team database</h2>
      <p className="panel__note">
        Workspaces of one team share their signed ledger through a PostgreSQL database. Every event is verified on arrival; one that does
        not verify is quarantined, never applied.
      </p>
      {status.isPending ? (
        <SkeletonBlock label="Reading the team database status" lines={3} />
      ) : status.isError ? (
        <ErrorState
          title="Could not read the team database status"
          error={status.error}
          level={3}
          onRetry={() => void status.refetch()}
          retrying={status.isFetching}
        />
      ) : status.data.state === 'not-configured' ? (
        <>
          <p className="team-state">
            <StatusBadge tone={TEAM_STATE['not-configured'].tone} label={TEAM_STATE['not-configured'].label} />{' '}
            <span>{TEAM_STATE['not-configured'].explanation}</span>
          </p>
          <TeamConnectForm />
        </>
      ) : (
        <TeamStatusView status={status.data} />
      )}
    </section>
  );
}

function TeamStatusView({ status }: { status: TeamStatus }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: teamStatusQuery().queryKey });
  const sync = useMutation({ mutationFn: () => call('team.sync', { audit: false }), onSettled: refresh });
  const disconnect = useMutation({ mutationFn: () => call('team.disconnect', {}), onSettled: refresh });
  const state = TEAM_STATE[status.state];
  return (
    <>
      <p className="team-state" role="status">
        <StatusBadge tone={state.tone} label={state.label} icon={state.icon} size="lg" /> <span>{state.explanation}</span>
      </p>
      {status.lastError && status.state === 'offline' && <p className="team-state__error">{status.lastError}</p>}
      <KeyValueList
        items={[
          { label: 'Database', value: <code className="code wrap-anywhere">{status.url ?? ''}</code> },
          {
            label: 'Password',
            value: status.credential ? <code className="code">{status.credential}</code> : 'None (or in the address’s host config)',
          },
          {
            label: 'CA certificate',
            value: status.caFile ? <code className="code wrap-anywhere">{status.caFile}</code> : 'System trust store',
          },
          {
            label: 'Events',
            value: `${pluralize(status.replicated, 'event')} on the team database, ${status.pending} waiting to be sent, ${pluralize(status.localEvents, 'event')} here in all`,
          },
          {
            label: 'Last sync',
            value: status.lastSyncAt !== null ? <RelativeTime timestamp={status.lastSyncAt} /> : <NotRecorded>Never</NotRecorded>,
          },
          {
            label: 'Live updates',
            value: status.live ? 'On: colleagues’ sign-offs arrive as they are made' : 'Off: new events arrive with the next sync',
          },
        ]}
      />
      <div className="team-actions">
        <button type="button" className="button" onClick={() => sync.mutate()} disabled={sync.isPending || status.state === 'syncing'}>
          {sync.isPending || status.state === 'syncing' ? 'Syncing…' : 'Sync now'}
        </button>
        {confirming ? (
          <span className="team-actions__confirm" role="group" aria-label="Confirm disconnect">
            <span>Stop syncing and forget this database’s settings? The local ledger is kept.</span>
            <button type="button" className="button" onClick={() => disconnect.mutate()} disabled={disconnect.isPending}>
              {disconnect.isPending ? 'Disconnecting…' : 'Disconnect'}
            </button>
            <button type="button" className="button button--quiet" onClick={() => setConfirming(false)}>
              Keep connected
            </button>
          </span>
        ) : (
          <button type="button" className="button" onClick={() => setConfirming(true)}>
            Disconnect…
          </button>
        )}
      </div>
      <div aria-live="polite">
        {sync.isSuccess && (
          <p className="notice">
            Synced in {Math.max(1, Math.round(sync.data.elapsedMs))} ms: {sync.data.pushed} sent, {sync.data.pulled} received,{' '}
            {sync.data.applied} applied{sync.data.quarantined > 0 ? `, ${sync.data.quarantined} quarantined` : ''}.
          </p>
        )}
        {sync.isError && (
          <ErrorState
            title="The sync did not complete"
            error={sync.error}
            level={3}
            hint="Work continues here; what was not sent stays queued and goes with the next sync."
          />
        )}
        {disconnect.isError && <ErrorState title="Could not disconnect" error={disconnect.error} level={3} />}
      </div>
      <QuarantineList status={status} />
    </>
  );
}
