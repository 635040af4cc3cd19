import type { ConnectionTest, RegistryFeatures } from '@shared/domain/registry';
import { HttpFailure, isHttpFailure } from '../../connectors/http/errors';
import type { PrometheusClient } from './client';

/** A test answers in seconds: one retry at most. */
const TEST_RETRIES = 1;

/** Prometheus has none of a registry's optional features; "Test connection" reports them unknown. */
export const NO_REGISTRY_FEATURES: RegistryFeatures = { aliases: null, datasetInputs: null, loggedModels: null, webhooks: null };

/**
 * "Test connection" for Prometheus: `/api/v1/status/buildinfo` proves the server is there,
 * lets us in and is Prometheus, and gives its version. Servers without that endpoint
 * (before 2.14, or Prometheus-compatible stores that skip it) are confirmed with an instant
 * query of `1` instead, and their version stays unknown.
 */
export async function probePrometheus(client: PrometheusClient, now: () => number, signal: AbortSignal): Promise<ConnectionTest> {
  const started = now();
  const done = (fields: Omit<ConnectionTest, 'checkedAt' | 'latencyMs' | 'features'>): ConnectionTest => ({
    ...fields,
    features: NO_REGISTRY_FEATURES,
    checkedAt: now(),
    latencyMs: Math.max(0, Math.round(now() - started)),
  });
  try {
    const info = await client.buildInfo(signal, TEST_RETRIES);
    return done({ ok: true, reachable: true, authenticated: true, serverVersion: info.data.version, problem: null });
  } catch (error) {
    const failure = asFailure(error);
    if (failure.kind === 'cancelled') throw failure;
    if (failure.kind !== 'endpoint-missing') return done(failed(failure));
  }
  try {
    await client.query('1', now(), signal, { retries: TEST_RETRIES });
    return done({ ok: true, reachable: true, authenticated: true, serverVersion: null, problem: null });
  } catch (error) {
    const failure = asFailure(error);
    if (failure.kind === 'cancelled') throw failure;
    if (failure.kind === 'endpoint-missing') {
      return done({
        ...failed(failure),
        problem: { kind: failure.kind, message: `${failure.message} No Prometheus query API answers at this URL.` },
      });
    }
    return done(failed(failure));
  }
}

function failed(failure: HttpFailure): Omit<ConnectionTest, 'checkedAt' | 'latencyMs' | 'features'> {
  const transport = ['dns', 'refused', 'tls', 'timeout', 'network', 'credentials', 'config'].includes(failure.kind);
  return {
    ok: false,
    reachable: !transport,
    authenticated: failure.kind === 'auth' || failure.kind === 'credentials' ? false : failure.kind === 'forbidden' ? true : null,
    serverVersion: null,
    problem: failure.toProblem(),
  };
}

function asFailure(error: unknown): HttpFailure {
  if (isHttpFailure(error)) return error;
  return new HttpFailure('network', error instanceof Error ? error.message : String(error));
}
