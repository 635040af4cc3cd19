import { QueryClient } from '@tanstack/react-query';
import type { ErrorCode } from '@shared/contract';
import { isQuorumCallError } from '../platform/call';

/** Errors a second try can cure; a missing model or a bad input will not appear by retrying. */
const TRANSIENT: ReadonlySet<ErrorCode> = new Set(['unavailable', 'backend', 'storage']);

export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  return isQuorumCallError(error) ? TRANSIENT.has(error.code) : false;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Push events say when data changes, so cached answers stay valid until then.
        staleTime: 5 * 60_000,
        refetchOnWindowFocus: false,
        retry: shouldRetry,
      },
      mutations: { retry: false },
    },
  });
}
