/**
 * Whether a higher value of a metric is better, read from its name. MLflow does not record a
 * direction, so this only answers for well-known metric names and says "unknown" otherwise:
 * a wrong "better" is worse than none.
 */
export type MetricDirection = 'higher' | 'lower';

const LOWER = [
  'loss',
  'error',
  'rmse',
  'mse',
  'mae',
  'mape',
  'smape',
  'logloss',
  'log_loss',
  'brier',
  'latency',
  'fpr',
  'fnr',
  'false_positive_rate',
  'false_negative_rate',
  'wape',
  'perplexity',
];
const HIGHER = [
  'accuracy',
  'acc',
  'auc',
  'roc_auc',
  'pr_auc',
  'auprc',
  'f1',
  'f1_score',
  'precision',
  'recall',
  'r2',
  'ks',
  'gini',
  'tpr',
  'true_positive_rate',
  'map',
  'ndcg',
  'bleu',
  'rouge',
  'uplift',
];

/** Splits "val_roc_auc", "test-rmse" or "F1Score" into lower-case words. */
function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export function metricDirection(key: string): MetricDirection | null {
  const parts = words(key);
  const joined = parts.join('_');
  // Longest names first, so "false_positive_rate" is not read as something else.
  const has = (names: readonly string[]) => names.some((name) => (name.includes('_') ? joined.includes(name) : parts.includes(name)));
  const lower = has(LOWER);
  const higher = has(HIGHER);
  if (lower === higher) return null;
  return lower ? 'lower' : 'higher';
}

export type MetricVerdict = 'better' | 'worse' | 'same' | 'different';

/** A value against the reference: better or worse when the direction is known, else just different. */
export function metricVerdict(value: number, reference: number, direction: MetricDirection | null): MetricVerdict {
  if (value === reference) return 'same';
  if (direction === null) return 'different';
  return value > reference === (direction === 'higher') ? 'better' : 'worse';
}
