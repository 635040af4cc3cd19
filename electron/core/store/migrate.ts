import type { Database } from 'better-sqlite3';
import { QuorumError } from '../errors';
import type { Migration } from './migrations/migration';

/** Marks the file as a Quorum workspace ("QRM1") so another app's SQLite file is never migrated. */
export const QUORUM_APPLICATION_ID = 0x51524d31;

export function schemaVersionOf(db: Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/** SQLite's "another connection holds the lock" codes (extended codes start with these). */
export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/**
 * Applies every migration newer than the database, each in its own transaction with its
 * version bump, so an interrupted upgrade resumes at the first step not yet applied.
 *
 * A step that cannot start because another process holds the database is not a failed
 * migration: that SQLite error is rethrown as is, so the caller reports the lock (with the
 * file's path) rather than a misleading "migration failed".
 */
export function migrate(db: Database, migrations: readonly Migration[], target?: number): number {
  const goal = target ?? migrations.at(-1)?.version ?? 0;
  let current = schemaVersionOf(db);
  for (const migration of migrations) {
    if (migration.version <= current || migration.version > goal) continue;
    const step = db.transaction(() => {
      migration.up(db);
      db.pragma(`application_id = ${QUORUM_APPLICATION_ID}`);
      db.pragma(`user_version = ${migration.version}`);
    });
    try {
      // IMMEDIATE: take the write lock up front, so a busy database waits for the busy
      // timeout instead of failing half-way when a read lock cannot be upgraded.
      step.immediate();
    } catch (error) {
      if (isBusyError(error)) throw error;
      throw new QuorumError(
        'storage',
        `Schema migration ${migration.version} (${migration.name}) failed; the database was left at schema ${current}.`,
        {
          migration: migration.version,
          cause: error instanceof Error ? error.message : String(error),
        },
      );
    }
    current = migration.version;
  }
  return current;
}
