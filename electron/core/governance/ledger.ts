import type { Database } from 'better-sqlite3';
import { QuorumError } from '../errors';
import type { SecretStore } from '../secrets/secret-store';
import { assertSaneClock } from './clock';
import {
  EVENT_BODIES,
  signEvent,
  type EventBody,
  type EventKind,
  type LedgerEvent,
  type StoredEventRow,
  type UnsignedEvent,
} from './events';
import type { Actor } from './identities';
import { highestSeqIssued, insertEvent, ledgerMark, readRows } from './ledger-store';
import { Receipts } from './receipts';
import type { LedgerState } from './state';
import { cryptoStatusInline, cryptoStatusParallel, deriveFromRows, type Derivation } from './verify';
import { ROW_OK } from './verify-worker';

/** Unverified rows beyond this are checked on worker threads. */
const PARALLEL_DERIVE = 2_000;

/**
 * The workspace's ledger as the write path sees it: derived state, cached against the
 * table's mark (row count and highest seq) so another process appending is noticed, and
 * the one place events are signed and appended.
 */
export class Ledger {
  private cache: { mark: string; derivation: Derivation } | null = null;
  /** id → signature already verified in this process; a re-read row skips only the signature check. */
  private readonly verified = new Map<string, string>();
  private readonly receipts: Receipts;

  constructor(
    private readonly db: Database,
    private readonly now: () => number,
    private readonly secrets: SecretStore,
    private readonly changed?: () => void,
  ) {
    this.receipts = new Receipts(db, secrets);
  }

  async derivation(): Promise<Derivation> {
    const mark = ledgerMark(this.db);
    if (this.cache?.mark === mark) return this.cache.derivation;
    const rows = readRows(this.db);
    const receipt = await this.receipts.checker();
    const known = (row: { id: string; author: string; signature: string }) => this.verified.get(row.id) === row.signature || receipt(row);
    const unverified: number[] = [];
    rows.forEach((row, i) => {
      if (!known(row)) unverified.push(i);
    });
    // Hashes are always checked (cheap); signatures only where no receipt vouches for them,
    // and a big batch of those (a ledger new to this machine) on every core.
    let status: Uint8Array;
    if (unverified.length >= PARALLEL_DERIVE) {
      status = cryptoStatusInline(rows, () => true);
      const checked = (await cryptoStatusParallel(unverified.map((i) => rows[i] as StoredEventRow))).status;
      unverified.forEach((rowIndex, i) => {
        status[rowIndex] = checked[i] as number;
      });
    } else status = cryptoStatusInline(rows, known);
    const fresh: StoredEventRow[] = [];
    rows.forEach((row, i) => {
      if (status[i] !== ROW_OK) return;
      if (!this.verified.has(row.id) && !receipt(row)) fresh.push(row);
      this.verified.set(row.id, row.signature);
    });
    await this.receipts.record(fresh);
    const derivation = deriveFromRows(rows, { now: this.now(), crypto: status, highestSeqIssued: highestSeqIssued(this.db) });
    this.cache = { mark, derivation };
    return derivation;
  }

  async state(): Promise<LedgerState> {
    return (await this.derivation()).state;
  }

  /** Writing on top of a ledger that does not verify would launder the tampering: refuse. */
  async writableState(): Promise<LedgerState> {
    const { problems, state } = await this.derivation();
    const first = problems[0];
    if (first && problems.every((p) => p.kind === 'future-dated')) {
      // Every event "from the future" is far likelier to mean this machine's clock is behind.
      const newest = Math.max(...readRows(this.db).map((r) => r.at));
      assertSaneClock(this.now(), newest);
    }
    if (first) {
      throw new QuorumError(
        'conflict',
        `The ledger failed verification (${problems.length} problem${problems.length === 1 ? '' : 's'}; first at seq ${first.seq ?? '?'}: ${first.message}). Nothing was written. Run \`quorum ledger verify\` for the full list.`,
        { problems: problems.slice(0, 20) },
      );
    }
    return state;
  }

  /** Signs and appends events in one transaction; each must pass the rule book on the state it follows. */
  append(actor: Actor, drafts: { kind: EventKind; body: unknown }[], stateOverride: LedgerState): LedgerEvent[] {
    if (!stateOverride) throw new QuorumError('internal', 'append needs the state it follows');
    const state = stateOverride;
    const now = this.now();
    const written: LedgerEvent[] = [];
    // The mark the state was derived at: another process appending since then is a conflict.
    const mark = this.cache?.derivation.state === state ? this.cache.mark : ledgerMark(this.db);
    const newest = [...state.heads].reduce<number | null>((m, id) => Math.max(m ?? 0, state.byId.get(id)?.at ?? 0), null);
    assertSaneClock(now, newest);
    const signedAll = drafts.map(() => null as null | ReturnType<typeof signEvent>);
    const transaction = this.db.transaction(() => {
      if (ledgerMark(this.db) !== mark)
        throw new QuorumError('conflict', 'The ledger changed while signing (another window or command). Nothing was written; try again.');
      drafts.forEach((draft, i) => {
        const body = EVENT_BODIES[draft.kind].parse(draft.body) as EventBody<EventKind>;
        const genesisId = state.genesis?.id;
        const event: UnsignedEvent = {
          v: 1,
          ...(draft.kind === 'workspace.created' ? {} : { ws: genesisId ?? (written[0]?.id as string) }),
          kind: draft.kind,
          author: actor.identity.publicKey,
          at: now,
          parents: draft.kind === 'workspace.created' ? [] : [...state.heads].sort(),
          body,
        };
        const violation = state.check(event as LedgerEvent);
        if (violation)
          throw new QuorumError(
            violation.kind === 'malformed' ? 'invalid_input' : 'forbidden',
            `Refused: ${violation.message}. Nothing was written.`,
          );
        const signed = signEvent(event, actor.key);
        signedAll[i] = signed;
        const seq = insertEvent(this.db, signed, now);
        const stored: LedgerEvent = { ...signed.event, id: signed.id, signature: signed.signature, seq };
        state.apply(stored);
        written.push(stored);
      });
    });
    try {
      transaction.immediate();
    } catch (error) {
      // The state may hold events of the rolled-back transaction: derive afresh next time.
      this.cache = null;
      throw error;
    }
    for (const s of signedAll) if (s) this.verified.set(s.id, s.signature);
    // The in-memory state already holds the new events; only the mark moves.
    if (this.cache && this.cache.derivation.state === state) {
      this.cache = {
        mark: ledgerMark(this.db),
        derivation: { ...this.cache.derivation, events: this.cache.derivation.events + written.length },
      };
    } else this.cache = null;
    this.changed?.();
    return written;
  }
}
