import type { GateResult, GateSummaryItem } from '@shared/domain/governance';
import { gateSummaryOf } from '@shared/domain/gate-status';
import { cachedModels } from '../../catalog/queries';
import { QuorumError } from '../../errors';
import type { LedgerEvent } from '../events';
import type { Actor } from '../identities';
import { subjectKey, type LedgerState } from '../state';
import type { ActorInput, GovernanceScope, StageRef, VersionContext } from './scope';

/**
 * The release gate as an act: evaluating it (read-only, or signed into the ledger for a
 * release), and the header's status for many versions at once.
 */

/** The `gate.evaluated` draft for a result, so a release can sign it together with what follows it. */
export function gateDraft(ctx: VersionContext, result: GateResult): { kind: 'gate.evaluated'; body: unknown } {
  return {
    kind: 'gate.evaluated',
    body: {
      subject: ctx.subject,
      request: result.request?.id ?? null,
      status: result.status,
      policyHash: result.policyHash,
      evidenceHash: result.evidenceHash,
      // The event schema caps reasons; the full list stays in the returned result.
      reasons: result.reasons.map((r) => r.slice(0, 2000)).slice(0, 200),
    },
  };
}

export async function evaluateGate(scope: GovernanceScope, input: StageRef & ActorInput & { record: boolean }): Promise<GateResult> {
  const state = input.record ? await scope.ledger.writableState() : await scope.ledger.state();
  const ctx = scope.context(input, state);
  const result = scope.gateFor(state, ctx);
  if (!input.record) return result;
  const actor: Actor = await scope.actor(input, state);
  const [event] = scope.ledger.append(actor, [gateDraft(ctx, result)], state);
  return { ...result, recordedEventId: (event as LedgerEvent).id };
}

/** Who released each subject through a registry write-back, by subject key (the header shows "Released"). */
export function releasedBy(state: LedgerState): Map<string, { byName: string }> {
  const released = new Map<string, { byName: string }>();
  for (const e of state.events) {
    if (e.kind !== 'writeback.performed') continue;
    const subject = (e.body as { subject?: Parameters<typeof subjectKey>[0] }).subject;
    if (subject) released.set(subjectKey(subject), { byName: state.identities.get(e.author)?.name ?? e.author.slice(0, 12) });
  }
  return released;
}

/**
 * The header's gate status for many versions in one pass (the Models grid): the ledger is
 * folded and the policy resolved once, write-backs indexed once; per version only its
 * catalog evidence is read and the pure gate evaluated. Default: every model's latest version.
 */
export async function gateSummaries(
  scope: GovernanceScope,
  input: { versions?: { connection: string; name: string; version: number }[] | undefined; stage: string },
): Promise<GateSummaryItem[]> {
  const state = await scope.ledger.state();
  const policy = scope.governedPolicy(input.stage, state);
  const now = scope.deps.now();
  const released = releasedBy(state);
  const refs =
    input.versions ??
    cachedModels(scope.db).flatMap((m) =>
      m.latestVersion === null ? [] : [{ connection: m.connection, name: m.name, version: m.latestVersion }],
    );
  return refs.map((ref) => {
    const subject = { connection: ref.connection, model: ref.name, version: ref.version, stage: input.stage };
    try {
      const ctx = scope.context(subject, state, policy, now);
      const gate = scope.gateFor(state, ctx);
      return gateSummaryOf(gate, released.get(subjectKey(ctx.subject)) ?? null);
    } catch (error) {
      // One version the catalog cannot resolve (deleted on the server) must not hide the rest of the grid.
      if (!(error instanceof QuorumError)) throw error;
      return { subject, status: 'not-evaluated', reason: error.message, gate: null, missingSignoffs: 0, failingChecks: 0 };
    }
  });
}
