import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type PgCluster } from './pg-cluster';
import { ledgerIds, syncAll, workspace, type Workspace } from './team';

/**
 * TLS to the team database (`team connect --ca FILE`, `?sslmode=`), against a real PostgreSQL
 * with `ssl=on` and a certificate from a throwaway CA made here with openssl. That server only
 * accepts TLS over TCP (pg_hba `hostssl`), so every connection that works was encrypted.
 */

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: 'pipe' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error('openssl is missing; the TLS tests need it to make a throwaway CA. Install it: apt-get install -y openssl', {
        cause: error,
      });
    throw new Error(`openssl ${args.join(' ')} failed: ${String((error as { stderr?: Buffer }).stderr ?? error)}`, { cause: error });
  }
}

/** A CA (NAME-ca.crt) and a server certificate it signed, by default for localhost and 127.0.0.1. */
function makeCa(dir: string, name: string, san = 'DNS:localhost,IP:127.0.0.1'): { ca: string; cert: string; key: string } {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      `${name}-ca.key`,
      '-out',
      `${name}-ca.crt`,
      '-days',
      '2',
      '-subj',
      `/CN=Quorum test CA ${name}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  openssl(['req', '-new', ...ec, '-keyout', `${name}-server.key`, '-out', `${name}-server.csr`, '-subj', '/CN=localhost'], dir);
  writeFileSync(join(dir, `${name}-server.ext`), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
  openssl(
    [
      'x509',
      '-req',
      '-in',
      `${name}-server.csr`,
      '-CA',
      `${name}-ca.crt`,
      '-CAkey',
      `${name}-ca.key`,
      '-CAcreateserial',
      '-days',
      '2',
      '-out',
      `${name}-server.crt`,
      '-extfile',
      `${name}-server.ext`,
    ],
    dir,
  );
  return { ca: join(dir, `${name}-ca.crt`), cert: join(dir, `${name}-server.crt`), key: join(dir, `${name}-server.key`) };
}

describe('team sync over TLS', () => {
  let certs: string;
  let ca: string;
  let otherCa: string;
  let tls: PgCluster;
  let plain: PgCluster;
  const all: Workspace[] = [];
  let ada: Workspace;
  let bob: Workspace;

  const ws = (name: string) => {
    const w = workspace(name);
    all.push(w);
    return w;
  };

  beforeAll(async () => {
    certs = mkdtempSync(join(tmpdir(), 'quorum-tls-'));
    const server = makeCa(certs, 'team');
    ca = server.ca;
    otherCa = makeCa(certs, 'other').ca;
    tls = await startCluster({ tls: { certFile: server.cert, keyFile: server.key, requireTls: true } });
    await tls.createDatabase('team');
    plain = await startCluster();
    await plain.createDatabase('team');
    ada = ws('tls-ada');
    bob = ws('tls-bob');
    await ada.call('governance.identities.create', { name: 'Ada Admin', email: 'ada@northwind.example' });
  });
  afterAll(() => {
    for (const w of all) w.close();
    tls?.stop();
    plain?.stop();
    if (certs) rmSync(certs, { recursive: true, force: true });
  });

  it('with the CA file and sslmode=verify-full: connects, migrates, and replicates between two workspaces', async () => {
    const founded = await ada.call('team.connect', { url: `${tls.adminUrl('team')}?sslmode=verify-full`, caFile: ca });
    expect(founded.memberRole).toBe('created');
    expect(founded.status.caFile).toBe(ca);
    expect(founded.status.pending).toBe(0);
    await tls.admin((c) => c.query("CREATE ROLE bob LOGIN PASSWORD 'bob-secret'; GRANT quorum_member TO bob"), 'team');
    // A least-privilege member, password (scram) over TLS; the CA alone turns verification on.
    const joined = await bob.call('team.connect', { url: tls.url('bob', 'bob-secret', 'team'), caFile: ca });
    expect(joined.status.workspace).toBe(founded.status.workspace);
    await bob.call('governance.identities.create', { name: 'Bob Okafor', email: 'bob.okafor@northwind.example' });
    await syncAll(bob, ada);
    expect(ledgerIds(ada)).toEqual(ledgerIds(bob));
    // The settings (CA included) survive a restart.
    bob.restart();
    expect((await bob.call('team.status', {})).caFile).toBe(ca);
    await bob.call('team.sync', {});
    // The server's own view: the live LISTEN connection is TLS.
    bob.core.team.start();
    let live = false;
    for (let i = 0; i < 200 && !live; i++) {
      live = (await bob.call('team.status', {})).live;
      if (!live) await new Promise((r) => setTimeout(r, 25));
    }
    expect(live).toBe(true);
    const sessions = await tls.admin(
      (c) =>
        c.query<{ usename: string; ssl: boolean }>(
          "SELECT a.usename, s.ssl FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) WHERE a.application_name = 'quorum'",
        ),
      'team',
    );
    expect(sessions.rows).toContainEqual({ usename: 'bob', ssl: true });
    await bob.core.team.close();
  });

  it('every Quorum connection to the server was TLS (the server has no non-TLS TCP entry at all)', async () => {
    const url = `${tls.adminUrl('team')}?sslmode=verify-full`;
    const fresh = ws('tls-carol');
    // Without any TLS setting the client does not encrypt, and this server refuses it.
    const refused = await fresh.attempt('team.connect', { url: tls.adminUrl('team') });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('unauthorized');
      expect(refused.error.message).toMatch(/requires TLS: add \?sslmode=require to the URL or pass --ca FILE/);
      expect(refused.error.message).toMatch(/offline/);
    }
    await fresh.call('team.connect', { url, caFile: ca });
    expect(ledgerIds(fresh)).toEqual(ledgerIds(ada));
  });

  it('without the CA, or with the wrong CA: a clear "certificate is not trusted" error, and work continues offline', async () => {
    const stranger = ws('tls-dana');
    await stranger.call('governance.identities.create', { name: 'Dana', email: 'dana@northwind.example' });
    for (const attempt of [
      { url: `${tls.adminUrl('team')}?sslmode=verify-full` },
      { url: `${tls.adminUrl('team')}?sslmode=require` },
      { url: `${tls.adminUrl('team')}?sslmode=verify-full`, caFile: otherCa },
    ]) {
      const failed = await stranger.attempt('team.connect', attempt);
      expect(failed.ok, JSON.stringify(attempt)).toBe(false);
      if (!failed.ok) {
        expect(failed.error.code).toBe('unavailable');
        expect(failed.error.message).toMatch(/TLS certificate is not trusted \([A-Z_]+\); pass its CA with --ca FILE/);
        expect(failed.error.message).toMatch(/Local work continues offline/);
      }
    }
    const unreadable = await stranger.attempt('team.connect', { url: tls.adminUrl('team'), caFile: join(certs, 'no-such-ca.crt') });
    expect(unreadable.ok).toBe(false);
    if (!unreadable.ok) expect(unreadable.error.message).toMatch(/Cannot read the CA file .*no-such-ca\.crt/);
    // Nothing was joined; the local ledger is untouched and still works.
    expect((await stranger.call('governance.identities.list', {})).map((i) => i.name)).toEqual(['Dana']);
    expect((await stranger.call('governance.ledger.verify', {})).intact).toBe(true);
  });

  it('verify-full checks the host name: a certificate from the right CA for another host is refused', async () => {
    const elsewhere = makeCa(certs, 'elsewhere', 'DNS:db.northwind.example');
    // Its CA is trusted and it is valid in every way except the name it was issued for.
    tls.reloadTls(elsewhere.cert, elsewhere.key);
    const named = ws('tls-fay');
    const attempt = () => named.attempt('team.connect', { url: `${tls.adminUrl('team')}?sslmode=verify-full`, caFile: elsewhere.ca });
    let failed = await attempt();
    // The reload is asynchronous: until the postmaster has re-read the files it presents the old certificate.
    for (let i = 0; i < 80 && !failed.ok && /UNABLE_TO_VERIFY|SELF_SIGNED/.test(failed.error.message); i++) {
      await new Promise((r) => setTimeout(r, 25));
      failed = await attempt();
    }
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error.message).toMatch(/TLS certificate is not trusted \(ERR_TLS_CERT_ALTNAME_INVALID\)/);
  });

  it('a server without TLS, when the URL requires it: a clear error, never a silent plaintext fallback', async () => {
    const carol = ws('tls-erin');
    for (const attempt of [
      { url: `${plain.adminUrl('team')}?sslmode=require` },
      { url: `${plain.adminUrl('team')}?sslmode=verify-full`, caFile: ca },
      { url: plain.adminUrl('team'), caFile: ca },
    ]) {
      const failed = await carol.attempt('team.connect', attempt);
      expect(failed.ok, JSON.stringify(attempt)).toBe(false);
      if (!failed.ok) {
        expect(failed.error.code).toBe('unavailable');
        expect(failed.error.message).toMatch(/does not support TLS, but the URL asks for it/);
      }
    }
    // The same server is fine when TLS is not asked for.
    expect((await carol.attempt('team.connect', { url: `${plain.adminUrl('team')}?sslmode=disable` })).ok).toBe(true);
  });
});
