import type { z } from 'zod';
import { pathOf, type HttpResponse } from './client';
import { formatSeconds, HttpFailure, originOf } from './errors';

/** A backend's own error answer, e.g. MLflow's `{"error_code": "...", "message": "..."}`. */
export interface BackendError {
  readonly code: string;
  readonly message: string;
}

export type ErrorBodyReader = (body: unknown) => BackendError | null;

/**
 * Turns an answer into the value `schema` describes, or an HttpFailure that says which of
 * these went wrong: credentials (401), permission (403), an endpoint this server lacks (404
 * without the backend's JSON error), a missing resource (404 with it), rate limit (429),
 * server error (5xx), another refusal (4xx, with the server's message), a body that is not
 * JSON, or JSON that does not have the expected shape (naming the field).
 */
export function expectJson<S extends z.ZodType>(response: HttpResponse, schema: S, readError: ErrorBodyReader): z.output<S> {
  if (response.status < 200 || response.status >= 300) throw statusFailure(response, readError);
  const where = `${response.method} ${pathOf(response.url)}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.text);
  } catch (error) {
    throw new HttpFailure(
      'malformed',
      `${originOf(response.url)} answered ${where} with malformed JSON (${(error as Error).message}; ${response.text.length} bytes received). The page was not used.`,
      { url: response.url, method: response.method, status: response.status },
    );
  }
  const checked = schema.safeParse(parsed);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(the whole answer)';
    throw new HttpFailure(
      'schema',
      `${originOf(response.url)} answered ${where} with an unexpected shape: field "${field}" — ${issue?.message ?? 'rejected'}. Is this an MLflow-compatible server of a supported version?`,
      { url: response.url, method: response.method, status: response.status },
    );
  }
  return checked.data;
}

/** The classified failure for a non-2xx answer. */
export function statusFailure(response: HttpResponse, readError: ErrorBodyReader): HttpFailure {
  const backend = readBackendError(response, readError);
  const where = `${response.method} ${pathOf(response.url)}`;
  const origin = originOf(response.url);
  const server = backend ? `: ${backend.code} — ${shorten(backend.message)}` : '';
  const details = {
    url: response.url,
    method: response.method,
    status: response.status,
    attempts: response.attempts,
    ...(backend ? { errorCode: backend.code } : {}),
  };
  const retried = response.attempts > 1 ? ` after ${response.attempts} attempts` : '';
  const status = response.status;
  if (status === 401) {
    return new HttpFailure(
      'auth',
      `${origin} rejected the credentials (401 Unauthorized) for ${where}. Check the token or user name and password the connection uses.`,
      details,
    );
  }
  if (status === 403) {
    return new HttpFailure(
      'forbidden',
      `${origin} refused ${where} (403 Forbidden): the credentials are valid but lack permission${server}.`,
      details,
    );
  }
  if (status === 404 && !backend) {
    return new HttpFailure(
      'endpoint-missing',
      `${origin} has no endpoint ${pathOf(response.url)} (404 Not Found). It may be an older MLflow that lacks this API, or the URL's path is wrong.`,
      details,
    );
  }
  if (status === 404) return new HttpFailure('not-found', `${origin} answered ${where} with 404${server}.`, details);
  if (status === 429) {
    const wait = response.retryAfterMs !== null ? ` It asks to wait ${formatSeconds(response.retryAfterMs)}.` : '';
    return new HttpFailure('rate-limited', `${origin} is rate-limiting requests (429 Too Many Requests)${retried}.${wait}`, details);
  }
  if (status >= 500) {
    return new HttpFailure('server', `${origin} failed with ${status} on ${where}${retried}${server}.`, details);
  }
  return new HttpFailure('bad-request', `${origin} refused ${where} with ${status}${server || ` (${describeBody(response)})`}.`, details);
}

function readBackendError(response: HttpResponse, readError: ErrorBodyReader): BackendError | null {
  // Error pages may be HTML (a proxy, or Flask's 404): only JSON bodies are read.
  if (!response.contentType?.includes('json')) return null;
  try {
    return readError(JSON.parse(response.text));
  } catch {
    return null;
  }
}

function describeBody(response: HttpResponse): string {
  return response.contentType ? `a ${response.contentType.split(';')[0]} answer` : 'an answer without content type';
}

function shorten(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
