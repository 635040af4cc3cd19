import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/program';
import { makeTempDir, removeTempDirs } from '../helpers/temp';
import { startMlflowDouble, type MlflowDouble } from '../doubles/mlflow-server';
import { openWorkspace, type Workspace } from './helpers/workspace';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A throw-away CA and a server certificate for 127.0.0.1 it signed, made with openssl. */
function makeCertificates(dir: string): { caFile: string; key: string; cert: string } {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Quorum Test CA');
  run('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n');
  run(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '2',
    '-extfile',
    'ext.cnf',
  );
  return {
    caFile: join(dir, 'ca.pem'),
    key: readFileSync(join(dir, 'server.key'), 'utf8'),
    cert: readFileSync(join(dir, 'server.pem'), 'utf8'),
  };
}

describe('TLS: a private CA and the explicit "don\'t verify" choice', () => {
  let double: MlflowDouble;
  let caFile: string;
  let ws: Workspace;
  beforeAll(async () => {
    // The certificates are made here, not recorded: without openssl this must fail, not pass quietly.
    if (!hasOpenssl()) throw new Error('These TLS tests need openssl to make a throw-away CA: apt-get install -y openssl');
    const certs = makeCertificates(makeTempDir('quorum-tls-'));
    caFile = certs.caFile;
    double = await startMlflowDouble({ tls: { key: certs.key, cert: certs.cert } });
  });
  afterEach(() => ws?.close());
  afterAll(async () => {
    await double.close();
    removeTempDirs();
  });

  it('refuses a certificate from an unknown CA, and says what to do', async () => {
    ws = openWorkspace();
    const { test } = await ws.call('connections.add', { name: 'tls', kind: 'mlflow', url: double.url });
    expect(test).toMatchObject({ ok: false, reachable: false, problem: { kind: 'tls' } });
    expect(test?.problem?.message).toMatch(
      /^TLS error talking to https:\/\/127\.0\.0\.1:\d+: .*\(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)\. If the server uses a private CA, point the connection at its CA bundle \(--ca FILE\)/,
    );
    const { results } = await ws.call('sync.start', { connection: 'tls', wait: true });
    expect(results?.[0]).toMatchObject({ outcome: 'error', problem: { kind: 'tls' } });
  });

  it('trusts the server with the CA bundle given', async () => {
    ws = openWorkspace();
    const { test } = await ws.call('connections.add', { name: 'tls', kind: 'mlflow', url: double.url, caFile });
    expect(test).toMatchObject({ ok: true, serverVersion: '2.17.2' });
    const { results } = await ws.call('sync.start', { connection: 'tls', wait: true });
    expect(results?.[0]).toMatchObject({ outcome: 'ok', counts: { models: 4, versions: 12 } });
  });

  it('skips verification only when asked to, and shows it', async () => {
    ws = openWorkspace();
    const { connection, test } = await ws.call('connections.add', {
      name: 'tls',
      kind: 'mlflow',
      url: double.url,
      insecureSkipVerify: true,
    });
    expect(test?.ok).toBe(true);
    expect(connection.settings.insecureSkipVerify).toBe(true);
  });

  it('in the CLI: --ca works, --insecure warns, neither exits 3 with the TLS reason', async () => {
    const dir = makeTempDir('quorum-tls-cli-');
    const cli = async (...args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['--data-dir', dir, ...args], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {} });
      return { code, stdout: out.join(''), stderr: err.join('') };
    };
    const withCa = await cli('connect', 'mlflow', '--name', 'a', '--url', double.url, '--ca', caFile);
    expect(withCa.code).toBe(0);
    expect(withCa.stdout).toContain(`CA bundle: ${caFile}`);
    const insecure = await cli('connect', 'mlflow', '--name', 'b', '--url', double.url, '--insecure');
    expect(insecure.code).toBe(0);
    expect(insecure.stderr).toContain('Warning: TLS verification is off for "b"');
    expect(insecure.stdout).toContain('TLS verification: OFF');
    const neither = await cli('connect', 'mlflow', '--name', 'c', '--url', double.url);
    expect(neither.code).toBe(3);
    expect(neither.stderr).toMatch(
      /quorum: connection "c" was stored, but the test failed: TLS error talking to https:\/\/127\.0\.0\.1:\d+/,
    );
  });
});
