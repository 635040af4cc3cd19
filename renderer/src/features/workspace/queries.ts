import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../../platform/api';
import { operationQuery } from '../../platform/operation-query';
import { readsAnyTopic } from '../../platform/query-keys';

export const systemInfoQuery = () => operationQuery('system.info', {});
export const systemDoctorQuery = () => operationQuery('system.doctor', {});
export const connectionsQuery = () => operationQuery('connections.list', {});

/** Loads the bundled demo. Progress arrives as job.progress events; the data.changed push refetches. */
export function useLoadDemo() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call('demo.load', {}),
    // The push event normally does this; doing it here too keeps a window without events correct.
    onSuccess: () =>
      queryClient.invalidateQueries({ predicate: (query) => readsAnyTopic(query.queryKey, ['catalog', 'connections', 'workspace']) }),
  });
}
