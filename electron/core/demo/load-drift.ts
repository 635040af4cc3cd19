import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { featureDistributionSchema } from '@shared/domain/drift';
import { SMALL_SAMPLE_ROWS } from '../drift/feature';
import { VERDICT_RULES } from '../drift/selection';
import { driftFromFiles } from '../drift/service';
import { saveRun } from '../drift/store';

// The demo's drift is history the story already tells; a launch announces none of it as news.
const DEMO_HISTORY = { announce: false } as const;
import type { DatasetDriftResult, FeatureDrift, NormalizedOptions } from '../drift/types';
import { QuorumError } from '../errors';
import type { CoreServices } from '../services';
import { DEMO_CONNECTION } from './load-demo';
import { demoGovernanceLoaded } from './load-governance';

/**
 * The demo's drift (resources/demo/drift/): the recorded daily history of each deployed
 * champion goes into the drift store as it was recorded (method, threshold, statistic,
 * p-value, PSI, verdict and bin counts per feature), and the latest window is then computed from the
 * model's reference.csv and current.csv by the real engine — the `drift.compute` path — so
 * the newest result on screen is reproducible from files anyone can open.
 */

const DAY_MS = 86_400_000;
/** current.csv covers the last 7 days of traffic (resources/demo/README.md). */
const CURRENT_SAMPLE_DAYS = 7;
/** Marks results that come from the demo's recorded history rather than from this engine run. */
export const DEMO_HISTORY_ENGINE = 'demo-history (scripts/generate-demo.ts)';

const methodSchema = z.enum(['ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi']);
const featureSchema = z.object({
  name: z.string(),
  type: z.enum(['num', 'cat']),
  method: methodSchema,
  statistic: z.number().nullable(),
  pValue: z.number().nullable(),
  threshold: z.number(),
  drifted: z.boolean(),
  psi: z.number().nullable(),
  /** Bin counts of the reference and that day's sample, binned by the engine's rule. */
  distribution: featureDistributionSchema.optional(),
});
const daySchema = z.object({
  date: z.string(),
  window: z.object({ from: z.string(), to: z.string() }),
  currentRows: z.number().int(),
  driftedFeatures: z.number().int(),
  driftShare: z.number(),
  datasetDrift: z.boolean(),
  features: z.array(featureSchema),
});
const historySchema = z.object({
  format: z.literal('quorum-demo-drift-history/1'),
  datasetDriftShare: z.number(),
  models: z.array(
    z.object({
      model: z.string(),
      version: z.number().int(),
      reference: z.object({ file: z.string(), rows: z.number().int() }),
      current: z.object({ file: z.string(), rows: z.number().int() }),
      days: z.array(daySchema),
    }),
  ),
});
type History = z.infer<typeof historySchema>;
type HistoryModel = History['models'][number];

export interface DemoDriftResult {
  /** Recorded daily results stored by this call (0 when they were already there). */
  recorded: number;
  /** Results computed from the CSV samples by this call. */
  computed: number;
}

export function readDriftHistory(resourcesDir: string): History {
  return historySchema.parse(JSON.parse(readFileSync(join(resourcesDir, 'demo', 'drift', 'history.json'), 'utf8')));
}

/**
 * Stores the demo drift. Idempotent: a window already stored for the model version is
 * skipped, so a second call (or one after an interrupted load) adds only what is missing.
 */
export async function loadDemoDrift(services: CoreServices): Promise<DemoDriftResult> {
  const driftDir = join(services.resourcesDir, 'demo', 'drift');
  const history = readDriftHistory(services.resourcesDir);
  const { db } = services.store;
  if (!db.open) return { recorded: 0, computed: 0 };
  const jobId = `demo-drift-${services.now()}`;
  const progress = (done: number, state: 'running' | 'done' | 'failed', message: string | null = null) =>
    services.events.emit('job.progress', {
      jobId,
      kind: 'demo-load',
      label: 'Loading the demo drift history',
      done,
      total: history.models.length,
      state,
      message,
    });
  const stored = (model: HistoryModel): Set<string> =>
    new Set(
      (
        db
          .prepare(
            'SELECT window_start AS s, window_end AS e FROM drift_runs WHERE model_name = ? AND model_version = ? AND connection = ?',
          )
          .all(model.model, model.version, DEMO_CONNECTION) as { s: number | null; e: number }[]
      ).map((r) => windowKey(r.s, r.e)),
    );

  const result: DemoDriftResult = { recorded: 0, computed: 0 };
  progress(0, 'running');
  try {
    for (const [index, model] of history.models.entries()) {
      requireVersion(services, model);
      const referencePath = join(driftDir, model.reference.file);
      const referenceDigest = `sha256:${createHash('sha256').update(readFileSync(referencePath)).digest('hex')}`;
      const have = stored(model);
      const missing = model.days.filter((day) => !have.has(windowKey(Date.parse(day.window.from), Date.parse(day.window.to))));
      db.transaction(() => {
        for (const day of missing) {
          const windowStart = Date.parse(day.window.from);
          const windowEnd = Date.parse(day.window.to);
          saveRun(
            db,
            recordedResult(history, model, day, referenceDigest),
            {
              source: 'engine',
              connection: DEMO_CONNECTION,
              model: model.model,
              version: model.version,
              windowStart,
              windowEnd,
              // Recorded as if computed when the day's window closed.
              computedAt: windowEnd,
            },
            DEMO_HISTORY,
          );
        }
      })();
      result.recorded += missing.length;

      // The latest window: the 7 days current.csv covers, ending with the last recorded day.
      const lastDay = model.days[model.days.length - 1];
      if (lastDay) {
        const windowEnd = Date.parse(lastDay.window.to);
        const windowStart = windowEnd - CURRENT_SAMPLE_DAYS * DAY_MS;
        if (!stored(model).has(windowKey(windowStart, windowEnd))) {
          const computed = await driftFromFiles({ reference: referencePath, current: join(driftDir, model.current.file) });
          // The core may have been closed while the engine ran (a test ending, the app quitting).
          if (!db.open) return result;
          saveRun(
            db,
            computed,
            {
              source: 'engine',
              connection: DEMO_CONNECTION,
              model: model.model,
              version: model.version,
              windowStart,
              windowEnd,
              computedAt: services.now(),
            },
            DEMO_HISTORY,
          );
          result.computed++;
        }
      }
      progress(index + 1, 'running');
    }
  } catch (error) {
    if (db.open) progress(0, 'failed', error instanceof Error ? error.message : String(error));
    throw error;
  }
  progress(history.models.length, 'done');
  services.events.emit('data.changed', { topics: ['drift'] });
  return result;
}

function windowKey(start: number | null, end: number): string {
  return `${start ?? ''}:${end}`;
}

/** Drift results attach to catalog versions; the demo registry must have registered this one. */
function requireVersion(services: CoreServices, model: HistoryModel): void {
  const row = services.store.db
    .prepare(
      `SELECT 1 FROM model_versions v JOIN connections c ON c.id = v.connection_id
       WHERE c.name = ? AND v.model_name = ? AND v.version = ?`,
    )
    .get(DEMO_CONNECTION, model.model, model.version);
  if (!row) {
    throw new QuorumError(
      'internal',
      `The demo drift history names ${model.model} v${model.version}, which the demo registry does not have.`,
    );
  }
}

const DEFAULT_OPTIONS = (driftShare: number): NormalizedOptions => ({
  columns: null,
  method: null,
  methods: {},
  threshold: null,
  thresholds: {},
  correction: 'none',
  driftShare,
  additionalMethods: [],
});

/**
 * One recorded day as a stored result. The history keeps each feature's method, threshold,
 * statistic, p-value, PSI, verdict and bin counts, and the day's row count; it does not keep the
 * day's sample, so missing-value counts are unknown (stored as 0) and the run says so.
 */
function recordedResult(
  history: History,
  model: HistoryModel,
  day: HistoryModel['days'][number],
  referenceDigest: string,
): DatasetDriftResult {
  const features: FeatureDrift[] = day.features.map((f) => {
    const smallest = Math.min(model.reference.rows, day.currentRows);
    return {
      name: f.name,
      type: f.type === 'num' ? 'numeric' : 'categorical',
      method: f.method,
      selectedBy: 'default',
      statistic: f.statistic,
      pValue: f.pValue,
      pValueAdjusted: null,
      threshold: f.threshold,
      verdictRule: VERDICT_RULES[f.method],
      drifted: f.drifted,
      tested: true,
      psi: f.psi,
      referenceRows: model.reference.rows,
      currentRows: day.currentRows,
      referenceMissing: 0,
      currentMissing: 0,
      referenceInfinite: 0,
      currentInfinite: 0,
      nUnique: 0,
      details: {},
      also: {},
      ...(f.distribution ? { distribution: f.distribution } : {}),
      warnings:
        smallest < SMALL_SAMPLE_ROWS
          ? [`Small sample: ${smallest} values. With fewer than 30 values a drift test has little power and its verdict can flip.`]
          : [],
    };
  });
  return {
    datasetDrift: day.datasetDrift,
    driftShare: day.driftShare,
    driftShareThreshold: history.datasetDriftShare,
    driftedFeatures: day.driftedFeatures,
    testedFeatures: features.length,
    correction: 'none',
    features,
    reproducibility: {
      engineVersion: DEMO_HISTORY_ENGINE,
      referenceDigest,
      referenceDigestOf: 'file',
      currentDigest: null,
      referenceSource: `demo/drift/${model.reference.file}`,
      currentSource: `traffic of ${day.date} (recorded in demo/drift/history.json; the sample itself is not in the demo)`,
      options: DEFAULT_OPTIONS(history.datasetDriftShare),
    },
    warnings: [
      `Recorded in the demo's drift history for ${day.date}: the statistics are as recorded; missing-value counts and the day's sample were not kept.`,
    ],
  };
}

const pending = new WeakMap<CoreServices, Promise<DemoDriftResult>>();

/**
 * Starts loading in the background, after the governance story's replay. The replay
 * re-evaluates each release gate at its historical time, and the gate counts every stored
 * drift result from its window onwards — including later ones — so history stored first
 * would fail card-fraud-blocker v4's release of 2026-10-02 with November's drift. The
 * history begins after both v4 releases, so storing it after the replay is also its true order.
 */
export function startDemoDrift(services: CoreServices): void {
  const governance = demoGovernanceLoaded(services) ?? Promise.resolve();
  const run = governance.then(
    () => loadDemoDrift(services),
    () => loadDemoDrift(services),
  );
  // A failure is reported as a failed job; awaiting callers (tests, tools) get the rejection.
  run.catch(() => undefined);
  pending.set(services, run);
}

/** The running (or finished) demo drift load of this core, or null when none was started. */
export function demoDriftLoaded(services: CoreServices): Promise<DemoDriftResult> | null {
  return pending.get(services) ?? null;
}
