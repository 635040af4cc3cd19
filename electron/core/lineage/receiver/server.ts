import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ErrorCode } from '@shared/contract';
import type { ValidationIssue } from '@shared/domain/lineage';
import type { Core } from '../../create-core';
import { sha256 } from '../canonical';
import { lineageContext } from '../context';
import { discard, readBody } from './body';
import { LineageWriter, type Submission, type WriterStats } from './writer';

export const RECEIVER_PATH = '/api/v1/lineage';

export interface ReceiverOptions {
  core: Pick<Core, 'services'>;
  /** Required: the OpenLineage clients send it as `Authorization: Bearer <key>`. */
  apiKey: string;
  /** Loopback unless a host says otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Largest body accepted, after decompression. */
  maxBodyBytes?: number;
  /** Largest JSON array accepted as one batch; must fit in the queue. */
  maxEventsPerRequest?: number;
  /** Events waiting to be written before new requests get 503. */
  maxPendingEvents?: number;
  maxBatchEvents?: number;
  retryAfterSeconds?: number;
  /** Slows every write down; lets tests fill the queue. */
  writeDelayMs?: number;
}

export interface LineageReceiver {
  /** Base URL to give pipelines as OPENLINEAGE_URL. */
  readonly url: string;
  readonly endpoint: string;
  readonly host: string;
  readonly port: number;
  stats(): ReceiverStats;
  /** Stops accepting, writes everything already accepted, then closes. */
  close(): Promise<void>;
  /**
   * Stops at once, for a host closing the database in the same tick: stops listening, writes
   * what is already queued synchronously, answers later requests 503 (retry), drops idle sockets.
   */
  closeNow(): void;
  /** Swaps the API key without dropping the port: the old key is refused from the next request on. */
  setApiKey(apiKey: string): void;
}

export interface ReceiverStats extends WriterStats {
  requests: number;
  /** Answers by HTTP status. */
  responses: Record<string, number>;
  /** Events by outcome: stored, already stored (re-sent), refused with reasons (kept in the rejected list). */
  events: { accepted: number; duplicates: number; rejected: number };
  /** When an event was last stored. */
  lastEventAt: number | null;
}

export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;
export const DEFAULT_MAX_PENDING_EVENTS = 10_000;

/** A new API key for a receiver, when the user gave none. */
export function generateApiKey(): string {
  return `qlk_${randomBytes(24).toString('base64url')}`;
}

/**
 * The OpenLineage receiver: `POST /api/v1/lineage` as Marquez answers it (one event, 201), plus
 * a JSON array as a batch. It differs from Marquez on purpose: it requires the API key, caps the
 * body (413), and under a flood answers 503 with Retry-After instead of queueing without bound.
 * It is its own server on its own port, not the browser-mode server: pipelines get a key for
 * lineage only, never the token that opens the workspace.
 */
export async function startLineageReceiver(options: ReceiverOptions): Promise<LineageReceiver> {
  assertApiKey(options.apiKey);
  const host = options.host ?? '127.0.0.1';
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxPending = options.maxPendingEvents ?? DEFAULT_MAX_PENDING_EVENTS;
  const maxPerRequest = Math.min(options.maxEventsPerRequest ?? 1_000, maxPending);
  const retryAfter = String(Math.max(1, Math.round(options.retryAfterSeconds ?? 1)));
  const ctx = lineageContext(options.core.services);
  const writer = new LineageWriter(ctx, {
    maxPending,
    maxBatch: options.maxBatchEvents ?? 500,
    ...(options.writeDelayMs ? { delayMs: options.writeDelayMs } : {}),
  });
  let keyDigest = digest(options.apiKey);
  const counters = {
    requests: 0,
    responses: {} as Record<string, number>,
    events: { accepted: 0, duplicates: 0, rejected: 0 },
    lastEventAt: null as number | null,
  };
  let closing = false;

  const server: Server = createServer((request, response) => {
    counters.requests++;
    handle(request, response).catch((error: unknown) => {
      process.stderr.write(`quorum lineage receiver: ${error instanceof Error ? error.message : String(error)}\n`);
      if (!response.headersSent)
        send(response, 500, fail('internal', 'The receiver failed to store this request; nothing from it was accepted. Retry it.'));
      else response.destroy();
    });
  });
  // A client that trickles its body would hold a slot forever otherwise.
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://receiver.invalid');
    if (url.pathname.replace(/\/+$/, '') !== RECEIVER_PATH) {
      discard(request);
      return send(response, 404, fail('not_found', `Nothing here. Send OpenLineage events to POST ${RECEIVER_PATH}.`));
    }
    if (request.method !== 'POST') {
      discard(request);
      return send(response, 405, fail('invalid_input', `Send OpenLineage events with POST ${RECEIVER_PATH}.`), { allow: 'POST' });
    }
    // Authenticate before reading a byte of the body: strangers cannot fill the rejected list.
    if (!authorised(request.headers.authorization, keyDigest)) {
      discard(request);
      return send(
        response,
        401,
        fail(
          'unauthorized',
          'Missing or wrong API key. Send Authorization: Bearer <key> (OPENLINEAGE_API_KEY in the OpenLineage clients).',
        ),
        {
          'www-authenticate': 'Bearer realm="quorum-lineage"',
        },
      );
    }
    if (closing || writer.isFull) {
      discard(request);
      return busy(response);
    }
    const body = await readBody(request, maxBody);
    if (body.kind === 'too-large') {
      return send(
        response,
        413,
        fail('payload_too_large', `The body is larger than ${maxBody} bytes. Send fewer events per request.`, { limit: maxBody }),
        {
          connection: 'close',
        },
      );
    }
    if (body.kind === 'unsupported-encoding')
      return send(response, 415, fail('invalid_input', `Content-Encoding "${body.encoding}" is not supported; use gzip or none.`));
    if (body.kind === 'bad-encoding') return send(response, 400, fail('invalid_input', `The body could not be read: ${body.message}.`));

    const origin = {
      source: 'receiver' as const,
      ref: `${request.socket.remoteAddress ?? '?'} ${String(request.headers['user-agent'] ?? '').slice(0, 120)}`.trim(),
    };
    const receivedAt = ctx.services.now();
    const text = body.body.toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      const reasons = [
        { code: 'not_json', path: '', message: `The body is not JSON: ${error instanceof Error ? error.message : String(error)}` },
      ];
      const recorded = await record(response, {
        events: [],
        rejected: [{ index: 0, hash: sha256(text), raw: text, reasons }],
        origin,
        receivedAt,
      });
      if (!recorded) return;
      counters.events.rejected++;
      return send(
        response,
        400,
        fail('invalid_input', reasons[0]?.message ?? 'The body is not JSON.', { rejected: [{ index: 0, reasons }] }),
      );
    }
    const items = Array.isArray(parsed) ? parsed : [parsed];
    if (items.length === 0) return send(response, 400, fail('invalid_input', 'The batch is an empty array; send at least one event.'));
    if (items.length > maxPerRequest) {
      return send(
        response,
        413,
        fail('payload_too_large', `The batch holds ${items.length} events; send at most ${maxPerRequest} per request.`, {
          limit: maxPerRequest,
        }),
      );
    }

    const submission: Submission = { events: [], rejected: [], origin, receivedAt };
    items.forEach((item, index) => {
      const outcome = ctx.ingestor.validate(item);
      // A single event is kept byte for byte as it came; a batch member as its JSON.
      if (outcome.ok)
        submission.events.push({
          index,
          event: items.length === 1 && !Array.isArray(parsed) ? { ...outcome.event, rawText: text } : outcome.event,
        });
      else submission.rejected.push({ index, hash: outcome.hash, raw: item, reasons: outcome.reasons });
    });
    if (submission.rejected.length > 0) {
      // A batch is all or nothing: the invalid events are recorded as rejected, the valid ones
      // are not stored, and the client is told which to fix. Re-sending is safe (idempotent).
      const recorded = await record(response, { ...submission, events: [] });
      if (!recorded) return;
      counters.events.rejected += submission.rejected.length;
      const rejected = submission.rejected.map(({ index, reasons }) => ({ index, reasons }));
      return send(response, 400, fail('invalid_input', rejectionMessage(rejected, items.length), { rejected, accepted: 0 }));
    }
    const pending = writer.trySubmit(submission);
    if (!pending) return busy(response);
    const result = await pending;
    counters.events.accepted += result.accepted;
    counters.events.duplicates += result.duplicates;
    counters.events.rejected += result.rejected.length;
    if (result.accepted > 0) counters.lastEventAt = ctx.services.now();
    if (result.rejected.length > 0) {
      return send(
        response,
        400,
        fail('invalid_input', rejectionMessage(result.rejected, items.length), {
          rejected: result.rejected,
          accepted: result.accepted,
          duplicates: result.duplicates,
        }),
      );
    }
    return send(response, 201, { ok: true, data: { accepted: result.accepted, duplicates: result.duplicates, warnings: result.warnings } });
  }

  /** Writes rejections through the same queue; answers 503 itself when there is no room. */
  async function record(response: ServerResponse, submission: Submission): Promise<boolean> {
    const pending = writer.trySubmit(submission);
    if (!pending) {
      busy(response);
      return false;
    }
    await pending;
    return true;
  }

  function busy(response: ServerResponse): void {
    send(
      response,
      503,
      fail(
        'unavailable',
        `Quorum is writing a backlog of lineage events; nothing from this request was stored. Retry after ${retryAfter} s.`,
      ),
      {
        'retry-after': retryAfter,
      },
    );
  }

  function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    counters.responses[status] = (counters.responses[status] ?? 0) + 1;
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
    response.end(JSON.stringify(body));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const displayHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${displayHost}:${port}`;
  return {
    url,
    endpoint: `${url}${RECEIVER_PATH}`,
    host,
    port,
    stats: () => ({
      ...writer.snapshot(),
      requests: counters.requests,
      responses: { ...counters.responses },
      events: { ...counters.events },
      lastEventAt: counters.lastEventAt,
    }),
    close: async () => {
      closing = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await writer.drained();
    },
    setApiKey: (apiKey) => {
      assertApiKey(apiKey);
      keyDigest = digest(apiKey);
    },
    closeNow: () => {
      closing = true;
      server.close();
      writer.closeAndFlush();
      server.closeIdleConnections();
    },
  };
}

function assertApiKey(apiKey: string): void {
  if (apiKey.trim().length < 16) throw new Error('The lineage receiver needs an API key of at least 16 characters.');
}

function authorised(header: string | undefined, keyDigest: Buffer): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header?.trim() ?? '');
  if (!match?.[1]) return false;
  // Comparing digests keeps the comparison constant-time whatever the presented length.
  return timingSafeEqual(digest(match[1].trim()), keyDigest);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function fail(
  code: ErrorCode,
  message: string,
  details?: Record<string, unknown>,
): { ok: false; error: { code: ErrorCode; message: string; details?: Record<string, unknown> } } {
  return { ok: false, error: details ? { code, message, details } : { code, message } };
}

function rejectionMessage(rejected: { index: number; reasons: ValidationIssue[] }[], total: number): string {
  const first = rejected[0];
  const reason = first?.reasons[0]?.message ?? 'rejected';
  if (total === 1) return `Event rejected: ${reason}`;
  return `${rejected.length} of ${total} events rejected; the first, #${first?.index ?? 0}: ${reason}`;
}
