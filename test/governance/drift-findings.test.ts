import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GateResult } from '@shared/domain/governance';
import type { DriftCrossing } from '../../electron/core/drift/crossing';
import { computeDrift } from '../../electron/core/drift/engine';
import { saveRun } from '../../electron/core/drift/store';
import type { DatasetDriftResult } from '../../electron/core/drift/types';
import { GovernanceService } from '../../electron/core/governance/service';
import { defaultResourcesDir } from '../../electron/core/resources';
import { FileSecretStore } from '../../electron/core/secrets/file-secret-store';
import type { Core } from '../../electron/core/create-core';
import { categorical, numeric, table } from '../drift/support/tables';
import { CONNECTION, fourPeople, fraudSnapshot, ingest, openCore, tempDir } from './helpers';

const HOUR = 60 * 60 * 1000;

/**
 * Drift threshold crossings on deployed versions become findings: fraud-detector v3 holds
 * @champion (production) and v4 @challenger (staging) in the recorded registry; v1 holds
 * nothing. The crossings come from a fake source, as the drift feature will provide them.
 */
describe('drift findings', () => {
  const { dir, cleanup } = tempDir('drift-findings');
  const t = Date.now() - 2 * HOUR;
  const crossing = (id: string, version: number, at: number): DriftCrossing => ({
    id,
    subject: { connection: CONNECTION, model: 'fraud-detector', version },
    at,
    source: 'engine',
    detail: `4 of 20 features drifted; worst: amount (Wasserstein 0.31 ≥ 0.1) [${id}]`,
  });
  const crossings: DriftCrossing[] = [
    crossing('drift-run:1', 3, t),
    crossing('drift-run:2', 1, t + 1000),
    crossing('drift-run:3', 4, t + 2000),
  ];
  let core: Core;
  let service: GovernanceService;

  beforeAll(async () => {
    ingest(dir, fraudSnapshot(), t - HOUR);
    await fourPeople(dir);
    core = openCore(dir);
    service = new GovernanceService({
      db: core.store.db,
      now: Date.now,
      resourcesDir: defaultResourcesDir(),
      secrets: new FileSecretStore(dir),
      driftCrossings: () => crossings,
    });
  });
  afterAll(() => {
    core.close();
    cleanup();
  });

  const drift = async (input: { actor?: string } = {}) =>
    (await service.findings({ all: input.actor === undefined, ...input })).filter((f) => f.kind === 'drift-threshold');

  it('raises one per crossing on a deployed version, with the stage it is deployed to and the tier as severity', async () => {
    const list = await drift();
    expect(list.map((f) => [f.version, f.stage, f.subject, f.severity, f.state])).toEqual([
      [4, 'staging', 'challenger', 'high', 'open'],
      [3, 'production', 'champion', 'high', 'open'],
    ]);
    const [v4] = list;
    expect(v4).toMatchObject({ from: null, to: null, observedAt: t + 2000, connection: CONNECTION, model: 'fraud-detector' });
    expect(v4?.id).toMatch(/^[0-9a-f]{64}$/);
    expect(v4?.message).toBe(
      'fraud-detector v4 (@challenger, staging) crossed its drift threshold (engine result): 4 of 20 features drifted; worst: amount (Wasserstein 0.31 ≥ 0.1) [drift-run:3]',
    );
    expect(v4?.visibleTo).toEqual(['admin', 'compliance', 'ops', 'data-science']);
  });

  it('is visible to the data scientist, unlike a promotion outside Quorum', async () => {
    const carol = await service.findings({ actor: 'Carol Diaz', all: false });
    expect(carol.map((f) => f.kind)).toEqual(['drift-threshold', 'drift-threshold']);
    expect((await drift({ actor: 'Olu Ops' })).length).toBe(2);
  });

  it('is acknowledged and resolved as signed events, and stays listed after a rollback', async () => {
    const [, v3] = await drift();
    const id = v3?.id as string;
    const ack = await service.actOnFinding({ actor: 'Olu Ops', finding: id, comment: 'retraining' }, 'acknowledged');
    expect(ack).toMatchObject({ kind: 'drift-threshold', state: 'acknowledged' });
    await expect(service.actOnFinding({ actor: 'Olu Ops', finding: id, comment: 'done' }, 'resolved')).rejects.toThrow(
      /Only admin or compliance may resolve/,
    );
    const resolved = await service.actOnFinding({ actor: 'Ada Admin', finding: id, comment: 'Retrained as v4' }, 'resolved');
    expect(resolved.history.map((h) => [h.act, h.byName])).toEqual([
      ['raised', 'Olu Ops'],
      ['acknowledged', 'Olu Ops'],
      ['resolved', 'Ada Admin'],
    ]);
    const raised = (await service.listLedger({ limit: 3, offset: 0 })).items.find((e) => e.kind === 'finding.raised');
    expect(raised?.body).toMatchObject({ finding: id, version: 3, stage: 'production', subject: 'champion', severity: 'high' });
    expect(await service.verify()).toMatchObject({ intact: true, problems: [] });

    // @champion moves to v2, @challenger goes, v3 and v4 are archived: v3's signed finding stays, v4's (never acted on) goes with the deployment.
    const rollback = fraudSnapshot([{ alias: 'champion', version: '2' }]);
    rollback.versions = rollback.versions.map((v) => (v.version >= 3 ? { ...v, stage: 'Archived', aliases: [] } : v));
    ingest(dir, rollback, t + HOUR);
    expect((await drift()).map((f) => [f.version, f.state, f.subject])).toEqual([[3, 'resolved', 'champion']]);
  });

  it('follows the policy: who sees drift findings, and the tier that sets their severity', async () => {
    const yaml = readFileSync(join(defaultResourcesDir(), 'policy', 'default-policy.yaml'), 'utf8')
      .replace('  visibleTo: [admin, compliance, ops]\n', '  visibleTo: [admin, compliance, ops]\n  drift: { visibleTo: [compliance] }\n')
      .replace('  fraud-detector:\n', '  fraud-detector:\n    tier: medium\n');
    const check = service.validatePolicy(yaml);
    expect(check.errors).toEqual([]);
    await service.setPolicy({ actor: 'Ada Admin', yaml, message: 'drift findings for compliance only' });
    crossings.push(crossing('drift-run:4', 2, Date.now()));
    const [v2] = await drift();
    expect(v2).toMatchObject({ version: 2, stage: 'production', severity: 'medium', visibleTo: ['compliance'] });
    // Each finding keeps the policy in force when it was raised (as promotions do): only the new one is for compliance alone.
    const carol = await service.findings({ actor: 'Carol Diaz', all: false });
    expect(carol.some((f) => f.id === v2?.id)).toBe(false);
    expect((await service.findings({ actor: 'Ada Admin', all: false })).some((f) => f.id === v2?.id)).toBe(true);

    const bad = service.validatePolicy(yaml.replace('drift: { visibleTo: [compliance] }', 'drift: { visibleTo: [auditors] }'));
    expect(bad.errors).toEqual([
      expect.objectContaining({ field: 'findings.drift.visibleTo.0', message: 'role "auditors" is not listed under roles' }),
    ]);
  });
});

/**
 * The gate counts only drift results computed at or before its evaluation time: a result
 * computed later (a backfill, or a gate evaluated as of an earlier moment) neither passes
 * nor fails it, and does not change the evidence an approval is bound to.
 */
describe('drift evidence as of the evaluation time', () => {
  const { dir, cleanup } = tempDir('drift-asof');
  const T = Date.now();
  let result: DatasetDriftResult;
  afterAll(cleanup);

  beforeAll(async () => {
    ingest(dir, fraudSnapshot(), T - 10 * 24 * HOUR);
    const ref = table(numeric('x', [1, 2, 3, 4, 5, 6, 7, 8]), categorical('c', ['a', 'b'], [0, 1, 0, 1, 0, 1, 0, 1]));
    const cur = table(numeric('x', [5, 6, 7, 8, 9, 10, 11, 12]), categorical('c', ['a', 'b'], [0, 1, 0, 0, 0, 1, 0, 1]));
    result = await computeDrift(ref, cur, { parallel: 'never' });
  });

  const store = (driftShare: number, windowEnd: number, computedAt: number) => {
    const core = openCore(dir);
    try {
      saveRun(
        core.store.db,
        { ...result, driftShare, datasetDrift: driftShare >= 0.5 },
        {
          source: 'engine',
          connection: CONNECTION,
          model: 'fraud-detector',
          version: 4,
          windowStart: windowEnd - HOUR,
          windowEnd,
          computedAt,
        },
      );
    } finally {
      core.close();
    }
  };
  const gateAt = async (now: number): Promise<GateResult> => {
    const core = openCore(dir, () => now);
    try {
      const envelope = await core.dispatch('governance.gate.evaluate', { model: 'fraud-detector', version: 4, stage: 'production' });
      if (!envelope.ok) throw new Error(envelope.error.message);
      return envelope.data as GateResult;
    } finally {
      core.close();
    }
  };

  it('ignores a result computed after the evaluation time', async () => {
    store(0.1, T - 2 * 24 * HOUR, T - 2 * 24 * HOUR);
    const before = await gateAt(T);
    expect(before.checks.find((c) => c.id === 'drift')).toMatchObject({
      status: 'pass',
      actual: '0.1',
      message: 'worst drift share 0.1 over 1 result(s)',
    });

    // Computed an hour after T, about a window that ended a day before it.
    store(0.9, T - 24 * HOUR, T + HOUR);
    const atT = await gateAt(T);
    expect(atT.checks.find((c) => c.id === 'drift')).toMatchObject({ status: 'pass', actual: '0.1' });
    expect(atT.evidenceHash).toBe(before.evidenceHash);

    const later = await gateAt(T + 2 * HOUR);
    expect(later.checks.find((c) => c.id === 'drift')).toMatchObject({
      status: 'fail',
      actual: '0.9',
      message: 'worst drift share 0.9 over 2 result(s)',
    });
    expect(later.evidenceHash).not.toBe(before.evidenceHash);
  });

  it('keeps approvals bound through routine monitoring results and releases them when the verdict changes', async () => {
    const drifted = await gateAt(T + 3 * HOUR);
    // Recovery: the 0.9 window is followed by one without dataset drift.
    store(0.2, T + 3 * HOUR, T + 3 * HOUR);
    const recovered = await gateAt(T + 4 * HOUR);
    expect(recovered.evidenceHash).not.toBe(drifted.evidenceHash);
    // Then another result with the same verdict, as a scheduled Prometheus poll records every few minutes.
    store(0.3, T + 5 * HOUR, T + 5 * HOUR);
    const steady = await gateAt(T + 6 * HOUR);
    expect(steady.checks.find((c) => c.id === 'drift')?.message).toBe('worst drift share 0.9 over 4 result(s)');
    expect(steady.evidenceHash).toBe(recovered.evidenceHash);
  });
});
