import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import type { ImpactHit } from '@shared/domain/lineage';
import { versionPath } from '../../app/routes';
import { ErrorState } from '../../ui/ErrorState';
import { SkeletonBlock } from '../../ui/Skeleton';
import { lineageImpactQuery } from './queries';
import { lineageNodePath } from './routes';
import { CONFIDENCE_LABELS, modelVersionOfRef } from './vocabulary';

/** Impact analysis: the model versions and deployments downstream of one dataset. */
export function ImpactList({ dataset }: { dataset: string }) {
  const query = useQuery(lineageImpactQuery(dataset));
  if (query.isPending) return <SkeletonBlock label="Finding what this dataset affects" lines={3} />;
  if (query.isError) return <ErrorState title="Could not work out what this dataset affects" error={query.error} level={3} />;
  const { modelVersions, deployments, truncated } = query.data;
  return (
    <section aria-labelledby="lineage-impact" className="lineage-impact">
      <h3 id="lineage-impact">Affected downstream</h3>
      {modelVersions.length + deployments.length === 0 ? (
        <p>No model version or deployment was built from this data.</p>
      ) : (
        <>
          <ImpactGroup title="Model versions" hits={modelVersions} />
          <ImpactGroup title="Deployments" hits={deployments} />
        </>
      )}
      {truncated && <p className="muted">The walk stopped at its size limit; there may be more.</p>}
      <p className="muted">Definite: built from this exact data. Possible: a consumer in between did not record which version it read.</p>
    </section>
  );
}

function ImpactGroup({ title, hits }: { title: string; hits: readonly ImpactHit[] }) {
  if (hits.length === 0) return null;
  return (
    <>
      <h4>
        {title} ({hits.length})
      </h4>
      <ul className="lineage-panel__list">
        {hits.map((hit) => {
          const model = modelVersionOfRef(hit.node.ref);
          return (
            <li key={hit.node.id}>
              {model ? (
                <Link href={versionPath(model.connection, model.name, model.version)}>{hit.node.label}</Link>
              ) : (
                <Link href={lineageNodePath(hit.node.ref)}>{hit.node.label}</Link>
              )}{' '}
              <span className="muted">
                {hit.certainty === 'definite' ? 'definite' : 'possible'} · {CONFIDENCE_LABELS[hit.confidence].label.toLowerCase()} ·{' '}
                {hit.distance} hops
              </span>
            </li>
          );
        })}
      </ul>
    </>
  );
}
