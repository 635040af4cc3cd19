import type { QueryClient } from '@tanstack/react-query';
import type { JobProgress, QuorumApi } from '@shared/contract';
import { notificationSinkFor, type NotificationSink } from '../features/notifications/web-notifications';
import { readsAnyTopic } from './query-keys';

export interface JobSink {
  report(progress: JobProgress): void;
}

/**
 * Turns the core's push events into UI updates: changed data refetches the queries that read
 * it, job progress goes to the jobs store, notifications become toasts (and, in browser mode
 * when asked for, system notifications). Returns the unsubscribe.
 */
export function connectPushEvents(
  api: QuorumApi,
  queryClient: QueryClient,
  jobs: JobSink,
  notifications: NotificationSink = notificationSinkFor(api.platform),
): () => void {
  const stopData = api.on('data.changed', ({ topics }) => {
    void queryClient.invalidateQueries({ predicate: (query) => readsAnyTopic(query.queryKey, topics) });
  });
  const stopJobs = api.on('job.progress', (progress) => jobs.report(progress));
  const stopNotifications = api.on('notification', (notification) => notifications.deliver(notification));
  return () => {
    stopData();
    stopJobs();
    stopNotifications();
  };
}
