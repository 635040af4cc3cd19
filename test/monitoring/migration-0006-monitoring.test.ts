import { afterAll, describe, expect, it } from 'vitest';
import { migrate, schemaVersionOf } from '../../electron/core/store/migrate';
import { MIGRATIONS } from '../../electron/core/store/migrations';
import { databaseAt } from '../helpers/migrations';
import { removeTempDirs } from '../helpers/temp';

afterAll(removeTempDirs);

describe('migration 6 (monitoring)', () => {
  it('adds the monitoring tables to a schema-5 workspace; they go with their connection', () => {
    const { db } = databaseAt(5);
    db.prepare("INSERT INTO connections (name, kind, url, created_at) VALUES ('prom', 'prometheus', 'http://127.0.0.1:9090', 1)").run();
    migrate(db, MIGRATIONS, 6);
    expect(schemaVersionOf(db)).toBe(6);
    db.prepare("INSERT INTO monitoring_queries (connection_id, model_name, settings_json, updated_at) VALUES (1, '', '{}', 1)").run();
    db.prepare(
      `INSERT INTO monitoring_polls (connection_id, registry_connection, model_name, model_version, query, evaluated_at, outcome, message, polled_at)
       VALUES (1, 'reg', 'm', 1, 'up', 1, 'no-data', 'x', 1)`,
    ).run();
    expect(() =>
      db
        .prepare(
          `INSERT INTO monitoring_polls (connection_id, registry_connection, model_name, model_version, query, evaluated_at, outcome, message, polled_at)
           VALUES (1, 'reg', 'm', 1, 'up', 1, 'maybe', 'x', 1)`,
        )
        .run(),
    ).toThrow(/CHECK/);
    db.prepare('DELETE FROM connections').run();
    expect(db.prepare('SELECT (SELECT count(*) FROM monitoring_queries) + (SELECT count(*) FROM monitoring_polls) AS n').get()).toEqual({
      n: 0,
    });
    db.close();
  });
});
