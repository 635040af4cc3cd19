import type { z } from 'zod';
import { fail, isOperationName, OPERATIONS, type Envelope, type OperationName } from '@shared/contract';
import { isQuorumError } from '../errors';
import type { HandlerContext, Handlers } from './handler';

export interface DispatchOptions {
  /** Check every result against its output schema: on in development and tests, a contract bug otherwise slips through. */
  validateOutput: boolean;
  /** Where unexpected errors go; their details never cross the boundary. */
  reportInternalError: (operation: string, error: unknown) => void;
}

export type Dispatch = (operation: string, input: unknown, context?: Partial<HandlerContext>) => Promise<Envelope<unknown>>;

/**
 * The single entry into the core for every transport: looks the operation up, validates
 * the input, runs the handler and maps whatever happens to an envelope.
 */
export function createDispatch(handlers: Handlers, options: DispatchOptions): Dispatch {
  return async (operation, input, context) => {
    if (typeof operation !== 'string' || !isOperationName(operation)) {
      return fail('unknown_operation', `Unknown operation "${String(operation)}".`, { operation: String(operation) });
    }
    const definition = OPERATIONS[operation];
    const parsed = definition.input.safeParse(input ?? {});
    if (!parsed.success) return invalidInput(operation, parsed.error);

    const handlerContext: HandlerContext = { signal: context?.signal ?? new AbortController().signal };
    try {
      const handler = handlers[operation] as (input: unknown, context: HandlerContext) => unknown;
      const data = await handler(parsed.data, handlerContext);
      if (options.validateOutput) {
        const checked = definition.output.safeParse(data);
        if (!checked.success) {
          options.reportInternalError(operation, checked.error);
          return fail('internal', `Operation "${operation}" returned data that breaks its contract.`, { issues: issuesOf(checked.error) });
        }
      }
      return { ok: true, data };
    } catch (error) {
      if (isQuorumError(error)) return { ok: false, error: error.toInfo() };
      if (handlerContext.signal.aborted) return fail('cancelled', `Operation "${operation}" was cancelled.`);
      options.reportInternalError(operation, error);
      return fail('internal', `Operation "${operation}" failed unexpectedly. The details are in Quorum's log.`);
    }
  };
}

function invalidInput(operation: OperationName, error: z.ZodError): Envelope<never> {
  const issues = issuesOf(error);
  const first = issues[0];
  const where = first && first.path !== '' ? ` at "${first.path}"` : '';
  return fail('invalid_input', `Invalid input for "${operation}"${where}: ${first?.message ?? 'input rejected'}.`, { issues });
}

function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
