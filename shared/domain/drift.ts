import { z } from 'zod';

/**
 * Drift results as they cross the contract: one row per feature with the numbers a data
 * scientist needs to reproduce it (method, threshold, statistic, p-value or distance,
 * sample sizes, missing counts) and, per run, the reference digest and engine version.
 * The field names of a feature are those of `quorum drift --json` (DESIGN.md).
 */

export const DRIFT_METHODS = ['ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi'] as const;
export const driftMethodSchema = z.enum(DRIFT_METHODS);
export type DriftMethodName = z.infer<typeof driftMethodSchema>;

export const DRIFT_COLUMN_TYPES = ['numeric', 'categorical'] as const;
export const driftColumnTypeSchema = z.enum(DRIFT_COLUMN_TYPES);

export const DRIFT_CORRECTIONS = ['none', 'bonferroni', 'benjamini-hochberg'] as const;
export const driftCorrectionSchema = z.enum(DRIFT_CORRECTIONS);

const methodResultSchema = z.object({ statistic: z.number().nullable(), pValue: z.number().nullable() });

export const featureDriftSchema = z.object({
  name: z.string(),
  type: driftColumnTypeSchema,
  method: driftMethodSchema,
  selectedBy: z.enum(['default', 'override']),
  statistic: z.number().nullable(),
  pValue: z.number().nullable(),
  pValueAdjusted: z.number().nullable(),
  threshold: z.number(),
  verdictRule: z.enum(['p<=threshold', 'p<threshold', 'distance>=threshold']),
  drifted: z.boolean(),
  tested: z.boolean(),
  psi: z.number().nullable(),
  referenceRows: z.number().int(),
  currentRows: z.number().int(),
  referenceMissing: z.number().int(),
  currentMissing: z.number().int(),
  referenceInfinite: z.number().int(),
  currentInfinite: z.number().int(),
  nUnique: z.number().int(),
  details: z.object({
    ksMode: z.enum(['exact', 'asymptotic']).optional(),
    wassersteinDistance: z.number().optional(),
    referenceStd: z.number().optional(),
    degreesOfFreedom: z.number().optional(),
    bins: z.number().int().optional(),
    binning: z.enum(['histogram', 'values']).optional(),
    statisticNonFinite: z.enum(['inf', '-inf', 'nan']).optional(),
  }),
  also: z.partialRecord(driftMethodSchema, methodResultSchema),
  warnings: z.array(z.string()),
});
export type FeatureDriftRecord = z.infer<typeof featureDriftSchema>;

export const driftOptionsSchema = z.object({
  columns: z.array(z.string()).nullable(),
  method: driftMethodSchema.nullable(),
  methods: z.record(z.string(), driftMethodSchema),
  threshold: z.number().nullable(),
  thresholds: z.record(z.string(), z.number()),
  correction: driftCorrectionSchema,
  driftShare: z.number(),
  additionalMethods: z.array(driftMethodSchema),
});

export const reproducibilitySchema = z.object({
  engineVersion: z.string(),
  referenceDigest: z.string(),
  referenceDigestOf: z.enum(['file', 'typed-data']),
  currentDigest: z.string().nullable(),
  referenceSource: z.string().nullable(),
  currentSource: z.string().nullable(),
  options: driftOptionsSchema,
});

export const datasetDriftSchema = z.object({
  datasetDrift: z.boolean(),
  driftShare: z.number(),
  driftShareThreshold: z.number(),
  driftedFeatures: z.number().int(),
  testedFeatures: z.number().int(),
  correction: driftCorrectionSchema,
  features: z.array(featureDriftSchema),
  reproducibility: reproducibilitySchema,
  warnings: z.array(z.string()),
});
export type DatasetDriftRecord = z.infer<typeof datasetDriftSchema>;

/** A stored drift result: the computation plus where it belongs (model version, time window). */
export const driftRunSchema = datasetDriftSchema.extend({
  id: z.number().int(),
  source: z.enum(['engine', 'prometheus']),
  connection: z.string().nullable(),
  model: z.string().nullable(),
  version: z.number().int().nullable(),
  windowStart: z.number().nullable(),
  windowEnd: z.number(),
  computedAt: z.number(),
});
export type DriftRun = z.infer<typeof driftRunSchema>;
