import { afterEach, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../helpers/temp';
import { startMlflowDouble, type MlflowDouble } from '../doubles/mlflow-server';
import { connectAndSync, openWorkspace, type Workspace } from './helpers/workspace';

/**
 * The benchmark's scale mode, small: copies of recorded entities with distinct ids, names
 * and timestamps, every version linked to a run — and the connector reads them like the
 * recorded ones (same shapes, same paging), so the benchmark measures the real path.
 */
describe('the MLflow double at scale', () => {
  let double: MlflowDouble;
  let ws: Workspace;
  afterEach(async () => {
    ws.close();
    await double.close();
    removeTempDirs();
  });

  it.each(['2.17.2', '3.3.2.dev'] as const)('serves generated registries in the shapes recorded from %s', async (recording) => {
    double = await startMlflowDouble({ recording, scale: { models: 20, versionsPerModel: 5, runs: 60, experiments: 3 } });
    ws = openWorkspace({ connectors: { snapshot: { pageSize: { experiments: 2, runs: 7, models: 6, versions: 9 } } } });
    const { results } = await connectAndSync(ws, 'scaled', double.url);
    expect(results?.[0]).toMatchObject({ outcome: 'ok', warnings: [], counts: { experiments: 3, models: 20, versions: 100, runs: 60 } });
    const list = await ws.call('models.list', {});
    expect(list.total).toBe(20);
    expect(list.items[0]?.aliases).toEqual([
      { alias: 'challenger', version: 4 },
      { alias: 'champion', version: 5 },
    ]);
    const version = await ws.call('versions.get', { connection: 'scaled', name: list.items[3]?.name ?? '', version: 2 });
    expect(version.run?.datasetInputs).toHaveLength(2);
    expect(version.run?.gitCommit).toMatch(/^[0-9a-f]{40}$/);
    const runIds = new Set(ws.core.store.db.prepare('SELECT run_id FROM runs').pluck().all());
    expect(runIds.size).toBe(60);
  });
});
