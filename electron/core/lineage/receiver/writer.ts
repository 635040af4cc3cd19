import type { ValidationIssue } from '@shared/domain/lineage';
import type { LineageContext } from '../context';
import type { EventSource } from '../openlineage/ingest';
import type { ValidEvent } from '../openlineage/types';

/** One request's worth of work: valid events to store and invalid ones to record as rejected. */
export interface Submission {
  events: { index: number; event: ValidEvent }[];
  rejected: { index: number; hash: string | null; raw: unknown; reasons: ValidationIssue[] }[];
  origin: EventSource;
  receivedAt: number;
}

export interface SubmissionResult {
  accepted: number;
  duplicates: number;
  /** Events refused while storing (a runId already bound to another job), by position in the request. */
  rejected: { index: number; reasons: ValidationIssue[] }[];
  warnings: { index: number; issues: ValidationIssue[] }[];
}

export interface WriterOptions {
  /** Events (and rejections) waiting to be written; beyond it submissions are refused (HTTP 503). */
  maxPending: number;
  /** Events written per transaction. */
  maxBatch: number;
  /** Waits this long before each write, as a slow disk would; for tests of back-pressure. */
  delayMs?: number;
}

export interface WriterStats {
  pending: number;
  maxPendingSeen: number;
  committed: number;
  transactions: number;
  refused: number;
}

interface Queued {
  submission: Submission;
  size: number;
  resolve: (result: SubmissionResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit with a bounded queue. A request is answered only after the transaction holding
 * its events has committed, so "accepted" (201) always means "stored": nothing accepted can be
 * lost to a crash. Many requests share one transaction, which is what makes thousands of
 * events per second possible on SQLite. When the queue is full the submission is refused at
 * once and the receiver answers 503 with Retry-After.
 */
export class LineageWriter {
  private readonly queue: Queued[] = [];
  private pending = 0;
  private scheduled = false;
  private idle: (() => void)[] = [];
  private closed = false;
  private readonly stats: WriterStats = { pending: 0, maxPendingSeen: 0, committed: 0, transactions: 0, refused: 0 };

  constructor(
    private readonly ctx: LineageContext,
    private readonly options: WriterOptions,
  ) {}

  /** Queues the submission, or returns null when there is no room for it now. */
  trySubmit(submission: Submission): Promise<SubmissionResult> | null {
    // After close() the database may be gone: the client is told to retry (503), not "accepted".
    if (this.closed) {
      this.stats.refused++;
      return null;
    }
    const size = Math.max(1, submission.events.length + submission.rejected.length);
    if (this.pending + size > this.options.maxPending) {
      this.stats.refused++;
      return null;
    }
    this.pending += size;
    this.stats.maxPendingSeen = Math.max(this.stats.maxPendingSeen, this.pending);
    const promise = new Promise<SubmissionResult>((resolve, reject) => this.queue.push({ submission, size, resolve, reject }));
    this.schedule();
    return promise;
  }

  get isFull(): boolean {
    return this.pending >= this.options.maxPending;
  }

  snapshot(): WriterStats {
    return { ...this.stats, pending: this.pending };
  }

  /** Resolves once everything queued so far has been written. */
  drained(): Promise<void> {
    if (this.closed || (this.queue.length === 0 && !this.scheduled)) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /**
   * Writes everything queued now, synchronously, and refuses what comes later. For a host that
   * is about to close the database in the same tick (Core.close() is synchronous): every request
   * queued so far still gets its answer from a committed transaction.
   */
  closeAndFlush(): void {
    this.closed = true;
    while (this.queue.length > 0) this.writeBatch();
    for (const done of this.idle.splice(0)) done();
  }

  private schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      if (this.closed) return;
      this.writeBatch();
      if (this.queue.length > 0) this.schedule();
      else for (const done of this.idle.splice(0)) done();
    };
    // setImmediate lets every request already read in this turn of the event loop join the batch.
    if (this.options.delayMs) setTimeout(run, this.options.delayMs);
    else setImmediate(run);
  }

  private writeBatch(): void {
    const batch: Queued[] = [];
    let events = 0;
    while (this.queue.length > 0 && (batch.length === 0 || events + (this.queue[0]?.size ?? 0) <= this.options.maxBatch)) {
      const next = this.queue.shift();
      if (!next) break;
      batch.push(next);
      events += next.size;
    }
    const { ingestor, db } = this.ctx;
    let results: SubmissionResult[];
    try {
      results = db.transaction(() => {
        const out = batch.map(({ submission }) => {
          const result: SubmissionResult = { accepted: 0, duplicates: 0, rejected: [], warnings: [] };
          for (const r of submission.rejected) ingestor.reject(r.hash, r.raw, r.reasons, submission.origin, submission.receivedAt);
          for (const { index, event } of submission.events) {
            const outcome = ingestor.store(event, submission.origin, submission.receivedAt);
            if (outcome.status === 'rejected') result.rejected.push({ index, reasons: outcome.reasons });
            else {
              if (outcome.status === 'accepted') result.accepted++;
              else result.duplicates++;
              if (outcome.warnings.length > 0) result.warnings.push({ index, issues: outcome.warnings });
            }
          }
          return result;
        });
        if (out.some((r) => r.accepted > 0)) ingestor.touch();
        return out;
      })();
    } catch (error) {
      // The transaction rolled back: nothing in it was stored, so nobody in it is told "accepted".
      for (const item of batch) {
        this.pending -= item.size;
        item.reject(error);
      }
      return;
    }
    this.stats.transactions++;
    batch.forEach((item, i) => {
      this.pending -= item.size;
      const result = results[i] as SubmissionResult;
      this.stats.committed += result.accepted;
      item.resolve(result);
    });
    if (results.some((r) => r.accepted > 0)) this.ctx.announce();
  }
}
