import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Finding, GateResult, PointInTime, WriteBackResult } from '@shared/domain/governance';
import { defaultResourcesDir } from '../../electron/core/resources';
import { FileSecretStore } from '../../electron/core/secrets/file-secret-store';
import { GovernanceService, type RegistryWriter } from '../../electron/core/governance/service';
import { startMlflowDouble, type MlflowDouble } from '../doubles/mlflow-server';
import { removeTempDirs } from '../helpers/temp';
import { connectAndSync, openWorkspace, type Workspace } from '../registry/helpers/workspace';
import { cli, CONNECTION, fourPeople, fraudSnapshot, ingest, openCore, tempDir } from './helpers';

/**
 * Releasing through the registry: a passing gate sets fraud-detector v4's approval tags and
 * moves @champion on a real HTTP MLflow double (served from the recorded 2.17.2 fixtures),
 * recorded as signed ledger events; every refusal and failure leaves the registry and the
 * ledger as they were.
 */
describe('write-back after a passing gate', () => {
  let double: MlflowDouble;
  let ws: Workspace;
  const V4 = { model: 'fraud-detector', version: 4, stage: 'production' } as const;
  const V4_KEY = 'fraud-detector\u00004';

  beforeAll(async () => {
    double = await startMlflowDouble();
    ws = openWorkspace();
    await connectAndSync(ws, CONNECTION, double.url, { writeBack: true });
    await fourPeople(ws.dir);
  });
  afterAll(async () => {
    ws.close();
    await double.close();
    removeTempDirs();
  });

  /** Requests that would change the registry (everything but reads). */
  const writes = () => double.requests.filter((r) => r.method !== 'GET' && !r.endpoint.endsWith('search') && !r.endpoint.includes('get-'));
  const ledgerTotal = async () => (await ws.call('governance.ledger.list', { limit: 1 })).total;
  const quorumTags = () => (double.state.versions.get(V4_KEY)?.tags ?? []).filter((t) => t.key.startsWith('quorum.'));
  const champion = () => double.state.aliasesOf('fraud-detector').find((a) => a.alias === 'champion')?.version;
  const run = async (...args: string[]) => {
    const result = await cli(ws.dir, args);
    expect(result.code, `quorum ${args.join(' ')}: ${result.stderr}`).toBe(0);
  };

  it('refuses a blocked gate, listing why, and writes nothing anywhere', async () => {
    expect(champion()).toBe('3');
    const before = { writes: writes().length, ledger: await ledgerTotal() };
    const error = await ws.fail('governance.gate.writeBack', { ...V4, actor: 'Olu Ops' });
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/^The release gate for fraud-detector v4 → production is blocked, so nothing was written/);
    expect(error.message).toContain('No open release request for fraud-detector v4 to production.');
    expect(error.details).toMatchObject({ status: 'blocked', reasons: expect.arrayContaining([expect.stringMatching(/sign-off/)]) });

    // The CLI gives a blocked gate the exit code of `quorum gate`: 1, with the reasons as JSON on stdout.
    const blocked = await cli(ws.dir, ['--identity', 'Olu Ops', '--json', 'gate', 'fraud-detector@4', '--write-back']);
    expect(blocked.code).toBe(1);
    expect((blocked.json() as { error: { details: { reasons: string[] } } }).error.details.reasons).toContain(
      'No open release request for fraud-detector v4 to production.',
    );
    expect(writes().length).toBe(before.writes);
    expect(await ledgerTotal()).toBe(before.ledger);
    expect(champion()).toBe('3');
    expect(quorumTags()).toEqual([]);
  });

  it('the release gets its sign-offs and passes', async () => {
    await run('--identity', 'Carol Diaz', 'request', 'fraud-detector@4', '--stage', 'production');
    await run('--identity', 'Bob Okafor', 'approve', 'fraud-detector@4', '--role', 'ml-engineering');
    await run('--identity', 'Olu Ops', 'approve', 'fraud-detector@4', '--role', 'ops');
    await run('--identity', 'Ada Admin', 'approve', 'fraud-detector@4', '--role', 'compliance');
    const gate = await ws.call('governance.gate.evaluate', V4);
    expect(gate.reasons).toEqual([]);
    expect(gate.status).toBe('pass');
  });

  it('refuses while the connection does not allow write-back, naming how to turn it on', async () => {
    await ws.call('connections.update', { name: CONNECTION, writeBack: false });
    try {
      const before = { writes: writes().length, ledger: await ledgerTotal() };
      const error = await ws.fail('governance.gate.writeBack', { ...V4, actor: 'Olu Ops' });
      expect(error.code).toBe('forbidden');
      expect(error.message).toContain(`Write-back is off for connection "${CONNECTION}"`);
      expect(error.message).toContain('quorum connect mlflow --write-back');
      const cliRun = await cli(ws.dir, ['--identity', 'Olu Ops', 'gate', 'fraud-detector@4', '--write-back']);
      expect(cliRun.code).toBe(2);
      expect(cliRun.stderr).toContain('quorum connect mlflow --write-back');
      expect(writes().length).toBe(before.writes);
      expect(await ledgerTotal()).toBe(before.ledger);
      expect(champion()).toBe('3');
    } finally {
      await ws.call('connections.update', { name: CONNECTION, writeBack: true });
    }
  });

  it('records nothing when the registry fails, and takes back the tags it had already set', async () => {
    const before = await ledgerTotal();
    // Tags go through; moving the alias fails with a 500 (every retry too).
    double.inject({ fault: { kind: 'status', status: 500 }, endpoint: 'registered-models/alias', method: 'POST' });
    try {
      const error = await ws.fail('governance.gate.writeBack', { ...V4, actor: 'Olu Ops' });
      expect(error.code).toBe('backend');
      expect(error.message).not.toMatch(/could not undo/);
      // The tags were set, then deleted again (v4 had no quorum.* tags before).
      expect(double.requests.some((r) => r.endpoint === 'model-versions/set-tag' && r.status === 200)).toBe(true);
      expect(double.requests.some((r) => r.endpoint === 'model-versions/delete-tag' && r.status === 200)).toBe(true);
      expect(quorumTags()).toEqual([]);
      expect(champion()).toBe('3');
      expect(await ledgerTotal()).toBe(before);
    } finally {
      double.clearFaults();
    }
  });

  it('a backend failure is exit code 3 in the CLI, with nothing recorded', async () => {
    const before = await ledgerTotal();
    vi.stubEnv('QUORUM_HTTP_MAX_RETRIES', '0');
    double.inject({ fault: { kind: 'status', status: 500 }, endpoint: 'model-versions/set-tag', method: 'POST' });
    try {
      const failed = await cli(ws.dir, ['--identity', 'Olu Ops', 'gate', 'fraud-detector@4', '--write-back']);
      expect(failed.code, failed.stderr).toBe(3);
      expect(failed.stdout).toBe('');
      expect(await ledgerTotal()).toBe(before);
      expect(quorumTags()).toEqual([]);
      expect(champion()).toBe('3');
    } finally {
      double.clearFaults();
      vi.unstubAllEnvs();
    }
  });

  let released: WriteBackResult;

  it('sets the approval tags and moves @champion on the registry, then signs both acts into the ledger', async () => {
    const before = await ledgerTotal();
    const done = await cli(ws.dir, ['--identity', 'Olu Ops', '--json', 'gate', 'fraud-detector@4', '--write-back']);
    expect(done.code, done.stderr).toBe(0);
    released = done.json() as WriteBackResult;
    expect(released).toMatchObject({ alias: 'champion', previousVersion: 3, subject: { ...V4, connection: CONNECTION } });
    expect(released.gate.status).toBe('pass');

    // The registry changed: the double now says so.
    expect(champion()).toBe('4');
    const gate = released.gate;
    expect(quorumTags()).toEqual([
      { key: 'quorum.approval.production', value: 'approved' },
      { key: 'quorum.approval.production.request', value: gate.request?.id },
      { key: 'quorum.approval.production.policy', value: gate.policyHash },
      { key: 'quorum.approval.production.evidence', value: gate.evidenceHash },
      { key: 'quorum.approval.production.signoffs', value: 'ml-engineering: Bob Okafor; ops: Olu Ops; compliance: Ada Admin' },
    ]);
    expect(released.tags).toEqual(quorumTags());

    // Two signed events: the passing evaluation, and the write-back that names it.
    const { items, total } = await ws.call('governance.ledger.list', { limit: 2 });
    expect(total).toBe(before + 2);
    const [writeback, evaluation] = items;
    expect(evaluation).toMatchObject({ id: gate.recordedEventId, kind: 'gate.evaluated', authorName: 'Olu Ops', body: { status: 'pass' } });
    expect(writeback).toMatchObject({
      id: released.eventId,
      kind: 'writeback.performed',
      authorName: 'Olu Ops',
      body: { gate: gate.recordedEventId, alias: 'champion', tags: released.tags, subject: { ...V4, connection: CONNECTION } },
    });
    expect(await ws.call('governance.ledger.verify', {})).toMatchObject({ intact: true, problems: [] });

    const human = await cli(ws.dir, ['gate', 'fraud-detector@4']);
    expect(human.code).toBe(0);
  });

  it('the next sync sees the move as Quorum’s own release: no promotion-outside-Quorum finding', async () => {
    await ws.call('sync.start', { connection: CONNECTION, wait: true });
    const { activity } = await ws.call('models.get', { connection: CONNECTION, name: 'fraud-detector' });
    expect(activity).toContainEqual(expect.objectContaining({ kind: 'alias-moved', subject: 'champion', from: '3', to: '4' }));

    const findings: Finding[] = await ws.call('governance.findings.list', { all: true });
    expect(findings.filter((f) => f.kind === 'promotion-outside-quorum' && f.subject === 'champion' && f.version === 4)).toEqual([]);
    // The baseline finding of the first look (champion on v3 before any Quorum approval) is still there: the check is real.
    expect(findings.some((f) => f.kind === 'promotion-outside-quorum' && f.subject === 'champion' && f.version === 3)).toBe(true);

    const now: PointInTime = await ws.call('governance.pointInTime', { model: 'fraud-detector', alias: 'champion', at: Date.now() + 1000 });
    expect(now).toMatchObject({ version: 4, approved: true });
    expect(now.explanation).toMatch(/Quorum wrote the release back on .* \(@champion\) after a passing gate/);
    expect(now.evidence).toEqual([released.eventId, released.gate.recordedEventId]);

    // The version header says Released, and the tags Quorum wrote left the approvals valid.
    const gate: GateResult = await ws.call('governance.gate.evaluate', V4);
    expect(gate.status).toBe('pass');
    const [summary] = await ws.call('governance.gate.summaries', {
      versions: [{ connection: CONNECTION, name: 'fraud-detector', version: 4 }],
    });
    expect(summary?.status).toBe('released');
  });
});

/**
 * The ledger is read again after the registry calls: if the release stopped passing meanwhile
 * (here a reviewer withdraws while the alias is being moved), the registry writes are undone
 * and nothing is recorded.
 */
describe('write-back when the release changes while the registry is written', () => {
  const { dir, cleanup } = tempDir('writeback-race');
  afterAll(cleanup);

  it('undoes the tags and the alias move and records nothing', async () => {
    ingest(dir, fraudSnapshot(), Date.now());
    await fourPeople(dir);
    for (const args of [
      ['--identity', 'Carol Diaz', 'request', 'fraud-detector@4', '--stage', 'production'],
      ['--identity', 'Bob Okafor', 'approve', 'fraud-detector@4', '--role', 'ml-engineering'],
      ['--identity', 'Olu Ops', 'approve', 'fraud-detector@4', '--role', 'ops'],
      ['--identity', 'Ada Admin', 'approve', 'fraud-detector@4', '--role', 'compliance'],
    ]) {
      expect((await cli(dir, args)).code).toBe(0);
    }
    // A registry that records what it is told; moving the alias is when the reviewer withdraws.
    const calls: string[] = [];
    const registry: RegistryWriter = {
      setVersionTag: async (_c, t, key, value) => void calls.push(`set ${t.model}@${t.version} ${key}=${value.slice(0, 8)}`),
      deleteVersionTag: async (_c, t, key) => void calls.push(`delete ${t.model}@${t.version} ${key}`),
      setAlias: async (_c, model, alias, version) => {
        calls.push(`alias ${model} @${alias} → ${version}`);
        if (version === 4)
          expect((await cli(dir, ['--identity', 'Olu Ops', 'withdraw', 'fraud-detector@4', '--role', 'ops'])).code).toBe(0);
      },
      deleteAlias: async (_c, model, alias) => void calls.push(`unalias ${model} @${alias}`),
    };
    const core = openCore(dir);
    const service = new GovernanceService({
      db: core.store.db,
      now: Date.now,
      resourcesDir: defaultResourcesDir(),
      secrets: new FileSecretStore(dir),
      registry,
    });
    try {
      const before = (await service.listLedger({ limit: 1, offset: 0 })).total;
      const error = await service
        .writeBack({ model: 'fraud-detector', version: 4, stage: 'production', actor: 'Olu Ops' }, new AbortController().signal)
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'conflict', details: { status: 'blocked', reasons: ['1 ops sign-off missing (0 of 1).'] } });
      expect((error as Error).message).toMatch(/is blocked now \(the ledger changed while writing to the registry, which was undone\)/);
      // Five tags and the move, then the move back and the five tags deleted, newest first.
      expect(calls.filter((c) => c.startsWith('set'))).toHaveLength(5);
      expect(calls.slice(5)).toEqual([
        'alias fraud-detector @champion → 4',
        'alias fraud-detector @champion → 3',
        'delete fraud-detector@4 quorum.approval.production.signoffs',
        'delete fraud-detector@4 quorum.approval.production.evidence',
        'delete fraud-detector@4 quorum.approval.production.policy',
        'delete fraud-detector@4 quorum.approval.production.request',
        'delete fraud-detector@4 quorum.approval.production',
      ]);
      // Only the withdrawal was signed.
      const after = await service.listLedger({ limit: 1, offset: 0 });
      expect(after.total).toBe(before + 1);
      expect(after.items[0]?.kind).toBe('signoff.withdrawn');
    } finally {
      core.close();
    }
  });
});
