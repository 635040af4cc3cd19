import type { DataTopic, JobProgress, OperationInput, OperationName, OperationOutput, QuorumNotification } from '@shared/contract';
import type { Identity } from '@shared/domain/governance';
import type { EventBus } from '../events/event-bus';
import type { Dispatch } from '../rpc/dispatch';
import { approvalWaitingNotification, findingRaisedNotification } from './governance-messages';

/**
 * Announces governance matters as they appear for the person at this machine: a release
 * request that now waits for their sign-off, a finding they may see. It runs in long-lived
 * hosts only (the desktop app, `quorum serve`), started by `Core.startBackgroundWork()`.
 *
 * It reads through the core's operations, as any client would, rather than governance's
 * internals: the inbox and findings are the contract, the service behind them may change.
 *
 * Only new items are announced. The items present when it starts (or when the active
 * identity changes, or that a bulk load such as the demo's wrote) are the baseline, so a
 * launch or a switch of identity is quiet; an id is never emitted twice, so an item that
 * leaves and comes back (a withdrawn approval) does not ring again.
 */

/** Topics whose changes can add an inbox item or a finding: the ledger, team-sync pulls, registry syncs (moved aliases). */
const WATCHED_TOPICS: ReadonlySet<DataTopic> = new Set(['governance', 'team', 'catalog']);

/**
 * Jobs that fill the workspace in bulk (the demo's registry looks and signed governance story,
 * replayed in the background after launch): what they write is the workspace being set up,
 * not news, so it joins the baseline instead of being announced.
 */
const BULK_LOAD_JOB_KINDS: ReadonlySet<string> = new Set(['demo-load']);

/** A burst of data.changed (a sync writes in several steps) is read once, this long after the last one. */
export const DEFAULT_DEBOUNCE_MS = 400;

/** The inbox answers at most this many items per call. */
const INBOX_PAGE = 1000;

export interface GovernanceWatcherOptions {
  readonly dispatch: Dispatch;
  readonly events: EventBus;
  readonly debounceMs?: number;
  /** Where a bug in the watcher goes; it must not take the host down. Standard error by default. */
  readonly reportError?: (error: unknown) => void;
}

export interface GovernanceWatcher {
  start(): void;
  stop(): void;
  /** Resolves once no check is pending or running; tests wait on it instead of sleeping. */
  idle(): Promise<void>;
}

/** An operation answered with an error envelope: the round is skipped rather than guessed at. */
class ReadFailed extends Error {}

export function createGovernanceWatcher(options: GovernanceWatcherOptions): GovernanceWatcher {
  const { dispatch, events } = options;
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  const reportError =
    options.reportError ??
    ((error: unknown) => {
      process.stderr.write(
        `quorum: the notification watcher failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    });

  let stopped = true;
  let unsubscribe: (() => void) | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;
  let rerun = false;
  let waiters: (() => void)[] = [];

  /** Whose baseline `known` is; undefined until the first successful read. */
  let seededFor: string | null | undefined;
  /** Bulk loads running now, by job id; and whether one ended since the last baseline. */
  const bulkLoads = new Set<string>();
  let bulkLoadEnded = false;
  /** Ids the active identity has had in view: its baseline and everything seen since. */
  let known = new Set<string>();
  /** Every id ever emitted by this watcher, across identities. */
  const announced = new Set<string>();

  async function read<K extends OperationName>(operation: K, input: OperationInput<K>): Promise<OperationOutput<K>> {
    const envelope = await dispatch(operation, input);
    if (!envelope.ok) throw new ReadFailed(`${operation}: ${envelope.error.message}`);
    // dispatch validated the input and the handler is typed against this operation's output.
    return envelope.data as OperationOutput<K>;
  }

  /** The identity this workspace acts as; null when none is chosen (nothing is anyone's then). */
  async function activeIdentity(): Promise<Identity | null> {
    const identities = await read('governance.identities.list', {});
    return identities.find((identity) => identity.active && identity.local) ?? null;
  }

  async function itemsFor(me: Identity): Promise<QuorumNotification[]> {
    const items: QuorumNotification[] = [];
    // "Waiting for me" is the requests open for one of my roles that I neither made nor signed
    // yet: "my role" alone would also announce requests I already approved or asked for myself.
    for (let offset = 0; ; offset += INBOX_PAGE) {
      const page = await read('governance.requests.inbox', { actor: me.publicKey, box: 'waiting-for-me', limit: INBOX_PAGE, offset });
      for (const request of page.items) items.push(approvalWaitingNotification(request, me));
      if (page.items.length < INBOX_PAGE || offset + INBOX_PAGE >= page.total) break;
    }
    const findings = await read('governance.findings.list', { actor: me.publicKey });
    for (const finding of findings) {
      // Read as a string: the kinds are growing (drift crossings), and drift announces its own.
      const kind: string = finding.kind;
      if (finding.state !== 'open' || kind.startsWith('drift')) continue;
      items.push(findingRaisedNotification(finding));
    }
    return items;
  }

  async function check(): Promise<void> {
    // Read before the operations: a load that ends while they run is taken in by the next check.
    const rebaseline = bulkLoads.size > 0 || bulkLoadEnded;
    bulkLoadEnded = false;
    let me: Identity | null;
    let items: QuorumNotification[];
    try {
      me = await activeIdentity();
      items = me === null ? [] : await itemsFor(me);
    } catch (error) {
      bulkLoadEnded ||= rebaseline;
      // A workspace without a ledger yet, a tampered one, a closing store: try again at the next change.
      if (error instanceof ReadFailed) return;
      throw error;
    }
    if (stopped) return;
    const identity = me?.publicKey ?? null;
    if (identity !== seededFor) {
      seededFor = identity;
      known = new Set(items.map((item) => item.id));
      return;
    }
    if (rebaseline) {
      for (const item of items) known.add(item.id);
      return;
    }
    for (const item of items) {
      if (known.has(item.id)) continue;
      known.add(item.id);
      if (announced.has(item.id)) continue;
      announced.add(item.id);
      events.emit('notification', item);
    }
  }

  function run(): void {
    if (running) {
      rerun = true;
      return;
    }
    running = check()
      .catch(reportError)
      .finally(() => {
        running = null;
        if (rerun && !stopped) {
          rerun = false;
          schedule();
        }
        settle();
      });
  }

  function schedule(): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      run();
    }, debounceMs);
    // Like the sync scheduler's timers: a pending check never keeps a process alive on its own.
    timer.unref();
  }

  function settle(): void {
    if (timer !== null || running !== null) return;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      unsubscribe = events.onAny((event, payload) => {
        if (event === 'job.progress') {
          const job = payload as JobProgress;
          if (!BULK_LOAD_JOB_KINDS.has(job.kind)) return;
          if (job.state === 'running') bulkLoads.add(job.jobId);
          else if (bulkLoads.delete(job.jobId) || job.state === 'done') {
            // A load that finished (or whose start was missed) is taken in as a whole at the next read.
            bulkLoadEnded = true;
            schedule();
          }
          return;
        }
        if (event !== 'data.changed') return;
        const { topics } = payload as { topics: readonly DataTopic[] };
        if (topics.some((topic) => WATCHED_TOPICS.has(topic))) schedule();
      });
      // The baseline is read at once, so what exists at launch is known before anything changes.
      run();
    },
    stop() {
      stopped = true;
      unsubscribe?.();
      unsubscribe = null;
      if (timer) clearTimeout(timer);
      timer = null;
      rerun = false;
      settle();
    },
    idle() {
      if (timer === null && running === null) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
}
