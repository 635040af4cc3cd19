import type { Database, Statement } from 'better-sqlite3';
import type { ValidationIssue } from '@shared/domain/lineage';
import { sha256 } from '../canonical';
import { GraphStore } from '../graph/store';
import { conflictOf, projectEvent } from './project';
import type { OpenLineageSchemas } from './schemas';
import type { ValidEvent } from './types';
import { validateEvent } from './validate';

/** Where an event came from: the receiver (with the peer address) or a file (path and position). */
export interface EventSource {
  source: 'receiver' | 'file' | 'document';
  ref: string;
}

export type EventOutcome =
  | { status: 'accepted'; hash: string; warnings: ValidationIssue[] }
  | { status: 'duplicate'; hash: string; warnings: ValidationIssue[] }
  | { status: 'rejected'; hash: string; reasons: ValidationIssue[] };

/** The largest raw text kept for a rejected event; more is cut and marked. */
export const MAX_REJECTED_RAW_CHARS = 1024 * 1024;

interface Statements {
  insertEvent: Statement;
  upsertRejected: Statement;
}

const cache = new WeakMap<Database, Statements>();

function statements(db: Database): Statements {
  let s = cache.get(db);
  if (s) return s;
  s = {
    insertEvent: db.prepare(`
      INSERT INTO lineage_events (hash, kind, event_type, event_time, run_id, job_namespace, job_name, producer, source, source_ref,
                                  received_at, warnings_json, raw_json)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (hash) DO NOTHING`),
    // A client retrying a bad event counts up the same row instead of filling the table.
    upsertRejected: db.prepare(`
      INSERT INTO lineage_rejected (hash, source, source_ref, first_received_at, last_received_at, times, reasons_json, raw)
      VALUES (?, ?, ?, ?, ?, 1, ?, ?)
      ON CONFLICT (hash) DO UPDATE SET times = times + 1, last_received_at = excluded.last_received_at,
        source = excluded.source, source_ref = excluded.source_ref, reasons_json = excluded.reasons_json`),
  };
  cache.set(db, s);
  return s;
}

/**
 * Stores validated events and projects them into the graph. Call inside a transaction; each
 * event runs in its own savepoint, so one that fails while being written is recorded as
 * rejected and the others stay.
 */
export class EventIngestor {
  private readonly s: Statements;
  private readonly graph: GraphStore;

  constructor(
    readonly db: Database,
    private readonly schemas: () => OpenLineageSchemas,
  ) {
    this.s = statements(db);
    this.graph = new GraphStore(db);
  }

  validate(raw: unknown): ReturnType<typeof validateEvent> {
    return validateEvent(raw, this.schemas());
  }

  /** Validates and stores one parsed JSON value. */
  ingestValue(raw: unknown, origin: EventSource, receivedAt: number): EventOutcome {
    const outcome = this.validate(raw);
    if (!outcome.ok) {
      this.reject(outcome.hash, raw, outcome.reasons, origin, receivedAt);
      return { status: 'rejected', hash: outcome.hash, reasons: outcome.reasons };
    }
    return this.store(outcome.event, origin, receivedAt);
  }

  /** Stores an event that already passed validation (the receiver validates before queueing). */
  store(ev: ValidEvent, origin: EventSource, receivedAt: number): EventOutcome {
    const conflict = conflictOf(this.graph, ev);
    if (conflict) {
      this.reject(ev.hash, ev.raw, [conflict], origin, receivedAt);
      return { status: 'rejected', hash: ev.hash, reasons: [conflict] };
    }
    try {
      return this.db.transaction((): EventOutcome => {
        const inserted = this.s.insertEvent.run(
          ev.hash,
          ev.kind,
          ev.eventType,
          ev.eventTime,
          ev.runId,
          ev.job?.namespace ?? null,
          ev.job?.name ?? null,
          ev.producer,
          origin.source,
          origin.ref,
          receivedAt,
          JSON.stringify(ev.warnings),
          ev.rawText ?? JSON.stringify(ev.raw),
        );
        if (inserted.changes === 0) return { status: 'duplicate', hash: ev.hash, warnings: ev.warnings };
        projectEvent(this.graph, ev);
        return { status: 'accepted', hash: ev.hash, warnings: ev.warnings };
      })();
    } catch (error) {
      // A bug while projecting must not lose the event: it is kept, visibly, with the cause.
      const reasons = [{ code: 'internal_error', path: '', message: `Quorum failed to store this event: ${messageOf(error)}` }];
      this.reject(ev.hash, ev.raw, reasons, origin, receivedAt);
      return { status: 'rejected', hash: ev.hash, reasons };
    }
  }

  /** Records something that was refused, with why; `raw` is the parsed value or the text as received. */
  reject(hash: string | null, raw: unknown, reasons: ValidationIssue[], origin: EventSource, receivedAt: number): void {
    const text = typeof raw === 'string' ? raw : (JSON.stringify(raw) ?? String(raw));
    const kept =
      text.length > MAX_REJECTED_RAW_CHARS ? `${text.slice(0, MAX_REJECTED_RAW_CHARS)}\n[cut: ${text.length} characters received]` : text;
    this.s.upsertRejected.run(hash ?? sha256(text), origin.source, origin.ref, receivedAt, receivedAt, JSON.stringify(reasons), kept);
  }

  /** Marks the graph as changed, once per transaction. */
  touch(): void {
    this.graph.bump('generation');
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
