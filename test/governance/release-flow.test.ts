import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GateResult, RequestSummary } from '@shared/domain/governance';
import { FileSecretStore } from '../../electron/core/secrets/file-secret-store';
import { GovernanceService } from '../../electron/core/governance/service';
import { defaultResourcesDir } from '../../electron/core/resources';
import { cli, fourPeople, fraudSnapshot, ingest, openCore, tempDir } from './helpers';

/**
 * Four people with different roles, as four identities in one data directory, take the
 * high-risk fraud-detector v4 from request to a passing gate through the real CLI.
 */
describe('a high-risk release, from request to a passing gate', () => {
  const { dir, cleanup } = tempDir('release');
  beforeAll(async () => {
    ingest(dir, fraudSnapshot(), Date.now());
    await fourPeople(dir);
  });
  afterAll(cleanup);

  const gate = async () => {
    const run = await cli(dir, ['--json', 'gate', 'fraud-detector@4', '--stage', 'production']);
    return { code: run.code, result: run.json() as GateResult };
  };

  it('is blocked before anyone asks', async () => {
    const { code, result } = await gate();
    expect(code).toBe(1);
    expect(result.tier).toBe('high');
    expect(result.reasons[0]).toMatch(/No open release request/);
    // The evidence of v4 holds: auc 0.953 ≥ 0.93, recall 0.8112 ≥ 0.8, versioned training data, model card.
    expect(result.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(result.checks.find((c) => c.id === 'drift')?.status).toBe('skipped');
  });

  it('the data scientist requests the release', async () => {
    const run = await cli(dir, [
      '--identity',
      'Carol Diaz',
      '--json',
      'request',
      'fraud-detector@4',
      '--stage',
      'production',
      '--note',
      'Graph features; +0.6pt AUC',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const request = run.json() as RequestSummary;
    expect(request.missingRoles).toEqual(['ml-engineering', 'ops', 'compliance']);
    expect(request.requestedByName).toBe('Carol Diaz');
  });

  it('reviewers see it in their inbox', async () => {
    const bob = await cli(dir, ['--identity', 'Bob Okafor', '--json', 'inbox']);
    expect((bob.json() as { total: number }).total).toBe(1);
    const carol = await cli(dir, ['--identity', 'Carol Diaz', '--json', 'inbox', '--box', 'mine']);
    expect((carol.json() as { total: number }).total).toBe(1);
    const carolWaiting = await cli(dir, ['--identity', 'Carol Diaz', '--json', 'inbox']);
    expect((carolWaiting.json() as { total: number }).total).toBe(0);
  });

  it('the author cannot approve her own model, and nothing is written', async () => {
    const before = await cli(dir, ['--json', 'ledger', 'log', '--limit', '1000']);
    await cli(dir, ['--identity', 'Ada Admin', 'role', 'grant', 'Carol Diaz', 'ml-engineering']);
    const mid = (await cli(dir, ['--json', 'ledger', 'log', '--limit', '1000'])).json() as { total: number };
    const run = await cli(dir, ['--identity', 'Carol Diaz', 'approve', 'fraud-detector@4', '--role', 'ml-engineering']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/author of fraud-detector v4.*cannot sign off/);
    const after = (await cli(dir, ['--json', 'ledger', 'log', '--limit', '1000'])).json() as { total: number };
    expect(after.total).toBe(mid.total);
    expect(mid.total).toBe((before.json() as { total: number }).total + 1);
    await cli(dir, ['--identity', 'Ada Admin', 'role', 'revoke', 'Carol Diaz', 'ml-engineering']);
  });

  it('the ML engineer approves with conditions, ops approves, the gate stays blocked', async () => {
    const bob = await cli(dir, [
      '--identity',
      'Bob Okafor',
      'approve',
      'fraud-detector@4',
      '--role',
      'ml-engineering',
      '--comment',
      'Reproduced from the lock file',
      '--conditions',
      'shadow for 7 days first',
    ]);
    expect(bob.code, bob.stderr).toBe(0);
    const olu = await cli(dir, ['--identity', 'Olu Ops', 'approve', 'fraud-detector@4', '--role', 'ops']);
    expect(olu.code, olu.stderr).toBe(0);
    const { code, result } = await gate();
    expect(code).toBe(1);
    expect(result.reasons).toEqual(['1 compliance sign-off missing (0 of 1).']);
    expect(result.signoffs.find((s) => s.role === 'ml-engineering')?.valid[0]?.conditions).toEqual(['shadow for 7 days first']);
  });

  it('a role the person lacks, and a second approval by the same person, are refused', async () => {
    const lacks = await cli(dir, ['--identity', 'Olu Ops', 'approve', 'fraud-detector@4', '--role', 'compliance']);
    expect(lacks.code).toBe(2);
    expect(lacks.stderr).toMatch(/Olu Ops does not hold the compliance role/);
    const twice = await cli(dir, ['--identity', 'Olu Ops', 'approve', 'fraud-detector@4', '--role', 'ops']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/already approved this release as ops/);
  });

  it('`quorum gate` flips from 1 to 0 at the last required sign-off', async () => {
    expect((await gate()).code).toBe(1);
    const ada = await cli(dir, [
      '--identity',
      'Ada Admin',
      'approve',
      'fraud-detector@4',
      '--role',
      'compliance',
      '--comment',
      'Model risk review MRM-1355 done',
    ]);
    expect(ada.code, ada.stderr).toBe(0);
    const { code, result } = await gate();
    expect(code).toBe(0);
    expect(result.status).toBe('pass');
    expect(result.reasons).toEqual([]);
    expect(result.signoffs.map((s) => s.valid.map((v) => v.name))).toEqual([['Bob Okafor'], ['Olu Ops'], ['Ada Admin']]);
  });

  it('human output says the same, and a recorded evaluation is a signed event', async () => {
    const human = await cli(dir, ['gate', 'northwind/fraud-detector@challenger']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^PASS {2}northwind\/fraud-detector v4 → production/);
    const recorded = await cli(dir, ['--identity', 'Olu Ops', '--json', 'gate', 'fraud-detector@4', '--record']);
    expect((recorded.json() as GateResult).recordedEventId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a withdrawn approval blocks the gate again, with the reason', async () => {
    const withdraw = await cli(dir, ['--identity', 'Olu Ops', 'withdraw', 'fraud-detector@4', '--role', 'ops']);
    expect(withdraw.code, withdraw.stderr).toBe(0);
    const { code, result } = await gate();
    expect(code).toBe(1);
    expect(result.reasons).toEqual(['1 ops sign-off missing (0 of 1).']);
    expect((await cli(dir, ['--identity', 'Olu Ops', 'approve', 'fraud-detector@4', '--role', 'ops'])).code).toBe(0);
    expect((await gate()).code).toBe(0);
  });

  it('the whole history verifies', async () => {
    const run = await cli(dir, ['--json', 'ledger', 'verify']);
    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({ intact: true, problems: [] });
  });
});

describe('registry write-back records', () => {
  const { dir, cleanup } = tempDir('writeback');
  afterAll(cleanup);

  it('are refused without a passing gate, and bound to it', async () => {
    ingest(dir, fraudSnapshot(), Date.now());
    await fourPeople(dir);
    const core = openCore(dir);
    const service = new GovernanceService({
      db: core.store.db,
      now: Date.now,
      resourcesDir: defaultResourcesDir(),
      secrets: new FileSecretStore(dir),
    });
    try {
      const blocked = await service.evaluateGate({
        model: 'fraud-detector',
        version: 4,
        stage: 'production',
        record: true,
        actor: 'Olu Ops',
      });
      expect(blocked.status).toBe('blocked');
      await expect(
        service.recordWriteback({
          model: 'fraud-detector',
          version: 4,
          stage: 'production',
          actor: 'Olu Ops',
          gate: blocked.recordedEventId as string,
          tags: [],
          alias: 'champion',
        }),
      ).rejects.toThrow(/without a passing gate/);
    } finally {
      core.close();
    }
  });
});
