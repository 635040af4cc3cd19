import type { ConnectionTest, SyncMode } from '@shared/domain/registry';
import type { ExperimentRecord, MetricRecord, ModelVersionRecord, RegisteredModelRecord, RunRecord } from '../catalog/records';
import type { HttpFailure } from './http/errors';

/**
 * The seam between Quorum and a model registry. MLflow implements it today; SageMaker Model
 * Registry, Weights & Biases or Kubeflow Model Registry would be siblings in
 * `connectors/<kind>/`, each turning its own API into the catalog records of
 * `catalog/records.ts`. The sync service, the scheduler, the write-back gate and the screens
 * only ever see this interface.
 *
 * A connector:
 * - tests a connection: reachability, authentication, server version and optional features;
 * - streams a snapshot (full or incremental) into a sink, page by page, so a big registry is
 *   never held in memory and whatever arrived before a failure is kept;
 * - reads one metric's history on demand (charts);
 * - writes back governance state (version tags, aliases) when the connection allows it.
 *
 * Every method takes an AbortSignal and rejects with an HttpFailure whose `kind` and message
 * say what went wrong (see http/errors.ts); a connector never throws raw transport errors.
 *
 * How the siblings would map (not built):
 * - SageMaker: model package groups → models, model packages → versions (ModelApprovalStatus
 *   as stage), training jobs → runs; aliases via tags; `LastModifiedTime` for incremental.
 * - W&B: registered models / collections → models, artifact versions → versions, artifact
 *   aliases → aliases, the producing run → run.
 * - Kubeflow Model Registry: RegisteredModel / ModelVersion / ModelArtifact as is; custom
 *   properties → tags.
 */
export interface RegistryConnector {
  readonly kind: string;

  /** Never rejects for a backend problem: the result carries it. Rejects only when cancelled. */
  test(signal: AbortSignal): Promise<ConnectionTest>;

  /**
   * Streams one look at the registry into `sink`. Resolves with what was complete; rejects
   * (with HttpFailure) only for failures that affect every request — DNS, refused, TLS, auth,
   * cancellation — after delivering whatever came before.
   */
  snapshot(request: SnapshotRequest, sink: SnapshotSink, signal: AbortSignal): Promise<SnapshotOutcome>;

  /** The full history of one metric of one run, oldest step first. */
  metricHistory(runId: string, key: string, signal: AbortSignal): Promise<MetricRecord[]>;

  readonly writeBack: RegistryWriteBack;

  /** Releases sockets. The connector is not used afterwards. */
  close(): Promise<void>;
}

/** Governance state a connector can write to its registry. Idempotent, like MLflow's own calls. */
export interface RegistryWriteBack {
  setVersionTag(target: VersionRef, key: string, value: string, signal: AbortSignal): Promise<void>;
  deleteVersionTag(target: VersionRef, key: string, signal: AbortSignal): Promise<void>;
  /** Sets the alias, or moves it here from the version that held it. */
  setAlias(model: string, alias: string, version: number, signal: AbortSignal): Promise<void>;
  deleteAlias(model: string, alias: string, signal: AbortSignal): Promise<void>;
}

export interface VersionRef {
  readonly model: string;
  readonly version: number;
}

export interface SnapshotRequest {
  readonly mode: SyncMode;
  /** What this connector returned as `cursor` after the last complete sync; null the first time. */
  readonly cursor: unknown;
  /** What the catalog already holds, so an incremental snapshot fetches only what is missing. */
  readonly known: KnownCatalog;
}

export interface KnownCatalog {
  hasRun(runId: string): boolean;
  /** Runs last seen RUNNING or SCHEDULED: an incremental sync re-reads them. */
  openRunIds(): readonly string[];
  /** Models and versions the catalog holds as present: a complete listing that lacks one reports it deleted. */
  modelNames(): readonly string[];
  versionKeys(): readonly VersionRef[];
}

/**
 * Where a snapshot goes. Each call is applied (one transaction) before the next page is
 * requested; a failure later in the snapshot does not undo it.
 */
export interface SnapshotSink {
  /** Names the part now being fetched, for progress ("runs", "models"). */
  phase(name: string): void;
  experiments(records: ExperimentRecord[]): void;
  runs(records: RunRecord[]): void;
  /**
   * Models and versions, delivered together because versions belong to models. `complete`
   * means both listings were read to the end, so anything the catalog holds and the listing
   * lacks was deleted on the server; a partial listing never marks anything deleted.
   */
  registry(part: { models: RegisteredModelRecord[]; versions: ModelVersionRecord[]; complete: boolean }): void;
  /** Something a person should know that did not stop the sync (a version whose run was deleted). */
  warn(message: string): void;
}

export interface SnapshotOutcome {
  /** Every part was fetched; the cursor may be stored and the next sync can be incremental. */
  readonly complete: boolean;
  /** Opaque to everyone but this connector; stored only when `complete`. */
  readonly cursor: unknown;
  /** Parts that failed (a page that never came right); the rest was delivered. */
  readonly failures: readonly HttpFailure[];
}
