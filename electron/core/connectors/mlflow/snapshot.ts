import type { ModelVersionRecord, RegisteredModelRecord } from '../../catalog/records';
import type { SnapshotOutcome, SnapshotRequest, SnapshotSink } from '../connector';
import type { Clock } from '../http/clock';
import { CONNECTION_LEVEL_KINDS, HttpFailure, isHttpFailure } from '../http/errors';
import { forEachLimited } from '../http/limiter';
import { experimentRecord, modelVersionRecord, registeredModelRecord, runRecord } from './map';
import { followPages, MAX_RESULTS, type MlflowRest } from './rest';
import type { MlflowRun } from './wire';

/**
 * How a sync reads MLflow, and why (checked against MLflow's source and the recordings):
 *
 * - Registered models and model versions are listed completely every time. MLflow cannot
 *   filter them by `last_updated_timestamp` (SearchModelVersionUtils accepts only name,
 *   run_id, source_path and version_number; registered models only name and tags), and the
 *   recordings show that setting a version tag or an alias does not change any
 *   `last_updated_timestamp` — an incremental listing would miss exactly the changes
 *   governance cares about. The listings are cheap (versions carry no run data), and being
 *   complete lets deletions be detected: anything the catalog holds that a listing lacks is
 *   double-checked with a `get` (offset paging can skip an entity that moves while pages are
 *   read) and only then reported deleted.
 * - Runs are the heavy part. A full sync lists every active run of every experiment. An
 *   incremental one asks for runs that started or ended since the last complete sync (runs
 *   have no update time; start_time and end_time are the only numeric run attributes MLflow
 *   filters on), re-reads the runs still open, and fetches every run a model version links to
 *   that the catalog lacks — so a version's training run is never missing, even when its
 *   client backdated it. A linked run the server no longer has is reported once and
 *   remembered in the cursor, not asked for again until the next full sync. Tag edits on
 *   long-finished runs wait for the next full sync (the sync service runs one daily, and
 *   `quorum sync --full` on demand).
 * - Pages are delivered as they arrive. A part that fails is reported and the other parts
 *   continue; the cursor advances only when everything came.
 */
export interface SnapshotOptions {
  readonly pageSize: { readonly experiments: number; readonly runs: number; readonly models: number; readonly versions: number };
  /** Experiments per runs/search request. */
  readonly experimentBatch: number;
  /** runs/get and entity checks in flight at once. */
  readonly concurrency: number;
  /** Run timestamps come from the clients that logged them; this much skew is tolerated. */
  readonly incrementalMarginMs: number;
  /** Deletions beyond this many in one sync are trusted to the listing instead of checked one by one. */
  readonly maxDeletionChecks: number;
}

export const DEFAULT_SNAPSHOT_OPTIONS: SnapshotOptions = {
  pageSize: { experiments: 1_000, runs: 1_000, models: MAX_RESULTS.registeredModels, versions: 2_000 },
  experimentBatch: 50,
  concurrency: 4,
  incrementalMarginMs: 15 * 60_000,
  maxDeletionChecks: 500,
};

/** What the MLflow connector remembers between syncs. */
export interface MlflowCursor {
  readonly v: 1;
  /** Server time (its `Date` header) when the last complete sync began. */
  readonly runsSince: number;
  /** Runs versions link to that the server no longer has; an incremental sync does not ask again. */
  readonly missingRuns?: readonly string[];
}

export function readCursor(value: unknown): MlflowCursor | null {
  if (typeof value !== 'object' || value === null) return null;
  const { v, runsSince, missingRuns } = value as { v?: unknown; runsSince?: unknown; missingRuns?: unknown };
  if (v !== 1 || typeof runsSince !== 'number' || !Number.isFinite(runsSince)) return null;
  const missing = Array.isArray(missingRuns) ? missingRuns.filter((id): id is string => typeof id === 'string') : [];
  return { v: 1, runsSince, missingRuns: missing };
}

export async function mlflowSnapshot(
  rest: MlflowRest,
  request: SnapshotRequest,
  sink: SnapshotSink,
  signal: AbortSignal,
  clock: Clock,
  options: SnapshotOptions = DEFAULT_SNAPSHOT_OPTIONS,
): Promise<SnapshotOutcome> {
  const run = new SnapshotRun(rest, request, sink, signal, clock, options);
  return run.execute();
}

class SnapshotRun {
  private readonly failures: HttpFailure[] = [];
  private readonly seenRuns = new Set<string>();
  private readonly missingRuns = new Set<string>();
  private serverTime: number | null = null;

  constructor(
    private readonly rest: MlflowRest,
    private readonly request: SnapshotRequest,
    private readonly sink: SnapshotSink,
    private readonly signal: AbortSignal,
    private readonly clock: Clock,
    private readonly options: SnapshotOptions,
  ) {}

  async execute(): Promise<SnapshotOutcome> {
    const cursor = readCursor(this.request.cursor);
    const mode = this.request.mode === 'incremental' && cursor ? 'incremental' : 'full';

    this.sink.phase('experiments');
    const experimentIds = await this.part('experiments', () => this.experiments());

    this.sink.phase('models');
    const versions = await this.part('models and versions', () => this.registry());

    this.sink.phase('runs');
    if (experimentIds && experimentIds.length > 0) {
      if (mode === 'full') {
        await this.part('runs', () => this.runListing(experimentIds, undefined));
      } else {
        const since = Math.max(0, (cursor as MlflowCursor).runsSince - this.options.incrementalMarginMs);
        await this.part('new runs', () => this.runListing(experimentIds, `attributes.start_time >= ${since}`));
        await this.part('finished runs', () => this.runListing(experimentIds, `attributes.end_time >= ${since}`));
      }
    }

    this.sink.phase('linked runs');
    const wanted = new Set<string>();
    if (mode === 'incremental') for (const id of this.request.known.openRunIds()) wanted.add(id);
    const knownMissing = new Set(mode === 'incremental' ? (cursor?.missingRuns ?? []) : []);
    for (const version of versions ?? []) {
      if (!version.runId || this.seenRuns.has(version.runId)) continue;
      if (knownMissing.has(version.runId)) {
        this.missingRuns.add(version.runId);
        continue;
      }
      // A full listing that missed a version's run means the run left the listing (deleted);
      // an incremental one fetches only what the catalog lacks.
      if (mode === 'full' || !this.request.known.hasRun(version.runId)) wanted.add(version.runId);
    }
    await this.part('linked runs', () =>
      this.linkedRuns(
        [...wanted].filter((id) => !this.seenRuns.has(id)),
        versions ?? [],
      ),
    );

    const complete = this.failures.length === 0;
    return {
      complete,
      cursor: { v: 1, runsSince: this.serverTime ?? this.clock.now(), missingRuns: [...this.missingRuns] } satisfies MlflowCursor,
      failures: this.failures,
    };
  }

  /** Runs one part; a connection-level failure ends the snapshot, any other is noted and the next part runs. */
  private async part<T>(what: string, work: () => Promise<T>): Promise<T | null> {
    try {
      return await work();
    } catch (error) {
      const failure = isHttpFailure(error)
        ? error
        : new HttpFailure('malformed', `Reading ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
      if (this.signal.aborted) throw failure.kind === 'cancelled' ? failure : cancelledFailure();
      if (CONNECTION_LEVEL_KINDS.has(failure.kind)) throw failure;
      this.failures.push(failure);
      return null;
    }
  }

  private noteServerTime(date: number | null): void {
    if (this.serverTime === null && date !== null) this.serverTime = date;
  }

  private async experiments(): Promise<string[]> {
    const ids: string[] = [];
    for await (const page of followPages(
      (pageToken) =>
        this.rest.searchExperiments({ maxResults: this.options.pageSize.experiments, ...(pageToken ? { pageToken } : {}) }, this.signal),
      'experiments',
    )) {
      this.noteServerTime(page.response.date);
      const records = page.body.experiments.map(experimentRecord);
      this.sink.experiments(records);
      for (const e of records) if (e.lifecycleStage === 'active') ids.push(e.experimentId);
    }
    return ids;
  }

  private async registry(): Promise<ModelVersionRecord[]> {
    const models = new Map<string, RegisteredModelRecord>();
    for await (const page of followPages(
      (pageToken) =>
        this.rest.searchRegisteredModels({ maxResults: this.options.pageSize.models, ...(pageToken ? { pageToken } : {}) }, this.signal),
      'registered models',
    )) {
      this.noteServerTime(page.response.date);
      for (const m of page.body.registered_models) models.set(m.name, registeredModelRecord(m));
    }
    const versions = new Map<string, ModelVersionRecord>();
    try {
      for await (const page of followPages(
        (pageToken) =>
          this.rest.searchModelVersions({ maxResults: this.options.pageSize.versions, ...(pageToken ? { pageToken } : {}) }, this.signal),
        'model versions',
      )) {
        for (const v of page.body.model_versions) versions.set(versionKey(v.name, Number(v.version)), modelVersionRecord(v));
      }
    } catch (error) {
      // Keep the models (aliases, tags) and the versions read so far; nothing is marked deleted.
      this.sink.registry({ models: [...models.values()], versions: [...versions.values()], complete: false });
      throw error;
    }
    await this.confirmAbsences(models, versions);
    this.sink.registry({ models: [...models.values()], versions: [...versions.values()], complete: true });
    this.warnDanglingAliases(models, versions);
    return [...versions.values()];
  }

  /**
   * Before a complete listing marks anything deleted, asks for each missing entity by name:
   * offset paging can skip one that was updated while the pages were read. A confirmed 404
   * stands; an entity that answers is added back to the listing. A mass deletion (more than
   * `maxDeletionChecks`) is taken from the listing as it is.
   */
  private async confirmAbsences(models: Map<string, RegisteredModelRecord>, versions: Map<string, ModelVersionRecord>): Promise<void> {
    const missingModels = this.request.known.modelNames().filter((name) => !models.has(name));
    const goneWithModel = new Set(missingModels);
    const missingVersions = this.request.known
      .versionKeys()
      .filter((v) => !versions.has(versionKey(v.model, v.version)) && !goneWithModel.has(v.model));
    if (missingModels.length + missingVersions.length > this.options.maxDeletionChecks) return;
    await forEachLimited(missingModels, this.options.concurrency, async (name) => {
      const found = await this.rest.getRegisteredModel(name, this.signal);
      if (found) models.set(found.name, registeredModelRecord(found));
    });
    await forEachLimited(missingVersions, this.options.concurrency, async ({ model, version }) => {
      const found = await this.rest.getModelVersion(model, version, this.signal);
      // Listings never carry a version's aliases (the model's list is the authority); neither does this one.
      if (found) versions.set(versionKey(found.name, Number(found.version)), modelVersionRecord({ ...found, aliases: [] }));
    });
  }

  private warnDanglingAliases(models: Map<string, RegisteredModelRecord>, versions: Map<string, ModelVersionRecord>): void {
    for (const model of models.values()) {
      for (const alias of model.aliases) {
        if (!versions.has(versionKey(model.name, alias.version))) {
          this.sink.warn(
            `${model.name}@${alias.alias} points to version ${alias.version}, which does not exist on the server (MLflow keeps aliases of deleted versions).`,
          );
        }
      }
    }
  }

  private async runListing(experimentIds: readonly string[], filter: string | undefined): Promise<void> {
    const batches: string[][] = [];
    for (let i = 0; i < experimentIds.length; i += this.options.experimentBatch)
      batches.push(experimentIds.slice(i, i + this.options.experimentBatch));
    const errors: HttpFailure[] = [];
    await forEachLimited(batches, this.options.concurrency, async (batch) => {
      try {
        for await (const page of followPages(
          (pageToken) =>
            this.rest.searchRuns(
              {
                experimentIds: batch,
                maxResults: this.options.pageSize.runs,
                ...(filter ? { filter } : {}),
                ...(pageToken ? { pageToken } : {}),
              },
              this.signal,
            ),
          'runs',
        )) {
          this.deliverRuns(page.body.runs);
        }
      } catch (error) {
        // One batch failing does not stop the others; connection-level failures do.
        if (isHttpFailure(error) && !CONNECTION_LEVEL_KINDS.has(error.kind)) errors.push(error);
        else throw error;
      }
    });
    if (errors.length > 0) throw errors[0];
  }

  private deliverRuns(runs: readonly MlflowRun[]): void {
    const fresh = runs.map(runRecord).filter((r) => !this.seenRuns.has(r.runId));
    for (const r of fresh) this.seenRuns.add(r.runId);
    if (fresh.length > 0) this.sink.runs(fresh);
  }

  private async linkedRuns(runIds: readonly string[], versions: readonly ModelVersionRecord[]): Promise<void> {
    const users = new Map<string, ModelVersionRecord[]>();
    for (const v of versions) if (v.runId) users.set(v.runId, [...(users.get(v.runId) ?? []), v]);
    await forEachLimited(runIds, this.options.concurrency, async (runId) => {
      const found = await this.rest.getRun(runId, this.signal);
      const usedBy = (users.get(runId) ?? []).map((v) => `${v.modelName} v${v.version}`).join(', ');
      if (!found) {
        this.missingRuns.add(runId);
        if (usedBy)
          this.sink.warn(`Run ${runId} of ${usedBy} no longer exists on the server; the version is kept without its training run.`);
        return;
      }
      this.deliverRuns([found]);
      if (found.info.lifecycle_stage === 'deleted' && usedBy) {
        this.sink.warn(`Run ${runId} of ${usedBy} was deleted on the server (kept here, marked deleted).`);
      }
    });
  }
}

function cancelledFailure(): HttpFailure {
  return new HttpFailure('cancelled', 'The sync was cancelled.');
}

export function versionKey(model: string, version: number): string {
  return `${model}\u0000${version}`;
}
