import type { Database } from 'better-sqlite3';
import type { SignedEvent, StoredEventRow } from './events';

/** SQL for the ledger table; bound parameters only. Rows stay untrusted until verified. */

const ROW_COLUMNS = 'SELECT seq, id, kind, author, at, canonical, signature FROM ledger_events ORDER BY seq';

export function readRows(db: Database): StoredEventRow[] {
  return db.prepare(ROW_COLUMNS).all() as StoredEventRow[];
}

/**
 * The same rows as arrays ([seq, id, kind, author, at, canonical, signature]), one at a time:
 * verification of a big ledger hands each chunk on as it arrives instead of holding every
 * row object (and its text) at once. Values are as stored, which a tamperer may have made
 * anything: callers check them.
 */
export function iterateRawRows(db: Database): IterableIterator<unknown[]> {
  return db.prepare(ROW_COLUMNS).raw().iterate() as IterableIterator<unknown[]>;
}

/** How many rows the table spans, from its seq range: cheap (no scan), and enough to size the work. */
export function ledgerSpan(db: Database): number {
  const row = db.prepare('SELECT coalesce(max(seq) - min(seq) + 1, 0) AS n FROM ledger_events').get() as { n: number };
  return row.n;
}

export function rowsAfter(db: Database, seq: number): StoredEventRow[] {
  return db
    .prepare('SELECT seq, id, kind, author, at, canonical, signature FROM ledger_events WHERE seq > ? ORDER BY seq')
    .all(seq) as StoredEventRow[];
}

/** Cheap fingerprint of the table, to know when a cached derivation is stale. */
export function ledgerMark(db: Database): string {
  const row = db.prepare('SELECT count(*) AS n, coalesce(max(seq), 0) AS m FROM ledger_events').get() as { n: number; m: number };
  return `${row.n}:${row.m}`;
}

/** The highest seq ever handed out (SQLite keeps it even when the rows are gone). */
export function highestSeqIssued(db: Database): number {
  const row = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'ledger_events'").get() as { seq: number } | undefined;
  return row?.seq ?? 0;
}

export function insertEvent(db: Database, signed: SignedEvent, receivedAt: number): number {
  const { event } = signed;
  const result = db
    .prepare('INSERT INTO ledger_events (id, kind, author, at, canonical, signature, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(signed.id, event.kind, event.author, event.at, signed.canonical, signed.signature, receivedAt);
  return Number(result.lastInsertRowid);
}
