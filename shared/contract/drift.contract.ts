import { z } from 'zod';
import { defineOperation } from './operation';
import { datasetDriftSchema, driftColumnTypeSchema, driftCorrectionSchema, driftMethodSchema, driftRunSchema } from '../domain/drift';

const modelVersionSchema = z
  .object({
    name: z.string().min(1, 'model name is required'),
    version: z.number().int().positive(),
    connection: z.string().min(1).optional(),
  })
  .strict();

export const driftComputeInputSchema = z
  .object({
    /** Paths of CSV or Parquet files readable by the core. */
    reference: z.string().min(1, 'reference file is required'),
    current: z.string().min(1, 'current file is required'),
    /** Attach (and store) the result for this model version. */
    model: modelVersionSchema.optional(),
    /** The time window the current sample covers (ms since epoch); its end defaults to now. */
    windowStart: z.number().optional(),
    windowEnd: z.number().optional(),
    columnTypes: z.record(z.string(), driftColumnTypeSchema).optional(),
    columns: z.array(z.string()).optional(),
    method: driftMethodSchema.optional(),
    methods: z.record(z.string(), driftMethodSchema).optional(),
    threshold: z.number().min(0).optional(),
    thresholds: z.record(z.string(), z.number().min(0)).optional(),
    correction: driftCorrectionSchema.optional(),
    driftShare: z.number().gt(0).max(1).optional(),
    additionalMethods: z.array(driftMethodSchema).optional(),
  })
  .strict();
export type DriftComputeInput = z.input<typeof driftComputeInputSchema>;

/** One deployed model version in the Drift section: how it is deployed, its newest result and its recent windows. */
export const driftOverviewItemSchema = z.object({
  connection: z.string(),
  model: z.string(),
  version: z.number().int(),
  deployedAs: z.array(z.object({ kind: z.enum(['alias', 'stage']), name: z.string() })),
  latest: driftRunSchema.nullable(),
  /** Oldest first. */
  trend: z.array(
    z.object({
      windowStart: z.number().nullable(),
      windowEnd: z.number(),
      driftShare: z.number(),
      datasetDrift: z.boolean(),
      driftedFeatures: z.number().int(),
      testedFeatures: z.number().int(),
    }),
  ),
});
export type DriftOverviewItem = z.infer<typeof driftOverviewItemSchema>;

export const driftOperations = {
  /** Reads two files, computes drift per feature and for the dataset; stores it when a model version is given. */
  'drift.compute': defineOperation({
    doc: 'Computes drift between a reference and a current CSV/Parquet file; stores the result when a model version is given.',
    input: driftComputeInputSchema,
    output: z.object({ runId: z.number().int().nullable(), result: datasetDriftSchema }),
  }),
  /**
   * Stored drift results, newest first, optionally for one model or model version; engine results
   * carry per-feature bin counts, and each result where its reference sample is in lineage.
   */
  'drift.results': defineOperation({
    doc: 'Lists stored drift results (engine and monitoring backends), newest first, per model version and time window, with per-feature distributions and the reference sample’s lineage node.',
    input: z
      .object({
        model: z.string().optional(),
        version: z.number().int().positive().optional(),
        connection: z.string().optional(),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    output: z.array(driftRunSchema),
  }),
  /** Deployed model versions (the governed aliases and registry stages given) with their newest drift result and trend. */
  'drift.overview': defineOperation({
    doc: 'Lists deployed model versions (governed aliases or registry stages) with their latest drift result and recent drift shares.',
    input: z
      .object({
        aliases: z.array(z.string().min(1)).default(['champion']),
        registryStages: z.array(z.string().min(1)).default(['Production']),
        /** How many recent windows the trend holds. */
        windows: z.number().int().min(1).max(365).default(30),
      })
      .strict(),
    output: z.array(driftOverviewItemSchema),
  }),
} as const;
