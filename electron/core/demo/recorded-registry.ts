import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { RegistrySnapshot } from '../catalog/records';
import { experimentRecord, modelVersionRecord, registeredModelRecord, runRecord } from '../connectors/mlflow/map';
import { z as zod } from 'zod';
import {
  experimentsPageSchema,
  mlflowMetricSchema,
  modelVersionsPageSchema,
  registeredModelsPageSchema,
  runsPageSchema,
} from '../connectors/mlflow/wire';
import { QuorumError } from '../errors';

/**
 * Reads a registry recorded as MLflow REST responses (one search answer per entity kind)
 * into a snapshot, through the same wire schemas and mapping the live MLflow connector uses.
 */
export function readRecordedRegistry(dir: string): RegistrySnapshot {
  const experiments = readPage(dir, 'experiments.json', experimentsPageSchema).experiments;
  const runs = readPage(dir, 'runs.json', runsPageSchema).runs;
  const models = readPage(dir, 'registered-models.json', registeredModelsPageSchema).registered_models;
  const versions = readPage(dir, 'model-versions.json', modelVersionsPageSchema).model_versions;
  return {
    experiments: experiments.map(experimentRecord),
    runs: runs.map(runRecord),
    models: models.map(registeredModelRecord),
    versions: versions.map(modelVersionRecord),
    complete: true,
  };
}

function readPage<S extends z.ZodType>(dir: string, file: string, schema: S): z.output<S> {
  const path = join(dir, file);
  if (!existsSync(path)) throw new QuorumError('not_found', `The recorded registry at ${dir} has no ${file}.`, { path });
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new QuorumError('invalid_input', `${path} is not valid JSON: ${(error as Error).message}`, { path });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new QuorumError(
      'invalid_input',
      `${path} is not an MLflow response: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
      { path },
    );
  }
  return parsed.data;
}

/** `metric-history.json`: one `metrics/get-history` answer per run and metric key, as recorded. */
const recordedHistoriesSchema = zod.object({
  histories: zod.array(zod.object({ run_id: zod.string(), metric_key: zod.string(), metrics: zod.array(mlflowMetricSchema) })),
});

export interface RecordedMetricHistory {
  runId: string;
  key: string;
  points: { step: number; value: number; timestamp: number }[];
}

/** The metric curves recorded beside a look, if any; the live connector fetches these on demand. */
export function readRecordedMetricHistories(dir: string): RecordedMetricHistory[] {
  if (!existsSync(join(dir, 'metric-history.json'))) return [];
  return readPage(dir, 'metric-history.json', recordedHistoriesSchema).histories.map((h) => ({
    runId: h.run_id,
    key: h.metric_key,
    points: h.metrics.map((m) => ({ step: m.step, value: m.value, timestamp: m.timestamp })),
  }));
}
