/**
 * When to try a request again, and how long to wait. The policy follows MLflow's own client
 * (mlflow/utils/request_utils.py): transient statuses 408, 429, 500, 502, 503, 504 and
 * network errors are retried with exponential backoff; a `Retry-After` header wins over the
 * computed delay, as MLflow's MLFLOW_HTTP_RESPECT_RETRY_AFTER_HEADER does by default.
 */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

export interface RetryPolicy {
  /** Retries after the first attempt (MLflow's default is 7; a sync has more requests to make, so fewer). */
  readonly maxRetries: number;
  /** First backoff; doubles each retry. */
  readonly baseDelayMs: number;
  /** No single wait is longer than this. */
  readonly maxDelayMs: number;
  /** A server asking for a longer pause than this is treated as "not now" rather than waited on. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 4, baseDelayMs: 500, maxDelayMs: 20_000, maxRetryAfterMs: 120_000 };

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so retries
 * from many clients spread out but never hammer the server back to back.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(step / 2 + random() * (step / 2));
}

/**
 * `Retry-After` as delay in ms: either delta-seconds or an HTTP date (RFC 9110 §10.2.3),
 * relative to `now`. Null when absent or unreadable, so the computed backoff applies.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}
