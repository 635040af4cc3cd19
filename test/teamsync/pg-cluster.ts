import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
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
export interface PgCluster {
  port: number;
  /** Superuser URL (trust authentication on 127.0.0.1 for `postgres`; md5/scram for others). */
  adminUrl(database?: string): string;
  url(user: string, password: string, database?: string): string;
  admin<T>(fn: (client: pg.Client) => Promise<T>, database?: string): Promise<T>;
  createDatabase(name: string): Promise<void>;
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

export async function startCluster(): Promise<PgCluster> {
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
  execFileSync('sh', [
    '-c',
    `printf 'local all all trust\\nhost all postgres 127.0.0.1/32 trust\\nhost all all 127.0.0.1/32 scram-sha-256\\n' > '${data}/pg_hba.conf'`,
  ]);
  if (root) execFileSync('chown', ['postgres', join(data, 'pg_hba.conf')]);
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
    `-k ${dir} -h 127.0.0.1 -p ${port} -c fsync=off -c max_connections=200`,
    'start',
  ]);
  const adminUrl = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const cluster: PgCluster = {
    port,
    adminUrl,
    url: (user, password, database = 'postgres') => `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    async admin(fn, database) {
      const client = new pg.Client({ connectionString: adminUrl(database) });
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
