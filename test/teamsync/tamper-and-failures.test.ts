import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { signEvent, type UnsignedEvent } from '../../electron/core/governance/events';
import { generateIdentityKey } from '../../electron/core/governance/keys';
import { startCluster, type PgCluster } from './pg-cluster';
import { ledgerIds, syncAll, V4, workspace, type Workspace } from './team';

/**
 * What the team database may do to us: lose the connection mid-push or mid-pull, hold a
 * forged event, have an event edited by a superuser; and what a person may get wrong: the
 * URL, the password, a database of a newer Quorum, a table someone altered.
 */
describe('team sync: interruptions, tampering and bad input', () => {
  let cluster: PgCluster;
  let a: Workspace;
  let b: Workspace;
  const extra: Workspace[] = [];
  let teamWs = '';

  const serverCount = async () =>
    (await cluster.admin((c) => c.query<{ n: number }>('SELECT count(*)::int AS n FROM quorum_events'), 'team')).rows[0]?.n ?? -1;

  /** Waits until a Quorum backend is blocked on a lock, then terminates it. */
  const killBlockedBackend = async (admin: pg.Client): Promise<void> => {
    for (let i = 0; i < 200; i++) {
      const found = await admin.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE application_name = 'quorum' AND wait_event_type = 'Lock'",
      );
      if (found.rows.length > 0) {
        for (const row of found.rows) await admin.query('SELECT pg_terminate_backend($1)', [row.pid]);
        return;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('no Quorum backend blocked');
  };

  beforeAll(async () => {
    cluster = await startCluster();
    await cluster.createDatabase('team');
    a = workspace('ada2');
    b = workspace('bob2');
    await a.call('governance.identities.create', { name: 'Ada Admin', email: 'ada@northwind.example' });
    await a.call('governance.identities.create', { name: 'Carol Diaz', email: 'carol.diaz@northwind.example', activate: false });
    await a.call('governance.roles.grant', { actor: 'Ada Admin', person: 'Carol Diaz', role: 'data-science' });
    await a.call('team.connect', { url: cluster.adminUrl('team') });
    await b.call('team.connect', { url: cluster.adminUrl('team') });
    await b.call('governance.identities.create', { name: 'Bob Okafor', email: 'bob.okafor@northwind.example' });
    await syncAll(b, a);
    await a.call('governance.roles.grant', { actor: 'Ada Admin', person: 'Bob Okafor', role: 'ml-engineering' });
    await syncAll(a, b);
    teamWs = (await a.call('team.status', {})).workspace ?? '';
  });
  afterAll(() => {
    for (const w of [a, b, ...extra]) w?.close();
    cluster?.stop();
  });

  it('the table refuses UPDATE and DELETE, even from the superuser (trigger), and a member cannot even try', async () => {
    await cluster.admin(async (c) => {
      await expect(c.query("UPDATE quorum_events SET kind = 'x'")).rejects.toThrow(/append-only/);
      await expect(c.query('DELETE FROM quorum_events')).rejects.toThrow(/append-only/);
      await expect(c.query('TRUNCATE quorum_events')).rejects.toThrow(/append-only/);
    }, 'team');
  });

  it('a push killed mid-INSERT (backend terminated) resumes with nothing lost or doubled', async () => {
    await a.call('governance.requests.create', { ...V4, actor: 'Carol Diaz', note: 'push me' });
    const [queued] = a.core.team.store.queue(10);
    expect(queued).toBeDefined();
    // Hold a conflicting, uncommitted copy of the queued row, so the push's INSERT waits on it.
    const { default: pgModule } = await import('pg');
    const holder = new pgModule.Client({ connectionString: cluster.adminUrl('team') });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('INSERT INTO quorum_events (id, workspace, author, kind, canonical, signature) VALUES ($1, $2, $3, $4, $5, $6)', [
      queued?.id,
      teamWs,
      queued?.author,
      queued?.kind,
      queued?.canonical,
      queued?.signature,
    ]);
    const killer = new pgModule.Client({ connectionString: cluster.adminUrl('team') });
    await killer.connect();
    const push = a.attempt('team.sync', {});
    await killBlockedBackend(killer);
    const failed = await push;
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error.message).toMatch(/team database/);
    await holder.query('ROLLBACK');
    await holder.end();
    await killer.end();
    expect((await a.call('team.status', {})).pending).toBe(1);
    await syncAll(a, b);
    expect((await a.call('team.status', {})).pending).toBe(0);
    expect(await serverCount()).toBe(ledgerIds(a).length);
    expect(ledgerIds(b)).toEqual(ledgerIds(a));
  });

  it('a push that committed but was not recorded locally is sent again harmlessly', async () => {
    a.core.store.db.prepare('DELETE FROM teamsync_remote').run();
    expect((await a.call('team.status', {})).pending).toBe(ledgerIds(a).length);
    const result = await a.call('team.sync', {});
    expect(result.pushed).toBe(0); // ON CONFLICT DO NOTHING
    expect((await a.call('team.status', {})).pending).toBe(0);
    expect(await serverCount()).toBe(ledgerIds(a).length);
  });

  it('a pull killed mid-read resumes with nothing lost or doubled', async () => {
    await a.call('governance.signoff.approve', { ...V4, actor: 'Ada Admin', role: 'admin' }).catch(() => undefined);
    await b.call('governance.signoff.approve', { ...V4, role: 'ml-engineering' });
    await b.call('team.sync', {});
    const { default: pgModule } = await import('pg');
    const locker = new pgModule.Client({ connectionString: cluster.adminUrl('team') });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE quorum_events IN ACCESS EXCLUSIVE MODE');
    const killer = new pgModule.Client({ connectionString: cluster.adminUrl('team') });
    await killer.connect();
    const pull = a.attempt('team.sync', {});
    await killBlockedBackend(killer);
    expect((await pull).ok).toBe(false);
    await locker.query('COMMIT');
    await locker.end();
    await killer.end();
    await syncAll(a, b);
    expect(ledgerIds(a)).toEqual(ledgerIds(b));
    expect((await a.call('governance.ledger.verify', {})).intact).toBe(true);
    expect(await serverCount()).toBe(ledgerIds(a).length);
  });

  it('an event forged directly in Postgres is quarantined on every replica, never applied', async () => {
    const mallory = generateIdentityKey();
    const heads = (await a.call('governance.ledger.verify', {})).heads;
    const forged = signEvent(
      {
        v: 1,
        ws: teamWs,
        kind: 'role.granted',
        author: mallory.publicKey,
        at: Date.now(),
        parents: heads,
        body: { subject: mallory.publicKey, role: 'admin' },
      } as UnsignedEvent,
      mallory.privateKey,
    );
    // And one that claims to be Ada's but is signed by Mallory.
    const adaKey = (await a.call('governance.identities.list', {})).find((i) => i.name === 'Ada Admin')?.publicKey ?? '';
    const impostor = signEvent(
      {
        v: 1,
        ws: teamWs,
        kind: 'role.granted',
        author: adaKey,
        at: Date.now(),
        parents: heads,
        body: { subject: adaKey, role: 'ops' },
      } as UnsignedEvent,
      mallory.privateKey,
    );
    await cluster.admin(async (c) => {
      for (const f of [forged, impostor])
        await c.query('INSERT INTO quorum_events (id, workspace, author, kind, canonical, signature) VALUES ($1, $2, $3, $4, $5, $6)', [
          f.id,
          teamWs,
          f.event.author,
          f.event.kind,
          f.canonical,
          f.signature,
        ]);
    }, 'team');
    for (const ws of [a, b]) {
      const result = await ws.call('team.sync', {});
      expect(result.quarantined).toBe(2);
      const status = await ws.call('team.status', {});
      const problems = status.quarantined.map((q) => `${q.id}:${q.problem}`).sort();
      expect(problems).toEqual([`${forged.id}:unknown-key`, `${impostor.id}:bad-signature`].sort());
      expect(ledgerIds(ws)).not.toContain(forged.id);
      expect((await ws.call('governance.ledger.verify', {})).intact).toBe(true);
    }
  });

  it('an event edited in Postgres by a superuser is detected: a new replica quarantines it, --audit flags it everywhere', async () => {
    const edited = await cluster.admin(async (c) => {
      await c.query('ALTER TABLE quorum_events DISABLE TRIGGER quorum_events_no_update');
      const row = await c.query<{ id: string }>(
        "UPDATE quorum_events SET canonical = replace(canonical, 'push me', 'pushed by the DBA') WHERE kind = 'release.requested' RETURNING id",
      );
      await c.query('ALTER TABLE quorum_events ENABLE TRIGGER quorum_events_no_update');
      return row.rows[0]?.id ?? '';
    }, 'team');
    expect(edited).toMatch(/^[0-9a-f]{64}$/);
    const fresh = workspace('dana');
    extra.push(fresh);
    await fresh.call('team.connect', { url: cluster.adminUrl('team') });
    const status = await fresh.call('team.status', {});
    expect(status.quarantined.find((q) => q.id === edited)?.problem).toBe('edited');
    expect(ledgerIds(fresh)).not.toContain(edited);
    expect((await fresh.call('governance.ledger.verify', {})).intact).toBe(true);
    for (const ws of [a, b]) {
      const audit = await ws.call('team.sync', { audit: true });
      expect(audit.tampered).toBeGreaterThanOrEqual(1);
      expect((await ws.call('team.status', {})).quarantined.some((q) => q.id === edited && q.problem === 'edited')).toBe(true);
      // The local copy is untouched: the ledger still verifies.
      expect(ledgerIds(ws)).toContain(edited);
      expect((await ws.call('governance.ledger.verify', {})).intact).toBe(true);
    }
  });

  it('wrong URL and wrong password: clear errors, and local work continues offline', async () => {
    const offline = workspace('erin');
    extra.push(offline);
    await offline.call('governance.identities.create', { name: 'Erin', email: 'erin@northwind.example' });
    const refused = await offline.attempt('team.connect', { url: `postgres://postgres@127.0.0.1:1/team` });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('unavailable');
      expect(refused.error.message).toMatch(/connection refused.*offline/);
    }
    await cluster.admin((c) => c.query("CREATE ROLE frank LOGIN PASSWORD 'right'"), 'team');
    const denied = await offline.attempt('team.connect', { url: cluster.url('frank', 'wrong', 'team') });
    expect(denied.ok).toBe(false);
    if (!denied.ok) {
      expect(denied.error.code).toBe('unauthorized');
      expect(denied.error.message).toMatch(/refused the password/);
    }
    const missing = await offline.attempt('team.connect', { url: cluster.adminUrl('nosuchdb') });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.message).toMatch(/does not exist/);
    // A connected workspace whose server goes away keeps working and queues.
    await b.call('governance.identities.list', {});
    expect((await offline.call('governance.identities.list', {})).length).toBe(1);
  });

  it('a database of a newer Quorum schema, and a table someone altered, are refused with clear errors', async () => {
    await cluster.createDatabase('newer');
    await cluster.createDatabase('altered');
    const probe = workspace('gus');
    extra.push(probe);
    await probe.call('team.connect', { url: cluster.adminUrl('newer') });
    await cluster.admin((c) => c.query("INSERT INTO quorum_schema (version, name) VALUES (99, 'future')"), 'newer');
    const newer = await probe.attempt('team.sync', {});
    expect(newer.ok).toBe(false);
    if (!newer.ok) expect(newer.error.message).toMatch(/schema version 99, newer than this Quorum/);
    const fresh = workspace('hal');
    extra.push(fresh);
    const again = await fresh.attempt('team.connect', { url: cluster.adminUrl('newer') });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.message).toMatch(/newer than this Quorum/);

    await probe.call('team.connect', { url: cluster.adminUrl('altered') });
    await cluster.admin((c) => c.query('ALTER TABLE quorum_events ADD COLUMN approved_by_dba boolean'), 'altered');
    const altered = await probe.attempt('team.sync', {});
    expect(altered.ok).toBe(false);
    if (!altered.ok) expect(altered.error.message).toMatch(/altered outside Quorum.*unexpected column approved_by_dba/);
    await cluster.admin((c) => c.query('ALTER TABLE quorum_events DISABLE TRIGGER quorum_events_no_delete'), 'altered');
    await cluster.admin((c) => c.query('ALTER TABLE quorum_events DROP COLUMN approved_by_dba'), 'altered');
    const disabled = await probe.attempt('team.sync', {});
    expect(disabled.ok).toBe(false);
    if (!disabled.ok) expect(disabled.error.message).toMatch(/trigger quorum_events_no_delete is disabled/);
    const status = await probe.call('team.status', {});
    expect(status.lastError).toMatch(/disabled/);
  });
});
