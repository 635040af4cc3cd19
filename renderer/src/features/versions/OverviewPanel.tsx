import { useQuery } from '@tanstack/react-query';
import type { Run, VersionDetail } from '../../platform/catalog-types';
import { formatDuration } from '../../format/time';
import { EmptyState } from '../../ui/EmptyState';
import { KeyValueList, NotRecorded } from '../../ui/KeyValueList';
import { RelativeTime } from '../../ui/RelativeTime';
import { StatusBadge } from '../../ui/StatusBadge';
import { TagsTable } from '../models/TagsTable';
import { versionQuery } from '../models/queries';
import { finalMetrics, runStatus } from './run-facts';
import { DatasetInputsTable, MetricsTable, ParamsTable, type ChampionMetrics } from './RunTables';
import { MetricHistoryCharts } from './MetricHistoryCharts';
import { RunLink } from './RunLink';
import { formatAbsoluteTime } from '../../format/time';
import { Icon } from '../../ui/Icon';

const REFERENCE_ALIAS = 'champion';

export function OverviewPanel({ detail }: { detail: VersionDetail }) {
  return (
    <div className="stack">
      {detail.deletedOnServerAt !== null && (
        <div className="deleted-notice" role="note">
          <Icon name="alert" />
          <p>
            <strong>Deleted on the server.</strong> {detail.connection} no longer has version {detail.version} of {detail.modelName}{' '}
            (noticed {formatAbsoluteTime(detail.deletedOnServerAt)}). Quorum keeps what it last saw, shown below, for the record; it can no
            longer be deployed from the registry.
          </p>
        </div>
      )}
      <section className="panel" aria-labelledby="version-registry">
        <h2 id="version-registry">Model version</h2>
        <KeyValueList
          items={[
            { label: 'Stage', value: detail.stage === 'None' ? <NotRecorded>No stage</NotRecorded> : detail.stage },
            { label: 'Registry status', value: detail.status },
            { label: 'Registered by', value: detail.user ?? <NotRecorded /> },
            { label: 'Registered', value: <RelativeTime timestamp={detail.createdAt} /> },
            { label: 'Last updated', value: <RelativeTime timestamp={detail.lastUpdatedAt} /> },
            {
              label: 'Artifact source',
              value: detail.source ? <code className="code wrap-anywhere">{detail.source}</code> : <NotRecorded />,
            },
          ]}
        />
        {detail.description.trim() !== '' && <p className="plain-text">{detail.description}</p>}
        {detail.tags.length > 0 && (
          <>
            <h3>Version tags</h3>
            <TagsTable tags={detail.tags} caption="Version tags" />
          </>
        )}
      </section>
      {detail.run ? (
        <TrainingRun run={detail.run} detail={detail} />
      ) : (
        <EmptyState title="No training run linked" icon="info">
          <p>
            This version was registered without a run id, so there are no parameters, metrics or datasets to show. Registering from an
            MLflow run (for example with <code className="code">mlflow.register_model</code> on a run’s model) links them.
          </p>
        </EmptyState>
      )}
    </div>
  );
}

function useChampionMetrics(detail: VersionDetail): ChampionMetrics | null {
  const champion = detail.model.aliases.find((alias) => alias.alias === REFERENCE_ALIAS);
  const compare = champion !== undefined && champion.version !== detail.version;
  const query = useQuery({
    ...versionQuery(detail.connection, detail.modelName, champion?.version ?? detail.version),
    enabled: compare,
  });
  if (!compare || !query.data?.run) return null;
  return { version: query.data.version, metrics: finalMetrics(query.data.run.metrics) };
}

function TrainingRun({ run, detail }: { run: Run; detail: VersionDetail }) {
  const status = runStatus(run.status);
  const metrics = finalMetrics(run.metrics);
  const champion = useChampionMetrics(detail);
  return (
    <section className="panel" aria-labelledby="version-run">
      <h2 id="version-run">Training run</h2>
      <KeyValueList
        items={[
          { label: 'Status', value: <StatusBadge tone={status.tone} label={status.label} /> },
          { label: 'Run', value: <RunLink run={run} /> },
          { label: 'Run id', value: <code className="code wrap-anywhere">{run.runId}</code> },
          { label: 'Experiment', value: run.experimentName ?? <NotRecorded>Experiment {run.experimentId}</NotRecorded> },
          { label: 'User', value: run.user ?? <NotRecorded /> },
          { label: 'Started', value: run.startTime === null ? <NotRecorded /> : <RelativeTime timestamp={run.startTime} /> },
          {
            label: 'Duration',
            value: run.startTime !== null && run.endTime !== null ? formatDuration(run.endTime - run.startTime) : <NotRecorded />,
          },
          {
            label: 'Git commit',
            value: run.gitCommit ? <code className="code wrap-anywhere">{run.gitCommit}</code> : <NotRecorded />,
          },
          { label: 'Source', value: run.sourceName ? <code className="code wrap-anywhere">{run.sourceName}</code> : <NotRecorded /> },
        ]}
      />

      <div className="run-grid">
        <section aria-labelledby="version-params">
          <h3 id="version-params">Parameters</h3>
          {run.params.length === 0 ? <p className="muted">The run logged no parameters.</p> : <ParamsTable params={run.params} />}
        </section>
        <section aria-labelledby="version-metrics">
          <h3 id="version-metrics">Final metrics</h3>
          {metrics.length === 0 ? (
            <p className="muted">The run logged no metrics.</p>
          ) : (
            <MetricsTable metrics={metrics} champion={champion} />
          )}
        </section>
      </div>

      {metrics.length > 0 && (
        <section aria-labelledby="version-metric-history">
          <h3 id="version-metric-history">Metric history</h3>
          <MetricHistoryCharts connection={detail.connection} runId={run.runId} keys={metrics.map((metric) => metric.key)} />
        </section>
      )}

      <section aria-labelledby="version-datasets">
        <h3 id="version-datasets">Dataset inputs</h3>
        {run.datasetInputs.length === 0 ? (
          <p className="muted">The run recorded no dataset inputs, so the training data’s version is not known.</p>
        ) : (
          <DatasetInputsTable inputs={run.datasetInputs} />
        )}
      </section>
    </section>
  );
}
