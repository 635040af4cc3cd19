import type { GateResult, Policy } from './governance';

/**
 * What a registry write-back after a passing gate writes, decided once for the core (which
 * writes it and signs it into the ledger) and the version page (whose confirmation shows it
 * before anything is signed), so the two cannot disagree.
 */

export interface RegistryTag {
  key: string;
  value: string;
}

/** Prefix of the version tags Quorum writes; evidence ignores `quorum.*` tags, so writing them never invalidates an approval. */
export const APPROVAL_TAG_PREFIX = 'quorum.approval';

/** MLflow caps tag values at 5,000 characters (the ledger event's cap too). */
const MAX_TAG_VALUE = 5000;

/**
 * The `quorum.approval.<stage>*` tags for a passing gate. One set per stage, so an approval
 * for staging and a later one for production both stay readable on the version.
 */
export function approvalTags(gate: GateResult): RegistryTag[] {
  const base = `${APPROVAL_TAG_PREFIX}.${gate.subject.stage}`;
  const signers = gate.signoffs
    .flatMap((role) => role.valid.map((s) => `${role.role}: ${s.name}`))
    .join('; ')
    .slice(0, MAX_TAG_VALUE);
  const tags: RegistryTag[] = [{ key: base, value: gate.governed ? 'approved' : 'not-required' }];
  if (gate.request) tags.push({ key: `${base}.request`, value: gate.request.id });
  tags.push({ key: `${base}.policy`, value: gate.policyHash }, { key: `${base}.evidence`, value: gate.evidenceHash });
  if (signers !== '') tags.push({ key: `${base}.signoffs`, value: signers });
  return tags;
}

/**
 * The registry alias a release to `stage` moves: the first alias the policy's `governs`
 * names for it (the default policy: production → champion). Null when the policy names
 * none; the write-back then sets the tags only.
 */
export function governedAlias(policy: Policy, stage: string): string | null {
  return Object.hasOwn(policy.governs, stage) ? (policy.governs[stage]?.aliases[0] ?? null) : null;
}
