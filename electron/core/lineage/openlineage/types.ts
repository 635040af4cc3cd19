import type { ValidationIssue } from '@shared/domain/lineage';

export type JsonObject = Record<string, unknown>;

export const RUN_EVENT_TYPES = ['START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER'] as const;
export type RunEventType = (typeof RUN_EVENT_TYPES)[number];

export type EventKind = 'run' | 'job' | 'dataset';

export interface DatasetRef {
  namespace: string;
  name: string;
  facets: JsonObject;
  /** inputFacets or outputFacets: what this run saw of the dataset (statistics, assertions). */
  ioFacets: JsonObject;
}

export interface JobRef {
  namespace: string;
  name: string;
  facets: JsonObject;
}

/** An event that passed validation (possibly with warnings), with the fields the graph needs. */
export interface ValidEvent {
  raw: JsonObject;
  /** The event exactly as received, when it arrived as its own document; stored verbatim. */
  rawText?: string;
  hash: string;
  kind: EventKind;
  eventType: RunEventType | null;
  eventTime: number;
  producer: string | null;
  runId: string | null;
  runFacets: JsonObject;
  job: JobRef | null;
  dataset: DatasetRef | null;
  inputs: DatasetRef[];
  outputs: DatasetRef[];
  warnings: ValidationIssue[];
}

export type ValidationOutcome = { ok: true; event: ValidEvent } | { ok: false; hash: string; reasons: ValidationIssue[] };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}
