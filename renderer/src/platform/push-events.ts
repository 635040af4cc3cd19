import type { QueryClient } from '@tanstack/react-query';
import type { JobProgress, QuorumApi } from '@shared/contract';
import { readsAnyTopic } from './query-keys';

export interface JobSink {
  report(progress: JobProgress): void;
}

/**
 * Turns the core's push events into UI updates: changed data refetches the queries that read
 * it, job progress goes to the jobs store. Returns the unsubscribe.
 */
export function connectPushEvents(api: QuorumApi, queryClient: QueryClient, jobs: JobSink): () => void {
  const stopData = api.on('data.changed', ({ topics }) => {
    void queryClient.invalidateQueries({ predicate: (query) => readsAnyTopic(query.queryKey, topics) });
  });
  const stopJobs = api.on('job.progress', (progress) => jobs.report(progress));
  return () => {
    stopData();
    stopJobs();
  };
}
