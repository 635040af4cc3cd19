import type { ErrorCode } from '@shared/contract';

/** How each core error code reads over HTTP. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unknown_operation: 404,
  not_found: 404,
  conflict: 409,
  unauthorized: 401,
  forbidden: 403,
  payload_too_large: 413,
  unavailable: 503,
  storage: 500,
  backend: 502,
  cancelled: 409,
  internal: 500,
};
