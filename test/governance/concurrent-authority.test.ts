import { describe, expect, it } from 'vitest';
import type { LedgerProblem } from '@shared/domain/governance';
import { signEvent, type EventKind, type StoredEventRow, type UnsignedEvent } from '../../electron/core/governance/events';
import { generateIdentityKey, type KeyPair } from '../../electron/core/governance/keys';
import { defaultPolicyText, policyHash } from '../../electron/core/governance/policy';
import type { LedgerState } from '../../electron/core/governance/state';
import { deriveFromRows } from '../../electron/core/governance/verify';
import { defaultResourcesDir } from '../../electron/core/resources';

/**
 * Authority is judged in each event's own causal past (what it links to), so replicas that
 * merged concurrent branches agree on every verdict whatever order the events arrived in,
 * while forgeries are still forgeries. Ledgers here are signed for real and folded by the
 * verifier itself (`deriveFromRows`), in every storage order a replica could have.
 */

const zeros = '0'.repeat(64);
const subject = { connection: 'northwind', model: 'fraud-detector', version: 4, stage: 'production' };
const binding = { artifact: { source: 'runs:/r/model', runId: 'r' }, policyHash: zeros, evidenceHash: zeros };
const T0 = 1_700_000_000_000;

interface Built {
  id: string;
  row: Omit<StoredEventRow, 'seq'>;
  parents: string[];
}

/** A workspace ledger written by hand: Ada founds it, Bob and Cy join, Bob holds ml-engineering, Cy requests. */
class Ledger {
  readonly ada = generateIdentityKey();
  readonly bob = generateIdentityKey();
  readonly cy = generateIdentityKey();
  readonly events: Built[] = [];
  private at = T0;
  genesis = '';
  request = '';

  constructor() {
    this.genesis = this.add(this.ada, 'workspace.created', { creator: { name: 'Ada', email: 'ada@x.example', handles: [] } }, []);
    const yaml = defaultPolicyText(defaultResourcesDir());
    this.add(this.ada, 'policy.set', { yaml, hash: policyHash(yaml), message: '' });
    this.add(this.bob, 'identity.created', { name: 'Bob', email: 'bob@x.example', handles: [] });
    this.add(this.cy, 'identity.created', { name: 'Cy', email: 'cy@x.example', handles: [] });
    this.add(this.ada, 'role.granted', { subject: this.cy.publicKey, role: 'data-science' });
    this.add(this.ada, 'role.granted', { subject: this.bob.publicKey, role: 'ml-engineering' });
    this.request = this.add(this.cy, 'release.requested', { subject, note: '', binding });
  }

  /** The events nothing follows yet. */
  heads(): string[] {
    const followed = new Set(this.events.flatMap((e) => e.parents));
    return this.events.map((e) => e.id).filter((id) => !followed.has(id));
  }

  /** Signs an event following `parents` (by default every head: the author had seen everything). */
  add(who: KeyPair, kind: EventKind, body: unknown, parents = this.heads(), at = ++this.at): string {
    const event = {
      v: 1,
      ...(kind === 'workspace.created' ? {} : { ws: this.genesis }),
      kind,
      author: who.publicKey,
      at,
      parents: [...parents].sort(),
      body,
    } as UnsignedEvent;
    const signed = signEvent(event, who.privateKey);
    this.events.push({
      id: signed.id,
      parents: event.parents,
      row: { id: signed.id, kind, author: who.publicKey, at, canonical: signed.canonical, signature: signed.signature },
    });
    return signed.id;
  }

  approve(who: KeyPair, role: string, parents?: string[], at?: number): string {
    return this.add(who, 'signoff.approved', { request: this.request, subject, role, comment: '', conditions: [], binding }, parents, at);
  }

  role(kind: 'role.granted' | 'role.revoked', who: KeyPair, person: KeyPair, role: string, parents?: string[], at?: number): string {
    return this.add(who, kind, { subject: person.publicKey, role }, parents, at);
  }

  /** Every storage order a replica could hold: each event after the events it follows (seq = position). */
  orders(): Built[][] {
    const out: Built[][] = [];
    const walk = (placed: Built[], rest: Built[]) => {
      if (rest.length === 0) return void out.push(placed);
      const ids = new Set(placed.map((e) => e.id));
      for (const e of rest)
        if (e.parents.every((p) => ids.has(p)))
          walk(
            [...placed, e],
            rest.filter((r) => r !== e),
          );
    };
    walk([], this.events);
    return out;
  }
}

function derive(events: readonly Built[]): { problems: LedgerProblem[]; state: LedgerState } {
  const rows = events.map((e, i): StoredEventRow => ({ ...e.row, seq: i + 1 }));
  return deriveFromRows(rows, { now: T0 + 3_600_000, highestSeqIssued: rows.length });
}

/** What a replica shows: who holds what, which sign-offs exist, the heads. */
function summary(state: LedgerState) {
  return {
    roles: [...state.roles].map(([k, r]) => `${k.slice(0, 8)}:${[...r].sort().join(',')}`).sort(),
    signoffs: [...state.signoffs.keys()].sort(),
    heads: [...state.heads].sort(),
    events: state.events.map((e) => e.id),
  };
}

/** Derives in every storage order and checks they agree; returns the one outcome. */
function everyOrder(ledger: Ledger) {
  const orders = ledger.orders();
  expect(orders.length).toBeGreaterThan(1);
  const outcomes = orders.map(derive);
  const first = outcomes[0] as ReturnType<typeof derive>;
  for (const o of outcomes) {
    expect(o.problems.map((p) => [p.kind, p.eventId])).toEqual(first.problems.map((p) => [p.kind, p.eventId]));
    expect(summary(o.state)).toEqual(summary(first.state));
  }
  return first;
}

describe('authority in the causal past', () => {
  it.each([
    ['before', -1],
    ['after', +1],
  ] as const)('keeps an approval made concurrently with the revocation (revocation dated %s it); the revocation wins', (_, skew) => {
    const ledger = new Ledger();
    const base = ledger.heads();
    const revoked = ledger.role('role.revoked', ledger.ada, ledger.bob, 'ml-engineering', base, T0 + 1_000);
    const approval = ledger.approve(ledger.bob, 'ml-engineering', base, T0 + 1_000 - skew);
    const { problems, state } = everyOrder(ledger);
    expect(problems).toEqual([]);
    expect(state.signoffs.get(approval)?.person).toBe(ledger.bob.publicKey);
    expect(state.hasRole(ledger.bob.publicKey, 'ml-engineering')).toBe(false);
    expect(state.heads).toEqual(new Set([revoked, approval]));
    // Whoever follows both now knows: Bob cannot approve again.
    expect(state.check(draft(ledger, ledger.bob, 'signoff.approved', [revoked, approval]))?.kind).toBe('unauthorized');
  });

  it('still rejects an approval whose own past has the revocation, whatever else is merged', () => {
    const ledger = new Ledger();
    const revoked = ledger.role('role.revoked', ledger.ada, ledger.bob, 'ml-engineering');
    const late = ledger.approve(ledger.bob, 'ml-engineering', [revoked]);
    const problems = derive(ledger.events).problems;
    expect(problems.map((p) => [p.kind, p.eventId])).toEqual([['unauthorized', late]]);
    expect(problems[0]?.message).toMatch(/Bob approved without holding the ml-engineering role/);
  });

  it('rejects an act by a key that held the role only on a concurrent branch (a forgery, not a merge)', () => {
    const ledger = new Ledger();
    const base = ledger.heads();
    ledger.role('role.granted', ledger.ada, ledger.cy, 'ops', base);
    // Cy signs an ops approval on a branch that never saw the grant.
    const forged = ledger.approve(ledger.cy, 'ops', base);
    const { problems } = everyOrder(ledger);
    expect(problems.map((p) => [p.kind, p.eventId])).toEqual([['unauthorized', forged]]);
    expect(problems[0]?.message).toMatch(/Cy approved without holding the ops role at that time/);
  });

  it('rejects a key whose identity exists only on a concurrent branch (unknown key in its past)', () => {
    const ledger = new Ledger();
    const base = ledger.heads();
    const dee = generateIdentityKey();
    ledger.add(dee, 'identity.created', { name: 'Dee', email: 'dee@x.example', handles: [] }, base);
    const forged = ledger.add(
      dee,
      'gate.evaluated',
      { subject, request: null, status: 'pass', policyHash: zeros, evidenceHash: zeros, reasons: [] },
      base,
    );
    const { problems } = everyOrder(ledger);
    expect(problems.map((p) => [p.kind, p.eventId])).toEqual([['unknown-key', forged]]);
  });

  it('rejects an event that does not follow the genesis, even stored after it', () => {
    const ledger = new Ledger();
    const orphan = ledger.approve(ledger.bob, 'ml-engineering', []);
    const { problems } = derive(ledger.events);
    expect(problems.map((p) => [p.kind, p.eventId])).toEqual([['unauthorized', orphan]]);
  });

  it('lets a revocation concurrent with a re-grant win, until an admin who has seen both grants again', () => {
    const ledger = new Ledger();
    ledger.role('role.granted', ledger.ada, ledger.cy, 'admin');
    ledger.role('role.granted', ledger.ada, ledger.bob, 'ops');
    const base = ledger.heads();
    // Cy revokes Bob's ops; meanwhile Ada, not having seen it, revokes and re-grants it.
    const cyRevokes = ledger.role('role.revoked', ledger.cy, ledger.bob, 'ops', base, T0 + 5_000);
    const adaRevokes = ledger.role('role.revoked', ledger.ada, ledger.bob, 'ops', base, T0 + 4_000);
    const adaGrants = ledger.role('role.granted', ledger.ada, ledger.bob, 'ops', [adaRevokes], T0 + 4_001);
    const merged = everyOrder(ledger);
    expect(merged.problems).toEqual([]);
    expect(merged.state.hasRole(ledger.bob.publicKey, 'ops')).toBe(false);
    // Granting again on top of both is allowed (Bob does not hold ops there) and settles it.
    ledger.role('role.granted', ledger.ada, ledger.bob, 'ops', [cyRevokes, adaGrants], T0 + 6_000);
    const settled = derive(ledger.events);
    expect(settled.problems).toEqual([]);
    expect(settled.state.hasRole(ledger.bob.publicKey, 'ops')).toBe(true);
  });

  it('never leaves the workspace without an admin when two admins revoke each other concurrently', () => {
    const ledger = new Ledger();
    ledger.role('role.granted', ledger.ada, ledger.cy, 'admin');
    const base = ledger.heads();
    const adaRevokesCy = ledger.role('role.revoked', ledger.ada, ledger.cy, 'admin', base, T0 + 5_000);
    const cyRevokesAda = ledger.role('role.revoked', ledger.cy, ledger.ada, 'admin', base, T0 + 5_001);
    const { problems, state } = everyOrder(ledger);
    expect(problems).toEqual([]);
    // Both acts were authorised. Folded by date, Ada's comes first and takes effect; Cy's
    // would then leave nobody holding admin, so it has none.
    expect(state.hasRole(ledger.cy.publicKey, 'admin')).toBe(false);
    expect(state.hasRole(ledger.ada.publicKey, 'admin')).toBe(true);
    expect(state.roleHistory.map((h) => h.eventId)).toEqual(expect.arrayContaining([adaRevokesCy, cyRevokesAda]));
    // The surviving admin can act on top of both; the other cannot.
    expect(state.check(draft(ledger, ledger.ada, 'role.granted', [adaRevokesCy, cyRevokesAda], ledger.cy))).toBeNull();
    expect(state.check(draft(ledger, ledger.cy, 'role.granted', [adaRevokesCy, cyRevokesAda], ledger.bob))?.kind).toBe('unauthorized');
  });

  it('folds concurrent duplicates (two cancellations of one request) without quarantining either', () => {
    const ledger = new Ledger();
    const base = ledger.heads();
    const byCy = ledger.add(ledger.cy, 'release.cancelled', { request: ledger.request, comment: 'mine' }, base, T0 + 10);
    const byAda = ledger.add(ledger.ada, 'release.cancelled', { request: ledger.request, comment: 'admin' }, base, T0 + 11);
    const { problems, state } = everyOrder(ledger);
    expect(problems).toEqual([]);
    expect(state.requests.get(ledger.request)?.cancelled?.eventId).toBe(byCy);
    expect(state.byId.has(byAda)).toBe(true);
    // A sign-off that saw either cancellation is refused.
    ledger.approve(ledger.bob, 'ml-engineering', [byAda]);
    expect(derive(ledger.events).problems.map((p) => p.kind)).toEqual(['unauthorized']);
  });
});

describe('authority in the causal past, on random concurrent histories', () => {
  /** The definition itself: an event's verdict is the one the rule book gives after folding its causal past alone. */
  function verdictAlone(union: readonly Built[], target: Built): string | null {
    const byId = new Map(union.map((e) => [e.id, e]));
    const past = new Set<string>();
    const stack = [...target.parents];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      if (past.has(id)) continue;
      past.add(id);
      stack.push(...((byId.get(id) as Built).parents ?? []));
    }
    const rows = [...union.filter((e) => past.has(e.id)), target];
    const problem = derive(rows).problems.find((p) => p.eventId === target.id);
    return problem ? problem.kind : null;
  }

  it.each([1, 2, 3, 4, 5, 6])('gives every event the verdict of its own causal past (seed %i)', (seed) => {
    let state = seed;
    const random = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const ledger = new Ledger();
    ledger.role('role.granted', ledger.ada, ledger.cy, 'admin');
    // Three replicas, each knowing a subset of the events, in an order it could have stored them.
    const views: Built[][] = [0, 1, 2].map(() => [...ledger.events]);
    const people = [ledger.ada, ledger.bob, ledger.cy];
    let forged = 0;
    for (let step = 0; step < 45; step++) {
      const r = Math.floor(random() * views.length);
      const view = views[r] as Built[];
      if (random() < 0.3) {
        const known = new Set(view.map((e) => e.id));
        for (const e of views[(r + 1 + Math.floor(random() * 2)) % 3] as Built[]) if (!known.has(e.id)) view.push(e);
        continue;
      }
      const before = derive(view).state;
      const heads = [...before.heads];
      const actor = pick(people);
      const person = pick([ledger.bob, ledger.cy]);
      const op = random();
      const id =
        op < 0.25
          ? ledger.role('role.granted', actor, person, pick(['ops', 'admin', 'ml-engineering']), heads)
          : op < 0.5
            ? ledger.role('role.revoked', actor, person, pick(['ops', 'admin', 'ml-engineering']), heads)
            : op < 0.8
              ? ledger.approve(actor, pick(['ops', 'ml-engineering', 'data-science']), heads)
              : ledger.add(
                  actor,
                  'gate.evaluated',
                  { subject, request: null, status: 'pass', policyHash: zeros, evidenceHash: zeros, reasons: [] },
                  heads,
                );
      const made = ledger.events.at(-1) as Built;
      expect(made.id).toBe(id);
      // The write path signs only what the rule book allows on the author's replica; now and
      // then a forgery (signed anyway) reaches the union without any replica holding it.
      const allowed = before.check(JSON.parse(made.row.canonical) as UnsignedEvent) === null;
      if (allowed) view.push(made);
      else if (random() < 0.15) forged++;
      else ledger.events.pop();
    }
    const union = ledger.events;
    const full = derive(union);
    for (const e of union) {
      const inFull = full.problems.find((p) => p.eventId === e.id)?.kind ?? null;
      expect(inFull, `event ${e.row.kind} ${e.id.slice(0, 8)}`).toBe(verdictAlone(union, e));
    }
    // The same state from a replica that stored the union in another order (still parents first).
    const reversed = [...union].reverse();
    const placed = new Set<string>();
    const other: Built[] = [];
    while (other.length < union.length) {
      for (const e of reversed) {
        if (placed.has(e.id) || !e.parents.every((p) => placed.has(p))) continue;
        placed.add(e.id);
        other.push(e);
      }
    }
    const again = derive(other);
    expect(summary(again.state)).toEqual(summary(full.state));
    expect(again.problems.map((p) => [p.kind, p.eventId]).sort()).toEqual(full.problems.map((p) => [p.kind, p.eventId]).sort());
    // The histories are concurrent enough to matter, and hold both kinds of verdict.
    expect(full.state.heads.size + forged).toBeGreaterThan(0);
    expect(union.length).toBeGreaterThan(15);
  });
});

/** An unsigned event with given parents, for asking the rule book directly. */
function draft(ledger: Ledger, who: KeyPair, kind: 'signoff.approved' | 'role.granted', parents: string[], person?: KeyPair) {
  const body =
    kind === 'signoff.approved'
      ? { request: ledger.request, subject, role: 'ml-engineering', comment: '', conditions: [], binding }
      : { subject: (person as KeyPair).publicKey, role: 'admin' };
  return { v: 1, ws: ledger.genesis, kind, author: who.publicKey, at: T0 + 9_000, parents: [...parents].sort(), body } as UnsignedEvent;
}
