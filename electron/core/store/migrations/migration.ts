import type { Database } from 'better-sqlite3';

/**
 * One step of the workspace schema. `up` runs inside a transaction with the version bump,
 * so a failing step leaves the database exactly as it was.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database): void;
}
