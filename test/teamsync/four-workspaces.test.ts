import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type PgCluster } from './pg-cluster';
import { ledgerIds, syncAll, V4, view, workspace, type Workspace } from './team';

/**
 * Issue 8's "done when": four workspaces on one machine — four data directories, each holding
 * the private key of exactly ONE person — sign the high-risk fraud-detector v4 release through
 * a real PostgreSQL. The data scientist requests; ML engineering, ops and compliance approve
 * (the default policy's high tier). The ops engineer signs on a train, offline, and catches up
 * later; afterwards every workspace sees the gate pass and holds the same, intact ledger.
 *
 * The compliance officer founds the team workspace, so she also holds `admin` (the first
 * identity is admin and the last admin cannot be revoked); every other person holds one role.
 */
describe('team sync: four workspaces, four people, one high-risk release', () => {
  let cluster: PgCluster;
  const all: Workspace[] = [];
  let compliance: Workspace; // Ada Admin: founder, admin + compliance
  let scientist: Workspace; // Carol Diaz: data-science, requests
  let mlEngineer: Workspace; // Bob Okafor: ml-engineering
  let ops: Workspace; // Olu Ops: ops, offline during the sign-offs

  const serverCount = async () =>
    (await cluster.admin((c) => c.query<{ n: number }>('SELECT count(*)::int AS n FROM quorum_events'), 'team')).rows[0]?.n ?? -1;

  beforeAll(async () => {
    cluster = await startCluster();
    await cluster.createDatabase('team');
    compliance = workspace('four-ada');
    scientist = workspace('four-carol');
    mlEngineer = workspace('four-bob');
    ops = workspace('four-olu');
    all.push(compliance, scientist, mlEngineer, ops);
  });
  afterAll(() => {
    for (const ws of all) ws.close();
    cluster?.stop();
  });

  it('the compliance officer founds the team database; three colleagues join with least-privilege logins', async () => {
    await compliance.call('governance.identities.create', { name: 'Ada Admin', email: 'ada@northwind.example' });
    const founded = await compliance.call('team.connect', { url: cluster.adminUrl('team') });
    expect(founded.memberRole).toBe('created');
    expect(founded.status.pending).toBe(0);
    await cluster.admin(async (client) => {
      for (const user of ['carol', 'bob', 'olu']) {
        await client.query(`CREATE ROLE ${user} LOGIN PASSWORD '${user}-secret'`);
        await client.query(`GRANT quorum_member TO ${user}`);
      }
    }, 'team');
    for (const [ws, user, name, email] of [
      [scientist, 'carol', 'Carol Diaz', 'carol.diaz@northwind.example'],
      [mlEngineer, 'bob', 'Bob Okafor', 'bob.okafor@northwind.example'],
      [ops, 'olu', 'Olu Ops', 'olu@northwind.example'],
    ] as const) {
      const joined = await ws.call('team.connect', { url: cluster.url(user, `${user}-secret`, 'team') });
      expect(joined.memberRole).toBe('exists');
      expect(joined.status.workspace).toBe(founded.status.workspace);
      expect(joined.status.url).not.toContain('secret');
      // Each person makes their own key pair on their own machine; the public half replicates.
      await ws.call('governance.identities.create', { name, email });
    }
    await syncAll(scientist, mlEngineer, ops, compliance);
    for (const [person, role] of [
      ['Ada Admin', 'compliance'],
      ['Carol Diaz', 'data-science'],
      ['Bob Okafor', 'ml-engineering'],
      ['Olu Ops', 'ops'],
    ] as const)
      await compliance.call('governance.roles.grant', { actor: 'Ada Admin', person, role });
    await syncAll(compliance, scientist, mlEngineer, ops);

    const expected = ['Ada Admin:admin,compliance', 'Bob Okafor:ml-engineering', 'Carol Diaz:data-science', 'Olu Ops:ops'];
    for (const [ws, me] of [
      [compliance, 'Ada Admin'],
      [scientist, 'Carol Diaz'],
      [mlEngineer, 'Bob Okafor'],
      [ops, 'Olu Ops'],
    ] as const) {
      expect((await view(ws)).members).toEqual(expected);
      // Everyone knows everyone's public key, but each machine can sign only as its own person.
      const identities = await ws.call('governance.identities.list', {});
      expect(identities.map((i) => i.name).sort()).toEqual(['Ada Admin', 'Bob Okafor', 'Carol Diaz', 'Olu Ops']);
      expect(identities.filter((i) => i.local).map((i) => i.name)).toEqual([me]);
    }
  });

  it('the data scientist requests the release; she cannot approve it herself, nor on a role she lacks', async () => {
    await scientist.call('governance.requests.create', { ...V4, note: 'graph features, retrained on Q3' });
    const selfApproval = await scientist.attempt('governance.signoff.approve', { ...V4, role: 'data-science' });
    expect(selfApproval.ok).toBe(false);
    const borrowedRole = await scientist.attempt('governance.signoff.approve', { ...V4, role: 'ml-engineering' });
    expect(borrowedRole.ok).toBe(false);
    await syncAll(scientist, compliance, mlEngineer, ops);
    for (const ws of all) expect((await view(ws)).status).toBe('blocked');
  });

  it('ops signs offline on the train; the others approve and sync, and still see the gate blocked on ops', async () => {
    const serverBefore = await serverCount();
    // Olu is offline from here on: he signs locally and does not sync.
    await ops.call('governance.signoff.approve', { ...V4, role: 'ops' });
    expect((await ops.call('team.status', {})).pending).toBe(1);
    await mlEngineer.call('governance.signoff.approve', { ...V4, role: 'ml-engineering' });
    await compliance.call('governance.signoff.approve', { ...V4, role: 'compliance' });
    await syncAll(mlEngineer, compliance, scientist);

    expect(await serverCount()).toBe(serverBefore + 2); // Olu's approval is not on the server
    const online = await Promise.all([compliance, scientist, mlEngineer].map(view));
    expect(online[0]?.status).toBe('blocked');
    expect(online[0]?.signoffs.find((s) => s.role === 'ops')?.valid).toEqual([]);
    expect(online[0]?.signoffs.find((s) => s.role === 'compliance')?.valid).toEqual(['Ada Admin']);
    expect(online[0]?.signoffs.find((s) => s.role === 'ml-engineering')?.valid).toEqual(['Bob Okafor']);
    expect(online[1]).toEqual(online[0]);
    expect(online[2]).toEqual(online[0]);
    expect(ledgerIds(scientist)).toEqual(ledgerIds(compliance));

    // Olu's own replica knows only his approval.
    const offline = await view(ops);
    expect(offline.status).toBe('blocked');
    expect(offline.signoffs.find((s) => s.role === 'ops')?.valid).toEqual(['Olu Ops']);
    expect(offline.signoffs.find((s) => s.role === 'compliance')?.valid).toEqual([]);
    expect(offline.intact).toBe(true);
  });

  it('ops comes back online (after a restart): the queue survives, he catches up, and all four see the gate pass', async () => {
    ops.restart();
    expect((await ops.call('team.status', {})).pending).toBe(1);
    const caughtUp = await ops.call('team.sync', {});
    expect(caughtUp.pushed).toBe(1);
    expect(caughtUp.applied).toBe(2); // Bob's and Ada's approvals
    expect(caughtUp.quarantined).toBe(0);
    expect((await view(ops)).status).toBe('pass'); // he sees it first
    await syncAll(compliance, scientist, mlEngineer, ops);

    const views = await Promise.all(all.map(view));
    expect(views[0]?.status).toBe('pass');
    expect(views[0]?.reasons).toEqual([]);
    expect(views[0]?.intact).toBe(true);
    for (const v of views.slice(1)) expect(v).toEqual(views[0]);
    const ids = ledgerIds(compliance);
    for (const ws of all) {
      expect(ledgerIds(ws)).toEqual(ids);
      expect((await ws.call('team.status', {})).pending).toBe(0);
      expect((await ws.call('team.status', {})).quarantinedCount).toBe(0);
    }
    expect(await serverCount()).toBe(ids.length); // nothing lost, nothing doubled
    // A full re-check of the server's table finds nothing edited.
    expect((await compliance.call('team.sync', { audit: true })).tampered).toBe(0);
  });
});
