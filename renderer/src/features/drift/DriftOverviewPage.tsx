import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import type { DriftOverviewItem } from '@shared/contract/drift.contract';
import { versionPath } from '../../app/routes';
import { policyQuery } from '../governance/queries';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { PageHeader } from '../../ui/PageHeader';
import { RelativeTime } from '../../ui/RelativeTime';
import { SkeletonBlock } from '../../ui/Skeleton';
import { AliasChip } from '../../ui/AliasChip';
import { DriftSparkline } from './DriftSparkline';
import { DriftStatusBadge } from './DriftStatusBadge';
import { driftStatus, formatShare, verdictText, windowLabel, worstFeature } from './drift-status';
import { deployedMarkers, driftOverviewQuery, TREND_WINDOWS } from './queries';
import './drift.css';

const DESCRIPTION = 'How deployed models behave now: the latest drift status of every version the release policy counts as deployed.';

/** The Drift section: one row per deployed model version, worst first. */
export function DriftOverviewPage() {
  const policy = useQuery(policyQuery());
  const markers = policy.data ? deployedMarkers(policy.data.policy) : null;
  const overview = useQuery({ ...driftOverviewQuery(markers ?? { aliases: [], registryStages: [] }), enabled: markers !== null });

  const header = <PageHeader title="Drift" description={DESCRIPTION} />;
  if (policy.isError || overview.isError) {
    return (
      <div className="page">
        {header}
        <ErrorState
          title="Could not load the drift overview"
          error={policy.error ?? overview.error}
          onRetry={() => void (policy.isError ? policy.refetch() : overview.refetch())}
          retrying={policy.isFetching || overview.isFetching}
        />
      </div>
    );
  }
  if (!overview.data) {
    return (
      <div className="page">
        {header}
        <SkeletonBlock label="Loading the drift overview" lines={6} />
      </div>
    );
  }
  const items = [...overview.data].sort(byAttention);
  if (items.length === 0) {
    return (
      <div className="page">
        {header}
        <EmptyState title="No deployed models yet" icon="activity">
          <p>
            A model counts as deployed when a version holds an alias or registry stage the release policy governs (
            {markers && [...markers.aliases, ...markers.registryStages].join(', ')}). Sync a registry from Settings, or open the demo
            workspace, to see drift here.
          </p>
        </EmptyState>
      </div>
    );
  }
  const counts = countStates(items);
  return (
    <div className="page">
      {header}
      <p className="drift-summary">
        {items.length} deployed model version{items.length === 1 ? '' : 's'}: {counts.drift} drifting, {counts.warning} with warnings,{' '}
        {counts.ok} ok, {counts['no-data']} without drift results.
      </p>
      <div className="drift-table-wrap">
        <table className="table drift-overview">
          <caption className="visually-hidden">Deployed model versions and their latest drift status, drifting first</caption>
          <thead>
            <tr>
              <th scope="col">Model version</th>
              <th scope="col">Deployed as</th>
              <th scope="col">Status</th>
              <th scope="col">Worst feature</th>
              <th scope="col">Drift share, last {TREND_WINDOWS} windows</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <OverviewRow key={`${item.connection}/${item.model}/${item.version}`} item={item} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function OverviewRow({ item }: { item: DriftOverviewItem }) {
  const latest = item.latest;
  const worst = latest ? worstFeature(latest) : null;
  return (
    <tr>
      <th scope="row">
        <Link href={versionPath(item.connection, item.model, item.version, 'drift')}>
          {item.model} v{item.version}
        </Link>
        <span className="drift-overview__connection">{item.connection}</span>
      </th>
      <td>
        <span className="drift-overview__deployed">
          {item.deployedAs.map((d) =>
            d.kind === 'alias' ? (
              <AliasChip key={`a-${d.name}`} alias={d.name} />
            ) : (
              <span key={`s-${d.name}`} className="drift-overview__stage">
                {d.name} stage
              </span>
            ),
          )}
        </span>
      </td>
      <td>
        <DriftStatusBadge latest={latest} />
        {latest && (
          <span className="drift-overview__share">
            {latest.driftedFeatures} of {latest.testedFeatures} features · share {formatShare(latest.driftShare)}{' '}
            {latest.datasetDrift ? '≥' : '<'} {formatShare(latest.driftShareThreshold)}
          </span>
        )}
        {latest && (
          <span className="drift-overview__share">
            Window {windowLabel(latest.windowStart, latest.windowEnd)}, ended <RelativeTime timestamp={latest.windowEnd} />
          </span>
        )}
      </td>
      <td>
        {worst ? (
          <>
            <span className="drift-overview__feature">{worst.name}</span>
            <span className="number">{verdictText(worst)}</span>
          </>
        ) : (
          <span className="muted">{latest ? 'No feature tested' : 'No data'}</span>
        )}
      </td>
      <td className="drift-overview__trend">
        {latest ? <DriftSparkline trend={item.trend} threshold={latest.driftShareThreshold} /> : <span className="muted">No data</span>}
      </td>
    </tr>
  );
}

const ORDER = { drift: 0, warning: 1, ok: 2, 'no-data': 3 } as const;

/** What needs attention today comes first (UX.md: ops leaves with a short list). */
function byAttention(a: DriftOverviewItem, b: DriftOverviewItem): number {
  const order = ORDER[driftStatus(a.latest).state] - ORDER[driftStatus(b.latest).state];
  return order !== 0 ? order : a.model.localeCompare(b.model) || b.version - a.version;
}

function countStates(items: readonly DriftOverviewItem[]): Record<keyof typeof ORDER, number> {
  const counts = { drift: 0, warning: 0, ok: 0, 'no-data': 0 };
  for (const item of items) counts[driftStatus(item.latest).state]++;
  return counts;
}
