import type { Policy, PolicyError, PolicyVersion } from '@shared/domain/governance';
import { QuorumError } from '../../errors';
import type { LedgerEvent } from '../events';
import { diffPolicies, parsePolicy, requirePolicy, type PolicyDiff } from '../policy';
import type { LedgerState } from '../state';
import { GovernanceScope, type ActorInput } from './scope';

/**
 * Policy as code: the YAML in force, its signed history, validation and diffs. Changing it
 * is an admin's signed act; reading it never writes.
 */

function policyVersions(state: LedgerState): PolicyVersion[] {
  const name = GovernanceScope.nameIn(state);
  return state.policies.map((p) => ({
    hash: p.hash,
    eventId: p.eventId,
    setAt: p.at,
    setBy: p.by,
    setByName: name(p.by),
    message: p.message,
  }));
}

export async function getPolicy(
  scope: GovernanceScope,
  hash?: string,
): Promise<{ hash: string; yaml: string; policy: Policy; current: boolean; versions: PolicyVersion[] }> {
  const state = await scope.ledger.state();
  const current = scope.policyRecord(state);
  const record = hash === undefined ? current : [...state.policies].reverse().find((p) => p.hash === hash);
  if (!record) throw new QuorumError('not_found', `No policy version ${hash ?? ''} in this workspace.`, { hash });
  return {
    hash: record.hash,
    yaml: record.yaml,
    policy: record.policy,
    current: record.hash === current.hash,
    versions: policyVersions(state),
  };
}

export function validatePolicy(yaml: string): { valid: boolean; hash: string | null; errors: PolicyError[] } {
  const parsed = parsePolicy(yaml);
  return parsed.ok ? { valid: true, hash: parsed.hash, errors: [] } : { valid: false, hash: null, errors: parsed.errors };
}

export async function setPolicy(scope: GovernanceScope, input: ActorInput & { yaml: string; message: string }): Promise<PolicyVersion> {
  const { hash, policy } = requirePolicy(input.yaml);
  const state = await scope.ledger.writableState();
  const actor = await scope.actor(input, state);
  if (!state.hasRole(actor.identity.publicKey, 'admin'))
    throw new QuorumError('forbidden', `${actor.identity.name} is not an admin; only an admin can change the policy.`);
  if (state.policy?.hash === hash) throw new QuorumError('conflict', 'This policy is already in force; nothing to record.');
  // Nobody must be locked out: every admin the new policy drops would lose their power silently.
  if (!policy.roles.includes('admin')) throw new QuorumError('invalid_input', 'The policy must keep the admin role.');
  const [event] = scope.ledger.append(actor, [{ kind: 'policy.set', body: { yaml: input.yaml, hash, message: input.message } }], state);
  return policyVersions(await scope.ledger.state()).find((v) => v.eventId === (event as LedgerEvent).id) as PolicyVersion;
}

export async function diffPolicy(scope: GovernanceScope, from: string, to?: string): Promise<PolicyDiff & { from: string; to: string }> {
  const a = await getPolicy(scope, from);
  const b = await getPolicy(scope, to);
  return { from: a.hash, to: b.hash, ...diffPolicies(a.yaml, b.yaml, a.policy, b.policy) };
}
