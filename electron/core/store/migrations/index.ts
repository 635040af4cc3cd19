import { catalogMigration } from './0001-catalog';
import type { Migration } from './migration';

/** Every schema step, in order. Append only: a released migration never changes. */
export const MIGRATIONS: readonly Migration[] = [catalogMigration];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;
