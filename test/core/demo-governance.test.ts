import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { governanceOperations } from '@shared/contract/governance.contract';
import type { GateResult } from '@shared/domain/governance';
import { createCore, type Core } from '../../electron/core/create-core';
import { demoGovernanceLoaded, loadDemoGovernance, readGovernanceStory } from '../../electron/core/demo/load-governance';
import { defaultResourcesDir } from '../../electron/core/resources';

/**
 * The demo's governance story replayed as signed ledger events when a demo workspace is
 * opened, read back through the governance operations: the outcomes the story promises
 * (resources/demo/README.md) must be what the gate, the findings and `ledger verify` say.
 */

type Ops = typeof governanceOperations;
async function call<K extends keyof Ops>(core: Core, operation: K, input: z.input<Ops[K]['input']>): Promise<z.output<Ops[K]['output']>> {
  const result = await core.dispatch(operation, input);
  if (!result.ok) throw new Error(`${operation} failed: ${result.error.code} ${result.error.message}`);
  return governanceOperations[operation].output.parse(result.data) as z.output<Ops[K]['output']>;
}

const { story } = readGovernanceStory(defaultResourcesDir());
const storyNow = Date.parse(story.now);

let dir: string;
let core: Core;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'quorum-demo-gov-'));
  // The story's "now": approval validity is measured against it, whatever today's date is.
  core = createCore({ dataDir: dir, workspaceKind: 'demo', validateOutput: true, now: () => storyNow });
  const loading = demoGovernanceLoaded(core.services);
  expect(loading).not.toBeNull();
  await loading;
});

afterAll(() => {
  core.close();
  rmSync(dir, { recursive: true, force: true });
});

const gate = (model: string, version: number): Promise<GateResult> => call(core, 'governance.gate.evaluate', { model, version });
const missingRoles = (g: GateResult) => g.signoffs.filter((s) => s.missing > 0).map((s) => s.role);
const failing = (g: GateResult) => g.checks.filter((c) => c.status === 'fail').map((c) => c.id);

describe('the demo governance story', () => {
  it('blocks the waiting version for exactly its missing compliance sign-off', async () => {
    const g = await gate('credit-approval-scorer', 5);
    expect(g.status).toBe('blocked');
    expect(missingRoles(g)).toEqual(['compliance']);
    expect(failing(g)).toEqual([]);
    expect(g.reasons).toEqual(['1 compliance sign-off missing (0 of 1).']);
    const signed = g.signoffs.filter((s) => s.valid.length > 0).map((s) => s.role);
    expect(signed.sort()).toEqual(['ml-engineering', 'ops']);
  });

  it('blocks the retrain by its failing metric check', async () => {
    const g = await gate('card-fraud-blocker', 5);
    expect(g.status).toBe('blocked');
    const check = g.checks.find((c) => c.id === 'metric:val_auc');
    expect(check?.status).toBe('fail');
    expect(check?.actual).toContain('0.9187');
    expect(failing(g)).toEqual(['metric:val_auc']);
  });

  it('passes the waived version, with the waiver shown', async () => {
    const g = await gate('application-fraud-detector', 3);
    const waived = g.checks.filter((c) => c.status === 'waived');
    expect(waived.map((c) => c.id)).toEqual(['model-card:model_card.limitations']);
    expect(waived[0]?.waiver?.byName).toBe('Helen Fischer');
    // Its release was evaluated and written back on 2026-11-10, within the sign-offs' validity.
    const ledger = await call(core, 'governance.ledger.list', { model: 'application-fraud-detector', limit: 1000 });
    const gateEvents = ledger.items.filter((e) => e.kind === 'gate.evaluated' && (e.body.subject as { version: number }).version === 3);
    expect(gateEvents.map((e) => e.body.status)).toEqual(['pass']);
    expect(g.status).toBe('pass');
  });

  it('raises two findings: the alias moved outside Quorum, and the deployed card model crossing its drift threshold', async () => {
    const findings = await call(core, 'governance.findings.list', { all: true });
    expect(findings.map((f) => `${f.kind} ${f.model} v${f.version ?? '?'}`).sort()).toEqual([
      'drift-threshold card-fraud-blocker v4',
      'promotion-outside-quorum offer-pricing v4',
    ]);
    expect(findings.find((f) => f.kind === 'promotion-outside-quorum')?.subject).toBe('champion');
    expect(findings.every((f) => f.state === 'open')).toBe(true);
  });

  it('records every release as a passing gate and its write-back, and the ledger verifies', async () => {
    const ledger = await call(core, 'governance.ledger.list', { limit: 1000 });
    const writebacks = story.acts.filter((a) => a.kind === 'writeback.performed').length;
    expect(ledger.items.filter((e) => e.kind === 'writeback.performed')).toHaveLength(writebacks);
    expect(ledger.items.filter((e) => e.kind === 'gate.evaluated').every((e) => e.body.status === 'pass')).toBe(true);
    const report = await call(core, 'governance.ledger.verify', {});
    expect(report.problems).toEqual([]);
    expect(report.intact).toBe(true);
  });

  it('lets the app act as any story person kept on this machine, starting as the founder', async () => {
    const identities = await call(core, 'governance.identities.list', {});
    expect(identities.filter((i) => i.local)).toHaveLength(7);
    expect(identities.find((i) => i.active)?.name).toBe('Sam Whitfield');
    const helen = identities.find((i) => i.name === 'Helen Fischer');
    expect(helen?.roles).toEqual(['compliance']);
  });

  it('is idempotent: replaying again signs nothing', async () => {
    const before = (await call(core, 'governance.ledger.verify', {})).events;
    expect(await loadDemoGovernance(core.services)).toEqual({ acts: story.acts.length, replayed: 0 });
    expect((await call(core, 'governance.ledger.verify', {})).events).toBe(before);
  });
});
