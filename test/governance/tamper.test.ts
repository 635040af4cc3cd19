import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TamperKind, VerifyReport } from '@shared/domain/governance';
import { signEvent, type UnsignedEvent } from '../../electron/core/governance/events';
import { generateIdentityKey, openPrivateKey, signEventId } from '../../electron/core/governance/keys';
import { cli, fourPeople, fraudSnapshot, ingest, tempDir } from './helpers';

/**
 * Every tamper kind, done the way an attacker with the file would: straight into the
 * SQLite database, triggers dropped. `quorum ledger verify` must exit 1 and point at the row.
 */

interface Row {
  seq: number;
  id: string;
  kind: string;
  author: string;
  at: number;
  canonical: string;
  signature: string;
}

const base = tempDir('tamper-base');
const scratch: (() => void)[] = [];

beforeAll(async () => {
  ingest(base.dir, fraudSnapshot(), Date.now());
  await fourPeople(base.dir);
  for (const args of [
    ['--identity', 'Carol Diaz', 'request', 'fraud-detector@4', '--stage', 'production'],
    ['--identity', 'Bob Okafor', 'approve', 'fraud-detector@4', '--role', 'ml-engineering', '--comment', 'looks good'],
    ['--identity', 'Olu Ops', 'approve', 'fraud-detector@4', '--role', 'ops'],
    ['--identity', 'Ada Admin', 'approve', 'fraud-detector@4', '--role', 'compliance', '--comment', 'MRM-1355'],
  ]) {
    const run = await cli(base.dir, args);
    if (run.code !== 0) throw new Error(run.stderr);
  }
});
afterAll(() => {
  base.cleanup();
  for (const c of scratch) c();
});

/** A copy of the intact workspace, tampered by `edit` with the triggers and unique index gone. */
function tampered(edit: (db: Database.Database, rows: Row[]) => void): string {
  const copy = tempDir('tamper');
  scratch.push(copy.cleanup);
  cpSync(base.dir, copy.dir, { recursive: true });
  const db = new Database(join(copy.dir, 'workspace.sqlite'));
  db.exec('DROP TRIGGER ledger_events_append_only_update; DROP TRIGGER ledger_events_append_only_delete; DROP INDEX ledger_events_by_id;');
  edit(db, db.prepare('SELECT * FROM ledger_events ORDER BY seq').all() as Row[]);
  db.close();
  return copy.dir;
}

function keyOf(dir: string, publicKey: string) {
  const secrets = JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')) as { secrets: Record<string, string> };
  return openPrivateKey(secrets.secrets[`identity:${publicKey}`] as string, publicKey);
}

const byKind = (rows: Row[], kind: string, nth = 0): Row => rows.filter((r) => r.kind === kind)[nth] as Row;
const insert = (db: Database.Database, r: Omit<Row, 'seq'>) =>
  db
    .prepare('INSERT INTO ledger_events (id, kind, author, at, canonical, signature, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(r.id, r.kind, r.author, r.at, r.canonical, r.signature, r.at);

/** A new event on top of the ledger, signed properly by `key` (for forgeries that are cryptographically fine). */
function forge(
  rows: Row[],
  author: string,
  key: ReturnType<typeof keyOf>,
  body: UnsignedEvent['body'],
  kind: UnsignedEvent['kind'],
  at = Date.now(),
) {
  const last = rows.at(-1) as Row;
  const genesis = rows[0] as Row;
  const signed = signEvent({ v: 1, ws: genesis.id, kind, author, at, parents: [last.id], body } as UnsignedEvent, key);
  return { id: signed.id, kind, author, at, canonical: signed.canonical, signature: signed.signature };
}

async function verify(dir: string): Promise<{ code: number; report: VerifyReport }> {
  const run = await cli(dir, ['--json', 'ledger', 'verify']);
  return { code: run.code, report: run.json() as VerifyReport };
}

function expectProblem(report: VerifyReport, kind: TamperKind, seq: number | null, message?: RegExp) {
  const found = report.problems.find((p) => p.kind === kind && (seq === null || p.seq === seq) && (!message || message.test(p.message)));
  expect(found, `${kind} at seq ${seq} (${String(message)}) in ${JSON.stringify(report.problems, null, 1)}`).toBeDefined();
}

describe('quorum ledger verify', () => {
  it('passes the intact ledger (exit 0)', async () => {
    const { code, report } = await verify(base.dir);
    expect(code).toBe(0);
    expect(report.intact).toBe(true);
    expect(report.events).toBe(13);
  });

  it('finds an edited event', async () => {
    let seq = 0;
    const dir = tampered((db, rows) => {
      const row = byKind(rows, 'signoff.approved');
      seq = row.seq;
      db.prepare('UPDATE ledger_events SET canonical = ? WHERE seq = ?').run(row.canonical.replace('looks good', 'looks great'), row.seq);
    });
    const { code, report } = await verify(dir);
    expect(code).toBe(1);
    expectProblem(report, 'edited', seq, /edited after signing/);
  });

  it('finds an edited index column', async () => {
    let seq = 0;
    const dir = tampered((db, rows) => {
      seq = byKind(rows, 'signoff.approved', 1).seq;
      db.prepare('UPDATE ledger_events SET at = at - 1 WHERE seq = ?').run(seq);
    });
    expectProblem((await verify(dir)).report, 'edited', seq, /indexed columns/);
  });

  it('finds a deleted event in the middle, from the gap and the broken link', async () => {
    let deleted = 0;
    const dir = tampered((db, rows) => {
      deleted = byKind(rows, 'signoff.approved', 1).seq;
      db.prepare('DELETE FROM ledger_events WHERE seq = ?').run(deleted);
    });
    const { code, report } = await verify(dir);
    expect(code).toBe(1);
    expectProblem(report, 'deleted', deleted + 1, new RegExp(`seq ${deleted}`));
    expectProblem(report, 'deleted', deleted + 1, /not in the ledger: deleted/);
  });

  it('finds the last event deleted', async () => {
    let last = 0;
    const dir = tampered((db, rows) => {
      last = (rows.at(-1) as Row).seq;
      db.prepare('DELETE FROM ledger_events WHERE seq = ?').run(last);
    });
    const { code, report } = await verify(dir);
    expect(code).toBe(1);
    expectProblem(report, 'deleted', last, /deleted from the end/);
  });

  it('finds reordered events', async () => {
    let a = 0;
    const dir = tampered((db, rows) => {
      const first = byKind(rows, 'signoff.approved', 0);
      const second = byKind(rows, 'signoff.approved', 1);
      a = first.seq;
      db.prepare('UPDATE ledger_events SET seq = -1 WHERE seq = ?').run(first.seq);
      db.prepare('UPDATE ledger_events SET seq = ? WHERE seq = ?').run(first.seq, second.seq);
      db.prepare('UPDATE ledger_events SET seq = ? WHERE seq = -1').run(second.seq);
    });
    const { code, report } = await verify(dir);
    expect(code).toBe(1);
    expectProblem(report, 'reordered', a, /stored before event/);
  });

  it('finds an event re-signed by someone else, and names who', async () => {
    let seq = 0;
    const dir = tampered((db, rows) => {
      const ada = byKind(rows, 'signoff.approved', 2);
      const bob = rows.find((r) => r.kind === 'identity.created' && r.canonical.includes('Bob Okafor')) as Row;
      seq = ada.seq;
      db.prepare('UPDATE ledger_events SET signature = ? WHERE seq = ?').run(signEventId(keyOf(base.dir, bob.author), ada.id), ada.seq);
    });
    const { code, report } = await verify(dir);
    expect(code).toBe(1);
    expectProblem(report, 're-signed', seq, /signed by Bob Okafor, not by its author Ada Admin/);
  });

  it('finds a damaged signature', async () => {
    let seq = 0;
    const dir = tampered((db, rows) => {
      const row = byKind(rows, 'role.granted');
      seq = row.seq;
      const sig = Buffer.from(row.signature, 'base64url');
      sig[5] = (sig[5] as number) ^ 1;
      db.prepare('UPDATE ledger_events SET signature = ? WHERE seq = ?').run(sig.toString('base64url'), row.seq);
    });
    expectProblem((await verify(dir)).report, 'bad-signature', seq);
  });

  it('finds an event forged with an unknown key', async () => {
    let id = '';
    const dir = tampered((db, rows) => {
      const stranger = generateIdentityKey();
      const request = byKind(rows, 'release.requested');
      const parsed = JSON.parse(request.canonical) as { body: { subject: unknown; binding: unknown } };
      const event = forge(
        rows,
        stranger.publicKey,
        stranger.privateKey,
        {
          request: request.id,
          subject: parsed.body.subject,
          role: 'compliance',
          comment: '',
          conditions: [],
          binding: parsed.body.binding,
        } as UnsignedEvent['body'],
        'signoff.approved',
      );
      id = event.id;
      insert(db, event);
    });
    const { code, report } = await verify(dir);
    expect(code).toBe(1);
    expect(report.problems.find((p) => p.eventId === id)?.kind).toBe('unknown-key');
  });

  it('finds an approval signed by a real key without the role at that time', async () => {
    let id = '';
    const dir = tampered((db, rows) => {
      const carol = rows.find((r) => r.kind === 'identity.created' && r.canonical.includes('Carol Diaz')) as Row;
      const request = byKind(rows, 'release.requested');
      const parsed = JSON.parse(request.canonical) as { body: { subject: unknown; binding: unknown } };
      const event = forge(
        rows,
        carol.author,
        keyOf(base.dir, carol.author),
        {
          request: request.id,
          subject: parsed.body.subject,
          role: 'compliance',
          comment: 'self-approved',
          conditions: [],
          binding: parsed.body.binding,
        } as UnsignedEvent['body'],
        'signoff.approved',
      );
      id = event.id;
      insert(db, event);
    });
    const { report } = await verify(dir);
    const problem = report.problems.find((p) => p.eventId === id);
    expect(problem?.kind).toBe('unauthorized');
    expect(problem?.message).toMatch(/Carol Diaz approved without holding the compliance role/);
  });

  it('finds a replayed copy of an event', async () => {
    let copySeq = 0;
    const dir = tampered((db, rows) => {
      const row = byKind(rows, 'signoff.approved', 2);
      insert(db, row);
      copySeq = (rows.at(-1) as Row).seq + 1;
    });
    const { code, report } = await verify(dir);
    expect(code).toBe(1);
    expectProblem(report, 'replayed', copySeq, /stored again/);
  });

  it('finds an event replayed from another workspace', async () => {
    const other = tempDir('tamper-other');
    scratch.push(other.cleanup);
    const created = await cli(other.dir, ['identity', 'create', '--name', 'Eve', '--email', 'eve@elsewhere.example']);
    expect(created.code).toBe(0);
    const foreign = new Database(join(other.dir, 'workspace.sqlite'), { readonly: true });
    const policyRow = foreign.prepare("SELECT * FROM ledger_events WHERE kind = 'policy.set'").get() as Row;
    foreign.close();
    let seq = 0;
    const dir = tampered((db, rows) => {
      insert(db, policyRow);
      seq = (rows.at(-1) as Row).seq + 1;
    });
    expectProblem((await verify(dir)).report, 'replayed', seq, /another workspace/);
  });

  it('finds an event dated far in the future', async () => {
    let id = '';
    const dir = tampered((db, rows) => {
      const ada = rows[0] as Row;
      const event = forge(
        rows,
        ada.author,
        keyOf(base.dir, ada.author),
        { subject: rows.find((r) => r.canonical.includes('Olu Ops'))?.author as string, role: 'compliance' } as UnsignedEvent['body'],
        'role.granted',
        Date.UTC(2090, 0, 1),
      );
      id = event.id;
      insert(db, event);
    });
    const { report } = await verify(dir);
    expect(report.problems.find((p) => p.eventId === id)?.kind).toBe('future-dated');
  });

  it('finds a truncated row and a garbage row', async () => {
    let truncated = 0;
    let garbage = 0;
    const dir = tampered((db, rows) => {
      const row = byKind(rows, 'signoff.approved');
      truncated = row.seq;
      db.prepare('UPDATE ledger_events SET canonical = ? WHERE seq = ?').run(row.canonical.slice(0, 40), row.seq);
      insert(db, { id: 'not-a-hash', kind: 'x', author: 'nobody', at: 0, canonical: '\u0000\u0001garbage', signature: '!!' });
      garbage = (rows.at(-1) as Row).seq + 1;
    });
    const { code, report } = await verify(dir);
    expect(code).toBe(1);
    expectProblem(report, 'malformed', truncated, /truncated or garbage/);
    expectProblem(report, 'malformed', garbage);
  });

  it('refuses to write on top of a tampered ledger, and writes nothing', async () => {
    const dir = tampered((db, rows) => {
      insert(db, { id: 'not-a-hash', kind: 'x', author: 'nobody', at: 0, canonical: 'garbage', signature: '!!' });
      void rows;
    });
    const count = () => {
      const db = new Database(join(dir, 'workspace.sqlite'), { readonly: true });
      const n = (db.prepare('SELECT count(*) AS n FROM ledger_events').get() as { n: number }).n;
      db.close();
      return n;
    };
    const before = count();
    const run = await cli(dir, ['--identity', 'Olu Ops', 'withdraw', 'fraud-detector@4', '--role', 'ops']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/ledger failed verification .*Nothing was written/);
    expect(count()).toBe(before);
  });

  it('does not trust verification receipts copied between rows', async () => {
    // Receipts are HMACs under a key outside the database; a copied one does not fit another row.
    expect((await cli(base.dir, ['--json', 'inbox'])).code).toBe(0);
    const dir = tampered((db, rows) => {
      const ada = byKind(rows, 'signoff.approved', 2);
      const bob = rows.find((r) => r.kind === 'identity.created' && r.canonical.includes('Bob Okafor')) as Row;
      db.prepare('UPDATE ledger_events SET signature = ? WHERE seq = ?').run(signEventId(keyOf(base.dir, bob.author), ada.id), ada.seq);
      const other = db.prepare('SELECT mac FROM governance_verified WHERE id = ?').get(bob.id) as { mac: string };
      db.prepare('UPDATE governance_verified SET mac = ? WHERE id = ?').run(other.mac, ada.id);
    });
    const run = await cli(dir, ['--identity', 'Olu Ops', 'withdraw', 'fraud-detector@4', '--role', 'ops']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/re-signed by someone else/);
  });

  it('keeps a tampered approval from counting at the gate', async () => {
    const dir = tampered((db, rows) => {
      const row = byKind(rows, 'signoff.approved', 2);
      db.prepare('UPDATE ledger_events SET canonical = ? WHERE seq = ?').run(row.canonical.replace('MRM-1355', 'MRM-9999'), row.seq);
    });
    const run = await cli(dir, ['--json', 'gate', 'fraud-detector@4']);
    expect(run.code).toBe(1);
  });
});
