import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { isQuorumCallError } from '../../platform/call';
import { ErrorState } from '../../ui/ErrorState';
import { PageHeader } from '../../ui/PageHeader';
import { SkeletonBlock } from '../../ui/Skeleton';
import { StatusBadge } from '../../ui/StatusBadge';
import { useAddedStore } from './added-store';
import { ConnectionForm } from './ConnectionForm';
import { addInput, EMPTY_FORM, formFromConnection, updateInput } from './connection-form';
import { ConnectionsPanel } from './ConnectionsPanel';
import { MonitoringStatusPanel } from './MonitoringStatusPanel';
import { PromQlTemplates } from './PromQlTemplates';
import { CONNECTIONS_PATH, editConnectionPath } from './labels';
import { connectionDetailQuery, useAddConnection, useUpdateConnection } from './queries';
import { RemoveConnection } from './RemoveConnection';
import { useSyncStore } from './sync-store';
import './connections.css';

const CRUMBS = [{ label: 'Settings', href: '/settings' }] as const;
const FORM_CRUMBS = [...CRUMBS, { label: 'Connections', href: CONNECTIONS_PATH }] as const;

/** #/settings/connections: the list, and what the Add form just saved. */
export function ConnectionsPage() {
  return (
    <div className="page">
      <PageHeader
        title="Connections"
        crumbs={CRUMBS}
        description="MLflow registries Quorum syncs into one catalog, and Prometheus backends it polls for drift scores and alerts."
      />
      <AddedNotice />
      <ConnectionsPanel />
    </div>
  );
}

function AddedNotice() {
  const notice = useAddedStore((state) => state.notice);
  const clear = useAddedStore((state) => state.set);
  const start = useSyncStore((state) => state.start);
  const queryClient = useQueryClient();
  const syncing = useSyncStore((state) => (notice ? state.runs[notice.name] !== undefined : false));
  // Once the new connection is synced from anywhere, the invitation to sync it has done its job.
  if (!notice || syncing) return null;
  const worked = notice.test?.ok ?? false;
  return (
    <section className={worked ? 'added-notice' : 'added-notice added-notice--failed'} role="status" aria-label="Connection added">
      <p>
        {worked ? <StatusBadge tone="ok" label="Added" /> : <StatusBadge tone="warning" label="Added, test failed" icon="alert" />}{' '}
        <strong>{notice.name}</strong>{' '}
        {worked
          ? notice.kind === 'mlflow'
            ? 'is saved and answers. Sync it to bring its models into the catalog.'
            : 'is saved and answers.'
          : `is saved, but the test failed: ${notice.test?.problem?.message ?? 'the server did not answer as expected.'} Fix its settings, then sync.`}
      </p>
      <div className="added-notice__actions">
        {worked && notice.kind === 'mlflow' && (
          <button
            type="button"
            className="button button--primary"
            onClick={() => {
              start(notice.name, queryClient);
              clear(null);
            }}
          >
            Sync {notice.name} now
          </button>
        )}
        {!worked && (
          <Link href={editConnectionPath(notice.name)} className="button">
            Edit {notice.name}
          </Link>
        )}
        <button type="button" className="button button--quiet" onClick={() => clear(null)}>
          Dismiss
        </button>
      </div>
    </section>
  );
}

/** #/settings/connections/new */
export function AddConnectionPage() {
  const add = useAddConnection();
  const setNotice = useAddedStore((state) => state.set);
  const [, navigate] = useLocation();
  return (
    <div className="page">
      <PageHeader
        title="Add connection"
        crumbs={FORM_CRUMBS}
        description="Test the connection before saving; nothing is stored until you save."
      />
      <ConnectionForm
        mode="add"
        initial={EMPTY_FORM}
        stored={null}
        submitLabel="Save connection"
        submitting={add.isPending}
        submitError={add.error}
        onSubmit={(values) =>
          add.mutate(addInput(values), {
            onSuccess: ({ connection, test }) => {
              setNotice({ name: connection.name, kind: values.kind, test });
              navigate(CONNECTIONS_PATH);
            },
          })
        }
      />
    </div>
  );
}

/** #/settings/connections/<name>/edit */
export function EditConnectionPage({ name }: { name: string }) {
  // Stops asking for this connection while it is removed, so the refetch that follows is not a 404.
  const [removing, setRemoving] = useState(false);
  const query = useQuery({ ...connectionDetailQuery(name), enabled: !removing });
  const update = useUpdateConnection();
  const [, navigate] = useLocation();
  const title = `Edit ${name}`;
  if (query.isPending) {
    return (
      <div className="page">
        <PageHeader title={title} crumbs={FORM_CRUMBS} />
        <SkeletonBlock label={`Loading ${name}`} lines={6} />
      </div>
    );
  }
  if (query.isError) {
    const notFound = isQuorumCallError(query.error) && query.error.code === 'not_found';
    return (
      <div className="page">
        <PageHeader title={title} crumbs={FORM_CRUMBS} />
        <ErrorState
          title={notFound ? 'There is no connection by this name' : 'Could not load this connection'}
          error={query.error}
          onRetry={notFound ? undefined : () => void query.refetch()}
          retrying={query.isFetching}
          hint={notFound ? <Link href={CONNECTIONS_PATH}>See the workspace’s connections</Link> : undefined}
        />
      </div>
    );
  }
  const connection = query.data;
  const kind = connection.kind === 'prometheus' ? 'prometheus' : 'mlflow';
  return (
    <div className="page">
      <PageHeader
        title={title}
        crumbs={FORM_CRUMBS}
        description={
          kind === 'prometheus'
            ? 'How Quorum reaches this Prometheus, when it polls it, and what it asks. Changes apply from the next poll; stored drift results are kept.'
            : 'Changes apply from the next sync; the catalog keeps what was synced.'
        }
      />
      {kind === 'prometheus' && <MonitoringStatusPanel connection={connection.name} removing={removing} />}
      <ConnectionForm
        mode="edit"
        initial={formFromConnection(connection)}
        stored={connection}
        submitLabel="Save changes"
        submitting={update.isPending}
        submitError={update.error}
        onSubmit={(values) => update.mutate(updateInput(values), { onSuccess: () => navigate(CONNECTIONS_PATH) })}
      />
      {kind === 'prometheus' && <PromQlTemplates connection={connection.name} removing={removing} />}
      <RemoveConnection name={connection.name} kind={kind} onRemoving={setRemoving} />
    </div>
  );
}
