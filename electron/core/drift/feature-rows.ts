import type { Database } from 'better-sqlite3';
import type { FeatureDrift } from './types';

/** The parts of a feature result that have no column of their own, kept in detail_json. */
export type StoredDetail = Pick<
  FeatureDrift,
  'selectedBy' | 'verdictRule' | 'referenceInfinite' | 'currentInfinite' | 'nUnique' | 'details' | 'also' | 'warnings' | 'distribution'
>;

interface FeatureRow {
  run_id: number;
  name: string;
  type: FeatureDrift['type'];
  method: FeatureDrift['method'];
  statistic: number | null;
  p_value: number | null;
  p_value_adjusted: number | null;
  threshold: number;
  drifted: number;
  tested: number;
  psi: number | null;
  reference_rows: number;
  current_rows: number;
  reference_missing: number;
  current_missing: number;
  detail_json: string;
}

/** The stored features of these runs, each run's in the order they were computed. */
export function readFeatures(db: Database, runIds: readonly number[]): Map<number, FeatureDrift[]> {
  if (runIds.length === 0) return new Map();
  const features = db
    .prepare(`SELECT * FROM drift_features WHERE run_id IN (${runIds.map(() => '?').join(',')}) ORDER BY run_id, position`)
    .all(...runIds) as FeatureRow[];
  const byRun = new Map<number, FeatureDrift[]>();
  for (const row of features) {
    const detail = JSON.parse(row.detail_json) as StoredDetail;
    const list = byRun.get(row.run_id) ?? [];
    list.push({
      name: row.name,
      type: row.type,
      method: row.method,
      statistic: row.statistic,
      pValue: row.p_value,
      pValueAdjusted: row.p_value_adjusted,
      threshold: row.threshold,
      drifted: row.drifted === 1,
      tested: row.tested === 1,
      psi: row.psi,
      referenceRows: row.reference_rows,
      currentRows: row.current_rows,
      referenceMissing: row.reference_missing,
      currentMissing: row.current_missing,
      ...detail,
    });
    byRun.set(row.run_id, list);
  }
  return byRun;
}
