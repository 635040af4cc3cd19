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
  'connections.get': ['connections'],
  // Fetched from the registry on demand and cached by the core; a sync may add points to a running run.
  'metrics.history': ['catalog'],
  // Governance reads derive from the ledger; the gate, inbox and findings also read the catalog (evidence, tiers, alias moves).
  'governance.identities.list': ['governance'],
  'governance.roles.list': ['governance'],
  'governance.policy.get': ['governance'],
  'governance.policy.diff': ['governance'],
  'governance.requests.inbox': ['governance', 'catalog'],
  'governance.requests.get': ['governance'],
  'governance.gate.evaluate': ['governance', 'catalog'],
  'governance.gate.summaries': ['governance', 'catalog'],
  'governance.ledger.verify': ['governance'],
  'governance.ledger.list': ['governance'],
  'governance.findings.list': ['governance', 'catalog'],
  // Drift results; the overview also reads which versions the catalog says are deployed. Alerts are live from Prometheus.
  'drift.results': ['drift'],
  'drift.overview': ['drift', 'catalog'],
  'monitoring.alerts': ['connections'],
  // Issued reports, each verified again on read; issuing one also writes a governance event.
  'reports.list': ['reports', 'governance'],
  // A preview gathers a report's evidence from every other read: any of them changing changes it.
  'reports.preview': ['reports', 'catalog', 'governance', 'lineage', 'drift'],
  'team.status': ['team'],
  // The graph joins OpenLineage, DVC and the MLflow catalog (re-projected on every sync).
  'lineage.graph': ['lineage', 'catalog'],
  'lineage.node': ['lineage', 'catalog'],
  'lineage.impact': ['lineage', 'catalog'],
  'lineage.search': ['lineage', 'catalog'],
  'lineage.rejected': ['lineage'],
  'lineage.summary': ['lineage', 'catalog'],
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
