import { useQuery } from '@tanstack/react-query';
import { useLocation } from 'wouter';
import { ErrorState } from '../../ui/ErrorState';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { SkeletonBlock } from '../../ui/Skeleton';
import { ImportDropZone } from './ImportDropZone';
import { LineageExplorer } from './LineageExplorer';
import { NodePicker } from './NodePicker';
import { lineageSearchQuery } from './queries';
import { RejectedEvents } from './RejectedEvents';
import { lineageNodePath } from './routes';

/** The Lineage section: the whole graph around a chosen node, imports, and what was refused. */
export function LineagePage({ node }: { node: string | null }) {
  const [, navigate] = useLocation();
  return (
    <ImportDropZone footer={<RejectedEvents />}>
      <PageHeader
        title="Lineage"
        description="Where every model came from: datasets, pipeline jobs and runs, training runs, versions and deployments."
      />
      <NodePicker current={node} onPick={(ref) => navigate(lineageNodePath(ref))} />
      {node ? <LineageExplorer key={node} node={node} title={node} /> : <DefaultGraph />}
    </ImportDropZone>
  );
}

/** Without a chosen node: a deployed model (its champion, when one exists), upstream. */
function DefaultGraph() {
  const query = useQuery(lineageSearchQuery('', 'deployment'));
  if (query.isPending) return <SkeletonBlock label="Finding a deployed model" lines={6} />;
  if (query.isError)
    return <ErrorState title="Could not search the lineage graph" error={query.error} onRetry={() => void query.refetch()} />;
  const deployments = query.data;
  const start = deployments.find((d) => d.qualifier === 'champion') ?? deployments[0];
  if (!start) {
    return (
      <EmptyState title="No lineage recorded yet" icon="lineage">
        <p>
          Drop OpenLineage event files (JSON, JSON arrays, JSON Lines) or a <code>dvc.yaml</code> with its <code>dvc.lock</code> on this
          page, point your pipelines’ OpenLineage transport at <code>quorum serve --lineage-port</code>, or sync an MLflow connection: its
          runs, datasets and versions join the graph.
        </p>
      </EmptyState>
    );
  }
  return <LineageExplorer key={start.ref} node={start.ref} title={start.label} initialDirection="upstream" />;
}
