import type { ConnectionSettings } from '@shared/domain/registry';
import type { RegistryConnector } from '../connectors/connector';
import type { Clock } from '../connectors/http/clock';
import { HttpFailure } from '../connectors/http/errors';
import type { RetryPolicy } from '../connectors/http/retry';
import { MlflowConnector } from '../connectors/mlflow/connector';
import type { SnapshotOptions } from '../connectors/mlflow/snapshot';
import { isQuorumError } from '../errors';
import type { CredentialResolver } from './credentials';

/** How connectors are built in this process; tests inject a fake clock and short timeouts. */
export interface ConnectorRuntimeOptions {
  readonly clock?: Clock;
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly concurrency?: number;
  readonly snapshot?: Partial<SnapshotOptions>;
  readonly metricHistoryPageSize?: number;
}

/**
 * Tuning from the environment, as MLflow's own client reads MLFLOW_HTTP_REQUEST_TIMEOUT and
 * MLFLOW_HTTP_REQUEST_MAX_RETRIES: `QUORUM_HTTP_TIMEOUT_SECONDS` (per request, default 30)
 * and `QUORUM_HTTP_MAX_RETRIES` (default 4). Explicit options win.
 */
export function connectorOptionsFromEnv(env: NodeJS.ProcessEnv, explicit: ConnectorRuntimeOptions = {}): ConnectorRuntimeOptions {
  const timeout = Number(env.QUORUM_HTTP_TIMEOUT_SECONDS);
  const retries = Number(env.QUORUM_HTTP_MAX_RETRIES);
  return {
    ...(env.QUORUM_HTTP_TIMEOUT_SECONDS && Number.isFinite(timeout) && timeout > 0 ? { timeoutMs: timeout * 1000 } : {}),
    ...(env.QUORUM_HTTP_MAX_RETRIES && Number.isInteger(retries) && retries >= 0 && retries <= 10
      ? { retry: { maxRetries: retries } }
      : {}),
    ...explicit,
  };
}

export interface ConnectorTarget {
  readonly name: string;
  readonly kind: string;
  readonly url: string;
  readonly settings: ConnectionSettings;
}

/**
 * The one place that knows which connector serves which kind. A new registry kind
 * (SageMaker, W&B, Kubeflow) adds a branch here and a folder under connectors/.
 * Problems with the connection's own configuration (a missing secret, an unreadable CA
 * bundle) come out as HttpFailure of kind `credentials` / `config`, like any other reason a
 * sync could not talk to its server.
 */
export async function openConnector(
  target: ConnectorTarget,
  credentials: CredentialResolver,
  options: ConnectorRuntimeOptions,
): Promise<RegistryConnector> {
  if (target.kind !== 'mlflow') {
    throw new HttpFailure(
      'config',
      `Connection "${target.name}" is a ${target.kind} registry, which Quorum replays but cannot sync or test.`,
    );
  }
  const resolved = await credentials.mlflowCredentials(target.name, target.settings.auth);
  try {
    return new MlflowConnector({
      ...httpClientOptions(target, resolved, options),
      ...(options.snapshot ? { snapshot: options.snapshot } : {}),
      ...(options.metricHistoryPageSize !== undefined ? { metricHistoryPageSize: options.metricHistoryPageSize } : {}),
    });
  } catch (error) {
    if (isQuorumError(error)) throw new HttpFailure('config', `Connection "${target.name}": ${error.message}`);
    throw error;
  }
}

/**
 * What every connector's HTTP client takes from a stored connection: URL, resolved credentials,
 * TLS choices, and the runtime's clock, timeout, retry and concurrency settings.
 */
export function httpClientOptions<C>(
  target: { url: string; settings: { caFile: string | null; insecureSkipVerify: boolean } },
  credentials: C,
  options: Pick<ConnectorRuntimeOptions, 'clock' | 'timeoutMs' | 'retry' | 'concurrency'>,
) {
  return {
    baseUrl: target.url,
    credentials,
    tls: { caFile: target.settings.caFile, insecureSkipVerify: target.settings.insecureSkipVerify },
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
  };
}
