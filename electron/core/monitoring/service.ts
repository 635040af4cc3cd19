import type {
  MonitoringQueryName,
  PollEntry,
  PollResult,
  PromAlert,
  PromResult,
  QueryOverrides,
  QuerySet,
  TemplateTest,
} from '@shared/domain/monitoring';
import { CONNECTION_LEVEL_KINDS, HttpFailure, isHttpFailure } from '../connectors/http/errors';
import { thinDriftHistory } from '../drift/retention';
import { saveRun } from '../drift/store';
import { QuorumError, isQuorumError } from '../errors';
import type { ConnectorRuntimeOptions } from '../registry/connectors';
import type { CredentialResolver } from '../registry/credentials';
import { toQuorumError } from '../registry/failures';
import type { CoreServices } from '../services';
import { driftResultFromScores, featureScores } from './drift-record';
import { isPrometheusApiError, type Answer, type PrometheusClient } from './prometheus/client';
import { DEFAULT_QUERIES } from './defaults';
import { openPrometheus } from './prometheus/open';
import { placeholdersOf, renderTemplate, scanTemplate, type TemplateValues } from './prometheus/template';
import { effectiveQueries, type MonitoringStore, type DeployedVersion, type PrometheusConnectionRow } from './store';

export interface QueriesView {
  connection: string;
  model: string | null;
  connectionSettings: QuerySet;
  overrides: QueryOverrides | null;
  effective: QuerySet;
  defaults: Record<MonitoringQueryName, string>;
}

export interface QueriesChange {
  connection: string;
  model?: string | undefined;
  /** null: back to the default (a model: the connection's template; the connection: Quorum's). */
  queries?: Partial<Record<MonitoringQueryName, string | null>> | undefined;
  driftThreshold?: number | undefined;
  driftShare?: number | undefined;
  deployedAliases?: string[] | undefined;
  registryConnection?: string | null | undefined;
  pollIntervalMinutes?: number | undefined;
  reset: boolean;
}

export interface TemplateTestRequest {
  connection: string;
  template: string;
  query?: MonitoringQueryName | undefined;
  model?: string | undefined;
  version?: number | undefined;
  feature?: string | undefined;
  time?: number | undefined;
}

export interface QueryRequest {
  connection: string;
  model: string;
  version: number;
  query: MonitoringQueryName;
  feature?: string | undefined;
  time?: number | undefined;
  range?: { start: number; end: number; stepSeconds: number } | undefined;
}

/**
 * Monitoring over Prometheus connections: templates per connection and model, instant and
 * range queries for charts, alerts per model, and the poll that turns drift scores of
 * deployed models into drift history. Backend failures cross the boundary as typed errors
 * (`backend`, or `invalid_input` with Prometheus's own message for a bad query); a poll
 * reports them per connection and never deletes what earlier polls stored.
 */
export class MonitoringService {
  /** Polls running now, per connection name (scheduled or asked for), so the status can say so and the schedule does not double them. */
  private readonly inFlight = new Map<string, number>();
  /** Aborted by close(): every running poll stops before the database closes. */
  private readonly closing = new AbortController();

  constructor(
    private readonly services: CoreServices,
    private readonly store: MonitoringStore,
    private readonly credentials: CredentialResolver,
    private readonly options: ConnectorRuntimeOptions,
  ) {}

  getQueries(connection: string, model?: string): QueriesView {
    const row = this.store.requirePrometheus(connection);
    return this.view(row, model ?? null);
  }

  setQueries(change: QueriesChange): QueriesView {
    const row = this.store.requirePrometheus(change.connection);
    for (const [name, template] of Object.entries(change.queries ?? {})) {
      if (typeof template === 'string') scanTemplate(template, `the "${name}" template`, `queries.${name}`);
    }
    const now = this.services.now();
    if (change.model !== undefined) {
      const connectionOnly = (['deployedAliases', 'registryConnection', 'pollIntervalMinutes'] as const).find(
        (f) => change[f] !== undefined,
      );
      if (connectionOnly !== undefined) {
        throw new QuorumError(
          'invalid_input',
          `${connectionOnly} belongs to the connection, not to one model; leave out model to change it.`,
          {
            field: connectionOnly,
          },
        );
      }
      const before = change.reset ? {} : this.store.modelOverrides(row.id, change.model);
      const queries = change.queries ? withoutNulls({ ...before.queries, ...change.queries }) : before.queries;
      const driftThreshold = change.driftThreshold ?? before.driftThreshold;
      const driftShare = change.driftShare ?? before.driftShare;
      const next: QueryOverrides = {
        // An override set with no template left is no override: the model follows the connection again.
        ...(queries && Object.keys(queries).length > 0 ? { queries } : {}),
        ...(driftThreshold !== undefined ? { driftThreshold } : {}),
        ...(driftShare !== undefined ? { driftShare } : {}),
      };
      this.store.setModelOverrides(row.id, change.model, next, now);
    } else {
      if (change.registryConnection) {
        const target = this.store.findAny(change.registryConnection);
        if (!target || target.kind === 'prometheus') {
          throw new QuorumError('invalid_input', `No registry connection named "${change.registryConnection}".`, {
            field: 'registryConnection',
          });
        }
      }
      const before = change.reset ? this.store.defaults() : this.store.connectionQueries(row.id);
      // null brings Quorum's own template back for that query.
      const reverted = Object.fromEntries(
        Object.entries(change.queries ?? {}).map(([name, template]) => [name, template ?? DEFAULT_QUERIES[name as MonitoringQueryName]]),
      );
      this.store.setConnectionQueries(
        row.id,
        {
          ...before,
          queries: { ...before.queries, ...stripUndefined(reverted) },
          ...(change.driftThreshold !== undefined ? { driftThreshold: change.driftThreshold } : {}),
          ...(change.driftShare !== undefined ? { driftShare: change.driftShare } : {}),
          ...(change.deployedAliases !== undefined ? { deployedAliases: change.deployedAliases } : {}),
          ...(change.registryConnection !== undefined ? { registryConnection: change.registryConnection } : {}),
          ...(change.pollIntervalMinutes !== undefined ? { pollIntervalMinutes: change.pollIntervalMinutes } : {}),
        },
        now,
      );
    }
    this.services.events.emit('data.changed', { topics: ['connections'] });
    return this.view(row, change.model ?? null);
  }

  async query(request: QueryRequest, signal: AbortSignal) {
    const row = this.store.requirePrometheus(request.connection);
    const settings = this.settingsFor(row, request.model);
    const what = `the "${request.query}" template`;
    const promql = renderTemplate(
      settings.queries[request.query],
      { model: request.model, version: String(request.version), ...(request.feature !== undefined ? { feature: request.feature } : {}) },
      what,
    );
    const client = await this.openOrThrow(row);
    try {
      let answer: Answer<PromResult>;
      let evaluatedAt: number | null = null;
      if (request.range) {
        answer = await client.queryRange(promql, request.range, signal);
      } else {
        evaluatedAt = request.time ?? this.services.now();
        answer = await client.query(promql, evaluatedAt, signal);
      }
      return {
        connection: row.name,
        model: request.model,
        version: request.version,
        query: request.query,
        promql,
        evaluatedAt,
        range: request.range ?? null,
        result: answer.data,
        warnings: answer.warnings,
        infos: answer.infos,
      };
    } catch (error) {
      throw crossing(error, { connection: row.name, query: request.query, promql });
    } finally {
      await client.close().catch(() => undefined);
    }
  }

  /**
   * "Test query" for a draft template: rendered with the given values and run as an instant
   * query. Prometheus refusing the query is an answer (`ok: false` with its errorType and
   * message verbatim), not a failure; an unreachable server is a `backend` error.
   */
  async testTemplate(request: TemplateTestRequest, signal: AbortSignal): Promise<TemplateTest> {
    const row = this.store.requirePrometheus(request.connection);
    const what = request.query ? `the "${request.query}" template` : 'the query template';
    const field = request.query ? `queries.${request.query}` : 'template';
    const values: TemplateValues = {
      ...(request.model !== undefined ? { model: request.model } : {}),
      ...(request.version !== undefined ? { version: String(request.version) } : {}),
      ...(request.feature !== undefined ? { feature: request.feature } : {}),
    };
    // Checked first, so an unknown placeholder is named before a missing value is asked for.
    for (const name of placeholdersOf(request.template, what, field)) {
      if (values[name] === undefined) {
        throw new QuorumError('invalid_input', `${what} uses {{${name}}}: give a ${name} to test it with.`, { field: name });
      }
    }
    const promql = renderTemplate(request.template, values, what, field);
    const evaluatedAt = request.time ?? this.services.now();
    const client = await this.openOrThrow(row);
    try {
      const answer = await client.query(promql, evaluatedAt, signal);
      return { ok: true, promql, evaluatedAt, result: answer.data, warnings: answer.warnings, infos: answer.infos };
    } catch (error) {
      if (isPrometheusApiError(error)) {
        return {
          ok: false,
          promql,
          evaluatedAt,
          errorType: error.errorType,
          error: error.prometheusError,
          status: error.status,
          warnings: error.warnings,
        };
      }
      throw crossing(error, { connection: row.name, promql });
    } finally {
      await client.close().catch(() => undefined);
    }
  }

  /** A poll of this connection is running now (scheduled or asked for). */
  isPolling(connection: string): boolean {
    return (this.inFlight.get(connection) ?? 0) > 0;
  }

  /**
   * Cancels every running poll and refuses new ones. Synchronous up to the abort, so a host
   * may close the database right after: a cancelled poll writes nothing more (it checks the
   * signal after every request, before touching the database).
   */
  close(): void {
    this.closing.abort();
  }

  async alerts(
    input: { connection: string; model: string; version?: number | undefined; includePending: boolean },
    signal: AbortSignal,
  ): Promise<{ connection: string; model: string; alerts: PromAlert[]; fetchedAt: number }> {
    const row = this.store.requirePrometheus(input.connection);
    const client = await this.openOrThrow(row);
    try {
      const answer = await client.alerts(signal);
      const alerts = answer.data.filter(
        (a) =>
          a.labels.model === input.model &&
          (input.version === undefined || a.labels.version === undefined || versionMatches(a.labels.version, input.version)) &&
          (a.state === 'firing' || (input.includePending && a.state === 'pending')),
      );
      return { connection: row.name, model: input.model, alerts, fetchedAt: this.services.now() };
    } catch (error) {
      throw crossing(error, { connection: row.name });
    } finally {
      await client.close().catch(() => undefined);
    }
  }

  /** Polls one connection or every Prometheus connection; one result per connection. */
  async poll(input: { connection?: string | undefined; model?: string | undefined }, callerSignal: AbortSignal): Promise<PollResult[]> {
    if (this.closing.signal.aborted) throw new QuorumError('unavailable', 'The workspace is closing; no new poll can start.');
    const signal = AbortSignal.any([callerSignal, this.closing.signal]);
    const rows = input.connection ? [this.store.requirePrometheus(input.connection)] : this.store.listPrometheus();
    const results: PollResult[] = [];
    for (const row of rows) {
      this.inFlight.set(row.name, (this.inFlight.get(row.name) ?? 0) + 1);
      try {
        results.push(await this.pollOne(row, input.model, signal));
      } finally {
        const left = (this.inFlight.get(row.name) ?? 1) - 1;
        if (left > 0) this.inFlight.set(row.name, left);
        else this.inFlight.delete(row.name);
      }
    }
    if (results.some((r) => r.entries.some((e) => e.outcome === 'stored'))) {
      this.applyDriftRetention();
      this.services.events.emit('data.changed', { topics: ['drift', 'connections'] });
    } else if (results.length > 0) {
      this.services.events.emit('data.changed', { topics: ['connections'] });
    }
    return results;
  }

  /**
   * Every poll adds a result per deployed version, so after one that stored something the
   * older history is thinned (drift/retention.ts: bounded work, one transaction). It is
   * housekeeping: a failure rolls back, is reported as a process warning and leaves the
   * poll's results and outcome as they are; the next poll tries again.
   */
  private applyDriftRetention(): void {
    // The workspace is closing: its database must not be touched any more.
    if (this.closing.signal.aborted) return;
    try {
      thinDriftHistory(this.services.store.db, this.services.now());
    } catch (error) {
      process.emitWarning(
        `Drift history retention failed (nothing was deleted): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async pollOne(row: PrometheusConnectionRow, onlyModel: string | undefined, signal: AbortSignal): Promise<PollResult> {
    const startedAt = this.services.now();
    const base = this.store.connectionQueries(row.id);
    const deployed = this.store
      .deployedVersions(base.deployedAliases, base.registryConnection)
      .filter((d) => onlyModel === undefined || d.model === onlyModel);
    const finish = (outcome: PollResult['outcome'], message: string, entries: PollEntry[]): PollResult => {
      const finishedAt = this.services.now();
      this.store.setStatus(row.id, outcome === 'error' ? 'error' : 'ok', message, finishedAt);
      return { connection: row.name, outcome, message, entries, startedAt, finishedAt };
    };
    if (deployed.length === 0) {
      const which = onlyModel ? `"${onlyModel}" is not deployed` : 'no model is deployed';
      return finish('ok', `Nothing to poll: ${which} (no alias ${base.deployedAliases.join(', ')} in the catalog).`, []);
    }

    let client: PrometheusClient;
    try {
      client = await openPrometheus(row, this.credentials, this.options);
    } catch (error) {
      if (!isHttpFailure(error) || error.kind === 'cancelled') throw error;
      stillWanted(signal);
      return finish('error', error.message, []);
    }
    const entries: PollEntry[] = [];
    try {
      // The server's version goes into every result's provenance; an old server without buildinfo is fine.
      let serverVersion: string | null = null;
      try {
        serverVersion = (await client.buildInfo(signal)).data.version;
      } catch (error) {
        if (!isHttpFailure(error) || error.kind === 'cancelled') throw error;
        stillWanted(signal);
        if (CONNECTION_LEVEL_KINDS.has(error.kind)) return finish('error', error.message, []);
      }
      let stop: HttpFailure | null = null;
      for (const target of deployed) {
        if (stop) break;
        stillWanted(signal);
        const entry = await this.pollVersion(row, client, target, serverVersion, signal).catch((error: unknown): PollEntry => {
          if (!isHttpFailure(error) || error.kind === 'cancelled') throw error;
          stillWanted(signal);
          // Unreachable, refused, auth…: every other model would fail the same way.
          if (CONNECTION_LEVEL_KINDS.has(error.kind)) stop = error;
          return this.failedEntry(row, target, error);
        });
        entries.push(entry);
        this.store.logPoll({
          connectionId: row.id,
          registryConnection: target.registryConnection,
          model: target.model,
          version: target.version,
          query: entry.query,
          evaluatedAt: entry.evaluatedAt,
          outcome: entry.outcome,
          message: entry.message,
          driftRunId: entry.driftRunId,
          polledAt: this.services.now(),
        });
      }
      const failed = entries.filter((e) => e.outcome === 'error').length;
      const stored = entries.filter((e) => e.outcome === 'stored').length;
      const noData = entries.filter((e) => e.outcome === 'no-data').length;
      const summary = `${stored} stored, ${noData} without data, ${failed} failed of ${deployed.length} deployed model versions.`;
      if (stop !== null) return finish('error', `${(stop as HttpFailure).message} ${summary}`, entries);
      return finish(failed === 0 ? 'ok' : stored + noData > 0 ? 'partial' : 'error', summary, entries);
    } finally {
      await client.close().catch(() => undefined);
    }
  }

  private async pollVersion(
    row: PrometheusConnectionRow,
    client: PrometheusClient,
    target: DeployedVersion,
    serverVersion: string | null,
    signal: AbortSignal,
  ): Promise<PollEntry> {
    const settings = this.settingsFor(row, target.model);
    const evaluatedAt = this.services.now();
    const common = { registryConnection: target.registryConnection, model: target.model, version: target.version, alias: target.alias };
    let promql = '';
    try {
      promql = renderTemplate(settings.queries.drift, { model: target.model, version: String(target.version) }, 'the "drift" template');
    } catch (error) {
      if (!isQuorumError(error)) throw error;
      return { ...common, ...empty(promql, evaluatedAt), outcome: 'error', message: error.message };
    }
    const answer = await client.query(promql, evaluatedAt, signal);
    stillWanted(signal);
    const { scores, warnings } = featureScores(answer.data);
    const allWarnings = [...answer.warnings.map((w) => `Prometheus: ${w}`), ...warnings];
    if (scores.length === 0) {
      return {
        ...common,
        ...empty(promql, evaluatedAt),
        warnings: allWarnings,
        outcome: 'no-data',
        message: `No drift scores for ${target.model} v${target.version} at ${new Date(evaluatedAt).toISOString()}; nothing stored.`,
      };
    }
    const result = driftResultFromScores(
      scores,
      settings,
      { backend: 'prometheus', connection: row.name, url: row.url, serverVersion, query: promql, evaluatedAt, warnings: answer.warnings },
      warnings,
    );
    const runId = saveRun(this.services.store.db, result, {
      source: 'prometheus',
      connection: target.registryConnection,
      model: target.model,
      version: target.version,
      windowStart: null,
      windowEnd: evaluatedAt,
      computedAt: this.services.now(),
    });
    const worst = result.features
      .filter((f) => f.statistic !== null)
      .reduce<{ name: string; score: number } | null>(
        (acc, f) => (acc === null || (f.statistic as number) > acc.score ? { name: f.name, score: f.statistic as number } : acc),
        null,
      );
    return {
      ...common,
      outcome: 'stored',
      message: `${result.driftedFeatures} of ${result.testedFeatures} features ≥ ${settings.driftThreshold}: ${result.datasetDrift ? 'dataset drift' : 'no dataset drift'}.`,
      driftRunId: runId,
      datasetDrift: result.datasetDrift,
      driftShare: result.driftShare,
      worstFeature: worst,
      query: promql,
      evaluatedAt,
      warnings: allWarnings,
    };
  }

  private failedEntry(row: PrometheusConnectionRow, target: DeployedVersion, error: HttpFailure): PollEntry {
    return {
      registryConnection: target.registryConnection,
      model: target.model,
      version: target.version,
      alias: target.alias,
      ...empty(this.driftQuery(row, target), this.services.now()),
      outcome: 'error',
      message: error.message,
    };
  }

  /** The drift PromQL for a target, for the record; '' when the template cannot be rendered. */
  private driftQuery(row: PrometheusConnectionRow, target: DeployedVersion): string {
    try {
      return renderTemplate(this.settingsFor(row, target.model).queries.drift, { model: target.model, version: String(target.version) });
    } catch {
      return '';
    }
  }

  private settingsFor(row: PrometheusConnectionRow, model: string): QuerySet {
    return effectiveQueries(this.store.connectionQueries(row.id), this.store.modelOverrides(row.id, model));
  }

  private view(row: PrometheusConnectionRow, model: string | null): QueriesView {
    const connectionSettings = this.store.connectionQueries(row.id);
    const overrides = model === null ? null : this.store.modelOverrides(row.id, model);
    return {
      connection: row.name,
      model,
      connectionSettings,
      overrides,
      effective: overrides ? effectiveQueries(connectionSettings, overrides) : connectionSettings,
      defaults: DEFAULT_QUERIES,
    };
  }

  private async openOrThrow(row: PrometheusConnectionRow): Promise<PrometheusClient> {
    try {
      return await openPrometheus(row, this.credentials, this.options);
    } catch (error) {
      throw crossing(error, { connection: row.name });
    }
  }
}

function empty(query: string, evaluatedAt: number) {
  return { driftRunId: null, datasetDrift: null, driftShare: null, worstFeature: null, query, evaluatedAt, warnings: [] as string[] };
}

/** `version` labels are "3" or "v3" in the wild; both mean registry version 3. */
function versionMatches(label: string, version: number): boolean {
  return label === String(version) || label === `v${version}`;
}

/**
 * Throws `cancelled` once the poll's signal is aborted. Called after every request and
 * before the next database access: when the host closes the workspace, a response already
 * on its way must not write into (or read from) a database that is closing.
 */
function stillWanted(signal: AbortSignal): void {
  if (signal.aborted) throw new HttpFailure('cancelled', 'The poll was cancelled.');
}

function withoutNulls(record: Partial<Record<MonitoringQueryName, string | null>>): Partial<Record<MonitoringQueryName, string>> {
  return Object.fromEntries(Object.entries(record).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function stripUndefined<T extends Record<string, string | undefined>>(record: T): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter((e): e is [string, string] => e[1] !== undefined));
}

/**
 * A failure as it crosses the core's boundary. A query Prometheus refused as bad
 * (`bad_data`, `execution`) is the template's fault: `invalid_input`, with Prometheus's
 * errorType and message verbatim in the details. Everything else is `backend`.
 */
function crossing(error: unknown, details: Record<string, unknown>): unknown {
  if (isPrometheusApiError(error)) {
    const info = {
      ...details,
      problem: error.kind,
      status: error.status,
      prometheus: { errorType: error.errorType, error: error.prometheusError },
    };
    return new QuorumError(error.isQueryError ? 'invalid_input' : 'backend', error.message, info);
  }
  if (isHttpFailure(error)) return toQuorumError(error, details);
  return error;
}
