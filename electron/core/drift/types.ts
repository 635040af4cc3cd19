/**
 * The drift engine's data model. Columns are typed arrays so millions of rows stay compact,
 * move between worker threads without copying, and hash to a stable digest:
 * numeric columns are Float64Array (NaN = missing; ±Infinity kept as read and treated as
 * missing by the engine), categorical ones are dictionary codes (−1 = missing).
 */

export const COLUMN_TYPES = ['numeric', 'categorical'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export const DRIFT_METHODS = ['ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi'] as const;
export type DriftMethod = (typeof DRIFT_METHODS)[number];

export const CORRECTIONS = ['none', 'bonferroni', 'benjamini-hochberg'] as const;
export type Correction = (typeof CORRECTIONS)[number];

export interface NumericColumn {
  readonly name: string;
  readonly type: 'numeric';
  readonly values: Float64Array;
}

export interface CategoricalColumn {
  readonly name: string;
  readonly type: 'categorical';
  readonly codes: Int32Array;
  readonly dictionary: readonly string[];
}

export type Column = NumericColumn | CategoricalColumn;

export interface Table {
  readonly rowCount: number;
  readonly columns: readonly Column[];
  /** "sha256:…" of the file the table was read from, when it came from one. */
  readonly fileDigest?: string;
  /** Where the table came from, for messages and the reproducibility record. */
  readonly source?: string;
}

/** How a verdict is reached from the statistic: p-value tests and distances compare differently. */
export type VerdictRule = 'p<=threshold' | 'p<threshold' | 'distance>=threshold';

export interface MethodResult {
  /** KS D, chi-square, Z, normed Wasserstein, Jensen–Shannon distance or PSI; null when not finite. */
  statistic: number | null;
  /** Two-sided p-value for ks, chisquare and z; null for distances. */
  pValue: number | null;
}

export interface FeatureDrift extends MethodResult {
  name: string;
  type: ColumnType;
  method: DriftMethod;
  selectedBy: 'default' | 'override';
  threshold: number;
  verdictRule: VerdictRule;
  /** P-value after the multiple-testing correction, when one is applied. */
  pValueAdjusted: number | null;
  drifted: boolean;
  /** False when a sample has no usable value left: the feature is reported, not counted. */
  tested: boolean;
  /** PSI, always computed (null only when untested). */
  psi: number | null;
  /** Non-missing values used from each sample. */
  referenceRows: number;
  currentRows: number;
  /** Missing values dropped from each sample (empty, NaN, null and infinities). */
  referenceMissing: number;
  currentMissing: number;
  /** Of the missing values, how many were ±Infinity. */
  referenceInfinite: number;
  currentInfinite: number;
  /** Distinct non-missing values over both samples. */
  nUnique: number;
  details: FeatureDetails;
  /** Statistics of further methods asked for with `additionalMethods`. */
  also: Partial<Record<DriftMethod, MethodResult>>;
  warnings: string[];
  /**
   * Counts per bin of both samples, for reference-vs-current charts. Absent on untested
   * features, on results from monitoring backends (which report scores, not samples) and
   * on results stored before the engine kept them.
   */
  distribution?: FeatureDistribution;
}

/**
 * Both samples of one feature counted over the same bins. Counts, not shares, so a reader
 * can check them against the sample sizes: the counts of a sample (with `other`) add up to
 * its non-missing rows.
 */
export type FeatureDistribution = HistogramDistribution | ValuesDistribution;

export interface HistogramDistribution {
  binning: 'histogram';
  /** bins + 1 ascending edges; bin i is [edges[i], edges[i+1]), the last bin closed (np.histogram). */
  edges: number[];
  reference: number[];
  current: number[];
  /** True when these are the bins PSI and Jensen–Shannon were computed on; false for a display-only binning. */
  testBins: boolean;
}

export interface ValuesDistribution {
  binning: 'values';
  /** One bin per category (or per distinct numeric value, as its shortest text). */
  values: string[];
  reference: number[];
  current: number[];
  /** Categories past the display cap, folded into one bucket; null when every category has its own bin. */
  other: { categories: number; reference: number; current: number } | null;
  testBins: boolean;
}

export interface FeatureDetails {
  ksMode?: 'exact' | 'asymptotic';
  wassersteinDistance?: number;
  referenceStd?: number;
  degreesOfFreedom?: number;
  bins?: number;
  binning?: 'histogram' | 'values';
  statisticNonFinite?: 'inf' | '-inf' | 'nan';
}

export interface DriftOptions {
  /** Only these columns (default: every column, which must then match between samples). */
  columns?: readonly string[];
  /** Per-feature method overrides. */
  methods?: Readonly<Record<string, DriftMethod>>;
  /** One method for every feature not overridden (Evidently's all_features_stattest). */
  method?: DriftMethod;
  /** Per-feature threshold overrides. */
  thresholds?: Readonly<Record<string, number>>;
  /** One threshold for every feature not overridden (Evidently's stattest_threshold). */
  threshold?: number;
  /** Multiple-testing correction over the p-value tests; off by default. */
  correction?: Correction;
  /** Dataset drift when drifted / tested >= this (default 0.5). */
  driftShare?: number;
  /** Also compute these methods' statistics for every feature they apply to. */
  additionalMethods?: readonly DriftMethod[];
  /** Worker threads: 'auto' uses them for large inputs only. */
  parallel?: 'auto' | 'never' | 'always';
  workers?: number;
  /**
   * Let the calling thread analyze features too while workers start and run. Right for the
   * CLI and scripts, whose thread has nothing else to do; wrong for the Electron main
   * process, which must stay responsive. Default false.
   */
  useCallingThread?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: DriftProgress) => void;
}

export interface DriftProgress {
  done: number;
  total: number;
  feature: string | null;
}

export interface DatasetDriftResult {
  datasetDrift: boolean;
  driftShare: number;
  driftShareThreshold: number;
  driftedFeatures: number;
  testedFeatures: number;
  correction: Correction;
  features: FeatureDrift[];
  reproducibility: ReproducibilityRecord;
  warnings: string[];
}

export interface ReproducibilityRecord {
  engineVersion: string;
  referenceDigest: string;
  /** 'file' when the digest is of the file's bytes, 'typed-data' when of the typed columns. */
  referenceDigestOf: 'file' | 'typed-data';
  /** The current sample's file digest when it was read from a file with hashing on; else null. */
  currentDigest: string | null;
  referenceSource: string | null;
  currentSource: string | null;
  options: NormalizedOptions;
}

export interface NormalizedOptions {
  columns: string[] | null;
  method: DriftMethod | null;
  methods: Record<string, DriftMethod>;
  threshold: number | null;
  thresholds: Record<string, number>;
  correction: Correction;
  driftShare: number;
  additionalMethods: DriftMethod[];
}
