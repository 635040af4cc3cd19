import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { OperationInput, OperationName, OperationOutput } from '@shared/contract';
import { ensureConnection } from '../../electron/core/catalog/connections';
import { ingestSnapshot } from '../../electron/core/catalog/ingest';
import type { RegistrySnapshot } from '../../electron/core/catalog/records';
import { experimentRecord, modelVersionRecord, registeredModelRecord, runRecord } from '../../electron/core/connectors/mlflow/map';
import {
  experimentsPageSchema,
  mlflowRegisteredModelSchema,
  modelVersionsPageSchema,
  runsPageSchema,
} from '../../electron/core/connectors/mlflow/wire';
import { createCore, type Core } from '../../electron/core/create-core';
import { lineageContext } from '../../electron/core/lineage/context';
import { importLineage } from '../../electron/core/lineage/import';
import type { LineageImportResult } from '@shared/domain/lineage';

export const REPO = resolve(import.meta.dirname, '..', '..');
export const SHARED_FIXTURES = resolve(REPO, '..', 'shared', 'fixtures');
export const OL_EVENTS = join(SHARED_FIXTURES, 'openlineage', 'events');
export const OL_SCHEMAS = join(SHARED_FIXTURES, 'openlineage', 'schemas');
export const MLFLOW_2172 = join(SHARED_FIXTURES, 'mlflow', '2.17.2');
export const LOCAL_FIXTURES = join(import.meta.dirname, 'fixtures');

export function readJson<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export function olEvent(file: string): Record<string, unknown> {
  return readJson(join(OL_EVENTS, file));
}

export interface TestCore {
  core: Core;
  dir: string;
  /** What `quorum lineage ingest PATH...` does: path import is a core function, not an operation. */
  importPaths(paths: string[]): Promise<LineageImportResult>;
  call<K extends OperationName>(operation: K, input: OperationInput<K>): Promise<OperationOutput<K>>;
  fail(operation: OperationName, input: unknown): Promise<{ code: string; message: string; details?: Record<string, unknown> }>;
  close(): void;
}

/** A real core over a temporary workspace; operations go through the same dispatch as every face. */
export function testCore(now?: () => number): TestCore {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-lineage-'));
  const core = createCore({ dataDir: join(dir, 'data'), validateOutput: true, ...(now ? { now } : {}) });
  return {
    core,
    dir,
    async importPaths(paths) {
      return importLineage(lineageContext(core.services), { paths, documents: [] });
    },
    async call(operation, input) {
      const envelope = await core.dispatch(operation, input);
      if (!envelope.ok) throw new Error(`${operation} failed: ${envelope.error.code} ${envelope.error.message}`);
      return envelope.data as never;
    },
    async fail(operation, input) {
      const envelope = await core.dispatch(operation, input);
      if (envelope.ok) throw new Error(`${operation} unexpectedly succeeded`);
      return envelope.error;
    },
    close() {
      core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function recorded(file: string): unknown {
  return readJson<{ response: { status: number; body: unknown } }>(join(MLFLOW_2172, file)).response.body;
}

/**
 * A small real MLflow 2.17.2 registry: the fraud-detection experiment's recorded runs, the
 * fraud-detector model (aliases champion → v3, challenger → v4) and its four versions, through
 * the connector's wire schemas and mapping.
 */
export function fraudSnapshot(): RegistrySnapshot {
  const experiments = ['experiments-search-page1.json', 'experiments-search-page2.json', 'experiments-search-page3-last.json'].flatMap(
    (f) => experimentsPageSchema.parse(recorded(f)).experiments,
  );
  const runs = runsPageSchema.parse(recorded('runs-search-order-by.json')).runs;
  const model = mlflowRegisteredModelSchema.parse(
    (recorded('registered-models-get.json') as { registered_model: unknown }).registered_model,
  );
  const versions = modelVersionsPageSchema.parse(recorded('model-versions-search-by-name.json')).model_versions;
  return {
    experiments: experiments.map(experimentRecord),
    runs: runs.map(runRecord),
    models: [registeredModelRecord(model)],
    versions: versions.map(modelVersionRecord),
    complete: false,
  };
}

export const MLFLOW_CONNECTION = 'mlflow-prod';

/** Ingests the snapshot exactly as a sync does, and returns the connection id. */
export function loadMlflow(
  core: Core,
  snapshot: RegistrySnapshot = fraudSnapshot(),
  observedAt = Date.parse('2026-11-02T12:00:00Z'),
): number {
  const connection = ensureConnection(
    core.store.db,
    { name: MLFLOW_CONNECTION, kind: 'mlflow', url: 'http://mlflow.test:5000' },
    observedAt,
  );
  ingestSnapshot(core.store.db, connection.id, snapshot, observedAt);
  return connection.id;
}

/**
 * The dbt fixture is an expected-event matcher: every runId is the placeholder
 * `{{ any(result) }}`. A real dbt run sends one UUID per job run, and each parent facet names
 * its parent job's run. This puts those UUIDs back, keyed by job name, and nothing else.
 */
export function materialiseDbtRunIds(events: Record<string, unknown>[]): {
  events: Record<string, unknown>[];
  runIds: Map<string, string>;
} {
  const runIds = new Map<string, string>();
  const idFor = (job: string) => {
    let id = runIds.get(job);
    if (!id) runIds.set(job, (id = randomUUID()));
    return id;
  };
  const copy = structuredClone(events) as {
    run: { runId: string; facets?: { parent?: { run: { runId: string }; job: { name: string } } } };
    job: { name: string };
  }[];
  for (const event of copy) {
    event.run.runId = idFor(event.job.name);
    const parent = event.run.facets?.parent;
    if (parent) parent.run.runId = idFor(parent.job.name);
  }
  return { events: copy as unknown as Record<string, unknown>[], runIds };
}

/** A minimal valid RunEvent for tests that vary one thing at a time. */
export function runEvent(
  overrides: {
    runId?: string;
    eventType?: string;
    eventTime?: string;
    job?: string;
    namespace?: string;
    inputs?: unknown[];
    outputs?: unknown[];
    runFacets?: Record<string, unknown>;
  } = {},
): Record<string, unknown> {
  return {
    eventType: overrides.eventType ?? 'COMPLETE',
    eventTime: overrides.eventTime ?? '2026-01-01T00:00:00Z',
    run: { runId: overrides.runId ?? randomUUID(), ...(overrides.runFacets ? { facets: overrides.runFacets } : {}) },
    job: { namespace: overrides.namespace ?? 'tests', name: overrides.job ?? 'job' },
    inputs: overrides.inputs ?? [],
    outputs: overrides.outputs ?? [],
    producer: 'https://quorum.test/producer',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
  };
}

export const dataset = (namespace: string, name: string, facets: Record<string, unknown> = {}) => ({ namespace, name, facets });
