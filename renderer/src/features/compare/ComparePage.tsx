import { useQueries } from '@tanstack/react-query';
import { useMemo, useState, type ReactNode } from 'react';
import { Link } from 'wouter';
import { modelPath, versionPath } from '../../app/routes';
import type { VersionDetail } from '../../platform/catalog-types';
import { formatMetric, formatMetricDelta } from '../../format/numbers';
import { AliasChip, AliasChips } from '../../ui/AliasChip';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { PageHeader } from '../../ui/PageHeader';
import { SkeletonBlock } from '../../ui/Skeleton';
import { StatusBadge, type StatusTone } from '../../ui/StatusBadge';
import { versionQuery } from '../models/queries';
import { compareDatasets, compareMetrics, compareParams, parseVersionList, type MetricRow } from './compare-model';
import type { MetricVerdict } from './metric-direction';
import './compare.css';

const VERDICT: Record<MetricVerdict, { tone: StatusTone; label: string }> = {
  better: { tone: 'ok', label: 'Better' },
  worse: { tone: 'danger', label: 'Worse' },
  same: { tone: 'unknown', label: 'Same' },
  different: { tone: 'warning', label: 'Different' },
};

export function ComparePage({ connection, name, versionsSegment }: { connection: string; name: string; versionsSegment: string }) {
  const versions = parseVersionList(versionsSegment);
  const crumbs = [
    { label: 'Models', href: '/models' },
    { label: name, href: modelPath(connection, name) },
  ];
  if (versions === null || versions.length < 2) {
    return (
      <div className="page">
        <PageHeader title={`Compare versions of ${name}`} crumbs={crumbs} />
        <EmptyState title="Choose at least two versions to compare" icon="info">
          <p>
            This address names {versions === null ? 'no valid version numbers' : 'only one version'}. On the{' '}
            <Link href={modelPath(connection, name)}>model page</Link>, tick two or more versions in the Versions list, then choose Compare.
          </p>
        </EmptyState>
      </div>
    );
  }
  return <Comparison connection={connection} name={name} versions={versions} crumbs={crumbs} />;
}

function Comparison(props: { connection: string; name: string; versions: number[]; crumbs: { label: string; href: string }[] }) {
  const { connection, name, versions, crumbs } = props;
  const results = useQueries({ queries: versions.map((version) => versionQuery(connection, name, version)) });
  const [onlyDifferences, setOnlyDifferences] = useState(false);
  const details = results.map((result) => result.data ?? null);
  const loaded = details.every((detail): detail is VersionDetail => detail !== null);
  const runs = useMemo(() => details.map((detail) => detail?.run ?? null), [details]);
  const params = useMemo(() => compareParams(runs), [runs]);
  const metrics = useMemo(() => compareMetrics(runs), [runs]);
  const datasets = useMemo(() => compareDatasets(runs), [runs]);
  const title = `Compare ${versions.map((version) => `v${version}`).join(', ')} of ${name}`;

  const failed = results.find((result) => result.isError);
  if (failed) {
    return (
      <div className="page">
        <PageHeader title={title} crumbs={crumbs} />
        <ErrorState
          title="Could not load every version"
          error={failed.error}
          onRetry={() => results.forEach((result) => void result.refetch())}
          hint={
            <>
              A version may not be in the workspace. <Link href={modelPath(connection, name)}>See the versions of {name}</Link>.
            </>
          }
        />
      </div>
    );
  }
  if (!loaded) {
    return (
      <div className="page">
        <PageHeader title={title} crumbs={crumbs} />
        <SkeletonBlock label="Loading the versions to compare" lines={8} />
      </div>
    );
  }

  const reference = versions[0] ?? 0;
  const visibleParams = onlyDifferences ? params.filter((row) => row.differs) : params;
  const visibleMetrics = onlyDifferences ? metrics.filter((row) => row.differs) : metrics;
  const visibleDatasets = onlyDifferences ? datasets.filter((row) => row.differs) : datasets;
  const head = (
    <thead>
      <tr>
        <th scope="col">Name</th>
        {details.map((detail) => (
          <th scope="col" key={detail.version}>
            <Link href={versionPath(connection, name, detail.version)}>v{detail.version}</Link>
            {detail.version === reference && <span className="compare__reference"> (reference)</span>}
          </th>
        ))}
      </tr>
    </thead>
  );

  return (
    <div className="page">
      <PageHeader
        title={title}
        crumbs={crumbs}
        description={`Differences are highlighted; metrics are judged against v${reference}, the first version chosen, where the metric’s direction is known.`}
      />
      <section className="panel" aria-labelledby="compare-versions">
        <h2 id="compare-versions">Versions</h2>
        <div className="table-scroll">
          <table className="table table--compact compare">
            <caption className="visually-hidden">The compared versions</caption>
            {head}
            <tbody>
              <tr>
                <th scope="row">Stage</th>
                {details.map((detail) => (
                  <td key={detail.version}>{detail.stage === 'None' ? <span className="muted">No stage</span> : detail.stage}</td>
                ))}
              </tr>
              <tr>
                <th scope="row">Aliases</th>
                {details.map((detail) => (
                  <td key={detail.version}>
                    {detail.aliases.length === 0 ? (
                      <span className="muted">None</span>
                    ) : (
                      <AliasChips>
                        {detail.aliases.map((alias) => (
                          <AliasChip key={alias} alias={alias} />
                        ))}
                      </AliasChips>
                    )}
                  </td>
                ))}
              </tr>
              <tr>
                <th scope="row">Training run</th>
                {details.map((detail) => (
                  <td key={detail.version}>
                    {detail.run ? (detail.run.runName ?? <code className="code">{detail.run.runId}</code>) : <NoRun />}
                    {detail.deletedOnServerAt !== null && (
                      <>
                        {' '}
                        <StatusBadge tone="danger" label="Deleted on server" />
                      </>
                    )}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </div>
        <label className="compare__toggle">
          <input type="checkbox" checked={onlyDifferences} onChange={(event) => setOnlyDifferences(event.target.checked)} /> Show only what
          differs
        </label>
      </section>

      <Section
        id="compare-params"
        title="Parameters"
        empty={visibleParams.length === 0}
        emptyText={emptyText(onlyDifferences, 'parameters')}
      >
        <table className="table table--compact compare">
          <caption className="visually-hidden">Parameters side by side</caption>
          {head}
          <tbody>
            {visibleParams.map((row) => (
              <tr key={row.key} className={row.differs ? 'compare__row--differs' : undefined}>
                <th scope="row" className="code-cell">
                  {row.key}
                  {row.differs && <DiffersMark />}
                </th>
                {row.values.map((value, index) => (
                  <td key={versions[index]} className="wrap-anywhere">
                    {value ?? <span className="muted">Not logged</span>}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      <Section
        id="compare-metrics"
        title="Final metrics"
        empty={visibleMetrics.length === 0}
        emptyText={emptyText(onlyDifferences, 'metrics')}
      >
        <table className="table table--compact compare">
          <caption className="visually-hidden">Final metric values side by side, judged against v{reference}</caption>
          {head}
          <tbody>
            {visibleMetrics.map((row) => (
              <MetricRowView key={row.key} row={row} versions={versions} />
            ))}
          </tbody>
        </table>
      </Section>

      <Section
        id="compare-datasets"
        title="Dataset inputs"
        empty={visibleDatasets.length === 0}
        emptyText={emptyText(onlyDifferences, 'dataset inputs')}
        note="The same dataset in the same role, compared by digest: a different digest means different data."
      >
        <table className="table table--compact compare">
          <caption className="visually-hidden">Dataset digests side by side</caption>
          {head}
          <tbody>
            {visibleDatasets.map((row) => (
              <tr key={`${row.name}:${row.context ?? ''}`} className={row.differs ? 'compare__row--differs' : undefined}>
                <th scope="row">
                  {row.name}
                  {row.context && <span className="muted"> ({row.context})</span>}
                  {row.differs && <DiffersMark />}
                </th>
                {row.digests.map((digest, index) => (
                  <td key={versions[index]} className="code-cell">
                    {digest ?? <span className="muted">Not used</span>}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </div>
  );
}

function emptyText(onlyDifferences: boolean, what: string): string {
  return onlyDifferences ? `No ${what} differ between these versions.` : `None of these versions’ runs logged ${what}.`;
}

function Section(props: { id: string; title: string; empty: boolean; emptyText: string; note?: string; children: ReactNode }) {
  return (
    <section className="panel" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.note && <p className="panel__note">{props.note}</p>}
      {props.empty ? <p className="muted">{props.emptyText}</p> : <div className="table-scroll">{props.children}</div>}
    </section>
  );
}

function DiffersMark() {
  return <span className="compare__differs">differs</span>;
}

function NoRun() {
  return <span className="muted">No run linked</span>;
}

function MetricRowView({ row, versions }: { row: MetricRow; versions: readonly number[] }) {
  const reference = row.values[0] ?? null;
  return (
    <tr className={row.differs ? 'compare__row--differs' : undefined}>
      <th scope="row" className="code-cell">
        {row.key}
        <span className="compare__direction">
          {row.direction === 'higher' ? 'higher is better' : row.direction === 'lower' ? 'lower is better' : 'direction unknown'}
        </span>
      </th>
      {row.values.map((value, index) => {
        const verdict = row.verdicts[index] ?? null;
        return (
          <td key={versions[index]} className="number">
            {value === null ? (
              <span className="muted">Not logged</span>
            ) : (
              <span className="compare__metric">
                <span>{formatMetric(value)}</span>
                {verdict && reference !== null && verdict !== 'same' && (
                  <>
                    <span className="compare__delta">{formatMetricDelta(value, reference)}</span>
                    <StatusBadge tone={VERDICT[verdict].tone} label={VERDICT[verdict].label} />
                  </>
                )}
              </span>
            )}
          </td>
        );
      })}
    </tr>
  );
}
