import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../../platform/api';
import { operationQuery } from '../../platform/operation-query';
import { readsAnyTopic } from '../../platform/query-keys';
import { connectionsQuery } from '../workspace/queries';
import type { ConnectionAddInput, ConnectionTestInput, ConnectionUpdateInput } from './types';

export const connectionDetailQuery = (name: string) => operationQuery('connections.get', { name });

/** After a change the core also pushes data.changed; invalidating here keeps a window without events right. */
function useInvalidate() {
  const queryClient = useQueryClient();
  return () =>
    queryClient.invalidateQueries({ predicate: (query) => readsAnyTopic(query.queryKey, ['connections', 'catalog', 'workspace']) });
}

export function useAddConnection() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (input: ConnectionAddInput) => call('connections.add', input), onSuccess: invalidate });
}

export function useUpdateConnection() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (input: ConnectionUpdateInput) => call('connections.update', input), onSuccess: invalidate });
}

export function useRemoveConnection() {
  const invalidate = useInvalidate();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => call('connections.remove', { name }),
    onSuccess: (_removed, name) => {
      // Forget it at once, so no screen asks the core about a connection that is gone (a 404).
      queryClient.setQueryData(connectionsQuery().queryKey, (list) => list?.filter((connection) => connection.name !== name));
      queryClient.removeQueries({ queryKey: connectionDetailQuery(name).queryKey });
      return invalidate();
    },
  });
}

/** A test changes nothing stored (a stored connection's features may be refreshed, hence the invalidation). */
export function useTestConnection() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (input: ConnectionTestInput) => call('connections.test', input), onSuccess: invalidate });
}
