import { parentPort } from 'node:worker_threads';
import { DriftInputError } from './errors';
import { analyzeNumeric } from './feature';
import type { LoadOptions } from './input/load';
import type { NumericTask, WorkerReply } from './parallel';
import type { Table } from './types';

/**
 * Worker-thread entry. Two jobs: analyze one numeric feature (samples arrive as
 * transferred buffers, only the small result goes back), or read one input file (its
 * typed columns go back transferred).
 */
type Message = { kind: 'feature'; id: number; task: NumericTask } | { kind: 'load'; path: string; options: LoadOptions };

parentPort?.on('message', (message: Message) => {
  if (message.kind === 'feature') {
    const { id, task } = message;
    let reply: WorkerReply;
    try {
      reply = { id, result: analyzeNumeric(task.spec, task.ref, task.cur, task.refCounts, task.curCounts) };
    } catch (error) {
      reply = { id, error: error instanceof Error ? error.message : String(error) };
    }
    parentPort?.postMessage(reply);
    return;
  }
  // The readers (csv-parse, hyparquet) load only in workers that read files.
  import('./input/load')
    .then(({ loadTable }) => loadTable(message.path, message.options))
    .then(
      (table) => parentPort?.postMessage({ table }, transferables(table)),
      (error: unknown) =>
        parentPort?.postMessage({
          error: error instanceof Error ? error.message : String(error),
          details: error instanceof DriftInputError ? error.details : {},
          input: error instanceof DriftInputError,
        }),
    );
});

function transferables(table: Table): ArrayBuffer[] {
  return table.columns.map((c) => (c.type === 'numeric' ? c.values.buffer : c.codes.buffer) as ArrayBuffer);
}
