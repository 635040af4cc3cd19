import type { RegistryStore } from './store';
import type { SyncService } from './sync-service';

export interface SchedulerOptions {
  /** How often the schedule is checked; each connection still syncs at its own interval. */
  readonly tickMs: number;
  /** The first check after start, so opening the app does not wait a whole tick. */
  readonly firstTickMs: number;
}

export const DEFAULT_SCHEDULER_OPTIONS: SchedulerOptions = { tickMs: 60_000, firstTickMs: 5_000 };

/**
 * Syncs each connection every `syncIntervalMinutes` while a long-lived host (the desktop
 * app, `quorum serve`) runs. One-shot CLI commands never start it. A connection whose last
 * attempt failed waits its interval like any other, so a server that is down is not
 * hammered; `sync.start` is always there for "now".
 */
export class SyncScheduler {
  private timer: NodeJS.Timeout | null = null;
  private first: NodeJS.Timeout | null = null;

  constructor(
    private readonly sync: SyncService,
    private readonly store: RegistryStore,
    private readonly now: () => number,
    private readonly options: SchedulerOptions = DEFAULT_SCHEDULER_OPTIONS,
  ) {}

  get running(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer) return;
    // unref: a pending schedule never keeps a process alive on its own.
    this.timer = setInterval(() => this.tick(), this.options.tickMs).unref();
    this.first = setTimeout(() => this.tick(), this.options.firstTickMs).unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.first) clearTimeout(this.first);
    this.timer = null;
    this.first = null;
  }

  /** Starts a sync of every connection that is due; returns their names. */
  tick(): string[] {
    const now = this.now();
    const due = this.store.listSyncable().filter((c) => {
      const minutes = c.settings.syncIntervalMinutes;
      if (minutes <= 0 || this.sync.isSyncing(c.name)) return false;
      return c.lastSyncAt === null || now - c.lastSyncAt >= minutes * 60_000;
    });
    for (const connection of due) this.sync.start({ connection: connection.name });
    return due.map((c) => c.name);
  }
}
