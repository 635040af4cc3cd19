import { z } from 'zod';

/**
 * Monitoring backends (Prometheus first): per-model PromQL templates, query results as the
 * renderer charts them, alerts, and what a poll wrote into the drift history.
 *
 * A Prometheus connection is a row of the shared `connections` table (kind `prometheus`),
 * so it has the same name space, credentials by reference, TLS choices and test result as a
 * registry connection; what is specific to monitoring (templates, thresholds) lives here.
 */

/** The named queries every model has. Each is a PromQL template (see `TEMPLATE_PLACEHOLDERS`). */
export const MONITORING_QUERY_NAMES = ['drift', 'accuracy', 'auc', 'nullRate', 'latencyP95', 'errorRate'] as const;
export const monitoringQueryNameSchema = z.enum(MONITORING_QUERY_NAMES);
export type MonitoringQueryName = z.infer<typeof monitoringQueryNameSchema>;

/** Placeholders a template may use; each is replaced by an escaped PromQL string body. */
export const TEMPLATE_PLACEHOLDERS = ['model', 'version', 'feature'] as const;

const template = z.string().min(1, 'a query template cannot be empty').max(8000);

/** The queries and verdict settings of one connection, or one model's overrides of them. */
export const querySetSchema = z.object({
  queries: z.record(monitoringQueryNameSchema, template),
  /** A feature drifts when its score is ≥ this (drift scores are distances such as PSI). */
  driftThreshold: z.number().min(0),
  /** The dataset drifts when drifted / scored features ≥ this (Evidently's default 0.5). */
  driftShare: z.number().gt(0).max(1),
  /** Registry aliases that mean "deployed": models holding one are polled. */
  deployedAliases: z.array(z.string().min(1)).min(1),
  /** Poll only the models of this registry connection; null: every registry connection. */
  registryConnection: z.string().min(1).nullable(),
});
export type QuerySet = z.infer<typeof querySetSchema>;

/** A model's overrides: any subset of the connection's settings. */
export const queryOverridesSchema = z
  .object({
    queries: z.partialRecord(monitoringQueryNameSchema, template),
    driftThreshold: z.number().min(0),
    driftShare: z.number().gt(0).max(1),
  })
  .partial()
  .strict();
export type QueryOverrides = z.infer<typeof queryOverridesSchema>;

/** One sample. `value` is null for NaN and ±Inf (JSON has no such numbers); `raw` is Prometheus's own text. */
export const promSampleSchema = z.object({ time: z.number(), value: z.number().nullable(), raw: z.string() });
export type PromSample = z.infer<typeof promSampleSchema>;

export const promLabelsSchema = z.record(z.string(), z.string());
export type PromLabels = z.infer<typeof promLabelsSchema>;

/** A query's result, by Prometheus's four result types. */
export const promResultSchema = z.discriminatedUnion('resultType', [
  z.object({ resultType: z.literal('vector'), series: z.array(z.object({ metric: promLabelsSchema, sample: promSampleSchema })) }),
  z.object({
    resultType: z.literal('matrix'),
    series: z.array(z.object({ metric: promLabelsSchema, samples: z.array(promSampleSchema) })),
  }),
  z.object({ resultType: z.literal('scalar'), sample: promSampleSchema }),
  z.object({ resultType: z.literal('string'), time: z.number(), value: z.string() }),
]);
export type PromResult = z.infer<typeof promResultSchema>;

export const promAlertSchema = z.object({
  name: z.string(),
  state: z.enum(['firing', 'pending', 'inactive']),
  labels: promLabelsSchema,
  annotations: promLabelsSchema,
  /** ms since epoch; null when Prometheus did not say. */
  activeAt: z.number().nullable(),
  value: z.string().nullable(),
});
export type PromAlert = z.infer<typeof promAlertSchema>;

/** What a poll did for one deployed model version. */
export const pollEntrySchema = z.object({
  registryConnection: z.string(),
  model: z.string(),
  version: z.number().int(),
  alias: z.string(),
  outcome: z.enum(['stored', 'no-data', 'error']),
  message: z.string(),
  /** The drift history row written (drift.results), when one was. */
  driftRunId: z.number().int().nullable(),
  datasetDrift: z.boolean().nullable(),
  driftShare: z.number().nullable(),
  /** Worst feature score, with the feature. */
  worstFeature: z.object({ name: z.string(), score: z.number() }).nullable(),
  /** The exact PromQL sent and the evaluation time (ms), for reproducibility. */
  query: z.string(),
  evaluatedAt: z.number(),
  warnings: z.array(z.string()),
});
export type PollEntry = z.infer<typeof pollEntrySchema>;

export const pollResultSchema = z.object({
  connection: z.string(),
  outcome: z.enum(['ok', 'partial', 'error']),
  message: z.string(),
  entries: z.array(pollEntrySchema),
  startedAt: z.number(),
  finishedAt: z.number(),
});
export type PollResult = z.infer<typeof pollResultSchema>;
