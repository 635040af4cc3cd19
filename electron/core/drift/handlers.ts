import type { Database } from 'better-sqlite3';
import type { driftOperations } from '@shared/contract/drift.contract';
import { QuorumError } from '../errors';
import type { Handlers } from '../rpc/handler';
import type { CoreServices } from '../services';
import { crossingNotification, onDriftCrossing } from './crossings';
import { DriftInputError } from './errors';
import { DriftCancelledError } from './parallel';
import { driftOverview } from './overview';
import { driftFromFiles } from './service';
import { listRuns, saveRun } from './store';

type DriftHandlers = Pick<Handlers, keyof typeof driftOperations>;

let jobCounter = 0;

/** drift.compute (read, compute, store when attached to a model version), drift.results and drift.overview. */
export function driftHandlers(services: CoreServices): DriftHandlers {
  const { db } = services.store;
  // Every stored result goes through saveRun, the engine's here and monitoring's polls alike;
  // a new threshold crossing among them becomes a notification for every window.
  onDriftCrossing(db, (event) => services.events.emit('notification', crossingNotification(event)));
  return {
    'drift.compute': async (input, { signal }) => {
      const model = input.model ? resolveModel(db, input.model) : null;
      const jobId = `drift-${services.now()}-${++jobCounter}`;
      const label = `Drift: ${input.current}`;
      const emit = (state: 'running' | 'done' | 'failed' | 'cancelled', done: number, total: number | null, message: string | null): void =>
        services.events.emit('job.progress', { jobId, kind: 'drift', label, done, total, state, message });
      let result;
      try {
        result = await driftFromFiles({
          reference: input.reference,
          current: input.current,
          ...(input.columnTypes ? { columnTypes: input.columnTypes } : {}),
          options: {
            ...(input.columns ? { columns: input.columns } : {}),
            ...(input.method ? { method: input.method } : {}),
            ...(input.methods ? { methods: input.methods } : {}),
            ...(input.threshold !== undefined ? { threshold: input.threshold } : {}),
            ...(input.thresholds ? { thresholds: input.thresholds } : {}),
            ...(input.correction ? { correction: input.correction } : {}),
            ...(input.driftShare !== undefined ? { driftShare: input.driftShare } : {}),
            ...(input.additionalMethods ? { additionalMethods: input.additionalMethods } : {}),
          },
          signal,
          onProgress: (p) => emit('running', p.done, p.total, p.stage === 'load' ? 'Reading files' : p.feature),
        });
      } catch (error) {
        emit(error instanceof DriftCancelledError ? 'cancelled' : 'failed', 0, null, error instanceof Error ? error.message : null);
        throw toQuorumError(error);
      }
      emit('done', result.features.length, result.features.length, null);
      if (!model) return { runId: null, result };
      const now = services.now();
      const runId = saveRun(db, result, {
        source: 'engine',
        connection: model.connection,
        model: model.name,
        version: model.version,
        windowStart: input.windowStart ?? null,
        windowEnd: input.windowEnd ?? now,
        computedAt: now,
      });
      services.events.emit('data.changed', { topics: ['drift'] });
      return { runId, result };
    },
    'drift.results': (filter) => listRuns(db, filter),
    'drift.overview': (input) => driftOverview(db, input),
  };
}

/** The catalog's model version a result attaches to; its connection when the name is ambiguous. */
function resolveModel(
  db: Database,
  model: { name: string; version: number; connection?: string },
): { name: string; version: number; connection: string } {
  const rows = db
    .prepare(
      `SELECT c.name AS connection FROM model_versions v JOIN connections c ON c.id = v.connection_id
       WHERE v.model_name = ? AND v.version = ? ${model.connection ? 'AND c.name = ?' : ''}`,
    )
    .all(...[model.name, model.version, ...(model.connection ? [model.connection] : [])]) as { connection: string }[];
  const label = `${model.name}@${model.version}`;
  if (rows.length === 0) {
    throw new QuorumError(
      'not_found',
      `No model version ${label} in this workspace${model.connection ? ` (connection "${model.connection}")` : ''}. Sync its registry first (\`quorum sync\`).`,
      {
        model: model.name,
        version: model.version,
      },
    );
  }
  if (rows.length > 1) {
    throw new QuorumError(
      'conflict',
      `${label} exists in several connections (${rows.map((r) => r.connection).join(', ')}); name the connection.`,
      {
        connections: rows.map((r) => r.connection),
      },
    );
  }
  return { name: model.name, version: model.version, connection: (rows[0] as { connection: string }).connection };
}

export function toQuorumError(error: unknown): unknown {
  if (error instanceof DriftInputError) return new QuorumError('invalid_input', error.message, error.details);
  if (error instanceof DriftCancelledError) return new QuorumError('cancelled', error.message);
  return error;
}
