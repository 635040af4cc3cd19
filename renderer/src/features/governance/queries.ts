import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { OperationInput, OperationName, OperationOutput } from '@shared/contract';
import type { Identity } from '@shared/domain/governance';
import { call } from '../../platform/api';
import { operationQuery } from '../../platform/operation-query';
import { readsAnyTopic } from '../../platform/query-keys';

export interface VersionSubject {
  connection: string;
  model: string;
  version: number;
  stage: string;
}

/** The stage a version page evaluates: the policy's usual target. A version's request may name another. */
export const DEFAULT_STAGE = 'production';

export const identitiesQuery = () => operationQuery('governance.identities.list', {});
export const rolesQuery = () => operationQuery('governance.roles.list', {});
export const policyQuery = (hash?: string) => operationQuery('governance.policy.get', hash === undefined ? {} : { hash });
export const policyDiffQuery = (from: string, to?: string) =>
  operationQuery('governance.policy.diff', to === undefined ? { from } : { from, to });
export const gateQuery = (subject: VersionSubject) =>
  operationQuery('governance.gate.evaluate', {
    connection: subject.connection,
    model: subject.model,
    version: subject.version,
    stage: subject.stage,
  });
export const requestQuery = (id: string) => operationQuery('governance.requests.get', { id });
export const verifyQuery = () => operationQuery('governance.ledger.verify', {});
export const ledgerQuery = (limit: number, model?: string) =>
  operationQuery('governance.ledger.list', model === undefined ? { limit } : { limit, model });
export const findingsQuery = () => operationQuery('governance.findings.list', {});

/** The identity the app signs as, from the identities list (null while none is active). */
export function activeIdentityOf(identities: readonly Identity[] | undefined): Identity | null {
  return identities?.find((identity) => identity.active) ?? null;
}

/**
 * A signing act. On success every governance query refetches (the core's push event does it
 * too; doing it here keeps a window without the event stream correct).
 */
export function useGovernanceAct<K extends OperationName>(operation: K) {
  const queryClient = useQueryClient();
  return useMutation<OperationOutput<K>, Error, OperationInput<K>>({
    mutationFn: (input) => call(operation, input),
    onSuccess: () => queryClient.invalidateQueries({ predicate: (query) => readsAnyTopic(query.queryKey, ['governance']) }),
  });
}
