import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/core/store/migrate';
import { MIGRATIONS } from '../../electron/core/store/migrations';

describe('migration 5 (governance)', () => {
  it('adds the ledger and local tables to a workspace at the previous schema, and the ledger refuses edits', () => {
    const db = new Database(':memory:');
    const previous = MIGRATIONS.filter((m) => m.version < 5).at(-1)?.version ?? 0;
    migrate(db, MIGRATIONS, previous);
    db.prepare("INSERT INTO connections (name, kind, url, created_at) VALUES ('c', 'mlflow', 'http://x', 1)").run();
    expect(migrate(db, MIGRATIONS, 5)).toBe(5);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(
      expect.arrayContaining(['ledger_events', 'governance_local_identities', 'governance_known_keys', 'governance_settings']),
    );
    expect((db.prepare('SELECT count(*) AS n FROM connections').get() as { n: number }).n).toBe(1);
    db.prepare(
      "INSERT INTO ledger_events (id, kind, author, at, canonical, signature, received_at) VALUES ('a', 'k', 'x', 1, '{}', 's', 1)",
    ).run();
    expect(() => db.prepare("UPDATE ledger_events SET kind = 'z'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM ledger_events').run()).toThrow(/append-only/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO ledger_events (id, kind, author, at, canonical, signature, received_at) VALUES ('a', 'k', 'x', 1, '{}', 's', 1)",
        )
        .run(),
    ).toThrow(/UNIQUE/);
    db.close();
  });
});
