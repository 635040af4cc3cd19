import { createHash, randomUUID } from 'node:crypto';
import { ensureConnection } from '../../electron/core/catalog/connections';
import { ingestSnapshot } from '../../electron/core/catalog/ingest';
import type { ModelVersionRecord, RegistrySnapshot, RunRecord } from '../../electron/core/catalog/records';
import type { Core } from '../../electron/core/create-core';
import { call } from './fixture';

/**
 * The registry and lineage of the reports issue's large dossier (bench/reports/dossier-large.ts),
 * shared with the tests that check how that dossier prints (its lineage figure above all):
 *
 *  - registry: model `loan-default-scorer`, 50 versions, each with its own FINISHED training run
 *    (metrics, params, a training dataset input) in one experiment; the subject is v50.
 *  - lineage: OpenLineage runs breadth-first up from v50's training data, whose `version` facet
 *    carries the MLflow dataset digest (the digest-matches-version join), sized so the upstream
 *    graph of v50 the dossier reads has 200 nodes.
 *
 * Both go in through the real paths: registry ingestion (`ingestSnapshot`) and `lineage.import`.
 */

export const CONNECTION = 'bench-mlflow';
export const MODEL = 'loan-default-scorer';
export const VERSIONS = 50;
export const SUBJECT = VERSIONS;
export const LINEAGE_NODES = 200;
export const START = Date.parse('2026-10-01T09:00:00Z');

export const hex = (seed: string, length = 32) => createHash('sha256').update(seed).digest('hex').slice(0, length);
const runIdOf = (v: number) => hex(`run-${v}`);
/** MLflow's dataset digest: 8 hex digits. The OpenLineage version of the same data starts with it. */
const digestOf = (v: number) => hex(`train-${v}`, 8);
const fullVersionOf = (v: number) => `${digestOf(v)}${hex(`train-${v}-rest`, 24)}`;

export function registrySnapshot(): RegistrySnapshot {
  const runs: RunRecord[] = [];
  const versions: ModelVersionRecord[] = [];
  for (let v = 1; v <= VERSIONS; v++) {
    const started = START + v * 3_600_000;
    const runId = runIdOf(v);
    const m = (key: string, value: number) => ({ key, value: Number(value.toFixed(4)), step: 0, timestamp: started + 1_200_000 });
    runs.push({
      runId,
      experimentId: '7',
      runName: `xgb-v${v}`,
      user: 'carol.diaz',
      status: 'FINISHED',
      startTime: started,
      endTime: started + 1_200_000,
      lifecycleStage: 'active',
      params: [
        { key: 'max_depth', value: String(4 + (v % 5)) },
        { key: 'learning_rate', value: String(0.05 + (v % 3) * 0.01) },
        { key: 'n_estimators', value: String(200 + v * 10) },
      ],
      metrics: [
        m('auc', 0.88 + v * 0.001),
        m('recall', 0.78 + v * 0.0008),
        m('precision', 0.7 + v * 0.0012),
        m('f1', 0.74 + v * 0.001),
        m('log_loss', 0.4 - v * 0.002),
      ],
      tags: [
        { key: 'mlflow.source.git.commit', value: hex(`commit-${v}`, 40) },
        { key: 'mlflow.source.name', value: 'train.py' },
        { key: 'mlflow.user', value: 'carol.diaz' },
      ],
      datasetInputs: [
        {
          name: 'loan_applications_train',
          digest: digestOf(v),
          sourceType: 'delta',
          source: `dbfs:/mnt/lake/loans/train/v${v}`,
          context: 'training',
        },
      ],
    });
    versions.push({
      modelName: MODEL,
      version: v,
      status: 'READY',
      stage: 'None',
      source: `runs:/${runId}/model`,
      runId,
      user: 'carol.diaz',
      description: `Gradient-boosted default scorer, iteration ${v}.`,
      tags: [],
      aliases: [],
      createdAt: started + 1_500_000,
      lastUpdatedAt: started + 1_500_000,
    });
  }
  return {
    experiments: [{ experimentId: '7', name: 'loan-default', lifecycleStage: 'active', tags: [], createdAt: START, lastUpdatedAt: START }],
    runs,
    models: [
      {
        name: MODEL,
        description: 'Predicts the probability of default of a loan application.',
        createdAt: START,
        lastUpdatedAt: START,
        tags: [
          { key: 'owner_team', value: 'credit-ml' },
          { key: 'model_card.intended_use', value: 'Pre-screening of consumer loan applications.' },
          { key: 'model_card.limitations', value: 'Not validated for business loans.' },
        ],
        aliases: [],
      },
    ],
    versions,
    complete: true,
  };
}

const PRODUCER = 'https://github.com/apache/airflow/tree/providers-openlineage/1.14.0';
const facet = (schema: string) => ({ _producer: PRODUCER, _schemaURL: `https://openlineage.io/spec/facets/${schema}` });

/**
 * OpenLineage START + COMPLETE events of pipeline runs, breadth-first up from the training
 * data: each run has its own job and reads up to five versioned datasets, each of which the
 * next level's runs produce. Stops once about `budget` graph nodes (dataset versions and their
 * datasets, runs, jobs) are upstream.
 */
export function lineageEvents(budget: number): Record<string, unknown>[] {
  const versioned = (namespace: string, name: string, version: string) => ({
    namespace,
    name,
    facets: { version: { ...facet('1-0-1/DatasetVersionDatasetFacet.json'), datasetVersion: version } },
  });
  const root = { ...versioned('s3://lake', 'loans/features/train', fullVersionOf(SUBJECT)), level: 1 };
  const queue = [root];
  const events: Record<string, unknown>[] = [];
  // A versioned dataset is two nodes upstream (its version and the dataset); a run adds itself and its job.
  let nodes = 2;
  let serial = 0;
  while (queue.length > 0 && budget - nodes >= 6) {
    const output = queue.shift() as typeof root;
    const inputs = Array.from({ length: Math.min(5, Math.floor((budget - nodes - 2) / 2)) }, () => {
      serial++;
      const name = `lending.stage_${output.level}.table_${serial}`;
      return { ...versioned('postgres://warehouse:5432', name, hex(`ds-${serial}`)), level: output.level + 1 };
    });
    nodes += 2 + 2 * inputs.length;
    queue.push(...inputs);
    const runId = randomUUID();
    const started = START + serial * 60_000;
    const base = {
      run: { runId },
      job: { namespace: 'airflow-prod', name: `lending_etl.task_${serial}` },
      inputs: inputs.map(({ level: _level, ...d }) => d),
      outputs: [(({ level: _level, ...d }) => d)(output)],
      producer: PRODUCER,
      schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    };
    events.push({ eventType: 'START', eventTime: new Date(started).toISOString(), ...base });
    events.push({ eventType: 'COMPLETE', eventTime: new Date(started + 45_000).toISOString(), ...base });
  }
  return events;
}

/** The upstream ref of the subject, as the dossier's evidence reads it. */
export const SUBJECT_NODE = `model:${CONNECTION}:${MODEL}@${SUBJECT}`;

/** Ingests the registry and imports the lineage into `core`; returns how many lineage events went in. */
export async function seedRegistryAndLineage(core: Core, now: number): Promise<number> {
  const connection = ensureConnection(core.store.db, { name: CONNECTION, kind: 'mlflow', url: 'http://mlflow.bench:5000' }, now);
  ingestSnapshot(core.store.db, connection.id, registrySnapshot(), now);
  const before = await call(core, 'lineage.graph', { node: SUBJECT_NODE, direction: 'upstream', depth: 12, maxNodes: 2000 });
  const events = lineageEvents(LINEAGE_NODES - before.nodes.length);
  const imported = await call(core, 'lineage.import', { documents: [{ name: 'lending-etl.json', text: JSON.stringify(events) }] });
  if (imported.rejected > 0) throw new Error(`lineage.import rejected ${imported.rejected} events`);
  return events.length;
}
