import type { registryOperations } from '@shared/contract/registry.contract';
import type { Handlers } from '../rpc/handler';
import type { Registry } from './runtime';

/** The registry operations of the contract, over one workspace's Registry. */
export function registryHandlers(registry: Registry): Pick<Handlers, keyof typeof registryOperations> {
  return {
    'connections.add': (input, { signal }) => registry.connections.add(input, signal),
    'connections.get': ({ name }) => registry.connections.get(name),
    'connections.test': (input, { signal }) =>
      'name' in input ? registry.connections.testStored(input.name, signal) : registry.connections.testDraft(input, signal),
    'connections.update': (input) => registry.connections.update(input),
    'connections.remove': ({ name }) => registry.connections.remove(name),
    'sync.start': async ({ connection, full, wait }, { signal }) => {
      const job = registry.sync.start({ ...(connection ? { connection } : {}), full });
      if (!wait) return { jobId: job.id, results: null };
      // A caller that waits and goes away (closed window, Ctrl+C) takes its sync with it.
      const onAbort = () => registry.sync.cancel(job.id);
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        return { jobId: job.id, results: await job.done };
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    },
    'sync.cancel': ({ jobId }) => ({ cancelled: registry.sync.cancel(jobId) }),
    'metrics.history': (input, { signal }) => registry.metricHistory(input, signal),
  };
}
