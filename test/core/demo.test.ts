import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '@shared/contract';
import type { ModelSummary, ObservedChange, VersionDetail } from '@shared/domain/catalog';
import { createCore, type Core } from '../../electron/core/create-core';
import { DEMO_CONNECTION } from '../../electron/core/demo/load-demo';
import { defaultResourcesDir } from '../../electron/core/resources';

/**
 * The bundled Northwind Financial workspace, loaded the way a user gets it: an empty data
 * directory opened as a demo workspace, read back through the catalog operations.
 */

type Ops = typeof OPERATIONS;
async function call<K extends keyof Ops>(core: Core, operation: K, input: z.input<Ops[K]['input']>): Promise<z.output<Ops[K]['output']>> {
  const result = await core.dispatch(operation, input);
  if (!result.ok) throw new Error(`${operation} failed: ${result.error.code} ${result.error.message}`);
  return OPERATIONS[operation].output.parse(result.data) as z.output<Ops[K]['output']>;
}

interface Workspace {
  teams: { id: string }[];
  people: { id: string }[];
}
const workspace = JSON.parse(readFileSync(join(defaultResourcesDir(), 'demo', 'workspace.json'), 'utf8')) as Workspace;
const people = new Set(workspace.people.map((p) => p.id));

let dir: string;
let core: Core;
let models: ModelSummary[];
const versions = new Map<string, VersionDetail>();
const activity = new Map<string, ObservedChange[]>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'quorum-demo-'));
  core = createCore({ dataDir: dir, workspaceKind: 'demo', validateOutput: true });
  models = (await call(core, 'models.list', {})).items;
  for (const m of models) {
    const detail = await call(core, 'models.get', { connection: m.connection, name: m.name });
    activity.set(m.name, detail.activity);
    for (const v of detail.versions) {
      versions.set(
        `${m.name}@${v.version}`,
        await call(core, 'versions.get', { connection: m.connection, name: m.name, version: v.version }),
      );
    }
  }
});

afterAll(() => {
  core.close();
  rmSync(dir, { recursive: true, force: true });
});

const version = (name: string, number: number): VersionDetail => {
  const found = versions.get(`${name}@${number}`);
  if (!found) throw new Error(`no ${name} v${number} in the demo`);
  return found;
};
const changes = (name: string): ObservedChange[] => activity.get(name) ?? [];

describe('the demo workspace, loaded through the real ingestion path', () => {
  it('has at least 3 teams and 8 models across all three risk tiers, each with an owner', () => {
    expect(models.length).toBeGreaterThanOrEqual(8);
    expect(models.every((m) => m.connection === DEMO_CONNECTION)).toBe(true);
    expect(new Set(models.map((m) => m.team)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(models.map((m) => m.riskTier))).toEqual(new Set(['high', 'medium', 'low']));
    for (const m of models) {
      expect(
        workspace.teams.map((t) => t.id),
        m.name,
      ).toContain(m.team);
      expect(people.has(m.owner ?? ''), `${m.name} owner ${m.owner}`).toBe(true);
    }
  });

  it('has at least 25 versions, each trained by a run with params, metrics, a git commit and dataset inputs', () => {
    expect(versions.size).toBeGreaterThanOrEqual(25);
    expect(models.reduce((n, m) => n + m.versionCount, 0)).toBe(versions.size);
    for (const [key, v] of versions) {
      const run = v.run;
      expect(run, key).not.toBeNull();
      if (!run) continue;
      expect(run.status, key).toBe('FINISHED');
      expect(people.has(run.user ?? ''), `${key} run user ${run.user}`).toBe(true);
      expect(run.params.length, key).toBeGreaterThan(0);
      expect(run.metrics.length, key).toBeGreaterThan(0);
      expect(run.gitCommit, key).toMatch(/^[0-9a-f]{40}$/);
      expect(run.sourceName, key).toBeTruthy();
      const training = run.datasetInputs.filter((d) => d.context === 'training');
      expect(training.length, key).toBeGreaterThan(0);
      for (const d of run.datasetInputs) expect(d.digest, key).toMatch(/^[0-9a-f]{8}([0-9a-f]{24})?$/);
      expect(
        run.datasetInputs.some((d) => d.context === 'evaluation'),
        key,
      ).toBe(true);
    }
  });

  it('charts every recorded training curve from the workspace, without a live server', async () => {
    const run = [...versions.values()].find((v) => v.modelName === 'card-fraud-blocker' && v.version === 4)?.run;
    expect(run).toBeTruthy();
    const key = run?.metrics[0]?.key ?? '';
    const history = await call(core, 'metrics.history', { connection: DEMO_CONNECTION, runId: run?.runId ?? '', key });
    expect(history.source).toBe('cache');
    expect(history.points.length).toBeGreaterThan(3);
    expect(history.points.map((p) => p.step)).toEqual([...history.points.map((p) => p.step)].sort((a, b) => a - b));
    // The curve ends at the value the run's listing reports as final.
    expect(history.points.at(-1)?.value).toBe(run?.metrics.find((m) => m.key === key)?.value);
  });

  it('joins the pipelines to the registry: a deployed version reaches its training data and the job that made it', async () => {
    const graph = await call(core, 'lineage.graph', { node: 'card-fraud-blocker@4', direction: 'upstream', depth: 10 });
    const kinds = new Set(graph.nodes.map((n) => n.kind));
    expect(kinds.has('dataset')).toBe(true);
    expect(kinds.has('job')).toBe(true);
    const rejected = await call(core, 'lineage.rejected', {});
    expect(rejected).toEqual(expect.objectContaining({ total: 0 }));
  });

  it('shows the champion and challenger aliases the story needs', () => {
    const aliases = (name: string) =>
      Object.fromEntries((models.find((m) => m.name === name)?.aliases ?? []).map((a) => [a.alias, a.version]));
    expect(aliases('card-fraud-blocker')).toEqual({ champion: 4, challenger: 5 });
    expect(aliases('credit-approval-scorer')).toEqual({ champion: 4, challenger: 5 });
    expect(aliases('application-fraud-detector')).toEqual({ champion: 3 });
    expect(aliases('offer-pricing')).toEqual({ champion: 4 });
    expect(version('card-fraud-blocker', 4).aliases).toEqual(['champion']);
    expect(version('card-fraud-blocker', 4).stage).toBe('Production');
  });

  it('records the alias moved outside Quorum as an observed change between the two looks', () => {
    const moved = changes('offer-pricing').filter((c) => c.kind === 'alias-moved' && c.subject === 'champion');
    expect(moved.map((c) => [c.from, c.to])).toEqual([
      ['3', '4'],
      [null, '3'],
    ]);
    const [outside, first] = moved;
    expect(outside?.version).toBe(4);
    expect(outside?.observedAt).toBeGreaterThan(first?.observedAt ?? Infinity);
    // The version it now points at was never released: it is in stage None and has no tags at all.
    const v4 = version('offer-pricing', 4);
    expect(v4.stage).toBe('None');
    expect(v4.tags).toEqual([]);
    expect(v4.aliases).toEqual(['champion']);
  });

  it('records what else changed between the two looks, as a real registry would between syncs', () => {
    const kinds = (name: string, kind: ObservedChange['kind']) => changes(name).filter((c) => c.kind === kind);
    const secondLook = Math.max(...changes('offer-pricing').map((c) => c.observedAt));

    const created = [...activity.values()].flat().filter((c) => c.kind === 'version-created' && c.observedAt > Date.parse('2026-11-01'));
    expect(created.length).toBeGreaterThanOrEqual(5);

    expect(kinds('application-fraud-detector', 'stage-changed').map((c) => [c.version, c.from, c.to])).toEqual(
      expect.arrayContaining([
        [3, 'Staging', 'Production'],
        [2, 'Production', 'Archived'],
      ]),
    );
    expect(kinds('churn-predictor', 'alias-moved').some((c) => c.from === '1' && c.to === '4')).toBe(true);
    expect(
      kinds('card-fraud-blocker', 'tag-changed').some(
        (c) => c.version === 4 && c.subject === 'monitoring' && c.from === 'ok' && c.to === 'drift-alert',
      ),
    ).toBe(true);
    expect(kinds('merchant-risk-score', 'alias-removed').map((c) => [c.subject, c.from])).toEqual([['champion', '2']]);
    expect(kinds('merchant-risk-score', 'description-changed')).toHaveLength(1);
    expect(kinds('merchant-risk-score', 'tag-changed').some((c) => c.subject === 'lifecycle' && c.to === 'retired')).toBe(true);
    expect(secondLook).toBeLessThan(Date.parse('2026-11-20T00:00:00Z'));
    expect(secondLook).toBeGreaterThan(Date.parse('2026-11-14T00:00:00Z'));
  });

  it('keeps the realistic imperfections: an archived model, an empty description, a FAILED run nobody registered', () => {
    const merchant = models.find((m) => m.name === 'merchant-risk-score');
    expect(merchant?.aliases).toEqual([]);
    expect([...versions.values()].filter((v) => v.modelName === 'merchant-risk-score').map((v) => v.stage)).toEqual([
      'Archived',
      'Archived',
    ]);
    expect([...versions.values()].filter((v) => v.description === '').map((v) => `${v.modelName}@${v.version}`)).toEqual([
      'support-ticket-router@1',
    ]);

    const runs = core.store.db.prepare('SELECT run_id, status FROM runs').all() as { run_id: string; status: string }[];
    const failed = runs.filter((r) => r.status === 'FAILED');
    expect(failed).toHaveLength(1);
    const registered = new Set([...versions.values()].map((v) => v.runId));
    expect(registered.has(failed[0]?.run_id ?? '')).toBe(false);
    expect(runs.length).toBeGreaterThan(versions.size);
  });

  it('shows the blocked candidate’s metric below its threshold and the waiting candidate’s above it', () => {
    const metric = (v: VersionDetail, key: string) => v.run?.metrics.find((m) => m.key === key)?.value;
    expect(metric(version('card-fraud-blocker', 5), 'val_auc')).toBeLessThan(0.93);
    expect(metric(version('card-fraud-blocker', 4), 'val_auc')).toBeGreaterThanOrEqual(0.93);
    expect(metric(version('credit-approval-scorer', 5), 'val_auc')).toBeGreaterThanOrEqual(0.75);
  });
});
