import Database from 'better-sqlite3';
import type { Database as SqliteDatabase } from 'better-sqlite3';
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { QuorumError } from '../errors';
import { isBusyError, migrate, QUORUM_APPLICATION_ID, schemaVersionOf } from './migrate';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations';

export const DATABASE_FILE = 'workspace.sqlite';

export interface OpenStoreOptions {
  dataDir: string;
  /** Path to a better-sqlite3 binary built for another ABI (Electron's); Node's build otherwise. */
  nativeBinding?: string;
  /** How long to wait for another process's lock before giving up. */
  busyTimeoutMs?: number;
}

export interface WorkspaceStore {
  readonly db: SqliteDatabase;
  readonly dataDir: string;
  readonly path: string;
  readonly schemaVersion: number;
  close(): void;
}

/**
 * Opens (creating if needed) the workspace database of a data directory and brings its
 * schema up to date. Every check that can refuse the file runs read-only first, so a
 * corrupt, foreign, locked or newer database is reported and left untouched.
 */
export function openWorkspaceStore(options: OpenStoreOptions): WorkspaceStore {
  const dataDir = resolve(options.dataDir);
  const timeout = options.busyTimeoutMs ?? 5_000;
  const driverOptions = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  ensureDataDir(dataDir);
  const path = join(dataDir, DATABASE_FILE);
  if (existsSync(path)) inspectExisting(path, { ...driverOptions, timeout });

  let db: SqliteDatabase;
  try {
    db = new Database(path, { ...driverOptions, timeout });
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
  } catch (error) {
    throw storageError(path, error);
  }
  let schemaVersion: number;
  try {
    schemaVersion = migrate(db, MIGRATIONS);
  } catch (error) {
    db.close();
    throw error instanceof QuorumError ? error : storageError(path, error);
  }
  return { db, dataDir, path, schemaVersion, close: () => db.close() };
}

/**
 * Makes sure the data directory exists and is writable, creating it if needed; refuses a
 * file or a read-only directory with a message naming it. `quorum serve` calls it before
 * taking the instance lock, so the lock is held before the workspace is opened.
 */
export function ensureDataDir(dataDir: string): void {
  if (existsSync(dataDir)) {
    if (!statSync(dataDir).isDirectory()) {
      throw new QuorumError('storage', `The data directory ${dataDir} is a file, not a directory. Point --data-dir at a directory.`, {
        dataDir,
      });
    }
  } else {
    try {
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new QuorumError('storage', `Cannot create the data directory ${dataDir}: ${messageOf(error)}`, { dataDir });
    }
  }
  try {
    accessSync(dataDir, constants.R_OK | constants.W_OK);
  } catch {
    throw new QuorumError('storage', `The data directory ${dataDir} is read-only. Quorum needs to write its workspace there.`, { dataDir });
  }
}

function inspectExisting(path: string, options: Database.Options): void {
  let probe: SqliteDatabase | undefined;
  try {
    probe = new Database(path, { ...options, readonly: true, fileMustExist: true });
    const version = schemaVersionOf(probe);
    const applicationId = Number(probe.pragma('application_id', { simple: true }));
    if (version === 0) {
      const objects = probe.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number };
      if (objects.n > 0) throw foreign(path);
      return;
    }
    if (applicationId !== QUORUM_APPLICATION_ID) throw foreign(path);
    if (version > LATEST_SCHEMA_VERSION) {
      throw new QuorumError(
        'storage',
        `The workspace ${path} was written by a newer Quorum (schema ${version}; this build knows up to ${LATEST_SCHEMA_VERSION}). Upgrade Quorum to open it; the file was not changed.`,
        { path, schemaVersion: version, supportedVersion: LATEST_SCHEMA_VERSION },
      );
    }
  } catch (error) {
    throw error instanceof QuorumError ? error : storageError(path, error);
  } finally {
    probe?.close();
  }
}

function foreign(path: string): QuorumError {
  return new QuorumError('storage', `${path} is an SQLite database, but not a Quorum workspace. It was not changed.`, { path });
}

function storageError(path: string, error: unknown): QuorumError {
  const code = (error as { code?: string }).code ?? '';
  if (isBusyError(error)) {
    return new QuorumError(
      'storage',
      `The workspace ${path} is locked by another process. Close the other Quorum or tool using it and try again.`,
      {
        path,
        sqliteCode: code,
      },
    );
  }
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) {
    return new QuorumError(
      'storage',
      `The workspace ${path} is corrupt or not an SQLite database. It was not changed; restore it from a backup or choose another --data-dir.`,
      {
        path,
        sqliteCode: code,
      },
    );
  }
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM') {
    return new QuorumError('storage', `The workspace ${path} cannot be opened for writing (${code}).`, { path, sqliteCode: code });
  }
  return new QuorumError('storage', `Cannot open the workspace ${path}: ${messageOf(error)}`, { path, sqliteCode: code || null });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
