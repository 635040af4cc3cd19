import { createHash } from 'node:crypto';
import type { Tag } from '@shared/domain/catalog';
import type { Finding, PointInTime, Policy } from '@shared/domain/governance';
import { canonicalize } from './canonical-json';
import type { ObservedMove } from './catalog-access';
import type { EventBody } from './events';
import { DAY_MS, isPerson, tierFor } from './gate';
import { type LedgerState, type PolicyRecord, subjectKey } from './state';

/**
 * Promotions outside Quorum. A sync records every alias move and stage change it sees; a
 * move of a governed alias or stage to a version that had no passing gate (a recorded
 * passing evaluation, or complete and valid sign-offs) at that moment is a finding. The
 * finding's id is the hash of what moved, so every replica that saw the move agrees on it;
 * acknowledging and resolving are signed ledger events.
 */

export interface ApprovalAt {
  approved: boolean;
  how: string;
  eventIds: string[];
}

/** Which governed stage an alias or registry stage stands for, if any. */
export function stageOf(policy: Policy, move: Pick<ObservedMove, 'kind' | 'subject' | 'to'>): string | null {
  for (const [stage, spec] of Object.entries(policy.governs)) {
    if (move.kind === 'alias-moved' && move.subject !== null && spec.aliases.includes(move.subject)) return stage;
    if (move.kind === 'stage-changed' && move.to !== null && spec.registryStages.includes(move.to)) return stage;
  }
  return null;
}

export function policyAt(state: LedgerState, at: number): PolicyRecord | null {
  let found: PolicyRecord | null = null;
  for (const p of state.policies) if (p.at <= at) found = p;
  return found ?? state.policies[0] ?? null;
}

/**
 * Was this version cleared for this stage at time T? From the ledger alone (the evidence of
 * that day is not kept), so: Quorum's own write-back of the release (which follows a passing
 * gate), a passing gate recorded before T and still within validity, or a request whose
 * required sign-offs were all given, valid and not withdrawn by T.
 */
export function approvedAt(
  state: LedgerState,
  subject: { connection: string; model: string; version: number; stage: string },
  at: number,
  modelTags: Tag[],
  authors: string[] = [],
): ApprovalAt {
  const policy = policyAt(state, at);
  if (!policy) return { approved: false, how: 'no policy was in force', eventIds: [] };
  const { tier: tierName } = tierFor(policy.policy, subject.model, modelTags);
  const tier = policy.policy.tiers[tierName];
  if (!tier.stages.includes(subject.stage))
    return { approved: true, how: `${subject.stage} is not governed for ${tierName}-risk models`, eventIds: [] };
  const validity = tier.approvalValidityDays * DAY_MS;
  const key = subjectKey(subject);
  const released = quorumReleases(state)
    .get(key)
    ?.findLast((w) => w.at <= at + WRITEBACK_OBSERVED_EARLY_MS && w.at + validity >= at);
  if (released) {
    return {
      approved: true,
      how: `Quorum wrote the release back on ${iso(released.at)}${released.alias ? ` (@${released.alias})` : ''} after a passing gate`,
      eventIds: [released.eventId, released.gate],
    };
  }
  const gate = [...state.gates]
    .reverse()
    .find((g) => subjectKey(g.subject) === key && g.status === 'pass' && g.at <= at && g.at + validity >= at);
  if (gate) return { approved: true, how: `a passing gate was recorded on ${iso(gate.at)}`, eventIds: [gate.eventId] };

  for (const request of [...(state.requestsBySubject.get(key) ?? [])].reverse()) {
    if (request.at > at || (request.cancelled && request.cancelled.at <= at)) continue;
    const live = request.signoffs.filter((s) => s.at <= at && !(s.withdrawn && s.withdrawn.at <= at) && s.at + validity >= at);
    if (live.some((s) => s.decision === 'rejected')) continue;
    const used = new Set<string>();
    const ids: string[] = [];
    const complete = tier.signoffs.every((rule) => {
      const people = live.filter((s) => {
        if (s.decision !== 'approved' || s.role !== rule.role || used.has(s.person)) return false;
        const person = state.identities.get(s.person);
        return !(tier.independence.authorMayNotSign && person && authors.some((a) => isPerson(person, a)));
      });
      const distinct = [...new Map(people.map((s) => [s.person, s])).values()].slice(0, rule.count);
      for (const s of distinct) {
        if (tier.independence.onePersonOneRole) used.add(s.person);
        ids.push(s.eventId);
      }
      return distinct.length >= rule.count;
    });
    if (complete) return { approved: true, how: `request ${request.id.slice(0, 12)} had every required sign-off`, eventIds: ids };
  }
  return { approved: false, how: 'no passing gate and no complete set of valid sign-offs', eventIds: [] };
}

/**
 * How much earlier than its ledger event a sync may observe Quorum's own write-back: the
 * registry is written first and the event signed right after, so a sync running meanwhile
 * (the desktop app's schedule) sees the alias move a moment before the ledger says so.
 */
const WRITEBACK_OBSERVED_EARLY_MS = 5 * 60 * 1000;

interface QuorumRelease {
  at: number;
  eventId: string;
  gate: string;
  alias: string | null;
}

const releasesCache = new WeakMap<LedgerState, { events: number; bySubject: Map<string, QuorumRelease[]> }>();

/**
 * Quorum's own registry write-backs by subject, oldest first. Each follows a passing gate
 * (the rule book refuses any other), so a move it made is approved by construction.
 * Cached per state and event count: findings ask once per observed move.
 */
function quorumReleases(state: LedgerState): Map<string, QuorumRelease[]> {
  const cached = releasesCache.get(state);
  if (cached?.events === state.events.length) return cached.bySubject;
  const bySubject = new Map<string, QuorumRelease[]>();
  for (const e of state.events) {
    if (e.kind !== 'writeback.performed') continue;
    const body = e.body as EventBody<'writeback.performed'>;
    const key = subjectKey(body.subject);
    const list = bySubject.get(key) ?? [];
    list.push({ at: e.at, eventId: e.id, gate: body.gate, alias: body.alias });
    bySubject.set(key, list);
  }
  releasesCache.set(state, { events: state.events.length, bySubject });
  return bySubject;
}

export function findingId(move: Pick<ObservedMove, 'connection' | 'model' | 'kind' | 'subject' | 'from' | 'to'>): string {
  return createHash('sha256')
    .update(
      canonicalize({
        connection: move.connection,
        model: move.model,
        kind: move.kind,
        subject: move.subject,
        from: move.from,
        to: move.to,
      }),
    )
    .digest('hex');
}

/** A finding's signed acts (raised, acknowledged, resolved), oldest first, and the state they leave it in. */
export function findingActsOf(state: LedgerState, id: string): Pick<Finding, 'state' | 'history'> {
  const name = (key: string) => state.identities.get(key)?.name ?? key.slice(0, 12);
  const history = (state.findings.get(id) ?? []).map((a) => ({
    eventId: a.eventId,
    act: a.act,
    by: a.by,
    byName: name(a.by),
    at: a.at,
    comment: a.comment,
  }));
  const last = history.filter((h) => h.act !== 'raised').at(-1);
  return { state: last?.act === 'resolved' ? 'resolved' : last?.act === 'acknowledged' ? 'acknowledged' : 'open', history };
}

export function deriveFindings(
  state: LedgerState,
  moves: readonly ObservedMove[],
  modelTags: Map<string, Tag[]>,
  authorsOf: (connection: string, model: string, version: number) => string[],
): Finding[] {
  const policy = state.policy;
  if (!policy) return [];
  // The first look at a model reports aliases already in place before Quorum: a baseline, low severity.
  const firstSeen = new Map<string, number>();
  for (const m of moves) {
    const key = `${m.connection}\u0000${m.model}`;
    if (m.kind === 'alias-moved' && !firstSeen.has(key)) firstSeen.set(key, m.observedAt);
  }
  const out: Finding[] = [];
  for (const move of moves) {
    if (move.kind === 'alias-removed') continue;
    const inForce = policyAt(state, move.observedAt) ?? policy;
    const stage = stageOf(inForce.policy, move);
    const version = move.kind === 'alias-moved' ? Number(move.to) : move.version;
    if (stage === null || version === null || !Number.isInteger(version)) continue;
    const tags = modelTags.get(`${move.connection}\u0000${move.model}`) ?? [];
    const { tier } = tierFor(inForce.policy, move.model, tags);
    if (!inForce.policy.tiers[tier].stages.includes(stage)) continue;
    const subject = { connection: move.connection, model: move.model, version, stage };
    const approval = approvedAt(state, subject, move.observedAt, tags, authorsOf(move.connection, move.model, version));
    if (approval.approved) continue;
    const baseline =
      move.kind === 'alias-moved' && move.from === null && firstSeen.get(`${move.connection}\u0000${move.model}`) === move.observedAt;
    const id = findingId(move);
    const what = move.kind === 'alias-moved' ? `@${move.subject}` : `stage ${move.to}`;
    out.push({
      id,
      severity: baseline ? 'low' : tier,
      kind: 'promotion-outside-quorum',
      connection: move.connection,
      model: move.model,
      version,
      stage,
      subject: move.kind === 'alias-moved' ? (move.subject ?? '') : (move.to ?? ''),
      from: move.from,
      to: move.to,
      observedAt: move.observedAt,
      message: baseline
        ? `${move.model} ${what} already pointed at v${version} when Quorum first looked, with no Quorum approval for ${stage}.`
        : `${move.model} ${what} moved to v${version}${move.from ? ` (from ${move.from})` : ''} outside Quorum: ${approval.how} for ${stage}.`,
      visibleTo: inForce.policy.findings.visibleTo,
      ...findingActsOf(state, id),
    });
  }
  return out.sort((a, b) => b.observedAt - a.observedAt);
}

export function pointInTime(
  state: LedgerState,
  moves: readonly ObservedMove[],
  query: { connection: string; model: string; alias: string; at: number },
  modelTags: Tag[],
  authorsOf: (version: number) => string[],
): PointInTime {
  let version: number | null = null;
  let since: number | null = null;
  for (const m of moves) {
    if (m.observedAt > query.at || m.subject !== query.alias) continue;
    if (m.kind === 'alias-moved') {
      version = Number(m.to);
      since = m.observedAt;
    } else if (m.kind === 'alias-removed') {
      version = null;
      since = m.observedAt;
    }
  }
  const base = { connection: query.connection, model: query.model, alias: query.alias, at: query.at, version, since };
  if (version === null) {
    return {
      ...base,
      approved: false,
      explanation: `@${query.alias} pointed at no version on ${iso(query.at)} (as far as Quorum's syncs saw).`,
      evidence: [],
    };
  }
  const policy = policyAt(state, query.at);
  const stage = policy ? stageOf(policy.policy, { kind: 'alias-moved', subject: query.alias, to: String(version) }) : null;
  if (stage === null) {
    return {
      ...base,
      approved: false,
      explanation: `@${query.alias} pointed at v${version}; it is not a governed alias, so no approval applies.`,
      evidence: [],
    };
  }
  const approval = approvedAt(
    state,
    { connection: query.connection, model: query.model, version, stage },
    query.at,
    modelTags,
    authorsOf(version),
  );
  return {
    ...base,
    approved: approval.approved,
    explanation: `@${query.alias} pointed at v${version} (observed since ${since === null ? 'unknown' : iso(since)}); ${approval.approved ? 'approved' : 'not approved'} for ${stage}: ${approval.how}.`,
    evidence: approval.eventIds,
  };
}

const iso = (ms: number): string => new Date(ms).toISOString();
