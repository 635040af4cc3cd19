import type { Database } from 'better-sqlite3';
import type { SyncCounts } from '@shared/domain/registry';
import { ingestSnapshot, type IngestSummary } from '../catalog/ingest';
import type { ExperimentRecord, ModelVersionRecord, RegisteredModelRecord, RunRecord } from '../catalog/records';
import type { SnapshotSink } from '../connectors/connector';

const MAX_WARNINGS = 50;

/**
 * Applies a connector's snapshot to the catalog as it streams in: every call is one
 * `ingestSnapshot` transaction (the same path the demo uses, so observed changes are kept
 * the same way), applied before the connector asks for the next page. A sync that fails
 * later keeps all of it.
 */
export class CatalogSink implements SnapshotSink {
  readonly counts: SyncCounts = { experiments: 0, runs: 0, models: 0, versions: 0, changes: 0, deleted: 0 };
  readonly warnings: string[] = [];
  currentPhase = 'starting';

  constructor(
    private readonly db: Database,
    private readonly connectionId: number,
    private readonly now: () => number,
    private readonly onProgress: (sink: CatalogSink) => void,
  ) {}

  /** Records fetched so far, for the progress bar. */
  get fetched(): number {
    return this.counts.experiments + this.counts.runs + this.counts.models + this.counts.versions;
  }

  phase(name: string): void {
    this.currentPhase = name;
    this.onProgress(this);
  }

  experiments(records: ExperimentRecord[]): void {
    this.apply({ experiments: records });
  }

  runs(records: RunRecord[]): void {
    this.apply({ runs: records });
  }

  registry(part: { models: RegisteredModelRecord[]; versions: ModelVersionRecord[]; complete: boolean }): void {
    // A version can only be stored under its model. One whose model is not in this listing
    // nor in the catalog (created between the two listings) waits for the next sync — and
    // while one waits, the listing is not complete enough to mark anything deleted.
    const names = new Set(part.models.map((m) => m.name));
    const known = this.db.prepare('SELECT 1 FROM registered_models WHERE connection_id = ? AND name = ?');
    const orphans = part.versions.filter((v) => !names.has(v.modelName) && known.get(this.connectionId, v.modelName) === undefined);
    const versions = orphans.length === 0 ? part.versions : part.versions.filter((v) => !orphans.includes(v));
    for (const v of orphans.slice(0, 3))
      this.warn(`${v.modelName} v${v.version} arrived before its model was listed; it comes with the next sync.`);
    this.apply({ models: part.models, versions, complete: part.complete && orphans.length === 0 });
  }

  warn(message: string): void {
    if (this.warnings.length < MAX_WARNINGS && !this.warnings.includes(message)) this.warnings.push(message);
  }

  private apply(part: {
    experiments?: ExperimentRecord[];
    runs?: RunRecord[];
    models?: RegisteredModelRecord[];
    versions?: ModelVersionRecord[];
    complete?: boolean;
  }): void {
    const summary: IngestSummary = ingestSnapshot(
      this.db,
      this.connectionId,
      {
        experiments: part.experiments ?? [],
        runs: part.runs ?? [],
        models: part.models ?? [],
        versions: part.versions ?? [],
        complete: part.complete ?? false,
      },
      this.now(),
    );
    this.counts.experiments += summary.experiments;
    this.counts.runs += summary.runs;
    this.counts.models += summary.models;
    this.counts.versions += summary.versions;
    this.counts.changes += summary.changes;
    this.counts.deleted += summary.deleted;
    this.onProgress(this);
  }
}
