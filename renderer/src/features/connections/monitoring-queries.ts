import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { OperationInput, OperationOutput } from '@shared/contract';
import { call } from '../../platform/api';
import { readsAnyTopic } from '../../platform/query-keys';

/** Monitoring types read off the contract, so these screens follow what the core returns. */
export type MonitoringStatus = OperationOutput<'monitoring.status'>[number];
export type QueriesView = OperationOutput<'monitoring.queries.get'>;
export type QueriesChange = OperationInput<'monitoring.queries.set'>;
export type TemplateTestInput = OperationInput<'monitoring.queries.test'>;
export type TemplateTest = OperationOutput<'monitoring.queries.test'>;

/*
 * Keys start with the "connections" topic: the core pushes data.changed {connections} after a
 * poll and after a template is saved, and readsAnyTopic matches a key by that first element,
 * so these refresh with everything else about connections.
 */

/** Where scheduled polling stands. Refreshed now and then too: "polling now" and the next poll move without a data change. */
export const monitoringStatusQuery = (connection?: string) => {
  const input = connection === undefined ? {} : { connection };
  return queryOptions({
    queryKey: ['connections', 'monitoring.status', input] as const,
    queryFn: () => call('monitoring.status', input),
    refetchInterval: 30_000,
  });
};

export const monitoringQueriesQuery = (connection: string, model: string | null) => {
  const input = model === null ? { connection } : { connection, model };
  return queryOptions({
    queryKey: ['connections', 'monitoring.queries.get', input] as const,
    queryFn: () => call('monitoring.queries.get', input),
  });
};

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ predicate: (query) => readsAnyTopic(query.queryKey, ['connections', 'drift']) });
}

/** Saves templates or settings; the answer is the new view, put in the cache at once so the editor shows what is stored. */
export function useSaveQueries() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (change: QueriesChange) => call('monitoring.queries.set', change),
    onSuccess: (view) => {
      queryClient.setQueryData(monitoringQueriesQuery(view.connection, view.model).queryKey, view);
      return invalidate();
    },
  });
}

/** "Test query": stores nothing. */
export function useTestTemplate() {
  return useMutation({ mutationFn: (input: TemplateTestInput) => call('monitoring.queries.test', input) });
}

/** "Poll now": the same poll the schedule runs; its results land in the drift history. */
export function usePollNow() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (connection: string) => call('monitoring.poll', { connection }), onSuccess: invalidate });
}
