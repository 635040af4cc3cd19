import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/program';
import { makeTempDir, removeTempDirs } from '../helpers/temp';
import { startMlflowDouble, type MlflowDouble } from '../doubles/mlflow-server';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `quorum connect` and `quorum sync` as scripts and CI use them: output, messages, exit codes. */
describe('quorum connect / sync', () => {
  let double: MlflowDouble;
  let dir: string;
  const cli = async (...args: string[]): Promise<Run> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['--data-dir', dir, ...args], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: process.env });
    return { code, stdout: out.join(''), stderr: err.join('') };
  };
  beforeAll(() => {
    process.env.QUORUM_HTTP_MAX_RETRIES = '0';
  });
  afterAll(() => {
    delete process.env.QUORUM_HTTP_MAX_RETRIES;
    delete process.env.QUORUM_TEST_TOKEN;
  });
  beforeEach(async () => {
    double = await startMlflowDouble();
    dir = makeTempDir('quorum-cli-registry-');
  });
  afterEach(async () => {
    await double.close();
    removeTempDirs();
  });

  it('connects, syncs with progress on stderr, and lists the models', async () => {
    const connect = await cli('connect', 'mlflow', '--name', 'staging', '--url', double.url);
    expect(connect).toMatchObject({ code: 0, stderr: '' });
    expect(connect.stdout.split('\n').slice(0, 3)).toEqual([`Connection "staging" → ${double.url}`, '  auth: none', '  write-back: off']);
    expect(connect.stdout).toMatch(/^ {2}server: MLflow 2\.17\.2, credentials accepted \(\d+ ms\)$/m);
    expect(connect.stdout).toContain('  features: aliases yes, dataset inputs yes, logged models no, webhooks no\n');

    const sync = await cli('sync');
    expect(sync.code).toBe(0);
    expect(sync.stdout).toMatch(/^✓ staging: Synced 4 models, 12 versions, 9 runs, 5 experiments \(full\)\./);
    expect(sync.stdout).toContain('    ! Run 428b5f2dcbf34ca3a286176995698aae of churn-predictor v1 no longer exists on the server');
    expect(sync.stderr.split('\n').filter(Boolean)).toEqual([
      'sync staging: experiments — 0 records',
      'sync staging: models — 5 records',
      'sync staging: runs — 21 records',
      'sync staging: linked runs — 30 records',
    ]);

    const json = await cli('--json', 'sync', '--connection', 'staging');
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { jobId: string; results: { connection: string; mode: string; outcome: string }[] };
    expect(parsed.results).toEqual([expect.objectContaining({ connection: 'staging', mode: 'incremental', outcome: 'ok' })]);

    const models = await cli('--json', 'models');
    expect((JSON.parse(models.stdout) as { total: number }).total).toBe(4);
  });

  it('stores a connection whose server is unreachable, exits 3, and sync keeps failing with the cause until it is back', async () => {
    await double.stop();
    const connect = await cli('connect', 'mlflow', '--name', 'later', '--url', double.url);
    expect(connect.code).toBe(3);
    expect(connect.stderr).toMatch(
      /^quorum: connection "later" was stored, but the test failed: Connection refused by http:\/\/127\.0\.0\.1:\d+/,
    );
    expect(connect.stderr).toContain('Fix it, then run `quorum sync --connection later`.');
    const sync = await cli('sync');
    expect(sync.code).toBe(3);
    expect(sync.stderr).toMatch(
      /quorum: sync of "later" failed: Connection refused by http:\/\/127\.0\.0\.1:\d+: nothing is listening there\./,
    );
    await double.restart();
    expect((await cli('sync')).code).toBe(0);
  });

  it('takes credentials by environment variable name and refuses a value or an unset variable', async () => {
    double.requireAuth({ bearer: 'cli-token' });
    const unset = await cli('connect', 'mlflow', '--name', 'a', '--url', double.url, '--token-env', 'QUORUM_TEST_TOKEN');
    expect(unset).toMatchObject({ code: 2 });
    expect(unset.stderr).toBe(
      'quorum: The environment variable QUORUM_TEST_TOKEN is not set (or empty). Set it, or add --no-test to store the connection untested.\n',
    );
    const value = await cli('connect', 'mlflow', '--name', 'a', '--url', double.url, '--token-env', 'cli-token');
    expect(value.code).toBe(2);
    expect(value.stderr).toContain('not its value');
    expect((await cli('--json', 'models')).stdout).toContain('"total": 0');

    process.env.QUORUM_TEST_TOKEN = 'cli-token';
    const ok = await cli('connect', 'mlflow', '--name', 'a', '--url', double.url, '--token-env', 'QUORUM_TEST_TOKEN');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('  auth: bearer token from $QUORUM_TEST_TOKEN\n');
    expect((await cli('sync')).code).toBe(0);
    expect(double.requests.every((r) => r.headers.authorization === 'Bearer cli-token')).toBe(true);
  });

  it('rejects usage mistakes with exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['connect', 'sagemaker', '--name', 'p', '--url', double.url], /Unknown connection kind "sagemaker"/],
      [['connect', 'mlflow', '--url', double.url], /--name is required/],
      [['connect', 'mlflow', '--name', 'x'], /--url is required/],
      [['connect', 'mlflow', '--name', 'x', '--url', double.url, '--username-env', 'U'], /needs both --username-env and --password-env/],
      [['connect', 'mlflow', '--name', 'x', '--url', double.url, '--sync-interval', 'often'], /--sync-interval must be a whole number/],
      [['connect', 'mlflow', '--name', 'x', '--url', 'mlflow.example.com'], /is not a URL/],
      [['sync', '--connection', 'nope'], /No connection named "nope"/],
    ];
    for (const [args, message] of cases) {
      const run = await cli(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    await cli('connect', 'mlflow', '--name', 'x', '--url', double.url);
    const duplicate = await cli('connect', 'mlflow', '--name', 'x', '--url', double.url);
    expect(duplicate.code).toBe(2);
    expect(duplicate.stderr).toContain('A connection named "x" already exists');
  });

  it('with no connections, says how to add one', async () => {
    const sync = await cli('sync');
    expect(sync).toMatchObject({ code: 0 });
    expect(sync.stderr).toContain('No connections to sync. Add one with `quorum connect mlflow --name NAME --url URL`.');
  });

  it('documents both commands, which are no longer listed as planned', async () => {
    const help = await cli('--help');
    expect(help.stdout).toMatch(/connect \[options\] <kind>\s+Add a connection to an MLflow server/);
    expect(help.stdout).toMatch(/sync \[options\]\s+Sync registry connections into the\s+catalog/);
    expect(help.stdout).not.toMatch(/(connect|sync).*not yet available/);
    const connect = await cli('connect', '--help');
    for (const flag of [
      '--token-env',
      '--username-env',
      '--password-env',
      '--ca',
      '--insecure',
      '--write-back',
      '--sync-interval',
      '--no-test',
    ]) {
      expect(connect.stdout).toContain(flag);
    }
    expect((await cli('sync', '--help')).stdout).toContain('--full');
  });
});
