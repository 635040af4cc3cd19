import type { monitoringOperations } from '@shared/contract/monitoring.contract';
import type { Handlers } from '../rpc/handler';
import type { MonitoringService } from './service';

/** The monitoring operations of the contract, over one workspace's MonitoringService. */
export function monitoringHandlers(monitoring: MonitoringService): Pick<Handlers, keyof typeof monitoringOperations> {
  return {
    'monitoring.queries.get': ({ connection, model }) => monitoring.getQueries(connection, model),
    'monitoring.queries.set': (input) => monitoring.setQueries(input),
    'monitoring.query': (input, { signal }) => monitoring.query(input, signal),
    'monitoring.poll': (input, { signal }) => monitoring.poll(input, signal),
    'monitoring.alerts': (input, { signal }) => monitoring.alerts(input, signal),
  };
}
