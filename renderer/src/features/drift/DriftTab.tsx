import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { DriftRun } from '@shared/domain/drift';
import { formatAbsoluteTime } from '../../format/time';
import { formatCount } from '../../format/numbers';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { RelativeTime } from '../../ui/RelativeTime';
import { SkeletonBlock } from '../../ui/Skeleton';
import { AlertsPanel } from './AlertsPanel';
import { DriftStatusBadge } from './DriftStatusBadge';
import { chronological, DriftHeatmap, FeatureTrend, ShareTrend } from './DriftTrends';
import { driftStatus, formatShare, windowLabel, worstFeature } from './drift-status';
import { FeatureDistributionPanel } from './FeatureDistribution';
import { FeatureTable } from './FeatureTable';
import { driftResultsQuery } from './queries';
import { ReferenceLineageLink } from './ReferenceLineage';
import './drift.css';

/** The version page's Drift tab: latest status, per-feature verdicts, trends and alerts. */
export function DriftTab({ connection, name, version }: { connection: string; name: string; version: number }) {
  const query = useQuery(driftResultsQuery(connection, name, version));
  if (query.isPending) return <SkeletonBlock label="Loading drift results" lines={8} />;
  if (query.isError) {
    return (
      <ErrorState
        title="Could not load the drift results"
        error={query.error}
        onRetry={() => void query.refetch()}
        retrying={query.isFetching}
      />
    );
  }
  const runs = query.data;
  const latest = runs[0];
  if (!latest) {
    return (
      <div className="drift-tab">
        <EmptyState title={`No drift results for version ${version} yet`} icon="activity">
          <p>
            Compare a reference sample with recent traffic:{' '}
            <code>
              quorum drift --reference REF.csv --current CUR.csv --model {name}@{version}
            </code>{' '}
            stores the result here. A Prometheus connection that exports drift scores fills this tab on every poll.
          </p>
        </EmptyState>
        <section aria-labelledby="drift-alerts">
          <h2 id="drift-alerts">Monitoring alerts</h2>
          <AlertsPanel model={name} version={version} />
        </section>
      </div>
    );
  }
  return <DriftDetail runs={runs} latest={latest} connection={connection} name={name} version={version} />;
}

function DriftDetail({
  runs,
  latest,
  connection,
  name,
  version,
}: {
  runs: readonly DriftRun[];
  latest: DriftRun;
  connection: string;
  name: string;
  version: number;
}) {
  const ordered = useMemo(() => chronological(runs), [runs]);
  const [chosen, setChosen] = useState<string | null>(null);
  const selected = chosen ?? worstFeature(latest)?.name ?? latest.features[0]?.name ?? null;
  const status = driftStatus(latest);
  const warnings = [...new Set([...latest.warnings, ...latest.features.flatMap((f) => f.warnings.map((w) => `${f.name}: ${w}`))])];
  const repro = latest.reproducibility;
  const referenceRows = Math.max(0, ...latest.features.map((f) => f.referenceRows));
  const currentRows = Math.max(0, ...latest.features.map((f) => f.currentRows));
  const selectedFeature = latest.features.find((f) => f.name === selected);

  return (
    <div className="drift-tab">
      <section aria-labelledby="drift-status">
        <h2 id="drift-status">Latest drift status</h2>
        <DriftStatusBadge latest={latest} size="lg" />
        <p>{status.explanation}</p>
        <dl className="drift-facts">
          <div>
            <dt>Dataset drift share</dt>
            <dd className="number">
              {formatShare(latest.driftShare)} {latest.datasetDrift ? '≥' : '<'} {formatShare(latest.driftShareThreshold)} (
              {latest.driftedFeatures} of {latest.testedFeatures} features)
            </dd>
          </div>
          <div>
            <dt>Window</dt>
            <dd>
              {windowLabel(latest.windowStart, latest.windowEnd)} (ended <RelativeTime timestamp={latest.windowEnd} />)
            </dd>
          </div>
          <div>
            <dt>Samples</dt>
            <dd>
              reference {formatCount(referenceRows)} rows, current {formatCount(currentRows)} rows
            </dd>
          </div>
          <div>
            <dt>Computed by</dt>
            <dd>
              {latest.source === 'prometheus' ? `Prometheus (${latest.connection ?? 'connection'})` : 'Drift engine'} {repro.engineVersion},{' '}
              <time dateTime={new Date(latest.computedAt).toISOString()}>{formatAbsoluteTime(latest.computedAt)}</time>
            </dd>
          </div>
          <div>
            <dt>Reference</dt>
            <dd>
              {repro.referenceSource ?? 'in-memory table'}, <code title={repro.referenceDigest}>{shortDigest(repro.referenceDigest)}</code>{' '}
              ({repro.referenceDigestOf === 'file' ? 'file bytes' : 'typed data'})
            </dd>
          </div>
          <div>
            <dt>Reference lineage</dt>
            <dd>
              <ReferenceLineageLink run={latest} connection={connection} name={name} version={version} />
            </dd>
          </div>
          <div>
            <dt>Multiple-testing correction</dt>
            <dd>{latest.correction === 'none' ? 'None (Evidently’s default)' : latest.correction}</dd>
          </div>
        </dl>
        {warnings.length > 0 && (
          <ul className="drift-warnings" aria-label="Warnings about this result">
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="drift-features">
        <h2 id="drift-features">Features</h2>
        <FeatureTable features={latest.features} selected={selected} onSelect={setChosen} />
      </section>

      {selected && (
        <section aria-labelledby="drift-feature-distribution">
          <h2 id="drift-feature-distribution">
            {selected}: reference against current{selectedFeature ? ` (${selectedFeature.type})` : ''}
          </h2>
          <FeatureDistributionPanel runs={runs} feature={selected} />
        </section>
      )}

      {selected && (
        <section aria-labelledby="drift-feature-trend">
          <h2 id="drift-feature-trend">
            {selected} over time{selectedFeature ? ` (${selectedFeature.type})` : ''}
          </h2>
          <FeatureTrend runs={ordered} feature={selected} />
        </section>
      )}

      <section aria-labelledby="drift-share-trend">
        <h2 id="drift-share-trend">Dataset drift over time</h2>
        <ShareTrend runs={ordered} />
      </section>

      <section aria-labelledby="drift-heatmap">
        <h2 id="drift-heatmap">Features × windows</h2>
        <DriftHeatmap runs={ordered} />
      </section>

      <section aria-labelledby="drift-alerts">
        <h2 id="drift-alerts">Monitoring alerts</h2>
        <AlertsPanel model={name} version={version} />
      </section>
    </div>
  );
}

function shortDigest(digest: string): string {
  const [algo, hex] = digest.includes(':') ? digest.split(':', 2) : ['', digest];
  return `${algo ? `${algo}:` : ''}${(hex ?? '').slice(0, 12)}…`;
}
