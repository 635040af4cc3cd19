import type { DatasetInput, Tag } from '@shared/domain/catalog';
import type { ExperimentRecord, ModelVersionRecord, RegisteredModelRecord, RunRecord } from '../../catalog/records';
import type { MlflowExperiment, MlflowModelVersion, MlflowRegisteredModel, MlflowRun } from './wire';

/** MLflow REST shapes → catalog records. The single place MLflow's vocabulary is translated. */

const tags = (list: { key: string; value: string }[]): Tag[] => list.map(({ key, value }) => ({ key, value }));

export function experimentRecord(experiment: MlflowExperiment): ExperimentRecord {
  return {
    experimentId: experiment.experiment_id,
    name: experiment.name,
    lifecycleStage: experiment.lifecycle_stage,
    tags: tags(experiment.tags),
    createdAt: experiment.creation_time ?? null,
    lastUpdatedAt: experiment.last_update_time ?? null,
  };
}

export function runRecord(run: MlflowRun): RunRecord {
  const runId = run.info.run_id ?? run.info.run_uuid;
  if (!runId) throw new Error('MLflow run has neither run_id nor run_uuid');
  const runTags = tags(run.data.tags);
  return {
    runId,
    experimentId: run.info.experiment_id,
    runName: run.info.run_name ?? runTags.find((t) => t.key === 'mlflow.runName')?.value ?? null,
    user: run.info.user_id ?? runTags.find((t) => t.key === 'mlflow.user')?.value ?? null,
    status: run.info.status,
    startTime: run.info.start_time ?? null,
    endTime: run.info.end_time ?? null,
    lifecycleStage: run.info.lifecycle_stage,
    params: tags(run.data.params),
    metrics: run.data.metrics.map((m) => ({ key: m.key, value: m.value, step: m.step, timestamp: m.timestamp })),
    tags: runTags,
    datasetInputs: run.inputs.dataset_inputs.map(datasetInput),
  };
}

function datasetInput(input: MlflowRun['inputs']['dataset_inputs'][number]): DatasetInput {
  return {
    name: input.dataset.name,
    digest: input.dataset.digest,
    sourceType: input.dataset.source_type ?? null,
    source: input.dataset.source ?? null,
    context: input.tags.find((t) => t.key === 'mlflow.data.context')?.value ?? null,
  };
}

export function registeredModelRecord(model: MlflowRegisteredModel): RegisteredModelRecord {
  return {
    name: model.name,
    description: model.description,
    createdAt: model.creation_timestamp,
    lastUpdatedAt: model.last_updated_timestamp ?? model.creation_timestamp,
    tags: tags(model.tags),
    aliases: model.aliases.map((a) => ({ alias: a.alias, version: Number(a.version) })),
  };
}

export function modelVersionRecord(version: MlflowModelVersion): ModelVersionRecord {
  return {
    modelName: version.name,
    version: Number(version.version),
    status: version.status,
    stage: version.current_stage,
    source: version.source ?? null,
    runId: version.run_id || null,
    user: version.user_id || null,
    description: version.description,
    tags: tags(version.tags),
    aliases: version.aliases,
    createdAt: version.creation_timestamp,
    lastUpdatedAt: version.last_updated_timestamp ?? version.creation_timestamp,
  };
}
