import { createHash } from 'node:crypto';
import type { Tag } from '@shared/domain/catalog';
import { driftFindingAudience, type Finding, type Policy } from '@shared/domain/governance';
import type { DriftCrossing } from '../drift/crossing';
import { canonicalize } from './canonical-json';
import type { VersionPlacement } from './catalog-access';
import { findingActsOf, policyAt } from './findings';
import { tierFor } from './gate';
import type { LedgerState } from './state';

/**
 * Drift findings: a drift threshold crossing on a deployed version (one holding a governed
 * alias or registry stage) is something ops and the model's owners must look at, so it is a
 * finding like a promotion outside Quorum — same severity scale (the model's risk tier), same
 * signed acknowledge and resolve. Crossings come from the drift feature (`DriftCrossing`);
 * a crossing on a version nobody deployed is the drift tab's business, not a finding.
 */

/** The finding's id: stable per crossing, a 64-hex content address like every other finding id. */
export function driftFindingId(crossing: Pick<DriftCrossing, 'id' | 'subject'>): string {
  return createHash('sha256')
    .update(canonicalize({ kind: 'drift-threshold', crossing: crossing.id, ...crossing.subject }))
    .digest('hex');
}

/** The first governed stage the version is deployed to, in the policy's order, and the alias or registry stage that says so. */
export function deployedStage(policy: Policy, placement: VersionPlacement): { stage: string; via: string; label: string } | null {
  for (const [stage, spec] of Object.entries(policy.governs)) {
    const alias = spec.aliases.find((a) => placement.aliases.includes(a));
    if (alias !== undefined) return { stage, via: alias, label: `@${alias}` };
    if (spec.registryStages.includes(placement.stage)) return { stage, via: placement.stage, label: `stage ${placement.stage}` };
  }
  return null;
}

export function deriveDriftFindings(
  state: LedgerState,
  crossings: readonly DriftCrossing[],
  placementOf: (subject: DriftCrossing['subject']) => VersionPlacement | null,
  modelTags: Map<string, Tag[]>,
): Finding[] {
  const current = state.policy;
  if (!current) return [];
  const out: Finding[] = [];
  for (const crossing of crossings) {
    const { connection, model, version } = crossing.subject;
    const id = driftFindingId(crossing);
    const inForce = policyAt(state, crossing.at) ?? current;
    const placement = placementOf(crossing.subject);
    const deployed = placement ? deployedStage(inForce.policy, placement) : null;
    // Once someone signed an act on it, the finding stays listed even after a rollback: its record must not vanish.
    const raised = state.findingDetails.get(id);
    const where = deployed ?? (raised ? { stage: raised.stage, via: raised.subject, label: raised.subject } : null);
    if (!where) continue;
    const { tier } = tierFor(inForce.policy, model, modelTags.get(`${connection}\u0000${model}`) ?? []);
    out.push({
      id,
      severity: tier,
      kind: 'drift-threshold',
      connection,
      model,
      version,
      stage: where.stage,
      subject: where.via,
      from: null,
      to: null,
      observedAt: crossing.at,
      message: `${model} v${version} (${where.label}, ${where.stage}) crossed its drift threshold (${crossing.source} result): ${crossing.detail}`,
      visibleTo: driftFindingAudience(inForce.policy.findings),
      ...findingActsOf(state, id),
    });
  }
  return out;
}
