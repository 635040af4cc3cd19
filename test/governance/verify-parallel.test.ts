import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLedger, type GeneratedLedger } from '../../bench/governance/_ledger';
import { signEventId } from '../../electron/core/governance/keys';
import { highestSeqIssued, readRows } from '../../electron/core/governance/ledger-store';
import { deriveFromRows, verifyLedger } from '../../electron/core/governance/verify';
import { tempDir } from './helpers';

/**
 * `ledger verify` on a ledger big enough for worker threads: rows are streamed to the
 * workers in chunks and the ledger is folded before their answers are in, then folded
 * again if any hash or signature failed. Whatever path it takes, it must report exactly
 * what the plain single-thread derivation reports.
 */
describe('ledger verification on worker threads', () => {
  let ledger: GeneratedLedger;
  const scratch = tempDir('verify-parallel');
  let copies = 0;

  beforeAll(() => {
    ledger = generateLedger({ events: 5_000, approvalsPerRequest: 2 });
    ledger.core.store.db.pragma('wal_checkpoint(TRUNCATE)');
  });
  afterAll(() => {
    ledger?.cleanup();
    scratch.cleanup();
  });

  /** A copy of the ledger's database, edited as an attacker with the file would (triggers and the unique index dropped). */
  function copy(edit?: (db: Database.Database) => void): Database.Database {
    const file = join(scratch.dir, `copy-${copies++}.sqlite`);
    copyFileSync(join(ledger.dir, 'workspace.sqlite'), file);
    const db = new Database(file);
    if (edit) {
      db.exec(
        'DROP TRIGGER ledger_events_append_only_update; DROP TRIGGER ledger_events_append_only_delete; DROP INDEX ledger_events_by_id;',
      );
      edit(db);
    }
    return db;
  }

  /** The single-thread answer, for comparison. */
  const inline = (db: Database.Database, now: number) => deriveFromRows(readRows(db), { now, highestSeqIssued: highestSeqIssued(db) });
  const brief = (problems: readonly { kind: string; seq: number | null; eventId: string | null; message: string }[]) =>
    problems.map((p) => `${p.seq}:${p.kind}:${p.eventId ?? ''}:${p.message}`);

  it('passes the intact ledger on two workers, with the state the single thread derives', async () => {
    const db = copy();
    const now = Date.now();
    const report = await verifyLedger(db, now);
    expect(report).toMatchObject({ intact: true, events: 5_000, workers: expect.any(Number) as number });
    expect(report.workers).toBeGreaterThanOrEqual(2);
    const single = inline(db, now);
    expect(single.problems).toEqual([]);
    expect(report.heads).toEqual([...single.state.heads].sort());
    expect(report.genesis).toBe(single.state.genesis?.id);
    db.close();
  });

  it('finds edits, a re-signature, a damaged signature and a deletion spread over the chunks', async () => {
    const bob = ledger.people.bob;
    const at = (seq: number) => ({ seq, id: '' });
    const edited = at(1_500);
    const resigned = at(3_001);
    const damaged = at(4_990);
    const deleted = at(900);
    const db = copy((d) => {
      const row = (seq: number) =>
        d.prepare('SELECT id, canonical, signature FROM ledger_events WHERE seq = ?').get(seq) as {
          id: string;
          canonical: string;
          signature: string;
        };
      for (const t of [edited, resigned, damaged, deleted]) t.id = row(t.seq).id;
      d.prepare('UPDATE ledger_events SET canonical = ? WHERE seq = ?').run(
        row(edited.seq).canonical.replace('reproduced', 'reproduced!'),
        edited.seq,
      );
      d.prepare('UPDATE ledger_events SET signature = ? WHERE seq = ?').run(signEventId(bob.privateKey, resigned.id), resigned.seq);
      const sig = Buffer.from(row(damaged.seq).signature, 'base64url');
      sig[9] = (sig[9] as number) ^ 4;
      d.prepare('UPDATE ledger_events SET signature = ? WHERE seq = ?').run(sig.toString('base64url'), damaged.seq);
      d.prepare('DELETE FROM ledger_events WHERE seq = ?').run(deleted.seq);
    });
    const now = Date.now();
    const report = await verifyLedger(db, now);
    expect(report.intact).toBe(false);
    expect(report.workers).toBeGreaterThanOrEqual(2);
    const found = (kind: string, seq: number, id?: string) =>
      report.problems.find((p) => p.kind === kind && p.seq === seq && (id === undefined || p.eventId === id));
    expect(found('edited', edited.seq, edited.id)?.message).toMatch(/edited after signing/);
    expect(found('re-signed', resigned.seq, resigned.id)?.message).toMatch(/re-signed by someone else/);
    expect(found('bad-signature', damaged.seq, damaged.id)).toBeDefined();
    expect(found('deleted', deleted.seq + 1)?.message).toMatch(new RegExp(`seq ${deleted.seq}`));
    // Exactly what one thread finds, problem for problem.
    expect(brief(report.problems)).toEqual(brief(inline(db, now).problems));
    db.close();
  });

  it('finds a garbage row and a replayed copy among thousands', async () => {
    let garbage = 0;
    let replay = 0;
    const db = copy((d) => {
      const insert = d.prepare(
        'INSERT INTO ledger_events (id, kind, author, at, canonical, signature, received_at) SELECT id, kind, author, at, canonical, signature, at FROM ledger_events WHERE seq = ?',
      );
      replay = Number(insert.run(2_222).lastInsertRowid);
      garbage = Number(
        d
          .prepare('INSERT INTO ledger_events (id, kind, author, at, canonical, signature, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run('x'.repeat(64), 'x', 'nobody', 0, '\u0000garbage', '!!', 0).lastInsertRowid,
      );
    });
    const now = Date.now();
    const report = await verifyLedger(db, now);
    expect(report.problems.map((p) => [p.seq, p.kind])).toEqual([
      [replay, 'replayed'],
      [garbage, 'malformed'],
    ]);
    expect(brief(report.problems)).toEqual(brief(inline(db, now).problems));
    db.close();
  });
});
