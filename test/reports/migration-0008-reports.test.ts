import { afterAll, describe, expect, it } from 'vitest';
import { migrate, schemaVersionOf } from '../../electron/core/store/migrate';
import { MIGRATIONS } from '../../electron/core/store/migrations';
import { databaseAt } from '../helpers/migrations';
import { removeTempDirs } from '../helpers/temp';

afterAll(removeTempDirs);

describe('migration 8 (reports)', () => {
  it('adds the report history to a schema-7 workspace, keeps what was there, and checks kinds and formats', () => {
    const { db } = databaseAt(7);
    db.prepare("INSERT INTO connections (name, kind, url, created_at) VALUES ('reg', 'mlflow', 'http://127.0.0.1:5000', 1)").run();
    migrate(db, MIGRATIONS, 8);
    expect(schemaVersionOf(db)).toBe(8);
    expect(db.prepare('SELECT name FROM connections').all()).toEqual([{ name: 'reg' }]);

    const insert = db.prepare(
      `INSERT INTO reports (kind, title, format, subject, path, manifest_path, manifest_sha256, issued_at, issued_by, ledger_event)
       VALUES (?, 'Release dossier', ?, 'reg/m@1', '/tmp/r.pdf', '/tmp/r.pdf.manifest.json', 'ab', 1, 'sam', 'e1')`,
    );
    insert.run('dossier', 'pdf');
    insert.run('audit', 'md');
    expect(() => insert.run('memo', 'pdf')).toThrow(/CHECK/);
    expect(() => insert.run('dossier', 'docx')).toThrow(/CHECK/);
    expect(db.prepare('SELECT kind, format FROM reports ORDER BY id').all()).toEqual([
      { kind: 'dossier', format: 'pdf' },
      { kind: 'audit', format: 'md' },
    ]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'reports'").all()).toEqual([
      { name: 'reports_by_time' },
    ]);
    db.close();
  });
});
