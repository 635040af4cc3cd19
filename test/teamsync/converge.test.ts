import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type PgCluster } from './pg-cluster';
import { ledgerIds, syncAll, V4, view, workspace, type Workspace } from './team';

/**
 * Four people on three machines (three data directories) sign the high-risk fraud-detector
 * v4 release through a real PostgreSQL; the approvals are made concurrently, offline from
 * one another, and every replica converges to the same ledger and the same passing gate.
 */
describe('team sync: replicas converge through PostgreSQL', () => {
  let cluster: PgCluster;
  const people: Workspace[] = [];
  let a: Workspace;
  let b: Workspace;
  let c: Workspace;

  beforeAll(async () => {
    cluster = await startCluster();
    await cluster.createDatabase('team');
    a = workspace('ada');
    b = workspace('bob');
    c = workspace('olu');
    people.push(a, b, c);
  });
  afterAll(() => {
    for (const p of people) p.close();
    cluster?.stop();
  });

  it('the founder connects: schema migrated, least-privilege role created, ledger pushed', async () => {
    await a.call('governance.identities.create', { name: 'Ada Admin', email: 'ada@northwind.example' });
    await a.call('governance.identities.create', { name: 'Carol Diaz', email: 'carol.diaz@northwind.example', activate: false });
    const connected = await a.call('team.connect', { url: cluster.adminUrl('team') });
    expect(connected.migrated).toEqual([1]);
    expect(connected.memberRole).toBe('created');
    expect(connected.sync?.pushed).toBe(3); // genesis, default policy, Carol
    expect(connected.status.pending).toBe(0);
    const privileges = await cluster.admin(
      (client) =>
        client.query<{ privilege_type: string }>(
          "SELECT privilege_type FROM information_schema.role_table_grants WHERE grantee = 'quorum_member' AND table_name = 'quorum_events' ORDER BY 1",
        ),
      'team',
    );
    expect(privileges.rows.map((r) => r.privilege_type)).toEqual(['INSERT', 'SELECT']);
  });

  it('the others join (a least-privilege login each), create identities and get roles', async () => {
    await cluster.admin(async (client) => {
      for (const user of ['bob', 'olu']) {
        await client.query(`CREATE ROLE ${user} LOGIN PASSWORD '${user}-secret'`);
        await client.query(`GRANT quorum_member TO ${user}`);
      }
    }, 'team');
    for (const [ws, user, name, email] of [
      [b, 'bob', 'Bob Okafor', 'bob.okafor@northwind.example'],
      [c, 'olu', 'Olu Ops', 'olu@northwind.example'],
    ] as const) {
      const joined = await ws.call('team.connect', { url: cluster.url(user, `${user}-secret`, 'team') });
      expect(joined.memberRole).toBe('exists');
      expect(joined.sync?.applied).toBe(3);
      // The password went to the secret store; the stored URL has none.
      expect(joined.status.url).not.toContain('secret');
      expect(joined.status.credential).toBe('secret:team:password');
      await ws.call('governance.identities.create', { name, email });
    }
    await syncAll(b, c, a);
    for (const [person, role] of [
      ['Ada Admin', 'compliance'],
      ['Carol Diaz', 'data-science'],
      ['Bob Okafor', 'ml-engineering'],
      ['Olu Ops', 'ops'],
    ] as const)
      await a.call('governance.roles.grant', { actor: 'Ada Admin', person, role });
    await a.call('governance.requests.create', { ...V4, actor: 'Carol Diaz', note: 'graph features' });
    await syncAll(a, b, c);
    const views = await Promise.all(people.map(view));
    expect(views[0]?.members).toEqual([
      'Ada Admin:admin,compliance',
      'Bob Okafor:ml-engineering',
      'Carol Diaz:data-science',
      'Olu Ops:ops',
    ]);
    expect(views[1]).toEqual(views[0]);
    expect(views[2]).toEqual(views[0]);
  });

  it('three people approve at the same moment on three machines; all converge to the same passing gate', async () => {
    await Promise.all([
      a.call('governance.signoff.approve', { ...V4, actor: 'Ada Admin', role: 'compliance' }),
      b.call('governance.signoff.approve', { ...V4, role: 'ml-engineering' }),
      c.call('governance.signoff.approve', { ...V4, role: 'ops' }),
    ]);
    // Each alone is still blocked.
    expect((await view(b)).status).toBe('blocked');
    await Promise.all([a, b, c].map((ws) => ws.call('team.sync', {})));
    await syncAll(a, b, c);
    const views = await Promise.all(people.map(view));
    expect(views[0]?.status).toBe('pass');
    expect(views[0]?.intact).toBe(true);
    expect(views[0]?.heads.length).toBe(3); // three concurrent branches, merged by union
    expect(views[1]).toEqual(views[0]);
    expect(views[2]).toEqual(views[0]);
    expect(ledgerIds(b)).toEqual(ledgerIds(a));
    expect(ledgerIds(c)).toEqual(ledgerIds(a));
    const server = await cluster.admin((client) => client.query<{ n: number }>('SELECT count(*)::int AS n FROM quorum_events'), 'team');
    expect(server.rows[0]?.n).toBe(ledgerIds(a).length); // nothing doubled
  });

  it('one replica offline catches up later, and its queued sign-off survives a restart', async () => {
    const before = ledgerIds(c).length;
    await c.call('governance.gate.evaluate', { ...V4, record: true });
    expect((await c.call('team.status', {})).pending).toBe(1);
    c.restart();
    expect((await c.call('team.status', {})).pending).toBe(1);
    await syncAll(c, a, b);
    expect((await c.call('team.status', {})).pending).toBe(0);
    expect(ledgerIds(a)).toEqual(ledgerIds(c));
    expect(ledgerIds(b)).toEqual(ledgerIds(c));
    expect(ledgerIds(c).length).toBe(before + 1);
  });
});
