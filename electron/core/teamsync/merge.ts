import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { LedgerProblem } from '@shared/domain/governance';
import type { StoredEventRow, UnsignedEvent } from '../governance/events';
import { highestSeqIssued, insertEvent, readRows } from '../governance/ledger-store';
import { causalOrder } from '../governance/state';
import { cryptoStatusParallel, deriveFromRows, parseRow, type ParsedRow } from '../governance/verify';
import { ROW_BAD_SIGNATURE, ROW_HASH_MISMATCH, ROW_OK } from '../governance/verify-worker';
import { MAX_EVENT_BYTES } from './pg-schema';

/**
 * The merge: foreign ledger events (pulled from the team database) are verified before they
 * touch the local ledger, then appended by union. Nothing a pulled row claims is trusted:
 *
 *  1. its text must be at most MAX_EVENT_BYTES, hash to its id (else `edited`), parse as a
 *     canonical event of a known shape (`malformed`), belong to this workspace (`replayed`),
 *     and carry a valid ed25519 signature of the author named inside the signed text
 *     (`bad-signature`); the server's own columns (author, kind, workspace) are ignored;
 *  2. a row whose id this replica already holds must carry the very same text (else the
 *     server copy was edited: `edited`, and the local copy stays);
 *  3. the survivors are folded, with the local ledger, by the governance verifier itself
 *     (`deriveFromRows`: links, order, clock, and the rule book — author's key known, role
 *     held at that point); any problem it reports on a candidate quarantines that candidate,
 *     and its descendants then fail for a missing parent, until nothing new is found;
 *  4. a candidate that would make an event this replica already holds fail is quarantined as
 *     `conflict`, so the local ledger always stays intact (a defence: authority is judged in
 *     each event's own causal past, so concurrent acts such as an approval made while the role
 *     was being revoked elsewhere are folded in, not conflicts; see the governance README);
 *  5. what remains is appended in causal order (parents first), so `quorum ledger verify`
 *     sees a ledger with no gap and no reordering.
 *
 * Quarantined rows are kept verbatim in `teamsync_quarantine`, shown, and never applied.
 * Rows waiting for a parent or dated in the future are `retryable` and tried at each sync.
 * Everything in the database happens in one IMMEDIATE transaction with the caller's cursor
 * update, so an interruption anywhere leaves either all of it or none of it.
 */

export interface PulledRow {
  serverSeq: number | null;
  id: string;
  canonical: string;
  signature: string;
}

export interface QuarantineEntry {
  row: PulledRow;
  kind: string | null;
  author: string | null;
  problem: LedgerProblem['kind'] | 'conflict';
  reason: string;
  retryable: boolean;
}

export interface MergeOutcome {
  /** Ids appended to the local ledger. */
  applied: string[];
  /** Rows this replica already held, byte for byte. */
  known: PulledRow[];
  quarantined: QuarantineEntry[];
}

interface Candidate {
  row: PulledRow;
  event: UnsignedEvent;
  parsed: ParsedRow;
}

const RETRYABLE: ReadonlySet<string> = new Set(['deleted', 'future-dated']);

export function quarantineKey(row: Pick<PulledRow, 'id' | 'canonical' | 'signature'>): string {
  return createHash('sha256').update(`${row.id}\n${row.signature}\n${row.canonical}`, 'utf8').digest('hex');
}

/** Steps 1 (all but the local comparison): pure, and the signatures run on worker threads for big batches. */
export async function precheck(
  rows: readonly PulledRow[],
  workspace: string,
): Promise<{ candidates: Candidate[]; rejected: QuarantineEntry[] }> {
  const rejected: QuarantineEntry[] = [];
  const parsedOk: Candidate[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    const reject = (problem: QuarantineEntry['problem'], reason: string, event?: UnsignedEvent) =>
      rejected.push({ row, kind: event?.kind ?? null, author: event?.author ?? null, problem, reason, retryable: false });
    if (typeof row.canonical !== 'string' || row.canonical.length > MAX_EVENT_BYTES || typeof row.signature !== 'string') {
      reject('malformed', 'the row is too large or not text');
      continue;
    }
    if (createHash('sha256').update(row.canonical, 'utf8').digest('hex') !== row.id) {
      reject('edited', 'its text no longer hashes to its id: the event was edited after it was signed (on the team database)');
      continue;
    }
    const parsed = parseRow(row);
    if (parsed.stage !== 'ok') {
      reject('malformed', `not a valid ledger event: ${parsed.reason}`);
      continue;
    }
    const { event } = parsed;
    const belongs = event.kind === 'workspace.created' ? row.id === workspace : event.ws === workspace;
    if (!belongs) {
      reject('replayed', `the event belongs to another workspace (${(event.ws ?? row.id).slice(0, 12)}), not this team ledger`, event);
      continue;
    }
    parsedOk.push({ row, event, parsed });
  }
  const { status } = await cryptoStatusParallel(
    parsedOk.map((c) => ({ id: c.row.id, author: c.event.author, canonical: c.row.canonical, signature: c.row.signature })),
  );
  const candidates: Candidate[] = [];
  parsedOk.forEach((c, i) => {
    const s = status[i];
    if (s === ROW_OK) candidates.push(c);
    else
      rejected.push({
        row: c.row,
        kind: c.event.kind,
        author: c.event.author,
        problem: s === ROW_BAD_SIGNATURE ? 'bad-signature' : s === ROW_HASH_MISMATCH ? 'edited' : 'malformed',
        reason:
          s === ROW_BAD_SIGNATURE
            ? 'the signature is not the author’s: forged, or re-signed by someone else'
            : 'the row has no valid author or its text does not match its id',
        retryable: false,
      });
  });
  return { candidates, rejected };
}

const problemKey = (p: LedgerProblem): string => `${p.kind}\u0000${p.eventId ?? ''}\u0000${p.message}`;

/**
 * Steps 2–5. Must run inside an IMMEDIATE transaction (the caller's), so the local ledger
 * cannot change between the trial fold and the append.
 */
export function mergeCandidates(
  db: Database,
  prechecked: { candidates: Candidate[]; rejected: QuarantineEntry[] },
  now: number,
): MergeOutcome {
  const outcome: MergeOutcome = { applied: [], known: [], quarantined: [...prechecked.rejected] };
  const localRows = readRows(db);
  const localById = new Map(localRows.map((r) => [r.id, r]));
  let candidates: Candidate[] = [];
  for (const c of prechecked.candidates) {
    const local = localById.get(c.row.id);
    if (!local) candidates.push(c);
    else if (local.canonical === c.row.canonical) outcome.known.push(c.row);
    else
      outcome.quarantined.push({
        row: c.row,
        kind: c.event.kind,
        author: c.event.author,
        problem: 'edited',
        reason: 'the team database’s copy differs from the one this replica holds: edited on the server',
        retryable: false,
      });
  }
  // Known rows that arrived with a different signature than ours are a server-side edit too.
  for (const row of [...outcome.known]) {
    const local = localById.get(row.id);
    if (local && local.signature !== row.signature) {
      outcome.known.splice(outcome.known.indexOf(row), 1);
      outcome.known.push({ ...row, signature: local.signature });
      outcome.quarantined.push({
        row,
        kind: local.kind,
        author: local.author,
        problem: 'bad-signature',
        reason: 'the team database’s copy carries a different signature than the one this replica holds: re-signed on the server',
        retryable: false,
      });
    }
  }
  if (candidates.length === 0) return outcome;

  const localParsed = localRows.map(parseRow);
  const base = localRows.at(-1)?.seq ?? 0;
  const issued = highestSeqIssued(db);
  const trial = (extra: Candidate[]) => {
    const ordered = causalOrder(extra.map((c) => ({ ...c, id: c.row.id, at: c.event.at, parents: c.event.parents })));
    const rows: StoredEventRow[] = [...localRows];
    const parsed: ParsedRow[] = [...localParsed];
    ordered.forEach((c, i) => {
      rows.push({
        seq: base + i + 1,
        id: c.row.id,
        kind: c.event.kind,
        author: c.event.author,
        at: c.event.at,
        canonical: c.row.canonical,
        signature: c.row.signature,
      });
      parsed.push(c.parsed);
    });
    // Local rows are the governance verifier's business (`ledger verify`); only new problems count here.
    const crypto = new Uint8Array(rows.length).fill(ROW_OK);
    const derivation = deriveFromRows(rows, { now, crypto, parsed, highestSeqIssued: issued });
    return { ordered, problems: derivation.problems };
  };
  const baseline = new Set(
    deriveFromRows(localRows, {
      now,
      crypto: new Uint8Array(localRows.length).fill(ROW_OK),
      parsed: localParsed,
      highestSeqIssued: issued,
    }).problems.map(problemKey),
  );

  const quarantine = (c: Candidate, problem: QuarantineEntry['problem'], reason: string) =>
    outcome.quarantined.push({
      row: c.row,
      kind: c.event.kind,
      author: c.event.author,
      problem,
      reason,
      retryable: RETRYABLE.has(problem),
    });

  // Fold, quarantine what the verifier objects to, fold again, until stable.
  let accepted: Candidate[] | null = null;
  for (;;) {
    const ids = new Map(candidates.map((c) => [c.row.id, c]));
    const { problems, ordered } = trial(candidates);
    const fresh = problems.filter((p) => !baseline.has(problemKey(p)));
    if (fresh.length === 0) {
      accepted = ordered;
      break;
    }
    const blamed = new Map<string, LedgerProblem>();
    for (const p of fresh) if (p.eventId && ids.has(p.eventId) && !blamed.has(p.eventId)) blamed.set(p.eventId, p);
    if (blamed.size === 0) {
      // The candidates break events this replica already holds: a concurrent conflict. Admit them one by one.
      candidates = admitOneByOne(candidates, trial, baseline, quarantine);
      break;
    }
    for (const [id, p] of blamed) {
      const c = ids.get(id) as Candidate;
      quarantine(c, p.kind, p.kind === 'deleted' ? `waits for an event this replica does not hold: ${p.message}` : p.message);
    }
    candidates = candidates.filter((c) => !blamed.has(c.row.id));
    if (candidates.length === 0) break;
  }

  const ordered = accepted ?? trial(candidates).ordered;
  for (const c of ordered) {
    insertEvent(db, { id: c.row.id, canonical: c.row.canonical, signature: c.row.signature, event: c.event }, now);
    outcome.applied.push(c.row.id);
  }
  return outcome;
}

function admitOneByOne(
  candidates: Candidate[],
  trial: (extra: Candidate[]) => { ordered: Candidate[]; problems: LedgerProblem[] },
  baseline: Set<string>,
  quarantine: (c: Candidate, problem: QuarantineEntry['problem'], reason: string) => void,
): Candidate[] {
  const admitted: Candidate[] = [];
  const { ordered } = trial(candidates);
  for (const c of ordered) {
    const fresh = trial([...admitted, c]).problems.filter((p) => !baseline.has(problemKey(p)));
    if (fresh.length === 0) admitted.push(c);
    else quarantine(c, 'conflict', `conflicts with events this replica already holds: ${fresh[0]?.message ?? ''}`);
  }
  return admitted;
}
