import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { isQuorumCallError } from '../../platform/call';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { PageHeader } from '../../ui/PageHeader';
import { SkeletonBlock } from '../../ui/Skeleton';
import { StatusBadge } from '../../ui/StatusBadge';
import { ActivityList } from './ActivityList';
import { CompareBar } from './CompareBar';
import { ModelDescription } from './ModelDescription';
import { VersionsTimeline } from './VersionsTimeline';
import { MetricAcrossVersions } from './MetricAcrossVersions';
import { ModelFacts } from './ModelFacts';
import { modelQuery } from './queries';
import { TagsTable } from './TagsTable';
import { VersionsTable } from './VersionsTable';

const CRUMBS = [{ label: 'Models', href: '/models' }] as const;

export function ModelPage({ connection, name }: { connection: string; name: string }) {
  const query = useQuery(modelQuery(connection, name));
  // In the order ticked: the first is the comparison's reference.
  const [chosen, setChosen] = useState<readonly number[]>([]);
  const toggle = (version: number) =>
    setChosen((current) => (current.includes(version) ? current.filter((v) => v !== version) : [...current, version]));

  if (query.isPending) {
    return (
      <div className="page">
        <PageHeader title={name} crumbs={CRUMBS} />
        <SkeletonBlock label={`Loading ${name}`} lines={8} />
      </div>
    );
  }
  if (query.isError) {
    const notFound = isQuorumCallError(query.error) && query.error.code === 'not_found';
    return (
      <div className="page">
        <PageHeader title={name} crumbs={CRUMBS} />
        <ErrorState
          title={notFound ? 'This model is not in the workspace' : 'Could not load this model'}
          error={query.error}
          onRetry={notFound ? undefined : () => void query.refetch()}
          retrying={query.isFetching}
          hint={
            notFound ? (
              <>
                It may have been renamed, or its connection removed. <Link href="/models">Browse all models</Link>.
              </>
            ) : undefined
          }
        />
      </div>
    );
  }

  const { model, versions, activity } = query.data;
  return (
    <div className="page">
      <PageHeader title={model.name} crumbs={CRUMBS}>
        <ModelFacts model={model} />
        {model.deletedOnServerAt !== null && (
          <p className="notice">
            <StatusBadge tone="danger" label="Deleted on server" /> The registry no longer has this model; Quorum keeps what it saw.
          </p>
        )}
      </PageHeader>

      <div className="page-columns">
        <div className="page-columns__main">
          <section className="panel" aria-labelledby="model-description">
            <h2 id="model-description">Description</h2>
            {model.description.trim() === '' ? (
              <p className="muted">The registry has no description for this model.</p>
            ) : (
              <ModelDescription text={model.description} />
            )}
          </section>

          <section className="panel" aria-labelledby="model-versions">
            <h2 id="model-versions">Versions</h2>
            {versions.length === 0 ? (
              <EmptyState title="No versions registered" level={3} icon="box">
                <p>Versions appear here once someone registers one in {model.connection}.</p>
              </EmptyState>
            ) : (
              <>
                <VersionsTable versions={versions} selection={{ selected: new Set(chosen), toggle }} />
                {versions.length > 1 && (
                  <CompareBar connection={model.connection} name={model.name} selected={chosen} clear={() => setChosen([])} />
                )}
              </>
            )}
          </section>

          {versions.length > 0 && (
            <section className="panel" aria-labelledby="model-timeline">
              <h2 id="model-timeline">Versions over time</h2>
              <VersionsTimeline versions={versions} />
            </section>
          )}

          <section className="panel" aria-labelledby="model-metrics">
            <h2 id="model-metrics">Training metrics across versions</h2>
            <MetricAcrossVersions model={model} versions={versions} />
          </section>
        </div>

        <div className="page-columns__side">
          <section className="panel" aria-labelledby="model-tags">
            <h2 id="model-tags">Tags</h2>
            {model.tags.length === 0 ? (
              <p className="muted">No tags on this model.</p>
            ) : (
              <TagsTable tags={model.tags} caption="Model tags" />
            )}
          </section>

          <section className="panel" aria-labelledby="model-activity">
            <h2 id="model-activity">Activity</h2>
            <p className="panel__note">Changes Quorum observed in the registry, newest first.</p>
            {activity.length === 0 ? <p className="muted">No changes observed yet.</p> : <ActivityList changes={activity} />}
          </section>
        </div>
      </div>
    </div>
  );
}
