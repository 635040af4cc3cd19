import { z } from 'zod';
import { defineOperation } from './operation';
import {
  monitoringQueryNameSchema,
  monitoringStatusSchema,
  pollIntervalMinutesSchema,
  pollResultSchema,
  promAlertSchema,
  promResultSchema,
  queryOverridesSchema,
  querySetSchema,
  templateSchema,
  templateTestSchema,
} from '../domain/monitoring';

const connection = z.string().min(1, 'connection is required');
const model = z.string().min(1, 'model is required').max(500);

const queriesView = z.object({
  connection: z.string(),
  /** null: the connection's own settings. */
  model: z.string().nullable(),
  /** The connection's settings (defaults filled in). */
  connectionSettings: querySetSchema,
  /** The model's overrides; null when asked for the connection. */
  overrides: queryOverridesSchema.nullable(),
  /** What a query or poll for this model uses. */
  effective: querySetSchema,
  /** Quorum's built-in templates, what "Reset to default" brings back. */
  defaults: z.record(monitoringQueryNameSchema, z.string()),
});

export const monitoringQueriesSetInputSchema = z
  .object({
    connection,
    /** Set this model's overrides; without it, the connection's settings. */
    model: model.optional(),
    /**
     * Templates to change. null puts one back: a model's override is dropped (the connection's
     * template applies again); the connection's template returns to Quorum's default.
     */
    queries: z.partialRecord(monitoringQueryNameSchema, templateSchema.nullable()).optional(),
    driftThreshold: z.number().min(0).optional(),
    driftShare: z.number().gt(0).max(1).optional(),
    /** Connection only: the aliases that mean "deployed". */
    deployedAliases: z.array(z.string().min(1)).min(1).optional(),
    /** Connection only: poll the models of this registry connection only (null: all). */
    registryConnection: z.string().min(1).nullable().optional(),
    /** Connection only: minutes between scheduled polls while the app or `quorum serve` runs (0: only when asked). */
    pollIntervalMinutes: pollIntervalMinutesSchema.optional(),
    /** Drop the stored settings (of the model, or of the connection) before applying the rest. */
    reset: z.boolean().default(false),
  })
  .strict();

const rangeSchema = z
  .object({
    start: z.number(),
    end: z.number(),
    /** Seconds between points; Prometheus refuses more than 11,000 points per series. */
    stepSeconds: z.number().positive(),
  })
  .strict()
  .refine((r) => r.end >= r.start, { message: 'end must not be before start', path: ['end'] });

export const monitoringOperations = {
  /** The PromQL templates and drift settings of a Prometheus connection, or of one model on it. */
  'monitoring.queries.get': defineOperation({
    doc: "A Prometheus connection's query templates and drift settings, or one model's overrides and effective settings.",
    input: z.object({ connection, model: model.optional() }).strict(),
    output: queriesView,
  }),
  /** Changes templates or settings; templates are checked (placeholders only inside label values) before anything is stored. */
  'monitoring.queries.set': defineOperation({
    doc: 'Edits the query templates and drift settings of a Prometheus connection or of one model.',
    input: monitoringQueriesSetInputSchema,
    output: queriesView,
  }),
  /** Runs one named template for a model version: instant (default) or range (charts). */
  'monitoring.query': defineOperation({
    doc: 'Runs a named query template for a model version on Prometheus, instant or over a range.',
    input: z
      .object({
        connection,
        model,
        version: z.number().int().positive(),
        query: monitoringQueryNameSchema,
        feature: z.string().min(1).optional(),
        /** Evaluation time of an instant query (ms); default now. */
        time: z.number().optional(),
        range: rangeSchema.optional(),
      })
      .strict(),
    output: z.object({
      connection: z.string(),
      model: z.string(),
      version: z.number().int(),
      query: monitoringQueryNameSchema,
      /** The PromQL sent, placeholders filled in. */
      promql: z.string(),
      evaluatedAt: z.number().nullable(),
      range: z.object({ start: z.number(), end: z.number(), stepSeconds: z.number() }).nullable(),
      result: promResultSchema,
      warnings: z.array(z.string()),
      infos: z.array(z.string()),
    }),
  }),
  /** Runs the drift template for every deployed model version and stores the scores in the drift history. */
  'monitoring.poll': defineOperation({
    doc: 'Polls Prometheus drift scores for deployed models (governed alias) into the drift history.',
    input: z
      .object({
        /** One Prometheus connection; default all. */
        connection: connection.optional(),
        /** Only this model. */
        model: model.optional(),
      })
      .strict(),
    output: z.array(pollResultSchema),
  }),
  /**
   * "Test query": renders a draft template (not stored) for a model version and runs it as an
   * instant query. A query Prometheus refuses comes back as a value with its own error text;
   * only a template Quorum cannot render (unknown placeholder, missing value) or a server that
   * cannot be reached is an error.
   */
  'monitoring.queries.test': defineOperation({
    doc: 'Runs a draft PromQL template as an instant query and returns the result or Prometheus’s own error.',
    input: z
      .object({
        connection,
        template: templateSchema,
        /** Which template this is, for messages. */
        query: monitoringQueryNameSchema.optional(),
        /** Values for the placeholders the template uses. */
        model: model.optional(),
        version: z.number().int().positive().optional(),
        feature: z.string().min(1).max(500).optional(),
        /** Evaluation time (ms); default now. */
        time: z.number().optional(),
      })
      .strict(),
    output: templateTestSchema,
  }),
  /** Scheduled polling per Prometheus connection: last poll, next poll, what failed. */
  'monitoring.status': defineOperation({
    doc: 'Where scheduled polling of each Prometheus connection stands: last and next poll, and the errors of the latest poll.',
    input: z.object({ connection: connection.optional() }).strict(),
    output: z.array(monitoringStatusSchema),
  }),
  /** Prometheus alerts whose `model` label is this model (and `version`, when given). */
  'monitoring.alerts': defineOperation({
    doc: 'Firing (and optionally pending) Prometheus alerts for one model.',
    input: z
      .object({
        connection,
        model,
        version: z.number().int().positive().optional(),
        includePending: z.boolean().default(false),
      })
      .strict(),
    output: z.object({ connection: z.string(), model: z.string(), alerts: z.array(promAlertSchema), fetchedAt: z.number() }),
  }),
} as const;
