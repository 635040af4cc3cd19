import Database from 'better-sqlite3';
import type { Database as SqliteDatabase } from 'better-sqlite3';
import { join } from 'node:path';
import { migrate, schemaVersionOf } from '../../electron/core/store/migrate';
import { MIGRATIONS } from '../../electron/core/store/migrations';
import { makeTempDir } from './temp';

/**
 * A database file brought to `version` by the real migrations, with the pragmas the store
 * uses, so a migration test seeds exactly what a user's workspace at N-1 holds.
 */
export function databaseAt(version: number): { db: SqliteDatabase; path: string } {
  const path = join(makeTempDir('quorum-migration-'), 'workspace.sqlite');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  const reached = migrate(db, MIGRATIONS, version);
  if (reached !== version || schemaVersionOf(db) !== version) {
    db.close();
    throw new Error(`could not bring a test database to schema ${version} (reached ${reached})`);
  }
  return { db, path };
}
