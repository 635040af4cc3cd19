import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../helpers/temp';
import { startMlflowDouble, type MlflowDouble } from '../doubles/mlflow-server';
import { openWorkspace, type Workspace } from './helpers/workspace';

/** Credentials as MLflow clients send them, and never in the workspace database. */
describe('authentication and secrets', () => {
  let double: MlflowDouble;
  let ws: Workspace;
  beforeEach(async () => {
    double = await startMlflowDouble();
  });
  afterEach(async () => {
    ws.close();
    await double.close();
    removeTempDirs();
  });

  it('sends a bearer token from the environment (like MLFLOW_TRACKING_TOKEN)', async () => {
    double.requireAuth({ bearer: 'tok-123' });
    ws = openWorkspace({ env: { MLFLOW_TRACKING_TOKEN: 'tok-123' } });
    const added = await ws.call('connections.add', {
      name: 'prod',
      kind: 'mlflow',
      url: double.url,
      auth: { kind: 'bearer', token: 'env:MLFLOW_TRACKING_TOKEN' },
    });
    expect(added.test).toMatchObject({ ok: true, authenticated: true });
    expect(added.connection.settings.auth).toEqual({ kind: 'bearer', token: 'env:MLFLOW_TRACKING_TOKEN' });
    const { results } = await ws.call('sync.start', { connection: 'prod', wait: true });
    expect(results?.[0]?.outcome).toBe('ok');
    const api = double.requests.filter((r) => r.path !== '/version');
    expect(api.length).toBeGreaterThan(5);
    expect(new Set(api.map((r) => r.headers.authorization))).toEqual(new Set(['Bearer tok-123']));
  });

  it('sends basic auth from the environment (like MLFLOW_TRACKING_USERNAME / _PASSWORD)', async () => {
    double.requireAuth({ basic: { username: 'alice', password: 'pa:ss wörd' } });
    ws = openWorkspace({ env: { MLFLOW_TRACKING_USERNAME: 'alice', MLFLOW_TRACKING_PASSWORD: 'pa:ss wörd' } });
    await ws.call('connections.add', {
      name: 'prod',
      kind: 'mlflow',
      url: double.url,
      auth: { kind: 'basic', username: 'env:MLFLOW_TRACKING_USERNAME', password: 'env:MLFLOW_TRACKING_PASSWORD' },
      test: false,
    });
    const { results } = await ws.call('sync.start', { connection: 'prod', wait: true });
    expect(results?.[0]?.outcome).toBe('ok');
    const expected = `Basic ${Buffer.from('alice:pa:ss wörd', 'utf8').toString('base64')}`;
    expect(new Set(double.requests.map((r) => r.headers.authorization))).toEqual(new Set([expected]));
  });

  it('keeps a token given as a value in the 0600 secret store, never in the database', async () => {
    double.requireAuth({ bearer: 'very-secret-token-value' });
    ws = openWorkspace();
    const added = await ws.call('connections.add', {
      name: 'prod',
      kind: 'mlflow',
      url: double.url,
      auth: { kind: 'bearer', token: { value: 'very-secret-token-value' } },
    });
    expect(added.test?.ok).toBe(true);
    expect(added.connection.settings.auth).toEqual({ kind: 'bearer', token: 'secret:connection:prod:token' });
    await ws.call('sync.start', { connection: 'prod', wait: true });
    ws.core.store.db.pragma('wal_checkpoint(TRUNCATE)');

    const secrets = join(ws.dir, 'secrets.json');
    expect(statSync(secrets).mode & 0o777).toBe(0o600);
    expect(readFileSync(secrets, 'utf8')).toContain('very-secret-token-value');
    for (const file of readdirSync(ws.dir).filter((f) => f.startsWith('workspace.sqlite'))) {
      expect(readFileSync(join(ws.dir, file)).includes('very-secret-token-value'), file).toBe(false);
    }
    const removed = await ws.call('connections.remove', { name: 'prod' });
    expect(removed).toEqual({ removed: true, secretsDeleted: 1 });
    expect(readFileSync(secrets, 'utf8')).not.toContain('very-secret-token-value');
  });

  it('a credential variable missing where the sync runs is a clear status, and no request is made', async () => {
    ws = openWorkspace({ env: {} });
    await ws.call('connections.add', {
      name: 'prod',
      kind: 'mlflow',
      url: double.url,
      auth: { kind: 'bearer', token: 'env:PROD_MLFLOW_TOKEN' },
      test: false,
    });
    const { results } = await ws.call('sync.start', { connection: 'prod', wait: true });
    expect(results?.[0]).toMatchObject({ outcome: 'error', problem: { kind: 'credentials' } });
    expect(results?.[0]?.message).toBe(
      'The token of connection "prod" comes from the environment variable PROD_MLFLOW_TOKEN, which is not set (or empty) in this environment. Data from earlier syncs is kept.',
    );
    expect(double.requests).toHaveLength(0);
  });

  it('a rejected token is an auth status that does not repeat the token', async () => {
    double.requireAuth({ bearer: 'right' });
    ws = openWorkspace({ env: { TOKEN: 'wrong-token-xyz' } });
    const added = await ws.call('connections.add', {
      name: 'prod',
      kind: 'mlflow',
      url: double.url,
      auth: { kind: 'bearer', token: 'env:TOKEN' },
    });
    expect(added.test).toMatchObject({ ok: false, reachable: true, authenticated: false, problem: { kind: 'auth' } });
    const { results } = await ws.call('sync.start', { connection: 'prod', wait: true });
    expect(results?.[0]?.problem?.kind).toBe('auth');
    const connection = await ws.call('connections.get', { name: 'prod' });
    expect(JSON.stringify(connection)).not.toContain('wrong-token-xyz');
    expect(JSON.stringify(results)).not.toContain('wrong-token-xyz');
  });
});
