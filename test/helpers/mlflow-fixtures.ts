import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import type { ModelVersionRecord, RegistrySnapshot, RunRecord } from '../../electron/core/catalog/records';
import { experimentRecord, modelVersionRecord, registeredModelRecord, runRecord } from '../../electron/core/connectors/mlflow/map';
import {
  experimentsPageSchema,
  modelVersionsPageSchema,
  mlflowModelVersionSchema,
  registeredModelsPageSchema,
  runsPageSchema,
} from '../../electron/core/connectors/mlflow/wire';
import { REPO_ROOT } from './temp';

/**
 * The real MLflow 2.17.2 recordings (see their README): `../shared/fixtures/mlflow` next to
 * the repository, or wherever QUORUM_MLFLOW_FIXTURES points.
 */
export const MLFLOW_FIXTURES = process.env.QUORUM_MLFLOW_FIXTURES ?? resolve(REPO_ROOT, '..', 'shared', 'fixtures', 'mlflow', '2.17.2');

interface Recording {
  request: { method: string; path: string };
  response: { status: number; body: unknown };
}

/** The response body of one recorded exchange, after checking it was a 200. */
export function recordedBody(file: string): unknown {
  const path = join(MLFLOW_FIXTURES, file);
  if (!existsSync(path)) throw new Error(`MLflow recording ${path} is missing; set QUORUM_MLFLOW_FIXTURES to the 2.17.2 folder.`);
  const recording = JSON.parse(readFileSync(path, 'utf8')) as Recording;
  if (recording.response.status !== 200) throw new Error(`${file} recorded status ${recording.response.status}, not 200`);
  return recording.response.body;
}

function page<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  return schema.parse(recordedBody(file));
}

const EXPERIMENT_PAGES = ['experiments-search-page1.json', 'experiments-search-page2.json', 'experiments-search-page3-last.json'];
const RUN_PAGES = ['runs-search-page1.json', 'runs-search-page2.json', 'runs-search-order-by.json', 'runs-search-filter.json'];
/** Together these recordings hold all 12 versions of the 4 registered models. */
const VERSION_PAGES = [
  'model-versions-search-by-name.json',
  'model-versions-search-page1.json',
  'model-versions-search-page2.json',
  'invalid-max-results-model-versions-search.json',
];

/**
 * One complete look at the recorded registry, through the same wire schemas and mapping as
 * the MLflow connector: 5 experiments, the recorded runs, 4 models and their 12 versions.
 */
export function recordedSnapshot(): RegistrySnapshot {
  const experiments = EXPERIMENT_PAGES.flatMap((f) => page(f, experimentsPageSchema).experiments).map(experimentRecord);
  const runs = new Map<string, RunRecord>();
  for (const file of RUN_PAGES) for (const run of page(file, runsPageSchema).runs.map(runRecord)) runs.set(run.runId, run);

  const models = page('registered-models-search.json', registeredModelsPageSchema).registered_models;
  const versions = new Map<string, ModelVersionRecord>();
  const add = (record: ModelVersionRecord) => versions.set(`${record.modelName}@${record.version}`, record);
  for (const file of VERSION_PAGES) page(file, modelVersionsPageSchema).model_versions.map(modelVersionRecord).forEach(add);
  // registered-models/search also carries each model's latest version per stage.
  const raw = recordedBody('registered-models-search.json') as { registered_models: { latest_versions?: unknown[] }[] };
  for (const model of raw.registered_models) {
    for (const latest of model.latest_versions ?? []) {
      const record = modelVersionRecord(mlflowModelVersionSchema.parse(latest));
      if (!versions.has(`${record.modelName}@${record.version}`)) add(record);
    }
  }
  return {
    experiments,
    runs: [...runs.values()],
    models: models.map(registeredModelRecord),
    versions: [...versions.values()].sort((a, b) => a.modelName.localeCompare(b.modelName) || a.version - b.version),
    complete: true,
  };
}

/** A deep copy to mutate into "the next sync". */
export function cloneSnapshot(snapshot: RegistrySnapshot): RegistrySnapshot {
  return structuredClone(snapshot);
}

/**
 * Writes the recordings as a one-look demo registry (resources/demo/registry/01-recorded/),
 * the layout `loadDemo` replays, so `demo.load` has real data to write in a test.
 */
export function writeRecordedDemoRegistry(resourcesDir: string): void {
  const look = join(resourcesDir, 'demo', 'registry', '01-recorded');
  mkdirSync(look, { recursive: true });
  const bodies = (files: string[], key: string) => files.flatMap((f) => (recordedBody(f) as Record<string, unknown[]>)[key] ?? []);
  const unique = (items: unknown[], id: (item: never) => string) => [...new Map(items.map((i) => [id(i as never), i])).values()];
  const write = (file: string, body: unknown) => writeFileSync(join(look, file), JSON.stringify(body));
  write('experiments.json', { experiments: bodies(EXPERIMENT_PAGES, 'experiments') });
  write('runs.json', { runs: unique(bodies(RUN_PAGES, 'runs'), (r: { info: { run_id: string } }) => r.info.run_id) });
  write('registered-models.json', recordedBody('registered-models-search.json'));
  const latest = (
    recordedBody('registered-models-search.json') as { registered_models: { latest_versions?: unknown[] }[] }
  ).registered_models.flatMap((m) => m.latest_versions ?? []);
  write('model-versions.json', {
    model_versions: unique(
      [...latest, ...bodies(VERSION_PAGES, 'model_versions')],
      (v: { name: string; version: string }) => `${v.name}@${v.version}`,
    ),
  });
}
