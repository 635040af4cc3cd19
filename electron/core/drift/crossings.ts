import type { Database } from 'better-sqlite3';
import type { QuorumNotification } from '@shared/contract/events';
import { versionPath } from '@shared/routes';
import { driftVerdictValue, worstDriftFeature, type FeatureDriftRecord } from '@shared/domain/drift';
import type { DriftCrossing, DriftCrossingSource } from './crossing';
import { readFeatures } from './feature-rows';

/*
 * Drift threshold crossings over the stored history (drift_runs): a result for a model
 * version with dataset drift whose previous result — same connection, model, version and
 * source, previous by time window (window_end, then id), as the history and its charts are
 * ordered — had none, or did not exist. Derived on every read rather than stored, so there is
 * nothing to keep in step; the id is the run's, so a crossing keeps its identity.
 *
 * Results without a model version (`quorum drift` without --model stores nothing, but a
 * monitoring result may lack a connection) belong to no subject and never cross.
 */

interface CrossingRow {
  id: number;
  source: 'engine' | 'prometheus';
  connection: string;
  model_name: string;
  model_version: number;
  window_end: number;
  computed_at: number;
  drift_share: number;
  drift_share_threshold: number;
  drifted_features: number;
  tested_features: number;
}

const SUBJECT = 'connection IS NOT NULL AND model_name IS NOT NULL AND model_version IS NOT NULL';
const COLUMNS = `id, source, connection, model_name, model_version, window_end, computed_at, drift_share, drift_share_threshold,
  drifted_features, tested_features`;

/** Every crossing stored so far, oldest first (by when the result was computed). */
export function listDriftCrossings(db: Database): DriftCrossing[] {
  const rows = db
    .prepare(
      `SELECT ${COLUMNS} FROM (
         SELECT ${COLUMNS}, dataset_drift,
           LAG(dataset_drift) OVER (PARTITION BY connection, model_name, model_version, source ORDER BY window_end, id) AS previous
         FROM drift_runs WHERE ${SUBJECT}
       ) WHERE dataset_drift = 1 AND (previous IS NULL OR previous = 0)
       ORDER BY computed_at, id`,
    )
    .all() as CrossingRow[];
  return rows.map((row) => crossingOf(db, row));
}

/** The `DriftCrossingSource` governance reads findings from, over this workspace's drift tables. */
export function driftCrossingSource(db: Database): DriftCrossingSource {
  return () => listDriftCrossings(db);
}

/** A crossing just stored, with what the notice needs besides the crossing itself. */
export interface CrossingEvent {
  crossing: DriftCrossing;
  driftShare: number;
  driftShareThreshold: number;
}

/**
 * Whether the stored run `runId` is a crossing that is news: it crossed, and no later window
 * of the same subject and source is stored (a result backfilled into the past is listed as a
 * crossing but announces nothing — what it says is no longer the current state).
 */
export function newCrossing(db: Database, runId: number): CrossingEvent | null {
  const sameSeries =
    'o.connection = r.connection AND o.model_name = r.model_name AND o.model_version = r.model_version AND o.source = r.source';
  const row = db
    .prepare(
      `SELECT r.id, r.source, r.connection, r.model_name, r.model_version, r.window_end, r.computed_at, r.drift_share,
         r.drift_share_threshold, r.drifted_features, r.tested_features, r.dataset_drift,
         (SELECT o.dataset_drift FROM drift_runs o WHERE ${sameSeries}
            AND (o.window_end < r.window_end OR (o.window_end = r.window_end AND o.id < r.id))
            ORDER BY o.window_end DESC, o.id DESC LIMIT 1) AS previous,
         EXISTS (SELECT 1 FROM drift_runs o WHERE ${sameSeries}
            AND (o.window_end > r.window_end OR (o.window_end = r.window_end AND o.id > r.id))) AS superseded
       FROM drift_runs r
       WHERE r.id = ? AND r.connection IS NOT NULL AND r.model_name IS NOT NULL AND r.model_version IS NOT NULL`,
    )
    .get(runId) as (CrossingRow & { dataset_drift: number; previous: number | null; superseded: number }) | undefined;
  if (!row || row.dataset_drift !== 1 || row.previous === 1 || row.superseded === 1) return null;
  return { crossing: crossingOf(db, row), driftShare: row.drift_share, driftShareThreshold: row.drift_share_threshold };
}

function crossingOf(db: Database, row: CrossingRow): DriftCrossing {
  return {
    id: `drift-run:${row.id}`,
    subject: { connection: row.connection, model: row.model_name, version: row.model_version },
    at: row.computed_at,
    source: row.source,
    detail: crossingDetail(db, row),
  };
}

type StoredFeature = Pick<
  FeatureDriftRecord,
  'name' | 'method' | 'statistic' | 'pValue' | 'pValueAdjusted' | 'threshold' | 'drifted' | 'tested' | 'verdictRule'
>;

/** "4 of 20 features drifted; worst: income (Wasserstein 0.31 ≥ 0.1)". */
function crossingDetail(db: Database, row: CrossingRow): string {
  const features: StoredFeature[] = readFeatures(db, [row.id]).get(row.id) ?? [];
  const share = `${row.drifted_features} of ${row.tested_features} feature${row.tested_features === 1 ? '' : 's'} drifted`;
  const worst = worstDriftFeature(features);
  return worst ? `${share}; worst: ${worst.name} (${verdictText(worst)})` : share;
}

const METHOD_NAMES: Record<FeatureDriftRecord['method'], string> = {
  ks: 'KS',
  chisquare: 'chi-square',
  z: 'Z',
  wasserstein: 'Wasserstein',
  jensenshannon: 'Jensen–Shannon',
  psi: 'PSI',
};

const numberFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 4 });

/** As the screens write numbers: four decimals, an exponent only below what four decimals show. */
function formatNumber(value: number): string {
  if (value !== 0 && Math.abs(value) < 0.0001) return value.toExponential(2);
  return numberFormat.format(value);
}

function verdictText(f: StoredFeature): string {
  const value = driftVerdictValue(f);
  const distance = f.verdictRule === 'distance>=threshold';
  const name = distance ? METHOD_NAMES[f.method] : `${METHOD_NAMES[f.method]} p`;
  if (value === null) return `${name} not finite`;
  const sign = distance ? (f.drifted ? '≥' : '<') : f.verdictRule === 'p<=threshold' ? (f.drifted ? '≤' : '>') : f.drifted ? '<' : '≥';
  return `${name} ${formatNumber(value)} ${sign} ${formatNumber(f.threshold)}`;
}

/**
 * Critical when the drifted share is at least halfway from the dataset threshold to every
 * feature (0.75 with the default 0.5): most of what the model sees has moved. Merely at the
 * threshold is a warning — it is worth a look, not yet an emergency.
 */
export function crossingSeverity(driftShare: number, driftShareThreshold: number): 'warning' | 'critical' {
  return driftShare >= driftShareThreshold + (1 - driftShareThreshold) / 2 ? 'critical' : 'warning';
}

/** The version page's Drift tab. */
export function driftPagePath(subject: DriftCrossing['subject']): string {
  return versionPath(subject.connection, subject.model, subject.version, 'drift');
}

export function crossingNotification(event: CrossingEvent): QuorumNotification {
  const { crossing } = event;
  const { model, version } = crossing.subject;
  const by = crossing.source === 'prometheus' ? 'Prometheus' : 'the drift engine';
  return {
    id: crossing.id,
    kind: 'drift.threshold',
    severity: crossingSeverity(event.driftShare, event.driftShareThreshold),
    title: `${model} v${version} crossed its drift threshold`,
    body: `${crossing.detail}. Dataset drift share ${formatNumber(event.driftShare)} ≥ ${formatNumber(event.driftShareThreshold)}, reported by ${by}.`,
    route: driftPagePath(crossing.subject),
  };
}

type CrossingListener = (event: CrossingEvent) => void;

/*
 * saveRun takes only the database (monitoring calls it as it is), so the announcement is
 * wired per database: the drift handlers of the core that owns it subscribe, and every save —
 * engine, monitoring poll, demo — goes through the one check.
 */
const listeners = new WeakMap<Database, Set<CrossingListener>>();

export function onDriftCrossing(db: Database, listener: CrossingListener): () => void {
  const set = listeners.get(db) ?? new Set<CrossingListener>();
  listeners.set(db, set);
  set.add(listener);
  return () => set.delete(listener);
}

/** Called by saveRun once its transaction is done: tells the listeners when `runId` is a new crossing. */
export function announceIfCrossing(db: Database, runId: number): void {
  const set = listeners.get(db);
  if (!set || set.size === 0) return;
  const event = newCrossing(db, runId);
  if (!event) return;
  for (const listener of set) {
    try {
      listener(event);
    } catch (error) {
      // The result is stored either way; a failing notice must not turn the save into an error.
      process.emitWarning(
        `Drift crossing ${event.crossing.id} could not be announced: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
