import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { analyzeNumeric, type FeatureSpec, type SampleCounts } from './feature';
import type { FeatureDrift } from './types';

export interface NumericTask {
  spec: FeatureSpec;
  ref: Float64Array;
  cur: Float64Array;
  refCounts: SampleCounts;
  curCounts: SampleCounts;
}

export type WorkerReply = { id: number; result: FeatureDrift } | { id: number; error: string };

export class DriftCancelledError extends Error {
  constructor() {
    super('Drift computation was cancelled.');
    this.name = 'DriftCancelledError';
  }
}

export interface RunOptions {
  workers: number;
  /** The calling thread takes tasks too (see DriftOptions.useCallingThread). */
  useCallingThread?: boolean;
  signal?: AbortSignal;
  onDone?: (result: FeatureDrift) => void;
}

/** Runs tasks on the calling thread; used for small inputs and where no worker can start. */
export async function runInProcess(tasks: readonly NumericTask[], options: Omit<RunOptions, 'workers'>): Promise<FeatureDrift[]> {
  const results: FeatureDrift[] = [];
  for (const task of tasks) {
    if (options.signal?.aborted) throw new DriftCancelledError();
    const result = analyzeNumeric(task.spec, task.ref, task.cur, task.refCounts, task.curCounts);
    results.push(result);
    options.onDone?.(result);
    // Yield so an abort or a progress listener gets a turn between features.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return results;
}

/**
 * Spreads tasks over worker threads, largest first, each worker pulling the next task when
 * it finishes. Results come back in task order. Abort terminates the workers at once.
 */
export async function runInWorkers(tasks: readonly NumericTask[], options: RunOptions): Promise<FeatureDrift[]> {
  const factory = workerFactory();
  if (!factory || tasks.length === 0) return runInProcess(tasks, options);
  if (options.signal?.aborted) throw new DriftCancelledError();
  const order = tasks
    .map((task, index) => ({ task, index }))
    .sort((a, b) => b.task.ref.length + b.task.cur.length - (a.task.ref.length + a.task.cur.length));
  const results: (FeatureDrift | undefined)[] = new Array(tasks.length);
  const pool = acquireWorkers(factory, Math.max(1, Math.min(options.workers, tasks.length)));
  let next = 0;
  let remaining = tasks.length;

  return new Promise<FeatureDrift[]>((resolve, reject) => {
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      // Workers still busy (abort, failure) are ended; idle ones wait for the next run.
      if (error) for (const worker of pool) void worker.terminate();
      else releaseWorkers(pool);
      if (error) reject(error);
      else resolve(results as FeatureDrift[]);
    };
    const onAbort = (): void => finish(new DriftCancelledError());
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const feed = (worker: Worker): void => {
      const item = order[next++];
      if (!item) return;
      const { task } = item;
      worker.postMessage({ kind: 'feature', id: item.index, task }, [task.ref.buffer as ArrayBuffer, task.cur.buffer as ArrayBuffer]);
    };
    // The calling thread works through the queue from the small end, one task per turn of
    // the event loop, so worker replies are still handled between its tasks.
    const helpOnce = (): void => {
      if (settled || next >= order.length) return;
      const item = order[order.length - 1];
      if (!item) return;
      order.pop();
      try {
        const { task } = item;
        results[item.index] = analyzeNumeric(task.spec, task.ref, task.cur, task.refCounts, task.curCounts);
        options.onDone?.(results[item.index] as FeatureDrift);
      } catch (error) {
        return finish(error instanceof Error ? error : new Error(String(error)));
      }
      remaining -= 1;
      if (remaining === 0) finish();
      else setImmediate(helpOnce);
    };
    if (options.useCallingThread) setImmediate(helpOnce);
    for (const worker of pool) {
      worker.on('message', (reply: WorkerReply) => {
        if (settled) return;
        if ('error' in reply) return finish(new Error(`Drift worker failed on a feature: ${reply.error}`));
        results[reply.id] = reply.result;
        options.onDone?.(reply.result);
        remaining -= 1;
        if (remaining === 0) finish();
        else feed(worker);
      });
      worker.on('error', (error) => finish(error));
      worker.on('exit', (code) => {
        if (!settled) finish(new Error(`Drift worker exited with code ${code}.`));
      });
      feed(worker);
    }
  });
}

/*
 * Started workers are kept for the next run: starting one (and, from sources, its
 * TypeScript loader) costs a few hundred milliseconds. Idle workers are unref'd so they
 * never keep the process alive.
 */
const idleWorkers: Worker[] = [];

export function acquireWorkers(factory: () => Worker, count: number): Worker[] {
  const workers = idleWorkers.splice(0, count);
  while (workers.length < count) {
    const worker = factory();
    // A worker that dies while idle leaves the pool.
    worker.on('exit', () => {
      const at = idleWorkers.indexOf(worker);
      if (at >= 0) idleWorkers.splice(at, 1);
    });
    workers.push(worker);
  }
  for (const worker of workers) worker.ref();
  return workers;
}

/** Starts workers now so they boot while the caller prepares the data. */
export function warmWorkers(count: number): void {
  const factory = workerFactory();
  if (!factory) return;
  const missing = count - idleWorkers.length;
  if (missing > 0) releaseWorkers(acquireWorkers(factory, missing));
}

export function releaseWorkers(workers: readonly Worker[]): void {
  for (const worker of workers) {
    worker.removeAllListeners('message');
    worker.removeAllListeners('error');
    worker.removeAllListeners('exit');
    worker.on('exit', () => {
      const at = idleWorkers.indexOf(worker);
      if (at >= 0) idleWorkers.splice(at, 1);
    });
    worker.unref();
    idleWorkers.push(worker);
  }
}

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

/**
 * How to start a worker in this build. From TypeScript sources (tests, `tsx`), the worker
 * bootstraps tsx's loader first; from a bundle, it runs `drift-worker.js` beside the bundle
 * when the build emitted one. Otherwise null: the engine then runs on the calling thread.
 */
let cachedFactory: (() => Worker) | null | undefined;
export function workerFactory(): (() => Worker) | null {
  if (cachedFactory !== undefined) return cachedFactory;
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    let loader: string | null = null;
    try {
      loader = import.meta.resolve('tsx/esm/api');
    } catch {
      loader = null;
    }
    const entry = new URL('./worker.ts', here).href;
    cachedFactory = loader
      ? () =>
          new Worker(`import(${JSON.stringify(loader)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`, {
            eval: true,
          })
      : null;
    return cachedFactory;
  }
  // The bundler may have moved this code into out/main/chunks/; the worker entry is out/main/drift-worker.js.
  const bundled = [new URL('./drift-worker.js', here), new URL('../drift-worker.js', here)].find((url) => existsSync(fileURLToPath(url)));
  cachedFactory = bundled ? () => new Worker(bundled) : null;
  return cachedFactory;
}
