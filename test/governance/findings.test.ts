import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, PointInTime } from '@shared/domain/governance';
import { cli, fourPeople, fraudSnapshot, ingest, tempDir } from './helpers';

/** An alias moved behind Quorum's back (a later sync sees it) raises a finding; acts on it are signed. */
describe('promotions outside Quorum', () => {
  const { dir, cleanup } = tempDir('findings');
  const t0 = Date.now() - 3 * 60 * 60 * 1000;
  const t1 = Date.now() - 2 * 60 * 60 * 1000;
  beforeAll(async () => {
    ingest(dir, fraudSnapshot(), t0);
    await fourPeople(dir);
  });
  afterAll(cleanup);

  const findings = async (...extra: string[]) => (await cli(dir, ['--json', 'ledger', 'findings', '--all', ...extra])).json() as Finding[];

  it('reports aliases already in place at the first look as low-severity baseline findings', async () => {
    const list = await findings();
    expect(list.map((f) => [f.subject, f.version, f.severity, f.stage])).toEqual(
      expect.arrayContaining([
        ['champion', 3, 'low', 'production'],
        ['challenger', 4, 'low', 'staging'],
      ]),
    );
  });

  it('raises a high-severity finding when @champion moves to an unapproved version', async () => {
    ingest(
      dir,
      fraudSnapshot([
        { alias: 'champion', version: '2' },
        { alias: 'challenger', version: '4' },
      ]),
      t1,
    );
    const run = await cli(dir, ['--json', 'ledger', 'findings', '--all']);
    expect(run.code).toBe(1);
    const moved = (run.json() as Finding[]).find((f) => f.subject === 'champion' && f.version === 2);
    expect(moved).toMatchObject({ severity: 'high', state: 'open', from: '3', to: '2', stage: 'production' });
    expect(moved?.message).toMatch(/@champion moved to v2 \(from 3\) outside Quorum/);
  });

  it('is visible to ops and compliance, not to the data scientist', async () => {
    const carol = (await cli(dir, ['--identity', 'Carol Diaz', '--json', 'ledger', 'findings'])).json() as Finding[];
    expect(carol).toEqual([]);
    const olu = (await cli(dir, ['--identity', 'Olu Ops', '--json', 'ledger', 'findings'])).json() as Finding[];
    expect(olu.length).toBeGreaterThan(0);
  });

  it('is acknowledged by ops and resolved by compliance, as signed events', async () => {
    const id = (await findings()).find((f) => f.version === 2)?.id as string;
    const ack = await cli(dir, ['--identity', 'Olu Ops', '--json', 'ledger', 'ack', id.slice(0, 10), '--comment', 'rolling back']);
    expect(ack.code, ack.stderr).toBe(0);
    expect((ack.json() as Finding).state).toBe('acknowledged');
    const denied = await cli(dir, ['--identity', 'Olu Ops', 'ledger', 'resolve', id, '--comment', 'done']);
    expect(denied.code).toBe(2);
    expect(denied.stderr).toMatch(/Only admin or compliance/);
    const resolved = await cli(dir, [
      '--identity',
      'Ada Admin',
      '--json',
      'ledger',
      'resolve',
      id,
      '--comment',
      'Rolled back; MRM incident 77',
    ]);
    expect((resolved.json() as Finding).history.map((h) => h.act)).toEqual(['raised', 'acknowledged', 'resolved']);
    expect((await cli(dir, ['ledger', 'verify'])).code).toBe(0);
  });

  it('raises nothing when @champion moves to a version that passed its gate', async () => {
    for (const args of [
      ['--identity', 'Carol Diaz', 'request', 'fraud-detector@4', '--stage', 'production'],
      ['--identity', 'Bob Okafor', 'approve', 'fraud-detector@4', '--role', 'ml-engineering'],
      ['--identity', 'Olu Ops', 'approve', 'fraud-detector@4', '--role', 'ops'],
      ['--identity', 'Ada Admin', 'approve', 'fraud-detector@4', '--role', 'compliance'],
    ]) {
      expect((await cli(dir, args)).code).toBe(0);
    }
    ingest(dir, fraudSnapshot([{ alias: 'champion', version: '4' }]), Date.now());
    const list = await findings();
    expect(list.find((f) => f.subject === 'champion' && f.version === 4)).toBeUndefined();
  });

  it('answers "what was @champion on date T, and was it approved?"', async () => {
    const then = await cli(dir, [
      '--json',
      'ledger',
      'at',
      'fraud-detector',
      '--alias',
      'champion',
      '--date',
      new Date(t1 + 1000).toISOString(),
    ]);
    expect(then.code).toBe(1);
    expect(then.json()).toMatchObject({ version: 2, approved: false } satisfies Partial<PointInTime>);
    const now = await cli(dir, [
      '--json',
      'ledger',
      'at',
      'northwind/fraud-detector',
      '--alias',
      'champion',
      '--date',
      new Date(Date.now() + 1000).toISOString(),
    ]);
    expect(now.code).toBe(0);
    expect(now.json()).toMatchObject({ version: 4, approved: true });
    const before = (
      await cli(dir, ['--json', 'ledger', 'at', 'fraud-detector', '--alias', 'champion', '--date', new Date(t0 - 1000).toISOString()])
    ).json() as PointInTime;
    expect(before.version).toBeNull();
  });
});
