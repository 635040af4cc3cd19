import type { ErrorCode } from '@shared/contract';
import { isHttpFailure, type HttpFailure } from '../connectors/http/errors';
import { QuorumError } from '../errors';

/** A backend failure as it crosses the core's boundary: the human message, the kind in details. */
export function toQuorumError(failure: HttpFailure, details: Record<string, unknown> = {}): QuorumError {
  return new QuorumError(codeFor(failure), failure.message, { ...details, problem: failure.kind });
}

export function rethrowAsQuorum(error: unknown, details: Record<string, unknown> = {}): never {
  if (isHttpFailure(error)) throw toQuorumError(error, details);
  throw error;
}

function codeFor(failure: HttpFailure): ErrorCode {
  switch (failure.kind) {
    case 'cancelled':
      return 'cancelled';
    case 'credentials':
    case 'config':
      return 'invalid_input';
    case 'not-found':
      return 'not_found';
    default:
      return 'backend';
  }
}
