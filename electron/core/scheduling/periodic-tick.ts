/** When a schedule is checked: once soon after start, then every `tickMs`. */
export interface TickOptions {
  /** How often the schedule is checked; each connection still runs at its own interval. */
  readonly tickMs: number;
  /** The first check after start, so opening the app does not wait a whole tick. */
  readonly firstTickMs: number;
}

/**
 * The timers behind the registry's sync schedule and Prometheus polling. Both are unref'd:
 * a pending schedule never keeps a process alive on its own.
 */
export class PeriodicTick {
  private timer: NodeJS.Timeout | null = null;
  private first: NodeJS.Timeout | null = null;

  constructor(
    private readonly tick: () => void,
    private readonly options: TickOptions,
  ) {}

  get running(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(this.tick, this.options.tickMs).unref();
    this.first = setTimeout(this.tick, this.options.firstTickMs).unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.first) clearTimeout(this.first);
    this.timer = null;
    this.first = null;
  }
}
