import type { z } from 'zod';
import type { PromAlert, PromResult } from '@shared/domain/monitoring';
import { HttpClient, pathOf, type HttpClientOptions, type HttpResponse } from '../../connectors/http/client';
import { HttpFailure, isHttpFailure, originOf } from '../../connectors/http/errors';
import { statusFailure } from '../../connectors/http/json';
import {
  alertsDataSchema,
  buildInfoSchema,
  envelopeSchema,
  errorEnvelopeSchema,
  queryDataSchema,
  seriesDataSchema,
  stringListSchema,
  toAlerts,
  toResult,
  type BuildInfo,
} from './wire';

export const PROMETHEUS_API = '/api/v1';

/** What Prometheus sent beside the data: kept so a person sees why a result may be incomplete. */
export interface Answer<T> {
  readonly data: T;
  readonly warnings: string[];
  readonly infos: string[];
}

/**
 * Prometheus refused a request with its own error envelope: a query that does not parse
 * (`bad_data`, 400), cannot be executed (`execution`, 422), timed out or was cancelled
 * (503). `prometheusError` is Prometheus's message, verbatim — the person who wrote the
 * PromQL needs exactly that text to fix it.
 */
export class PrometheusApiError extends HttpFailure {
  constructor(
    readonly errorType: string,
    readonly prometheusError: string,
    readonly status: number,
    readonly url: string,
    readonly warnings: string[],
  ) {
    super(
      status >= 500 ? 'server' : 'bad-request',
      `Prometheus at ${originOf(url)} answered ${pathOf(url)} with ${status} ${errorType}: ${prometheusError}`,
      { url, method: 'GET', status, errorCode: errorType },
    );
    this.name = 'PrometheusApiError';
  }

  /** The query was at fault (parse or execution error), not the server. */
  get isQueryError(): boolean {
    return this.errorType === 'bad_data' || this.errorType === 'execution';
  }
}

export function isPrometheusApiError(value: unknown): value is PrometheusApiError {
  return value instanceof PrometheusApiError;
}

export interface PrometheusCredentials {
  readonly token?: string | null;
  readonly username?: string | null;
  readonly password?: string | null;
}

export interface PrometheusClientOptions extends Omit<HttpClientOptions, 'headers'> {
  readonly credentials?: PrometheusCredentials;
}

/** Basic when a user name and password are set (Prometheus' own `basic_auth_users`), else Bearer (a proxy's token). */
export function prometheusAuthorization(credentials: PrometheusCredentials): string | null {
  if (credentials.username && credentials.password) {
    return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}`;
  }
  if (credentials.token) return `Bearer ${credentials.token}`;
  return null;
}

/** Seconds with millisecond precision, the form Prometheus accepts for `time`, `start`, `end`. */
export function promTime(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/**
 * The Prometheus HTTP API endpoints Quorum uses, over the shared HttpClient (timeouts,
 * retries with backoff and jitter honouring Retry-After, cancellation, classified
 * failures). Every method rejects with an HttpFailure; Prometheus's own error answers come
 * out as PrometheusApiError with its message verbatim.
 */
export class PrometheusClient {
  private readonly http: HttpClient;

  constructor(options: PrometheusClientOptions) {
    const authorization = prometheusAuthorization(options.credentials ?? {});
    this.http = new HttpClient({
      ...options,
      userAgent: options.userAgent ?? 'quorum-prometheus-connector',
      ...(authorization ? { headers: { authorization } } : {}),
    });
  }

  get origin(): string {
    return originOf(this.http.baseUrl.toString());
  }

  async query(
    promql: string,
    at: number,
    signal: AbortSignal,
    options: { timeout?: string; retries?: number } = {},
  ): Promise<Answer<PromResult>> {
    const answer = await this.get(
      '/query',
      { query: promql, time: promTime(at), timeout: options.timeout },
      queryDataSchema,
      signal,
      options.retries,
    );
    return { ...answer, data: toResult(answer.data) };
  }

  async queryRange(
    promql: string,
    range: { start: number; end: number; stepSeconds: number },
    signal: AbortSignal,
    options: { timeout?: string } = {},
  ): Promise<Answer<PromResult>> {
    const answer = await this.get(
      '/query_range',
      { query: promql, start: promTime(range.start), end: promTime(range.end), step: String(range.stepSeconds), timeout: options.timeout },
      queryDataSchema,
      signal,
    );
    return { ...answer, data: toResult(answer.data) };
  }

  series(match: string, range: { start?: number; end?: number }, signal: AbortSignal): Promise<Answer<Record<string, string>[]>> {
    return this.get('/series', { 'match[]': match, ...timeRange(range) }, seriesDataSchema, signal);
  }

  labels(signal: AbortSignal, options: { match?: string; start?: number; end?: number } = {}): Promise<Answer<string[]>> {
    return this.get('/labels', { 'match[]': options.match, ...timeRange(options) }, stringListSchema, signal);
  }

  labelValues(
    label: string,
    signal: AbortSignal,
    options: { match?: string; start?: number; end?: number } = {},
  ): Promise<Answer<string[]>> {
    return this.get(
      `/label/${encodeURIComponent(label)}/values`,
      { 'match[]': options.match, ...timeRange(options) },
      stringListSchema,
      signal,
    );
  }

  async alerts(signal: AbortSignal): Promise<Answer<PromAlert[]>> {
    const answer = await this.get('/alerts', {}, alertsDataSchema, signal);
    return { ...answer, data: toAlerts(answer.data) };
  }

  buildInfo(signal: AbortSignal, retries?: number): Promise<Answer<BuildInfo>> {
    return this.get('/status/buildinfo', {}, buildInfoSchema, signal, retries);
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  private async get<S extends z.ZodType>(
    path: string,
    query: Record<string, string | undefined>,
    schema: S,
    signal: AbortSignal,
    retries?: number,
  ): Promise<Answer<z.output<S>>> {
    let response: HttpResponse;
    try {
      response = await this.http.send({
        method: 'GET',
        path: `${PROMETHEUS_API}${path}`,
        query,
        signal,
        ...(retries !== undefined ? { retries } : {}),
      });
    } catch (error) {
      throw prometheusWording(error);
    }
    return readAnswer(response, schema);
  }
}

function timeRange(range: { start?: number | undefined; end?: number | undefined }): Record<string, string | undefined> {
  return {
    start: range.start !== undefined ? promTime(range.start) : undefined,
    end: range.end !== undefined ? promTime(range.end) : undefined,
  };
}

/**
 * An answer as data, or the failure it stands for. Prometheus's JSON error envelope wins
 * over the status (it carries the reason); a non-JSON error page (a proxy's 401, a 404 from
 * a URL that is not Prometheus) is classified by status.
 */
export function readAnswer<S extends z.ZodType>(response: HttpResponse, schema: S): Answer<z.output<S>> {
  const where = `${response.method} ${pathOf(response.url)}`;
  let body: unknown;
  let parsedOk = true;
  try {
    body = JSON.parse(response.text);
  } catch {
    parsedOk = false;
  }
  if (parsedOk) {
    const error = errorEnvelopeSchema.safeParse(body);
    if (error.success) {
      throw new PrometheusApiError(error.data.errorType, error.data.error, response.status, response.url, error.data.warnings ?? []);
    }
  }
  if (response.status < 200 || response.status >= 300) {
    if (response.status === 404) {
      throw new HttpFailure(
        'endpoint-missing',
        `${originOf(response.url)} has no endpoint ${pathOf(response.url)} (404 Not Found). Is this the Prometheus server's URL (without /api/v1), and is it Prometheus 2.14 or newer?`,
        { url: response.url, method: response.method, status: 404 },
      );
    }
    throw statusFailure(response, () => null);
  }
  if (!parsedOk) {
    throw new HttpFailure(
      'malformed',
      `${originOf(response.url)} answered ${where} with something that is not JSON (${response.text.length} bytes). Is this a Prometheus server?`,
      {
        url: response.url,
        method: response.method,
        status: response.status,
      },
    );
  }
  const checked = envelopeSchema(schema).safeParse(body);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(the whole answer)';
    throw new HttpFailure(
      'schema',
      `${originOf(response.url)} answered ${where} with an unexpected shape: field "${field}" — ${issue?.message ?? 'rejected'}. Is this a Prometheus-compatible API?`,
      { url: response.url, method: response.method, status: response.status },
    );
  }
  const envelope = checked.data as { data: z.output<S>; warnings?: string[]; infos?: string[] };
  return { data: envelope.data, warnings: envelope.warnings ?? [], infos: envelope.infos ?? [] };
}

/** The shared client's transport messages name MLflow; say Prometheus instead where it matters. */
function prometheusWording(error: unknown): unknown {
  if (!isHttpFailure(error) || error.kind !== 'refused') return error;
  const origin = error.details.url ? originOf(error.details.url) : 'the server';
  const attempts = error.details.attempts && error.details.attempts > 1 ? ` (after ${error.details.attempts} attempts)` : '';
  return new HttpFailure(
    'refused',
    `Connection refused by ${origin}: nothing is listening there. Is Prometheus running, and is the port right?${attempts}`,
    error.details,
  );
}
