import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/create-core';
import { listDriftCrossings } from '../../electron/core/drift/crossings';
import { computeDrift } from '../../electron/core/drift/engine';
import { DRIFT_RETENTION, thinDriftHistory } from '../../electron/core/drift/retention';
import { driftEvidence, saveRun, type RunSubject } from '../../electron/core/drift/store';
import type { DatasetDriftResult } from '../../electron/core/drift/types';
import { driftVerdictChanges } from '../../electron/core/governance/evidence';
import { driftResultFromScores } from '../../electron/core/monitoring/drift-record';
import { makeTempDir, removeTempDirs } from '../helpers/temp';
import { numericSample, Rng } from './support/random';
import { numeric, table } from './support/tables';

/*
 * Retention of Prometheus drift results (electron/core/drift/retention.ts) on a real core
 * store: 3 days of 5-minute polls, thinned as of the end of day 3 (day 1 is older than 48 h:
 * one result per hour) and again a month later (one per day), with a spike, threshold
 * crossings and engine results in between. What must not move: the crossings, the verdict
 * changes the approvals' evidence hash binds to, the worst drift share of every period, the
 * engine results.
 */

const MIN5 = 300_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 10); // a UTC midnight: day d is [T0 + d·DAY, T0 + (d+1)·DAY)
const NOW = T0 + 3 * DAY;
const MONTH_LATER = NOW + 31 * DAY;
const POLLS = 3 * 288;

const V3 = { connection: 'reg', model: 'churn', version: 3 };
const V4 = { connection: 'reg', model: 'churn', version: 4 };

/** The drift share of poll k of version 3 (poll k's window ends at T0 + k·5 min). */
function v3Share(k: number): number {
  if (k === 64) return 1; // 05:20 on day 1: a one-poll spike, a crossing, and the recovery at 05:25
  if (k >= 120 && k <= 149) return k === 130 ? 0.75 : 0.5; // 10:00–12:25: a drift episode, worst at 10:50
  if (k === 153) return 0.5; // 12:45: one more poll with dataset drift, 15 minutes after the episode ended
  if (k >= 360 && k <= 363) return 0.5; // 06:00–06:15 on day 2 (kept whole: younger than 48 h)
  return calmShare(k);
}

/** No dataset drift; one poll an hour (minute 35) has one drifted feature of four. */
function calmShare(k: number): number {
  return k % 12 === 7 ? 0.25 : 0;
}

const FEATURES = ['age', 'balance', 'income', 'tenure'];

/** A Prometheus result in which `share` of the four features score over the 0.1 threshold. */
function prometheusResult(share: number, evaluatedAt: number): DatasetDriftResult {
  const drifted = Math.round(share * FEATURES.length);
  return driftResultFromScores(
    FEATURES.map((feature, i) => ({ feature, score: i < drifted ? 0.3 + 0.6 * share : 0.02, method: 'psi' })),
    { driftThreshold: 0.1, driftShare: 0.5 },
    { backend: 'prometheus', connection: 'prom', url: 'http://prom.test', serverVersion: '2.42.0', query: 'q', evaluatedAt, warnings: [] },
    [],
  );
}

const rng = new Rng(6);
let engineOk: DatasetDriftResult;
let engineDrift: DatasetDriftResult;

beforeAll(async () => {
  const sample = (mean: number) => numericSample(rng, { n: 300, mean });
  const reference = table(numeric('income', sample(0)), numeric('age', sample(0)));
  engineOk = await computeDrift(reference, table(numeric('income', sample(0)), numeric('age', sample(0))), { parallel: 'never' });
  engineDrift = await computeDrift(reference, table(numeric('income', sample(3)), numeric('age', sample(3))), { parallel: 'never' });
  expect([engineOk.datasetDrift, engineDrift.datasetDrift]).toEqual([false, true]);
});

const cores: Core[] = [];
afterAll(() => {
  for (const core of cores) core.close();
  removeTempDirs();
});

interface Workspace {
  core: Core;
  db: Database;
  dataDir: string;
  /** drift_runs.id of poll k, per version. */
  ids: { v3: number[]; v4: number[] };
}

function prometheusSubject(subject: typeof V3, windowEnd: number): RunSubject {
  return { source: 'prometheus', ...subject, windowStart: null, windowEnd, computedAt: windowEnd + 10_000 };
}

/**
 * Version 3 and 4 of churn polled every 5 minutes for 3 days (v4 calm throughout), three
 * engine results between v3's polls, and a model with Prometheus results but no connection.
 */
function seeded(): Workspace {
  const dataDir = makeTempDir('quorum-drift-retention-');
  const core = createCore({ dataDir, validateOutput: true });
  cores.push(core);
  const db = core.store.db;
  const ids = { v3: [] as number[], v4: [] as number[] };
  for (let k = 0; k < POLLS; k++) {
    const at = T0 + k * MIN5;
    ids.v3.push(saveRun(db, prometheusResult(v3Share(k), at), prometheusSubject(V3, at), { announce: false }));
    ids.v4.push(saveRun(db, prometheusResult(calmShare(k), at), prometheusSubject(V4, at), { announce: false }));
  }
  const engine = (result: DatasetDriftResult, windowEnd: number, computedAt: number, connection: string | null = V3.connection) =>
    saveRun(db, result, { ...V3, source: 'engine', connection, windowStart: windowEnd - DAY, windowEnd, computedAt }, { announce: false });
  // 08:02:30, dataset drift: in the gate's evidence v3's 08:05 poll is a verdict change (not in its own series).
  engine(engineDrift, T0 + 8 * HOUR + 150_000, T0 + 8 * HOUR + 210_000);
  // 12:27:30, no drift: in the evidence the 12:30 poll repeats it, in its own series it is the recovery.
  engine(engineOk, T0 + 12 * HOUR + 27 * 60_000 + 30_000, T0 + 12 * HOUR + 28 * 60_000 + 30_000);
  // 18:02:30, no drift and no connection: it is in every connection's evidence for churn v3.
  engine(engineOk, T0 + 18 * HOUR + 150_000, T0 + 18 * HOUR + 210_000, null);
  for (let k = 0; k < 24; k++) {
    const at = T0 + k * MIN5;
    saveRun(
      db,
      prometheusResult(calmShare(k), at),
      { ...prometheusSubject(V3, at), connection: null, model: 'orphan' },
      { announce: false },
    );
  }
  return { core, db, dataDir, ids };
}

interface RunRow {
  id: number;
  source: string;
  connection: string | null;
  model_name: string;
  model_version: number;
  window_end: number;
  computed_at: number;
  drift_share: number;
  dataset_drift: number;
}

function runs(db: Database): RunRow[] {
  return db
    .prepare(
      `SELECT id, source, connection, model_name, model_version, window_end, computed_at, drift_share, dataset_drift FROM drift_runs ORDER BY id`,
    )
    .all() as RunRow[];
}

/** Everything stored, row for row. */
function dump(db: Database): { runs: unknown[]; features: unknown[] } {
  return {
    runs: db.prepare('SELECT * FROM drift_runs ORDER BY id').all(),
    features: db.prepare('SELECT * FROM drift_features ORDER BY run_id, position').all(),
  };
}

/** Poll numbers k of a version still stored, in order. */
function keptPolls(db: Database, subject: typeof V3): number[] {
  return runs(db)
    .filter(
      (r) =>
        r.source === 'prometheus' &&
        r.connection === subject.connection &&
        r.model_name === subject.model &&
        r.model_version === subject.version,
    )
    .map((r) => (r.window_end - T0) / MIN5);
}

/** How many polls of `kept` fall into each period of `span` ms within [from, to). */
function perPeriod(kept: number[], span: number, from: number, to: number): number[] {
  const counts = new Array<number>(Math.round((to - from) / span)).fill(0);
  for (const k of kept) {
    const at = T0 + k * MIN5;
    const period = Math.floor((at - from) / span);
    if (at >= from && at < to) counts[period] = (counts[period] ?? 0) + 1;
  }
  return counts;
}

/** The worst drift share per period (hour or day) of a version's Prometheus results. */
function worstPerPeriod(db: Database, subject: typeof V3, span: number): Map<number, number> {
  const worst = new Map<number, number>();
  for (const r of runs(db)) {
    if (
      r.source !== 'prometheus' ||
      r.connection !== subject.connection ||
      r.model_version !== subject.version ||
      r.model_name !== subject.model
    )
      continue;
    const period = Math.floor(r.window_end / span);
    worst.set(period, Math.max(worst.get(period) ?? -1, r.drift_share));
  }
  return worst;
}

/** What governance reads: crossings (findings), and per version and evaluation time the verdict changes the evidence hash binds to. */
function governanceView(db: Database) {
  const times = [T0 + 8 * HOUR, T0 + 12 * HOUR, T0 + DAY + 6 * HOUR, NOW - 1, NOW, MONTH_LATER];
  return {
    crossings: listDriftCrossings(db),
    bound: [V3, V4].map((subject) => times.map((asOf) => driftVerdictChanges(driftEvidence(db, subject, asOf)))),
  };
}

/** The polls of day 1 (older than 48 h at NOW) that stay: the worst of each hour, plus what may not go. */
const DAY1_KEPT_V3 = [
  [0, 7], // 00:00 is the first result of the series; 00:35 the hour's worst
  ...[1, 2, 3, 4].map((h) => [h * 12 + 7]),
  [64, 65], // the spike (worst, and a crossing) and the recovery after it
  [6 * 12 + 7],
  [7 * 12 + 7],
  [97, 103], // 08:05 follows the drifting engine result in the evidence; 08:35 the hour's worst
  [9 * 12 + 7],
  [120, 130], // the episode's crossing, and its worst (0.75)
  [132], // all drift at 0.5: the first is the worst
  [144, 150, 153, 154], // worst (0.5); recovery at 12:30 (after the calm engine result); 12:45 crossing; recovery
  ...[13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23].map((h) => [h * 12 + 7]),
];

describe('drift history retention (Prometheus results)', () => {
  it('keeps the 48 h before now whole and the worst of each older hour, plus every verdict change', () => {
    const { db, ids } = seeded();
    const before = governanceView(db);
    const engineBefore = dump(db).runs.filter((r) => (r as RunRow).source === 'engine');
    const worstBefore = worstPerPeriod(db, V3, HOUR);
    expect(before.crossings.map((c) => [c.source, c.subject.version, c.at])).toEqual([
      ['prometheus', 3, T0 + 64 * MIN5 + 10_000],
      ['engine', 3, T0 + 8 * HOUR + 210_000],
      ['prometheus', 3, T0 + 120 * MIN5 + 10_000],
      ['prometheus', 3, T0 + 153 * MIN5 + 10_000],
      ['prometheus', 3, T0 + 360 * MIN5 + 10_000],
    ]);

    const report = thinDriftHistory(db, NOW);

    const dayOne = DAY1_KEPT_V3.flat();
    const younger = Array.from({ length: 2 * 288 }, (_, i) => 288 + i);
    expect(keptPolls(db, V3)).toEqual([...dayOne, ...younger]);
    expect(perPeriod(keptPolls(db, V3), HOUR, T0, T0 + DAY)).toEqual(DAY1_KEPT_V3.map((hour) => hour.length));
    expect(dayOne).toHaveLength(31);
    // Version 4 thins on its own: its first result and each hour's worst.
    expect(keptPolls(db, V4)).toEqual([0, ...Array.from({ length: 24 }, (_, h) => h * 12 + 7), ...younger]);
    expect(report).toEqual({ removed: 288 - 31 + (288 - 25), periods: 48, complete: true });

    // The spike's value and every hour's worst share are still there.
    const spike = runs(db).find((r) => r.id === ids.v3[64]);
    expect(spike).toMatchObject({ drift_share: 1, dataset_drift: 1 });
    expect(runs(db).find((r) => r.id === ids.v3[130])?.drift_share).toBe(0.75);
    expect(worstPerPeriod(db, V3, HOUR)).toEqual(worstBefore);
    // Nothing governance reads moved: the same crossings (ids, times, details), the same verdict changes at every evaluation time.
    expect(governanceView(db)).toEqual(before);
    // Engine results and results without a connection are untouched; deleted results took their features with them.
    expect(dump(db).runs.filter((r) => (r as RunRow).source === 'engine')).toEqual(engineBefore);
    expect(runs(db).filter((r) => r.model_name === 'orphan')).toHaveLength(24);
    expect(db.prepare('SELECT count(*) FROM drift_features WHERE run_id NOT IN (SELECT id FROM drift_runs)').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM drift_features WHERE run_id = ?').pluck().get(ids.v3[130])).toBe(4);

    // Twice is once. Hour 8 is looked at again (08:05 repeats its Prometheus predecessor's verdict,
    // so only the walk over the evidence sees why it stays), and stays as it is.
    const after = dump(db);
    expect(thinDriftHistory(db, NOW)).toEqual({ removed: 0, periods: 1, complete: true });
    expect(dump(db)).toEqual(after);
  });

  it('a month later keeps one result per day — its worst — plus the crossings and recoveries', () => {
    const { db, ids } = seeded();
    const before = governanceView(db);
    const worstBefore = worstPerPeriod(db, V3, DAY);
    thinDriftHistory(db, NOW);
    thinDriftHistory(db, MONTH_LATER);

    expect(keptPolls(db, V3)).toEqual([
      ...[0, 64, 65, 97, 120, 150, 153, 154], // first, spike (the day's worst), recovery, after the engine drift, crossing, recovery, crossing, recovery
      360, // day 2: the crossing, also the day's worst (0.5)
      364, // and its recovery
      288 * 2 + 7, // day 3: the worst of a calm day
    ]);
    expect(keptPolls(db, V4)).toEqual([0, 7, 288 + 7, 2 * 288 + 7]);
    expect(runs(db).find((r) => r.id === ids.v3[64])?.drift_share).toBe(1);
    expect(worstPerPeriod(db, V3, DAY)).toEqual(worstBefore);
    expect(governanceView(db)).toEqual(before);
    expect(runs(db).filter((r) => r.source === 'engine')).toHaveLength(3);
    const after = dump(db);
    expect(thinDriftHistory(db, MONTH_LATER)).toEqual({ removed: 0, periods: 1, complete: true });
    expect(dump(db)).toEqual(after);
  });

  it('ends where a single run at the later time ends, and a row budget only spreads the work over runs', () => {
    const staged = seeded();
    thinDriftHistory(staged.db, NOW);
    thinDriftHistory(staged.db, MONTH_LATER);

    const direct = seeded();
    thinDriftHistory(direct.db, MONTH_LATER);
    expect(keptPolls(direct.db, V3)).toEqual(keptPolls(staged.db, V3));
    expect(keptPolls(direct.db, V4)).toEqual(keptPolls(staged.db, V4));

    const budgeted = seeded();
    const reports = [];
    for (let i = 0; i < 100; i++) {
      const report = thinDriftHistory(budgeted.db, NOW, { maxRows: 40 });
      reports.push(report);
      if (report.complete) break;
    }
    // Hours of 12 results, so three (36 rows) per run, oldest first: the first run takes hour 0 of v3
    // and of v4 (each keeps its first result and its worst) and hour 1 of v3 (keeps its worst).
    // Later runs may take an hour already looked at again (see hour 8 above), so the count varies.
    expect(reports[0]).toEqual({ removed: 10 + 10 + 11, periods: 3, complete: false });
    expect(reports.slice(0, -1).every((r) => !r.complete && r.periods >= 3 && r.periods <= 4 && r.removed <= 36)).toBe(true);
    expect(reports.at(-1)?.complete).toBe(true);
    expect(reports.reduce((n, r) => n + r.removed, 0)).toBe(288 - 31 + (288 - 25));
    const unbudgeted = seeded();
    thinDriftHistory(unbudgeted.db, NOW);
    expect(keptPolls(budgeted.db, V3)).toEqual(keptPolls(unbudgeted.db, V3));
    expect(keptPolls(budgeted.db, V4)).toEqual(keptPolls(unbudgeted.db, V4));
  });

  it('keeps a result that follows a different verdict for a gate evaluated before a backfilled engine result', () => {
    const core = createCore({ dataDir: makeTempDir('quorum-drift-retention-backfill-') });
    cores.push(core);
    const db = core.store.db;
    const id: number[] = [];
    for (let k = 0; k < 24; k++) {
      const at = T0 + k * MIN5;
      id.push(saveRun(db, prometheusResult(calmShare(k), at), prometheusSubject(V3, at), { announce: false }));
    }
    const engine = (result: DatasetDriftResult, windowEnd: number, computedAt: number) =>
      saveRun(db, result, { ...V3, source: 'engine', windowStart: windowEnd - DAY, windowEnd, computedAt }, { announce: false });
    // 00:21 drift, computed at once; 00:22:30 no drift, computed days later. The 00:25 poll follows
    // the calm backfill in the full history, but the drifting result for a gate evaluated before it.
    engine(engineDrift, T0 + 21 * 60_000, T0 + 21 * 60_000 + 30_000);
    engine(engineOk, T0 + 22 * 60_000 + 30_000, NOW);
    const times = [T0 + 30 * 60_000, T0 + HOUR, T0 + 2 * HOUR, NOW];
    const bound = () => times.map((asOf) => driftVerdictChanges(driftEvidence(db, V3, asOf)));
    const before = bound();
    // Without the backfill, the 00:25 poll is a verdict change; with it, it is not.
    expect(before[1]?.map((d) => d.at)).toEqual([T0, T0 + 21 * 60_000, T0 + 25 * 60_000]);
    expect(before[3]?.map((d) => d.at)).toEqual([T0, T0 + 21 * 60_000, T0 + 22 * 60_000 + 30_000]);

    thinDriftHistory(db, NOW);
    // 00:00 first; 00:25 stays for the earlier gate; 00:35 the hour's worst. Hour 2: its worst.
    expect(keptPolls(db, V3)).toEqual([0, 5, 7, 12 + 7]);
    expect(bound()).toEqual(before);
  });

  it('fails whole: a failure midway deletes nothing, and so does a closed database', () => {
    const { core, db, ids, dataDir } = seeded();
    const before = dump(db);
    // Hour 20 of day 1 comes after 40 periods have been thinned in the same transaction.
    db.exec(`CREATE TEMP TRIGGER fail_midway BEFORE DELETE ON main.drift_runs WHEN OLD.id = ${ids.v3[20 * 12 + 10]}
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    expect(() => thinDriftHistory(db, NOW)).toThrow(/injected failure/);
    expect(dump(db)).toEqual(before);
    db.exec('DROP TRIGGER temp.fail_midway');

    core.close();
    cores.splice(cores.indexOf(core), 1);
    expect(() => thinDriftHistory(db, NOW)).toThrow(/not open/);
    const reopened = createCore({ dataDir });
    cores.push(reopened);
    expect(dump(reopened.store.db)).toEqual(before);
    expect(thinDriftHistory(reopened.store.db, NOW).removed).toBe(288 - 31 + (288 - 25));
  });

  it('refuses a policy whose daily periods would reach into the hourly ones', () => {
    const { db } = seeded();
    expect(() => thinDriftHistory(db, NOW, { policy: { keepAllMs: 48 * HOUR, hourlyMs: 60 * HOUR } })).toThrow(RangeError);
    expect(() => thinDriftHistory(db, NOW, { maxRows: 0 })).toThrow(RangeError);
    expect(DRIFT_RETENTION).toEqual({ keepAllMs: 48 * HOUR, hourlyMs: 30 * DAY });
  });
});
