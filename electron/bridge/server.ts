import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fail, type Envelope } from '@shared/contract';
import type { Core } from '../core/create-core';
import {
  allowedHosts,
  CONTENT_SECURITY_POLICY,
  isAllowedHost,
  isAllowedOrigin,
  presentedToken,
  TOKEN_COOKIE,
  tokensEqual,
} from './http-security';
import { HTTP_STATUS } from './http-status';
import { serveStatic } from './static-files';

/** Operation inputs are small; anything larger is a mistake or an attack. */
export const MAX_RPC_BODY_BYTES = 1024 * 1024;

export interface BridgeOptions {
  core: Core;
  host?: string;
  port?: number;
  rendererDir: string;
  /** Fixed token for tests; a random one per start otherwise. */
  token?: string;
}

export interface BridgeServer {
  readonly url: string;
  /** The URL to open in a browser: it carries the token once, then a cookie does. */
  readonly launchUrl: string;
  readonly token: string;
  readonly port: number;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
} as const;

/**
 * Browser mode: the same core as the desktop app, over HTTP. `POST /rpc/<operation>` carries
 * the same envelopes as IPC; `GET /events` streams push events (SSE).
 */
export async function startBridge(options: BridgeOptions): Promise<BridgeServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(24).toString('base64url');
  const sseClients = new Set<ServerResponse>();
  let hosts = new Set<string>();

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      process.stderr.write(`quorum serve: ${error instanceof Error ? error.message : String(error)}\n`);
      if (!response.headersSent) sendEnvelope(response, fail('internal', 'The server failed to answer this request.'));
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!isAllowedHost(request, hosts) || !isAllowedOrigin(request, hosts)) {
      sendEnvelope(response, fail('forbidden', 'This request names a host or origin that is not this Quorum server.'));
      return;
    }
    const url = new URL(request.url ?? '/', 'http://quorum.invalid');
    const isApi = url.pathname.startsWith('/rpc/') || url.pathname === '/events';

    if (!isApi) {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        sendEnvelope(response, fail('invalid_input', `Method ${request.method ?? '?'} is not allowed here.`), 405);
        return;
      }
      const launchToken = url.searchParams.get('token');
      if (launchToken !== null) {
        if (!tokensEqual(launchToken, token)) {
          sendEnvelope(
            response,
            fail('unauthorized', 'The token in this link is not valid for this Quorum server. Use the URL printed at start.'),
          );
          return;
        }
        // Trade the one-time URL token for a cookie, and drop it from the address bar.
        response
          .writeHead(303, {
            ...SECURITY_HEADERS,
            location: '/',
            'set-cookie': `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
          })
          .end();
        return;
      }
      serveStatic(options.rendererDir, url.pathname, response, { ...SECURITY_HEADERS, 'content-security-policy': CONTENT_SECURITY_POLICY });
      return;
    }

    if (!tokensEqual(presentedToken(request), token)) {
      sendEnvelope(
        response,
        fail('unauthorized', 'Missing or wrong token. Open the URL printed by `quorum serve`, or send Authorization: Bearer <token>.'),
      );
      return;
    }
    if (url.pathname === '/events') {
      openEventStream(request, response);
      return;
    }
    if (request.method !== 'POST') {
      sendEnvelope(response, fail('invalid_input', 'Operations are called with POST.'), 405);
      return;
    }
    const operation = decodeOperation(url.pathname.slice('/rpc/'.length));
    const contentType = request.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(contentType)) {
      sendEnvelope(response, fail('invalid_input', 'Send the operation input as JSON (Content-Type: application/json).'), 415);
      return;
    }
    const body = await readBody(request, MAX_RPC_BODY_BYTES);
    if (body === 'too-large') {
      sendEnvelope(
        response,
        fail('payload_too_large', `The request body is larger than ${MAX_RPC_BODY_BYTES} bytes.`, { limit: MAX_RPC_BODY_BYTES }),
      );
      request.resume();
      return;
    }
    let input: unknown = {};
    if (body.length > 0) {
      try {
        input = JSON.parse(body.toString('utf8'));
      } catch (error) {
        sendEnvelope(response, fail('invalid_input', `The request body is not valid JSON: ${(error as Error).message}`));
        return;
      }
    }
    const abort = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) abort.abort();
    });
    sendEnvelope(response, await options.core.dispatch(operation, input, { signal: abort.signal }));
  }

  function openEventStream(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    response.write(': connected\n\n');
    sseClients.add(response);
    request.on('close', () => sseClients.delete(response));
  }

  const unsubscribe = options.core.events.onAny((event, payload) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const client of sseClients) client.write(frame);
  });
  // Proxies and browsers drop idle streams; a comment every 20 s keeps them open.
  const heartbeat = setInterval(() => {
    for (const client of sseClients) client.write(': keep-alive\n\n');
  }, 20_000);
  heartbeat.unref();

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  const { port } = server.address() as AddressInfo;
  hosts = allowedHosts(host, port);
  const displayHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${displayHost}:${port}`;

  return {
    url,
    launchUrl: `${url}/?token=${encodeURIComponent(token)}`,
    token,
    port,
    close: () =>
      new Promise<void>((resolvePromise) => {
        clearInterval(heartbeat);
        unsubscribe();
        for (const client of sseClients) client.end();
        server.close(() => resolvePromise());
        server.closeAllConnections();
      }),
  };
}

function sendEnvelope(response: ServerResponse, envelope: Envelope<unknown>, status?: number): void {
  const code = status ?? (envelope.ok ? 200 : HTTP_STATUS[envelope.error.code]);
  response.writeHead(code, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(envelope));
}

function readBody(request: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolvePromise, reject) => {
    const declared = Number(request.headers['content-length'] ?? '0');
    if (declared > limit) {
      resolvePromise('too-large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    request.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        settled = true;
        resolvePromise('too-large');
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (!settled) resolvePromise(Buffer.concat(chunks));
    });
    request.on('error', reject);
  });
}

/** Operation names are plain ASCII; a malformed escape is an unknown operation, not a server error. */
function decodeOperation(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
