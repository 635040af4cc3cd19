import type { ConnectionTest } from '@shared/domain/registry';
import type { MetricRecord } from '../../catalog/records';
import type { RegistryConnector, RegistryWriteBack, SnapshotOutcome, SnapshotRequest, SnapshotSink, VersionRef } from '../connector';
import { HttpClient, type HttpClientOptions } from '../http/client';
import { systemClock, type Clock } from '../http/clock';
import { assertAliasName, assertTagKey } from './names';
import { probeMlflow } from './probe';
import { followPages, METRIC_HISTORY_PAGE, MlflowRest } from './rest';
import { DEFAULT_SNAPSHOT_OPTIONS, mlflowSnapshot, type SnapshotOptions } from './snapshot';

export interface MlflowCredentials {
  readonly token?: string | null;
  readonly username?: string | null;
  readonly password?: string | null;
}

/**
 * The Authorization header MLflow's own client sends (mlflow/utils/rest_utils.py
 * `http_request`): Basic when both a user name and a password are set, otherwise Bearer
 * with the token, otherwise none.
 */
export function mlflowAuthorization(credentials: MlflowCredentials): string | null {
  if (credentials.username && credentials.password) {
    return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}`;
  }
  if (credentials.token) return `Bearer ${credentials.token}`;
  return null;
}

export interface MlflowConnectorOptions extends Omit<HttpClientOptions, 'headers' | 'clock'> {
  readonly credentials?: MlflowCredentials;
  readonly clock?: Clock;
  readonly snapshot?: Partial<SnapshotOptions>;
  /** max_results for metrics/get-history; MLflow's client sends 25 000. */
  readonly metricHistoryPageSize?: number;
}

/** MLflow (REST API 2.0) as a RegistryConnector. */
export class MlflowConnector implements RegistryConnector {
  readonly kind = 'mlflow';
  readonly writeBack: RegistryWriteBack;
  private readonly http: HttpClient;
  private readonly rest: MlflowRest;
  private readonly clock: Clock;
  private readonly snapshotOptions: SnapshotOptions;
  private readonly metricPage: number;

  constructor(options: MlflowConnectorOptions) {
    const authorization = mlflowAuthorization(options.credentials ?? {});
    this.clock = options.clock ?? systemClock;
    this.http = new HttpClient({
      ...options,
      clock: this.clock,
      userAgent: options.userAgent ?? 'quorum-mlflow-connector',
      ...(authorization ? { headers: { authorization } } : {}),
    });
    this.rest = new MlflowRest(this.http);
    this.metricPage = options.metricHistoryPageSize ?? METRIC_HISTORY_PAGE;
    this.snapshotOptions = {
      ...DEFAULT_SNAPSHOT_OPTIONS,
      ...options.snapshot,
      concurrency: options.snapshot?.concurrency ?? options.concurrency ?? DEFAULT_SNAPSHOT_OPTIONS.concurrency,
    };
    const rest = this.rest;
    this.writeBack = {
      async setVersionTag(target: VersionRef, key: string, value: string, signal: AbortSignal) {
        assertTagKey(key);
        await rest.setModelVersionTag(target.model, target.version, key, value, signal);
      },
      async deleteVersionTag(target: VersionRef, key: string, signal: AbortSignal) {
        assertTagKey(key);
        await rest.deleteModelVersionTag(target.model, target.version, key, signal);
      },
      async setAlias(model: string, alias: string, version: number, signal: AbortSignal) {
        assertAliasName(alias);
        await rest.setRegisteredModelAlias(model, alias, version, signal);
      },
      async deleteAlias(model: string, alias: string, signal: AbortSignal) {
        assertAliasName(alias);
        await rest.deleteRegisteredModelAlias(model, alias, signal);
      },
    };
  }

  test(signal: AbortSignal): Promise<ConnectionTest> {
    return probeMlflow(this.rest, this.clock, signal);
  }

  snapshot(request: SnapshotRequest, sink: SnapshotSink, signal: AbortSignal): Promise<SnapshotOutcome> {
    return mlflowSnapshot(this.rest, request, sink, signal, this.clock, this.snapshotOptions);
  }

  /**
   * Always sends max_results: MLflow 3.x answers a history request without it with a page
   * token and no metrics (mlflow/mlflow#23916), 2.x ignores it and sends everything.
   */
  async metricHistory(runId: string, key: string, signal: AbortSignal): Promise<MetricRecord[]> {
    const points: MetricRecord[] = [];
    for await (const page of followPages(
      (pageToken) => this.rest.metricHistoryPage({ runId, key, maxResults: this.metricPage, ...(pageToken ? { pageToken } : {}) }, signal),
      `the history of ${key}`,
    )) {
      for (const m of page.body.metrics) points.push({ key: m.key, value: m.value, step: m.step, timestamp: m.timestamp });
    }
    return points.sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
  }

  async close(): Promise<void> {
    await this.http.close();
  }
}
