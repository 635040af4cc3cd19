import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersionOf } from '../../electron/core/store/migrate';
import { MIGRATIONS } from '../../electron/core/store/migrations';
import { lineageMigration } from '../../electron/core/store/migrations/0003-lineage';

describe('migration 3 (lineage)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('takes a workspace at schema 2 with catalog data to 3, adding the lineage tables and changing nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'quorum-m3-'));
    dirs.push(dir);
    const db = new Database(join(dir, 'workspace.sqlite'));
    db.pragma('foreign_keys = ON');
    expect(migrate(db, MIGRATIONS, 2)).toBe(2);
    db.prepare("INSERT INTO connections (name, kind, url, created_at) VALUES ('prod', 'mlflow', 'http://mlflow', 1)").run();
    db.prepare(
      "INSERT INTO runs (connection_id, run_id, experiment_id, status, lifecycle_stage) VALUES (1, 'r1', '1', 'FINISHED', 'active')",
    ).run();
    const before = db.prepare('SELECT * FROM runs').all();

    expect(migrate(db, MIGRATIONS, 3)).toBe(3);
    expect(schemaVersionOf(db)).toBe(3);
    expect(lineageMigration.version).toBe(3);
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'lineage_%' ORDER BY name").all() as { name: string }[]
    ).map((r) => r.name);
    expect(tables).toEqual(['lineage_edges', 'lineage_events', 'lineage_meta', 'lineage_nodes', 'lineage_rejected', 'lineage_runs']);
    expect(db.prepare('SELECT * FROM runs').all()).toEqual(before);

    // The constraints the graph relies on hold.
    db.prepare(
      "INSERT INTO lineage_nodes (kind, namespace, name, origin, first_seen_at, last_seen_at) VALUES ('dataset', 'ns', 'a', 'openlineage', 1, 1)",
    ).run();
    expect(() =>
      db
        .prepare(
          "INSERT INTO lineage_nodes (kind, namespace, name, origin, first_seen_at, last_seen_at) VALUES ('dataset', 'ns', 'a', 'dvc', 2, 2)",
        )
        .run(),
    ).toThrow(/UNIQUE/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO lineage_nodes (kind, namespace, name, origin, first_seen_at, last_seen_at) VALUES ('table', 'ns', 'b', 'x', 1, 1)",
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO lineage_edges (from_id, to_id, kind, confidence, origin, source_ref, valid_from) VALUES (1, 99, 'input', 'observed', 'x', 'y', 1)",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO lineage_edges (from_id, to_id, kind, confidence, origin, source_ref, valid_from) VALUES (1, 1, 'input', 'guessed', 'x', 'y', 1)",
        )
        .run(),
    ).toThrow(/CHECK/);
    db.close();
  });

  it('is followed by every later migration', () => {
    const dir = mkdtempSync(join(tmpdir(), 'quorum-m3-'));
    dirs.push(dir);
    const db = new Database(join(dir, 'workspace.sqlite'));
    const latest = MIGRATIONS.at(-1)?.version ?? 0;
    expect(migrate(db, MIGRATIONS)).toBe(latest);
    expect(MIGRATIONS.map((m) => m.version)).toEqual([...MIGRATIONS.map((m) => m.version)].sort((a, b) => a - b));
    db.close();
  });
});
