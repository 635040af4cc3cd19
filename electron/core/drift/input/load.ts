import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { DriftInputError } from '../errors';
import { acquireWorkers, releaseWorkers, workerFactory } from '../parallel';
import type { ColumnType, Table } from '../types';
import { readCsv } from './csv';
import { readParquet } from './parquet';

export interface LoadOptions {
  columnTypes?: Readonly<Record<string, ColumnType>>;
  /** Hash the file's bytes (default true); only the reference's digest is recorded. */
  digest?: boolean;
}

export type InputFormat = 'csv' | 'parquet';

export function formatOf(path: string): InputFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  if (ext === '.csv' || ext === '.txt' || ext === '') return 'csv';
  throw new DriftInputError(`${path}: unsupported file type "${ext}". Use a .csv or .parquet file.`, { file: path });
}

/** Reads one CSV or Parquet file into typed columns on the calling thread. */
export async function loadTable(path: string, options: LoadOptions = {}): Promise<Table> {
  return formatOf(path) === 'parquet' ? readParquet(path, options) : readCsv(path, options);
}

/** Files above this size are read on worker threads, both at once. */
export const PARALLEL_LOAD_MIN_BYTES = 16 * 1024 * 1024;

/**
 * Reads the reference and the current file. Large files are read concurrently on two
 * worker threads (one per core); their columns come back as transferred buffers.
 */
export async function loadPair(referencePath: string, currentPath: string, options: LoadOptions = {}): Promise<[Table, Table]> {
  formatOf(referencePath);
  formatOf(currentPath);
  const [refSize, curSize] = await Promise.all([sizeOf(referencePath), sizeOf(currentPath)]);
  const factory = workerFactory();
  const refOptions = { ...options, digest: true };
  const curOptions = { ...options, digest: false };
  if (!factory || refSize + curSize < PARALLEL_LOAD_MIN_BYTES) {
    return [await loadTable(referencePath, refOptions), await loadTable(currentPath, curOptions)];
  }
  return Promise.all([loadInWorker(factory, referencePath, refOptions), loadInWorker(factory, currentPath, curOptions)]);
}

async function sizeOf(path: string): Promise<number> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw new DriftInputError(`${path} is a directory, not a data file.`, { file: path });
    return s.size;
  } catch (error) {
    if (error instanceof DriftInputError) throw error;
    if ((error as { code?: string }).code === 'ENOENT') throw new DriftInputError(`${path}: no such file.`, { file: path });
    throw error;
  }
}

type LoadReply = { table: Table } | { error: string; details: Record<string, unknown>; input: boolean };

function loadInWorker(factory: NonNullable<ReturnType<typeof workerFactory>>, path: string, options: LoadOptions): Promise<Table> {
  const [worker] = acquireWorkers(factory, 1);
  if (!worker) return loadTable(path, options);
  return new Promise<Table>((resolve, reject) => {
    worker.once('message', (reply: LoadReply) => {
      releaseWorkers([worker]);
      if ('table' in reply) resolve(reply.table);
      else reject(reply.input ? new DriftInputError(reply.error, reply.details) : new Error(reply.error));
    });
    worker.once('error', (error) => {
      void worker.terminate();
      reject(error);
    });
    worker.postMessage({ kind: 'load', path, options });
  });
}
