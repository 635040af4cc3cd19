import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { QuorumError } from '../../../electron/core/errors';
import { QUORUM_APPLICATION_ID } from '../../../electron/core/store/migrate';
import { LATEST_SCHEMA_VERSION } from '../../../electron/core/store/migrations';
import { DATABASE_FILE, openWorkspaceStore, type WorkspaceStore } from '../../../electron/core/store/open-store';
import { exitOf, helperScript, runTsxSync, waitForLine } from '../../helpers/child';
import { canMountReadOnly, readOnlyByPermissions, readOnlyMountPrefix } from '../../helpers/read-only';
import { listDir, makeTempDir, removeTempDirs, sha256File } from '../../helpers/temp';

const opened: WorkspaceStore[] = [];
function open(dataDir: string, busyTimeoutMs?: number): WorkspaceStore {
  const store = openWorkspaceStore({ dataDir, ...(busyTimeoutMs === undefined ? {} : { busyTimeoutMs }) });
  opened.push(store);
  return store;
}

function openError(dataDir: string, busyTimeoutMs = 200): QuorumError {
  try {
    open(dataDir, busyTimeoutMs);
  } catch (error) {
    if (error instanceof QuorumError) return error;
    throw new Error(`expected a QuorumError, got ${String(error)}`, { cause: error });
  }
  throw new Error(`opening ${dataDir} succeeded; expected an error`);
}

/** A real workspace with a row in it, closed and checkpointed into the main file. */
function realWorkspace(): { dir: string; path: string } {
  const dir = makeTempDir('quorum-store-');
  const store = openWorkspaceStore({ dataDir: dir });
  const insert = store.db.prepare("INSERT INTO connections (name, kind, url, created_at) VALUES (?, 'mlflow', 'http://mlflow', 1)");
  for (let i = 0; i < 500; i++) insert.run(`connection-${i}-${'x'.repeat(80)}`);
  store.close();
  return { dir, path: join(dir, DATABASE_FILE) };
}

/** Runs the open in a child and returns what it printed. */
function openInChild(dataDir: string, prefix: string[] = []): { ok: boolean; code?: string; message?: string } {
  const result = runTsxSync(helperScript('open-store-child.ts'), [dataDir], { prefix });
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  if (!line.startsWith('{')) throw new Error(`child printed no result (status ${result.status}): ${result.stdout} ${result.stderr}`);
  return JSON.parse(line) as { ok: boolean; code?: string; message?: string };
}

afterEach(() => {
  for (const store of opened.splice(0)) if (store.db.open) store.close();
  removeTempDirs();
});

describe('openWorkspaceStore: a good workspace', () => {
  it('creates a missing data directory (private) and a database at the latest schema', () => {
    const dir = join(makeTempDir(), 'nested', 'data');
    const store = open(dir);
    expect(statSync(dir).isDirectory()).toBe(true);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(store.path).toBe(join(dir, DATABASE_FILE));
    expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(store.db.pragma('application_id', { simple: true })).toBe(QUORUM_APPLICATION_ID);
  });

  it('really runs in WAL mode with foreign keys on and the busy timeout set', () => {
    const dir = makeTempDir();
    const store = open(dir, 1234);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(1234);
    // Behaviour, not only the pragmas: a write goes to the -wal file, and a dangling reference is refused.
    store.db.prepare("INSERT INTO connections (name, kind, url, created_at) VALUES ('a', 'mlflow', 'http://a', 1)").run();
    expect(existsSync(`${store.path}-wal`)).toBe(true);
    expect(() =>
      store.db.prepare("INSERT INTO registered_models (connection_id, name, created_at, last_updated_at) VALUES (999, 'm', 1, 1)").run(),
    ).toThrow(/FOREIGN KEY constraint failed/);
  });

  it('waits 5 s for a lock by default', () => {
    expect(open(makeTempDir()).db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('reopens an existing workspace with its data', () => {
    const { dir } = realWorkspace();
    const store = open(dir);
    expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(store.db.prepare('SELECT count(*) FROM connections').pluck().get()).toBe(500);
  });
});

describe('openWorkspaceStore: refuses and never modifies', () => {
  it('a file of random bytes', () => {
    const dir = makeTempDir();
    const path = join(dir, DATABASE_FILE);
    writeFileSync(path, randomBytes(64 * 1024));
    const hash = sha256File(path);
    const listing = listDir(dir);

    const error = openError(dir);
    expect(error.code).toBe('storage');
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/corrupt or not an SQLite database/);
    expect(error.message).toMatch(/not changed/);
    expect(sha256File(path)).toBe(hash);
    expect(listDir(dir)).toEqual(listing);
  });

  it('a truncated real workspace', () => {
    const { dir, path } = realWorkspace();
    const size = statSync(path).size;
    expect(size).toBeGreaterThan(8 * 4096);
    truncateSync(path, Math.floor(size / 2 / 4096) * 4096);
    const hash = sha256File(path);

    const error = openError(dir);
    expect(error.code).toBe('storage');
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/corrupt/);
    expect(sha256File(path)).toBe(hash);
  });

  it.each([
    ['with tables and no version', 0, 0],
    ['with a user_version of its own', 7, 0],
    ['with an application_id of its own', 3, 0x47504b47],
  ])("another application's SQLite file (%s)", (_label, userVersion, applicationId) => {
    const dir = makeTempDir();
    const path = join(dir, DATABASE_FILE);
    const other = new Database(path);
    other.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('not yours')");
    other.pragma(`user_version = ${userVersion}`);
    other.pragma(`application_id = ${applicationId}`);
    other.close();
    const hash = sha256File(path);
    const listing = listDir(dir);

    const error = openError(dir);
    expect(error.code).toBe('storage');
    expect(error.message).toBe(`${path} is an SQLite database, but not a Quorum workspace. It was not changed.`);
    expect(sha256File(path)).toBe(hash);
    expect(listDir(dir)).toEqual(listing);
  });

  it('a workspace from a newer Quorum, naming both schema versions', () => {
    const { dir, path } = realWorkspace();
    const newer = new Database(path);
    newer.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    newer.close();
    const hash = sha256File(path);

    const error = openError(dir);
    expect(error.code).toBe('storage');
    expect(error.message).toContain(path);
    expect(error.message).toContain(`schema ${LATEST_SCHEMA_VERSION + 5}`);
    expect(error.message).toContain(`up to ${LATEST_SCHEMA_VERSION}`);
    expect(error.details).toMatchObject({ schemaVersion: LATEST_SCHEMA_VERSION + 5, supportedVersion: LATEST_SCHEMA_VERSION });
    expect(sha256File(path)).toBe(hash);
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 5);
    check.close();
  });

  it('a data directory that is a file', () => {
    const parent = makeTempDir();
    const file = join(parent, 'data-dir-file');
    writeFileSync(file, 'I am a file');
    const hash = sha256File(file);
    const error = openError(file);
    expect(error.code).toBe('storage');
    expect(error.message).toBe(`The data directory ${file} is a file, not a directory. Point --data-dir at a directory.`);
    expect(sha256File(file)).toBe(hash);
  });
});

describe('openWorkspaceStore: locked by another process', () => {
  async function withHolder<T>(path: string, journalMode: string, kind: string, body: () => T): Promise<T> {
    const child = spawn(process.execPath, [helperScript('sqlite-lock-holder.mjs'), path, journalMode, kind], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    try {
      await waitForLine(child, /^locked$/);
      return body();
    } finally {
      child.stdin.end();
      await exitOf(child);
    }
  }

  const lockedMessage = (path: string) =>
    `The workspace ${path} is locked by another process. Close the other Quorum or tool using it and try again.`;

  it('a rollback-journal workspace held in an exclusive transaction: a clear "locked" error, file unchanged', async () => {
    const { dir, path } = realWorkspace();
    const convert = new Database(path);
    convert.pragma('journal_mode = DELETE');
    convert.close();
    const hash = sha256File(path);
    const error = await withHolder(path, 'DELETE', 'exclusive', () => openError(dir));
    expect(error.code).toBe('storage');
    expect(error.message).toBe(lockedMessage(path));
    expect(sha256File(path)).toBe(hash);
  });

  it('a WAL workspace held in exclusive locking mode: locked', async () => {
    const { dir, path } = realWorkspace();
    const error = await withHolder(path, 'WAL', 'exclusive-locking-mode', () => openError(dir));
    expect(error.message).toBe(lockedMessage(path));
  });

  it('a WAL workspace that needs a migration while another process writes: locked, not "migration failed", nothing written', async () => {
    // Schema 0 (an empty Quorum file, as a first start leaves it): opening must migrate,
    // which needs the write lock the other process holds.
    const dir = makeTempDir();
    const path = join(dir, DATABASE_FILE);
    new Database(path).close();
    const error = await withHolder(path, 'WAL', 'immediate', () => openError(dir));
    expect(error.message).toBe(lockedMessage(path));
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(0);
    expect(check.prepare('SELECT count(*) FROM sqlite_master').pluck().get()).toBe(0);
    check.close();
  });

  it('an up-to-date WAL workspace with a writer elsewhere still opens: WAL readers are not blocked', async () => {
    const { dir, path } = realWorkspace();
    const schema = await withHolder(path, 'WAL', 'immediate', () => open(dir, 200).schemaVersion);
    expect(schema).toBe(LATEST_SCHEMA_VERSION);
  });
});

describe('openWorkspaceStore: read-only data directory', () => {
  it('refuses, by permissions, both a new and an existing workspace, and leaves the file unchanged', () => {
    const base = makeTempDir();
    const empty = join(base, 'empty');
    mkdirSync(empty);
    const existing = join(base, 'existing');
    openWorkspaceStore({ dataDir: existing }).close();
    const path = join(existing, DATABASE_FILE);
    const hash = sha256File(path);

    const { prefix: emptyPrefix } = readOnlyByPermissions(empty, [base]);
    const { prefix } = readOnlyByPermissions(existing, [base]);

    const fresh = openInChild(empty, emptyPrefix);
    expect(fresh).toEqual({
      ok: false,
      code: 'storage',
      message: `The data directory ${empty} is read-only. Quorum needs to write its workspace there.`,
    });
    expect(listDir(empty)).toEqual([]);

    const old = openInChild(existing, prefix);
    expect(old).toEqual({
      ok: false,
      code: 'storage',
      message: `The data directory ${existing} is read-only. Quorum needs to write its workspace there.`,
    });
    expect(sha256File(path)).toBe(hash);
    expect(listDir(existing)).toEqual([DATABASE_FILE]);
  });

  it.skipIf(!canMountReadOnly())('refuses a directory on a read-only file system (bind mount), even as root', () => {
    const mountDir = makeTempDir('quorum-ro-mount-');
    openWorkspaceStore({ dataDir: mountDir }).close();
    const path = join(mountDir, DATABASE_FILE);
    const hash = sha256File(path);
    const result = openInChild(mountDir, readOnlyMountPrefix(mountDir));
    expect(result).toEqual({
      ok: false,
      code: 'storage',
      message: `The data directory ${mountDir} is read-only. Quorum needs to write its workspace there.`,
    });
    expect(sha256File(path)).toBe(hash);
  });
});
