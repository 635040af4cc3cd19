import { DriftInputError } from './errors';
import { computeDrift } from './engine';
import { loadPair } from './input/load';
import { DriftCancelledError } from './parallel';
import type { ColumnType, DatasetDriftResult, DriftOptions, DriftProgress } from './types';

/** Everything `quorum drift` and `drift.compute` need besides where to store the result. */
export interface FileDriftRequest {
  reference: string;
  current: string;
  columnTypes?: Readonly<Record<string, ColumnType>>;
  options?: Omit<DriftOptions, 'signal' | 'onProgress'>;
  signal?: AbortSignal;
  /** The calling thread works too (CLI); keep false where the thread must stay responsive. */
  useCallingThread?: boolean;
  onProgress?: (progress: DriftProgress & { stage: 'load' | 'compute' }) => void;
}

/**
 * Reads both files (in parallel for large ones) and computes drift. The single path shared
 * by the CLI and the `drift.compute` operation, so both give the same numbers.
 */
export async function driftFromFiles(request: FileDriftRequest): Promise<DatasetDriftResult> {
  request.onProgress?.({ stage: 'load', done: 0, total: 2, feature: null });
  const [reference, current] = await loadPair(request.reference, request.current, {
    ...(request.columnTypes ? { columnTypes: request.columnTypes } : {}),
  });
  if (request.signal?.aborted) throw new DriftCancelledError();
  request.onProgress?.({ stage: 'load', done: 2, total: 2, feature: null });
  return computeDrift(reference, current, {
    ...request.options,
    ...(request.signal ? { signal: request.signal } : {}),
    useCallingThread: request.useCallingThread === true,
    onProgress: (p) => request.onProgress?.({ ...p, stage: 'compute' }),
  });
}

export { DriftInputError, DriftCancelledError };
