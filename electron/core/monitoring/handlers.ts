import type { monitoringOperations } from '@shared/contract/monitoring.contract';
import type { Handlers } from '../rpc/handler';
import type { Monitoring } from './runtime';

/** The monitoring operations of the contract, over one workspace's monitoring. */
export function monitoringHandlers({ service, scheduler }: Monitoring): Pick<Handlers, keyof typeof monitoringOperations> {
  return {
    'monitoring.queries.get': ({ connection, model }) => service.getQueries(connection, model),
    'monitoring.queries.set': (input) => service.setQueries(input),
    'monitoring.queries.test': (input, { signal }) => service.testTemplate(input, signal),
    'monitoring.query': (input, { signal }) => service.query(input, signal),
    'monitoring.poll': (input, { signal }) => service.poll(input, signal),
    'monitoring.status': ({ connection }) => scheduler.status(connection),
    'monitoring.alerts': (input, { signal }) => service.alerts(input, signal),
  };
}
