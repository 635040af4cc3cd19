import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BackendProblem } from '@shared/domain/registry';
import { runCli } from '../../electron/cli/program';
import { removeTempDirs } from '../helpers/temp';
import { startMlflowDouble, type FaultRule, type MlflowDouble } from '../doubles/mlflow-server';
import { connectAndSync, openWorkspace, type Workspace } from './helpers/workspace';

/**
 * Every way a backend fails, end to end: a first sync succeeds; then the server misbehaves.
 * Each fault must give a clear status on the connection and in the CLI (exit 3), keep
 * everything synced before, and the next sync — once the server behaves — completes.
 */
interface FaultCase {
  readonly name: string;
  readonly kind: BackendProblem['kind'];
  /** What the connection's status message says (a regular expression over it). */
  readonly says: RegExp;
  readonly outcome: 'error' | 'partial';
  /** Breaks the server; returns how to mend it. */
  readonly breakIt: (double: MlflowDouble, ws: Workspace) => Promise<() => Promise<void>>;
}

const inject = (rule: FaultRule) => async (double: MlflowDouble) => {
  double.inject(rule);
  return async () => double.clearFaults();
};

const CASES: FaultCase[] = [
  {
    name: 'server down (connection refused)',
    kind: 'refused',
    says: /^Connection refused by http:\/\/127\.0\.0\.1:\d+: nothing is listening there\. Is the MLflow server running, and is the port right\?( \(after \d attempts\))? Data from earlier syncs is kept\.$/,
    outcome: 'error',
    breakIt: async (double) => {
      await double.stop();
      return () => double.restart();
    },
  },
  {
    name: 'DNS failure',
    kind: 'dns',
    says: /^Cannot resolve the host "mlflow\.quorum-test\.invalid" \(DNS lookup failed: E[A-Z_]+\)\. Check the URL's host name\./,
    outcome: 'error',
    breakIt: async (double, ws) => {
      await ws.call('connections.update', { name: 'prod', url: 'http://mlflow.quorum-test.invalid:5000' });
      return async () => {
        await ws.call('connections.update', { name: 'prod', url: double.url });
      };
    },
  },
  {
    name: '401 (credentials rejected)',
    kind: 'auth',
    says: /rejected the credentials \(401 Unauthorized\) for POST \/api\/2\.0\/mlflow\/experiments\/search\. Check the token/,
    outcome: 'error',
    breakIt: inject({ fault: { kind: 'status', status: 401 } }),
  },
  {
    name: '403 (no permission)',
    kind: 'forbidden',
    says: /refused POST \/api\/2\.0\/mlflow\/experiments\/search \(403 Forbidden\): the credentials are valid but lack permission/,
    outcome: 'error',
    breakIt: inject({ fault: { kind: 'status', status: 403 } }),
  },
  {
    name: '404 on an endpoint an older MLflow lacks',
    kind: 'endpoint-missing',
    says: /has no endpoint \/api\/2\.0\/mlflow\/model-versions\/search \(404 Not Found\)\. It may be an older MLflow that lacks this API, or the URL's path is wrong\. Kept what was fetched \(4 models, 0 versions, \d+ runs, 5 experiments\); the next sync retries the rest\.$/,
    outcome: 'partial',
    breakIt: inject({ endpoint: 'model-versions/search', fault: { kind: 'missing-endpoint' } }),
  },
  {
    name: '429 (rate limited, with Retry-After)',
    kind: 'rate-limited',
    says: /is rate-limiting requests \(429 Too Many Requests\)( after \d attempts)?\. It asks to wait 1 s\. Data from earlier syncs is kept\.$/,
    outcome: 'error',
    breakIt: inject({ fault: { kind: 'rate-limit', retryAfter: '1' } }),
  },
  {
    name: '500 (server error)',
    kind: 'server',
    says: /failed with 500 on POST \/api\/2\.0\/mlflow\/experiments\/search( after \d attempts)?: INTERNAL_ERROR — Injected server error\./,
    outcome: 'error',
    breakIt: inject({ fault: { kind: 'status', status: 500 } }),
  },
  {
    name: 'slow server (timeout)',
    kind: 'timeout',
    says: /^No answer from http:\/\/127\.0\.0\.1:\d+ within 1 s \(timeout\)\. The server is slow or unreachable\./,
    outcome: 'error',
    breakIt: inject({ fault: { kind: 'slow', delayMs: 4_000 } }),
  },
  {
    name: 'malformed JSON',
    kind: 'malformed',
    says: /answered POST \/api\/2\.0\/mlflow\/runs\/search with malformed JSON \(.*\)\. The page was not used\. .*Kept what was fetched \(4 models, 12 versions, /,
    outcome: 'partial',
    breakIt: inject({ endpoint: 'runs/search', fault: { kind: 'malformed-json' } }),
  },
  {
    name: 'a page truncated mid-sync',
    kind: 'network',
    says: /^The connection to http:\/\/127\.0\.0\.1:\d+ failed: other side closed \(UND_ERR_SOCKET\)\.( \(after \d attempts\))? .*Kept what was fetched \(4 models, 12 versions, /,
    outcome: 'partial',
    breakIt: inject({ endpoint: 'runs/search', fault: { kind: 'truncate' } }),
  },
];

describe('backend faults', () => {
  let double: MlflowDouble;
  let ws: Workspace;
  const saved = { retries: process.env.QUORUM_HTTP_MAX_RETRIES, timeout: process.env.QUORUM_HTTP_TIMEOUT_SECONDS };
  beforeAll(() => {
    // The CLI builds its own core from the environment: no retries, 1 s timeouts.
    process.env.QUORUM_HTTP_MAX_RETRIES = '0';
    process.env.QUORUM_HTTP_TIMEOUT_SECONDS = '1';
  });
  afterAll(() => {
    restoreEnv('QUORUM_HTTP_MAX_RETRIES', saved.retries);
    restoreEnv('QUORUM_HTTP_TIMEOUT_SECONDS', saved.timeout);
  });
  beforeEach(async () => {
    double = await startMlflowDouble({ recording: '2.17.2' });
    ws = openWorkspace({ connectors: { timeoutMs: 1_000 } });
    const first = await connectAndSync(ws, 'prod', double.url);
    expect(first.results?.[0]?.outcome).toBe('ok');
  });
  afterEach(async () => {
    ws.close();
    await double.close();
    removeTempDirs();
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, fault) => {
    const before = await catalogOf(ws);
    const mend = await fault.breakIt(double, ws);

    const { results } = await ws.call('sync.start', { connection: 'prod', wait: true });
    const result = results?.[0];
    expect(result?.outcome).toBe(fault.outcome);
    expect(result?.problem?.kind).toBe(fault.kind);
    expect(result?.message).toMatch(fault.says);
    const connection = await ws.call('connections.get', { name: 'prod' });
    expect(connection.status).toBe('error');
    expect(connection.statusMessage).toBe(result?.message);
    expect(await catalogOf(ws)).toEqual(before);

    // The CLI says the same, names the connection, and exits 3.
    const cli = await cliSync(ws.dir);
    expect(cli.code).toBe(3);
    const afterCli = await ws.call('connections.get', { name: 'prod' });
    expect(afterCli.statusMessage).toMatch(fault.says);
    expect(cli.stderr).toContain(`quorum: sync of "prod" failed: ${afterCli.statusMessage}\n`);
    expect(cli.stdout).toContain(`✗ prod: ${afterCli.statusMessage}`);
    expect(await catalogOf(ws)).toEqual(before);

    await mend();
    const next = await ws.call('sync.start', { connection: 'prod', wait: true });
    expect(next.results?.[0]).toMatchObject({ outcome: 'ok', problem: null });
    expect((await ws.call('connections.get', { name: 'prod' })).status).toBe('ok');
    expect(await catalogOf(ws)).toEqual(before);
    const cliAgain = await cliSync(ws.dir);
    expect(cliAgain.code).toBe(0);
  });

  it('keeps the pages that came before a failing one, and the next sync completes the job', async () => {
    ws.close();
    removeTempDirs();
    // Pages of two runs, so the runs listing spans five pages; the third one never comes right.
    ws = openWorkspace({ connectors: { snapshot: { pageSize: { experiments: 1_000, runs: 2, models: 1_000, versions: 2_000 } } } });
    double.inject({ endpoint: 'runs/search', skip: 2, fault: { kind: 'status', status: 502 } });
    const { results } = await connectAndSync(ws, 'prod', double.url);
    expect(results?.[0]).toMatchObject({ outcome: 'partial', mode: 'full', counts: { models: 4, versions: 12 } });
    expect(results?.[0]?.message).toMatch(/failed with 502 on POST \/api\/2\.0\/mlflow\/runs\/search after 3 attempts/);
    // The two pages read before the failure are in the catalog (newest runs first, as MLflow lists them).
    const listed = double.requests.filter(
      (r) => r.endpoint === 'runs/search' && (r.body as { max_results?: number }).max_results === 2 && r.status === 200,
    );
    expect(listed).toHaveLength(2);
    const runIds = ws.core.store.db.prepare('SELECT run_id FROM runs').pluck().all() as string[];
    for (const id of ['0a397846aff94b948be70742eb685e5c', '0d398d8ed3b547eabfbaeccfb421718a', '8be967e00abc46c592c159a22a6a92e8']) {
      expect(runIds).toContain(id);
    }
    expect((await ws.call('connections.get', { name: 'prod' })).status).toBe('error');

    double.clearFaults();
    const next = await ws.call('sync.start', { connection: 'prod', wait: true });
    // The failed full sync is still owed: the next one lists everything again, and completes.
    expect(next.results?.[0]).toMatchObject({ outcome: 'ok', mode: 'full', counts: { runs: 9 } });
    expect((await catalogOf(ws)).runs).toBe(9);
    expect((await ws.call('connections.get', { name: 'prod' })).status).toBe('ok');
  });

  it('an unreachable server on the very first sync leaves an empty catalog and a clear status', async () => {
    const fresh = openWorkspace();
    try {
      await fresh.call('connections.add', { name: 'later', kind: 'mlflow', url: 'http://127.0.0.1:9', test: false });
      const { results } = await fresh.call('sync.start', { connection: 'later', wait: true });
      expect(results?.[0]).toMatchObject({ outcome: 'error', problem: { kind: 'refused' } });
      expect((await fresh.call('models.list', {})).total).toBe(0);
    } finally {
      fresh.close();
    }
  });
});

async function catalogOf(ws: Workspace): Promise<{ models: number; versions: number; runs: number; deleted: number }> {
  const db = ws.core.store.db;
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return {
    models: count('SELECT count(*) AS n FROM registered_models'),
    versions: count('SELECT count(*) AS n FROM model_versions'),
    runs: count('SELECT count(*) AS n FROM runs'),
    deleted: count('SELECT count(*) AS n FROM model_versions WHERE deleted_on_server_at IS NOT NULL'),
  };
}

async function cliSync(dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['--data-dir', dataDir, 'sync', '--connection', 'prod'], {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: process.env,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) Reflect.deleteProperty(process.env, name);
  else process.env[name] = value;
}
