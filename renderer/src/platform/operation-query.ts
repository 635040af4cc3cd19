import { queryOptions } from '@tanstack/react-query';
import type { OperationInput } from '@shared/contract';
import { call } from './api';
import { operationQueryKey, type QueryOperation } from './query-keys';

/** Query options for one read operation: the topic-first key and a function that unwraps the envelope. */
export function operationQuery<K extends QueryOperation>(operation: K, input: OperationInput<K>) {
  return queryOptions({
    queryKey: operationQueryKey(operation, input),
    queryFn: () => call(operation, input),
  });
}
