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

export class LedgerState {
  genesis: LedgerEvent<'workspace.created'> | null = null;
  readonly identities = new Map<string, IdentityRecord>();
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

  get policy(): PolicyRecord | null {
    return this.policies.at(-1) ?? null;
  }

  rolesOf(publicKey: string): Set<string> {
    return this.roles.get(publicKey) ?? new Set();
  }

  hasRole(publicKey: string, role: string): boolean {
    return this.rolesOf(publicKey).has(role);
  }

  /** Why this event may not follow the current state, or null when it may. */
  check(event: LedgerEvent | Omit<LedgerEvent, 'id' | 'signature' | 'seq'>): RuleViolation | null {
    const { author } = event;
    if (event.kind === 'workspace.created') {
      if (this.genesis) return { kind: 'unauthorized', message: 'a second workspace genesis; a workspace has exactly one' };
      if (event.parents.length > 0 || event.ws !== undefined)
        return { kind: 'malformed', message: 'the genesis event must have no parents and no workspace' };
      return null;
    }
    if (!this.genesis) return { kind: 'unauthorized', message: 'an event before the workspace genesis' };
    if (event.kind === 'identity.created') {
      if (this.identities.has(author)) return { kind: 'unauthorized', message: 'this key already has an identity' };
      return null;
    }
    const who = this.identities.get(author);
    if (!who) return { kind: 'unknown-key', message: `signed by a key no identity in this workspace owns (${author.slice(0, 12)}…)` };
    const lacks = (roles: readonly string[], act: string): RuleViolation | null =>
      roles.some((r) => this.hasRole(author, r))
        ? null
        : {
            kind: 'unauthorized',
            message: `${who.name} ${act} without holding ${roles.length === 1 ? `the ${roles[0]} role` : `any of: ${roles.join(', ')}`} at that time`,
          };
    const anyRole = (act: string): RuleViolation | null =>
      this.rolesOf(author).size > 0 ? null : { kind: 'unauthorized', message: `${who.name} ${act} without holding any role at that time` };

    switch (event.kind) {
      case 'role.granted':
      case 'role.revoked': {
        const body = event.body as EventBody<'role.granted'>;
        const denied = lacks(['admin'], event.kind === 'role.granted' ? 'granted a role' : 'revoked a role');
        if (denied) return denied;
        if (!this.identities.has(body.subject)) return { kind: 'unauthorized', message: 'a role change for a key with no identity' };
        const roles = this.policy?.policy.roles ?? [];
        if (event.kind === 'role.granted') {
          if (!roles.includes(body.role))
            return { kind: 'unauthorized', message: `role "${body.role}" is not defined by the policy in force` };
          if (this.hasRole(body.subject, body.role)) return { kind: 'unauthorized', message: `the person already holds ${body.role}` };
        } else {
          if (!this.hasRole(body.subject, body.role)) return { kind: 'unauthorized', message: `the person does not hold ${body.role}` };
          if (body.role === 'admin' && this.adminCount() <= 1)
            return { kind: 'unauthorized', message: 'revoking the last admin would lock the workspace' };
        }
        return null;
      }
      case 'policy.set': {
        const denied = lacks(['admin'], 'changed the policy');
        if (denied) return denied;
        const body = event.body as EventBody<'policy.set'>;
        const parsed = parsePolicy(body.yaml);
        if (!parsed.ok) return { kind: 'malformed', message: `the recorded policy is not valid: ${parsed.errors[0]?.message ?? ''}` };
        if (parsed.hash !== body.hash) return { kind: 'malformed', message: 'the recorded policy hash does not match its text' };
        return null;
      }
      case 'release.requested':
        return anyRole('requested a release');
      case 'release.cancelled': {
        const body = event.body as EventBody<'release.cancelled'>;
        const request = this.requests.get(body.request);
        if (!request) return { kind: 'unauthorized', message: 'cancels a request that does not exist' };
        if (request.cancelled) return { kind: 'unauthorized', message: 'cancels a request already cancelled' };
        if (request.requester !== author && !this.hasRole(author, 'admin')) {
          return { kind: 'unauthorized', message: `${who.name} cancelled someone else's request without being admin` };
        }
        return null;
      }
      case 'signoff.approved':
      case 'signoff.rejected': {
        const body = event.body as EventBody<'signoff.approved'>;
        const denied = lacks([body.role], event.kind === 'signoff.approved' ? 'approved' : 'rejected');
        if (denied) return denied;
        const request = this.requests.get(body.request);
        if (!request) return { kind: 'unauthorized', message: 'signs off a request that does not exist' };
        if (subjectKey(request.subject) !== subjectKey(body.subject))
          return { kind: 'unauthorized', message: 'signs off a different model version than the request' };
        if (request.cancelled) return { kind: 'unauthorized', message: 'signs off a cancelled request' };
        return null;
      }
      case 'signoff.withdrawn': {
        const body = event.body as EventBody<'signoff.withdrawn'>;
        const signoff = this.signoffs.get(body.signoff);
        if (!signoff || signoff.request !== body.request)
          return { kind: 'unauthorized', message: 'withdraws a sign-off that does not exist' };
        if (signoff.person !== author) return { kind: 'unauthorized', message: `${who.name} withdrew someone else's sign-off` };
        if (signoff.withdrawn) return { kind: 'unauthorized', message: 'withdraws a sign-off already withdrawn' };
        return null;
      }
      case 'waiver.granted': {
        const body = event.body as EventBody<'waiver.granted'>;
        const allowed = this.waiverRoles();
        const denied = lacks(allowed, 'waived a check');
        if (denied) return denied;
        const request = this.requests.get(body.request);
        if (!request || request.cancelled)
          return { kind: 'unauthorized', message: 'waives a check on a request that does not exist or was cancelled' };
        return null;
      }
      case 'gate.evaluated':
        return anyRole('recorded a gate evaluation');
      case 'writeback.performed': {
        // A registry write-back must follow a passing gate recorded for the same release.
        const body = event.body as EventBody<'writeback.performed'>;
        const gate = this.gates.find((g) => g.eventId === body.gate);
        if (!gate || gate.status !== 'pass' || subjectKey(gate.subject) !== subjectKey(body.subject)) {
          return { kind: 'unauthorized', message: 'a registry write-back without a passing gate recorded for that release' };
        }
        return anyRole('recorded a registry write-back');
      }
      case 'report.issued':
        return anyRole('issued a report');
      case 'finding.raised':
        if (this.findings.has((event.body as EventBody<'finding.raised'>).finding))
          return { kind: 'unauthorized', message: 'raises a finding already raised' };
        return anyRole('raised a finding');
      case 'finding.acknowledged':
      case 'finding.resolved': {
        const body = event.body as EventBody<'finding.acknowledged'>;
        if (!this.findings.has(body.finding)) return { kind: 'unauthorized', message: 'acts on a finding that was never raised' };
        return event.kind === 'finding.resolved' ? lacks(['admin', 'compliance'], 'resolved a finding') : anyRole('acknowledged a finding');
      }
    }
    return null;
  }

  apply(event: LedgerEvent): void {
    this.events.push(event);
    this.byId.set(event.id, event);
    for (const parent of event.parents) this.heads.delete(parent);
    this.heads.add(event.id);
    const { author, at, id } = event;
    switch (event.kind) {
      case 'workspace.created': {
        const body = event.body as EventBody<'workspace.created'>;
        this.genesis = event as LedgerEvent<'workspace.created'>;
        this.identities.set(author, { publicKey: author, ...body.creator, createdAt: at, eventId: id });
        this.grant(author, 'admin', { eventId: id, subject: author, role: 'admin', granted: true, by: author, at });
        return;
      }
      case 'identity.created': {
        const body = event.body as EventBody<'identity.created'>;
        this.identities.set(author, { publicKey: author, ...body, createdAt: at, eventId: id });
        return;
      }
      case 'role.granted':
      case 'role.revoked': {
        const body = event.body as EventBody<'role.granted'>;
        const change = { eventId: id, subject: body.subject, role: body.role, granted: event.kind === 'role.granted', by: author, at };
        if (change.granted) this.grant(body.subject, body.role, change);
        else {
          this.rolesOf(body.subject).delete(body.role);
          this.roleHistory.push(change);
        }
        return;
      }
      case 'policy.set': {
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
        const body = event.body as EventBody<'release.cancelled'>;
        const request = this.requests.get(body.request);
        if (request) request.cancelled = { eventId: id, by: author, at, comment: body.comment };
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
        if (signoff) signoff.withdrawn = { eventId: id, at };
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
        const body = event.body as EventBody<'finding.raised'>;
        this.findingDetails.set(body.finding, body);
        this.findings.set(body.finding, [{ eventId: id, act: 'raised', by: author, at, comment: '' }]);
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
    const tiers = this.policy?.policy.tiers;
    if (!tiers) return ['admin'];
    return [...new Set([...tiers.high.waivers.allowedRoles, ...tiers.medium.waivers.allowedRoles, ...tiers.low.waivers.allowedRoles])];
  }

  private adminCount(): number {
    let n = 0;
    for (const roles of this.roles.values()) if (roles.has('admin')) n++;
    return n;
  }

  private grant(subject: string, role: string, change: RoleChangeRecord): void {
    let roles = this.roles.get(subject);
    if (!roles) {
      roles = new Set();
      this.roles.set(subject, roles);
    }
    roles.add(role);
    this.roleHistory.push(change);
  }
}

/**
 * The one order every replica folds in: by causal depth (an event comes after everything it
 * follows), then by its claimed time, then by id. Missing parents count as depth 0, so a
 * deletion cannot make the order undefined (verification reports the deletion itself).
 */
export function causalOrder<E extends { id: string; at: number; parents: string[] }>(events: readonly E[]): E[] {
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
  keyed.sort((a, b) => a.d - b.d || a.e.at - b.e.at || (a.e.id < b.e.id ? -1 : a.e.id > b.e.id ? 1 : 0));
  return keyed.map((k) => k.e);
}
