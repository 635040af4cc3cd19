import type { InboxBox, RequestSummary, Signoff, Waiver } from '@shared/domain/governance';
import { QuorumError } from '../../errors';
import { modelTagIndex } from '../catalog-access';
import { authorsOf } from '../evidence';
import type { LedgerEvent } from '../events';
import { bindingOf, isPerson, latestOpenRequest, tierFor, toSignoff } from '../gate';
import { activeIdentity, findPerson, localIdentities } from '../identities';
import { inbox as inboxOf, type InboxResult } from '../inbox';
import type { IdentityRecord, LedgerState, RequestRecord } from '../state';
import { GovernanceScope, type ActorInput, type StageRef } from './scope';

/**
 * Release requests and sign-off: asking for a release, approving, rejecting, withdrawing and
 * waiving, with the separation-of-duties rules checked before anything is signed. Every
 * approval binds to the artifact, the policy hash and the evidence hash it saw.
 */

export async function requestRelease(scope: GovernanceScope, input: StageRef & ActorInput & { note: string }): Promise<RequestSummary> {
  const state = await scope.ledger.writableState();
  const ctx = scope.context(input, state);
  const actor = await scope.actor(input, state);
  if (state.rolesOf(actor.identity.publicKey).size === 0) {
    throw new QuorumError(
      'forbidden',
      `${actor.identity.name} holds no role yet; an admin must grant one before they can request a release.`,
    );
  }
  const open = latestOpenRequest(state, ctx.subject);
  if (open) {
    throw new QuorumError(
      'conflict',
      `${ctx.subject.model} v${ctx.subject.version} already has an open request to ${ctx.subject.stage} (${open.id.slice(0, 12)}).`,
      { request: open.id },
    );
  }
  const [event] = scope.ledger.append(
    actor,
    [{ kind: 'release.requested', body: { subject: ctx.subject, note: input.note, binding: bindingOf(ctx) } }],
    state,
  );
  return scope.summary(state, state.requests.get((event as LedgerEvent).id) as RequestRecord);
}

export async function cancelRequest(scope: GovernanceScope, input: ActorInput & { id: string; comment: string }): Promise<RequestSummary> {
  const state = await scope.ledger.writableState();
  const request = state.requests.get(input.id);
  if (!request) throw new QuorumError('not_found', `No release request ${input.id.slice(0, 12)}.`);
  if (request.cancelled) throw new QuorumError('conflict', 'That request was already cancelled.');
  const actor = await scope.actor(input, state);
  if (request.requester !== actor.identity.publicKey && !state.hasRole(actor.identity.publicKey, 'admin')) {
    throw new QuorumError('forbidden', `Only the requester or an admin can cancel this request.`);
  }
  scope.ledger.append(actor, [{ kind: 'release.cancelled', body: { request: request.id, comment: input.comment } }], state);
  return scope.summary(state, request);
}

function openRequest(state: LedgerState, subject: StageRef & { connection: string; model: string; version: number }): RequestRecord {
  const request = latestOpenRequest(state, subject);
  if (!request) {
    throw new QuorumError(
      'not_found',
      `No open release request for ${subject.model} v${subject.version} to ${subject.stage}. Request one first: quorum request ${subject.model}@${subject.version} --stage ${subject.stage}.`,
    );
  }
  return request;
}

export async function signoff(
  scope: GovernanceScope,
  input: StageRef & ActorInput & { role: string; comment: string; conditions?: string[] },
  decision: 'approved' | 'rejected',
): Promise<Signoff> {
  const state = await scope.ledger.writableState();
  const ctx = scope.context(input, state);
  const actor = await scope.actor(input, state);
  const me = actor.identity.publicKey;
  const verb = decision === 'approved' ? 'approve' : 'reject';
  scope.requireRole(state, actor, input.role, `${verb} in that role`);
  const request = openRequest(state, ctx.subject);
  const { tier: tierName } = tierFor(ctx.policy.policy, ctx.subject.model, ctx.detail.model.tags);
  const tier = ctx.policy.policy.tiers[tierName];
  const required = tier.signoffs.map((s) => s.role);
  if (!required.includes(input.role)) {
    throw new QuorumError(
      'invalid_input',
      `A ${tierName}-risk release to ${ctx.subject.stage} needs sign-off from ${required.join(', ') || 'no role'}; ${input.role} is not one of them.`,
      { role: input.role },
    );
  }
  const mine = request.signoffs.filter((s) => s.person === me && !s.withdrawn);
  const same = mine.find((s) => s.role === input.role);
  if (same) {
    throw new QuorumError(
      'conflict',
      `${actor.identity.name} already ${same.decision} this release as ${input.role} (${new Date(same.at).toISOString()}). Withdraw it first to change it.`,
    );
  }
  if (decision === 'approved') {
    const authors = authorsOf(ctx.evidence);
    if (tier.independence.authorMayNotSign && authors.some((a) => isPerson(actor.identity, a))) {
      throw new QuorumError(
        'forbidden',
        `${actor.identity.name} is the author of ${ctx.subject.model} v${ctx.subject.version} (registry/run user ${authors.join(', ')}) and cannot sign off on it (independence). Nothing was written.`,
      );
    }
    const other = mine.find((s) => s.decision === 'approved' && s.role !== input.role && required.includes(s.role));
    if (tier.independence.onePersonOneRole && other) {
      throw new QuorumError(
        'conflict',
        `${actor.identity.name} already signed this release as ${other.role}; one person cannot fill two required roles.`,
      );
    }
  }
  const body =
    decision === 'approved'
      ? {
          request: request.id,
          subject: ctx.subject,
          role: input.role,
          comment: input.comment,
          conditions: input.conditions ?? [],
          binding: bindingOf(ctx),
        }
      : { request: request.id, subject: ctx.subject, role: input.role, comment: input.comment, binding: bindingOf(ctx) };
  const [event] = scope.ledger.append(actor, [{ kind: decision === 'approved' ? 'signoff.approved' : 'signoff.rejected', body }], state);
  const e = event as LedgerEvent;
  return {
    eventId: e.id,
    person: me,
    name: actor.identity.name,
    role: input.role,
    decision,
    at: e.at,
    comment: input.comment,
    conditions: input.conditions ?? [],
    invalidReason: null,
  };
}

export async function withdraw(
  scope: GovernanceScope,
  input: StageRef & ActorInput & { role: string; comment: string },
): Promise<{ withdrawn: string }> {
  const state = await scope.ledger.writableState();
  const ctx = scope.context(input, state);
  const actor = await scope.actor(input, state);
  const request = openRequest(state, ctx.subject);
  const mine = request.signoffs.find((s) => s.person === actor.identity.publicKey && s.role === input.role && !s.withdrawn);
  if (!mine) throw new QuorumError('not_found', `${actor.identity.name} has no ${input.role} sign-off on this release to withdraw.`);
  scope.ledger.append(
    actor,
    [{ kind: 'signoff.withdrawn', body: { request: request.id, signoff: mine.eventId, comment: input.comment } }],
    state,
  );
  return { withdrawn: mine.eventId };
}

export async function waive(
  scope: GovernanceScope,
  input: StageRef & ActorInput & { check: string; justification: string },
): Promise<Waiver & { check: string }> {
  const state = await scope.ledger.writableState();
  const ctx = scope.context(input, state);
  const actor = await scope.actor(input, state);
  const { tier: tierName } = tierFor(ctx.policy.policy, ctx.subject.model, ctx.detail.model.tags);
  const allowed = ctx.policy.policy.tiers[tierName].waivers.allowedRoles;
  if (!allowed.some((r) => state.hasRole(actor.identity.publicKey, r))) {
    throw new QuorumError(
      'forbidden',
      `Only ${allowed.join(' or ')} may waive a check on a ${tierName}-risk release; ${actor.identity.name} holds ${[...state.rolesOf(actor.identity.publicKey)].join(', ') || 'no role'}.`,
    );
  }
  const request = openRequest(state, ctx.subject);
  const gate = scope.gateFor(state, ctx);
  const check = gate.checks.find((c) => c.id === input.check);
  if (!check)
    throw new QuorumError(
      'invalid_input',
      `No check "${input.check}" on this release (checks: ${gate.checks.map((c) => c.id).join(', ') || 'none'}).`,
    );
  if (check.status !== 'fail')
    throw new QuorumError('conflict', `The check ${check.id} is ${check.status}; only a failing check can be waived.`);
  const [event] = scope.ledger.append(
    actor,
    [
      {
        kind: 'waiver.granted',
        body: { request: request.id, subject: ctx.subject, check: check.id, justification: input.justification, binding: bindingOf(ctx) },
      },
    ],
    state,
  );
  const e = event as LedgerEvent;
  return {
    eventId: e.id,
    by: actor.identity.publicKey,
    byName: actor.identity.name,
    at: e.at,
    justification: input.justification,
    check: check.id,
  };
}

export async function inbox(
  scope: GovernanceScope,
  input: { actor?: string | undefined; box: InboxBox; limit: number; offset: number },
): Promise<InboxResult> {
  const state = await scope.ledger.state();
  const policy = scope.policyRecord(state).policy;
  const known = localIdentities(scope.db)
    .map((l) => state.identities.get(l.public_key))
    .filter((i): i is IdentityRecord => i !== undefined);
  const me =
    input.actor !== undefined
      ? findPerson(known, input.actor, 'identity on this machine').publicKey
      : (activeIdentity(scope.db) ?? (known.length === 1 ? (known[0] as IdentityRecord).publicKey : null));
  return inboxOf(state, policy, modelTagIndex(scope.db), me, input);
}

export async function getRequest(
  scope: GovernanceScope,
  id: string,
): Promise<{ request: RequestSummary; signoffs: Signoff[]; waivers: (Waiver & { check: string })[] }> {
  const state = await scope.ledger.state();
  const request = state.requests.get(id);
  if (!request) throw new QuorumError('not_found', `No release request ${id.slice(0, 12)}.`);
  const name = GovernanceScope.nameIn(state);
  return {
    request: scope.summary(state, request),
    signoffs: request.signoffs.map((s) =>
      toSignoff(s, name, s.withdrawn ? `withdrawn on ${new Date(s.withdrawn.at).toISOString()}` : null),
    ),
    waivers: request.waivers.map((w) => ({
      eventId: w.eventId,
      by: w.by,
      byName: name(w.by),
      at: w.at,
      justification: w.justification,
      check: w.check,
    })),
  };
}
