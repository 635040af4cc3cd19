import type { Run } from '../../platform/catalog-types';
import type { StatusTone } from '../../ui/StatusBadge';

export type RunMetric = Run['metrics'][number];

/** The last value of each metric (highest step, then latest timestamp), sorted by key. */
export function finalMetrics(metrics: readonly RunMetric[]): RunMetric[] {
  const last = new Map<string, RunMetric>();
  for (const metric of metrics) {
    const seen = last.get(metric.key);
    if (!seen || metric.step > seen.step || (metric.step === seen.step && metric.timestamp >= seen.timestamp)) last.set(metric.key, metric);
  }
  return [...last.values()].sort((a, b) => a.key.localeCompare(b.key));
}

const RUN_STATUS: Record<Run['status'], { tone: StatusTone; label: string }> = {
  FINISHED: { tone: 'ok', label: 'Finished' },
  RUNNING: { tone: 'warning', label: 'Running' },
  SCHEDULED: { tone: 'warning', label: 'Scheduled' },
  FAILED: { tone: 'danger', label: 'Failed' },
  KILLED: { tone: 'unknown', label: 'Killed' },
};

export function runStatus(status: Run['status']): { tone: StatusTone; label: string } {
  return RUN_STATUS[status];
}

/**
 * MLflow records a dataset's source as JSON ({"uri": …} or {"url": …} or {"path": …});
 * show the location a person recognises, or the text as it came when it is not JSON.
 */
export function datasetLocation(source: string | null): string | null {
  if (source === null || source.trim() === '') return null;
  try {
    const parsed: unknown = JSON.parse(source);
    if (typeof parsed === 'object' && parsed !== null) {
      const record = parsed as Record<string, unknown>;
      for (const key of ['uri', 'url', 'path', 'table_name', 'name']) {
        const value = record[key];
        if (typeof value === 'string' && value !== '') return value;
      }
    }
    return typeof parsed === 'string' ? parsed : source;
  } catch {
    return source;
  }
}
