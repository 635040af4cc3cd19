import type { Tag } from '@shared/domain/catalog';
import type { InboxBox, Policy, RequestSummary } from '@shared/domain/governance';
import { INBOX_BOXES } from '@shared/domain/governance';
import { tierFor } from './gate';
import type { LedgerState, RequestRecord } from './state';

/**
 * The approvals inbox. Computed from state in one pass over requests, so 10,000 open
 * requests answer in a few milliseconds. "Missing roles" counts distinct people with an
 * active approval per required role; whether each approval still binds (evidence, expiry)
 * is the gate's job, shown on the version page.
 */

export function summarize(state: LedgerState, policy: Policy, request: RequestRecord, tags: Tag[]): RequestSummary {
  const { tier: tierName } = tierFor(policy, request.subject.model, tags);
  const tier = policy.tiers[tierName];
  const active = request.signoffs.filter((s) => !s.withdrawn);
  const approvals = active.filter((s) => s.decision === 'approved');
  const rejections = active.filter((s) => s.decision === 'rejected');
  const governed = tier.stages.includes(request.subject.stage);
  const missingRoles = governed
    ? tier.signoffs
        .filter((rule) => new Set(approvals.filter((s) => s.role === rule.role).map((s) => s.person)).size < rule.count)
        .map((rule) => rule.role)
    : [];
  const status: RequestSummary['status'] = request.cancelled
    ? 'cancelled'
    : rejections.length > 0
      ? 'rejected'
      : missingRoles.length === 0
        ? 'signed-off'
        : 'open';
  return {
    id: request.id,
    connection: request.subject.connection,
    model: request.subject.model,
    version: request.subject.version,
    stage: request.subject.stage,
    note: request.note,
    requestedBy: request.requester,
    requestedByName: state.identities.get(request.requester)?.name ?? request.requester.slice(0, 12),
    at: request.at,
    status,
    tier: tierName,
    missingRoles,
    approvals: approvals.length,
    rejections: rejections.length,
  };
}

export interface InboxResult {
  box: InboxBox;
  counts: Record<InboxBox, number>;
  total: number;
  items: RequestSummary[];
}

export function inbox(
  state: LedgerState,
  policy: Policy,
  modelTags: Map<string, Tag[]>,
  me: string | null,
  query: { box: InboxBox; limit: number; offset: number },
): InboxResult {
  const myRoles = me ? state.rolesOf(me) : new Set<string>();
  const counts = Object.fromEntries(INBOX_BOXES.map((b) => [b, 0])) as Record<InboxBox, number>;
  const selected: RequestSummary[] = [];
  for (const request of state.requests.values()) {
    const summary = summarize(state, policy, request, modelTags.get(`${request.subject.connection}\u0000${request.subject.model}`) ?? []);
    const open = summary.status === 'open';
    const iActed = me !== null && request.signoffs.some((s) => s.person === me && !s.withdrawn);
    const forMyRole = open && summary.missingRoles.some((r) => myRoles.has(r));
    const boxes: Record<InboxBox, boolean> = {
      'waiting-for-me': forMyRole && !iActed && request.requester !== me,
      'my-role': forMyRole,
      mine: me !== null && request.requester === me,
      decided: !open,
      open,
    };
    for (const b of INBOX_BOXES) if (boxes[b]) counts[b]++;
    if (boxes[query.box]) selected.push(summary);
  }
  selected.sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : 1));
  return { box: query.box, counts, total: selected.length, items: selected.slice(query.offset, query.offset + query.limit) };
}
