import type { Policy, TamperKind } from '@shared/domain/governance';
import type { Binding, EventBody, LedgerEvent, Subject } from './events';
import { parsePolicy } from './policy';

/**
 * Governance state, derived by folding verified events in one deterministic order. Nothing
 * here is stored: every replica that holds the same events derives the same state, which
 * is what lets team sync merge ledgers by union.
 *
 * `check` is the single authority rule book: the write path calls it before signing
 * (nothing is written when it objects) and verification calls it on every stored event
 * (an event that breaks it is forged: an unknown key, or a key without the role then).
 *
 * "Then" means the event's own causal past: the events it links to, transitively. That is
 * what its author had seen when signing, and it is the same set on every replica whatever
 * else they hold, so every replica reaches the same verdict on every event. An act made
 * concurrently with a revocation (neither saw the other) was authorised; what it counts for
 * is then decided by the derived state below, which every replica computes alike (the
 * README's "Concurrent replicas" section has the rules).
 */

export interface IdentityRecord {
  publicKey: string;
  name: string;
  email: string;
  handles: string[];
  createdAt: number;
  eventId: string;
}

export interface RoleChangeRecord {
  eventId: string;
  subject: string;
  role: string;
  granted: boolean;
  by: string;
  at: number;
}

export interface PolicyRecord {
  hash: string;
  yaml: string;
  policy: Policy;
  eventId: string;
  at: number;
  by: string;
  message: string;
}

export interface SignoffRecord {
  eventId: string;
  request: string;
  person: string;
  role: string;
  decision: 'approved' | 'rejected';
  at: number;
  comment: string;
  conditions: string[];
  binding: Binding;
  withdrawn: { eventId: string; at: number } | null;
}

export interface WaiverRecord {
  eventId: string;
  request: string;
  check: string;
  by: string;
  at: number;
  justification: string;
  binding: Binding;
}

export interface RequestRecord {
  id: string;
  subject: Subject;
  note: string;
  requester: string;
  at: number;
  binding: Binding;
  cancelled: { eventId: string; by: string; at: number; comment: string } | null;
  signoffs: SignoffRecord[];
  waivers: WaiverRecord[];
}

export interface FindingActRecord {
  eventId: string;
  act: 'raised' | 'acknowledged' | 'resolved';
  by: string;
  at: number;
  comment: string;
}

export interface GateRecord {
  eventId: string;
  subject: Subject;
  request: string | null;
  status: 'pass' | 'blocked';
  policyHash: string;
  evidenceHash: string;
  at: number;
  by: string;
}

export interface RuleViolation {
  kind: Extract<TamperKind, 'unknown-key' | 'unauthorized' | 'malformed'>;
  message: string;
}

export const subjectKey = (s: Pick<Subject, 'connection' | 'model' | 'version' | 'stage'>): string =>
  `${s.connection}\u0000${s.model}\u0000${s.version}\u0000${s.stage}`;

/**
 * The events of an event's causal past, among those a state has applied. `all` marks the
 * common case, an event that follows every head: then the whole state is its past and the
 * rule book reads the derived state directly.
 */
interface CausalPast {
  readonly all: boolean;
  has(id: string): boolean;
}

const WHOLE_PAST: CausalPast = { all: true, has: () => true };
const EMPTY_PAST: CausalPast = { all: false, has: () => false };

/**
 * How an event's causal past is recorded. Following every head (each local write, any linear
 * history) it is simply everything folded before. Otherwise: a cut, below which everything is
 * in the past, and a vector clock over chains of concurrent events above it — a chain being a
 * run of events each following the one before, so "the past reaches event n of chain c" means
 * events 0..n of c are in it. Chains are only a local index: the answers are exact either way.
 */
const FOLLOWS_ALL = 'follows-all';
type Placement = typeof FOLLOWS_ALL | { cut: number; clock: Map<number, number> };

/** A grant or revocation as the fold keeps it: with the changes of the same (person, role) its author had seen. */
interface RoleChange extends RoleChangeRecord {
  seen: ReadonlySet<string>;
}

/**
 * Who holds one role, folded change by change. Per person, the changes nobody has seen
 * past (the frontier) decide: the role is held when every one of them is a grant, so a
 * revocation concurrent with a grant or with an act wins until an admin who has seen it
 * grants again ("revocation wins"). One exception keeps the workspace governable: an admin
 * revocation that would leave nobody holding admin (possible only when admins revoke each
 * other concurrently) takes no effect, decided in fold order. Everything here depends on
 * the set of changes and the fold order, both the same on every replica.
 */
class RoleHolders {
  private readonly frontier = new Map<string, RoleChange[]>();

  constructor(private readonly role: string) {}

  holds(subject: string): boolean {
    const latest = this.frontier.get(subject);
    return latest !== undefined && latest.length > 0 && latest.every((c) => c.granted);
  }

  count(): number {
    let n = 0;
    for (const subject of this.frontier.keys()) if (this.holds(subject)) n++;
    return n;
  }

  /** Folds one change; false when it takes no effect. */
  step(change: RoleChange): boolean {
    const before = this.frontier.get(change.subject);
    const next = (before ?? []).filter((c) => !change.seen.has(c.eventId));
    next.push(change);
    this.frontier.set(change.subject, next);
    if (this.role === 'admin' && !change.granted && this.count() === 0) {
      if (before) this.frontier.set(change.subject, before);
      else this.frontier.delete(change.subject);
      return false;
    }
    return true;
  }
}

export class LedgerState {
  genesis: LedgerEvent<'workspace.created'> | null = null;
  readonly identities = new Map<string, IdentityRecord>();
  /** Who holds which role now (see `RoleHolders`); kept in step with every role change. */
  readonly roles = new Map<string, Set<string>>();
  readonly roleHistory: RoleChangeRecord[] = [];
  readonly policies: PolicyRecord[] = [];
  readonly requests = new Map<string, RequestRecord>();
  readonly requestsBySubject = new Map<string, RequestRecord[]>();
  readonly signoffs = new Map<string, SignoffRecord>();
  readonly findings = new Map<string, FindingActRecord[]>();
  readonly findingDetails = new Map<string, EventBody<'finding.raised'>>();
  readonly gates: GateRecord[] = [];
  readonly events: LedgerEvent[] = [];
  readonly byId = new Map<string, LedgerEvent>();
  readonly heads = new Set<string>();

  /** Fold position of every applied event (a topological order), and by position how its causal past is recorded. */
  private readonly position = new Map<string, number>();
  /** Every event folded below this position lies in the causal past of the event's children. */
  private readonly cutBelow: number[] = [];
  /** The chain of concurrent events it continues (-1 for an event that followed every head), and its place in it. */
  private readonly chainAt: number[] = [];
  private readonly indexAt: number[] = [];
  /** How far along each chain its causal past reaches, above its cut (null for an event that followed every head). */
  private readonly clockAt: (ReadonlyMap<number, number> | null)[] = [];
  /** Chain → fold positions of its events, each following the one before. */
  private readonly chains: number[][] = [];
  private readonly holders = new Map<string, RoleHolders>();
  /** Role → every change to it, in fold order. */
  private readonly roleChanges = new Map<string, RoleChange[]>();
  /**
   * Acts that concurrent replicas may both perform (nobody can see the other's), by what
   * they act on: every event id, in fold order. The records above keep the first; the rule
   * book asks whether any of them lies in an event's causal past.
   */
  private readonly identityEvents = new Map<string, string[]>();
  private readonly cancellations = new Map<string, string[]>();
  private readonly withdrawals = new Map<string, string[]>();
  private readonly raisings = new Map<string, string[]>();

  get policy(): PolicyRecord | null {
    return this.policies.at(-1) ?? null;
  }

  rolesOf(publicKey: string): Set<string> {
    return this.roles.get(publicKey) ?? new Set();
  }

  hasRole(publicKey: string, role: string): boolean {
    return this.rolesOf(publicKey).has(role);
  }

  /** Why this event may not follow the state of its own causal past, or null when it may. */
  check(event: LedgerEvent | Omit<LedgerEvent, 'id' | 'signature' | 'seq'>): RuleViolation | null {
    const past = this.pastOf(event.parents);
    const { author } = event;
    if (event.kind === 'workspace.created') {
      if (this.genesis) return { kind: 'unauthorized', message: 'a second workspace genesis; a workspace has exactly one' };
      if (event.parents.length > 0 || event.ws !== undefined)
        return { kind: 'malformed', message: 'the genesis event must have no parents and no workspace' };
      return null;
    }
    if (!this.genesis || !past.has(this.genesis.id)) return { kind: 'unauthorized', message: 'an event before the workspace genesis' };
    if (event.kind === 'identity.created') {
      if (this.identityIn(author, past)) return { kind: 'unauthorized', message: 'this key already has an identity' };
      return null;
    }
    const who = this.identityIn(author, past);
    if (!who) return { kind: 'unknown-key', message: `signed by a key no identity in this workspace owns (${author.slice(0, 12)}…)` };

    switch (event.kind) {
      case 'role.granted':
      case 'role.revoked': {
        const body = event.body as EventBody<'role.granted'>;
        const denied = this.lacks(who, past, ['admin'], event.kind === 'role.granted' ? 'granted a role' : 'revoked a role');
        if (denied) return denied;
        if (!this.identityIn(body.subject, past)) return { kind: 'unauthorized', message: 'a role change for a key with no identity' };
        const roles = this.policyIn(past)?.policy.roles ?? [];
        if (event.kind === 'role.granted') {
          if (!roles.includes(body.role))
            return { kind: 'unauthorized', message: `role "${body.role}" is not defined by the policy in force` };
          if (this.holdsIn(body.subject, body.role, past))
            return { kind: 'unauthorized', message: `the person already holds ${body.role}` };
        } else {
          if (!this.holdsIn(body.subject, body.role, past))
            return { kind: 'unauthorized', message: `the person does not hold ${body.role}` };
          if (body.role === 'admin' && this.adminCountIn(past) <= 1)
            return { kind: 'unauthorized', message: 'revoking the last admin would lock the workspace' };
        }
        return null;
      }
      case 'policy.set': {
        const denied = this.lacks(who, past, ['admin'], 'changed the policy');
        if (denied) return denied;
        const body = event.body as EventBody<'policy.set'>;
        const parsed = parsePolicy(body.yaml);
        if (!parsed.ok) return { kind: 'malformed', message: `the recorded policy is not valid: ${parsed.errors[0]?.message ?? ''}` };
        if (parsed.hash !== body.hash) return { kind: 'malformed', message: 'the recorded policy hash does not match its text' };
        return null;
      }
      case 'release.requested':
        return this.lacksAnyRole(who, past, 'requested a release');
      case 'release.cancelled': {
        const body = event.body as EventBody<'release.cancelled'>;
        const request = this.requestIn(past, body.request);
        if (!request) return { kind: 'unauthorized', message: 'cancels a request that does not exist' };
        if (this.anyIn(this.cancellations, request.id, past))
          return { kind: 'unauthorized', message: 'cancels a request already cancelled' };
        if (request.requester !== author && !this.holdsIn(author, 'admin', past)) {
          return { kind: 'unauthorized', message: `${who.name} cancelled someone else's request without being admin` };
        }
        return null;
      }
      case 'signoff.approved':
      case 'signoff.rejected': {
        const body = event.body as EventBody<'signoff.approved'>;
        const denied = this.lacks(who, past, [body.role], event.kind === 'signoff.approved' ? 'approved' : 'rejected');
        if (denied) return denied;
        const request = this.requestIn(past, body.request);
        if (!request) return { kind: 'unauthorized', message: 'signs off a request that does not exist' };
        if (subjectKey(request.subject) !== subjectKey(body.subject))
          return { kind: 'unauthorized', message: 'signs off a different model version than the request' };
        if (this.anyIn(this.cancellations, request.id, past)) return { kind: 'unauthorized', message: 'signs off a cancelled request' };
        return null;
      }
      case 'signoff.withdrawn': {
        const body = event.body as EventBody<'signoff.withdrawn'>;
        const signoff = this.signoffs.get(body.signoff);
        if (!signoff || signoff.request !== body.request || !past.has(signoff.eventId))
          return { kind: 'unauthorized', message: 'withdraws a sign-off that does not exist' };
        if (signoff.person !== author) return { kind: 'unauthorized', message: `${who.name} withdrew someone else's sign-off` };
        if (this.anyIn(this.withdrawals, signoff.eventId, past))
          return { kind: 'unauthorized', message: 'withdraws a sign-off already withdrawn' };
        return null;
      }
      case 'waiver.granted': {
        const body = event.body as EventBody<'waiver.granted'>;
        const denied = this.lacks(who, past, this.waiverRolesOf(this.policyIn(past)), 'waived a check');
        if (denied) return denied;
        const request = this.requestIn(past, body.request);
        if (!request || this.anyIn(this.cancellations, request.id, past))
          return { kind: 'unauthorized', message: 'waives a check on a request that does not exist or was cancelled' };
        return null;
      }
      case 'gate.evaluated':
        return this.lacksAnyRole(who, past, 'recorded a gate evaluation');
      case 'writeback.performed': {
        // A registry write-back must follow a passing gate recorded for the same release.
        const body = event.body as EventBody<'writeback.performed'>;
        const gate = this.gates.find((g) => g.eventId === body.gate);
        if (!gate || !past.has(gate.eventId) || gate.status !== 'pass' || subjectKey(gate.subject) !== subjectKey(body.subject)) {
          return { kind: 'unauthorized', message: 'a registry write-back without a passing gate recorded for that release' };
        }
        return this.lacksAnyRole(who, past, 'recorded a registry write-back');
      }
      case 'report.issued':
        return this.lacksAnyRole(who, past, 'issued a report');
      case 'finding.raised':
        if (this.anyIn(this.raisings, (event.body as EventBody<'finding.raised'>).finding, past))
          return { kind: 'unauthorized', message: 'raises a finding already raised' };
        return this.lacksAnyRole(who, past, 'raised a finding');
      case 'finding.acknowledged':
      case 'finding.resolved': {
        const body = event.body as EventBody<'finding.acknowledged'>;
        if (!this.anyIn(this.raisings, body.finding, past))
          return { kind: 'unauthorized', message: 'acts on a finding that was never raised' };
        return event.kind === 'finding.resolved'
          ? this.lacks(who, past, ['admin', 'compliance'], 'resolved a finding')
          : this.lacksAnyRole(who, past, 'acknowledged a finding');
      }
    }
    return null;
  }

  apply(event: LedgerEvent): void {
    // Where it sits, and (for a role change) which changes its author had seen: read before the heads move.
    const placement = this.placementOf(event.parents);
    const past = event.kind === 'role.granted' || event.kind === 'role.revoked' ? this.pastFrom(placement) : WHOLE_PAST;
    const foldedAt = this.events.length;
    this.position.set(event.id, foldedAt);
    this.events.push(event);
    this.place(foldedAt, placement);
    this.byId.set(event.id, event);
    for (const parent of event.parents) this.heads.delete(parent);
    this.heads.add(event.id);
    const { author, at, id } = event;
    switch (event.kind) {
      case 'workspace.created': {
        const body = event.body as EventBody<'workspace.created'>;
        this.genesis = event as LedgerEvent<'workspace.created'>;
        this.identities.set(author, { publicKey: author, ...body.creator, createdAt: at, eventId: id });
        this.identityEvents.set(author, [id]);
        this.changeRole({ eventId: id, subject: author, role: 'admin', granted: true, by: author, at }, EMPTY_PAST);
        return;
      }
      case 'identity.created': {
        // The same key may announce itself on two replicas at once; the first in fold order names it.
        const body = event.body as EventBody<'identity.created'>;
        if (!this.identities.has(author)) this.identities.set(author, { publicKey: author, ...body, createdAt: at, eventId: id });
        listAdd(this.identityEvents, author, id);
        return;
      }
      case 'role.granted':
      case 'role.revoked': {
        const body = event.body as EventBody<'role.granted'>;
        this.changeRole(
          { eventId: id, subject: body.subject, role: body.role, granted: event.kind === 'role.granted', by: author, at },
          past,
        );
        return;
      }
      case 'policy.set': {
        // Concurrent policy changes: the later in fold order is in force.
        const body = event.body as EventBody<'policy.set'>;
        const parsed = parsePolicy(body.yaml);
        if (parsed.ok)
          this.policies.push({
            hash: body.hash,
            yaml: body.yaml,
            policy: parsed.policy,
            eventId: id,
            at,
            by: author,
            message: body.message,
          });
        return;
      }
      case 'release.requested': {
        const body = event.body as EventBody<'release.requested'>;
        const request: RequestRecord = {
          id,
          subject: body.subject,
          note: body.note,
          requester: author,
          at,
          binding: body.binding,
          cancelled: null,
          signoffs: [],
          waivers: [],
        };
        this.requests.set(id, request);
        const key = subjectKey(body.subject);
        const list = this.requestsBySubject.get(key);
        if (list) list.push(request);
        else this.requestsBySubject.set(key, [request]);
        return;
      }
      case 'release.cancelled': {
        // Two people may cancel concurrently; the first in fold order is the one shown.
        const body = event.body as EventBody<'release.cancelled'>;
        const request = this.requests.get(body.request);
        if (request && !request.cancelled) request.cancelled = { eventId: id, by: author, at, comment: body.comment };
        listAdd(this.cancellations, body.request, id);
        return;
      }
      case 'signoff.approved':
      case 'signoff.rejected': {
        const body = event.body as EventBody<'signoff.approved'>;
        const record: SignoffRecord = {
          eventId: id,
          request: body.request,
          person: author,
          role: body.role,
          decision: event.kind === 'signoff.approved' ? 'approved' : 'rejected',
          at,
          comment: body.comment,
          conditions: event.kind === 'signoff.approved' ? body.conditions : [],
          binding: body.binding,
          withdrawn: null,
        };
        this.signoffs.set(id, record);
        this.requests.get(body.request)?.signoffs.push(record);
        return;
      }
      case 'signoff.withdrawn': {
        const body = event.body as EventBody<'signoff.withdrawn'>;
        const signoff = this.signoffs.get(body.signoff);
        if (signoff && !signoff.withdrawn) signoff.withdrawn = { eventId: id, at };
        listAdd(this.withdrawals, body.signoff, id);
        return;
      }
      case 'waiver.granted': {
        const body = event.body as EventBody<'waiver.granted'>;
        this.requests.get(body.request)?.waivers.push({
          eventId: id,
          request: body.request,
          check: body.check,
          by: author,
          at,
          justification: body.justification,
          binding: body.binding,
        });
        return;
      }
      case 'gate.evaluated': {
        const body = event.body as EventBody<'gate.evaluated'>;
        this.gates.push({
          eventId: id,
          subject: body.subject,
          request: body.request,
          status: body.status,
          policyHash: body.policyHash,
          evidenceHash: body.evidenceHash,
          at,
          by: author,
        });
        return;
      }
      case 'finding.raised': {
        // Two replicas observing the same alias move raise the same finding; it is one finding.
        const body = event.body as EventBody<'finding.raised'>;
        if (!this.findings.has(body.finding)) {
          this.findingDetails.set(body.finding, body);
          this.findings.set(body.finding, [{ eventId: id, act: 'raised', by: author, at, comment: '' }]);
        }
        listAdd(this.raisings, body.finding, id);
        return;
      }
      case 'finding.acknowledged':
      case 'finding.resolved': {
        const body = event.body as EventBody<'finding.acknowledged'>;
        this.findings.get(body.finding)?.push({
          eventId: id,
          act: event.kind === 'finding.resolved' ? 'resolved' : 'acknowledged',
          by: author,
          at,
          comment: body.comment,
        });
        return;
      }
      case 'writeback.performed':
      case 'report.issued':
        return;
    }
  }

  /** Roles that may waive in at least one tier of the policy in force. */
  waiverRoles(): string[] {
    return this.waiverRolesOf(this.policy);
  }

  private waiverRolesOf(record: PolicyRecord | null): string[] {
    const tiers = record?.policy.tiers;
    if (!tiers) return ['admin'];
    return [...new Set([...tiers.high.waivers.allowedRoles, ...tiers.medium.waivers.allowedRoles, ...tiers.low.waivers.allowedRoles])];
  }

  private changeRole(record: RoleChangeRecord, past: CausalPast): void {
    const earlier = this.roleChanges.get(record.role) ?? [];
    const seen = new Set<string>();
    for (const c of earlier) if (c.subject === record.subject && past.has(c.eventId)) seen.add(c.eventId);
    const change: RoleChange = { ...record, seen };
    listAdd(this.roleChanges, record.role, change);
    this.roleHistory.push(record);
    let holders = this.holders.get(record.role);
    if (!holders) {
      holders = new RoleHolders(record.role);
      this.holders.set(record.role, holders);
    }
    if (!holders.step(change)) return;
    let roles = this.roles.get(record.subject);
    if (!roles) {
      roles = new Set();
      this.roles.set(record.subject, roles);
    }
    if (holders.holds(record.subject)) roles.add(record.role);
    else roles.delete(record.role);
  }

  private lacks(who: IdentityRecord, past: CausalPast, roles: readonly string[], act: string): RuleViolation | null {
    if (roles.some((r) => this.holdsIn(who.publicKey, r, past))) return null;
    const what = roles.length === 1 ? `the ${roles[0]} role` : `any of: ${roles.join(', ')}`;
    return { kind: 'unauthorized', message: `${who.name} ${act} without holding ${what} at that time` };
  }

  private lacksAnyRole(who: IdentityRecord, past: CausalPast, act: string): RuleViolation | null {
    if (this.anyRoleIn(who.publicKey, past)) return null;
    return { kind: 'unauthorized', message: `${who.name} ${act} without holding any role at that time` };
  }

  private requestIn(past: CausalPast, id: string): RequestRecord | null {
    const request = this.requests.get(id);
    return request && past.has(request.id) ? request : null;
  }

  // The rule book's questions, asked of an event's causal past. With the whole state as the
  // past (the event follows every head) they read the derived state; otherwise they look
  // only at records whose events lie in that past, and fold role changes afresh from them.

  private identityIn(key: string, past: CausalPast): IdentityRecord | null {
    const identity = this.identities.get(key);
    if (!identity || past.all) return identity ?? null;
    return this.anyIn(this.identityEvents, key, past) ? identity : null;
  }

  private holdsIn(subject: string, role: string, past: CausalPast): boolean {
    if (past.all) return this.hasRole(subject, role);
    // Admin depends on everyone's admin changes (the last-admin exception); other roles only on the person's own.
    return this.holdersIn(role, past, role === 'admin' ? null : subject).holds(subject);
  }

  private anyRoleIn(subject: string, past: CausalPast): boolean {
    if (past.all) return this.rolesOf(subject).size > 0;
    for (const role of this.roleChanges.keys()) if (this.holdsIn(subject, role, past)) return true;
    return false;
  }

  private adminCountIn(past: CausalPast): number {
    return (past.all ? this.holders.get('admin') : this.holdersIn('admin', past, null))?.count() ?? 0;
  }

  private holdersIn(role: string, past: CausalPast, subject: string | null): RoleHolders {
    const holders = new RoleHolders(role);
    for (const c of this.roleChanges.get(role) ?? [])
      if ((subject === null || c.subject === subject) && past.has(c.eventId)) holders.step(c);
    return holders;
  }

  private policyIn(past: CausalPast): PolicyRecord | null {
    for (let i = this.policies.length - 1; i >= 0; i--) {
      const record = this.policies[i] as PolicyRecord;
      if (past.has(record.eventId)) return record;
    }
    return null;
  }

  private anyIn(index: ReadonlyMap<string, readonly string[]>, key: string, past: CausalPast): boolean {
    const ids = index.get(key);
    if (!ids || ids.length === 0) return false;
    return past.all || ids.some((id) => past.has(id));
  }

  /**
   * The causal past of an event with these parents. When they are the current heads, that
   * is everything applied. Otherwise it is described (see `Placement`) by a cut — every
   * event folded before it lies in the past — and, above the cut, by how far along each
   * chain of concurrent events the past reaches. Both come from the parents' own records,
   * so the cost follows the number of concurrent branches, not their length or the ledger's.
   */
  private pastOf(parents: readonly string[]): CausalPast {
    return this.pastFrom(this.placementOf(parents));
  }

  private pastFrom(placement: Placement): CausalPast {
    if (placement === FOLLOWS_ALL) return WHOLE_PAST;
    const { cut, clock } = placement;
    return {
      all: false,
      has: (id) => {
        const at = this.position.get(id);
        if (at === undefined) return false;
        if (at < cut) return true;
        const chain = this.chainAt[at] as number;
        return chain >= 0 && (clock.get(chain) ?? -1) >= (this.indexAt[at] as number);
      },
    };
  }

  private placementOf(parents: readonly string[]): Placement {
    if (parents.length === this.heads.size && parents.every((p) => this.heads.has(p))) return FOLLOWS_ALL;
    let cut = 0;
    const clock = new Map<number, number>();
    const reach = (chain: number, index: number) => {
      if (chain >= 0 && index > (clock.get(chain) ?? -1)) clock.set(chain, index);
    };
    for (const p of parents) {
      const at = this.position.get(p);
      if (at === undefined) continue;
      cut = Math.max(cut, this.cutBelow[at] as number);
      reach(this.chainAt[at] as number, this.indexAt[at] as number);
      for (const [chain, index] of this.clockAt[at] ?? []) reach(chain, index);
    }
    // What the cut already covers needs no entry: chains are in fold order, so an entry whose
    // event lies below the cut has all its chain's earlier events below it too.
    for (const [chain, index] of clock) if (((this.chains[chain] as number[])[index] as number) < cut) clock.delete(chain);
    return { cut, clock };
  }

  /** Records where an event sits, for the causal pasts of the events that will follow it. */
  private place(at: number, placement: Placement): void {
    if (placement === FOLLOWS_ALL) {
      // Everything up to and including it lies in its children's past.
      this.cutBelow.push(at + 1);
      this.chainAt.push(-1);
      this.indexAt.push(-1);
      this.clockAt.push(null);
      return;
    }
    // Continue the chain of a parent that is its chain's last event, or start a chain.
    const event = this.events[at] as LedgerEvent;
    let chain = -1;
    for (const p of event.parents) {
      const pa = this.position.get(p);
      if (pa === undefined) continue;
      const c = this.chainAt[pa] as number;
      if (c >= 0 && (this.chains[c] as number[]).at(-1) === pa) {
        chain = c;
        break;
      }
    }
    if (chain < 0) {
      chain = this.chains.length;
      this.chains.push([]);
    }
    const members = this.chains[chain] as number[];
    this.cutBelow.push(placement.cut);
    this.chainAt.push(chain);
    this.indexAt.push(members.length);
    this.clockAt.push(placement.clock);
    members.push(at);
  }
}

function listAdd<T>(index: Map<string, T[]>, key: string, value: T): void {
  const list = index.get(key);
  if (list) list.push(value);
  else index.set(key, [value]);
}

/**
 * The one order every replica folds in: by causal depth (an event comes after everything it
 * follows), then by its claimed time, then by id. Missing parents count as depth 0, so a
 * deletion cannot make the order undefined (verification reports the deletion itself).
 */
export function causalOrder<E extends { id: string; at: number; parents: string[] }>(events: readonly E[]): E[] {
  return inCausalOrderAlready(events) ?? sortCausally(events);
}

/**
 * A ledger read back in storage order is almost always in causal order already (each
 * event stored after what it follows, concurrent ones by time): one pass confirms it, and
 * saves the depth walk and the sort over 100,000 events. Null when it is not.
 */
function inCausalOrderAlready<E extends { id: string; at: number; parents: string[] }>(events: readonly E[]): E[] | null {
  const depth = new Map<string, number>();
  let previous: E | null = null;
  let previousDepth = 0;
  for (const e of events) {
    let d = 0;
    for (const p of e.parents) {
      const pd = depth.get(p);
      // A parent not seen yet: stored later, or missing (depth 0 then); the full walk decides.
      if (pd === undefined) return null;
      if (pd + 1 > d) d = pd + 1;
    }
    if (depth.has(e.id)) return null;
    depth.set(e.id, d);
    if (previous && compareCausal(previousDepth, previous, d, e) > 0) return null;
    previous = e;
    previousDepth = d;
  }
  return [...events];
}

const compareCausal = (da: number, a: { id: string; at: number }, db: number, b: { id: string; at: number }): number =>
  da - db || a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function sortCausally<E extends { id: string; at: number; parents: string[] }>(events: readonly E[]): E[] {
  const byId = new Map(events.map((e) => [e.id, e]));
  const depth = new Map<string, number>();
  const depthOf = (start: E): number => {
    // Iterative post-order walk: a ledger of 100,000 events must not exhaust the stack.
    const stack: E[] = [start];
    const visiting = new Set<string>();
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as E;
      if (depth.has(top.id)) {
        stack.pop();
        continue;
      }
      let pending = false;
      visiting.add(top.id);
      for (const p of top.parents) {
        const parent = byId.get(p);
        if (parent && !depth.has(p) && !visiting.has(p)) {
          stack.push(parent);
          pending = true;
        }
      }
      if (pending) continue;
      let d = 0;
      for (const p of top.parents) d = Math.max(d, (depth.get(p) ?? -1) + 1);
      depth.set(top.id, d);
      visiting.delete(top.id);
      stack.pop();
    }
    return depth.get(start.id) ?? 0;
  };
  const keyed = events.map((e) => ({ e, d: depthOf(e) }));
  keyed.sort((a, b) => compareCausal(a.d, a.e, b.d, b.e));
  return keyed.map((k) => k.e);
}
