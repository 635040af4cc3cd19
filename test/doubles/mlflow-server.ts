import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { loadRecording, type RecordingName } from './mlflow/recordings';
import { MlflowRoutes, type Answer, type ParsedRequest } from './mlflow/routes';
import { RegistryState, type ScaleSpec } from './mlflow/state';

/**
 * An MLflow tracking server double: a real `node:http(s)` server on 127.0.0.1 (port 0 by
 * default) answering MLflow's REST API from the recorded exchanges in
 * ../shared/fixtures/mlflow — the recorded entities as state, the recorded shapes and error
 * wording for every answer (see mlflow/routes.ts). It can fail on purpose, the ways real
 * servers do, so the connector's handling of each fault is tested end to end.
 *
 * Faults not covered by a recording (401/403 from an auth proxy, 429, 500) have synthesized
 * bodies in MLflow's `{error_code, message}` shape or plain text; the connector must not
 * depend on them, and the tests check it does not.
 */
export type Fault =
  /** Answers after `delayMs` (longer than the client's timeout: a slow server). */
  | { readonly kind: 'slow'; readonly delayMs: number }
  /** An HTTP error status, as a proxy or a failing server sends it. */
  | { readonly kind: 'status'; readonly status: 401 | 403 | 500 | 502 | 503 | 504 }
  /** Flask's recorded HTML 404: the endpoint does not exist on this (older) server. */
  | { readonly kind: 'missing-endpoint' }
  /** 429 with `Retry-After` (seconds or an HTTP date) when given. */
  | { readonly kind: 'rate-limit'; readonly retryAfter?: string }
  /** 200 with a JSON body cut short (complete response, invalid JSON). */
  | { readonly kind: 'malformed-json' }
  /** Sends half the page with the full Content-Length, then drops the connection. */
  | { readonly kind: 'truncate' };

export interface FaultRule {
  readonly fault: Fault;
  /** Endpoint after /api/2.0/mlflow/ ("runs/search") or a full path ("/version"); all requests when absent. */
  readonly endpoint?: string;
  readonly method?: string;
  /** Let this many matching requests through first (fail the third page, not the first). */
  readonly skip?: number;
  /** Fail this many matching requests, then behave; forever when absent. */
  readonly times?: number;
}

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly endpoint: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly headers: { readonly authorization?: string; readonly contentType?: string };
  readonly answeredBy: Answer['source'];
  readonly status: number;
}

export interface DoubleAuth {
  readonly bearer?: string;
  readonly basic?: { readonly username: string; readonly password: string };
}

export interface MlflowDoubleOptions {
  readonly recording?: RecordingName;
  /** Serve generated copies of recorded entities instead of the recorded registry (benchmarks). */
  readonly scale?: ScaleSpec;
  readonly tls?: { readonly key: string; readonly cert: string };
  readonly auth?: DoubleAuth;
  readonly port?: number;
  /** Timestamps of changes made through the double (default Date.now). */
  readonly now?: () => number;
  /** Keep a log of requests (on by default; off for benchmarks). */
  readonly log?: boolean;
}

export interface MlflowDouble {
  readonly url: string;
  readonly port: number;
  readonly recording: RecordingName;
  readonly state: RegistryState;
  readonly routes: MlflowRoutes;
  readonly requests: LoggedRequest[];
  inject(rule: FaultRule): void;
  clearFaults(): void;
  /** Runs `hook` before answering each request to `endpoint` (a test changing the registry mid-listing). */
  tap(endpoint: string, hook: (count: number) => void): void;
  requireAuth(auth: DoubleAuth | null): void;
  /** Server down: stops listening and drops open connections (connection refused). */
  stop(): Promise<void>;
  /** Back up on the same port. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

const API_PREFIX = '/api/2.0/mlflow/';
const MAX_BODY = 16 * 1024 * 1024;

export async function startMlflowDouble(options: MlflowDoubleOptions = {}): Promise<MlflowDouble> {
  const name = options.recording ?? '2.17.2';
  const recording = loadRecording(name);
  const state = options.scale
    ? RegistryState.scaled(recording, options.scale, options.now)
    : RegistryState.fromRecording(recording, options.now);
  const routes = new MlflowRoutes(recording, state);
  const requests: LoggedRequest[] = [];
  const rules: { rule: FaultRule; seen: number; fired: number }[] = [];
  const taps: { endpoint: string; hook: (count: number) => void; count: number }[] = [];
  let auth = options.auth ?? null;
  const sockets = new Set<Socket>();
  const logRequests = options.log ?? true;

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    void serve(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('double failed');
    });
  };

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const parsed = parseRequest(req, rawBody);
    for (const tap of taps) if (tap.endpoint === parsed.endpoint) tap.hook(++tap.count);
    const rule = matchFault(parsed);
    const answer = await answerFor(parsed, rule?.fault ?? null, req);
    if (logRequests) {
      requests.push({
        method: parsed.method,
        path: parsed.path,
        endpoint: parsed.endpoint,
        query: parsed.query,
        body: parsed.body ?? (rawBody === '' ? null : rawBody),
        headers: {
          ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
          ...(req.headers['content-type'] ? { contentType: req.headers['content-type'] } : {}),
        },
        answeredBy: answer.source,
        status: answer.status,
      });
    }
    // The client may have given up (a timeout while the double was slow): nothing to answer.
    if (res.destroyed || req.socket.destroyed) return;
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    const payload = Buffer.from(text, 'utf8');
    const headers = { 'content-type': answer.contentType, ...answer.headers };
    if (rule?.fault.kind === 'truncate') {
      res.writeHead(answer.status, { ...headers, 'content-length': String(payload.length) });
      res.write(payload.subarray(0, Math.floor(payload.length / 2)));
      setTimeout(() => res.destroy(), 5);
      return;
    }
    const body = rule?.fault.kind === 'malformed-json' ? payload.subarray(0, Math.max(1, Math.floor(payload.length / 2))) : payload;
    res.writeHead(answer.status, { ...headers, 'content-length': String(body.length) });
    res.end(body);
  }

  async function answerFor(req: ParsedRequest, fault: Fault | null, incoming: IncomingMessage): Promise<Answer> {
    if (auth && req.path !== '/health' && !authorized(incoming.headers.authorization, auth)) {
      return {
        status: 401,
        contentType: 'text/plain; charset=utf-8',
        body: 'Unauthorized',
        source: 'fault',
        headers: { 'www-authenticate': 'Basic realm="mlflow"' },
      };
    }
    if (fault?.kind === 'slow') {
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs).unref());
    }
    switch (fault?.kind) {
      case 'status':
        return fault.status >= 500
          ? {
              status: fault.status,
              contentType: 'application/json',
              body: { error_code: 'INTERNAL_ERROR', message: 'Injected server error' },
              source: 'fault',
            }
          : {
              status: fault.status,
              contentType: 'text/plain; charset=utf-8',
              body: fault.status === 401 ? 'Unauthorized' : 'Permission denied',
              source: 'fault',
            };
      case 'missing-endpoint':
        return { ...routes.recordedAnswer('unknown-endpoint'), source: 'fault' };
      case 'rate-limit':
        return {
          status: 429,
          contentType: 'application/json',
          body: { error_code: 'REQUEST_LIMIT_EXCEEDED', message: 'Too many requests' },
          source: 'fault',
          ...(fault.retryAfter !== undefined ? { headers: { 'retry-after': fault.retryAfter } } : {}),
        };
      default:
        return routes.handle(req);
    }
  }

  function matchFault(req: ParsedRequest): FaultRule | null {
    for (const entry of rules) {
      const { rule } = entry;
      if (rule.endpoint !== undefined && rule.endpoint !== req.endpoint) continue;
      if (rule.method !== undefined && rule.method !== req.method) continue;
      entry.seen++;
      if (entry.seen <= (rule.skip ?? 0)) continue;
      if (rule.times !== undefined && entry.fired >= rule.times) continue;
      entry.fired++;
      return rule;
    }
    return null;
  }

  const server: Server = options.tls
    ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, handler)
    : createHttpServer(handler);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A TLS handshake the client refuses is the client's business; keep serving.
  server.on('tlsClientError', () => undefined);

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  const port = await listen(options.port ?? 0);
  const closeServer = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      server.close(() => resolve());
    });

  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    recording: name,
    state,
    routes,
    requests,
    inject: (rule) => rules.push({ rule, seen: 0, fired: 0 }),
    clearFaults: () => rules.splice(0),
    tap: (endpoint, hook) => taps.push({ endpoint, hook, count: 0 }),
    requireAuth: (next) => (auth = next),
    stop: closeServer,
    restart: async () => {
      await listen(port);
    },
    close: async () => {
      if (server.listening) await closeServer();
    },
  };
}

function parseRequest(req: IncomingMessage, rawBody: string): ParsedRequest {
  const url = new URL(req.url ?? '/', 'http://double.invalid');
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) if (!(key in query)) query[key] = value;
  let body: Record<string, unknown> | null = null;
  if (rawBody !== '') {
    try {
      const parsed = JSON.parse(rawBody) as unknown;
      body = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    } catch {
      // MLflow reads malformed JSON as an empty request (see the fixtures' README).
      body = {};
    }
  }
  const path = url.pathname;
  return {
    method: req.method ?? 'GET',
    path,
    endpoint: path.startsWith(API_PREFIX) ? path.slice(API_PREFIX.length) : path,
    query,
    body,
    rawBody,
    contentType: req.headers['content-type'] ?? null,
  };
}

function authorized(header: string | undefined, auth: DoubleAuth): boolean {
  if (!header) return false;
  if (auth.bearer !== undefined && header === `Bearer ${auth.bearer}`) return true;
  if (auth.basic) {
    const expected = `Basic ${Buffer.from(`${auth.basic.username}:${auth.basic.password}`).toString('base64')}`;
    if (header === expected) return true;
  }
  return false;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        req.destroy();
        reject(new Error('request body too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export { RegistryState } from './mlflow/state';
export type { ScaleSpec } from './mlflow/state';
export type { RecordingName } from './mlflow/recordings';
