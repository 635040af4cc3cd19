import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { LedgerProblem, VerifyReport } from '@shared/domain/governance';
import { parseCanonical } from './canonical-json';
import { checkEventShape, type LedgerEvent, type StoredEventRow, type UnsignedEvent } from './events';
import { SIGNING_DOMAIN, verifyEventId } from './keys';
import { highestSeqIssued, readRows } from './ledger-store';
import { causalOrder, LedgerState } from './state';
import { ROW_BAD_SIGNATURE, ROW_HASH_MISMATCH, ROW_MALFORMED, ROW_OK, VERIFY_WORKER_SOURCE, type CryptoRow } from './verify-worker';

/**
 * Ledger verification and derivation. Checks, and what each catches:
 *
 *  per row (parallel)  text hashes to its id ............................ edited
 *                      signature verifies for the author inside the text . bad-signature / re-signed
 *                      text parses, is canonical, has a known shape ...... malformed (truncated, garbage)
 *  whole ledger        the same id stored twice, or a foreign `ws` ....... replayed
 *                      a parent id absent, a gap in seq, rows past the
 *                      last one SQLite handed out missing ................ deleted
 *                      an event stored before an event it follows, or
 *                      dated well before it ............................... reordered
 *                      dated after the verifier's clock (+5 min) ......... future-dated
 *                      author has no identity / lacks the role then ...... unknown-key / unauthorized
 *
 * Only events that pass every check are folded into state, so a tampered row can never
 * grant a role or count as an approval.
 */

/** Clocks disagree a little; anything beyond this is a wrong clock or a lie. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
const MAX_LISTED = 500;

export interface Derivation {
  state: LedgerState;
  problems: LedgerProblem[];
  events: number;
  /** seq of the highest row examined, so later appends can be folded incrementally. */
  lastSeq: number;
}

export interface DeriveOptions {
  now: number;
  /** Crypto status per row (from workers), or computed here when absent. */
  crypto?: Uint8Array;
  /** Rows already parsed by `parseRows` (done while workers check signatures). */
  parsed?: ParsedRow[];
  highestSeqIssued?: number;
}

/** Parses, checks and folds stored rows into state; every problem points at its row. */
export function deriveFromRows(rows: readonly StoredEventRow[], options: DeriveOptions): Derivation {
  const problems: LedgerProblem[] = [];
  const report = (kind: LedgerProblem['kind'], row: { seq: number | null; id: string | null }, message: string) =>
    problems.push({ kind, seq: row.seq, eventId: row.id, message });
  const crypto = options.crypto ?? cryptoStatusInline(rows);

  // 1. Each row on its own.
  const candidates: LedgerEvent[] = [];
  const seenIds = new Map<string, number>();
  const seqOf = new Map<string, number>();
  const badSignatures: { row: StoredEventRow; event: LedgerEvent }[] = [];
  rows.forEach((row, index) => {
    const where = { seq: row.seq, id: row.id };
    const firstSeq = seenIds.get(row.id);
    if (firstSeq !== undefined) {
      report('replayed', where, `event ${short(row.id)} is stored again (first at seq ${firstSeq}): a replayed copy`);
      return;
    }
    seenIds.set(row.id, row.seq);
    const status = crypto[index];
    const parsed = options.parsed?.[index] ?? parseRow(row);
    if (parsed.stage === 'text') {
      report('malformed', where, `row is not a readable event (${parsed.reason}): truncated or garbage`);
      return;
    }
    if (status === ROW_HASH_MISMATCH) {
      report('edited', where, `the content no longer matches its address ${short(row.id)}: the event was edited after signing`);
      return;
    }
    if (parsed.stage === 'shape') {
      report('malformed', where, `not a valid event: ${parsed.reason}`);
      return;
    }
    const event: LedgerEvent = { ...parsed.event, id: row.id, signature: row.signature, seq: row.seq };
    if (row.kind !== event.kind || row.author !== event.author || row.at !== event.at) {
      report('edited', where, 'the indexed columns (kind, author, at) disagree with the signed content: the row was edited');
      return;
    }
    if (status === ROW_MALFORMED) {
      report('malformed', where, 'the row has no valid author');
      return;
    }
    if (status === ROW_BAD_SIGNATURE) {
      badSignatures.push({ row, event });
      return;
    }
    if (status !== ROW_OK) return;
    seqOf.set(event.id, row.seq);
    candidates.push(event);
  });

  // 2. Deletions: gaps in seq, and rows past the end that SQLite remembers handing out.
  let expected = 1;
  for (const row of rows) {
    if (row.seq > expected) {
      report(
        'deleted',
        { seq: row.seq, id: null },
        `${row.seq - expected} event(s) missing before seq ${row.seq} (seq ${expected}–${row.seq - 1}): deleted`,
      );
    }
    expected = Math.max(expected, row.seq + 1);
  }
  const issued = options.highestSeqIssued ?? 0;
  if (issued >= expected) {
    report(
      'deleted',
      { seq: issued, id: null },
      `the last ${issued - expected + 1} event(s) (seq ${expected}–${issued}) are missing: deleted from the end`,
    );
  }

  // 3. Links, order and time, over events whose own content is sound.
  const genesis = candidates.find((e) => e.kind === 'workspace.created') ?? null;
  const byId = new Map(candidates.map((e) => [e.id, e]));
  const storedIds = new Set(rows.map((r) => r.id));
  const linked: LedgerEvent[] = [];
  for (const event of candidates) {
    const where = { seq: event.seq, id: event.id };
    if (genesis && event !== genesis && event.ws !== genesis.id) {
      report('replayed', where, `event belongs to another workspace (${short(event.ws ?? 'none')}): replayed from elsewhere`);
      continue;
    }
    let sound = true;
    for (const parent of event.parents) {
      const p = byId.get(parent);
      if (!p) {
        if (!storedIds.has(parent)) report('deleted', where, `follows event ${short(parent)}, which is not in the ledger: deleted`);
        sound = false;
        continue;
      }
      if ((seqOf.get(parent) ?? 0) > event.seq) {
        report('reordered', where, `stored before event ${short(parent)} (seq ${seqOf.get(parent)}) that it follows: reordered`);
      }
      if (event.at < p.at - CLOCK_SKEW_MS) {
        report('reordered', where, `dated ${iso(event.at)}, before ${iso(p.at)} of the event it follows: reordered or back-dated`);
      }
    }
    if (event.at > options.now + CLOCK_SKEW_MS) {
      report(
        'future-dated',
        where,
        `dated ${iso(event.at)}, after this machine's clock (${iso(options.now)}): the author's clock or the event is wrong`,
      );
      continue;
    }
    if (sound) linked.push(event);
  }

  // 4. Authority, in the one causal order every replica uses.
  const state = new LedgerState();
  for (const event of causalOrder(linked)) {
    if (event.parents.some((p) => !state.byId.has(p))) continue; // follows something that did not hold
    const violation = state.check(event);
    if (violation) {
      report(violation.kind, { seq: event.seq, id: event.id }, violation.message);
      continue;
    }
    state.apply(event);
  }

  // 5. Who re-signed? A signature that fails for its author but holds for another known key.
  for (const { row, event } of badSignatures) {
    const other = [...state.identities.values()].find(
      (i) => i.publicKey !== event.author && verifyEventId(i.publicKey, row.id, row.signature),
    );
    const authorName = state.identities.get(event.author)?.name ?? short(event.author);
    report(
      other ? 're-signed' : 'bad-signature',
      { seq: row.seq, id: row.id },
      other
        ? `signed by ${other.name}, not by its author ${authorName}: re-signed by someone else`
        : `the signature is not ${authorName}'s: forged or damaged`,
    );
  }

  problems.sort((a, b) => (a.seq ?? Number.MAX_SAFE_INTEGER) - (b.seq ?? Number.MAX_SAFE_INTEGER));
  return { state, problems, events: rows.length, lastSeq: rows.at(-1)?.seq ?? 0 };
}

export type ParsedRow = { stage: 'ok'; event: UnsignedEvent } | { stage: 'text'; reason: string } | { stage: 'shape'; reason: string };

/** Text → canonical JSON → event shape; the per-row work that is not cryptography. */
export function parseRow(row: Pick<StoredEventRow, 'canonical'>): ParsedRow {
  const parsed = parseCanonical(row.canonical);
  if (!parsed.ok) return { stage: 'text', reason: parsed.reason };
  const shape = checkEventShape(parsed.value);
  return shape.ok ? { stage: 'ok', event: shape.event } : { stage: 'shape', reason: shape.reason };
}

export function parseRows(rows: readonly StoredEventRow[]): ParsedRow[] {
  return rows.map(parseRow);
}

/** Crypto checks on this thread (small ledgers, and the write path). */
export function cryptoStatusInline(rows: readonly CryptoRow[], skipSignature?: (row: CryptoRow) => boolean): Uint8Array {
  const out = new Uint8Array(rows.length);
  rows.forEach((row, i) => {
    if (typeof row.author !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(row.author)) out[i] = ROW_MALFORMED;
    else if (createHash('sha256').update(row.canonical, 'utf8').digest('hex') !== row.id) out[i] = ROW_HASH_MISMATCH;
    else if (skipSignature?.(row)) out[i] = ROW_OK;
    else out[i] = verifyEventId(row.author, row.id, row.signature) ? ROW_OK : ROW_BAD_SIGNATURE;
  });
  return out;
}

/** Below this, starting workers costs more than it saves. */
const PARALLEL_THRESHOLD = 2_000;

/** Crypto checks across worker threads, one per core (at least two). */
export async function cryptoStatusParallel(
  rows: readonly CryptoRow[],
  workers = Math.max(2, availableParallelism()),
): Promise<{ status: Uint8Array; workers: number }> {
  if (rows.length < PARALLEL_THRESHOLD) return { status: cryptoStatusInline(rows), workers: 0 };
  const status = new Uint8Array(rows.length);
  const per = Math.ceil(rows.length / workers);
  const pool: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: workers }, (_, w) => {
        const start = w * per;
        const slice = rows
          .slice(start, start + per)
          .map((r) => ({ id: r.id, author: r.author, canonical: r.canonical, signature: r.signature }));
        if (slice.length === 0) return Promise.resolve();
        const worker = new Worker(VERIFY_WORKER_SOURCE, { eval: true, workerData: { domain: SIGNING_DOMAIN } });
        pool.push(worker);
        return new Promise<void>((resolve, reject) => {
          worker.once('message', (result: Uint8Array) => {
            status.set(result, start);
            resolve();
          });
          worker.once('error', reject);
          worker.postMessage(slice);
        });
      }),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return { status, workers: pool.length };
}

/** `quorum ledger verify`: everything, on every core. */
export async function verifyLedger(db: Database, now: number): Promise<VerifyReport> {
  const started = performance.now();
  const rows = readRows(db);
  // Signatures on the workers while this thread parses and shape-checks every row.
  const crypto = cryptoStatusParallel(rows);
  const parsed = parseRows(rows);
  const { status, workers } = await crypto;
  const derivation = deriveFromRows(rows, { now, crypto: status, highestSeqIssued: highestSeqIssued(db), parsed });
  return toReport(derivation, performance.now() - started, workers);
}

export function toReport(derivation: Derivation, elapsedMs: number, workers: number): VerifyReport {
  const { problems, state } = derivation;
  return {
    intact: problems.length === 0,
    events: derivation.events,
    heads: [...state.heads].sort(),
    genesis: state.genesis?.id ?? null,
    problems: problems.slice(0, MAX_LISTED),
    truncated: Math.max(0, problems.length - MAX_LISTED),
    elapsedMs: Math.round(elapsedMs * 10) / 10,
    workers,
  };
}

const short = (id: string): string => id.slice(0, 12);
const iso = (ms: number): string => {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
};
