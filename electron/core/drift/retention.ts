import type { Database, Statement } from 'better-sqlite3';

/*
 * Retention of Prometheus-sourced drift results. Monitoring stores one result per deployed
 * model version per poll (every 5 minutes by default: ~288 a day, forever); the history, its
 * charts, the reports and the gate's evidence all read drift_runs, so it is thinned here:
 *
 * - every result whose window ended in the last 48 hours is kept;
 * - older, whole UTC hours keep one result per series: the worst (highest drift share; the
 *   earliest of equals), so a spike is never averaged away;
 * - older than 30 days, whole UTC days keep one the same way (the worst of the day is the worst
 *   of its hours, so thinning in two steps ends where thinning at once would);
 * - on top of that, a result is only ever deleted when its verdict equals the verdict of the
 *   result that survives just before it, in its crossing series (same connection, model,
 *   version, source: crossings.ts) and in the gate's evidence series (same model and version,
 *   the same connection or none, any source: store.ts `driftEvidence`), and that evidence
 *   predecessor was computed no later than it. So every threshold crossing, every recovery,
 *   the first result of each series and every verdict change the approvals' evidence hash
 *   binds to (governance/evidence.ts `driftVerdictChanges`) stays — the same rows, so the same
 *   crossing ids (`drift-run:<id>`, which findings and their ledger acts are keyed by), the same
 *   `at` and drift share — and no new crossing or change appears, also for an `asOf` in the
 *   past (a prefix by computed_at).
 *
 * Engine results (computed from files: few and deliberate) are never deleted, nor Prometheus
 * results without a connection, model or version (they belong to every connection's evidence
 * for that model version; none are written today). Stored rows are never rewritten either:
 * merging an unchanged poll into its predecessor would move that row's window end, which the
 * evidence hash and the crossing's time are made of.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface DriftRetentionPolicy {
  /** Every result whose window ended less than this long ago is kept (ms). */
  readonly keepAllMs: number;
  /** Between `keepAllMs` and this: the worst result per hour; beyond: the worst per day (ms). */
  readonly hourlyMs: number;
}

export const DRIFT_RETENTION: DriftRetentionPolicy = { keepAllMs: 48 * HOUR_MS, hourlyMs: 30 * DAY_MS };

/**
 * Results examined per run at most (whole periods, oldest first; at least one period). Steady
 * state needs a few dozen per poll; the cap keeps a first run over a long unthinned history —
 * a workspace that polled before retention existed — from holding the database for long: the
 * following polls carry on where it stopped.
 */
export const DEFAULT_RETENTION_MAX_ROWS = 5_000;

export interface RetentionOptions {
  readonly policy?: DriftRetentionPolicy;
  readonly maxRows?: number;
}

export interface RetentionReport {
  /** Results deleted, with their features. */
  removed: number;
  /** Periods (a series' hour or day) that had something to thin and were looked at. */
  periods: number;
  /** False when the row budget ended the run before every such period was looked at. */
  complete: boolean;
}

/** A series' hour or day that holds a result the rule may delete. */
interface Period {
  connection: string;
  model: string;
  version: number;
  start: number;
  span: number;
  rows: number;
}

interface PeriodRow {
  id: number;
  source: 'engine' | 'prometheus';
  connection: string | null;
  drift: number;
  computedAt: number;
  share: number;
}

type Anchor = Pick<PeriodRow, 'drift' | 'computedAt'>;

/**
 * Thins the Prometheus drift history as of `now` (ms), in one immediate transaction: on any
 * failure nothing is deleted. Bounded work per call (`maxRows`); calling it again with the same
 * `now` once it reports `complete` deletes nothing.
 */
export function thinDriftHistory(db: Database, now: number, options: RetentionOptions = {}): RetentionReport {
  const policy = options.policy ?? DRIFT_RETENTION;
  const maxRows = options.maxRows ?? DEFAULT_RETENTION_MAX_ROWS;
  checkOptions(policy, maxRows, now);
  // Only whole periods thin: an hour is thinned once all of it is older than keepAllMs, a day
  // once all of it is older than hourlyMs (checkOptions makes every such day end before the
  // first hour that may thin begins).
  const hourCutoff = Math.floor((now - policy.keepAllMs) / HOUR_MS) * HOUR_MS;
  const dayCutoff = Math.floor((now - policy.hourlyMs) / DAY_MS) * DAY_MS;
  const statements = prepare(db);
  return db
    .transaction((): RetentionReport => {
      const periods = statements.periods.all({ hourCutoff, dayCutoff, hour: HOUR_MS, day: DAY_MS }) as Period[];
      let examined = 0;
      let looked = 0;
      let removed = 0;
      for (const period of periods) {
        if (looked > 0 && examined + period.rows > maxRows) return { removed, periods: looked, complete: false };
        examined += period.rows;
        looked += 1;
        removed += thinPeriod(statements, period);
      }
      return { removed, periods: looked, complete: true };
    })
    .immediate();
}

function checkOptions(policy: DriftRetentionPolicy, maxRows: number, now: number): void {
  if (!Number.isFinite(now)) throw new RangeError(`now must be a time in ms, not ${now}`);
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new RangeError(`maxRows must be a positive integer, not ${maxRows}`);
  if (!(policy.keepAllMs >= 0) || !(policy.hourlyMs >= policy.keepAllMs + DAY_MS) || !Number.isFinite(policy.hourlyMs)) {
    throw new RangeError('The retention policy needs keepAllMs ≥ 0 and hourlyMs at least a day longer than keepAllMs.');
  }
}

interface Statements {
  periods: Statement;
  anchorEvidence: Statement;
  anchorSeries: Statement;
  rows: Statement;
  deleteFeatures: Statement;
  deleteRun: Statement;
}

const FULL_SUBJECT = 'connection IS NOT NULL AND model_name IS NOT NULL AND model_version IS NOT NULL';
const EVIDENCE_SERIES = 'model_name = @model AND model_version = @version AND (connection = @connection OR connection IS NULL)';

function prepare(db: Database): Statements {
  return {
    /*
     * The periods worth a look, oldest first: those holding a Prometheus result that repeats
     * its predecessor's verdict (in its crossing series) and is not the period's worst. That
     * is necessary for a deletion, so nothing is missed; it keeps a period that is already
     * down to its worst plus verdict changes from being read again every poll. Index-only on
     * drift_runs_by_series (migration 9).
     */
    periods: db.prepare(`
      SELECT connection, model_name AS model, model_version AS version, start, span, COUNT(*) AS rows
      FROM (
        SELECT connection, model_name, model_version, start, span, repeated,
          ROW_NUMBER() OVER (PARTITION BY connection, model_name, model_version, start ORDER BY drift_share DESC, window_end, id) AS rank
        FROM (
          SELECT id, connection, model_name, model_version, window_end, drift_share, span,
            window_end - (window_end % span + span) % span AS start,
            dataset_drift IS LAG(dataset_drift) OVER (PARTITION BY connection, model_name, model_version ORDER BY window_end, id) AS repeated
          FROM (
            SELECT id, connection, model_name, model_version, window_end, drift_share, dataset_drift,
              CASE WHEN window_end < @dayCutoff THEN @day ELSE @hour END AS span
            FROM drift_runs
            WHERE source = 'prometheus' AND ${FULL_SUBJECT} AND window_end < @hourCutoff
          )
        )
      )
      GROUP BY connection, model_name, model_version, start
      HAVING SUM(repeated AND rank > 1) > 0
      ORDER BY start, connection, model_name, model_version`),
    // The surviving result just before a period, in the gate's evidence series…
    anchorEvidence: db.prepare(`
      SELECT dataset_drift AS drift, computed_at AS computedAt FROM drift_runs
      WHERE ${EVIDENCE_SERIES} AND window_end < @start
      ORDER BY window_end DESC, id DESC LIMIT 1`),
    // …and in the crossing series (as crossings.ts partitions and orders it).
    anchorSeries: db.prepare(`
      SELECT dataset_drift AS drift, computed_at AS computedAt FROM drift_runs
      WHERE source = 'prometheus' AND connection = @connection AND model_name = @model AND model_version = @version AND window_end < @start
      ORDER BY window_end DESC, id DESC LIMIT 1`),
    // The period's evidence series: its Prometheus results and whatever else the gate sees between them.
    rows: db.prepare(`
      SELECT id, source, connection, dataset_drift AS drift, computed_at AS computedAt, drift_share AS share FROM drift_runs
      WHERE ${EVIDENCE_SERIES} AND window_end >= @start AND window_end < @end
      ORDER BY window_end, id`),
    // Explicitly, not by the cascade alone: the features go even where foreign keys are off.
    deleteFeatures: db.prepare('DELETE FROM drift_features WHERE run_id = ?'),
    // Guarded by source: an engine result cannot be deleted here, whatever the walk decided.
    deleteRun: db.prepare("DELETE FROM drift_runs WHERE id = ? AND source = 'prometheus'"),
  };
}

/**
 * One period, walked in window order: a result goes when it is in the series, is not the
 * period's worst, and has the verdict of the results that survive just before it (see the
 * comment at the top). The survivors before the period are the anchors; every result kept
 * becomes the next one's anchor, so a run of equal verdicts thins to the first of it.
 */
function thinPeriod(statements: Statements, period: Period): number {
  const subject = { connection: period.connection, model: period.model, version: period.version };
  let evidence = statements.anchorEvidence.get({ ...subject, start: period.start }) as Anchor | undefined;
  let series = statements.anchorSeries.get({ ...subject, start: period.start }) as Anchor | undefined;
  const rows = statements.rows.all({ ...subject, start: period.start, end: period.start + period.span }) as PeriodRow[];
  const inSeries = (row: PeriodRow) => row.source === 'prometheus' && row.connection === period.connection;
  let worst: PeriodRow | undefined;
  for (const row of rows) if (inSeries(row) && (worst === undefined || row.share > worst.share)) worst = row;
  let removed = 0;
  for (const row of rows) {
    const thin =
      inSeries(row) &&
      row !== worst &&
      series !== undefined &&
      series.drift === row.drift &&
      evidence !== undefined &&
      evidence.drift === row.drift &&
      // A predecessor computed later (a backfilled engine result) is absent from a gate evaluated
      // before it; there this result may follow a different verdict, so it stays.
      evidence.computedAt <= row.computedAt;
    if (thin) {
      statements.deleteFeatures.run(row.id);
      if (statements.deleteRun.run(row.id).changes !== 1) throw new Error(`Drift result ${row.id} could not be thinned.`);
      removed += 1;
      continue;
    }
    evidence = row;
    if (inSeries(row)) series = row;
  }
  return removed;
}
