import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationInput, OperationName, OperationOutput } from '@shared/contract';
import { governanceOperations } from '@shared/contract/governance.contract';
import type { GateResult, GateSummaryStatus, LedgerEntry } from '@shared/domain/governance';
import { createCore, type Core } from '../../electron/core/create-core';
import { demoGovernanceLoaded, readGovernanceStory } from '../../electron/core/demo/load-governance';
import { defaultResourcesDir } from '../../electron/core/resources';

/**
 * The renderer's own header mapping is the oracle. It is loaded at run time: the Node
 * tsconfig (which checks test/) has no DOM or JSX, so the renderer's files are typed here.
 */
interface HeaderMapping {
  summarizeGate: (gate: GateResult, released: { at: number; byName: string } | null) => { tone: string; label: string };
  releaseOf: (entries: readonly LedgerEntry[], subject: GateResult['subject']) => { at: number; byName: string } | null;
  GATE_STATUS_PALETTE: Record<GateSummaryStatus, { tone: string; word: string }>;
}
async function headerMapping(): Promise<HeaderMapping> {
  const load = (file: string) =>
    import(/* @vite-ignore */ resolve(import.meta.dirname, '../../renderer/src/features', file)) as Promise<object>;
  const modules = await Promise.all(['governance/gate-summary.ts', 'governance/released.ts', 'versions/gate-status-palette.ts'].map(load));
  return Object.assign({}, ...modules) as HeaderMapping;
}

/**
 * governance.gate.summaries, the Models grid's one read: on the demo workspace every summary
 * must be what the version header says for that version, i.e. the renderer's `summarizeGate`
 * over governance.gate.evaluate and the ledger's write-backs, word and tone alike.
 */

const storyNow = Date.parse(readGovernanceStory(defaultResourcesDir()).story.now);

async function call<K extends OperationName>(core: Core, operation: K, input: OperationInput<K>): Promise<OperationOutput<K>> {
  const result = await core.dispatch(operation, input);
  if (!result.ok) throw new Error(`${operation} failed: ${result.error.code} ${result.error.message}`);
  return result.data as OperationOutput<K>;
}

let dir: string;
let core: Core;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'quorum-gate-summaries-'));
  core = createCore({ dataDir: dir, workspaceKind: 'demo', validateOutput: true, now: () => storyNow });
  await demoGovernanceLoaded(core.services);
});

afterAll(() => {
  core.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('governance.gate.summaries', () => {
  it('covers the latest version of every model by default, in production', async () => {
    const summaries = await call(core, 'governance.gate.summaries', {});
    governanceOperations['governance.gate.summaries'].output.parse(summaries);
    const models = await call(core, 'models.list', { limit: 10_000 });
    const latest = models.items.filter((m) => m.latestVersion !== null);
    expect(summaries.map((s) => `${s.subject.connection}/${s.subject.model}@${s.subject.version}`).sort()).toEqual(
      latest.map((m) => `${m.connection}/${m.name}@${String(m.latestVersion)}`).sort(),
    );
    expect(new Set(summaries.map((s) => s.subject.stage))).toEqual(new Set(['production']));
  });

  it('says credit-approval-scorer v5 waits for compliance and card-fraud-blocker v5 fails its metric', async () => {
    const [credit, fraud] = await call(core, 'governance.gate.summaries', {
      versions: [
        { connection: 'northwind-mlflow', name: 'credit-approval-scorer', version: 5 },
        { connection: 'northwind-mlflow', name: 'card-fraud-blocker', version: 5 },
      ],
      stage: 'production',
    });
    expect(credit?.status).toBe('blocked');
    expect(credit?.reason).toBe('1 compliance sign-off missing (0 of 1).');
    expect(credit?.failingChecks).toBe(0);
    expect(fraud?.status).toBe('blocked');
    expect(fraud?.failingChecks).toBe(1);
    expect(fraud?.reason).toContain('Metric val_auc');
    // Both are the models' latest versions, so the default call says the same.
    const all = await call(core, 'governance.gate.summaries', {});
    expect(all.find((s) => s.subject.model === 'credit-approval-scorer')).toEqual(credit);
    expect(all.find((s) => s.subject.model === 'card-fraud-blocker')).toEqual(fraud);
  });

  it('never shows a release that stands on a waiver as plain released', async () => {
    const [waived] = await call(core, 'governance.gate.summaries', {
      versions: [{ connection: 'northwind-mlflow', name: 'application-fraud-detector', version: 3 }],
    });
    expect(waived?.status).toBe('released-with-waiver');
    expect(waived?.reason).toMatch(/Waived: /);
  });

  it('equals what gate.evaluate and the version header say for every version', async () => {
    const summaries = await call(core, 'governance.gate.summaries', {});
    expect(summaries.length).toBeGreaterThan(5);
    const { summarizeGate, releaseOf, GATE_STATUS_PALETTE } = await headerMapping();
    const ledger = await call(core, 'governance.ledger.list', { limit: 1000 });
    for (const summary of summaries) {
      const { connection, model, version, stage } = summary.subject;
      const gate = await call(core, 'governance.gate.evaluate', { connection, model, version, stage });
      const header = summarizeGate(gate, releaseOf(ledger.items, summary.subject));
      const palette = GATE_STATUS_PALETTE[summary.status];
      const at = `${model}@${version}`;
      expect(summary.gate, at).toBe(gate.status);
      expect(header.tone, at).toBe(palette.tone);
      expect(header.label === palette.word || header.label.startsWith(`${palette.word} —`), `${at}: ${header.label}`).toBe(true);
      if (summary.status === 'blocked') expect(summary.reason, at).toBe(gate.reasons.join(' '));
      expect(summary.missingSignoffs, at).toBe(gate.signoffs.reduce((n, r) => n + r.missing, 0));
      expect(summary.failingChecks, at).toBe(gate.checks.filter((c) => c.status === 'fail').length);
    }
    // The demo shows more than one kind of status in the grid.
    expect(new Set(summaries.map((s) => s.status)).size).toBeGreaterThan(1);
  });

  it('rejects a stage the policy does not govern, and marks a version it cannot find', async () => {
    const bad = await core.dispatch('governance.gate.summaries', { stage: 'moon' });
    expect(bad.ok).toBe(false);
    const [missing] = await call(core, 'governance.gate.summaries', {
      versions: [{ connection: 'northwind-mlflow', name: 'credit-approval-scorer', version: 999 }],
    });
    expect(missing?.status).toBe('not-evaluated');
    expect(missing?.gate).toBeNull();
  });
});
