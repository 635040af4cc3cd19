import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/program';
import { removeTempDirs } from '../helpers/temp';
import { startMlflowDouble, type MlflowDouble } from '../doubles/mlflow-server';
import { connectAndSync, openWorkspace, type Workspace } from './helpers/workspace';

/** The recorded registry (both servers hold the same one): see ../shared/fixtures/mlflow/README.md. */
const MODELS = ['churn-predictor', 'credit-risk-scorer', 'demand-forecaster', 'fraud-detector'];

describe('syncing the recorded MLflow registry', () => {
  let double: MlflowDouble;
  let ws: Workspace;
  beforeEach(async () => {
    double = await startMlflowDouble({ recording: '2.17.2' });
    ws = openWorkspace();
  });
  afterEach(async () => {
    ws.close();
    await double.close();
    removeTempDirs();
  });

  it('brings every model, version, run, experiment and alias into the catalog', async () => {
    const { results } = await connectAndSync(ws, 'staging', double.url);
    expect(results).toHaveLength(1);
    const [result] = results ?? [];
    expect(result).toMatchObject({ connection: 'staging', mode: 'full', outcome: 'ok', problem: null });
    // The recordings hold 9 of the registry's 14 runs as entities; the other 5 are referenced
    // by versions only, so the double (like a server whose runs were deleted) cannot serve them.
    expect(result?.counts).toMatchObject({ experiments: 5, models: 4, versions: 12, runs: 9, deleted: 0 });

    const list = await ws.call('models.list', {});
    expect(list.items.map((m) => m.name)).toEqual(MODELS);
    const fraud = list.items.find((m) => m.name === 'fraud-detector');
    expect(fraud).toMatchObject({
      connection: 'staging',
      team: 'payments-risk',
      riskTier: 'high',
      latestVersion: 4,
      versionCount: 4,
      aliases: [
        { alias: 'challenger', version: 4 },
        { alias: 'champion', version: 3 },
      ],
    });
    expect(list.items.reduce((n, m) => n + m.versionCount, 0)).toBe(12);

    const v3 = await ws.call('versions.get', { connection: 'staging', name: 'fraud-detector', version: 3 });
    expect(v3).toMatchObject({
      stage: 'Production',
      status: 'READY',
      source: 'runs:/bbc4b81f9f924514bdcb7c6057932413/model',
      runId: 'bbc4b81f9f924514bdcb7c6057932413',
      aliases: ['champion'],
    });
    expect(v3.tags).toContainEqual({ key: 'approval_ticket', value: 'MRM-1302' });
    expect(v3.run).toMatchObject({
      experimentName: 'fraud-detection',
      runName: 'lgbm-v3-merchant-features',
      user: 'alice.chen',
      status: 'FINISHED',
      gitCommit: '90c1b4884d8069cfcdca53ec9368bbb6646530e2',
      sourceName: 'pipelines/train_fraud.py',
    });
    expect(v3.run?.tags).toContainEqual({ key: 'mlflow.user', value: 'alice.chen' });
    expect(v3.run?.params).toContainEqual({ key: 'num_leaves', value: '127' });
    expect(v3.run?.metrics.find((m) => m.key === 'val_auc')).toMatchObject({ value: 0.9483, step: 9 });
    expect(v3.run?.datasetInputs).toEqual([
      expect.objectContaining({ name: 'card_transactions_train', digest: 'a7767dde', sourceType: 's3', context: 'training' }),
      expect.objectContaining({ name: 'card_transactions_holdout', digest: 'b6aad143', sourceType: 's3', context: 'evaluation' }),
    ]);

    const model = await ws.call('models.get', { connection: 'staging', name: 'fraud-detector' });
    expect(model.versions.map((v) => [v.version, v.stage])).toEqual([
      [4, 'Staging'],
      [3, 'Production'],
      [2, 'Archived'],
      [1, 'Archived'],
    ]);
    const connection = await ws.call('connections.get', { name: 'staging' });
    expect(connection).toMatchObject({ status: 'ok', lastSuccessAt: expect.any(Number), lastFullSyncAt: expect.any(Number) });
    expect(connection.statusMessage).toMatch(/^Synced 4 models, 12 versions, 9 runs, 5 experiments \(full\)\./);
  });

  it('keeps a version whose training run was deleted on the server, and says so', async () => {
    const { results } = await connectAndSync(ws, 'staging', double.url);
    // churn-predictor v1 links to a run the server does not have (not in the recordings).
    expect(results?.[0]?.warnings).toContain(
      'Run 428b5f2dcbf34ca3a286176995698aae of churn-predictor v1 no longer exists on the server; the version is kept without its training run.',
    );
    const v1 = await ws.call('versions.get', { connection: 'staging', name: 'churn-predictor', version: 1 });
    expect(v1).toMatchObject({ runId: '428b5f2dcbf34ca3a286176995698aae', run: null, deletedOnServerAt: null });

    // A run present at the first sync and deleted before the next (a full one) is kept, with a warning.
    double.state.deleteRun('bbc4b81f9f924514bdcb7c6057932413');
    const again = await ws.call('sync.start', { connection: 'staging', full: true, wait: true });
    expect(again.results?.[0]?.outcome).toBe('ok');
    expect(again.results?.[0]?.warnings).toContain(
      'Run bbc4b81f9f924514bdcb7c6057932413 of fraud-detector v3 no longer exists on the server; the version is kept without its training run.',
    );
    const v3 = await ws.call('versions.get', { connection: 'staging', name: 'fraud-detector', version: 3 });
    expect(v3.run?.runId).toBe('bbc4b81f9f924514bdcb7c6057932413');
  });

  it('re-syncs incrementally: complete registry listings, only new or changed runs', async () => {
    await connectAndSync(ws, 'staging', double.url);
    const before = double.requests.length;
    const { results } = await ws.call('sync.start', { connection: 'staging', wait: true });
    expect(results?.[0]).toMatchObject({ mode: 'incremental', outcome: 'ok', counts: { runs: 0, models: 4, versions: 12, changes: 0 } });
    const second = double.requests.slice(before);
    const runSearches = second.filter((r) => r.endpoint === 'runs/search').map((r) => (r.body as { filter?: string }).filter);
    expect(runSearches).toHaveLength(2);
    expect(runSearches[0]).toMatch(/^attributes\.start_time >= \d+$/);
    expect(runSearches[1]).toMatch(/^attributes\.end_time >= \d+$/);
    // Runs known to be gone are not asked for again until the next full sync.
    expect(second.filter((r) => r.endpoint === 'runs/get')).toHaveLength(0);
    expect(second.map((r) => r.endpoint)).toEqual(
      expect.arrayContaining(['experiments/search', 'registered-models/search', 'model-versions/search']),
    );

    // A run that appears after the last sync is fetched by the incremental one.
    const template = double.state.runs.get('bbc4b81f9f924514bdcb7c6057932413');
    if (!template) throw new Error('recorded run missing');
    double.state.addRun({
      ...structuredClone(template),
      info: { ...template.info, run_id: 'f'.repeat(32), run_uuid: 'f'.repeat(32), start_time: Date.now(), end_time: Date.now() },
    });
    const third = await ws.call('sync.start', { connection: 'staging', wait: true });
    expect(third.results?.[0]).toMatchObject({ mode: 'incremental', counts: { runs: 1 } });
  });

  it('merges two registries (MLflow 2.17.2 and 3.3.2.dev) into one catalog, keyed by connection', async () => {
    const other = await startMlflowDouble({ recording: '3.3.2.dev' });
    try {
      await connectAndSync(ws, 'staging', double.url);
      await connectAndSync(ws, 'production', other.url);
      const list = await ws.call('models.list', {});
      expect(list.total).toBe(8);
      expect(list.items.map((m) => `${m.connection}/${m.name}`)).toEqual(MODELS.flatMap((m) => [`production/${m}`, `staging/${m}`]));
      const onlyProduction = await ws.call('models.list', { connection: 'production' });
      expect(onlyProduction.total).toBe(4);
      // Run ids differ between the two servers (each was seeded separately).
      const a = await ws.call('versions.get', { connection: 'staging', name: 'fraud-detector', version: 3 });
      const b = await ws.call('versions.get', { connection: 'production', name: 'fraud-detector', version: 3 });
      expect(a.run?.runId).toBe('bbc4b81f9f924514bdcb7c6057932413');
      expect(b.run?.runId).toBe('8c345d59060443c48add24fc54a4c5e6');
      expect(b.run?.datasetInputs.map((d) => d.digest)).toEqual(['a7767dde', 'b6aad143']);

      // `sync` with no connection syncs both.
      const all = await ws.call('sync.start', { wait: true });
      expect(all.results?.map((r) => [r.connection, r.outcome])).toEqual([
        ['production', 'ok'],
        ['staging', 'ok'],
      ]);

      // The CLI shows the same catalog.
      const out: string[] = [];
      const code = await runCli(['--data-dir', ws.dir, '--json', 'models'], {
        stdout: (t) => out.push(t),
        stderr: () => undefined,
        env: {},
      });
      expect(code).toBe(0);
      const json = JSON.parse(out.join('')) as { total: number; models: { connection: string; name: string }[] };
      expect(json.total).toBe(8);
      expect(new Set(json.models.map((m) => m.connection))).toEqual(new Set(['staging', 'production']));
    } finally {
      await other.close();
    }
  });

  it('reports progress as job.progress events and announces the change at the end', async () => {
    const events: { event: string; payload: unknown }[] = [];
    ws.core.events.onAny((event, payload) => events.push({ event, payload }));
    const { jobId } = await connectAndSync(ws, 'staging', double.url);
    const progress = events
      .filter((e) => e.event === 'job.progress')
      .map((e) => e.payload as { jobId: string; state: string; message: string | null });
    expect(progress.every((p) => p.jobId === jobId)).toBe(true);
    expect(progress[0]?.state).toBe('running');
    expect(progress.at(-1)?.state).toBe('done');
    expect(progress.map((p) => p.message?.split(' — ')[0])).toEqual(
      expect.arrayContaining(['staging: experiments', 'staging: models', 'staging: runs']),
    );
    expect(events.filter((e) => e.event === 'data.changed').map((e) => e.payload)).toContainEqual({ topics: ['catalog', 'connections'] });
  });
});
