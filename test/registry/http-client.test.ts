import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpClient, type HttpResponse } from '../../electron/core/connectors/http/client';
import { HttpFailure } from '../../electron/core/connectors/http/errors';
import { expectJson } from '../../electron/core/connectors/http/json';
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter } from '../../electron/core/connectors/http/retry';
import { readMlflowError } from '../../electron/core/connectors/mlflow/rest';
import { runsPageSchema } from '../../electron/core/connectors/mlflow/wire';
import { startMlflowDouble, type MlflowDouble } from '../doubles/mlflow-server';
import { fakeClock } from './helpers/workspace';

const API = '/api/2.0/mlflow';
const NOW = Date.parse('2026-11-22T10:00:00Z');

async function failureOf(promise: Promise<unknown>): Promise<HttpFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpFailure) return error;
    throw error;
  }
  throw new Error('expected an HttpFailure');
}

describe('HttpClient against the MLflow double', () => {
  let double: MlflowDouble;
  const clients: HttpClient[] = [];
  const client = (options: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) => {
    const clock = fakeClock(() => NOW);
    const c = new HttpClient({ baseUrl: double.url, clock, timeoutMs: 1_000, retry: { maxRetries: 3 }, ...options });
    clients.push(c);
    return { http: c, clock };
  };
  beforeAll(async () => {
    double = await startMlflowDouble();
  });
  afterEach(async () => {
    double.clearFaults();
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await double.close();
  });

  it('retries 5xx with exponential backoff and jitter, then succeeds', async () => {
    double.inject({ endpoint: 'registered-models/search', fault: { kind: 'status', status: 503 }, times: 2 });
    const { http, clock } = client();
    const res = await http.send({ method: 'GET', path: `${API}/registered-models/search` });
    expect(res.status).toBe(200);
    expect(res.attempts).toBe(3);
    // random() is 0.5: half the step fixed plus a quarter — 500 ms, then 1 s steps.
    expect(clock.sleeps).toEqual([375, 750]);
  });

  it('honours Retry-After in seconds on 429', async () => {
    double.inject({ endpoint: 'registered-models/search', fault: { kind: 'rate-limit', retryAfter: '3' }, times: 1 });
    const { http, clock } = client();
    const res = await http.send({ method: 'GET', path: `${API}/registered-models/search` });
    expect(res.status).toBe(200);
    expect(clock.sleeps).toEqual([3_000]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const at = new Date(NOW + 7_000).toUTCString();
    double.inject({ endpoint: 'registered-models/search', fault: { kind: 'rate-limit', retryAfter: at }, times: 1 });
    const { http, clock } = client();
    await http.send({ method: 'GET', path: `${API}/registered-models/search` });
    expect(clock.sleeps).toEqual([7_000]);
  });

  it('stops retrying when the server asks for a longer pause than allowed, and says how long', async () => {
    double.inject({ endpoint: 'registered-models/search', fault: { kind: 'rate-limit', retryAfter: '3600' } });
    const { http, clock } = client();
    const res = await http.send({ method: 'GET', path: `${API}/registered-models/search` });
    expect(res.status).toBe(429);
    expect(clock.sleeps).toEqual([]);
    const failure = statusFailure(res);
    expect(failure.kind).toBe('rate-limited');
    expect(failure.message).toContain('3600 s');
  });

  it('gives up after the retry budget and reports the attempts', async () => {
    double.inject({ endpoint: 'registered-models/search', fault: { kind: 'status', status: 500 } });
    const { http, clock } = client();
    const res = await http.send({ method: 'GET', path: `${API}/registered-models/search` });
    expect(res.attempts).toBe(4);
    expect(clock.sleeps).toHaveLength(3);
    const failure = statusFailure(res);
    expect(failure.kind).toBe('server');
    expect(failure.message).toMatch(
      /failed with 500 on GET \/api\/2\.0\/mlflow\/registered-models\/search after 4 attempts: INTERNAL_ERROR/,
    );
  });

  it('retries a page cut off mid-body (network error) and gets it whole', async () => {
    double.inject({ endpoint: 'model-versions/search', fault: { kind: 'truncate' }, times: 1 });
    const { http } = client();
    const res = await http.send({ method: 'GET', path: `${API}/model-versions/search` });
    expect(res.status).toBe(200);
    expect(res.attempts).toBe(2);
    expect(JSON.parse(res.text)).toHaveProperty('model_versions');
  });

  it('classifies a truncated page that never comes whole as a network failure', async () => {
    double.inject({ endpoint: 'model-versions/search', fault: { kind: 'truncate' } });
    const { http } = client({ retry: { maxRetries: 1 } });
    const failure = await failureOf(http.send({ method: 'GET', path: `${API}/model-versions/search` }));
    expect(failure.kind).toBe('network');
    expect(failure.message).toContain(double.url);
    expect(failure.message).toContain('after 2 attempts');
  });

  it('times out a slow server and says after how long', async () => {
    double.inject({ endpoint: 'registered-models/search', fault: { kind: 'slow', delayMs: 3_000 } });
    const { http } = client({ timeoutMs: 200, retry: { maxRetries: 0 } });
    const failure = await failureOf(http.send({ method: 'GET', path: `${API}/registered-models/search` }));
    expect(failure.kind).toBe('timeout');
    expect(failure.message).toBe(`No answer from ${double.url} within 0.2 s (timeout). The server is slow or unreachable.`);
  });

  it('cancels an in-flight request through its AbortSignal', async () => {
    double.inject({ endpoint: 'registered-models/search', fault: { kind: 'slow', delayMs: 3_000 } });
    const { http } = client({ timeoutMs: 5_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const failure = await failureOf(http.send({ method: 'GET', path: `${API}/registered-models/search`, signal: controller.signal }));
    expect(failure.kind).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('cancels while waiting to retry', async () => {
    double.inject({ endpoint: 'registered-models/search', fault: { kind: 'status', status: 503 } });
    const controller = new AbortController();
    const clock = {
      ...fakeClock(() => NOW),
      sleep: (_ms: number, signal?: AbortSignal) =>
        new Promise<void>((_resolve, reject) => {
          // The user cancels while the client waits to retry.
          controller.abort();
          if (signal?.aborted) reject(signal.reason);
        }),
    };
    const { http } = client({ clock });
    const failure = await failureOf(http.send({ method: 'GET', path: `${API}/registered-models/search`, signal: controller.signal }));
    expect(failure.kind).toBe('cancelled');
  });

  it('classifies an HTML 404 as an endpoint this server lacks, and a JSON 404 as a missing resource', async () => {
    const { http } = client();
    const webhooks = await http.send({ method: 'GET', path: `${API}/webhooks` });
    expect(statusFailure(webhooks).kind).toBe('endpoint-missing');
    expect(statusFailure(webhooks).message).toBe(
      `${double.url} has no endpoint /api/2.0/mlflow/webhooks (404 Not Found). It may be an older MLflow that lacks this API, or the URL's path is wrong.`,
    );
    const run = await http.send({ method: 'GET', path: `${API}/runs/get`, query: { run_id: 'feedface' } });
    const failure = statusFailure(run);
    expect(failure.kind).toBe('not-found');
    expect(failure.message).toContain('RESOURCE_DOES_NOT_EXIST — Run with id=feedface not found');
  });

  it('classifies 401 and 403', async () => {
    const { http } = client();
    double.inject({ fault: { kind: 'status', status: 401 }, times: 1 });
    expect(statusFailure(await http.send({ method: 'GET', path: `${API}/registered-models/search` })).kind).toBe('auth');
    double.inject({ fault: { kind: 'status', status: 403 }, times: 1 });
    const forbidden = statusFailure(await http.send({ method: 'GET', path: `${API}/registered-models/search` }));
    expect(forbidden.kind).toBe('forbidden');
    expect(forbidden.message).toContain('403 Forbidden');
  });

  it('reports malformed JSON without using the page', async () => {
    double.inject({ endpoint: 'runs/search', fault: { kind: 'malformed-json' } });
    const { http } = client();
    const res = await http.send({ method: 'POST', path: `${API}/runs/search`, json: { experiment_ids: ['1'], max_results: 10 } });
    const failure = failureSync(() => expectJson(res, runsPageSchema, readMlflowError));
    expect(failure.kind).toBe('malformed');
    expect(failure.message).toMatch(/answered POST \/api\/2\.0\/mlflow\/runs\/search with malformed JSON/);
  });

  it('names the field when the JSON has an unexpected shape', () => {
    const res = fakeResponse(200, { runs: [{ info: { experiment_id: '1', status: 'EXPLODED' } }] });
    const failure = failureSync(() => expectJson(res, runsPageSchema, readMlflowError));
    expect(failure.kind).toBe('schema');
    expect(failure.message).toContain('field "runs.0.info.status"');
  });

  it('sends JSON bodies with application/json (MLflow refuses text/plain)', async () => {
    const { http } = client();
    await http.send({ method: 'POST', path: `${API}/experiments/search`, json: { max_results: 1 } });
    expect(double.requests.at(-1)?.headers.contentType).toBe('application/json');
    expect(double.requests.at(-1)?.status).toBe(200);
  });
});

describe('transport failures', () => {
  let closed: Server;
  let closedPort = 0;
  beforeAll(async () => {
    closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    closedPort = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
  });

  it('says the connection was refused when nothing listens', async () => {
    const http = new HttpClient({ baseUrl: `http://127.0.0.1:${closedPort}`, clock: fakeClock(), retry: { maxRetries: 1 } });
    const failure = await failureOf(http.send({ method: 'GET', path: '/version' }));
    await http.close();
    expect(failure.kind).toBe('refused');
    expect(failure.message).toBe(
      `Connection refused by http://127.0.0.1:${closedPort}: nothing is listening there. Is the MLflow server running, and is the port right? (after 2 attempts)`,
    );
  });

  it('never has more requests in flight than its concurrency', async () => {
    let active = 0;
    let most = 0;
    const server = createServer((_req, res) => {
      active++;
      most = Math.max(most, active);
      setTimeout(() => {
        active--;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      }, 30);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const http = new HttpClient({ baseUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}`, concurrency: 2 });
    await Promise.all(Array.from({ length: 8 }, () => http.send({ method: 'GET', path: '/x' })));
    await http.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(most).toBe(2);
  });

  it('says the host name does not resolve (DNS)', async () => {
    // .invalid never resolves (RFC 6761).
    const http = new HttpClient({ baseUrl: 'http://mlflow.quorum-test.invalid', clock: fakeClock() });
    const failure = await failureOf(http.send({ method: 'GET', path: '/version' }));
    await http.close();
    expect(failure.kind).toBe('dns');
    expect(failure.message).toMatch(/^Cannot resolve the host "mlflow\.quorum-test\.invalid" \(DNS lookup failed: E[A-Z_]+\)/);
  });
});

describe('retry arithmetic', () => {
  it('doubles the step up to the cap, with half of it jittered', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 500, maxDelayMs: 4_000 };
    expect([0, 1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 0))).toEqual([250, 500, 1_000, 2_000, 2_000]);
    expect([0, 1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 0.999999))).toEqual([500, 1_000, 2_000, 4_000, 4_000]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(new Date(NOW + 5_000).toUTCString(), NOW)).toBe(5_000);
    expect(parseRetryAfter(new Date(NOW - 5_000).toUTCString(), NOW)).toBe(0);
    expect(parseRetryAfter('soon', NOW)).toBeNull();
    expect(parseRetryAfter(undefined, NOW)).toBeNull();
  });
});

function statusFailure(res: HttpResponse): HttpFailure {
  return failureSync(() => expectJson(res, z.unknown(), readMlflowError));
}

function failureSync(work: () => unknown): HttpFailure {
  try {
    work();
  } catch (error) {
    if (error instanceof HttpFailure) return error;
    throw error;
  }
  throw new Error('expected an HttpFailure');
}

function fakeResponse(status: number, body: unknown): HttpResponse {
  return {
    status,
    contentType: 'application/json',
    text: JSON.stringify(body),
    date: null,
    retryAfterMs: null,
    url: 'http://mlflow.example/api/2.0/mlflow/runs/search',
    method: 'POST',
    attempts: 1,
  };
}
