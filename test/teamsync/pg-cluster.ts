import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL cluster for the team-sync tests and benchmarks: initdb into a temp
 * dir, started on 127.0.0.1 and a free port, stopped and removed afterwards. Postgres refuses
 * to run as root, so when the tests run as root the server runs as the `postgres` user.
 * Without the binaries this throws, saying what to install: a missing database never skips.
 */
/** TLS for the server: PEM files, copied into the data directory (owned by the server's user, 0600). */
export interface ClusterTls {
  certFile: string;
  keyFile: string;
  /** Accept only TLS connections over TCP (pg_hba `hostssl`), as a managed Postgres may. */
  requireTls?: boolean;
}

export interface ClusterOptions {
  tls?: ClusterTls;
}

export interface PgCluster {
  port: number;
  /** Superuser URL (trust authentication on 127.0.0.1 for `postgres`; md5/scram for others). */
  adminUrl(database?: string): string;
  url(user: string, password: string, database?: string): string;
  admin<T>(fn: (client: pg.Client) => Promise<T>, database?: string): Promise<T>;
  createDatabase(name: string): Promise<void>;
  /** Replaces the server's certificate and key (TLS clusters only) and reloads the configuration. */
  reloadTls(certFile: string, keyFile: string): void;
  stop(): void;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest)
    throw new Error(
      'PostgreSQL server binaries are missing (no /usr/lib/postgresql/*/bin/initdb). Install them: apt-get install -y postgresql',
    );
  return join(root, newest, 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startCluster(options: ClusterOptions = {}): Promise<PgCluster> {
  const bin = binDir();
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'quorum-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const asPg = (cmd: string, args: string[]) =>
    root
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { stdio: 'pipe' })
      : execFileSync(join(bin, cmd), args, { stdio: 'pipe' });
  asPg('initdb', ['-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-sync']);
  // The superuser may connect from 127.0.0.1 without a password; everyone else needs theirs.
  const host = options.tls?.requireTls ? 'hostssl' : 'host';
  execFileSync('sh', [
    '-c',
    `printf 'local all all trust\\n${host} all postgres 127.0.0.1/32 trust\\n${host} all all 127.0.0.1/32 scram-sha-256\\n' > '${data}/pg_hba.conf'`,
  ]);
  if (root) execFileSync('chown', ['postgres', join(data, 'pg_hba.conf')]);
  const cert = join(data, 'server.crt');
  const key = join(data, 'server.key');
  const installTls = (certFile: string, keyFile: string) => {
    // Postgres refuses a key file readable by others, or not owned by its user (or root).
    copyFileSync(certFile, cert);
    copyFileSync(keyFile, key);
    chmodSync(cert, 0o600);
    chmodSync(key, 0o600);
    if (root) execFileSync('chown', ['postgres', cert, key]);
  };
  let ssl = '';
  if (options.tls) {
    installTls(options.tls.certFile, options.tls.keyFile);
    ssl = ` -c ssl=on -c ssl_cert_file=${cert} -c ssl_key_file=${key}`;
  }
  const port = await freePort();
  asPg('pg_ctl', [
    '-D',
    data,
    '-l',
    join(dir, 'log'),
    '-w',
    '-t',
    '30',
    '-o',
    `-k ${dir} -h 127.0.0.1 -p ${port} -c fsync=off -c max_connections=200${ssl}`,
    'start',
  ]);
  const adminUrl = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const cluster: PgCluster = {
    port,
    adminUrl,
    url: (user, password, database = 'postgres') => `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    async admin(fn, database) {
      // The test's own admin connection: encrypted when the server has TLS (it may require it), unverified.
      const client = new pg.Client({
        connectionString: adminUrl(database),
        ...(options.tls ? { ssl: { rejectUnauthorized: false } } : {}),
      });
      await client.connect();
      try {
        return await fn(client);
      } finally {
        await client.end();
      }
    },
    async createDatabase(name) {
      await cluster.admin((c) => c.query(`CREATE DATABASE ${name.replace(/[^a-z0-9_]/g, '')}`));
    },
    reloadTls(certFile, keyFile) {
      if (!options.tls) throw new Error('reloadTls: this cluster was started without TLS');
      installTls(certFile, keyFile);
      asPg('pg_ctl', ['-D', data, 'reload']);
    },
    stop() {
      try {
        asPg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return cluster;
}
