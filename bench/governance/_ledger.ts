import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { createCore, type Core } from '../../electron/core/create-core';
import { signEvent, type EventKind, type StoredEventRow, type UnsignedEvent } from '../../electron/core/governance/events';
import { generateIdentityKey, type KeyPair } from '../../electron/core/governance/keys';
import { defaultPolicyText, policyHash } from '../../electron/core/governance/policy';
import { defaultResourcesDir } from '../../electron/core/resources';

/**
 * Builds a realistic signed ledger straight into a workspace: four people with roles, then
 * release requests (by the data scientist) each followed by approvals from the ML engineer,
 * so every request stays open (ops and compliance still missing). Signed for real.
 */
export interface GeneratedLedger {
  core: Core;
  dir: string;
  requests: number;
  events: number;
  /** The four signers' keys, for tests that tamper with the ledger as one of them would. */
  people: Record<'ada' | 'carol' | 'bob' | 'olu', KeyPair>;
  cleanup(): void;
}

const zeros = '0'.repeat(64);

export function generateLedger(options: { events: number; approvalsPerRequest: number }): GeneratedLedger {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-bench-gov-'));
  const core = createCore({ dataDir: dir, validateOutput: false });
  const db: Database = core.store.db;
  const people = { ada: generateIdentityKey(), carol: generateIdentityKey(), bob: generateIdentityKey(), olu: generateIdentityKey() };
  let at = Date.now() - options.events - 60_000;
  let genesis = '';
  let head: string[] = [];
  let count = 0;
  let requests = 0;
  let lastRequest = '';
  const insert = db.prepare(
    'INSERT INTO ledger_events (id, kind, author, at, canonical, signature, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const add = (who: KeyPair, kind: EventKind, body: unknown): string => {
    const event = {
      v: 1,
      ...(genesis ? { ws: genesis } : {}),
      kind,
      author: who.publicKey,
      at: at++,
      parents: head,
      body,
    } as UnsignedEvent;
    const signed = signEvent(event, who.privateKey);
    insert.run(signed.id, kind, who.publicKey, event.at, signed.canonical, signed.signature, event.at);
    head = [signed.id];
    count++;
    return signed.id;
  };
  db.transaction(() => {
    genesis = add(people.ada, 'workspace.created', { creator: { name: 'Ada', email: 'ada@x.example', handles: [] } });
    const yaml = defaultPolicyText(defaultResourcesDir());
    add(people.ada, 'policy.set', { yaml, hash: policyHash(yaml), message: '' });
    for (const [name, key] of [
      ['Carol', people.carol],
      ['Bob', people.bob],
      ['Olu', people.olu],
    ] as const) {
      add(key, 'identity.created', { name, email: `${name.toLowerCase()}@x.example`, handles: [] });
    }
    for (const [key, role] of [
      [people.ada, 'compliance'],
      [people.carol, 'data-science'],
      [people.bob, 'ml-engineering'],
      [people.olu, 'ops'],
    ] as const) {
      add(people.ada, 'role.granted', { subject: key.publicKey, role });
    }
    const binding = { artifact: { source: 'runs:/r/model', runId: 'r' }, policyHash: zeros, evidenceHash: zeros };
    while (count < options.events) {
      const subject = {
        connection: 'bench',
        model: `model-${requests % 500}`,
        version: Math.floor(requests / 500) + 1,
        stage: 'production',
      };
      lastRequest = add(people.carol, 'release.requested', { subject, note: 'please review', binding });
      requests++;
      for (let a = 0; a < options.approvalsPerRequest && count < options.events; a++) {
        add(people.bob, 'signoff.approved', {
          request: lastRequest,
          subject,
          role: 'ml-engineering',
          comment: 'reproduced',
          conditions: [],
          binding,
        });
      }
    }
  })();
  db.prepare("INSERT INTO governance_settings (key, value) VALUES ('active_identity', ?)").run(people.olu.publicKey);
  return {
    core,
    dir,
    requests,
    events: count,
    people,
    cleanup: () => {
      core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Ledger rows (not a workspace) with concurrency at its worst for the fold: after a common
 * start, two people each append `perBranch` events on their own replica without ever seeing
 * the other's, then one event merges both. Every event of both branches is then judged in a
 * causal past that is not "everything folded so far". `linear` holds as many events in one
 * line, for comparison.
 */
export function concurrentRows(perBranch: number): { branches: StoredEventRow[]; linear: StoredEventRow[] } {
  const ada = generateIdentityKey();
  const olu = generateIdentityKey();
  const build = (split: boolean): StoredEventRow[] => {
    const rows: StoredEventRow[] = [];
    let at = Date.now() - 4 * perBranch - 60_000;
    let genesis = '';
    const add = (who: KeyPair, kind: EventKind, body: unknown, parents: string[]): string => {
      const event = { v: 1, ...(genesis ? { ws: genesis } : {}), kind, author: who.publicKey, at: at++, parents, body } as UnsignedEvent;
      const signed = signEvent(event, who.privateKey);
      rows.push({
        seq: rows.length + 1,
        id: signed.id,
        kind,
        author: who.publicKey,
        at: event.at,
        canonical: signed.canonical,
        signature: signed.signature,
      });
      return signed.id;
    };
    genesis = add(ada, 'workspace.created', { creator: { name: 'Ada', email: 'ada@x.example', handles: [] } }, []);
    const yaml = defaultPolicyText(defaultResourcesDir());
    let head = add(ada, 'policy.set', { yaml, hash: policyHash(yaml), message: '' }, [genesis]);
    head = add(olu, 'identity.created', { name: 'Olu', email: 'olu@x.example', handles: [] }, [head]);
    head = add(ada, 'role.granted', { subject: olu.publicKey, role: 'ops' }, [head]);
    const gate = (evidenceHash: string) => ({
      subject: { connection: 'bench', model: 'm', version: 1, stage: 'production' },
      request: null,
      status: 'blocked',
      policyHash: zeros,
      evidenceHash,
      reasons: [],
    });
    let a = head;
    let b = head;
    for (let i = 0; i < perBranch; i++) {
      a = add(ada, 'gate.evaluated', gate(zeros), [a]);
      if (split) b = add(olu, 'gate.evaluated', gate('1'.repeat(64)), [b]);
      else a = add(olu, 'gate.evaluated', gate('1'.repeat(64)), [a]);
    }
    add(ada, 'gate.evaluated', gate(zeros), split ? [a, b].sort() : [a]);
    return rows;
  };
  return { branches: build(true), linear: build(false) };
}
