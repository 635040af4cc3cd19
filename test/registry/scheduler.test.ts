import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/program';
import { removeTempDirs } from '../helpers/temp';
import { startMlflowDouble, type MlflowDouble } from '../doubles/mlflow-server';
import { openWorkspace, type Workspace } from './helpers/workspace';

describe('scheduled sync', () => {
  let double: MlflowDouble;
  let ws: Workspace;
  afterEach(async () => {
    ws.close();
    await double.close();
    removeTempDirs();
  });

  it('syncs each connection at its own interval, never two at once, and skips those turned off', async () => {
    double = await startMlflowDouble();
    ws = openWorkspace();
    await ws.call('connections.add', { name: 'every15', kind: 'mlflow', url: double.url, test: false });
    await ws.call('connections.add', { name: 'hourly', kind: 'mlflow', url: double.url, syncIntervalMinutes: 60, test: false });
    await ws.call('connections.add', { name: 'manual', kind: 'mlflow', url: double.url, syncIntervalMinutes: 0, test: false });
    const { scheduler, sync } = ws.core.registry;

    // Never synced: due now. A second tick while they run starts nothing.
    expect(scheduler.tick().sort()).toEqual(['every15', 'hourly']);
    expect(scheduler.tick()).toEqual([]);
    await Promise.all(['every15', 'hourly'].map((name) => ws.call('sync.start', { connection: name, wait: true })));
    expect(sync.isSyncing('every15')).toBe(false);

    // Just synced: nothing is due until its interval has passed.
    expect(scheduler.tick()).toEqual([]);
    const db = ws.core.store.db;
    const ago = (minutes: number) => Date.now() - minutes * 60_000;
    db.prepare('UPDATE connections SET last_sync_at = ?').run(ago(16));
    expect(scheduler.tick()).toEqual(['every15']);
    await ws.call('sync.start', { connection: 'every15', wait: true });
    db.prepare("UPDATE connections SET last_sync_at = ? WHERE name = 'hourly'").run(ago(61));
    expect(scheduler.tick()).toEqual(['hourly']);
    await ws.call('sync.start', { connection: 'hourly', wait: true });
  });

  it('is started by long-lived hosts only; a CLI command leaves it off', async () => {
    double = await startMlflowDouble();
    ws = openWorkspace();
    expect(ws.core.registry.scheduler.running).toBe(false);
    ws.core.registry.scheduler.start();
    expect(ws.core.registry.scheduler.running).toBe(true);
    ws.core.registry.scheduler.stop();
    expect(ws.core.registry.scheduler.running).toBe(false);

    await ws.call('connections.add', { name: 'prod', kind: 'mlflow', url: double.url, test: false });
    const code = await runCli(['--data-dir', ws.dir, 'models'], { stdout: () => undefined, stderr: () => undefined, env: {} });
    expect(code).toBe(0);
    expect(double.requests).toHaveLength(0);
  });
});
