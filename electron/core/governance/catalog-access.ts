import type { Database } from 'better-sqlite3';
import type { Alias, Tag, VersionDetail } from '@shared/domain/catalog';
import { getModel, getVersion } from '../catalog/queries';
import { QuorumError } from '../errors';

/**
 * How governance reads the catalog: resolving MODEL@VERSION (with an optional connection
 * qualifier) to one version, and bulk lookups the inbox needs.
 */

export interface SubjectRef {
  connection?: string | undefined;
  model: string;
  version?: number | undefined;
  alias?: string | undefined;
}

export function resolveConnection(db: Database, model: string, connection?: string): string {
  if (connection !== undefined) return connection;
  const rows = db
    .prepare(
      'SELECT c.name AS connection FROM registered_models m JOIN connections c ON c.id = m.connection_id WHERE m.name = ? ORDER BY c.name',
    )
    .all(model) as { connection: string }[];
  if (rows.length === 0) throw new QuorumError('not_found', `No model named "${model}" in any connection.`, { model });
  if (rows.length > 1) {
    const names = rows.map((r) => r.connection);
    throw new QuorumError(
      'invalid_input',
      `Model "${model}" exists in ${names.length} connections (${names.join(', ')}); qualify it as CONNECTION/${model}@VERSION.`,
      { model, connections: names },
    );
  }
  return (rows[0] as { connection: string }).connection;
}

/** The version a reference names; a version deleted on the server cannot be governed. */
export function resolveVersion(db: Database, ref: SubjectRef): VersionDetail {
  const connection = resolveConnection(db, ref.model, ref.connection);
  let version = ref.version;
  if (version === undefined) {
    const model = getModel(db, connection, ref.model);
    const alias = model.aliases.find((a) => a.alias === ref.alias);
    if (!alias)
      throw new QuorumError('not_found', `Model "${ref.model}" has no alias @${ref.alias ?? ''}.`, { model: ref.model, alias: ref.alias });
    version = alias.version;
  }
  const detail = getVersion(db, connection, ref.model, version);
  if (detail.deletedOnServerAt !== null) {
    throw new QuorumError('not_found', `${ref.model} v${version} was deleted on the registry; it cannot be released.`, {
      model: ref.model,
      version,
    });
  }
  return detail;
}

/** Model tags by connection and name, for tiering many requests at once. */
export function modelTagIndex(db: Database): Map<string, Tag[]> {
  const rows = db
    .prepare(
      'SELECT c.name AS connection, m.name AS name, m.tags_json AS tags FROM registered_models m JOIN connections c ON c.id = m.connection_id',
    )
    .all() as { connection: string; name: string; tags: string }[];
  return new Map(rows.map((r) => [`${r.connection}\u0000${r.name}`, JSON.parse(r.tags) as Tag[]]));
}

export interface ObservedMove {
  id: number;
  connection: string;
  model: string;
  version: number | null;
  kind: 'alias-moved' | 'alias-removed' | 'stage-changed';
  subject: string | null;
  from: string | null;
  to: string | null;
  observedAt: number;
}

export function observedMoves(db: Database, filter?: { connection: string; model: string }): ObservedMove[] {
  const sql = `SELECT o.id, c.name AS connection, o.model_name AS model, o.version, o.kind, o.subject, o.from_value AS "from", o.to_value AS "to",
                      o.observed_at AS observedAt
               FROM observed_changes o JOIN connections c ON c.id = o.connection_id
               WHERE o.kind IN ('alias-moved', 'alias-removed', 'stage-changed') ${filter ? 'AND c.name = ? AND o.model_name = ?' : ''}
               ORDER BY o.observed_at, o.id`;
  const statement = db.prepare(sql);
  return (filter ? statement.all(filter.connection, filter.model) : statement.all()) as ObservedMove[];
}

/** Where a version stands in its registry now: the aliases it holds and its (legacy MLflow) stage. */
export interface VersionPlacement {
  aliases: string[];
  stage: string;
}

/**
 * A lookup of versions' current placement, for deciding whether a version is deployed (holds
 * a governed alias or stage). Aliases as the catalog shows them: the registered model's list
 * (the authority) and the version's own. Null for a version the catalog does not have or the
 * server deleted.
 */
export function versionPlacements(
  db: Database,
): (subject: { connection: string; model: string; version: number }) => VersionPlacement | null {
  const statement = db.prepare(
    `SELECT v.aliases_json AS own, m.aliases_json AS model, v.stage FROM model_versions v
     JOIN connections c ON c.id = v.connection_id
     JOIN registered_models m ON m.connection_id = v.connection_id AND m.name = v.model_name
     WHERE c.name = ? AND v.model_name = ? AND v.version = ? AND v.deleted_on_server_at IS NULL`,
  );
  return (subject) => {
    const row = statement.get(subject.connection, subject.model, subject.version) as
      { own: string; model: string; stage: string } | undefined;
    if (!row) return null;
    const held = (JSON.parse(row.model) as Alias[]).filter((a) => a.version === subject.version).map((a) => a.alias);
    return { aliases: [...new Set([...held, ...(JSON.parse(row.own) as string[])])], stage: row.stage };
  };
}
