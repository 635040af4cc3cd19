import { PeriodicTick, type TickOptions } from '../scheduling/periodic-tick';
import type { RegistryStore } from './store';
import type { SyncService } from './sync-service';

export type SchedulerOptions = TickOptions;

export const DEFAULT_SCHEDULER_OPTIONS: SchedulerOptions = { tickMs: 60_000, firstTickMs: 5_000 };

/**
 * Syncs each connection every `syncIntervalMinutes` while a long-lived host (the desktop
 * app, `quorum serve`) runs. One-shot CLI commands never start it. A connection whose last
 * attempt failed waits its interval like any other, so a server that is down is not
 * hammered; `sync.start` is always there for "now".
 */
export class SyncScheduler {
  private readonly ticks: PeriodicTick;

  constructor(
    private readonly sync: SyncService,
    private readonly store: RegistryStore,
    private readonly now: () => number,
    options: SchedulerOptions = DEFAULT_SCHEDULER_OPTIONS,
  ) {
    this.ticks = new PeriodicTick(() => this.tick(), options);
  }

  get running(): boolean {
    return this.ticks.running;
  }

  start(): void {
    this.ticks.start();
  }

  stop(): void {
    this.ticks.stop();
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
