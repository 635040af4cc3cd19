import { z } from 'zod';

/**
 * MLflow REST 2.0 response shapes, as recorded from real servers (2.17 and 3.3) in
 * ../shared/fixtures/mlflow. Fields MLflow omits when empty are optional here; unknown
 * fields are ignored so newer servers keep working.
 */
const keyValue = z.object({ key: z.string(), value: z.string().default('') });

/** MLflow sends int64 fields as JSON numbers, and some proxies re-encode them as strings. */
const int64 = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);

export const mlflowExperimentSchema = z.object({
  experiment_id: z.string(),
  name: z.string(),
  artifact_location: z.string().optional(),
  lifecycle_stage: z.string().default('active'),
  last_update_time: int64.optional(),
  creation_time: int64.optional(),
  tags: z.array(keyValue).default([]),
});

export const mlflowMetricSchema = z.object({
  key: z.string(),
  value: z.number(),
  timestamp: int64,
  step: int64.default(0),
});

export const mlflowDatasetInputSchema = z.object({
  tags: z.array(keyValue).default([]),
  dataset: z.object({
    name: z.string(),
    digest: z.string(),
    source_type: z.string().optional(),
    source: z.string().optional(),
    schema: z.string().optional(),
    profile: z.string().optional(),
  }),
});

export const mlflowRunSchema = z.object({
  info: z.object({
    run_id: z.string().optional(),
    run_uuid: z.string().optional(),
    experiment_id: z.string(),
    run_name: z.string().optional(),
    user_id: z.string().optional(),
    status: z.enum(['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED']),
    start_time: int64.optional(),
    end_time: int64.optional(),
    artifact_uri: z.string().optional(),
    lifecycle_stage: z.string().default('active'),
  }),
  data: z
    .object({
      metrics: z.array(mlflowMetricSchema).default([]),
      params: z.array(keyValue).default([]),
      tags: z.array(keyValue).default([]),
    })
    .default({ metrics: [], params: [], tags: [] }),
  inputs: z.object({ dataset_inputs: z.array(mlflowDatasetInputSchema).default([]) }).default({ dataset_inputs: [] }),
});

export const mlflowModelVersionSchema = z.object({
  name: z.string(),
  version: z.string().regex(/^\d+$/, 'version must be a whole number'),
  creation_timestamp: int64,
  last_updated_timestamp: int64.optional(),
  user_id: z.string().optional(),
  current_stage: z.string().default('None'),
  description: z.string().default(''),
  source: z.string().optional(),
  run_id: z.string().optional(),
  status: z.string().default('READY'),
  tags: z.array(keyValue).default([]),
  aliases: z.array(z.string()).default([]),
});

export const mlflowRegisteredModelSchema = z.object({
  name: z.string(),
  creation_timestamp: int64,
  last_updated_timestamp: int64.optional(),
  description: z.string().default(''),
  tags: z.array(keyValue).default([]),
  aliases: z.array(z.object({ alias: z.string(), version: z.string().regex(/^\d+$/) })).default([]),
});

export type MlflowExperiment = z.infer<typeof mlflowExperimentSchema>;
export type MlflowRun = z.infer<typeof mlflowRunSchema>;
export type MlflowModelVersion = z.infer<typeof mlflowModelVersionSchema>;
export type MlflowRegisteredModel = z.infer<typeof mlflowRegisteredModelSchema>;

export const experimentsPageSchema = z.object({
  experiments: z.array(mlflowExperimentSchema).default([]),
  next_page_token: z.string().optional(),
});
export const runsPageSchema = z.object({ runs: z.array(mlflowRunSchema).default([]), next_page_token: z.string().optional() });
export const registeredModelsPageSchema = z.object({
  registered_models: z.array(mlflowRegisteredModelSchema).default([]),
  next_page_token: z.string().optional(),
});
export const modelVersionsPageSchema = z.object({
  model_versions: z.array(mlflowModelVersionSchema).default([]),
  next_page_token: z.string().optional(),
});

/** `runs/get` answers `{"run": {...}}`. */
export const runResponseSchema = z.object({ run: mlflowRunSchema });

/** `metrics/get-history`; 3.x pages it when `max_results` is sent, 2.x returns everything at once. */
export const metricHistoryPageSchema = z.object({
  metrics: z.array(mlflowMetricSchema).default([]),
  next_page_token: z.string().optional(),
});

/** Every JSON error MLflow sends has this shape and nothing else (see the fixtures' README). */
export const mlflowErrorSchema = z.object({ error_code: z.string(), message: z.string().default('') });

/** `GET webhooks` (MLflow 3.3+); only read to tell whether the server has webhooks. */
export const webhooksPageSchema = z.object({
  webhooks: z.array(z.object({ webhook_id: z.string() })).default([]),
  next_page_token: z.string().optional(),
});

/** `POST logged-models/search` (MLflow 3+); only read to tell whether the server has logged models. */
export const loggedModelsPageSchema = z.object({ models: z.array(z.unknown()).default([]), next_page_token: z.string().optional() });

/** Registry writes (set/delete tag, set/delete alias) answer `{}`. */
export const emptyAnswerSchema = z.object({});
