import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { QuorumError } from '../../../electron/core/errors';
import { QUORUM_APPLICATION_ID, migrate, schemaVersionOf } from '../../../electron/core/store/migrate';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../electron/core/store/migrations';
import type { Migration } from '../../../electron/core/store/migrations/migration';
import { helperScript, runTsxSync } from '../../helpers/child';
import { columnsOf, dumpTables, tableNames } from '../../helpers/db-dump';
import { databaseAt } from '../../helpers/migrations';
import { removeTempDirs } from '../../helpers/temp';

const LATEST = LATEST_SCHEMA_VERSION;

function seedCatalog(db: Database.Database): void {
  const id = db
    .prepare("INSERT INTO connections (name, kind, url, created_at) VALUES ('prod', 'mlflow', 'http://mlflow:5000', 1)")
    .run().lastInsertRowid;
  db.prepare("INSERT INTO registered_models (connection_id, name, created_at, last_updated_at) VALUES (?, 'fraud-detector', 1, 2)").run(id);
}

function failingMigration(version: number, fail: (db: Database.Database) => void): Migration {
  return {
    version,
    name: 'fails-half-way',
    up(db) {
      db.exec('CREATE TABLE half_done (x TEXT)');
      db.prepare("INSERT INTO half_done VALUES ('written before the failure')").run();
      db.exec('ALTER TABLE connections ADD COLUMN half_done_column TEXT');
      db.exec("UPDATE connections SET url = 'http://changed-by-failing-migration'");
      fail(db);
    },
  };
}

describe('migrate', () => {
  afterEach(removeTempDirs);

  it('rolls a failing step back whole: version, schema and data are as before', () => {
    const { db } = databaseAt(LATEST);
    seedCatalog(db);
    const before = dumpTables(db);
    const tablesBefore = tableNames(db);
    const columnsBefore = columnsOf(db, 'connections');

    let thrown: unknown;
    try {
      migrate(db, [
        ...MIGRATIONS,
        failingMigration(LATEST + 1, () => {
          throw new Error('disk said no');
        }),
      ]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(QuorumError);
    const error = thrown as QuorumError;
    expect(error.code).toBe('storage');
    expect(error.message).toBe(`Schema migration ${LATEST + 1} (fails-half-way) failed; the database was left at schema ${LATEST}.`);
    expect(error.details).toMatchObject({ migration: LATEST + 1, cause: 'disk said no' });

    expect(schemaVersionOf(db)).toBe(LATEST);
    expect(db.pragma('application_id', { simple: true })).toBe(QUORUM_APPLICATION_ID);
    expect(tableNames(db)).toEqual(tablesBefore);
    expect(columnsOf(db, 'connections')).toEqual(columnsBefore);
    expect(dumpTables(db)).toEqual(before);
    db.close();
  });

  it('rolls back a step that fails on bad SQL', () => {
    const { db } = databaseAt(LATEST);
    seedCatalog(db);
    const before = dumpTables(db);
    let thrown: unknown;
    try {
      migrate(db, [...MIGRATIONS, failingMigration(LATEST + 1, (inner) => inner.exec('INSERT INTO no_such_table VALUES (1)'))]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(QuorumError);
    expect((thrown as QuorumError).details?.cause).toMatch(/no such table: no_such_table/);
    expect(schemaVersionOf(db)).toBe(LATEST);
    expect(dumpTables(db)).toEqual(before);
    db.close();
  });

  it('keeps the steps that succeeded and resumes at the first one not applied', () => {
    const { db } = databaseAt(LATEST);
    seedCatalog(db);
    let secondRuns = 0;
    const second: Migration = {
      version: LATEST + 1,
      name: 'adds-notes',
      up(inner) {
        secondRuns++;
        inner.exec("CREATE TABLE notes (text TEXT NOT NULL); INSERT INTO notes VALUES ('kept')");
      },
    };
    const broken = failingMigration(LATEST + 2, () => {
      throw new Error('bug in step 3');
    });
    expect(() => migrate(db, [...MIGRATIONS, second, broken])).toThrow(QuorumError);
    expect(schemaVersionOf(db)).toBe(LATEST + 1);
    expect(db.prepare('SELECT text FROM notes').pluck().all()).toEqual(['kept']);
    expect(tableNames(db)).not.toContain('half_done');

    const fixed: Migration = { version: LATEST + 2, name: 'fixed', up: (inner) => inner.exec('CREATE TABLE done (x)') };
    expect(migrate(db, [...MIGRATIONS, second, fixed])).toBe(LATEST + 2);
    expect(secondRuns).toBe(1);
    expect(tableNames(db)).toContain('done');
    db.close();
  });

  it('stops at the target version', () => {
    const { db } = databaseAt(0);
    expect(migrate(db, MIGRATIONS, 0)).toBe(0);
    expect(tableNames(db)).toEqual([]);
    expect(schemaVersionOf(db)).toBe(0);
    expect(migrate(db, MIGRATIONS)).toBe(LATEST);
    db.close();
  });

  it('leaves version and data unchanged when the process dies in the middle of a step', () => {
    const { db, path } = databaseAt(LATEST);
    seedCatalog(db);
    const before = dumpTables(db);
    db.close();

    const child = runTsxSync(helperScript('crash-during-migration.ts'), [path]);
    expect(child.stdout).toContain('writing');
    expect(child.signal).toBe('SIGKILL');

    const reopened = new Database(path, { fileMustExist: true });
    expect(schemaVersionOf(reopened)).toBe(LATEST);
    expect(tableNames(reopened)).not.toContain('half_done');
    expect(dumpTables(reopened)).toEqual(before);
    expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
    reopened.close();
  });
});
