import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { READY_PREFIX } from '../../electron/cli/commands/serve';
import { createCore } from '../../electron/core/create-core';
import { lineageContext } from '../../electron/core/lineage/context';
import { defineBenchmark, now, percentile, type BenchmarkContext, type Figure } from '../harness';
import { PLAIN_READY, plainServerSource, spawnServer, tempDir } from '../foundation/_processes';
import { airflowEvents } from './_events';

const WARM_UP_RUNS = 500;
const RUNS = 10_000; // 20,000 events: a START and a COMPLETE each
const CONNECTIONS = 32;
const KEY = 'bench-lineage-key-0123456789';

interface Load {
  eventsPerSecond: number;
  msPer1000: number;
  p50: number;
  p95: number;
  refused: number;
}

function post(agent: Agent, port: number, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/v1/lineage',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}`, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * CONNECTIONS clients, each sending one event per request as the OpenLineage HTTP transport
 * does, retrying a 503 like the clients' retry policy. Sustained rate = events answered 201
 * over the wall time of the whole run.
 */
async function drive(port: number, events: string[]): Promise<Load> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies: number[] = [];
  let next = 0;
  let refused = 0;
  const started = now();
  try {
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (next < events.length) {
          const body = events[next++] as string;
          for (;;) {
            const t0 = now();
            const status = await post(agent, port, body);
            if (status === 201) {
              latencies.push(now() - t0);
              break;
            }
            if (status !== 503) throw new Error(`the receiver answered ${status}`);
            refused++;
            await new Promise((r) => setTimeout(r, 5));
          }
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  const seconds = (now() - started) / 1000;
  return {
    eventsPerSecond: events.length / seconds,
    msPer1000: (seconds * 1000 * 1000) / events.length,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    refused,
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The same events written straight through the ingestor, no HTTP: what storage alone costs. */
function inProcess(events: string[]): number {
  const dir = tempDir('quorum-bench-lineage-direct-');
  const core = createCore({ dataDir: join(dir.path, 'data'), validateOutput: false });
  try {
    const { ingestor, db } = lineageContext(core.services);
    const parsed = events.map((e) => JSON.parse(e) as unknown);
    const started = now();
    for (let i = 0; i < parsed.length; i += 500) {
      db.transaction(() => {
        for (const value of parsed.slice(i, i + 500)) {
          const outcome = ingestor.validate(value);
          if (!outcome.ok) throw new Error(outcome.reasons[0]?.message);
          ingestor.store(outcome.event, { source: 'receiver', ref: 'bench' }, Date.now());
        }
      })();
    }
    return ((now() - started) * 1000) / parsed.length;
  } finally {
    core.close();
    dir.remove();
  }
}

export default defineBenchmark({
  area: 'lineage',
  name: 'http-ingest',
  async run({ root, log }: BenchmarkContext): Promise<Figure[]> {
    const warmUp = airflowEvents(WARM_UP_RUNS, 7);
    const events = airflowEvents(RUNS, 11);
    log(
      `${events.length} events of ~${Math.round(events.reduce((n, e) => n + e.length, 0) / events.length)} bytes, ${CONNECTIONS} keep-alive connections`,
    );

    const plain = await spawnServer(
      process.execPath,
      [
        '-e',
        plainServerSource(
          `(req, res) => { req.resume(); req.on('end', () => res.writeHead(201, { 'content-type': 'application/json' }).end('{}')); }`,
        ),
      ],
      { cwd: root, ready: PLAIN_READY, timeoutMs: 30_000 },
    );
    let baseline: Load;
    try {
      const port = Number(new URL(plain.url).port);
      await drive(port, warmUp);
      baseline = await drive(port, events);
    } finally {
      await plain.stop();
    }

    const dataDir = tempDir('quorum-bench-lineage-');
    const port = await freePort();
    // The child inherits the environment: that is how `quorum serve` is given its receiver key.
    const previousKey = process.env.QUORUM_LINEAGE_API_KEY;
    process.env.QUORUM_LINEAGE_API_KEY = KEY;
    const quorum = await spawnServer(
      process.execPath,
      [join(root, 'bin', 'quorum.mjs'), 'serve', '--port', '0', '--lineage-port', String(port), '--data-dir', dataDir.path],
      { cwd: root, ready: new RegExp(`^${READY_PREFIX}(http://\\S+)$`), timeoutMs: 30_000 },
    ).finally(() => {
      if (previousKey === undefined) delete process.env.QUORUM_LINEAGE_API_KEY;
      else process.env.QUORUM_LINEAGE_API_KEY = previousKey;
    });
    let measured: Load;
    try {
      await drive(port, warmUp);
      measured = await drive(port, events);
    } finally {
      await quorum.stop();
      dataDir.remove();
    }
    const directMsPer1000 = inProcess(events.slice(0, 6_000));
    log(
      `receiver: ${Math.round(measured.eventsPerSecond)} events/s, ${measured.refused} answered 503 and retried; plain node:http: ${Math.round(baseline.eventsPerSecond)} requests/s`,
    );
    return [
      {
        label: `POST /api/v1/lineage, time per 1,000 events (${events.length} events, ${CONNECTIONS} connections; ≤ 500 ms is ≥ 2,000 events/s)`,
        value: measured.msPer1000,
        unit: 'ms',
        target: 500,
        baseline: { label: 'plain node:http answering 201', value: baseline.msPer1000 },
      },
      {
        label: 'POST /api/v1/lineage, events per second sustained',
        value: Math.round(measured.eventsPerSecond),
        unit: 'count',
        baseline: { label: 'plain node:http answering 201', value: Math.round(baseline.eventsPerSecond) },
        note: `${measured.refused} requests answered 503 and were retried; each 201 came after its event was committed`,
      },
      {
        label: 'POST /api/v1/lineage, request p95 under that load',
        value: measured.p95,
        unit: 'ms',
        baseline: { label: 'plain node:http p95', value: baseline.p95 },
      },
      {
        label: 'validate + store in-process (no HTTP), time per 1,000 events',
        value: directMsPer1000,
        unit: 'ms',
        baseline: { label: 'the receiver over HTTP', value: measured.msPer1000 },
      },
    ];
  },
});
