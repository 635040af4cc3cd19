import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationOutput } from '@shared/contract';
import type { TeamStatus, TeamSyncResult } from '@shared/domain/teamsync';
import { runCli } from '../../electron/cli/program';
import { SECRETS_FILE } from '../../electron/core/secrets/file-secret-store';
import { DATABASE_FILE } from '../../electron/core/store/open-store';
import { fraudSnapshot, ingest, tempDir } from '../governance/helpers';
import { startCluster, type PgCluster } from './pg-cluster';

/**
 * `quorum team connect | sync | status` run in-process (the real program, the real core) on
 * separate data directories, against a real PostgreSQL. The server has TLS on (not required),
 * so one member can connect with `--ca`; the others connect in plain text on 127.0.0.1.
 */

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

type ConnectOutput = OperationOutput<'team.connect'>;
type LedgerList = OperationOutput<'governance.ledger.list'>;

/** The environment the CLI is given; `--password-env` names are read from it, not from process.env. */
let cliEnv: NodeJS.ProcessEnv = {};

async function cli(dataDir: string, ...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--data-dir', dataDir, ...args], {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    env: cliEnv,
  });
  return { code, stdout, stderr };
}

async function json<T>(dataDir: string, ...args: string[]): Promise<T> {
  const run = await cli(dataDir, '--json', ...args);
  if (run.code !== 0) throw new Error(`quorum ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as T;
}

const status = (dataDir: string) => json<TeamStatus>(dataDir, 'team', 'status');
const ledger = (dataDir: string) => json<LedgerList>(dataDir, 'ledger', 'log', '--limit', '1000');

/** Every byte of the workspace database (main file, WAL and shared memory, whichever exist). */
function databaseBytes(dataDir: string): Buffer {
  const files = readdirSync(dataDir).filter((f) => f.startsWith(DATABASE_FILE));
  expect(files).toContain(DATABASE_FILE);
  return Buffer.concat(files.map((f) => readFileSync(join(dataDir, f))));
}

/** A self-signed certificate for 127.0.0.1, which is its own CA. */
function selfSigned(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'server.crt');
  const key = join(dir, 'server.key');
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
      ],
      { stdio: 'pipe' },
    );
  } catch (error) {
    throw new Error(`openssl failed (apt-get install -y openssl): ${String((error as { stderr?: Buffer }).stderr ?? error)}`, {
      cause: error,
    });
  }
  return { cert, key };
}

describe('quorum team connect | sync | status (CLI) against a real PostgreSQL', () => {
  let cluster: PgCluster;
  let certs: string;
  let ca: string;
  const dirs: { dir: string; cleanup: () => void }[] = [];
  const dataDir = (name: string, withCatalog = true): string => {
    const made = tempDir(`team-cli-${name}`);
    dirs.push(made);
    // Each replica synced the same registry, so a release request names the same model version.
    if (withCatalog) ingest(made.dir, fraudSnapshot(), 1_700_000_000_000);
    return made.dir;
  };
  let a: string;
  let b: string;
  const BOB_PASSWORD = 'Bob-Pa55word-7f3c';

  beforeAll(async () => {
    certs = mkdtempSync(join(tmpdir(), 'quorum-team-cli-tls-'));
    const tls = selfSigned(certs);
    ca = tls.cert;
    cluster = await startCluster({ tls: { certFile: tls.cert, keyFile: tls.key } });
    await cluster.createDatabase('team');
    a = dataDir('ada');
    b = dataDir('bob');
  });
  afterAll(() => {
    for (const d of dirs) d.cleanup();
    cluster?.stop();
    if (certs) rmSync(certs, { recursive: true, force: true });
  });

  it('before connecting: status says how to connect, and sync exits 2 saying the same', async () => {
    const created = await cli(a, 'identity', 'create', '--name', 'Ada Admin', '--email', 'ada@northwind.example');
    expect(created.code).toBe(0);

    const human = await cli(a, 'team', 'status');
    expect(human).toEqual({
      code: 0,
      stdout: 'Not connected to a team database. Run `quorum team connect --url postgres://…`.\n',
      stderr: '',
    });
    expect(await status(a)).toMatchObject({ state: 'not-configured', url: null, workspace: null, pending: 2, localEvents: 2 });

    const sync = await cli(a, 'team', 'sync');
    expect(sync.code).toBe(2);
    expect(sync.stdout).toBe('');
    expect(sync.stderr).toBe(
      'quorum: This workspace is not connected to a team database. Run `quorum team connect --url postgres://…` first.\n',
    );
    const syncJson = await cli(a, '--json', 'team', 'sync');
    expect(syncJson.code).toBe(2);
    expect(JSON.parse(syncJson.stdout)).toEqual({ error: { code: 'invalid_input', message: expect.stringContaining('team connect') } });
  });

  it('the founder connects with the admin URL: schema migrated, member role created, ledger pushed; status is readable', async () => {
    const local = await ledger(a);
    const connected = await json<ConnectOutput>(a, 'team', 'connect', '--url', cluster.adminUrl('team'));
    expect(connected).toMatchObject({ schemaVersion: 1, migrated: [1], memberRole: 'created' });
    // Genesis and the default policy go up; they come back down as already held, so nothing new is applied.
    expect(connected.sync).toMatchObject({ pushed: 2, applied: 0, quarantined: 0, tampered: 0 });

    const genesis = local.items.at(-1)?.id;
    expect(genesis).toMatch(/^[0-9a-f]{64}$/);
    const s = await status(a);
    expect(s).toMatchObject({
      state: 'connected',
      url: cluster.adminUrl('team'),
      caFile: null,
      credential: null,
      workspace: genesis,
      localEvents: 2,
      replicated: 2,
      pending: 0,
      lastError: null,
      quarantinedCount: 0,
      live: false,
    });
    expect(s.lastSyncAt).toEqual(expect.any(Number));
    const onServer = await cluster.admin((c) => c.query<{ n: number }>('SELECT count(*)::int AS n FROM quorum_events'), 'team');
    expect(onServer.rows[0]?.n).toBe(2);

    const human = await cli(a, 'team', 'status');
    expect(human.code).toBe(0);
    expect(human.stderr).toBe('');
    expect(human.stdout.split('\n')).toEqual([
      `CONNECTED  ${cluster.adminUrl('team')}`,
      `workspace ${genesis ?? ''}`,
      'local events 2, on the team database 2, waiting to push 0',
      `last sync ${new Date(s.lastSyncAt ?? 0).toISOString()}`,
      '',
    ]);
  });

  it('a member joins with a login in the URL and a relative --ca: verified TLS, the password moved out of the URL and out of SQLite', async () => {
    await cluster.admin(async (c) => {
      await c.query(`CREATE ROLE bob LOGIN PASSWORD '${BOB_PASSWORD}'`);
      await c.query('GRANT quorum_member TO bob');
    }, 'team');
    const url = `${cluster.url('bob', BOB_PASSWORD, 'team')}?sslmode=verify-full`;
    const joined = await cli(b, 'team', 'connect', '--url', url, '--ca', relative(process.cwd(), ca));
    expect(joined.stderr).toBe('');
    expect(joined.code).toBe(0);
    const lines = joined.stdout.split('\n');
    expect(lines[0]).toBe(`Connected to postgres://bob@127.0.0.1:${cluster.port}/team?sslmode=verify-full (schema v1).`);
    expect(lines[1]).toBe('Least-privilege role quorum_member: exists.');
    expect(lines[2]).toMatch(/^Team sync: pushed 0, pulled 2, applied 2 in [\d.]+ ms\.$/);
    expect(joined.stdout).not.toContain(BOB_PASSWORD);

    const s = await status(b);
    expect(s).toMatchObject({
      state: 'connected',
      url: `postgres://bob@127.0.0.1:${cluster.port}/team?sslmode=verify-full`,
      // Stored absolute: a later sync from another directory (or the app) still finds it.
      caFile: ca,
      credential: 'secret:team:password',
      workspace: (await status(a)).workspace,
      localEvents: 2,
      replicated: 2,
      pending: 0,
    });
    expect((await cli(b, 'team', 'status')).stdout).toContain(`(CA ${ca})`);
    expect((await ledger(b)).items.map((e) => e.id)).toEqual((await ledger(a)).items.map((e) => e.id));

    // The workspace database holds the URL without the password, and the password nowhere.
    const bytes = databaseBytes(b);
    expect(bytes.includes(Buffer.from(`postgres://bob@127.0.0.1:${cluster.port}/team`))).toBe(true);
    expect(bytes.includes(Buffer.from(BOB_PASSWORD))).toBe(false);
    // It went to the headless secret store: a file only its owner may read.
    const secrets = join(b, SECRETS_FILE);
    expect(statSync(secrets).mode & 0o777).toBe(0o600);
    expect(readFileSync(secrets, 'utf8')).toContain(BOB_PASSWORD);
  });

  it('A grants a role and requests a release with the CLI; team sync pushes them from A and B pulls, verifies and logs them', async () => {
    const grant = await cli(a, '--identity', 'Ada Admin', 'role', 'grant', 'Ada Admin', 'compliance');
    expect(grant.code).toBe(0);
    const request = await cli(
      a,
      '--identity',
      'Ada Admin',
      'request',
      'fraud-detector@4',
      '--stage',
      'production',
      '--note',
      'graph features',
    );
    expect(request.code).toBe(0);
    expect(await status(a)).toMatchObject({ localEvents: 4, replicated: 2, pending: 2 });
    expect((await cli(a, 'team', 'status')).stdout).toContain('local events 4, on the team database 2, waiting to push 2\n');

    const pushed = await json<TeamSyncResult>(a, 'team', 'sync');
    expect(pushed).toMatchObject({ pushed: 2, applied: 0, quarantined: 0, tampered: 0, restored: 0 });
    expect(await status(a)).toMatchObject({ localEvents: 4, replicated: 4, pending: 0, lastError: null });

    const pulled = await json<TeamSyncResult>(b, 'team', 'sync');
    expect(pulled).toEqual({ pushed: 0, pulled: 2, applied: 2, quarantined: 0, tampered: 0, restored: 0, elapsedMs: expect.any(Number) });
    expect(await status(b)).toMatchObject({ localEvents: 4, replicated: 4, pending: 0, quarantinedCount: 0 });
    // Nothing new the second time round.
    expect(await json<TeamSyncResult>(b, 'team', 'sync')).toMatchObject({ pushed: 0, pulled: 0, applied: 0 });
    const again = await cli(a, 'team', 'sync');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Team sync: pushed 0, pulled 0, applied 0 in [\d.]+ ms\.\n$/);

    const verify = await cli(b, 'ledger', 'verify');
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^Ledger intact: 4 events verified in /);
    const onB = await ledger(b);
    expect(onB.items.map((e) => e.id)).toEqual((await ledger(a)).items.map((e) => e.id));
    expect(onB.items.map((e) => e.summary).slice(0, 2)).toEqual([
      'Ada Admin requested fraud-detector@4 → production',
      'Ada Admin granted compliance to Ada Admin',
    ]);
    const log = await cli(b, 'ledger', 'log');
    expect(log.stdout).toContain('Ada Admin requested fraud-detector@4 → production');
    expect(log.stdout).toContain('Ada Admin granted compliance to Ada Admin');

    // And back: B's own identity goes up and A pulls it.
    expect((await cli(b, 'identity', 'create', '--name', 'Bob Okafor', '--email', 'bob.okafor@northwind.example')).code).toBe(0);
    expect(await json<TeamSyncResult>(b, 'team', 'sync')).toMatchObject({ pushed: 1, applied: 0 });
    expect(await json<TeamSyncResult>(a, 'team', 'sync')).toMatchObject({ pushed: 0, pulled: 1, applied: 1, quarantined: 0 });
    expect((await cli(a, '--identity', 'Ada Admin', 'role', 'grant', 'Bob Okafor', 'ml-engineering')).code).toBe(0);
    expect(await json<TeamSyncResult>(a, 'team', 'sync')).toMatchObject({ pushed: 1 });
    expect(await json<TeamSyncResult>(b, 'team', 'sync')).toMatchObject({ applied: 1 });
    expect((await cli(b, 'role', 'list')).stdout).toMatch(/Bob Okafor\s+bob\.okafor@northwind\.example\s+ml-engineering/);
    expect((await cli(a, 'ledger', 'verify')).code).toBe(0);
    expect((await cli(b, 'ledger', 'verify')).code).toBe(0);
  });

  it('a malformed URL exits 2 with a message naming the URL problem, and changes nothing', async () => {
    const before = { status: await status(a), ledger: await ledger(a) };
    const cases: [string, RegExp][] = [
      ['postgres://bob:x@127.0.0.1:notaport/team', /^quorum: The team database URL is not a valid URL .*the port is a number/],
      ['postgres://bob:pa#ss@127.0.0.1/team', /^quorum: The team database URL is not a valid URL .*percent-encoded/],
      [
        'postgres://bob:100%off@127.0.0.1/team',
        /^quorum: The team database URL has a malformed percent-escape in its password: write a literal % as %25\.$/m,
      ],
      ['mysql://bob@127.0.0.1/team', /^quorum: Invalid input for "team\.connect" at "url": use a postgres:\/\/ or postgresql:\/\/ URL\.$/m],
    ];
    for (const [url, message] of cases) {
      const run = await cli(a, 'team', 'connect', '--url', url);
      expect({ url, code: run.code, stdout: run.stdout }).toEqual({ url, code: 2, stdout: '' });
      expect(run.stderr).toMatch(message);
      // The URL may carry a password: it is never echoed.
      expect(run.stderr).not.toContain(url);
    }
    const asJson = await cli(a, '--json', 'team', 'connect', '--url', 'postgres://bob:x@127.0.0.1:notaport/team');
    expect(asJson.code).toBe(2);
    expect((JSON.parse(asJson.stdout) as { error: { code: string } }).error.code).toBe('invalid_input');
    expect(await status(a)).toEqual(before.status);
    expect(await ledger(a)).toEqual(before.ledger);
  });

  it('a --ca file that does not exist exits 2 naming the file; the previous connection is kept, a new workspace stays unconnected', async () => {
    const before = await status(b);
    const missing = join(certs, 'no-such-ca.pem');
    const run = await cli(b, 'team', 'connect', '--url', cluster.url('bob', BOB_PASSWORD, 'team'), '--ca', missing);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^quorum: Cannot read the CA file /);
    expect(run.stderr).toContain(missing);
    expect(run.stderr).not.toContain(BOB_PASSWORD);
    expect(await status(b)).toEqual(before);

    const fresh = dataDir('carol', false);
    const first = await cli(fresh, 'team', 'connect', '--url', cluster.adminUrl('team'), '--ca', missing);
    expect(first.code).toBe(2);
    expect(first.stderr).toContain(missing);
    expect((await status(fresh)).state).toBe('not-configured');
  });

  it('a wrong password exits 3 with a clear message; the ledger, the stored connection and the secrets are untouched', async () => {
    const before = { status: await status(a), ledger: await ledger(a), secrets: readFileSync(join(a, SECRETS_FILE)) };
    const wrong = await cli(a, 'team', 'connect', '--url', cluster.url('bob', 'not-the-password', 'team'));
    expect(wrong.code).toBe(3);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toBe(
      `quorum: The team database at bob@127.0.0.1:${cluster.port}/team refused the password (authentication failed). Local work continues offline; events wait in the queue.\n`,
    );
    const asJson = await cli(a, '--json', 'team', 'connect', '--url', cluster.url('bob', 'not-the-password', 'team'));
    expect(asJson.code).toBe(3);
    expect((JSON.parse(asJson.stdout) as { error: { code: string } }).error.code).toBe('unauthorized');
    // Still connected as before, nothing half-stored.
    expect(await status(a)).toEqual(before.status);
    expect(await ledger(a)).toEqual(before.ledger);
    expect(readFileSync(join(a, SECRETS_FILE))).toEqual(before.secrets);
    expect(databaseBytes(a).includes(Buffer.from('not-the-password'))).toBe(false);
    expect((await cli(a, 'team', 'sync')).code).toBe(0);

    // A workspace that was never connected stays so.
    const fresh = dataDir('dana', false);
    expect((await cli(fresh, 'team', 'connect', '--url', cluster.url('bob', 'not-the-password', 'team'))).code).toBe(3);
    expect(await status(fresh)).toMatchObject({ state: 'not-configured', url: null, credential: null });
    expect((await cli(fresh, 'team', 'status')).stdout).toMatch(/^Not connected to a team database\./);
    expect(existsSync(join(fresh, SECRETS_FILE))).toBe(false);
  });

  it('the server rotates the password: sync exits 3 and status shows offline with the cause; reconnecting (password as a URL parameter) recovers', async () => {
    await cluster.admin((c) => c.query("ALTER ROLE bob PASSWORD 'rotated-Pw-41'"), 'team');
    const failed = await cli(b, 'team', 'sync');
    expect(failed.code).toBe(3);
    expect(failed.stderr).toMatch(/^quorum: The team database at bob@127\.0\.0\.1:\d+\/team refused the password/);
    const offline = await status(b);
    expect(offline).toMatchObject({ state: 'offline', localEvents: 6, pending: 0 });
    expect(offline.lastError).toMatch(/refused the password/);
    const human = await cli(b, 'team', 'status');
    expect(human.stdout).toMatch(/^OFFLINE {2}postgres:\/\/bob@/);
    expect(human.stdout).toMatch(/; last error: The team database at .* refused the password/);
    // Local work continues offline and queues.
    expect((await cli(b, '--identity', 'Bob Okafor', 'approve', 'fraud-detector@4', '--role', 'ml-engineering')).code).toBe(0);
    expect(await status(b)).toMatchObject({ pending: 1 });

    // libpq's ?password= form: taken as the password, stored like one, and not kept in the URL.
    const url = `postgres://bob@127.0.0.1:${cluster.port}/team?sslmode=verify-full&password=rotated-Pw-41`;
    const back = await json<ConnectOutput>(b, 'team', 'connect', '--url', url, '--ca', ca);
    expect(back.sync).toMatchObject({ pushed: 1, quarantined: 0 });
    expect(back.status).toMatchObject({
      state: 'connected',
      url: `postgres://bob@127.0.0.1:${cluster.port}/team?sslmode=verify-full`,
      credential: 'secret:team:password',
      pending: 0,
      lastError: null,
    });
    expect(databaseBytes(b).includes(Buffer.from('rotated-Pw-41'))).toBe(false);
    expect(databaseBytes(b).includes(Buffer.from(BOB_PASSWORD))).toBe(false);
    expect(await json<TeamSyncResult>(a, 'team', 'sync')).toMatchObject({ applied: 1, quarantined: 0 });
    expect((await cli(a, 'ledger', 'verify')).code).toBe(0);
  });

  it('--password-env takes a variable name, reads it from the environment and stores only the name', async () => {
    const value = await cli(b, 'team', 'connect', '--url', cluster.url('bob', '', 'team'), '--password-env', 'rotated-Pw-41');
    expect(value.code).toBe(2);
    expect(value.stderr).toBe('quorum: --password-env takes the name of a variable (e.g. PGPASSWORD), not its value.\n');

    const fresh = dataDir('erin');
    const variable = 'QUORUM_TEST_TEAM_PASSWORD';
    // Given to the CLI only: the process environment does not hold it.
    cliEnv = { QUORUM_TEST_TEAM_PASSWORD: 'rotated-Pw-41' };
    expect(process.env.QUORUM_TEST_TEAM_PASSWORD).toBeUndefined();
    try {
      const joined = await json<ConnectOutput>(
        fresh,
        'team',
        'connect',
        '--url',
        `postgres://bob@127.0.0.1:${cluster.port}/team`,
        '--password-env',
        variable,
      );
      expect(joined.status).toMatchObject({ state: 'connected', credential: `env:${variable}`, pending: 0 });
      expect(joined.sync?.applied).toBe(7);
      expect(await json<TeamSyncResult>(fresh, 'team', 'sync')).toMatchObject({ pulled: 0 });
    } finally {
      cliEnv = {};
    }
    expect(databaseBytes(fresh).includes(Buffer.from('rotated-Pw-41'))).toBe(false);
    expect(existsSync(join(fresh, SECRETS_FILE))).toBe(false);
    // Without the variable, sync says which one is missing.
    const unset = await cli(fresh, 'team', 'sync');
    expect(unset.code).toBe(2);
    expect(unset.stderr).toBe(`quorum: The team database password comes from ${variable}, which is not set in this environment.\n`);
  });
});
