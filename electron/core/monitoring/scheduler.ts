import type { MonitoringStatus } from '@shared/domain/monitoring';
import { PeriodicTick, type TickOptions } from '../scheduling/periodic-tick';
import type { MonitoringService } from './service';
import type { MonitoringStore, PrometheusConnectionRow } from './store';

export interface PollSchedulerOptions extends TickOptions {
  /** Milliseconds in one minute of a poll interval: 60,000. Tests shrink it so an interval of 1 passes in a fraction of a second. */
  readonly minuteMs: number;
}

/**
 * Checked twice a minute: with the default 5-minute interval a poll starts at most 30 s
 * late, and a tick that finds nothing due costs one small query per connection.
 */
export const DEFAULT_POLL_SCHEDULER_OPTIONS: PollSchedulerOptions = { tickMs: 30_000, firstTickMs: 5_000, minuteMs: 60_000 };

/**
 * Polls each Prometheus connection every `pollIntervalMinutes` while a long-lived host (the
 * desktop app, `quorum serve`) runs — the same pattern as the registry's SyncScheduler: a
 * periodic tick starts what is due, timers are unref'd, one-shot CLI commands never start
 * it. The poll itself is `monitoring.poll` for that connection, so scheduled results land in
 * the drift history exactly as asked-for ones do.
 *
 * No backoff of its own, like the registry's: a connection whose poll failed waits its
 * interval like any other, so a server that is down is asked once per interval (each
 * request already retries with backoff inside the HTTP client). A poll that fails outside
 * Prometheus (a bug, the database) is kept for the status and waits its interval too.
 */
export class PollScheduler {
  private readonly ticks: PeriodicTick;
  private startedAt: number | null = null;
  private closed = false;
  private readonly running = new Map<string, Promise<void>>();
  /** When the schedule last started a poll of each connection, so a poll that never recorded its outcome still waits its interval. */
  private readonly attempted = new Map<string, number>();
  /** A scheduled poll that threw rather than recording an outcome, for the status. */
  private readonly failures = new Map<string, { message: string; at: number }>();

  constructor(
    private readonly service: MonitoringService,
    private readonly store: MonitoringStore,
    private readonly now: () => number,
    private readonly options: PollSchedulerOptions = DEFAULT_POLL_SCHEDULER_OPTIONS,
  ) {
    this.ticks = new PeriodicTick(() => this.tick(), options);
  }

  get started(): boolean {
    return this.ticks.running;
  }

  start(): void {
    if (this.ticks.running || this.closed) return;
    this.startedAt = this.now();
    this.ticks.start();
  }

  stop(): void {
    this.ticks.stop();
    this.startedAt = null;
  }

  /**
   * Stops the schedule and cancels every running poll (scheduled or asked for). The
   * cancelling happens before this returns, so the caller may close the database at once;
   * the promise settles when the polls have unwound.
   */
  close(): Promise<void> {
    this.stop();
    this.closed = true;
    this.service.close();
    return Promise.all(this.running.values()).then(() => undefined);
  }

  /** Starts a poll of every connection that is due; returns their names. */
  tick(): string[] {
    if (this.closed) return [];
    const now = this.now();
    let due: PrometheusConnectionRow[];
    try {
      due = this.store.listPrometheus().filter((row) => {
        const dueAt = this.dueAt(row);
        return dueAt !== null && dueAt <= now && !this.running.has(row.name) && !this.service.isPolling(row.name);
      });
    } catch {
      // The database is closing under a tick that was already queued; the next start begins afresh.
      return [];
    }
    for (const row of due) this.pollNow(row.name, now);
    return due.map((row) => row.name);
  }

  /** Resolves when no scheduled poll is running (tests, and hosts that want to wait). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  /** Where polling of each Prometheus connection stands (one connection, or all). */
  status(connection?: string): MonitoringStatus[] {
    const rows = connection !== undefined ? [this.store.requirePrometheus(connection)] : this.store.listPrometheus();
    return rows.map((row) => this.statusOf(row));
  }

  private statusOf(row: PrometheusConnectionRow): MonitoringStatus {
    const settings = this.store.connectionQueries(row.id);
    const polling = this.running.has(row.name) || this.service.isPolling(row.name);
    const dueAt = this.dueAt(row);
    const failure = this.failures.get(row.name);
    const unrecorded = failure !== undefined && (row.lastSyncAt === null || failure.at >= row.lastSyncAt) ? failure : null;
    const deployed = this.store.deployedVersions(settings.deployedAliases, settings.registryConnection);
    return {
      connection: row.name,
      pollIntervalMinutes: settings.pollIntervalMinutes,
      scheduled: this.started,
      polling,
      lastPollAt: row.lastSyncAt,
      nextPollAt: this.started && !polling && dueAt !== null ? this.tickAtOrAfter(dueAt) : null,
      status: unrecorded !== null || row.status === 'error' ? 'error' : row.lastSyncAt === null ? 'never-polled' : 'ok',
      message: unrecorded ? `The scheduled poll failed: ${unrecorded.message}` : row.statusMessage,
      problems: this.store.latestFailures(row.id, deployed).map((f) => ({
        model: f.target.model,
        version: f.target.version,
        message: f.message,
        at: f.at,
      })),
    };
  }

  /** When the connection is next due (ms), or null when its interval is 0 (polled only when asked). */
  private dueAt(row: PrometheusConnectionRow): number | null {
    const minutes = this.store.connectionQueries(row.id).pollIntervalMinutes;
    if (minutes <= 0) return null;
    const last = Math.max(row.lastSyncAt ?? -Infinity, this.attempted.get(row.name) ?? -Infinity);
    return last === -Infinity ? -Infinity : last + minutes * this.options.minuteMs;
  }

  /** The first tick at or after `at` (and not in the past): when a due connection will really be polled. */
  private tickAtOrAfter(at: number): number {
    const now = this.now();
    const started = this.startedAt ?? now;
    const target = Math.max(at, now);
    const first = started + this.options.firstTickMs;
    if (target <= first) return first;
    return started + Math.ceil((target - started) / this.options.tickMs) * this.options.tickMs;
  }

  private pollNow(name: string, now: number): void {
    this.attempted.set(name, now);
    const done = this.service
      .poll({ connection: name }, new AbortController().signal)
      .then(() => {
        this.failures.delete(name);
      })
      .catch((error: unknown) => {
        // Cancelled by close(), or the connection was removed meanwhile: nothing to report.
        if (this.closed) return;
        this.failures.set(name, { message: error instanceof Error ? error.message : String(error), at: this.now() });
      })
      .finally(() => {
        this.running.delete(name);
      });
    this.running.set(name, done);
  }
}
