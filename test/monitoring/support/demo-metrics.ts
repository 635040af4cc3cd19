import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../helpers/temp';

interface HistoryFeature {
  name: string;
  method: string;
  statistic: number;
  psi: number;
}

interface HistoryModel {
  model: string;
  version: number;
  currentVsReference: { features: HistoryFeature[] };
}

export interface DemoScores {
  model: string;
  version: number;
  features: { name: string; method: string; score: number }[];
}

/**
 * Drift scores an exporter would publish for the demo's two monitored champions, taken
 * from the demo's own drift history (resources/demo/drift/history.json) so the story holds:
 * card-fraud-blocker v4 pushes its distances (normed Wasserstein, Jensen–Shannon), most
 * above 0.1 — drifting; credit-approval-scorer v4 uses p-value tests, so its exporter
 * publishes PSI, all below 0.1 — stable.
 */
export function demoScores(): DemoScores[] {
  const history = JSON.parse(readFileSync(join(REPO_ROOT, 'resources', 'demo', 'drift', 'history.json'), 'utf8')) as {
    models: HistoryModel[];
  };
  return history.models.map((m) => {
    const distances = m.currentVsReference.features.every((f) => f.method === 'wasserstein' || f.method === 'jensenshannon');
    return {
      model: m.model,
      version: m.version,
      features: m.currentVsReference.features.map((f) =>
        distances ? { name: f.name, method: f.method, score: f.statistic } : { name: f.name, method: 'psi', score: f.psi },
      ),
    };
  });
}

/** The whole push, in the text exposition format, with quality, data-quality and serving metrics beside the scores. */
export function exposition(models: DemoScores[]): string {
  const lines: string[] = [];
  const family = (name: string, type: string, rows: string[]) => lines.push(`# TYPE ${name} ${type}`, ...rows);
  const sel = (m: DemoScores, extra = '') => `model="${m.model}",version="${m.version}"${extra}`;
  family(
    'model_feature_drift_score',
    'gauge',
    models.flatMap((m) =>
      m.features.map((f) => `model_feature_drift_score{${sel(m, `,feature="${f.name}",method="${f.method}"`)}} ${f.score}`),
    ),
  );
  const drifting = (m: DemoScores) => m.features.filter((f) => f.score >= 0.1).length * 2 >= m.features.length;
  family(
    'model_accuracy',
    'gauge',
    models.map((m) => `model_accuracy{${sel(m)}} ${drifting(m) ? 0.81 : 0.93}`),
  );
  family(
    'model_auc',
    'gauge',
    models.map((m) => `model_auc{${sel(m)}} ${drifting(m) ? 0.88 : 0.95}`),
  );
  family(
    'model_data_quality_null_rate',
    'gauge',
    models.map((m) => `model_data_quality_null_rate{${sel(m, `,feature="${m.features[0]?.name ?? 'x'}"`)}} 0.01`),
  );
  const buckets = ['0.05', '0.1', '0.25', '0.5', '+Inf'];
  family(
    'model_prediction_latency_seconds',
    'histogram',
    models.flatMap((m) => [
      ...buckets.map((le, i) => `model_prediction_latency_seconds_bucket{${sel(m, `,le="${le}"`)}} ${[400, 900, 980, 995, 1000][i]}`),
      `model_prediction_latency_seconds_sum{${sel(m)}} 70`,
      `model_prediction_latency_seconds_count{${sel(m)}} 1000`,
    ]),
  );
  family(
    'model_requests_total',
    'counter',
    models.flatMap((m) => [
      `model_requests_total{${sel(m, ',outcome="ok"')}} 990`,
      `model_requests_total{${sel(m, ',outcome="error"')}} 10`,
    ]),
  );
  return `${lines.join('\n')}\n`;
}
