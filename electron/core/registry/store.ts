import type { Database } from 'better-sqlite3';
import {
  registryFeaturesSchema,
  syncCountsSchema,
  type ConnectionSettings,
  type MetricPoint,
  type RegistryConnection,
  type RegistryFeatures,
  type SyncCounts,
  type SyncMode,
} from '@shared/domain/registry';
import { findConnection, requireConnection, type StoredConnection } from '../catalog/connections';
import type { KnownCatalog, VersionRef } from '../connectors/connector';
import { QuorumError } from '../errors';
import { parseSettings, serializeSettings } from './settings';

/**
 * The registry's rows: connection settings (in `connections.options_json`), sync state, the
 * sync log and cached metric histories. SQL only here, always with bound parameters.
 */
export interface RegistryConnectionRow extends StoredConnection {
  settings: ConnectionSettings;
}

export interface SyncState {
  cursor: unknown;
  needsFull: boolean;
  lastSuccessAt: number | null;
  lastFullSyncAt: number | null;
  serverVersion: string | null;
  features: RegistryFeatures | null;
  counts: SyncCounts | null;
}

interface StateRow {
  cursor_json: string | null;
  needs_full: number;
  last_success_at: number | null;
  last_full_sync_at: number | null;
  server_version: string | null;
  features_json: string | null;
  counts_json: string;
}

export class RegistryStore {
  constructor(private readonly db: Database) {}

  find(name: string): RegistryConnectionRow | null {
    const found = findConnection(this.db, name);
    return found ? this.withSettings(found) : null;
  }

  require(name: string): RegistryConnectionRow {
    return this.withSettings(requireConnection(this.db, name));
  }

  /** Every connection a sync can reach (the demo's recording is replayed, not synced). */
  listSyncable(): RegistryConnectionRow[] {
    const rows = this.db.prepare("SELECT name FROM connections WHERE kind = 'mlflow' ORDER BY name").pluck().all() as string[];
    return rows.map((name) => this.require(name));
  }

  insert(
    spec: { name: string; kind: 'mlflow' | 'prometheus'; url: string; settings: ConnectionSettings },
    now: number,
  ): RegistryConnectionRow {
    if (findConnection(this.db, spec.name)) {
      throw new QuorumError('conflict', `A connection named "${spec.name}" already exists. Choose another name, or update or remove it.`, {
        connection: spec.name,
      });
    }
    this.db
      .prepare('INSERT INTO connections (name, kind, url, options_json, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(spec.name, spec.kind, spec.url, serializeSettings(spec.settings), now);
    return this.require(spec.name);
  }

  update(name: string, change: { url: string; settings: ConnectionSettings }): RegistryConnectionRow {
    const existing = this.require(name);
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE connections SET url = ?, options_json = ? WHERE id = ?')
        .run(change.url, serializeSettings(change.settings), existing.id);
      // Another server (or other credentials) may see another registry: the next sync lists everything.
      if (change.url !== existing.url)
        this.db.prepare('UPDATE registry_sync_state SET needs_full = 1, cursor_json = NULL WHERE connection_id = ?').run(existing.id);
    })();
    return this.require(name);
  }

  /** Deletes the connection and, through ON DELETE CASCADE, its catalog rows, history and sync state. */
  remove(name: string): void {
    const existing = this.require(name);
    this.db.prepare('DELETE FROM connections WHERE id = ?').run(existing.id);
  }

  setStatus(connectionId: number, status: 'ok' | 'error' | 'never-synced', message: string | null, syncedAt?: number): void {
    if (syncedAt === undefined) {
      this.db.prepare('UPDATE connections SET status = ?, status_message = ? WHERE id = ?').run(status, message, connectionId);
    } else {
      this.db
        .prepare('UPDATE connections SET status = ?, status_message = ?, last_sync_at = ? WHERE id = ?')
        .run(status, message, syncedAt, connectionId);
    }
  }

  state(connectionId: number): SyncState {
    const row = this.db
      .prepare(
        'SELECT cursor_json, needs_full, last_success_at, last_full_sync_at, server_version, features_json, counts_json FROM registry_sync_state WHERE connection_id = ?',
      )
      .get(connectionId) as StateRow | undefined;
    if (!row)
      return {
        cursor: null,
        needsFull: true,
        lastSuccessAt: null,
        lastFullSyncAt: null,
        serverVersion: null,
        features: null,
        counts: null,
      };
    const features = row.features_json ? registryFeaturesSchema.safeParse(JSON.parse(row.features_json)) : null;
    const counts = syncCountsSchema.safeParse(JSON.parse(row.counts_json));
    return {
      cursor: row.cursor_json ? (JSON.parse(row.cursor_json) as unknown) : null,
      needsFull: row.needs_full === 1,
      lastSuccessAt: row.last_success_at,
      lastFullSyncAt: row.last_full_sync_at,
      serverVersion: row.server_version,
      features: features?.success ? features.data : null,
      counts: counts.success ? counts.data : null,
    };
  }

  recordTest(connectionId: number, result: { serverVersion: string | null; features: RegistryFeatures; at: number }): void {
    this.ensureState(connectionId);
    this.db
      .prepare('UPDATE registry_sync_state SET server_version = ?, features_json = ?, tested_at = ? WHERE connection_id = ?')
      .run(result.serverVersion, JSON.stringify(result.features), result.at, connectionId);
  }

  /** A sync that completed: the cursor advances, and a full one clears the debt of a full listing. */
  recordCompleteSync(connectionId: number, sync: { mode: SyncMode; cursor: unknown; at: number; counts: SyncCounts }): void {
    this.ensureState(connectionId);
    this.db
      .prepare(
        `UPDATE registry_sync_state SET cursor_json = ?, last_success_at = ?, counts_json = ?,
           needs_full = CASE WHEN ? = 'full' THEN 0 ELSE needs_full END,
           last_full_sync_at = CASE WHEN ? = 'full' THEN ? ELSE last_full_sync_at END
         WHERE connection_id = ?`,
      )
      .run(JSON.stringify(sync.cursor), sync.at, JSON.stringify(sync.counts), sync.mode, sync.mode, sync.at, connectionId);
  }

  log(entry: {
    connectionId: number;
    jobId: string;
    mode: SyncMode;
    outcome: string;
    message: string;
    counts: SyncCounts;
    startedAt: number;
    finishedAt: number;
  }): void {
    this.db
      .prepare(
        'INSERT INTO registry_sync_log (connection_id, job_id, mode, outcome, message, counts_json, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        entry.connectionId,
        entry.jobId,
        entry.mode,
        entry.outcome,
        entry.message,
        JSON.stringify(entry.counts),
        entry.startedAt,
        entry.finishedAt,
      );
  }

  /** What the catalog holds for a connection, read once per sync (the sets stay small: ids only). */
  known(connectionId: number): KnownCatalog {
    const runIds = new Set(this.db.prepare('SELECT run_id FROM runs WHERE connection_id = ?').pluck().all(connectionId) as string[]);
    const open = this.db
      .prepare("SELECT run_id FROM runs WHERE connection_id = ? AND status IN ('RUNNING', 'SCHEDULED')")
      .pluck()
      .all(connectionId) as string[];
    const models = this.db
      .prepare('SELECT name FROM registered_models WHERE connection_id = ? AND deleted_on_server_at IS NULL')
      .pluck()
      .all(connectionId) as string[];
    const versions = (
      this.db
        .prepare('SELECT model_name, version FROM model_versions WHERE connection_id = ? AND deleted_on_server_at IS NULL')
        .all(connectionId) as { model_name: string; version: number }[]
    ).map((v): VersionRef => ({ model: v.model_name, version: v.version }));
    return {
      hasRun: (runId) => runIds.has(runId),
      openRunIds: () => open,
      modelNames: () => models,
      versionKeys: () => versions,
    };
  }

  modelExists(connectionId: number, name: string): boolean {
    return this.db.prepare('SELECT 1 FROM registered_models WHERE connection_id = ? AND name = ?').get(connectionId, name) !== undefined;
  }

  runStatus(connectionId: number, runId: string): string | null {
    return (
      (this.db.prepare('SELECT status FROM runs WHERE connection_id = ? AND run_id = ?').pluck().get(connectionId, runId) as
        string | undefined) ?? null
    );
  }

  cachedHistory(connectionId: number, runId: string, key: string): { points: MetricPoint[]; fetchedAt: number } | null {
    const row = this.db
      .prepare('SELECT points_json, fetched_at FROM run_metric_history WHERE connection_id = ? AND run_id = ? AND metric_key = ?')
      .get(connectionId, runId, key) as { points_json: string; fetched_at: number } | undefined;
    return row ? { points: JSON.parse(row.points_json) as MetricPoint[], fetchedAt: row.fetched_at } : null;
  }

  cacheHistory(connectionId: number, runId: string, key: string, points: MetricPoint[], at: number): void {
    this.db
      .prepare(
        `INSERT INTO run_metric_history (connection_id, run_id, metric_key, points_json, fetched_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (connection_id, run_id, metric_key) DO UPDATE SET points_json = excluded.points_json, fetched_at = excluded.fetched_at`,
      )
      .run(connectionId, runId, key, JSON.stringify(points), at);
  }

  view(row: RegistryConnectionRow): RegistryConnection {
    const state = this.state(row.id);
    const { id: _id, settings, ...connection } = row;
    return {
      ...connection,
      settings,
      lastSuccessAt: state.lastSuccessAt,
      lastFullSyncAt: state.lastFullSyncAt,
      serverVersion: state.serverVersion,
      features: state.features,
    };
  }

  private ensureState(connectionId: number): void {
    this.db.prepare('INSERT INTO registry_sync_state (connection_id) VALUES (?) ON CONFLICT (connection_id) DO NOTHING').run(connectionId);
  }

  private withSettings(connection: StoredConnection): RegistryConnectionRow {
    const optionsJson = this.db.prepare('SELECT options_json FROM connections WHERE id = ?').pluck().get(connection.id) as string;
    return { ...connection, settings: parseSettings(optionsJson) };
  }
}
