import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { readRows } from '../../electron/core/governance/ledger-store';
import { cryptoStatusInline, cryptoStatusParallel, deriveFromRows } from '../../electron/core/governance/verify';
import { generateIdentityKey } from '../../electron/core/governance/keys';
import { signEvent, type UnsignedEvent } from '../../electron/core/governance/events';
import type { StoredEventRow } from '../../electron/core/governance/events';
import { cli, fourPeople, fraudSnapshot, ingest, tempDir } from './helpers';

/**
 * Properties team sync relies on: state depends on the set of events, not on the order they
 * were stored in, and the worker-thread verification agrees with the single-thread one.
 */
describe('ledger derivation', () => {
  const { dir, cleanup } = tempDir('order');
  let rows: StoredEventRow[] = [];
  beforeAll(async () => {
    ingest(dir, fraudSnapshot(), Date.now());
    await fourPeople(dir);
    await cli(dir, ['--identity', 'Carol Diaz', 'request', 'fraud-detector@4', '--stage', 'production']);
    await cli(dir, ['--identity', 'Bob Okafor', 'approve', 'fraud-detector@4', '--role', 'ml-engineering']);
    const db = new Database(join(dir, 'workspace.sqlite'), { readonly: true });
    rows = readRows(db);
    db.close();
  });
  afterAll(cleanup);

  it('derives the same state from a union of two replicas in any storage order', () => {
    const genesis = rows[0] as StoredEventRow;
    const head = rows.at(-1) as StoredEventRow;
    // Two people sign concurrently on top of the same head, on different machines.
    const ada = rows.find((r) => r.kind === 'workspace.created') as StoredEventRow;
    void ada;
    const stranger = generateIdentityKey();
    const a = signEvent(
      {
        v: 1,
        ws: genesis.id,
        kind: 'identity.created',
        author: stranger.publicKey,
        at: head.at + 1,
        parents: [head.id],
        body: { name: 'S', email: 's@x.example', handles: [] },
      } as UnsignedEvent,
      stranger.privateKey,
    );
    const other = generateIdentityKey();
    const b = signEvent(
      {
        v: 1,
        ws: genesis.id,
        kind: 'identity.created',
        author: other.publicKey,
        at: head.at + 2,
        parents: [head.id],
        body: { name: 'T', email: 't@x.example', handles: [] },
      } as UnsignedEvent,
      other.privateKey,
    );
    const toRow = (s: typeof a, seq: number): StoredEventRow => ({
      seq,
      id: s.id,
      kind: s.event.kind,
      author: s.event.author,
      at: s.event.at,
      canonical: s.canonical,
      signature: s.signature,
    });
    const n = rows.length;
    const one = [...rows, toRow(a, n + 1), toRow(b, n + 2)];
    const two = [...rows, toRow(b, n + 1), toRow(a, n + 2)];
    const d1 = deriveFromRows(one, { now: Date.now() });
    const d2 = deriveFromRows(two, { now: Date.now() });
    expect(d1.problems).toEqual([]);
    expect(d2.problems).toEqual([]);
    expect(d1.state.events.map((e) => e.id)).toEqual(d2.state.events.map((e) => e.id));
    expect([...d1.state.heads].sort()).toEqual([a.id, b.id].sort());
  });

  it('gets the same answers from worker threads as on one thread', async () => {
    const many: StoredEventRow[] = [];
    for (let i = 0; i < 2_100; i++) many.push(rows[i % rows.length] as StoredEventRow);
    many[7] = { ...(many[7] as StoredEventRow), signature: (many[8] as StoredEventRow).signature };
    many[9] = { ...(many[9] as StoredEventRow), canonical: 'garbage' };
    many[11] = { ...(many[11] as StoredEventRow), author: 'not a key' };
    const parallel = await cryptoStatusParallel(many, 2);
    expect(parallel.workers).toBe(2);
    expect(Array.from(parallel.status)).toEqual(Array.from(cryptoStatusInline(many)));
    expect(parallel.status[7]).toBe(3);
    expect(parallel.status[9]).toBe(2);
    expect(parallel.status[11]).toBe(1);
  });
});
