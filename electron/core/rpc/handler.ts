import type { OperationName, OperationOutput, ParsedInput } from '@shared/contract';

export interface HandlerContext {
  /** Aborted when the caller goes away or cancels; long work checks it. */
  readonly signal: AbortSignal;
}

export type Handler<K extends OperationName> = (
  input: ParsedInput<K>,
  context: HandlerContext,
) => OperationOutput<K> | Promise<OperationOutput<K>>;

/** A handler for every operation of the contract; the compiler finds a missing one. */
export type Handlers = { [K in OperationName]: Handler<K> };
