import { DEFAULT_POLL_INTERVAL_MINUTES, type MonitoringQueryName, type QuerySet } from '@shared/domain/monitoring';

/**
 * Templates that fit the common exporter naming (and the recorded Prometheus fixtures):
 * `model_feature_drift_score{model,version,feature,method}`, `model_accuracy`, `model_auc`,
 * `model_data_quality_null_rate{feature}`, the `model_prediction_latency_seconds` histogram
 * and `model_requests_total{outcome}`. Rates use a 5-minute window: long enough for a
 * 1-minute scrape interval to give several samples. Exporters whose version label is `v3`
 * rather than `3` edit the template to `version="v{{version}}"`.
 */
const sel = 'model="{{model}}", version="{{version}}"';

export const DEFAULT_QUERIES: Record<MonitoringQueryName, string> = {
  drift: `model_feature_drift_score{${sel}}`,
  accuracy: `model_accuracy{${sel}}`,
  auc: `model_auc{${sel}}`,
  nullRate: `model_data_quality_null_rate{${sel}}`,
  latencyP95: `histogram_quantile(0.95, sum by (le) (rate(model_prediction_latency_seconds_bucket{${sel}}[5m])))`,
  errorRate: `sum(rate(model_requests_total{${sel}, outcome="error"}[5m])) / sum(rate(model_requests_total{${sel}}[5m]))`,
};

/**
 * Drift scores are distances (PSI, normed Wasserstein, Jensen–Shannon…): 0.1 is Evidently's
 * default threshold for them, and a dataset drifts when half its features do.
 */
export const DEFAULT_QUERY_SET: QuerySet = {
  queries: DEFAULT_QUERIES,
  driftThreshold: 0.1,
  driftShare: 0.5,
  deployedAliases: ['champion'],
  registryConnection: null,
  pollIntervalMinutes: DEFAULT_POLL_INTERVAL_MINUTES,
};
