import { useQuery } from '@tanstack/react-query';
import type { Run } from '../../platform/catalog-types';
import { connectionsQuery } from '../workspace/queries';

/**
 * The run's page in the MLflow UI, built the way MLflow links runs (#/experiments/<id>/runs/<id>).
 * Only for MLflow connections with a web address: a recorded demo registry has no UI to open.
 */
export function mlflowRunUrl(baseUrl: string, run: Pick<Run, 'experimentId' | 'runId'>): string | null {
  if (!/^https?:\/\//i.test(baseUrl)) return null;
  const base = baseUrl.replace(/\/+$/, '');
  return `${base}/#/experiments/${encodeURIComponent(run.experimentId)}/runs/${encodeURIComponent(run.runId)}`;
}

export function RunLink({ run }: { run: Run }) {
  const connections = useQuery(connectionsQuery());
  const connection = connections.data?.find((candidate) => candidate.name === run.connection);
  const url = connection?.kind === 'mlflow' ? mlflowRunUrl(connection.url, run) : null;
  const label = run.runName ?? run.runId;
  if (!url) return <code className="code">{label}</code>;
  return (
    <a href={url} target="_blank" rel="noreferrer">
      {label} <span className="visually-hidden">(opens the run in MLflow)</span>
    </a>
  );
}
