import type { Database } from 'better-sqlite3';
import { QuorumError } from '../errors';
import type { Migration } from './migrations/migration';

/** Marks the file as a Quorum workspace ("QRM1") so another app's SQLite file is never migrated. */
export const QUORUM_APPLICATION_ID = 0x51524d31;

export function schemaVersionOf(db: Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * Applies every migration newer than the database, each in its own transaction with its
 * version bump, so an interrupted upgrade resumes at the first step not yet applied.
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
      step();
    } catch (error) {
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
