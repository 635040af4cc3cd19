import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { LedgerProblem, VerifyReport } from '@shared/domain/governance';
import { parseCanonical } from './canonical-json';
import { checkEventShape, type LedgerEvent, type StoredEventRow, type UnsignedEvent } from './events';
import { SIGNING_DOMAIN, verifyEventId } from './keys';
import { highestSeqIssued, iterateRawRows, ledgerSpan } from './ledger-store';
import { causalOrder, LedgerState } from './state';
import {
  CHUNK_STRIDE,
  ROW_BAD_SIGNATURE,
  ROW_HASH_MISMATCH,
  ROW_MALFORMED,
  ROW_OK,
  VERIFY_WORKER_SOURCE,
  type CryptoChunk,
  type CryptoChunkResult,
  type CryptoRow,
} from './verify-worker';

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
 *                      author has no identity / lacks the role in the
 *                      event's own causal past ............................ unknown-key / unauthorized
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

/** A stored row without its text: what derivation needs once the text is parsed (and hashed elsewhere). */
export type RowMeta = Omit<StoredEventRow, 'canonical'>;

/** Parses, checks and folds stored rows into state; every problem points at its row. */
export function deriveFromRows(rows: readonly StoredEventRow[], options: DeriveOptions): Derivation {
  return deriveParsed(rows, options.parsed ?? parseRows(rows), options.crypto ?? cryptoStatusInline(rows), {
    now: options.now,
    highestSeqIssued: options.highestSeqIssued ?? 0,
  });
}

function deriveParsed(
  rows: readonly RowMeta[],
  parsedRows: readonly ParsedRow[],
  crypto: Uint8Array,
  options: { now: number; highestSeqIssued: number },
): Derivation {
  const problems: LedgerProblem[] = [];
  const report = (kind: LedgerProblem['kind'], seq: number | null, eventId: string | null, message: string) =>
    problems.push({ kind, seq, eventId, message });

  // 1. Each row on its own. `first` maps every stored id to the row that first holds it;
  // `sound` holds, by row, the events whose own content checks out.
  const first = new Map<string, number>();
  const sound: (LedgerEvent | undefined)[] = new Array<LedgerEvent | undefined>(rows.length);
  const candidates: LedgerEvent[] = [];
  const badSignatures: { row: RowMeta; event: LedgerEvent }[] = [];
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index] as RowMeta;
    const earlier = first.get(row.id);
    if (earlier !== undefined) {
      const firstSeq = (rows[earlier] as RowMeta).seq;
      report('replayed', row.seq, row.id, `event ${short(row.id)} is stored again (first at seq ${firstSeq}): a replayed copy`);
      continue;
    }
    first.set(row.id, index);
    const status = crypto[index];
    const parsed = parsedRows[index] as ParsedRow;
    if (parsed.stage === 'text') {
      report('malformed', row.seq, row.id, `row is not a readable event (${parsed.reason}): truncated or garbage`);
      continue;
    }
    if (status === ROW_HASH_MISMATCH) {
      report('edited', row.seq, row.id, `the content no longer matches its address ${short(row.id)}: the event was edited after signing`);
      continue;
    }
    if (parsed.stage === 'shape') {
      report('malformed', row.seq, row.id, `not a valid event: ${parsed.reason}`);
      continue;
    }
    const event = storedEvent(parsed.event, row);
    if (row.kind !== event.kind || row.author !== event.author || row.at !== event.at) {
      report('edited', row.seq, row.id, 'the indexed columns (kind, author, at) disagree with the signed content: the row was edited');
      continue;
    }
    if (status === ROW_MALFORMED) {
      report('malformed', row.seq, row.id, 'the row has no valid author');
      continue;
    }
    if (status === ROW_BAD_SIGNATURE) {
      badSignatures.push({ row, event });
      continue;
    }
    if (status !== ROW_OK) continue;
    sound[index] = event;
    candidates.push(event);
  }

  // 2. Deletions: gaps in seq, and rows past the end that SQLite remembers handing out.
  let expected = 1;
  for (const row of rows) {
    if (row.seq > expected) {
      report(
        'deleted',
        row.seq,
        null,
        `${row.seq - expected} event(s) missing before seq ${row.seq} (seq ${expected}–${row.seq - 1}): deleted`,
      );
    }
    expected = Math.max(expected, row.seq + 1);
  }
  const issued = options.highestSeqIssued;
  if (issued >= expected) {
    report(
      'deleted',
      issued,
      null,
      `the last ${issued - expected + 1} event(s) (seq ${expected}–${issued}) are missing: deleted from the end`,
    );
  }

  // 3. Links, order and time, over events whose own content is sound.
  const genesis = candidates.find((e) => e.kind === 'workspace.created') ?? null;
  const linked: LedgerEvent[] = [];
  for (const event of candidates) {
    if (genesis && event !== genesis && event.ws !== genesis.id) {
      report('replayed', event.seq, event.id, `event belongs to another workspace (${short(event.ws ?? 'none')}): replayed from elsewhere`);
      continue;
    }
    let linksHold = true;
    for (const parent of event.parents) {
      const at = first.get(parent);
      const p = at === undefined ? undefined : sound[at];
      if (!p) {
        if (at === undefined) report('deleted', event.seq, event.id, `follows event ${short(parent)}, which is not in the ledger: deleted`);
        linksHold = false;
        continue;
      }
      if (p.seq > event.seq) {
        report('reordered', event.seq, event.id, `stored before event ${short(parent)} (seq ${p.seq}) that it follows: reordered`);
      }
      if (event.at < p.at - CLOCK_SKEW_MS) {
        report(
          'reordered',
          event.seq,
          event.id,
          `dated ${iso(event.at)}, before ${iso(p.at)} of the event it follows: reordered or back-dated`,
        );
      }
    }
    if (event.at > options.now + CLOCK_SKEW_MS) {
      report(
        'future-dated',
        event.seq,
        event.id,
        `dated ${iso(event.at)}, after this machine's clock (${iso(options.now)}): the author's clock or the event is wrong`,
      );
      continue;
    }
    if (linksHold) linked.push(event);
  }

  // 4. Authority, in the one causal order every replica uses; each event is judged against
  // its own causal past (state.ts), so what else a replica holds cannot change the verdict.
  const state = new LedgerState();
  for (const event of causalOrder(linked)) {
    if (!allApplied(event.parents, state)) continue; // follows something that did not hold
    const violation = state.check(event);
    if (violation) {
      report(violation.kind, event.seq, event.id, violation.message);
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
      row.seq,
      row.id,
      other
        ? `signed by ${other.name}, not by its author ${authorName}: re-signed by someone else`
        : `the signature is not ${authorName}'s: forged or damaged`,
    );
  }

  problems.sort((a, b) => (a.seq ?? Number.MAX_SAFE_INTEGER) - (b.seq ?? Number.MAX_SAFE_INTEGER));
  return { state, problems, events: rows.length, lastSeq: rows.at(-1)?.seq ?? 0 };
}

/**
 * The parsed event with where it is stored, built field by field: spreading the schema
 * library's output object was this loop's biggest cost on a 100,000-event ledger.
 */
function storedEvent(e: UnsignedEvent, row: RowMeta): LedgerEvent {
  const { id, signature, seq } = row;
  return e.ws === undefined
    ? { v: e.v, kind: e.kind, author: e.author, at: e.at, parents: e.parents, body: e.body, id, signature, seq }
    : { v: e.v, ws: e.ws, kind: e.kind, author: e.author, at: e.at, parents: e.parents, body: e.body, id, signature, seq };
}

function allApplied(parents: readonly string[], state: LedgerState): boolean {
  for (const p of parents) if (!state.byId.has(p)) return false;
  return true;
}

export type ParsedRow = { stage: 'ok'; event: UnsignedEvent } | { stage: 'text'; reason: string } | { stage: 'shape'; reason: string };

/** Text → canonical JSON → event shape; the per-row work that is not cryptography. */
export function parseRow(row: Pick<StoredEventRow, 'canonical'>): ParsedRow {
  const parsed = parseCanonical(row.canonical);
  if (!parsed.ok) return { stage: 'text', reason: parsed.reason };
  const shape = checkEventShape(parsed.value);
  return shape.ok ? { stage: 'ok', event: shape.event } : { stage: 'shape', reason: shape.reason };
}

export function parseRows(rows: readonly Pick<StoredEventRow, 'canonical'>[]): ParsedRow[] {
  return rows.map(parseRow);
}

const AUTHOR_KEY = /^[A-Za-z0-9_-]{43}$/;

/** Crypto checks on this thread (small ledgers, and the write path). */
export function cryptoStatusInline(rows: readonly CryptoRow[], skipSignature?: (row: CryptoRow) => boolean): Uint8Array {
  const out = new Uint8Array(rows.length);
  rows.forEach((row, i) => {
    out[i] = cryptoStatusOf(row.id, row.author, row.canonical, row.signature, skipSignature ? () => skipSignature(row) : undefined);
  });
  return out;
}

function cryptoStatusOf(id: string, author: string, canonical: string, signature: string, skipSignature?: () => boolean): number {
  if (typeof author !== 'string' || !AUTHOR_KEY.test(author)) return ROW_MALFORMED;
  if (createHash('sha256').update(canonical, 'utf8').digest('hex') !== id) return ROW_HASH_MISMATCH;
  if (skipSignature?.()) return ROW_OK;
  return verifyEventId(author, id, signature) ? ROW_OK : ROW_BAD_SIGNATURE;
}

/** Below this, starting workers costs more than it saves. */
const PARALLEL_THRESHOLD = 2_000;
/** Rows per message to a worker: small enough to start the workers early, big enough to keep messages few. */
const CHUNK_ROWS = 2_048;

/** One worker per core, and at least two: the checks are nearly all of the work. */
export function verifyThreads(): number {
  return Math.max(2, availableParallelism());
}

/**
 * Worker threads that hash and signature-check rows handed to them chunk by chunk, while
 * this thread goes on reading and parsing. Chunks go round-robin: they are of equal size,
 * and this thread is too busy to balance by answers (it reads them only when it awaits).
 */
export class CryptoPool {
  private readonly workers: Worker[] = [];
  private readonly starts: number[] = [];
  private readonly results: (Uint8Array | undefined)[] = [];
  private outstanding = 0;
  private failure: Error | null = null;
  private settle: (() => void) | null = null;

  constructor(readonly size: number) {
    for (let w = 0; w < size; w++) {
      const worker = new Worker(VERIFY_WORKER_SOURCE, { eval: true, workerData: { domain: SIGNING_DOMAIN } });
      worker.on('message', (result: CryptoChunkResult) => {
        this.results[result.chunk] = result.status;
        this.outstanding--;
        if (this.outstanding === 0) this.settle?.();
      });
      worker.on('error', (error: Error) => this.fail(error));
      worker.on('exit', (code) => {
        if (this.outstanding > 0) this.fail(new Error(`a verification worker stopped (exit code ${code}) with rows unchecked`));
      });
      this.workers.push(worker);
    }
  }

  /** Hands rows (a flat array, `CHUNK_STRIDE` strings per row) starting at row `start` to the next worker. */
  submit(start: number, rows: string[]): void {
    const chunk = this.starts.length;
    this.starts.push(start);
    this.outstanding++;
    const message: CryptoChunk = { chunk, rows };
    (this.workers[chunk % this.workers.length] as Worker).postMessage(message);
  }

  /** Every row's status, once all chunks are back. */
  async finish(total: number): Promise<Uint8Array> {
    if (this.outstanding > 0 && !this.failure) await new Promise<void>((resolve) => (this.settle = resolve));
    if (this.failure) throw this.failure;
    const status = new Uint8Array(total);
    this.results.forEach((part, chunk) => {
      if (part) status.set(part, this.starts[chunk] as number);
    });
    return status;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.settle?.();
  }
}

/** Crypto checks across worker threads, one per core (at least two). */
export async function cryptoStatusParallel(
  rows: readonly CryptoRow[],
  workers = verifyThreads(),
): Promise<{ status: Uint8Array; workers: number }> {
  if (rows.length < PARALLEL_THRESHOLD) return { status: cryptoStatusInline(rows), workers: 0 };
  // Every worker gets a share even of a middling batch.
  const chunkRows = Math.min(CHUNK_ROWS, Math.ceil(rows.length / workers));
  const pool = new CryptoPool(workers);
  try {
    for (let start = 0; start < rows.length; start += chunkRows) {
      const flat: string[] = [];
      for (const r of rows.slice(start, start + chunkRows)) flat.push(r.id, r.author, r.canonical, r.signature);
      pool.submit(start, flat);
    }
    return { status: await pool.finish(rows.length), workers: pool.size };
  } finally {
    await pool.close();
  }
}

/**
 * `quorum ledger verify`: everything, on every core. The rows are read in chunks inside one
 * read transaction (one snapshot, `sqlite_sequence` included); each chunk goes to a worker
 * before this thread parses it, so signatures are checked from the first chunk on. This
 * thread then folds the ledger assuming every hash and signature holds — the usual case —
 * while the workers finish; only if one does not is the fold redone with the real answers.
 * The text of each row is not kept once parsed and handed over.
 */
export async function verifyLedger(db: Database, now: number): Promise<VerifyReport> {
  const started = performance.now();
  const pool = ledgerSpan(db) >= PARALLEL_THRESHOLD ? new CryptoPool(verifyThreads()) : null;
  try {
    const rows: RowMeta[] = [];
    const parsed: ParsedRow[] = [];
    const inline: number[] = [];
    let issued = 0;
    const strings = new StringPool();
    db.transaction(() => {
      issued = highestSeqIssued(db);
      let batch: unknown[][] = [];
      const flush = () => {
        if (batch.length === 0) return;
        if (pool) {
          const flat: string[] = new Array<string>(batch.length * CHUNK_STRIDE);
          batch.forEach((raw, i) => {
            flat[i * CHUNK_STRIDE] = text(raw[1]);
            flat[i * CHUNK_STRIDE + 1] = text(raw[3]);
            flat[i * CHUNK_STRIDE + 2] = text(raw[5]);
            flat[i * CHUNK_STRIDE + 3] = text(raw[6]);
          });
          pool.submit(rows.length, flat);
        }
        for (const raw of batch) {
          const id = strings.share(text(raw[1]));
          const author = strings.share(text(raw[3]));
          const canonical = text(raw[5]);
          const signature = text(raw[6]);
          if (!pool) inline.push(cryptoStatusOf(id, author, canonical, signature));
          rows.push({ seq: raw[0] as number, id, kind: strings.share(text(raw[2])), author, at: raw[4] as number, signature });
          const row = parseRow({ canonical });
          if (row.stage === 'ok') strings.shareWithin(row.event);
          parsed.push(row);
        }
        batch = [];
      };
      for (const raw of iterateRawRows(db)) {
        batch.push(raw);
        if (batch.length === CHUNK_ROWS) flush();
      }
      flush();
    })();
    const options = { now, highestSeqIssued: issued };
    if (!pool) return toReport(deriveParsed(rows, parsed, Uint8Array.from(inline), options), performance.now() - started, 0);
    const optimistic = deriveParsed(rows, parsed, new Uint8Array(rows.length).fill(ROW_OK), options);
    const status = await pool.finish(rows.length);
    const derivation = status.every((s) => s === ROW_OK) ? optimistic : deriveParsed(rows, parsed, status, options);
    return toReport(derivation, performance.now() - started, pool.size);
  } finally {
    await pool?.close();
  }
}

/**
 * One copy of each short string a big ledger repeats: authors, kinds, the workspace id,
 * hashes, names, and every id that later events cite as a parent or a request. A 100,000-
 * event ledger otherwise holds each of those once per mention, and the garbage collector
 * copies all of it while verification runs (it was a third of this thread's time).
 */
class StringPool {
  private readonly pool = new Map<string, string>();

  share(value: string): string {
    if (value.length > MAX_SHARED) return value;
    const known = this.pool.get(value);
    if (known !== undefined) return known;
    this.pool.set(value, value);
    return value;
  }

  /** Replaces, in place, the strings of a parsed event (plain JSON data this verification owns). */
  shareWithin(value: object): void {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item === 'string') value[i] = this.share(item);
        else if (item !== null && typeof item === 'object') this.shareWithin(item);
      }
      return;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const item = record[key];
      if (typeof item === 'string') record[key] = this.share(item);
      else if (item !== null && typeof item === 'object') this.shareWithin(item);
    }
  }
}

/** Longer strings (comments, policy text) are rarely repeated: not worth a lookup. */
const MAX_SHARED = 128;

/** A column read raw: text as stored; anything else a tamperer put there, as text (which then fails its checks). */
function text(value: unknown): string {
  return typeof value === 'string' ? value : String(value ?? '');
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
