import { z } from 'zod';

/**
 * Every error that crosses the core's boundary carries one of these codes.
 * Transports map them to their own vocabulary (HTTP status, CLI exit code).
 */
export const ERROR_CODES = [
  'invalid_input',
  'unknown_operation',
  'not_found',
  'conflict',
  'unauthorized',
  'forbidden',
  'payload_too_large',
  'unavailable',
  'storage',
  'backend',
  'cancelled',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorInfoSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

export type ErrorInfo = z.infer<typeof errorInfoSchema>;

/** The one result shape of every operation, on every transport. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorInfo };

export function ok<T>(data: T): Envelope<T> {
  return { ok: true, data };
}

export function fail(code: ErrorCode, message: string, details?: Record<string, unknown>): Envelope<never> {
  return details === undefined ? { ok: false, error: { code, message } } : { ok: false, error: { code, message, details } };
}

/** Schema for an envelope received over the wire, whose data is checked separately. */
export const envelopeSchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: errorInfoSchema }),
]);
