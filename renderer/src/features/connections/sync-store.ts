import type { QueryClient } from '@tanstack/react-query';
import { create } from 'zustand';
import { call } from '../../platform/api';
import { readsAnyTopic } from '../../platform/query-keys';
import { useJobsStore } from '../jobs/jobs-store';
import type { SyncResult } from './types';

/** The key of a sync of every connection; a single connection's sync is keyed by its name. */
export const ALL_CONNECTIONS = '*';

export interface SyncRun {
  readonly key: string;
  /** Known once the core's first job.progress for this sync arrives; cancelling needs it. */
  readonly jobId: string | null;
  readonly state: 'running' | 'finished' | 'failed';
  readonly results: readonly SyncResult[] | null;
  readonly error: unknown;
}

interface SyncState {
  readonly runs: Readonly<Record<string, SyncRun>>;
  start(key: string, queryClient: QueryClient): void;
  cancel(key: string): Promise<void>;
  dismiss(key: string): void;
}

/**
 * Syncs started from this window. `sync.start` is called with `wait`, so the answer carries
 * every connection's full result (counts, warnings such as versions whose run was deleted),
 * which the progress events do not. The job id arrives first through `job.progress`: the
 * first new sync job after the call is this one's (by its label when a single connection),
 * which is what makes the running sync cancellable.
 */
export const useSyncStore = create<SyncState>()((set, get) => ({
  runs: {},
  start: (key, queryClient) => {
    if (get().runs[key]?.state === 'running') return;
    const known = new Set(useJobsStore.getState().jobs.map((job) => job.jobId));
    const update = (patch: Partial<SyncRun>) =>
      set(({ runs }) => {
        const current = runs[key];
        return current ? { runs: { ...runs, [key]: { ...current, ...patch } } } : {};
      });
    set(({ runs }) => ({ runs: { ...runs, [key]: { key, jobId: null, state: 'running', results: null, error: null } } }));

    const claim = () => {
      const claimed = new Set(Object.values(get().runs).map((run) => run.jobId));
      const job = useJobsStore
        .getState()
        .jobs.find(
          (candidate) =>
            candidate.kind === 'sync' &&
            !known.has(candidate.jobId) &&
            !claimed.has(candidate.jobId) &&
            (key === ALL_CONNECTIONS || candidate.label === `Syncing ${key}`),
        );
      if (!job) return false;
      update({ jobId: job.jobId });
      return true;
    };
    const stopWatching = useJobsStore.subscribe(() => {
      if (claim()) stopWatching();
    });

    call('sync.start', { ...(key === ALL_CONNECTIONS ? {} : { connection: key }), wait: true })
      .then((answer) => update({ state: 'finished', results: answer.results ?? [], jobId: answer.jobId }))
      .catch((error: unknown) => update({ state: 'failed', error }))
      .finally(() => {
        stopWatching();
        // The core pushes data.changed too; this keeps a window that missed events right.
        void queryClient.invalidateQueries({ predicate: (query) => readsAnyTopic(query.queryKey, ['catalog', 'connections']) });
      });
  },
  cancel: async (key) => {
    const jobId = get().runs[key]?.jobId;
    if (jobId) await call('sync.cancel', { jobId });
  },
  dismiss: (key) => set(({ runs }) => ({ runs: Object.fromEntries(Object.entries(runs).filter(([runKey]) => runKey !== key)) })),
}));

/** Whether any sync started here is still running (the "Sync all" button waits for it). */
export function isAnySyncRunning(runs: Readonly<Record<string, SyncRun>>): boolean {
  return Object.values(runs).some((run) => run.state === 'running');
}
