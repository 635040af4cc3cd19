import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ObservedChange } from '@shared/domain/catalog';
import { removeTempDirs } from '../helpers/temp';
import { startMlflowDouble, type MlflowDouble } from '../doubles/mlflow-server';
import { connectAndSync, openWorkspace, type Workspace } from './helpers/workspace';

/**
 * What changed on the server between two syncs becomes observed changes in the workspace
 * (kept for governance: promotions made outside Quorum, "what was @champion on date T").
 * The changes are made through the double the way MLflow makes them — including MLflow's
 * quirks seen in the recordings: setting an alias or a version tag moves no timestamp.
 */
describe('changes between syncs', () => {
  let double: MlflowDouble;
  let ws: Workspace;
  let clock = 1_800_000_000_000;
  beforeEach(async () => {
    double = await startMlflowDouble({ recording: '2.17.2', now: () => (clock += 1_000) });
    ws = openWorkspace();
    await connectAndSync(ws, 'prod', double.url);
  });
  afterEach(async () => {
    ws.close();
    await double.close();
    removeTempDirs();
  });

  const activity = async (model: string): Promise<ObservedChange[]> =>
    (await ws.call('models.get', { connection: 'prod', name: model })).activity;
  const sync = async () => {
    const { results } = await ws.call('sync.start', { connection: 'prod', wait: true });
    expect(results?.[0]?.outcome).toBe('ok');
    return results?.[0];
  };

  it('records an alias moved from one version to another, and one removed', async () => {
    double.state.setAlias('fraud-detector', 'champion', 4);
    double.state.deleteAlias('fraud-detector', 'challenger');
    const result = await sync();
    expect(result?.mode).toBe('incremental');
    const changes = await activity('fraud-detector');
    expect(changes).toContainEqual(expect.objectContaining({ kind: 'alias-moved', subject: 'champion', from: '3', to: '4', version: 4 }));
    expect(changes).toContainEqual(expect.objectContaining({ kind: 'alias-removed', subject: 'challenger', from: '4', to: null }));
    const model = await ws.call('models.get', { connection: 'prod', name: 'fraud-detector' });
    expect(model.model.aliases).toEqual([{ alias: 'champion', version: 4 }]);
    expect(model.versions.find((v) => v.version === 4)?.aliases).toEqual(['champion']);
  });

  it('records version tags set, changed and deleted', async () => {
    double.state.setVersionTag('fraud-detector', 4, 'validation_status', 'passed');
    double.state.setVersionTag('fraud-detector', 4, 'gate', 'production-approved');
    double.state.deleteVersionTag('fraud-detector', 4, 'approval_ticket');
    await sync();
    const changes = (await activity('fraud-detector')).filter((c) => c.kind === 'tag-changed' && c.version === 4);
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ subject: 'validation_status', from: 'pending', to: 'passed' }),
        expect.objectContaining({ subject: 'gate', from: null, to: 'production-approved' }),
        expect.objectContaining({ subject: 'approval_ticket', from: 'MRM-1355', to: null }),
      ]),
    );
  });

  it('records a stage transition, a description change and a model tag change', async () => {
    double.state.setStage('fraud-detector', 4, 'Production');
    double.state.setModelDescription('fraud-detector', 'Card fraud scoring, v4 graph features.');
    double.state.setModelTag('fraud-detector', 'risk_tier', 'medium');
    await sync();
    const changes = await activity('fraud-detector');
    expect(changes).toContainEqual(expect.objectContaining({ kind: 'stage-changed', version: 4, from: 'Staging', to: 'Production' }));
    expect(changes).toContainEqual(
      expect.objectContaining({ kind: 'description-changed', version: null, to: 'Card fraud scoring, v4 graph features.' }),
    );
    expect(changes).toContainEqual(expect.objectContaining({ kind: 'tag-changed', subject: 'risk_tier', from: 'high', to: 'medium' }));
    const list = await ws.call('models.list', { riskTier: 'medium' });
    expect(list.items.map((m) => m.name)).toContain('fraud-detector');
  });

  it('records a new version, and fetches its training run', async () => {
    const template = double.state.versions.get('fraud-detector\u00004');
    if (!template) throw new Error('recorded version missing');
    double.state.createVersion('fraud-detector', template, { run_id: 'bbc4b81f9f924514bdcb7c6057932413' });
    await sync();
    const changes = await activity('fraud-detector');
    expect(changes).toContainEqual(expect.objectContaining({ kind: 'version-created', version: 5 }));
    const v5 = await ws.call('versions.get', { connection: 'prod', name: 'fraud-detector', version: 5 });
    expect(v5.run?.runName).toBe('lgbm-v3-merchant-features');
  });

  it('marks a version and a model deleted on the server without dropping them', async () => {
    double.state.deleteVersion('fraud-detector', 1);
    double.state.deleteModel('demand-forecaster');
    const result = await sync();
    expect(result?.counts.deleted).toBe(4); // fraud-detector v1, demand-forecaster and its 2 versions

    const fraud = await ws.call('models.get', { connection: 'prod', name: 'fraud-detector' });
    const v1 = fraud.versions.find((v) => v.version === 1);
    expect(v1?.deletedOnServerAt).toEqual(expect.any(Number));
    expect(fraud.activity).toContainEqual(expect.objectContaining({ kind: 'deleted-on-server', version: 1 }));

    const list = await ws.call('models.list', {});
    const demand = list.items.find((m) => m.name === 'demand-forecaster');
    expect(demand?.deletedOnServerAt).toEqual(expect.any(Number));
    const v2 = await ws.call('versions.get', { connection: 'prod', name: 'demand-forecaster', version: 2 });
    expect(v2.deletedOnServerAt).toEqual(expect.any(Number));
    expect(v2.run).not.toBeNull();

    // A later sync does not report the same deletion twice.
    const again = await sync();
    expect(again?.counts.deleted).toBe(0);
  });

  it('warns about an alias left pointing to a deleted version (MLflow keeps it)', async () => {
    double.state.deleteVersion('fraud-detector', 4);
    const result = await sync();
    expect(result?.warnings).toContain(
      'fraud-detector@challenger points to version 4, which does not exist on the server (MLflow keeps aliases of deleted versions).',
    );
  });

  it('double-checks a version missing from a listing before calling it deleted (offset paging can skip one)', async () => {
    ws.close();
    ws = openWorkspace({ connectors: { snapshot: { pageSize: { experiments: 1_000, runs: 1_000, models: 1_000, versions: 4 } } } });
    await connectAndSync(ws, 'prod', double.url);
    // While the second page is requested, a version further down is updated and moves to the
    // top of MLflow's "most recently updated first" order: the rest shift up by one, and the
    // listing never shows one of them.
    double.tap('model-versions/search', (count) => {
      if (count === 2) double.state.setStage('churn-predictor', 1, 'Staging');
    });
    const { results } = await ws.call('sync.start', { connection: 'prod', wait: true });
    expect(results?.[0]).toMatchObject({ outcome: 'ok', counts: { deleted: 0 } });
    const gets = double.requests.filter((r) => r.endpoint === 'model-versions/get');
    expect(gets.length).toBeGreaterThan(0);
    const list = await ws.call('models.list', {});
    expect(list.items.reduce((n, m) => n + m.versionCount, 0)).toBe(12);
    for (const model of list.items) {
      const { versions } = await ws.call('models.get', { connection: 'prod', name: model.name });
      expect(versions.every((v) => v.deletedOnServerAt === null)).toBe(true);
    }
  });

  it('does not report deletions from a listing cut short', async () => {
    double.inject({ endpoint: 'model-versions/search', skip: 0, fault: { kind: 'status', status: 500 } });
    double.state.deleteVersion('fraud-detector', 1);
    const { results } = await ws.call('sync.start', { connection: 'prod', wait: true });
    expect(results?.[0]?.outcome).toBe('partial');
    expect(results?.[0]?.counts.deleted).toBe(0);
    const v1 = await ws.call('versions.get', { connection: 'prod', name: 'fraud-detector', version: 1 });
    expect(v1.deletedOnServerAt).toBeNull();
  });
});
