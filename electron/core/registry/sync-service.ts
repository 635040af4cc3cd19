import { randomUUID } from 'node:crypto';
import type { BackendProblem, SyncCounts, SyncMode, SyncResult } from '@shared/domain/registry';
import { cachedModels } from '../catalog/queries';
import { HttpFailure, isHttpFailure } from '../connectors/http/errors';
import { QuorumError, isQuorumError } from '../errors';
import type { CoreServices } from '../services';
import { CatalogSink } from './catalog-sink';
import { openConnector, type ConnectorRuntimeOptions } from './connectors';
import type { CredentialResolver } from './credentials';
import type { RegistryConnectionRow, RegistryStore } from './store';

export interface SyncJob {
  readonly id: string;
  readonly connections: readonly string[];
  readonly done: Promise<SyncResult[]>;
}

export interface SyncServiceOptions {
  /** An incremental sync is upgraded to a full one when the last full listing is older than this. */
  readonly fullSyncEveryMs: number;
  /** Fewest ms between two progress events of one job (phase changes always go out). */
  readonly progressIntervalMs: number;
}

export const DEFAULT_SYNC_OPTIONS: SyncServiceOptions = { fullSyncEveryMs: 24 * 60 * 60_000, progressIntervalMs: 100 };

interface RunningJob extends SyncJob {
  readonly controller: AbortController;
}

const ZERO: SyncCounts = { experiments: 0, runs: 0, models: 0, versions: 0, changes: 0, deleted: 0 };

/**
 * Runs syncs as jobs: one job per `sync.start`, one connection after the other, each
 * streamed into the catalog by a CatalogSink. Reports progress as `job.progress`, records
 * the outcome on the connection (status and a message a person can act on) and in the sync
 * log, and emits `data.changed` when a connection is done. A connection is never synced by
 * two jobs at once.
 */
export class SyncService {
  private readonly jobs = new Map<string, RunningJob>();
  private readonly byConnection = new Map<string, RunningJob>();
  /** Set when the workspace closes: running jobs unwind without touching the database again. */
  private closed = false;

  constructor(
    private readonly services: CoreServices,
    private readonly store: RegistryStore,
    private readonly credentials: CredentialResolver,
    private readonly connectorOptions: ConnectorRuntimeOptions,
    private readonly options: SyncServiceOptions = DEFAULT_SYNC_OPTIONS,
  ) {}

  /** Starts (or joins) a sync of one connection or of every syncable one. */
  start(input: { connection?: string; full?: boolean }): SyncJob {
    if (this.closed) throw new QuorumError('unavailable', 'The workspace is closing; no new sync can start.');
    const targets = input.connection ? [this.syncable(input.connection)] : this.store.listSyncable();
    const idle = targets.filter((t) => !this.byConnection.has(t.name));
    if (idle.length === 0 && targets.length > 0) {
      // Everything asked for is already being synced: answer with that job rather than queue a second.
      return this.byConnection.get((targets[0] as RegistryConnectionRow).name) as RunningJob;
    }
    const controller = new AbortController();
    const id = `sync-${randomUUID()}`;
    const names = idle.map((t) => t.name);
    let resolveDone!: (results: SyncResult[]) => void;
    const done = new Promise<SyncResult[]>((resolve) => (resolveDone = resolve));
    const job: RunningJob = { id, connections: names, done, controller };
    this.jobs.set(id, job);
    for (const name of names) this.byConnection.set(name, job);
    void this.runJob(job, idle, input.full === true)
      .catch((): SyncResult[] => [])
      .then((results) => {
        this.jobs.delete(id);
        for (const name of names) if (this.byConnection.get(name) === job) this.byConnection.delete(name);
        resolveDone(results);
      });
    return job;
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job) return false;
    job.controller.abort();
    return true;
  }

  isSyncing(connection: string): boolean {
    return this.byConnection.has(connection);
  }

  /** Cancels the connection's sync, if any, and waits for it to stop. */
  async stop(connection: string): Promise<void> {
    const job = this.byConnection.get(connection);
    if (!job) return;
    job.controller.abort();
    await job.done;
  }

  /** Cancels every job and waits for them, keeping what they fetched. */
  async close(): Promise<SyncResult[][]> {
    this.closed = true;
    const running = [...this.jobs.values()];
    for (const job of running) job.controller.abort();
    return Promise.all(running.map((j) => j.done));
  }

  private syncable(name: string): RegistryConnectionRow {
    const row = this.store.require(name);
    if (row.kind !== 'mlflow') {
      throw new QuorumError('invalid_input', `Connection "${name}" is a recorded ${row.kind} registry; it is replayed, not synced.`, {
        connection: name,
      });
    }
    return row;
  }

  private async runJob(job: RunningJob, targets: RegistryConnectionRow[], full: boolean): Promise<SyncResult[]> {
    const label = targets.length === 1 ? `Syncing ${(targets[0] as RegistryConnectionRow).name}` : `Syncing ${targets.length} connections`;
    const expected = targets.map((t) => {
      const counts = this.store.state(t.id).counts;
      return counts ? counts.experiments + counts.runs + counts.models + counts.versions : null;
    });
    const total = expected.every((n) => n !== null) ? expected.reduce<number>((a, n) => a + (n ?? 0), 0) : null;
    let before = 0;
    let lastEmit = 0;
    const emit = (done: number, state: 'running' | 'done' | 'failed' | 'cancelled', message: string | null, force = false) => {
      const at = this.services.now();
      if (!force && at - lastEmit < this.options.progressIntervalMs) return;
      lastEmit = at;
      const clamped = total === null ? done : Math.min(done, total);
      this.services.events.emit('job.progress', { jobId: job.id, kind: 'sync', label, done: clamped, total, state, message });
    };

    emit(0, 'running', null, true);
    const results: SyncResult[] = [];
    for (const target of targets) {
      if (this.closed) break;
      let lastPhase = '';
      const result = await this.syncOne(job, target, full, (sink) => {
        const phaseChanged = sink.currentPhase !== lastPhase;
        lastPhase = sink.currentPhase;
        emit(before + sink.fetched, 'running', `${target.name}: ${sink.currentPhase} — ${sink.fetched} records`, phaseChanged);
      });
      results.push(result);
      before += result.counts.experiments + result.counts.runs + result.counts.models + result.counts.versions;
      if (!this.closed) {
        // Rebuild the Models list now, inside the job, so the screen's refetch on data.changed is instant.
        cachedModels(this.services.store.db);
        this.services.events.emit('data.changed', { topics: ['catalog', 'connections'] });
      }
      if (result.outcome === 'cancelled') break;
    }
    const state = results.some((r) => r.outcome === 'cancelled')
      ? 'cancelled'
      : results.every((r) => r.outcome === 'ok')
        ? 'done'
        : 'failed';
    const summary = results.map((r) => `${r.connection}: ${r.outcome}`).join('; ') || 'no connections to sync';
    emit(before, state, summary, true);
    return results;
  }

  private async syncOne(
    job: RunningJob,
    target: RegistryConnectionRow,
    full: boolean,
    progress: (sink: CatalogSink) => void,
  ): Promise<SyncResult> {
    const startedAt = this.services.now();
    const state = this.store.state(target.id);
    const stale = state.lastFullSyncAt === null || startedAt - state.lastFullSyncAt >= this.options.fullSyncEveryMs;
    const mode: SyncMode = full || state.needsFull || state.cursor === null || stale ? 'full' : 'incremental';
    const sink = new CatalogSink(this.services.store.db, target.id, this.services.now, progress);

    let outcome: SyncResult['outcome'];
    let problem: BackendProblem | null = null;
    let message: string;
    let connector;
    try {
      connector = await openConnector(target, this.credentials, this.connectorOptions);
      const snapshot = await connector.snapshot(
        { mode, cursor: state.cursor, known: this.store.known(target.id) },
        sink,
        job.controller.signal,
      );
      if (snapshot.complete) {
        outcome = 'ok';
        this.store.recordCompleteSync(target.id, { mode, cursor: snapshot.cursor, at: this.services.now(), counts: sink.counts });
        message = okMessage(mode, sink);
      } else {
        outcome = sink.fetched > 0 ? 'partial' : 'error';
        const first = snapshot.failures[0] as HttpFailure;
        problem = first.toProblem();
        const more =
          snapshot.failures.length > 1
            ? ` (${snapshot.failures.length - 1} more part${snapshot.failures.length > 2 ? 's' : ''} failed too)`
            : '';
        message =
          sink.fetched > 0
            ? `${first.message}${more} Kept what was fetched (${describeCounts(sink.counts)}); the next sync retries the rest.`
            : `${first.message}${more} Data from earlier syncs is kept.`;
      }
    } catch (error) {
      const failure = toFailure(error, job.controller.signal);
      problem = failure.toProblem();
      if (failure.kind === 'cancelled') {
        outcome = 'cancelled';
        message = `Sync cancelled; kept what was fetched (${describeCounts(sink.counts)}).`;
      } else {
        outcome = sink.fetched > 0 ? 'partial' : 'error';
        message =
          sink.fetched > 0
            ? `${failure.message} Kept what was fetched before (${describeCounts(sink.counts)}); the next sync retries the rest.`
            : `${failure.message} Data from earlier syncs is kept.`;
      }
    } finally {
      await connector?.close().catch(() => undefined);
    }
    const finishedAt = this.services.now();
    if (!this.closed) this.record(target, job, { outcome, message, mode, counts: sink.counts, startedAt, finishedAt });
    return {
      connection: target.name,
      mode,
      outcome,
      message,
      problem,
      warnings: sink.warnings,
      counts: { ...ZERO, ...sink.counts },
      startedAt,
      finishedAt,
    };
  }

  private record(
    target: RegistryConnectionRow,
    job: RunningJob,
    r: { outcome: SyncResult['outcome']; message: string; mode: SyncMode; counts: SyncCounts; startedAt: number; finishedAt: number },
  ): void {
    const { outcome, message, mode, counts, startedAt, finishedAt } = r;
    if (outcome !== 'cancelled') this.store.setStatus(target.id, outcome === 'ok' ? 'ok' : 'error', message, finishedAt);
    this.store.log({ connectionId: target.id, jobId: job.id, mode, outcome, message, counts, startedAt, finishedAt });
  }
}

function toFailure(error: unknown, signal: AbortSignal): HttpFailure {
  if (isHttpFailure(error)) return error;
  if (signal.aborted) return new HttpFailure('cancelled', 'The sync was cancelled.');
  if (isQuorumError(error)) return new HttpFailure('config', error.message);
  // A bug, not a backend problem; still reported on the connection rather than lost.
  return new HttpFailure('malformed', `The sync stopped on an unexpected error: ${error instanceof Error ? error.message : String(error)}`);
}

function describeCounts(counts: SyncCounts): string {
  const parts = [
    plural(counts.models, 'model'),
    plural(counts.versions, 'version'),
    plural(counts.runs, 'run'),
    plural(counts.experiments, 'experiment'),
  ];
  return parts.join(', ');
}

function okMessage(mode: SyncMode, sink: CatalogSink): string {
  const changes = sink.counts.changes > 0 ? ` ${plural(sink.counts.changes, 'change')} observed.` : '';
  const deleted = sink.counts.deleted > 0 ? ` ${sink.counts.deleted} deleted on the server.` : '';
  const warnings =
    sink.warnings.length > 0
      ? ` ${plural(sink.warnings.length, 'warning')}: ${sink.warnings[0]}${sink.warnings.length > 1 ? ' …' : ''}`
      : '';
  return `Synced ${describeCounts(sink.counts)} (${mode}).${changes}${deleted}${warnings}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
