import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerifyReport } from '@shared/domain/governance';
import { cli } from '../governance/helpers';
import { startCluster, type PgCluster } from './pg-cluster';
import { ledgerIds, syncAll, V4, view, workspace, type Workspace } from './team';

/**
 * Issue 8 with issue 5's authority rule: the admin revokes Bob's ml-engineering role on her
 * machine while Bob, offline on his, approves the release with that role. Neither event's
 * causal past holds the other, so Bob's approval was authorised when he made it: it must be
 * folded in everywhere (not quarantined as a forgery), and both replicas must then agree that
 * it does not count toward the gate, because the revocation is known.
 *
 * Every combination of "who reaches the team database first" and "whose clock is earlier"
 * (the fold order among concurrent events follows the claimed time) ends the same way.
 */
const cases = [
  { first: 'ada', earlier: 'revocation' },
  { first: 'ada', earlier: 'approval' },
  { first: 'bob', earlier: 'revocation' },
  { first: 'bob', earlier: 'approval' },
] as const;

describe('team sync: a role revoked on one replica while its holder approves on another', () => {
  let cluster: PgCluster;
  const opened: Workspace[] = [];

  beforeAll(async () => {
    cluster = await startCluster();
  });
  afterAll(() => {
    for (const ws of opened) ws.close();
    cluster?.stop();
  });

  const pause = () => new Promise((r) => setTimeout(r, 5));

  it.each(cases)('$first syncs first, the $earlier is dated earlier: identical events and gate, nothing quarantined', async (c) => {
    const database = `team_${c.first}_${c.earlier}`;
    await cluster.createDatabase(database);
    const ada = workspace(`rev-ada-${c.first}-${c.earlier}`);
    const bob = workspace(`rev-bob-${c.first}-${c.earlier}`);
    opened.push(ada, bob);

    await ada.call('governance.identities.create', { name: 'Ada Admin', email: 'ada@northwind.example' });
    await ada.call('governance.identities.create', { name: 'Carol Diaz', email: 'carol.diaz@northwind.example', activate: false });
    await ada.call('governance.roles.grant', { actor: 'Ada Admin', person: 'Carol Diaz', role: 'data-science' });
    await ada.call('team.connect', { url: cluster.adminUrl(database) });
    await bob.call('team.connect', { url: cluster.adminUrl(database) });
    await bob.call('governance.identities.create', { name: 'Bob Okafor', email: 'bob.okafor@northwind.example' });
    await syncAll(bob, ada);
    await ada.call('governance.roles.grant', { actor: 'Ada Admin', person: 'Bob Okafor', role: 'ml-engineering' });
    await ada.call('governance.requests.create', { ...V4, actor: 'Carol Diaz', note: 'graph features' });
    await syncAll(ada, bob);
    expect(ledgerIds(bob)).toEqual(ledgerIds(ada));

    // Offline from each other: neither act sees the other.
    const revoke = () => ada.call('governance.roles.revoke', { actor: 'Ada Admin', person: 'Bob Okafor', role: 'ml-engineering' });
    const approve = () => bob.call('governance.signoff.approve', { ...V4, role: 'ml-engineering', comment: 'reproduced' });
    let approval: string;
    if (c.earlier === 'revocation') {
      await revoke();
      await pause();
      approval = (await approve()).eventId;
    } else {
      approval = (await approve()).eventId;
      await pause();
      await revoke();
    }
    // Before they meet, each replica sees only its own act.
    expect((await view(bob)).signoffs.find((s) => s.role === 'ml-engineering')?.valid).toEqual(['Bob Okafor']);
    expect((await view(ada)).members).toContain('Bob Okafor:');

    const [one, two] = c.first === 'ada' ? [ada, bob] : [bob, ada];
    await one.call('team.sync', {});
    const merged = await two.call('team.sync', {}); // pushes its act, pulls the other one
    expect(merged.quarantined).toBe(0);
    expect(merged.applied).toBe(1);
    await one.call('team.sync', {});

    expect(ledgerIds(ada)).toEqual(ledgerIds(bob));
    expect(ledgerIds(ada)).toContain(approval);
    for (const ws of [ada, bob]) {
      const status = await ws.call('team.status', {});
      expect(status.quarantinedCount).toBe(0);
      expect(status.pending).toBe(0);
      // `quorum ledger verify`, the command an auditor runs, on each replica's data directory.
      const verified = await cli(ws.dir, ['--json', 'ledger', 'verify']);
      expect(verified.code, verified.stdout).toBe(0);
      const report = verified.json() as VerifyReport;
      expect(report.problems).toEqual([]);
      expect(report.heads).toHaveLength(2); // the two concurrent acts, not yet followed by anything
    }

    // The derived state is the same on both: the approval exists, but the revocation wins.
    const views = [await view(ada), await view(bob)];
    expect(views[1]).toEqual(views[0]);
    expect(views[0]?.members).toContain('Bob Okafor:');
    expect(views[0]?.signoffs.find((s) => s.role === 'ml-engineering')?.valid).toEqual([]);
    for (const ws of [ada, bob]) {
      const gate = await ws.call('governance.gate.evaluate', V4);
      const ml = gate.signoffs.find((s) => s.role === 'ml-engineering');
      expect(ml?.invalid.map((s) => [s.eventId, s.invalidReason])).toEqual([[approval, 'the ml-engineering role was revoked since']]);
    }

    // Bob, now that his replica knows, can no longer approve; the next write follows both heads.
    const again = await bob.attempt('governance.signoff.approve', { ...V4, role: 'ml-engineering', comment: 'again' });
    expect(again.ok).toBe(false);
    await ada.call('governance.roles.grant', { actor: 'Ada Admin', person: 'Bob Okafor', role: 'ml-engineering' });
    await syncAll(ada, bob);
    expect((await ada.call('governance.ledger.verify', {})).heads).toHaveLength(1);
    // Re-granted: the approval he made while authorised counts again, on both replicas alike.
    const after = [await view(ada), await view(bob)];
    expect(after[1]).toEqual(after[0]);
    expect(after[0]?.signoffs.find((s) => s.role === 'ml-engineering')?.valid).toEqual(['Bob Okafor']);
  });
});
