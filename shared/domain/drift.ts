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

const countsSchema = z.array(z.number().min(0));

/**
 * Both samples of a feature counted over the same bins, for reference-vs-current charts.
 * Counts (with `other`) add up to each sample's non-missing rows; `testBins` says whether
 * these are the bins PSI and Jensen–Shannon were computed on or a display-only binning.
 */
export const featureDistributionSchema = z.discriminatedUnion('binning', [
  z.object({
    binning: z.literal('histogram'),
    /** bins + 1 ascending edges; bin i is [edges[i], edges[i+1]), the last bin closed. */
    edges: z.array(z.number()).min(2),
    reference: countsSchema,
    current: countsSchema,
    testBins: z.boolean(),
  }),
  z.object({
    binning: z.literal('values'),
    /** One bin per category, or per distinct numeric value as text. */
    values: z.array(z.string()),
    reference: countsSchema,
    current: countsSchema,
    /** Categories past the display cap, folded into one bucket. */
    other: z.object({ categories: z.number().int().min(1), reference: z.number().min(0), current: z.number().min(0) }).nullable(),
    testBins: z.boolean(),
  }),
]);
export type FeatureDistribution = z.infer<typeof featureDistributionSchema>;

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
  /**
   * Absent on untested features, on monitoring-backend results (scores without samples) and
   * on results stored before the engine kept distributions.
   */
  distribution: featureDistributionSchema.optional(),
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

/**
 * Where the reference sample sits in the lineage graph, resolved when results are read (so
 * an import after the drift run still links it):
 * - `dataset-version`: its digest is a dataset version's (OpenLineage `version` facet, DVC or
 *   MLflow digest) — the node is that version;
 * - `dataset-location`: no version has its digest, but a dataset lives at the file the
 *   reference was read from — the node is that dataset (the exact version is not recorded);
 * - `not-in-lineage`: neither; the model version's own (upstream) lineage is the next best;
 * - `no-reference`: Quorum never saw the reference (a monitoring backend computed the scores).
 */
export const referenceLineageSchema = z.object({
  status: z.enum(['dataset-version', 'dataset-location', 'not-in-lineage', 'no-reference']),
  node: z
    .object({
      /** A lineage node reference (`dataset:NS:NAME@VERSION`, `dataset:NS:NAME`), as `lineage.node` takes it. */
      ref: z.string(),
      label: z.string(),
      kind: z.enum(['dataset', 'dataset_version']),
    })
    .nullable(),
  /** How many nodes matched (several tools can record the same bytes); the first recorded is `node`. */
  matches: z.number().int().min(0),
});
export type ReferenceLineage = z.infer<typeof referenceLineageSchema>;

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
  referenceLineage: referenceLineageSchema,
});
export type DriftRun = z.infer<typeof driftRunSchema>;

type SeverityInput = Pick<FeatureDriftRecord, 'tested' | 'verdictRule' | 'statistic' | 'pValue' | 'pValueAdjusted' | 'threshold'>;

/** The number the verdict compares: the p-value for tests, the distance for distances. */
export function driftVerdictValue(
  feature: Pick<FeatureDriftRecord, 'verdictRule' | 'pValue' | 'pValueAdjusted' | 'statistic'>,
): number | null {
  if (feature.verdictRule === 'distance>=threshold') return feature.statistic;
  return feature.pValueAdjusted ?? feature.pValue;
}

/**
 * How far past (or short of) its threshold a feature is, on one scale for every method:
 * distance ÷ threshold, or threshold ÷ p-value for tests (both > 1 means drift). Shared by
 * the screens and the core's crossing notices so both name the same worst feature.
 */
export function driftSeverity(feature: SeverityInput): number {
  const value = driftVerdictValue(feature);
  if (!feature.tested || value === null) return 0;
  if (feature.verdictRule === 'distance>=threshold') return feature.threshold > 0 ? value / feature.threshold : value;
  return value > 0 ? feature.threshold / value : Number.POSITIVE_INFINITY;
}

/** The feature furthest past its threshold (drifted ones first); null when none was tested. */
export function worstDriftFeature<F extends SeverityInput & Pick<FeatureDriftRecord, 'drifted'>>(features: readonly F[]): F | null {
  let worst: F | null = null;
  for (const feature of features) {
    if (!feature.tested) continue;
    if (
      worst === null ||
      (feature.drifted && !worst.drifted) ||
      (feature.drifted === worst.drifted && driftSeverity(feature) > driftSeverity(worst))
    )
      worst = feature;
  }
  return worst;
}
