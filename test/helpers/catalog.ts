import { ensureConnection } from '../../electron/core/catalog/connections';
import { openWorkspaceStore, type WorkspaceStore } from '../../electron/core/store/open-store';
import { makeTempDir } from './temp';

export interface CatalogFixture {
  store: WorkspaceStore;
  connectionId: number;
}

/** A fresh workspace (real store, real pragmas) with one MLflow connection. */
export function openCatalog(name = 'prod'): CatalogFixture {
  const store = openWorkspaceStore({ dataDir: makeTempDir('quorum-catalog-') });
  const connection = ensureConnection(store.db, { name, kind: 'mlflow', url: `http://${name}.mlflow.example:5000` }, 1);
  return { store, connectionId: connection.id };
}

export interface ChangeRow {
  model: string;
  version: number | null;
  kind: string;
  subject: string | null;
  from: string | null;
  to: string | null;
  at: number;
}

/** Observed changes with an id above `afterId`, as plain comparable rows, sorted. */
export function changesAfter(fixture: CatalogFixture, afterId: number): ChangeRow[] {
  const rows = fixture.store.db
    .prepare(
      `SELECT model_name AS model, version, kind, subject, from_value AS "from", to_value AS "to", observed_at AS at
       FROM observed_changes WHERE connection_id = ? AND id > ?`,
    )
    .all(fixture.connectionId, afterId) as ChangeRow[];
  return sortChanges(rows);
}

export function sortChanges(rows: ChangeRow[]): ChangeRow[] {
  const key = (r: ChangeRow) => JSON.stringify([r.model, r.version ?? -1, r.kind, r.subject ?? '', r.from ?? '', r.to ?? '', r.at]);
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

export function lastChangeId(fixture: CatalogFixture): number {
  return Number(fixture.store.db.prepare('SELECT coalesce(max(id), 0) FROM observed_changes').pluck().get());
}
