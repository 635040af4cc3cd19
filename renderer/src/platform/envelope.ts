import type { Envelope, ErrorCode, ErrorInfo } from '@shared/contract';

/**
 * The error codes the core may send, kept as a set so a reply from something that is not
 * Quorum (a proxy page, a half-written body) is not mistaken for an envelope.
 */
const ERROR_CODES: Record<ErrorCode, true> = {
  invalid_input: true,
  unknown_operation: true,
  not_found: true,
  conflict: true,
  unauthorized: true,
  forbidden: true,
  payload_too_large: true,
  unavailable: true,
  storage: true,
  backend: true,
  cancelled: true,
  internal: true,
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

function isErrorInfo(value: unknown): value is ErrorInfo {
  return (
    isRecord(value) &&
    isErrorCode(value.code) &&
    typeof value.message === 'string' &&
    (value.details === undefined || isRecord(value.details))
  );
}

/** Structural check of a reply; the data itself was validated by the core before it left. */
export function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (!isRecord(value)) return false;
  if (value.ok === true) return 'data' in value;
  return value.ok === false && isErrorInfo(value.error);
}

export function failure(code: ErrorCode, message: string, details?: Record<string, unknown>): Envelope<never> {
  return { ok: false, error: details === undefined ? { code, message } : { code, message, details } };
}
