import type { ErrorCode, ErrorInfo } from '@shared/contract';

/**
 * A failure the core expects and can explain. Anything else thrown inside a handler
 * is a bug and crosses the boundary as `internal`, without its stack.
 */
export class QuorumError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'QuorumError';
  }

  toInfo(): ErrorInfo {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isQuorumError(value: unknown): value is QuorumError {
  return value instanceof QuorumError;
}
