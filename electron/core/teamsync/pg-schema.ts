import type { ClientBase } from 'pg';
import { QuorumError } from '../errors';

/**
 * The team database's schema, created and migrated by Quorum's own numbered migrations.
 *
 * - `quorum_schema(version, name, applied_at)`: one row per applied step. A database whose
 *   highest version is newer than this build knows is refused (an older Quorum must not
 *   write into a schema it does not understand).
 * - `quorum_events`: one row per ledger event. `id` is the content address (hex SHA-256 of
 *   `canonical`, the exact RFC 8785 bytes the author signed), `seq` the server's arrival
 *   order that pull cursors follow. Triggers refuse UPDATE, DELETE and TRUNCATE; a superuser
 *   who disables them is still caught, because every replica re-hashes and re-verifies what
 *   it pulls, and `team sync --audit` compares the whole table with the local copies.
 *   An INSERT notifies channel `quorum_events` with the workspace id (LISTEN/NOTIFY).
 * - Role `quorum_member` (NOLOGIN): SELECT + INSERT on quorum_events (and the sequence),
 *   SELECT on quorum_schema; nothing else. Grant it to each person's login role
 *   (`GRANT quorum_member TO alice`). Created when the connecting user may create roles.
 *
 * Every statement is fixed text; values only ever travel as bound parameters.
 */

export const NOTIFY_CHANNEL = 'quorum_events';
export const MEMBER_ROLE = 'quorum_member';
/** Serialises pushes so `seq` order equals commit order (a puller's cursor never skips a late commit). */
export const PUSH_LOCK_KEY = 7_362_514_001;
const MIGRATION_LOCK_KEY = 7_362_514_000;
/** Largest event text accepted from the server; the biggest legitimate event (a policy) is ~1 MB. */
export const MAX_EVENT_BYTES = 2_000_000;

interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'events',
    sql: `
      CREATE TABLE quorum_events (
        seq bigserial NOT NULL UNIQUE,
        id text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
        workspace text NOT NULL CHECK (workspace ~ '^[0-9a-f]{64}$'),
        author text NOT NULL CHECK (length(author) <= 64),
        kind text NOT NULL CHECK (length(kind) <= 64),
        canonical text NOT NULL CHECK (length(canonical) <= ${MAX_EVENT_BYTES}),
        signature text NOT NULL CHECK (length(signature) <= 200),
        received_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX quorum_events_by_workspace ON quorum_events (workspace, seq);
      CREATE FUNCTION quorum_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'quorum_events is append-only: % refused', TG_OP; END $$;
      CREATE TRIGGER quorum_events_no_update BEFORE UPDATE ON quorum_events
        FOR EACH ROW EXECUTE FUNCTION quorum_events_append_only();
      CREATE TRIGGER quorum_events_no_delete BEFORE DELETE ON quorum_events
        FOR EACH ROW EXECUTE FUNCTION quorum_events_append_only();
      CREATE TRIGGER quorum_events_no_truncate BEFORE TRUNCATE ON quorum_events
        FOR EACH STATEMENT EXECUTE FUNCTION quorum_events_append_only();
      CREATE FUNCTION quorum_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_notify('${NOTIFY_CHANNEL}', NEW.workspace); RETURN NULL; END $$;
      CREATE TRIGGER quorum_events_notify AFTER INSERT ON quorum_events
        FOR EACH ROW EXECUTE FUNCTION quorum_events_notify();
    `,
  },
];

export const PG_SCHEMA_VERSION = PG_MIGRATIONS.at(-1)?.version ?? 0;

/** Columns the code reads and writes, with their types; anything else means someone altered the table. */
const EXPECTED_COLUMNS: Record<string, string> = {
  seq: 'bigint',
  id: 'text',
  workspace: 'text',
  author: 'text',
  kind: 'text',
  canonical: 'text',
  signature: 'text',
  received_at: 'timestamp with time zone',
};
const EXPECTED_TRIGGERS = ['quorum_events_no_update', 'quorum_events_no_delete', 'quorum_events_no_truncate', 'quorum_events_notify'];

export interface SchemaOutcome {
  version: number;
  migrated: number[];
  /** Whether the least-privilege role exists (created now or before). */
  memberRole: 'created' | 'exists' | 'not-allowed';
}

async function appliedVersion(client: ClientBase): Promise<number | null> {
  const exists = await client.query<{ present: boolean }>("SELECT to_regclass('quorum_schema') IS NOT NULL AS present");
  if (!exists.rows[0]?.present) return null;
  const row = await client.query<{ v: number | null }>('SELECT max(version)::int AS v FROM quorum_schema');
  return row.rows[0]?.v ?? 0;
}

function newerSchema(version: number): QuorumError {
  return new QuorumError(
    'conflict',
    `The team database has Quorum schema version ${version}, newer than this Quorum understands (${PG_SCHEMA_VERSION}). Update Quorum on this machine; nothing was written, and local work continues offline.`,
    { serverSchema: version, knownSchema: PG_SCHEMA_VERSION },
  );
}

/**
 * Brings the team database to this build's schema (under an advisory lock, one migration per
 * transaction), then checks the table still looks as Quorum made it.
 */
export async function ensureSchema(client: ClientBase): Promise<SchemaOutcome> {
  const before = await appliedVersion(client);
  if (before !== null && before > PG_SCHEMA_VERSION) throw newerSchema(before);
  const migrated: number[] = [];
  if (before === null || before < PG_SCHEMA_VERSION) {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query(
        'CREATE TABLE IF NOT EXISTS quorum_schema (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const current = (await appliedVersion(client)) ?? 0;
      if (current > PG_SCHEMA_VERSION) throw newerSchema(current);
      for (const migration of PG_MIGRATIONS) {
        if (migration.version <= current) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO quorum_schema (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
        migrated.push(migration.version);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    }
  }
  await checkShape(client);
  return { version: PG_SCHEMA_VERSION, migrated, memberRole: await ensureMemberRole(client) };
}

/** Refuses a table someone altered: missing, extra or retyped columns, or a dropped trigger. */
export async function checkShape(client: ClientBase): Promise<void> {
  const columns = await client.query<{ column_name: string; data_type: string }>(
    "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'quorum_events'",
  );
  const found = new Map(columns.rows.map((r) => [r.column_name, r.data_type]));
  const problems: string[] = [];
  for (const [name, type] of Object.entries(EXPECTED_COLUMNS)) {
    const actual = found.get(name);
    if (actual === undefined) problems.push(`column ${name} is missing`);
    else if (actual !== type) problems.push(`column ${name} is ${actual}, expected ${type}`);
  }
  for (const name of found.keys()) if (!Object.hasOwn(EXPECTED_COLUMNS, name)) problems.push(`unexpected column ${name}`);
  const triggers = await client.query<{ tgname: string; tgenabled: string }>(
    "SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = to_regclass('quorum_events') AND NOT tgisinternal",
  );
  const enabled = new Map(triggers.rows.map((r) => [r.tgname, r.tgenabled]));
  for (const name of EXPECTED_TRIGGERS) {
    const state = enabled.get(name);
    if (state === undefined) problems.push(`trigger ${name} is missing`);
    else if (state === 'D') problems.push(`trigger ${name} is disabled`);
  }
  if (problems.length > 0) {
    throw new QuorumError(
      'conflict',
      `The team database's quorum_events table was altered outside Quorum (${problems.join('; ')}). Quorum will not sync with it; ask the database owner to restore it. Local work continues offline.`,
      { problems },
    );
  }
}

async function ensureMemberRole(client: ClientBase): Promise<SchemaOutcome['memberRole']> {
  const exists = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_roles WHERE rolname = $1', [MEMBER_ROLE]);
  if ((exists.rows[0]?.n ?? 0) > 0) return 'exists';
  const may = await client.query<{ allowed: boolean }>(
    'SELECT (rolsuper OR rolcreaterole) AS allowed FROM pg_roles WHERE rolname = current_user',
  );
  if (!may.rows[0]?.allowed) return 'not-allowed';
  await client.query('BEGIN');
  try {
    // Identifiers cannot be bound parameters; MEMBER_ROLE is a constant of this file.
    await client.query(`CREATE ROLE ${MEMBER_ROLE} NOLOGIN`);
    await client.query(`GRANT SELECT, INSERT ON quorum_events TO ${MEMBER_ROLE}`);
    await client.query(`GRANT USAGE ON SEQUENCE quorum_events_seq_seq TO ${MEMBER_ROLE}`);
    await client.query(`GRANT SELECT ON quorum_schema TO ${MEMBER_ROLE}`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    // Another member created it at the same moment.
    const again = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_roles WHERE rolname = $1', [MEMBER_ROLE]);
    if ((again.rows[0]?.n ?? 0) > 0) return 'exists';
    throw error;
  }
  return 'created';
}
