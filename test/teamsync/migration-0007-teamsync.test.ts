import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/core/store/migrate';
import { MIGRATIONS } from '../../electron/core/store/migrations';

describe('migration 7 (team sync)', () => {
  it('adds the team sync tables to a workspace at the previous schema and keeps its ledger', () => {
    const db = new Database(':memory:');
    const previous = MIGRATIONS.filter((m) => m.version < 7).at(-1)?.version ?? 0;
    migrate(db, MIGRATIONS, previous);
    db.prepare(
      "INSERT INTO ledger_events (id, kind, author, at, canonical, signature, received_at) VALUES ('a', 'k', 'x', 1, '{}', 's', 1)",
    ).run();
    expect(migrate(db, MIGRATIONS, 7)).toBe(7);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['teamsync_settings', 'teamsync_remote', 'teamsync_cursor', 'teamsync_quarantine']));
    // The offline queue is the ledger minus what the server is known to hold.
    const queued = db
      .prepare('SELECT count(*) AS n FROM ledger_events e LEFT JOIN teamsync_remote r ON r.id = e.id WHERE r.id IS NULL')
      .get() as { n: number };
    expect(queued.n).toBe(1);
    db.close();
  });
});
