import type { Envelope, OperationInput, OperationName, OperationOutput } from '@shared/contract';
import type { Clock } from '../../../electron/core/connectors/http/clock';
import { createCore, type Core } from '../../../electron/core/create-core';
import type { ConnectorRuntimeOptions } from '../../../electron/core/registry/connectors';
import { FileSecretStore } from '../../../electron/core/secrets/file-secret-store';
import { makeTempDir } from '../../helpers/temp';

/** A clock whose sleeps return at once and are recorded, so backoff and Retry-After are checked without waiting. */
export interface FakeClock extends Clock {
  readonly sleeps: number[];
}

export function fakeClock(now: () => number = Date.now): FakeClock {
  const sleeps: number[] = [];
  return {
    sleeps,
    now,
    random: () => 0.5,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
    },
  };
}

export interface Workspace {
  readonly core: Core;
  readonly dir: string;
  readonly clock: FakeClock;
  readonly env: NodeJS.ProcessEnv;
  call<K extends OperationName>(operation: K, input: OperationInput<K>): Promise<OperationOutput<K>>;
  /** The error envelope of a call expected to fail. */
  fail<K extends OperationName>(
    operation: K,
    input: OperationInput<K>,
  ): Promise<{ code: string; message: string; details?: Record<string, unknown> }>;
  close(): void;
}

/**
 * A real core on a temporary data directory, with the registry's HTTP clock faked (no real
 * waiting on retries), short timeouts, and an environment of the test's own.
 */
export function openWorkspace(
  options: { env?: NodeJS.ProcessEnv; connectors?: ConnectorRuntimeOptions; dataDir?: string } = {},
): Workspace {
  const dir = options.dataDir ?? makeTempDir('quorum-registry-');
  const clock = fakeClock();
  const env = options.env ?? {};
  const core = createCore({
    dataDir: dir,
    validateOutput: true,
    reportInternalError: (operation, error) => {
      throw new Error(`internal error in ${operation}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    },
    registry: {
      secrets: new FileSecretStore(dir),
      env,
      connectors: { clock, timeoutMs: 2_000, retry: { maxRetries: 2 }, ...options.connectors },
    },
  });
  const dispatch = async <K extends OperationName>(operation: K, input: OperationInput<K>) =>
    (await core.dispatch(operation, input)) as Envelope<OperationOutput<K>>;
  return {
    core,
    dir,
    clock,
    env,
    call: async (operation, input) => {
      const envelope = await dispatch(operation, input);
      if (!envelope.ok) throw new Error(`${operation} failed: ${envelope.error.code} ${envelope.error.message}`);
      return envelope.data;
    },
    fail: async (operation, input) => {
      const envelope = await dispatch(operation, input);
      if (envelope.ok) throw new Error(`${operation} was expected to fail but answered ${JSON.stringify(envelope.data)}`);
      return envelope.error;
    },
    close: () => core.close(),
  };
}

/** Adds an MLflow connection (no test) and syncs it to the end. */
export async function connectAndSync(
  ws: Workspace,
  name: string,
  url: string,
  extra: Partial<OperationInput<'connections.add'>> = {},
): Promise<OperationOutput<'sync.start'>> {
  await ws.call('connections.add', { name, kind: 'mlflow', url, test: false, ...extra });
  return ws.call('sync.start', { connection: name, wait: true });
}
