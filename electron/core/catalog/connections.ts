import type { Database } from 'better-sqlite3';
import type { Connection, ConnectionKind } from '@shared/domain/catalog';
import { QuorumError } from '../errors';

interface ConnectionRow {
  id: number;
  name: string;
  kind: ConnectionKind;
  url: string;
  created_at: number;
  last_sync_at: number | null;
  status: Connection['status'];
  status_message: string | null;
}

export interface StoredConnection extends Connection {
  id: number;
}

function toConnection(row: ConnectionRow): StoredConnection {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    url: row.url,
    createdAt: row.created_at,
    lastSyncAt: row.last_sync_at,
    status: row.status,
    statusMessage: row.status_message,
  };
}

export function listConnections(db: Database): StoredConnection[] {
  return (db.prepare('SELECT * FROM connections ORDER BY name').all() as ConnectionRow[]).map(toConnection);
}

export function findConnection(db: Database, name: string): StoredConnection | null {
  const row = db.prepare('SELECT * FROM connections WHERE name = ?').get(name) as ConnectionRow | undefined;
  return row ? toConnection(row) : null;
}

export function requireConnection(db: Database, name: string): StoredConnection {
  const found = findConnection(db, name);
  if (!found) throw new QuorumError('not_found', `No connection named "${name}".`, { connection: name });
  return found;
}

/** Creates the connection, or returns the existing one of the same name, kind and URL. */
export function ensureConnection(db: Database, spec: { name: string; kind: ConnectionKind; url: string }, now: number): StoredConnection {
  const existing = findConnection(db, spec.name);
  if (existing) {
    if (existing.kind !== spec.kind || existing.url !== spec.url) {
      throw new QuorumError('conflict', `A connection named "${spec.name}" already exists for ${existing.url}.`, { connection: spec.name });
    }
    return existing;
  }
  db.prepare('INSERT INTO connections (name, kind, url, created_at) VALUES (?, ?, ?, ?)').run(spec.name, spec.kind, spec.url, now);
  return requireConnection(db, spec.name);
}

export function recordSyncResult(
  db: Database,
  connectionId: number,
  result: { at: number; status: 'ok' | 'error'; message: string | null },
): void {
  db.prepare('UPDATE connections SET last_sync_at = ?, status = ?, status_message = ? WHERE id = ?').run(
    result.at,
    result.status,
    result.message,
    connectionId,
  );
}
