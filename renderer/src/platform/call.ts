import type { ErrorCode, ErrorInfo, OperationInput, OperationName, OperationOutput, QuorumApi } from '@shared/contract';

/** An operation that answered with an error envelope; carries the core's own words. */
export class QuorumCallError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  readonly operation: OperationName;

  constructor(operation: OperationName, error: ErrorInfo) {
    super(error.message);
    this.name = 'QuorumCallError';
    this.operation = operation;
    this.code = error.code;
    this.details = error.details;
  }
}

export function isQuorumCallError(error: unknown): error is QuorumCallError {
  return error instanceof QuorumCallError;
}

export type Call = <K extends OperationName>(operation: K, input: OperationInput<K>) => Promise<OperationOutput<K>>;

/** Unwraps envelopes so query functions either return data or throw a QuorumCallError. */
export function createCall(api: QuorumApi): Call {
  return async (operation, input) => {
    let envelope;
    try {
      envelope = await api.invoke(operation, input);
    } catch (error) {
      // A transport that throws (a closed IPC channel, say) is reported like an unanswered call.
      throw new QuorumCallError(operation, {
        code: 'unavailable',
        message: `Quorum could not run "${operation}": ${error instanceof Error ? error.message : String(error)}`,
      });
    }
    if (!envelope.ok) throw new QuorumCallError(operation, envelope.error);
    return envelope.data;
  };
}
