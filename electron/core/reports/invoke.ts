import type { Envelope, OperationInput, OperationName, OperationOutput } from '@shared/contract';
import { QuorumError } from '../errors';
import type { Dispatch } from '../rpc/dispatch';

/**
 * Reports read every fact through the operations table — the same public surface the UI and
 * the CLI use — so a report can never disagree with what the app shows, and no query of the
 * catalog, lineage, governance or drift modules is duplicated here.
 */
export type Invoke = <K extends OperationName>(operation: K, input: OperationInput<K>) => Promise<OperationOutput<K>>;

/** Wraps a dispatch (resolved lazily: handlers are built before the dispatch exists). */
export function invokerOf(dispatch: () => Dispatch): Invoke {
  return async (operation, input) => {
    const envelope = (await dispatch()(operation, input)) as Envelope<OperationOutput<typeof operation>>;
    if (!envelope.ok) throw new QuorumError(envelope.error.code, envelope.error.message, envelope.error.details);
    return envelope.data as OperationOutput<typeof operation>;
  };
}

/** The same call, but "not found" (and only that) becomes null: absent evidence is a fact to report. */
export async function optional<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof QuorumError && error.code === 'not_found') return null;
    throw error;
  }
}
