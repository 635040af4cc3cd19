import type { Database } from 'better-sqlite3';
import { queryOverridesSchema, querySetSchema, type QueryOverrides, type QuerySet } from '@shared/domain/monitoring';
import type { ConnectionSettings } from '@shared/domain/registry';
import { findConnection, requireConnection, type StoredConnection } from '../catalog/connections';
import { QuorumError } from '../errors';
import { parseSettings } from '../registry/settings';
import { DEFAULT_QUERY_SET } from './defaults';

export interface PrometheusConnectionRow extends StoredConnection {
  readonly settings: ConnectionSettings;
}

/** A model the catalog says is deployed: it holds one of the deployed aliases. */
export interface DeployedVersion {
  readonly registryConnection: string;
  readonly model: string;
  readonly version: number;
  readonly alias: string;
}

/** Monitoring's rows (migration 6). SQL only here, always with bound parameters. */
export class MonitoringStore {
  constructor(private readonly db: Database) {}

  /** A Prometheus connection by name; other kinds are refused with a message that says so. */
  requirePrometheus(name: string): PrometheusConnectionRow {
    const row = requireConnection(this.db, name);
    if (row.kind !== 'prometheus') {
      throw new QuorumError('invalid_input', `Connection "${name}" is a ${row.kind} connection, not a Prometheus one.`, {
        connection: name,
      });
    }
    return this.withSettings(row);
  }

  listPrometheus(): PrometheusConnectionRow[] {
    const names = this.db.prepare("SELECT name FROM connections WHERE kind = 'prometheus' ORDER BY name").pluck().all() as string[];
    return names.map((name) => this.requirePrometheus(name));
  }

  /** The connection's settings merged over the defaults. */
  connectionQueries(connectionId: number): QuerySet {
    const stored = this.read(connectionId, '');
    if (!stored) return DEFAULT_QUERY_SET;
    const parsed = querySetSchema.partial().safeParse(stored);
    if (!parsed.success) return DEFAULT_QUERY_SET;
    return { ...DEFAULT_QUERY_SET, ...parsed.data, queries: { ...DEFAULT_QUERY_SET.queries, ...parsed.data.queries } };
  }

  defaults(): QuerySet {
    return DEFAULT_QUERY_SET;
  }

  modelOverrides(connectionId: number, model: string): QueryOverrides {
    const stored = this.read(connectionId, model);
    const parsed = stored ? queryOverridesSchema.safeParse(stored) : null;
    return parsed?.success ? parsed.data : {};
  }

  setConnectionQueries(connectionId: number, set: QuerySet, at: number): void {
    this.write(connectionId, '', querySetSchema.parse(set), at);
  }

  setModelOverrides(connectionId: number, model: string, overrides: QueryOverrides, at: number): void {
    if (Object.keys(overrides).length === 0) {
      this.db.prepare('DELETE FROM monitoring_queries WHERE connection_id = ? AND model_name = ?').run(connectionId, model);
      return;
    }
    this.write(connectionId, model, queryOverridesSchema.parse(overrides), at);
  }

  /** Deployed model versions from the catalog: live models holding one of `aliases`. */
  deployedVersions(aliases: readonly string[], registryConnection: string | null): DeployedVersion[] {
    const rows = this.db
      .prepare(
        `SELECT c.name AS connection, m.name AS model, m.aliases_json AS aliases FROM registered_models m
         JOIN connections c ON c.id = m.connection_id
         WHERE m.deleted_on_server_at IS NULL AND c.kind <> 'prometheus' AND (? IS NULL OR c.name = ?)
         ORDER BY c.name, m.name`,
      )
      .all(registryConnection, registryConnection) as { connection: string; model: string; aliases: string }[];
    const deployed: DeployedVersion[] = [];
    for (const row of rows) {
      const held = JSON.parse(row.aliases) as { alias: string; version: number }[];
      const seen = new Set<number>();
      for (const alias of aliases) {
        const hit = held.find((a) => a.alias === alias);
        if (hit && !seen.has(hit.version)) {
          seen.add(hit.version);
          deployed.push({ registryConnection: row.connection, model: row.model, version: hit.version, alias });
        }
      }
    }
    return deployed;
  }

  logPoll(entry: {
    connectionId: number;
    registryConnection: string;
    model: string;
    version: number;
    query: string;
    evaluatedAt: number;
    outcome: 'stored' | 'no-data' | 'error';
    message: string;
    driftRunId: number | null;
    polledAt: number;
  }): void {
    this.db
      .prepare(
        `INSERT INTO monitoring_polls (connection_id, registry_connection, model_name, model_version, query, evaluated_at, outcome, message,
           drift_run_id, polled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        entry.connectionId,
        entry.registryConnection,
        entry.model,
        entry.version,
        entry.query,
        entry.evaluatedAt,
        entry.outcome,
        entry.message,
        entry.driftRunId,
        entry.polledAt,
      );
  }

  /**
   * The deployed versions whose latest poll row (on this connection) is an error, with that
   * row's message. The latest row per version, not per poll: a model keeps showing why it
   * failed until a poll reaches it again, even while the whole server is unreachable.
   */
  latestFailures(connectionId: number, targets: readonly DeployedVersion[]): { target: DeployedVersion; message: string; at: number }[] {
    const latest = this.db.prepare(
      `SELECT outcome, message, polled_at AS at FROM monitoring_polls
       WHERE model_name = ? AND model_version = ? AND connection_id = ? AND registry_connection = ?
       ORDER BY polled_at DESC, id DESC LIMIT 1`,
    );
    const failures: { target: DeployedVersion; message: string; at: number }[] = [];
    for (const target of targets) {
      const row = latest.get(target.model, target.version, connectionId, target.registryConnection) as
        { outcome: string; message: string; at: number } | undefined;
      if (row?.outcome === 'error') failures.push({ target, message: row.message, at: row.at });
    }
    return failures;
  }

  setStatus(connectionId: number, status: 'ok' | 'error', message: string, at: number): void {
    this.db
      .prepare('UPDATE connections SET status = ?, status_message = ?, last_sync_at = ? WHERE id = ?')
      .run(status, message, at, connectionId);
  }

  findAny(name: string): StoredConnection | null {
    return findConnection(this.db, name);
  }

  private read(connectionId: number, model: string): unknown {
    const json = this.db
      .prepare('SELECT settings_json FROM monitoring_queries WHERE connection_id = ? AND model_name = ?')
      .pluck()
      .get(connectionId, model) as string | undefined;
    if (json === undefined) return null;
    try {
      return JSON.parse(json) as unknown;
    } catch {
      return null;
    }
  }

  private write(connectionId: number, model: string, value: unknown, at: number): void {
    this.db
      .prepare(
        `INSERT INTO monitoring_queries (connection_id, model_name, settings_json, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (connection_id, model_name) DO UPDATE SET settings_json = excluded.settings_json, updated_at = excluded.updated_at`,
      )
      .run(connectionId, model, JSON.stringify(value), at);
  }

  private withSettings(connection: StoredConnection): PrometheusConnectionRow {
    const optionsJson = this.db.prepare('SELECT options_json FROM connections WHERE id = ?').pluck().get(connection.id) as string;
    return { ...connection, settings: parseSettings(optionsJson) };
  }
}

/** The effective settings for one model: its overrides over the connection's. */
export function effectiveQueries(base: QuerySet, overrides: QueryOverrides): QuerySet {
  return {
    ...base,
    ...(overrides.driftThreshold !== undefined ? { driftThreshold: overrides.driftThreshold } : {}),
    ...(overrides.driftShare !== undefined ? { driftShare: overrides.driftShare } : {}),
    queries: { ...base.queries, ...overrides.queries },
  };
}
