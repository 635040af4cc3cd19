import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import type { LineageNodeDetail, LineageRunInfo } from '@shared/domain/lineage';
import { versionPath } from '../../app/routes';
import { formatDuration } from '../../format/time';
import { ErrorState } from '../../ui/ErrorState';
import { Icon } from '../../ui/Icon';
import { KeyValueList, NotRecorded, type KeyValue } from '../../ui/KeyValueList';
import { RelativeTime } from '../../ui/RelativeTime';
import { SkeletonBlock } from '../../ui/Skeleton';
import { StatusBadge } from '../../ui/StatusBadge';
import { ImpactList } from './ImpactList';
import { lineageNodeQuery } from './queries';
import { lineageNodePath } from './routes';
import { KIND_LABELS, modelVersionOfRef, RUN_STATE_STATUS } from './vocabulary';

export interface NodePanelProps {
  nodeId: number;
  onClose: () => void;
  /** Shown when the panel's node is not the graph's centre, to re-centre on it. */
  isRoot: boolean;
}

/** Everything one node carries: kind, names, facets, schema, run state and timing, assertions. */
export function NodePanel({ nodeId, onClose, isRoot }: NodePanelProps) {
  const query = useQuery(lineageNodeQuery(nodeId));
  return (
    <aside className="lineage-panel" aria-labelledby="lineage-panel-title">
      <div className="lineage-panel__head">
        <h2 id="lineage-panel-title" className="lineage-panel__title">
          {query.data ? query.data.node.label : 'Node details'}
        </h2>
        <button type="button" className="button button--quiet" onClick={onClose} aria-label="Close the node details">
          <Icon name="x" />
        </button>
      </div>
      {query.isPending ? (
        <SkeletonBlock label="Loading the node" lines={6} />
      ) : query.isError ? (
        <ErrorState title="Could not load this node" error={query.error} level={3} onRetry={() => void query.refetch()} />
      ) : (
        <NodeDetail detail={query.data} isRoot={isRoot} />
      )}
    </aside>
  );
}

function NodeDetail({ detail, isRoot }: { detail: LineageNodeDetail; isRoot: boolean }) {
  const { node } = detail;
  const model = modelVersionOfRef(node.ref);
  const [showImpact, setShowImpact] = useState(false);
  const isData = node.kind === 'dataset' || node.kind === 'dataset_version';
  const items: KeyValue[] = [
    { label: 'Kind', value: KIND_LABELS[node.kind] },
    { label: 'Name', value: <span className="lineage-panel__wrap">{node.name}</span> },
    { label: 'Namespace', value: <span className="lineage-panel__wrap">{node.namespace}</span> },
  ];
  if (node.qualifier) items.push({ label: node.kind === 'dataset_version' ? 'Version' : 'Qualifier', value: node.qualifier });
  items.push(
    { label: 'Recorded by', value: node.origin },
    { label: 'First seen', value: <RelativeTime timestamp={node.firstSeenAt} /> },
    { label: 'Last seen', value: <RelativeTime timestamp={node.lastSeenAt} /> },
    { label: 'Connections', value: `${detail.upstreamCount} upstream · ${detail.downstreamCount} downstream` },
  );
  return (
    <div className="lineage-panel__body">
      <KeyValueList items={items} />
      <p className="lineage-panel__ref">
        <code>{node.ref}</code>
      </p>
      <div className="lineage-panel__actions">
        {!isRoot && (
          <Link className="button" href={lineageNodePath(node.ref)}>
            Centre the graph here
          </Link>
        )}
        {model && (
          <Link className="button" href={versionPath(model.connection, model.name, model.version)}>
            Open version {model.version}
          </Link>
        )}
        {isData && (
          <button type="button" className="button" aria-expanded={showImpact} onClick={() => setShowImpact((v) => !v)}>
            What is affected?
          </button>
        )}
      </div>
      {isData && showImpact && <ImpactList dataset={node.ref} />}
      {node.run && <RunSection run={node.run} />}
      <FacetSummary facets={detail.facets} />
      {detail.schema.length > 0 && (
        <section aria-labelledby="lineage-panel-schema">
          <h3 id="lineage-panel-schema">Schema ({detail.schema.length} columns)</h3>
          <table className="table table--compact">
            <thead>
              <tr>
                <th scope="col">Column</th>
                <th scope="col">Type</th>
              </tr>
            </thead>
            <tbody>
              {detail.schema.map((field) => (
                <tr key={field.name}>
                  <th scope="row" title={field.description ?? undefined}>
                    {field.name}
                  </th>
                  <td>{field.type ?? <NotRecorded />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {detail.qualityAssertions.length > 0 && (
        <section aria-labelledby="lineage-panel-quality">
          <h3 id="lineage-panel-quality">Data-quality assertions</h3>
          <ul className="lineage-panel__list">
            {detail.qualityAssertions.map((a, index) => (
              <li key={`${a.assertion}-${a.column ?? ''}-${index}`}>
                <StatusBadge tone={a.success ? 'ok' : 'danger'} label={a.success ? 'Passed' : 'Failed'} /> {a.assertion}
                {a.column && <span className="muted"> on {a.column}</span>} <RelativeTime timestamp={a.at} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {detail.versions.length > 0 && (
        <section aria-labelledby="lineage-panel-versions">
          <h3 id="lineage-panel-versions">Versions ({detail.versions.length})</h3>
          <ul className="lineage-panel__list">
            {detail.versions.slice(0, 20).map((v) => (
              <li key={v.id}>
                <Link href={lineageNodePath(v.ref)}>{v.qualifier ?? v.label}</Link> <RelativeTime timestamp={v.lastSeenAt} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function RunSection({ run }: { run: LineageRunInfo }) {
  const status = RUN_STATE_STATUS[run.state];
  const items: KeyValue[] = [
    { label: 'Status', value: <StatusBadge tone={status.tone} label={status.label} /> },
    { label: 'Started', value: run.startedAt === null ? <NotRecorded /> : <RelativeTime timestamp={run.startedAt} /> },
    { label: 'Ended', value: run.endedAt === null ? <NotRecorded>Not ended</NotRecorded> : <RelativeTime timestamp={run.endedAt} /> },
  ];
  if (run.startedAt !== null && run.endedAt !== null) items.push({ label: 'Duration', value: formatDuration(run.endedAt - run.startedAt) });
  items.push({ label: 'Run id', value: <code className="lineage-panel__wrap">{run.runId}</code> });
  return (
    <section aria-labelledby="lineage-panel-run">
      <h3 id="lineage-panel-run">Run</h3>
      <p className="muted">{status.explanation}</p>
      <KeyValueList items={items} />
      {run.errorMessage && (
        <div className="lineage-panel__error" role="note">
          <strong>Error message</strong>
          <pre>{run.errorMessage}</pre>
        </div>
      )}
    </section>
  );
}

/** Facet names with their plain scalar fields; nested structures are summarised, never dumped as JSON. */
function FacetSummary({ facets }: { facets: Record<string, unknown> }) {
  const entries = Object.entries(facets).filter(([name]) => name !== 'schema');
  if (entries.length === 0) return null;
  return (
    <section aria-labelledby="lineage-panel-facets">
      <h3 id="lineage-panel-facets">Facets ({entries.length})</h3>
      <dl className="lineage-panel__facets">
        {entries.map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{summariseFacet(value)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function summariseFacet(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `${value.length} items`;
  const parts: string[] = [];
  for (const [key, field] of Object.entries(value)) {
    if (key.startsWith('_')) continue;
    if (typeof field === 'string' || typeof field === 'number' || typeof field === 'boolean') {
      parts.push(`${key}: ${String(field).slice(0, 200)}`);
    } else if (Array.isArray(field)) parts.push(`${key}: ${field.length} items`);
    else if (field && typeof field === 'object') parts.push(`${key}: ${Object.keys(field).length} fields`);
  }
  return parts.length > 0 ? parts.join(' · ') : 'No fields';
}
