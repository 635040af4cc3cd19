import type { BackendProblem } from '@shared/domain/registry';

export type HttpProblemKind = BackendProblem['kind'];

/**
 * A request to a backend that failed, classified so a person can act on it: the kind says
 * what went wrong (DNS, refused, TLS, timeout, auth, missing endpoint, rate limit, server
 * error, malformed answer, unexpected shape), the message says it in words that name the
 * server and, where it helps, what to try. Never carries credentials or response bodies
 * beyond the server's own short error message.
 */
export class HttpFailure extends Error {
  constructor(
    readonly kind: HttpProblemKind,
    message: string,
    readonly details: {
      readonly url?: string;
      readonly method?: string;
      readonly status?: number;
      /** The backend's own error code (MLflow: `error_code`), when it sent one. */
      readonly errorCode?: string;
      readonly attempts?: number;
      readonly cause?: string;
    } = {},
  ) {
    super(message);
    this.name = 'HttpFailure';
  }

  toProblem(): BackendProblem {
    return { kind: this.kind, message: this.message };
  }
}

export function isHttpFailure(value: unknown): value is HttpFailure {
  return value instanceof HttpFailure;
}

/**
 * Failures that affect every request to the server, so a sync stops instead of trying each
 * part: it could not be reached or would not let us in, or it is too slow or asks us to back
 * off (going on would only hammer it). A 5xx, a malformed or unexpected page, or a missing
 * endpoint concern one part; the other parts are still worth fetching.
 */
export const CONNECTION_LEVEL_KINDS: ReadonlySet<HttpProblemKind> = new Set([
  'dns',
  'refused',
  'tls',
  'timeout',
  'rate-limited',
  'auth',
  'forbidden',
  'credentials',
  'config',
  'cancelled',
]);

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME|ALTNAME|EPROTO/;

/** Maps a transport error (undici / Node net / tls) to a kind, without the message yet. */
export function transportKind(error: unknown): { kind: HttpProblemKind; code: string; retryable: boolean } {
  const code = errorCode(error);
  if (code === 'ENOTFOUND' || code === 'EAI_NONAME' || code === 'EAI_FAIL' || code === 'EAI_NODATA') {
    return { kind: 'dns', code, retryable: false };
  }
  // A resolver that could not answer right now is worth another try.
  if (code === 'EAI_AGAIN') return { kind: 'dns', code, retryable: true };
  if (code === 'ECONNREFUSED') return { kind: 'refused', code, retryable: true };
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'ETIMEDOUT') {
    return { kind: 'timeout', code, retryable: true };
  }
  if (TLS_CODES.test(code)) return { kind: 'tls', code, retryable: false };
  return { kind: 'network', code: code || 'UNKNOWN', retryable: true };
}

export function errorCode(error: unknown): string {
  let current: unknown = error;
  // undici wraps some socket errors; the useful code may sit on the cause.
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return '';
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** "https://mlflow.example:8443" — where a message points, without path, query or credentials. */
export function originOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return url;
  }
}

export function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

/** Human words for a transport failure (no HTTP answer at all). */
export function describeTransport(kind: HttpProblemKind, code: string, url: string, timeoutMs: number, cause: string): string {
  const origin = originOf(url);
  switch (kind) {
    case 'dns':
      return `Cannot resolve the host "${hostOf(url)}" (DNS lookup failed: ${code}). Check the URL's host name.`;
    case 'refused':
      return `Connection refused by ${origin}: nothing is listening there. Is the MLflow server running, and is the port right?`;
    case 'timeout':
      return `No answer from ${origin} within ${formatSeconds(timeoutMs)} (timeout). The server is slow or unreachable.`;
    case 'tls':
      return `TLS error talking to ${origin}: ${cause} (${code}). If the server uses a private CA, point the connection at its CA bundle (--ca FILE); skipping verification (--insecure) is a last resort.`;
    default:
      return `The connection to ${origin} failed: ${cause}${code && !cause.includes(code) ? ` (${code})` : ''}.`;
  }
}

export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
