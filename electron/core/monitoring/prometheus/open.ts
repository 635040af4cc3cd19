import type { ConnectionSettings, ConnectionTest } from '@shared/domain/registry';
import { HttpFailure, isHttpFailure } from '../../connectors/http/errors';
import { isQuorumError } from '../../errors';
import { httpClientOptions, type ConnectorRuntimeOptions } from '../../registry/connectors';
import type { CredentialResolver } from '../../registry/credentials';
import { PrometheusClient } from './client';
import { NO_REGISTRY_FEATURES, probePrometheus } from './probe';

/** Where a Prometheus connection points (stored or a draft being tested). */
export interface PrometheusTarget {
  readonly name: string;
  readonly url: string;
  readonly settings: ConnectionSettings;
}

/**
 * A client for the target, with the connection's credentials (by reference, resolved now),
 * TLS choices and the process's HTTP tuning. A missing secret or an unreadable CA bundle is
 * an HttpFailure of kind `credentials` / `config`, like any other reason it cannot talk.
 */
export async function openPrometheus(
  target: PrometheusTarget,
  credentials: CredentialResolver,
  options: ConnectorRuntimeOptions,
): Promise<PrometheusClient> {
  // Same shape as MLflow's: a bearer token, or a user name and password.
  const resolved = await credentials.mlflowCredentials(target.name, target.settings.auth);
  try {
    return new PrometheusClient(httpClientOptions(target, resolved, options));
  } catch (error) {
    if (isQuorumError(error)) throw new HttpFailure('config', `Connection "${target.name}": ${error.message}`);
    throw error;
  }
}

/** "Test connection" for a Prometheus target; rejects only when cancelled. */
export async function testPrometheus(
  target: PrometheusTarget,
  credentials: CredentialResolver,
  options: ConnectorRuntimeOptions,
  now: () => number,
  signal: AbortSignal,
): Promise<ConnectionTest> {
  const started = now();
  let client: PrometheusClient | null = null;
  try {
    client = await openPrometheus(target, credentials, options);
    return await probePrometheus(client, now, signal);
  } catch (error) {
    if (!isHttpFailure(error) || error.kind === 'cancelled') throw error;
    return {
      ok: false,
      reachable: false,
      authenticated: error.kind === 'credentials' ? false : null,
      serverVersion: null,
      features: NO_REGISTRY_FEATURES,
      problem: error.toProblem(),
      checkedAt: now(),
      latencyMs: Math.max(0, now() - started),
    };
  } finally {
    await client?.close().catch(() => undefined);
  }
}
