import type { Database, Statement } from 'better-sqlite3';
import type { ModelListInput } from '@shared/contract/catalog.contract';
import type { ModelSummary, ObservedChange, Run, VersionDetail, VersionSummary } from '@shared/domain/catalog';
import { QuorumError } from '../errors';
import { ownerOf, riskTierOf, teamOf } from './governance-tags';

type ListFilter = Required<Pick<ModelListInput, 'sortBy' | 'sortDirection' | 'limit' | 'offset'>> &
  Omit<ModelListInput, 'sortBy' | 'sortDirection' | 'limit' | 'offset'>;

interface ModelRow {
  connection: string;
  name: string;
  description: string;
  created_at: number;
  last_updated_at: number;
  tags_json: string;
  aliases_json: string;
  deleted_on_server_at: number | null;
  latest_version: number | null;
  version_count: number;
}

const MODEL_SELECT = `
  SELECT c.name AS connection, m.name, m.description, m.created_at, m.last_updated_at, m.tags_json, m.aliases_json,
         m.deleted_on_server_at,
         (SELECT max(v.version) FROM model_versions v WHERE v.connection_id = m.connection_id AND v.model_name = m.name
            AND v.deleted_on_server_at IS NULL) AS latest_version,
         (SELECT count(*) FROM model_versions v WHERE v.connection_id = m.connection_id AND v.model_name = m.name) AS version_count
  FROM registered_models m JOIN connections c ON c.id = m.connection_id`;

function toSummary(row: ModelRow): ModelSummary {
  const tags = JSON.parse(row.tags_json) as ModelSummary['tags'];
  return {
    connection: row.connection,
    name: row.name,
    description: row.description,
    team: teamOf(tags),
    owner: ownerOf(tags),
    riskTier: riskTierOf(tags),
    latestVersion: row.latest_version,
    versionCount: row.version_count,
    aliases: JSON.parse(row.aliases_json) as ModelSummary['aliases'],
    tags,
    createdAt: row.created_at,
    lastUpdatedAt: row.last_updated_at,
    deletedOnServerAt: row.deleted_on_server_at,
  };
}

export function allModels(db: Database): ModelSummary[] {
  return (db.prepare(MODEL_SELECT).all() as ModelRow[]).map(toSummary);
}

interface ModelCache {
  readonly changes: Statement;
  key: string;
  models: readonly ModelSummary[];
}

const modelCaches = new WeakMap<Database, ModelCache>();

/**
 * `allModels`, kept between calls until the database changes: reading and decoding every
 * model costs tens of ms at 10,000 models, filtering and sorting them one or two. The key is
 * this connection's `total_changes()` (its own writes: ingest, sync) with `data_version`
 * (commits by other connections, e.g. a CLI sync beside the running app). The summaries are
 * shared between calls: read them, never change them.
 */
export function cachedModels(db: Database): readonly ModelSummary[] {
  let cache = modelCaches.get(db);
  if (!cache) {
    cache = { changes: db.prepare('SELECT total_changes() AS n'), key: '', models: [] };
    modelCaches.set(db, cache);
  }
  const key = `${String(db.pragma('data_version', { simple: true }))}:${(cache.changes.get() as { n: number }).n}`;
  if (cache.key !== key) {
    cache.models = allModels(db);
    cache.key = key;
  }
  return cache.models;
}

const TIER_ORDER = { high: 0, medium: 1, low: 2 } as const;

/** Filters and sorts the catalog. Pure over the summaries, so it is measured and tested alone. */
export function filterModels(models: readonly ModelSummary[], filter: ListFilter): { total: number; items: ModelSummary[] } {
  const needle = filter.query?.trim().toLowerCase() ?? '';
  const matching = models.filter((m) => {
    if (filter.connection && m.connection !== filter.connection) return false;
    if (filter.team && m.team !== filter.team) return false;
    if (filter.riskTier && m.riskTier !== filter.riskTier) return false;
    if (filter.alias && !m.aliases.some((a) => a.alias === filter.alias)) return false;
    if (filter.tag && !m.tags.some((t) => `${t.key}=${t.value}` === filter.tag || t.key === filter.tag)) return false;
    if (needle === '') return true;
    return (
      m.name.toLowerCase().includes(needle) ||
      m.description.toLowerCase().includes(needle) ||
      (m.team ?? '').toLowerCase().includes(needle) ||
      m.tags.some((t) => t.value.toLowerCase().includes(needle))
    );
  });
  const direction = filter.sortDirection === 'desc' ? -1 : 1;
  const key = filter.sortBy;
  matching.sort((a, b) => direction * compareBy(key, a, b) || a.name.localeCompare(b.name) || a.connection.localeCompare(b.connection));
  return { total: matching.length, items: matching.slice(filter.offset, filter.offset + filter.limit) };
}

function compareBy(key: ListFilter['sortBy'], a: ModelSummary, b: ModelSummary): number {
  switch (key) {
    case 'name':
      return a.name.localeCompare(b.name);
    case 'connection':
      return a.connection.localeCompare(b.connection);
    case 'team':
      return (a.team ?? '\uffff').localeCompare(b.team ?? '\uffff');
    case 'riskTier':
      return (a.riskTier ? TIER_ORDER[a.riskTier] : 3) - (b.riskTier ? TIER_ORDER[b.riskTier] : 3);
    case 'latestVersion':
      return (a.latestVersion ?? -1) - (b.latestVersion ?? -1);
    case 'lastUpdatedAt':
      return a.lastUpdatedAt - b.lastUpdatedAt;
  }
}

export function getModel(db: Database, connection: string, name: string): ModelSummary {
  const row = db.prepare(`${MODEL_SELECT} WHERE c.name = ? AND m.name = ?`).get(connection, name) as ModelRow | undefined;
  if (!row) throw new QuorumError('not_found', `No model "${name}" in connection "${connection}".`, { connection, name });
  return toSummary(row);
}

interface VersionRow {
  connection: string;
  model_name: string;
  version: number;
  status: string;
  stage: string;
  source: string | null;
  run_id: string | null;
  user_id: string | null;
  description: string;
  tags_json: string;
  aliases_json: string;
  created_at: number;
  last_updated_at: number;
  deleted_on_server_at: number | null;
}

const VERSION_SELECT = `SELECT c.name AS connection, v.* FROM model_versions v JOIN connections c ON c.id = v.connection_id`;

function toVersion(row: VersionRow, modelAliases: ModelSummary['aliases']): VersionSummary {
  // The registered model's alias list is the authority; older MLflow servers omit aliases on versions.
  const aliases = new Set([
    ...(JSON.parse(row.aliases_json) as string[]),
    ...modelAliases.filter((a) => a.version === row.version).map((a) => a.alias),
  ]);
  return {
    connection: row.connection,
    modelName: row.model_name,
    version: row.version,
    status: row.status,
    stage: row.stage,
    source: row.source,
    runId: row.run_id,
    user: row.user_id,
    description: row.description,
    aliases: [...aliases].sort(),
    tags: JSON.parse(row.tags_json) as VersionSummary['tags'],
    createdAt: row.created_at,
    lastUpdatedAt: row.last_updated_at,
    deletedOnServerAt: row.deleted_on_server_at,
  };
}

export function listVersions(db: Database, model: ModelSummary): VersionSummary[] {
  const rows = db
    .prepare(`${VERSION_SELECT} WHERE c.name = ? AND v.model_name = ? ORDER BY v.version DESC`)
    .all(model.connection, model.name) as VersionRow[];
  return rows.map((r) => toVersion(r, model.aliases));
}

interface ChangeRow {
  id: number;
  connection: string;
  model_name: string;
  version: number | null;
  kind: ObservedChange['kind'];
  subject: string | null;
  from_value: string | null;
  to_value: string | null;
  observed_at: number;
}

export function listChanges(db: Database, connection: string, modelName: string, limit = 500): ObservedChange[] {
  const rows = db
    .prepare(
      `SELECT o.*, c.name AS connection FROM observed_changes o JOIN connections c ON c.id = o.connection_id
       WHERE c.name = ? AND o.model_name = ? ORDER BY o.observed_at DESC, o.id DESC LIMIT ?`,
    )
    .all(connection, modelName, limit) as ChangeRow[];
  return rows.map((r) => ({
    id: r.id,
    connection: r.connection,
    modelName: r.model_name,
    version: r.version,
    kind: r.kind,
    subject: r.subject,
    from: r.from_value,
    to: r.to_value,
    observedAt: r.observed_at,
  }));
}

interface RunRow {
  connection: string;
  run_id: string;
  experiment_id: string;
  experiment_name: string | null;
  run_name: string | null;
  user_id: string | null;
  status: Run['status'];
  start_time: number | null;
  end_time: number | null;
  params_json: string;
  metrics_json: string;
  tags_json: string;
  inputs_json: string;
}

export function getRun(db: Database, connection: string, runId: string): Run | null {
  const row = db
    .prepare(
      `SELECT c.name AS connection, r.*, e.name AS experiment_name FROM runs r JOIN connections c ON c.id = r.connection_id
       LEFT JOIN experiments e ON e.connection_id = r.connection_id AND e.experiment_id = r.experiment_id
       WHERE c.name = ? AND r.run_id = ?`,
    )
    .get(connection, runId) as RunRow | undefined;
  if (!row) return null;
  const tags = JSON.parse(row.tags_json) as Run['tags'];
  const tag = (key: string): string | null => tags.find((t) => t.key === key)?.value ?? null;
  return {
    connection: row.connection,
    runId: row.run_id,
    experimentId: row.experiment_id,
    experimentName: row.experiment_name,
    runName: row.run_name,
    user: row.user_id ?? tag('mlflow.user'),
    status: row.status,
    startTime: row.start_time,
    endTime: row.end_time,
    gitCommit: tag('mlflow.source.git.commit'),
    sourceName: tag('mlflow.source.name'),
    params: JSON.parse(row.params_json) as Run['params'],
    metrics: JSON.parse(row.metrics_json) as Run['metrics'],
    tags,
    datasetInputs: JSON.parse(row.inputs_json) as Run['datasetInputs'],
  };
}

export function getVersion(db: Database, connection: string, name: string, version: number): VersionDetail {
  const model = getModel(db, connection, name);
  const row = db.prepare(`${VERSION_SELECT} WHERE c.name = ? AND v.model_name = ? AND v.version = ?`).get(connection, name, version) as
    VersionRow | undefined;
  if (!row)
    throw new QuorumError('not_found', `Model "${name}" has no version ${version} in connection "${connection}".`, {
      connection,
      name,
      version,
    });
  const summary = toVersion(row, model.aliases);
  return { ...summary, model, run: summary.runId ? getRun(db, connection, summary.runId) : null };
}
