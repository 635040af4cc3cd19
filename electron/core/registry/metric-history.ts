import type { MetricPoint } from '@shared/domain/registry';
import { isHttpFailure } from '../connectors/http/errors';
import { openConnector, type ConnectorRuntimeOptions } from './connectors';
import type { CredentialResolver } from './credentials';
import { toQuorumError } from './failures';
import type { RegistryStore } from './store';

const ENDED = new Set(['FINISHED', 'FAILED', 'KILLED']);

export interface MetricHistory {
  connection: string;
  runId: string;
  key: string;
  points: MetricPoint[];
  source: 'server' | 'cache';
  fetchedAt: number;
  staleReason: string | null;
}

/**
 * Metric curves for charts, fetched when a version page asks (a sync stores only each
 * metric's last value, as MLflow's run listing does). A run that has ended cannot log more,
 * so its curves are cached and served from the workspace afterwards; when the server cannot
 * be reached, a cached curve is shown with the reason rather than an error.
 */
export async function metricHistory(
  deps: { store: RegistryStore; credentials: CredentialResolver; connectorOptions: ConnectorRuntimeOptions; now: () => number },
  input: { connection: string; runId: string; key: string },
  signal: AbortSignal,
): Promise<MetricHistory> {
  const row = deps.store.require(input.connection);
  const cached = deps.store.cachedHistory(row.id, input.runId, input.key);
  const ended = ENDED.has(deps.store.runStatus(row.id, input.runId) ?? '');
  const base = { connection: input.connection, runId: input.runId, key: input.key };
  if (cached && ended) return { ...base, points: cached.points, source: 'cache', fetchedAt: cached.fetchedAt, staleReason: null };

  let connector;
  try {
    connector = await openConnector(row, deps.credentials, deps.connectorOptions);
    const records = await connector.metricHistory(input.runId, input.key, signal);
    const points = records.map((m) => ({ step: m.step, value: m.value, timestamp: m.timestamp }));
    const fetchedAt = deps.now();
    if (ended) deps.store.cacheHistory(row.id, input.runId, input.key, points, fetchedAt);
    return { ...base, points, source: 'server', fetchedAt, staleReason: null };
  } catch (error) {
    if (!isHttpFailure(error)) throw error;
    if (cached && error.kind !== 'cancelled') {
      return { ...base, points: cached.points, source: 'cache', fetchedAt: cached.fetchedAt, staleReason: error.message };
    }
    throw toQuorumError(error, base);
  } finally {
    await connector?.close().catch(() => undefined);
  }
}
