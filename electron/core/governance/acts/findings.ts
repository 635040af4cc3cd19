import type { Finding, LedgerEntry, PointInTime, VerifyReport } from '@shared/domain/governance';
import { QuorumError } from '../../errors';
import { modelTagIndex, observedMoves, resolveConnection, versionPlacements } from '../catalog-access';
import { deriveDriftFindings } from '../drift-findings';
import { summarizeEvent } from '../event-summary';
import type { EventKind } from '../events';
import { deriveFindings, pointInTime as pointInTimeOf } from '../findings';
import { activeIdentity, findPerson } from '../identities';
import type { LedgerState } from '../state';
import { verifyLedger } from '../verify';
import { GovernanceScope, type ActorInput } from './scope';

/**
 * Reading the ledger back: full verification, the timeline, findings (with their signed
 * acknowledgements and resolutions) and "what was @alias on date T, and was it approved?".
 */

export async function verify(scope: GovernanceScope): Promise<VerifyReport> {
  return verifyLedger(scope.db, scope.deps.now());
}

export async function listLedger(
  scope: GovernanceScope,
  input: { model?: string | undefined; limit: number; offset: number },
): Promise<{ total: number; items: LedgerEntry[] }> {
  const state = await scope.ledger.state();
  const name = GovernanceScope.nameIn(state);
  const all = [...state.events].reverse().filter((e) => {
    if (input.model === undefined) return true;
    const subject = (e.body as { subject?: unknown }).subject;
    if (subject && typeof subject === 'object' && (subject as { model?: unknown }).model === input.model) return true;
    const request = (e.body as { request?: unknown }).request;
    return typeof request === 'string' && state.requests.get(request)?.subject.model === input.model;
  });
  return {
    total: all.length,
    items: all.slice(input.offset, input.offset + input.limit).map((e) => ({
      seq: e.seq,
      id: e.id,
      kind: e.kind,
      author: e.author,
      authorName: name(e.author),
      at: e.at,
      parents: e.parents,
      summary: summarizeEvent(e, name),
      body: e.body as Record<string, unknown>,
      signature: e.signature,
    })),
  };
}

/** Every finding the ledger, the catalog and the drift results imply right now, whoever may see it; newest first. */
function allFindings(scope: GovernanceScope, state: LedgerState): Finding[] {
  const tags = modelTagIndex(scope.db);
  const promotions = deriveFindings(state, observedMoves(scope.db), tags, scope.authorsLookup());
  const crossings = scope.deps.driftCrossings?.() ?? [];
  const drift = crossings.length === 0 ? [] : deriveDriftFindings(state, crossings, versionPlacements(scope.db), tags);
  return [...promotions, ...drift].sort((a, b) => b.observedAt - a.observedAt || (a.id < b.id ? -1 : 1));
}

export async function findings(scope: GovernanceScope, input: { actor?: string | undefined; all: boolean }): Promise<Finding[]> {
  const state = await scope.ledger.state();
  const list = allFindings(scope, state);
  if (input.all) return list;
  let me: string | null = activeIdentity(scope.db);
  if (input.actor !== undefined) me = findPerson([...state.identities.values()], input.actor).publicKey;
  if (me === null) return list;
  const roles = state.rolesOf(me);
  return list.filter((f) => f.visibleTo.some((r) => roles.has(r)));
}

export async function actOnFinding(
  scope: GovernanceScope,
  input: ActorInput & { finding: string; comment: string },
  act: 'acknowledged' | 'resolved',
): Promise<Finding> {
  const state = await scope.ledger.writableState();
  const finding = allFindings(scope, state).find((f) => f.id === input.finding);
  if (!finding) throw new QuorumError('not_found', `No finding ${input.finding.slice(0, 12)}.`);
  if (finding.state === 'resolved') throw new QuorumError('conflict', 'That finding is already resolved.');
  const actor = await scope.actor(input, state);
  if (act === 'resolved' && !['admin', 'compliance'].some((r) => state.hasRole(actor.identity.publicKey, r))) {
    throw new QuorumError('forbidden', `Only admin or compliance may resolve a finding; ${actor.identity.name} cannot.`);
  }
  const drafts: { kind: EventKind; body: unknown }[] = [];
  // A finding is derived, not stored: the first act on it also signs what was found, so the record survives the catalog.
  if (!state.findings.has(finding.id)) {
    drafts.push({
      kind: 'finding.raised',
      body: {
        finding: finding.id,
        connection: finding.connection,
        model: finding.model,
        version: finding.version,
        stage: finding.stage,
        subject: finding.subject,
        observedAt: finding.observedAt,
        severity: finding.severity,
      },
    });
  }
  drafts.push({
    kind: act === 'resolved' ? 'finding.resolved' : 'finding.acknowledged',
    body: { finding: finding.id, comment: input.comment },
  });
  scope.ledger.append(actor, drafts, state);
  return (await findings(scope, { all: true })).find((f) => f.id === finding.id) as Finding;
}

export async function pointInTime(
  scope: GovernanceScope,
  input: { connection?: string | undefined; model: string; alias: string; at: number },
): Promise<PointInTime> {
  const state = await scope.ledger.state();
  const connection = resolveConnection(scope.db, input.model, input.connection);
  const moves = observedMoves(scope.db, { connection, model: input.model });
  const tags = modelTagIndex(scope.db).get(`${connection}\u0000${input.model}`) ?? [];
  const authors = scope.authorsLookup();
  return pointInTimeOf(state, moves, { connection, model: input.model, alias: input.alias, at: input.at }, tags, (v) =>
    authors(connection, input.model, v),
  );
}
