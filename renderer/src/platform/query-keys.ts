import type { DataTopic, OperationInput, OperationName } from '@shared/contract';

/**
 * The data each read operation depends on, so a `data.changed` push invalidates exactly the
 * queries it affects. Only operations listed here can be cached as queries: a new read
 * operation becomes usable in a query once someone has decided which topics it reads.
 * Operations that change data (demo.load, connections.add, sync.start…) are never listed.
 */
export const OPERATION_TOPICS = {
  'system.info': ['workspace', 'connections'],
  'system.doctor': ['workspace', 'connections'],
  'models.list': ['catalog'],
  'models.get': ['catalog'],
  'versions.get': ['catalog'],
  'connections.list': ['connections'],
} as const satisfies Partial<Record<OperationName, readonly [DataTopic, ...DataTopic[]]>>;

export type QueryOperation = keyof typeof OPERATION_TOPICS;

export type OperationQueryKey<K extends QueryOperation> = readonly [DataTopic, K, OperationInput<K>];

function isQueryOperation(value: unknown): value is QueryOperation {
  return typeof value === 'string' && Object.hasOwn(OPERATION_TOPICS, value);
}

/** `[primary topic, operation, input]`: the topic first, so one topic's queries share a prefix. */
export function operationQueryKey<K extends QueryOperation>(operation: K, input: OperationInput<K>): OperationQueryKey<K> {
  return [OPERATION_TOPICS[operation][0], operation, input];
}

/** True when a query key built by operationQueryKey reads any of the changed topics. */
export function readsAnyTopic(queryKey: readonly unknown[], changed: readonly DataTopic[]): boolean {
  const [primary, operation] = queryKey;
  if (isQueryOperation(operation)) return OPERATION_TOPICS[operation].some((topic: DataTopic) => changed.includes(topic));
  return typeof primary === 'string' && (changed as readonly string[]).includes(primary);
}

/** Every topic some cached query reads: "all of them changed" when events may have been missed. */
export const CACHED_TOPICS: readonly DataTopic[] = [...new Set(Object.values(OPERATION_TOPICS).flat())];
