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

/**
 * What each named query measures, grouped as the issue names them (drift score, quality,
 * data quality, serving), so every screen and the CLI describe a template the same way.
 */
export const MONITORING_QUERY_INFO: Record<
  MonitoringQueryName,
  { readonly group: 'drift' | 'quality' | 'data-quality' | 'serving'; readonly label: string; readonly description: string }
> = {
  drift: {
    group: 'drift',
    label: 'Drift score per feature',
    description:
      'One series per feature (label `feature`, optionally `method`); each value is a distance such as PSI. Polled into the drift history.',
  },
  accuracy: { group: 'quality', label: 'Accuracy', description: 'The model’s live accuracy, 0–1.' },
  auc: { group: 'quality', label: 'AUC', description: 'Area under the ROC curve, 0–1.' },
  nullRate: { group: 'data-quality', label: 'Null rate', description: 'Share of missing values per input feature, 0–1.' },
  latencyP95: { group: 'serving', label: 'p95 latency', description: '95th percentile prediction latency, in seconds.' },
  errorRate: { group: 'serving', label: 'Error rate', description: 'Share of prediction requests that failed, 0–1.' },
};

/** Placeholders a template may use; each is replaced by an escaped PromQL string body. */
export const TEMPLATE_PLACEHOLDERS = ['model', 'version', 'feature'] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

/** What each placeholder stands for, for the template editor and `--help`. */
export const TEMPLATE_PLACEHOLDER_INFO: Record<TemplatePlaceholder, string> = {
  model: 'the registered model’s name, e.g. card-fraud-blocker',
  version: 'the model version number, e.g. 4 (write version="v{{version}}" for exporters that label v4)',
  feature: 'one input feature’s name; only for queries asked about one feature',
};

/** Blanks around a query mean nothing to PromQL, so they are dropped; a query that is only blanks is refused as empty. */
export const templateSchema = z.string().trim().min(1, 'a query template cannot be empty').max(8000);
const template = templateSchema;

/** Scheduled polls while the app or `quorum serve` runs; 0 turns them off. Five minutes sits well above common scrape intervals. */
export const DEFAULT_POLL_INTERVAL_MINUTES = 5;
export const pollIntervalMinutesSchema = z
  .number()
  .int('whole minutes')
  .min(0)
  .max(7 * 24 * 60);

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
  /** Minutes between scheduled polls while a long-running host runs; 0: only when asked. */
  pollIntervalMinutes: pollIntervalMinutesSchema,
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

/** One model version's failure in the latest poll that reached it, or the connection's own failure (model null). */
export const monitoringProblemSchema = z.object({
  model: z.string().nullable(),
  version: z.number().int().nullable(),
  /** The message as recorded: a query Prometheus refused carries Prometheus's own error text verbatim. */
  message: z.string(),
  at: z.number(),
});
export type MonitoringProblem = z.infer<typeof monitoringProblemSchema>;

/** Where scheduled polling of one Prometheus connection stands. */
export const monitoringStatusSchema = z.object({
  connection: z.string(),
  /** Minutes between scheduled polls; 0: only when asked. */
  pollIntervalMinutes: z.number().int(),
  /** A long-running host (desktop app, `quorum serve`) is polling on schedule; false in one-shot CLI commands. */
  scheduled: z.boolean(),
  /** A poll of this connection is running now. */
  polling: z.boolean(),
  lastPollAt: z.number().nullable(),
  /** When the schedule will poll next (within one scheduler tick); null when not scheduled or the interval is 0. */
  nextPollAt: z.number().nullable(),
  /** The connection's status line (last poll's summary, or the reason it failed). */
  status: z.enum(['never-polled', 'ok', 'error']),
  message: z.string().nullable(),
  /** What failed: the connection itself, and each deployed model version whose latest poll failed. Empty when all is well. */
  problems: z.array(monitoringProblemSchema),
});
export type MonitoringStatus = z.infer<typeof monitoringStatusSchema>;

/** "Test query": Prometheus's answer to a draft template, or its own error for a query it refused. */
export const templateTestSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    promql: z.string(),
    evaluatedAt: z.number(),
    result: promResultSchema,
    warnings: z.array(z.string()),
    infos: z.array(z.string()),
  }),
  z.object({
    ok: z.literal(false),
    promql: z.string(),
    evaluatedAt: z.number(),
    /** Prometheus's errorType (bad_data, execution…) and its message, verbatim. */
    errorType: z.string(),
    error: z.string(),
    status: z.number().int(),
    warnings: z.array(z.string()),
  }),
]);
export type TemplateTest = z.infer<typeof templateTestSchema>;
