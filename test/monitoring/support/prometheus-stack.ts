import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * A real Prometheus scraping a real Pushgateway, on 127.0.0.1 only, with temporary config
 * and storage — the Debian packages `prometheus` and `prometheus-pushgateway`
 * (`apt-get install -y prometheus prometheus-pushgateway`). Binaries can be pointed at with
 * QUORUM_PROMETHEUS_BIN / QUORUM_PUSHGATEWAY_BIN. Every wait is bounded.
 */
export interface PrometheusStack {
  readonly prometheusUrl: string;
  readonly pushgatewayUrl: string;
  /** PUTs a whole group (job `model_monitoring`) in the text exposition format. */
  push(body: string): Promise<void>;
  /** Polls an instant query until `accept` holds for its JSON answer, or fails after `timeoutMs`. */
  waitFor(promql: string, accept: (result: unknown[]) => boolean, timeoutMs?: number): Promise<unknown[]>;
  /**
   * How many /api/v1 requests Prometheus has answered, from its own
   * `prometheus_http_requests_total` counter (reading /metrics counts under another handler).
   */
  apiRequests(): Promise<number>;
  stopPrometheus(): Promise<void>;
  stop(): Promise<void>;
}

const INSTALL_HINT =
  'Install them with `apt-get install -y prometheus prometheus-pushgateway` (the Debian packages), or set QUORUM_PROMETHEUS_BIN / QUORUM_PUSHGATEWAY_BIN.';

/** The binary's path, or an error that says how to install it (the integration test must fail, not skip). */
export function findBinary(name: string, override: string | undefined): string {
  const candidates = override
    ? [override]
    : (process.env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, name));
  for (const path of override ? candidates : [...candidates, `/usr/bin/${name}`]) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // try the next one
    }
  }
  throw new Error(`The integration test needs the \`${name}\` binary, which was not found. ${INSTALL_HINT}`);
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

const RULES = `groups:
  - name: model-monitoring
    interval: 1s
    rules:
      - alert: ModelFeatureDriftHigh
        expr: model_feature_drift_score > 0.25
        labels: { severity: warning }
        annotations: { summary: 'Feature {{ $labels.feature }} of {{ $labels.model }} v{{ $labels.version }} drifted ({{ $labels.method }} = {{ $value }})' }
      - alert: ModelAccuracyLow
        expr: model_accuracy < 0.85
        labels: { severity: critical }
        annotations: { summary: '{{ $labels.model }} v{{ $labels.version }} accuracy {{ $value }} below 0.85' }
`;

function config(pushgatewayPort: number): string {
  return `global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files: [rules.yml]
scrape_configs:
  - job_name: pushgateway
    honor_labels: true
    scrape_interval: 1s
    scrape_timeout: 1s
    static_configs:
      - targets: ['127.0.0.1:${pushgatewayPort}']
`;
}

function start(binary: string, args: string[], log: string[]): ChildProcess {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => {
    log.push(chunk.toString('utf8'));
    if (log.length > 200) log.splice(0, log.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function waitReady(url: string, child: ChildProcess, log: string[], what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}:\n${log.join('').slice(-2000)}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} was not ready at ${url} within ${timeoutMs} ms:\n${log.join('').slice(-2000)}`);
}

export async function startPrometheusStack(): Promise<PrometheusStack> {
  const prometheusBin = findBinary('prometheus', process.env.QUORUM_PROMETHEUS_BIN);
  const pushgatewayBin = findBinary('prometheus-pushgateway', process.env.QUORUM_PUSHGATEWAY_BIN);
  const dir = mkdtempSync(join(tmpdir(), 'quorum-prometheus-'));
  const [promPort, pushPort] = [await freePort(), await freePort()];
  writeFileSync(join(dir, 'prometheus.yml'), config(pushPort));
  writeFileSync(join(dir, 'rules.yml'), RULES);
  const pushLog: string[] = [];
  const promLog: string[] = [];
  const children: ChildProcess[] = [];
  const stack: PrometheusStack = {
    prometheusUrl: `http://127.0.0.1:${promPort}`,
    pushgatewayUrl: `http://127.0.0.1:${pushPort}`,
    async push(body) {
      const res = await fetch(`${stack.pushgatewayUrl}/metrics/job/model_monitoring`, {
        method: 'PUT',
        body,
        headers: { 'content-type': 'text/plain; version=0.0.4' },
        signal: AbortSignal.timeout(5000),
      });
      if (!res.ok) throw new Error(`pushgateway refused the push: ${res.status} ${await res.text()}`);
    },
    async waitFor(promql, accept, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let last: unknown = null;
      while (Date.now() < deadline) {
        try {
          const res = await fetch(`${stack.prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`, {
            signal: AbortSignal.timeout(2000),
          });
          const body = (await res.json()) as { data?: { result?: unknown[] } };
          last = body;
          const result = body.data?.result ?? [];
          if (accept(result)) return result;
        } catch (error) {
          last = error;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(`Prometheus did not answer ${promql} as expected within ${timeoutMs} ms; last answer: ${JSON.stringify(last)}`);
    },
    async apiRequests() {
      const res = await fetch(`${stack.prometheusUrl}/metrics`, { signal: AbortSignal.timeout(5000) });
      const text = await res.text();
      let total = 0;
      for (const line of text.split('\n')) {
        const match = /^prometheus_http_requests_total\{[^}]*handler="(\/api\/v1\/[^"]*)"[^}]*\} (\S+)$/.exec(line);
        if (match) total += Number(match[2]);
      }
      return total;
    },
    async stopPrometheus() {
      const prometheus = children[1];
      if (prometheus) await stopChild(prometheus);
    },
    async stop() {
      for (const child of [...children].reverse()) await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    const pushgateway = start(pushgatewayBin, [`--web.listen-address=127.0.0.1:${pushPort}`], pushLog);
    children.push(pushgateway);
    await waitReady(`${stack.pushgatewayUrl}/-/ready`, pushgateway, pushLog, 'prometheus-pushgateway');
    const prometheus = start(
      prometheusBin,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        '--log.level=warn',
      ],
      promLog,
    );
    children.push(prometheus);
    await waitReady(`${stack.prometheusUrl}/-/ready`, prometheus, promLog, 'prometheus');
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return stack;
}
