import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OperationInput } from '@shared/contract';
import { removeTempDirs } from '../helpers/temp';
import { startMlflowDouble, type MlflowDouble } from '../doubles/mlflow-server';
import { connectAndSync, openWorkspace, type Workspace } from './helpers/workspace';

describe('registry connections', () => {
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

  it('tests a connection: reachable, authenticated, server version and API features (2.17.2)', async () => {
    const { connection, test } = await ws.call('connections.add', { name: 'staging', kind: 'mlflow', url: `${double.url}/` });
    expect(connection.url).toBe(double.url);
    expect(test).toMatchObject({
      ok: true,
      reachable: true,
      authenticated: true,
      serverVersion: '2.17.2',
      // 2.17.2 answers webhooks and logged-models/search with Flask's HTML 404 (recorded).
      features: { aliases: true, datasetInputs: true, loggedModels: false, webhooks: false },
      problem: null,
    });
    const stored = await ws.call('connections.get', { name: 'staging' });
    expect(stored).toMatchObject({
      status: 'never-synced',
      serverVersion: '2.17.2',
      features: { webhooks: false },
      settings: { auth: { kind: 'none' }, caFile: null, insecureSkipVerify: false, writeBack: false, syncIntervalMinutes: 15 },
    });
    expect(stored.statusMessage).toBe('Reachable: MLflow 2.17.2, credentials accepted. Not synced yet.');
  });

  it('finds logged models and webhooks on MLflow 3.3', async () => {
    const other = await startMlflowDouble({ recording: '3.3.2.dev' });
    try {
      const test = await ws.call('connections.test', { kind: 'mlflow', url: other.url });
      expect(test).toMatchObject({
        ok: true,
        serverVersion: '3.3.2.dev0',
        features: { aliases: true, datasetInputs: true, loggedModels: true, webhooks: true },
      });
    } finally {
      await other.close();
    }
  });

  it('stores a connection whose server is down, with the reason as its status', async () => {
    await double.stop();
    const { connection, test } = await ws.call('connections.add', { name: 'staging', kind: 'mlflow', url: double.url });
    expect(test).toMatchObject({ ok: false, reachable: false, authenticated: null, problem: { kind: 'refused' } });
    expect(connection.status).toBe('error');
    expect(connection.statusMessage).toContain('Connection refused by');
    expect((await ws.call('connections.list', {})).map((c) => c.name)).toEqual(['staging']);
    // Once the server is back, a test clears the error.
    await double.restart();
    await ws.call('connections.test', { name: 'staging' });
    expect((await ws.call('connections.get', { name: 'staging' })).status).toBe('never-synced');
  });

  it('says when the URL is not an MLflow server', async () => {
    double.inject({ fault: { kind: 'missing-endpoint' } });
    const test = await ws.call('connections.test', { kind: 'mlflow', url: double.url });
    expect(test).toMatchObject({ ok: false, reachable: true, problem: { kind: 'endpoint-missing' } });
    expect(test.problem?.message).toMatch(/No MLflow tracking API answers at this URL\.$/);
  });

  it('tests a draft with a secret value without storing anything', async () => {
    double.requireAuth({ bearer: 'draft-token' });
    const test = await ws.call('connections.test', {
      kind: 'mlflow',
      url: double.url,
      auth: { kind: 'bearer', token: { value: 'draft-token' } },
    });
    expect(test.ok).toBe(true);
    expect(existsSync(join(ws.dir, 'secrets.json'))).toBe(false);
    expect(await ws.call('connections.list', {})).toEqual([]);
  });

  it('refuses bad input and stores nothing', async () => {
    const cases: [OperationInput<'connections.add'>, string, RegExp][] = [
      [{ name: 'bad name!', kind: 'mlflow', url: double.url }, 'invalid_input', /at "name"/],
      [{ name: 'x', kind: 'mlflow', url: 'ftp://mlflow.example' }, 'invalid_input', /must start with http:\/\/ or https:\/\//],
      [{ name: 'x', kind: 'mlflow', url: 'https://bob:hunter2@mlflow.example' }, 'invalid_input', /not in the URL/],
      [{ name: 'x', kind: 'mlflow', url: 'not a url' }, 'invalid_input', /is not a URL/],
      [{ name: 'x', kind: 'mlflow', url: double.url, caFile: join(ws.dir, 'missing.pem') }, 'invalid_input', /CA bundle .* cannot be read/],
      [{ name: 'x', kind: 'mlflow', url: double.url, auth: { kind: 'bearer', token: 'MY_TOKEN' } }, 'invalid_input', /at "auth\.token"/],
    ];
    for (const [input, code, message] of cases) {
      const error = await ws.fail('connections.add', input);
      expect(error.code, JSON.stringify(input)).toBe(code);
      expect(error.message).toMatch(message);
    }
    expect(await ws.call('connections.list', {})).toEqual([]);
    await ws.call('connections.add', { name: 'x', kind: 'mlflow', url: double.url, test: false });
    const duplicate = await ws.fail('connections.add', { name: 'x', kind: 'mlflow', url: double.url, test: false });
    expect(duplicate).toMatchObject({ code: 'conflict', message: expect.stringContaining('already exists') });
  });

  it('changes settings; a new URL makes the next sync a full one', async () => {
    await connectAndSync(ws, 'staging', double.url);
    const pem = join(ws.dir, 'ca.pem');
    writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n');
    const updated = await ws.call('connections.update', { name: 'staging', writeBack: true, syncIntervalMinutes: 0, caFile: pem });
    expect(updated.settings).toMatchObject({ writeBack: true, syncIntervalMinutes: 0, caFile: pem });
    // A trailing slash is the same URL; another one is not, even if it changes back.
    await ws.call('connections.update', { name: 'staging', caFile: null, url: `${double.url}/` });
    expect((await ws.call('sync.start', { connection: 'staging', wait: true })).results?.[0]?.mode).toBe('incremental');
    await ws.call('connections.update', { name: 'staging', url: 'http://127.0.0.1:9' });
    await ws.call('connections.update', { name: 'staging', url: double.url });
    const { results } = await ws.call('sync.start', { connection: 'staging', wait: true });
    expect(results?.[0]?.mode).toBe('full');
  });

  it('removes a connection with its catalog data', async () => {
    await connectAndSync(ws, 'staging', double.url);
    expect((await ws.call('models.list', {})).total).toBe(4);
    await ws.call('connections.remove', { name: 'staging' });
    expect((await ws.call('models.list', {})).total).toBe(0);
    expect(await ws.fail('connections.get', { name: 'staging' })).toMatchObject({ code: 'not_found' });
    const count = ws.core.store.db
      .prepare('SELECT (SELECT count(*) FROM runs) + (SELECT count(*) FROM model_versions) + (SELECT count(*) FROM observed_changes) AS n')
      .get() as { n: number };
    expect(count.n).toBe(0);
  });

  it('refuses to sync a name it does not know, and the replayed demo registry', async () => {
    expect(await ws.fail('sync.start', { connection: 'nope' })).toMatchObject({
      code: 'not_found',
      message: 'No connection named "nope".',
    });
    await ws.call('demo.load', {});
    expect(await ws.fail('sync.start', { connection: 'northwind-mlflow' })).toMatchObject({ code: 'invalid_input' });
    // Syncing "all" skips it.
    expect((await ws.call('sync.start', { wait: true })).results).toEqual([]);
  });
});
