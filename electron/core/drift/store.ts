import type { Database } from 'better-sqlite3';
import type { DriftRun } from '@shared/domain/drift';
import { announceIfCrossing } from './crossings';
import { readFeatures, type StoredDetail } from './feature-rows';
import { referenceLineageResolver } from './reference-lineage';
import type { DatasetDriftResult, FeatureDrift } from './types';

/** Where a stored result belongs. */
export interface RunSubject {
  source: 'engine' | 'prometheus';
  connection: string | null;
  model: string | null;
  version: number | null;
  windowStart: number | null;
  windowEnd: number;
  computedAt: number;
}

/**
 * Stores one result and its features in one transaction; returns the run id. Every result —
 * the engine's, a monitoring poll's, the demo's — is stored here, so this is also where a new
 * threshold crossing is announced (crossings.ts), once the rows are written.
 */
export function saveRun(
  db: Database,
  result: DatasetDriftResult,
  subject: RunSubject,
  // Loading recorded history (the demo) stores old crossings without announcing them as news.
  options: { announce?: boolean } = {},
): number {
  const insertRun = db.prepare(`
    INSERT INTO drift_runs (source, connection, model_name, model_version, window_start, window_end, computed_at,
      dataset_drift, drift_share, drift_share_threshold, drifted_features, tested_features, correction,
      engine_version, reference_digest, current_digest, reproducibility_json, warnings_json)
    VALUES (@source, @connection, @model, @version, @windowStart, @windowEnd, @computedAt,
      @datasetDrift, @driftShare, @driftShareThreshold, @driftedFeatures, @testedFeatures, @correction,
      @engineVersion, @referenceDigest, @currentDigest, @reproducibility, @warnings)`);
  const insertFeature = db.prepare(`
    INSERT INTO drift_features (run_id, position, name, type, method, statistic, p_value, p_value_adjusted, threshold,
      drifted, tested, psi, reference_rows, current_rows, reference_missing, current_missing, detail_json)
    VALUES (@runId, @position, @name, @type, @method, @statistic, @pValue, @pValueAdjusted, @threshold,
      @drifted, @tested, @psi, @referenceRows, @currentRows, @referenceMissing, @currentMissing, @detail)`);
  const id = db.transaction(() => {
    const { lastInsertRowid } = insertRun.run({
      ...subject,
      datasetDrift: result.datasetDrift ? 1 : 0,
      driftShare: result.driftShare,
      driftShareThreshold: result.driftShareThreshold,
      driftedFeatures: result.driftedFeatures,
      testedFeatures: result.testedFeatures,
      correction: result.correction,
      engineVersion: result.reproducibility.engineVersion,
      referenceDigest: result.reproducibility.referenceDigest,
      currentDigest: result.reproducibility.currentDigest,
      reproducibility: JSON.stringify(result.reproducibility),
      warnings: JSON.stringify(result.warnings),
    });
    const runId = Number(lastInsertRowid);
    result.features.forEach((f, position) => {
      insertFeature.run({
        runId,
        position,
        name: f.name,
        type: f.type,
        method: f.method,
        statistic: f.statistic,
        pValue: f.pValue,
        pValueAdjusted: f.pValueAdjusted,
        threshold: f.threshold,
        drifted: f.drifted ? 1 : 0,
        tested: f.tested ? 1 : 0,
        psi: f.psi,
        referenceRows: f.referenceRows,
        currentRows: f.currentRows,
        referenceMissing: f.referenceMissing,
        currentMissing: f.currentMissing,
        detail: JSON.stringify(detailOf(f)),
      });
    });
    return runId;
  })();
  if (options.announce !== false) announceIfCrossing(db, id);
  return id;
}

/** The parts of a feature result that have no column of their own. */
function detailOf(f: FeatureDrift): StoredDetail {
  const { selectedBy, verdictRule, referenceInfinite, currentInfinite, nUnique, details, also, warnings, distribution } = f;
  // Absent for monitoring results and untested features (JSON leaves `undefined` out), so old and new rows read alike.
  return { selectedBy, verdictRule, referenceInfinite, currentInfinite, nUnique, details, also, warnings, distribution };
}

interface RunRow {
  id: number;
  source: 'engine' | 'prometheus';
  connection: string | null;
  model_name: string | null;
  model_version: number | null;
  window_start: number | null;
  window_end: number;
  computed_at: number;
  dataset_drift: number;
  drift_share: number;
  drift_share_threshold: number;
  drifted_features: number;
  tested_features: number;
  correction: DriftRun['correction'];
  reproducibility_json: string;
  warnings_json: string;
}

export interface RunFilter {
  model?: string;
  version?: number;
  connection?: string;
  limit: number;
}

/** Stored results, newest window first, with their features in the order computed. */
export function listRuns(db: Database, filter: RunFilter): DriftRun[] {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: filter.limit };
  if (filter.model !== undefined) {
    where.push('model_name = @model');
    params.model = filter.model;
  }
  if (filter.version !== undefined) {
    where.push('model_version = @version');
    params.version = filter.version;
  }
  if (filter.connection !== undefined) {
    where.push('connection = @connection');
    params.connection = filter.connection;
  }
  const runs = db
    .prepare(
      `SELECT * FROM drift_runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY window_end DESC, id DESC LIMIT @limit`,
    )
    .all(params) as RunRow[];
  if (runs.length === 0) return [];
  const byRun = readFeatures(
    db,
    runs.map((r) => r.id),
  );
  const referenceLineage = referenceLineageResolver(db);
  return runs.map((r) => {
    const run = {
      id: r.id,
      source: r.source,
      connection: r.connection,
      model: r.model_name,
      version: r.model_version,
      windowStart: r.window_start,
      windowEnd: r.window_end,
      computedAt: r.computed_at,
      datasetDrift: r.dataset_drift === 1,
      driftShare: r.drift_share,
      driftShareThreshold: r.drift_share_threshold,
      driftedFeatures: r.drifted_features,
      testedFeatures: r.tested_features,
      correction: r.correction,
      features: byRun.get(r.id) ?? [],
      reproducibility: JSON.parse(r.reproducibility_json) as DriftRun['reproducibility'],
      warnings: JSON.parse(r.warnings_json) as string[],
    };
    return { ...run, referenceLineage: referenceLineage(run) };
  });
}

/**
 * Drift evidence for the governance gate: every stored dataset verdict for one model version,
 * or, with `asOf`, those computed at or before it — a gate evaluated at T must not count a
 * result nobody had yet at T.
 */
export function driftEvidence(
  db: Database,
  subject: { connection: string; model: string; version: number },
  asOf?: number,
): { at: number; driftShare: number; datasetDrift: boolean }[] {
  const rows = db
    .prepare(
      `SELECT window_end AS at, drift_share AS driftShare, dataset_drift AS datasetDrift FROM drift_runs
       WHERE model_name = ? AND model_version = ? AND (connection = ? OR connection IS NULL) AND (? IS NULL OR computed_at <= ?)
       ORDER BY window_end, id`,
    )
    .all(subject.model, subject.version, subject.connection, asOf ?? null, asOf ?? null) as {
    at: number;
    driftShare: number;
    datasetDrift: number;
  }[];
  return rows.map((r) => ({ at: r.at, driftShare: r.driftShare, datasetDrift: r.datasetDrift === 1 }));
}
