import type { Dispatcher } from 'undici';
import { systemClock, type Clock } from './clock';
import { describeTransport, errorText, HttpFailure, originOf, transportKind, formatSeconds } from './errors';
import { Limiter } from './limiter';
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter, TRANSIENT_STATUSES, type RetryPolicy } from './retry';
import { agentSettings, createAgent, type AgentSettings, type TlsOptions } from './tls';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  readonly method: HttpMethod;
  /** Appended to the base URL's path ("/api/2.0/mlflow/runs/search"). */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  /** Sent as JSON with `Content-Type: application/json` (MLflow rejects anything else). */
  readonly json?: unknown;
  readonly signal?: AbortSignal;
  /** Overrides the policy's retry count (a connection test answers fast rather than persist). */
  readonly retries?: number;
}

export interface HttpResponse {
  readonly status: number;
  readonly contentType: string | null;
  readonly text: string;
  /** The server's `Date` header in ms: the server's clock, which incremental syncs count from. */
  readonly date: number | null;
  readonly retryAfterMs: number | null;
  readonly url: string;
  readonly method: HttpMethod;
  readonly attempts: number;
}

export interface HttpClientOptions {
  readonly baseUrl: string;
  /** Sent with every request (authorization). Never logged or put into messages. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly tls?: TlsOptions;
  /** Per attempt, from sending to the last byte of the body. */
  readonly timeoutMs?: number;
  /** Requests in flight at once to this server. */
  readonly concurrency?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly clock?: Clock;
  /** Largest response body accepted; a bigger one is reported, not buffered. */
  readonly maxBodyBytes?: number;
  readonly userAgent?: string;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BODY = 256 * 1024 * 1024;

/** Marks our own per-attempt timer as the abort reason, to tell it from a caller's cancel. */
class AttemptTimeout extends Error {}

/**
 * JSON-over-HTTP client for one backend: bounded concurrency, a timeout per attempt,
 * retries with exponential backoff and jitter on transient statuses and network errors
 * (honouring `Retry-After`), cancellation through AbortSignal, and failures classified into
 * HttpFailure. Everything time-related goes through the injected clock.
 */
export class HttpClient {
  readonly baseUrl: URL;
  private readonly agent: AgentSettings;
  private dispatcher: Promise<Dispatcher & { close(): Promise<void> }> | null = null;
  private readonly limiter: Limiter;
  private readonly policy: RetryPolicy;
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private readonly maxBodyBytes: number;
  private readonly headers: Record<string, string>;

  constructor(options: HttpClientOptions) {
    this.baseUrl = new URL(options.baseUrl);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const concurrency = options.concurrency ?? 4;
    this.limiter = new Limiter(concurrency);
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.clock = options.clock ?? systemClock;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
    this.headers = { accept: 'application/json', 'user-agent': options.userAgent ?? 'quorum', ...options.headers };
    this.agent = agentSettings({ tls: options.tls ?? {}, connections: concurrency, timeoutMs: this.timeoutMs });
  }

  /**
   * Sends the request, retrying transient failures. Resolves with the last answer whatever
   * its status (callers classify it with their backend's error shape); rejects with an
   * HttpFailure when no answer came at all, or when the caller cancelled.
   */
  async send(req: HttpRequest): Promise<HttpResponse> {
    const url = this.urlFor(req);
    for (let attempt = 1; ; attempt++) {
      throwIfCancelled(req.signal, req.method, url);
      let response: HttpResponse | null = null;
      let failure: HttpFailure | null = null;
      let retryable: boolean;
      try {
        response = await this.limiter.run(() => this.attempt(req, url, attempt), req.signal);
        retryable = TRANSIENT_STATUSES.has(response.status);
      } catch (error) {
        if (error instanceof HttpFailure && error.kind === 'cancelled') throw error;
        if (req.signal?.aborted) throw cancelled(req.method, url);
        const classified = this.classifyTransport(error, req.method, url, attempt);
        failure = classified.failure;
        retryable = classified.retryable;
      }
      const retriesLeft = attempt <= (req.retries ?? this.policy.maxRetries);
      if (!retryable || !retriesLeft) {
        if (response) return response;
        throw withAttempts(failure as HttpFailure, attempt);
      }
      let delay = backoffDelay(attempt - 1, this.policy, () => this.clock.random());
      if (response && response.retryAfterMs !== null) {
        // The server said when; asking for longer than we are willing to wait ends the retries.
        if (response.retryAfterMs > this.policy.maxRetryAfterMs) return response;
        delay = response.retryAfterMs;
      }
      try {
        await this.clock.sleep(delay, req.signal);
      } catch {
        throw cancelled(req.method, url);
      }
    }
  }

  async close(): Promise<void> {
    if (this.dispatcher) await (await this.dispatcher).close();
  }

  private urlFor(req: HttpRequest): string {
    const url = new URL(this.baseUrl.toString());
    // Keep a base path prefix (https://host/mlflow) and append the endpoint path to it.
    url.pathname = `${url.pathname.replace(/\/+$/, '')}${req.path}`;
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  private async attempt(req: HttpRequest, url: string, attempt: number): Promise<HttpResponse> {
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(new AttemptTimeout()), this.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timer.signal]) : timer.signal;
    try {
      const headers: Record<string, string> = { ...this.headers };
      let body: string | undefined;
      if (req.json !== undefined) {
        body = JSON.stringify(req.json);
        headers['content-type'] = 'application/json';
      }
      this.dispatcher ??= createAgent(this.agent);
      const [{ request }, dispatcher] = await Promise.all([import('undici'), this.dispatcher]);
      const res = await request(url, { method: req.method, headers, body, signal, dispatcher });
      const text = await this.readBody(res.body, url, req.method);
      const contentType = headerValue(res.headers['content-type']);
      const dateHeader = headerValue(res.headers['date']);
      const date = dateHeader ? Date.parse(dateHeader) : NaN;
      return {
        status: res.statusCode,
        contentType,
        text,
        date: Number.isNaN(date) ? null : date,
        retryAfterMs: parseRetryAfter(headerValue(res.headers['retry-after']) ?? undefined, this.clock.now()),
        url,
        method: req.method,
        attempts: attempt,
      };
    } catch (error) {
      if (timer.signal.aborted && !req.signal?.aborted) throw new AttemptTimeout();
      throw error;
    } finally {
      clearTimeout(timeout);
    }
  }

  private async readBody(body: AsyncIterable<Buffer> & { destroy?(): void }, url: string, method: HttpMethod): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += chunk.length;
      if (size > this.maxBodyBytes) {
        body.destroy?.();
        throw new HttpFailure(
          'malformed',
          `The answer to ${method} ${pathOf(url)} from ${originOf(url)} is larger than ${Math.round(this.maxBodyBytes / 1024 / 1024)} MB; refusing to read it.`,
          { url, method },
        );
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, size).toString('utf8');
  }

  private classifyTransport(
    error: unknown,
    method: HttpMethod,
    url: string,
    attempt: number,
  ): { failure: HttpFailure; retryable: boolean } {
    if (error instanceof HttpFailure) return { failure: error, retryable: false };
    if (error instanceof AttemptTimeout) {
      return {
        failure: new HttpFailure('timeout', describeTransport('timeout', 'TIMEOUT', url, this.timeoutMs, ''), {
          url,
          method,
          attempts: attempt,
          cause: `no complete answer within ${formatSeconds(this.timeoutMs)}`,
        }),
        retryable: true,
      };
    }
    const { kind, code, retryable } = transportKind(error);
    const cause = errorText(error);
    return {
      failure: new HttpFailure(kind, describeTransport(kind, code, url, this.timeoutMs, cause), {
        url,
        method,
        attempts: attempt,
        cause: code,
      }),
      retryable,
    };
  }
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function cancelled(method: HttpMethod, url: string): HttpFailure {
  return new HttpFailure('cancelled', `Cancelled while waiting for ${method} ${pathOf(url)}.`, { url, method });
}

function throwIfCancelled(signal: AbortSignal | undefined, method: HttpMethod, url: string): void {
  if (signal?.aborted) throw cancelled(method, url);
}

function withAttempts(failure: HttpFailure, attempts: number): HttpFailure {
  if (attempts <= 1) return failure;
  return new HttpFailure(failure.kind, `${failure.message} (after ${attempts} attempts)`, { ...failure.details, attempts });
}
