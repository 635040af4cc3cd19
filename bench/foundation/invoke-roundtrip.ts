import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { READY_PREFIX } from '../../electron/cli/commands/serve';
import { defineBenchmark, now, percentile, type BenchmarkContext, type Figure } from '../harness';
import { PLAIN_READY, plainServerSource, spawnServer, tempDir } from './_processes';

const WARM_UP = 200;
const CALLS = 2_000;
const READY = new RegExp(`^${READY_PREFIX}(http://\\S+)$`);

function post(agent: Agent, url: URL, path: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolveCall, reject) => {
    const started = now();
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`${path} answered ${res.statusCode}`));
          else resolveCall((now() - started) * 1000);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Sequential calls over one keep-alive connection; returns each round trip in µs. */
async function roundTrips(url: URL, path: string, headers: Record<string, string>): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (let i = 0; i < WARM_UP; i++) await post(agent, url, path, headers, '{}');
    const samples: number[] = [];
    for (let i = 0; i < CALLS; i++) samples.push(await post(agent, url, path, headers, '{}'));
    return samples;
  } finally {
    agent.destroy();
  }
}

/** One `invoke` over HTTP for a small read (system.info), against a raw node:http echo. */
export default defineBenchmark({
  area: 'foundation',
  name: 'invoke-roundtrip',
  async run({ root, log }: BenchmarkContext): Promise<Figure[]> {
    const echo = await spawnServer(
      process.execPath,
      [
        '-e',
        plainServerSource(
          `(req, res) => { const c = []; req.on('data', (d) => c.push(d)); req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(Buffer.concat(c))); }`,
        ),
      ],
      { cwd: root, ready: PLAIN_READY, timeoutMs: 30_000 },
    );
    let baseline: number[];
    try {
      baseline = await roundTrips(new URL(echo.url), '/echo', { 'content-type': 'application/json' });
    } finally {
      await echo.stop();
    }

    const dataDir = tempDir('quorum-bench-invoke-');
    const quorum = await spawnServer(
      process.execPath,
      [join(root, 'bin', 'quorum.mjs'), 'serve', '--port', '0', '--data-dir', dataDir.path],
      {
        cwd: root,
        ready: READY,
        timeoutMs: 30_000,
      },
    );
    let samples: number[];
    try {
      const launch = new URL(quorum.url);
      const token = launch.searchParams.get('token') ?? '';
      samples = await roundTrips(launch, '/rpc/system.info', { 'content-type': 'application/json', authorization: `Bearer ${token}` });
    } finally {
      await quorum.stop();
      dataDir.remove();
    }
    log(`${CALLS} calls each after ${WARM_UP} warm-up calls`);
    return [
      {
        label: `POST /rpc/system.info p50 (${CALLS} calls, keep-alive)`,
        value: percentile(samples, 50),
        unit: 'µs',
        baseline: { label: 'node:http echo p50', value: percentile(baseline, 50) },
      },
      {
        label: `POST /rpc/system.info p95 (${CALLS} calls, keep-alive)`,
        value: percentile(samples, 95),
        unit: 'µs',
        baseline: { label: 'node:http echo p95', value: percentile(baseline, 95) },
      },
    ];
  },
});
