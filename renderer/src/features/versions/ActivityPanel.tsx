import { useQuery } from '@tanstack/react-query';
import { ErrorState } from '../../ui/ErrorState';
import { SkeletonBlock } from '../../ui/Skeleton';
import { ActivityList } from '../models/ActivityList';
import { concernsVersion } from '../models/describe-change';
import { modelQuery } from '../models/queries';

/** Everything observed about this version in the registry, newest first; the ledger joins it with governance. */
export function ActivityPanel({ connection, name, version }: { connection: string; name: string; version: number }) {
  const query = useQuery(modelQuery(connection, name));
  if (query.isPending) return <SkeletonBlock label="Loading activity" lines={4} />;
  if (query.isError) {
    return (
      <ErrorState
        title="Could not load the activity"
        error={query.error}
        onRetry={() => void query.refetch()}
        retrying={query.isFetching}
        level={2}
      />
    );
  }
  const changes = query.data.activity.filter((change) => concernsVersion(change, version));
  return (
    <section className="panel" aria-labelledby="version-activity">
      <h2 id="version-activity">Activity</h2>
      <p className="panel__note">
        Changes Quorum observed in the registry, newest first. Release requests, sign-offs and waivers will join this timeline with
        governance.
      </p>
      {changes.length === 0 ? <p className="muted">No changes observed for version {version} yet.</p> : <ActivityList changes={changes} />}
    </section>
  );
}
