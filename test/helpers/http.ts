import { request, type Agent, type IncomingHttpHeaders } from 'node:http';

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface HttpRequest {
  port: number;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  /** Sent in one piece with a Content-Length. */
  body?: string | Buffer;
  /** Sent chunk by chunk with Transfer-Encoding: chunked (no Content-Length). */
  chunks?: Buffer[];
  agent?: Agent;
}

/**
 * A raw HTTP/1.1 request with node:http, so tests can send what browsers will not: any Host,
 * any Origin, un-normalized paths, chunked bodies.
 */
export function http(options: HttpRequest): Promise<HttpResult> {
  return new Promise((resolveResult, reject) => {
    const headers: Record<string, string> = { host: `127.0.0.1:${options.port}`, ...options.headers };
    if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
    const req = request(
      {
        host: '127.0.0.1',
        port: options.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers,
        agent: options.agent ?? false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolveResult({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.chunks) {
      for (const chunk of options.chunks) req.write(chunk);
      req.end();
    } else {
      req.end(options.body);
    }
  });
}

/** POST /rpc/<operation> with a JSON body. */
export function rpc(port: number, operation: string, input: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
  return http({
    port,
    method: 'POST',
    path: `/rpc/${operation}`,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });
}

export interface Envelope {
  ok: boolean;
  data?: unknown;
  error?: { code: string; message: string; details?: Record<string, unknown> };
}

export function envelopeOf(result: HttpResult): Envelope {
  expectJson(result);
  return JSON.parse(result.body) as Envelope;
}

function expectJson(result: HttpResult): void {
  if (!String(result.headers['content-type']).startsWith('application/json')) {
    throw new Error(`expected a JSON envelope, got ${String(result.headers['content-type'])}: ${result.body.slice(0, 200)}`);
  }
}
